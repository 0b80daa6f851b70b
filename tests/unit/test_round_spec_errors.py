"""A mistake in round.yaml stops the run with a message naming the file, the key and the
question or period a person wrote (a newcomer writing a round's specification)."""

from __future__ import annotations

import pytest
import yaml
from foi_missing.core.roundspec import RoundSpecError, load_round_spec
from foi_missing.core.schema import SchemaError, validate_document

from tests.requestkit_round import SPEC


def spec_error(tmp_path, text: str) -> str:
    folder = tmp_path / "2026"
    folder.mkdir()
    (folder / "round.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RoundSpecError) as error:
        load_round_spec(folder)
    message = str(error.value)
    assert message.startswith(f"{folder / 'round.yaml'}:"), message
    return message


def spec_text(**changes) -> str:
    return yaml.safe_dump(SPEC | changes, sort_keys=False, allow_unicode=True)


def test_a_date_in_the_wrong_format_is_named_with_the_format_wanted(tmp_path):
    message = spec_error(tmp_path, spec_text(date_sent="02/02/2026"))
    assert "at date_sent: '02/02/2026' is not an ISO date (YYYY-MM-DD" in message
    assert "does not match" not in message


def test_an_unquoted_date_or_period_id_says_to_quote_it(tmp_path):
    text = spec_text(date_sent="2026-02-02").replace("date_sent: '2026-02-02'", "date_sent: 2026-02-02")
    text = text.replace("period: '2025'", "period: 2025", 1)
    assert "date_sent: 2026-02-02\n" in text and "period: 2025\n" in text
    message = spec_error(tmp_path, text)
    assert 'at date_sent: write 2026-02-02 in quotes ("2026-02-02"): YAML reads it unquoted as a date' in message
    assert ('at questions/0/period (question 1): write 2025 in quotes ("2025"): '
            "YAML reads it unquoted as a number") in message
    assert "datetime.date" not in message and "is not of type" not in message


def test_a_wrong_value_in_a_question_names_the_question_by_its_label(tmp_path):
    questions = [dict(q) for q in SPEC["questions"]]
    questions[1]["cohort"] = "uacs"
    message = spec_error(tmp_path, spec_text(questions=questions))
    label = questions[1]["label"]
    assert f"at questions/1/cohort (question {label}): 'uacs' is not one of" in message


def test_a_period_is_named_by_its_id(tmp_path):
    periods = [dict(p) for p in SPEC["periods"]]
    periods[0]["end"] = "31.12.2025"
    message = spec_error(tmp_path, spec_text(periods=periods))
    assert f"at periods/0/end (period {periods[0]['id']}): '31.12.2025' is not an ISO date" in message


def test_a_misspelt_key_lists_the_keys_allowed(tmp_path):
    spec = dict(SPEC)
    spec["reply_cuttoff"] = spec.pop("reply_cutoff")
    message = spec_error(tmp_path, yaml.safe_dump(spec, sort_keys=False))
    assert "'reply_cuttoff' was unexpected" in message and "reply_cutoff" in message.split("allowed keys here:")[1]


def test_a_question_naming_an_unknown_period_is_named_by_its_label(tmp_path):
    questions = [dict(q) for q in SPEC["questions"]]
    questions[0] = {k: v for k, v in questions[0].items() if k != "periods"} | {"period": "1999"}
    message = spec_error(tmp_path, spec_text(questions=questions))
    assert f"questions/0 (question {questions[0]['label']}) names period '1999'" in message


def test_a_missing_round_folder_names_the_round_yaml_wanted(tmp_path):
    with pytest.raises(RoundSpecError, match=r"2062/round\.yaml: round specification not found"):
        load_round_spec(tmp_path / "2062")


def test_an_unquoted_round_in_config_says_to_quote_it():
    with pytest.raises(SchemaError) as error:
        validate_document({"rounds": [2026]}, "config.schema.yaml", "config.yaml")
    assert 'config.yaml: does not follow config.schema.yaml:\n  - at rounds/0: write 2026 in quotes ("2026")' \
        in str(error.value)
