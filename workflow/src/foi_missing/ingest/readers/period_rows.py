"""A row of periods over a row of figures, typed under a question in a letter.

    Q1
    2018 | 2019 | 2020
    6    | 11   | 0

The two lines become one list of period answers ("2018: 6; 2019: 11; 2020: 0") that the
letter reader splits by period as it does any such list. Only when the lines leave no doubt:
every heading names a period (a period the round does not ask about still goes to a person,
with its reason, as in any list), no heading twice, a "Total" heading's figure dropped (the
periods' own figures answer), and as many figures as headings, none of them a period.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from foi_missing.core.roundspec import Period
from foi_missing.ingest.readers.cells import is_total
from foi_missing.ingest.readers.letter_parts import Line
from foi_missing.ingest.readers.periods import is_period_heading, period_named

MIN_PERIODS = 2


def _cells(text: str) -> list[str]:
    if "|" in text:
        cells = text.strip().strip("|").split("|")
    else:
        cells = re.split(r"\t+|\s{2,}", text.strip())
    return [c.strip() for c in cells]


def _headings(text: str, periods: Sequence[Period]) -> list[str] | None:
    cells = _cells(text)
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
            figures = _cells(below.text)
            if len(figures) == len(headings) and all(f and not is_period_heading(f) for f in figures):
                items = [f"{h}: {f}" for h, f in zip(headings, figures, strict=True) if not is_total(h)]
                out.append(Line(line.number, "; ".join(items)))
                index += 2
                continue
        out.append(line)
        index += 1
    return out
