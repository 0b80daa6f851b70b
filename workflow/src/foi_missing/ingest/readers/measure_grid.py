"""A table with a column per cohort and a row per measure, naming no question.

    |                  | UASC | Trafficked |
    | Children in care |  3   |     12     |
    | Went missing     |  1   |      4     |

or the same table turned round (a row per cohort, a column per measure).

Each figure answers the one question of the codebook asking about that column's cohort
and that row's measure. Read only when the layout leaves no doubt:

- a header row names at least two cohorts of the codebook, one a column, and nothing else
  but perhaps a heading over the row names ("Measure", "Category");
- a row's name says one measure in words (in care, went missing, missing episodes, still
  missing); "children in care who went missing" is the narrower measure, went missing; a
  row naming a part of one ("went missing more than once", "girls") names none;
- the codebook has exactly one question for that cohort and measure.

A figure whose row names no measure, or two, or whose (cohort, measure) no single question
asks about, goes to a person with the reason. Text in a column under no cohort's heading (a
cohort's heading over "Boys | Girls" or "2021 | 2022"), or a row of figures under a row that only
names something ("Boys"), means the table is not this layout.
"""

from __future__ import annotations

import re

from foi_missing.ingest.readers.base import RawAnswer
from foi_missing.ingest.readers.cells import Cell, Grid, TableResult, texts_of
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.table_headers import cohort_heading

MEASURE_WORDS = {
    "not_found": re.compile(
        r"not\s+(?:been\s+)?(?:found|located|returned)|still\s+missing|remain(?:s|ed|ing)?\s+missing|"
        r"whereabouts\s+(?:are\s+|is\s+)?(?:still\s+)?unknown", re.IGNORECASE),
    "missing_episodes": re.compile(r"\bepisodes?\b|\bincidents?\b|\boccasions?\b|\binstances?\b", re.IGNORECASE),
    "went_missing": re.compile(
        r"\b(?:went|gone|go|going|goes|were|was|been|reported)\s+missing\b|\bmissing\s+(?:at\s+least|from\s+care)|"
        r"^\s*(?:number\s+(?:of\s+)?)?(?:children\s+|young\s+people\s+)?missing\s*$", re.IGNORECASE),
    "in_care": re.compile(
        r"\bin\s+(?:your\s+|our\s+|the\s+council'?s?\s+)?care\b|looked[\s-]+after|\baccommodated\b|\bin\s+placement",
        re.IGNORECASE),
}
# The heading over the row names, when there is one.
ROW_HEADING = re.compile(
    r"^\s*(?:measure|categor(?:y|ies)|description|children|number|count|item|cohort|group)s?\s*:?\s*$",
    re.IGNORECASE)
MIN_COHORTS = 2


# Words that make a row a part of a measure ("went missing more than once", "aged 16-17",
# "missing over 24 hours", "girls"): a subgroup, not what the question counts.
_SUBGROUP = re.compile(
    r"\bmore\s+than\b|\bover\s+\d|\bunder\s+\d|\bfor\s+\d|\btwice\b|\brepeat|\b\d+\s*(?:\+\s*)?(?:hours?|days?|"
    r"weeks?|times)\b|\baged?\b|\b(?:fe)?males?\b|\bboys?\b|\bgirls?\b|\bof\s+(?:which|whom)\b|\bout\s+of\s+area\b",
    re.IGNORECASE)


def measure_named(text: str) -> str | None:
    """The one measure a row's name says; in care gives way to a narrower measure; None when unclear."""
    if _SUBGROUP.search(text):
        return None
    named = [measure for measure, words in MEASURE_WORDS.items() if words.search(text)]
    narrower = [m for m in named if m != "in_care"]
    if len(narrower) > 1:
        return None
    return narrower[0] if narrower else ("in_care" if named else None)


def _header(grid: Grid, matcher: QuestionMatcher) -> tuple[int, dict[int, str]] | None:
    asked = {q.cohort for q in matcher.questions}
    for index, row in enumerate(grid):
        filled = [(column, cell.text) for column, cell in enumerate(row) if cell.text and not cell.covered]
        if not filled:
            continue
        cohorts = {column: cohort_heading(text) for column, text in filled}
        columns = {column: cohort for column, cohort in cohorts.items() if cohort in asked}
        others = [text for column, text in filled if cohorts[column] is None]
        if (len(columns) >= MIN_COHORTS and len(set(columns.values())) == len(columns)
                and all(ROW_HEADING.match(text) for text in others) and min(columns) > 0):
            return index, columns
        if len(filled) > 1:
            return None  # the first row of several cells is no such header: not this layout
    return None


def question_for(matcher: QuestionMatcher, cohort: str, measure: str) -> tuple[str | None, str]:
    """The one question asking about (cohort, measure), or (None, why not)."""
    matching = [q.label for q in matcher.questions if q.cohort == cohort and q.measure == measure]
    if len(matching) == 1:
        return matching[0], ""
    if not matching:
        return None, f"no question of the request asks about {cohort} children, {measure.replace('_', ' ')}"
    return None, (f"questions {', '.join(matching)} all ask about {cohort} children, "
                  f"{measure.replace('_', ' ')}: which one this figure answers is for a person to say")


def _figures_beside_cohort_columns(rows: Grid, columns: dict[int, str]) -> bool:
    """Text under no cohort heading, right of the row names: each cohort's heading stands over
    several columns ("UASC" over "Boys | Girls", or "2021 | 2022"), so that no column is the cohort's
    own figure."""
    first = min(columns)
    return any(cell.text and not cell.covered and column > first and column not in columns
               for row in rows for column, cell in enumerate(row))


def measure_grid_answers(grid: Grid, matcher: QuestionMatcher) -> TableResult | None:
    """The answers of a cohort-by-measure table (either way round), or None when the grid is not one."""
    found = _header(grid, matcher)
    if found is None:
        # A row per cohort and a column per measure: the same table turned round.
        width = max((len(row) for row in grid), default=0)
        padded = [row + [Cell("", "")] * (width - len(row)) for row in grid]
        turned = [list(column) for column in zip(*padded, strict=True)]
        found = _header(turned, matcher)
        if found is None:
            return None
        grid = turned
    header_row, columns = found
    if _figures_beside_cohort_columns(grid[header_row + 1 :], columns):
        return None
    answers: list[RawAnswer] = []
    placed = heading_rows = 0
    for row in grid[header_row + 1 :]:
        name = " ".join(c.text for c in row[: min(columns)] if c.text and not c.covered)
        cells = [(cohort, row[column]) for column, cohort in columns.items()
                 if column < len(row) and row[column].text and not row[column].covered]
        if not cells:
            heading_rows += bool(name)
            continue
        if heading_rows:
            return None  # rows grouped under a row naming them ("Boys"): not a row per measure
        measure = measure_named(name) if name else None
        for cohort, cell in cells:
            if measure is None:
                reason = (f'row "{name}" names no single measure of the request' if name
                          else "figure in a row with no name")
                answers.append(RawAnswer(None, cell.text, cell.location, reason=reason))
                continue
            question, reason = question_for(matcher, cohort, measure)
            placed += question is not None
            answers.append(RawAnswer(question, cell.text, cell.location, notes="" if question else name,
                                     reason=reason))
    if not placed:
        return None
    return TableResult(answers=answers, other_text=texts_of(grid[:header_row]))
