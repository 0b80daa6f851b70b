"""OpenDocument readers (.odt, .ods): the same content gives the same answers as in .docx and .xlsx.

The OpenDocument files are written here, XML by hand, as LibreOffice saves them.
"""

from __future__ import annotations

import zipfile
from email.message import EmailMessage
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest
from foi_missing.ingest.readers import QuestionMatcher, ReaderError, odf, read_reply
from lxml import etree

from tests.unit.reply_files import workbook
from tests.unit.test_readers_formats import (
    ANSWER_TABLE,
    QUESTIONS,
    TABLE_ANSWERS,
    triples,
    word_document,
)

NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
)
MIMETYPES = {".odt": "application/vnd.oasis.opendocument.text",
             ".ods": "application/vnd.oasis.opendocument.spreadsheet"}


@pytest.fixture(scope="module")
def matcher() -> QuestionMatcher:
    return QuestionMatcher(QUESTIONS)


def odf_file(path: Path, body: str, styles: str = "", prolog: str = "") -> Path:
    kind = "text" if path.suffix == ".odt" else "spreadsheet"
    content = (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {NAMESPACES}>'
               f"<office:body><office:{kind}>{body}</office:{kind}></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPES[path.suffix])  # stored, first
        archive.writestr("content.xml", content)
        if styles:
            archive.writestr("styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles '
                                           f'{NAMESPACES}>{styles}</office:document-styles>')
    return path


def paragraphs(lines) -> str:
    return "".join(f"<text:p>{escape(line)}</text:p>" if line else "<text:p/>" for line in lines)


def odt_table(rows, merges=()) -> str:
    """A Writer table; ``merges``: ((r0, c0), (r1, c1)) as python-docx's merge, cells covered."""
    spans, covered = {}, set()
    for (r0, c0), (r1, c1) in merges:
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    xml = [f'<table:table table:name="Table1"><table:table-column table:number-columns-repeated="{len(rows[0])}"/>']
    for r, row in enumerate(rows):
        xml.append("<table:table-row>")
        for c, text in enumerate(row):
            if (r, c) in covered:
                xml.append("<table:covered-table-cell/>")
                continue
            rows_spanned, columns_spanned = spans.get((r, c), (1, 1))
            texts = [text] + [rows[rr][cc] for rr in range(r, r + rows_spanned)
                                for cc in range(c, c + columns_spanned) if (rr, cc) != (r, c) and rows[rr][cc]]
            xml.append(f'<table:table-cell table:number-rows-spanned="{rows_spanned}" '
                       f'table:number-columns-spanned="{columns_spanned}" office:value-type="string">'
                       f"<text:p>{escape(' '.join(t for t in texts if t))}</text:p></table:table-cell>")
        xml.append("</table:table-row>")
    return "".join(xml) + "</table:table>"


def header_style(text: str) -> str:
    return (f'<office:master-styles><style:master-page style:name="Standard"><style:header>'
            f"<text:p>{escape(text)}</text:p></style:header></style:master-page></office:master-styles>")


# --- .odt: as the same letter in .docx ---------------------------------------------------------------------

LETTER_BEFORE = ["Dear Research Team,", "", "Our answers to Q1 to Q5 are in the table below."]
LETTER_AFTER = ["", "Q6. 3", "", "Yours sincerely,", "", "Jane Smith", "Thurrock Council"]


def test_odt_letter_with_a_table_reads_as_the_same_docx(tmp_path, matcher):
    odt = odf_file(tmp_path / "reply.odt", paragraphs(LETTER_BEFORE) + odt_table(ANSWER_TABLE[:4])
                   + paragraphs(LETTER_AFTER), styles=header_style("Thurrock Council"))
    word = word_document(tmp_path / "reply.docx", LETTER_BEFORE, ANSWER_TABLE[:4], LETTER_AFTER,
                         header="Thurrock Council")
    content, expected = read_reply(odt, matcher), read_reply(word, matcher)
    assert content == expected
    assert triples(content) == [
        ("Q6", "3", "paragraph 5"),
        *[(q, text, f"table 1 R{row}C2") for row, (q, text) in enumerate(TABLE_ANSWERS[:3], start=2)],
    ]
    assert [(c.text, c.where) for c in content.name_clues] == [
        ("Thurrock Council", "page header"), ("Thurrock Council", "paragraph 10")]


def test_odt_merged_cells_are_covered_as_in_word(tmp_path, matcher):
    table = [["Question", "Answer", "Notes"], ["Q1", "8", ""], ["Q2", "", ""], ["Q5", "Nil", "see letter"],
             ["Q6", "", ""]]
    merges = [((1, 1), (2, 1)), ((3, 1), (3, 2)), ((4, 1), (4, 2))]
    odt = odf_file(tmp_path / "merged.odt", paragraphs(["Dear Sir,"]) + odt_table(table, merges)
                   + paragraphs(["Yours faithfully,"]))
    word = word_document(tmp_path / "merged.docx", ["Dear Sir,"], table, ["Yours faithfully,"], merges=merges)
    content = read_reply(odt, matcher)
    assert content == read_reply(word, matcher)
    assert triples(content) == [("Q1", "8", "table 1 R2C2"), ("Q5", "Nil see letter", "table 1 R4C2"),
                                ("Q6", "", "table 1 R5C2")]
    assert content.answers[0].covers == ("Q1", "Q2")


def test_odt_spans_spaces_lists_sections_and_tracked_changes_read_as_the_page_shows(tmp_path, matcher):
    body = (
        "<text:tracked-changes><text:changed-region><text:deletion><text:p>Q1. 99</text:p>"
        "</text:deletion></text:changed-region></text:tracked-changes>"
        "<text:h>Freedom of Information response</text:h>"
        '<text:p>Q1.<text:s text:c="3"/><text:span>1</text:span><text:span>2</text:span>'
        '<text:note><text:note-body><text:p>5</text:p></text:note-body></text:note></text:p>'
        "<text:list><text:list-item><text:p>Q2.<text:tab/>Nil</text:p></text:list-item>"
        "<text:list-item><text:list><text:list-item><text:p>Q5. 4</text:p></text:list-item></text:list>"
        "</text:list-item></text:list>"
        "<text:section><text:p>Q6.<text:line-break/>2</text:p></text:section>"
    )
    content = read_reply(odf_file(tmp_path / "letter.odt", body), matcher)
    assert [(q, text) for q, text, _ in triples(content) if q] == [("Q1", "12"), ("Q2", "Nil"), ("Q5", "4"),
                                                                    ("Q6", "2")]
    assert triples(content)[0][2] == "paragraph 2"


# --- .ods: as the same workbook in .xlsx ---------------------------------------------------------------

def ods_sheet(name: str, rows) -> str:
    xml = [f'<table:table table:name="{escape(name)}"><table:table-column table:number-columns-repeated="1024"/>']
    for row in rows:
        xml.append("<table:table-row>")
        for value in row:
            if value is None:
                xml.append("<table:table-cell/>")
            elif isinstance(value, int):
                xml.append(f'<table:table-cell office:value-type="float" office:value="{value}">'
                           f"<text:p>{value:,}.00</text:p></table:table-cell>")
            else:
                xml.append(f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
                           "</table:table-cell>")
        xml.append('<table:table-cell table:number-columns-repeated="1020"/></table:table-row>')
    # LibreOffice's "every row to the end of the sheet is empty", never expanded.
    return "".join(xml) + ('<table:table-row table:number-rows-repeated="1048570">'
                           '<table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>')


SHEETS = {
    "Cover": [["Thurrock Council"], ["Freedom of Information response"]],
    "Answers": [["Question", "Answer"], ["Q1", 1234], ["Q2", "fewer than 5"], [None, None], ["Q5", "Nil"],
                ["Q6", 3]],
}


def test_ods_workbook_reads_as_the_same_xlsx(tmp_path, matcher):
    ods = odf_file(tmp_path / "reply.ods", "".join(ods_sheet(name, rows) for name, rows in SHEETS.items()))
    content = read_reply(ods, matcher)
    assert content == read_reply(workbook(tmp_path / "reply.xlsx", SHEETS), matcher)
    # The cell's value (1234), not its display text ("1,234.00").
    assert triples(content) == [("Q1", "1234", "Answers!B2"), ("Q2", "fewer than 5", "Answers!B3"),
                                ("Q5", "Nil", "Answers!B5"), ("Q6", "3", "Answers!B6")]
    assert [c.text for c in content.name_clues] == ["Thurrock Council"]


def test_ods_merged_and_repeated_cells_keep_their_places(tmp_path, matcher):
    body = ('<table:table table:name="Sheet1">'
            '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>'
            '<table:table-row><table:table-cell table:number-columns-repeated="2"/>'
            '<table:table-cell office:value-type="string"><text:p>Question</text:p></table:table-cell>'
            '<table:table-cell office:value-type="string"><text:p>Answer</text:p></table:table-cell></table:table-row>'
            '<table:table-row><table:table-cell table:number-columns-repeated="2"/>'
            '<table:table-cell office:value-type="string"><text:p>Q1</text:p></table:table-cell>'
            '<table:table-cell table:number-rows-spanned="2" office:value-type="float" office:value="8">'
            "<text:p>8</text:p></table:table-cell></table:table-row>"
            '<table:table-row><table:table-cell table:number-columns-repeated="2"/>'
            '<table:table-cell office:value-type="string"><text:p>Q2</text:p></table:table-cell>'
            "<table:covered-table-cell/></table:table-row></table:table>")
    content = read_reply(odf_file(tmp_path / "merged.ods", body), matcher)
    assert triples(content) == [("Q1", "8", "Sheet1!D4")]
    assert content.answers[0].covers == ("Q1", "Q2")


# --- e-mail attachments, broken and hostile files --------------------------------------------------------

def test_odf_attachments_of_an_email_are_read(tmp_path, matcher):
    message = EmailMessage()
    message["From"] = "Thurrock Council FOI Team <foi@thurrock.gov.uk>"
    message["Subject"] = "RE: Freedom of Information request"
    message.set_content("Dear Sir,\n\nPlease find attached our response.\n\nKind regards,\nFOI Team\n")
    odt = odf_file(tmp_path / "a.odt", paragraphs(["Dear Sir,", "Q1. 12", "Regards,"]))
    ods = odf_file(tmp_path / "b.ods", ods_sheet("Sheet1", [["Question", "Answer"], ["Q5", 4]]))
    message.add_attachment(odt.read_bytes(), maintype="application", subtype="vnd.oasis.opendocument.text",
                           filename="letter.odt")
    message.add_attachment(ods.read_bytes(), maintype="application",
                           subtype="vnd.oasis.opendocument.spreadsheet", filename="figures.ods")
    path = tmp_path / "reply.eml"
    path.write_bytes(bytes(message))
    assert [a for a in triples(read_reply(path, matcher)) if a[0]] == [
        ("Q1", "12", 'attachment "letter.odt" paragraph 2'), ("Q5", "4", 'attachment "figures.ods" Sheet1!B2')]


@pytest.mark.parametrize("suffix", [".odt", ".ods"])
@pytest.mark.parametrize("data, why", [
    (b"PK\x03\x04garbage", "not a readable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "an OLE file"),
    (b"just text", "not a readable"),
])
def test_broken_odf_is_a_reader_error(tmp_path, matcher, suffix, data, why):
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(data)
    with pytest.raises(ReaderError, match=why):
        read_reply(path, matcher)


@pytest.mark.parametrize("suffix", [".odt", ".ods"])
def test_odf_without_its_body_or_with_bad_xml_is_a_reader_error(tmp_path, matcher, suffix):
    path = tmp_path / f"empty{suffix}"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(ReaderError, match=r"no office:\w+ body in content.xml"):
        read_reply(path, matcher)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<office:document-content")
    with pytest.raises(ReaderError, match="XMLSyntaxError"):
        read_reply(path, matcher)


def test_odt_entities_are_never_resolved(tmp_path, matcher):
    secret = tmp_path / "secret.txt"
    secret.write_text("Q1. 999 SENTINEL")
    prolog = f'<!DOCTYPE office:document-content [<!ENTITY leak SYSTEM "file://{secret}">]>'
    path = odf_file(tmp_path / "xxe.odt", "<text:p>&leak;</text:p><text:p>Q2. 4</text:p>", prolog=prolog)
    content = read_reply(path, matcher)
    assert "SENTINEL" not in repr(content)
    assert [(q, text) for q, text, _ in triples(content) if q] == [("Q2", "4")]


def test_zip_bomb_odt_is_refused_before_unpacking(tmp_path, matcher):
    path = odf_file(tmp_path / "bomb.odt", paragraphs(["Q1. 12"]))
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Pictures/padding.bin", b"\x00" * (20 * 1024 * 1024))
    with pytest.raises(ReaderError, match="zip bomb"):
        read_reply(path, matcher)


def test_a_repeated_row_with_content_beyond_the_limit_is_refused(tmp_path, matcher):
    body = ('<table:table table:name="Sheet1"><table:table-row table:number-rows-repeated="1000000">'
            '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
            "</table:table-row></table:table>")
    with pytest.raises(ReaderError, match="rows with content"):
        read_reply(odf_file(tmp_path / "rows.ods", body), matcher)


LIST_STYLE = ('<office:automatic-styles><text:list-style style:name="L1">'
              '<text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>'
              '<text:list-level-style-number text:level="2" style:num-prefix="(" style:num-suffix=")" '
              'style:num-format="a"/></text:list-style></office:automatic-styles>')


def numbered_list(items, level_two=()) -> str:
    inner = ("<text:list>" + "".join(f"<text:list-item><text:p>{escape(t)}</text:p></text:list-item>"
                                     for t in level_two) + "</text:list>") if level_two else ""
    rows = [f"<text:list-item><text:p>{escape(t)}</text:p>{inner if i == 0 else ''}</text:list-item>"
            for i, t in enumerate(items)]
    return f'<text:list text:style-name="L1">{"".join(rows)}</text:list>'


def test_odt_numbered_list_reads_its_numbers_as_word_does(tmp_path, matcher):
    items = ["How many children in your care were identified or suspected victims of trafficking? 12",
             "Of those children, how many went missing at least once? Nil"]
    word = docx.Document()
    word.add_paragraph("Dear Sir,")
    for item in items:
        word.add_paragraph(item, style="List Number")
    word.save(str(tmp_path / "numbered.docx"))
    path = tmp_path / "numbered.odt"
    odf_file(path, paragraphs(["Dear Sir,"]) + numbered_list(items))
    # The list style lives in content.xml's automatic styles, beside the body.
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml").decode()
    content = content.replace("<office:body>", LIST_STYLE + "<office:body>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", content)
    odt, expected = read_reply(path, matcher), read_reply(tmp_path / "numbered.docx", matcher)
    assert triples(odt) == triples(expected)
    assert [q for q, _, _ in triples(odt) if q] == ["Q1", "Q2"]


def test_odt_list_numbers_nested_and_restarted(tmp_path):
    xml = (f"<office:document-content {NAMESPACES}>{LIST_STYLE}<office:body><office:text>"
           + numbered_list(["one", "two"], level_two=["sub one", "sub two"]) + numbered_list(["again"])
           + "</office:text></office:body></office:document-content>")
    root = etree.fromstring(xml.encode())
    body = root.find(f"{odf._q('office:body')}/{odf._q('office:text')}")
    numbers = odf.ListNumbers(odf.list_styles(root))
    assert [text for text, _ in odf._blocks(body, numbers)] == ["1. one", "(a) sub one", "(b) sub two", "2. two",
                                                                "1. again"]
