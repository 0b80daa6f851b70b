"""``results/tables.xlsx``: every publication table on its own sheet, byte-for-byte reproducible.

Sheets: ``Notes`` (sources, symbols, what each sheet holds), then per round
``<round> statistics``, ``<round> reproduction``, ``<round> QA summary``,
``<round> QA findings`` and ``<round> authorities`` (the per-authority table
with disclosure control, :mod:`foi_missing.disclosure`), then
``series <name>`` for each cross-round table when there are any.

Safety: a text cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or
carriage return) could run as a formula when a spreadsheet program reads
it, and reply text is written by outsiders. Such text is stored as text with
a leading apostrophe (``'=SUM(A1)`` is written as the 10-character string
``'=SUM(A1)``), so it shows, prints and exports as text and never runs; the
Notes sheet says so. Characters that XML cannot hold are removed.

Determinism: openpyxl stamps the current time into ``docProps/core.xml``
and into every zip entry. :func:`save_workbook` rewrites both with a fixed
time (``SOURCE_DATE_EPOCH`` when set, else 2000-01-01 00:00:00 UTC) and
stores the entries in a fixed order with fixed attributes, so the same
tables give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
DEFAULT_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
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
}


def neutralise(value):
    """Text that a spreadsheet could run as a formula, made plain text (see module docstring)."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(FORMULA_STARTS):
        return NEUTRALISER + value
    return value


def cell_value(value):
    """A table value as written: numbers stay numbers, empties are blank, text is neutralised."""
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
    """A workbook with the Notes sheet first (notes, then a line per sheet), then the tables."""
    workbook = Workbook()
    notes_ws = workbook.active
    notes_ws.title = "Notes"
    taken = ["Notes"]
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


def fixed_time() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    return DEFAULT_TIME


_CORE_TIME = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def save_workbook(workbook: Workbook, path: str | Path, when: dt.datetime | None = None) -> None:
    """Save with fixed document and zip timestamps (the same tables give the same bytes)."""
    when = when or fixed_time()
    workbook.properties.created = when
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    zip_time = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "docProps/core.xml":
                data = _CORE_TIME.sub(lambda m: m.group(1) + stamp + m.group(3), data)
            info = zipfile.ZipInfo(name, date_time=zip_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


# --- the project's tables workbook ---------------------------------------------------------------


def round_sheets(data, hidden=lambda round_id, statistic_id: False) -> list[Sheet]:
    """The publication tables of one round (``foi_missing.report.RoundData``).

    ``hidden(round_id, statistic_id)`` says which by-nation statistics disclosure
    control hides (decided once, across rounds, by ``foi_missing.series_report``).
    """
    from foi_missing import report
    from foi_missing.disclosure import STATISTIC_FIGURES, mask_rows

    tables = report.publication_tables(data)
    tables["statistics"] = mask_rows(tables["statistics"], data.rule.symbol,
                                     lambda row: hidden(data.round_id, row.statistic_id),
                                     STATISTIC_FIGURES)
    findings = report.qa_list(data)
    rid = data.round_id
    return [
        Sheet(f"{rid} statistics", tables["statistics"],
              f"Round {rid}: every national, by-nation and by-period statistic with its bounds "
              "(per-authority figures are on the authorities sheet)."),
        Sheet(f"{rid} reproduction", tables["reproduction"],
              f"Round {rid}: each published figure beside the computed one, with the result."),
        Sheet(f"{rid} QA summary", tables["QA summary"],
              f"Round {rid}: data-quality findings counted by rule and severity."),
        Sheet(f"{rid} QA findings", findings,
              f"Round {rid}: every data-quality finding (numbers that could be hidden counts "
              f"masked)."),
        Sheet(f"{rid} authorities", tables["authorities"],
              f"Round {rid}: each authority's answer to each question, with disclosure control."),
    ]


def notes_rows(rounds: Sequence, rule) -> list[tuple[str, str]]:
    from foi_missing.report import STATUS_LABELS

    rows = [
        ("Tables", ("Figures of the FOI studies of trafficked and unaccompanied children going "
                   "missing from care in the UK, as computed by the foi-missing pipeline.")),
    ]
    for data in rounds:
        spec = data.spec
        publishers = ", ".join(spec.report.get("publishers", []))
        source = f"{spec.report['title']} ({publishers}, {spec.report.get('published', '')})"
        rows.append((f"Round {data.round_id}", f"Source report: {source}. Replies: "
                     + ("RECONSTRUCTED - synthetic per-authority answers made by the project's "
                        "documented generator so that national totals equal the published ones; "
                        "no per-authority figure is a real council's answer."
                        if spec.reconstructed else "the councils' real replies.")))
    rows += [
        ("Symbol " + rule.symbol,
         f"Hidden by disclosure control: {rule.describe()}."),
        ("withheld (a–b)", ("The council itself withheld a small number and gave this range "
                           "(e.g. \"fewer than 5\" is 1–4).")),
        ("Status words", "; ".join(f"{label}" for label in STATUS_LABELS.values()) + "."),
        ("Text starting with '", ("Text that begins with =, +, - or @ (for example from a reply) "
                                 "is stored with a leading apostrophe so that no spreadsheet "
                                 "program runs it as a formula; the apostrophe is not part of "
                                 "the original text.")),
        ("Bounds", ("Lower and upper bounds: where a figure would lie had the small numbers "
                   "councils withheld been disclosed.")),
    ]
    return rows


def write_tables_workbook(path: str | Path, rounds: Sequence, series=None, rule=None) -> None:
    """``results/tables.xlsx`` from the rounds' report data and the series
    (``foi_missing.series_report.SeriesData``), all with disclosure control applied."""
    from foi_missing.disclosure import DisclosureRule
    from foi_missing.series_report import nation_disclosure, publication_tables

    rule = rule or (rounds[0].rule if rounds else DisclosureRule())
    hidden = nation_disclosure(series).is_hidden if series is not None else (lambda r, s: False)
    sheets: list[Sheet] = []
    for data in rounds:
        sheets += round_sheets(data, hidden)
    series_tables = publication_tables(series) if series is not None else {}
    for name, table in sorted(series_tables.items()):
        sheets.append(Sheet(f"series {name}", table, f"Across rounds: {name.replace('_', ' ')}."))
    save_workbook(build_workbook(sheets, notes_rows(rounds, rule)), path)
