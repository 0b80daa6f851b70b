"""Statutory deadlines on pinned dates, each counted by hand in the comments."""

from datetime import date

import pytest
from foi_missing.requestkit.deadlines import (
    FOIA,
    FOISA,
    act_for_nation,
    complaint_possible_from,
    deadline,
    is_working_day,
    non_working_reason,
    response_due,
    review_ask_by,
    review_due,
    working_days_between,
)


@pytest.mark.parametrize(
    ("received", "act", "due"),
    [
        # St Andrew's Day 2025 falls on Sunday 30 Nov; Monday 1 Dec is the substitute bank
        # holiday in Scotland, so it is not a working day under either Act (FOIA: any part of the UK).
        (date(2025, 11, 10), FOISA, date(2025, 12, 9)),
        (date(2025, 11, 10), FOIA, date(2025, 12, 9)),
        # St Patrick's Day (Mon 17 Mar 2025): a bank holiday in Northern Ireland only, so FOIA
        # skips it everywhere and FOISA does not.
        (date(2025, 3, 3), FOIA, date(2025, 4, 1)),
        (date(2025, 3, 3), FOISA, date(2025, 3, 31)),
        # 12 July 2025 is a Saturday; the Battle of the Boyne holiday moves to Monday 14 July (NI).
        (date(2025, 6, 20), FOIA, date(2025, 7, 21)),
        (date(2025, 6, 20), FOISA, date(2025, 7, 18)),
        # Easter 2025: Good Friday 18 Apr everywhere; Easter Monday 21 Apr is no Scottish bank holiday.
        (date(2025, 4, 1), FOIA, date(2025, 5, 1)),
        (date(2025, 4, 1), FOISA, date(2025, 4, 30)),
        # Christmas 2025: 25 and 26 Dec and 1 Jan; 2 Jan 2026 is a bank holiday in Scotland,
        # so FOIA skips it too.
        (date(2025, 12, 8), FOIA, date(2026, 1, 9)),
        (date(2025, 12, 8), FOISA, date(2026, 1, 9)),
        # A request received on Saturday 6 Dec 2025: received that day; day 1 is Monday 8 Dec.
        (date(2025, 12, 6), FOIA, date(2026, 1, 8)),
    ],
)
def test_response_due_on_pinned_dates(received, act, due):
    assert response_due(received, act) == due


def test_twelfth_of_july_on_a_weekday_stops_the_foia_clock_only():
    # 12 July 2024 was a Friday: a bank holiday in Northern Ireland.
    assert not is_working_day(date(2024, 7, 12), FOIA)
    assert is_working_day(date(2024, 7, 12), FOISA)
    assert "Boyne" in non_working_reason(date(2024, 7, 12), FOIA)


def test_receipt_on_a_saturday_and_on_the_next_monday_give_different_deadlines():
    # The Act's reading: Saturday's receipt starts the count on Monday, Monday's on Tuesday.
    assert response_due(date(2025, 12, 6), FOIA) < response_due(date(2025, 12, 8), FOIA)


def test_christmas_day_and_good_friday_are_never_working_days():
    assert non_working_reason(date(2025, 12, 25), FOIA) == "Christmas Day"
    assert non_working_reason(date(2025, 12, 25), FOISA) == "Christmas Day"
    assert non_working_reason(date(2025, 4, 18), FOIA) == "Good Friday"
    assert not is_working_day(date(2025, 4, 18), FOISA)


def test_act_follows_the_nation():
    assert act_for_nation("Scotland") == FOISA
    assert {act_for_nation(n) for n in ("England", "Wales", "Northern Ireland")} == {FOIA}
    with pytest.raises(ValueError, match="unknown nation"):
        act_for_nation("Mars")


def test_internal_review_and_complaint_dates():
    asked = date(2025, 3, 3)
    assert review_due(asked, FOIA) == date(2025, 4, 1)
    assert review_due(asked, FOISA) == date(2025, 3, 31)
    # Unanswered: a complaint is possible the day after the review's deadline.
    assert complaint_possible_from(asked, None, FOISA) == date(2025, 4, 1)
    # Answered in time: from the day of the answer.
    assert complaint_possible_from(asked, date(2025, 3, 20), FOIA) == date(2025, 3, 20)
    assert complaint_possible_from(None, None, FOIA) is None
    # Never answered: FOIA to the ICO the day after the deadline; FOISA needs a review first.
    assert complaint_possible_from(None, None, FOIA, unanswered_since=date(2025, 3, 31)) == date(2025, 4, 1)
    assert complaint_possible_from(None, None, FOISA, unanswered_since=date(2025, 3, 31)) is None
    # 40 working days to ask for a review, from the response: 20 to 31 March, then April
    # without Good Friday (Easter Monday is a working day in Scotland).
    assert review_ask_by(date(2025, 3, 3), date(2025, 4, 1), FOISA) == date(2025, 4, 29)


def test_working_days_between_counts_after_the_start():
    assert working_days_between(date(2025, 3, 3), date(2025, 4, 1), FOIA) == 20
    assert working_days_between(date(2025, 4, 1), date(2025, 3, 3), FOIA) == 0


def test_deadline_describes_the_act():
    text = deadline(date(2025, 3, 3), "Scotland").describe()
    assert "Freedom of Information (Scotland) Act 2002" in text and "31 March 2025" in text
