"""Documents of prose and tables (PDF, Word, HTML, e-mail): one way to read them.

A council's PDF, Word file or HTML e-mail is a letter, often with a table of
answers in it. The prose goes through :func:`readers.text.read_letter` with
each line's own location ("page 2 line 14", "paragraph 7"); each table goes
through :func:`readers.table.answers_from_grid`. A table that only lays out
the page (a one-cell box round the letter, a letterhead) is left in the prose.
When tables (or an e-mail's attachments) give labelled answers, they stand:
the letter's other text ("Please find our response in the table below")
answers nothing by itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from foi_missing.ingest.readers.base import NameClue, RawAnswer, ReplyContent, first_council_clue
from foi_missing.ingest.readers.cells import Grid
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.footnotes import with_footnotes
from foi_missing.ingest.readers.table import answers_from_grid
from foi_missing.ingest.readers.text import read_letter

# (text, location) for each line of a letter, in reading order.
Lines = list[tuple[str, str]]


@dataclass(frozen=True)
class TableReading:
    """The answers of one answer table, and a council name found in it."""

    answers: tuple[RawAnswer, ...]
    clue: NameClue | None = None


def read_table(grid: Grid, matcher: QuestionMatcher, kind: str, heading: str = "") -> TableReading | None:
    """A table's answers; None for a table that only lays out the page (its text is prose).

    ``heading`` is the text right above the table: a table that names no question
    under a heading that names one ("Question 3", "Q3. How many ...?") answers that
    question (see ``readers.titled_tables``). Any other table of data that
    names no question is kept whole for a person rather than flattened into the
    letter, where its figures could be misread.
    """
    result = answers_from_grid(grid, matcher, heading=heading)
    clue = first_council_clue(result.other_text)
    if result.answers:
        return TableReading(tuple(result.answers), clue)
    if not is_data_table(grid):
        return None
    rows = [" | ".join(c.text for c in row if c.text and not c.covered) for row in grid]
    first = next(c for row in grid for c in row if c.text and not c.covered)
    why = result.reason or "table: no question labels found"  # e.g. "table: no answer column found"
    unplaced = RawAnswer(None, "; ".join(r for r in rows if r), first.location, reason=f"{kind} {why}")
    return TableReading((unplaced,), clue)


def preceding_heading(lines: Lines) -> str:
    """The last line of text before a table, unless another table came between."""
    for text, location in reversed(lines):
        if text.strip():
            return text
        if location.startswith("table"):
            return ""
    return ""


def is_data_table(grid: Grid) -> bool:
    """At least two rows of two or more filled cells: a table of data, not a layout box."""
    filled_rows = sum(1 for row in grid if sum(1 for c in row if c.text and not c.covered) >= 2)
    return filled_rows >= 2


def read_located_letter(lines: Iterable[tuple[str, str]], matcher: QuestionMatcher,
                        clues: Sequence[NameClue] = ()) -> ReplyContent:
    """:func:`read_letter` on lines that carry their own locations (not "line N" of a file)."""
    flat: Lines = []
    for text, location in lines:
        # read_letter numbers lines as str.splitlines does; split the same way.
        flat.extend((piece, location) for piece in (text.splitlines() or [""]))
    content = read_letter("\n".join(text for text, _ in flat), matcher, tuple(clues))
    where = {f"line {number}": location for number, (_, location) in enumerate(flat, start=1)}
    answers = tuple(replace(a, location=where.get(a.location, a.location)) for a in content.answers)
    found = tuple(
        c if c in clues else NameClue(c.text, where.get(c.where, c.where)) for c in content.name_clues
    )
    return ReplyContent(answers, found)


@dataclass(frozen=True)
class DocumentTable:
    """A table in a word-processor document, and where it is ("table 2")."""

    grid: Grid
    name: str


def read_paragraphs_and_tables(blocks: Iterable[tuple[str, str] | DocumentTable], matcher: QuestionMatcher,
                               kind: str) -> ReplyContent:
    """A word-processor document (Word, OpenDocument): its paragraphs, as ``(text, location)``,
    and its tables, in body order; ``kind`` names the format in a table's reason ("Word")."""
    lines: Lines = []
    table_answers, table_clues = [], []
    for block in blocks:
        if not isinstance(block, DocumentTable):
            lines.append(block)
            continue
        reading = read_table(block.grid, matcher, kind, preceding_heading(lines))
        if reading is None:  # a layout table: its text is part of the letter
            lines.extend((c.text, c.location) for row in block.grid for c in row if c.text)
            continue
        table_answers.extend(reading.answers)
        if reading.clue is not None:
            table_clues.append(reading.clue)
        lines.append(("", block.name))  # keeps the paragraphs around it apart
    letter = read_located_letter(lines, matcher)
    answers = merge_answers(letter.answers, table_answers, footnotes=(text for text, _ in lines))
    return ReplyContent(tuple(answers), (*letter.name_clues, *table_clues[:1]))


def merge_answers(letter: Sequence[RawAnswer], others: Sequence[RawAnswer],
                  beside: str = "an answer table", footnotes: Iterable[str] = ()) -> list[RawAnswer]:
    """The letter's answers and those of its tables or attachments (``others``).

    When ``others`` answer some question, the letter keeps only its labelled
    answers; its whole-request notice or prose ("please find attached") is
    kept once, unassigned, for a person to see. Else both are kept as read.
    ``footnotes``: the letter's lines, where a symbol the tables use may be defined.
    """
    others = with_footnotes(list(others), footnotes)
    if not any(a.question is not None for a in others):
        return [*letter, *others]
    answered = {label for a in others if a.question is not None for label in (a.covers or (a.question,))}
    # "Q2. Please see attached": the attachment's (or table's) answer is the answer.
    pointers = [a for a in letter if a.question is not None and points_elsewhere(a.raw_text)
                and set(a.covers or (a.question,)) <= answered]
    kept = [a for a in letter if a.question is not None and not a.whole_request and a not in pointers]
    loose: dict[tuple[str, str], RawAnswer] = {}
    for answer in letter:
        if (answer.question is None or answer.whole_request or answer in pointers) and answer.raw_text:
            loose.setdefault((answer.raw_text, answer.location), RawAnswer(
                None, answer.raw_text, answer.location,
                reason=f"letter text beside {beside}, not tied to a question"))
    return [*kept, *loose.values(), *others]


# "Please see attached", "See the attached spreadsheet", "Please refer to the table below":
# words that send the reader elsewhere for the answer, and no figure of their own.
_POINTER = re.compile(
    r"^\W*(?:please\s+)?(?:see|refer\s+to|find|as\s+per|answered\s+in|provided\s+in)\b"
    r"[^0-9]{0,60}?\b(?:attach\w*|enclosed|spreadsheet|workbook|appendix|annex\w*|table\s+below|below)\b"
    r"[^0-9]{0,30}$",
    re.IGNORECASE,
)


def points_elsewhere(text: str) -> bool:
    """Text that only points to an attachment or a table for its answer."""
    return bool(_POINTER.match(text.strip()))


def prefixed(content: ReplyContent, prefix: str) -> ReplyContent:
    """Locations inside a part of a reply: 'attachment "x.xlsx" Sheet1!C4'."""
    return ReplyContent(
        tuple(replace(a, location=f"{prefix} {a.location}".strip(),
                      reason=_prefixed_reason(a.reason, prefix)) for a in content.answers),
        tuple(NameClue(c.text, f"{prefix} {c.where}") for c in content.name_clues),
    )


def _prefixed_reason(reason: str, prefix: str) -> str:
    # A reason names the part it comes from once ("attachment "x.doc": no reader ...").
    if not reason or reason.startswith(prefix):
        return reason
    return f"{prefix}: {reason}"


_SPACES = re.compile(r"[ \t\u00a0]+")


def tidy_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
