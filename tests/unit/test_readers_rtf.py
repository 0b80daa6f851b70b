"""Rich Text Format letters (.rtf): the same letter gives the same answers as in .docx.

The RTF is written here by hand, as Word saves a letter with a table.
"""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from foi_missing.ingest.readers import QuestionMatcher, ReaderError, read_reply
from foi_missing.ingest.readers import rtf as rtf_reader

from tests.unit.test_readers_formats import ANSWER_TABLE, QUESTIONS, triples, word_document

BEFORE = ["Dear Research Team,", "", "Our answers are in the table below."]
AFTER = ["", "Q6. 3", "", "Yours sincerely,", "", "Jane Smith", "Thurrock Council"]


@pytest.fixture(scope="module")
def matcher() -> QuestionMatcher:
    return QuestionMatcher(QUESTIONS)


def rtf_escape(text: str) -> str:
    out = text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
    return "".join(c if ord(c) < 128 else f"\\'{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c)}?" for c in out)


def rtf_letter(before=(), table=None, after=(), cell_marks: str = "") -> str:
    parts = ["{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}{\\header \\pard Thurrock Council\\par}"]
    parts += [f"\\pard {rtf_escape(line)}\\par\n" for line in before]
    for row in table or ():
        widths = "".join(f"{cell_marks}\\cellx{2000 * (c + 1)}" for c in range(len(row)))
        cells = "".join(f"{rtf_escape(text)}\\cell " for text in row)
        parts.append(f"\\trowd{widths}\n\\pard\\intbl {cells}\\row\n")
    parts += [f"\\pard {rtf_escape(line)}\\par\n" for line in after]
    return "".join(parts) + "}"


def answers_of(content) -> list[tuple[str, str]]:
    return [(a.question, a.raw_text) for a in content.answers if a.question]


def test_rtf_letter_with_a_table_gives_the_answers_of_the_same_docx(tmp_path, matcher):
    path = tmp_path / "reply.rtf"
    path.write_text(rtf_letter(BEFORE, ANSWER_TABLE, AFTER), encoding="ascii")
    word = word_document(tmp_path / "reply.docx", BEFORE, ANSWER_TABLE, AFTER)
    content = read_reply(path, matcher)
    assert sorted(answers_of(content)) == sorted(answers_of(read_reply(word, matcher)))
    # Each table row is one line of the letter ("Q1|12|").
    assert [a for a in triples(content) if a[0] == "Q1"] == [("Q1", "12", "line 5")]


def test_rtf_code_page_and_unicode_characters(tmp_path, matcher):
    path = tmp_path / "reply.rtf"
    path.write_text(rtf_letter(["Dear Sir,", "Q1. 4 (caf\u00e9 \u2013 \u0141\u00f3d\u017a)", "Q2. Nil"]),
                    encoding="ascii")
    assert answers_of(read_reply(path, matcher)) == [("Q1", "4 (caf\u00e9 \u2013 \u0141\u00f3d\u017a)"),
                                                     ("Q2", "Nil")]


def test_rtf_attachment_of_an_email_is_read(tmp_path, matcher):
    message = EmailMessage()
    message["From"] = "Thurrock Council FOI Team <foi@thurrock.gov.uk>"
    message.set_content("Dear Sir,\n\nPlease find attached our response.\n\nKind regards,\nFOI Team\n")
    message.add_attachment(rtf_letter(["Dear Sir,", "Q5. 7", "Regards,"]).encode("ascii"),
                           maintype="application", subtype="rtf", filename="response.rtf")
    path = tmp_path / "reply.eml"
    path.write_bytes(bytes(message))
    assert [a for a in triples(read_reply(path, matcher)) if a[0]] == [("Q5", "7", 'attachment "response.rtf" line 2')]


@pytest.mark.parametrize("mark", ["\\clvmgf", "\\clvmrg", "\\clmgf", "\\clmrg"])
def test_rtf_table_with_merged_cells_is_refused_not_misread(tmp_path, matcher, mark):
    path = tmp_path / "merged.rtf"
    path.write_text(rtf_letter(BEFORE, ANSWER_TABLE, AFTER, cell_marks=mark), encoding="ascii")
    with pytest.raises(ReaderError, match="merged cells"):
        read_reply(path, matcher)


@pytest.mark.parametrize("data, why", [
    (b"%PDF-1.4", "does not start with"),
    (b"{\\rtf1 Q1. 3\\par}} Q2. 4\\par}", "text after the document's closing brace"),
    (b"{\\rtf1 Q1. 3\\par}}", "text after the document's closing brace"),
    (b"{\\rtf1 {\\b Q1. 3\\par}", "1 group\\(s\\) not closed"),
    (b"{\\rtf1\\ansicpg99999 caf\\'e9\\par}", "not a readable .rtf document"),
])
def test_damaged_rtf_is_a_reader_error(tmp_path, matcher, data, why):
    path = tmp_path / "broken.rtf"
    path.write_bytes(data)
    with pytest.raises(ReaderError, match=why):
        read_reply(path, matcher)


def test_escaped_braces_are_text_not_groups(tmp_path, matcher):
    path = tmp_path / "braces.rtf"
    path.write_bytes(b"{\\rtf1 Q1. 3 \\{see note\\}\\par Q2. 4\\par}")
    assert answers_of(read_reply(path, matcher)) == [("Q1", "3 {see note}"), ("Q2", "4")]


def test_an_oversized_rtf_is_refused_before_it_is_read(tmp_path, matcher, monkeypatch):
    monkeypatch.setattr(rtf_reader, "MAX_RTF_BYTES", 10)
    path = tmp_path / "big.rtf"
    path.write_text(rtf_letter(["Q1. 3"]), encoding="ascii")
    with pytest.raises(ReaderError, match="limit 10"):
        read_reply(path, matcher)
