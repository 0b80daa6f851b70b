"""The per-authority answer form: a workbook the council fills in and sends back.

One row per question, one column per period, a notes column. Answer cells accept
a whole number of at least 0 or one of ``CHOICES`` (Excel data validation);
everything else is locked, and the workbook's structure is protected. A hidden
sheet carries the form version, the round, the authority and the layout, which
readers/answer_form.py uses to read the returned form without manual coding.

Each choice is worded so that the project's answer parser codes it as the status
it names (parse_value): "refused: cost limit (section 12)" is ``refused_cost``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from foi_missing.core.roundspec import RoundSpec
from foi_missing.core.xlsx_file import save_workbook
from foi_missing.ingest.readers.answer_form import (
    ANSWER_SHEET,
    FORM_INFO_SHEET,
    FORM_MARKER,
    FORM_VERSION,
    NOT_ASKED,
    NOTES_HEADER,
    QUESTION_HEADER,
)

CHOICES = (
    "fewer than 5 (withheld)",
    "not held",
    "not recorded",
    "refused: cost limit (section 12)",
    "included in another answer",
)
# Per choice: the status the project's parser codes it as (tests check the pairing).
CHOICE_STATUSES = dict(zip(CHOICES, ("suppressed", "not_held", "not_recorded", "refused_cost",
                                     "included_elsewhere")))
FIRST_ANSWER_COLUMN = 3
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")


@dataclass(frozen=True)
class FormRecipient:
    """Who the form is for (pre-filled, locked)."""

    gss_code: str
    name: str
    request_ref: str


def build_answer_form(spec: RoundSpec, recipient: FormRecipient,
                      welsh_wordings: dict[str, str] | None = None) -> Workbook:
    """The form as a workbook; ``welsh_wordings`` (label -> Welsh wording) makes it bilingual."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ANSWER_SHEET
    bilingual = bool(welsh_wordings)
    sheet["A1"] = f"{spec.title}: answer form for request {recipient.request_ref}"
    sheet["A1"].font = Font(bold=True, size=13)
    for row, (label, value) in enumerate(
        (("Authority", recipient.name), ("Authority code", recipient.gss_code),
         ("Reference", recipient.request_ref), ("Round", spec.round_id)), start=3):
        sheet.cell(row, 1, label).font = Font(bold=True)
        sheet.cell(row, 2, value)
    sheet["A8"] = ("Type a whole number (0 or more) in each yellow cell, or choose one of: "
                   + "; ".join(f'"{c}"' for c in CHOICES) + ". Add anything else in Notes.")
    if bilingual:
        sheet["A9"] = ("Teipiwch rif cyfan (0 neu fwy) ym mhob cell felen, neu dewiswch un o'r "
                       "atebion uchod. Ychwanegwch unrhyw beth arall yn y Nodiadau.")
    header_row = 11
    headers = [QUESTION_HEADER + (" / Cwestiwn" if bilingual else ""),
               "Wording" + (" / Geiriad" if bilingual else "")]
    headers += [period.label for period in spec.periods]
    headers.append(NOTES_HEADER + (" / Nodiadau" if bilingual else ""))
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(header_row, column, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes_column = FIRST_ANSWER_COLUMN + len(spec.periods)
    validation = _validation(f"{get_column_letter(FIRST_ANSWER_COLUMN)}{header_row + 1}")
    sheet.add_data_validation(validation)
    for offset, question in enumerate(spec.questions, start=1):
        row = header_row + offset
        sheet.cell(row, 1, question.label)
        wording = question.wording
        if bilingual:
            wording = f"{question.wording}\n{welsh_wordings[question.label]}"
        sheet.cell(row, 2, wording).alignment = Alignment(wrap_text=True, vertical="top")
        for index, period in enumerate(spec.periods):
            column = FIRST_ANSWER_COLUMN + index
            cell = sheet.cell(row, column)
            if period.id in question.periods:
                cell.protection = Protection(locked=False)
                cell.fill = INPUT_FILL
                cell.number_format = "0"
                validation.add(cell.coordinate)
            else:
                cell.value = NOT_ASKED
        notes = sheet.cell(row, notes_column)
        notes.protection = Protection(locked=False)
        notes.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 70
    for index in range(len(spec.periods)):
        sheet.column_dimensions[get_column_letter(FIRST_ANSWER_COLUMN + index)].width = 22
    sheet.column_dimensions[get_column_letter(notes_column)].width = 40
    sheet.freeze_panes = sheet.cell(header_row + 1, FIRST_ANSWER_COLUMN)
    # Locked cells stay locked; no password, so a council that must can still unprotect
    # it (the reader copes with an edited form).
    sheet.protection.sheet = True
    sheet.protection.formatCells = False
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    _info_sheet(workbook, spec, recipient)
    workbook.security = WorkbookProtection(lockStructure=True)
    return workbook


def _validation(first: str) -> DataValidation:
    # One rule for both kinds of answer: Excel cannot combine "whole number" and "list".
    # The formula refers to the first answer cell; Excel shifts it for every other cell.
    choices = ",".join(f'{first}="{choice}"' for choice in CHOICES)
    formula = f"OR(AND(ISNUMBER({first}),{first}>=0,{first}=INT({first})),{choices})"
    return DataValidation(
        type="custom", formula1=formula, allow_blank=True, showErrorMessage=True,
        showInputMessage=True, errorTitle="Not an answer this form takes",
        error="Type a whole number of 0 or more, or one of: " + "; ".join(CHOICES),
        promptTitle="Answer", prompt="A whole number (0 or more), or: " + "; ".join(CHOICES),
    )


def _info_sheet(workbook: Workbook, spec: RoundSpec, recipient: FormRecipient) -> None:
    info = workbook.create_sheet(FORM_INFO_SHEET)
    info.append([FORM_MARKER, "", "Do not edit: the project reads the returned form by this sheet."])
    for key, value in (("form_version", FORM_VERSION), ("round", spec.round_id),
                       ("authority_code", recipient.gss_code), ("authority_name", recipient.name),
                       ("request_ref", recipient.request_ref)):
        info.append(["field", key, str(value)])
    for question in spec.questions:
        info.append(["question", question.label, question.wording])
    for period in spec.periods:
        info.append(["period", period.id, period.label])
    info.sheet_state = "hidden"
    info.protection.sheet = True


def save_answer_form(path: Path, spec: RoundSpec, recipient: FormRecipient,
                     welsh_wordings: dict[str, str] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Fixed zip and document times: the same request gives the same form, byte for byte.
    save_workbook(build_answer_form(spec, recipient, welsh_wordings), path)
    return path
