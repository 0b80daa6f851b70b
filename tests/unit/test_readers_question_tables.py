"""A table per question, under the question's heading (Word, HTML, PDF): | Year | Number | rows.

The table names no question; the heading right above it does. Its figures stand only
one per period, so that a breakdown (placement types, age bands) is never taken for
the question's answer, and a table with no heading of its own never borrows one.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from foi_missing.ingest.readers import read_reply
from foi_missing.ingest.readers.html import read_html_markup
from fpdf import FPDF

from tests.unit.reply_files import workbook
from tests.unit.test_readers_period_lines import coded, matcher_for
from tests.unit.test_readers_tables import YEARS_2018_20

Q1_WORDING = "How many children in your care in the period were identified or suspected victims of trafficking?"
# (heading, header, rows): Q1 by year under its wording, Q2 under a bare label, Q5 a breakdown,
# then a table with no heading (right under Q5's table).
SECTIONS = [
    (f"Question 1: {Q1_WORDING}", ("Year", "Number"), [("2018", "3"), ("2019", "8"), ("2020", "fewer than 5")]),
    ("Q2", ("Year", "Number of children"), [("2018", "0"), ("2019", "2"), ("2020", "1")]),
    ("Question 5", ("Placement", "Number"), [("Foster care", "3"), ("Residential", "4")]),
    ("", ("Year", "Number"), [("2018", "9"), ("2019", "9"), ("2020", "9")]),
]
EXPECTED = {
    ("Q1", "2018"): ("reported", 3), ("Q1", "2019"): ("reported", 8), ("Q1", "2020"): ("suppressed", None),
    ("Q2", "2018"): ("reported", 0), ("Q2", "2019"): ("reported", 2), ("Q2", "2020"): ("reported", 1),
}


def q1_q2(content) -> dict:
    return coded(content, YEARS_2018_20, ("Q1", "Q2"))


def left_for_a_person(content) -> list[str]:
    return sorted(a.raw_text for a in content.answers if a.question is None and "|" in a.raw_text)


UNREAD = ["Placement | Number; Foster care | 3; Residential | 4", "Year | Number; 2018 | 9; 2019 | 9; 2020 | 9"]


def word_reply(path: Path, sections=SECTIONS) -> Path:
    document = docx.Document()
    document.add_paragraph("Dear Requester,")
    for heading, header, rows in sections:
        if heading:
            document.add_paragraph(heading)
        table = document.add_table(rows=1, cols=2)
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
    document.add_paragraph("Yours sincerely,")
    document.save(path)
    return path


def html_reply(sections=SECTIONS) -> str:
    parts = ["<html><body><p>Dear Requester,</p>"]
    for heading, header, rows in sections:
        if heading:
            parts.append(f"<p><strong>{heading}</strong></p>")
        parts.append("<table><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"
                     + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
                     + "</table>")
    return "".join(parts) + "<p>Yours sincerely,</p></body></html>"


def pdf_reply(path: Path, sections=SECTIONS, heading_width: float = 0) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 6, "Dear Requester,", new_x="LMARGIN", new_y="NEXT")
    for heading, header, rows in sections:
        pdf.ln(4)
        if heading:
            pdf.multi_cell(heading_width, 5, heading, new_x="LMARGIN", new_y="NEXT")
        with pdf.table(col_widths=(40, 40), width=80, align="LEFT") as grid:
            for row in (header, *rows):
                cells = grid.row()
                for text in row:
                    cells.cell(text)
    pdf.ln(6)
    pdf.cell(0, 6, "Yours sincerely,", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def matcher():
    return matcher_for(YEARS_2018_20)


def test_word_tables_under_question_headings(tmp_path, matcher):
    content = read_reply(word_reply(tmp_path / "reply.docx"), matcher)
    assert q1_q2(content) == EXPECTED
    assert left_for_a_person(content) == UNREAD


def test_html_tables_under_question_headings(matcher):
    content = read_html_markup(html_reply(), matcher, ()).content
    assert q1_q2(content) == EXPECTED
    assert left_for_a_person(content) == UNREAD


def test_pdf_tables_under_question_headings(tmp_path, matcher):
    content = read_reply(pdf_reply(tmp_path / "reply.pdf"), matcher)
    assert q1_q2(content) == EXPECTED
    assert left_for_a_person(content) == UNREAD


@pytest.mark.parametrize("heading", [
    "Q1. 12 children in all",             # the heading answers by itself
    "Please find the figures below.",     # names no question
    "Questions 1 and 2",                  # names two
])
def test_a_heading_that_names_no_one_question_without_an_answer_lends_none(tmp_path, matcher, heading):
    sections = [(heading, ("Year", "Number"), [("2018", "3"), ("2019", "8"), ("2020", "1")])]
    content = read_reply(word_reply(tmp_path / "reply.docx", sections), matcher)
    assert not any(a.question and "table" in a.location for a in content.answers)


def workbook_rows(sections=SECTIONS) -> list[list]:
    rows: list[list] = []
    for heading, header, body in sections:
        rows += [[heading] if heading else [], list(header), *[list(r) for r in body], []]
    return rows


def test_titled_tables_down_one_sheet(tmp_path, matcher):
    # The table under no title comes first here: below a title, rows belong to it.
    path = workbook(tmp_path / "reply.xlsx", {"Response": workbook_rows([SECTIONS[3], *SECTIONS[:3]])})
    content = read_reply(path, matcher)
    assert q1_q2(content) == EXPECTED
    assert left_for_a_person(content) == UNREAD
    reasons = sorted(a.reason for a in content.answers if a.question is None)
    assert reasons == ["table rows under no question title",
                       'table under "Question 5": not one figure per period of that question']


def test_a_sheet_per_question_named_for_it(tmp_path, matcher):
    sheets = {name: [list(header), *[list(r) for r in body]]
              for name, (_, header, body) in zip(("Q1", "Question 2", "Q5"), SECTIONS, strict=False)}
    content = read_reply(workbook(tmp_path / "reply.xlsx", sheets), matcher)
    assert q1_q2(content) == EXPECTED
    assert left_for_a_person(content) == ["Placement | Number; Foster care | 3; Residential | 4"]


def test_title_rows_merged_across_a_word_table(tmp_path, matcher):
    rows = workbook_rows(SECTIONS[:2])
    document = docx.Document()
    document.add_paragraph("Dear Requester,")
    table = document.add_table(rows=len(rows), cols=2)
    for row, texts in zip(table.rows, rows, strict=True):
        if len(texts) == 1:
            row.cells[0].merge(row.cells[1]).text = texts[0]
        else:
            for cell, text in zip(row.cells, texts, strict=False):
                cell.text = text
    document.add_paragraph("Yours sincerely,")
    path = tmp_path / "reply.docx"
    document.save(path)
    assert q1_q2(read_reply(path, matcher)) == EXPECTED


@pytest.mark.parametrize("header, rows, read", [
    (("Year", "Children"), [("2018", "3"), ("2019", "8"), ("2020", "1")], True),
    # Two measures by year: which one the question asks for is for a person to say.
    (("Year", "Number of children", "Number of episodes"), [("2018", "3", "9"), ("2019", "8", "9"),
                                                             ("2020", "1", "2")], False),
    (("Year", "Boys", "Girls"), [("2018", "3", "1"), ("2019", "8", "0"), ("2020", "1", "1")], False),
])
def test_beside_the_year_only_a_single_column_is_the_answer(matcher, header, rows, read):
    html = html_reply([("Question 1", header, rows)])
    content = read_html_markup(html, matcher, ()).content
    statuses = {status for status, _ in coded(content, YEARS_2018_20).values()}
    assert statuses == ({"reported"} if read else {"unparsed"})


def test_a_heading_wrapped_over_lines_in_a_pdf(tmp_path, matcher):
    path = pdf_reply(tmp_path / "reply.pdf", heading_width=70)  # Q1's heading takes three lines
    assert q1_q2(read_reply(path, matcher)) == EXPECTED


def test_an_html_heading_with_its_label_in_bold(matcher):
    html = html_reply().replace("<p><strong>Question 1: ", "<p><strong>Question 1:</strong> ").replace(
        "<p><strong>Q2</strong></p>", "<p><b>Q2</b> <i>(the same children)</i></p>")
    content = read_html_markup(html, matcher, ()).content
    assert coded(content, YEARS_2018_20, ("Q1",)) == {k: v for k, v in EXPECTED.items() if k[0] == "Q1"}
    # "(the same children)" is more than a heading: Q2's table is left for a person.
    assert coded(content, YEARS_2018_20, ("Q2",)) == dict.fromkeys(
        [("Q2", "2018"), ("Q2", "2019"), ("Q2", "2020")], ("unparsed", None))
