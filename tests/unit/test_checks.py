"""The answers/QA schemas, the consistency findings and strict mode."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest
from foi_missing.core.roundspec import load_round_spec
from foi_missing.ingest import checks
from foi_missing.ingest.ledger import ANSWER_COLUMNS, answers_frame

KENT = "E10000016"
MEASURES = {"Q1": ("trafficked", "in_care"), "Q2": ("trafficked", "went_missing"),
            "Q3": ("trafficked", "missing_episodes"), "Q4": ("trafficked", "not_found"),
            "Q5": ("uasc", "in_care"), "Q6": ("uasc", "went_missing"),
            "Q7": ("uasc", "missing_episodes"), "Q8": ("uasc", "not_found")}


@pytest.fixture(scope="module")
def spec(repo_root: Path):
    return load_round_spec(repo_root / "data" / "raw" / "2014-15")


def answer(question: str, status: str = "reported", value: int | None = None, authority: str = KENT,
           **extra) -> dict:
    cohort, measure = MEASURES[question]
    counted = status == "reported"
    row = dict.fromkeys(ANSWER_COLUMNS, "")
    row |= {
        "round": "2014-15", "authority_code": authority, "authority_name": "Kent", "nation": "England",
        "question": question, "cohort": cohort, "sub_cohort": "all", "measure": measure,
        "period": "2014-15", "status": status, "value": value if counted else None,
        "lower": value if counted else None, "upper": value if counted else None,
        "source_file": "replies/r.txt", "source_location": "line 3", "reply_id": "r1",
        "coded_by": "auto:integer",
    }
    return row | extra


def frame(rows: list[dict], spec) -> pd.DataFrame:
    return answers_frame(rows, spec)


def rules(found: list[dict]) -> list[tuple[str, str, str]]:
    return sorted((f["rule"], f["question"], f["severity"]) for f in found)


# --- schema ------------------------------------------------------------------------------------------


def test_a_valid_answers_table_passes(spec):
    rows = [answer("Q1", value=3), answer("Q2", "suppressed", lower=1, upper=4),
            answer("Q3", "not_recorded"), answer("Q4", "no_response", coded_by="ledger")]
    checks.validate_answers(frame(rows, spec))


def test_the_schema_accepts_the_table_read_back_as_text(spec, tmp_path):
    from foi_missing.core.tables import read_csv, write_csv

    write_csv(frame([answer("Q1", value=3), answer("Q2", "not_held")], spec), tmp_path / "a.csv")
    checks.validate_answers(read_csv(tmp_path / "a.csv"))


@pytest.mark.parametrize("change, expected", [
    ({"status": "maybe"}, "isin"),
    ({"status": "not_recorded"}, "value is given exactly for reported answers"),
    ({"value": -1, "lower": -1, "upper": -1}, "greater_than_or_equal_to"),
    ({"lower": 2}, "reported: lower = value = upper"),
    ({"coded_by": "robot"}, "str_matches"),
    ({"nation": "Atlantis"}, "isin"),
])
def test_schema_failures_are_named(spec, change, expected):
    rows = [answer("Q1", value=3) | change]
    with pytest.raises(pa.errors.SchemaErrors, match=expected):
        checks.validate_answers(frame(rows, spec))


def test_suppressed_needs_an_ordered_interval(spec):
    rows = [answer("Q2", "suppressed", lower=5, upper=1)]
    with pytest.raises(pa.errors.SchemaErrors, match="suppressed: lower <= upper"):
        checks.validate_answers(frame(rows, spec))


def test_one_row_per_authority_question_period(spec):
    rows = [answer("Q1", value=3), answer("Q1", value=4)]
    with pytest.raises(pa.errors.SchemaErrors, match="duplicate|unique"):
        checks.validate_answers(frame(rows, spec))


def test_qa_schema_rejects_unknown_rules_and_severities(spec):
    with pytest.raises(pa.errors.SchemaErrors):
        checks.qa_frame([checks.qa_row("fatal", KENT, "Q1", "unparsed_answer", "m", "s")], spec)
    with pytest.raises(pa.errors.SchemaErrors):
        checks.qa_frame([checks.qa_row("error", KENT, "Q1", "made_up_rule", "m", "s")], spec)


# --- consistency findings ---------------------------------------------------------------------------------


def test_consistency_rules_within_an_authority_and_cohort(spec):
    rows = [answer("Q1", value=2), answer("Q2", value=3), answer("Q3", value=1), answer("Q4", value=4),
            answer("Q5", value=10), answer("Q6", value=2), answer("Q7", value=5), answer("Q8", value=0)]
    found = checks.consistency_findings(frame(rows, spec))
    assert rules(found) == [
        ("episodes_below_went_missing", "Q3", "warning"),
        ("not_found_exceeds_went_missing", "Q4", "warning"),
        ("went_missing_exceeds_in_care", "Q2", "warning"),
    ]
    assert "Q2: 3 children who went missing exceeds Q1: 2" in next(
        f["message"] for f in found if f["rule"] == "went_missing_exceeds_in_care")
    assert all(f["source"] == "replies/r.txt line 3" for f in found)


def test_consistency_only_between_reported_answers_of_one_cohort(spec):
    rows = [
        answer("Q1", "suppressed", lower=1, upper=4), answer("Q2", value=3),  # suppressed: no comparison
        answer("Q5", value=1, covers="Q1;Q5"), answer("Q6", value=3),  # combined figure: not one cohort
        answer("Q1", value=1, authority="E06000034"), answer("Q6", value=5, authority="E06000034"),
    ]
    assert checks.consistency_findings(frame(rows, spec)) == []


def test_consistency_adds_up_sub_cohorts_when_measures_are_asked_for_different_ones(repo_root):
    """2017: in care as 1a (identified) + 1b (suspected), went missing as 2a (of both)."""
    spec_2017 = load_round_spec(repo_root / "data" / "raw" / "2017")

    def lettered(base: str, label: str, sub: str, value: int, **extra) -> dict:
        return answer(base, value=value, **extra) | {"question": label, "sub_cohort": sub, "period": "2017"}

    over = [lettered("Q1", "1a", "identified", 4), lettered("Q1", "1b", "suspected", 2),
            lettered("Q2", "2a", "all", 8), lettered("Q3", "3a", "all", 40)]
    found = checks.consistency_findings(frame(over, spec_2017))
    assert rules(found) == [("went_missing_exceeds_in_care", "2a", "warning")]
    assert "2a: 8 children who went missing exceeds 1a+1b: 6 children in care" in found[0]["message"]
    # "1a and 1b together: 5" is the cohort's in-care figure too.
    together = [lettered("Q1", "1a", "identified", 5, covers="1a;1b"),
                answer("Q1", "included_elsewhere", refers_to="1a", covers="1a;1b")
                | {"question": "1b", "sub_cohort": "suspected", "period": "2017"},
                lettered("Q2", "2a", "all", 8), lettered("Q3", "3a", "all", 40)]
    found = checks.consistency_findings(frame(together, spec_2017))
    assert [f["message"].split(" (")[0] for f in found] == [
        "2a: 8 children who went missing exceeds 1a: 5 children in care"]


def test_other_period_combined_cohorts_and_unparsed_findings(spec):
    rows = [answer("Q1", value=8, covers="Q1;Q5"), answer("Q5", "included_elsewhere", refers_to="Q1",
                                                           covers="Q1;Q5"),
            answer("Q6", value=39, period_note="snapshot as at 2015-10-31"),
            answer("Q7", "unparsed", raw_text="about 20", note="approximate figure")]
    found = checks.findings(frame(rows, spec), spec)
    assert rules(found) == [("combined_cohorts", "Q1", "info"), ("other_period", "Q6", "warning"),
                            ("unparsed_answer", "Q7", "warning")]


def test_qa_rows_are_sorted_errors_first_then_authority_and_question_order(spec):
    rows = [checks.qa_row("info", "E2", "Q1", "combined_cohorts", "m", ""),
            checks.qa_row("warning", "E1", "Q8", "unparsed_answer", "m", ""),
            checks.qa_row("warning", "E1", "Q2", "unparsed_answer", "m", ""),
            checks.qa_row("error", "E3", "", "unreadable_reply", "m", "")]
    qa = checks.qa_frame(rows, spec)
    assert list(zip(qa["severity"], qa["authority_code"], qa["question"])) == [
        ("error", "E3", ""), ("warning", "E1", "Q2"), ("warning", "E1", "Q8"), ("info", "E2", "Q1")]
    assert list(qa.columns) == checks.QA_COLUMNS


# --- strict mode --------------------------------------------------------------------------------------------


def test_enforce_strict_lists_every_unparsed_answer_and_error(spec):
    answers = frame([answer("Q1", "unparsed", raw_text="some"), answer("Q2", "unparsed", raw_text="more"),
                     answer("Q3", value=1)], spec)
    qa = checks.qa_frame([checks.qa_row("error", KENT, "", "unreadable_reply", "replies/x.pdf: no reader",
                                        "replies/x.pdf"),
                          checks.qa_row("warning", KENT, "Q1", "unparsed_answer", "m", "")], spec)
    with pytest.raises(checks.StrictModeError) as error:
        checks.enforce_strict(answers, qa)
    message = str(error.value)
    assert "2 unparsed answer(s), 1 error finding(s)" in message
    assert "Q1: 'some'" in message.replace(f"unparsed {KENT} ", "") and "replies/x.pdf" in message


def test_enforce_strict_is_silent_on_warnings_only(spec):
    answers = frame([answer("Q1", value=2), answer("Q2", value=3)], spec)
    qa = checks.qa_frame(checks.findings(answers, spec), spec)
    assert len(qa) == 1
    checks.enforce_strict(answers, qa)


# --- qualified answers and other periods ---------------------------------------------------------------


def test_other_period_and_qualified_answers_are_told_apart(spec):
    rows = [
        answer("Q1", value=39, period_note="snapshot on 2015-06-12", note="39 as at 12 June"),
        answer("Q2", value=3, period_note='population: "includes care leavers"',
               note='"3"; qualified (population: "includes care leavers")'),
        answer("Q5", value=8, period_note="population: placed out of area",
               note="qualified: population: placed out of area"),
        answer("Q6", "not_recorded", period_note="population: placed out of area",
               coded_by="auto:qualified_excluded",
               note="figure 2 not counted (qualified: see period note; qualified_answers: exclude); "
                    "qualified: population: placed out of area"),
    ]
    found = {f["question"]: f for f in checks.other_period_findings(frame(rows, spec))}
    assert {q: f["rule"] for q, f in found.items()} == {
        "Q1": "other_period", "Q2": "qualified_answer", "Q5": "qualified_answer", "Q6": "qualified_answer"}
    assert all(f["severity"] == "warning" for f in found.values())
    assert found["Q1"]["message"].endswith("counted as the period asked")
    assert found["Q2"]["message"].endswith("counted as the figure asked (qualified_answers: count)")
    assert found["Q6"]["message"].endswith("not counted (qualified_answers: exclude)")


def test_findings_name_the_period_in_a_round_asking_about_several(repo_root):
    from dataclasses import replace

    base = load_round_spec(repo_root / "data" / "raw" / "2014-15")
    several = replace(base, questions=tuple(replace(q, periods=("2014-15", "2015-16")) if q.label == "Q1" else q
                                            for q in base.questions))
    rows = [answer("Q1", "unparsed", raw_text="about 3", note="approximate figure"),
            answer("Q2", "unparsed", raw_text="?", note="no rule recognised the text")]
    found = {f["question"]: f["message"] for f in checks.findings(frame(rows, base), several)
             if f["rule"] == "unparsed_answer"}
    assert found["Q1"].startswith("Q1 (2014-15): needs manual coding (approximate figure)")
    assert found["Q2"].startswith("Q2: needs manual coding (no rule recognised the text)")
    several = replace(base, questions=tuple(replace(q, periods=("2014-15", "2015-16")) for q in base.questions))
    rows = [answer("Q1", value=2), answer("Q2", value=5)]
    (finding,) = [f for f in checks.findings(frame(rows, base), several) if f["rule"] == "went_missing_exceeds_in_care"]
    assert finding["message"].startswith("2014-15: Q2: 5 children who went missing exceeds Q1: 2")
