"""Computed statistics against published figures: precision, roles, schema."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from foi_missing.core.tables import read_csv, write_csv
from foi_missing.statistics.compute import STATISTICS_COLUMNS
from foi_missing.statistics.reproduction import (
    REPRODUCTION_COLUMNS,
    PublishedFiguresError,
    ReproductionMismatch,
    compare,
    empty_reproduction,
    fail_on_mismatch,
    load_published,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SOURCE = {"description": "A press release", "url": "https://example.org/release"}


def statistics_table(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for column in STATISTICS_COLUMNS:
        if column not in frame:
            frame[column] = None
    return frame[list(STATISTICS_COLUMNS)]


def published(tmp_path: Path, figures: list[dict], round_id: str = "2099") -> Path:
    for figure in figures:
        figure.setdefault("source", SOURCE)
    path = tmp_path / f"{round_id}.yaml"
    path.write_text(yaml.safe_dump({"round": round_id, "figures": figures}, sort_keys=False))
    return path


def by_id(reproduction: pd.DataFrame) -> dict[str, dict]:
    return {row["statistic_id"]: row for row in reproduction.to_dict("records")}


COMPUTED = statistics_table([
    {"statistic_id": "uasc_in_care", "value": 4744, "text": "4,744"},
    {"statistic_id": "trafficked_missing_pct", "value": 27.5, "numerator": 55,
     "denominator": 200, "text": "28%"},
    {"statistic_id": "uasc_missing_pct", "value": 12.5, "numerator": 593,
     "denominator": 4744, "text": "13%"},
    {"statistic_id": "trafficked_mean_episodes", "value": 2.45, "numerator": 49,
     "denominator": 20, "text": "2.5"},
    {"statistic_id": "combined_missing_pct", "value": 16.78869402, "numerator": 986,
     "denominator": 5873, "text": "17%"},
    {"statistic_id": "ranking_most_went_missing", "value": "E1;E2;E3;E4",
     "text": "A, B, C and D"},
])


def test_match_at_the_published_precision(tmp_path):
    path = published(tmp_path, [
        {"statistic_id": "uasc_in_care", "text": "4,744", "value": 4744},
        # 27.5 computed rounds half up to 28: a match at whole-percent precision.
        {"statistic_id": "trafficked_missing_pct", "text": "28%", "value": 28, "unit": "percent"},
        {"statistic_id": "uasc_missing_pct", "text": "13%", "value": 13, "unit": "percent"},
        {"statistic_id": "trafficked_mean_episodes", "text": "2.5", "value": 2.5, "unit": "mean"},
        {"statistic_id": "combined_missing_pct", "text": "over 1 in 6", "value": 16.79,
         "numerator": 986, "denominator": 5873, "unit": "ratio"},
        {"statistic_id": "ranking_most_went_missing", "text": "A, B, C and D",
         "value": ["E1", "E2", "E3", "E4"], "unit": "ranking"},
    ])
    reproduction = compare(COMPUTED, path)
    assert list(reproduction.columns) == list(REPRODUCTION_COLUMNS)
    assert list(reproduction["match"]) == ["true"] * 6
    rows = by_id(reproduction)
    assert rows["trafficked_missing_pct"]["computed_value"] == "27.5"
    assert rows["trafficked_missing_pct"]["computed_text"] == "28%"
    assert "rounds to 28" in rows["trafficked_missing_pct"]["note"]
    assert rows["ranking_most_went_missing"]["published_value"] == "E1;E2;E3;E4"
    assert rows["uasc_in_care"]["source"] == "A press release (https://example.org/release)"


def test_mismatches_at_the_published_precision(tmp_path):
    path = published(tmp_path, [
        {"statistic_id": "uasc_in_care", "text": "4,745", "value": 4745},
        {"statistic_id": "trafficked_missing_pct", "text": "27%", "value": 27, "unit": "percent"},
        {"statistic_id": "trafficked_mean_episodes", "text": "2.4", "value": 2.4, "unit": "mean"},
        # Same percentage, other numbers: a ratio compares numerator and denominator.
        {"statistic_id": "combined_missing_pct", "text": "over 1 in 6", "value": 16.79,
         "numerator": 1972, "denominator": 11746, "unit": "ratio"},
        # Same authorities, other order.
        {"statistic_id": "ranking_most_went_missing", "text": "B, A, C and D",
         "value": ["E2", "E1", "E3", "E4"], "unit": "ranking"},
    ])
    reproduction = compare(COMPUTED, path)
    assert list(reproduction["match"]) == ["false"] * 5
    rows = by_id(reproduction)
    assert "computed 4744" in rows["uasc_in_care"]["note"]
    assert "computed 986 / 5873" in rows["combined_missing_pct"]["note"]


def test_percent_uses_the_exact_ratio_not_a_rounded_float(tmp_path):
    # 1 / 8 = 12.5% exactly: half up gives 13 even if the stored float were 12.4999999.
    computed = statistics_table([{"statistic_id": "uasc_missing_pct", "value": 12.4999999,
                                  "numerator": 1, "denominator": 8, "text": "13%"}])
    path = published(tmp_path, [{"statistic_id": "uasc_missing_pct", "text": "13%", "value": 13,
                                 "unit": "percent"}])
    assert compare(computed, path)["match"].item() == "true"


def test_conflicting_rows_have_no_match(tmp_path):
    path = published(tmp_path, [
        {"statistic_id": "uasc_in_care", "text": "4,744", "value": 4744, "version": "B"},
        {"statistic_id": "uasc_in_care", "text": "4,765", "value": 4765, "version": "A",
         "role": "conflicting"},
    ])
    reproduction = compare(COMPUTED, path)
    assert list(reproduction["role"]) == ["reproduce", "conflicting"]
    conflicting = reproduction.iloc[1]
    assert conflicting["match"] == ""
    assert conflicting["computed_text"] == "4,744"
    assert "Conflicting publication (version A)" in conflicting["note"]


def test_conflicting_match_is_empty_in_the_written_table(tmp_path):
    path = published(tmp_path, [
        {"statistic_id": "uasc_in_care", "text": "4,765", "value": 4765, "role": "conflicting"},
    ])
    write_csv(compare(COMPUTED, path), tmp_path / "reproduction.csv")
    assert read_csv(tmp_path / "reproduction.csv")["match"].isna().all()


def test_a_statistic_the_pipeline_does_not_compute(tmp_path):
    path = published(tmp_path, [
        {"statistic_id": "children_trafficked_twice", "text": "12", "value": 12,
         "note": "From the report's case studies."},
    ])
    row = compare(COMPUTED, path).iloc[0]
    assert row["match"] == "false"
    assert row["computed_text"] == ""
    assert row["note"].startswith("The pipeline does not compute this statistic.")
    assert "case studies" in row["note"]


def test_empty_computed_value_does_not_match(tmp_path):
    computed = statistics_table([{"statistic_id": "uasc_in_care", "value": None,
                                  "text": "no reported figure"}])
    path = published(tmp_path, [{"statistic_id": "uasc_in_care", "text": "4,744", "value": 4744}])
    assert compare(computed, path)["match"].item() == "false"


def test_reads_statistics_back_from_csv(tmp_path):
    write_csv(COMPUTED, tmp_path / "statistics.csv")
    path = published(tmp_path, [
        {"statistic_id": "uasc_in_care", "text": "4,744", "value": 4744},
        {"statistic_id": "trafficked_missing_pct", "text": "28%", "value": 28, "unit": "percent"},
        {"statistic_id": "ranking_most_went_missing", "text": "A, B, C and D",
         "value": ["E1", "E2", "E3", "E4"], "unit": "ranking"},
    ])
    reproduction = compare(read_csv(tmp_path / "statistics.csv"), path)
    assert list(reproduction["match"]) == ["true"] * 3


def test_schema_error_names_the_file_and_the_key(tmp_path):
    path = tmp_path / "2099.yaml"
    path.write_text(yaml.safe_dump({"round": "2099", "figures": [
        {"statistic_id": "uasc_in_care", "text": "4,744", "value": 4744, "source": SOURCE,
         "units": "count"},
        {"statistic_id": "x", "text": "over 1 in 6", "value": 16.79, "unit": "ratio",
         "source": SOURCE},
    ]}))
    with pytest.raises(PublishedFiguresError) as error:
        compare(COMPUTED, path)
    message = str(error.value)
    assert str(path) in message
    assert "published.schema.yaml" in message
    assert "figures/0" in message and "units" in message
    assert "figures/1" in message and "numerator" in message


def test_unreadable_or_missing_file(tmp_path):
    with pytest.raises(PublishedFiguresError, match="not found"):
        compare(COMPUTED, tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("figures: [unclosed")
    with pytest.raises(PublishedFiguresError, match="bad.yaml: not valid YAML"):
        compare(COMPUTED, bad)


def test_the_round_must_agree(tmp_path):
    path = published(tmp_path, [{"statistic_id": "uasc_in_care", "text": "4,744",
                                 "value": 4744}])
    with pytest.raises(PublishedFiguresError, match="round '2099', not '2017'"):
        compare(COMPUTED, path, round_id="2017")


def test_two_reproduce_figures_for_one_statistic_is_an_error(tmp_path):
    path = published(tmp_path, [
        {"statistic_id": "uasc_in_care", "text": "4,744", "value": 4744},
        {"statistic_id": "uasc_in_care", "text": "4,765", "value": 4765},
    ])
    with pytest.raises(PublishedFiguresError, match="listed twice"):
        compare(COMPUTED, path)


@pytest.mark.parametrize("figure, kind", [
    ({"statistic_id": "trafficked_missing_pct", "text": "24", "value": 24}, "rate"),
    ({"statistic_id": "uasc_in_care", "text": "12%", "value": 12, "unit": "percent"}, "count"),
    ({"statistic_id": "uasc_missing_pct", "text": "2.4", "value": 2.4, "unit": "mean"}, "rate"),
])
def test_a_unit_the_registry_contradicts_is_an_error_naming_the_figure(tmp_path, figure, kind):
    path = published(tmp_path, [{"statistic_id": "uasc_went_missing", "text": "5", "value": 5},
                                figure])
    with pytest.raises(PublishedFiguresError, match=rf"figures/1: .* is a {kind} in the statistic"):
        compare(COMPUTED, path)


def test_fail_on_mismatch_lists_the_mismatched_rows(tmp_path):
    path = published(tmp_path, [
        {"statistic_id": "uasc_in_care", "text": "4,744", "value": 4744},
        {"statistic_id": "trafficked_missing_pct", "text": "24%", "value": 24, "unit": "percent"},
        {"statistic_id": "not_found_total", "text": "207", "value": 207},
        {"statistic_id": "uasc_in_care", "text": "4,765", "value": 4765, "role": "conflicting"},
    ])
    reproduction = compare(COMPUTED, path)
    with pytest.raises(ReproductionMismatch) as error:
        fail_on_mismatch(reproduction, "results/2099/reproduction.csv")
    message = str(error.value)
    assert "2 published figure(s) not reproduced" in message
    assert "trafficked_missing_pct: published '24%', computed '28%'" in message
    assert "not_found_total: published '207', computed '(not computed)'" in message
    assert "uasc_in_care" not in message  # matched, and its conflicting row is not judged


def test_fail_on_mismatch_is_quiet_when_all_match(tmp_path):
    path = published(tmp_path, [{"statistic_id": "uasc_in_care", "text": "4,744",
                                 "value": 4744}])
    fail_on_mismatch(compare(COMPUTED, path))
    fail_on_mismatch(empty_reproduction())


def test_the_repository_published_2014_15_file_is_valid():
    document = load_published(REPO_ROOT / "data" / "published" / "2014-15.yaml", "2014-15")
    assert len(document["figures"]) == 15


def test_the_repository_published_2017_file_is_valid():
    document = load_published(REPO_ROOT / "data" / "published" / "2017.yaml", "2017")
    roles = [figure.get("role", "reproduce") for figure in document["figures"]]
    assert roles.count("conflicting") == 9
