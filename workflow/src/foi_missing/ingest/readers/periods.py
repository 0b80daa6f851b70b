"""Tie the period a council names ("2019", "2023 up to 30/6/23", "1 Jan to 30 Apr 2024") to a
period of the round spec.

Multi-period requests are answered with a column per year, a line per year or a
list on one line; every such layout needs the same question: which of the
round's periods does this text name? A text that names a date range the round
does not ask about is not forced onto the nearest period: the caller keeps it
for manual coding, or records the difference as a qualifier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from foi_missing.core.roundspec import Period

_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january", "ionawr"), ("feb", "february", "chwefror"), ("mar", "march", "mawrth"),
         ("apr", "april", "ebrill"), ("may", "mai"), ("jun", "june", "mehefin"),
         ("jul", "july", "gorffennaf"), ("aug", "august", "awst"), ("sep", "sept", "september", "medi"),
         ("oct", "october", "hydref"), ("nov", "november", "tachwedd"), ("dec", "december", "rhagfyr")),
        start=1,
    )
    for name in names
}
# A month's name in English or Welsh, for patterns that must not take any word for one.
MONTH_NAME = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_YEAR = r"(?:19|20)\d{2}"
_MONTH_WORD = r"[a-z]{3,9}\.?"
# "30 April 2024", "1st Jan", "30/6/23", "April 2024" (a month without a day).
_DATE = re.compile(
    rf"(?P<nday>\d{{1,2}})[/.](?P<nmonth>\d{{1,2}})[/.](?P<nyear>{_YEAR}|\d{{2}})(?!\d)"
    rf"|(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH_WORD}),?(?:\s+(?P<year>{_YEAR}))?"
    rf"|(?<![\d\w])(?P<bmonth>{_MONTH_WORD})\s+(?P<byear>{_YEAR})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NamedPeriod:
    """What a text says about a period: its dates, and the round period they equal (if any)."""

    start: date
    end: date
    period_id: str | None

    @property
    def known(self) -> bool:
        return self.period_id is not None


def _month(text: str) -> int | None:
    return _MONTHS.get(text.lower().rstrip("."))


def _dates(text: str) -> list[date]:
    """The dates a text names, in order; a date without a year takes the next one's year."""
    found: list[tuple[int | None, int, int | None, bool]] = []  # (year, month, day, is_month_only)
    for match in _DATE.finditer(text):
        if match["nday"]:
            year = int(match["nyear"]) + (2000 if len(match["nyear"]) == 2 else 0)
            found.append((year, int(match["nmonth"]), int(match["nday"]), False))
        elif match["day"] and _month(match["month"]):
            found.append((int(match["year"]) if match["year"] else None, _month(match["month"]),
                          int(match["day"]), False))
        elif match["bmonth"] and _month(match["bmonth"]):
            found.append((int(match["byear"]), _month(match["bmonth"]), None, True))
    dates = []
    for index, (year, month, day, month_only) in enumerate(found):
        if year is None:
            year = next((y for y, *_ in found[index + 1 :] if y is not None), None)
        if year is None:
            continue
        if month_only:
            # A month alone means its first day at the start of a range, its last at the end.
            day = 1 if index == 0 and len(found) > 1 else (
                (date(year + month // 12, month % 12 + 1, 1) - date.resolution).day)
        try:
            dates.append(date(year, month, day))
        except ValueError:
            continue
    return dates


def dates_in(text: str) -> list[date]:
    """The dates written out in a text ("30/6/23", "1st January 2024"), in order."""
    return _dates(text)


def dates_named(text: str) -> tuple[date, date] | None:
    """The date range a short period text names, or None when it names none.

    "2019" is the calendar year; "2018/19" the financial year (April to March);
    "year ending 31 March 2015" the twelve months to that day; "2023 up to
    30/6/23" runs from 1 January to that date; "1 January 2024 to 30 April
    2024" is taken as written.
    """
    text = " ".join(text.split())
    # "2018/19", "2018-2019": a financial year, 1 April to 31 March.
    financial = re.search(rf"(?<!\d)({_YEAR})\s*[/\-–]\s*(\d{{2}}|{_YEAR})(?!\d)", text)
    if financial and int(financial.group(2)[-2:]) == (int(financial.group(1)) + 1) % 100 and not _dates(text):
        first = int(financial.group(1))
        return date(first, 4, 1), date(first + 1, 3, 31)
    explicit = _dates(text)
    # "year ending 31 March 2015": the twelve months to that date.
    if len(explicit) == 1 and re.search(r"\byear (?:ending|ended|to)\b", text, re.IGNORECASE):
        end = explicit[0]
        try:
            return end.replace(year=end.year - 1) + date.resolution, end
        except ValueError:  # 29 February
            return date(end.year - 1, 3, 1), end
    if len(explicit) >= 2:
        return explicit[0], explicit[-1]
    years = re.findall(rf"(?<!\d)({_YEAR})(?!\d)", text)
    if len(explicit) == 1 and re.fullmatch(rf"(?:{_MONTH_WORD})\s+{_YEAR}", text, re.IGNORECASE):
        month = explicit[0]
        return date(month.year, month.month, 1), month
    if len(explicit) == 1:
        end = explicit[0]
        # "2023 up to 30/6/23", "to 30 April 2024": from the start of that year.
        if re.search(r"\b(up to|to|until|till|–|-)\b|\u2013", text, re.IGNORECASE) or years:
            return date(end.year, 1, 1), end
        return None
    if len(years) == 1:
        year = int(years[0])
        return date(year, 1, 1), date(year, 12, 31)
    return None


# A period heading is short ("2023 up to 30/6/23"); a sentence with a date is not one.
_MAX_PERIOD_HEADING = 60
_YEARISH = re.compile(r"(?:19|20)\d\d|\d/\d\d")  # a year, or a date's short year ("30/6/23")
_RANGE_WORDS = re.compile(r"\b(?:up to|to|until|till|ending|ended|from)\b|[-\u2013]", re.IGNORECASE)


def is_period_heading(text: str) -> bool:
    """A short text naming a span of time: "2019", "2018/19", "1 Jan - 30 Apr 2024", "2023 up to 30/6/23".

    A single date ("12/10/2015", a letter's date) names a day, not a period.
    """
    if len(text) > _MAX_PERIOD_HEADING or not _YEARISH.search(text) or dates_named(text) is None:
        return False
    return len(_dates(text)) != 1 or bool(_RANGE_WORDS.search(text))


def _label_key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def period_named(text: str, periods: Sequence[Period]) -> NamedPeriod | None:
    """The round period a text names, by its label or its dates; None when it names no dates at all.

    The period's own label ("year to September 2015") names it whatever dates
    the words would give on their own.
    """
    key = _label_key(text)
    for period in periods:
        if key and key == _label_key(period.label):
            return NamedPeriod(period.start, period.end, period.id)
    span = dates_named(text)
    if span is None:
        return None
    start, end = span
    for period in periods:
        if period.start == start and period.end == end:
            return NamedPeriod(start, end, period.id)
    return NamedPeriod(start, end, None)
