"""Is a change between two points of the series a comparison of like with like?

:func:`round_differences` says what changed between consecutive rounds (questions, cohorts,
the kinds of authority asked, period lengths, the rate's definition) and what each change
means for comparisons; :func:`comparability` decides, for one statistic and two points,
``yes``, ``definition changed`` (printed, marked "not like for like") or ``no`` (never
printed as a change). Everything is derived from the round specs, the answers and the
authority register, nothing from round ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from itertools import pairwise

import pandas as pd

from foi_missing.core.register import AuthorityRegister, RegisterError
from foi_missing.core.roundspec import COHORTS, Period, RoundSpec
from foi_missing.statistics.registry import StatisticId

YEAR_MONTHS = 12
DIFFERENCE_COLUMNS = ("from_round", "to_round", "topic", "change", "meaning")
COMPARABLE, DEFINITION_CHANGED, NOT_COMPARABLE = "yes", "definition changed", "no"
# Counts of authorities asked or answering: a change of the request, compared only where the
# same kinds of authority were asked, and never between periods of one request.
AUTHORITY_COUNTS = ("authorities_asked", "authorities_responded")
# Kinds of authority (the register's ``type``) in words, for the differences table.
AUTHORITY_KINDS = {
    "NID": ("district council", "district councils"),
    "HSCT": ("health and social care trust", "health and social care trusts"),
}


def months(period: Period) -> int:
    """Calendar months a period spans (1 January to 30 April = 4)."""
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def asks_absent(spec: RoundSpec, cohort: str) -> bool | None:
    """Does the round ask who went "missing or absent" (None: no went-missing question)?"""
    wordings = [q.wording.lower() for q in spec.questions
                if q.cohort == cohort and q.measure == "went_missing"]
    return None if not wordings else any("absent" in w for w in wordings)


def splits_trafficked(spec: RoundSpec) -> bool:
    """Does the round ask identified and suspected trafficked children separately?"""
    return {q.sub_cohort for q in spec.questions
            if q.cohort == "trafficked" and q.measure == "in_care"} >= {"identified", "suspected"}


def asks_overlap(spec: RoundSpec) -> bool:
    return any(q.cohort == "overlap" for q in spec.questions)


def _question_labels(spec: RoundSpec, cohort: str, measure: str) -> str:
    labels = [q.label for q in spec.questions if q.cohort == cohort and q.measure == measure]
    return " and ".join(labels)


def _kinds(results, register: AuthorityRegister | None, nation: str) -> dict:
    """Kind of authority (register type) -> count, of those the round asked in ``nation``."""
    answers = results.answers
    if register is None or "nation" not in answers.columns:
        return {}
    codes = sorted(set(answers.loc[answers["nation"] == nation, "authority_code"]))
    kinds: dict[str, int] = {}
    for code in codes:
        try:
            kind = register.get(code).type
        except (RegisterError, KeyError):
            kind = ""
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def unlike_authorities(earlier, later,
                       register: AuthorityRegister | None) -> dict[str, tuple[dict, dict]]:
    """Nations where the later round asked authorities that are neither the earlier
    round's nor their successors (Northern Ireland: trusts instead of district councils):
    nation -> (kinds asked in the earlier round, kinds asked in the later)."""
    if register is None or "nation" not in earlier.answers.columns \
            or "nation" not in later.answers.columns:
        return {}
    found = {}
    nations = sorted(set(earlier.answers["nation"].dropna()) | set(later.answers["nation"].dropna()))
    for nation in nations:
        before = set(earlier.answers.loc[earlier.answers["nation"] == nation, "authority_code"])
        after = set(later.answers.loc[later.answers["nation"] == nation, "authority_code"])
        if not before or not after:
            continue

        if not all(code in before or _succeeds(register, code, before) for code in after):
            found[nation] = (_kinds(earlier, register, nation), _kinds(later, register, nation))
    return found


def _succeeds(register: AuthorityRegister, code: str, earlier: set[str]) -> bool:
    """Is ``code`` one of ``earlier``'s authorities through successor links?"""
    try:
        return any(register.related_by_succession(code, other) for other in earlier)
    except (RegisterError, KeyError):
        return False


def _kinds_text(kinds: dict[str, int]) -> str:
    parts = []
    for kind, count in sorted(kinds.items()):
        one, many = AUTHORITY_KINDS.get(kind, ("authority", "authorities"))
        parts.append(f"{count:,} {one if count == 1 else many}")
    return " and ".join(parts)


def _period_words(spec: RoundSpec) -> str:
    """"one period, calendar 2017" / "4 periods in one request: ...; 1 January to 30 April
    2024 (4 months)"."""
    def named(period: Period) -> str:
        length = months(period)
        return period.label + (f" ({length} months)" if length < YEAR_MONTHS else "")

    periods = spec.periods
    if len(periods) == 1:
        return "one period, " + named(periods[0])
    return f"{len(periods)} periods in one request: " + "; ".join(named(p) for p in periods)


def round_differences(rounds: Sequence,
                      register: AuthorityRegister | None = None) -> pd.DataFrame:
    """What changed between consecutive rounds, and what it means for comparisons."""
    rows = []
    ordered = sorted(rounds, key=lambda r: (min(p.start for p in r.spec.periods), r.round_id))
    for earlier, later in pairwise(ordered):
        a, b = earlier.spec, later.spec

        def add(topic: str, change: str, meaning: str, a=a, b=b) -> None:
            rows.append({"from_round": a.round_id, "to_round": b.round_id, "topic": topic,
                         "change": change, "meaning": meaning})

        if not splits_trafficked(a) and splits_trafficked(b):
            add("Trafficked children",
                f"{a.round_id} asked for one figure of trafficked children (identified or "
                f"suspected, question {_question_labels(a, 'trafficked', 'in_care')}); "
                f"{b.round_id} asked for identified and suspected children separately "
                f"(questions {_question_labels(b, 'trafficked', 'in_care')}).",
                "The two parts are added together to compare with the single figure. An "
                "authority that gave only one part gives a partial total: it counts in the "
                "headline figure but is left out of the like-for-like comparison.")
        for cohort, noun in (("trafficked", "trafficked"), ("uasc", "unaccompanied")):
            if asks_absent(a, cohort) is False and asks_absent(b, cohort):
                add(f"Going missing ({noun} children)",
                    f"{a.round_id} asked how many {noun} children went missing; {b.round_id} "
                    "asked how many went missing or absent.",
                    "Absence counts from the later round on, so the number who went missing, "
                    "its share, episodes and children not found can rise with the wider "
                    "question alone: these changes are marked as not like for like. The "
                    "Department for Education counts children who went missing only, so its "
                    "rate is not like for like with either.")
        if not asks_overlap(a) and asks_overlap(b):
            add("Children in both cohorts",
                f"{b.round_id} also asked how many unaccompanied children were identified or "
                f"suspected as trafficked (question {_question_labels(b, 'overlap', 'in_care')}).",
                "A child in both cohorts is counted twice in the both-cohorts figures of every "
                f"round; from {b.round_id} on a figure counting such a child once is also given "
                "(exact where the question was answered, a range where it was not). The "
                "both-cohorts figures are compared as the sum of the two cohorts, as before.")
        for nation, (before, after) in unlike_authorities(earlier, later, register).items():
            add(f"Authorities asked in {nation}",
                f"{a.round_id} asked {_kinds_text(before)}; {b.round_id} asked "
                f"{_kinds_text(after)}.",
                f"The numbers of authorities asked and responding are not compared: they count "
                f"different kinds of body. Figures of children in {nation} are compared, but "
                "they come from different bodies.")
        if a.rate_denominator != b.rate_denominator:
            words = {"all_reporting_in_care": "over every authority that reported each figure",
                     "matched": "over the authorities that reported both the in-care and the "
                                "went-missing figure"}
            add("Share who went missing",
                f"{a.round_id} computes the share {words.get(a.rate_denominator, 'its own way')}; "
                f"{b.round_id} {words.get(b.rate_denominator, 'its own way')}.",
                "Changes of the share between these rounds are marked as not like for like: "
                "part of the change can come from the authorities counted.")
        length_a = sorted({months(p) for p in a.periods})
        length_b = sorted({months(p) for p in b.periods})
        same_start = {p.start.month for p in a.periods} == {p.start.month for p in b.periods}
        if len(a.periods) != len(b.periods) or length_a != length_b or not same_start:
            meaning = ["Each period is a point of its own; years are compared with years."]
            if not same_start:
                meaning.append("The years start in different months, so a change between "
                               "them also spans a different part of the calendar.")
            partial = [p for p in b.periods if months(p) < YEAR_MONTHS]
            if partial:
                meaning.append(" ".join(
                    f"{p.label} is {months(p)} months: it is shown on its own, never drawn or "
                    "compared as a year." for p in partial))
            add("Periods", f"{a.round_id}: {_period_words(a)}. {b.round_id}: {_period_words(b)}.",
                " ".join(meaning))
        gap_start = max(p.end for p in a.periods)
        gap_end = min(p.start for p in b.periods)
        if (gap_end - gap_start).days > 1:
            first, last = gap_start + timedelta(days=1), gap_end - timedelta(days=1)
            add("Gap", f"No round asked about {first.day} {first:%B %Y} to {last.day} {last:%B %Y}.",
                "A change between these rounds spans the gap; nothing is known about the "
                "years in between.")
    return pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)


def comparability(statistic_id: str, earlier, later,
                  register: AuthorityRegister | None = None) -> tuple[str, str]:
    """(``yes`` / ``definition changed`` / ``no``, why) for comparing a statistic between
    two points (:class:`foi_missing.statistics.series.Point`)."""
    sid = StatisticId.parse(statistic_id)
    nation, base = sid.nation, sid.base if sid.scope == "nation" else statistic_id
    a, b = earlier.results, later.results
    same_request = a is b or a.round_id == b.round_id
    if base in AUTHORITY_COUNTS:
        if same_request:
            return NOT_COMPARABLE, "the same request asked about both periods"
        unlike = unlike_authorities(a, b, register)
        where = [n for n in unlike if not nation or n == nation]
        if where:
            return NOT_COMPARABLE, (
                "different kinds of authority were asked in " + " and ".join(where))
        return COMPARABLE, ""
    if same_request:
        return COMPARABLE, ""
    notes = []
    cohorts = COHORTS if base.startswith("combined_") else tuple(
        c for c in COHORTS if base.startswith(c + "_"))
    measure_part = base.split("_", 1)[1] if "_" in base else base
    counts_missing = cohorts and not measure_part.startswith("in_care") and not base.startswith(
        ("combined_distinct_in_care", "overlap_"))
    if counts_missing and any(asks_absent(a.spec, c) is False and asks_absent(b.spec, c)
                              for c in cohorts):
        notes.append("went missing against went missing or absent")
    # The rate denominator setting applies to shares of the answers, not to DfE's.
    definition = StatisticId.parse(base).definition
    if (definition is not None and definition.kind == "rate" and definition.source == "answers"
            and a.spec.rate_denominator != b.spec.rate_denominator):
        notes.append("the share is computed over different authorities")
    if notes:
        return DEFINITION_CHANGED, "; ".join(notes)
    return COMPARABLE, ""
