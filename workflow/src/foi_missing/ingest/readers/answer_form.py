"""The project's own answer form (requestkit.answer_form), returned filled in.

The form carries a hidden sheet (``FORM_INFO_SHEET``) naming its version, the round,
the authority and where each question and period sits. A returned workbook with
that sheet is read here, by the form's own layout, so that every cell is tied to
its question and period without guessing; other workbooks go to the general
reader (readers/xlsx.py).

A council may still edit the form (rows moved, a column renamed, text typed into a
number cell). Rows are found by their question label and columns by their period
heading, wherever they now sit; a cell that cannot be tied to one question and
one period becomes an answer with a ``reason`` naming the cell, for a person to code.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from foi_missing.ingest.readers.base import NameClue, RawAnswer, ReaderError, ReplyContent
from foi_missing.ingest.readers.cells import capped_cell_text
from foi_missing.ingest.readers.codebook import QuestionMatcher, wording_key
from foi_missing.ingest.readers.xlsx import MAX_MEMBER_BYTES, check_archive, read_xlsx
from foi_missing.ingest.readers.xlsx import _open as open_workbook

FORM_INFO_SHEET = "foi_form_info"
FORM_MARKER = "foi-missing answer form"
ANSWER_SHEET = "Answers"
FORM_VERSION = 1
SUPPORTED_VERSIONS = (1,)
QUESTION_HEADER = "Question"
NOTES_HEADER = "Notes"
NOT_ASKED = "not asked"  # the locked cell of a period a question does not ask about
# The sheet name as xl/workbook.xml lists it: found without loading the workbook.
_INFO_SHEET_IN_WORKBOOK = re.compile(rb'<(?:\w+:)?sheet\b[^>]*\bname="' + FORM_INFO_SHEET.encode() + rb'"')


@dataclass
class FormInfo:
    """What the hidden sheet says about the form as it was sent."""

    version: int | None = None
    fields: dict[str, str] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)  # label -> wording as sent
    periods: dict[str, str] = field(default_factory=dict)  # column heading -> period id

    @property
    def round_id(self) -> str:
        return self.fields.get("round", "")


def is_answer_form(path: Path) -> bool:
    """Whether the workbook has the form's hidden sheet (read from the zip's directory only)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.getinfo("xl/workbook.xml").file_size > MAX_MEMBER_BYTES:
                return False  # the general reader refuses it, saying why
            return bool(_INFO_SHEET_IN_WORKBOOK.search(archive.read("xl/workbook.xml")))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError):
        return False  # the general reader says what is wrong with it


def read_workbook(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    """The readers' entry for .xlsx: the answer form when it is one, else any workbook."""
    if is_answer_form(path):
        return read_answer_form(path, matcher)
    return read_xlsx(path, matcher)


def read_answer_form(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    check_archive(path)
    workbook = open_workbook(path)
    try:
        if FORM_INFO_SHEET not in workbook.sheetnames:
            raise ReaderError(f"no {FORM_INFO_SHEET!r} sheet: not the project's answer form")
        info = read_form_info(workbook[FORM_INFO_SHEET])
        problem = _form_problem(info, matcher)
        if problem:
            return ReplyContent((RawAnswer(None, "", f"{FORM_INFO_SHEET}!A1", reason=problem),))
        if ANSWER_SHEET not in workbook.sheetnames:
            return ReplyContent((RawAnswer(
                None, "", "workbook",
                reason=f"answer form: sheet {ANSWER_SHEET!r} is missing (renamed or deleted; the "
                       f"workbook has {', '.join(workbook.sheetnames)})"),))
        return _read_answers(workbook[ANSWER_SHEET], info, matcher)
    finally:
        workbook.close()


def read_form_info(sheet) -> FormInfo:
    """The hidden sheet's rows: ``kind | key | value``."""
    info = FormInfo()
    rows = [[capped_cell_text(v) for v in row[:3]] for row in sheet.iter_rows(values_only=True)]
    if not rows or rows[0][:1] != [FORM_MARKER]:
        raise ReaderError(f"sheet {FORM_INFO_SHEET!r} does not start with {FORM_MARKER!r}")
    for row in rows[1:]:
        kind, key, value = (row + ["", "", ""])[:3]
        if kind == "field":
            info.fields[key] = value
        elif kind == "question":
            info.questions[key] = value
        elif kind == "period":
            info.periods[value] = key
    try:
        info.version = int(info.fields.get("form_version", ""))
    except ValueError:
        info.version = None
    return info


def _form_problem(info: FormInfo, matcher: QuestionMatcher) -> str:
    """Why the form cannot be read against this round's codebook ('' when it can)."""
    if info.version not in SUPPORTED_VERSIONS:
        return (f"answer form version {info.fields.get('form_version', '(none)')!r} is not one this "
                f"reader knows ({', '.join(map(str, SUPPORTED_VERSIONS))})")
    sent_for = f"the form was sent for round {info.round_id}"
    for label, wording in info.questions.items():
        question = matcher.question(label)
        if question is None:
            return f"answer form question {label!r} is not in this round's codebook ({sent_for})"
        if wording_key(wording) != wording_key(question.wording):
            return f"answer form question {label!r} was worded differently ({sent_for})"
    known_periods = {p.id for p in matcher.periods}
    unknown = sorted(set(info.periods.values()) - known_periods) if known_periods else []
    if unknown:
        return f"answer form period(s) {', '.join(unknown)} are not this round's ({sent_for})"
    return ""


def _read_answers(sheet, info: FormInfo, matcher: QuestionMatcher) -> ReplyContent:
    cells = {position: cell.value for position, cell in sheet._cells.items()
             if cell.value is not None and cell.value != ""}
    answers: list[RawAnswer] = []
    header_row = _header_row(cells)
    if header_row is None:
        return ReplyContent((RawAnswer(None, "", f"{sheet.title}!A1",
                                       reason=f"answer form: no header row starting {QUESTION_HEADER!r} "
                                              "in column A (the header was edited)"),))
    period_columns, notes_column, stray = _columns(cells, header_row, info)
    answers += [RawAnswer(None, text, location, reason=f"answer form: column heading {text!r} "
                          f"at {location} is neither a period of the form nor {NOTES_HEADER!r}")
                for text, location in stray]
    for period_id in sorted(set(info.periods.values()) - set(period_columns.values())):
        answers.append(RawAnswer(None, "", f"{sheet.title}!{header_row}:{header_row}",
                                 reason=f"answer form: the column for period {period_id} is missing "
                                        "(its heading was changed or the column deleted)"))
    rows_by_label: dict[str, list[int]] = {}
    last_row = max((row for row, _ in cells), default=header_row)
    for row in range(header_row + 1, last_row + 1):
        label = capped_cell_text(cells.get((row, 1)))
        row_cells = {column: cells[(row, column)] for column in period_columns if (row, column) in cells}
        if label in info.questions:
            rows_by_label.setdefault(label, []).append(row)
        elif label:
            answers.append(RawAnswer(None, _joined(row_cells), f"{sheet.title}!A{row}",
                                     reason=f"answer form: row {row} is labelled {label!r}, which is "
                                            "not a question of the form"))
        elif row_cells:
            answers.append(RawAnswer(None, _joined(row_cells), f"{sheet.title}!A{row}",
                                     reason=f"answer form: row {row} has answers but no question label"))
    for label in info.questions:
        rows = rows_by_label.get(label, [])
        if len(rows) != 1:
            why = (f"the row of question {label} is missing (deleted, or its label changed)" if not rows
                   else f"question {label} has {len(rows)} rows ({', '.join(map(str, rows))}); "
                        "a person must say which stands")
            answers.append(RawAnswer(None, "", f"{sheet.title}!A:A", reason=f"answer form: {why}"))
            continue
        row = rows[0]
        notes = capped_cell_text(cells.get((row, notes_column))) if notes_column else ""
        asked = matcher.question(label).periods
        for column, period_id in period_columns.items():
            value = cells.get((row, column))
            if period_id not in asked and capped_cell_text(value) in ("", NOT_ASKED):
                continue  # the form's own filler for a period this question does not ask about
            location = f"{sheet.title}!{get_column_letter(column)}{row}"
            answers.append(_answer(label, period_id, value, location, notes))
    clue = _authority_clue(cells, sheet.title)
    return ReplyContent(tuple(answers), (clue,) if clue else ())


def _answer(label: str, period_id: str, value, location: str, notes: str) -> RawAnswer:
    if value is None or value == "":
        if notes:  # the council answered in the notes instead
            return RawAnswer(label, notes, location, period=period_id)
        return RawAnswer(label, "", location, period=period_id,
                         reason=f"answer form: {location} was left blank")
    if hasattr(value, "isoformat"):
        return RawAnswer(label, capped_cell_text(value), location, period=period_id, notes=notes,
                         reason=f"answer form: {location} holds a date ({capped_cell_text(value)}); "
                                "Excel may have turned a typed answer into one")
    return RawAnswer(label, capped_cell_text(value), location, period=period_id, notes=notes)


def _header_row(cells: dict) -> int | None:
    rows = sorted(row for (row, column), value in cells.items()
                  if column == 1 and capped_cell_text(value).split(" / ")[0] == QUESTION_HEADER)
    return rows[0] if rows else None


def _columns(cells: dict, header_row: int, info: FormInfo):
    """Period id by column, the notes column, and headings that are neither."""
    period_columns: dict[int, str] = {}
    notes_column = None
    stray = []
    for (row, column), value in sorted(cells.items()):
        if row != header_row or column <= 2:
            continue
        text = capped_cell_text(value)
        if text in info.periods and info.periods[text] not in period_columns.values():
            period_columns[column] = info.periods[text]
        elif text.split(" / ")[0] == NOTES_HEADER:
            notes_column = column
        else:
            stray.append((text, f"{ANSWER_SHEET}!{get_column_letter(column)}{row}"))
    return period_columns, notes_column, stray


def _joined(row_cells: dict) -> str:
    return " | ".join(capped_cell_text(v) for _, v in sorted(row_cells.items()))


def _authority_clue(cells: dict, title: str) -> NameClue | None:
    for (row, column), value in sorted(cells.items()):
        if column == 1 and capped_cell_text(value) == "Authority" and (row, 2) in cells:
            return NameClue(capped_cell_text(cells[(row, 2)]), f"{title}!B{row}")
    return None
