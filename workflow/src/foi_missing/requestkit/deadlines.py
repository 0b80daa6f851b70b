"""Statutory deadlines under FOIA 2000 (England, Wales, Northern Ireland) and FOISA 2002 (Scotland).

Working days
    FOIA s10(6): any day other than a Saturday, a Sunday, Christmas Day, Good Friday or a
    day which is a bank holiday under the Banking and Financial Dealings Act 1971 *in any
    part of the United Kingdom* (so St Andrew's Day, St Patrick's Day and 12 July stop the
    clock in England too).
    FOISA s73: any day other than a Saturday, a Sunday, Christmas Day or a bank holiday
    *in Scotland* under the 1971 Act.
    Bank holidays come from the ``holidays`` package (UK, subdivisions ENG, WLS, SCT, NIR),
    which includes substitute days ("observed") and one-off proclaimed bank holidays.

Time for compliance
    FOIA s10(1): "not later than the twentieth working day following the date of receipt".
    FOISA s10(1): "not later than the twentieth working day after receipt".

Receipt on a non-working day (RECEIPT_RULE below)
    The Acts count from the date of receipt, and FOIA s10(6) defines that date as the day the
    authority receives the request: it need not be a working day (ICO line to take LTT47,
    "Date of receipt of request, working days and variations to time for compliance").
    So a request received on a Saturday is received that Saturday, and day 1 of the 20 is
    the first working day after it (the Monday). Counting always starts the day after
    receipt, so a request received on a working day never counts that day. Some
    authorities treat the next working day as the date of receipt, which gives them one
    more day for a request that arrived on a Saturday; the tracker uses the Act's reading
    (the earliest date the Act allows), and says so on its page.

Internal review
    FOIA: no statutory limit; the section 45 Code of Practice (2018), part 5, expects a
    review within 20 working days of its request, and at most 40 in complex cases; an
    authority need not accept a review asked more than 40 working days after its response.
    FOISA s21(1): the authority must answer a requirement for review within 20 working days;
    s20(5): the requester has 40 working days from the response (or from the expiry of the
    time to respond, when none came) to ask for one.

Complaint to the regulator
    FOIA s50 (ICO) and FOISA s47 (Scottish Information Commissioner): once the internal
    review has been answered, or when its time has run out without an answer. FOISA s47(4)
    allows six months from the review's answer (or from when it was due). A FOIA request
    with no answer at all can go to the ICO once its deadline has passed, without a review
    (the ICO's practice for a failure to respond; s50(2)(a) lets it waive the review).
    FOISA has no such route: a failure to respond is itself reviewed first (s20(1), s21).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta

import holidays
from dateutil.easter import easter

FOIA = "FOIA"
FOISA = "FOISA"
ACT_NAMES = {FOIA: "Freedom of Information Act 2000", FOISA: "Freedom of Information (Scotland) Act 2002"}
REGULATORS = {FOIA: "Information Commissioner's Office", FOISA: "Scottish Information Commissioner"}
UK_NATIONS = ("ENG", "WLS", "SCT", "NIR")
NATION_CODES = {"England": "ENG", "Wales": "WLS", "Scotland": "SCT", "Northern Ireland": "NIR"}

RESPONSE_WORKING_DAYS = 20
REVIEW_WORKING_DAYS = {FOIA: 20, FOISA: 20}
FOIA_REVIEW_LONGEST = 40  # s45 Code of Practice: "no more than 40 working days" in complex cases
ASK_REVIEW_WORKING_DAYS = 40
COMPLAINT_MONTHS_FOISA = 6

RECEIPT_RULE = (
    "The date of receipt is the calendar day the request arrives, a working day or not "
    "(FOIA s10(6); ICO line to take LTT47); day 1 of the 20 working days is the first "
    "working day after it. FOISA s10(1) counts the same way ('after receipt')."
)
SOURCES = {
    FOIA: "FOIA 2000 s10(1) and s10(6); s45 Code of Practice (2018) part 5; s50",
    FOISA: "FOISA 2002 s10(1), s20(5), s21(1), s47 and s73",
}


def act_for_nation(nation: str) -> str:
    """FOISA for Scottish authorities, FOIA for England, Wales and Northern Ireland."""
    if nation not in NATION_CODES:
        raise ValueError(f"unknown nation {nation!r} (expected one of {', '.join(NATION_CODES)})")
    return FOISA if nation == "Scotland" else FOIA


@functools.cache
def _bank_holidays(subdivision: str, year: int) -> holidays.HolidayBase:
    return holidays.UK(subdiv=subdivision, years=year)


def non_working_reason(day: date, act: str) -> str | None:
    """Why ``day`` is not a working day under ``act``, or None when it is one."""
    if day.weekday() >= 5:
        return "Saturday" if day.weekday() == 5 else "Sunday"
    if day.month == 12 and day.day == 25:
        return "Christmas Day"
    if act == FOIA and day == easter(day.year) - timedelta(days=2):
        return "Good Friday"  # named by FOIA s10(6); a bank holiday in Scotland anyway
    for subdivision in ("SCT",) if act == FOISA else UK_NATIONS:
        name = _bank_holidays(subdivision, day.year).get(day)
        if name is not None:
            return f"{name} (bank holiday, {subdivision})"
    return None


def is_working_day(day: date, act: str) -> bool:
    if act not in (FOIA, FOISA):
        raise ValueError(f"unknown act {act!r} (expected {FOIA} or {FOISA})")
    return non_working_reason(day, act) is None


def add_working_days(start: date, count: int, act: str) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself never counts)."""
    if count < 1:
        raise ValueError(f"count must be at least 1, not {count}")
    day, counted = start, 0
    while counted < count:
        day += timedelta(days=1)
        if is_working_day(day, act):
            counted += 1
    return day


def working_days_between(start: date, end: date, act: str) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, act):
            days += 1
    return days


def response_due(received: date, act: str) -> date:
    """The last day for a response: the 20th working day after receipt (s10(1))."""
    return add_working_days(received, RESPONSE_WORKING_DAYS, act)


def review_due(review_asked: date, act: str) -> date:
    """The last day for the internal review's answer (FOISA s21(1); FOIA Code of Practice)."""
    return add_working_days(review_asked, REVIEW_WORKING_DAYS[act], act)


def review_ask_by(response: date | None, due: date, act: str) -> date:
    """Last day to ask for an internal review: 40 working days after the response, or after
    the deadline when no response came (FOISA s20(5); FOIA Code of Practice part 5)."""
    return add_working_days(response or due, ASK_REVIEW_WORKING_DAYS, act)


def complaint_possible_from(review_asked: date | None, review_answered: date | None,
                            act: str, unanswered_since: date | None = None) -> date | None:
    """First day a complaint to the regulator can be made: the day the review is answered,
    or the day after its deadline passes unanswered.

    Before a review is asked: under FOIA, a request never answered (``unanswered_since``:
    its response deadline) can go to the ICO the day after that deadline, since the ICO
    takes complaints about a failure to respond without an internal review first; under
    FOISA the requester must first require a review (s20(1) covers a failure to respond),
    so None, as for an answered request."""
    if review_asked is None:
        if act == FOIA and unanswered_since is not None:
            return unanswered_since + timedelta(days=1)
        return None
    due = review_due(review_asked, act)
    if review_answered is not None and review_answered <= due:
        return review_answered
    return due + timedelta(days=1)


@dataclass(frozen=True)
class Deadline:
    act: str
    received: date
    due: date

    @property
    def act_name(self) -> str:
        return ACT_NAMES[self.act]

    @property
    def section(self) -> str:
        return "section 10(1)"

    def describe(self) -> str:
        return (f"the 20th working day after receipt on {self.received:%d %B %Y} under "
                f"{self.section} of the {self.act_name}: {self.due:%d %B %Y}")


def deadline(received: date, nation: str) -> Deadline:
    act = act_for_nation(nation)
    return Deadline(act, received, response_due(received, act))
