"""Word documents (.docx): paragraphs as a letter, tables cell by cell, in body order.

Legacy Word files (.doc) have no reader: a person saves them as .docx
or codes them by hand. A .docx is a zip file; its members' sizes are checked
before anything is unpacked, so that a zip bomb is refused, not expanded.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import docx
from docx.exceptions import PythonDocxError
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.table import Table

from foi_missing.ingest.readers.archive import check_zip
from foi_missing.ingest.readers.base import (
    NoReaderError,
    ReaderError,
    ReplyContent,
    first_council_clue,
)
from foi_missing.ingest.readers.cells import Cell, Grid, clean_cell_text
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.document import DocumentTable, read_paragraphs_and_tables
from foi_missing.ingest.readers.docx_numbering import Numbering

LEGACY_FORMATS = {
    ".doc": "legacy Word .doc",
}


def read_legacy_document(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    what = LEGACY_FORMATS.get(path.suffix.lower(), f"{path.suffix} document")
    raise NoReaderError(f"no reader for {what} files: save it as .docx or code by hand")


def read_docx(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    check_zip(path, ".docx document")
    try:
        return _read_document(docx.Document(str(path)), matcher)
    # lxml's XMLSyntaxError is a SyntaxError; python-docx raises the others for a
    # missing part or a malformed attribute (a gridSpan that is not a number);
    # zipfile for a damaged member (zlib.error, an unknown compression method).
    except (KeyError, ValueError, IndexError, OSError, EOFError, NotImplementedError, zlib.error,
            zipfile.BadZipFile, SyntaxError, OpcError, PythonDocxError) as error:
        raise ReaderError(f"not a readable .docx document ({type(error).__name__}: {error})") from None


def _read_document(document, matcher: QuestionMatcher) -> ReplyContent:
    content = read_paragraphs_and_tables(_blocks(document), matcher, "Word")
    if (header := header_clue(document)) is not None:
        # The letterhead is usually the page header.
        content = replace(content, name_clues=(header, *content.name_clues))
    return content


def _blocks(document) -> Iterator[tuple[str, str] | DocumentTable]:
    paragraph_number = table_number = 0
    numbering = Numbering(document)  # "1." of an automatically numbered list is no text
    for block in body_blocks(document.element.body):
        if block.tag == _P:
            paragraph_number += 1
            yield numbering.label(block) + paragraph_text(block), f"paragraph {paragraph_number}"
        else:
            table_number += 1
            yield DocumentTable(table_grid(Table(block, document), table_number), f"table {table_number}")


_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_DELETED = qn("w:del")
_TEXT = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}


def body_blocks(parent) -> Iterator:
    """The body's paragraphs and tables in order, also inside content controls (form fields)."""
    for child in parent.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from body_blocks(content)


def paragraph_text(paragraph) -> str:
    """The paragraph's text as it now reads: tracked insertions in, tracked deletions out.

    (python-docx's ``Paragraph.text`` leaves out runs inside ``<w:ins>``.)
    """
    pieces = []
    for element in paragraph.iter(*_TEXT):
        if next(element.iterancestors(_DELETED), None) is not None:
            continue
        pieces.append(_TEXT[element.tag] or element.text or "")
    return "".join(pieces)


def header_clue(document):
    lines = []
    for section in document.sections[:1]:
        # A letter's first page often has a header of its own (the letterhead).
        for header in (section.first_page_header, section.header):
            if not header.is_linked_to_previous:
                lines.extend((paragraph.text, "page header") for paragraph in header.paragraphs)
    return first_council_clue(lines)


def table_grid(table: Table, number: int) -> Grid:
    """The table's cells; python-docx repeats a merged cell in each grid cell it spans: covered."""
    layout = []
    for row in table.rows:
        cells = [None] * row.grid_cols_before + list(row.cells)
        layout.append([c._tc if c is not None else None for c in cells])
    texts = {}
    for row in table.rows:
        for cell in row.cells:
            text = "\n".join(paragraph_text(p) for p in cell._tc.iterchildren(_P))
            texts[id(cell._tc)] = clean_cell_text(text)
    grid: Grid = []
    for r, row in enumerate(layout):
        cells = []
        for c, tc in enumerate(row):
            where = f"table {number} R{r + 1}C{c + 1}"
            left = row[c - 1] if c > 0 else None
            above = layout[r - 1][c] if r > 0 and c < len(layout[r - 1]) else None
            if tc is None:
                cells.append(Cell("", where))
            elif tc is left or tc is above:
                cells.append(Cell("", where, covered=True))
            else:
                height = 1
                while (r + height < len(layout) and c < len(layout[r + height])
                       and layout[r + height][c] is tc):
                    height += 1
                cells.append(Cell(texts[id(tc)], where, rows_spanned=height))
        grid.append(cells)
    return grid
