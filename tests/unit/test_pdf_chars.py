"""The PDF reader's fast character objects equal pdfplumber's own, attribute by attribute."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from foi_missing.ingest.readers.pdf_chars import use_fast_chars
from fpdf import FPDF

REPO = Path(__file__).resolve().parents[2]
CORPUS_PDFS = sorted(REPO.glob("data/raw/*/replies/*.pdf"))


def letter_with_table(path: Path, mediabox_offset: bool = False) -> Path:
    """Text in two fonts and sizes, coloured text, a ruled table, a rotated line, two pages."""
    pdf = FPDF()
    for page in range(2):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.cell(0, 6, f"Kent County Council, page {page + 1}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Times", "B", size=14)
        pdf.set_text_color(200, 30, 30)
        pdf.cell(0, 8, "Freedom of Information request: 12 (fewer than 5)", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font("Courier", size=9)
        with pdf.table(col_widths=(30, 60)) as grid:
            for row in (["Question", "Answer"], ["Q1", "12"], ["Q2", "Nil"]):
                cells = grid.row()
                for text in row:
                    cells.cell(text)
        with pdf.rotation(90, x=100, y=200):
            pdf.text(100, 200, "rotated note")
    pdf.output(str(path))
    if mediabox_offset:
        # A page whose MediaBox does not start at 0,0 (pdfplumber shifts the objects).
        data = path.read_bytes().replace(b"/MediaBox [0 0 ", b"/MediaBox [20 30 ")
        path.write_bytes(data)
    return path


def objects(path: Path, fast: bool) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        found = []
        for page in pdf.pages:
            if fast:
                use_fast_chars(page)
            found.append(page.objects)
        return found


def assert_same_objects(path: Path) -> None:
    stock, fast = objects(path, fast=False), objects(path, fast=True)
    assert any(page.get("char") for page in stock), "the fixture has characters"
    assert fast == stock
    # Same keys in the same order too (a dict compares equal whatever its order).
    assert [[list(obj) for obj in page.get("char", [])] for page in fast] == \
        [[list(obj) for obj in page.get("char", [])] for page in stock]


@pytest.mark.parametrize("offset", [False, True], ids=["mediabox at 0,0", "mediabox offset"])
def test_fast_chars_equal_pdfplumbers_on_a_made_letter(tmp_path, offset):
    assert_same_objects(letter_with_table(tmp_path / "letter.pdf", mediabox_offset=offset))


@pytest.mark.skipif(not CORPUS_PDFS, reason="no generated PDF replies in data/raw")
@pytest.mark.parametrize("path", CORPUS_PDFS[:6], ids=lambda p: p.name)
def test_fast_chars_equal_pdfplumbers_on_the_generated_replies(path):
    assert_same_objects(path)


def test_a_change_in_a_character_would_be_seen(tmp_path):
    """The comparison can fail: one character's attribute changed is a difference."""
    path = letter_with_table(tmp_path / "letter.pdf")
    stock, fast = objects(path, fast=False), objects(path, fast=True)
    fast[0]["char"][3]["top"] += 0.5
    assert fast != stock
