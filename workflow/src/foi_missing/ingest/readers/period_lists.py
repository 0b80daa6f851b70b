"""Multi-period answers written figure first or as two aligned lists.

"18 (2018), 15 (2019), 9 (2020)", "2018/2019/2020: 5/6/2" and "2018 6, 2019 11, 2020 0" give
one figure per period in shapes that "2018 – 18" readers do not meet. They are read only when the whole answer
is such a list, so that no figure is taken from a sentence that merely mentions a year.
"""

from __future__ import annotations

import re

_YEAR = r"(?:19|20)\d\d(?:[/-](?:19|20)?\d\d)?"
_FIGURE = r"[^,;()/\s][^,;()/]{0,30}?"
# "18 (2018)", "fewer than 5 (2019)"
_FIGURE_FIRST = re.compile(rf"\s*(?P<figure>{_FIGURE})\s*\(\s*(?P<period>{_YEAR})\s*\)\s*")
_SEPARATOR = re.compile(r"\s*(?:[,;]|\band\b)\s*|\s+", re.IGNORECASE)
# "2018/2019/2020: 5/6/2"
_ALIGNED = re.compile(r"^\s*(?P<periods>(?:19|20)\d\d(?:\s*/\s*(?:19|20)\d\d)+)\s*[:=\u2013\u2014-]\s*"
                      r"(?P<figures>[^/]+(?:/[^/]+)+?)\s*\.?\s*$")


# "2018 6, 2019 11, 2020 0": a year, a space, a plain figure; the items apart by "," ";" "and"
# or a run of spaces ("2018  6    2019  11").
_YEAR_FIRST = re.compile(
    rf"(?P<period>{_YEAR})\s+(?P<figure>\d{{1,3}}(?:,\d{{3}})+|\d+|<\s?\d+|nil|none)(?![\w/.-])", re.IGNORECASE)
_ITEM_SEPARATOR = re.compile(r"\s*(?:[,;]|\band\b)\s*|\s{2,}", re.IGNORECASE)


def listed_figures(text: str) -> list[tuple[str, str]] | None:
    """[(period, figure)] when the whole text is one of the three lists, else None."""
    if aligned := _ALIGNED.match(text):
        periods = [p.strip() for p in aligned.group("periods").split("/")]
        figures = [f.strip() for f in aligned.group("figures").split("/")]
        return list(zip(periods, figures)) if len(periods) == len(figures) else None
    if year_first := _year_first(text.strip().rstrip(".")):
        return year_first
    pairs, position = [], 0
    text = text.strip().rstrip(".")
    while position < len(text):
        match = _FIGURE_FIRST.match(text, position)
        if match is None:
            return None
        pairs.append((match.group("period"), match.group("figure").strip()))
        position = match.end()
        separator = _SEPARATOR.match(text, position)
        if separator is not None:
            position = separator.end()
    return pairs if len(pairs) >= 2 else None


def _year_first(text: str) -> list[tuple[str, str]] | None:
    pairs, position = [], 0
    while True:
        match = _YEAR_FIRST.match(text, position)
        if match is None:
            return None
        pairs.append((match.group("period"), match.group("figure")))
        position = match.end()
        if position == len(text):
            return pairs if len(pairs) >= 2 else None
        separator = _ITEM_SEPARATOR.match(text, position)
        if separator is None:
            return None
        position = separator.end()
