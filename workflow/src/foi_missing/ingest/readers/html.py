"""HTML replies (.htm/.html files and HTML e-mail bodies): tables as tables, the rest as a letter.

Each innermost ``<table>`` is read cell by cell (``colspan``/``rowspan`` make
covered cells, as merged cells do in a workbook); a table that only lays out
the page (e-mail clients wrap whole letters in tables) stays in the prose.
"""

from __future__ import annotations

import html
import re
import warnings
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

from foi_missing.ingest.readers.base import NameClue, ReaderError, ReplyContent
from foi_missing.ingest.readers.cells import Cell, Grid, clean_cell_text
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.document import merge_answers, read_table
from foi_missing.ingest.readers.text import read_letter

# A span wider or taller than this is a typing error, not a table: clamped so
# that one cell cannot blow the grid up to millions of cells.
MAX_SPAN = 50


@dataclass(frozen=True)
class HtmlReading:
    content: ReplyContent
    # True when some table answered (or held data for a person): the HTML is
    # then worth more than a plain-text alternative, which flattens tables.
    has_answer_table: bool


def read_html(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    data = path.read_bytes()
    if b"\x00" in data:
        raise ReaderError("binary content (NUL bytes), not an HTML document")
    soup = _soup(data)
    if not soup.get_text(strip=True):
        raise ReaderError("HTML document has no text")
    return read_html_markup(soup, matcher).content


def read_html_markup(markup: str | bytes | BeautifulSoup, matcher: QuestionMatcher,
                     clues: tuple[NameClue, ...] = ()) -> HtmlReading:
    """Answers of one HTML document; bytes are decoded as the document declares (meta charset)."""
    soup = markup if isinstance(markup, BeautifulSoup) else _soup(markup)
    table_answers, table_clues = [], []
    for number, table in enumerate(soup.find_all("table"), start=1):
        if table.find("table") is not None:
            continue  # a layout table round other tables: its own text is prose
        reading = read_table(table_grid(table, number), matcher, "HTML", _title(table, matcher))
        if reading is None:
            continue
        table_answers.extend(reading.answers)
        if reading.clue is not None:
            table_clues.append(reading.clue)
        # Not flattened into the letter: a blank paragraph keeps the text around it apart.
        table.replace_with(soup.new_tag("p", attrs={_READ_TABLE: ""}))
    text = html_to_text(soup.decode())
    letter = read_letter(text, matcher, clues)
    answers = merge_answers(letter.answers, table_answers, footnotes=text.splitlines())
    content = ReplyContent(tuple(answers), letter.name_clues + tuple(table_clues[:1]))
    return HtmlReading(content, bool(table_answers))


MAX_HEADING_CHARS = 400  # a question's heading, not a page of text
_READ_TABLE = "data-foi-read-table"  # marks where a table already read stood


_INLINE = {"b", "strong", "em", "i", "u", "span", "font", "a", "small", "big", "sup", "sub"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "caption", "div"}


def _heading_above(table) -> str:
    """The paragraph right above a table ("<p><b>Q3.</b> How many ...?</p>" whole), unless
    another table stood between them."""
    text = table.find_previous(string=lambda s: bool(s.strip()))
    if text is None:
        return ""
    between = text.find_next(lambda tag: tag is table or tag.has_attr(_READ_TABLE))
    if between is not table:
        return ""
    block = text.parent
    while block is not None and block.name in _INLINE:
        block = block.parent
    if block is None or block.name not in _BLOCKS or any(parent is block for parent in table.parents):
        return str(text)  # a block round the table too holds more than the heading
    whole = block.get_text(" ", strip=True)
    return whole if whole and len(whole) <= MAX_HEADING_CHARS else str(text)


def _title(table, matcher: QuestionMatcher) -> str:
    """What a table is titled by: its caption, unless the text above it names a question ("Q3")."""
    above = _heading_above(table)
    if above and (matcher.leading_label(above) or matcher.label(above)):
        return above
    return _caption(table) or above


def _caption(table) -> str:
    """A table's own title (``<caption>``), which says what its figures are as a heading above would."""
    caption = table.find("caption")
    if caption is None or caption.find_parent("table") is not table:
        return ""
    text = caption.get_text(" ", strip=True)
    return text if len(text) <= MAX_HEADING_CHARS else ""


def _soup(markup: str | bytes) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(markup, "lxml")


def table_grid(table, number: int) -> Grid:
    """The table's cells row by row; the cells a colspan/rowspan covers are marked ``covered``."""
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    placed: dict[tuple[int, int], Cell] = {}
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in placed:
                c += 1
            width = _span(td.get("colspan"))
            height = min(_span(td.get("rowspan")), len(rows) - r)
            text = clean_cell_text(td.get_text(" ", strip=True))
            placed[(r, c)] = Cell(text, _where(number, r, c), rows_spanned=height)
            for dr in range(height):
                for dc in range(width):
                    if (dr, dc) != (0, 0):
                        placed[(r + dr, c + dc)] = Cell("", _where(number, r + dr, c + dc), covered=True)
            c += width
    width = max((c for _, c in placed), default=-1) + 1
    return [
        [placed.get((r, c)) or Cell("", _where(number, r, c)) for c in range(width)]
        for r in range(len(rows))
    ]


def _span(value) -> int:
    try:
        span = int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1
    return min(max(span, 1), MAX_SPAN)


def _where(table: int, row: int, column: int) -> str:
    return f"table {table} R{row + 1}C{column + 1}"


# --- HTML to plain text -------------------------------------------------------------------------

_BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "table", "ul", "ol"})


class _TextExtractor(HTMLParser):
    """Visible text, one line per block element or <br>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skip = 0
        # Open lists, innermost last: [next number, type] for <ol>, None for <ul>.
        self._lists: list[list | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"style", "script", "head"}:
            self._skip += 1
        if tag in _BLOCKS:
            self.pieces.append("\n")
        if tag in {"td", "th"}:
            self.pieces.append(" ")
        if tag == "ol":
            values = dict(attrs)
            self._lists.append([_list_start(values.get("start")), (values.get("type") or "1")])
        elif tag == "ul":
            self._lists.append(None)
        elif tag == "li" and self._lists and self._lists[-1] is not None:
            self.pieces.append(self._list_number(dict(attrs)))

    def _list_number(self, attrs: dict) -> str:
        """The number a browser shows before an <ol> item ("2. ", "b) "), as the council saw it.

        A decimal list inside another list is left unnumbered: "1." there is no question.
        """
        current = self._lists[-1]
        number = _list_start(attrs.get("value")) if attrs.get("value") else current[0]
        current[0] = number + 1
        kind = current[1]
        if kind in ("a", "A") and 1 <= number <= 26:
            return f"{chr(ord(kind) + number - 1)}) "
        if kind in ("i", "I") and 1 <= number <= len(_ROMAN):
            numeral = _ROMAN[number - 1]
            return f"({numeral if kind == 'i' else numeral.upper()}) "
        if kind == "1" and len(self._lists) == 1:
            return f"{number}. "
        return ""

    def handle_endtag(self, tag):
        if tag in {"style", "script", "head"}:
            self._skip = max(0, self._skip - 1)
        if tag in {"ol", "ul"} and self._lists:
            self._lists.pop()
        if tag in {"p", "div", "tr", "li", "h1", "h2", "h3", "h4"}:
            self.pieces.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.pieces.append(data)


_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")


def _list_start(value) -> int:
    try:
        return int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.pieces)).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    # Paragraph tags give blank lines between paragraphs, as in a plain letter.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
