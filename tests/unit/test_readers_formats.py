"""Readers for PDF, Word, HTML and e-mails with attachments: fixtures built here, in tmp_path."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from docx.oxml.parser import parse_xml
from foi_missing.core.roundspec import Question
from foi_missing.ingest.readers import (
    NoReaderError,
    QuestionMatcher,
    RawAnswer,
    ReaderError,
    read_reply,
)
from foi_missing.ingest.readers import archive as archive_reader
from foi_missing.ingest.readers import email as email_reader
from foi_missing.ingest.readers import pdf as pdf_reader
from fpdf import FPDF
from openpyxl import Workbook
from PIL import Image

WORDING = {
    "Q1": "How many children in your care in the period were identified or suspected victims of trafficking?",
    "Q2": "Of the children in Q1, how many went missing at least once in the period?",
    "Q5": "How many unaccompanied asylum-seeking children were in your care in the period?",
    "Q6": "Of the children in Q5, how many went missing at least once in the period?",
}
QUESTIONS = [
    Question("Q1", WORDING["Q1"], "trafficked", "all", "in_care", ("2014-15",)),
    Question("Q2", WORDING["Q2"], "trafficked", "all", "went_missing", ("2014-15",)),
    Question("Q5", WORDING["Q5"], "uasc", "all", "in_care", ("2014-15",)),
    Question("Q6", WORDING["Q6"], "uasc", "all", "went_missing", ("2014-15",)),
]
ANSWER_TABLE = [["Question", "Answer"], ["Q1", "12"], ["Q2", "fewer than 5"], ["Q5", "Nil"], ["Q6", "3"]]
TABLE_ANSWERS = [("Q1", "12"), ("Q2", "fewer than 5"), ("Q5", "Nil"), ("Q6", "3")]


@pytest.fixture(scope="module")
def matcher() -> QuestionMatcher:
    return QuestionMatcher(QUESTIONS)


def triples(content) -> list[tuple[str | None, str, str]]:
    return [(a.question, a.raw_text, a.location) for a in content.answers]


def unassigned(content) -> list[RawAnswer]:
    return [a for a in content.answers if a.question is None]


# --- fixtures: PDF -------------------------------------------------------------------------------------


def pdf_document(lines_before=(), table=None, lines_after=(), rowspan=None) -> FPDF:
    """A one-page letter; ``None`` in a list of lines is a paragraph break."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    write_lines(pdf, lines_before)
    if table is not None:
        with pdf.table(col_widths=(30, 60)) as grid:
            for r, row in enumerate(table):
                cells = grid.row()
                for c, text in enumerate(row):
                    if rowspan and (r, c) in rowspan:
                        cells.cell(text, rowspan=rowspan[(r, c)])
                    elif text is not None:
                        cells.cell(text)
        pdf.ln(6)
    write_lines(pdf, lines_after)
    return pdf


def write_lines(pdf: FPDF, lines) -> None:
    for line in lines:
        if line is None:
            pdf.ln(6)
        else:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")


def scanned_pdf(path: Path) -> Path:
    picture = io.BytesIO()
    Image.new("L", (60, 40), color=200).save(picture, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=100)
    pdf.output(str(path))
    return path


LETTER_TOP = ["Kent County Council", "Sessions House", None, "Dear Research Team,", None]
SIGN_OFF = ["Yours sincerely,", None, "Jane Smith", "Kent County Council"]


def test_pdf_text_letter_answers_with_page_and_line(tmp_path, matcher):
    pdf = pdf_document(LETTER_TOP + ["Q1. 12", "Q2. Of the children in Q1, how many went missing?", "4",
                                     "Q5 - Nil.", None, "If you are unhappy, contact the Information Commissioner.",
                                     None] + SIGN_OFF)
    path = tmp_path / "FOI 1234 response.pdf"
    pdf.output(str(path))
    content = read_reply(path, matcher)
    assert triples(content) == [("Q1", "12", "page 1 line 4"), ("Q2", "4", "page 1 line 5"),
                                ("Q5", "Nil.", "page 1 line 7")]
    assert [(c.text, c.where) for c in content.name_clues] == [
        ("Kent County Council", "page 1 line 1"), ("Kent County Council", "page 1 line 11")]


def test_pdf_table_answers_stand_and_the_covering_text_is_kept_unassigned(tmp_path, matcher):
    pdf = pdf_document(LETTER_TOP + ["Please find our response in the table below."], ANSWER_TABLE, SIGN_OFF)
    path = tmp_path / "response.pdf"
    pdf.output(str(path))
    content = read_reply(path, matcher)
    assert triples(content) == [
        (None, "Please find our response in the table below.", "page 1 line 4"),
        *[(q, text, f"page 1 table 1 R{row}C2") for row, (q, text) in enumerate(TABLE_ANSWERS, start=2)],
    ]
    assert unassigned(content)[0].reason == "letter text beside an answer table, not tied to a question"
    # The table's text is not read a second time as lines of the letter.
    assert all("line" not in a.location for a in content.answers if a.question)


def test_pdf_table_figure_merged_down_two_rows_covers_both_questions(tmp_path, matcher):
    table = [["Question", "Answer"], ["Q1", "7"], ["Q2", None], ["Q5", "2"]]
    pdf = pdf_document(LETTER_TOP, table, SIGN_OFF, rowspan={(1, 1): 2})
    path = tmp_path / "merged.pdf"
    pdf.output(str(path))
    content = read_reply(path, matcher)
    assert triples(content) == [("Q1", "7", "page 1 table 1 R2C2"), ("Q5", "2", "page 1 table 1 R4C2")]
    assert content.answers[0].covers == ("Q1", "Q2")


def test_pdf_table_without_question_labels_is_left_whole_for_a_person(tmp_path, matcher):
    table = [["Year", "Children"], ["2014", "12"], ["2015", "9"]]
    pdf = pdf_document(LETTER_TOP + ["Our figures are below."], table, SIGN_OFF)
    path = tmp_path / "years.pdf"
    pdf.output(str(path))
    content = read_reply(path, matcher)
    table_answer = [a for a in content.answers if "table" in a.location]
    assert [(a.question, a.raw_text, a.location, a.reason) for a in table_answer] == [
        (None, "Year | Children; 2014 | 12; 2015 | 9", "page 1 table 1 R1C1", "PDF table: no question labels found")]


def test_scanned_pdf_is_refused_with_the_reason(tmp_path, matcher):
    path = scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(ReaderError) as error:
        read_reply(path, matcher)
    assert str(error.value) == "scanned, no text layer"


def test_a_scanned_page_after_a_text_page_is_named(tmp_path, matcher):
    pdf = pdf_document(LETTER_TOP + ["Q1. 12"] + SIGN_OFF)
    picture = io.BytesIO()
    Image.new("L", (60, 40), color=200).save(picture, format="PNG")
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=100)
    path = tmp_path / "mixed.pdf"
    pdf.output(str(path))
    content = read_reply(path, matcher)
    assert triples(content) == [("Q1", "12", "page 1 line 4"), (None, "", "page 2")]
    assert content.answers[-1].reason == "page 2 scanned, no text layer"


def test_pdf_page_cap_is_reported(tmp_path, matcher, monkeypatch):
    pdf = pdf_document(LETTER_TOP + ["Q1. 12"] + SIGN_OFF)
    pdf.add_page()
    pdf.cell(0, 6, "Q2. 5")
    path = tmp_path / "long.pdf"
    pdf.output(str(path))
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 1)
    content = read_reply(path, matcher)
    assert triples(content) == [("Q1", "12", "page 1 line 4"), (None, "", "page 2")]
    assert content.answers[-1].reason == "PDF has 2 pages: only the first 1 were read"


@pytest.mark.parametrize("data", [b"%PDF-1.4 ...", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\n", b"not a pdf at all"])
def test_corrupt_pdf_is_a_reader_error(tmp_path, matcher, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(ReaderError, match="not a readable PDF"):
        read_reply(path, matcher)


def test_encrypted_pdf_is_a_reader_error(tmp_path, matcher):
    pdf = pdf_document(LETTER_TOP + ["Q1. 12"] + SIGN_OFF)
    pdf.set_encryption(owner_password="owner", user_password="secret")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(ReaderError, match="encrypted PDF"):
        read_reply(path, matcher)


# --- fixtures: Word ------------------------------------------------------------------------------------


def word_document(path: Path, before=(), table=None, after=(), merges=(), header=None) -> Path:
    document = docx.Document()
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    for text in before:
        document.add_paragraph(text)
    if table is not None:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
        for (r0, c0), (r1, c1) in merges:
            grid.cell(r0, c0).merge(grid.cell(r1, c1))
    for text in after:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def test_docx_paragraphs_table_paragraphs_in_body_order(tmp_path, matcher):
    path = word_document(
        tmp_path / "FOI response.docx",
        ["Dear Research Team,", "", "Our answers to Q1 to Q5 are in the table below."],
        ANSWER_TABLE[:4],
        ["", "Q6. 3", "", "Yours sincerely,", "", "Jane Smith", "Thurrock Council"],
        header="Thurrock Council",
    )
    content = read_reply(path, matcher)
    # Paragraphs are numbered across the table; the letter's labelled answer joins the table's.
    assert triples(content) == [
        ("Q6", "3", "paragraph 5"),
        *[(q, text, f"table 1 R{row}C2") for row, (q, text) in enumerate(TABLE_ANSWERS[:3], start=2)],
    ]
    assert [(c.text, c.where) for c in content.name_clues] == [
        ("Thurrock Council", "page header"), ("Thurrock Council", "paragraph 10")]


def test_docx_covering_letter_beside_the_table_is_kept_unassigned(tmp_path, matcher):
    path = word_document(tmp_path / "FOI response.docx",
                         ["Dear Research Team,", "", "Please find our response in the table below."],
                         ANSWER_TABLE, ["", "Yours sincerely,", "Jane Smith"])
    content = read_reply(path, matcher)
    assert triples(content) == [
        (None, "Please find our response in the table below.", "paragraph 3"),
        *[(q, text, f"table 1 R{row}C2") for row, (q, text) in enumerate(TABLE_ANSWERS, start=2)],
    ]


def test_docx_merged_cells_are_covered_and_a_merged_figure_covers_both_rows(tmp_path, matcher):
    table = [["Question", "Answer", "Notes"], ["Q1", "8", ""], ["Q2", "", ""], ["Q5", "Nil", "see letter"],
             ["Q6", "", ""]]
    # The Q1 figure merged down over Q2; Q5's answer merged across the notes column.
    path = word_document(tmp_path / "merged.docx", ["Dear Sir,"], table, ["Yours faithfully,"],
                         merges=[((1, 1), (2, 1)), ((3, 1), (3, 2)), ((4, 1), (4, 2))])
    content = read_reply(path, matcher)
    assert triples(content) == [("Q1", "8", "table 1 R2C2"), ("Q5", "Nil see letter", "table 1 R4C2"),
                                ("Q6", "", "table 1 R5C2")]
    assert content.answers[0].covers == ("Q1", "Q2")


def test_docx_without_a_table_is_a_letter(tmp_path, matcher):
    path = word_document(tmp_path / "letter.docx",
                         ["Kent County Council", "", "Dear Sir,", "", "Q1. 12", "Q2. None", "", "Regards,", "X"])
    assert triples(read_reply(path, matcher)) == [("Q1", "12", "paragraph 5"), ("Q2", "None", "paragraph 6")]


@pytest.mark.parametrize("suffix, what", [(".doc", "legacy Word .doc")])
def test_legacy_documents_name_what_to_do(tmp_path, matcher, suffix, what):
    path = tmp_path / f"reply{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(NoReaderError) as error:
        read_reply(path, matcher)
    assert str(error.value) == f"no reader for {what} files: save it as .docx or code by hand"


@pytest.mark.parametrize("data, why", [
    (b"PK\x03\x04", "not a readable .docx document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "an OLE file"),
    (b"just text", "not a readable .docx document"),
])
def test_corrupt_docx_is_a_reader_error(tmp_path, matcher, data, why):
    path = tmp_path / "broken.docx"
    path.write_bytes(data)
    with pytest.raises(ReaderError, match=why):
        read_reply(path, matcher)


def test_docx_zip_without_a_document_is_a_reader_error(tmp_path, matcher):
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(ReaderError, match="not a readable .docx document"):
        read_reply(path, matcher)


def test_zip_bomb_docx_is_refused_before_unpacking(tmp_path, matcher):
    path = word_document(tmp_path / "bomb.docx", ["Q1. 12"])
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\x00" * (8 * 1024 * 1024))
    with pytest.raises(ReaderError, match="possible zip bomb: word/media/padding.bin unpacks"):
        read_reply(path, matcher)


def test_docx_unpacking_beyond_the_total_limit_is_refused(tmp_path, matcher, monkeypatch):
    path = word_document(tmp_path / "big.docx", ["Q1. 12"])
    monkeypatch.setattr(archive_reader, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ReaderError, match="possible zip bomb: the .docx document unpacks to"):
        read_reply(path, matcher)


# --- HTML ----------------------------------------------------------------------------------------------

HTML_TABLE = """
<table border="1">
  <tr><th>Question</th><th>Description</th><th>Answer</th></tr>
  <tr><td>Q1</td><td>Trafficked children in care</td><td rowspan="2">6</td></tr>
  <tr><td>Q2</td><td>Of whom went missing</td></tr>
  <tr><td>Q5</td><td colspan="2">Nil</td></tr>
  <tr><td>Q6</td><td>Of whom went missing</td><td>&lt;5</td></tr>
</table>
"""


def html_letter(table: str = HTML_TABLE) -> str:
    return ("<html><head><style>td {border: 1px}</style></head><body>"
            "<table><tr><td><p>Medway Council</p><p>Dear Sir,</p>"
            "<p>Our answers are in the table below.</p>"
            f"{table}<p>Yours sincerely,</p><p>Medway Council</p></td></tr></table></body></html>")


def test_html_file_tables_read_as_tables_with_spans(tmp_path, matcher):
    path = tmp_path / "reply.html"
    path.write_text(html_letter(), encoding="utf-8")
    content = read_reply(path, matcher)
    assert triples(content) == [
        (None, "Our answers are in the table below.", "line 5"),
        ("Q1", "6", "table 2 R2C3"),
        # Q5's wording cell spans the answer column: the answer cell is covered, so no answer.
        ("Q6", "<5", "table 2 R5C3"),
    ]
    assert content.answers[1].covers == ("Q1", "Q2")
    assert [c.text for c in content.name_clues] == ["Medway Council", "Medway Council"]


def test_html_file_without_tables_is_a_letter_with_its_charset(tmp_path, matcher):
    path = tmp_path / "reply.htm"
    path.write_bytes('<html><head><meta charset="windows-1252"></head><body><p>Dear Sir,</p>'
                     "<p>Q1. 3 \u2013 see note</p><p>Q2. \u00a35</p></body></html>".encode("cp1252"))
    assert triples(read_reply(path, matcher)) == [("Q1", "3 \u2013 see note", "line 3"),
                                                  ("Q2", "\u00a35", "line 5")]


def test_empty_html_is_a_reader_error(tmp_path, matcher):
    path = tmp_path / "reply.html"
    path.write_text("<html><body><p> </p></body></html>")
    with pytest.raises(ReaderError, match="no text"):
        read_reply(path, matcher)


# --- e-mail --------------------------------------------------------------------------------------------

SENDER = "Thurrock Council FOI Team <foi@thurrock.gov.uk>"


def new_message(sender: str = SENDER) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "foi.research@example.org.uk"
    message["Subject"] = "RE: Freedom of Information request"
    return message


def save(message: EmailMessage, path: Path) -> Path:
    path.write_bytes(bytes(message))
    return path


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_html_only_quoted_printable_mail_with_a_table(tmp_path, matcher):
    message = new_message()
    message.set_content(html_letter(), subtype="html", cte="quoted-printable")
    path = save(message, tmp_path / "reply.eml")
    assert b"quoted-printable" in path.read_bytes()
    content = read_reply(path, matcher)
    assert triples(content) == [(None, "Our answers are in the table below.", "line 5"),
                                ("Q1", "6", "table 2 R2C3"), ("Q6", "<5", "table 2 R5C3")]
    assert ("Thurrock Council FOI Team", "From header") in [(c.text, c.where) for c in content.name_clues]


def test_html_alternative_with_a_table_is_preferred_to_the_flattened_plain_text(tmp_path, matcher):
    message = new_message()
    message.set_content("Dear Sir,\n\nQuestion Answer\nQ1 6 Q2\nQ5 Nil\n\nRegards,\nX\n")
    message.add_alternative(html_letter(), subtype="html")
    content = read_reply(save(message, tmp_path / "reply.eml"), matcher)
    assert [a.location for a in content.answers if a.question] == ["table 2 R2C3", "table 2 R5C3"]


def test_nested_multiparts_base64_and_charset(tmp_path, matcher):
    """mixed(alternative(plain, related(html, logo)), pdf): Latin-1 body in base64."""
    message = new_message()
    body = "Dear Sir,\n\nQ1. \u00a312 is not a count: 12\nQ2. Nil\n\nYours sincerely,\nThurrock Council\n"
    message.set_content(body.encode("latin-1"), maintype="text", subtype="plain", cte="base64",
                        params={"charset": "iso-8859-1"})
    message.add_alternative("<p>Dear Sir,</p><p>Q1. 99</p><img src='cid:logo'>", subtype="html")
    html_part = message.get_payload()[1]
    html_part.add_related(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png", cid="<logo>")
    message.add_attachment(b"not read here", maintype="application", subtype="octet-stream",
                           filename="notes.bin")
    content = read_reply(save(message, tmp_path / "reply.eml"), matcher)
    assert triples(content) == [("Q1", "\u00a312 is not a count: 12", "line 3"), ("Q2", "Nil", "line 4"),
                                (None, "", 'attachment "notes.bin"')]
    assert content.answers[-1].reason.startswith('attachment "notes.bin": no reader for .bin files')


def test_mail_saying_please_find_attached_takes_the_attachments_answers(tmp_path, matcher):
    message = new_message()
    message.set_content("Dear Sir,\n\nPlease find attached our response.\n\nKind regards,\nFOI Team\n")
    message.add_attachment(xlsx_bytes([["Question", "Answer"], ["Q1", 12], ["Q2", "Nil"]]),
                           maintype="application",
                           subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           filename="FOI 1234 response.xlsx")
    message.add_attachment(b"Question,Answer\nQ5,4\n", maintype="text", subtype="csv",
                           filename="uasc.csv")
    pdf = pdf_document(["Dear Sir,", None, "Q6. 2"] + SIGN_OFF)
    message.add_attachment(bytes(pdf.output()), maintype="application", subtype="pdf",
                           filename="letter.pdf")
    word = word_document(tmp_path / "w.docx", ["Dear Sir,", "Q6. 2", "Regards,", "X"]).read_bytes()
    message.add_attachment(word, maintype="application",
                           subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                           filename="letter.docx")
    message.add_attachment(b"\xd0\xcf\x11\xe0", maintype="application", subtype="msword", filename="old.doc")
    message.add_attachment(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png", filename="scan.png")
    content = read_reply(save(message, tmp_path / "reply.eml"), matcher)
    assert triples(content) == [
        (None, "Please find attached our response.", "line 3"),
        ("Q1", "12", 'attachment "FOI 1234 response.xlsx" Sheet!B2'),
        ("Q2", "Nil", 'attachment "FOI 1234 response.xlsx" Sheet!B3'),
        ("Q5", "4", 'attachment "uasc.csv" row 2'),
        ("Q6", "2", 'attachment "letter.pdf" page 1 line 2'),
        ("Q6", "2", 'attachment "letter.docx" paragraph 2'),
        (None, "", 'attachment "old.doc"'),
        (None, "", 'attachment "scan.png"'),
    ]
    reasons = [a.reason for a in content.answers if a.question is None]
    assert reasons == [
        "letter text beside the attached answers, not tied to a question",
        'attachment "old.doc": no reader for legacy Word .doc files: save it as .docx or code by hand',
        'attachment "scan.png": no reader for .png files yet (readers exist for '
        + ", ".join(sorted(__import__("foi_missing.ingest.readers").ingest.readers.READERS)) + ")",
    ]


def test_broken_attachment_is_left_for_a_person_not_a_crash(tmp_path, matcher):
    message = new_message()
    message.set_content("Dear Sir,\n\nQ1. 3\n\nRegards,\nX\n")
    message.add_attachment(b"%PDF-1.4 broken", maintype="application", subtype="pdf", filename="answers.pdf")
    content = read_reply(save(message, tmp_path / "reply.eml"), matcher)
    assert triples(content) == [("Q1", "3", "line 3"), (None, "", 'attachment "answers.pdf"')]
    assert content.answers[-1].reason.startswith('attachment "answers.pdf": not a readable PDF')


def test_attachment_caps(tmp_path, matcher, monkeypatch):
    message = new_message()
    message.set_content("Please find attached.\n")
    for name in ("a.csv", "b.csv", "c.csv"):
        message.add_attachment(b"Question,Answer\nQ1,1\n", maintype="text", subtype="csv", filename=name)
    monkeypatch.setattr(email_reader, "MAX_ATTACHMENTS", 1)
    monkeypatch.setattr(email_reader, "MAX_ATTACHMENT_BYTES", 10)
    content = read_reply(save(message, tmp_path / "reply.eml"), matcher)
    assert [a.location for a in content.answers] == ["line 1", 'attachment "a.csv"', "attachments"]
    too_large, too_many = (a.reason for a in content.answers[1:])
    assert too_large.startswith('attachment "a.csv": too large to read (')
    assert too_large.endswith(" bytes, limit 10): code by hand")
    assert too_many == 'more than 1 attachments: not read: "b.csv", "c.csv"'


def test_forwarded_message_attached_as_rfc822(tmp_path, matcher):
    inner = new_message("Kent County Council <foi@kent.gov.uk>")
    inner.set_content("Dear Sir,\n\nQ1. 12\nQ2. 4\n\nYours sincerely,\nKent County Council\n")
    outer = new_message("Jane Smith <jane.smith@kent.gov.uk>")
    outer.set_content("Hello,\n\nForwarding the response below.\n\nJane\n")
    outer.add_attachment(inner)
    content = read_reply(save(outer, tmp_path / "fwd.eml"), matcher)
    assert triples(content) == [
        (None, "Hello, Forwarding the response below. Jane", "line 1"),
        ("Q1", "12", "forwarded message line 3"), ("Q2", "4", "forwarded message line 4"),
    ]
    assert [(c.text, c.where) for c in content.name_clues] == [
        ("Kent County Council", "forwarded message From header")]


def test_inline_forwarded_message(tmp_path, matcher):
    body = ("Please see below.\n\nJohn\n\n---------- Forwarded message ---------\n"
            "From: Kent County Council <foi@kent.gov.uk>\nDate: Mon, 2 Nov 2015 at 10:00\n"
            "Subject: FOI 1234\nTo: <john@kent.gov.uk>\n\nDear Sir,\n\nQ1. 12\nQ5. None\n\nRegards,\nFOI Team\n")
    message = new_message("John <john@kent.gov.uk>")
    message.set_content(body)
    content = read_reply(save(message, tmp_path / "fwd.eml"), matcher)
    assert triples(content) == [(None, "Please see below. John", "line 1"),
                                ("Q1", "12", "forwarded message line 13"),
                                ("Q5", "None", "forwarded message line 14")]
    assert [(c.text, c.where) for c in content.name_clues] == [
        ("Kent County Council", "forwarded message line 6 (From)")]


def test_mail_with_nothing_to_read_is_a_reader_error(tmp_path, matcher):
    path = tmp_path / "reply.eml"
    path.write_bytes(b"From: x@example.org\nSubject: hi\nContent-Type: multipart/mixed; boundary=b\n\n--b--\n")
    with pytest.raises(ReaderError, match="no text/plain or text/html body and no attachments"):
        read_reply(path, matcher)


def test_docx_tracked_changes_and_content_controls_are_read_as_they_now_stand(tmp_path, matcher):
    path = word_document(tmp_path / "tracked.docx", ["Dear Sir,", "Q1. ", "Regards,"])
    document = docx.Document(str(path))
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    answer = document.paragraphs[1]._p
    # The figure was changed from 9 to 12 with track changes on.
    answer.append(parse_xml(f'<w:del {w} w:id="1" w:author="A"><w:r><w:delText>9</w:delText></w:r></w:del>'))
    answer.append(parse_xml(f'<w:ins {w} w:id="2" w:author="A"><w:r><w:t>12</w:t></w:r></w:ins>'))
    # Q2's answer typed into a content control (a form field of the council's template).
    control = parse_xml(f'<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>Q2. Nil</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    answer.addnext(control)
    document.save(str(path))
    assert triples(read_reply(path, matcher)) == [("Q1", "12", "paragraph 2"), ("Q2", "Nil", "paragraph 3")]


def test_html_only_mail_with_an_inline_forward(tmp_path, matcher):
    message = new_message("John <john@kent.gov.uk>")
    message.set_content("<p>See below.</p><div>---------- Forwarded message ---------<br>"
                        "From: Kent County Council &lt;foi@kent.gov.uk&gt;<br>Subject: FOI</div>"
                        "<p>Dear Sir,</p><p>Q1. 12</p><p>Regards,</p>", subtype="html")
    content = read_reply(save(message, tmp_path / "fwd.eml"), matcher)
    assert [(a.question, a.raw_text) for a in content.answers] == [(None, "See below."), ("Q1", "12")]
    assert content.answers[1].location.startswith("forwarded message line ")


def test_mislabelled_charset_falls_back_to_windows_1252(tmp_path, matcher):
    path = tmp_path / "reply.eml"
    path.write_bytes(b"From: FOI <foi@example.gov.uk>\nContent-Type: text/plain; charset=unknown-8bit\n"
                     b"Content-Transfer-Encoding: 8bit\n\nDear Sir,\n\nQ1. 3 \x96 see note\n")
    assert triples(read_reply(path, matcher)) == [("Q1", "3 \u2013 see note", "line 3")]


@pytest.mark.parametrize("separator", ["-----Original Message-----\n", "________________________________\n"])
def test_outlook_forward_is_read_but_a_quoted_request_in_a_reply_is_not(tmp_path, matcher, separator):
    body = ("Please see the response below.\n\n" + separator +
            "From: Kent County Council FOI <foi@kent.gov.uk>\nSent: 02 November 2015 10:00\n"
            "To: John\nSubject: FOI 1234\n\nDear Sir,\n\nQ1. 12\n\nRegards,\nFOI Team\n")
    forwarded = new_message("John <john@kent.gov.uk>")
    forwarded.replace_header("Subject", "FW: FOI 1234")
    forwarded.set_content(body)
    content = read_reply(save(forwarded, tmp_path / "fw.eml"), matcher)
    assert [(a.question, a.raw_text) for a in content.answers] == [
        (None, "Please see the response below."), ("Q1", "12")]
    assert content.answers[1].location.startswith("forwarded message line ")
    assert [c.text for c in content.name_clues] == ["Kent County Council FOI"]
    # In a reply, the same block is the researcher's request: not read.
    reply = new_message("John <john@kent.gov.uk>")
    reply.set_content(body)
    assert [a.question for a in read_reply(save(reply, tmp_path / "re.eml"), matcher).answers] == [None]


def test_html_numbered_list_items_keep_the_numbers_a_reader_sees(matcher):
    from foi_missing.ingest.readers.html import html_to_text, read_html_markup

    markup = ("<p>Dear Sir</p><ol><li>12</li><li>Fewer than 5</li></ol>"
              "<ol start='5'><li>Nil</li><li value='6'>3</li></ol><p>Yours sincerely</p>")
    assert [(a.question, a.raw_text) for a in read_html_markup(markup, matcher).content.answers] == [
        ("Q1", "12"), ("Q2", "Fewer than 5"), ("Q5", "Nil"), ("Q6", "3")]
    # Letters and roman numerals as shown; a decimal list inside a list item is no question list.
    assert html_to_text("<ol type='a'><li>4</li><li>5</li></ol>") == "a) 4\n\nb) 5\n"
    assert html_to_text("<ol type='i'><li>4</li></ol>") == "(i) 4\n"
    assert html_to_text("<ol><li>Q1<ol><li>4</li></ol></li></ol>") == "1. Q1\n\n4\n"


def _numbered_list(document, fmt: str, text: str, start: int = 1) -> str:
    """A new list definition (one level) in the document's numbering part: its numId."""
    numbering = document.part.numbering_part.element
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ids = [int(n.get(docx.oxml.ns.qn("w:numId"))) for n in numbering.iterchildren(docx.oxml.ns.qn("w:num"))]
    num_id, abstract_id = max(ids, default=0) + 1, 900 + len(ids)
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="{abstract_id}"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    return str(num_id)


def _numbered(document, text: str, num_id: str):
    paragraph = document.add_paragraph(text)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def test_word_automatic_numbering_is_read_as_the_page_shows_it(tmp_path, matcher):
    document = docx.Document()
    document.add_paragraph("Dear Sir")
    for text in ("12", "Fewer than 5"):
        document.add_paragraph(text, style="List Number")  # "1.", "2." from the style's list
    document.add_paragraph("Not a question", style="List Bullet")  # a bullet shows no number
    later = _numbered_list(document, "decimal", "Q%1)", start=5)
    for text in ("Nil", "3"):
        _numbered(document, text, later)
    document.add_paragraph("Yours sincerely")
    document.save(tmp_path / "numbered.docx")
    content = read_reply(tmp_path / "numbered.docx", matcher)
    assert [(a.question, a.raw_text) for a in content.answers if a.question] == [
        ("Q1", "12"), ("Q2", "Fewer than 5"), ("Q5", "Nil"), ("Q6", "3")]


def test_word_lettered_and_roman_numbering(tmp_path):
    from foi_missing.ingest.readers.docx_numbering import Numbering

    document = docx.Document()
    letters = _numbered_list(document, "lowerLetter", "%1)")
    roman = _numbered_list(document, "upperRoman", "(%1)", start=3)
    paragraphs = [_numbered(document, "x", letters), _numbered(document, "y", letters), _numbered(document, "z", roman)]
    numbering = Numbering(document)
    assert [numbering.label(p._p) for p in paragraphs] == ["a) ", "b) ", "(III) "]


def test_damaged_word_numbering_is_no_error(tmp_path, matcher):
    document = docx.Document()
    broken = _numbered_list(document, "decimal", "%1.", start=1)
    level = document.part.numbering_part.element.find(".//" + docx.oxml.ns.qn("w:start"))
    level.set(docx.oxml.ns.qn("w:val"), "not a number")
    _numbered(document, "12", broken)
    document.save(tmp_path / "damaged.docx")
    assert [(a.question, a.raw_text) for a in read_reply(tmp_path / "damaged.docx", matcher).answers] == [("Q1", "12")]
