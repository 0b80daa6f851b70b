"""Reply files the reader tests write themselves."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook


def workbook(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    """An .xlsx with a sheet per entry of ``sheets`` (rows of cell values; None leaves a cell
    empty) and the cell ranges of ``merges`` merged."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(r, c, value)
        for cell_range in (merges or {}).get(title, []):
            sheet.merge_cells(cell_range)
    book.save(path)
    return path
