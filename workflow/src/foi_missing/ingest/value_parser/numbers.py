"""Numbers in an answer: in words ("twenty-three") and in digits ("1,015"), what they count
(children or incidents), and the exemptions a text cites ("s40(2)")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from foi_missing.ingest.value_parser.common import (
    MAX_COUNT,
    MAX_COUNT_DIGITS,
    _Ctx,
)

# --------------------------------------------------------------------------------------
# Numbers in words.

_UNIT_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_ZERO_WORDS = {"zero", "nil", "none", "nought"}
_ALL_NUMBER_WORDS = sorted([*_UNIT_WORDS, *_TENS_WORDS, *_ZERO_WORDS, "hundred"], key=len)
_NUMWORD = r"(?:" + "|".join(reversed(_ALL_NUMBER_WORDS)) + r")"  # longest first
# A run of number words: "twenty-three", "one hundred and five".
# At most five words ("nine hundred and ninety-nine" is the longest number read): an
# unbounded run made every regex holding it quadratic in a long run of number words.
_NUMWORDS = rf"\b{_NUMWORD}(?:(?:\s+and\s+|[\s-]+){_NUMWORD}){{0,4}}\b"
_NUMWORDS_RE = re.compile(_NUMWORDS, re.IGNORECASE | re.ASCII)
# Cardinal words: in a text that already holds a number, a second number.
_CARDINAL_RE = re.compile(
    r"\b(?:"
    + "|".join([*_UNIT_WORDS, *_TENS_WORDS, "hundred", "thousand", "million", "zero"])
    + r")\b",
    re.IGNORECASE,
)


def _words_value(phrase: str) -> int | None:
    """Value of a run of number words, or None if it is not one well-formed number."""
    toks = [t for t in re.split(r"[\s-]+", phrase.lower()) if t and t != "and"]
    if len(toks) == 1 and toks[0] in _ZERO_WORDS:
        return 0
    if any(t in _ZERO_WORDS for t in toks):
        return None
    hundreds = 0
    if "hundred" in toks:
        i = toks.index("hundred")
        head, toks = toks[:i], toks[i + 1 :]
        if len(head) != 1 or _UNIT_WORDS.get(head[0], 10) > 9:
            return None
        hundreds = 100 * _UNIT_WORDS[head[0]]
        if not toks:
            return hundreds
    if len(toks) == 1 and toks[0] in _UNIT_WORDS:
        return hundreds + _UNIT_WORDS[toks[0]]
    if len(toks) == 1 and toks[0] in _TENS_WORDS:
        return hundreds + _TENS_WORDS[toks[0]]
    if (
        len(toks) == 2
        and toks[0] in _TENS_WORDS
        and toks[1] in _UNIT_WORDS
        and _UNIT_WORDS[toks[1]] <= 9
    ):
        return hundreds + _TENS_WORDS[toks[0]] + _UNIT_WORDS[toks[1]]
    return None


# --------------------------------------------------------------------------------------
# Numbers in digits.

# A numeric blob: digit groups joined by single separators ("1,015", "12.0", "62,5",
# "31/03/2015", "2015/1234", "10-20").  Not part of a word ("s40", "Q1", "1a", "13th").
_BLOB_RE = re.compile(r"(?<![0-9A-Za-z£$€])[0-9]+(?:[,./:'-][0-9]+)*(?![0-9A-Za-z])")


@dataclass(frozen=True)
class _Blob:
    text: str
    start: int
    end: int
    value: int | None  # the count it states, or None
    why: str  # why it is not a count (when value is None)


def _blobs(text: str) -> list[_Blob]:
    out = []
    for m in _BLOB_RE.finditer(text):
        s = m.group()
        value, why = None, ""
        if re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+", s):
            grouped = s.replace(",", "")
            if len(grouped) > MAX_COUNT_DIGITS:  # never int() a long run (Python caps it)
                why = f'"{_shorten(s)}" has {len(grouped):,} digits: too long to be a count'
            else:
                value = int(grouped)
        elif re.fullmatch(r"[0-9]+(?:\.0+)?", s):
            digits = s.split(".")[0]
            if len(digits) > 1 and digits.startswith("0"):
                why = f'"{_shorten(s)}" has a leading zero (a code or phone number?)'
            elif len(digits) > MAX_COUNT_DIGITS:  # never int() a long run (Python caps it)
                why = f'"{_shorten(s)}" has {len(digits):,} digits: too long to be a count'
            else:
                value = int(digits)
        elif re.fullmatch(r"[0-9]+[.,][0-9]+", s):
            why = f'"{_shorten(s)}" is a decimal'
        elif re.fullmatch(r"[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}", s):
            why = f'"{s}" is a date'
        else:
            why = f'"{_shorten(s)}" is not a count'
        rest = text[m.end() :]
        if value is not None and re.match(r"\s*(?:%|per\s*cent|percent)", rest, re.IGNORECASE):
            value, why = None, f'"{s}%" is a percentage'
        if value is not None and value > MAX_COUNT:
            value, why = None, f'"{s}" is too large to be a count'
        out.append(_Blob(s, m.start(), m.end(), value, why))
    return out


def _shorten(text: str, keep: int = 20) -> str:
    return text if len(text) <= keep else f"{text[:keep]}…"


def _parse_int(s: str) -> int | None:
    """A number token in digits or words ("5", "1,015", "five") -> int."""
    s = s.strip()
    if re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,5}", s):
        return int(s.replace(",", ""))
    return _words_value(s)


_NUM = rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])|[0-9]{{1,5}}(?![0-9]|[.,][0-9])|{_NUMWORDS})"


# --------------------------------------------------------------------------------------
# Units: does a number count children or incidents?

_CHILD_UNIT = (
    r"(?:children|child|young\s+people|young\s+persons?|individuals|persons|people|uasc|"
    r"boys|girls|minors|pupils|lac|cla)"
)
_INCIDENT_UNIT = (
    r"(?:incidents?|episodes?|occasions?|times|instances|absences|missing\s+reports|reports)"
)
_UNIT_FILLER = (
    r"(?:missing|separate|different|individual|unique|recorded|reported|looked[\s-]+after|"
    r"unaccompanied|asylum[\s-]+seeking|trafficked|such|known|identified)"
)


def _unit_kind(text: str) -> str | None:
    """'children' / 'incidents' for the first unit word in the text, else None."""
    m = re.search(rf"\b(?:(?P<c>{_CHILD_UNIT})|(?P<i>{_INCIDENT_UNIT}))\b", text, re.IGNORECASE)
    if m is None:
        return None
    return "children" if m.group("c") else "incidents"


def _unit_mismatch(text: str, ctx: _Ctx) -> str | None:
    kind = _unit_kind(text)
    if kind and ctx.kind and kind != ctx.kind:
        return f"the figure counts {kind} but the question counts {ctx.kind}"
    return None


# --------------------------------------------------------------------------------------
# Exemptions cited.

_CITE_RE = re.compile(
    r"(?<![A-Za-z0-9'])(?:sections?|sect\.|sec\.|s\.|s|§)\s{0,2}(?P<num>[0-9]{1,2})(?![0-9])"
    # "38(1)b": a sub-paragraph letter written without its brackets
    r"(?P<subs>(?:\s?\(\s?[0-9a-z]{1,4}\s?\))*(?:(?<=\))[a-z](?![a-z0-9]))?)",
    re.IGNORECASE | re.ASCII,
)
_PERSONAL_DATA = {40}  # FOIA s40(2) personal data
_FOISA_PERSONAL = {38}  # FOISA s38(1)(b) personal data
# Procedural sections: cited in refusals but not exemptions (duty to confirm, time
# limits, advice and assistance, refusal notice).
_PROCEDURAL = {1, 8, 10, 11, 16, 17}


@dataclass(frozen=True)
class _Cite:
    num: int
    subs: str
    start: int
    end: int

    def label(self, act: str | None) -> str:
        body = f"s{self.num}{self.subs}"
        return f"{act} {body}" if act else body


def _cites(text: str) -> list[_Cite]:
    out = []
    for m in _CITE_RE.finditer(text):
        subs = re.sub(r"\s", "", m.group("subs"))
        subs = re.sub(r"\)([a-z])$", r")(\1)", subs, flags=re.IGNORECASE)
        subs = re.sub(r"\(([A-Za-z])\)", lambda g: f"({g.group(1).lower()})", subs)
        out.append(_Cite(int(m.group("num")), subs, m.start(), m.end()))
    return out


def _act_in_text(low: str) -> str | None:
    if re.search(r"\bfoisa\b|\(scotland\)|scottish information commissioner", low):
        return "FOISA"
    if re.search(r"\bfoia\b|\bfoi act\b|freedom of information act", low):
        return "FOIA"
    return None


def _exemption(cites: list[_Cite], ctx: _Ctx, implied: str | None = None) -> str | None:
    """Normalised exemption text, e.g. "FOIA s40(2)"; several joined by "; "."""
    labels: list[str] = []
    act = ctx.act or implied
    if act is None and any(c.num in _PERSONAL_DATA for c in cites):
        act = "FOIA"  # s40 (personal data) is a FOIA section: the reply is under FOIA
    for c in cites:
        label = c.label(act)
        if label not in labels:
            labels.append(label)
    return "; ".join(labels) or None
