"""Symbols a reply defines once ("* = five or fewer") and uses as answers.

An answer that is only the symbol carries the footnote as its notes; the parser
then applies the stated interval rather than the configured default, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from foi_missing.ingest.readers.base import RawAnswer

# "* = five or fewer", "[c] denotes a figure between 1 and 4", "* Less than 3": a symbol
# defined once (without a sign between, only by words that state a small number).
_FOOTNOTE_LINE = re.compile(
    r"^\s*(?P<symbol>\*{1,3}|\u2020|\u2021|#|\[c\]|\[x\]|~)"
    r"(?:\s*(?:=|:|-|denotes|means|indicates|represents)\s*"
    r"|\s*(?=(?:fewer|less|under|below|between|up\s+to|numbers?|figures?|values?|counts?)\b))\S",
    re.IGNORECASE,
)


def with_footnotes(answers: list[RawAnswer], texts: Iterable[str]) -> list[RawAnswer]:
    """Answers that are a footnote symbol carry the footnote defining it (as their notes).

    ``texts``: the lines of a letter, or the cells of a table, where footnotes are looked for.
    """
    notes = {}
    for text in texts:
        if (m := _FOOTNOTE_LINE.match(text)) is not None:
            notes.setdefault(m.group("symbol"), text.strip())
    if not notes:
        return answers
    out = []
    for answer in answers:
        symbol = answer.raw_text.strip(" .")
        if symbol in notes and not answer.notes:
            answer = replace(answer, notes=notes[symbol])
        out.append(answer)
    return out
