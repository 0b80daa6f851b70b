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

from tests.unit.test_readers import workbook
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

@pytest.mark.parametrize("where", ["above", "caption"])
def test_a_measure_said_above_a_table_of_cohort_columns(where):
    rows = ("<th>Year</th><th>Trafficked</th><th>UASC</th>", "<td>2020</td><td>2</td><td>5</td>",
            "<td>2021</td><td>0</td><td>7</td>")
    markup = html_table(*rows, **{where: "Table 2: the number who went missing"})
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
    assert for_a_person == [("Of these, the number who went missing at least once Nil",
                             'row "Of these, the number who went missing at least once" names no question')]


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
