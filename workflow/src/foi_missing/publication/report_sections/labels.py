"""One label table for everything a reader sees: statuses, cohorts, measures, statistics,
checks, nations, and the small prose helpers (plurals, thousands separators).

Internal names (statistic ids, status codes, rule names, config keys) stay in the
CSV files; a page shows their label. :func:`internal_terms` finds any that slipped
into reader-facing text (the tests run it over every page).
"""

from __future__ import annotations

import re

from foi_missing.core.vocabulary import STATUS_LABELS, STATUSES
from foi_missing.statistics.compute import count_text
from foi_missing.statistics.registry import STATISTICS

COHORTS = ("trafficked", "uasc", "combined")


COHORT_WORDS = {
    "trafficked": "Trafficked children",
    "uasc": "Unaccompanied (UASC) children",
    "combined": "Both cohorts",
    "overlap": "Unaccompanied children also trafficked",
}
COHORT_NOUNS = {  # inside a sentence
    "trafficked": "trafficked children",
    "uasc": "unaccompanied asylum-seeking children",
    "combined": "trafficked and unaccompanied children together",
    "overlap": "unaccompanied children also identified or suspected as trafficked",
}
# A question's measure (the round spec's) in words; statistics have their label in the
# statistic registry (foi_missing/statistics/registry.csv).
MEASURE_WORDS = {
    "in_care": "in care",
    "went_missing": "who went missing",
    "missing_episodes": "missing episodes",
    "not_found": "not found (still missing at reply)",
}

# Checks (qa.csv's rule) in words.
RULE_LABELS = {
    "unparsed_answer": "Answer awaiting manual coding",
    "unreadable_reply": "Reply file could not be read",
    "went_missing_exceeds_in_care": "More children went missing than were in care",
    "not_found_exceeds_went_missing": "More children not found than went missing",
    "episodes_below_went_missing": "Fewer missing episodes than children who went missing",
    "other_period": "Figure for another period",
    "late_reply_excluded": "Reply after the cut-off (not counted)",
    "superseded_reply": "Reply replaced by a later one",
    "combined_cohorts": "One figure for both cohorts",
    "manual_disagrees_with_auto": "Manual coding differs from the reader's",
    "fewer_than_dfe_snapshot": "Fewer unaccompanied children than DfE's count on 31 March",
    "named_by_succession": "Authority named by its successor",
    "reply_not_in_log": "Reply file not in the request log",
    "reply_not_attributed": "Reply not attributed to an authority",
    "request_log_problem": "Problem in the request log",
    "replies_unresolved": "Two replies the log does not resolve",
    "qualified_answer": "Figure qualified by the council (another period or population)",
    "reply_outside_round": "Reply outside the round",
    "no_answers_found": "No answers found in the reply",
}
SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Note"}

RATE_DENOMINATORS = {
    "all_reporting_in_care": "every authority that gave the cohort's in-care number",
    "matched": "the authorities that gave both the in-care and the went-missing number",
}

# Links every page and table carries (the files sit beside the reports in docs/report/).
WORKBOOK = "tables.xlsx"


def plural(count: float, singular: str, plural_form: str | None = None) -> str:
    """"1 authority", "2 authorities", "1,234 children": never "authority(s)"."""
    word = singular if count == 1 else (plural_form or _plural(singular))
    return f"{count_text(count)} {word}"


def _plural(word: str) -> str:
    irregular = {"child": "children", "authority": "authorities", "this": "these"}
    if word in irregular:
        return irregular[word]
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def date_words(text) -> str:
    """A publication date as a reader writes it: "2022-04-19" -> "19 April 2022",
    "2016-11" -> "November 2016"; anything else unchanged."""
    import calendar

    text = "" if text is None else str(text)
    match = _ISO_DATE.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        return text
    month = f"{calendar.month_name[int(match[2])]} {match[1]}"
    return f"{int(match[3])} {month}" if match[3] else month


def capitalised(label: str) -> str:
    """A label heading a row or column: its first letter capital ("Gave a number")."""
    return label[:1].upper() + label[1:]


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status.replace("_", " "))


def rule_label(rule: str) -> str:
    return RULE_LABELS.get(rule, rule.replace("_", " ").capitalize())


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth")


def _ordinal(number: str) -> str:
    index = int(number)
    return _ORDINALS[index - 1] if 1 <= index <= len(_ORDINALS) else f"number {index}"


# A check's message as the reader sees it: config keys and reply ids put in words.
_MESSAGE_FIXES = (
    (re.compile(r"\s*\(qualified_answers: count\)"), " (the project counts qualified figures)"),
    (re.compile(r"\s*\(qualified_answers: exclude\)"), " (the project leaves qualified figures out)"),
    (re.compile(r"\s*\(round spec include_late: false\)"), ""),
    (re.compile(r"\s*\(round spec include_late: true\)"), " (late replies counted in this round)"),
    # A reply's number in words: as a digit the number masking would take it for a count.
    (re.compile(r"\breply \d{4}(?:-\d{2})?-[EWSN]\d{8}-(\d+)\b"),
     lambda m: f"the {_ordinal(m.group(1))} reply"),
    (re.compile(r"\bby \d{4}(?:-\d{2})?-[EWSN]\d{8}-(\d+)\b"),
     lambda m: f"by the {_ordinal(m.group(1))} reply"),
    (re.compile(r"\s*\(request log\)"), " (the request log says so)"),
    # The checks name a cohort by its id ("7 children who went missing (uasc)").
    (re.compile(r"\((uasc|trafficked|combined|overlap)\)"),
     lambda m: f"({COHORT_NOUNS[m.group(1)]})"),
)
_STATUS_WORD = re.compile(r"\((" + "|".join(STATUSES) + r")\)")


def reader_message(message) -> str:
    """A check's message without internal names (config keys, reply ids, status codes)."""
    if message is None or (not isinstance(message, str)):
        return ""
    text = message
    for pattern, replacement in _MESSAGE_FIXES:
        text = pattern.sub(replacement, text)
    text = _STATUS_WORD.sub(lambda m: f"({status_label(m.group(1))})", text)
    text = text.replace(".;", ";").replace(";;", ";")
    return text[:1].upper() + text[1:] if text.startswith("the ") else text


# Internal names a reader must not meet: statistic ids, status codes, rule names and
# config keys (anything snake_case from these tables), "(s)" plurals, and fragments.
_INTERNAL_NAMES = sorted(
    set(STATUSES) | set(RULE_LABELS) | set(STATISTICS) | set(RATE_DENOMINATORS)
    | {"include_late", "rate_denominator", "qualified_answers", "date_sent", "reply_cutoff",
       "coded_by", "value_used", "statistic_id", "authority_code", "wording_reconstructed"},
    key=len, reverse=True)
# Plain English words ("reported", "suppressed") are status codes too: only snake_case counts.
_INTERNAL_NAMES = [name for name in _INTERNAL_NAMES if "_" in name]
_INTERNAL = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, _INTERNAL_NAMES)) + r")(?![\w.-])")
_PROBLEMS = (
    (re.compile(r"\w\(s\)"), '"(s)" plural'),
    (re.compile(r"\.;|;\s*\."), 'fragment ".;"'),
    (re.compile(r"\b[a-z]\w*:\d{4}(?:-\d{2})?:"), "internal id"),
    (re.compile(r"\((?:uasc|trafficked|combined|overlap)\)"), "cohort id"),
    (re.compile(r"\breply \[\w{1,3}\]"), "reply number masked as a count"),
    # Written dates whose day was masked as if it were a count.
    (re.compile(r"\[\w{1,3}\] (?:January|February|March|April|May|June|July|August|"
                r"September|October|November|December)\b"), "date masked as a count"),
    # A quantity of 10,000 or more (not a code, reference or file name: no letter, leading
    # zero, dash or slash next to it).
    (re.compile(r"(?<![\w,.\-/:#])[1-9]\d{4,}(?![\w,.\-/])"), "number without thousands separators"),
)


def internal_terms(text: str) -> list[str]:
    """Internal names and prose faults in reader-facing text (empty when clean)."""
    found = [f"internal name {m.group(1)!r}" for m in _INTERNAL.finditer(text)]
    for pattern, what in _PROBLEMS:
        found += [f"{what}: {text[max(0, m.start() - 30): m.end() + 30]!r}" for m in pattern.finditer(text)]
    return found


_COUNTED_PLURAL = re.compile(r"\b(\d[\d,]*) (\w+?)\(s\)")
_BARE_PLURAL = re.compile(r"\b(\w+?)\(s\)")
_PAIR = re.compile(r"(?<![\w.,])(\d{4,}) / (\d{4,})(?![\w]|[.,]\d)")
def tidy_text(text) -> str:
    """Free text from a table made readable: "(s)" plurals resolved, thousands separators
    in "numerator / denominator" pairs, ".;" fragments joined."""
    if text is None or not isinstance(text, str):
        return ""
    text = text.replace("1 decimal(s)", "one decimal place").replace("0 decimals", "whole number")
    text = _COUNTED_PLURAL.sub(
        lambda m: plural(int(m.group(1).replace(",", "")), m.group(2)), text)
    text = _BARE_PLURAL.sub(lambda m: _plural(m.group(1)), text)
    text = _PAIR.sub(lambda m: f"{count_text(int(m.group(1)))} / {count_text(int(m.group(2)))}",
                     text)
    text = text.replace(".;", ";").replace(" ;", ";")
    return text.replace("coded by hand; coded on", "coded by hand on")
