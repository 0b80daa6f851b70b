"""A table's rows run together into lines: each names a question in words, its answer last.

    Number of children 2022
    Children in our care identified as victims of trafficking 5
    Of those, the number who went missing Nil
    Unaccompanied asylum-seeking children in our care 12

A web page or an e-mail that loses a table's cells keeps one line per row, the cells apart
by a single space. A run of two or more lines, one after another, each ending in a short
answer (a figure, nil, none, "<5", "fewer than 5", "included in above"), is read as a table's
rows when at least two of them name a question, each a different one, by its wording or
by cohort and measure ("UASC who went missing"). A row naming no question, or one named
twice, goes to a person. A row starts with a capital and its figure is no year. A line just above the run that ends in a period ("Number of children
2022") names the period of every figure; a period the round does not ask about sends the
figures to a person. Rows of several figures ("UASC in care 21 25") are read only under a
heading line ending in as many periods ("Category 2020 2021"), one figure a period. A line
whose words run on into its figure ("... the number was 5")
is a sentence, not a row, and a run with any such line is left to the letter reader.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from foi_missing.ingest.readers.base import RawAnswer
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.cohort_measure_rows import named_question
from foi_missing.ingest.readers.periods import is_period_heading, period_named

if TYPE_CHECKING:
    from foi_missing.ingest.readers.letter_parts import Line

MIN_ROWS = 2
MIN_QUESTIONS = 2
MIN_NAME_WORDS = 3

_ANSWER = re.compile(
    r"^(?P<name>\S.*?[A-Za-z)\].,?])\s+(?P<answer>\d{1,3}(?:,\d{3})*|\d+|nil|none|zero|[<\u2264]\s?\d+|"
    r"(?:fewer|less)\s+than\s+(?:\d+|five|ten)|included\s+in\s+(?:the\s+)?(?:above|figure\s+above))\.?\s*$",
    re.IGNORECASE,
)
# A figure of a row with one per period: "UASC in care 21 25".
_FIGURE = r"(?:\d{1,3}(?:,\d{3})*|\d+|nil|none|zero|[<\u2264]\d+)"
_FIGURES = re.compile(rf"^(?P<name>\S.*?[A-Za-z)\].,?])\s+(?P<figures>{_FIGURE}(?:\s+{_FIGURE})+)\s*$", re.IGNORECASE)
# Words before the figure that make the line a sentence ("... the number was 5", "a total of 5").
_RUNS_ON = re.compile(
    r"\b(?:was|were|is|are|be|been|had|have|has|of|than|to|by|at|about|approximately|around|over|under|"
    r"total|only|just|with|from|in|on|and|or|for)\s*$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_PERIOD_AT_END = re.compile(r"^(?P<words>[^\d]*?)\s*(?P<period>\S*\d\S*(?:\s+(?:to|-|\u2013)\s+\S*\d\S*)?)\s*:?$")


def _row(text: str) -> tuple[str, list[str]] | None:
    """(name, answers) of a line that ends in short answers after its words, else None."""
    match = _FIGURES.match(text.strip())
    if match is not None:
        name, answers = match.group("name").strip(), match.group("figures").split()
    elif (match := _ANSWER.match(text.strip())) is not None:
        name, answers = match.group("name").strip(), [match.group("answer")]
    else:
        return None
    if (len(name.split()) < MIN_NAME_WORDS or re.search(r"\d", name) or _RUNS_ON.search(name)
            or not name[0].isupper() or any(_YEAR.fullmatch(answer) for answer in answers)):
        return None  # a sentence (or a sentence's second line), or a heading ending in years
    return name, answers


def _periods_above(line: Line | None, count: int, matcher: QuestionMatcher) -> list[tuple[str | None, str]] | None:
    """[(period id or None, its heading)] for each figure of the rows, from a heading line above
    ending in their periods ("Number of children 2022", "Category 2020 2021"); None when the line
    names none (or not as many as the rows have figures)."""
    text = line.text.strip().rstrip(":") if line is not None else ""
    if not text:
        return None
    if count == 1:
        match = _PERIOD_AT_END.match(text)
        headings = [match.group("period")] if match else []
    else:
        words = text.split()
        headings = words[-count:] if len(words) > count and not re.search(r"\d", " ".join(words[:-count])) else []
    if len(headings) != count or not all(is_period_heading(h) for h in headings):
        return None
    named = [period_named(h, matcher.periods) for h in headings]
    return [(n.period_id if n is not None else None, h) for n, h in zip(named, headings, strict=True)]


def flat_rows(body: list[Line], matcher: QuestionMatcher) -> tuple[list[RawAnswer], list[Line]]:
    """(the answers of runs of flattened rows, the letter without those lines)."""
    answers: list[RawAnswer] = []
    used: set[int] = set()
    run: list[tuple[Line, str, list[str]]] = []
    before: Line | None = None
    for index, line in enumerate([*body, None]):
        row = _row(line.text) if line is not None else None
        if row is not None and (not run or len(row[1]) == len(run[0][2])):
            if not run:
                before = body[index - 1] if index > 0 else None
            run.append((line, *row))
            continue
        if len(run) >= MIN_ROWS and (found := _run_answers(run, before, matcher)):
            answers.extend(found)
            used.update(ln.number for ln, _, _ in run)
        run = []
        if row is not None:  # a row of another width starts a run of its own
            before = body[index - 1]
            run = [(line, *row)]
    return answers, [line for line in body if line.number not in used]


def _run_answers(run: list[tuple[Line, str, list[str]]], before: Line | None,
                 matcher: QuestionMatcher) -> list[RawAnswer]:
    questions = [matcher.wording(name) or named_question(name, matcher) for _, name, _ in run]
    named = [q for q in questions if q is not None]
    if len(set(named)) < MIN_QUESTIONS:
        return []
    count = len(run[0][2])
    periods = _periods_above(before, count, matcher)
    if periods is None:
        if count > 1:
            return []  # several figures a row, and no periods to tell them apart
        periods = [(None, "")]
    answers = []
    for (line, name, figures), question in zip(run, questions, strict=True):
        where = f"line {line.number}"
        for figure, (period, heading) in zip(figures, periods, strict=True):
            if question is None:
                answers.append(RawAnswer(None, figure, where, notes=name, reason=f'row "{name}" names no question'))
            elif named.count(question) > 1:
                answers.append(RawAnswer(None, figure, where, notes=name,
                                         reason=f"{question} is named by two rows: which answers it is for a person"))
            elif heading and period is None:
                answers.append(RawAnswer(None, figure, where, notes=name, reason=(
                    f'the heading above names a period the request does not ask about ("{heading}")')))
            else:
                answers.append(RawAnswer(question, figure, where, period=period))
    return answers
