"""A row per cohort and measure, a column per period, naming no question.

    |                        | 2018 | 2019 |
    | UASC in care           |  3   |  4   |
    | UASC who went missing  |  1   |  0   |

A row's name says a cohort ("UASC", "trafficked") and a measure ("in care", "went missing");
the figure answers the one question asking about that cohort and measure, for the period of
its column. Read only when the header row names only periods of the round (a "Total" column
aside) beside an empty or generic first heading ("Category"), and the name says exactly one
cohort of the codebook and one measure. Any other row of figures goes to a person with the
reason. The same names head a table's question column, or a letter's line ("UASC in care: 3").
"""

from __future__ import annotations

import re

from foi_missing.ingest.readers.base import RawAnswer
from foi_missing.ingest.readers.cells import Cell, Grid, TableResult, is_total, texts_of
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.measure_grid import ROW_HEADING, measure_named, question_for
from foi_missing.ingest.readers.periods import is_period_heading, period_named
from foi_missing.ingest.readers.table_headers import COHORT_WORDS

MIN_PERIODS = 2
# "UASC who went missing: 3", "Trafficked children in care - 12": a short name, then its answer.
_FIGURE_FIRST = re.compile(r"^\s*(?:\d|<|fewer\b|less\b|nil\b|none\b|zero\b)", re.IGNORECASE)
_NAMED_LINE = re.compile(r"^\s*(?P<name>[^:\d]{3,60}?)\s*(?::|\s[-\u2013\u2014]\s)\s*(?P<rest>\S.*)$")


def _header(grid: Grid, matcher: QuestionMatcher) -> tuple[int, dict[int, str]] | None:
    """(header row, {column: period id}) of the first row of several cells, when it is such a header."""
    for index, row in enumerate(grid):
        filled = [(column, cell.text) for column, cell in enumerate(row) if cell.text and not cell.covered]
        if len(filled) < MIN_PERIODS:
            continue
        periods: dict[int, str] = {}
        for position, (column, text) in enumerate(filled):
            if is_total(text):
                continue
            named = period_named(text, matcher.periods) if is_period_heading(text) else None
            if named is not None and named.known and column > 0:
                periods[column] = named.period_id
            elif position > 0 or not ROW_HEADING.match(text):
                return None
        if len(periods) < MIN_PERIODS or len(set(periods.values())) < len(periods):
            return None
        return index, periods
    return None


def _row_question(name: str, matcher: QuestionMatcher) -> tuple[str | None, str]:
    asked = {q.cohort for q in matcher.questions}
    cohorts = [cohort for cohort, words in COHORT_WORDS.items() if cohort in asked and words.search(name)]
    if len(cohorts) != 1:
        return None, f'row "{name}" names no single cohort of the request'
    measure = measure_named(COHORT_WORDS[cohorts[0]].sub(" ", name))
    if measure is None:
        return None, f'row "{name}" names no single measure of the request'
    return question_for(matcher, cohorts[0], measure)


def named_question(name: str, matcher: QuestionMatcher) -> str | None:
    """The one question a row name asks by cohort and measure ("UASC who went missing"), or None."""
    return _row_question(name, matcher)[0]


def named_line(text: str, matcher: QuestionMatcher) -> tuple[str | None, str] | None:
    """(question, answer text) for a letter's line named by cohort and measure; (None, answer text)
    when the name says a cohort of the request but no one question ("UASC aged 16-17: 4"); else None."""
    match = _NAMED_LINE.match(text)
    # Only a figure or a few words: "UASC: this includes 2 care leavers" is a note to what came before.
    if match is None or not (_FIGURE_FIRST.match(match.group("rest")) or len(match.group("rest").split()) <= 3):
        return None
    name = match.group("name")
    if (question := named_question(name, matcher)) is not None:
        return question, match.group("rest")
    asked = {q.cohort for q in matcher.questions}
    if any(words.search(name) for cohort, words in COHORT_WORDS.items() if cohort in asked):
        return None, match.group("rest")
    return None


def cohort_measure_rows(grid: Grid, matcher: QuestionMatcher) -> TableResult | None:
    """The answers of a table of cohort-and-measure rows by period columns, or None when it is not one."""
    found = _header(grid, matcher)
    if found is None:
        return None
    header_row, periods = found
    first = min(periods)
    answers: list[RawAnswer] = []
    placed = 0
    for row in grid[header_row + 1 :]:
        cells: list[tuple[str, Cell]] = [(period, row[column]) for column, period in periods.items()
                                         if column < len(row) and row[column].text and not row[column].covered]
        if not cells:
            continue
        name = " ".join(c.text for c in row[:first] if c.text and not c.covered)
        question, reason = _row_question(name, matcher) if name else (None, "figure in a row with no name")
        placed += question is not None
        answers.extend(RawAnswer(question, cell.text, cell.location, notes="" if question else name,
                                 reason=reason, period=period if question else None) for period, cell in cells)
    if not placed:
        return None
    return TableResult(answers=answers, other_text=texts_of(grid[:header_row]))
