"""Statistics of rounds asking about several periods: per period, the
matched set, the overlap question 1d, and a partial period never pooled."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from foi_missing.core.roundspec import load_round_spec
from foi_missing.statistics.compute import compute_statistics, official_statistics
from foi_missing.statistics.reproduction import compare, load_published

REPO_ROOT = Path(__file__).resolve().parents[2]
LATER_ROUNDS = ("2018-20", "2021-24")


def spec_of(round_id: str):
    return load_round_spec(REPO_ROOT / "data" / "raw" / round_id)


def ledger(spec, given: dict[str, dict[tuple[str, str], object]]) -> pd.DataFrame:
    """Authorities x questions x periods; ``given[code][(label, period)]`` is a number
    (reported), ``(lower, upper)`` (suppressed) or a status; the rest no_response."""
    rows = []
    for code, answers in given.items():
        for question in spec.questions:
            for period in question.periods:
                answer = answers.get((question.label, period), "no_response")
                row = {"round": spec.round_id, "authority_code": code,
                       "authority_name": f"Name {code}", "nation": "England",
                       "question": question.label, "cohort": question.cohort,
                       "sub_cohort": question.sub_cohort, "measure": question.measure,
                       "period": period, "status": "no_response", "value": None,
                       "lower": None, "upper": None, "covers": ""}
                if isinstance(answer, tuple):
                    row.update(status="suppressed", lower=answer[0], upper=answer[1])
                elif isinstance(answer, str):
                    row.update(status=answer)
                else:
                    row.update(status="reported", value=answer, lower=answer, upper=answer)
                rows.append(row)
    return pd.DataFrame(rows)


def stat(statistics: pd.DataFrame, statistic_id: str) -> dict:
    rows = statistics.loc[statistics["statistic_id"] == statistic_id]
    assert len(rows) == 1, f"{statistic_id}: {len(rows)} rows"
    return {k: (None if not isinstance(v, str) and pd.isna(v) else v)
            for k, v in rows.iloc[0].to_dict().items()}


def ids(statistics: pd.DataFrame) -> set[str]:
    return set(statistics["statistic_id"])


# --- the round specifications and published files ------------------------------------


@pytest.mark.parametrize("round_id", LATER_ROUNDS)
def test_later_round_specs_load_with_several_periods(round_id):
    spec = spec_of(round_id)
    assert len(spec.periods) >= 3
    assert all(len(q.periods) == len(spec.periods) for q in spec.questions)


def test_2021_24_has_a_partial_period_the_overlap_and_matched_rates():
    spec = spec_of("2021-24")
    last = spec.period("2024")
    assert (last.start.isoformat(), last.end.isoformat()) == ("2024-01-01", "2024-04-30")
    assert spec.question("1d").cohort == "overlap"
    assert spec.rate_denominator == "matched"


def test_new_rounds_are_built():
    import yaml

    rounds = yaml.safe_load((REPO_ROOT / "config.yaml").read_text())["rounds"]
    assert set(LATER_ROUNDS) <= set(rounds)
    for round_id in LATER_ROUNDS:
        assert (REPO_ROOT / "data" / "raw" / round_id / "request_log.csv").exists()


@pytest.mark.parametrize("round_id", LATER_ROUNDS)
def test_published_files_load_and_validate(round_id):
    document = load_published(REPO_ROOT / "data" / "published" / f"{round_id}.yaml", round_id)
    roles = {figure.get("role", "reproduce") for figure in document["figures"]}
    assert roles == {"reproduce", "conflicting"}
    for figure in document["figures"]:
        if figure.get("role") == "conflicting":
            assert figure.get("note"), f"{figure['statistic_id']}: a conflicting reading needs its arithmetic"


def test_headline_period_is_stated_once_and_applied():
    document = load_published(REPO_ROOT / "data" / "published" / "2021-24.yaml", "2021-24")
    assert document["headline_period"]["id"] == "2024"
    statistics = pd.DataFrame([
        {"statistic_id": "period:2024:trafficked_matched_authorities", "value": 135,
         "numerator": None, "denominator": None, "text": "135"},
        {"statistic_id": "period:2024:trafficked_missing_pct", "value": 37.0, "numerator": 864,
         "denominator": 2335, "text": "37%"},
    ])
    table = compare(statistics, REPO_ROOT / "data" / "published" / "2021-24.yaml", "2021-24")
    row = table.loc[table["statistic_id"] == "period:2024:trafficked_matched_authorities"].iloc[0]
    assert row["match"] == "true"
    assert "Assumption (headline period 2024)" in row["note"]
    rates = table.loc[table["statistic_id"] == "period:2024:trafficked_missing_pct"]
    assert list(rates["role"]) == ["reproduce", "conflicting"]
    assert list(rates["match"]) == ["true", ""]
    assert "32.8%" in rates.iloc[1]["note"]


# --- per period, pooled, partial ------------------------------------------------------


def test_per_period_figures_and_pooling_of_whole_years():
    spec = spec_of("2018-20")
    answers = ledger(spec, {
        "E1": {("1a", "2018"): 5, ("1a", "2019"): 7, ("1a", "2020"): 9, ("2a", "2020"): 3,
               ("1b", "2018"): 0, ("1b", "2019"): 0, ("1b", "2020"): 0},
        "E2": {("1a", "2018"): 10, ("1a", "2020"): 11, ("2a", "2020"): (1, 4),
               ("1b", "2018"): 0, ("1b", "2020"): 0},
    })
    statistics, _ = compute_statistics(answers, spec)
    assert stat(statistics, "period:2018:trafficked_in_care")["value"] == 15
    assert stat(statistics, "period:2019:trafficked_in_care")["value"] == 7
    assert stat(statistics, "period:2020:trafficked_in_care")["value"] == 20
    assert stat(statistics, "trafficked_in_care")["value"] == 42  # three whole years pooled
    went = stat(statistics, "period:2020:trafficked_went_missing")
    assert (went["value"], went["lower"], went["upper"]) == (3, 4, 7)
    assert stat(statistics, "pooled_periods")["value"] == 3
    # like for like: E1 and E2 gave 2018 and 2020 (15 -> 20); all: the same here
    change = stat(statistics, "period_change:2018:2020:trafficked_in_care")
    assert change["value"] == pytest.approx(33.33333333)
    assert (change["numerator"], change["denominator"], change["authorities"]) == (5, 15, 2)
    # 2018 -> 2019: only E1 gave both (5 -> 7); all respondents 15 -> 7
    assert stat(statistics, "period_change:2018:2019:trafficked_in_care")["value"] == 40
    assert stat(statistics, "period_change_all:2018:2019:trafficked_in_care")["value"] == pytest.approx(-53.33333333)


def test_a_four_month_period_is_never_pooled_with_a_year():
    spec = spec_of("2021-24")
    answers = ledger(spec, {
        "E1": {("1c", "2023"): 100, ("2b", "2023"): 10, ("1c", "2024"): 40, ("2b", "2024"): 8},
    })
    statistics, _ = compute_statistics(answers, spec)
    assert stat(statistics, "uasc_in_care")["value"] == 100  # 2021-23 only
    assert stat(statistics, "period:2024:uasc_in_care")["value"] == 40
    assert stat(statistics, "period:2024:period_months")["value"] == 4
    assert "not pooled" in stat(statistics, "pooled_periods")["text"]
    assert not any(sid.startswith(("period_change:", "period_change_all:"))
                   and ":2024:" in sid for sid in ids(statistics))
    assert stat(statistics, "authority:E1:uasc_in_care")["value"] == 100


# --- matched rates and the matched set --------------------------------------------------


def test_matched_rate_and_matched_set_size_per_period():
    spec = spec_of("2021-24")
    answers = ledger(spec, {
        "E1": {("1a", "2024"): 10, ("2a", "2024"): 4},
        "E2": {("1a", "2024"): 30},                      # no went-missing figure: not matched
        "E3": {("1a", "2024"): 6, ("2a", "2024"): (1, 4)},  # withheld: matched only at the upper end
        "E4": {("1a", "2023"): 8, ("2a", "2023"): 2},
    })
    statistics, _ = compute_statistics(answers, spec)
    rate = stat(statistics, "period:2024:trafficked_missing_pct")
    assert (rate["numerator"], rate["denominator"], rate["text"]) == (4, 10, "40%")
    size = stat(statistics, "period:2024:trafficked_matched_authorities")
    assert (size["value"], size["lower"], size["upper"]) == (1, 1, 2)
    assert stat(statistics, "period:2024:trafficked_in_care")["value"] == 46  # all respondents
    assert stat(statistics, "period:2023:trafficked_matched_authorities")["value"] == 1
    assert stat(statistics, "trafficked_matched_authorities")["value"] == 1  # 2021-23 pooled


def test_all_reporting_rounds_have_no_matched_set_statistic():
    spec = spec_of("2018-20")
    answers = ledger(spec, {"E1": {("1a", "2020"): 10, ("2a", "2020"): 4}})
    statistics, _ = compute_statistics(answers, spec)
    assert not any(sid.endswith("matched_authorities") for sid in ids(statistics))


# --- the overlap (1d) --------------------------------------------------------------------


def test_overlap_answered_gives_an_exact_combined_cohort():
    spec = spec_of("2021-24")
    answers = ledger(spec, {
        "E1": {("1a", "2024"): 10, ("1c", "2024"): 50, ("1d", "2024"): 4,
               ("2a", "2024"): 3, ("2b", "2024"): 6},
        "E2": {("1a", "2024"): 5, ("1c", "2024"): 20, ("1d", "2024"): 0,
               ("2a", "2024"): 1, ("2b", "2024"): 2},
    })
    statistics, _ = compute_statistics(answers, spec)
    assert stat(statistics, "period:2024:overlap_in_care")["value"] == 4
    assert stat(statistics, "period:2024:combined_in_care")["value"] == 85
    assert "counted twice" in stat(statistics, "period:2024:combined_in_care")["text"]
    distinct = stat(statistics, "period:2024:combined_distinct_in_care")
    assert (distinct["value"], distinct["lower"], distinct["upper"]) == (81, 81, 85 - 4)
    # who went missing in both cohorts is not asked: E1's 3 + 6 hold 0 to 3 children twice;
    # E2 has no child in both cohorts, so its 1 + 2 are exact
    went = stat(statistics, "period:2024:combined_distinct_went_missing")
    assert went["value"] is None
    assert (went["lower"], went["upper"]) == (9 - 3 + 3, 12)
    assert "not known for 1 authority" in went["text"]


def test_overlap_not_answered_gives_bounds_never_an_exact_double_count():
    spec = spec_of("2021-24")
    answers = ledger(spec, {
        "E1": {("1a", "2024"): 10, ("1c", "2024"): 50, ("1d", "2024"): "refused_other"},
        "E2": {("1a", "2024"): 5, ("1c", "2024"): 20, ("1d", "2024"): 2},
        "E3": {("1c", "2024"): 7},   # one cohort only: nobody counted twice
    })
    statistics, _ = compute_statistics(answers, spec)
    distinct = stat(statistics, "period:2024:combined_distinct_in_care")
    assert distinct["value"] is None
    # E1: 50 to 60; E2: 23; E3: 7
    assert (distinct["lower"], distinct["upper"]) == (80, 90)
    assert stat(statistics, "period:2024:combined_in_care")["value"] == 92


def test_suppressed_overlap_bounds_the_combined_cohort():
    spec = spec_of("2021-24")
    answers = ledger(spec, {"E1": {("1a", "2024"): 10, ("1c", "2024"): 50, ("1d", "2024"): (1, 4)}})
    statistics, _ = compute_statistics(answers, spec)
    distinct = stat(statistics, "period:2024:combined_distinct_in_care")
    assert (distinct["value"], distinct["lower"], distinct["upper"]) == (None, 56, 59)


def test_rounds_without_the_overlap_question_have_no_overlap_rows():
    spec = spec_of("2018-20")
    answers = ledger(spec, {"E1": {("1a", "2020"): 10, ("1c", "2020"): 50}})
    statistics, _ = compute_statistics(answers, spec)
    assert not any("overlap" in sid or "distinct" in sid for sid in ids(statistics))


# --- DfE per period ---------------------------------------------------------------------


def test_dfe_comparison_per_period_uses_the_year_ending_inside_it():
    from foi_missing.core.reference import load_dfe_england

    statistics = official_statistics(load_dfe_england(), spec_of("2018-20"))
    assert stat(statistics, "period:2020:dfe_england_year")["value"] == 2020
    mean = stat(statistics, "period:2020:dfe_england_mean_incidents")
    assert (mean["numerator"], mean["denominator"]) == (81430, 12470)
    assert mean["text"].startswith("6.5 ")
    rate = stat(statistics, "period:2020:dfe_england_missing_pct")
    assert (rate["numerator"], rate["denominator"]) == (12470, 108680)
    later = official_statistics(load_dfe_england(), spec_of("2021-24"))
    # 31 March 2024 is inside the partial period but DfE 2024 is not in the table
    year = stat(later, "period:2024:dfe_england_year")
    assert year["value"] == 2023 and year["text"] == (
        "year ending 31 March 2023, the nearest year available (DfE's year ending 31 March "
        "2024, inside 1 January to 30 April 2024, is not in the reference table)")


def test_2018_20_published_figures_reproduce_from_a_ledger_meeting_them():
    """A three-authority ledger built to the published figures under the file's
    assumptions: every reproduce row matches, and the conflicting readings show
    their own arithmetic (1,231 / 960 = +28.2%)."""
    from foi_missing.core.reference import load_dfe_england
    from foi_missing.statistics.compute import build_statistics

    spec = spec_of("2018-20")
    answers = ledger(spec, {
        # in both years: 500 -> 610 in care (+22%), 229 -> 286 went missing (+24.9%)
        "E1": {("1a", "2018"): 500, ("1a", "2020"): 610, ("2a", "2018"): 229,
               ("2a", "2020"): 286, ("3a", "2020"): 286 * 8,
               ("1b", "2018"): "included_elsewhere", ("1b", "2020"): "included_elsewhere"},
        "E2": {("1a", "2020"): 621, ("1b", "2020"): 0, ("2a", "2020"): 92, ("3a", "2020"): 92 * 8},
        "E3": {("1a", "2018"): 460, ("1b", "2018"): 0},
    })
    statistics, _ = build_statistics(answers, spec, load_dfe_england())
    table = compare(statistics, REPO_ROOT / "data" / "published" / "2018-20.yaml", "2018-20")
    reproduce = table[table["role"] == "reproduce"]
    assert list(reproduce["match"]) == ["true"] * len(reproduce), reproduce[["statistic_id", "note"]]
    conflicting = table[table["role"] == "conflicting"].set_index("statistic_id")
    assert conflicting.loc["period_change_all:2018:2020:trafficked_in_care",
                           "computed_value"] == "28.22916667"
    assert "Assumption: " in table.set_index("statistic_id").loc[
        "period_change:2018:2020:trafficked_in_care", "note"]


def _spread(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def test_2021_24_published_figures_reproduce_from_a_ledger_meeting_them():
    """Built to the published figures under the file's assumptions (headline period
    = 1 January to 30 April 2024): 135 authorities give both trafficked figures
    (864 of 2,335), 141 both UASC figures (1,501 of 11,999), others only in care."""
    spec = spec_of("2021-24")
    given: dict[str, dict] = {}
    for i, (in_care, went) in enumerate(zip(_spread(2335, 135), _spread(864, 135))):
        given.setdefault(f"E{i:03d}", {}).update({("1a", "2024"): in_care, ("2a", "2024"): went})
    given["E900"] = {("1a", "2024"): 2638 - 2335}
    for i, (in_care, went) in enumerate(zip(_spread(11999, 141), _spread(1501, 141))):
        given.setdefault(f"E{i:03d}", {}).update({("1c", "2024"): in_care, ("2b", "2024"): went})
    given["E901"] = {("1c", "2024"): 12530 - 11999}
    statistics, _ = compute_statistics(ledger(spec, given), spec)
    table = compare(statistics, REPO_ROOT / "data" / "published" / "2021-24.yaml", "2021-24")
    reproduce = table[table["role"] == "reproduce"]
    assert list(reproduce["match"]) == ["true"] * len(reproduce), reproduce[["statistic_id", "note"]]
    assert set(reproduce["statistic_id"]) >= {"period:2024:uasc_matched_authorities",
                                              "period:2024:uasc_missing_pct"}
    # the UASC rate 1,501 / 11,999 = 12.509% prints 13% (half up)
    assert stat(statistics, "period:2024:uasc_missing_pct")["text"] == "13%"


def test_official_comparison_skips_periods_with_no_dfe_count_near_them():
    from foi_missing.core.reference import load_dfe_la
    from foi_missing.statistics.compute import official_comparison

    spec = spec_of("2018-20")
    answers = ledger(spec, {"E10000016": {("1c", "2018"): 1, ("1c", "2020"): 1}})
    comparison, qa = official_comparison(answers, spec, load_dfe_la())
    # DfE LA counts end on 31 March 2017: 2018 is within a year of it, 2020 is not
    assert list(comparison["period"]) == ["2018"]
    assert "outside the period" in qa["message"].iloc[0]


def test_like_for_like_leaves_out_an_authority_whose_figure_is_incomplete():
    spec = spec_of("2018-20")
    answers = ledger(spec, {
        "E1": {("1a", "2018"): 5, ("1b", "2018"): 1, ("1a", "2020"): 9, ("1b", "2020"): 1},
        # 1b not held in 2020: the 2020 trafficked figure is not given in full
        "E2": {("1a", "2018"): 10, ("1b", "2018"): 0, ("1a", "2020"): 11, ("1b", "2020"): "not_held"},
    })
    statistics, _ = compute_statistics(answers, spec)
    change = stat(statistics, "period_change:2018:2020:trafficked_in_care")
    assert (change["numerator"], change["denominator"], change["authorities"]) == (4, 6, 1)
    everyone = stat(statistics, "period_change_all:2018:2020:trafficked_in_care")
    assert (everyone["numerator"], everyone["denominator"]) == (5, 16)


def test_one_statistic_may_be_published_for_several_periods_but_not_twice_for_one(tmp_path):
    import yaml
    from foi_missing.statistics.reproduction import PublishedFiguresError

    source = {"description": "a report"}
    figures = [
        {"statistic_id": "trafficked_in_care", "period": "2018", "text": "960", "value": 960,
         "source": source},
        {"statistic_id": "trafficked_in_care", "period": "2020", "text": "1,231", "value": 1231,
         "source": source},
    ]
    path = tmp_path / "published.yaml"
    path.write_text(yaml.safe_dump({"round": "2018-20", "figures": figures}))
    load_published(path, "2018-20")
    figures[1]["period"] = "2018"
    path.write_text(yaml.safe_dump({"round": "2018-20", "figures": figures}))
    with pytest.raises(PublishedFiguresError, match="period:2018:trafficked_in_care"):
        load_published(path, "2018-20")
