"""Layouts written for these tests: a column per cohort with a row per measure, and labels
and answers set apart only by runs of spaces ("Q1 5   Q2 3")."""

from __future__ import annotations

from datetime import date

import pytest
from foi_missing.core.roundspec import Period, Question
from foi_missing.ingest.readers import QuestionMatcher
from foi_missing.ingest.readers.measure_grid import measure_named
from foi_missing.ingest.readers.table import answers_from_grid

from tests.unit.test_readers_general_layouts import letter_coding
from tests.unit.test_readers_tables import grid_of

YEAR = (Period("2022", "2022", date(2022, 1, 1), date(2022, 12, 31)),)


def question(label: str, cohort: str, measure: str, sub_cohort: str = "all") -> Question:
    return Question(label, f"How many {cohort} children ({measure}) does part {label} count?",
                    cohort, sub_cohort, measure, ("2022",))


MATCHER = QuestionMatcher([question("Q1", "uasc", "in_care"), question("Q2", "uasc", "went_missing"),
                           question("Q3", "trafficked", "in_care"), question("Q4", "trafficked", "went_missing")],
                          YEAR)


def placed(rows: list[list[str]], matcher: QuestionMatcher = MATCHER) -> list[tuple]:
    return [(a.question, a.raw_text, a.reason) for a in answers_from_grid(grid_of(rows), matcher).answers]


@pytest.mark.parametrize("header", [["", "UASC", "Trafficked"], ["Measure", "UASC", "Trafficked"],
                                    ["", "Unaccompanied asylum-seeking children", "Victims of trafficking"]])
def test_rows_named_by_measure_columns_by_cohort(header):
    rows = [header, ["Children in care", "3", "12"], ["Number who went missing", "1", "4"]]
    assert placed(rows) == [("Q1", "3", ""), ("Q3", "12", ""), ("Q2", "1", ""), ("Q4", "4", "")]


def test_columns_in_the_other_order_follow_their_headings():
    rows = [["", "Trafficked", "UASC"], ["Looked after", "12", "3"], ["Went missing", "4", "1"]]
    assert sorted(placed(rows)) == [("Q1", "3", ""), ("Q2", "1", ""), ("Q3", "12", ""), ("Q4", "4", "")]


def test_a_row_naming_no_measure_goes_to_a_person():
    rows = [["", "UASC", "Trafficked"], ["Children in care", "3", "12"], ["Placed out of area", "2", "1"]]
    got = placed(rows)
    assert got[:2] == [("Q1", "3", ""), ("Q3", "12", "")]
    assert [(q, text) for q, text, _ in got[2:]] == [(None, "2"), (None, "1")]
    assert all('row "Placed out of area" names no single measure' in reason for _, _, reason in got[2:])


def test_a_measure_asked_twice_for_one_cohort_goes_to_a_person():
    matcher = QuestionMatcher([question("Q1", "uasc", "in_care"), question("Q3", "trafficked", "in_care", "identified"),
                               question("Q4", "trafficked", "in_care", "suspected")], YEAR)
    got = placed([["", "UASC", "Trafficked"], ["In care", "3", "12"]], matcher)
    assert got[0] == ("Q1", "3", "")
    assert got[1][:2] == (None, "12") and "Q3, Q4" in got[1][2]


def test_a_table_with_one_cohort_column_is_not_this_layout():
    assert placed([["", "UASC"], ["Children in care", "3"], ["Went missing", "1"]]) == []


@pytest.mark.parametrize(("name", "measure"), [
    ("Children in care", "in_care"), ("Looked after children who went missing", "went_missing"),
    ("Missing episodes", "missing_episodes"), ("Still missing", "not_found"),
    ("Children in care who went missing: number of episodes", None),  # two narrower measures
    ("Total", None), ("Placed out of area", None),
])
def test_measure_named(name, measure):
    assert measure_named(name) == measure


# --- labels and answers apart by runs of spaces ----------------------------------------------------


@pytest.mark.parametrize(("line", "labels", "expected"), [
    ("Q1 5   Q2 3   Q3 nil", ["Q1", "Q2", "Q3"], {"Q1": 5, "Q2": 3, "Q3": 0}),
    ("Q1  5    Q2  3    Q3  0", ["Q1", "Q2", "Q3"], {"Q1": 5, "Q2": 3, "Q3": 0}),
    ("Question 1   5      Question 2   3      Question 3   11", ["Q1", "Q2", "Q3"], {"Q1": 5, "Q2": 3, "Q3": 11}),
    ("1a   6      1b   0      1c   11", ["1a", "1b", "1c"], {"1a": 6, "1b": 0, "1c": 11}),
])
def test_labels_and_answers_apart_by_spaces(line, labels, expected):
    got = letter_coding(f"Dear Dr Khan\n\n{line}\n\nRegards\n", labels)
    assert got == {label: ("reported", value) for label, value in expected.items()}


@pytest.mark.parametrize("line", [
    "1   5      2   3      3   0",  # bare numbers: any row of figures
    "Q3 5   Q2 3   Q1 0",  # out of the request's order
    "Q1 5 Q2 3   Q3 0",  # one gap too few: "5 Q2 3" is no answer
    "Q1   Q2   Q3",  # a header row, no answers
])
def test_spaced_lines_that_are_not_read_as_answers(line):
    got = letter_coding(f"Dear Dr Khan\n\n{line}\n\nRegards\n", ["Q1", "Q2", "Q3"])
    assert all(status == "unparsed" for status, _ in got.values())
