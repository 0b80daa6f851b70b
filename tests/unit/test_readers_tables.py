"""Tables of every shape (readers/table.py) and the workbook reader's limits (readers/xlsx.py).

Grids are built directly, or as workbooks and CSV files in tmp_path.
"""

from __future__ import annotations

import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from foi_missing.core.roundspec import Period, Question
from foi_missing.ingest.readers import QuestionMatcher, ReaderError, read_reply
from foi_missing.ingest.readers import xlsx as xlsx_reader
from foi_missing.ingest.readers.cells import MAX_CELL_CHARS, Cell
from foi_missing.ingest.readers.table import answers_from_grid
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tests.unit.reply_files import workbook

WORDING = {
    "Q1": "How many children in your care in the period were identified or suspected victims of trafficking?",
    "Q2": "Of the children in Q1, how many went missing at least once in the period?",
    "Q5": "How many unaccompanied asylum-seeking children were in your care in the period?",
    "Q6": "Of the children in Q5, how many went missing at least once in the period?",
}
COHORT = {"Q1": "trafficked", "Q2": "trafficked", "Q5": "uasc", "Q6": "uasc"}
YEARS_2018_20 = tuple(Period(str(y), str(y), date(y, 1, 1), date(y, 12, 31)) for y in (2018, 2019, 2020))
YEARS_2021_24 = (
    *(Period(str(y), str(y), date(y, 1, 1), date(y, 12, 31)) for y in (2021, 2022, 2023)),
    Period("2024-jan-apr", "1 January to 30 April 2024", date(2024, 1, 1), date(2024, 4, 30)),
)
ONE_YEAR = (Period("2014-15", "year to September 2015", date(2014, 9, 1), date(2015, 8, 31)),)
# Covered by a merged range (a cell to its left or above holds the text).
MERGED = object()


def matcher_for(periods: tuple[Period, ...]) -> QuestionMatcher:
    ids = tuple(p.id for p in periods)
    questions = [Question(label, WORDING[label], COHORT[label], "all", "count", ids) for label in WORDING]
    return QuestionMatcher(questions, periods)


@pytest.fixture(scope="module")
def matcher() -> QuestionMatcher:
    return matcher_for(ONE_YEAR)


def grid_of(rows: list[list], rows_spanned: dict[tuple[int, int], int] | None = None) -> list[list[Cell]]:
    """A grid whose cells are located "R<row>C<column>" (1-based); MERGED marks a covered cell."""
    width = max(len(row) for row in rows)
    grid = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c in range(1, width + 1):
            value = row[c - 1] if c - 1 < len(row) else None
            location = f"R{r}C{c}"
            if value is MERGED:
                cells.append(Cell("", location, covered=True))
            else:
                spanned = (rows_spanned or {}).get((r, c), 1)
                cells.append(Cell("" if value is None else str(value), location, rows_spanned=spanned))
        grid.append(cells)
    return grid


def found(answers) -> list[tuple]:
    return [(a.question, a.raw_text, a.period) for a in answers]




# --- tables turned round ------------------------------------------------------------------------------


def test_question_labels_across_with_the_answers_in_the_row_below(matcher):
    result = answers_from_grid(grid_of([
        ["Kent County Council"],
        ["Q1", "Q2", "Q5", "Q6"],
        ["5", "3", "40", "Nil"],
    ]), matcher)
    assert found(result.answers) == [("Q1", "5", None), ("Q2", "3", None), ("Q5", "40", None), ("Q6", "Nil", None)]
    assert result.answers[2].location == "R3C3"
    assert ("Kent County Council", "R1C1") in result.other_text


def test_label_column_and_value_rows_with_wording_and_notes(matcher):
    result = answers_from_grid(grid_of([
        ["Question", "1", "2", "5"],
        ["Description", WORDING["Q1"], WORDING["Q2"], WORDING["Q5"]],
        ["Answer", "4", "Fewer than 5", "12"],
        ["Notes", None, "Withheld under s40(2)", None],
    ]), matcher)
    assert found(result.answers) == [("Q1", "4", None), ("Q2", "Fewer than 5", None), ("Q5", "12", None)]
    assert result.answers[1].notes == "Withheld under s40(2)"


def test_wordings_across_as_the_header_row(matcher):
    result = answers_from_grid(grid_of([[WORDING["Q5"], WORDING["Q6"]], ["61", "9"]]), matcher)
    assert found(result.answers) == [("Q5", "61", None), ("Q6", "9", None)]


def test_turned_round_figure_merged_across_two_questions_covers_both(matcher):
    result = answers_from_grid(grid_of([["Q1", "Q2", "Q5"], ["8", MERGED, "30"]]), matcher)
    assert [(a.question, a.raw_text, a.covers) for a in result.answers] == [
        ("Q1", "8", ("Q1", "Q2")), ("Q5", "30", ())]


def test_turned_round_table_in_a_csv(tmp_path, matcher):
    path = tmp_path / "reply.csv"
    path.write_text("Question,Q1,Q2\nAnswer,7,2\n")
    content = read_reply(path, matcher)
    assert found(content.answers) == [("Q1", "7", None), ("Q2", "2", None)]
    assert content.answers[0].location == "row 2"


# --- several tables on one sheet ---------------------------------------------------------------------


def test_two_tables_side_by_side(matcher):
    result = answers_from_grid(grid_of([
        ["Question", "Answer", None, "Question", "Answer", "Notes"],
        ["Q1", "6", None, "Q5", "40", "as at 31 March"],
        ["Q2", "2", None, "Q6", "Nil", None],
    ]), matcher)
    assert found(result.answers) == [("Q1", "6", None), ("Q2", "2", None), ("Q5", "40", None), ("Q6", "Nil", None)]
    assert [a.notes for a in result.answers] == ["", "", "as at 31 March", ""]
    assert result.answers[2].location == "R2C5"


def test_two_tables_one_after_another_with_cohort_headings(matcher):
    # Without the Q1/Q5 reference the "went missing" wordings are the same for both cohorts:
    # each table's heading says which cohort it counts.
    missing = "Of the children, how many went missing at least once in the period?"
    result = answers_from_grid(grid_of([
        ["Leeds City Council"],
        ["Trafficked children"],
        ["Description", "Answer"],
        [WORDING["Q1"], "4"],
        [missing, "1"],
        [],
        ["Unaccompanied asylum-seeking children"],
        ["Description", "Answer"],
        [WORDING["Q5"], "55"],
        [missing, "7"],
    ]), matcher)
    assert found(result.answers) == [("Q1", "4", None), ("Q2", "1", None), ("Q5", "55", None), ("Q6", "7", None)]


def test_without_a_cohort_heading_the_tie_is_left_for_a_person(matcher):
    missing = "Of the children, how many went missing at least once in the period?"
    result = answers_from_grid(grid_of([["Description", "Answer"], [missing, "7"]]), matcher)
    (answer,) = result.answers
    assert answer.question is None and answer.reason


def test_header_after_letterhead_and_blank_rows(matcher):
    result = answers_from_grid(grid_of([
        ["Thurrock Council"],
        ["Freedom of Information Act 2000"],
        [],
        [],
        ["Our reference: FOI 2015-0042"],
        [None, None, None],
        [None, "Question", "Response"],
        [None, "Q1", "3"],
        [None, "Q6", "0"],
    ]), matcher)
    assert found(result.answers) == [("Q1", "3", None), ("Q6", "0", None)]
    assert result.other_text[0] == ("Thurrock Council", "R1C1")


def test_existing_single_answer_column_keeps_period_none():
    result = answers_from_grid(grid_of([["Question", "Answer"], ["Q1", "5"]]), matcher_for(YEARS_2018_20))
    assert found(result.answers) == [("Q1", "5", None)] and not result.answers[0].reason


# --- a column (or row) per period -----------------------------------------------------------------------


def test_column_per_period_with_a_total_column():
    result = answers_from_grid(grid_of([
        ["Question", "2018", "2019", "2020", "Total"],
        ["Q1", "5", "6", "7", "18"],
        ["Q2", "1", "0", "<5", "3"],
    ]), matcher_for(YEARS_2018_20))
    assert found(result.answers) == [
        ("Q1", "5", "2018"), ("Q1", "6", "2019"), ("Q1", "7", "2020"),
        ("Q2", "1", "2018"), ("Q2", "0", "2019"), ("Q2", "<5", "2020")]
    assert result.answers[2].location == "R2C4"
    assert not any(a.reason for a in result.answers)


def test_four_periods_with_a_part_year_and_no_question_heading():
    result = answers_from_grid(grid_of([
        ["Surrey County Council"],
        [None, "2021", "2022", "2023", "1 Jan-30 Apr 2024"],
        [WORDING["Q5"], "120", "131", "150", "48"],
        [WORDING["Q6"], "14", "9", "11", "2"],
    ]), matcher_for(YEARS_2021_24))
    assert found(result.answers) == [
        ("Q5", "120", "2021"), ("Q5", "131", "2022"), ("Q5", "150", "2023"), ("Q5", "48", "2024-jan-apr"),
        ("Q6", "14", "2021"), ("Q6", "9", "2022"), ("Q6", "11", "2023"), ("Q6", "2", "2024-jan-apr")]


def test_a_period_column_the_round_does_not_ask_about_is_kept_with_a_reason():
    result = answers_from_grid(grid_of([
        ["Question", "2021", "2022", "2023 up to 30/6/23"],
        ["Q1", "2", "3", "1"],
    ]), matcher_for(YEARS_2021_24))
    assert found(result.answers) == [("Q1", "2", "2021"), ("Q1", "3", "2022"), ("Q1", "1", None)]
    partial = result.answers[-1]
    assert partial.reason == "column '2023 up to 30/6/23' is not a period the round asks about"


def test_merged_heading_over_year_columns():
    result = answers_from_grid(grid_of([
        ["Question", "Number of children", MERGED, MERGED],
        [MERGED, "2018", "2019", "2020"],
        ["Q5", "30", "28", "35"],
    ], rows_spanned={(1, 1): 2}), matcher_for(YEARS_2018_20))
    assert found(result.answers) == [("Q5", "30", "2018"), ("Q5", "28", "2019"), ("Q5", "35", "2020")]


def test_answer_heading_merged_over_year_columns():
    result = answers_from_grid(grid_of([
        ["Question", "Answer", MERGED],
        [None, "2018", "2019"],
        ["Q5", "30", "28"],
    ]), matcher_for(YEARS_2018_20))
    assert found(result.answers) == [("Q5", "30", "2018"), ("Q5", "28", "2019")]


def test_answer_heading_merged_over_other_columns_is_left_for_a_person(matcher):
    result = answers_from_grid(grid_of([
        ["Question", "Answer", MERGED],
        [None, "Boys", "Girls"],
        ["Q5", "30", "8"],
    ]), matcher)
    (answer,) = result.answers
    assert (answer.question, answer.raw_text) == ("Q5", "30 | 8")
    assert answer.reason == "answer heading spans several columns (Boys / Girls)"


def test_row_per_period_under_question_labels():
    result = answers_from_grid(grid_of([
        ["Year", "Q1", "Q2"],
        ["2018", "5", "1"],
        ["2019", "6", "0"],
        ["2020", "7", "2"],
        ["Total", "18", "3"],
    ]), matcher_for(YEARS_2018_20))
    assert found(result.answers) == [
        ("Q1", "5", "2018"), ("Q2", "1", "2018"), ("Q1", "6", "2019"), ("Q2", "0", "2019"),
        ("Q1", "7", "2020"), ("Q2", "2", "2020")]


def test_row_per_period_the_round_does_not_ask_about():
    result = answers_from_grid(grid_of([
        ["Period", "Q5", "Q6"],
        ["2023", "40", "3"],
        ["2023 up to 30/6/23", "22", "1"],
    ]), matcher_for(YEARS_2021_24))
    assert found(result.answers) == [("Q5", "40", "2023"), ("Q6", "3", "2023"), ("Q5", "22", None), ("Q6", "1", None)]
    assert result.answers[-1].reason == "row '2023 up to 30/6/23' is not a period the round asks about"


def test_year_column_beside_question_and_answer():
    result = answers_from_grid(grid_of([
        ["Year", "Question", "Answer"],
        ["2018", "Q1", "4"],
        ["2019", "Q1", "5"],
        ["2017", "Q1", "9"],
    ]), matcher_for(YEARS_2018_20))
    assert found(result.answers) == [("Q1", "4", "2018"), ("Q1", "5", "2019"), ("Q1", "9", None)]
    assert "'2017' is not a period the round asks about" in result.answers[-1].reason


def test_period_label_of_the_round_names_its_period(matcher):
    result = answers_from_grid(grid_of([["Question", "Year to September 2015"], ["Q1", "3"]]), matcher)
    assert found(result.answers) == [("Q1", "3", "2014-15")]


def test_a_letter_date_is_not_a_period_heading(matcher):
    result = answers_from_grid(grid_of([["Date", "12/10/2015"], ["Q1", "5"], ["Q2", "3"]]), matcher)
    assert found(result.answers) == [("Q1", "5", None), ("Q2", "3", None)]


# --- no answers: say why ---------------------------------------------------------------------------------


def test_no_answers_says_why(matcher):
    labels_only = answers_from_grid(grid_of([["Q1"], ["Q2"]]), matcher)
    assert labels_only.answers == [] and labels_only.reason == "table: no answer column found"
    prose = answers_from_grid(grid_of([["Thank you for your request."], ["We hold no such list."]]), matcher)
    assert prose.answers == [] and prose.reason == "table: no question labels found"


def test_csv_without_answers_keeps_the_reason(tmp_path, matcher):
    path = tmp_path / "reply.csv"
    path.write_text("Team,Phone\nFOI team,01234 567890\n")
    (answer,) = read_reply(path, matcher).answers
    assert answer.question is None and answer.reason == "table: no question labels found"


# --- workbooks ------------------------------------------------------------------------------------------


def test_workbook_cover_sheet_then_a_period_table_on_the_second_sheet(tmp_path):
    path = workbook(tmp_path / "reply.xlsx", {
        "Cover": [["Hampshire County Council"], ["Freedom of Information response"],
                  ["Please find our answers on the next sheet."]],
        "Data": [["Information Governance, Kent County Council"], [],
                 ["Question", "Number of children", None, None], [None, "2018", "2019", "2020"],
                 ["Q1", 5, 6, 7]],
    }, merges={"Data": ["B3:D3"]})
    content = read_reply(path, matcher_for(YEARS_2018_20))
    assert found(content.answers) == [("Q1", "5", "2018"), ("Q1", "6", "2019"), ("Q1", "7", "2020")]
    assert content.answers[0].location == "Data!B5"
    assert [c.text for c in content.name_clues] == ["Hampshire County Council"]


def test_workbook_turned_round_on_the_second_sheet_beside_a_notes_sheet(tmp_path, matcher):
    path = workbook(tmp_path / "reply.xlsx", {
        "Cover": [["Medway Council"]],
        "Answers": [["Question", "Q1", "Q2"], ["Answer", 3, "Fewer than 5"]],
        "Notes": [["Q2: Withheld under s40(2) FOIA"]],
    })
    answers = [(a.question, a.raw_text, a.notes) for a in read_reply(path, matcher).answers]
    assert answers == [("Q1", "3", ""), ("Q2", "Fewer than 5", ""), ("Q2", "", "Withheld under s40(2) FOIA")]


def test_workbook_without_answers_says_why(tmp_path, matcher):
    path = workbook(tmp_path / "reply.xlsx", {"Sheet1": [["Dear Sir"], ["Please see our letter."]]})
    (answer,) = read_reply(path, matcher).answers
    assert answer.question is None and answer.reason == "table: no question labels found"
    assert answer.location == "Sheet1!A1"


def test_one_cell_at_the_last_coordinate_reads_fast_and_small(tmp_path, matcher):
    book = Workbook()
    sheet = book.active
    sheet.append(["Question", "Answer"])
    sheet.append(["Q1", 4])
    sheet["XFD1048576"] = "stray"
    path = tmp_path / "far.xlsx"
    book.save(path)
    started = time.perf_counter()
    content = read_reply(path, matcher)
    assert time.perf_counter() - started < 5
    assert found(content.answers) == [("Q1", "4", None)]
    loaded = xlsx_reader.load_workbook(path)
    grid = xlsx_reader.sheet_grid(loaded.active)
    assert len(grid) <= 2 + xlsx_reader.MAX_BLANK_RUN + 1
    assert all(len(row) <= 2 + xlsx_reader.MAX_BLANK_RUN + 1 for row in grid)
    assert grid[-1][-1].location == "Sheet!XFD1048576" and grid[-1][-1].text == "stray"


def test_long_cell_text_is_capped(tmp_path, matcher):
    path = workbook(tmp_path / "long.xlsx", {"Sheet1": [["Question", "Answer"], ["Q1", "word " * 2000]]})
    (answer,) = read_reply(path, matcher).answers
    assert len(answer.raw_text) <= MAX_CELL_CHARS + 10 and answer.raw_text.endswith("[...]")


def _rewrite_member(path: Path, name: str, change) -> None:
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[name] = change(members[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)


def test_highly_compressed_member_is_refused_before_loading(tmp_path, matcher):
    path = workbook(tmp_path / "bomb.xlsx", {"Sheet1": [["Question", "Answer"], ["Q1", 4]]})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * 5_000_000)
    with pytest.raises(ReaderError, match=r"zip bomb: xl/media/padding.bin unpacks"):
        read_reply(path, matcher)


def test_a_password_protected_workbook_says_so(tmp_path, matcher):
    path = tmp_path / "protected.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(ReaderError, match="password-protected"):
        read_reply(path, matcher)


def test_oversized_member_is_refused(tmp_path, matcher, monkeypatch):
    path = workbook(tmp_path / "big.xlsx", {"Sheet1": [["Question", "Answer"], ["Q1", 4]]})
    monkeypatch.setattr(xlsx_reader, "MAX_MEMBER_BYTES", 500)
    with pytest.raises(ReaderError, match=r"workbook part '.+' unpacks to"):
        read_reply(path, matcher)


def test_huge_merged_range_is_refused_before_loading(tmp_path, matcher):
    path = workbook(tmp_path / "merge.xlsx", {"Sheet1": [["Question", "Answer"], ["Q1", 4]]})
    merge = b'<mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>'
    _rewrite_member(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + merge))
    started = time.perf_counter()
    with pytest.raises(ReaderError, match=r"merges more than .* cells \(range A3:XFD1048576\)"):
        read_reply(path, matcher)
    assert time.perf_counter() - started < 5


def test_too_many_used_rows_is_a_reader_error(tmp_path, matcher, monkeypatch):
    path = workbook(tmp_path / "rows.xlsx", {"Sheet1": [["Question", "Answer"]] + [["Q1", n] for n in range(30)]})
    monkeypatch.setattr(xlsx_reader, "MAX_GRID_ROWS", 20)
    with pytest.raises(ReaderError, match=r"sheet 'Sheet1' uses 31 rows \(more than 20\)"):
        read_reply(path, matcher)


def test_a_long_table_beside_two_short_ones_reads_to_its_end(matcher):
    result = answers_from_grid(grid_of([
        ["Question", "Answer", None, "Question", "Answer"],
        ["Q1", "6", None, "Q5", "40"],
        ["Question", "Answer", None, "Q6", "3"],
        ["Q2", "1", None, None, None],
    ]), matcher)
    assert sorted(found(result.answers)) == [
        ("Q1", "6", None), ("Q2", "1", None), ("Q5", "40", None), ("Q6", "3", None)]


def test_a_letterhead_row_that_looks_like_a_header_does_not_hide_the_table(matcher):
    # "Ref | Response ..." names a label and an answer column, but the table is further down.
    result = answers_from_grid(grid_of([
        ["Kent County Council"],
        ["Ref", "Response to your FOI request"],
        [],
        ["Question", "Description", "Answer"],
        ["Q1", WORDING["Q1"], "12"],
        ["Q2", WORDING["Q2"], "3"],
    ]), matcher)
    assert found(result.answers) == [("Q1", "12", None), ("Q2", "3", None)]
    assert result.answers[0].location == "R5C3"


def test_csv_limits_are_reader_errors(tmp_path, matcher, monkeypatch):
    from foi_missing.ingest.readers import csv as csv_reader

    wide = tmp_path / "wide.csv"
    wide.write_text("Question,Answer\n" + ",".join(["x"] * 300) + "\n")
    with pytest.raises(ReaderError, match=r"row 2 has 300 columns \(more than 200\)"):
        read_reply(wide, matcher)
    huge_field = tmp_path / "field.csv"
    huge_field.write_text('Question,Answer\nQ1,"' + "9" * 200_000 + '"\n')
    with pytest.raises(ReaderError, match="not a readable CSV file"):
        read_reply(huge_field, matcher)
    long = tmp_path / "long.csv"
    long.write_text("Question,Answer\n" + "Q1,4\n" * 30)
    monkeypatch.setattr(csv_reader, "MAX_GRID_ROWS", 20)
    with pytest.raises(ReaderError, match=r"CSV file uses 31 rows \(more than 20\)"):
        read_reply(long, matcher)
    monkeypatch.setattr(csv_reader, "MAX_CSV_BYTES", 10)
    with pytest.raises(ReaderError, match="more than 10"):
        read_reply(long, matcher)


def test_financial_year_columns_for_a_round_of_calendar_years_go_to_a_person():
    result = answers_from_grid(grid_of([
        ["Ref", "Description", "2018/19", "2019/20", "Notes"],
        ["Q1", WORDING["Q1"], "4", "6", "from the case system"],
    ]), matcher_for(YEARS_2018_20))
    assert found(result.answers) == [("Q1", "4", None), ("Q1", "6", None)]
    assert [a.reason for a in result.answers] == [
        "column '2018/19' is not a period the round asks about",
        "column '2019/20' is not a period the round asks about"]
    assert result.answers[0].notes == "from the case system"


def test_one_figure_merged_across_two_year_columns_goes_to_a_person():
    result = answers_from_grid(grid_of([
        ["Question", "2018", "2019", "2020"],
        ["Q1", "9", MERGED, "3"],
    ]), matcher_for(YEARS_2018_20))
    assert found(result.answers) == [("Q1", "9", None), ("Q1", "3", "2020")]
    assert result.answers[0].reason == "one figure for columns '2018', '2019'"


def test_a_sheet_whose_xml_does_not_parse_is_a_reader_error(tmp_path, matcher):
    path = workbook(tmp_path / "broken.xlsx", {"Sheet1": [["Question", "Answer"], ["Q1", 4]]})
    _rewrite_member(path, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    with pytest.raises(ReaderError, match="not a readable .xlsx workbook"):
        read_reply(path, matcher)


# --- property: whatever the figures, every table shape gives them back ------------------------------------

ANSWER_TEXTS = st.one_of(
    st.integers(min_value=0, max_value=5000).map(str),
    st.sampled_from(["Nil", "None", "fewer than 5", "Not recorded.", "Refused - s12", "<5", "1,015", "",
                     "2019", "2015", "Q2"]),
)
SHAPES = ("rows", "turned_round", "side_by_side", "stacked", "letterhead")


def shaped(shape: str, answers: dict[str, str]) -> list[list]:
    labels = list(answers)
    if shape == "rows":
        return [["Question", "Description", "Answer"], *([lb, WORDING[lb], answers[lb]] for lb in labels)]
    if shape == "turned_round":
        return [["Question", *labels], ["Answer", *answers.values()]]
    if shape == "side_by_side":
        left, right = labels[:2], labels[2:]
        return [["Question", "Answer", None, "Question", "Answer"],
                *([a, answers[a], None, b, answers[b]] for a, b in zip(left, right))]
    if shape == "stacked":
        return [["Question", "Answer"], *([lb, answers[lb]] for lb in labels[:2]), [],
                ["Question", "Answer"], *([lb, answers[lb]] for lb in labels[2:])]
    return [["Rutland County Council"], [], ["FOI 2015/123"], [], [None, "Ref", "Response"],
            *([None, lb, answers[lb]] for lb in labels)]


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(ANSWER_TEXTS, min_size=4, max_size=4), shape=st.sampled_from(SHAPES))
def test_every_table_shape_returns_the_answers_as_written(texts, shape):
    answers = dict(zip(WORDING, texts))
    result = answers_from_grid(grid_of(shaped(shape, answers)), matcher_for(ONE_YEAR))
    assert {a.question: a.raw_text for a in result.answers} == answers
    assert not any(a.reason or a.period for a in result.answers)


@pytest.mark.parametrize("shape", SHAPES)
def test_a_withheld_figure_is_never_read_as_a_question_label(shape):
    """"<5" once read as the label Q5, so an answer row holding it and "Q2" became a row of labels."""
    answers = dict(zip(WORDING, ["<5", "", "", "Q2"]))
    result = answers_from_grid(grid_of(shaped(shape, answers)), matcher_for(ONE_YEAR))
    assert {a.question: a.raw_text for a in result.answers} == answers


@pytest.mark.parametrize("heading", ["Council Response", "Our answer", "Kent County Council's response"])
def test_an_answer_heading_that_ends_in_response_or_answer(matcher, heading):
    grid = grid_of([["Q No.", "Question", heading], ["1", WORDING["Q1"], "4"], ["2", WORDING["Q2"], "<5"],
                    ["5", WORDING["Q5"], "22"]])
    assert found(answers_from_grid(grid, matcher).answers) == [("Q1", "4", None), ("Q2", "<5", None),
                                                               ("Q5", "22", None)]
