"""Layouts seen in councils' replies, in wording written for these tests.

A column per cohort with a row per measure; labels and answers set apart only by runs of
spaces ("Q1 5   Q2 3"); "Our response" under each question quoted in turn; a question's
lettered items that are its periods or its breakdown, not the round's questions.
"""

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
    ("Went missing more than once", None), ("Missing for over 24 hours", None), ("Girls in care", None),
    ("Looked after children aged 16-17", None), ("Of which went missing", None),
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


# --- "Our response" under each question quoted in turn ----------------------------------------------


def _one_year_coding(text: str) -> dict[str, tuple]:
    from foi_missing.ingest.readers.text import read_letter

    from tests.unit.test_readers_period_lines import coded
    from tests.unit.test_readers_period_lines import matcher_for as period_matcher
    from tests.unit.test_readers_tables import ONE_YEAR

    content = read_letter(text, period_matcher(ONE_YEAR))
    return {label: got for (label, _), got in coded(content, ONE_YEAR, ("Q1", "Q2")).items()}


def test_our_response_under_each_quoted_question_heads_its_answer():
    from tests.unit.test_readers_tables import WORDING

    for heading in ("Our response", "Response", "The Council's reply:"):
        letter = (f"Dear Requester,\n\nQuestion 1\n{WORDING['Q1']}\n{heading}\n13\n\n"
                  f"Question 2\n{WORDING['Q2']}\n{heading}\nThe information is not held\n\nYours faithfully,\n")
        assert _one_year_coding(letter) == {"Q1": ("reported", 13), "Q2": ("not_held", None)}


def test_our_response_after_the_whole_request_quoted_answers_no_one_question():
    from tests.unit.test_readers_tables import WORDING

    letter = (f"Dear Requester,\n\nYou asked:\nQ1. {WORDING['Q1']}\nQ2. {WORDING['Q2']}\nOur response\n4\n\n"
              "Yours faithfully,\n")
    assert _one_year_coding(letter) == {"Q1": ("unparsed", None), "Q2": ("unparsed", None)}


# --- "a) 2019/20 - 12" under a question: its own items, not questions a, b, c ------------------------


def test_lettered_period_items_under_a_question_answer_that_question():
    from foi_missing.ingest.readers.text import read_letter

    from tests.unit.test_readers_period_lines import FINANCIAL, coded
    from tests.unit.test_readers_period_lines import matcher_for as period_matcher
    from tests.unit.test_readers_tables import WORDING

    letter = (f"Dear Requester,\n\n1. {WORDING['Q1']}\na) 2019/20 - 12\nb) 2020/21 - 9\nc) 2021/22 - 0\n\n"
              f"2. {WORDING['Q2']}\na) 2019/20: 1\nb) 2020/21: 0\nc) 2021/22: 3\n\nYours faithfully,\n")
    content = read_letter(letter, period_matcher(FINANCIAL))
    assert coded(content, FINANCIAL, ("Q1", "Q2")) == {
        ("Q1", "2019-20"): ("reported", 12), ("Q1", "2020-21"): ("reported", 9), ("Q1", "2021-22"): ("reported", 0),
        ("Q2", "2019-20"): ("reported", 1), ("Q2", "2020-21"): ("reported", 0), ("Q2", "2021-22"): ("reported", 3)}
    assert {a.raw_text for a in content.answers} == {"12", "9", "0", "1", "3"}


def test_lettered_breakdown_under_a_question_is_not_the_next_questions():
    from tests.unit.test_readers_tables import WORDING

    letter = (f"Dear Requester,\n\nQ1. {WORDING['Q1']}\na) 5 in foster care\nb) 2 in supported lodgings\n\n"
              f"Q2. {WORDING['Q2']}\n0\n\nYours faithfully,\n")
    # Part a is not the whole of Q1, and part b is not Q2's answer.
    assert _one_year_coding(letter) == {"Q1": ("unparsed", None), "Q2": ("reported", 0)}


def test_lettered_answers_with_no_question_above_still_follow_the_request_order():
    got = _one_year_coding("Dear Requester,\n\na) 5\nb) 2\n\nYours faithfully,\n")
    assert got == {"Q1": ("reported", 5), "Q2": ("reported", 2)}


# --- a row of periods over a row of figures, under each question ------------------------------------


def _years_coding(text: str) -> dict[tuple[str, str], tuple]:
    from foi_missing.ingest.readers.text import read_letter

    from tests.unit.test_readers_period_lines import coded
    from tests.unit.test_readers_period_lines import matcher_for as period_matcher
    from tests.unit.test_readers_tables import YEARS_2018_20

    return coded(read_letter(text, period_matcher(YEARS_2018_20)), YEARS_2018_20, ("Q1", "Q2"))


@pytest.mark.parametrize(("q1", "q2"), [
    ("2018 | 2019 | 2020 |\n6 | 11 | 0 |", "2018 | 2019 | 2020 |\n1 | 0 | 2 |"),
    ("2018\t2019\t2020\n6\t11\t0", "2018\t2019\t2020\n1\t0\t2"),
    ("2018    2019    2020\n6       11      0", "2018    2019    2020\n1       0       2"),
])
def test_a_row_of_periods_over_a_row_of_figures_under_each_question(q1, q2):
    from tests.unit.test_readers_tables import WORDING

    got = _years_coding(f"Dear Requester,\n\n1) {WORDING['Q1']}\n{q1}\n2) {WORDING['Q2']}\n{q2}\n\nYours faithfully,\n")
    assert got == {("Q1", "2018"): ("reported", 6), ("Q1", "2019"): ("reported", 11), ("Q1", "2020"): ("reported", 0),
                   ("Q2", "2018"): ("reported", 1), ("Q2", "2019"): ("reported", 0), ("Q2", "2020"): ("reported", 2)}


def test_a_period_not_asked_about_goes_to_a_person_and_a_total_is_dropped():
    got = _years_coding("Dear Requester,\n\nQ1\n2017 | 2018 | 2019 | 2020 | Total\n4 | 6 | 11 | 0 | 21\n\nRegards\n")
    assert got[("Q1", "2018")] == ("reported", 6) and got[("Q1", "2020")] == ("reported", 0)


def test_figures_that_do_not_line_up_with_the_periods_are_not_paired():
    got = _years_coding("Dear Requester,\n\nQ1\n2018 | 2019 | 2020\n6 | 11\n\nRegards\n")
    assert all(status == "unparsed" for (label, _), (status, _) in got.items() if label == "Q1")


def test_a_period_table_flattened_to_single_spaces():
    got = _years_coding("Dear Requester,\n\nQ1\nYear 2020 2019 2018\nTotal 0 11 6\n\nQ2\n2018 2019 2020\n1 0 2\n\nRegards\n")
    assert got == {("Q1", "2018"): ("reported", 6), ("Q1", "2019"): ("reported", 11), ("Q1", "2020"): ("reported", 0),
                   ("Q2", "2018"): ("reported", 1), ("Q2", "2019"): ("reported", 0), ("Q2", "2020"): ("reported", 2)}


@pytest.mark.parametrize("rows", [
    "Year 2018 2019 2020\nMale 3 4 5\nFemale 2 1 0",  # a breakdown by sex, not the answer
    "In 2018 2019 2020 we had\n6 11 0 children",  # words, not a row of headings
])
def test_rows_of_figures_that_are_not_one_answer_per_period(rows):
    got = _years_coding(f"Dear Requester,\n\nQ1\n{rows}\n\nRegards\n")
    assert all(status == "unparsed" for (label, _), (status, _) in got.items() if label == "Q1")


# --- other ways of heading an answer -----------------------------------------------------------------


@pytest.mark.parametrize("lines", [
    "Question No. 1: 5\nQuestion number 2: 3",
    "Point 1: 5\nPoint 2: 3",
    "Request 1 - 5\nRequest 2 - 3",
    "Item 1: 5\nItem 2: 3",
    "[1] 5\n[2] 3",
])
def test_other_words_and_brackets_for_a_question_label(lines):
    got = letter_coding(f"Dear Dr Khan\n\n{lines}\n\nRegards\n", ["Q1", "Q2"])
    assert got == {"Q1": ("reported", 5), "Q2": ("reported", 3)}


def test_a_part_written_apart_from_its_number():
    got = letter_coding("Dear Dr Khan\n\n1 (a) 5\n1 (b) 3\n\nRegards\n", ["1a", "1b"])
    assert got == {"1a": ("reported", 5), "1b": ("reported", 3)}


@pytest.mark.parametrize("line", ["Part 1 of your request asked for 5 years of figures.",
                                  "Request 2023/118 was received on 3 May."])
def test_a_sentence_about_a_part_of_the_request_is_no_label(line):
    got = letter_coding(f"Dear Dr Khan\n\n{line}\n\nRegards\n", ["Q1", "Q2"])
    assert all(status == "unparsed" for status, _ in got.values())


def test_a_row_per_cohort_and_a_column_per_measure():
    rows = [["", "Looked after", "Went missing"], ["UASC", "3", "1"], ["Trafficked", "12", "4"]]
    assert sorted(placed(rows)) == [("Q1", "3", ""), ("Q2", "1", ""), ("Q3", "12", ""), ("Q4", "4", "")]
    locations = {a.question: a.location for a in answers_from_grid(grid_of(rows), MATCHER).answers}
    assert locations == {"Q1": "R2C2", "Q2": "R2C3", "Q3": "R3C2", "Q4": "R3C3"}


def test_a_cohort_by_measure_workbook_codes_end_to_end(tmp_path):
    from foi_missing.ingest.coding import code_reply
    from foi_missing.ingest.readers import read_reply

    from tests.unit.reply_files import workbook

    path = workbook(tmp_path / "FOI 512 reply.xlsx", {"Data": [
        ["FOI 512: children in our care, 2022"], [],
        ["", "UASC", "Trafficked"], ["Children in care", "14", "<5"], ["Went missing at least once", "3", "0"]]})
    content = read_reply(path, MATCHER)
    coded = {label: (f["status"], f["value"]) for (label, _), f in code_reply(content, MATCHER.questions, YEAR).items()}
    assert coded == {"Q1": ("reported", 14), "Q2": ("reported", 3), "Q3": ("suppressed", None), "Q4": ("reported", 0)}


# --- "2018 6, 2019 11, 2020 0": a year then its figure ------------------------------------------------


@pytest.mark.parametrize("q1", ["Q1 2018 6, 2019 11, 2020 0", "Q1 2018 6; 2019 11 and 2020 0",
                                "Q1   2018  6    2019  11    2020  0"])
def test_a_list_of_years_each_followed_by_its_figure(q1):
    got = _years_coding(f"Dear Requester,\n\n{q1}\nQ2 2018 1, 2019 0, 2020 2\n\nRegards\n")
    assert got == {("Q1", "2018"): ("reported", 6), ("Q1", "2019"): ("reported", 11), ("Q1", "2020"): ("reported", 0),
                   ("Q2", "2018"): ("reported", 1), ("Q2", "2019"): ("reported", 0), ("Q2", "2020"): ("reported", 2)}


def test_years_and_figures_inside_a_sentence_are_not_such_a_list():
    from foi_missing.ingest.readers.period_lists import listed_figures

    assert listed_figures("2018 6 children went missing, 2019 11") is None
    assert listed_figures("2018 6") is None  # one year alone: no list
    assert listed_figures("2018 6, 2019 11") == [("2018", "6"), ("2019", "11")]


# --- a small table of periods under each question, in a Word letter ---------------------------------


def _word_letter(path, tables: dict[str, list[list[str]]]):
    from docx import Document

    from tests.unit.test_readers_tables import WORDING

    document = Document()
    document.add_paragraph("Dear Requester,")
    for label, rows in tables.items():
        document.add_paragraph(f"{label}. {WORDING[label]}")
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    document.add_paragraph("Yours faithfully,")
    document.save(path)
    return path


def test_a_row_of_figures_under_period_headings_is_not_a_label_and_its_answer(tmp_path):
    from foi_missing.ingest.readers import read_reply

    from tests.unit.test_readers_period_lines import coded
    from tests.unit.test_readers_period_lines import matcher_for as period_matcher
    from tests.unit.test_readers_tables import YEARS_2018_20

    path = _word_letter(tmp_path / "reply.docx", {"Q1": [["2018", "2019", "2020"], ["6", "11", "0"]],
                                                  "Q2": [["2018", "2019", "2020"], ["1", "0", "2"]]})
    content = read_reply(path, period_matcher(YEARS_2018_20))
    # "6 | 11 | 0" once read as question 6 answered "11" (with "0" as its note).
    assert {a.question for a in content.answers} == {"Q1", "Q2"}
    assert coded(content, YEARS_2018_20, ("Q1", "Q2")) == {
        ("Q1", "2018"): ("reported", 6), ("Q1", "2019"): ("reported", 11), ("Q1", "2020"): ("reported", 0),
        ("Q2", "2018"): ("reported", 1), ("Q2", "2019"): ("reported", 0), ("Q2", "2020"): ("reported", 2)}


def test_figures_under_period_headings_with_no_question_title_go_to_a_person():
    from tests.unit.test_readers_period_lines import matcher_for as period_matcher
    from tests.unit.test_readers_tables import YEARS_2018_20

    result = answers_from_grid(grid_of([["2018", "2019", "2020"], ["6", "11", "0"]]), period_matcher(YEARS_2018_20))
    assert all(a.question is None for a in result.answers)


@pytest.mark.parametrize("heading", [["Month", "Number"], ["Age", "Children"], ["Times missing", "Children"]])
def test_bare_numbers_under_a_column_heading_are_its_values_not_question_labels(heading):
    from foi_missing.ingest.readers.codebook import QuestionMatcher as Matcher

    numbered = Matcher([question(str(i), "uasc", "in_care") for i in range(1, 4)], YEAR)
    result = answers_from_grid(grid_of([heading, ["1", "4"], ["2", "3"], ["3", "0"]]), numbered)
    assert result.answers == [] and result.reason


def test_bare_number_labels_beside_answers_still_read():
    from foi_missing.ingest.readers.codebook import QuestionMatcher as Matcher

    numbered = Matcher([question(str(i), "uasc", "in_care") for i in range(1, 3)], YEAR)
    for rows in ([["1", "4"], ["2", "3"]], [["FOI 2022/118", "Reply of 3 May"], ["1", "4"], ["2", "3"]]):
        got = [(a.question, a.raw_text) for a in answers_from_grid(grid_of(rows), numbered).answers]
        assert got == [("1", "4"), ("2", "3")]


def test_html_mail_with_a_heading_wording_and_our_response_paragraph_per_question():
    from foi_missing.ingest.readers.html import read_html_markup

    from tests.unit.test_readers_period_lines import coded
    from tests.unit.test_readers_period_lines import matcher_for as period_matcher
    from tests.unit.test_readers_tables import ONE_YEAR, WORDING

    html = ("<html><body><p>Dear Requester,</p>"
            f"<p><b>Question 1</b></p><p>{WORDING['Q1']}</p><p><b>Our response</b></p><p>13</p>"
            f"<p><b>Question 2</b></p><p>{WORDING['Q2']}</p><p><b>Our response</b></p><p>Nil</p>"
            "<p>Yours sincerely</p></body></html>")
    content = read_html_markup(html, period_matcher(ONE_YEAR)).content
    assert coded(content, ONE_YEAR, ("Q1", "Q2")) == {("Q1", "2014-15"): ("reported", 13),
                                                      ("Q2", "2014-15"): ("reported", 0)}


def test_html_mail_with_a_cohort_by_measure_table():
    from foi_missing.ingest.coding import code_reply
    from foi_missing.ingest.readers.html import read_html_markup

    html = ("<html><body><p>Dear Requester,</p><table><tr><td></td><td>UASC</td><td>Trafficked</td></tr>"
            "<tr><td>Children in care</td><td>14</td><td>&lt;5</td></tr>"
            "<tr><td>Went missing</td><td>3</td><td>0</td></tr></table><p>Yours sincerely</p></body></html>")
    content = read_html_markup(html, MATCHER).content
    coded = {label: (f["status"], f["value"]) for (label, _), f in code_reply(content, MATCHER.questions, YEAR).items()}
    assert coded == {"Q1": ("reported", 14), "Q2": ("reported", 3), "Q3": ("suppressed", None), "Q4": ("reported", 0)}


# --- a row per cohort and measure, a column per period ------------------------------------------------


def _two_years_matcher():
    from tests.unit.test_readers_tables import YEARS_2018_20

    years = YEARS_2018_20[:2]
    ids = tuple(p.id for p in years)
    questions = [Question(label, f"How many {cohort} children ({measure}) does part {label} count?",
                          cohort, "all", measure, ids)
                 for label, cohort, measure in (("Q1", "uasc", "in_care"), ("Q2", "uasc", "went_missing"),
                                                ("Q3", "trafficked", "in_care"), ("Q4", "trafficked", "went_missing"))]
    return QuestionMatcher(questions, years)


def test_rows_named_by_cohort_and_measure_under_period_columns():
    rows = [["Category", "2018", "2019", "Total"], ["UASC in care", "3", "4", "7"], ["Missing UASC", "1", "0", "1"],
            ["Trafficked children looked after", "12", "9", "21"],
            ["Trafficked children who went missing", "4", "2", "6"]]
    got = [(a.question, a.period, a.raw_text) for a in answers_from_grid(grid_of(rows), _two_years_matcher()).answers]
    assert got == [("Q1", "2018", "3"), ("Q1", "2019", "4"), ("Q2", "2018", "1"), ("Q2", "2019", "0"),
                   ("Q3", "2018", "12"), ("Q3", "2019", "9"), ("Q4", "2018", "4"), ("Q4", "2019", "2")]


def test_a_row_naming_both_cohorts_or_no_measure_goes_to_a_person():
    rows = [["", "2018", "2019"], ["UASC in care", "3", "4"], ["UASC and trafficked children in care", "15", "13"],
            ["UASC placed out of area", "2", "2"]]
    answers = answers_from_grid(grid_of(rows), _two_years_matcher()).answers
    assert [(a.question, a.raw_text) for a in answers[:2]] == [("Q1", "3"), ("Q1", "4")]
    assert all(a.question is None and a.period is None for a in answers[2:])
    assert "no single cohort" in answers[2].reason and "no single measure" in answers[4].reason


def test_a_question_column_of_cohort_and_measure_names():
    rows = [["Description", "Number"], ["UASC in care", "3"], ["UASC who went missing", "1"],
            ["Trafficked children in care", "12"], ["Trafficked children missing from care", "4"],
            ["UASC went missing more than once", "1"]]
    got = [(a.question, a.raw_text) for a in answers_from_grid(grid_of(rows), MATCHER).answers]
    assert got == [("Q1", "3"), ("Q2", "1"), ("Q3", "12"), ("Q4", "4"), (None, "UASC went missing more than once | 1")]


def test_letter_lines_named_by_cohort_and_measure():
    from foi_missing.ingest.coding import code_reply
    from foi_missing.ingest.readers.text import read_letter

    letter = ("Dear Dr Khan\n\nUASC in care: 3\nUASC who went missing - 1\nTrafficked children in care: 12\n"
              "Trafficked children who went missing more than once: 2\n\nRegards\n")
    content = read_letter(letter, MATCHER)
    coded = {label: (f["status"], f["value"]) for (label, _), f in code_reply(content, MATCHER.questions, YEAR).items()}
    # The last line names a part of Q4's measure (more than once): not Q4's answer.
    assert coded == {"Q1": ("reported", 3), "Q2": ("reported", 1), "Q3": ("reported", 12), "Q4": ("unparsed", None)}


def test_a_cohort_note_after_an_answer_stays_with_that_answer():
    from foi_missing.ingest.readers.text import read_letter

    content = read_letter("Dear Dr Khan\n\nQ1: 14\nUASC: this figure includes two care leavers\n\nRegards\n", MATCHER)
    assert [(a.question, a.raw_text) for a in content.answers] == [
        ("Q1", "14 UASC: this figure includes two care leavers")]
