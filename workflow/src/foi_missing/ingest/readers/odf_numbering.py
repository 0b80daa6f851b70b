"""The numbers an OpenDocument text shows before the items of a numbered list ("1.", "a)", "(ii)").

As in Word (``docx_numbering.py``), a list's numbers are not in the paragraph's
text: the list's style (``text:list-style``, in content.xml's or styles.xml's
styles) says each level's format ("1", "a", "i"), prefix, suffix, first number and
how many levels the label shows ("1.2."). A list starts counting afresh unless it
continues another (``text:continue-numbering``, ``text:continue-list``). A
bullet gives "•", as if typed; a format no question label uses gives nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from foi_missing.ingest.readers.docx_numbering import _formatted, _int

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_LIST_STYLE, _NUMBER, _BULLET = (f"{{{_TEXT}}}list-style", f"{{{_TEXT}}}list-level-style-number",
                                 f"{{{_TEXT}}}list-level-style-bullet")
# ODF's number formats, as Word names them (the names docx_numbering renders).
_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}


@dataclass(frozen=True)
class Level:
    bullet: bool
    format: str | None
    prefix: str = ""
    suffix: str = ""
    start: int = 1
    shown: int = 1  # how many levels the label shows: 2 gives "1.2."


def list_styles(*roots: etree._Element | None) -> dict[str, dict[int, Level]]:
    """Every list style of the documents' parts, by name: its levels (from 1)."""
    styles: dict[str, dict[int, Level]] = {}
    for root in roots:
        if root is None:
            continue
        for style in root.iter(_LIST_STYLE):
            levels = {}
            for level in style.iterchildren(_NUMBER, _BULLET):
                number = _int(level.get(f"{{{_TEXT}}}level"), 1)
                if level.tag == _BULLET:
                    levels[number] = Level(bullet=True, format=None)
                    continue
                levels[number] = Level(
                    bullet=False, format=_FORMATS.get(level.get(f"{{{_STYLE}}}num-format", "")),
                    prefix=level.get(f"{{{_STYLE}}}num-prefix", ""), suffix=level.get(f"{{{_STYLE}}}num-suffix", ""),
                    start=_int(level.get(f"{{{_TEXT}}}start-value"), 1),
                    shown=_int(level.get(f"{{{_TEXT}}}display-levels"), 1))
            styles[style.get(f"{{{_STYLE}}}name")] = levels
    return styles


class ListNumbers:
    """Counts the items of the document's lists, in body order, and renders each item's label."""

    def __init__(self, styles: dict[str, dict[int, Level]]):
        self._styles = styles
        self._counters: dict[str, dict[int, int]] = {}  # list style -> level -> last number

    def start_list(self, element: etree._Element, style: str | None, level: int) -> None:
        """A list opens; a top-level list counts afresh unless it continues the one before."""
        if level != 1 or style is None:
            return
        continues = (element.get(f"{{{_TEXT}}}continue-numbering") == "true"
                     or element.get(f"{{{_TEXT}}}continue-list") is not None)
        if not continues:
            self._counters[style] = {}

    def label(self, item: etree._Element, style: str | None, level: int) -> str:
        """The label of a list item at ``level`` (from 1): "2. ", "• ", or ""."""
        levels = self._styles.get(style or "", {})
        if level not in levels:
            return ""
        counters = self._counters.setdefault(style, {})
        override = item.get(f"{{{_TEXT}}}start-value")
        counters[level] = _int(override, 1) if override is not None else counters.get(level, levels[level].start - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]  # a higher level's next item restarts the levels below it
        this = levels[level]
        if this.bullet:
            return "\u2022 "
        values = []
        for lvl in range(max(level - this.shown + 1, 1), level + 1):
            shown = levels.get(lvl)
            value = _formatted(counters.get(lvl, shown.start if shown else 1), shown.format if shown else "decimal")
            if value is None:
                return ""
            values.append(value)
        return f"{this.prefix}{'.'.join(values)}{this.suffix} "
