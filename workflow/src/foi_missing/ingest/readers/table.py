"""Find the answers in a grid of cells (a worksheet, a CSV file, a table of a PDF, document or web page).

The request's template is a table ``Question | Description | Answer``; councils
rename, reorder and abbreviate its columns, put letterhead rows above it, or
drop the header and type the answer beside the question's wording. They also
turn it round (question labels across a row, the answers in the row below),
put two tables on one sheet (side by side, or one under the other with a cohort
heading each), and answer a multi-period request with a column (or a row) per
period. The search, in order:

1. header rows naming a question column and an answer column, or period
   columns ("Question | 2018 | 2019"), anywhere on the sheet, several per row
   or one after another: each starts a block read row by row;
2. rows of question labels or wordings ("Q1 | Q2 | Q5"): the answers are in
   the rows below, one row per period when the rows are headed by periods;
3. no header: the answer beside the question's label or wording.

A period column or row the round does not ask about is kept with a ``reason``
so that a person codes it; a "Total" column is no period and is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from foi_missing.ingest.readers.base import RawAnswer
from foi_missing.ingest.readers.cells import (
    QUESTION_ROLES,
    Cell,
    Grid,
    TableResult,
    cell_at,
    header_role,
    horizontal_span,
    is_total,
    next_cell_covered,
    texts_of,
)
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.cohort_measure_rows import cohort_measure_rows, named_question
from foi_missing.ingest.readers.footnotes import with_footnotes
from foi_missing.ingest.readers.layered_headers import layered_header_answers
from foi_missing.ingest.readers.measure_grid import measure_grid_answers
from foi_missing.ingest.readers.period_answers import split_by_period
from foi_missing.ingest.readers.periods import is_period_heading, period_named
from foi_missing.ingest.readers.table_headers import Block, find_blocks, named_period
from foi_missing.ingest.readers.titled_tables import titled_answers

# --- rows of question labels (tables turned round) -------------------------------------------------


def _strong_question(text: str, matcher: QuestionMatcher, digits: bool) -> str | None:
    """The question a header cell names by label ("Q1", not a bare "1" unless ``digits``) or wording."""
    if not text:
        return None
    if text.strip().isdigit() and not digits:
        return None
    return matcher.label(text) or matcher.wording(text)


def _question_row(row: list[Cell], matcher: QuestionMatcher) -> dict[int, str] | None:
    """``{column: question}`` when the row lists two or more questions across (a turned-round table)."""
    filled = [(i, c) for i, c in enumerate(row) if c.text and not c.covered]
    if len(filled) < 2:
        return None
    head = header_role(filled[0][1].text)
    digits = head in QUESTION_ROLES
    named: dict[int, str] = {}
    # The second cell first: in a row of figures or prose it ends the search at once.
    for position in (1, 0, *range(2, len(filled))):
        column, cell = filled[position]
        if position > 0 and is_total(cell.text):
            continue
        question = _strong_question(cell.text, matcher, digits)
        # Besides the questions, only a row heading first ("Question", "Year"): any
        # other text ends the search at once (a row of figures or prose costs little).
        if question is None and position > 0:
            return None
        if question is not None:
            if question in named.values():
                return None
            named[column] = question
    return dict(sorted(named.items())) if len(named) >= 2 else None


def _question_rows(grid: Grid, matcher: QuestionMatcher) -> list[tuple[int, dict[int, str]]]:
    return [(i, named) for i, row in enumerate(grid) if (named := _question_row(row, matcher))]


def _across_answers(grid: Grid, matcher: QuestionMatcher) -> TableResult:
    """Question labels across a row; answers in the rows below (an answer row, or a row per period)."""
    rows = _question_rows(grid, matcher)
    result = TableResult(other_text=texts_of(grid[: rows[0][0]]))
    for position, (index, named) in enumerate(rows):
        end = rows[position + 1][0] if position + 1 < len(rows) else len(grid)
        result.answers.extend(_across_block(grid, index + 1, end, named, matcher))
    return result


def _across_block(grid: Grid, first: int, end: int, named: dict[int, str], matcher) -> list[RawAnswer]:
    first_question = min(named)
    answer_rows: list[tuple[list[Cell], str | None, str]] = []  # (row, period id, reason)
    notes: dict[int, str] = {}
    for row in grid[first:end]:
        cells = [c for c in row if c.text and not c.covered]
        if not cells:
            if answer_rows:
                break  # a blank line after the answers ends the table
            continue
        head = next((c.text for c in row[:first_question] if c.text), "")
        role = header_role(head) if head else None
        values = [row[c] for c in named if c < len(row)]
        if role in QUESTION_ROLES or (not head and all(_is_question_text(c.text, matcher)
                                                        for c in values if c.text)):
            continue  # the questions' wording under their labels
        if head and is_total(head):
            continue  # a total is no period
        if role == "notes":
            notes.update({c: row[c].text for c in named if c < len(row) and row[c].text})
        elif role == "answer":
            answer_rows.append((row, None, ""))
        elif head and is_period_heading(head):
            period = named_period(head, matcher)
            reason = "" if period.known else f"row '{head}' is not a period the round asks about"
            answer_rows.append((row, period.period_id, reason))
        elif head:
            answer_rows.append((row, None, f"row '{head}' is neither an answer row nor a period of the round"))
        elif any(r[1] is None and not r[2] for r in answer_rows):
            answer_rows.append((row, None, "a second row of answers under the same question labels"))
        else:
            answer_rows.append((row, None, ""))
    answers = []
    for row, period, reason in answer_rows:
        for column, question in named.items():
            if column >= len(row) or row[column].covered:
                continue  # part of a figure merged across from the column before: see ``covers``
            cell = row[column]
            if reason and not cell.text:
                continue
            span = horizontal_span(row, column)
            covers = tuple(dict.fromkeys(named[c] for c in range(column, column + span) if c in named))
            answers.append(RawAnswer(question, cell.text, cell.location, covers=covers if len(covers) > 1 else (),
                                     notes=notes.get(column, ""), reason=reason, period=period))
    return answers


# --- the search -------------------------------------------------------------------------------------


def has_answer_table(grid: Grid, matcher: QuestionMatcher) -> bool:
    """True when the grid holds a table of answers (by its header row, or question labels across)."""
    return bool(find_blocks(grid, matcher)) or bool(_question_rows(grid, matcher))


def answers_from_grid(grid: Grid, matcher: QuestionMatcher, notes_only: bool = False,
                      heading: str | None = "") -> TableResult:
    """The answers of one sheet; ``notes_only`` for a sheet beside the answer table (notes).

    ``heading``: the text above the table or the sheet's name (``readers.titled_tables``);
    None when the grid is itself a titled table being read."""
    blocks = find_blocks(grid, matcher)
    if blocks:
        result = TableResult(other_text=texts_of(grid[: blocks[0].header_row]))
        for block in blocks:
            result.answers.extend(_block_answers(grid, block, matcher))
    # Headings on two levels before rows of question labels: read as one level, the lower row
    # of headings ("2020 | 2021" under "Q1") would pass for answers.
    elif (layered := layered_header_answers(grid, matcher, (heading,) if heading else ())) is not None:
        result = layered
    elif _question_rows(grid, matcher):
        result = _across_answers(grid, matcher)
    elif (measured := _measured_answers(grid, matcher, heading)) is not None:
        result = measured  # figures named by cohort, measure and period rather than by question
    elif notes_only:
        return _notes_mode(grid, matcher)
    else:
        result = _beside_mode(grid, matcher)
        if not any(a.raw_text or a.notes or a.question is None for a in result.answers):
            result.answers = []  # question labels alone, nothing beside them
    if not result.answers and heading is not None:
        result.answers = titled_answers(grid, matcher, heading, partial(answers_from_grid, heading=None))
    if not result.answers:
        result.reason = _no_answers_reason(grid, matcher, blocks)
    result.answers = with_footnotes(split_by_period(result.answers, matcher),
                                    (c.text for row in grid for c in row if c.text))
    return result


def _measured_answers(grid: Grid, matcher: QuestionMatcher, heading: str | None) -> TableResult | None:
    """A table naming no question, whose headings say each figure's cohort, measure and period."""
    titles = (heading,) if heading else ()
    return (measure_grid_answers(grid, matcher) or cohort_measure_rows(grid, matcher)
            or layered_header_answers(grid, matcher, titles, need_levels=1))


def _no_answers_reason(grid: Grid, matcher: QuestionMatcher, blocks: list[Block]) -> str:
    if not any(c.text for row in grid for c in row):
        return "table: empty"
    if blocks:
        return "table: no question labels found under the header row"
    texts = [c.text for row in grid for c in row if c.text and not c.covered]
    # Labels anywhere (cheap to look for); wordings in the first cells only.
    names_questions = any(matcher.label(t) and not t.strip().isdigit() or matcher.leading_label(t)
                          for t in texts) or any(matcher.wording(t) for t in texts[:50])
    return "table: no answer column found" if names_questions else "table: no question labels found"


def _cohort_resolver(matcher: QuestionMatcher, cohort: str | None) -> Callable[[str], str | None]:
    """Resolve a label or wording; under a cohort heading, a wording tie within the cohort is settled."""
    if cohort is None:
        return matcher.resolve
    within = QuestionMatcher([q for q in matcher.questions if q.cohort == cohort], matcher.periods)

    def resolve(text: str) -> str | None:
        return matcher.resolve(text) or within.wording(text)

    return resolve


def _block_answers(grid: Grid, block: Block, matcher: QuestionMatcher) -> list[RawAnswer]:
    by_label_or_wording = _cohort_resolver(matcher, block.cohort)

    def resolve(text: str) -> str | None:  # else a row named by cohort and measure: "UASC in care"
        return by_label_or_wording(text) or named_question(text, matcher)

    answers = []
    for index in range(block.data_row, block.end_row):
        row = grid[index]
        if block.periods:
            answers.extend(_row_by_periods(row, block, resolve, matcher))
            continue
        if len(block.cohort_answers) > 1:
            answers.extend(_row_by_cohorts(row, block, resolve, matcher))
            continue
        answer = _row_by_roles(row, block, grid, index, resolve, matcher)
        if answer is not None:
            answers.append(answer)
    return answers


def _row_question(row: list[Cell], roles: dict[str, int], resolve) -> str | None:
    for role in QUESTION_ROLES:
        cell = cell_at(row, roles.get(role))
        if cell is not None and cell.text and (label := resolve(cell.text)):
            return label
    return None


def _row_period(row: list[Cell], block: Block, matcher: QuestionMatcher) -> tuple[str | None, str]:
    """A "Year" column's period for this row: (period id, reason when the round does not ask for it)."""
    cell = cell_at(row, block.roles.get("period"))
    if cell is None or not cell.text:
        return None, ""
    named = period_named(cell.text, matcher.periods)
    if named is not None and named.known:
        return named.period_id, ""
    return None, f"period '{cell.text}' is not a period the round asks about"


def _unplaced(row: list[Cell], block: Block, answer_cells: list[Cell]) -> RawAnswer | None:
    """A row whose figures answer no question of the codebook (kept for a person), or None."""
    cells = block.columns(row)
    if not any(c.text for c in answer_cells) or not any(
            c.text for c in cells if not any(c is a for a in answer_cells)):
        return None  # a blank row or a stray figure with nothing to say what it answers
    described = " | ".join(c.text for c in cells if c.text)
    location = next((c.location for c in answer_cells if c.text), answer_cells[0].location)
    return RawAnswer(None, described, location,
                     reason="row names no question of the codebook (or several equally well)")


def _row_by_roles(row, block: Block, grid, row_index, resolve, matcher) -> RawAnswer | None:
    roles = block.roles
    answer_cell = cell_at(row, roles["answer"])
    if answer_cell is not None and answer_cell.covered:
        return None  # part of a figure merged down from the row above: see ``covers``
    notes_cell = cell_at(row, roles.get("notes"))
    text = answer_cell.text if answer_cell else ""
    notes = notes_cell.text if notes_cell and not notes_cell.covered else ""
    question = _row_question(row, roles, resolve)
    location = answer_cell.location if answer_cell else row[0].location
    if question is None:
        return _unplaced(row, block, [answer_cell]) if answer_cell is not None else None
    if block.split_answer:
        span = horizontal_span(grid[block.header_row], roles["answer"])
        parts = [c.text for c in row[roles["answer"] : roles["answer"] + span] if c.text]
        return RawAnswer(question, " | ".join(parts), location, notes=notes,
                         reason=f"answer heading spans several columns ({block.split_answer})")
    period, reason = _row_period(row, block, matcher)
    if block.answer_cohort and (asked := matcher.question(question)) and asked.cohort != block.answer_cohort:
        reason = (f"answer column is headed for {block.answer_cohort}, but {question} asks about "
                  f"{asked.cohort}")
    covers = ()
    if answer_cell is not None and answer_cell.rows_spanned > 1:
        covers = _merged_covers(grid, roles, row_index, answer_cell.rows_spanned, resolve)
    return RawAnswer(question, text, location, covers=covers, notes=notes, reason=reason, period=period)


def _row_by_cohorts(row: list[Cell], block: Block, resolve, matcher: QuestionMatcher) -> list[RawAnswer]:
    """ "Q1 | 2019 | 3 | 12" under "Question | Year | Trafficked | UASC": the question's answer is
    in its own cohort's column; the other figures are kept for a person."""
    cells = {column: cell_at(row, column) for column in block.cohort_answers}
    filled = {column: cell for column, cell in cells.items() if cell is not None and cell.text}
    if not filled:
        return []
    question = _row_question(row, block.roles, resolve)
    if question is None:
        unplaced = _unplaced(row, block, list(filled.values()))
        return [unplaced] if unplaced is not None else []
    period, reason = _row_period(row, block, matcher)
    asked = matcher.question(question)
    answers = []
    for column, cell in filled.items():
        cohort = block.cohort_answers[column]
        if asked is not None and cohort == asked.cohort:
            answers.append(RawAnswer(question, cell.text, cell.location, reason=reason, period=period))
        else:
            answers.append(RawAnswer(None, cell.text, cell.location, reason=(
                f"figure for {cohort} beside {question}, which asks about "
                f"{asked.cohort if asked else 'another cohort'}")))
    return answers


def _row_by_periods(row: list[Cell], block: Block, resolve, matcher) -> list[RawAnswer]:
    """One answer per period column: ``Q1 | 5 | 6 | 7`` under ``Question | 2018 | 2019 | 2020``."""
    cells = [cell_at(row, column) for column, _, _ in block.periods]
    present = [c for c in cells if c is not None]
    if not present:
        return []
    question = _row_question(row, block.roles, resolve)
    if question is None:
        unplaced = _unplaced(row, block, present)
        return [unplaced] if unplaced is not None else []
    notes_cell = cell_at(row, block.roles.get("notes"))
    notes = notes_cell.text if notes_cell and not notes_cell.covered else ""
    answers = []
    for (column, heading, named), cell in zip(block.periods, cells):
        if cell is None or cell.covered:
            continue
        span = horizontal_span(row, column)
        spanned = [h for c, h, _ in block.periods if column <= c < column + span]
        if len(spanned) > 1:
            answers.append(RawAnswer(question, cell.text, cell.location, notes=notes,
                                     reason=f"one figure for columns {', '.join(map(repr, spanned))}"))
        elif named.known:
            answers.append(RawAnswer(question, cell.text, cell.location, notes=notes, period=named.period_id))
        elif cell.text:
            answers.append(RawAnswer(question, cell.text, cell.location, notes=notes,
                                     reason=f"column '{heading}' is not a period the round asks about"))
    return answers


def _merged_covers(grid, roles, row_index, height, resolve) -> tuple[str, ...]:
    """Labels of the question rows one merged answer cell spans (a combined figure)."""
    labels = []
    for row in grid[row_index : row_index + height]:
        label = _row_question(row, roles, resolve)
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
    figures = _figures_not_labels(grid)
    for index, row in enumerate(grid):
        filled = [c for c in row if c.text and not c.covered]
        answer = None if index in figures else _beside_answer(filled, matcher)
        if answer is None:
            result.other_text.extend((c.text, c.location) for c in filled)
            continue
        if len(filled) == 1 and next_cell_covered(row, filled[0]):
            continue  # part of a figure merged down from the row above: see ``covers``
        cell = next((c for c in filled[1:] if c.location == answer.location), None)
        if cell is not None and cell.rows_spanned > 1:
            answer = replace(answer, covers=_beside_covers(grid, index, cell.rows_spanned, matcher))
        result.answers.append(answer)
    return result


_BARE_NUMBER = re.compile(r"^\s*\d+\s*$")


def _figures_not_labels(grid: Grid) -> set[int]:
    """Rows whose first cell is a bare number that is a figure, not a question label.

    Under a row of period headings ("2018 | 2019 | 2020"), "6 | 11 | 0" is figures, not
    question 6 answered "11"; under a header row naming its first column otherwise
    ("Month | Number", "Age | Children": words, no figures), "1 | 4" is month 1, not question 1.
    """
    if any(_period_heading_row(row) for row in grid):
        return {i for i, row in enumerate(grid) if _first_bare_number(row) is not None}
    rows, heading = set(), None
    for index, row in enumerate(grid):
        filled = [c for c in row if c.text and not c.covered]
        first = _first_bare_number(row)
        if first is None and len(filled) >= 2 and not any(re.search(r"\d", c.text) for c in filled):
            column = next(i for i, c in enumerate(row) if c.text and not c.covered)
            heading = (column, filled[0].text)
        elif first is not None and heading is not None and heading[0] == first and not (
                header_role(heading[1]) in QUESTION_ROLES):
            rows.add(index)
    return rows


def _first_bare_number(row: list[Cell]) -> int | None:
    """The column of the row's first cell when it holds a bare number, else None."""
    column = next((i for i, c in enumerate(row) if c.text and not c.covered), None)
    return column if column is not None and _BARE_NUMBER.match(row[column].text) else None


def _period_heading_row(row: list[Cell]) -> bool:
    filled = [c.text for c in row if c.text and not c.covered]
    return len(filled) >= 2 and all(is_period_heading(text) or is_total(text) for text in filled) and any(
        is_period_heading(text) for text in filled)


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
