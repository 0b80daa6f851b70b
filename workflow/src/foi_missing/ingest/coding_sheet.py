"""The round's coding sheet (data/raw/<round>/coding_sheet.csv) applied to the answers.

A row codes one authority x question x period by hand. It overrides the
automatic coding (a disagreement is a QA finding), but not the request log and
the round's cut-off, which say which reply counts: a row for an authority with
no reply that counts is not applied (``manual_without_reply``). A bad row is a
problem naming the line and the column; the ingest stops on any (the team's
own file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from foi_missing.core.roundspec import RoundSpec
from foi_missing.ingest import checks
from foi_missing.ingest.checks import qa_row


@dataclass
class ManualResult:
    """The answers with the coding sheet applied, its QA findings, and its bad rows
    (each naming the line; the caller stops on them: the team's own file)."""

    answers: pd.DataFrame
    qa: list[dict]
    problems: list[str]


MANUAL_FIELDS = ("status", "value", "lower", "upper", "exemption", "covers", "refers_to")


# Answers of an authority with no reply that counts: none by the cut-off (or only
# late or superseded ones), or a logged file the folder lacks.
NO_REPLY_COUNTS = ("ledger", "auto:reply_file_missing")


def apply_coding_sheet(answers: pd.DataFrame, sheet: pd.DataFrame, spec: RoundSpec) -> ManualResult:
    """Manual coding overrides automatic coding; a disagreement is a QA finding.

    The request log and the round's cut-off say which reply counts, and they
    win over the coding sheet: a row coding an answer of an authority with no
    reply that counts (none by the cut-off, only a late or superseded one, a
    file missing from the folder) is not applied, and is an error finding
    naming the line (``manual_without_reply``).
    """
    problems, qa = [], []
    answers = answers.copy()
    index = dict(zip(zip(answers["authority_code"], answers["question"], answers["period"]),
                     answers.index, strict=True))
    for number, row in enumerate(sheet.to_dict("records"), start=2):
        where = f"{spec.coding_sheet.name} line {number}"
        manual, row_problems = parse_manual_row(row, spec)
        key = (row["authority_code"], row["question"], manual_period(row, spec))
        period_unsaid = row["question"] in spec.question_labels and not key[2]  # listed above
        if key not in index and not period_unsaid:
            row_problems.append(f"{row['authority_code']} x {row['question']} is not in the ledger "
                                "(authority not asked or question not in the round)")
        if row_problems:
            problems += [f"{where}: {p}" for p in row_problems]
            continue
        position = index[key]
        auto = answers.loc[position]
        if auto["coded_by"] in NO_REPLY_COUNTS and manual["status"] != auto["status"]:
            qa.append(manual_without_reply_qa(where, key, auto, manual, spec))
            continue
        if disagrees(auto, manual):
            for_period = f"{key[2]}: " if len(spec.question(key[1]).periods) > 1 else ""
            qa.append(qa_row("warning", key[0], key[1], "manual_disagrees_with_auto",
                             f"{for_period}automatic {describe_coding(auto)} ({auto['coded_by']}), "
                             f"manual {describe_coding(manual)} ({manual['coded_by']})",
                             f"{auto['source_file']} {auto['source_location']}".strip()))
        if manual["status"] != auto["status"]:
            manual |= {"period_note": "", "redirect": ""}  # they described the automatic coding
        for column, value in manual.items():
            answers.at[position, column] = value
    return ManualResult(answers, qa, problems)


def manual_without_reply_qa(where: str, key: tuple, auto: pd.Series, manual: dict,
                            spec: RoundSpec) -> dict:
    fix = ("add the file to the folder" if auto["coded_by"] == "auto:reply_file_missing" else
           f"to count a late reply set include_late: true in round.yaml; to count another "
           f"reply record it in {spec.request_log.name}")
    return qa_row(
        "error", key[0], key[1], "manual_without_reply",
        f"{where} codes {key[0]} {key[1]} {key[2]} as {describe_coding(manual)}, but no reply of "
        f"that authority counts ({auto['note']}): the request log and the round's cut-off win, "
        f"so the row is not applied; {fix}",
        where)


def parse_manual_row(row: dict, spec: RoundSpec) -> tuple[dict, list[str]]:
    """The columns a coding-sheet row sets, and what is wrong with it."""
    problems = []
    numbers = {}
    for column in ("value", "lower", "upper"):
        text = row[column]
        if text and not re.fullmatch(r"\d+", text):
            problems.append(f"{column} {text[:40]!r} is not a whole number")
        elif len(text) > 9:  # never int() a long digit run
            problems.append(f"{column} has {len(text):,} digits: too long to be a count")
        numbers[column] = int(text) if re.fullmatch(r"\d{1,9}", text or "") else None
    status = row["status"]
    if status not in checks.STATUSES:
        problems.append(f"status {status!r} is not one of {', '.join(checks.STATUSES)}")
    if status == "reported":
        if numbers["value"] is None:
            problems.append("status reported needs a value")
        numbers["lower"] = numbers["upper"] = numbers["value"]
    elif status == "suppressed":
        if numbers["lower"] is None or numbers["upper"] is None:
            problems.append("status suppressed needs lower and upper")
        numbers["value"] = None
    else:
        numbers = dict.fromkeys(numbers)
    if not row["coded_by"]:
        problems.append("coded_by (the coder) is blank")
    if row["coded_on"] and not _is_iso_date(row["coded_on"]):
        problems.append(f"coded_on {row['coded_on']!r} is not an ISO date (YYYY-MM-DD)")
    if row["question"] in spec.question_labels:
        asked = spec.question(row["question"]).periods
        if row["period"] and row["period"] not in asked:
            problems.append(f"period {row['period']!r}, but {row['question']} asks about "
                            f"{' and '.join(repr(p) for p in asked)}")
        elif not row["period"] and len(asked) > 1:
            problems.append(f"period is blank, but {row['question']} asks about several periods "
                            f"({', '.join(asked)}): say which")
    manual = {"status": status, **numbers, "exemption": row["exemption"], "covers": row["covers"],
              "refers_to": row["refers_to"], "coded_by": f"manual:{row['coded_by']}"}
    manual["note"] = "; ".join(p for p in (row["note"], f"coded on {row['coded_on']}" if row["coded_on"] else "") if p)
    for column in ("raw_text", "source_file", "source_location"):
        if row[column]:
            manual[column] = row[column]
    return manual, problems


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def manual_period(row: dict, spec: RoundSpec) -> str:
    """The period a coding-sheet row codes: its own, or the one period of its question."""
    if row["period"] or row["question"] not in spec.question_labels:
        return row["period"]
    asked = spec.question(row["question"]).periods
    return asked[0] if len(asked) == 1 else ""


def disagrees(auto: pd.Series, manual: dict) -> bool:
    if auto["status"] in ("unparsed", "no_response"):
        return False  # nothing automatic to disagree with
    return any(_norm(auto[f]) != _norm(manual[f]) for f in MANUAL_FIELDS)


def _norm(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def describe_coding(coding) -> str:
    status = coding["status"]
    if status == "reported":
        return f"reported {coding['value']}"
    if status == "suppressed":
        return f"suppressed {coding['lower']}..{coding['upper']}"
    return status
