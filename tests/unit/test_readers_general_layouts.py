"""Layouts councils use that the generator never wrote (inputs written for these tests).

Labels in the middle of a line, parts numbered (i), (ii), tables headed
``Question | Year | UASC``, a sheet of figures beside the answer sheet, a PDF whose
question heading ends the page before its answer.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from foi_missing.core.roundspec import Period, Question
from foi_missing.ingest.coding import code_reply
from foi_missing.ingest.readers import QuestionMatcher, read_reply
from foi_missing.ingest.readers.codebook import roman_part_aliases
from foi_missing.ingest.readers.text import read_letter
from fpdf import FPDF

from tests.unit.reply_files import workbook
from tests.unit.test_readers_period_lines import coded, matcher_for
from tests.unit.test_readers_tables import YEARS_2018_20

YEAR = Period("2022", "2022", date(2022, 1, 1), date(2022, 12, 31))


def letter_coding(text: str, labels: list[str]) -> dict[str, tuple]:
    questions = [Question(label, f"How many children does part {label} of the request count?",
                          "other", "all", "other", ("2022",)) for label in labels]
    content = read_letter(text, QuestionMatcher(questions, (YEAR,)))
    return {label: (f["status"], f["value"]) for (label, _), f in code_reply(content, questions, (YEAR,)).items()}


# --- several answers on one line, labels mid-line --------------------------------------------------


@pytest.mark.parametrize("line", [
    "In reply to your questions: 1a) 6, 1b) 0 and 1c) 11.",
    "Our figures are 1a: 6; 1b: nil; 1c: 11",
    "The answers are as follows - Q1a. 6 / Q1b. none / Q1c. 11",
])
def test_labels_after_a_lead_in_on_one_line(line):
    got = letter_coding(f"Dear Dr Khan\n\n{line}\n\nRegards\n", ["1a", "1b", "1c"])
    assert got == {"1a": ("reported", 6), "1b": ("reported", 0), "1c": ("reported", 11)}


@pytest.mark.parametrize("line", [
    "Figures for 1a) and 1b) are in the table we sent in March.",  # labels named, no answers
    "As we said in 2019 about 1a) 6, 1b) 0 and 1c) 11.",  # a figure in the lead-in
    "Please note for 1a) 6 children were placed out of area, 1b) 0.",  # an answer that is a sentence
])
def test_labels_mid_sentence_are_not_read_as_answers(line):
    got = letter_coding(f"Dear Dr Khan\n\n{line}\n\nRegards\n", ["1a", "1b", "1c"])
    assert all(status == "unparsed" for status, _ in got.values())


# --- roman-numbered parts ------------------------------------------------------------------------


def test_roman_parts_answer_questions_labelled_with_roman_numerals():
    letter = "Dear Dr Khan\n\nQuestion 1\n(i) 7\n(ii) Nil return\n(iii) fewer than five\n\nRegards\n"
    got = letter_coding(letter, ["1(i)", "1(ii)", "1(iii)"])
    assert got == {"1(i)": ("reported", 7), "1(ii)": ("reported", 0), "1(iii)": ("suppressed", None)}
    inline = letter_coding("Dear Dr Khan\n\n1. i) 7 ii) 0 iii) 2\n\nRegards\n", ["1(i)", "1(ii)", "1(iii)"])
    assert inline == {"1(i)": ("reported", 7), "1(ii)": ("reported", 0), "1(iii)": ("reported", 2)}


def test_a_lone_i_is_a_letter_not_a_roman_part():
    assert roman_part_aliases(["1h", "1i"]) == {}
    assert roman_part_aliases(["2i", "2ii", "2iii"]) == {"2a": "2i", "2b": "2ii", "2c": "2iii"}


# --- Question | Year | UASC ----------------------------------------------------------------------


def test_a_table_with_a_year_column_and_a_cohort_column(tmp_path):
    rows = [["Question", "Year", "UASC"],
            ["Q1", "2018", "4"], ["Q1", "2019", "0"], ["Q1", "2020", "<5"]]
    path = tmp_path / "FOI 77 response.csv"
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    content = read_reply(path, matcher_for(YEARS_2018_20))
    # Q1 of this codebook asks about trafficked children, not UASC: each row goes to a person.
    assert coded(content, YEARS_2018_20) == {("Q1", y): ("unparsed", None) for y in ("2018", "2019", "2020")}
    assert all("headed for uasc" in a.reason for a in content.answers)


def test_a_cohort_column_answers_questions_about_that_cohort(tmp_path):
    from tests.unit.test_readers_tables import matcher_for as cohort_matcher

    matcher = cohort_matcher(YEARS_2018_20)
    path = workbook(tmp_path / "reply.xlsx", {"Sheet1": [
        ["Question", "Year", "Unaccompanied asylum-seeking children"],
        ["Q5", "2018", "12"], ["Q5", "2019", "9"], ["Q6", "2018", "1"], ["Q6", "2019", "0"]]})
    content = read_reply(path, matcher)
    assert sorted((a.question, a.period, a.raw_text) for a in content.answers) == [
        ("Q5", "2018", "12"), ("Q5", "2019", "9"), ("Q6", "2018", "1"), ("Q6", "2019", "0")]
    assert not any(a.reason for a in content.answers)


# --- a sheet of figures beside the answers --------------------------------------------------------


def test_a_sheet_of_figures_naming_no_question_is_reported(tmp_path):
    from tests.unit.test_readers_tables import ONE_YEAR
    from tests.unit.test_readers_tables import matcher_for as one_year_matcher

    path = workbook(tmp_path / "reply.xlsx", {
        "Answers": [["Question", "Answer"], ["Q1", "3"], ["Q2", "0"], ["Q5", "14"], ["Q6", "2"]],
        "Breakdown": [["Placement", "Children"], ["Foster care", "9"], ["Supported lodgings", "5"]],
        "Cover": [["FOI reference 2022-118"], ["Date: 3 May 2022"]],
    })
    content = read_reply(path, one_year_matcher(ONE_YEAR))
    assert [a.question for a in content.answers] == ["Q1", "Q2", "Q5", "Q6"]
    (finding,) = content.findings
    assert finding.severity == "warning" and finding.rule == "no_answers_found"
    assert 'sheet "Breakdown"' in finding.message


# --- PDF: the heading ends one page, its answer starts the next -------------------------------------


class _NumberedPages(FPDF):
    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, f"Page {self.page_no()} of 2", align="C")


def _two_page_reply(path: Path, *, table: bool) -> Path:
    pdf = _NumberedPages()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for number in range(30):
        pdf.cell(0, 7, f"Paragraph {number} on how the service records missing episodes.",
                 new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(0, 5, "Question 2: Of the children in Q1, how many went missing at least once in the period?",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    figures = (("2018", "0"), ("2019", "2"), ("2020", "1"))
    if table:
        with pdf.table(col_widths=(40, 40), width=80, align="LEFT") as grid:
            for row in (("Year", "Number"), *figures):
                cells = grid.row()
                for text in row:
                    cells.cell(text)
    else:
        for year, figure in figures:
            pdf.cell(0, 6, f"{year} - {figure}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.cell(0, 6, "Yours sincerely,", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("table", [True, False], ids=["table", "lines"])
def test_a_pdf_question_heading_on_the_page_before_its_answer(tmp_path, table):
    content = read_reply(_two_page_reply(tmp_path / "reply.pdf", table=table), matcher_for(YEARS_2018_20))
    assert coded(content, YEARS_2018_20, ("Q2",)) == {
        ("Q2", "2018"): ("reported", 0), ("Q2", "2019"): ("reported", 2), ("Q2", "2020"): ("reported", 1)}
    assert not any("Page 1" in a.raw_text for a in content.answers)


# --- "The answer to 2b is below:" and a sentence about several questions ---------------------------


def test_a_pointer_to_one_answer_and_a_sentence_naming_several_questions():
    letter = ("Dear Ms Okafor\n\nFor question 2a, c and d, our records only start in April 2023.\n\n"
              "We are withholding nothing else.\n\nThe answer to 2B is set out below:\n\n"
              "2021: 5\n\n2022: 9\n\n2023: 12\n\nKind regards\n")
    years = tuple(Period(str(y), str(y), date(y, 1, 1), date(y, 12, 31)) for y in (2021, 2022, 2023))
    questions = [Question(label, f"How many children does part {label} count?", "other", "all", "in_care",
                          tuple(p.id for p in years)) for label in ("2a", "2b", "2c", "2d")]
    content = read_letter(letter, QuestionMatcher(questions, years))
    got = {key: (f["status"], f["value"]) for key, f in code_reply(content, questions, years).items()}
    assert {key: value for key, value in got.items() if key[0] == "2b"} == {
        ("2b", "2021"): ("reported", 5), ("2b", "2022"): ("reported", 9), ("2b", "2023"): ("reported", 12)}
    # The sentence about 2a, 2c and 2d answers none of them on its own: each goes to a person.
    assert all(status == "unparsed" for (label, _), (status, _) in got.items() if label != "2b")


def test_one_withholding_sentence_for_a_range_of_questions_answers_each():
    letter = ("Dear Sir\n\nIn relation to questions 1-3, releasing such small numbers could identify the "
              "children, so they are exempt under section 40(2).\n\n4. 12\n\nRegards\n")
    got = letter_coding(letter, ["1", "2", "3", "4"])
    assert got == {"1": ("suppressed", None), "2": ("suppressed", None), "3": ("suppressed", None),
                   "4": ("reported", 12)}
    # A figure written once for the range stays for a person (each question's, or their total?).
    figure = letter_coding("Dear Sir\n\nFor questions 1 to 3, 7 children.\n\n4. 12\n\nRegards\n", ["1", "2", "3", "4"])
    assert [figure[label][0] for label in "123"] == ["unparsed"] * 3


def test_a_column_per_cohort_gives_each_question_its_own_cohorts_figure(tmp_path):
    from tests.unit.test_readers_tables import matcher_for as cohort_matcher

    path = workbook(tmp_path / "reply.xlsx", {"Sheet1": [
        ["Question", "Year", "Trafficked children", "UASC"],
        ["Q1", "2018", "3", "12"], ["Q5", "2018", "", "12"], ["Q6", "2019", "", "2"]]})
    content = read_reply(path, cohort_matcher(YEARS_2018_20))
    assert sorted((a.question, a.period, a.raw_text) for a in content.answers if a.question) == [
        ("Q1", "2018", "3"), ("Q5", "2018", "12"), ("Q6", "2019", "2")]
    (left,) = [a for a in content.answers if a.question is None]
    assert left.raw_text == "12" and "figure for uasc beside Q1" in left.reason


def test_a_workbook_with_no_answers_says_why_for_every_sheet(tmp_path):
    from tests.unit.test_readers_tables import ONE_YEAR
    from tests.unit.test_readers_tables import matcher_for as one_year_matcher

    path = workbook(tmp_path / "reply.xlsx", {
        "Summary": [["Placement", "Children"], ["Foster care", "9"]],
        "By year": [["Year", "Number"], ["2015", "4"]],
    })
    (answer,) = read_reply(path, one_year_matcher(ONE_YEAR)).answers
    assert answer.question is None
    assert 'sheet "Summary": ' in answer.reason and 'sheet "By year": ' in answer.reason


def test_the_requests_own_list_of_parts_is_no_answer_line():
    from foi_missing.ingest.readers.midline_labels import labels_mid_line

    matcher = QuestionMatcher([Question(label, f"Part {label}", "other", "all", "other", ("2022",))
                               for label in ("1a", "1b")], (YEAR,))
    assert labels_mid_line("You asked for: 1a) how many in care, 1b) how many missing.", matcher) == []
    assert labels_mid_line("You asked for: 1a) 4, 1b) 1.", matcher) == [("1a", "4"), ("1b", "1")]


def test_bulleted_period_lines_under_a_quoted_part_all_answer_it():
    years = tuple(Period(str(y), str(y), date(y, 1, 1), date(y, 12, 31)) for y in (2021, 2022, 2023))
    ids = tuple(p.id for p in years)
    questions = [Question("3a", "Children placed in foster care", "other", "all", "in_care", ids),
                 Question("3b", "Children placed in supported lodgings", "other", "all", "in_care", ids)]
    letter = ("Dear Ms Okafor\n\n3. The number of children in care who were:\n"
              "a) Children placed in foster care\n- 2021: 7\n- 2022: 12\n- 2023: 9\n"
              "b) Children placed in supported lodgings: none in any year\n\nKind regards\n")
    content = read_letter(letter, QuestionMatcher(questions, years))
    got = {key: (f["status"], f["value"]) for key, f in code_reply(content, questions, years).items()}
    assert got == {("3a", "2021"): ("reported", 7), ("3a", "2022"): ("reported", 12),
                   ("3a", "2023"): ("reported", 9), ("3b", "2021"): ("reported", 0),
                   ("3b", "2022"): ("reported", 0), ("3b", "2023"): ("reported", 0)}


def test_one_answer_headed_question_1_and_2():
    letter = ("Dear Dr Khan\n\nQuestion 3\nAnswer: 8\n\nQuestion 1 and 2\nAnswer: We do not record this.\n\n"
              "Regards\n")
    got = letter_coding(letter, ["1", "2", "3"])
    assert got == {"1": ("not_recorded", None), "2": ("not_recorded", None), "3": ("reported", 8)}
    # Not a pair: "Question 1 and 2 children ..." is a sentence.
    assert letter_coding("Dear Dr Khan\n\nQuestion 1 and 2 children were placed.\n\nRegards\n",
                         ["1", "2", "3"])["2"] == ("unparsed", None)
