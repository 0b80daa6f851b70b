"""Old Excel workbooks (.xls): the same content gives the same answers as in .xlsx.

The .xls files are committed fixtures (no .xls writer is in the lock), written by
tests/fixtures/xls/make.py; the .xlsx twins are built here.
"""

from __future__ import annotations

import datetime
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from foi_missing.ingest.readers import QuestionMatcher, ReaderError, read_reply
from foi_missing.ingest.readers import xls as xls_reader

from tests.unit.reply_files import workbook
from tests.unit.test_readers_formats import QUESTIONS, triples

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "xls"
SHEETS = {
    "Cover": [["Thurrock Council"], ["Freedom of Information response"], [datetime.date(2015, 10, 5)]],
    "Answers": [["Question", "Answer"], ["Q1", 1234], ["Q2", "fewer than 5"], [None, None], ["Q5", "Nil"],
                ["Q6", 3]],
}


@pytest.fixture(scope="module")
def matcher() -> QuestionMatcher:
    return QuestionMatcher(QUESTIONS)



def test_xls_workbook_reads_as_the_same_xlsx(tmp_path, matcher):
    content = read_reply(FIXTURES / "answers.xls", matcher)
    assert content == read_reply(workbook(tmp_path / "answers.xlsx", SHEETS), matcher)
    assert triples(content) == [("Q1", "1234", "Answers!B2"), ("Q2", "fewer than 5", "Answers!B3"),
                                ("Q5", "Nil", "Answers!B5"), ("Q6", "3", "Answers!B6")]
    assert [c.text for c in content.name_clues] == ["Thurrock Council"]


def test_xls_dates_read_as_dates(matcher):
    book = xls_reader.xlrd.open_workbook(str(FIXTURES / "answers.xls"))
    assert xls_reader._values(book.sheet_by_name("Cover"), book.datemode)[(3, 1)] == datetime.datetime(2015, 10, 5)


def test_xls_merged_cells_are_covered_as_in_xlsx(tmp_path, matcher):
    rows = [["Question", "Answer", "Notes"], ["Q1", 8, None], ["Q2", None, None], ["Q5", "Nil see letter", None],
            ["Q6", 3, None]]
    twin = workbook(tmp_path / "merged.xlsx", {"Sheet1": rows}, {"Sheet1": ["B2:B3", "B4:C4"]})
    content = read_reply(FIXTURES / "merged.xls", matcher)
    assert content == read_reply(twin, matcher)
    assert triples(content) == [("Q1", "8", "Sheet1!B2"), ("Q5", "Nil see letter", "Sheet1!B4"),
                                ("Q6", "3", "Sheet1!B5")]
    assert content.answers[0].covers == ("Q1", "Q2")


def test_an_xlsx_named_xls_is_read_as_the_workbook_it_is(tmp_path, matcher):
    path = tmp_path / "answers.xls"
    path.write_bytes(workbook(tmp_path / "answers.xlsx", SHEETS).read_bytes())
    assert read_reply(path, matcher) == read_reply(tmp_path / "answers.xlsx", matcher)


HTML_EXPORT = ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8"></head><body>'
               "<table><tr><td>Question</td><td>Answer</td></tr><tr><td>Q1</td><td>12</td></tr>"
               "<tr><td>Q2</td><td>Nil</td></tr></table></body></html>")


@pytest.mark.parametrize("prefix", ["", "\ufeff", "<!DOCTYPE html>\n", "<!-- exported -->\n"])
def test_a_web_page_named_xls_is_read_as_the_html_it_is(tmp_path, matcher, prefix):
    (tmp_path / "export.xls").write_text(prefix + HTML_EXPORT, encoding="utf-8")
    (tmp_path / "export.html").write_text(prefix + HTML_EXPORT, encoding="utf-8")
    content = read_reply(tmp_path / "export.xls", matcher)
    assert content == read_reply(tmp_path / "export.html", matcher)
    assert [(q, text) for q, text, _ in triples(content)] == [("Q1", "12"), ("Q2", "Nil")]


def test_xls_attachment_of_an_email_is_read(tmp_path, matcher):
    message = EmailMessage()
    message["From"] = "Thurrock Council FOI Team <foi@thurrock.gov.uk>"
    message.set_content("Dear Sir,\n\nPlease find attached our response.\n\nKind regards,\nFOI Team\n")
    message.add_attachment((FIXTURES / "answers.xls").read_bytes(), maintype="application",
                           subtype="vnd.ms-excel", filename="FOI 1234.xls")
    path = tmp_path / "reply.eml"
    path.write_bytes(bytes(message))
    assert [a for a in triples(read_reply(path, matcher)) if a[0]][:1] == [
        ("Q1", "1234", 'attachment "FOI 1234.xls" Answers!B2')]


@pytest.mark.parametrize("data, why", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "not a readable .xls workbook"),
    (b"Question,Answer\nQ1,4\n", "not a readable .xls workbook"),
    (b"PK\x03\x04garbage", "not a readable .xlsx workbook"),
])
def test_broken_xls_is_a_reader_error(tmp_path, matcher, data, why):
    path = tmp_path / "broken.xls"
    path.write_bytes(data)
    with pytest.raises(ReaderError, match=why):
        read_reply(path, matcher)


def test_a_truncated_xls_is_a_reader_error(tmp_path, matcher):
    path = tmp_path / "cut.xls"
    path.write_bytes((FIXTURES / "answers.xls").read_bytes()[:3000])
    with pytest.raises(ReaderError, match="not a readable .xls workbook"):
        read_reply(path, matcher)


def test_an_oversized_xls_is_refused_before_it_is_read(tmp_path, matcher, monkeypatch):
    monkeypatch.setattr(xls_reader, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ReaderError, match="limit 1,000"):
        read_reply(FIXTURES / "answers.xls", matcher)


def test_fixtures_are_what_make_py_says(matcher):
    assert zipfile.is_zipfile(FIXTURES / "answers.xls") is False  # a real BIFF8 file, not an .xlsx
    assert (FIXTURES / "answers.xls").read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
