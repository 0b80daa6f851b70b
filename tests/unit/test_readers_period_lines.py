"""Multi-period answers written with the period as a date range, in letters, HTML lists and table cells.

"<range>: <figure>" lines give one answer per round period; a range the round does not
ask about, or a date the reader cannot read whole, goes to a person with the reason.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from foi_missing.core.roundspec import Period, Question
from foi_missing.ingest.coding import code_reply
from foi_missing.ingest.readers import read_reply
from foi_missing.ingest.readers.html import read_html_markup
from foi_missing.ingest.readers.text import read_letter

from tests.unit.test_readers_tables import COHORT, WORDING, YEARS_2021_24

FINANCIAL = tuple(Period(f"{y}-{y - 1999}", f"April {y} to March {y + 1}", date(y, 4, 1), date(y + 1, 3, 31))
                  for y in (2019, 2020, 2021))


def questions_for(periods) -> list[Question]:
    return [Question(label, WORDING[label], COHORT[label], "all", "count", tuple(p.id for p in periods))
            for label in WORDING]


def coded(content, periods, labels=("Q1",)) -> dict[tuple[str, str], tuple]:
    result = code_reply(content, questions_for(periods), periods)
    return {key: (fields["status"], fields["value"]) for key, fields in result.items() if key[0] in labels}


def notes(content, periods) -> dict[tuple[str, str], str]:
    result = code_reply(content, questions_for(periods), periods)
    return {key: fields["note"] for key, fields in result.items() if key[0] == "Q1"}


def letter(answer: str) -> str:
    return f"Dear Requester,\n\n{answer}\nQ2. 0\nQ5. 0\nQ6. 0\n\nYours faithfully,\n\nB. Clerk\n"


def matcher_for(periods):
    from foi_missing.ingest.readers import QuestionMatcher

    return QuestionMatcher(questions_for(periods), periods)


CALENDAR_LINES = ("Q1.\n2 January 2021 to 31 December 2021: 6\n1 January 2022 to 31 December 2022: 11\n"
                  "1 January 2023 to 31 December 2023: 0\n1 January 2024 to 30 April 2024: 2\n")
CALENDAR_EXPECTED = {("Q1", "2021"): ("unparsed", None), ("Q1", "2022"): ("reported", 11),
                     ("Q1", "2023"): ("reported", 0), ("Q1", "2024-jan-apr"): ("reported", 2)}


@pytest.mark.parametrize("answer", [
    "Q1.\n01/04/2019 - 31/03/2020 = 8\n01/04/2020 - 31/03/2021 = 12\n01/04/2021 - 31/03/2022 = 0\n",
    ("Q1. 1st April 2019 \u2013 31st March 2020: 8; 1st April 2020 \u2013 31st March 2021: 12; "
     "1st April 2021 \u2013 31st March 2022: 0\n"),
    ("Q1. April 2019 to March 2020 \u2013 8 children\nApril 2020 to March 2021 \u2013 12 children\n"
     "April 2021 to March 2022 \u2013 none\n"),
    "Q1. From 1/4/19 to 31/3/20 - 8, from 1/4/20 to 31/3/21 - 12, from 1/4/21 to 31/3/22 - nil\n",
], ids=["numeric_equals", "ordinal_dash_semicolons", "month_year_children", "two_digit_years"])
def test_date_range_lines_give_one_answer_per_period(answer):
    content = read_letter(letter(answer), matcher_for(FINANCIAL))
    assert coded(content, FINANCIAL) == {("Q1", "2019-20"): ("reported", 8), ("Q1", "2020-21"): ("reported", 12),
                                         ("Q1", "2021-22"): ("reported", 0)}


def test_a_range_the_round_does_not_ask_about_goes_to_a_person_with_its_dates():
    content = read_letter(letter(CALENDAR_LINES), matcher_for(YEARS_2021_24))
    assert coded(content, YEARS_2021_24) == CALENDAR_EXPECTED
    unasked = [a for a in content.answers if a.reason]
    assert [a.reason for a in unasked] == ['period "2 January 2021 to 31 December 2021" is not one the question asks']
    assert unasked[0].raw_text.endswith(": 6")


def test_date_range_items_of_an_html_list_are_read_like_lines():
    items = "".join(f"<li>{line}</li>" for line in CALENDAR_LINES.splitlines()[1:])
    html = (f"<html><body><p>Dear Requester,</p><p>Q1.</p><ul>{items}</ul><p>Q2. 0</p><p>Q5. 0</p><p>Q6. 0</p>"
            "<p>Yours faithfully,</p></body></html>")
    content = read_html_markup(html, matcher_for(YEARS_2021_24), ()).content
    assert coded(content, YEARS_2021_24) == CALENDAR_EXPECTED


def test_date_range_lines_inside_one_table_cell(tmp_path: Path):
    cell = CALENDAR_LINES.split("\n", 1)[1].strip()
    path = tmp_path / "reply.csv"
    path.write_text(f'Question,Answer\nQ1,"{cell}"\nQ2,0\nQ5,0\nQ6,0\n', encoding="utf-8")
    content = read_reply(path, matcher_for(YEARS_2021_24))
    assert coded(content, YEARS_2021_24) == CALENDAR_EXPECTED


@pytest.mark.parametrize("answer", [
    "Q1. April to March 2020 \u2013 8, April to March 2021 \u2013 12, April to March 2022 \u2013 0\n",
    "Q1. June 1, 2019 to May 31, 2020: 8; June 1, 2020 to May 31, 2021: 12\n",
], ids=["months_without_years", "american_dates"])
def test_a_period_not_read_whole_is_never_taken_for_a_calendar_year(answer):
    years = tuple(Period(str(y), str(y), date(y, 1, 1), date(y, 12, 31)) for y in (2020, 2021, 2022))
    content = read_letter(letter(answer), matcher_for(years))
    assert {status for status, _ in coded(content, years).values()} == {"unparsed"}
    assert all("does not read whole" in note for note in notes(content, years).values())


@pytest.mark.parametrize("answer", [
    ("Q1. Between 1 April 2019 and 31 March 2020, 8 children went missing. Between 1 April 2020 and "
     "31 March 2021, 12 children went missing. From 1 April 2021 to 31 March 2022 no children went missing.\n"),
    ("Q1. In the year 2019/20 there were 8 and in the year 2020/21 there were 12. In the financial "
     "year 2021/22 there were none.\n"),
], ids=["between_dates", "in_the_year"])
def test_sentences_opening_with_their_period(answer):
    content = read_letter(letter(answer), matcher_for(FINANCIAL))
    assert coded(content, FINANCIAL) == {("Q1", "2019-20"): ("reported", 8), ("Q1", "2020-21"): ("reported", 12),
                                         ("Q1", "2021-22"): ("reported", 0)}


def test_a_sentence_about_a_period_the_round_does_not_ask_about_goes_to_a_person():
    answer = ("Q1. Between 1 April 2019 and 31 March 2020, 8 children went missing. Between 1 July 2020 and "
              "30 June 2021, 12 children went missing.\n")
    content = read_letter(letter(answer), matcher_for(FINANCIAL))
    assert coded(content, FINANCIAL) == {("Q1", "2019-20"): ("reported", 8), ("Q1", "2020-21"): ("unparsed", None),
                                         ("Q1", "2021-22"): ("unparsed", None)}
    (unasked,) = [a for a in content.answers if a.reason]
    assert unasked.reason == 'period "Between 1 July 2020 and 30 June 2021" is not one the question asks'
