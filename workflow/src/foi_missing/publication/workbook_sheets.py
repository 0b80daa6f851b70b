"""The sheets of ``results/tables.xlsx``: publication tables shaped so that numbers are numbers.

Every quantity column holds numbers (stored as numbers, negatives included);
a cell that disclosure control hides holds the text symbol (``[c]``) in an
otherwise numeric column, and a ``Status`` column beside says why a row has
no number ("withheld: [c] (disclosure control)", "no figure", ...). Text
that is not a number never sits in a quantity column: a statistic whose
value is a list (the ranking of authorities) keeps it in ``Value (text)``.
Ids (``statistic_id``, cohort and measure ids) have readable labels beside
them; round ids and periods are always text ("2017" is a round, not a number).

:func:`typed_column` is the one place that decides: a numeric string becomes
a number, the symbol stays, a blank is empty, and anything else in a quantity
column raises ``ValueError`` naming the column (a silent text cell there
would be a wrong table).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pandas as pd

from foi_missing.core.cells import cell_number
from foi_missing.publication.workbook import Sheet

STATISTIC_QUANTITIES = ("value", "lower", "upper", "numerator", "denominator", "authorities")
CHANGE_QUANTITIES = ("from_value", "to_value", "change", "change_pct")
LIKE_FOR_LIKE_QUANTITIES = ("units", "authorities_from", "authorities_to", *CHANGE_QUANTITIES)
SERIES_STATISTIC_QUANTITIES = (*STATISTIC_QUANTITIES, "months")
LABEL_COLUMNS = ("round", "from_round", "to_round", "period", "from_period", "to_period")
YES_NO_COLUMNS = ("partial", "comparable")  # flags, written "yes" / "no"

STATUS_SHOWN = "shown"
STATUS_NONE = "no figure"
STATUS_LIST = "a list of authorities, not a number (see Value (text))"
STATUS_REPORTED = "reported a number"
STATUS_NOT_COMPARED = "not compared (see Note)"
_YES = {"true", "yes", "1"}
_NO = {"false", "no", "0"}


def status_hidden(symbol: str) -> str:
    return f"withheld: {symbol} (disclosure control)"


def _blank(value) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def as_number(value):
    """The number a cell holds (:func:`~foi_missing.core.cells.cell_number`), whole numbers as
    int so that the workbook stores 6, not 6.0; else None."""
    number = cell_number(value)
    if number is not None and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def yes_no(value):
    """A flag as "yes" / "no" (from a bool or its text); anything else as it is."""
    if _blank(value):
        return None
    text = str(value).strip().lower()
    return "yes" if text in _YES else "no" if text in _NO else value


def typed_column(values: pd.Series, symbol: str, name: str) -> list:
    """Numbers as numbers, the symbol as is, blanks as None; other text is an error."""
    out = []
    for value in values:
        if _blank(value):
            out.append(None)
        elif isinstance(value, str) and value.strip() == symbol:
            out.append(symbol)
        else:
            number = as_number(value)
            if number is None:
                raise ValueError(f"tables workbook: column {name!r} is numeric but holds the text "
                                 f"{value!r} (only numbers and {symbol!r} may stand there)")
            out.append(number)
    return out


def with_status(table: pd.DataFrame, quantities: Sequence[str], symbol: str,
                value: str | None = "value") -> pd.DataFrame:
    """``table`` with its quantity columns typed and a ``status`` column after them.

    ``value``: the column whose non-numeric text (a list such as the ranking)
    moves to ``value_text``; None when the table has no such column.
    """
    table = table.copy().reset_index(drop=True)
    text_values = [None] * len(table)
    if value is not None and value in table.columns:
        for index, cell in enumerate(table[value]):
            if not _blank(cell) and as_number(cell) is None and str(cell).strip() != symbol:
                text_values[index] = str(cell)
                table.at[index, value] = None
    present = [c for c in quantities if c in table.columns]
    for column in present:
        table[column] = pd.Series(typed_column(table[column], symbol, column), dtype=object)
    for column in LABEL_COLUMNS:
        if column in table.columns:
            table[column] = [None if _blank(v) else str(v) for v in table[column]]
    for column in YES_NO_COLUMNS:
        if column in table.columns:
            table[column] = [yes_no(v) for v in table[column]]
    # Columns as lists: a cell looked up row by row in the frame cost seconds on the trace sheets.
    rows = zip(*(table[c].tolist() for c in present)) if present else ((),) * len(table)
    comparable = table["comparable"].tolist() if "comparable" in table.columns else None
    values = table[value].tolist() if value in table.columns else None
    statuses = []
    for index, row in enumerate(rows):
        if any(cell == symbol for cell in row):
            statuses.append(status_hidden(symbol))
        elif comparable is not None and comparable[index] == "no":
            statuses.append(STATUS_NOT_COMPARED)
        elif text_values[index] is not None:
            statuses.append(STATUS_LIST)
        elif values is not None and values[index] is None:
            statuses.append(STATUS_NONE)
        else:
            statuses.append(STATUS_SHOWN)
    after = table.columns.get_loc(present[-1]) + 1 if present else len(table.columns)
    if value is not None and any(t is not None for t in text_values):
        table.insert(table.columns.get_loc(value) + 1, "value_text", text_values)
        after += 1
    table.insert(after, "status", statuses)
    return table


def with_labels(table: pd.DataFrame, label: Callable[[str], str], source: str = "statistic_id",
                column: str = "label") -> pd.DataFrame:
    """A readable label column right after the id column ``source``."""
    if source not in table.columns or column in table.columns:
        return table
    table = table.copy()
    table.insert(table.columns.get_loc(source) + 1, column,
                 [label(str(v)) if not _blank(v) else None for v in table[source]])
    return table


def split_answers(table: pd.DataFrame, symbol: str, keep: int = 3) -> pd.DataFrame:
    """The per-authority table with each answer column split in two: the number (or the
    symbol) and the answer's status (the status words where no number was given)."""
    out = table.iloc[:, :keep].copy()
    for column in table.columns[keep:]:
        numbers, statuses = [], []
        for cell in table[column]:
            number = as_number(cell)
            if number is not None:
                numbers.append(number)
                statuses.append(STATUS_REPORTED)
            elif isinstance(cell, str) and cell.strip() == symbol:
                numbers.append(symbol)
                statuses.append(f"reported, {status_hidden(symbol)}")
            else:
                numbers.append(None)
                statuses.append(None if _blank(cell) else str(cell))
        out[column] = pd.Series(numbers, dtype=object)
        out[f"{column} (status)"] = statuses
    return out


def reproduction_with_values(table: pd.DataFrame, reproduction: pd.DataFrame,
                             symbol: str) -> pd.DataFrame:
    """Published and computed numbers beside their printed forms (rows as in ``reproduction``)."""
    if reproduction.empty:  # a round with no published figures yet
        return table
    if len(table) != len(reproduction):
        raise ValueError("tables workbook: the reproduction table and reproduction.csv differ "
                         f"in length ({len(table)} and {len(reproduction)} rows)")
    table = table.rename(columns={"Published": "Published (as printed)",
                                  "Computed": "Computed (as printed)",
                                  "Id": "Statistic id"}).reset_index(drop=True)
    if "Statistic id" not in table.columns:  # the workbook keeps ids beside the labels
        at = table.columns.get_loc("Statistic") + 1 if "Statistic" in table.columns else 0
        table.insert(at, "Statistic id", list(reproduction["statistic_id"]))
    published = [as_number(v) for v in reproduction["published_value"]]
    computed = [symbol if str(shown).strip() == symbol else as_number(v)
                for v, shown in zip(reproduction["computed_value"],
                                    table["Computed (as printed)"])]
    at = table.columns.get_loc("Computed (as printed)") + 1
    table.insert(at, "Published value", pd.Series(published, dtype=object))
    table.insert(at + 1, "Computed value", pd.Series(computed, dtype=object))
    return table


# --- a round's sheets and the series sheets --------------------------------------------------------


def round_sheets(data, hidden=lambda round_id, statistic_id: False) -> list[Sheet]:
    """The publication tables of one round (``foi_missing.publication.report.RoundData``).

    ``hidden(round_id, statistic_id)`` says which by-nation statistics disclosure
    control hides (decided once, across rounds, by ``foi_missing.publication.series_report``).
    """
    from foi_missing.publication import report
    from foi_missing.publication.disclosure import STATISTIC_FIGURES, mask_rows
    from foi_missing.publication.report_sections.coverage import coverage_table
    from foi_missing.publication.report_sections.quality import qa_list
    from foi_missing.publication.report_sections.trace import trace_sheet_name

    symbol = data.rule.symbol
    tables = report.publication_tables(data)
    statistics = mask_rows(tables["statistics"], symbol,
                           lambda row: hidden(data.round_id, row.statistic_id), STATISTIC_FIGURES)
    findings = qa_list(data)
    rid = data.round_id
    return [
        Sheet(f"{rid} statistics", with_status(statistics, STATISTIC_QUANTITIES, symbol),
              f"Round {rid}: every national, by-nation and by-period statistic with its bounds "
              "(per-authority figures are on the authorities sheet)."),
        Sheet(f"{rid} coverage", coverage_table(data),
              f"Round {rid}: authorities asked, replied and giving each figure, and why the "
              "others gave none, by nation."),
        Sheet(f"{rid} reproduction",
              reproduction_with_values(tables["reproduction"], data.reproduction, symbol),
              f"Round {rid}: each published figure beside the computed one, with the result."),
        Sheet(f"{rid} QA summary", tables["QA summary"],
              f"Round {rid}: data-quality findings counted by rule and severity."),
        Sheet(f"{rid} QA findings", findings,
              f"Round {rid}: every data-quality finding (numbers that could be hidden counts "
              f"masked)."),
        Sheet(f"{rid} authorities", split_answers(tables["authorities"], symbol),
              f"Round {rid}: each authority's answer to each question (the number, and its "
              "status beside it), with disclosure control."),
        Sheet(trace_sheet_name(rid), trace_table(data),
              f"Round {rid}: every answer behind each headline figure, with the reply file and "
              "the place in it (the round page shows the first rows of each figure)."),
    ]


def trace_table(data) -> pd.DataFrame:
    """Every answer behind each headline figure of a round, one row per answer: the figure,
    the authority, the question and period, how it answered, the number counted (the symbol
    where disclosure control hides it), the range of a withheld number, and the reply file
    with the place in it. The round page shows the first rows of each figure."""
    from foi_missing.publication.report_sections.labels import status_label
    from foi_missing.publication.report_sections.statistic_text import statistic_label
    from foi_missing.publication.report_sections.trace import trace_answers, traced_statistics

    symbol = data.rule.symbol
    rows = []
    for sid in traced_statistics(data):
        figure = statistic_label(sid)
        for record in trace_answers(data, sid):
            value = record["value"]
            rows.append({
                "figure": figure, "statistic_id": sid, "authority": record["authority"],
                "question": record["asked"], "period": record["period"] or None,
                "answer": status_label(record["status"]),
                "number_counted": symbol if value is not None and record["hidden"] else value,
                "lower": record["lower"], "upper": record["upper"],
                "reply_file": record["file"] or None, "place": record["place"] or None,
            })
    columns = ["figure", "statistic_id", "authority", "question", "period", "answer",
               "number_counted", "lower", "upper", "reply_file", "place"]
    return with_status(pd.DataFrame(rows, columns=columns), ("number_counted", "lower", "upper"),
                       symbol, value="number_counted")


def series_sheets(tables: dict[str, pd.DataFrame], symbol: str) -> list[Sheet]:
    """The cross-round tables (``series_report.publication_tables``), typed and labelled."""
    from foi_missing.publication.report_sections.statistic_text import statistic_label

    shaped = {}
    if "statistics" in tables:
        shaped["statistics"] = with_status(with_labels(tables["statistics"], statistic_label),
                                           SERIES_STATISTIC_QUANTITIES, symbol)
    if "changes" in tables:
        shaped["changes"] = with_status(with_labels(tables["changes"], statistic_label),
                                        CHANGE_QUANTITIES, symbol, value="to_value")
    if "like_for_like" in tables:
        table = tables["like_for_like"].copy()
        if {"cohort", "measure"} <= set(table.columns):
            table.insert(table.columns.get_loc("measure") + 1, "label",
                         [statistic_label(f"{c}_{m}") for c, m in zip(table["cohort"],
                                                                      table["measure"])])
        shaped["like_for_like"] = with_status(table, LIKE_FOR_LIKE_QUANTITIES, symbol,
                                              value="to_value")
    if "differences" in tables:  # its "change" is words (what changed), not a number
        shaped["differences"] = tables["differences"].rename(columns={"change": "what_changed"})
    for name, table in tables.items():
        shaped.setdefault(name, table)
    descriptions = {
        "statistics": "Across rounds: every national and by-nation statistic of every round.",
        "changes": "Across rounds: each statistic's change between consecutive rounds "
                   "(all respondents of each round).",
        "like_for_like": "Across rounds: changes over the authorities that gave the figure in "
                         "both rounds (like for like).",
        "differences": "Across rounds: what changed between rounds (questions, cohorts, "
                       "authorities asked, period lengths) and what it means for comparisons.",
    }
    return [Sheet(f"series {name.replace('_', ' ')}", table,
                  descriptions.get(name, f"Across rounds: {name.replace('_', ' ')}."))
            for name, table in sorted(shaped.items())]
