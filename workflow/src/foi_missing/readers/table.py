"""Find the answers in a grid of cells (a worksheet or a CSV file).

The request's template is a table ``Question | Description | Answer``; councils
rename, reorder and abbreviate its columns, put letterhead rows above it, or
drop the header and type the answer beside the question's wording. The same
search serves workbooks and CSV exports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from foi_missing.readers.base import RawAnswer
from foi_missing.readers.codebook import QuestionMatcher


@dataclass(frozen=True)
class Cell:
    text: str
    location: str
    # A merged range's top-left cell records how many rows the range spans;
    # the other cells of the range are ``covered`` and hold no text.
    rows_spanned: int = 1
    covered: bool = False


Grid = list[list[Cell]]

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
}


def header_role(text: str) -> str | None:
    key = " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())
    for role, names in _HEADER_ROLES.items():
        if key in names:
            return role
    # "Answer (number)", "Response from council": the leading word decides.
    first = key.split(" ")[0] if key else ""
    if first in {"answer", "response", "figure", "reply"}:
        return "answer"
    if first in {"notes", "comments"}:
        return "notes"
    return None


@dataclass
class TableResult:
    answers: list[RawAnswer] = field(default_factory=list)
    # Text outside the answer table (letterhead rows, cover sheets), kept for
    # finding the council's name.
    other_text: list[tuple[str, str]] = field(default_factory=list)


def find_header(grid: Grid) -> tuple[int, dict[str, int]] | None:
    """The first row naming an answer column and a question (label or wording) column."""
    for index, row in enumerate(grid):
        roles: dict[str, int] = {}
        for column, cell in enumerate(row):
            role = header_role(cell.text) if cell.text else None
            if role is not None and role not in roles:
                roles[role] = column
        if "answer" in roles and ("label" in roles or "wording" in roles):
            return index, roles
    return None


def answers_from_grid(grid: Grid, matcher: QuestionMatcher, notes_only: bool = False) -> TableResult:
    """The answers of one sheet; ``notes_only`` for a sheet beside the answer table (notes)."""
    header = find_header(grid)
    if header is None:
        return _notes_mode(grid, matcher) if notes_only else _beside_mode(grid, matcher)
    header_index, roles = header
    result = TableResult(other_text=_texts(grid[:header_index]))
    for offset, row in enumerate(grid[header_index + 1 :], start=header_index + 1):
        answer = _row_by_roles(row, roles, grid, offset, matcher)
        if answer is not None:
            result.answers.append(answer)
    return result


def _cell(row: list[Cell], column: int | None) -> Cell | None:
    if column is None or column >= len(row):
        return None
    return row[column]


def _row_question(row: list[Cell], roles: dict[str, int], matcher: QuestionMatcher) -> str | None:
    for role in ("label", "wording"):
        cell = _cell(row, roles.get(role))
        if cell is not None and cell.text and (label := matcher.resolve(cell.text)):
            return label
    return None


def _row_by_roles(row, roles, grid, row_index, matcher) -> RawAnswer | None:
    answer_cell = _cell(row, roles["answer"])
    if answer_cell is not None and answer_cell.covered:
        return None  # part of a figure merged down from the row above: see ``covers``
    notes_cell = _cell(row, roles.get("notes"))
    text = answer_cell.text if answer_cell else ""
    notes = notes_cell.text if notes_cell and not notes_cell.covered else ""
    question = _row_question(row, roles, matcher)
    location = answer_cell.location if answer_cell else row[0].location
    if question is None:
        if not text or not any(c.text for c in row if c is not answer_cell):
            return None  # a blank row or a stray figure with nothing to say what it answers
        described = " | ".join(c.text for c in row if c.text)
        return RawAnswer(None, described, location, notes=notes,
                         reason="row names no question of the codebook (or several equally well)")
    covers = ()
    if answer_cell is not None and answer_cell.rows_spanned > 1:
        covers = _merged_covers(grid, roles, row_index, answer_cell.rows_spanned, matcher)
    return RawAnswer(question, text, location, covers=covers, notes=notes)


def _merged_covers(grid, roles, row_index, height, matcher) -> tuple[str, ...]:
    """Labels of the question rows one merged answer cell spans (a combined figure)."""
    labels = []
    for row in grid[row_index : row_index + height]:
        label = _row_question(row, roles, matcher)
        if label is not None and label not in labels:
            labels.append(label)
    return tuple(labels) if len(labels) > 1 else ()


def _notes_mode(grid: Grid, matcher: QuestionMatcher) -> TableResult:
    """A notes sheet: "Q2: Withheld under s40(2)" is a note on Q2's answer, not an answer."""
    result = TableResult()
    for row in grid:
        for cell in row:
            split = matcher.split_leading_label(cell.text) if cell.text else None
            if split and split[1]:
                result.answers.append(RawAnswer(split[0], "", cell.location, notes=split[1]))
            elif cell.text:
                result.other_text.append((cell.text, cell.location))
    return result


def _beside_mode(grid: Grid, matcher: QuestionMatcher) -> TableResult:
    """No header: a question (label or wording) in one cell, the answer in the next one.

    An answer cell merged down across several question rows is one figure for
    those questions (``covers``); the rows it covers give no answer of their own.
    """
    result = TableResult()
    for index, row in enumerate(grid):
        filled = [c for c in row if c.text and not c.covered]
        answer = _beside_answer(filled, matcher)
        if answer is None:
            result.other_text.extend((c.text, c.location) for c in filled)
            continue
        if len(filled) == 1 and _next_cell_covered(row, filled[0]):
            continue  # part of a figure merged down from the row above: see ``covers``
        cell = next((c for c in filled[1:] if c.location == answer.location), None)
        if cell is not None and cell.rows_spanned > 1:
            answer = replace(answer, covers=_beside_covers(grid, index, cell.rows_spanned, matcher))
        result.answers.append(answer)
    return result


def _next_cell_covered(row: list[Cell], cell: Cell) -> bool:
    position = next(i for i, c in enumerate(row) if c is cell)
    return position + 1 < len(row) and row[position + 1].covered


def _beside_covers(grid: Grid, row_index: int, height: int, matcher: QuestionMatcher) -> tuple[str, ...]:
    """Labels of the question rows one merged answer cell spans (a combined figure)."""
    labels = []
    for row in grid[row_index : row_index + height]:
        first = next((c for c in row if c.text and not c.covered), None)
        label = matcher.resolve(first.text) if first is not None else None
        if label is not None and label not in labels:
            labels.append(label)
    return tuple(labels) if len(labels) > 1 else ()


def _beside_answer(filled: list[Cell], matcher: QuestionMatcher) -> RawAnswer | None:
    """The row's answer (blank text when left blank), or None for a row of other text.

    Only the row's first cell may name the question: a figure further right
    ("4") must never be read as a label.
    """
    if not filled:
        return None
    question = matcher.resolve(filled[0].text)
    if question is None:
        if len(filled) > 1 and matcher.looks_like_wording(filled[0].text):
            return RawAnswer(None, " | ".join(c.text for c in filled), filled[-1].location,
                             reason="wording matches several questions equally well")
        return None
    rest = [c for c in filled[1:] if not _is_question_text(c.text, matcher)]
    if not rest:
        # "Q2: 5" in one cell: the answer follows the label (and any wording, up to "?").
        split = matcher.split_leading_label(filled[0].text)
        text = split[1].rsplit("?", 1)[-1].strip() if split else ""
        return RawAnswer(question, text, filled[0].location)
    answer_cell, notes = rest[0], " ".join(c.text for c in rest[1:])
    return RawAnswer(question, answer_cell.text, answer_cell.location, notes=notes)


def _is_question_text(text: str, matcher: QuestionMatcher) -> bool:
    return matcher.looks_like_wording(text) or (len(text) > 40 and text.rstrip().endswith("?"))


def _texts(rows: Grid) -> list[tuple[str, str]]:
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
