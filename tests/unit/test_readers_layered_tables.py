"""Layouts from councils' replies read this session, in wording written for these tests.

Nothing said twice ("Nil return - 0"); tables whose figures are named by headings on two
levels (a heading spanning cohorts over a row of measures or periods); a table whose
measure is said only in its caption or the sentence above it.
"""

from __future__ import annotations

from datetime import date

import pytest
from foi_missing.core.roundspec import Period, Question
from foi_missing.ingest.coding import code_reply
from foi_missing.ingest.readers import QuestionMatcher, read_reply
from foi_missing.ingest.readers.flat_rows import flat_rows
from foi_missing.ingest.readers.html import read_html_markup
from foi_missing.ingest.readers.letter_parts import Line
from foi_missing.ingest.readers.text import read_letter

from tests.unit.reply_files import workbook
from tests.unit.test_readers_probed_layouts import MATCHER, YEAR


def coded_letter(letter: str) -> dict[str, tuple]:
    content = read_letter(letter, MATCHER)
    return {label: (f["status"], f["value"], f["note"])
            for (label, _), f in code_reply(content, MATCHER.questions, YEAR).items()}


def test_nothing_in_words_then_the_figure_zero_is_a_zero():
    got = coded_letter("Dear Dr Khan\n\nQ1 Nil return - 0\nQ2 None: 0\nQ3 Nil (0)\nQ4 0 (nil)\n\nRegards\n")
    assert {label: status_value[:2] for label, status_value in got.items()} == {
        "Q1": ("reported", 0), "Q2": ("reported", 0), "Q3": ("reported", 0), "Q4": ("reported", 0)}


def test_nothing_in_words_then_another_figure_goes_to_a_person():
    got = coded_letter("Dear Dr Khan\n\n1. Nil return - 2\n2. None - 5\n3. 4\n4. 1\n")
    assert got["Q1"][:2] == ("unparsed", None) and "says none, but the figure after it is 2" in got["Q1"][2]
    assert got["Q2"][:2] == ("unparsed", None) and "says none, but the figure after it is 5" in got["Q2"][2]


# --- headings on two levels -------------------------------------------------------------------------

def two_years_matcher() -> QuestionMatcher:
    ids = tuple(p.id for p in TWO_YEARS)
    return QuestionMatcher([Question(label, f"How many {cohort} children ({measure}) does part {label} count?",
                                     cohort, "all", measure, ids) for label, cohort, measure in FOUR], TWO_YEARS)


FOUR = (("Q1", "uasc", "in_care"), ("Q2", "uasc", "went_missing"),
        ("Q3", "trafficked", "in_care"), ("Q4", "trafficked", "went_missing"))
TWO_YEARS = tuple(Period(str(y), str(y), date(y, 1, 1), date(y, 12, 31)) for y in (2020, 2021))
ALL_EIGHT = {("Q1", "2020"): ("reported", 21), ("Q1", "2021"): ("reported", 25),
             ("Q2", "2020"): ("reported", 5), ("Q2", "2021"): ("reported", 7),
             ("Q3", "2020"): ("reported", 9), ("Q3", "2021"): ("reported", 11),
             ("Q4", "2020"): ("reported", 2), ("Q4", "2021"): ("reported", 0)}


def html_table(*rows: str, above: str = "", caption: str = "") -> str:
    caption = f"<caption>{caption}</caption>" if caption else ""
    body = "".join(f"<tr>{row}</tr>" for row in rows)
    return f"<html><body><p>Dear Ms Okafor,</p><p>{above}</p><table>{caption}{body}</table><p>Kind regards</p></body></html>"


def coded_html(markup: str, matcher: QuestionMatcher, periods) -> dict:
    content = read_html_markup(markup, matcher).content
    return {key: (f["status"], f["value"]) for key, f in code_reply(content, matcher.questions, periods).items()}


def person_reasons(markup: str, matcher: QuestionMatcher) -> dict[str, str]:
    return {a.raw_text: a.reason for a in read_html_markup(markup, matcher).content.answers if a.question is None}


LAYOUTS = {
    "cohort over year, a row per measure": html_table(
        "<th rowspan=2>Measure</th><th colspan=2>Unaccompanied asylum seeking children</th>"
        "<th colspan=2>Trafficked children</th>",
        "<th>2020</th><th>2021</th><th>2020</th><th>2021</th>",
        "<td>Looked after</td><td>21</td><td>25</td><td>9</td><td>11</td>",
        "<td>Went missing</td><td>5</td><td>7</td><td>2</td><td>0</td>"),
    "measure over cohort, a row per year": html_table(
        "<th>Year</th><th colspan=2>Number in care</th><th colspan=2>Number missing</th>",
        "<th></th><th>UASC</th><th>Trafficked</th><th>UASC</th><th>Trafficked</th>",
        "<td>2020</td><td>21</td><td>9</td><td>5</td><td>2</td>",
        "<td>2021</td><td>25</td><td>11</td><td>7</td><td>0</td>"),
    "year over cohort, a row per measure": html_table(
        "<td></td><td colspan=2>2020</td><td colspan=2>2021</td>",
        "<td></td><td>UASC</td><td>Trafficked</td><td>UASC</td><td>Trafficked</td>",
        "<td>Children in care</td><td>21</td><td>9</td><td>25</td><td>11</td>",
        "<td>Children who went missing</td><td>5</td><td>2</td><td>7</td><td>0</td>"),
    "cohort over measure, a row per year, totals beside": html_table(
        "<td></td><td colspan=2>UASC</td><td colspan=2>Trafficked</td>",
        "<td>Year</td><td>In care</td><td>Went missing</td><td>In care</td><td>Went missing</td>",
        "<td>2020</td><td>21</td><td>5</td><td>9</td><td>2</td>",
        "<td>2021</td><td>25</td><td>7</td><td>11</td><td>0</td>",
        "<td>Total</td><td>46</td><td>12</td><td>20</td><td>2</td>"),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_headings_on_two_levels_name_each_figure(layout):
    assert coded_html(LAYOUTS[layout], two_years_matcher(), TWO_YEARS) == ALL_EIGHT


def test_a_merged_workbook_heading_over_years(tmp_path):
    rows = [["", "UASC", None, "Trafficked", None], ["", "2020", "2021", "2020", "2021"],
            ["In care", 21, 25, 9, 11], ["Missing from care", 5, 7, 2, 0]]
    path = workbook(tmp_path / "reply.xlsx", {"Sheet1": rows}, {"Sheet1": ["B1:C1", "D1:E1"]})
    matcher = two_years_matcher()
    content = read_reply(path, matcher)
    coded = {key: (f["status"], f["value"]) for key, f in code_reply(content, matcher.questions, TWO_YEARS).items()}
    assert coded == ALL_EIGHT
    assert {a.location for a in content.answers if a.question == "Q2"} == {"Sheet1!B4", "Sheet1!C4"}


def test_a_year_under_a_cohort_heading_that_the_round_does_not_ask_about_goes_to_a_person():
    markup = html_table("<td></td><td colspan=2>UASC</td><td colspan=2>Trafficked</td>",
                        "<td></td><td>2021</td><td>2022</td><td>2021</td><td>2022</td>",
                        "<td>In care</td><td>14</td><td>15</td><td>6</td><td>7</td>",
                        "<td>Went missing</td><td>3</td><td>4</td><td>1</td><td>0</td>")
    # Read as one level, "2021" under "UASC" once passed for a figure, and 14 for 2022's answer.
    assert coded_html(markup, MATCHER, YEAR) == {("Q1", "2022"): ("reported", 15), ("Q2", "2022"): ("reported", 4),
                                                 ("Q3", "2022"): ("reported", 7), ("Q4", "2022"): ("reported", 0)}
    assert person_reasons(markup, MATCHER)["14"] == '"2021" is not a period the request asks about'


def test_a_subgroup_or_two_cohorts_under_a_heading_goes_to_a_person():
    markup = html_table("<td></td><td colspan=3>UASC</td><td>UASC and trafficked</td>",
                        "<td></td><td>Boys</td><td>Aged 16-17</td><td>All</td><td>All</td>",
                        "<td>Went missing</td><td>3</td><td>2</td><td>4</td><td>6</td>")
    assert coded_html(markup, MATCHER, YEAR)[("Q2", "2022")] == ("reported", 4)
    reasons = person_reasons(markup, MATCHER)
    assert reasons["3"] == '"Boys" names no cohort, measure or period of the request'
    assert reasons["2"] == '"Aged 16-17" names no single measure of the request' or "16-17" in reasons["2"]
    assert "name two cohorts" in reasons["6"]


def test_a_figure_with_no_period_beside_year_columns_goes_to_a_person():
    markup = html_table("<td></td><td colspan=3>UASC</td>", "<td></td><td>2020</td><td>2021</td><td>Notes</td>",
                        "<td>In care</td><td>21</td><td>25</td><td>4 placed out of area</td>")
    coded = coded_html(markup, two_years_matcher(), TWO_YEARS)
    assert coded[("Q1", "2020")] == ("reported", 21) and coded[("Q1", "2021")] == ("reported", 25)
    assert "4 placed out of area" in person_reasons(markup, two_years_matcher())


# --- the measure said only above the table, or in its caption -----------------------------------------

@pytest.mark.parametrize(("where", "title"), [("above", "Table 2: the number who went missing"),
                                             ("caption", "Table 2: the number who went missing"),
                                             ("above", "How many children went missing?")])
def test_a_measure_said_above_a_table_of_cohort_columns(where, title):
    rows = ("<th>Year</th><th>Trafficked</th><th>UASC</th>", "<td>2020</td><td>2</td><td>5</td>",
            "<td>2021</td><td>0</td><td>7</td>")
    markup = html_table(*rows, **{where: title})
    coded = coded_html(markup, two_years_matcher(), TWO_YEARS)
    assert {k: v for k, v in coded.items() if v[0] == "reported"} == {
        k: v for k, v in ALL_EIGHT.items() if k[0] in ("Q2", "Q4")}


def test_a_cohort_said_above_a_table_of_measure_columns():
    markup = html_table("<th>Year</th><th>Looked after</th><th>Went missing</th>",
                        "<td>2020</td><td>21</td><td>5</td>", "<td>2021</td><td>25</td><td>7</td>",
                        above="Unaccompanied asylum-seeking children:")
    coded = coded_html(markup, two_years_matcher(), TWO_YEARS)
    assert {k: v for k, v in coded.items() if v[0] == "reported"} == {
        k: v for k, v in ALL_EIGHT.items() if k[0] in ("Q1", "Q2")}


@pytest.mark.parametrize("above", ["Please see the figures below.", "The number of children looked after",
                                   "Those who went missing more than once:"])
def test_cohort_columns_under_a_text_naming_no_single_measure_go_to_a_person(above):
    markup = html_table("<th>Year</th><th>Trafficked</th><th>UASC</th>", "<td>2020</td><td>2</td><td>5</td>",
                        "<td>2021</td><td>0</td><td>7</td>", above=above)
    coded = coded_html(markup, two_years_matcher(), TWO_YEARS)
    if "looked after" in above:  # a measure: the table reads, as the children in care
        assert coded[("Q1", "2020")] == ("reported", 5) and coded[("Q2", "2020")][0] == "unparsed"
    else:
        assert all(status == "unparsed" for status, _ in coded.values())


# --- a heading typed once over several columns, the cells after it left blank (CSV) ------------------

def test_a_csv_heading_over_blank_cells_spans_the_repeated_headings_below(tmp_path):
    path = tmp_path / "reply.csv"
    path.write_text("Measure,UASC,,Trafficked,\n,2020,2021,2020,2021\nIn care,21,25,9,11\nWent missing,5,7,2,0\n")
    matcher = two_years_matcher()
    content = read_reply(path, matcher)
    assert {k: (f["status"], f["value"]) for k, f in code_reply(content, matcher.questions, TWO_YEARS).items()} == ALL_EIGHT


def test_a_cohort_heading_over_a_breakdown_is_not_a_column_per_cohort(tmp_path):
    # Read as a column per cohort, "UASC" would give the boys' figure as all UASC in care.
    path = tmp_path / "reply.csv"
    path.write_text("Measure,UASC,,Trafficked,\n,Boys,Girls,Boys,Girls\nIn care,21,25,9,11\nWent missing,5,7,2,0\n")
    content = read_reply(path, MATCHER)
    assert all(a.question is None for a in content.answers)
    assert "no question labels found" in content.answers[0].reason


# --- a table's rows run together into lines -----------------------------------------------------------

WORDED = {"Q1": ("trafficked", "in_care", "How many children in your care were identified or suspected victims of trafficking?"),
          "Q2": ("trafficked", "went_missing", "Of the children in Q1, how many went missing at least once?"),
          "Q5": ("uasc", "in_care", "How many unaccompanied asylum-seeking children were in your care?"),
          "Q6": ("uasc", "went_missing", "Of the children in Q5, how many went missing at least once?")}
WORDED_MATCHER = QuestionMatcher([Question(label, wording, cohort, "all", measure, ("2022",))
                                  for label, (cohort, measure, wording) in WORDED.items()], YEAR)


def flat_coded(letter: str) -> tuple[dict, list]:
    content = read_letter(letter, WORDED_MATCHER)
    coded = {label: (f["status"], f["value"])
             for (label, _), f in code_reply(content, WORDED_MATCHER.questions, YEAR).items()}
    return coded, [(a.raw_text, a.reason) for a in content.answers if a.question is None]


def test_rows_run_together_into_lines_name_their_questions():
    coded, for_a_person = flat_coded(
        "Dear Ms Okafor\n\nNumber of children 2022\n"
        "Children in our care identified or suspected as victims of trafficking 7\n"
        "Of these, the number who went missing at least once Nil\n"
        "Unaccompanied asylum-seeking children in our care 23\n"
        "UASC who went missing 4\n\nYours sincerely\n")
    assert coded == {"Q1": ("reported", 7), "Q2": ("unparsed", None), "Q5": ("reported", 23), "Q6": ("reported", 4)}
    # "Of these" could be either cohort's: the row names no one question.
    assert for_a_person == [("Nil", 'row "Of these, the number who went missing at least once" names no question')]


def test_rows_under_a_heading_of_another_period_go_to_a_person():
    coded, for_a_person = flat_coded(
        "Dear Ms Okafor\n\nNumber of children 2021\n"
        "Children in our care identified or suspected as victims of trafficking 7\n"
        "Unaccompanied asylum-seeking children in our care 23\n\nYours sincerely\n")
    assert all(status == "unparsed" for status, _ in coded.values())
    assert len(for_a_person) == 2 and all("names a period the request does not ask about" in why
                                          for _, why in for_a_person)


@pytest.mark.parametrize("letter", [
    # A sentence wrapped over two lines, its figures at the line ends.
    "We looked after children identified as victims of trafficking 7\nand unaccompanied children in our care 23\n",
    # Words that run on into the figure: a sentence, not a row.
    "Children in our care identified as victims of trafficking were 7\nUnaccompanied children in our care were 23\n",
    # One row alone is no table.
    "Unaccompanied asylum-seeking children in our care 23\n",
])
def test_lines_ending_in_figures_that_are_not_a_tables_rows(letter):
    lines = [Line(number, text) for number, text in enumerate(letter.splitlines(), start=1)]
    assert flat_rows(lines, WORDED_MATCHER) == ([], lines)


def test_a_typed_table_with_a_heading_per_cohort_over_repeated_years():
    letter = ("Dear Ms Okafor\n\n| | UASC | Trafficked |\n| | 2020 | 2021 | 2020 | 2021 |\n"
              "| In care | 21 | 25 | 9 | 11 |\n| Went missing | 5 | 7 | 2 | 0 |\n\nRegards\n")
    matcher = two_years_matcher()
    content = read_letter(letter, matcher)
    assert {k: (f["status"], f["value"]) for k, f in code_reply(content, matcher.questions, TWO_YEARS).items()} == ALL_EIGHT


def test_typed_headings_that_do_not_divide_the_columns_evenly_are_not_spread():
    # Three headings over four columns: which columns each stands over is for a person to say.
    letter = ("Dear Ms Okafor\n\n| | UASC | Trafficked | All |\n| | 2020 | 2021 | 2020 | 2021 |\n"
              "| In care | 21 | 25 | 9 | 11 |\n| Went missing | 5 | 7 | 2 | 0 |\n\nRegards\n")
    content = read_letter(letter, two_years_matcher())
    assert all(a.question is None for a in content.answers)


def test_a_title_over_a_table_of_question_labels_leaves_it_to_the_labels():
    markup = html_table("<td>Q1</td><td>21</td>", "<td>Q2</td><td>5</td>",
                        above="Unaccompanied asylum-seeking children")
    content = read_html_markup(markup, MATCHER).content
    assert [(a.question, a.raw_text) for a in content.answers if a.question] == [("Q1", "21"), ("Q2", "5")]


def test_a_pdf_table_with_a_heading_merged_over_each_cohorts_years(tmp_path):
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.multi_cell(0, 5, "Dear Ms Okafor,", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(text_align="LEFT") as table:
        heading = table.row()
        heading.cell("Measure")
        heading.cell("UASC", colspan=2)
        heading.cell("Trafficked", colspan=2)
        for cells in (["", "2020", "2021", "2020", "2021"], ["In care", "21", "25", "9", "11"],
                      ["Went missing", "5", "7", "2", "0"]):
            row = table.row()
            for text in cells:
                row.cell(text)
    path = tmp_path / "reply.pdf"
    path.write_bytes(bytes(pdf.output()))
    matcher = two_years_matcher()
    content = read_reply(path, matcher)
    assert {k: (f["status"], f["value"]) for k, f in code_reply(content, matcher.questions, TWO_YEARS).items()} == ALL_EIGHT


def test_rows_grouped_under_a_row_naming_their_cohort():
    markup = html_table("<th></th><th>2020</th><th>2021</th>", "<td colspan=3>Unaccompanied children</td>",
                        "<td>In care</td><td>21</td><td>25</td>", "<td>Went missing</td><td>5</td><td>7</td>",
                        "<td colspan=3>Trafficked children</td>", "<td>In care</td><td>9</td><td>11</td>",
                        "<td>Went missing</td><td>2</td><td>0</td>")
    assert coded_html(markup, two_years_matcher(), TWO_YEARS) == ALL_EIGHT


def test_rows_grouped_under_a_row_naming_a_subgroup_go_to_a_person():
    markup = html_table("<th></th><th>2020</th><th>2021</th>", "<td colspan=3>Unaccompanied children</td>",
                        "<td>In care</td><td>21</td><td>25</td>", "<td colspan=3>Of whom placed out of area</td>",
                        "<td>In care</td><td>9</td><td>11</td>")
    coded = coded_html(markup, two_years_matcher(), TWO_YEARS)
    assert coded[("Q1", "2020")] == ("reported", 21) and coded[("Q1", "2021")] == ("reported", 25)
    assert set(person_reasons(markup, two_years_matcher())) == {"9", "11"}


def test_rows_under_a_row_naming_something_else_go_to_a_person():
    markup = html_table("<th></th><th>UASC</th><th>Trafficked</th>", "<td colspan=3>All children</td>",
                        "<td>In care</td><td>21</td><td>9</td>", "<td colspan=3>Boys</td>",
                        "<td>In care</td><td>12</td><td>6</td>", above="The year 2022")
    coded = coded_html(markup, MATCHER, YEAR)
    assert coded[("Q1", "2022")] == ("reported", 21) and coded[("Q3", "2022")] == ("reported", 9)
    reasons = person_reasons(markup, MATCHER)
    assert reasons["12"] == reasons["6"] == '"Boys" names no cohort, measure or period of the request'


def test_a_measure_row_under_a_row_naming_a_subgroup_is_not_that_measures_answer():
    from foi_missing.ingest.readers.table import answers_from_grid

    from tests.unit.test_readers_tables import grid_of

    # Read as a row per measure, 3 would be all UASC who went missing, not the boys among them.
    rows = [["", "UASC", "Trafficked"], ["In care", "21", "9"], ["Boys", "", ""], ["Went missing", "3", "1"]]
    answers = answers_from_grid(grid_of(rows), MATCHER).answers
    assert not any(a.question in ("Q2", "Q4") for a in answers)


@pytest.mark.parametrize(("text", "cohorts", "measures", "periods"), [
    ("UASC", {"uasc"}, set(), set()), ("Victims of trafficking", {"trafficked"}, set(), set()),
    ("Number of looked after UASC", {"uasc"}, {"in_care"}, set()),
    ("Went missing at least once during the year", set(), {"went_missing"}, set()),
    ("Missing episodes", set(), {"missing_episodes"}, set()), ("2022", set(), set(), {"2022"}),
    ("Number", set(), set(), set()), ("Year", set(), set(), set()),
])
def test_what_a_heading_names(text, cohorts, measures, periods):
    from foi_missing.ingest.readers.layered_headers import heading_key

    key = heading_key(text, MATCHER)
    assert (set(key.cohorts), set(key.measures), set(key.periods), key.problem) == (cohorts, measures, periods, "")


@pytest.mark.parametrize("text", ["Suspected victims of trafficking", "UASC aged 16-17", "Looked after at 31 March",
                                  "Went missing more than once", "2021", "Girls", "UASC placed out of area",
                                  "Children in care and missing"])
def test_headings_that_leave_their_figures_to_a_person(text):
    from foi_missing.ingest.readers.layered_headers import heading_key

    assert heading_key(text, MATCHER).problem


def test_an_html_mail_with_a_plain_alternative_and_a_two_level_table(tmp_path):
    from foi_missing.ingest.readers.html import html_to_text

    from tests.unit.test_readers import write_eml

    markup = LAYOUTS["measure over cohort, a row per year"]
    path = write_eml(tmp_path / "reply.eml", html_to_text(markup), markup, "Dorset Council FOI <foi@example.gov.uk>")
    matcher = two_years_matcher()
    content = read_reply(path, matcher)
    assert {k: (f["status"], f["value"]) for k, f in code_reply(content, matcher.questions, TWO_YEARS).items()} == ALL_EIGHT


def test_a_question_title_above_a_captioned_table_still_names_its_question():
    markup = html_table("<th>Year</th><th>Number</th>", "<td>2020</td><td>5</td>", "<td>2021</td><td>7</td>",
                        above="Question 2", caption="Children by year")
    coded = coded_html(markup, two_years_matcher(), TWO_YEARS)
    assert coded[("Q2", "2020")] == ("reported", 5) and coded[("Q2", "2021")] == ("reported", 7)


def test_rows_run_together_with_a_figure_per_period_under_a_heading_of_periods():
    matcher = two_years_matcher()
    letter = ("Dear Ms Okafor\n\nCategory 2020 2021\nUnaccompanied children in our care 21 25\n"
              "Unaccompanied children who went missing 5 7\nTrafficked children in our care 9 11\n"
              "Trafficked children who went missing 2 0\n\nYours sincerely\n")
    content = read_letter(letter, matcher)
    assert {k: (f["status"], f["value"]) for k, f in code_reply(content, matcher.questions, TWO_YEARS).items()} == ALL_EIGHT


@pytest.mark.parametrize(("heading", "q1_2020"), [("Category", None), ("Category 2020", None),
                                                 ("Category 2019 2020", 25)])
def test_rows_of_several_figures_are_read_only_under_as_many_periods(heading, q1_2020):
    matcher = two_years_matcher()
    letter = (f"Dear Ms Okafor\n\n{heading}\nUnaccompanied children in our care 21 25\n"
              "Trafficked children in our care 9 11\n\nYours sincerely\n")
    coded = code_reply(read_letter(letter, matcher), matcher.questions, TWO_YEARS)
    assert coded[("Q1", "2020")]["value"] == q1_2020
    # A year the round does not ask about (2019) is no answer for another (2021).
    assert coded[("Q1", "2021")]["status"] == coded[("Q3", "2021")]["status"] == "unparsed"


@pytest.mark.parametrize("names", [False, True])
def test_question_labels_merged_over_their_years(names):
    lead, name = ("<td></td>", "<td>Number</td>") if names else ("", "")
    markup = html_table(f"{lead}<td colspan=2>Q1</td><td colspan=2>Q2</td>",
                        f"{lead}<td>2020</td><td>2021</td><td>2020</td><td>2021</td>",
                        f"{name}<td>21</td><td>25</td><td>5</td><td>7</td>")
    coded = coded_html(markup, two_years_matcher(), TWO_YEARS)
    # Read as question labels across, "2020" was Q1's answer and 25 was never read.
    assert {k: v for k, v in coded.items() if k[0] in ("Q1", "Q2")} == {
        k: v for k, v in ALL_EIGHT.items() if k[0] in ("Q1", "Q2")}


def test_a_question_label_merged_over_a_breakdown_goes_to_a_person():
    markup = html_table("<td colspan=2>Q1</td><td colspan=2>Q2</td>",
                        "<td>Boys</td><td>Girls</td><td>Boys</td><td>Girls</td>",
                        "<td>14</td><td>7</td><td>3</td><td>2</td>")
    content = read_html_markup(markup, MATCHER).content
    assert not any(a.question and a.raw_text in ("14", "7", "3", "2") for a in content.answers)


def test_a_tabbed_table_whose_header_row_starts_with_an_empty_corner_cell():
    matcher = two_years_matcher()
    content = read_letter("Dear Ms Okafor\n\n\t2020\t2021\nQ1\t21\t25\nQ2\t5\t7\n\nRegards\n", matcher)
    coded = code_reply(content, matcher.questions, TWO_YEARS)
    # Without the corner cell, "2020" stood over the labels and 25 was never read.
    assert {k: (f["status"], f["value"]) for k, f in coded.items() if k[0] in ("Q1", "Q2")} == {
        k: v for k, v in ALL_EIGHT.items() if k[0] in ("Q1", "Q2")}


def test_a_tabbed_table_with_a_heading_per_cohort_over_repeated_years():
    matcher = two_years_matcher()
    letter = ("Dear Ms Okafor\n\nMeasure\tUASC\t\tTrafficked\t\n\t2020\t2021\t2020\t2021\n"
              "In care\t21\t25\t9\t11\nWent missing\t5\t7\t2\t0\n\nRegards\n")
    content = read_letter(letter, matcher)
    assert {k: (f["status"], f["value"]) for k, f in code_reply(content, matcher.questions, TWO_YEARS).items()} == ALL_EIGHT


def test_a_grid_of_titles_only_is_not_this_layout():
    from foi_missing.ingest.readers.layered_headers import layered_header_answers

    from tests.unit.test_readers_tables import MERGED, grid_of

    assert layered_header_answers(grid_of([["Trafficked", MERGED]]), MATCHER, need_levels=1) is None
