"""Excel workbooks (.xlsx): the request's template returned filled in, in every variation."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from foi_missing.readers.base import ReaderError, ReplyContent, first_council_clue
from foi_missing.readers.codebook import QuestionMatcher
from foi_missing.readers.table import Cell, Grid, answers_from_grid, clean_cell_text, find_header


def read_xlsx(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    workbook = _open(path)
    answers, clues = [], []
    try:
        grids = [sheet_grid(sheet) for sheet in workbook.worksheets]
        # Beside an answer table, other sheets hold notes ("Q2: Withheld under s40(2)").
        has_table = any(find_header(grid) is not None for grid in grids)
        for grid in grids:
            result = answers_from_grid(grid, matcher, notes_only=has_table)
            answers.extend(result.answers)
            clue = first_council_clue(result.other_text)
            if clue is not None:
                clues.append(clue)
    finally:
        workbook.close()
    # The letterhead is the first council name met (a cover sheet comes first).
    return ReplyContent(tuple(answers), tuple(clues[:1]))


def _open(path: Path):
    try:
        # data_only: a formula cell gives the figure the council saw, not "=SUM(..)".
        return load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise ReaderError(f"not a readable .xlsx workbook ({type(error).__name__}: {error})") from None


def sheet_grid(sheet) -> Grid:
    """The sheet's used range as text cells, with merged ranges marked."""
    spans, covered = _merged_ranges(sheet)
    grid: Grid = []
    for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=sheet.max_column):
        cells = []
        for cell in row:
            coordinate = f"{get_column_letter(cell.column)}{cell.row}"
            location = f"{sheet.title}!{coordinate}"
            if (cell.row, cell.column) in covered:
                cells.append(Cell("", location, covered=True))
            else:
                rows = spans.get((cell.row, cell.column), 1)
                cells.append(Cell(clean_cell_text(cell.value), location, rows_spanned=rows))
        grid.append(cells)
    return grid


def _merged_ranges(sheet) -> tuple[dict[tuple[int, int], int], set[tuple[int, int]]]:
    spans: dict[tuple[int, int], int] = {}
    covered: set[tuple[int, int]] = set()
    for merged in sheet.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = merged.max_row - merged.min_row + 1
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if (row, column) != (merged.min_row, merged.min_col):
                    covered.add((row, column))
    return spans, covered
