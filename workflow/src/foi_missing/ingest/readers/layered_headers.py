"""Tables whose figures are named by headings on several levels, naming no question.

    |       |       UASC          |     Trafficked      |
    |       | In care | Missing   | In care | Missing   |
    | 2022  |   14    |    3      |    6    |    2      |

A heading spanning several columns (a merged cell: ``colspan`` in HTML, a merged range in a
workbook or a Word table) says one thing about each column below it; the row of headings
under it says another; the row's name (a period, a measure, a cohort) says a third. The
caption or the sentence just above the table ("The number who went missing:") may say
one more, about every figure. A figure answers the one question asking about the cohort
and the measure these name together, for the period they name.

Read only when every heading a figure stands under says nothing but a cohort of the
request, a measure (in care, went missing, missing episodes, still missing), a period
of the round, a question's label, or a generic word ("Number", "Year", "Total"). A figure
goes to a person, with the reason, when a heading names something else (a subgroup:
"aged 16-17", "girls", "more than once"; a period the round does not ask about), two
different cohorts, measures or periods, or no period in a table that names periods.
A "Total" figure beside periods' own figures is dropped: the periods answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from foi_missing.ingest.readers.base import RawAnswer
from foi_missing.ingest.readers.cells import (
    Cell,
    Grid,
    TableResult,
    header_role,
    is_total,
    texts_of,
)
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.measure_grid import (
    MEASURE_WORDS,
    ROW_HEADING,
    measure_named,
    question_for,
)
from foi_missing.ingest.readers.periods import is_period_heading, period_named
from foi_missing.ingest.readers.table_headers import COHORT_WORDS

MAX_HEADER_ROWS = 3
# A caption or a sentence above a table, short enough to be its title.
MAX_TITLE_WORDS = 15

# Words a heading may hold besides its cohort, measure and period: they narrow nothing.
_FILLER = frozenset((
    "number", "no", "of", "the", "children", "child", "young", "people", "person", "persons", "who",
    "which", "that", "have", "has", "had", "been", "were", "was", "are", "is", "in", "a", "an", "and",
    "all", "seeking", "victims", "minors", "our", "your", "council", "s", "looked", "after", "care",
    "total", "figure", "figures", "count", "during", "period", "year", "at", "least", "once", "from",
    "ever", "how", "many",
))
_WORD = re.compile(r"[a-z0-9]+")
_ALL = re.compile(r"^\s*all(?:\s+(?:children|young\s+people))?\s*$", re.IGNORECASE)  # the whole cohort


@dataclass(frozen=True)
class Key:
    """What one heading (or row name) says about the figures under it."""

    cohorts: frozenset[str] = frozenset()
    measures: frozenset[str] = frozenset()
    periods: frozenset[str] = frozenset()
    questions: frozenset[str] = frozenset()
    total: bool = False
    problem: str = ""  # why the figures under it are for a person
    unknown: bool = False  # says nothing this layout reads (its problem says so)
    other_period: bool = False  # a period the round does not ask about

    @property
    def says_something(self) -> bool:
        return bool(self.cohorts or self.measures or self.periods or self.questions or self.problem)


EMPTY = Key()


def heading_key(text: str, matcher: QuestionMatcher) -> Key:
    """What ``text`` says: a cohort, a measure, a period, a question, nothing, or a problem."""
    text = text.strip()
    if not text or ROW_HEADING.match(text) or header_role(text) in {"period", "answer"}:
        return EMPTY
    if is_total(text) or _ALL.match(text):
        return Key(total=True)
    if is_period_heading(text):
        named = period_named(text, matcher.periods)
        if named is not None and named.known:
            return Key(periods=frozenset({named.period_id}))
        return Key(problem=f'"{text}" is not a period the request asks about', other_period=True)
    if not text.strip().isdigit() and (label := matcher.label(text)) is not None:
        return Key(questions=frozenset({label}))
    asked = {q.cohort for q in matcher.questions}
    cohorts = frozenset(c for c, words in COHORT_WORDS.items() if c in asked and words.search(text))
    without_cohorts = text
    for cohort in cohorts:
        without_cohorts = COHORT_WORDS[cohort].sub(" ", without_cohorts)
    measure = measure_named(without_cohorts)
    rest = text
    for words in MEASURE_WORDS.values():
        rest = words.sub(" ", rest)
    # "missing" left over from a missing measure says it again; beside "in care" it says more.
    said_again = {"missing"} if measure not in (None, "in_care") else set()
    left = [w for w in _WORD.findall(rest.lower()) if w not in _FILLER and w not in said_again
            and not any(words.search(w) for words in COHORT_WORDS.values())]
    if not cohorts and measure is None:
        # Words of a measure that name no single one ("went missing more than once") are a problem;
        # any other text says nothing this layout reads.
        named = any(words.search(text) for words in MEASURE_WORDS.values()) or "missing" in text.lower()
        return Key(problem=f'"{text}" names no single measure of the request') if named else _unknown(text)
    if left:
        return Key(problem=f'"{text}" names more than a cohort and a measure ("{" ".join(left[:4])}")')
    return Key(cohorts=cohorts, measures=frozenset({measure}) if measure else frozenset())


def _unknown(text: str) -> Key:
    return Key(problem=f'"{text}" names no cohort, measure or period of the request', unknown=True)


@dataclass
class _Figure:
    cell: Cell
    keys: list[Key] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


def _combined(figure: _Figure, matcher: QuestionMatcher, table_has_periods: bool) -> RawAnswer | None:
    """The figure's answer, a person's (with the reason), or None for a total the periods answer."""
    keys = figure.keys
    where = " / ".join(n for n in figure.names if n)

    def person(reason: str) -> RawAnswer:
        return RawAnswer(None, figure.cell.text, figure.cell.location, notes=where, reason=reason)

    if problems := [k.problem for k in keys if k.problem]:
        return person(problems[0])
    cohorts = frozenset().union(*(k.cohorts for k in keys))
    measures = frozenset().union(*(k.measures for k in keys))
    periods = frozenset().union(*(k.periods for k in keys))
    questions = frozenset().union(*(k.questions for k in keys))
    for kind, named in (("cohorts", cohorts), ("measures", measures), ("periods", periods), ("questions", questions)):
        if len(named) > 1:
            return person(f"the headings over this figure ({where}) name two {kind}")
    if not periods and table_has_periods:
        if any(k.total for k in keys):
            return None  # a total over the periods' own figures
        return person(f"the headings over this figure ({where}) name no period, beside columns that do")
    if not periods and len(matcher.periods) > 1:
        return person(f"the table names no period, and the request asks about {len(matcher.periods)}")
    if questions:
        (question,) = questions
        asked = matcher.question(question)
        if asked is None or (cohorts and asked.cohort not in cohorts) or (measures and asked.measure not in measures):
            return person(f"the headings over this figure ({where}) do not agree with {question}")
    elif not cohorts or not measures:
        missing = "cohort" if not cohorts else "measure"
        return person(f"the headings over this figure ({where}) name no {missing}")
    else:
        question, reason = question_for(matcher, next(iter(cohorts)), next(iter(measures)))
        if question is None:
            return person(reason)
    period = next(iter(periods)) if periods else None
    return RawAnswer(question, figure.cell.text, figure.cell.location, period=period)


def _origin(grid: Grid, row: int, column: int, floor: int) -> tuple[int, int]:
    """The cell whose text a covered cell of a heading row shows: above it (a taller cell, not
    above row ``floor``) or to its left."""
    while True:
        if not grid[row][column].covered:
            return row, column
        if row > floor:
            up_row, up_column = _origin(grid, row - 1, column, floor)
            if up_column == column and grid[up_row][up_column].rows_spanned > row - up_row:
                return up_row, up_column
        if column == 0:
            return row, column
        column -= 1


def _name_at(grid: Grid, row: int, column: int) -> str:
    """A row name's text; a name merged down over several rows names each of them."""
    above = row
    while above > 0 and grid[above][column].covered:
        above -= 1
    cell = grid[above][column]
    return cell.text if not cell.covered and cell.rows_spanned > row - above else ""


@dataclass(frozen=True)
class _Headings:
    """The rows of headings over a table's figures, read through their merged cells."""

    grid: Grid
    rows: list[int]

    def text(self, row: int, column: int) -> str:
        r, c = _origin(self.grid, row, column, self.rows[0])
        return self.grid[r][c].text

    def spans_across(self, row: int) -> bool:
        """Does a heading in this row stand over two or more columns (a merged cell)?"""
        return any(cell.covered and _origin(self.grid, row, column, self.rows[0])[0] == row
                   and _origin(self.grid, row, column, self.rows[0])[1] != column
                   for column, cell in enumerate(self.grid[row]) if column > 0)


def _is_title_row(grid: Grid, row: int) -> bool:
    """One text across the whole row: a title over the table, not a level of headings."""
    return not grid[row][0].covered and all(cell.covered for cell in grid[row][1:])


def _with_spans_left_blank(grid: Grid, top: int) -> Grid:
    """Headings over several columns each, typed once where the merge was lost, marked as
    spanning them: "UASC, , Trafficked," (blank cells after each heading, as a CSV file has it)
    or "| | UASC | Trafficked |" (one after another, as a typed table has it), over
    "2020, 2021, 2020, 2021". Only where the row below repeats the same headings under each."""
    if top + 1 >= len(grid) or any(c.covered for c in grid[top]):
        return grid
    row, below = grid[top], grid[top + 1]
    headings = [c for c, cell in enumerate(row) if cell.text and c > 0]
    under = [c for c, cell in enumerate(below) if cell.text and c > 0]
    if len(headings) < 2 or not under or under != list(range(under[0], under[-1] + 1)):
        return grid
    first, last = under[0], under[-1]
    span, rest = divmod(last + 1 - first, len(headings))
    starts = [first + i * span for i in range(len(headings))]
    if span < 2 or rest or headings not in (starts, list(range(first, first + len(headings)))):
        return grid
    if len({tuple(below[c].text.lower() for c in range(start, start + span)) for start in starts}) != 1:
        return grid
    spanned = [Cell("", cell.location, covered=True) if first <= c <= last else cell for c, cell in enumerate(row)]
    for start, column in zip(starts, headings, strict=True):
        spanned[start] = Cell(row[column].text, row[start].location)
    return [*grid[:top], spanned, *grid[top + 1 :]]


_TABLE_NUMBER = re.compile(r"^\s*table\s+\d+\s*[:.\-\u2013]?\s*", re.IGNORECASE)


def _title_keys(titles: Sequence[str], matcher: QuestionMatcher) -> list[Key]:
    """What a caption or a short text above the table says of every figure; text that says
    nothing this layout reads ("Please see the table below") is left out."""
    keys = []
    for title in titles:
        title = _TABLE_NUMBER.sub("", title).strip().rstrip(":").strip()
        if not 0 < len(title.split()) <= MAX_TITLE_WORDS or matcher.leading_label(title) or matcher.label(title):
            continue  # a paragraph, or a question's title (readers.titled_tables)
        key = heading_key(title, matcher)
        if key.says_something and not key.unknown:
            keys.append(key)
    return keys


def layered_header_answers(grid: Grid, matcher: QuestionMatcher, titles: Sequence[str] = (),
                           *, need_levels: int = 2) -> TableResult | None:
    """The answers of a table read by its levels of headings, or None when it is not such a table.

    ``titles``: the table's caption or the text above it; one that says a cohort, a measure or
    a period says it of every figure. ``need_levels``: the rows of headings the table must have
    (1 reads a single row of headings under a title, or over rows grouped under rows that name
    a cohort or measure alone: "UASC" over "In care" and "Went missing").
    """
    width = max((len(row) for row in grid), default=0)
    if width < 2 or any(len(row) != width for row in grid):
        return None
    top = next((r for r, row in enumerate(grid) if any(c.text for c in row)), None)
    if top is None:
        return None
    title_texts = list(titles)
    while top < len(grid) and _is_title_row(grid, top):
        title_texts.append(grid[top][0].text)
        top += 1
    if top >= len(grid):
        return None  # titles only
    outer = _title_keys(title_texts, matcher)
    grid = _with_spans_left_blank(grid, top)
    headings = _Headings(grid, [top])
    while (len(headings.rows) < MAX_HEADER_ROWS and headings.rows[-1] + 1 < len(grid)
           and headings.spans_across(headings.rows[-1])):
        headings.rows.append(headings.rows[-1] + 1)
    if len(headings.rows) < need_levels:
        return None
    keys = {c: [heading_key(headings.text(r, c), matcher) for r in headings.rows] for c in range(width)}
    first = next((c for c in range(width) if any(k != EMPTY for k in keys[c])), width)
    if first == width:
        return None
    if len(headings.rows) == 1 and any(k.unknown or k.questions or k == EMPTY for c in range(first, width)
                                       for k in keys[c]):
        return None  # one row that is not all headings of this layout: a question's row, or figures
    names = {c: [headings.text(r, c) for r in headings.rows] for c in range(first, width)}
    figures: list[_Figure] = []
    section, section_name, sections = EMPTY, "", 0
    for r in range(headings.rows[-1] + 1, len(grid)):
        row = grid[r]
        cells = [(c, row[c]) for c in range(first, width) if row[c].text and not row[c].covered]
        row_names = [name for c in range(first) if (name := _name_at(grid, r, c))]
        if not cells:
            if row_names:  # a row heading the rows below it ("UASC" above its measures)
                # One naming something else ("Boys", a note) leaves the rows below it to a person.
                section, section_name = heading_key(" ".join(row_names), matcher), " ".join(row_names)
                sections += section.says_something and not section.unknown
            continue
        row_keys = [heading_key(name, matcher) for name in row_names]
        for c, cell in cells:
            figures.append(_Figure(cell, [*outer, section, *row_keys, *keys[c]],
                                   [section_name, *row_names, *names[c]]))
    if len(headings.rows) == 1 and not outer and not sections:
        return None  # one row of headings, with nothing above or between the rows to say more
    table_has_periods = any(k.periods or k.other_period for f in figures for k in f.keys)
    answers = [a for f in figures if (a := _combined(f, matcher, table_has_periods)) is not None]
    # Question labels merged over headings that name nothing placeable ("Q1" over "Boys | Girls"):
    # the table is still this layout, and its figures are a person's, not the labels' answers.
    over_questions = len(headings.rows) > 1 and any(k.questions for column in keys.values() for k in column)
    if not any(a.question is not None for a in answers) and not (over_questions and answers):
        return None
    return TableResult(answers=answers, other_text=texts_of(grid[: headings.rows[0]]))
