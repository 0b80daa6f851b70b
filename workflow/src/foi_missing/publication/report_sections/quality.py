"""Data quality: what could not be counted, the answers awaiting or given manual coding,
and the findings of the checks, with numbers that could be hidden counts masked."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from foi_missing.core.vocabulary import COUNT_STATUSES, STATUS_LABELS, STATUSES
from foi_missing.publication.disclosure import (
    mask_numbers,
)
from foi_missing.publication.disclosure_cells import (
    cell_column,
)
from foi_missing.publication.report_sections.authorities import authority_disclosure, hidden_values
from foi_missing.publication.report_sections.labels import (
    SEVERITY_LABELS,
    capitalised,
    reader_message,
    rule_label,
    tidy_text,
)

if TYPE_CHECKING:
    from foi_missing.publication.report_sections.round_data import RoundData


def not_counted_table(data: RoundData) -> pd.DataFrame:
    """Answers that gave no number, by question and status."""
    answers = data.answers[~data.answers["status"].isin(COUNT_STATUSES)]
    if answers.empty:
        return pd.DataFrame()
    table = pd.crosstab(answers["status"], answers["question"])
    order = [q for q in data.spec.question_labels if q in table.columns]
    table = table.reindex(columns=order, fill_value=0)
    table = table.reindex([s for s in STATUSES if s in table.index])
    table["All questions"] = table.sum(axis=1)
    table.insert(0, "Status", [capitalised(STATUS_LABELS.get(s, s)) for s in table.index])
    return table.reset_index(drop=True)


def _source(row) -> str:
    parts = [getattr(row, "source_file", ""), getattr(row, "source_location", "")]
    return " ".join(str(p) for p in parts if isinstance(p, str) and p)


def unparsed_table(data: RoundData) -> pd.DataFrame:
    hidden = hidden_values(data)
    rows = []
    for row in data.answers[data.answers["status"] == "unparsed"].itertuples(index=False):
        rows.append({
            "Authority": data.names.get(row.authority_code, row.authority_code),
            "Question": row.question,
            "Source": _source(row),
            "Text (numbers that could be hidden counts masked)": mask_numbers(
                getattr(row, "raw_text", ""), data.rule, hidden.get(row.authority_code, ())),
            # The reader's or parser's own reason, so a coder knows where to look.
            "Why it needs a person": mask_numbers(
                tidy_text(getattr(row, "note", "")), data.rule, hidden.get(row.authority_code, ())),
        })
    return pd.DataFrame(rows)


def manual_coding_table(data: RoundData) -> pd.DataFrame:
    """Answers coded by hand (``coded_by`` = ``manual:<coder>``, from the coding sheet)."""
    if "coded_by" not in data.answers.columns:
        return pd.DataFrame()
    cells, result = authority_disclosure(data)
    hidden = hidden_values(data)
    manual = data.answers[data.answers["coded_by"].fillna("").str.startswith("manual:")]
    rows = []
    for row in manual.itertuples(index=False):
        column = cell_column(row.question, getattr(row, "period", None), data.spec)
        shown = cells.at[row.authority_code, column] if column in cells.columns else ""
        shown = result.show(row.authority_code, column, shown)
        rows.append({
            "Authority": data.names.get(row.authority_code, row.authority_code),
            "Question": column,
            "Coded as": STATUS_LABELS.get(row.status, row.status),
            "Value (as published)": shown,
            "Coded by": row.coded_by.split(":", 1)[1],
            "Source": _source(row),
            "Note": mask_numbers(tidy_text(getattr(row, "note", "")), data.rule,
                                 hidden.get(row.authority_code, ())),
        })
    return pd.DataFrame(rows)


SEVERITIES = ("error", "warning", "info")


def qa_summary(data: RoundData) -> pd.DataFrame:
    """QA findings counted by rule and severity."""
    qa = data.qa
    if qa.empty:
        return pd.DataFrame(columns=["Check", "Errors", "Warnings", "Notes", "Total"])
    table = pd.crosstab(qa["rule"], qa["severity"])
    table = table.reindex(columns=[s for s in SEVERITIES if s in table.columns]
                          + sorted(set(table.columns) - set(SEVERITIES)), fill_value=0)
    table["Total"] = table.sum(axis=1)
    table = table.sort_values(["Total"], ascending=False, kind="stable")
    table.insert(0, "Check", [rule_label(r) for r in table.index])
    table = table.rename(columns={"error": "Errors", "warning": "Warnings", "info": "Notes"})
    return table.reset_index(drop=True)


def qa_list(data: RoundData) -> pd.DataFrame:
    """Every QA finding, most severe first; numbers that could be hidden counts masked."""
    qa = data.qa
    if qa.empty:
        return pd.DataFrame()
    hidden = hidden_values(data)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    qa = qa.assign(_order=qa["severity"].map(order).fillna(len(order)))
    qa = qa.sort_values(["_order", "rule", "authority_code", "question"], kind="stable",
                        na_position="first")
    rows = []
    for row in qa.itertuples(index=False):
        code = row.authority_code if isinstance(row.authority_code, str) else ""
        message = reader_message(row.message)
        rows.append({
            "Severity": SEVERITY_LABELS.get(row.severity, row.severity),
            "Check": rule_label(row.rule),
            "Authority": data.names.get(code, code),
            "Question": row.question,
            "Finding": mask_numbers(message, data.rule, hidden.get(code, ())) if code
            else message,
            "Source": row.source,
        })
    return pd.DataFrame(rows)
