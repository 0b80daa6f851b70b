"""OpenDocument files: text documents (.odt) read as Word's are, spreadsheets (.ods) as workbooks.

An OpenDocument file is a zip whose ``content.xml`` holds the body. The zip is
checked before anything is unpacked (readers/archive.py), the part's size
before it is read, and the XML is parsed without entities, DTDs or network
access. Repeated rows and cells (a spreadsheet's "the next 1,048,576 rows are
empty") are never expanded: only cells that hold something are placed.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from lxml import etree

from foi_missing.ingest.readers.archive import check_zip
from foi_missing.ingest.readers.base import ReaderError, ReplyContent, first_council_clue
from foi_missing.ingest.readers.cells import (
    MAX_GRID_COLUMNS,
    MAX_GRID_ROWS,
    Cell,
    Grid,
    clean_cell_text,
)
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.document import DocumentTable, read_paragraphs_and_tables
from foi_missing.ingest.readers.odf_numbering import ListNumbers, list_styles
from foi_missing.ingest.readers.xlsx import MAX_MEMBER_BYTES, grid_of_cells, read_sheet_grids

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


_P, _H, _LIST, _LIST_ITEM, _LIST_HEADER = (_q("text:p"), _q("text:h"), _q("text:list"),
                                           _q("text:list-item"), _q("text:list-header"))
_SECTION, _TABLE, _ROW, _CELL, _COVERED = (_q("text:section"), _q("table:table"), _q("table:table-row"),
                                           _q("table:table-cell"), _q("table:covered-table-cell"))
_ROW_GROUPS = {_q("table:table-header-rows"), _q("table:table-rows"), _q("table:table-row-group")}
_SPACE, _TAB, _BREAK = _q("text:s"), _q("text:tab"), _q("text:line-break")
# Not the text as it reads: notes and comments, and the deleted text of tracked changes.
_LEFT_OUT = {_q("text:note"), _q("office:annotation"), _q("text:tracked-changes"), _q("text:changed-region")}
# A paragraph's or cell's text is a reply's sentence or figure, never pages of spaces.
MAX_SPACES = 1_000

KINDS = {".odt": ("OpenDocument text", ".odt document"), ".ods": ("OpenDocument spreadsheet", ".ods spreadsheet")}


def read_odt(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    body = _body(path, "text")
    styles = _styles(path)
    numbers = ListNumbers(list_styles(body.getroottree().getroot(), styles))
    content = read_paragraphs_and_tables(_blocks(body, numbers), matcher, "OpenDocument")
    header = first_council_clue([(text, "page header") for text in _header_lines(styles)])
    if header is not None:  # the letterhead is usually the page header
        content = ReplyContent(content.answers, (header, *content.name_clues), content.findings)
    return content


def read_ods(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    body = _body(path, "spreadsheet")
    sheets = body.findall(_TABLE)
    titles = [sheet.get(_q("table:name")) or f"Sheet{number}" for number, sheet in enumerate(sheets, start=1)]
    grids = []
    for sheet, title in zip(sheets, titles, strict=True):
        values, merged = _table_cells(sheet, title)
        grids.append(grid_of_cells(title, values, merged))
    return read_sheet_grids(grids, titles, matcher)


def _parse_member(path: Path, member: str) -> etree._Element | None:
    """The member's XML root (None if the file has no such member); ReaderError if it is unreadable."""
    what = KINDS[path.suffix.lower()][1]
    check_zip(path, what)  # not a zip, an OLE file, a zip bomb
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                info = archive.getinfo(member)
            except KeyError:
                return None
            if info.file_size > MAX_MEMBER_BYTES:
                raise ReaderError(f"{what} part {member!r} unpacks to {info.file_size:,} bytes "
                                  f"(more than {MAX_MEMBER_BYTES:,})")
            return etree.fromstring(archive.read(info), parser)
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, EOFError, ValueError, NotImplementedError,
            etree.XMLSyntaxError) as error:
        raise ReaderError(f"not a readable {what} ({type(error).__name__}: {error})") from None


def _body(path: Path, kind: str) -> etree._Element:
    what = KINDS[path.suffix.lower()][1]
    root = _parse_member(path, "content.xml")
    body = None if root is None else root.find(f"{_q('office:body')}/{_q('office:' + kind)}")
    if body is None:
        raise ReaderError(f"not a readable {what} (no office:{kind} body in content.xml)")
    return body


def _styles(path: Path) -> etree._Element | None:
    try:
        return _parse_member(path, "styles.xml")
    except ReaderError:
        return None  # the body was readable; a damaged styles part loses only styles and letterhead


def _header_lines(root: etree._Element | None) -> list[str]:
    """The first page style's header paragraphs (styles.xml), where the letterhead usually is."""
    if root is None:
        return []
    page = root.find(f"{_q('office:master-styles')}/{_q('style:master-page')}")
    if page is None:
        return []
    header = page.find(_q("style:header-first"))
    if header is None:
        header = page.find(_q("style:header"))
    return [] if header is None else [text_of(p) for p in header.iter(_P, _H)]


def _blocks(body: etree._Element, numbers: ListNumbers) -> Iterator[tuple[str, str] | DocumentTable]:
    """Paragraphs (also in lists, with their numbers, and sections) and tables, in body order,
    numbered as in Word."""
    count = {"paragraph": 0, "table": 0}

    def walk(element: etree._Element, style: str | None, level: int, label: str = "") -> Iterator:
        for child in element.iterchildren(tag=etree.Element):
            if child.tag in (_P, _H):
                count["paragraph"] += 1
                yield label + text_of(child), f"paragraph {count['paragraph']}"
                label = ""  # an item's number goes before its first paragraph only
            elif child.tag == _TABLE:
                count["table"] += 1
                name = f"table {count['table']}"
                yield DocumentTable(table_grid(child, name), name)
            elif child.tag == _LIST:
                inner = child.get(_q("text:style-name")) or style  # a list inside a list keeps its style
                numbers.start_list(child, inner, level + 1)
                yield from walk(child, inner, level + 1)
            elif child.tag == _LIST_ITEM:
                yield from walk(child, style, level, numbers.label(child, style, level))
            elif child.tag in (_LIST_HEADER, _SECTION):
                yield from walk(child, style, level)

    return walk(body, None, 0)


def text_of(element: etree._Element) -> str:
    """A paragraph's text as it reads: spaces (text:s), tabs and line breaks as such."""
    pieces = [element.text or ""]
    for child in element.iterchildren():
        if child.tag in _LEFT_OUT or not isinstance(child.tag, str):
            pass
        elif child.tag == _SPACE:
            pieces.append(" " * min(_count(child, "text:c"), MAX_SPACES))
        elif child.tag == _TAB:
            pieces.append("\t")
        elif child.tag == _BREAK:
            pieces.append("\n")
        else:  # spans, links, fields: their text in place
            pieces.append(text_of(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _count(element: etree._Element, attribute: str) -> int:
    value = element.get(_q(attribute), "1")
    try:
        return max(int(value), 1)
    except ValueError:
        raise ReaderError(f"{attribute}={value!r} is not a count") from None


def table_grid(table: etree._Element, name: str) -> Grid:
    """A text document's table, every row and column of it, merged cells covered (as Word's)."""
    values, merged = _table_cells(table, name)
    spans = {(r, c): r2 - r + 1 for r, c, r2, _ in merged}
    covered = {(row, column) for r, c, r2, c2 in merged for row in range(r, r2 + 1)
               for column in range(c, c2 + 1) if (row, column) != (r, c)}
    rows = max((r for r, _ in [*values, *spans, *covered]), default=0)
    columns = max((c for _, c in [*values, *spans, *covered]), default=0)
    columns = max(columns, _declared_columns(table))
    if rows > MAX_GRID_ROWS:
        raise ReaderError(f"{name} has {rows:,} rows (more than {MAX_GRID_ROWS:,})")
    return [[Cell("", f"{name} R{r}C{c}", covered=True) if (r, c) in covered
             else Cell(clean_cell_text(values.get((r, c), "")), f"{name} R{r}C{c}", rows_spanned=spans.get((r, c), 1))
             for c in range(1, columns + 1)] for r in range(1, rows + 1)]


def _declared_columns(table: etree._Element) -> int:
    """Columns the table declares, where that is a believable number (Word-like tables)."""
    declared = sum(_count(column, "table:number-columns-repeated")
                   for column in table.iterchildren(_q("table:table-column")))
    return declared if declared <= MAX_GRID_COLUMNS else 0


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    for child in table.iterchildren(tag=etree.Element):
        if child.tag == _ROW:
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from _rows(child)


def _table_cells(table: etree._Element, title: str):
    """The cells that hold a value, by (row, column) from 1, and merged ranges (r1, c1, r2, c2).

    Empty cells and rows are counted, not placed, however often they repeat; a
    cell or row with content repeated past the grid's limits is refused."""
    values: dict[tuple[int, int], object] = {}
    merged: list[tuple[int, int, int, int]] = []
    row_number = placed = 0
    for row in _rows(table):
        cells = _row_cells(row)
        repeat = _count(row, "table:number-rows-repeated")
        if cells:
            placed += repeat
            if placed > MAX_GRID_ROWS:
                raise ReaderError(f"table {title!r} has more than {MAX_GRID_ROWS:,} rows with content")
            for _ in range(repeat):
                row_number += 1
                for column, value, span in cells:
                    if value not in (None, ""):
                        values[(row_number, column)] = value
                    if span != (1, 1):
                        merged.append((row_number, column, row_number + span[0] - 1, column + span[1] - 1))
        else:
            row_number += repeat
    return values, merged


def _row_cells(row: etree._Element) -> list[tuple[int, object, tuple[int, int]]]:
    """(column, value, (rows, columns) spanned) of the row's cells with content or a merge."""
    found = []
    column = 0
    for cell in row.iterchildren(_CELL, _COVERED):
        repeat = _count(cell, "table:number-columns-repeated")
        value = _cell_value(cell) if cell.tag == _CELL else None
        span = (_count(cell, "table:number-rows-spanned"), _count(cell, "table:number-columns-spanned"))
        if value in (None, "") and span == (1, 1):
            column += repeat
            continue
        if column + repeat > MAX_GRID_COLUMNS:
            raise ReaderError(f"a table row has more than {MAX_GRID_COLUMNS:,} columns with content")
        for _ in range(repeat):
            column += 1
            found.append((column, value, span))
    return found


def _cell_value(cell: etree._Element) -> object:
    """The cell's value as a spreadsheet holds it (12.0, a date), else its text."""
    kind = cell.get(_q("office:value-type"))
    try:
        if kind in ("float", "percentage", "currency") and cell.get(_q("office:value")) is not None:
            return float(cell.get(_q("office:value")))
        if kind == "date" and cell.get(_q("office:date-value")):
            moment = datetime.fromisoformat(cell.get(_q("office:date-value")))
            return moment.date() if moment == datetime.combine(moment.date(), datetime.min.time()) else moment
        if kind == "boolean" and cell.get(_q("office:boolean-value")) is not None:
            return cell.get(_q("office:boolean-value")) == "true"
    except ValueError:
        pass  # a value that does not parse: the text the council saw
    paragraphs = [text_of(p) for p in cell.iter(_P, _H)]
    return "\n".join(paragraphs)

