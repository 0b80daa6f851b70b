"""Header rows of a grid: where a question/answer table starts and what each column holds.

``readers.table`` reads the rows below. A header names a question column (label or
wording), an answer column, a "Year" column, or one column per period; a heading that
names a cohort ("UASC") is the answer column of a table whose question and period
columns it sits beside (``Question | Year | UASC``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from foi_missing.ingest.readers.cells import (
    QUESTION_ROLES,
    Cell,
    Grid,
    cell_at,
    header_role,
    horizontal_span,
    is_total,
)
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.periods import (
    NamedPeriod,
    dates_named,
    is_period_heading,
    period_named,
)

# Words of a block's heading that name a cohort of the codebook.
COHORT_WORDS = {
    "trafficked": re.compile(r"traffick", re.IGNORECASE),
    "uasc": re.compile(r"\buasc\b|unaccompanied|asylum", re.IGNORECASE),
}
TO_THE_END = 1 << 30  # the last table of a row runs to the end of every row below


@dataclass
class Block:
    """One question/answer table found by its header row."""

    header_row: int
    first_column: int  # the block's columns, [first_column, end_column)
    end_column: int
    roles: dict[str, int]
    # Period columns: (column, heading, the period it names).
    periods: list[tuple[int, str, NamedPeriod]] = field(default_factory=list)
    data_row: int = 0  # the first row of answers (after any period sub-header)
    end_row: int = 0
    # A single answer heading merged over several columns that name no periods.
    split_answer: str = ""
    cohort: str | None = None
    # The cohort the answer column's heading names ("UASC"): a question of another cohort
    # answered in it goes to a person.
    answer_cohort: str | None = None
    # Answer columns named by cohort (column -> cohort), when there are several.
    cohort_answers: dict[int, str] = field(default_factory=dict)

    def columns(self, row: list[Cell]) -> list[Cell]:
        return row[self.first_column : self.end_column]

    def used_columns(self) -> tuple[int, int]:
        """The first and last column the table's header names."""
        columns = [*self.roles.values(), *(c for c, _, _ in self.periods)]
        return min(columns), max(columns)


# --- header rows ------------------------------------------------------------------------------------


def named_period(text: str, matcher: QuestionMatcher) -> NamedPeriod:
    named = period_named(text, matcher.periods)
    assert named is not None  # only called on period headings
    return named


def header_segments(row: list[Cell]) -> list[tuple[int, int, list[tuple[int, str]]]]:
    """A header row cut into tables: (first column, end column, [(column, kind)]).

    A kind is a header role, or "dated" (a heading naming a period) or
    "dated_answer" ("Answer 2019"). A role met a second time after an answer
    (or period) column starts the next table:
    ``Question | Answer | Question | Answer`` is two tables side by side.
    """
    segments: list[tuple[int, int, list[tuple[int, str]]]] = []
    kinds: list[tuple[int, str]] = []
    seen_periods: list[tuple] = []
    first = 0
    for column, cell in enumerate(row):
        if cell.covered or not cell.text:
            continue
        role = header_role(cell.text)
        if role is None and is_period_heading(cell.text):
            kind, dates = "dated", dates_named(cell.text)
        elif role is None and cohort_heading(cell.text) is not None:
            kind, dates = "cohort", None  # "UASC": the figures of that cohort
        elif role == "answer" and not is_total(cell.text) and is_period_heading(cell.text):
            kind, dates = "dated_answer", dates_named(cell.text)
        elif role is not None:
            kind, dates = role, None
        else:
            continue
        present = {k for _, k in kinds}
        answered = bool(present & {"answer", "dated", "dated_answer"})
        repeated = (kind in present and kind not in ("dated", "dated_answer")) or (
            dates is not None and dates in seen_periods)
        if answered and repeated:
            last = kinds[-1][0]
            segments.append((first, last + 1, kinds))
            kinds, seen_periods, first = [], [], last + 1
        kinds.append((column, kind))
        if dates is not None:
            seen_periods.append(dates)
    if kinds:
        segments.append((first, TO_THE_END, kinds))
    # Each table runs up to the next one's first column.
    return [
        (start, segments[i + 1][0] if i + 1 < len(segments) else end, kinds)
        for i, (start, end, kinds) in enumerate(segments)
    ]


def block_from_segment(grid: Grid, index: int, segment, matcher: QuestionMatcher) -> Block | None:
    start, end, kinds = segment
    roles: dict[str, int] = {}
    periods: list[tuple[int, str]] = []
    dated_answers: list[tuple[int, str]] = []
    row = grid[index]
    cohort_columns = [column for column, kind in kinds if kind == "cohort"]
    for column, kind in kinds:
        if kind == "cohort":
            continue
        if kind == "dated":
            periods.append((column, row[column].text))
        elif kind == "dated_answer":
            dated_answers.append((column, row[column].text))
        elif kind not in roles:
            roles[kind] = column
    # "Answer 2018 | Answer 2019": answer columns per period. A single dated
    # answer column stays the answer column, as a plain one would.
    if periods or len(dated_answers) > 1:
        periods = sorted(periods + dated_answers)
    elif dated_answers:
        roles.setdefault("answer", dated_answers[0][0])
    answer_cohort, cohort_answers = None, {}
    if (cohort_columns and "answer" not in roles and not periods and not dated_answers
            and any(role in roles for role in QUESTION_ROLES)):
        # "Question | Year | UASC": the cohort column holds the answers; with a column per
        # cohort ("| Trafficked | UASC"), each question's answer is in its cohort's column.
        roles["answer"] = cohort_columns[0]
        cohort_answers = {column: cohort_heading(row[column].text) for column in cohort_columns}
        if len(cohort_columns) == 1:
            answer_cohort = cohort_answers[cohort_columns[0]]
    block = Block(index, start, end, roles, data_row=index + 1, answer_cohort=answer_cohort,
                  cohort_answers=cohort_answers)
    split_answer = ""
    if "answer" in roles and not periods:
        # An answer heading merged over several columns: the row below names them.
        span = horizontal_span(row, roles["answer"])
        # A sub-header row names no question of its own.
        if span > 1 and index + 1 < len(grid) and not any(
                cell_at(grid[index + 1], roles.get(role)) and grid[index + 1][roles[role]].text
                for role in QUESTION_ROLES):
            below = grid[index + 1][roles["answer"] : roles["answer"] + span]
            subheads = [(roles["answer"] + i, c.text) for i, c in enumerate(below) if c.text and not c.covered]
            if subheads and all(is_period_heading(text) for _, text in subheads):
                periods, block.data_row = subheads, index + 2
                del roles["answer"]
            elif len(subheads) > 1:
                split_answer = " / ".join(text for _, text in subheads)
                block.data_row = index + 2
    if periods:
        block.periods = [(c, text, named_period(text, matcher)) for c, text in periods]
    block.split_answer = split_answer
    if not ("answer" in roles or block.periods):
        return None
    if not any(role in roles for role in QUESTION_ROLES):
        if not block.periods:
            return None
        # Without a question heading, only a clear header row of periods, not a
        # row of figures: besides the periods, totals or notes, and one heading
        # left of them ("Year") when there are several periods.
        period_columns = {c for c, _, _ in block.periods}
        others = [(c, cell.text) for c, cell in enumerate(row[start:end], start)
                  if cell.text and not cell.covered and c not in period_columns]
        first_period = min(period_columns)
        leading = [c for c, _ in others if c < first_period]
        trailing = [text for c, text in others if c > first_period and not (
            is_total(text) or header_role(text) == "notes")]
        if len(leading) > (1 if len(block.periods) > 1 else 0) or trailing:
            return None
        # "  | 2021 | 2022 | 2023": the questions are down a column left of the periods.
        column = question_column(grid, block, matcher)
        if column is None:
            return None
        roles["label"] = column
    return block


def question_column(grid: Grid, block: Block, matcher: QuestionMatcher) -> int | None:
    first_period = min(c for c, _, _ in block.periods)
    rows = grid[block.data_row : block.data_row + 20]
    for column in range(block.first_column, first_period):
        if any(column < len(r) and r[column].text and matcher.resolve(r[column].text) for r in rows):
            return column
    return None


def header_blocks(grid: Grid, index: int, matcher: QuestionMatcher) -> list[Block]:
    row = grid[index]
    if not any(c.text for c in row):
        return []
    blocks = []
    for segment in header_segments(row):
        block = block_from_segment(grid, index, segment, matcher)
        if block is not None:
            blocks.append(block)
    return blocks


def find_blocks(grid: Grid, matcher: QuestionMatcher) -> list[Block]:
    """Every question/answer table of the grid found by its header row, in reading order.

    A table's rows run to the next header row over any of its columns, or the
    end of the grid.
    """
    headers = [(index, header_blocks(grid, index, matcher)) for index in range(len(grid))]
    found = [block for _, blocks in headers for block in blocks]
    for block in found:
        low, high = block.used_columns()
        later = (other.header_row for other in found if other.header_row > block.header_row
                 and other.used_columns()[0] <= high and low <= other.used_columns()[1])
        block.end_row = max(min(later, default=len(grid)), block.data_row)
        block.cohort = block.answer_cohort or _block_cohort(grid, block, matcher)
    return found


# A heading that is only a cohort's name: "UASC", "Trafficked children", "Number of UASC".
_COHORT_HEADING = re.compile(
    r"^\s*(?:(?:number|no\.?|count)\s+of\s+)?(?:(?:uasc|unaccompanied(?:\s+asylum[\s-]+seeking)?|"
    r"(?:potentially\s+|suspected\s+)?trafficked)(?:\s+(?:children|minors|young\s+people))?)\s*$",
    re.IGNORECASE,
)


def cohort_heading(text: str) -> str | None:
    """The cohort a column heading names, when it names only that ("UASC"), else None."""
    if not _COHORT_HEADING.match(text):
        return None
    named = [cohort for cohort, words in COHORT_WORDS.items() if words.search(text)]
    return named[0] if len(named) == 1 else None


def _block_cohort(grid: Grid, block: Block, matcher: QuestionMatcher) -> str | None:
    """The cohort a short heading just above the table names ("Trafficked children", "UASC")."""
    cohorts = {q.cohort for q in matcher.questions}
    for row in reversed(grid[max(0, block.header_row - 3) : block.header_row]):
        texts = [c.text for c in block.columns(row) if c.text]
        if not texts:
            continue
        heading = " ".join(texts)
        if len(texts) > 2 or len(heading.split()) > 8:
            return None
        named = [cohort for cohort, words in COHORT_WORDS.items() if words.search(heading)]
        return named[0] if len(named) == 1 and named[0] in cohorts else None
    return None
