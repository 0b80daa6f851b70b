"""The answer form: built from a round spec, filled in as a council would, read back and coded."""

from pathlib import Path

import pytest
from foi_missing.core.roundspec import load_round_spec
from foi_missing.ingest.coding import code_reply
from foi_missing.ingest.parse_value import parse_answer
from foi_missing.ingest.readers import QuestionMatcher, read_reply
from foi_missing.ingest.readers.answer_form import FORM_INFO_SHEET, is_answer_form
from foi_missing.requestkit.answer_form import (
    CHOICE_STATUSES,
    CHOICES,
    FormRecipient,
    save_answer_form,
)
from openpyxl import load_workbook

from tests.conftest import REPO_ROOT

SPEC = load_round_spec(REPO_ROOT / "data" / "raw" / "2018-20")
RECIPIENT = FormRecipient("E06000001", "Hartlepool Borough Council", "FOIM-2018-20-E06000001")


def blank_form(tmp_path: Path) -> Path:
    return save_answer_form(tmp_path / "form.xlsx", SPEC, RECIPIENT)


def fill(path: Path, values: dict[tuple[str, str], object], out: Path | None = None,
         edit=None) -> Path:
    """Type answers into the form as a council would: by question label and period heading."""
    workbook = load_workbook(path)
    sheet = workbook["Answers"]
    header = next(row for row in range(1, 30) if sheet.cell(row, 1).value == "Question")
    columns = {sheet.cell(header, c).value: c for c in range(1, sheet.max_column + 1)}
    rows = {sheet.cell(r, 1).value: r for r in range(header + 1, sheet.max_row + 1)}
    for (label, period_id), value in values.items():
        sheet.cell(rows[label], columns[SPEC.period(period_id).label], value)
    if edit:
        edit(sheet)
    out = out or path
    workbook.save(out)
    return out


def everything(value=3) -> dict:
    return {(q.label, p): value for q in SPEC.questions for p in q.periods}


def _matcher() -> QuestionMatcher:
    return QuestionMatcher(SPEC.questions, SPEC.periods)


def coded(path: Path) -> dict:
    return code_reply(read_reply(path, _matcher()), SPEC.questions, SPEC.periods)


def test_every_choice_codes_as_the_status_it_names():
    assert set(CHOICE_STATUSES) == set(CHOICES)
    for choice, status in CHOICE_STATUSES.items():
        assert parse_answer(choice, act="FOIA").status == status, choice
        assert parse_answer(choice, act="FOISA").status == status, choice


def test_blank_form_is_locked_validated_and_carries_its_round(tmp_path):
    path = blank_form(tmp_path)
    assert is_answer_form(path)
    workbook = load_workbook(path)
    sheet = workbook["Answers"]
    assert sheet.protection.sheet and workbook.security.lockStructure
    assert workbook[FORM_INFO_SHEET].sheet_state == "hidden"
    info = {row[1]: row[2] for row in workbook[FORM_INFO_SHEET].iter_rows(values_only=True)
            if row[0] == "field"}
    assert info["round"] == "2018-20" and info["form_version"] == "1"
    assert sheet["B3"].value == RECIPIENT.name and sheet["B5"].value == RECIPIENT.request_ref
    validation = sheet.data_validations.dataValidation[0]
    assert validation.type == "custom" and all(c in validation.formula1 for c in CHOICES)
    # The answer cells (and only they, with the notes) are unlocked.
    assert not sheet["C12"].protection.locked and sheet["B12"].protection.locked


def test_filled_form_codes_every_answer(tmp_path):
    values = everything(7)
    labels = [q.label for q in SPEC.questions]
    for choice, label in zip(CHOICES, labels):
        for period in SPEC.question(label).periods:
            values[(label, period)] = choice
    path = fill(blank_form(tmp_path), values)
    result = coded(path)
    assert len(result) == sum(len(q.periods) for q in SPEC.questions)
    assert all(fields["status"] != "unparsed" for fields in result.values()), [
        (k, f["note"]) for k, f in result.items() if f["status"] == "unparsed"]
    first = SPEC.questions[0]
    assert result[(first.label, first.periods[0])]["status"] == "suppressed"
    last = SPEC.questions[-1]
    assert result[(last.label, last.periods[-1])]["value"] == 7


def test_rows_moved_still_code(tmp_path):
    def swap_rows(sheet):
        first, second = 12, 13
        for column in range(1, sheet.max_column + 1):
            a, b = sheet.cell(first, column), sheet.cell(second, column)
            a.value, b.value = b.value, a.value

    values = everything(2)
    values[(SPEC.questions[0].label, SPEC.questions[0].periods[0])] = 11
    path = fill(blank_form(tmp_path), values, edit=swap_rows)
    result = coded(path)
    assert result[(SPEC.questions[0].label, SPEC.questions[0].periods[0])]["value"] == 11
    assert all(f["status"] == "reported" for f in result.values())


def test_text_in_a_number_cell_codes_or_says_why(tmp_path):
    q1, q2 = SPEC.questions[0], SPEC.questions[1]
    values = everything(1)
    values[(q1.label, q1.periods[0])] = "None"  # nil, typed as text: still codes
    values[(q2.label, q2.periods[0])] = "about 12"  # approximate: a person must code it
    result = coded(fill(blank_form(tmp_path), values))
    assert result[(q1.label, q1.periods[0])]["status"] == "reported"
    assert result[(q1.label, q1.periods[0])]["value"] == 0
    unsure = result[(q2.label, q2.periods[0])]
    assert unsure["status"] == "unparsed" and "about" in unsure["note"]


def test_blank_cell_and_deleted_row_go_to_manual_coding_with_the_cell_named(tmp_path):
    q1, q2 = SPEC.questions[0], SPEC.questions[1]
    values = everything(1)
    del values[(q1.label, q1.periods[0])]

    def delete_second_row(sheet):
        sheet.delete_rows(13)

    result = coded(fill(blank_form(tmp_path), values, edit=delete_second_row))
    blank = result[(q1.label, q1.periods[0])]
    assert blank["status"] == "unparsed" and "Answers!C12 was left blank" in blank["note"]
    gone = result[(q2.label, q2.periods[0])]
    assert gone["status"] == "unparsed" and f"row of question {q2.label} is missing" in gone["note"]


def test_renamed_period_heading_is_named(tmp_path):
    def rename(sheet):
        sheet["C11"] = "Year one"

    result = coded(fill(blank_form(tmp_path), everything(4), edit=rename))
    first = SPEC.periods[0].id
    missed = [f for (label, period), f in result.items() if period == first]
    assert missed and all(f["status"] == "unparsed" for f in missed)
    assert f"the column for period {first} is missing" in missed[0]["note"]
    assert "'Year one'" in missed[0]["note"]


def test_form_of_another_round_is_not_read_against_this_one(tmp_path):
    other = load_round_spec(REPO_ROOT / "data" / "raw" / "2017")
    path = save_answer_form(tmp_path / "other.xlsx", other, RECIPIENT)
    content = read_reply(path, _matcher())
    assert len(content.answers) == 1 and content.answers[0].question is None
    assert "sent for round 2017" in content.answers[0].reason


def test_a_workbook_without_the_hidden_sheet_is_read_by_the_general_reader(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Question", "Answer"])
    workbook.active.append([SPEC.questions[0].label, 5])
    workbook.save(tmp_path / "plain.xlsx")
    assert not is_answer_form(tmp_path / "plain.xlsx")
    content = read_reply(tmp_path / "plain.xlsx", _matcher())
    assert content.answers[0].question == SPEC.questions[0].label


@pytest.mark.parametrize("version", ["2", ""])
def test_unknown_form_version_is_a_reason(tmp_path, version):
    path = blank_form(tmp_path)
    workbook = load_workbook(path)
    for row in workbook[FORM_INFO_SHEET].iter_rows():
        if row[1].value == "form_version":
            row[2].value = version
    workbook.save(path)
    content = read_reply(path, _matcher())
    assert "answer form version" in content.answers[0].reason


def test_a_period_a_question_does_not_ask_is_locked_and_not_read(tmp_path):
    from dataclasses import replace

    first = SPEC.questions[0]
    narrow = replace(first, periods=first.periods[:1])
    spec = replace(SPEC, questions=(narrow, *SPEC.questions[1:]))
    path = save_answer_form(tmp_path / "narrow.xlsx", spec, RECIPIENT)
    sheet = load_workbook(path)["Answers"]
    assert sheet["D12"].value == "not asked" and sheet["D12"].protection.locked
    workbook = load_workbook(path)
    for row in range(12, 12 + len(spec.questions)):
        for column in range(3, 3 + len(spec.periods)):
            cell = workbook["Answers"].cell(row, column)
            if cell.value is None:
                cell.value = 5
    workbook.save(path)
    matcher = QuestionMatcher(spec.questions, spec.periods)
    result = code_reply(read_reply(path, matcher), spec.questions, spec.periods)
    assert (first.label, first.periods[1]) not in result
    assert all(f["status"] == "reported" for f in result.values())
