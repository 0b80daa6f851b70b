"""Word documents (.docx): paragraphs as a letter, tables cell by cell, in body order.

Legacy formats (.doc, .rtf, .odt) have no reader: a person saves them as .docx
or codes them by hand. A .docx is a zip file; its members' sizes are checked
before anything is unpacked, so that a zip bomb is refused, not expanded.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import OpcError
from docx.table import Table
from docx.text.paragraph import Paragraph

from foi_missing.readers.base import NoReaderError, ReaderError, ReplyContent, first_council_clue
from foi_missing.readers.codebook import QuestionMatcher
from foi_missing.readers.document import Lines, merge_answers, read_located_letter, read_table
from foi_missing.readers.table import Cell, Grid, clean_cell_text

# Limits for the unpacked document: a council's letter is well under these.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBER_RATIO = 200  # uncompressed / compressed size of one member
MAX_MEMBERS = 5000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

LEGACY_FORMATS = {
    ".doc": "legacy Word .doc",
    ".rtf": "Rich Text Format .rtf",
    ".odt": "OpenDocument .odt",
}


def read_legacy_document(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    what = LEGACY_FORMATS.get(path.suffix.lower(), f"{path.suffix} document")
    raise NoReaderError(f"no reader for {what} files: save it as .docx or code by hand")


def read_docx(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    check_zip(path, ".docx document")
    try:
        document = docx.Document(str(path))
    # lxml's XMLSyntaxError is a SyntaxError.
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, SyntaxError, OpcError) as error:
        raise ReaderError(f"not a readable .docx document ({type(error).__name__}: {error})") from None
    lines: Lines = []
    table_answers, table_clues = [], []
    paragraph_number = table_number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            paragraph_number += 1
            lines.append((block.text, f"paragraph {paragraph_number}"))
        elif isinstance(block, Table):
            table_number += 1
            grid = table_grid(block, table_number)
            reading = read_table(grid, matcher, "Word")
            if reading is None:  # a layout table: its text is part of the letter
                lines.extend((c.text, c.location) for row in grid for c in row if c.text)
                continue
            table_answers.extend(reading.answers)
            if reading.clue is not None:
                table_clues.append(reading.clue)
            lines.append(("", f"table {table_number}"))  # keeps the paragraphs around it apart
    letter = read_located_letter(lines, matcher)
    answers = merge_answers(letter.answers, table_answers)
    clues = [*letter.name_clues, *table_clues[:1]]
    if (header := header_clue(document)) is not None:
        clues.insert(0, header)  # the letterhead is usually the page header
    return ReplyContent(tuple(answers), tuple(clues))


def header_clue(document):
    lines = []
    for section in document.sections[:1]:
        for paragraph in section.header.paragraphs:
            lines.append((paragraph.text, "page header"))
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
            texts[id(cell._tc)] = clean_cell_text(cell.text)
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


def check_zip(path: Path, what: str) -> None:
    """Refuse what is not a zip file, and zip bombs, before unpacking anything."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC:
        raise ReaderError(f"not a {what}: an OLE file (a legacy .doc, or a password-protected "
                          "document): save it as .docx or code by hand")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ReaderError(f"not a readable {what} ({type(error).__name__}: {error})") from None
    if len(members) > MAX_MEMBERS:
        raise ReaderError(f"refused as a possible zip bomb: {len(members)} members in the {what}")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise ReaderError(f"refused as a possible zip bomb: the {what} unpacks to {total:,} bytes "
                          f"(limit {MAX_UNPACKED_BYTES:,})")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > MAX_MEMBER_RATIO:
            raise ReaderError(f"refused as a possible zip bomb: {member.filename} unpacks "
                              f"{ratio:.0f} times its packed size")
