"""A row of periods over a row of figures, typed under a question in a letter.

    Q1
    2018 | 2019 | 2020
    6    | 11   | 0

The two lines become one list of period answers ("2018: 6; 2019: 11; 2020: 0") that the
letter reader splits by period as it does any such list; a table flattened to single spaces
("Year 2020 2019" over "Total 6 11") is read too. Only when the lines leave no doubt:
every heading names a period (a period the round does not ask about still goes to a person,
with its reason, as in any list), no heading twice, a "Total" heading's figure dropped (the
periods' own figures answer), as many figures as headings, none of them a period, and no
second row of figures under them (a breakdown: "Male 3 4" / "Female 2 1").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from foi_missing.core.roundspec import Period
from foi_missing.ingest.readers.cells import is_total
from foi_missing.ingest.readers.letter_parts import Line
from foi_missing.ingest.readers.periods import is_period_heading, period_named

MIN_PERIODS = 2


# A table flattened to single spaces ("Year 2020 2019 2018" over "Total 4 6 11"): each cell one
# word, so only plain figures and a one-word row name are read.
_FIGURE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+|<\d+|\*)$")
_ROW_NAME = re.compile(r"^(?:year|years|period|total|totals|number|no\.?|children|count)$", re.IGNORECASE)


def _cells(text: str) -> list[str]:
    if "|" in text:
        cells = text.strip().strip("|").split("|")
    else:
        cells = re.split(r"\t+|\s{2,}", text.strip())
    cells = [c.strip() for c in cells]
    if len(cells) == 1 and (words := cells[0].split()) and all(
            _FIGURE.match(w) or is_period_heading(w) for w in words[1:]):
        return words  # single spaces: one word a cell
    return cells


def _named_row(cells: list[str]) -> list[str]:
    """The cells without a leading row name ("Year", "Total"), which names no period or figure."""
    return cells[1:] if len(cells) > 2 and _ROW_NAME.match(cells[0]) else cells


def _headings(text: str, periods: Sequence[Period]) -> list[str] | None:
    cells = _named_row(_cells(text))
    named = [period_named(c, periods) for c in cells if not is_total(c)]
    if len(named) < MIN_PERIODS or any(n is None for n in named) or not all(
            is_period_heading(c) for c in cells if not is_total(c)):
        return None
    spans = [(n.start, n.end) for n in named]
    return cells if len(set(spans)) == len(spans) else None


def periods_over_figures(body: list[Line], periods: Sequence[Period]) -> list[Line]:
    """The letter with each row of period headings and the row of figures under it made one line."""
    out: list[Line] = []
    index = 0
    while index < len(body):
        line = body[index]
        below = body[index + 1] if index + 1 < len(body) else None
        headings = _headings(line.text, periods) if below is not None and not line.blank else None
        if headings is not None and below is not None:
            figures = _named_row(_cells(below.text))
            after = body[index + 2] if index + 2 < len(body) else None
            # A second row of as many figures ("Male 3 4" then "Female 2 1"): a breakdown, not one answer.
            breakdown = after is not None and len(_named_row(_cells(after.text))) == len(headings) and not after.blank
            if not breakdown and len(figures) == len(headings) and all(
                    f and not is_period_heading(f) for f in figures):
                items = [f"{h}: {f}" for h, f in zip(headings, figures, strict=True) if not is_total(h)]
                out.append(Line(line.number, "; ".join(items)))
                index += 2
                continue
        out.append(line)
        index += 1
    return out
