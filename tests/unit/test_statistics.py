"""Statistics from the answers table (docs/design.md#counting-rules), on small hand-made tables."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from foi_missing.core.roundspec import RoundSpec, load_round_spec
from foi_missing.core.tables import read_csv, write_csv
from foi_missing.statistics.compute import (
    CONTRIBUTIONS_COLUMNS,
    STATISTICS_COLUMNS,
    build_statistics,
    compute_statistics,
    count_text,
    mean_text,
    official_comparison,
    official_statistics,
    percent_text,
    ranking_table,
    round_half_up,
)

from tests.conftest import computed_once

REPO_ROOT = Path(__file__).resolve().parents[2]


# --- building answers tables by hand -----------------------------------------------


def load_spec(round_id: str = "2014-15", **changes) -> RoundSpec:
    spec = load_round_spec(REPO_ROOT / "data" / "raw" / round_id)
    return dataclasses.replace(spec, **changes) if changes else spec


def make_answers(spec: RoundSpec, given: dict[str, dict[str, object]],
                 nations: dict[str, str] | None = None,
                 names: dict[str, str] | None = None) -> pd.DataFrame:
    """The ledger of ``given`` authorities x every question of ``spec``.

    ``given[code][label]`` is a number (reported), a tuple ``(lower, upper)``
    (suppressed), a status word, or a dict of columns (e.g. with ``covers``);
    questions not given are ``no_response``.
    """
    rows = []
    for code, answers in given.items():
        for question in spec.questions:
            answer = answers.get(question.label, "no_response")
            row = {
                "round": spec.round_id,
                "authority_code": code,
                "authority_name": (names or {}).get(code, f"Name {code}"),
                "nation": (nations or {}).get(code, "England"),
                "question": question.label,
                "cohort": question.cohort,
                "sub_cohort": question.sub_cohort,
                "measure": question.measure,
                "period": question.period,
                "status": "no_response",
                "value": None,
                "lower": None,
                "upper": None,
                "covers": "",
                "refers_to": "",
                "source_file": f"replies/{code}.txt",
                "source_location": f"line {len(rows) + 1}",
            }
            if isinstance(answer, dict):
                row.update(answer)
            elif isinstance(answer, tuple):
                row.update(status="suppressed", lower=answer[0], upper=answer[1])
            elif isinstance(answer, str):
                row.update(status=answer)
            else:
                row.update(status="reported", value=answer, lower=answer, upper=answer)
            rows.append(row)
    frame = pd.DataFrame(rows)
    for column in ("value", "lower", "upper"):
        frame[column] = frame[column].astype("Float64")
    return frame


def as_csv_strings(frame: pd.DataFrame, tmp_path: Path) -> pd.DataFrame:
    """The table as the pipeline reads it back from answers.csv (all text)."""
    path = tmp_path / "answers.csv"
    write_csv(frame, path)
    return read_csv(path)


def stat(statistics: pd.DataFrame, statistic_id: str) -> dict:
    rows = statistics.loc[statistics["statistic_id"] == statistic_id]
    assert len(rows) == 1, f"{statistic_id}: {len(rows)} rows"
    row = rows.iloc[0].to_dict()
    return {key: (None if not isinstance(v, str) and pd.isna(v) else v) for key, v in row.items()}


# --- printing ------------------------------------------------------------------------


def test_percent_rounds_half_up_not_to_even():
    assert percent_text(593, 4744) == "13%"  # exactly 12.5%
    assert round_half_up(Decimal("12.5")) == 13
    assert round(12.5) == 12  # what round() would have printed
    assert percent_text(167, 590) == "28%"
    assert percent_text(1, 8) == "13%"
    assert percent_text(5, 0) == ""


def test_mean_rounds_half_up_to_one_decimal():
    assert mean_text(49, 20) == "2.5"  # exactly 2.45
    assert round_half_up(2.45, 1) == Decimal("2.5")
    assert round_half_up("2.45", 1) == Decimal("2.5")
    assert mean_text(12, 5) == "2.4"
    assert mean_text(36, 5) == "7.2"


def test_counts_print_with_thousands_separators():
    assert count_text(4744) == "4,744"
    assert count_text(217) == "217"
    assert count_text(102590) == "102,590"


def test_end_to_end_uasc_rate_prints_13_percent():
    spec = load_spec()
    answers = make_answers(spec, {
        "E1": {"Q5": 4000, "Q6": 500},
        "E2": {"Q5": 744, "Q6": 93},
    })
    statistics, _ = compute_statistics(answers, spec)
    row = stat(statistics, "uasc_missing_pct")
    assert (row["numerator"], row["denominator"]) == (593, 4744)
    assert row["value"] == 12.5
    assert row["text"] == "13%"
    assert stat(statistics, "uasc_in_care")["text"] == "4,744"


def test_a_round_asking_about_one_cohort_has_no_combined_figures():
    """"Both cohorts together" of a round that asked only about unaccompanied children would be
    theirs under another name (and a report would call it trafficked and unaccompanied)."""
    full = load_spec()
    spec = dataclasses.replace(full, questions=tuple(q for q in full.questions if q.cohort == "uasc"))
    answers = make_answers(spec, {"E1": {"Q5": 40, "Q6": 5}, "E2": {"Q5": 20, "Q6": 3}})
    statistics, _ = compute_statistics(answers, spec)
    ids = set(statistics["statistic_id"])
    assert "uasc_missing_pct" in ids
    assert not {sid for sid in ids if "combined" in sid or sid == "not_found_total"}


# --- the output contract ---------------------------------------------------------------


def test_columns_and_ids(tmp_path):
    spec = load_spec()
    answers = make_answers(spec, {"E1": {"Q1": 3, "Q5": 10}, "W1": {"Q5": 2}},
                           nations={"W1": "Wales"})
    statistics, contributions = compute_statistics(as_csv_strings(answers, tmp_path), spec)
    assert list(statistics.columns) == list(STATISTICS_COLUMNS)
    assert list(contributions.columns) == list(CONTRIBUTIONS_COLUMNS)
    ids = set(statistics["statistic_id"])
    for cohort in ("trafficked", "uasc", "combined"):
        for measure in ("in_care", "went_missing", "missing_pct", "authorities_with_missing",
                        "missing_episodes", "mean_episodes", "not_found"):
            assert f"{cohort}_{measure}" in ids
            assert f"nation:Wales:{cohort}_{measure}" in ids
        for measure in ("in_care", "went_missing", "missing_episodes", "not_found"):
            assert f"authority:E1:{cohort}_{measure}" in ids
    for sid in ("authorities_asked", "authorities_responded", "not_found_total",
                "authorities_with_not_found", "ranking_most_went_missing",
                "nation:England:authorities_asked"):
        assert sid in ids
    assert statistics["statistic_id"].is_unique
    assert stat(statistics, "nation:Wales:uasc_in_care")["value"] == 2
    assert stat(statistics, "authority:E1:uasc_in_care")["value"] == 10
    # A single-period round has no period-prefixed ids.
    assert not any(i.startswith("period:") for i in ids)


def test_authorities_asked_and_responded():
    spec = load_spec()
    answers = make_answers(spec, {
        "E1": {"Q1": 3},
        "E2": {label: "refused_cost" for label in spec.question_labels},
        "E3": {},  # nothing received
    })
    statistics, _ = compute_statistics(answers, spec)
    assert stat(statistics, "authorities_asked")["value"] == 3
    assert stat(statistics, "authorities_responded")["value"] == 2
    assert stat(statistics, "authorities_asked")["text"] == "3"


def test_asked_must_agree_with_the_ledger():
    spec = load_spec()
    answers = make_answers(spec, {"E1": {"Q1": 3}})
    compute_statistics(answers, spec, asked=1)
    with pytest.raises(ValueError, match="request log says 2.*1 authorities"):
        compute_statistics(answers, spec, asked=2)


# --- counting rules -------------------------------------------------------------------


def test_value_sums_reported_answers_and_bounds_add_suppressed_intervals():
    spec = load_spec()
    answers = make_answers(spec, {
        "E1": {"Q2": 10},
        "E2": {"Q2": (1, 4)},  # "fewer than 5"
        "E3": {"Q2": (0, 5)},  # "5 or less"
        "E4": {"Q2": "not_held"},
    })
    statistics, _ = compute_statistics(answers, spec)
    row = stat(statistics, "trafficked_went_missing")
    assert row["value"] == 10
    assert (row["lower"], row["upper"]) == (11, 19)
    assert row["value"] <= row["lower"]  # a suppressed answer with lower >= 1
    assert row["authorities"] == 1
    assert row["text"] == "10"


def test_bounds_equal_value_without_suppression(tmp_path):
    spec = load_spec()
    answers = make_answers(spec, {"E1": {"Q5": 985}, "E2": {"Q5": 15}})
    statistics, _ = compute_statistics(as_csv_strings(answers, tmp_path), spec)
    row = stat(statistics, "uasc_in_care")
    assert (row["value"], row["lower"], row["upper"]) == (1000, 1000, 1000)
    assert row["text"] == "1,000"


def test_included_elsewhere_contributes_nothing():
    spec = load_spec("2017")
    answers = make_answers(spec, {
        "E1": {"1a": {"status": "reported", "value": 8, "lower": 8, "upper": 8,
                      "covers": "1a;1b"},
               "1b": {"status": "included_elsewhere", "refers_to": "1a"}},
    })
    statistics, contributions = compute_statistics(answers, spec)
    assert stat(statistics, "trafficked_in_care")["value"] == 8
    used = contributions[contributions["statistic_id"] == "trafficked_in_care"]
    assert list(used["question"]) == ["1a"]


def test_covers_within_one_cohort_counts_once_in_that_cohort():
    spec = load_spec("2017")
    joint = {"status": "reported", "value": 8, "lower": 8, "upper": 8, "covers": "1a;1b"}
    answers = make_answers(spec, {
        # the joint figure repeated on both rows: counted once
        "E1": {"1a": dict(joint), "1b": dict(joint), "1c": 20},
        "E2": {"1a": 3, "1b": 2, "1c": 5},  # sub-cohorts summed into the cohort
    })
    statistics, _ = compute_statistics(answers, spec)
    assert stat(statistics, "trafficked_in_care")["value"] == 13
    assert stat(statistics, "uasc_in_care")["value"] == 25
    assert stat(statistics, "combined_in_care")["value"] == 38
    assert stat(statistics, "authority:E1:trafficked_in_care")["value"] == 8
    assert stat(statistics, "trafficked_in_care")["authorities"] == 2


def test_covers_across_cohorts_counts_only_in_combined():
    spec = load_spec()
    answers = make_answers(spec, {
        "E1": {"Q1": {"status": "reported", "value": 8, "lower": 8, "upper": 8,
                      "covers": "Q1;Q5"},
               "Q5": {"status": "included_elsewhere", "refers_to": "Q1"},
               "Q2": 1, "Q6": 2},
        "E2": {"Q1": 4, "Q5": 40, "Q2": 2, "Q6": 10},
    })
    statistics, _ = compute_statistics(answers, spec)
    assert stat(statistics, "trafficked_in_care")["value"] == 4
    assert stat(statistics, "uasc_in_care")["value"] == 40
    assert stat(statistics, "combined_in_care")["value"] == 52  # 4 + 40 + 8
    assert stat(statistics, "authority:E1:trafficked_in_care")["value"] is None
    assert stat(statistics, "authority:E1:combined_in_care")["value"] == 8
    # E1's went-missing figures still count in their cohorts' numerators.
    assert stat(statistics, "trafficked_missing_pct")["numerator"] == 3
    assert stat(statistics, "trafficked_missing_pct")["denominator"] == 4
    assert stat(statistics, "combined_missing_pct")["denominator"] == 52


def test_covers_naming_an_unknown_question_is_an_error():
    spec = load_spec()
    answers = make_answers(spec, {"E1": {"Q1": {"status": "reported", "value": 8, "lower": 8,
                                                "upper": 8, "covers": "Q1;Q9"}}})
    with pytest.raises(ValueError, match="Q9"):
        compute_statistics(answers, spec)


def test_rate_denominator_all_reporting_in_care_vs_matched():
    given = {
        "E1": {"Q1": 10, "Q2": 5},
        "E2": {"Q1": 10, "Q2": "not_held"},  # in care only
        "E3": {"Q1": "not_held", "Q2": 3},  # went missing only
    }
    spec = load_spec()
    statistics, _ = compute_statistics(make_answers(spec, given), spec)
    row = stat(statistics, "trafficked_missing_pct")
    assert (row["numerator"], row["denominator"], row["authorities"]) == (8, 20, 2)
    assert row["text"] == "40%"

    matched = load_spec(rate_denominator="matched")
    statistics, _ = compute_statistics(make_answers(matched, given), matched)
    row = stat(statistics, "trafficked_missing_pct")
    assert (row["numerator"], row["denominator"], row["authorities"]) == (5, 10, 1)
    assert row["text"] == "50%"


def test_rate_bounds_include_withheld_numbers():
    spec = load_spec()
    answers = make_answers(spec, {"E1": {"Q5": 100, "Q6": 10}, "E2": {"Q5": 50, "Q6": (1, 4)}})
    statistics, _ = compute_statistics(answers, spec)
    row = stat(statistics, "uasc_missing_pct")
    assert row["text"] == "7%"  # 10 of 150
    assert row["lower"] == pytest.approx(11 / 150 * 100)
    assert row["upper"] == pytest.approx(14 / 150 * 100)


def test_mean_episodes_over_authorities_reporting_both():
    spec = load_spec()
    answers = make_answers(spec, {
        "E1": {"Q2": 5, "Q3": 12},
        "E2": {"Q2": 4, "Q3": "not_recorded"},  # went missing only: left out
        "E3": {"Q2": "not_held", "Q3": 30},  # episodes only: left out
        "E4": {"Q2": 15, "Q3": 37},
    })
    statistics, contributions = compute_statistics(answers, spec)
    row = stat(statistics, "trafficked_mean_episodes")
    assert (row["numerator"], row["denominator"], row["authorities"]) == (49, 20, 2)
    assert row["text"] == "2.5"  # 2.45 half up
    assert stat(statistics, "trafficked_missing_episodes")["value"] == 79
    used = contributions[(contributions["statistic_id"] == "trafficked_mean_episodes")
                         & contributions["value_used"].notna()]
    assert sorted(used["authority_code"].unique()) == ["E1", "E4"]


def test_authorities_with_missing_and_its_upper_bound():
    spec = load_spec()
    answers = make_answers(spec, {
        "E1": {"Q2": 5},
        "E2": {"Q2": 0},
        "E3": {"Q2": (1, 4)},  # certainly at least 1
        "E4": {"Q2": (0, 5)},  # perhaps none
        "E5": {"Q2": "refused_cost"},
    })
    statistics, _ = compute_statistics(answers, spec)
    row = stat(statistics, "trafficked_authorities_with_missing")
    assert (row["value"], row["lower"], row["upper"]) == (1, 2, 3)
    assert row["authorities"] == 2  # E1 and E2 reported a figure


def test_not_found_total_is_both_cohorts():
    spec = load_spec()
    answers = make_answers(spec, {"E1": {"Q4": 3, "Q8": 50}, "E2": {"Q4": 0, "Q8": 4},
                                  "E3": {"Q4": 0, "Q8": 0}})
    statistics, _ = compute_statistics(answers, spec)
    assert stat(statistics, "not_found_total")["value"] == 57
    assert stat(statistics, "trafficked_not_found")["value"] == 3
    assert stat(statistics, "authorities_with_not_found")["value"] == 2


def test_ranking_orders_by_trafficked_plus_uasc_went_missing():
    spec = load_spec()
    answers = make_answers(spec, {
        "E5": {"Q2": 1, "Q6": 40},
        "E1": {"Q2": 30, "Q6": 160},
        "E2": {"Q6": (1, 4)},  # withheld: not ranked
        "E3": {"Q2": 2, "Q6": 20},
        "E4": {"Q6": 60},
        "E6": {"Q6": 5},
    }, names={"E1": "Kent", "E3": "Croydon", "E4": "Thurrock", "E5": "Hillingdon"})
    statistics, contributions = compute_statistics(answers, spec)
    row = stat(statistics, "ranking_most_went_missing")
    assert row["value"] == "E1;E4;E5;E3"
    assert row["text"] == "Kent, Thurrock, Hillingdon and Croydon"
    assert row["authorities"] == 5
    ranking = ranking_table(statistics)
    assert list(ranking["authority_code"]) == ["E1", "E4", "E5", "E3", "E6"]
    assert set(contributions.loc[contributions["statistic_id"] == "ranking_most_went_missing",
                                 "status"]) == {"reported"}


def test_ranking_ties_share_a_rank_and_a_tie_at_fourth_lists_all():
    spec = load_spec()
    answers = make_answers(spec, {
        "E9": {"Q6": 8}, "E1": {"Q6": 10}, "E3": {"Q6": 8},
        "E7": {"Q6": 5}, "E4": {"Q6": 5}, "E2": {"Q6": 1},
    })
    statistics, _ = compute_statistics(answers, spec)
    row = stat(statistics, "ranking_most_went_missing")
    # 10 (1st), 8 and 8 (2nd, by GSS code), 5 and 5 (both 4th): five codes.
    assert row["value"] == "E1;E3;E9;E4;E7"
    assert list(ranking_table(statistics)["rank"]) == [1, 2, 2, 4, 4, 6]


def test_contributions_trace_every_national_figure():
    spec = load_spec()
    answers = make_answers(spec, {"E1": {"Q5": 100, "Q6": 10}, "E2": {"Q5": 50, "Q6": (1, 4)}})
    statistics, contributions = compute_statistics(answers, spec)
    part = contributions[contributions["statistic_id"] == "uasc_went_missing"]
    assert len(part) == 2
    by_code = part.set_index("authority_code")
    assert by_code.loc["E1", "value_used"] == 10
    assert pd.isna(by_code.loc["E2", "value_used"])
    assert (by_code.loc["E2", "lower_used"], by_code.loc["E2", "upper_used"]) == (1, 4)
    # Every counted national figure's value is the sum of its contributions' value_used.
    for sid in ("uasc_in_care", "uasc_went_missing", "combined_in_care"):
        used = contributions.loc[contributions["statistic_id"] == sid, "value_used"].sum()
        assert used == stat(statistics, sid)["value"]


def test_reads_answers_as_text_from_csv(tmp_path):
    spec = load_spec()
    answers = make_answers(spec, {"E1": {"Q1": 3, "Q2": (1, 4)}, "E2": {"Q1": 7}})
    typed, _ = compute_statistics(answers, spec)
    text, _ = compute_statistics(as_csv_strings(answers, tmp_path), spec)
    pd.testing.assert_frame_equal(typed, text)


def test_same_answers_same_table(tmp_path):
    spec = load_spec()
    answers = make_answers(spec, {"E2": {"Q1": 3, "Q2": (1, 4)}, "E1": {"Q1": 7, "Q5": 9}})
    first, _ = compute_statistics(answers, spec)
    second, _ = compute_statistics(answers.sample(frac=1, random_state=3), spec)
    write_csv(first, tmp_path / "a.csv")
    write_csv(second, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_multi_period_round_pools_and_prefixes(tmp_path):
    base = load_spec()
    periods = (dataclasses.replace(base.periods[0], id="2021", label="2021"),
               dataclasses.replace(base.periods[0], id="2022", label="2022"))
    questions = tuple(
        dataclasses.replace(q, label=f"{q.label}-{p.id}", periods=(p.id,))
        for p in periods for q in base.questions
    )
    spec = dataclasses.replace(base, periods=periods, questions=questions)
    answers = make_answers(spec, {"E1": {"Q5-2021": 10, "Q6-2021": 2, "Q5-2022": 20,
                                         "Q6-2022": 6}})
    statistics, _ = compute_statistics(answers, spec)
    assert stat(statistics, "uasc_in_care")["value"] == 30
    assert stat(statistics, "period:2021:uasc_in_care")["value"] == 10
    assert stat(statistics, "period:2022:uasc_missing_pct")["text"] == "30%"
    assert stat(statistics, "authority:E1:uasc_went_missing")["value"] == 8


def test_per_authority_text_says_what_was_answered():
    spec = load_spec()
    answers = make_answers(spec, {"E1": {"Q1": 985, "Q2": (1, 4), "Q3": "not_held"}})
    statistics, _ = compute_statistics(answers, spec)
    assert stat(statistics, "authority:E1:trafficked_in_care")["text"] == "985"
    assert stat(statistics, "authority:E1:trafficked_went_missing")["text"] == "withheld: 1 to 4"
    assert stat(statistics, "authority:E1:trafficked_missing_episodes")["text"] == "not held"
    assert stat(statistics, "authority:E1:trafficked_not_found")["text"] == "no response"


# --- official statistics (DfE) --------------------------------------------------------


def dfe_england_table() -> pd.DataFrame:
    return pd.DataFrame({
        "year": pd.array([2015, 2016, 2017], dtype="Int64"),
        "looked_after_during_year": pd.array([99230, 100810, 102590], dtype="Int64"),
        "went_missing_during_year": pd.array([6110, 8670, 10700], dtype="Int64"),
    })


def test_dfe_england_rate_for_the_nearest_year():
    statistics = official_statistics(dfe_england_table(), load_spec("2017"))
    row = stat(statistics, "dfe_england_missing_pct")
    assert (row["numerator"], row["denominator"]) == (10700, 102590)
    assert row["text"] == "10,700 of 102,590 (10%)"
    assert stat(statistics, "dfe_england_year")["value"] == 2017
    earlier = official_statistics(dfe_england_table(), load_spec("2014-15"))
    assert stat(earlier, "dfe_england_year")["value"] == 2015


def test_build_statistics_puts_official_rows_after_the_national_ones():
    spec = load_spec("2017")
    answers = make_answers(spec, {"E1": {"1c": 5}})
    statistics, _ = build_statistics(answers, spec, dfe_england_table())
    ids = list(statistics["statistic_id"])
    assert ids.index("dfe_england_missing_pct") < ids.index("nation:England:authorities_asked")
    assert ids.index("ranking_most_went_missing") < ids.index("dfe_england_missing_pct")
    assert stat(statistics, "dfe_england_year")["value"] == 2017


def test_official_comparison_warns_when_foi_below_dfe_snapshot():
    spec = load_spec()
    answers = make_answers(spec, {
        "E1": {"Q5": 12},  # below DfE's 20 at 31 March
        "E2": {"Q5": 40},
        "E3": {"Q5": (1, 4)},  # upper 4 < 9
        "E4": {"Q5": 3},  # DfE suppressed: no comparison
        "W1": {"Q5": 1},  # not England
    }, nations={"W1": "Wales"}, names={"E1": "Kent"})
    dfe_la = pd.DataFrame({
        "year": [2015, 2015, 2015, 2015, 2016],
        "gss_code": ["E1", "E2", "E3", "E4", "E1"],
        "uasc_31_march": pd.array([20, 35, 9, None, 99], dtype="Int64"),
        "uasc_31_march_flag": ["", "", "", "x", ""],
    })
    comparison, qa = official_comparison(answers, spec, dfe_la)
    assert list(comparison["gss_code"]) == ["E1", "E2", "E3", "E4"]
    assert set(comparison["dfe_year"]) == {2015}
    assert list(comparison["fewer_than_dfe_snapshot"]) == ["true", "false", "true", "false"]
    assert comparison.loc[comparison["gss_code"] == "E4", "dfe_uasc_31_march_flag"].item() == "x"
    assert list(qa.columns) == ["severity", "authority_code", "question", "rule", "message",
                                "source"]
    assert list(qa["authority_code"]) == ["E1", "E3"]
    assert set(qa["rule"]) == {"fewer_than_dfe_snapshot"}
    assert set(qa["severity"]) == {"warning"}
    assert set(qa["question"]) == {"Q5"}
    message = qa.iloc[0]["message"]
    assert "Kent" in message and "12" in message and "20" in message and "2015" in message
    assert qa.iloc[0]["source"].startswith("replies/E1.txt")


# --- the reconstructed corpora: their answer keys ------------------------------------------

CORPUS_ROUNDS = ("2014-15", "2017", "2018-20", "2021-24")


def truth_path(round_id: str) -> Path:
    return REPO_ROOT / "tests" / "fixtures" / "truth" / f"{round_id}.csv"


def expected_path(round_id: str) -> Path:
    return REPO_ROOT / "tests" / "fixtures" / "expected" / f"{round_id}_statistics.csv"


@pytest.fixture(scope="module")
def truth_statistics(tmp_path_factory):
    """``round_id -> statistics`` computed from the round's answer key as the statistics step
    does (``tools/update_expected_statistics.expected_statistics``: the answer key in the
    answers table's columns, through ``build_statistics`` with the DfE table); each round
    computed once per test run for the two tests below."""
    from tools.update_expected_statistics import expected_statistics

    def statistics_of(round_id: str) -> pd.DataFrame:
        return computed_once(tmp_path_factory, f"truth_statistics_{round_id}",
                             lambda: expected_statistics(truth_path(round_id), load_spec(round_id)))

    return statistics_of


@pytest.mark.parametrize("round_id", CORPUS_ROUNDS)
def test_truth_table_reproduces_every_published_figure(round_id, truth_statistics):
    """Every figure the round reproduces (2017: version B, and DfE's England rate beside it)
    matches, computed from the answer key as the statistics step does."""
    from foi_missing.statistics.reproduction import compare

    if not truth_path(round_id).exists():
        pytest.skip("answer key not generated yet")
    statistics = truth_statistics(round_id)
    reproduction = compare(statistics, REPO_ROOT / "data" / "published" / f"{round_id}.yaml")
    reproduce = reproduction[reproduction["role"] == "reproduce"]
    assert not reproduce.empty
    failed = reproduce[reproduce["match"] != "true"]
    assert failed.empty, failed[["statistic_id", "published_text", "computed_text", "note"]]


@pytest.mark.parametrize("round_id", CORPUS_ROUNDS)
def test_expected_statistics_table_is_up_to_date(round_id, tmp_path, truth_statistics):
    """The committed back-test table is what the truth gives
    (regenerate: uv run python tools/update_expected_statistics.py <round>)."""
    if not (truth_path(round_id).exists() and expected_path(round_id).exists()):
        pytest.skip("answer key or expected table not generated yet")
    path = tmp_path / "statistics.csv"
    write_csv(truth_statistics(round_id), path)
    assert path.read_bytes() == expected_path(round_id).read_bytes()
