"""Tables typed into a plain-text letter: cells apart by tabs or by "|".

E-mail clients and text exports turn a table into lines such as "Q1<tab>12" or
"| Q1 | 12 |". A run of such lines is read as a grid by :mod:`readers.table`, as any
table is, and kept only when it answers at least two questions; else the lines stay
in the letter for the letter reader.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from foi_missing.ingest.readers.base import RawAnswer
from foi_missing.ingest.readers.cells import Cell, clean_cell_text
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.table import answers_from_grid

if TYPE_CHECKING:
    from foi_missing.ingest.readers.letter_parts import Line

MIN_ROWS = 2
MIN_QUESTIONS = 2
_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")  # "|---|---|"


def _cells(text: str) -> list[str] | None:
    """The line's cells, or None when it is no table row."""
    if text.count("|") >= 2 or (text.count("|") == 1 and not text.strip().startswith("|")):
        cells = text.strip().strip("|").split("|")
    elif "\t" in text.strip("\t "):
        # A tab first leaves the corner cell of a header row empty ("<tab>2020<tab>2021").
        cells = ([""] if text.startswith("\t") else []) + re.split(r"\t+", text.strip("\t "))
    else:
        return None
    cells = [c.strip() for c in cells]
    return cells if len(cells) >= 2 else None


def text_tables(body: list[Line], matcher: QuestionMatcher) -> tuple[list[RawAnswer], list[Line]]:
    """(the answers of the letter's typed tables, the letter without those tables' lines)."""
    answers: list[RawAnswer] = []
    used: set[int] = set()
    run: list[tuple[Line, list[str]]] = []
    for line in [*body, None]:
        if line is not None and _RULE.match(line.text) and run:
            continue  # a markdown rule under a header row
        cells = _cells(line.text) if line is not None else None
        if cells is not None:
            run.append((line, cells))
            continue
        if len(run) >= MIN_ROWS:
            found = _run_answers(run, matcher)
            if found:
                answers.extend(found)
                used.update(ln.number for ln, _ in run)
        run = []
    return answers, [line for line in body if line.number not in used]


def _run_answers(run, matcher: QuestionMatcher) -> list[RawAnswer]:
    width = max(len(cells) for _, cells in run)
    grid = [[Cell(clean_cell_text(cells[c]) if c < len(cells) else "", f"line {line.number}")
             for c in range(width)] for line, cells in run]
    result = answers_from_grid(grid, matcher)
    if len({a.question for a in result.answers if a.question}) < MIN_QUESTIONS:
        return []
    return list(result.answers)
