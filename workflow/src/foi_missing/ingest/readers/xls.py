"""Old Excel workbooks (.xls, Excel 97-2003) read with xlrd into the same grids as .xlsx.

xlrd reads the whole file into memory, so the file's size is checked first. A
file named .xls that is really a zip is an .xlsx workbook and is read as one; one
that is a web page (what many case-management systems export as "Excel") is read
as the HTML it is.
"""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path

import xlrd
from xlrd.compdoc import CompDocError

from foi_missing.ingest.readers.archive import MAX_UNPACKED_BYTES
from foi_missing.ingest.readers.base import ReaderError, ReplyContent
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.html import read_html
from foi_missing.ingest.readers.xlsx import grid_of_cells, read_sheet_grids, read_xlsx

_ZIP_MAGIC = b"PK\x03\x04"
_SNIFFED_BYTES = 1024
# A web page: its first markup is <html>, <!DOCTYPE html>, or a <table> (no OLE file starts so).
_HTML = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|table|head|body)\b",
                   re.IGNORECASE | re.DOTALL)
_EMPTY = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)


def read_xls(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    size = path.stat().st_size
    if size > MAX_UNPACKED_BYTES:
        raise ReaderError(f"refused: the .xls workbook is {size:,} bytes (limit {MAX_UNPACKED_BYTES:,})")
    with path.open("rb") as handle:
        head = handle.read(_SNIFFED_BYTES)
    if head.startswith(_ZIP_MAGIC):  # saved as .xlsx, named .xls
        return read_xlsx(path, matcher)
    if _HTML.search(head):
        return read_html(path, matcher)
    try:
        # formatting_info: merged ranges are kept only with it; logfile: xlrd's warnings are not ours.
        book = xlrd.open_workbook(str(path), formatting_info=True, logfile=io.StringIO())
        try:
            sheets = book.sheets()
            grids = [grid_of_cells(sheet.name, _values(sheet, book.datemode), _merged(sheet)) for sheet in sheets]
            titles = [sheet.name for sheet in sheets]
        finally:
            book.release_resources()
    except ReaderError:
        raise
    # xlrd raises its own error for what it recognises as wrong, and plain ones for damage it meets.
    except (xlrd.XLRDError, CompDocError, struct.error, OSError, ValueError, IndexError, KeyError,
            AssertionError, UnicodeDecodeError, TypeError, OverflowError, EOFError, NotImplementedError) as error:
        raise ReaderError(f"not a readable .xls workbook ({type(error).__name__}: {error})") from None
    return read_sheet_grids(grids, titles, matcher)


def _values(sheet, datemode: int) -> dict[tuple[int, int], object]:
    """The cells that hold a value, by (row, column) from 1, as openpyxl gives an .xlsx's."""
    values: dict[tuple[int, int], object] = {}
    for r in range(sheet.nrows):
        for c, (kind, value) in enumerate(zip(sheet.row_types(r), sheet.row_values(r), strict=True)):
            if kind in _EMPTY or value == "":
                continue
            if kind == xlrd.XL_CELL_DATE:
                try:
                    value = xlrd.xldate_as_datetime(value, datemode)
                except (xlrd.xldate.XLDateError, OverflowError, ValueError):
                    pass  # a number formatted as a date that no date is: the number
            elif kind == xlrd.XL_CELL_BOOLEAN:
                value = bool(value)
            elif kind == xlrd.XL_CELL_ERROR:
                value = xlrd.error_text_from_code.get(value, "#ERROR")  # "#N/A", as Excel shows it
            values[(r + 1, c + 1)] = value
    return values


def _merged(sheet) -> list[tuple[int, int, int, int]]:
    # xlrd: (first row, row after the last, first column, column after the last), from 0.
    return [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sheet.merged_cells]
