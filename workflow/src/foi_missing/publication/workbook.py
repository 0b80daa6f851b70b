"""``results/tables.xlsx``: every publication table on its own sheet, byte-for-byte reproducible.

Sheets: ``README`` (what the workbook holds, how to read it, sources,
symbols, a line per sheet), ``statistics defined`` (every statistic from the registry:
:mod:`foi_missing.publication.statistic_definitions`), then per round ``<round> statistics``,
``<round> reproduction``, ``<round> QA summary``, ``<round> QA findings``,
``<round> authorities`` (the per-authority table with disclosure control,
:mod:`foi_missing.publication.disclosure`) and ``<round> trace`` (every answer behind each
headline figure, with its reply file and place; the round page shows the first rows), then ``series <name>`` for each cross-round
table when there are any. :mod:`foi_missing.publication.workbook_sheets` shapes the
tables: numbers stored as numbers, the disclosure symbol ``[c]`` in an
otherwise numeric column with a status column beside it, labels beside ids.

Safety: reply text is written by outsiders, and text that a spreadsheet
could run as a formula (:func:`could_run_as_formula`: starting with ``=`` or
``@``, a tab or carriage return, or ``+``/``-`` unless it is a signed number
or a phrase led by one) is stored as text with a leading apostrophe
(``'=SUM(A1)`` is written as the 10-character string ``'=SUM(A1)``), so it
shows, prints and exports as text and never runs; the README says so.
Numbers are never neutralised: they are written as numbers. Characters that
XML cannot hold are removed.

Determinism: saved with :func:`foi_missing.core.xlsx_file.save_workbook` (fixed
document and zip timestamps), so the same tables give the same bytes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from foi_missing.core.xlsx_file import save_workbook
from foi_missing.publication.report_sections.labels import date_words

SIGNED_NUMBER_PHRASE = re.compile(r"^[+-]\s*\d")
# What a formula needs to do anything: a function call "NAME(", a reference to another sheet
# or program ("!", "|"), a comparison or concatenation.
FORMULA_PARTS = re.compile(r"[=!|@&\"]|[A-Za-z_.]\(")
NEUTRALISER = "'"
MAX_WIDTH = 60
MIN_WIDTH = 6

HEADERS = {
    "statistic_id": "Statistic id",
    "label": "Statistic",
    "value": "Value",
    "lower": "Lower bound",
    "upper": "Upper bound",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "authorities": "Authorities contributing",
    "text": "As printed",
    "round": "Round",
    "period": "Period",
    "status": "Status",
    "value_text": "Value (text)",
}


def could_run_as_formula(text: str) -> bool:
    """Would a spreadsheet read this text, typed or imported, as a formula?

    Text starting with ``=`` or ``@`` (or a tab or carriage return) would. Text
    starting with ``+`` or ``-`` would unless it is a signed number or a phrase
    led by one ("-3% from 217 to 211", "+44 20 7946 0000") without a formula's
    working parts (a function call ``NAME(``, ``= ! | @ & "``): those are shown
    as typed at worst.
    """
    if text.startswith(("=", "@", "\t", "\r")):
        return True
    if text.startswith(("+", "-")):
        return not (SIGNED_NUMBER_PHRASE.match(text) and not FORMULA_PARTS.search(text))
    return False


def neutralise(value):
    """Text that a spreadsheet could run as a formula, made plain text (see module docstring);
    numbers are never touched."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if could_run_as_formula(value):
        return NEUTRALISER + value
    return value


# The same texts recur thousands of times in a workbook (statuses, names, ids).
_neutral_text = functools.lru_cache(maxsize=65536)(neutralise)


def cell_value(value):
    """A table value as written: numbers stay numbers, empties are blank, text is neutralised."""
    if type(value) is str:  # the commonest case first
        return _neutral_text(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return None if pd.isna(value) else (int(value) if value.is_integer() and abs(value) < 2**53 else value)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return cell_value(value.item())
    if isinstance(value, int):
        return value
    return neutralise(str(value))


def header_text(column) -> str:
    column = str(column)
    if column in HEADERS:
        return HEADERS[column]
    return column[:1].upper() + column[1:].replace("_", " ")


def sheet_title(name: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    title = re.sub(r"[\[\]:*?/\\]", "-", name).strip("'")[:31] or "Sheet"
    taken = {t.lower() for t in taken}
    base, number = title, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title = base[: 31 - len(suffix)] + suffix
        number += 1
    return title


@dataclass
class Sheet:
    name: str
    table: pd.DataFrame
    description: str = ""


BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F0F0F0")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


def _write_table(ws, table: pd.DataFrame) -> None:
    headers = [header_text(c) for c in table.columns]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP_TOP
    widths = [len(h) for h in headers]
    for values in table.itertuples(index=False):
        row = [cell_value(v) for v in values]
        ws.append(row)
        for index, value in enumerate(row):
            if value is not None:
                widths[index] = max(widths[index], len(str(value)))
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
        if width > MAX_WIDTH:
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = WRAP_TOP
    ws.freeze_panes = "A2"
    if len(table.columns) and len(table):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table) + 1}"


def _write_notes(ws, notes: Sequence[tuple[str, str]]) -> None:
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    for key, text in notes:
        ws.append([cell_value(key), cell_value(text)])
        row = ws.max_row
        ws.cell(row, 1).font = BOLD
        ws.cell(row, 1).alignment = TOP
        ws.cell(row, 2).alignment = WRAP_TOP


def build_workbook(sheets: Sequence[Sheet], notes: Sequence[tuple[str, str]],
                   creator: str = "foi-missing pipeline") -> Workbook:
    """A workbook with the README sheet first (notes, then a line per sheet), then the tables."""
    workbook = Workbook()
    notes_ws = workbook.active
    notes_ws.title = README_SHEET
    taken = [README_SHEET]
    titles = []
    for sheet in sheets:
        title = sheet_title(sheet.name, taken)
        taken.append(title)
        titles.append(title)
    listing = [(title, sheet.description) for title, sheet in zip(titles, sheets)]
    _write_notes(notes_ws, list(notes) + [("", ""), ("Sheets", "")] + listing)
    for title, sheet in zip(titles, sheets):
        _write_table(workbook.create_sheet(title), sheet.table)
    workbook.properties.creator = creator
    workbook.properties.lastModifiedBy = creator
    return workbook


# --- the project's tables workbook ---------------------------------------------------------------


README_SHEET = "README"


def readme_rows(rounds: Sequence, rule) -> list[tuple[str, str]]:
    """The README sheet: what the workbook holds and how to read it."""
    from foi_missing.core.vocabulary import STATUS_LABELS

    rows = [
        ("foi-missing tables", ("Figures of the FOI studies of trafficked and unaccompanied "
                                "children going missing from care in the UK, as computed by the "
                                "foi-missing pipeline from the councils' replies.")),
        ("How to read", ("Each sheet is one table; the list of sheets is below. Numbers are "
                         "stored as numbers (negatives too), so they sort, filter and add up. "
                         f"A cell hidden by disclosure control holds the text {rule.symbol} in "
                         "an otherwise numeric column; the Status column beside says why a row "
                         "has no number. Ids (statistic, cohort, measure) have a readable label "
                         "beside them.")),
        ("Behind the tables", ("The pipeline's working CSVs: results/<round>/statistics.csv, "
                               "reproduction.csv, qa.csv and answers.csv, and results/series/. "
                               "Those are not disclosure-controlled; this workbook is.")),
    ]
    for data in rounds:
        spec = data.spec
        publishers = ", ".join(spec.report.get("publishers", []))
        source = (f"{spec.report['title']} ({publishers}, "
                  f"{date_words(spec.report.get('published', ''))})")
        rows.append((f"Round {data.round_id}", f"Source report: {source}. Replies: "
                     + ("RECONSTRUCTED - synthetic per-authority answers made by the project's "
                        "documented generator so that national totals equal the published ones; "
                        "no per-authority figure is a real council's answer."
                        if spec.reconstructed else "the councils' real replies.")))
    rows += [
        ("Symbol " + rule.symbol,
         f"Hidden by disclosure control: {rule.describe()}."),
        ("Status", ("Beside the numbers: \"shown\"; \"withheld: " + rule.symbol + " (disclosure "
                    "control)\"; \"no figure\" (nothing to compute); on the authorities sheets "
                    "the council's answer where it gave no number.")),
        ("withheld (a–b)", ("The council itself withheld a small number and gave this range "
                           "(e.g. \"fewer than 5\" is 1–4).")),
        ("Answer words", "; ".join(STATUS_LABELS.values()) + "."),
        ("Text starting with '", ("Text (never a number) that a spreadsheet could run as a "
                                 "formula, for example reply text starting with = or @, is "
                                 "stored with a leading apostrophe so that it stays text; the "
                                 "apostrophe is not part of the original text.")),
        ("Bounds", ("Lower and upper bounds: where a figure would lie had the small numbers "
                   "councils withheld been disclosed.")),
    ]
    return rows


def write_tables_workbook(path: str | Path, rounds: Sequence, series=None, rule=None) -> None:
    """``results/tables.xlsx`` from the rounds' report data and the series
    (``foi_missing.publication.series_report.SeriesData``), all with disclosure control applied."""
    from foi_missing.publication.disclosure import DisclosureRule
    from foi_missing.publication.series_report import nation_disclosure, publication_tables
    from foi_missing.publication.statistic_definitions import definitions_table
    from foi_missing.publication.workbook_sheets import round_sheets, series_sheets

    rule = rule or (rounds[0].rule if rounds else DisclosureRule())
    hidden = nation_disclosure(series).is_hidden if series is not None else (lambda r, s: False)
    sheets = [Sheet("statistics defined", definitions_table(),
                    "Every statistic: its label, id, what it is, how it is printed, what a rate "
                    "or mean divides, and where it comes from.")]
    for data in rounds:
        sheets += round_sheets(data, hidden)
    if series is not None:
        sheets += series_sheets(publication_tables(series), rule.symbol)
    save_workbook(build_workbook(sheets, readme_rows(rounds, rule)), path)
