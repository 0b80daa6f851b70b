"""Which round period a council's period text names (readers/periods.py)."""

from datetime import date

import pytest
from foi_missing.core.roundspec import Period
from foi_missing.ingest.readers.periods import dates_in, dates_named, period_named

ROUND_2021_24 = (
    Period("2023", "2023", date(2023, 1, 1), date(2023, 12, 31)),
    Period("2024-jan-apr", "1 January to 30 April 2024", date(2024, 1, 1), date(2024, 4, 30)),
)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2019", date(2019, 1, 1), date(2019, 12, 31)),
    ("2023 up to 30/6/23", date(2023, 1, 1), date(2023, 6, 30)),
    ("1 Jan - 30 Apr 2024", date(2024, 1, 1), date(2024, 4, 30)),
    ("1st January to 30th April 2024", date(2024, 1, 1), date(2024, 4, 30)),
    ("January 2024 to April 2024", date(2024, 1, 1), date(2024, 4, 30)),
    ("01/04/2019 - 31/03/2020", date(2019, 4, 1), date(2020, 3, 31)),
    ("2018/19", date(2018, 4, 1), date(2019, 3, 31)),
    ("year ending 31 March 2015", date(2014, 4, 1), date(2015, 3, 31)),
])
def test_dates_named(text, start, end):
    assert dates_named(text) == (start, end)


@pytest.mark.parametrize("text", ["hello", "Answer", "12", ""])
def test_no_dates_named(text):
    assert dates_named(text) is None


def test_period_named_matches_round_periods_exactly():
    assert period_named("2023", ROUND_2021_24).period_id == "2023"
    assert period_named("1 January 2024 to 30 April 2024", ROUND_2021_24).period_id == "2024-jan-apr"
    # A part year the round does not ask about is not forced onto the nearest period.
    partial = period_named("2023 up to 30/6/23", ROUND_2021_24)
    assert partial is not None and not partial.known and partial.end == date(2023, 6, 30)
    assert period_named("no dates here", ROUND_2021_24) is None


def test_a_period_is_named_by_its_own_label():
    # "year to September 2015" would be October to September by its words; the round's label decides.
    round_2014 = (Period("2014-15", "year to September 2015", date(2014, 9, 1), date(2015, 8, 31)),)
    assert period_named("Year to September 2015", round_2014).period_id == "2014-15"
    assert period_named("year to September 2016", round_2014).period_id is None


@pytest.mark.parametrize(("text", "count"), [("30/6/23", 1), ("1 Jan - 30 Apr 2024", 2), ("2019", 0)])
def test_dates_in(text, count):
    assert len(dates_in(text)) == count
