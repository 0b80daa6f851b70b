"""The shape of answers.csv and qa.csv, the per-authority consistency findings, strict mode.

Schemas (pandera) guard the contract of docs/architecture.md; findings are
what a researcher must look at in the data itself (a council reporting more
children missing than in care, answers about another period, ...). Findings
never change an answer: they are listed in qa.csv with a severity.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import pandas as pd
import pandera.pandas as pa

from foi_missing.core.roundspec import RoundSpec
from foi_missing.core.vocabulary import COUNT_STATUSES, STATUSES

SEVERITIES = ("error", "warning", "info")
QA_COLUMNS = ["severity", "authority_code", "question", "rule", "message", "source"]
QA_RULES = (
    "unparsed_answer", "unreadable_reply", "went_missing_exceeds_in_care",
    "not_found_exceeds_went_missing", "episodes_below_went_missing", "other_period",
    "late_reply_excluded", "superseded_reply", "combined_cohorts", "manual_disagrees_with_auto",
    "fewer_than_dfe_snapshot", "named_by_succession", "reply_not_in_log", "reply_not_attributed",
    "request_log_problem", "replies_unresolved", "qualified_answer", "reply_outside_round",
    "no_answers_found", "reply_file_missing", "manual_without_reply",
    "text_encoding",
)  # fmt: skip
# How an answer's note marks a figure the council qualified (another population or date):
# ingest's "qualified: ..." or the parser's "qualified (...)".
QUALIFIED_NOTE = "qualified: "
_QUALIFIED_MARK = re.compile(r"(?:^|; |\")qualified(?:: | \()")


class StrictModeError(RuntimeError):
    """strict: true and the round has unparsed answers or error findings (all listed)."""


# --- schemas -----------------------------------------------------------------------------------


def _text(*checks: pa.Check, nullable: bool = True) -> pa.Column:
    return pa.Column(str, list(checks), nullable=nullable)


def _count() -> pa.Column:
    return pa.Column("Int64", pa.Check.ge(0), nullable=True, coerce=True)


def _value_only_when_reported(frame: pd.DataFrame) -> pd.Series:
    return frame["value"].notna() == (frame["status"] == "reported")


def _reported_interval_is_value(frame: pd.DataFrame) -> pd.Series:
    reported = frame["status"] == "reported"
    same = (frame["lower"] == frame["value"]) & (frame["upper"] == frame["value"])
    return ~reported | same.fillna(False)


def _suppressed_has_interval(frame: pd.DataFrame) -> pd.Series:
    suppressed = frame["status"] == "suppressed"
    ordered = (frame["lower"] <= frame["upper"]).fillna(False)
    return ~suppressed | (frame["lower"].notna() & frame["upper"].notna() & ordered)


def _interval_only_for_counts(frame: pd.DataFrame) -> pd.Series:
    counted = frame["status"].isin(COUNT_STATUSES)
    return counted | (frame["lower"].isna() & frame["upper"].isna())


ANSWERS_SCHEMA = pa.DataFrameSchema(
    {
        "round": _text(nullable=False),
        "authority_code": _text(nullable=False),
        "authority_name": _text(nullable=False),
        "nation": _text(pa.Check.isin(["England", "Wales", "Scotland", "Northern Ireland"]),
                        nullable=False),
        "question": _text(nullable=False),
        "cohort": _text(pa.Check.isin(["trafficked", "uasc", "overlap"]), nullable=False),  # overlap: 2021-24 1d
        "sub_cohort": _text(pa.Check.isin(["all", "identified", "suspected"]), nullable=False),
        "measure": _text(pa.Check.isin(["in_care", "went_missing", "missing_episodes", "not_found"]),
                         nullable=False),
        "period": _text(nullable=False),
        "status": _text(pa.Check.isin(STATUSES), nullable=False),
        "value": _count(),
        "lower": _count(),
        "upper": _count(),
        **{name: _text() for name in ("exemption", "covers", "refers_to", "redirect", "period_note",
                                      "raw_text", "source_file", "source_location", "reply_id")},
        "coded_by": _text(pa.Check.str_matches(r"^(auto:.+|manual:.+|ledger)$"), nullable=False),
        "note": _text(),
    },
    checks=[
        pa.Check(_value_only_when_reported, error="value is given exactly for reported answers"),
        pa.Check(_reported_interval_is_value, error="reported: lower = value = upper"),
        pa.Check(_suppressed_has_interval, error="suppressed: lower <= upper, both given"),
        pa.Check(_interval_only_for_counts, error="lower/upper only for reported or suppressed"),
    ],
    unique=["authority_code", "question", "period"],
    strict=True,
    ordered=True,
    name="answers.csv",
)

QA_SCHEMA = pa.DataFrameSchema(
    {
        "severity": _text(pa.Check.isin(SEVERITIES), nullable=False),
        "authority_code": _text(),
        "question": _text(),
        "rule": _text(pa.Check.isin(QA_RULES), nullable=False),
        "message": _text(nullable=False),
        "source": _text(),
    },
    strict=True,
    ordered=True,
    name="qa.csv",
)


def validate_answers(answers: pd.DataFrame) -> pd.DataFrame:
    """Raise pandera's SchemaErrors listing every violation of the answers contract."""
    return ANSWERS_SCHEMA.validate(answers, lazy=True)


def validate_qa(qa: pd.DataFrame) -> pd.DataFrame:
    return QA_SCHEMA.validate(qa, lazy=True)


# --- findings --------------------------------------------------------------------------------------


def qa_row(severity, authority, question, rule, message, source) -> dict:
    return {"severity": severity, "authority_code": authority, "question": question, "rule": rule,
            "message": message, "source": source}


# (measure compared, against measure, rule, is it wrong?, wording)
CONSISTENCY_RULES = (
    ("went_missing", "in_care", "went_missing_exceeds_in_care", lambda a, b: a > b,
     "children who went missing", "exceeds", "children in care"),
    ("not_found", "went_missing", "not_found_exceeds_went_missing", lambda a, b: a > b,
     "children not found", "exceeds", "children who went missing"),
    ("missing_episodes", "went_missing", "episodes_below_went_missing", lambda a, b: a < b,
     "missing episodes", "are fewer than", "children who went missing"),
)  # fmt: skip


def findings(answers: pd.DataFrame, spec: RoundSpec) -> list[dict]:
    """Every QA finding the answers themselves give rise to."""
    # In a round asking about several periods a finding names the period too.
    several = {q.label for q in spec.questions if len(q.periods) > 1}
    answers = answers.assign(_several_periods=answers["question"].isin(several))
    return (
        consistency_findings(answers)
        + other_period_findings(answers)
        + combined_cohort_findings(answers, spec)
        + unparsed_findings(answers)
    )


def _source(row) -> str:
    return " ".join(str(v) for v in (row["source_file"], row["source_location"])
                    if isinstance(v, str) and v)


def _comparable(answers: pd.DataFrame) -> pd.DataFrame:
    """Reported figures about one cohort only (a figure covering both cohorts counts only in
    the combined totals; one covering two sub-cohorts of a cohort, "1a and 1b together: 8",
    is that cohort's figure)."""
    cohort_of = dict(zip(answers["question"], answers["cohort"], strict=False))
    covers = answers["covers"].fillna("")
    one_cohort = [
        all(cohort_of.get(label) == cohort for label in text.split(";")) if text else True
        for text, cohort in zip(covers, answers["cohort"], strict=True)
    ]
    return answers.loc[(answers["status"] == "reported") & pd.Series(one_cohort, index=answers.index)]


def consistency_findings(answers: pd.DataFrame) -> list[dict]:
    """Per authority and cohort: went missing vs in care, not found and episodes vs went missing.

    Measures asked for the same sub-cohorts are compared sub-cohort by sub-cohort; when they
    are not (2017: in care asked as 1a identified + 1b suspected, went missing as 2a "of
    1a and 1b") the cohort's reported figures of each measure are added up (docs/design.md#counting-rules).
    """
    rows = []
    # The sub-cohorts each measure is asked for (from the codebook columns of the ledger).
    asked = {key: set(part)
             for key, part in answers.groupby(["cohort", "period", "measure"])["sub_cohort"]}
    # Plain records, not pandas groups: this runs once per authority, cohort and period.
    groups: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for record in _comparable(answers).to_dict("records"):
        key = (record["authority_code"], record["cohort"], record["period"])
        groups[key][record["measure"]].append(record)
    for authority, cohort, period in sorted(groups):
        by_measure = groups[(authority, cohort, period)]
        for measure, against, rule, wrong, what, verb, what_against in CONSISTENCY_RULES:
            if measure not in by_measure or against not in by_measure:
                continue
            mine, theirs = by_measure[measure], by_measure[against]
            if asked[(cohort, period, measure)] == asked[(cohort, period, against)]:
                shared = sorted({r["sub_cohort"] for r in mine} & {r["sub_cohort"] for r in theirs})
                pairs = [([r for r in mine if r["sub_cohort"] == s],
                          [r for r in theirs if r["sub_cohort"] == s]) for s in shared]
            else:
                pairs = [(mine, theirs)]
            for a, b in pairs:
                value_a, value_b = _total(a), _total(b)
                if wrong(value_a, value_b):
                    first = a[0]
                    in_period = f"{period}: " if first.get("_several_periods", False) else ""
                    message = (f"{in_period}{'+'.join(r['question'] for r in a)}: {value_a} {what} "
                               f"{verb} {'+'.join(r['question'] for r in b)}: {value_b} "
                               f"{what_against} ({first['cohort']})")
                    rows.append(qa_row("warning", first["authority_code"], first["question"], rule,
                                       message, _source(first)))
    return rows


def _total(records: list[dict]) -> int:
    """The sum of the records' values, missing values left out (as pandas' sum does)."""
    return int(sum(r["value"] for r in records if not pd.isna(r["value"])))


def other_period_findings(answers: pd.DataFrame) -> list[dict]:
    """A figure about another period or date (``period_note``), or qualified by the council
    (another population or date: "qualified: ..." in the note). Counted or not by the
    ``qualified_answers`` rule (count, the default: as the period asked)."""
    rows = []
    for _, r in answers.loc[answers["period_note"].fillna("") != ""].iterrows():
        qualified = bool(_QUALIFIED_MARK.search(str(r["note"] or "")))
        if r["coded_by"] == "auto:qualified_excluded":
            how = "not counted (qualified_answers: exclude)"
        elif qualified and r["status"] in COUNT_STATUSES:
            how = "counted as the figure asked (qualified_answers: count)"
        else:
            how = "counted as the period asked"
        rows.append(qa_row("warning", r["authority_code"], r["question"],
                           "qualified_answer" if qualified else "other_period",
                           f"{_question(r)} ({r['status']}): {r['period_note']}; {how}", _source(r)))
    return rows


def _question(row) -> str:
    """ "Q1", or "Q1 (2019)" in a round asking about several periods."""
    several = row.get("_several_periods", False)
    return f"{row['question']} ({row['period']})" if several else row["question"]


def combined_cohort_findings(answers: pd.DataFrame, spec: RoundSpec) -> list[dict]:
    cohort_of = {q.label: q.cohort for q in spec.questions}
    rows = []
    covering = answers.loc[(answers["status"] == "reported") & (answers["covers"].fillna("") != "")]
    for _, r in covering.iterrows():
        labels = r["covers"].split(";")
        if len({cohort_of.get(label) for label in labels}) > 1:
            rows.append(qa_row(
                "info", r["authority_code"], r["question"], "combined_cohorts",
                f"{r['question']}: a single figure ({r['value']}) for {' and '.join(labels)}, both cohorts:"
                " counted only in the combined totals", _source(r)))
    return rows


def unparsed_findings(answers: pd.DataFrame) -> list[dict]:
    return [
        qa_row("warning", r["authority_code"], r["question"], "unparsed_answer",
               f"{_question(r)}: needs manual coding ({r['note'] or 'no reason recorded'})",
               _source(r))
        for _, r in answers.loc[answers["status"] == "unparsed"].iterrows()
    ]  # fmt: skip


def qa_frame(rows: Iterable[dict], spec: RoundSpec) -> pd.DataFrame:
    """QA rows in a fixed order: errors first, then by authority, question order, rule."""
    frame = pd.DataFrame(list(rows), columns=QA_COLUMNS).fillna("")
    order = {label: i for i, label in enumerate(spec.question_labels)}
    frame = frame.assign(
        _severity=frame["severity"].map({s: i for i, s in enumerate(SEVERITIES)}),
        _question=frame["question"].map(order).fillna(-1),
    )
    frame = frame.sort_values(
        ["_severity", "authority_code", "_question", "rule", "message", "source"], kind="stable"
    )
    frame = frame.drop(columns=["_severity", "_question"]).reset_index(drop=True)
    return validate_qa(frame.astype(str))


# --- strict mode -----------------------------------------------------------------------------------


def enforce_strict(answers: pd.DataFrame, qa: pd.DataFrame) -> None:
    """Raise StrictModeError listing every unparsed answer and every error finding."""
    unparsed = answers.loc[answers["status"] == "unparsed"]
    errors = qa.loc[qa["severity"] == "error"]
    if unparsed.empty and errors.empty:
        return
    lines = [f"strict mode: {len(unparsed)} unparsed answer(s), {len(errors)} error finding(s)"]
    lines += [
        f"  unparsed {r['authority_code']} {r['question']}: {r['raw_text']!r} ({_source(r)}) {r['note']}"
        for _, r in unparsed.iterrows()
    ]
    lines += [f"  error {r['rule']} {r['authority_code']} {r['question']}: {r['message']}"
              for _, r in errors.iterrows()]
    lines.append("Code the unparsed answers in the round's coding_sheet.csv "
                 "(results/<round>/to_code.csv lists them) or set strict: false.")
    raise StrictModeError("\n".join(lines))
