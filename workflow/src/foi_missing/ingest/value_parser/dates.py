"""Dates and periods an answer names ("in 2018", "as at 31 March 2015", "2017/18"), and a
figure tied to one of them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from foi_missing.ingest.value_parser.common import (
    ParsedAnswer,
    _add_note,
    _Ctx,
)

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
