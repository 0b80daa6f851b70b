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

from foi_missing.readers.base import NameClue, RawAnswer, ReplyContent, first_council_clue
from foi_missing.readers.cells import Cell, Grid
from foi_missing.readers.codebook import QuestionMatcher
from foi_missing.readers.table import answers_from_grid
from foi_missing.readers.text import read_letter

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
    question (see :func:`answers_under_heading`). Any other table of data that
    names no question is kept whole for a person rather than flattened into the
    letter, where its figures could be misread.
    """
    result = answers_from_grid(grid, matcher)
    clue = first_council_clue(result.other_text)
    if result.answers:
        return TableReading(tuple(result.answers), clue)
    if not is_data_table(grid):
        return None
    if (under := answers_under_heading(grid, matcher, heading)) is not None:
        return TableReading(tuple(under), clue)
    rows = [" | ".join(c.text for c in row if c.text and not c.covered) for row in grid]
    first = next(c for row in grid for c in row if c.text and not c.covered)
    why = result.reason or "table: no question labels found"  # e.g. "table: no answer column found"
    unplaced = RawAnswer(None, "; ".join(r for r in rows if r), first.location, reason=f"{kind} {why}")
    return TableReading((unplaced,), clue)


def heading_question(heading: str, matcher: QuestionMatcher) -> str | None:
    """The one question a heading names with nothing answered in it: "Question 3",
    "Q3. How many ...?", or the question's wording alone."""
    heading = heading.strip()
    if not heading:
        return None
    split = matcher.split_leading_label(heading)
    if split is None:
        return matcher.wording(heading) if heading.endswith("?") else None
    label, rest = split
    rest = rest.strip()
    return label if not rest or rest.endswith("?") or matcher.wording(rest) == label else None


def answers_under_heading(grid: Grid, matcher: QuestionMatcher, heading: str) -> list[RawAnswer] | None:
    """A question's table laid out under its heading ("Question 3", then | Year | Number |).

    The table is read as if each row named that question. Its answers stand only when
    they cannot be parts of a breakdown (placement types, age bands): one figure per
    period of a period column or row. Else None: the table goes to a person.
    """
    label = heading_question(heading, matcher)
    if label is None or not grid or not grid[0]:
        return None
    labelled = [[Cell("Question" if index == 0 else (label if any(c.text for c in row) else ""),
                      row[0].location if row else ""), *row] for index, row in enumerate(grid)]
    answers = answers_from_grid(labelled, matcher).answers
    if not answers or any(a.question != label or a.covers for a in answers):
        return None
    periods = [a.period for a in answers if not a.reason]
    return list(answers) if periods and all(periods) and len(set(periods)) == len(periods) else None


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


def merge_answers(letter: Sequence[RawAnswer], others: Sequence[RawAnswer],
                  beside: str = "an answer table") -> list[RawAnswer]:
    """The letter's answers and those of its tables or attachments (``others``).

    When ``others`` answer some question, the letter keeps only its labelled
    answers; its whole-request notice or prose ("please find attached") is
    kept once, unassigned, for a person to see. Else both are kept as read.
    """
    if not any(a.question is not None for a in others):
        return [*letter, *others]
    kept = [a for a in letter if a.question is not None and not a.whole_request]
    loose: dict[tuple[str, str], RawAnswer] = {}
    for answer in letter:
        if (answer.question is None or answer.whole_request) and answer.raw_text:
            loose.setdefault((answer.raw_text, answer.location), RawAnswer(
                None, answer.raw_text, answer.location,
                reason=f"letter text beside {beside}, not tied to a question"))
    return [*kept, *loose.values(), *others]


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
