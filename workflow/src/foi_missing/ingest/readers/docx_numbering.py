"""The numbers Word shows before automatically numbered paragraphs ("1.", "a)", "(ii)").

Word keeps a list's numbers out of the paragraph's text: "1. 12" on the page is the text
"12" with a numbering reference. The letter reader needs the number to tie the answer
to its question, so it is rebuilt as Word renders it (numbering.xml's levels: start,
format and label text such as "%1." or "%1.%2"). A bullet gives "•", as if typed; an
unknown format gives nothing. Lists sharing an abstract definition continue each other's
count, as in Word, unless a list restarts it.
"""

from __future__ import annotations

from docx.oxml.ns import qn

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _val(element, tag: str, default=None):
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else default


def _int(value, default: int = 0) -> int:
    """A number attribute; a malformed one (a damaged file) counts as the default, not an error."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _roman(number: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


def _formatted(number: int, fmt: str) -> str | None:
    if fmt in ("decimal", "decimalZero"):
        return f"{number:02d}" if fmt == "decimalZero" and number < 10 else str(number)
    if fmt in ("lowerLetter", "upperLetter") and 1 <= number <= 26:
        letter = chr(ord("a") + number - 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 1 <= number < 4000:
        numeral = _roman(number)
        return numeral if fmt == "lowerRoman" else numeral.upper()
    return None  # bullet, none, or a format no question label uses


class Numbering:
    """Renders the list number of each paragraph, in document order."""

    def __init__(self, document):
        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstract id -> level -> (start, fmt, text)
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstract id, start overrides)
        self._style_numbering: dict[str, tuple[str, int]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            for abstract in root.iterchildren(qn("w:abstractNum")):
                levels = {}
                for level in abstract.iterchildren(qn("w:lvl")):
                    ilvl = _int(level.get(qn("w:ilvl")))
                    levels[ilvl] = (_int(_val(level, "w:start"), 1), _val(level, "w:numFmt", "decimal"),
                                    _val(level, "w:lvlText", "") or "")
                self._levels[abstract.get(qn("w:abstractNumId"))] = levels
            for num in root.iterchildren(qn("w:num")):
                overrides = {}
                for override in num.iterchildren(qn("w:lvlOverride")):
                    start = _val(override, "w:startOverride")
                    if start is not None:
                        overrides[_int(override.get(qn("w:ilvl")))] = _int(start, 1)
                self._nums[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId"), overrides)
        try:
            styles = document.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
        if styles is not None:
            for style in styles.iterchildren(qn("w:style")):
                num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
                if num_pr is not None and _val(num_pr, "w:numId") is not None:
                    self._style_numbering[style.get(qn("w:styleId"))] = (
                        _val(num_pr, "w:numId"), _int(_val(num_pr, "w:ilvl")))

    def label(self, paragraph) -> str:
        """The number shown before the paragraph ("2. "), or "" when it has none."""
        num_id, ilvl = self._reference(paragraph)
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return ""
        abstract, overrides = self._nums[num_id]
        levels = self._levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        key = f"num {num_id}" if overrides else f"abstract {abstract}"
        counters = self._counters.setdefault(key, {})
        start = overrides.get(ilvl, levels[ilvl][0])
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > ilvl]:
            del counters[deeper]  # a higher level's next item restarts the levels below it
        if levels[ilvl][1] == "bullet":
            return "\u2022 "  # as a bullet typed by hand: the letter reader knows it
        text = levels[ilvl][2]
        for lvl in range(ilvl + 1):
            token = f"%{lvl + 1}"
            if token not in text:
                continue
            start_lvl = levels.get(lvl, (1, "decimal", ""))
            value = _formatted(counters.get(lvl, overrides.get(lvl, start_lvl[0])), start_lvl[1])
            if value is None:
                return ""
            text = text.replace(token, value)
        return f"{text} " if text.strip() else ""

    def _reference(self, paragraph) -> tuple[str | None, int]:
        p_pr = paragraph.find(qn("w:pPr"))
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        if num_pr is not None:
            return _val(num_pr, "w:numId"), _int(_val(num_pr, "w:ilvl"))
        style = _val(p_pr, "w:pStyle") if p_pr is not None else None
        return self._style_numbering.get(style, (None, 0))
