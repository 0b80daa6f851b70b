"""A question about one period answered with a table or list of several periods.

The column of the round's one period answers it, when exactly one column is that period;
otherwise the whole answer goes to a person. Wording written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest
from foi_missing.core.roundspec import Period
from foi_missing.ingest.readers.text import read_letter

from tests.unit.test_readers_period_lines import coded, matcher_for

FINANCIAL_2014_15 = (Period("2014-15", "2014-15", date(2014, 4, 1), date(2015, 3, 31)),)
# The round's year runs September to August: a council's financial year "2014-15" is not it.
SCHOOL_YEAR = (Period("2014-15", "year to September 2015", date(2014, 9, 1), date(2015, 8, 31)),)


def _coding(text: str, periods=FINANCIAL_2014_15) -> dict[str, tuple]:
    content = read_letter(text, matcher_for(periods))
    return {label: got for (label, _), got in coded(content, periods, ("Q1", "Q2")).items()}


def _reasons(text: str, periods=FINANCIAL_2014_15) -> list[str]:
    return [a.reason for a in read_letter(text, matcher_for(periods)).answers if a.reason]


@pytest.mark.parametrize(("q1", "q2"), [
    ("2013-14 | 2014-15\n3 | 5", "2013-14 | 2014-15\n1 | 0"),
    ("2013-14\t2014-15\n3\t5", "2013-14\t2014-15\n1\t0"),
    ("2014/15 - 5 / 2013/14 - 3", "2013/14 - 1 / 2014/15 - 0"),
])
def test_the_column_of_the_rounds_period_answers_a_one_period_question(q1, q2):
    letter = f"Dear Requester,\n\nQ1\n{q1}\n\nQ2\n{q2}\n\nRegards\n"
    assert _coding(letter) == {"Q1": ("reported", 5), "Q2": ("reported", 0)}
    # The other year's figure is kept for a person, saying why.
    assert any(r.startswith('period "2013') and r.endswith("is not one the question asks") for r in _reasons(letter))


def test_no_column_of_the_rounds_period_goes_to_a_person():
    letter = "Dear Requester,\n\nQ1\n2012-13 | 2013-14\n3 | 5\n\nQ2: 2\n\nRegards\n"
    assert _coding(letter) == {"Q1": ("unparsed", None), "Q2": ("reported", 2)}
    assert any("none of the periods is the one the question asks (2014-15)" in r for r in _reasons(letter))


def test_a_year_of_the_same_name_but_other_dates_is_not_the_rounds_period():
    letter = "Dear Requester,\n\nQ1\n2013-14 | 2014-15\n3 | 5\n\nQ2: 2\n\nRegards\n"
    assert _coding(letter, SCHOOL_YEAR) == {"Q1": ("unparsed", None), "Q2": ("reported", 2)}


def test_a_single_figure_still_answers_a_one_period_question():
    assert _coding("Dear Requester,\n\nQ1: 5\nQ2: nil\n\nRegards\n") == {"Q1": ("reported", 5), "Q2": ("reported", 0)}


@pytest.mark.parametrize("answer", ["0 - please note this is a nil return", "This is a nil return", "0 (nil return)"])
def test_a_nil_return_in_a_letter_is_0(answer):
    assert _coding(f"Dear Requester,\n\nQ1: {answer}\nQ2: 4\n\nRegards\n") == {
        "Q1": ("reported", 0), "Q2": ("reported", 4)}


# --- "1/ 5": a label then a slash and a space -------------------------------------------------------


def test_a_label_with_a_slash_and_a_space_heads_its_answer():
    assert _coding("Dear Requester,\n\n1/ 5\n2/ Nil\n\nRegards\n") == {"Q1": ("reported", 5), "Q2": ("reported", 0)}


@pytest.mark.parametrize("lines", ["1/5\n2/3", "1/ 5/2015\n2/ 3/2015"])
def test_a_fraction_or_a_date_is_no_label(lines):
    # "1/5" could be one in five, "1/ 5/2015" a date: neither is question 1's answer.
    assert _coding(f"Dear Requester,\n\n{lines}\n\nRegards\n")["Q1"] == ("unparsed", None)
