"""Excel workbooks (.xlsx): the request's template returned filled in, in every variation.

A workbook is a zip of XML parts that openpyxl loads whole, so a hostile or
broken file is checked first: the zip (readers/archive.py), every part's
unpacked size, and the area of its merged ranges (openpyxl makes one object per merged
cell). Only the cells that hold something are read: a stray value at XFD1048576
costs one cell, not a grid of a million rows.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from foi_missing.ingest.readers.archive import check_zip
from foi_missing.ingest.readers.base import (
    FileFinding,
    RawAnswer,
    ReaderError,
    ReplyContent,
    first_council_clue,
)
from foi_missing.ingest.readers.cells import (
    MAX_GRID_COLUMNS,
    MAX_GRID_ROWS,
    Cell,
    Grid,
    capped_cell_text,
)
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.table import answers_from_grid, has_answer_table

# Limits far above any real reply, low enough that a crafted file cannot exhaust
# memory (readers/archive.py checks the whole zip and each part's compression).
MAX_MEMBER_BYTES = 50_000_000
MAX_MERGED_CELLS = 200_000
# Runs of empty rows or columns longer than this are shortened in the grid: a
# blank gap separates two tables whatever its width.
MAX_BLANK_RUN = 2

# A formula cell saved without its value (a file written by a program, not Excel):
# the <f> element ends the cell, no <v> follows.
_UNCACHED_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)\s*</(?:\w+:)?c>")
UNCACHED_FORMULA_TEXT = "[a formula saved without its value: open the file in Excel to see it]"
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


# A cell holding only a count (not a year): a sheet with one holds figures someone may need.
_BARE_FIGURE = re.compile(r"^\s*(?!(?:19|20)\d\d\s*$)\d{1,3}(?:,?\d{3})*\s*$")


def read_xlsx(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    uncached = check_archive(path)
    # Rare: only then is the workbook loaded a second time, for where those formulas are.
    formulas = _formula_cells(path) if uncached else {}
    workbook = _open(path)
    try:
        grids = [sheet_grid(sheet, formulas.get(sheet.title, set())) for sheet in workbook.worksheets]
        titles = [sheet.title for sheet in workbook.worksheets]
    finally:
        workbook.close()
    return read_sheet_grids(grids, titles, matcher)


def read_sheet_grids(grids: list[Grid], titles: list[str], matcher: QuestionMatcher) -> ReplyContent:
    """A workbook's answers from its sheets' grids (any spreadsheet format: .xlsx, .xls, .ods)."""
    answers, clues, reasons, unread = [], [], [], []
    # Beside an answer table, other sheets hold notes ("Q2: Withheld under s40(2)").
    has_table = any(has_answer_table(grid, matcher) for grid in grids)
    for grid, title in zip(grids, titles, strict=True):
        # A sheet named for a question ("Q3") titles the table on it.
        result = answers_from_grid(grid, matcher, notes_only=has_table, heading=title)
        answers.extend(result.answers)
        if result.reason:
            reasons.append((result.reason, grid, title))
        if not result.answers and any(_BARE_FIGURE.match(c.text) for row in grid for c in row):
            unread.append(f'sheet "{title}" holds figures that answer no question'
                          f" ({result.reason or 'no question labels found'}): not read, check it by hand")
        clue = first_council_clue(result.other_text)
        if clue is not None:
            clues.append(clue)
    if not answers and reasons:
        # Nothing found anywhere: say why, for the person who codes it by hand.
        reason, grid, _ = reasons[0]
        if len(reasons) > 1:  # every sheet says why, none dropped unsaid
            reason = "; ".join(f'sheet "{title}": {why}' for why, _, title in reasons)
        first = next((c for row in grid for c in row if c.text), None)
        answers.append(RawAnswer(None, "", first.location if first else "workbook", reason=reason))
    # A sheet of figures beside the answers is never dropped unsaid (an ingest QA finding).
    findings = tuple(FileFinding("warning", message, "no_answers_found") for message in unread) if any(
        a.question for a in answers) else ()
    # The letterhead is the first council name met (a cover sheet comes first).
    return ReplyContent(tuple(answers), tuple(clues[:1]), findings=findings)


def check_archive(path: Path) -> bool:
    """Refuse what is no workbook, or would unpack to too much, before openpyxl opens it.

    Returns whether a sheet holds a formula saved without its value."""
    uncached = False
    check_zip(path, ".xlsx workbook")  # not a zip, an OLE file, a zip bomb
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                if member.file_size > MAX_MEMBER_BYTES:
                    raise ReaderError(f"workbook part {member.filename!r} unpacks to {member.file_size:,} bytes "
                                      f"(more than {MAX_MEMBER_BYTES:,})")
            for member in archive.infolist():
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                    xml = archive.read(member)
                    _check_merged_area(member.filename, xml)
                    uncached = uncached or bool(_UNCACHED_FORMULA.search(xml))
    except ReaderError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, RuntimeError, EOFError,
            ValueError) as error:
        raise ReaderError(f"not a readable .xlsx workbook ({type(error).__name__}: {error})") from None
    return uncached


def _formula_cells(path: Path) -> dict[str, set[tuple[int, int]]]:
    """Sheet title -> (row, column) of every formula cell, from the workbook's formulas."""
    try:
        with path.open("rb") as handle:
            workbook = load_workbook(handle, data_only=False)
    except (zipfile.BadZipFile, zlib.error, InvalidFileException, KeyError, OSError, ValueError,
            SyntaxError, TypeError):  # the data_only load below reports what is wrong
        return {}
    try:
        return {sheet.title: {position for position, cell in sheet._cells.items()
                              if cell.data_type == "f"}
                for sheet in workbook.worksheets}
    finally:
        workbook.close()


def _check_merged_area(member: str, xml: bytes) -> None:
    area = 0
    for match in _MERGE_REF.finditer(xml):
        ref = match.group(1).decode("ascii")
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        area += (max_col - min_col + 1) * (max_row - min_row + 1)
        if area > MAX_MERGED_CELLS:
            raise ReaderError(f"workbook part {member!r} merges more than {MAX_MERGED_CELLS:,} cells "
                              f"(range {ref})")


def _open(path: Path):
    try:
        # data_only: a formula cell gives the figure the council saw, not "=SUM(..)".
        # An open file: openpyxl would refuse a workbook named .xls by its name alone.
        with path.open("rb") as handle:
            return load_workbook(handle, data_only=True)
    # SyntaxError: XML that does not parse; TypeError: a value openpyxl's types refuse.
    except (zipfile.BadZipFile, zlib.error, InvalidFileException, KeyError, OSError, ValueError,
            SyntaxError, TypeError) as error:
        raise ReaderError(f"not a readable .xlsx workbook ({type(error).__name__}: {error})") from None


def sheet_grid(sheet, formula_cells: set[tuple[int, int]] = frozenset()) -> Grid:
    """The sheet's cells that hold a value, as a grid of text cells with merged ranges marked.

    Only used rows and columns are kept (long empty runs shortened), so the
    grid's size follows the content, not the sheet's dimensions.
    """
    values = {
        position: cell.value
        for position, cell in sheet._cells.items()  # only the cells the file holds
        if cell.value is not None and cell.value != ""
    }
    for position in formula_cells:  # saved without a value: say so, not "blank"
        values.setdefault(position, UNCACHED_FORMULA_TEXT)
    merged = [
        (m.min_row, m.min_col, m.max_row, m.max_col)
        for m in sheet.merged_cells.ranges
    ]
    return grid_of_cells(sheet.title, values, merged)


def grid_of_cells(title: str, values: dict[tuple[int, int], object],
                  merged: list[tuple[int, int, int, int]]) -> Grid:
    """A sheet's grid from the values of the cells that hold one, by (row, column) from 1, and
    its merged ranges (min_row, min_col, max_row, max_col); locations as Excel names them."""
    used_rows = {row for row, _ in values}
    used_columns = {column for _, column in values}
    for min_row, min_col, max_row, max_col in merged:
        # A merge's corners, so that the cells it covers are in the grid even when blank.
        used_rows.update((min_row, max_row))
        used_columns.update((min_col, max_col))
    if len(used_rows) > MAX_GRID_ROWS:
        raise ReaderError(f"sheet {title!r} uses {len(used_rows):,} rows (more than {MAX_GRID_ROWS:,})")
    if len(used_columns) > MAX_GRID_COLUMNS:
        raise ReaderError(f"sheet {title!r} uses {len(used_columns):,} columns "
                          f"(more than {MAX_GRID_COLUMNS:,})")
    rows = _kept_indices(used_rows)
    columns = _kept_indices(used_columns)
    spans, covered = _merged_cells(merged, rows, columns)
    grid: Grid = []
    for row in rows:
        cells = []
        for column in columns:
            location = f"{title}!{get_column_letter(column)}{row}"
            if (row, column) in covered:
                cells.append(Cell("", location, covered=True))
            else:
                text = capped_cell_text(values.get((row, column)))
                cells.append(Cell(text, location, rows_spanned=spans.get((row, column), 1)))
        grid.append(cells)
    return grid


def _kept_indices(used: set[int]) -> list[int]:
    """Rows (or columns) 1..last used, with every run of empty ones cut to MAX_BLANK_RUN."""
    kept: list[int] = []
    previous = 0
    for index in sorted(used):
        gap = index - previous - 1
        kept.extend(range(previous + 1, previous + 1 + min(gap, MAX_BLANK_RUN)))
        kept.append(index)
        previous = index
    return kept


def _merged_cells(merged, rows: list[int], columns: list[int]):
    """Rows each merge spans in the grid (by its top-left cell), and the grid cells merges cover."""
    spans: dict[tuple[int, int], int] = {}
    covered: set[tuple[int, int]] = set()
    for min_row, min_col, max_row, max_col in merged:
        span_rows = [r for r in rows if min_row <= r <= max_row]
        span_columns = [c for c in columns if min_col <= c <= max_col]
        spans[(min_row, min_col)] = len(span_rows)
        covered.update((r, c) for r in span_rows for c in span_columns if (r, c) != (min_row, min_col))
    return spans, covered
