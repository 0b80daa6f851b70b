"""PDF replies (.pdf): the text layer as a letter, ruled tables cell by cell.

A PDF without a text layer is a scan: only a person (or OCR, which this
pipeline does not run) can read it, so it is refused with the reason
"scanned, no text layer". Pages beyond :data:`MAX_PAGES` are not read, and
the reply says so.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from foi_missing.ingest.readers.base import RawAnswer, ReaderError, ReplyContent
from foi_missing.ingest.readers.cells import Cell, Grid, clean_cell_text
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.document import (
    Lines,
    merge_answers,
    read_located_letter,
    read_table,
)
from foi_missing.ingest.readers.pdf_aligned import read_aligned_tables
from foi_missing.ingest.readers.pdf_chars import use_fast_chars

# pdfminer logs a warning for every flaw it works round in a council's PDF
# ("Could not get FontBBox ..."); the reader reports what matters itself.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

MAX_PAGES = 200
SCANNED = "scanned, no text layer"
# A vertical gap between two lines wider than this share of the line's height
# is a paragraph break (a blank line in a plain letter).
PARAGRAPH_GAP = 0.6
# A question's heading above its table wraps over a few lines at most.
MAX_HEADING_LINES = 4


def read_pdf(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    try:
        with pdfplumber.open(path) as pdf:
            return _read(pdf, matcher)
    except ReaderError:
        raise
    except Exception as error:  # noqa: BLE001
        # pdfminer meets a malformed file with almost any exception type
        # (PDFSyntaxError, KeyError, zlib.error, struct.error ...); pdfplumber
        # wraps some of them. Whatever it is, this one file is unreadable.
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ReaderError("encrypted PDF (password protected): ask the council for an "
                              "unprotected copy or code by hand") from None
        raise ReaderError(f"not a readable PDF ({type(cause).__name__}: {cause})") from None


def _read(pdf, matcher: QuestionMatcher) -> ReplyContent:
    pages = pdf.pages
    lines: Lines = []
    table_answers: list[RawAnswer] = []
    table_clues = []
    scanned_pages = []
    has_text = False
    tail = ""  # the previous page's last paragraph, when nothing follows it on that page
    for number, page in enumerate(pages[:MAX_PAGES], start=1):
        use_fast_chars(page)
        if not any(char["text"].strip() for char in page.chars):
            if page.images:
                scanned_pages.append(number)
            continue
        has_text = True
        text_area = page
        tables = page.find_tables()
        for index, table in enumerate(tables, start=1):
            heading = heading_above(page, table.bbox, [t.bbox for t in tables[: index - 1]])
            # A table opening its page: its heading may end the page before.
            reading = read_table(table_grid(table, number, index), matcher, "PDF",
                                 heading or (tail if index == 1 else ""))
            if reading is None:
                continue  # a box round the text: its text is part of the letter
            table_answers.extend(reading.answers)
            if reading.clue is not None:
                table_clues.append(reading.clue)
            text_area = text_area.outside_bbox(table.bbox)
        if text_area is page:  # no ruled table: perhaps one laid out without lines
            aligned, text_area = read_aligned_tables(page, number, matcher)
            table_answers.extend(aligned)
        page_text, text_bottom = page_lines_and_bottom(text_area, number)
        lines.extend(page_text)
        lines.append(("", f"page {number} end"))  # a paragraph ends with its page
        below_tables = all(text_bottom > table.bbox[3] for table in tables)
        tail = last_paragraph(page_text) if below_tables else ""
    if not has_text:
        raise ReaderError(SCANNED)
    letter = read_located_letter(lines, matcher)
    answers = merge_answers(letter.answers, table_answers, footnotes=(text for text, _ in lines))
    answers += [RawAnswer(None, "", f"page {n}", reason=f"page {n} {SCANNED}") for n in scanned_pages]
    if len(pages) > MAX_PAGES:
        answers.append(RawAnswer(None, "", f"page {MAX_PAGES + 1}",
                                 reason=f"PDF has {len(pages)} pages: only the first {MAX_PAGES} were read"))
    return ReplyContent(tuple(answers), letter.name_clues + tuple(table_clues[:1]))


def heading_above(page, bbox, earlier: list) -> str:
    """The paragraph right above a table on its page (its lines), unless an earlier table lies between."""
    if bbox[1] < 1:
        return ""
    lines = page.crop((0, 0, page.width, bbox[1])).extract_text_lines(return_chars=False)
    lines = [line for line in lines if not any(other[3] > line["top"] for other in earlier)
             and not PAGE_NUMBER.match(line["text"])]
    paragraph = lines[-1:]
    for line in reversed(lines[-MAX_HEADING_LINES:-1]):
        if paragraph[0]["top"] - line["bottom"] > PARAGRAPH_GAP * (line["bottom"] - line["top"]):
            break
        paragraph.insert(0, line)
    return "\n".join(line["text"] for line in paragraph)


# A running page number ("Page 2 of 3", "2 of 3", "- 2 -"): no part of any answer.
PAGE_NUMBER = re.compile(r"^\s*(?:page\s+\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*(?:of|/)\s*\d+|-\s*\d+\s*-)\s*$",
                         re.IGNORECASE)


def page_lines_and_bottom(page, number: int) -> tuple[Lines, float]:
    """The page's text lines as ("text", "page N line M"), a blank line between paragraphs,
    page numbers left out; and where the last of them ends."""
    lines: Lines = []
    previous = None
    for index, line in enumerate(page.extract_text_lines(return_chars=False), start=1):
        if PAGE_NUMBER.match(line["text"]):
            continue
        if previous is not None:
            gap = line["top"] - previous["bottom"]
            if gap > PARAGRAPH_GAP * (previous["bottom"] - previous["top"]):
                lines.append(("", f"page {number} line {index - 1}"))
        lines.append((line["text"], f"page {number} line {index}"))
        previous = line
    return lines, previous["bottom"] if previous is not None else 0.0


def last_paragraph(lines: Lines) -> str:
    """The text of the last paragraph of a page's lines."""
    texts: list[str] = []
    for text, _ in reversed(lines):
        if not text:
            break
        texts.insert(0, text)
    return "\n".join(texts)


def table_grid(table, page: int, number: int) -> Grid:
    """pdfplumber's table as cells; a cell merged over others leaves them covered (None)."""
    rows = table.rows
    texts = table.extract()
    grid: Grid = []
    for r, (row, row_texts) in enumerate(zip(rows, texts)):
        cells = []
        for c, (bbox, text) in enumerate(zip(row.cells, row_texts)):
            where = f"page {page} table {number} R{r + 1}C{c + 1}"
            if bbox is None:
                cells.append(Cell("", where, covered=True))
                continue
            bottom = bbox[3]
            # Rows that start above this cell's bottom edge lie inside it (a vertical merge).
            height = 1 + sum(1 for later in rows[r + 1:] if later.bbox[1] < bottom - 1)
            cells.append(Cell(clean_cell_text(text), where, rows_spanned=height))
        grid.append(cells)
    return grid
