"""Tables without ruling lines in a PDF: columns that only the alignment of the text shows.

pdfplumber finds tables by their lines; a table laid out with spaces or invisible borders
reaches the letter reader as lines such as "Q1 12" with the question's wording wrapped
above and below. This module rebuilds such a table as a grid, but only in the one shape
it can tell for certain: question labels down the first column, alone in it, a row per
label (rows set apart by space, or one line each), and columns separated by a gutter no
word of any row crosses. Anything else stays prose. The caller keeps the grid only when
it answers at least two questions (:data:`MIN_QUESTIONS`).
"""

from __future__ import annotations

from dataclasses import dataclass

from foi_missing.ingest.readers.cells import Cell, Grid
from foi_missing.ingest.readers.codebook import QuestionMatcher

# Words whose tops differ by less than this (points) are on one line.
LINE_TOLERANCE = 3.0
# A vertical gap above a line wider than this share of the line's height starts a new row.
ROW_GAP = 0.6
# A gutter between columns is crossed by no word and is wider than both this (points) and
# GUTTER_TO_SPACE times the usual space between words on a line (a space is no gutter).
MIN_GUTTER = 6.0
GUTTER_TO_SPACE = 2.5
# Words that start within this distance of the label column's left edge are in that column.
COLUMN_SLACK = 2.0
MIN_QUESTIONS = 2
# The lines of one cell start (or end, or centre) within this distance (points) of each other.
ALIGNMENT = 3.0


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class TextLine:
    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True)
class AlignedTable:
    grid: Grid
    bbox: tuple[float, float, float, float]


def text_lines(page) -> list[TextLine]:
    words = [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in page.extract_words()]
    lines: list[TextLine] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(word.top - lines[-1].top) < LINE_TOLERANCE:
            lines[-1].words.append(word)
        else:
            lines.append(TextLine([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def aligned_tables(page, page_number: int, matcher: QuestionMatcher) -> list[AlignedTable]:
    """The page's borderless question tables, each as a grid and the area it covers."""
    lines = text_lines(page)
    labelled = [i for i, line in enumerate(lines) if _row_label(line, matcher)]
    if len(labelled) < MIN_QUESTIONS:
        return []
    rows = _rows(lines)
    # The rows holding labels, and the run of rows between the first and the last of them.
    row_of = {i: r for r, row in enumerate(rows) for i in row}
    first, last = row_of[labelled[0]], row_of[labelled[-1]]
    body = rows[first : last + 1]
    header = rows[first - 1] if first > 0 and len(rows[first - 1]) == 1 else None
    table = _table(lines, body, header, matcher, page_number, 1)
    return [table] if table is not None else []


def _row_label(line: TextLine, matcher: QuestionMatcher) -> str | None:
    """The question label that opens the line ("Q1", "Question 2", "3."), or None."""
    for size in (1, 2):
        if len(line.words) >= size:
            head = " ".join(w.text for w in line.words[:size]).rstrip(".:)")
            if (label := matcher.label(head)) is not None:
                return label
    return None


def _rows(lines: list[TextLine]) -> list[list[int]]:
    """Line indexes grouped into rows: a gap wider than ROW_GAP x line height starts a row."""
    rows: list[list[int]] = []
    for i, line in enumerate(lines):
        if rows:
            previous = lines[rows[-1][-1]]
            if line.top - previous.bottom <= ROW_GAP * (previous.bottom - previous.top):
                rows[-1].append(i)
                continue
        rows.append([i])
    return rows


def _table(lines, body, header, matcher, page_number, number) -> AlignedTable | None:
    label_x = min(lines[i].x0 for row in body for i in row if _row_label(lines[i], matcher))
    grouped: list[list[int]] = []
    for row in body:
        labels = [i for i in row if _row_label(lines[i], matcher)]
        if len(labels) == 1:
            grouped.append(row)
        elif len(labels) == len(row):  # no space between rows: a line per row, each labelled
            grouped.extend([i] for i in row)
        else:
            return None  # a row with no label, or two labels and wrapped text: not certain
    for row in grouped:
        for i in row:
            line = lines[i]
            # Only the label may stand in the label column: a line of prose starting at the
            # margin (a wrapped paragraph) is no table row.
            if not _row_label(line, matcher) and line.x0 <= label_x + COLUMN_SLACK:
                return None
    used = [i for row in grouped for i in row] + (header or [])
    columns = _columns([w for i in used for w in lines[i].words], lines)
    if len(columns) < 2:
        return None
    grid: Grid = []
    bands = ([header] if header else []) + grouped
    for r, row in enumerate(bands, start=1):
        cells = []
        for c, (left, right) in enumerate(columns, start=1):
            pieces = [[w for w in lines[i].words if left <= w.x0 and w.x1 <= right] for i in row]
            pieces = [p for p in pieces if p]
            if not _aligned(pieces):
                return None  # a cell's lines neither start, end nor centre alike: two columns run together
            cells.append(Cell(" ".join(w.text for p in pieces for w in p),
                              f"page {page_number} text table {number} R{r}C{c}"))
        grid.append(cells)
    # The label column holds the label alone.
    for row in grid[1 if header else 0 :]:
        if row[0].text and matcher.label(row[0].text.rstrip(".:)")) is None:
            return None
    words = [w for i in used for w in lines[i].words]
    bbox = (min(w.x0 for w in words), min(w.top for w in words), max(w.x1 for w in words),
            max(w.bottom for w in words))
    return AlignedTable(grid, bbox)


def _aligned(pieces: list[list[Word]]) -> bool:
    """The lines of one cell are set left, right or centred alike (as a cell's wrapped text is)."""
    if len(pieces) < 2:
        return True
    edges = [(p[0].x0, p[-1].x1) for p in pieces]
    for values in ([a for a, _ in edges], [b for _, b in edges], [(a + b) / 2 for a, b in edges]):
        if max(values) - min(values) <= ALIGNMENT:
            return True
    return False


def _columns(words: list[Word], lines: list[TextLine]) -> list[tuple[float, float]]:
    """Column extents: the words' x-ranges merged wherever the space between them is no gutter."""
    # The usual space: a low quantile over the whole page, which wide table gaps do not sway.
    spaces = sorted(b.x0 - a.x1 for line in lines for a, b in zip(line.words, line.words[1:]))
    space = spaces[len(spaces) // 4] if spaces else 0.0
    gutter = max(MIN_GUTTER, GUTTER_TO_SPACE * space)
    columns: list[list[float]] = []
    for x0, x1 in sorted((w.x0, w.x1) for w in words):
        if columns and x0 - columns[-1][1] < gutter:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(left, right) for left, right in columns]


def read_aligned_tables(area, page_number: int, matcher: QuestionMatcher):
    """(answers, the area left for the letter): the borderless tables that answer questions.

    A rebuilt grid stands only when it answers at least MIN_QUESTIONS questions; otherwise
    its lines stay in the letter, as before.
    """
    from foi_missing.ingest.readers.document import read_table  # document imports the text reader

    answers = []
    for number, table in enumerate(aligned_tables(area, page_number, matcher), start=1):
        reading = read_table(table.grid, matcher, "PDF")
        if reading is None or len({a.question for a in reading.answers if a.question}) < MIN_QUESTIONS:
            continue
        answers.extend(reading.answers)
        area = area.outside_bbox(table.bbox)
    return answers, area
