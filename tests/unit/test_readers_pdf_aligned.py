"""PDF tables laid out without ruling lines: rebuilt from the text's alignment, or left as prose."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from foi_missing.core.roundspec import Period, Question
from foi_missing.ingest.coding import code_reply
from foi_missing.ingest.readers import QuestionMatcher, read_reply
from fpdf import FPDF

from tests.unit.test_readers_formats import LETTER_TOP, QUESTIONS, SIGN_OFF, WORDING, write_lines

ANSWERS = (("Q1", "12"), ("Q2", "fewer than 5"), ("Q5", "Nil"), ("Q6", "3"))
YEARS = tuple(Period(str(y), str(y), date(y, 1, 1), date(y, 12, 31)) for y in (2019, 2020, 2021))
PER_YEAR = [Question("Q1", WORDING["Q1"], "trafficked", "all", "in_care", tuple(p.id for p in YEARS)),
            Question("Q2", WORDING["Q2"], "trafficked", "all", "went_missing", tuple(p.id for p in YEARS))]


@pytest.fixture(scope="module")
def matcher() -> QuestionMatcher:
    return QuestionMatcher(QUESTIONS)


def borderless(path: Path, rows, widths=(20, 120, 30), padding: float = 2, font: int = 11) -> Path:
    """A letter with a table drawn without any lines (as a word processor's "no borders")."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=font)
    write_lines(pdf, LETTER_TOP + ["Please find our response below."])
    with pdf.table(col_widths=widths, borders_layout="NONE", first_row_as_headings=False,
                   padding=padding) as grid:
        for row in rows:
            cells = grid.row()
            for text in row:
                cells.cell(text)
    pdf.ln(6)
    write_lines(pdf, SIGN_OFF)
    pdf.output(str(path))
    return path


def labelled(content) -> list[tuple[str, str, str]]:
    return [(a.question, a.raw_text, a.location) for a in content.answers if a.question]


def test_a_borderless_table_with_wrapped_wording_reads_cell_by_cell(tmp_path, matcher):
    rows = [["Question", "Request", "Response"], *([q, WORDING[q], a] for q, a in ANSWERS)]
    content = read_reply(borderless(tmp_path / "r.pdf", rows), matcher)
    assert labelled(content) == [(q, a, f"page 1 text table 1 R{r}C3") for r, (q, a) in enumerate(ANSWERS, start=2)]


def test_a_borderless_table_without_header_or_wording(tmp_path, matcher):
    content = read_reply(borderless(tmp_path / "r.pdf", [list(qa) for qa in ANSWERS], widths=(25, 60)), matcher)
    assert [(q, a) for q, a, _ in labelled(content)] == list(ANSWERS)


def test_a_borderless_table_with_a_column_per_year(tmp_path):
    rows = [["", "2019", "2020", "2021"], ["Q1", "4", "7", "fewer than 5"], ["Q2", "0", "2", "1"]]
    path = borderless(tmp_path / "years.pdf", rows, widths=(25, 30, 30, 30))
    content = read_reply(path, QuestionMatcher(PER_YEAR, YEARS))
    coded = code_reply(content, PER_YEAR, YEARS)
    assert [(k, coded[k]["status"], coded[k]["value"]) for k in sorted(coded)] == [
        (("Q1", "2019"), "reported", 4), (("Q1", "2020"), "reported", 7), (("Q1", "2021"), "suppressed", None),
        (("Q2", "2019"), "reported", 0), (("Q2", "2020"), "reported", 2), (("Q2", "2021"), "reported", 1)]


def test_numbered_paragraphs_of_prose_stay_a_letter(tmp_path, matcher):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    write_lines(pdf, LETTER_TOP)
    for label, text in (("Q1.", "We identified 12 children in the period, of whom none remain missing"),
                        ("Q2.", "Fewer than 5 of them went missing at least once in the period")):
        pdf.multi_cell(60, 6, f"{label} {text}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    write_lines(pdf, SIGN_OFF)
    pdf.output(str(tmp_path / "prose.pdf"))
    content = read_reply(tmp_path / "prose.pdf", matcher)
    assert all("text table" not in a.location for a in content.answers)


def test_a_spaced_answer_is_not_split_into_columns(tmp_path, matcher):
    # Tight padding: the gutter is no wider than the spaces between words, so no table is
    # rebuilt and nothing is coded from a half of "fewer than 5".
    rows = [["Question", "Request", "Response"], *([q, WORDING[q], a] for q, a in ANSWERS)]
    content = read_reply(borderless(tmp_path / "r.pdf", rows, padding=0), matcher)
    assert all("text table" not in a.location for a in content.answers)
    assert ("Q2", "fewer than 5") in [(q, a) for q, a, _ in labelled(content)]
