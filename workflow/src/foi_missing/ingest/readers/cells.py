"""A table's cells as the readers see them, and the header words that say what a column holds.

Every table reader (worksheets, CSV, PDF, Word and HTML tables, tables typed in
text) turns its input into a grid of :class:`Cell`; ``readers.table`` finds the
answers in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from foi_missing.ingest.readers.base import RawAnswer


@dataclass(frozen=True)
class Cell:
    text: str
    location: str
    # A merged range's top-left cell records how many rows the range spans;
    # the other cells of the range are ``covered`` and hold no text.
    rows_spanned: int = 1
    covered: bool = False


Grid = list[list[Cell]]

# Text kept per cell: an answer is a figure or a sentence, never pages.
MAX_CELL_CHARS = 2_000
# Rows and columns in use that a grid may have: far more than any reply's table,
# few enough that the search stays quick.
MAX_GRID_ROWS = 5_000
MAX_GRID_COLUMNS = 200

# Header names, compared after lower-casing and dropping punctuation.
_HEADER_ROLES = {
    "label": {"question", "q", "qn", "qu", "no", "ref", "reference", "question no",
              "question number", "question ref", "q no", "item", "id"},
    "wording": {"description", "desc", "question text", "question wording", "wording",
                "details", "detail", "request", "information requested", "question description"},
    "answer": {"answer", "answers", "response", "responses", "resp", "ans", "figure", "figures",
               "number", "numbers", "reply", "value", "count", "total", "data", "result", "return"},
    "notes": {"notes", "note", "comments", "comment", "remarks", "additional information",
              "explanation", "narrative", "council comments"},
    # A column (or row) giving the period each answer is for.
    "period": {"year", "years", "period", "periods", "financial year", "time period",
               "reporting period", "date range", "calendar year"},
}
# Header roles that say what a table's column (or row) holds.
QUESTION_ROLES = ("label", "wording")
_TOTAL = {"total", "totals", "grand total", "sum", "all years", "overall"}


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def header_role(text: str) -> str | None:
    key = _key(text)
    for role, names in _HEADER_ROLES.items():
        if key in names:
            return role
    # "Answer (number)", "Response from council": the leading word decides.
    words = key.split(" ") if key else [""]
    if words[0] in {"answer", "response", "figure", "reply"}:
        return "answer"
    if words[0] in {"notes", "comments"}:
        return "notes"
    # "Council response", "Our answer", "Additional comments": a short heading ending so.
    if len(words) <= 5 and words[-1] in {"response", "responses", "answer", "answers", "reply"}:
        return "answer"
    if len(words) <= 5 and words[-1] in {"notes", "comments", "remarks"}:
        return "notes"
    return None


def is_total(text: str) -> bool:
    return _key(text) in _TOTAL


@dataclass
class TableResult:
    answers: list[RawAnswer] = field(default_factory=list)
    # Text outside the answer table (letterhead rows, cover sheets), kept for
    # finding the council's name.
    other_text: list[tuple[str, str]] = field(default_factory=list)
    # Why no answer was found, when none was ("table: no answer column found").
    reason: str = ""


def texts_of(rows: Grid) -> list[tuple[str, str]]:
    return [(c.text, c.location) for row in rows for c in row if c.text]


def clean_cell_text(value: object) -> str:
    """A cell's content as text: 12.0 -> "12", "'12" -> "12", '"12 "' -> "12"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):  # dates typed into an answer cell
        text = value.isoformat()
        return text.removesuffix("T00:00:00")
    text = " ".join(str(value).split())
    # Numbers typed as text: a leading apostrophe, or the figure in quotes.
    text = text.removeprefix("'").removeprefix("\u2019")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()
    return text


def capped_cell_text(value: object) -> str:
    """``clean_cell_text`` cut to MAX_CELL_CHARS (a cell is an answer, not a document)."""
    text = clean_cell_text(value)
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS].rstrip() + " [...]"


def horizontal_span(row: list[Cell], column: int) -> int:
    """How many columns the cell at ``column`` spans (merged across the covered cells after it)."""
    span = 1
    while column + span < len(row) and row[column + span].covered:
        span += 1
    return span


def cell_at(row: list[Cell], column: int | None) -> Cell | None:
    if column is None or column >= len(row):
        return None
    return row[column]


def next_cell_covered(row: list[Cell], cell: Cell) -> bool:
    position = next(i for i, c in enumerate(row) if c is cell)
    return position + 1 < len(row) and row[position + 1].covered
