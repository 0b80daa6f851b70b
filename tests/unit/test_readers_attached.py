"""A covering letter that points to the attached spreadsheet ("Q2. Please see attached"), and
a symbol defined once in the spreadsheet ("* = fewer than 3") for the figures it withholds."""

from __future__ import annotations

import io
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from foi_missing.ingest.coding import code_reply
from foi_missing.ingest.readers import read_reply
from foi_missing.ingest.readers.document import points_elsewhere
from openpyxl import Workbook

from tests.unit.test_readers_period_lines import questions_for
from tests.unit.test_readers_tables import ONE_YEAR, matcher_for

PERIOD = ONE_YEAR[0].id
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


ANSWERS = spreadsheet([["Question", "Answer"], ["Q1", 17], ["Q2", "*"], ["Q5", "None"], ["Q6", "less than 5"],
                       [], ["* = fewer than 3"]])


def mail(tmp_path: Path, body: str, attachment: bytes = ANSWERS) -> Path:
    message = EmailMessage()
    message["From"] = "Anytown Borough Council <foi@anytown.example>"
    message["Subject"] = "Your request"
    message.set_content(body)
    maintype, subtype = XLSX.split("/")
    message.add_attachment(attachment, maintype=maintype, subtype=subtype, filename="Response.xlsx")
    path = tmp_path / "reply.eml"
    path.write_bytes(bytes(message))
    return path


def coded(path: Path) -> dict[str, tuple]:
    content = read_reply(path, matcher_for(ONE_YEAR))
    result = code_reply(content, questions_for(ONE_YEAR), ONE_YEAR)
    return {label: (f["status"], f["value"], f["lower"], f["upper"]) for (label, _), f in result.items()}


EXPECTED = {"Q1": ("reported", 17, 17, 17), "Q2": ("suppressed", None, 1, 2), "Q5": ("reported", 0, 0, 0),
            "Q6": ("suppressed", None, 1, 4)}


@pytest.mark.parametrize("body", [
    ("Dear Requester,\n\nQ1. Please see attached.\nQ2. See the attached spreadsheet\n"
     "Q5. Please refer to the attachment.\nQ6. As per the enclosed workbook.\n\nYours faithfully,\n"),
    "Dear Requester,\n\nQ1 to Q6: please find the answers in the attached spreadsheet.\n\nYours faithfully,\n",
    "Dear Requester,\n\nOur response is in the attached file.\n\nYours faithfully,\n",
], ids=["per_question", "one_line_for_all", "no_labels"])
def test_answers_pointed_to_in_the_attachment_stand(tmp_path, body):
    assert coded(mail(tmp_path, body)) == EXPECTED


def test_a_pointer_to_an_answer_the_attachment_lacks_stays_for_a_person(tmp_path):
    partial = spreadsheet([["Question", "Answer"], ["Q1", 17]])
    codes = coded(mail(tmp_path, "Dear Requester,\n\nQ1. Please see attached.\nQ2. Please see attached.\n"
                                  "Q5. 4\nQ6. 0\n\nYours faithfully,\n", partial))
    assert codes["Q1"] == ("reported", 17, 17, 17) and codes["Q5"][:2] == ("reported", 4)
    assert codes["Q2"][0] == "unparsed"


def test_a_letter_figure_that_differs_from_the_attachment_is_still_a_conflict(tmp_path):
    codes = coded(mail(tmp_path, "Dear Requester,\n\nQ1. 15 (see attached)\n\nYours faithfully,\n"))
    assert codes["Q1"][0] == "unparsed"


@pytest.mark.parametrize("text, pointer", [
    ("Please see attached.", True), ("See the attached spreadsheet", True), ("please see below", True),
    ("Refer to Annex A", True), ("3 - see attached", False), ("See attached: 12", False),
    ("We do not hold this information", False), ("See answer to Q1", False),
])
def test_points_elsewhere(text, pointer):
    assert points_elsewhere(text) is pointer


def test_a_symbol_the_covering_letter_defines_applies_to_the_attachment(tmp_path):
    sheet = spreadsheet([["Question", "Answer"], ["Q1", 17], ["Q2", "~"], ["Q5", 0], ["Q6", "~"]])
    codes = coded(mail(tmp_path, "Dear Requester,\n\nPlease see attached.\n\n~ = between 1 and 3\n\n"
                                  "Yours faithfully,\n", sheet))
    assert codes["Q2"] == codes["Q6"] == ("suppressed", None, 1, 3)


def test_a_symbol_defined_below_a_word_table_applies_to_its_cells(tmp_path):
    document = docx.Document()
    document.add_paragraph("Dear Requester,")
    table = document.add_table(rows=5, cols=2)
    for row, texts in zip(table.rows, [("Question", "Answer"), ("Q1", "9"), ("Q2", "#"), ("Q5", "0"),
                                       ("Q6", "#")], strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    document.add_paragraph("# denotes between 1 and 3")
    document.add_paragraph("Yours faithfully,")
    path = tmp_path / "reply.docx"
    document.save(path)
    codes = coded(path)
    assert codes["Q1"][:2] == ("reported", 9) and codes["Q2"] == ("suppressed", None, 1, 3)


@pytest.mark.parametrize("footnote, interval", [
    ("* Less than 3", (1, 2)), ("*fewer than 4", (1, 3)), ("* = 2 or fewer", (0, 2)),
])
def test_a_footnote_written_without_an_equals_sign_still_defines_the_symbol(footnote, interval):
    from foi_missing.ingest.readers.text import read_letter

    content = read_letter(f"Dear Requester,\n\nQ1. *\nQ2. 0\nQ5. 6\nQ6. *\n\n{footnote}\n\nYours faithfully,\n",
                          matcher_for(ONE_YEAR))
    result = code_reply(content, questions_for(ONE_YEAR), ONE_YEAR)
    assert (result["Q1", PERIOD]["lower"], result["Q1", PERIOD]["upper"]) == interval
    assert (result["Q6", PERIOD]["lower"], result["Q6", PERIOD]["upper"]) == interval
