"""Code one council answer (the text written in reply to one question) as an answer status.

``parse_answer`` turns the text of one answer into a :class:`ParsedAnswer`: an answer
status of docs/design.md#statuses and, where the status carries one, a number or an interval.

The shape is a list of small rules tried in order (``_RULES``); the first rule that
recognises the text decides.  Statements about the answer as a whole (wrong tier, cost
refusal, not held, other exemptions, cross references, not recorded) come first, because
their texts carry numbers that are *not* the answer (a cost refusal's "250 casefiles at
15 minutes", a section number "s40(2)", a question label "Q1").  Only then is the text
read as a count: per-period lines and snapshots, then the plain count forms.

Principles (why the rules look as they do):

- Never guess.  Anything the rules do not recognise with confidence is ``unparsed`` with a
  note saying why, so a person codes it.  Approximate figures ("approximately 20"), two
  numbers for one thing, percentages, dates or years alone, reference numbers, phone
  numbers are all ``unparsed``.
- A blank cell (or ``None``) is ``unparsed`` with the note "blank", not ``no_response``:
  whether a council replied at all is decided from the request log, and a blank in a
  returned form is an unanswered question that a person must look at.  Only an explicit
  "No response received" (a researcher's log entry) is coded ``no_response``.
- ``value`` is set only for ``reported`` (then ``lower == upper == value``); ``suppressed``
  carries the interval in ``lower``/``upper``.  Every other status has neither.
- The parser never raises: it reads ``str`` (``None``, ``int`` and ``float`` cells are
  accepted as spreadsheets give them) and builds its results through constructors that
  keep the invariants above.

Choices a reader of the answers table should know:

- A range the council gave ("between 10 and 20", "1-4") is ``suppressed`` with that
  interval: like "fewer than 5", it withholds the exact figure but bounds it.
- "Withheld" / "redacted" with no reason is ``unparsed``; with s40(2) (or FOISA s38(1)(b))
  it is a small number withheld: ``suppressed`` with ``default_suppression``.  Without an
  act named, s38 is read as FOISA personal data only beside a small-number phrase or when
  the caller passes ``act="FOISA"``; otherwise it is FOIA health and safety
  (``refused_other``).  An act is written into ``exemption`` only when the text names it,
  the caller passes it, or the section implies it (s40 -> FOIA, FOISA s17 notices).
- "As above" / "Same as (a)" repeat another answer's figure: ``unparsed`` with
  ``refers_to`` set, so the caller (or a person) can copy the other answer.  "Included in
  above" / "See response to (a)" mean counted elsewhere: ``included_elsewhere``.
- One figure for two questions ("1a and 1b together: 8") is ``reported`` with
  ``refers_to="1a+1b"``; the caller decides where it is counted (docs/design.md#counting-rules).
- "685 incidents relating to 73 children" gives the count the ``measure`` asks for and
  notes the other; with no measure, the children (every measure but ``missing_episodes``
  counts children).  A lone figure whose unit contradicts the measure ("13 episodes" for
  ``went_missing``) is ``unparsed``.
- A text that states a number and something else (a refusal, a cross reference, a second
  figure, "none of whom ...") is ``unparsed``: it answers more than one question.
- A year alone ("2015"), a date alone, and a number that reads as a year are ``unparsed``.
"""

from __future__ import annotations

import calendar
import itertools
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from foi_missing.core.vocabulary import (  # the status words are defined once
    INCLUDED_ELSEWHERE,
    NO_RESPONSE,
    NOT_HELD,
    NOT_RECORDED,
    NOT_RESPONSIBLE,
    REFUSED_COST,
    REFUSED_OTHER,
    REPORTED,
    STATUSES,
    SUPPRESSED,
    UNPARSED,
)

__all__ = ["STATUSES", "ParsedAnswer", "parse_answer"]

# A per-authority count above this is not a count of children or episodes (a phone
# number, a reference, an amount): Kent's UASC in care, the largest, was about 1,000.
MAX_COUNT = 99_999
# A digit run longer than this is no count, whatever it is (a phone number, a reference).
MAX_COUNT_DIGITS = 9
# Texts longer than this are letters, not answers; the rules are not meant for them.
MAX_TEXT = 10_000

# Measures (docs/design.md#vocabulary) counting episodes rather than children.
_INCIDENT_MEASURES = {"missing_episodes"}
_CHILD_MEASURES = {"in_care", "went_missing", "not_found"}


@dataclass(frozen=True)
class ParsedAnswer:
    """One answer coded.  See the module docstring for the invariants."""

    status: str
    value: int | None = None
    lower: int | None = None
    upper: int | None = None
    exemption: str | None = None
    period_note: str | None = None
    refers_to: str | None = None
    redirect: str | None = None
    note: str = ""
    rule: str = ""
    # The figure is for another population or date than asked ("includes care leavers",
    # "placed out of area", a snapshot): the value is kept and this says how it differs.
    qualifier: str | None = None


# --------------------------------------------------------------------------------------
# Constructors: the only places results are made, so the invariants hold by construction.


def _reported(value: int, note: str, rule: str, **kw: str | None) -> ParsedAnswer:
    return ParsedAnswer(REPORTED, value, value, value, note=note, rule=rule, **kw)


def _suppressed(lo: int, hi: int, note: str, rule: str, **kw: str | None) -> ParsedAnswer:
    if not 0 <= lo <= hi:
        return _unparsed(f"impossible interval {lo}..{hi}", "bad_interval")
    return ParsedAnswer(SUPPRESSED, None, lo, hi, note=note, rule=rule, **kw)


def _status(status: str, note: str, rule: str, **kw: str | None) -> ParsedAnswer:
    return ParsedAnswer(status, note=note, rule=rule, **kw)


def _unparsed(note: str, rule: str, **kw: str | None) -> ParsedAnswer:
    return ParsedAnswer(UNPARSED, note=note, rule=rule, **kw)


def _is_count(res: ParsedAnswer | None) -> bool:
    return res is not None and res.status in (REPORTED, SUPPRESSED)


def _add_note(res: ParsedAnswer, extra: str) -> ParsedAnswer:
    if not extra:
        return res
    return replace(res, note=f"{res.note}; {extra}" if res.note else extra)


# --------------------------------------------------------------------------------------
# Context of one parse.


@dataclass(frozen=True)
class _Ctx:
    text: str  # the answer, normalised, original case
    period: tuple[date, date] | None
    kind: str | None  # 'children', 'incidents' or None (measure not given)
    default: tuple[int, int]
    act: str | None  # 'FOIA' / 'FOISA' named in the text or passed by the caller

    @property
    def low(self) -> str:
        return self.text.lower()


# --------------------------------------------------------------------------------------
# Normalisation.

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\t\r\f\v"), " ")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201b\u2032`"), "'") | dict.fromkeys(
    map(ord, "\u201c\u201d\u201f\u2033"), '"'
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


# Superscript and subscript digits are footnote marks ("13¹"), not digits to join on.
_FOOTNOTE_MARKS = frozenset("\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"
                            "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089")
# A no-break or thin space between digit groups is a thousands separator: "1\u202f015".
_GROUP_SPACE = re.compile(r"(?<=[0-9])[\u00a0\u202f\u2009\u2007](?=[0-9]{3}(?![0-9]))")


def _nfkc(text: str) -> str:
    """Unicode NFKC (full-width digits "１３" -> "13"), leaving footnote marks as they are."""
    if text.isascii():
        return text
    return "".join(ch if ch in _FOOTNOTE_MARKS else unicodedata.normalize("NFKC", ch) for ch in text)


def _normalise(text: str) -> str:
    """Unify spaces, dashes and quotes; drop spreadsheet text markers.

    NFKC reads full-width and other compatibility digits, except footnote marks: "13¹"
    must not become "131".
    """
    text = _GROUP_SPACE.sub(",", text)
    text = _nfkc(text)
    text = text.translate(_SPACES).translate(_DASHES).translate(_QUOTES).translate(_ZERO_WIDTH)
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    # A leading apostrophe (or "=") is how a number is typed as text in Excel: "'12".
    text = re.sub(r"^['=]\s*(?=\S)", "", text)
    # "the Freedom of Information (Scotland) Act 2002": the year names the law; drop it
    # so that it is read neither as a period nor as a second number.
    text = re.sub(r"\b(act|regulations?)\s+(?:19|20)[0-9]{2}\b", r"\1", text, flags=re.IGNORECASE)
    return text.strip()


# A question label at the start of the answer: "Q1:", "Q2a)", "(a)", "a)", "1a.", "Answer:".
_LABEL = re.compile(
    r"^(?:"
    r"q(?:uestion)?\s*[0-9]{1,2}\s*[a-h]?\s*[.):-]?"
    r"|\(\s*(?:[a-h]|[ivx]{1,4}|[0-9]{1,2}[a-h]?)\s*\)\s*[.:-]?"
    r"|(?:[abd-h]|[0-9]{1,2}[a-h])\s*[.):]|c\s*[):]"  # not "c." (circa)
    r"|(?:answer|response|reply|ateb|ymateb|a)(?:\s*/\s*(?:answer|response|reply|ateb|ymateb))?\s*[:-]"
    r")\s+",
    re.IGNORECASE | re.ASCII,
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


# --------------------------------------------------------------------------------------
# Dates and periods.

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YR = r"(?:199[0-9]|20[0-3][0-9])"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
_DATE_FULL = (
    rf"(?:{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YR}|{_MON}\s+{_DAY},?\s+{_YR}"
    rf"|(?:3[01]|[12][0-9]|0?[1-9])[/.-](?:1[0-2]|0?[1-9])[/.-](?:{_YR}|[0-9]{{2}})(?![0-9])"
    rf"|{_YR}-(?:1[0-2]|0[1-9])-(?:3[01]|[12][0-9]|0[1-9]))"
)
_DATE_PART = rf"(?:{_DAY}\s+(?:of\s+)?{_MON}|{_MON}\s+{_DAY})"
_NB = r"(?<![0-9A-Za-z/.,£$])"  # not inside another token
_NA = r"(?![0-9A-Za-z%]|[/.,][0-9])"

_PERIOD_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "range",
        re.compile(
            rf"{_NB}(?:(?:from|between)\s+)?(?P<a>{_DATE_FULL}|{_DATE_PART})"
            rf"\s*(?:-|to|until|till|and)\s*(?P<b>{_DATE_FULL}){_NA}",
            re.IGNORECASE | re.ASCII,
        ),
    ),
    (
        "year_to",
        re.compile(
            rf"\b(?:the\s+)?(?:year|12\s+months|twelve\s+months)\s+(?:ending|ended|to|up\s+to)\s+"
            rf"(?P<b>{_DATE_FULL}|{_MON}\s+{_YR}){_NA}",
            re.IGNORECASE | re.ASCII,
        ),
    ),
    (
        "month_range",
        re.compile(
            rf"\b(?:(?:from|between)\s+)?(?P<a>{_MON}(?:\s+{_YR})?)\s*(?:-|to|until|and)\s*"
            rf"(?P<b>{_MON}\s+{_YR}){_NA}",
            re.IGNORECASE | re.ASCII,
        ),
    ),
    (
        "year_range",
        re.compile(
            rf"{_NB}(?P<a>{_YR})(?:\s*/\s*|-|\s+to\s+)(?P<b>[0-9]{{4}}|[0-9]{{2}}){_NA}",
            re.IGNORECASE | re.ASCII,
        ),
    ),
    ("date", re.compile(rf"{_NB}(?P<a>{_DATE_FULL}){_NA}", re.IGNORECASE | re.ASCII)),
    ("month", re.compile(rf"\b(?P<a>{_MON}\s+{_YR}){_NA}", re.IGNORECASE | re.ASCII)),
    ("year", re.compile(rf"{_NB}(?P<a>{_YR}){_NA}", re.IGNORECASE | re.ASCII)),
]


@dataclass(frozen=True)
class _Period:
    start: date
    end: date
    label: str
    snapshot: bool
    span: tuple[int, int]


def _mkdate(y: int, m: int, d: int) -> date | None:
    if not (1990 <= y <= 2039 and 1 <= m <= 12):
        return None
    if not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return date(y, m, d)


def _month_end(y: int, m: int) -> date | None:
    return _mkdate(y, m, calendar.monthrange(y, m)[1]) if 1 <= m <= 12 else None


def _month_num(s: str) -> int | None:
    return _MONTHS.get(s.strip().lower().rstrip(".")[:3])


def _parse_date(s: str, year: int | None = None) -> date | None:
    """A full date (or, with ``year``, a day and month) in the forms of _DATE_FULL."""
    s = s.strip().lower()
    if m := re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", s):
        return _mkdate(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{2,4})", s):
        y = int(m[3])
        y = y + 2000 if y < 100 else y  # "31/03/15": UK day-first, this century
        return _mkdate(y, int(m[2]), int(m[1]))
    m = re.fullmatch(r"([0-9]{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?(?:\s+([0-9]{4}))?", s)
    if m is None:
        m2 = re.fullmatch(r"([a-z]+)\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?,?(?:\s+([0-9]{4}))?", s)
        if m2 is None:
            return None
        day, mon, yr = m2[2], m2[1], m2[3]
    else:
        day, mon, yr = m[1], m[2], m[3]
    month = _month_num(mon)
    y = int(yr) if yr else year
    if month is None or y is None:
        return None
    return _mkdate(y, month, int(day))


def _period_from(kind: str, m: re.Match[str]) -> tuple[date, date, bool] | None:
    a = m.groupdict().get("a")
    b = m.groupdict().get("b")
    if kind == "range":
        end = _parse_date(b)
        if end is None:
            return None
        start = _parse_date(a) or _parse_date(a, end.year)
        if start is not None and start > end and not re.search(r"[0-9]{4}", a):
            start = _parse_date(a, end.year - 1)  # "1 Sep to 31 Aug 2015"
        return (start, end, False) if start and start <= end else None
    if kind == "year_to":
        if mm := re.fullmatch(rf"({_MON})\s+({_YR})", b.strip(), re.IGNORECASE):
            # "year to September 2015": the 12 months before 1 September 2015 (docs/design.md#assumptions).
            first = _mkdate(int(mm[2]), _month_num(mm[1]) or 0, 1)
            if first is None:
                return None
            end = first - timedelta(days=1)
        else:
            end = _parse_date(b)
            if end is None:
                return None
        start = _mkdate(end.year - 1, end.month, 1)
        if start is None:
            return None
        start = (_month_end(end.year - 1, end.month) or start) + timedelta(days=1)
        if end != _month_end(end.year, end.month):  # ends mid-month: same day a year back
            start = (_mkdate(end.year - 1, end.month, min(end.day, 28)) or start) + timedelta(1)
        return start, end, False
    if kind == "month_range":
        mb = re.fullmatch(rf"({_MON})\s+({_YR})", b.strip(), re.IGNORECASE)
        ma = re.fullmatch(rf"({_MON})(?:\s+({_YR}))?", a.strip(), re.IGNORECASE)
        if mb is None or ma is None:
            return None
        yb, mob = int(mb[2]), _month_num(mb[1]) or 0
        moa = _month_num(ma[1]) or 0
        ya = int(ma[2]) if ma[2] else (yb if moa <= mob else yb - 1)
        start, end = _mkdate(ya, moa, 1), _month_end(yb, mob)
        return (start, end, False) if start and end and start <= end else None
    if kind == "year_range":
        ya, bs = int(a), b
        yb = int(bs) if len(bs) == 4 else (ya // 100) * 100 + int(bs)
        if yb == ya + 1:
            # "2017/18", "2017-18": a financial year, April to March.
            start, end = _mkdate(ya, 4, 1), _mkdate(yb, 3, 31)
        elif yb > ya and not (len(bs) == 4 and "/" in m.group()):
            start, end = _mkdate(ya, 1, 1), _mkdate(yb, 12, 31)
        else:
            return None
        return (start, end, False) if start and end else None
    if kind == "date":
        d = _parse_date(a)
        return (d, d, True) if d else None
    if kind == "month":
        mm = re.fullmatch(rf"({_MON})\s+({_YR})", a.strip(), re.IGNORECASE)
        if mm is None:
            return None
        mo, y = _month_num(mm[1]) or 0, int(mm[2])
        start, end = _mkdate(y, mo, 1), _month_end(y, mo)
        return (start, end, False) if start and end else None
    if kind == "year":
        start, end = _mkdate(int(a), 1, 1), _mkdate(int(a), 12, 31)
        return (start, end, False) if start and end else None
    return None


def _find_periods(text: str) -> list[_Period]:
    """Periods and snapshot dates named in the text, left to right, not overlapping."""
    found: list[_Period] = []
    for kind, pattern in _PERIOD_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < p.span[1] and p.span[0] < m.end() for p in found):
                continue
            if re.search(
                r"\b(?:act|regulations?|order|gdpr)\s*$", text[: m.start()], re.IGNORECASE
            ):
                continue  # "Freedom of Information Act 2000" names a law, not a period
            got = _period_from(kind, m)
            if got is None:
                continue
            start, end, snap = got
            found.append(_Period(start, end, m.group().strip(), snap, (m.start(), m.end())))
    return sorted(found, key=lambda p: p.span)


# Words tying a period to the figure ("in 2018", "as at", "for the year ending").
_PERIOD_LEAD = re.compile(
    r"(?:\b(?:in|during|for|over|throughout|within|from|as\s+(?:at|of|on)|at|on|of)\s+)?"
    r"(?:the\s+)?(?:(?:calendar|financial|academic|reporting)\s+)?(?:(?:year|period)\s+)?"
    r"(?:\b(?:ending|ended)\s+)?\x00",
    re.IGNORECASE,
)


def _without_period(text: str, p: _Period) -> str:
    marked = text[: p.span[0]] + "\x00" + text[p.span[1] :]
    marked = _PERIOD_LEAD.sub("\x00", marked)
    return _strip_punct(marked.replace("\x00", " "))


def _strip_punct(s: str) -> str:
    s = re.sub(r"\s+", " ", s)
    return s.strip(" \n:=;,.-'\"/")


def _with_period(res: ParsedAnswer, p: _Period, ctx: _Ctx) -> ParsedAnswer:
    span = f"{p.start.isoformat()} to {p.end.isoformat()}"
    if ctx.period is not None and (p.start, p.end) == ctx.period:
        return _add_note(res, f'"{p.label}" is the question\'s period')
    if p.snapshot:
        return replace(res, period_note=f"snapshot as at {p.start.isoformat()}")
    if ctx.period is None:
        return replace(res, period_note=f'covers {span} ("{p.label}"); question period not given')
    return replace(res, period_note=f'covers {span} ("{p.label}"), not the question\'s period')


# --------------------------------------------------------------------------------------
# Rules.  Each takes the context and returns a result, or None if it does not apply.

_Rule = Callable[[_Ctx], "ParsedAnswer | None"]


# "* = five or fewer", "[c] denotes a number between 1 and 4": a footnote defining a symbol.
_SYMBOL = r"\*{1,3}|\u2020|\u2021|#|\[c\]|\[x\]|~"
_FOOTNOTE = re.compile(
    rf"\(?\s*(?P<sym>{_SYMBOL})\s*(?:=|:|-|\bdenotes\b|\bmeans\b|\bindicates\b|\brepresents\b|\bis\b)\s*"
    rf"(?P<definition>[^()\n;]+?)\s*\)?\s*(?:[.;\n]|$)",
    re.IGNORECASE,
)


def _rule_footnote(ctx: _Ctx) -> ParsedAnswer | None:
    """An answer that is a symbol, with the footnote defining it: the footnote's interval
    applies, not the configured default."""
    m = _FOOTNOTE.search(ctx.text)
    if m is None:
        return None
    answer = _strip_punct(ctx.text[: m.start()] + " " + ctx.text[m.end() :])
    if answer != m["sym"]:
        return None
    definition = _strip_punct(m["definition"])
    sub = replace(ctx, text=definition)
    res = _read_suppression(definition, sub) or _read_range(definition, sub)
    if res is None or res.status != SUPPRESSED or res.rule == "suppressed_default":
        why = f'footnote "{m.group().strip()}" states no interval'
        return _unparsed(why, "footnote")
    note = f'footnote "{m["sym"]} = {definition}" -> {res.lower}..{res.upper}'
    return replace(res, note=note, rule="footnote")


def _rule_placeholder(ctx: _Ctx) -> ParsedAnswer | None:
    """Texts that stand in for an answer: a person must look."""
    low = ctx.low.strip(" .!")
    if re.fullmatch(r"[-_./\\*x?~ ]*", low) and not re.fullmatch(r"\*+", low):
        if "?" in low:
            return _unparsed("only a question mark", "placeholder")
        return _unparsed(f'placeholder "{ctx.text}"', "placeholder")
    if re.fullmatch(r"n\s*/\s*a|n\.?a\.?|\[[xz]\]", low):
        return _unparsed('"N/A": could mean none, not applicable or not answered', "placeholder")
    if re.fullmatch(r"(?:this\s+(?:question\s+)?is\s+)?not\s+applicable(?:\s+(?:to\s+(?:us|this\s+(?:council|authority))|"
                    r"in\s+this\s+(?:case|instance)))?", low):
        # Spelled out, the council says the question does not apply to it: no figure and no
        # exemption, never a zero (docs/answer-wording.md).
        return _status(NOT_RECORDED, 'council says "not applicable": no figure given', "not_applicable")
    if re.fullmatch(r"tbc|tba|to\s+follow|to\s+be\s+confirmed|awaiting.*|pending.*", low):
        return _unparsed("answer still to come", "placeholder")
    if re.match(r"-[0-9]", low):
        return _unparsed("negative number", "placeholder")
    return None


def _rule_attachment(ctx: _Ctx) -> ParsedAnswer | None:
    """ "See attached", a web link: the answer is somewhere else (after the status rules,
    so "see attached refusal notice (s12)" is still a cost refusal)."""
    if re.search(
        r"\b(?:see|refer\s+to|please\s+find)\b[^.]{0,40}\b(?:attach(?:ed|ment)|enclosed|"
        r"spreadsheet|appendix|annex|table|link|website|url)\b|\battached\b|\benclosed\b"
        r"|https?://|www\.",
        ctx.low,
    ):
        return _unparsed("refers to an attachment or a web page", "attachment")
    return None


def _rule_no_response(ctx: _Ctx) -> ParsedAnswer | None:
    """A researcher's log entry that nothing came back."""
    if re.fullmatch(
        r"(?:no\s+(?:response|reply)(?:\s+(?:was\s+)?received)?(?:\s+(?:by|before)\s+.*)?"
        r"|did\s+not\s+(?:respond|reply)|not\s+responded)[.!]?",
        ctx.low,
    ):
        return _status(NO_RESPONSE, "text says no response was received", "no_response_text")
    return None


# Strong cues: the council says it is the wrong tier.
_NOT_RESPONSIBLE = re.compile(
    r"not\s+(?:have\s+|hold\s+|carry\s+)?(?:any\s+)?responsib\w*\s+for\s+"
    r"(?:\w+\s+){0,2}(?:children|social|looked|care)"
    r"|(?:does|do)\s*(?:not|n't)\s+(?:provide|deliver|have)\s+(?:\w+\s+){0,2}(?:social\s+care|"
    r"social\s+services|children'?s\s+services)"
    r"|not\s+(?:a|the)\s+(?:\w+\s+){0,2}(?:social\s+services|children'?s\s+services|"
    r"social\s+care)\s+authority"
    r"|is\s+not\s+(?:a\s+)?(?:function|service)\s+(?:of|provided\s+by)\s+this"
    r"|\b(?:as|we\s+are|is)\s+a\s+(?:district|parish|town)\s+council"
    # "with no children's services", "we have no child care responsibilities" (not "no social
    # care records of ...", which is about the data)
    r"|\b(?:with|have|has)\s+no\s+(?:child\s*care|children'?s\s+(?:social\s+)?(?:care|services)|"
    r"social\s+(?:care|services))\b(?!\s+(?:records?|data|information|cases?|files?)\b)"
    r"|\bdistrict\s+council\b[\s\S]{0,200}\bcounty\s+council\b"
    r"|health\s+and\s+social\s+care\s+trust|\bhsc\s*trusts?\b|\bhsct\b",
    re.IGNORECASE,
)
# Weak cues: only with another body named right after them ("is the responsibility of
# Kent County Council"), since "the responsibility of the council" is ordinary prose.
_NOT_RESPONSIBLE_WEAK = re.compile(
    r"(?:falls?|is|are)\s+(?:within|under)\s+the\s+(?:remit|responsibility)\s+of\s+"
    r"|(?:is|are)\s+the\s+responsibility\s+of\s+|(?:is|are)\s+(?:held|provided)\s+by\s+"
    r"|\btransferred\s+to\s+",
    re.IGNORECASE,
)
# A body's name: capitalised words (with "and", "of", "for" inside) ending in Council,
# Trust(s) or Board, e.g. "Kent County Council", "the Health and Social Care Trusts".
_BODY = re.compile(
    r"(?:\b[Tt]he\s+)?(?:[A-Z][\w'.&-]*\s+(?:(?:and|of|for|&)\s+)?){1,7}"
    r"(?:Council|Trusts?|Board)\b"
)


def _rule_not_responsible(ctx: _Ctx) -> ParsedAnswer | None:
    """Wrong tier: a district council pointing to the county, NI councils to the Trusts.

    A wrong-tier reply that also says the information is not held is ``not_held`` (the
    council has told us it holds none), with the redirect kept; ``not_responsible`` is
    for a redirect that does not say so."""
    strong = _NOT_RESPONSIBLE.search(ctx.text)
    weak = _NOT_RESPONSIBLE_WEAK.search(ctx.text)
    if strong is None and (weak is None or not _BODY.match(ctx.text, weak.end())):
        return None
    # Prefer the body named after a redirecting verb; else any other body named.
    redirect = None
    verb = re.search(
        r"\b(?:contact\w*|direct\w*|redirect\w*|forward\w*|sen[dt]|refer\w*|address\w*|"
        r"write\s+to|held\s+by|provided\s+by|delivered\s+by|run\s+by|responsibility\s+of|"
        r"remit\s+of|matter\s+for)\b",
        ctx.text,
        re.IGNORECASE,
    )
    bodies = list(_BODY.finditer(ctx.text))
    after = [b for b in bodies if verb and b.start() >= verb.end()]
    trusts = [b for b in bodies if "Trust" in b.group()]
    pick = (after or trusts or [b for b in bodies if "County" in b.group()] or [None])[0]
    if pick is not None:
        redirect = re.sub(r"^The\b", "the", pick.group().strip())
    elif re.search(r"health\s+and\s+social\s+care\s+trusts|hsc\s*trusts", ctx.low):
        redirect = "the Health and Social Care Trusts"
    note = f"wrong tier; redirects to {redirect}" if redirect else "wrong tier; no body named"
    held = _NOT_HELD.search(ctx.text)
    if held and not _NOT_HELD_FORMAT.search(ctx.text[held.end() : held.end() + 80]):
        return _status(NOT_HELD, f"not-held statement; {note}", "not_held_wrong_tier",
                       redirect=redirect)  # fmt: skip
    return _status(NOT_RESPONSIBLE, note, "not_responsible", redirect=redirect)


_COST = re.compile(
    r"appropriate\s+limit|cost\s+limit|costs\s+limit|excessive\s+cost"
    r"|\bcost\w*\b[^.]{0,40}£\s?(?:450|600)\b"
    r"|exceed\w*\s+(?:the\s+)?(?:\w+\s+){0,3}limit"
    # "would take over 18 hours" (not "missing for periods exceeding 24 hours")
    r"|\bwould\s+(?:take|require|need|exceed)\b[^.]{0,60}\bhours\b",
    re.IGNORECASE,
)


def _rule_cost(ctx: _Ctx) -> ParsedAnswer | None:
    """Cost refusals (FOIA/FOISA s12).  Their arithmetic is never read as the answer."""
    s12 = [c for c in _cites(ctx.text) if c.num == 12]
    if s12:
        ex = _exemption(s12, ctx)
        return _status(REFUSED_COST, f"cost refusal under {ex}", "cost_s12", exemption=ex)
    if _COST.search(ctx.text):
        return _status(
            REFUSED_COST, "cost limit stated, no section cited", "cost_limit", exemption=None
        )
    return None


_NOT_HELD = re.compile(
    r"(?:\bnot|n't)\s+(?:hold|held)\b|\bno\s+(?:such\s+)?(?:information|data|records?)\s+"
    r"(?:is\s+|are\s+|was\s+)?held\b|\bholds?\s+no\s+(?:such\s+)?(?:information|data|records?)",
    re.IGNORECASE,
)
# "not held in a reportable format": the council has the data but cannot report it.
_NOT_HELD_FORMAT = re.compile(
    r"\b(?:in\s+(?:a|an|any)\s+(?:\w+\s+){0,2}(?:format|form|way)|centrally|electronically|"
    r"readily|in\s+a\s+way)\b",
    re.IGNORECASE,
)


# "no unaccompanied children were received": a nil count stated in words.
_NIL_COUNT = re.compile(
    r"\b(?:no|none\s+of\s+the|zero|nil)\s+(?:[\w-]+\s+){0,4}?(?:children|child|young\s+people|"
    r"persons|people|referrals|episodes|incidents)\s+(?:were|was|have\s+been|had\s+been|has\s+been)\b",
    re.IGNORECASE,
)


def _conflicting_count(text: str, ignore: list[tuple[int, int]] | None = None) -> str | None:
    """A count-like number in a text whose status is not a count (then: two readings)."""
    spans = [(c.start, c.end) for c in _cites(text)] + [p.span for p in _find_periods(text)]
    spans += ignore or []
    for b in _blobs(text):
        if b.value is None or any(s <= b.start < e for s, e in spans):
            continue
        after = text[b.end : b.end + 12].lower()
        if re.match(r"\s*(?:hours?|minutes?|days?|weeks?|working)", after):
            continue
        before = text[max(0, b.start - 12) : b.start].lower()
        if re.search(r"(?:question|part|paragraph|para|item|point|no\.?|number)\s*$", before):
            continue
        return b.text
    return None


def _rule_not_held(ctx: _Ctx) -> ParsedAnswer | None:
    """Formal not-held notices (FOISA s17; FOIA "we do not hold this information")."""
    cites = _cites(ctx.text)
    s17 = [c for c in cites if c.num == 17]
    held = _NOT_HELD.search(ctx.text)
    # FOISA s17 is the not-held notice; FOIA s17 is a refusal notice (no status of its own).
    foisa_notice = bool(s17) and (
        ctx.act == "FOISA"
        or (ctx.act is None and re.search(r"\bnotice\b", ctx.low) and "refus" not in ctx.low)
    )
    if not (held or foisa_notice):
        return None
    if (other := _conflicting_count(ctx.text)) is not None:
        return _unparsed(f'not-held statement and a number "{other}"', "conflict")
    if (nil := _NIL_COUNT.search(ctx.text)) is not None:
        # "Under section 17 ... we can confirm that no children were received": a notice that
        # states a nil; whether it means "none" or "not held" is for a person.
        return _unparsed(f'not-held statement and a nil count "{nil.group()}"', "conflict")
    if held and not s17 and _NOT_HELD_FORMAT.search(ctx.text[held.end() : held.end() + 80]):
        return _status(
            NOT_RECORDED, "held, but not in a form that can be reported", "not_recorded_format"
        )
    if s17 and ctx.act != "FOIA":
        ex = _exemption(s17, ctx, implied="FOISA")
        return _status(NOT_HELD, f"not-held notice under {ex}", "not_held_s17", exemption=ex)
    return _status(NOT_HELD, "not-held statement", "not_held")


_SUPPRESSION_CUE = re.compile(
    r"\bso\s+few\b|\bvery\s+few\b|\btoo\s+(?:few|small|low)\b|\bsmall\s+numbers?\b"
    r"|\blow\s+numbers?\b|\bsuppressed\b|\bidentif(?:y|ied|iable|ication)\b|\bpersonal\s+"
    r"(?:data|information)\b|\bdata\s+protection\b|\bfewer\s+than\b|\bless\s+than\b|<|≤",
    re.IGNORECASE,
)
_OTHER_PHRASES = [
    (r"\bvexatious\b", "vexatious request"),
    (r"reasonably\s+accessible", "reasonably accessible by other means"),
    (r"neither\s+confirm\s+nor\s+deny", "neither confirm nor deny"),
    (r"future\s+publication|intended\s+for\s+publication", "intended for future publication"),
    (r"law\s+enforcement", "law enforcement"),
]


def _personal(c: _Cite, ctx: _Ctx) -> bool:
    """Is this citation a personal-data exemption (the small-number suppressions)?"""
    if c.num in _PERSONAL_DATA and ctx.act != "FOISA":
        return True
    # s38 is personal data in FOISA, health and safety in FOIA.
    if c.num in _FOISA_PERSONAL:
        return ctx.act == "FOISA" or (ctx.act is None and bool(_SUPPRESSION_CUE.search(ctx.text)))
    return False


def _has_suppression(text: str) -> bool:
    return bool(_LE.search(text) or _LT.search(text) or _DEFAULT_SUPPRESSION.search(text))


def _rule_refused_other(ctx: _Ctx) -> ParsedAnswer | None:
    """Other exemptions (s21, s30, s31, s14, ...), the exemption kept as cited."""
    cites = [c for c in _cites(ctx.text) if c.num not in _PROCEDURAL | {12}]
    others = [c for c in cites if not _personal(c, ctx)]
    phrase = next((label for pat, label in _OTHER_PHRASES if re.search(pat, ctx.low)), None)
    if not others and phrase is None:
        return None
    # A small number withheld ("fewer than 5 ... s38(1)(a)"): the exemptions are the
    # reasons for suppressing; the suppression reader keeps them.
    if _has_suppression(ctx.text):
        return None
    if (other := _conflicting_count(ctx.text)) is not None:
        return _unparsed(f'refusal and a number "{other}"', "conflict")
    ex = _exemption(cites, ctx)
    note = f"refused under {ex}" if ex else f"refused: {phrase}, no section cited"
    return _status(REFUSED_OTHER, note, "exemption_other", exemption=ex)


# A question label as a cross-reference target: "Q1", "question 2a", "(a)", "1a", "2".
_TARGET = re.compile(
    r"\b(?:q(?:uestion)?\.?\s*(?P<q>[0-9]{1,2}\s?[a-h]?)\b|part\s+(?P<p>[a-h0-9]{1,2})\b)"
    r"|\((?P<paren>[a-h]|[ivx]{1,4}|[0-9]{1,2}[a-h]?)\)"
    r"|(?<![\w(])(?P<lab>[0-9]{1,2}[a-h]?)(?![\w)%])"
    r"|\b(?P<dir>above|below|previous(?:ly)?|earlier)\b",
    re.IGNORECASE,
)


def _target(text: str) -> tuple[str | None, list[tuple[int, int]]]:
    """The first question label referred to in ``text``, and the spans of all labels."""
    found: str | None = None
    spans = []
    for m in _TARGET.finditer(text):
        spans.append(m.span())
        if found is not None:
            continue
        if m["q"]:
            found = "Q" + re.sub(r"\s", "", m["q"])
        elif m["p"]:
            found = m["p"]
        elif m["paren"]:
            found = m["paren"].lower()
        elif m["lab"]:
            found = m["lab"]
        elif m["dir"]:
            found = "previous" if m["dir"].lower().startswith(("prev", "earl")) else m["dir"]
    return found, spans


_COMBINED_LAB = (
    r"(?:\bq(?:uestion)?\s*[0-9]{1,2}[a-h]?\b|\b[0-9]{1,2}[a-h]\b|\([a-h0-9]{1,3}\)|\b[a-h]\b)"
)
_COMBINED = re.compile(
    rf"(?:\b(?:combined|joint|total)\s+(?:figure|total|answer|number)?\s*(?:for|of)\s+)?"
    rf"(?:\bboth\s+)?(?P<x>{_COMBINED_LAB})\s*(?:and|&|\+|/)\s*(?P<y>{_COMBINED_LAB})"
    rf"(?:\s*(?:combined|together|jointly|in\s+total))?",
    re.IGNORECASE | re.ASCII,
)


def _rule_combined(ctx: _Ctx) -> ParsedAnswer | None:
    """One figure for two questions: "1a and 1b together: 8" -> reported 8, refers_to 1a+1b."""
    if not re.search(r"\b(?:combined|together|both|jointly|joint|total\s+for)\b", ctx.low):
        return None
    m = _COMBINED.search(ctx.text)
    if m is None:
        return None
    rest = ctx.text[: m.start()] + " " + ctx.text[m.end() :]
    rest = re.sub(
        r"\b(?:combined|together|both|jointly|for|covers?|figure)\b", " ", rest, flags=re.IGNORECASE
    )
    res = _parse_count(_strip_punct(rest), ctx)
    if not _is_count(res):
        return None
    x, y = (re.sub(r"[\s()]|question|q", "", g, flags=re.IGNORECASE) for g in (m["x"], m["y"]))
    pair = "+".join(v if len(v) > 1 or v.isalpha() else f"Q{v}" for v in (x, y))
    return replace(
        _add_note(res, f"one figure for {pair} together"), refers_to=pair, rule="combined"
    )


# Strong cue: "included in ..." says the figure is counted elsewhere, target or not.
_XREF_STRONG = re.compile(
    r"\b(?:included|counted|incorporated|contained|captured|accounted\s+for|reflected)\s+"
    r"(?:with)?in\b|\bpart\s+of\s+the\s+(?:figure|total|number)",
    re.IGNORECASE,
)
# Weak cue: "see" / "refer to" only when a question label or "above" follows at once
# ("as you can see, 13 children" is no cross reference).
_XREF_WEAK = re.compile(
    r"\b(?:see|refer\s+to)\s+(?:our\s+|the\s+|my\s+)?(?:(?:response|answer|reply|figures?)s?\s+"
    r"(?:(?:given|provided)\s+)?(?:to|for|in|at|under)\s+(?:the\s+)?)?"
    r"(?=question\b|q\s?[0-9]|part\b|\(|above\b|below\b|previous|earlier|[0-9]{1,2}[a-h]\b)",
    re.IGNORECASE,
)
# "See answer to 2", "please refer to our response to question 4": a bare number is a
# question only right after such words.
_XREF_ANSWER = re.compile(
    r"\b(?:see|refer\s+to|as\s+per)\s+(?:our\s+|the\s+|my\s+)?(?:response|answer|reply)s?\s+"
    r"(?:(?:given|provided)\s+)?(?:to|for|at|under|in)\s+(?:the\s+)?(?:question\s+|q\.?\s*)?"
    r"(?P<target>[0-9]{1,2}[a-h]?)\b",
    re.IGNORECASE,
)
_SAME_AS = re.compile(
    r"^(?:as\s+(?:above|before|previous|per)|same\s+as|ditto|the\s+same)\b", re.IGNORECASE
)


def _rule_cross_reference(ctx: _Ctx) -> ParsedAnswer | None:
    """ "Please see response to (a) above", "Included in Q1" -> counted elsewhere."""
    if _SAME_AS.search(ctx.text):
        # "As above" repeats another answer (its number, not its count): someone (or the
        # caller) must look the other answer up.
        target, _ = _target(ctx.text)
        return _unparsed("repeats another answer", "same_as", refers_to=target or "above")
    if (answer := _XREF_ANSWER.search(ctx.text)) is not None:
        rest = ctx.text[: answer.start()] + ctx.text[answer.end() :]
        if _conflicting_count(rest) is not None or _CARDINAL_RE.search(rest):
            return _unparsed(f'cross reference and a number in "{ctx.text[:40]}"', "conflict")
        target = answer["target"]
        target = f"Q{target}" if target.isdigit() else target
        return _status(INCLUDED_ELSEWHERE, f"counted in another answer ({target})", "cross_reference",
                       refers_to=target)
    m = _XREF_STRONG.search(ctx.text) or _XREF_WEAK.search(ctx.text)
    if m is None:
        return None
    tail = ctx.text[m.end() :]
    target, spans = _target(tail)
    spans = [(s + m.end(), e + m.end()) for s, e in spans]
    if target is None and not re.search(
        r"\b(?:figure|total|answer|response|number)", tail, re.IGNORECASE
    ):
        return None
    words = _CARDINAL_RE.search(ctx.text) or re.search(r"\b(?:nil|none)\b", ctx.low)
    if (other := _conflicting_count(ctx.text, spans)) is not None or words:
        return _unparsed(f'cross reference and a number "{other or "in words"}"', "conflict")
    if target is None:
        target = _strip_punct(re.sub(r"^\s*(?:the|our)\s+", "", tail))[:40] or None
    note = f"counted in another answer ({target})"
    return _status(INCLUDED_ELSEWHERE, note, "cross_reference", refers_to=target)


_NOT_RECORDED = re.compile(
    r"\bnot\s+(?:currently\s+|routinely\s+|specifically\s+|separately\s+|centrally\s+)?"
    r"(?:recorded|captured|collated|collected|logged|tracked|monitored|flagged|available|known)\b"
    r"|\b(?:(?:do|does|did|could)\s*(?:not|n't)|cannot|can't|can\s+not)\s+"
    r"(?:currently\s+|routinely\s+|specifically\s+|separately\s+)?"
    r"(?:record|capture|collate|collect|log|track|monitor|flag|report)\b"
    r"|\b(?:is|are)n't\s+recorded\b|\bunknown\b|\bno\s+data\s+(?:is\s+)?available\b"
    r"|\bnon[\s-]?reportable\b|\bnot\s+reportable\b"
    r"|\bno\s+(?:way|means|method)\s+(?:of|to)\b|\breportable\s+format\b|\bretrievable\b"
    r"|\b(?:cannot|can't|can\s+not|could\s+not|unable\s+to)\s+be\s+(?:extracted|reported|"
    r"identified|retrieved|provided)\b"
    r"|\b(?:unable|not\s+able|not\s+possible)\s+to\s+(?:extract|report|identify|retrieve|"
    r"provide|separate|distinguish)\b"
    r"|\bsystems?\s+(?:does|do|cannot|can't)\s+(?:not\s+)?(?:record|allow|capture|hold)",
    re.IGNORECASE,
)


def _rule_not_recorded(ctx: _Ctx) -> ParsedAnswer | None:
    """The council cannot report it and cites no exemption."""
    if _NOT_RECORDED.search(ctx.text) is None:
        return None
    if (other := _conflicting_count(ctx.text)) is not None:
        return _unparsed(f'not-recorded statement and a number "{other}"', "conflict")
    return _status(NOT_RECORDED, "council does not record / cannot report it", "not_recorded")


# "The number of children ... flagged on at least two occasions: seven.": the words before
# the colon say what is counted (numbers in them are part of that definition); the figure
# follows. A short label may come first ("a) sexually exploited: The number of ...; Nine.").
_DEFINED_COUNT = re.compile(
    rf"^(?:[^:;\n]{{1,60}}[:;]\s*)?(?P<head>(?:the\s+)?(?:total\s+)?number\s+of\s+[^:;\n]{{3,300}}?)\s*[:;]\s*"
    rf"(?P<figure>{_NUM})\s*\.?$",
    re.IGNORECASE | re.ASCII,
)


def _rule_defined_count(ctx: _Ctx) -> ParsedAnswer | None:
    m = _DEFINED_COUNT.match(ctx.text)
    if m is None:
        return None
    if (why := _unit_mismatch(m["head"], ctx)) is not None:
        return _unparsed(why, "unit_mismatch")
    value = _parse_int(m["figure"])
    if value is None:
        return None
    return _reported(value, f'"{m["figure"]}" after the definition of what is counted', "defined_count")


# "not able to disclose the actual number": the figure exists and is withheld, not refused.
_WITHHELD_EXACT = re.compile(
    r"\b(?:not\s+able|unable)\s+to\s+(?:disclose|release|provide|give)\s+the\s+(?:actual|exact|precise)\s+"
    r"(?:number|figures?)\b",
    re.IGNORECASE,
)


def _rule_withheld(ctx: _Ctx) -> ParsedAnswer | None:
    """A small number withheld, explained at length: the explanation's dates and the law's
    year are not figures ("In 2015-16 the council supported a number of children ... as at
    31 March 2016 ... exempt under s40(2)"). Read before the periods, which would otherwise
    see several dates and give up."""
    personal = any(_personal(c, ctx) for c in _cites(ctx.text)) or _WITHHELD_EXACT.search(ctx.text)
    if not personal or _LE.search(ctx.text) or _LT.search(ctx.text):
        return None
    if _conflicting_count(ctx.text) is not None or re.search(r"\b(?:not|n't)\s+hold\b", ctx.low):
        return None
    lo, hi = ctx.default
    ex = _suppression_exemption(ctx)
    why = f"personal-data exemption, no threshold stated: default interval {lo}..{hi}"
    return _suppressed(lo, hi, why, "suppressed_default", exemption=ex)


def _rule_periods(ctx: _Ctx) -> ParsedAnswer | None:
    """Per-period lines ("2018 - 8") and snapshots ("39 children as at 12 June 2018")."""
    periods = _find_periods(ctx.text)
    if not periods:
        return None
    if len(periods) == 1:
        p = periods[0]
        rest = _without_period(ctx.text, p)
        res = _parse_count(rest, ctx)
        if res is None:
            what = "date" if p.snapshot else "period"
            return _unparsed(f'a {what} ("{p.label}") and no count', "period_only")
        if not _is_count(res):
            return res
        return _with_period(replace(res, rule=f"{res.rule}+period"), p, ctx)
    return _several_periods(ctx, periods)


def _segments(text: str, periods: list[_Period]) -> list[str]:
    """Split a text naming several periods into one piece per period."""
    lines = [s for s in re.split(r"[\n;]+", text) if s.strip()]
    if len(lines) > 1:
        return lines
    starts = [p.span[0] for p in periods]
    ends = [p.span[1] for p in periods]
    head = text[: starts[0]]
    if any(b.value is not None for b in _blobs(head)) or _NUMWORDS_RE.search(head):
        # The figure comes first: "8 in 2018, 12 in 2019".
        cuts = [0, *ends[:-1], len(text)]
    else:  # the period comes first: "2018: 8, 2019: 12"
        cuts = [0, *starts[1:], len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts)]


def _several_periods(ctx: _Ctx, periods: list[_Period]) -> ParsedAnswer:
    pieces: list[tuple[_Period, ParsedAnswer | None]] = []
    for seg in _segments(ctx.text, periods):
        ps = _find_periods(seg)
        if len(ps) == 1:
            pieces.append((ps[0], _parse_count(_without_period(seg, ps[0]), ctx)))
        elif len(ps) > 1:
            return _unparsed("several periods in one line", "several_periods")
    labels = "; ".join(f"{p.label}: {_show(r)}" for p, r in pieces)
    if ctx.period is None:
        why = f"several periods ({labels}); question period not given"
        return _unparsed(why, "several_periods")
    match = [(p, r) for p, r in pieces if (p.start, p.end) == ctx.period]
    if len(match) != 1 or match[0][1] is None or not _is_count(match[0][1]):
        why = f"several periods ({labels}); none is the question's period"
        return _unparsed(why, "several_periods")
    p, res = match[0]
    others = "; ".join(f"{q.label}: {_show(r)}" for q, r in pieces if q is not p)
    res = replace(res, rule=f"{res.rule}+period_lines")
    return _add_note(res, f'line "{p.label}" is the question\'s period; others: {others}')


def _show(res: ParsedAnswer | None) -> str:
    if res is None:
        return "?"
    if res.status == REPORTED:
        return str(res.value)
    if res.status == SUPPRESSED:
        return f"{res.lower}..{res.upper}"
    return res.status


def _rule_count(ctx: _Ctx) -> ParsedAnswer | None:
    """The text as a count; failing that, the count after a label ending in ':'."""
    res = _parse_count(ctx.text, ctx)
    if _is_count(res) or (res is not None and res.rule == "hedge"):
        return res
    # "...in the last 12 months: 13": take what follows the only separating colon.
    # The label must read as a question: not itself a figure ("13 (revised: 14)").
    colons = [m.start() for m in re.finditer(r":(?![0-9])", ctx.text)]
    if len(colons) != 1:
        return res
    label, tail = ctx.text[: colons[0]], ctx.text[colons[0] + 1 :]
    starts_with_figure = re.match(rf"\s*(?:[0-9]|{_NUMWORDS})", label, re.IGNORECASE)
    if starts_with_figure or label.count("(") != label.count(")"):
        return res
    tail_res = _parse_count(tail.strip(), ctx)
    if tail_res is not None and _is_count(tail_res):
        if (why := _unit_mismatch(label, ctx)) is not None:
            return _unparsed(why, "unit_mismatch")
        return _add_note(tail_res, "answer after ':'")
    return res


# --------------------------------------------------------------------------------------
# Reading a count.  Returns None when the text holds no count at all.

_LEAD_IN = re.compile(
    # "Of these, 3 went missing": a part of the figure before, as "Of the children in Q5" asks.
    r"(?:of\s+(?:these|those|them|whom)(?:\s+(?:children|young\s+people))?\s*,?\s*)?"
    r"(?:(?:i|we|the\s+(?:council|authority))\s+(?:can\s+)?confirms?(?:\s+that)?\s*)?"
    r"(?:there\s+(?:were|was|are|is|have\s+been|has\s+been|had\s+been)|(?:a\s+)?total(?:\s+of)?"
    r"|we\s+(?:have\s+|had\s+)?(?:identified|recorded|had|have)"
    r"|in\s+total|the\s+total\s+(?:number\s+)?(?:is|was)|the\s+(?:number|figure)\s+(?:is|was)"
    r"|only|just|=|total\s*[:=-])?(?:\s+(?:only|just))?",
    re.IGNORECASE,
)
# "Lincolnshire placed 185 UASC", "Devon County Council supported 20 ...", "The council had 23":
# a named subject and a verb of counting before the figure (names are capitalised).
_COUNT_VERB = (
    r"(?:has\s+|have\s+|had\s+)?(?:placed|supported|had|has|received|identified|recorded|accommodated|"
    r"referred|looked\s+after|cared\s+for|took\s+in)"
)
_SUBJECT_LEAD = re.compile(
    rf"(?:(?:[A-Z][\w'&.-]*|of|and)\s+){{0,5}}[A-Z][\w'&.-]*\s+{_COUNT_VERB}"
    rf"|(?:[Tt]he\s+(?:[Cc]ouncil|[Aa]uthority|[Ll]ocal\s+[Aa]uthority)|[Ww]e)\s+{_COUNT_VERB}"
)
# "... have not referred any UASC", "we did not receive any children": nil in words.
_NONE_ANY = re.compile(
    rf"^(?:(?:[A-Z][\w'&.-]*|of|and|the|[Ww]e|[Cc]ouncil|[Aa]uthority)\s+){{0,6}}"
    rf"(?:have|has|had|did|were|was)\s*(?:not|n't)\s+(?:been\s+)?"
    rf"(?:referred|received|placed|identified|supported|accommodated|looked\s+after|had|taken\s+in|"
    rf"refer|receive|place|identify|support|accommodate|have|take\s+in)\s+any\s+(?:{_UNIT_FILLER}\s+)*"
    rf"(?:{_CHILD_UNIT}|{_INCIDENT_UNIT}|cases|referrals)\b",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"\b(?:in|during|over|for)?\s*the\s+(?:last|past|previous|preceding)\s+(?:12|twelve)\s+"
    r"months\b|\b(?:in|during)\s+(?:that|this|the)\s+(?:period|time|year)\b",
    re.IGNORECASE,
)
_NOW = re.compile(
    r"\b(?:currently|at\s+present|presently|at\s+the\s+(?:moment|time\s+of\s+(?:writing|"
    r"response|this\s+response))|as\s+of\s+today|at\s+this\s+time)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:approx(?:imately|\.)?|about|around|roughly|circa|ca\.|c\.|c|nearly|almost|over|"
    r"more\s+than|greater\s+than|at\s+least|in\s+excess\s+of|upwards\s+of|up\s+to|"
    r"estimated?|est\.|some|maybe|possibly|perhaps)\s*~?\s*(?=[0-9]|" + _NUMWORDS + r")"
    r"|~|≈|[0-9]+\s*\+|[0-9]+\s+(?:or\s+so|or\s+more|plus|odd)\b|[0-9]+-?ish\b"
    r"|\b(?:estimate[sd]?|estimation|provisional|approx(?:imate(?:ly)?|\.)?|circa|roughly|"
    r"at\s+least(?!\s+once)|or\s+(?:so|more|thereabouts)|unverified|unvalidated|"
    r"not\s+(?:yet\s+)?(?:been\s+)?(?:verified|validated|checked|confirmed)|"
    r"being\s+(?:checked|verified|validated)|"
    r"subject\s+to\s+(?:change|validation|revision|verification))\b",
    re.IGNORECASE,
)

# Suppression forms.  "5 or less" includes 0 (docs/design.md#statuses); "fewer than 5" means a withheld
# small number, at least 1.
_LE = re.compile(
    rf"(?P<n>{_NUM})\s*(?:or|and)\s+(?:less|fewer|under|below)\b"
    rf"|(?:≤|<=|=<|less\s+than\s+or\s+equal\s+to|(?:no|not)\s+more\s+than|at\s+most)"
    rf"\s*(?P<m>{_NUM})",
    re.IGNORECASE | re.ASCII,
)
_LT = re.compile(
    rf"(?:<|\bfewer\s+than|\bless\s+than|\blower\s+than)\s*(?P<n>{_NUM})"
    rf"|\b(?:under|below)\s+(?P<u>{_NUM})(?!\s*(?:-|\s)?(?:years?|yrs?|y/?o|months?)\b)",
    re.IGNORECASE | re.ASCII,
)
_DEFAULT_SUPPRESSION = re.compile(
    r"^\*+$|^\[c\]$|\bso\s+few\b|\bvery\s+few\b|\btoo\s+(?:few|small|low)\b"
    r"|\b(?:a\s+)?(?:small|low)\s+numbers?\b|\bsuppressed\b"
    r"|\b(?:could|would|may|might|risk)\b[^.]{0,60}\bidentif(?:y|ied|ication|iable)\b"
    r"|\bidentifiable\b",
    re.IGNORECASE,
)


def _parse_count(text: str, ctx: _Ctx) -> ParsedAnswer | None:
    """A count in one of the forms councils use; the rest of the text must not contradict it."""
    text = _strip_punct(text)
    if not text:
        return None
    period_note = None
    if _NOW.search(text):
        text = _strip_punct(_NOW.sub(" ", text))
        period_note = "snapshot at the time of the reply"
    text = _strip_punct(_FILLER.sub(" ", text))
    if re.fullmatch(r"\([^()]*\)", text):
        text = _strip_punct(text[1:-1])  # "(13)"
    # "Children: 12, episodes: 40" before the label is taken off "Children:".
    if (pair := _read_pair(text, ctx)) is not None:
        return replace(pair, period_note=period_note) if period_note else pair
    # A label without digits before a colon: "Answer: 13", "Number of children: 13".
    m = re.fullmatch(r"([^:0-9\n]{1,80}):\s*(.+)", text, re.DOTALL)
    if m and not (_NUMWORDS_RE.search(m[1]) or _has_suppression(m[1]) or _HEDGE.search(m[1])):
        if (why := _unit_mismatch(m[1], ctx)) is not None:
            return _unparsed(why, "unit_mismatch")
        text = _strip_punct(m[2])
    for reader in _READERS:
        res = reader(text, ctx)
        if res is not None:
            if period_note and _is_count(res):
                res = replace(res, period_note=period_note)
            return res
    return None


_Reader = Callable[[str, _Ctx], "ParsedAnswer | None"]


def _others_besides(text: str, span: tuple[int, int]) -> str | None:
    """Another number (digits or words) outside ``span`` and outside citations."""
    cite_spans = [(c.start, c.end) for c in _cites(text)]
    for b in _blobs(text):
        if span[0] <= b.start < span[1] or any(s <= b.start < e for s, e in cite_spans):
            continue
        return b.text
    for m in _CARDINAL_RE.finditer(text):
        if not span[0] <= m.start() < span[1]:
            return m.group()
    return None


def _suppression_exemption(ctx: _Ctx) -> str | None:
    cites = [c for c in _cites(ctx.text) if c.num not in _PROCEDURAL | {12}]
    implied = "FOISA" if any(c.num in _FOISA_PERSONAL for c in cites) and ctx.act is None else None
    if implied and any(c.num in _PERSONAL_DATA for c in cites):
        implied = None  # s40 and s38 together: FOIA's s40 plus its s38; leave the act open
    return _exemption(cites, ctx, implied=implied)


def _read_suppression(text: str, ctx: _Ctx) -> ParsedAnswer | None:
    ex = _suppression_exemption(ctx)
    for pattern, kind in ((_LE, "or_less"), (_LT, "fewer_than")):
        m = pattern.search(text)
        if m is None:
            continue
        raw = next(g for g in m.groups() if g)
        n = _parse_int(raw)
        if n is None:
            return _unparsed(f'threshold "{raw}" not understood', "suppression_threshold")
        if (other := _others_besides(text, m.span())) is not None:
            return _unparsed(f'"{m.group()}" and another number "{other}"', "conflict")
        if kind == "fewer_than" and m["u"] is not None and n > 10:
            return None  # "under 18" is an age, not a suppression threshold
        lo, hi = (0, n) if kind == "or_less" else (1, n - 1)
        why = f'"{m.group().strip()}" -> {lo}..{hi}'
        return _suppressed(lo, hi, why, kind, exemption=ex)
    personal = any(_personal(c, ctx) for c in _cites(ctx.text))
    if _DEFAULT_SUPPRESSION.search(text) or (personal and not _blobs_counts(text)):
        lo, hi = ctx.default
        cue = "personal-data exemption" if personal else "small number withheld"
        why = f"{cue}, no threshold stated: default interval {lo}..{hi}"
        return _suppressed(lo, hi, why, "suppressed_default", exemption=ex)
    return None


def _blobs_counts(text: str) -> list[_Blob]:
    cite_spans = [(c.start, c.end) for c in _cites(text)]
    return [
        b
        for b in _blobs(text)
        if b.value is not None and not any(s <= b.start < e for s, e in cite_spans)
    ]


def _read_hedge(text: str, ctx: _Ctx) -> ParsedAnswer | None:
    m = _HEDGE.search(text)
    if m and (_blobs(text) or _NUMWORDS_RE.search(text)):
        return _unparsed(f'approximate or qualified figure ("{m.group().strip()}")', "hedge")
    if blobs := [b for b in _blobs(text) if "percentage" in b.why]:
        return _unparsed(blobs[0].why, "percentage")
    return None


_RANGE = re.compile(
    rf"^(?:between\s+)?(?P<a>{_NUM})\s*(?:-|to|and)\s*(?P<b>{_NUM})(?P<rest>\D*)$",
    re.IGNORECASE | re.ASCII,
)


def _read_range(text: str, ctx: _Ctx) -> ParsedAnswer | None:
    """A range the council gave ("between 10 and 20", "1-4"): an interval, like suppression."""
    # Citations are no numbers here: "between 1 and 5 (withheld under s40)".
    bare = _strip_punct(_CITE_RE.sub(" ", text))
    m = _RANGE.match(bare)
    if m is None or (" and " in m.group().lower() and not bare.lower().startswith("between")):
        return None
    a, b = _parse_int(m["a"]), _parse_int(m["b"])
    if a is None or b is None or a >= b:
        return None
    if (why := _unit_mismatch(m["rest"], ctx)) is not None:
        return _unparsed(why, "unit_mismatch")
    ex = _suppression_exemption(ctx)
    return _suppressed(a, b, f"council gave a range {a}..{b}", "range", exemption=ex)


_PAIR_NUM = rf"(?P<n>[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]{{1,5}}|{_NUMWORDS})(?![0-9]|[,.][0-9])"
_PAIR_NUM2 = _PAIR_NUM.replace("(?P<n>", "(?P<n2>")
_PAIR = re.compile(
    # "685 incidents", "73 missing children"
    rf"(?<![0-9A-Za-z]){_PAIR_NUM}\s+(?:{_UNIT_FILLER}\s+){{0,3}}"
    rf"(?:(?P<c>{_CHILD_UNIT})|(?P<i>{_INCIDENT_UNIT}))\b"
    # "Children: 12", "episodes - 40"
    rf"|\b(?:(?P<c2>{_CHILD_UNIT})|(?P<i2>{_INCIDENT_UNIT}))\s*[:=-]\s*{_PAIR_NUM2}",
    re.IGNORECASE | re.ASCII,
)


def _read_pair(text: str, ctx: _Ctx) -> ParsedAnswer | None:
    """ "685 incidents relating to 73 children": pick the one the question counts."""
    children, incidents, spans = [], [], []
    for m in _PAIR.finditer(text):
        n = _parse_int(m["n"] or m["n2"])
        if n is None:
            return None
        (children if (m["c"] or m["c2"]) else incidents).append(n)
        spans.append(m.span())
    if len(children) != 1 or len(incidents) != 1:
        return None
    # Any other number ("eight children, one of whom went missing, with two episodes")
    # means the sentence answers more than these two questions.
    outside = [b.start for b in _blobs(text) if b.value is not None]
    outside += [w.start() for w in _CARDINAL_RE.finditer(text)]
    outside += [w.start() for w in re.finditer(r"\b(?:none|nil)\b", text, re.IGNORECASE)]
    if any(not any(s <= pos < e for s, e in spans) for pos in outside):
        return None
    c, i = children[0], incidents[0]
    if ctx.kind == "incidents":
        return _reported(i, f"{i} incidents (and {c} children, not this question)", "incidents")
    extra = "" if ctx.kind else "measure not given: took the children count; "
    return _reported(
        c, f"{extra}{c} children (and {i} incidents, not this question)", "children_of_incidents"
    )


_ZERO_PHRASE = re.compile(
    rf"^(?:there\s+(?:were|are|have\s+been|has\s+been)\s+)?no\s+(?:such\s+)?(?:{_UNIT_FILLER}\s+)?"
    rf"(?:{_CHILD_UNIT}|{_INCIDENT_UNIT}|cases|instances|one)\b",
    re.IGNORECASE,
)
_ONLY_ONE = re.compile(
    r"^(?:the|this|that)\s+only\s+(?:child|young\s+person|one)\b|^(?:only\s+)?a\s+single\s+"
    r"(?:child|young\s+person)\b|^(?:just|only)\s+(?:the\s+)?one\b",
    re.IGNORECASE,
)


def _read_words(text: str, ctx: _Ctx) -> ParsedAnswer | None:
    """Numbers in words: "Nil", "None", "Zero.", "Nine.", "twelve", "The only child"."""
    if _blobs(text) and not re.search(r"\(\s*[0-9]+\s*\)", text):
        return None  # digits present (other than an echo in brackets): _read_integer decides
    if re.fullmatch(r"dim(?:\s+un)?", text, re.IGNORECASE):
        return _reported(0, f'Welsh "{text}" (none) -> 0', "words")  # bilingual replies
    if m := _ONLY_ONE.match(text):
        return _check_rest(1, text[m.end() :], ctx, f'"{m.group()}" -> 1', "only_one")
    if m := _ZERO_PHRASE.match(text):
        return _check_rest(0, text[m.end() :], ctx, f'"{m.group()}" -> 0', "words")
    if m := _NONE_ANY.match(text):
        return _check_rest(0, text[m.end() :], ctx, f'"{m.group()}" -> 0', "none_any")
    lead = _LEAD_IN.match(text)
    pos = lead.end() if lead else 0
    m = _NUMWORDS_RE.match(text, re.match(r"\s*", text[pos:]).end() + pos)
    if m is None:
        if re.fullmatch(r"no\.?", text, re.IGNORECASE):
            return _unparsed('"No" answers a yes/no question, not how many', "bare_no")
        return None
    value = _words_value(m.group())
    if value is None:
        return _unparsed(f'number words "{m.group()}" not understood', "words")
    rest = text[m.end() :]
    return _check_rest(value, rest, ctx, f'number in words "{m.group()}"', "words")


def _read_integer(text: str, ctx: _Ctx) -> ParsedAnswer | None:
    """Digits: "13", "1,015", "12.0", "13 children", "0 (zero)"."""
    blobs = _blobs(text)
    if not blobs:
        return None
    if len(blobs) > 1:
        echo = re.fullmatch(r"(.*?)([0-9][0-9,.]*)\s*\(\s*([0-9][0-9,]*)\s*\)(.*)", text, re.DOTALL)
        if not (len(blobs) == 2 and echo and blobs[0].value == blobs[1].value):
            shown = ", ".join(b.text for b in blobs[:4])
            return _unparsed(f"several numbers ({shown})", "several_numbers")
        text = text[: blobs[1].start] + text[blobs[1].end :]  # "3 (3)": a repeated figure
        blobs = blobs[:1]
    b = blobs[0]
    if b.value is None:
        return _unparsed(b.why, "not_a_count")
    before = text[: b.start].strip()
    lead = _LEAD_IN.fullmatch(before) or _SUBJECT_LEAD.fullmatch(before)
    if lead is None:
        return _unparsed(f'text before the number: "{before[:40]}"', "text_before_number")
    rule = "integer" if not text[b.end :].strip() else "integer_with_text"
    how = "thousands separator" if "," in b.text else "decimal .0" if "." in b.text else ""
    note = f'"{b.text}"' + (f" ({how})" if how else "")
    return _check_rest(b.value, text[b.end :], ctx, note, rule)


def _check_rest(value: int, rest: str, ctx: _Ctx, note: str, rule: str) -> ParsedAnswer:
    """Accept ``value`` if the text after it does not state another number or qualify it."""
    # "0 (zero)", "Nil (0)", "Nine (9)": the same figure again in brackets.
    if m := re.match(r"\s*\(\s*([^()]{1,30}?)\s*\)", rest):
        echoed = _parse_int(m[1])
        if echoed is not None:
            if echoed != value:
                return _unparsed(f"two different numbers ({value} and {echoed})", "conflict")
            rest = rest[m.end() :]
            note += f" confirmed by ({m[1]})"
    if any(ch.isdigit() for ch in rest) or re.search(r"[£$€%]", rest):
        return _unparsed(f'another number after {value}: "{_strip_punct(rest)[:40]}"', "conflict")
    # "13 children, one of whom went missing", "3 went missing, none remain missing": the
    # text answers two questions; which number is this one's is for a person to say.
    words = [w.group() for w in _CARDINAL_RE.finditer(rest)]
    words += re.findall(r"\b(?:none|nil)\b", rest, re.IGNORECASE)
    if words:
        return _unparsed(f'another number after {value}: "{words[0]}"', "conflict")
    if re.search(
        r"\bnot\s+(?:accurate|correct|complete)|\binaccurate|\bincomplete", rest, re.IGNORECASE
    ):
        return _unparsed("figure qualified as inaccurate or incomplete", "hedge")
    if (why := _unit_mismatch(rest, ctx)) is not None:
        return _unparsed(why, "unit_mismatch")
    if unit := re.match(r"\s*(hours?|days?|weeks?|months?)\b", rest, re.IGNORECASE):
        # "3 days": a length of time, not a count of children or episodes.
        return _unparsed(f'the figure is a length of time ("{value} {unit.group(1)}"), not a count', "duration")
    return _reported(value, note, rule)


# The count forms, tried in this order: a suppression phrase first ("fewer than 5" holds a
# number that is a threshold, not the answer), then qualifiers that forbid a reading.
_READERS: tuple[_Reader, ...] = (
    _read_suppression,
    _read_hedge,
    _read_range,
    _read_pair,
    _read_words,
    _read_integer,
)


# --------------------------------------------------------------------------------------
# The rule list and the entry point.

_RULES: tuple[_Rule, ...] = (
    _rule_footnote,
    _rule_placeholder,
    _rule_no_response,
    _rule_not_responsible,
    _rule_cost,
    _rule_not_held,
    _rule_refused_other,
    _rule_combined,
    _rule_cross_reference,
    _rule_not_recorded,
    _rule_attachment,
    _rule_withheld,
    _rule_defined_count,
    _rule_periods,
    _rule_count,
)


def _kind(measure: str | None) -> str | None:
    if measure in _INCIDENT_MEASURES:
        return "incidents"
    if measure in _CHILD_MEASURES:
        return "children"
    return None


def _as_text(text: object) -> str | None:
    """The cell as text: None / NaN -> None; numbers as spreadsheets give them."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, float):
        if math.isnan(text) or math.isinf(text):
            return None
        return repr(text)
    if isinstance(text, int):
        return str(text)
    return text if isinstance(text, str) else None


def parse_answer(
    text: str | None,
    *,
    period_start: date | None = None,
    period_end: date | None = None,
    measure: str | None = None,
    default_suppression: tuple[int, int] = (1, 4),
    act: str | None = None,
) -> ParsedAnswer:
    """Code one answer's text.

    ``period_start``/``period_end``: the question's period, to tell whether a per-period
    line or a snapshot is the period asked about.  ``measure`` (docs/design.md#vocabulary: ``in_care``,
    ``went_missing``, ``missing_episodes``, ``not_found``) picks children or incidents
    when a text gives both; None means "a count of children" for that choice.
    ``default_suppression``: the interval for a small number withheld without a stated
    threshold ("so few", "*", "[c]", s40(2) alone).  ``act``: "FOIA" or "FOISA" when the
    caller knows the authority's nation; used for exemptions whose act the text omits.
    """
    raw = _as_text(text)
    if raw is None:
        why = "blank" if text is None or isinstance(text, float) else "not text"
        return _unparsed(why, "blank")
    if len(raw) > MAX_TEXT:
        return _unparsed(f"text too long ({len(raw)} characters)", "too_long")
    norm = _normalise(raw)
    if not norm:
        return _unparsed("blank", "blank")

    notes: list[str] = []
    # The caller may pass the whole line, question included: the answer follows the last '?'.
    if "?" in norm:
        _, _, tail = norm.rpartition("?")
        if not tail.strip(" .:-)"):
            return _unparsed("ends with a question mark: no answer after it", "question_only")
        norm = tail.strip()
        notes.append("answer after '?'")
    if m := _LABEL.match(norm):
        norm = norm[m.end() :].strip()
    if not norm:
        return _unparsed("blank after the question label", "blank")

    dlo, dhi = _default_interval(default_suppression)
    period = None
    if isinstance(period_start, date) and isinstance(period_end, date):
        period = (_as_date(period_start), _as_date(period_end))
    text_act = _act_in_text(norm.lower())
    ctx = _Ctx(
        text=norm,
        period=period,
        kind=_kind(measure),
        default=(dlo, dhi),
        act=text_act or (act if act in ("FOIA", "FOISA") else None),
    )
    for rule in _RULES:
        res = rule(ctx)
        if res is not None:
            return _add_note(_qualified(_duration_reason(res, norm), ctx), "; ".join(notes))
    return _add_note(_duration_reason(_unparsed("no rule recognised the text", "unparsed"), norm), "; ".join(notes))


_DURATION = re.compile(rf"\b(?:\d+|{_NUMWORD})\s+(?:hours?|days?|weeks?|months?)\b", re.IGNORECASE)
# Numbers that count nothing: a year, an age ("a 17 year old", "aged 16").
_NOT_COUNTS = re.compile(rf"\b(?:19|20)\d\d\b|\b(?:\d+|{_NUMWORD})[\s-]+years?[\s-]+old\b|\baged?\s+\d+\b",
                         re.IGNORECASE)


def _duration_reason(res: ParsedAnswer, text: str) -> ParsedAnswer:
    """An answer whose only figure is a length of time ("was three days") is no count: say so."""
    if res.status != "unparsed" or not (duration := _DURATION.search(text)):
        return res
    rest = _NOT_COUNTS.sub(" ", _DURATION.sub(" ", text))
    if re.search(rf"\d|\b{_NUMWORD}\b", rest, re.IGNORECASE):
        return res
    return _unparsed(f'the only figure is a length of time ("{duration.group()}"), not a count', "duration")


# A figure for another population than asked: kept, with the difference noted.
_QUALIFIER = re.compile(
    r"\b(?:includ(?:es|ing|ed)|excluding|excludes|but\s+not)\s+(?:\w+\s+){0,3}?(?:care\s+leavers|former\s+\w+|"
    r"adults?|over[\s-]18s?|young\s+people\s+aged\s+18\w*|children\s+placed\s+\w+(?:\s+\w+){0,3})"
    r"|\bplaced\s+(?:out(?:side)?\s+(?:of\s+)?(?:the\s+)?(?:area|county|borough|city|authority)|outside\s+of\s+[A-Z]\w+)"
    r"|\bout[\s-]of[\s-](?:area|county|borough)\s+placements?",
    re.IGNORECASE,
)


def _qualified(res: ParsedAnswer, ctx: _Ctx) -> ParsedAnswer:
    """A count for another population or another date than asked keeps its value; the
    ``qualifier`` says how it differs (the caller warns, and a setting may exclude it)."""
    if not _is_count(res):
        return res
    found = []
    if m := _QUALIFIER.search(ctx.text):
        found.append(f'population: "{m.group().strip()}"')
    if res.period_note and ("snapshot" in res.period_note or "not the question" in res.period_note):
        found.append(f"date: {res.period_note}")
    if not found:
        return res
    qualifier = "; ".join(found)
    return _add_note(replace(res, qualifier=qualifier), f"qualified ({qualifier})")


def _as_date(d: date) -> date:
    # A datetime is a date too; compare calendar days only.
    return date(d.year, d.month, d.day)


def _default_interval(default: object) -> tuple[int, int]:
    try:
        lo, hi = default  # type: ignore[misc]
    except (TypeError, ValueError):
        return (1, 4)
    if not (isinstance(lo, int) and isinstance(hi, int)) or not 0 <= lo <= hi:
        return (1, 4)
    return (lo, hi)
