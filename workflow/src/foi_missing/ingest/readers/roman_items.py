"""Items numbered (i), (ii), (iii) read as lettered ones, (a), (b), (c), so that one reader serves both."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from foi_missing.ingest.readers.text import Context

_ROMAN = {"i": "a", "ii": "b", "iii": "c", "iv": "d", "v": "e", "vi": "f", "vii": "g", "viii": "h", "ix": "i", "x": "j"}
_ROMAN_MARK = re.compile(r"(?:(?<=\s)|^)(?:\((?P<a>[ivx]{1,4})\)|(?P<b>[ivx]{1,4})[.)])(?=\s|$)", re.IGNORECASE)


def letters_for_roman(text: str, context: Context) -> str:
    """ "(i) 3 (ii) 0", "ii. 4": roman-numbered items read as lettered ones ("(a) 3 (b) 0").

    A lone "i" is roman unless it follows "h"; "v" and "x" only once the list is roman.
    """
    marks = [m for m in _ROMAN_MARK.finditer(text) if (m.group("a") or m.group("b")).lower() in _ROMAN]
    if not marks:
        return text
    numerals = [(m.group("a") or m.group("b")).lower() for m in marks]
    roman = context.roman or any(len(n) > 1 for n in numerals) or (
        numerals[0] == "i" and context.last_letter != "h")
    if not roman:
        return text
    context.roman = True
    out, last = [], 0
    for mark, numeral in zip(marks, numerals):
        letter = _ROMAN[numeral]
        out.append(text[last : mark.start()])
        out.append(f"({letter})" if mark.group("a") else f"{letter}{mark.group()[-1]}")
        last = mark.end()
    out.append(text[last:])
    return "".join(out)
