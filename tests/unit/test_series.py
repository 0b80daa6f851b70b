"""Comparisons across rounds: a point per period, printed changes between whole years only,
comparability of each change, like for like over successor links, what changed between rounds,
and the trend figure."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from foi_missing.core.register import load_register
from foi_missing.core.roundspec import load_round_spec
from foi_missing.publication.series_figure import finding, trend_figure, trend_points
from foi_missing.statistics.series import (
    RoundResults,
    change_text,
    changes,
    comparable_pairs,
    like_for_like,
    round_differences,
    series_statistics,
)
from matplotlib.ticker import PercentFormatter

BOURNEMOUTH, POOLE, BCP = "E06000028", "E06000029", "E06000058"
KENT = "E10000016"


@pytest.fixture(scope="module")
def register():
    return load_register()


@pytest.fixture(scope="module")
def four_rounds(fake_series_rounds):
    return fake_series_rounds


@pytest.fixture(scope="module")
def four_changes(four_rounds, register):
    return changes(four_rounds, register)


@pytest.fixture(scope="module")
def four_like_for_like(four_rounds, register):
    return like_for_like(four_rounds, register)


def _stats(rows: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame({"statistic_id": list(rows), "value": list(rows.values())}).assign(
        lower=None, upper=None, numerator=None, denominator=None, authorities=None, text=""
    )


def _answers(spec, rows: list[tuple]) -> pd.DataFrame:
    """(authority, cohort, measure, status[, value]) rows of a one-period round."""
    records = []
    for authority, cohort, measure, status, *value in rows:
        question = next(q for q in spec.questions if q.cohort == cohort and q.measure == measure)
        number = value[0] if value else None
        lower, upper = (1, 4) if status == "suppressed" else (number, number)
        records.append({"authority_code": authority, "question": question.label, "cohort": cohort,
                        "measure": measure, "period": question.periods[0], "status": status,
                        "value": number, "lower": lower, "upper": upper, "covers": ""})
    columns = ["authority_code", "question", "cohort", "measure", "period", "status", "value",
               "lower", "upper", "covers"]
    return pd.DataFrame(records, columns=columns)


def _round(repo_root: Path, round_id: str, stats: dict, answers: list, sent: date) -> RoundResults:
    spec = replace(load_round_spec(repo_root / "data" / "raw" / round_id), date_sent=sent)
    return RoundResults(spec, _stats(stats), _answers(spec, answers))


def _row(table: pd.DataFrame, statistic_id: str, from_period: str) -> pd.Series:
    rows = table[(table["statistic_id"] == statistic_id)
                 & (table["from_period"].astype(str) == from_period)]
    assert len(rows) == 1, (statistic_id, from_period, len(rows))
    return rows.iloc[0]


def test_change_text_as_the_reports_print_it() -> None:
    assert change_text("trafficked_in_care", Decimal(590), Decimal(910))[2] == "+54% from 590 to 910"
    assert change_text("trafficked_mean_episodes", Decimal("2.4"), Decimal("7.2"))[2] == (
        "+200% from 2.4 to 7.2"
    )
    # A mean prints to one decimal place, as the reports print it.
    assert change_text("uasc_mean_episodes", Decimal(2), Decimal(3))[2] == "+50% from 2.0 to 3.0"
    assert change_text("uasc_missing_pct", Decimal(13), Decimal(15))[2] == (
        "+2 percentage points from 13% to 15%"
    )
    assert change_text("uasc_in_care", Decimal(0), Decimal(5))[2] == "from 0 to 5"
    assert change_text("uasc_in_care", Decimal(1200), Decimal(2400))[2] == "+100% from 1,200 to 2,400"


def test_changes_use_printed_precision(repo_root: Path) -> None:
    early = _round(repo_root, "2014-15", {"trafficked_mean_episodes": 2.4371, "trafficked_in_care": 590,
                                          "uasc_not_found": 0, "dfe_england_year": 2015,
                                          "authority:X:uasc_in_care": 3}, [], date(2015, 10, 5))
    late = _round(repo_root, "2017", {"trafficked_mean_episodes": 7.1843, "trafficked_in_care": 910,
                                      "uasc_not_found": 0, "dfe_england_year": 2017},
                  [], date(2018, 2, 1))
    table = changes([late, early]).set_index("statistic_id")
    assert table.loc["trafficked_mean_episodes", "text"] == "+200% from 2.4 to 7.2"
    assert table.loc["trafficked_in_care", "change"] == 320
    assert "dfe_england_year" not in table.index  # a label, not a quantity
    assert "uasc_not_found" not in table.index  # from 0 to 0: not a change worth a row
    series = series_statistics([late, early])
    assert list(series["round"].unique()) == ["2014-15", "2017"]  # period order, not input order
    assert not series["statistic_id"].str.startswith("authority:").any()


def test_a_point_per_period_the_partial_one_marked(four_rounds) -> None:
    series = series_statistics(four_rounds)
    in_care = series[series["statistic_id"] == "trafficked_in_care"]
    assert in_care["period"].astype(str).tolist() == [
        "2014-15", "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024"]
    partial = in_care.set_index("period").loc["2024"]
    assert partial["partial"] and partial["months"] == 4
    assert partial["source_id"] == "period:2024:trafficked_in_care"
    assert not in_care.set_index("period").loc[["2018", "2023"], "partial"].any()
    # Each point is the round's own figure for that period.
    stats = four_rounds[3].statistics.set_index("statistic_id")
    assert float(partial["value"]) == float(stats.loc["period:2024:trafficked_in_care", "value"])
    # No statistic of a whole round of several periods is presented as a point.
    assert not series["statistic_id"].str.startswith(("period", "pooled")).any()


def test_a_partial_period_is_never_compared(four_rounds, four_changes, four_like_for_like) -> None:
    pairs = [(a.period_id, b.period_id) for a, b in comparable_pairs(four_rounds)]
    assert pairs == [("2014-15", "2017"), ("2017", "2018"), ("2018", "2019"), ("2019", "2020"),
                     ("2020", "2021"), ("2021", "2022"), ("2022", "2023")]
    for table in (four_changes, four_like_for_like):
        periods = set(table["from_period"].astype(str)) | set(table["to_period"].astype(str))
        assert "2024" not in periods


def test_no_change_between_unlike_authorities(four_changes) -> None:
    # Northern Ireland: a district council asked in 2014-15, a trust in 2017.
    for sid in ("authorities_asked", "nation:Northern Ireland:authorities_asked",
                "nation:Northern Ireland:authorities_responded"):
        row = _row(four_changes, sid, "2014-15")
        assert row["comparable"] == "no" and "Northern Ireland" in row["note"]
        assert pd.isna(row["change"]) and (pd.isna(row["text"]) or row["text"] == "")
    # England asked the same authorities: compared.
    assert _row(four_changes, "nation:England:authorities_asked", "2014-15")["comparable"] == "yes"
    # The years of one request were asked of the same authorities: nothing to compare.
    assert _row(four_changes, "authorities_asked", "2018")["comparable"] == "no"
    assert not four_changes["text"].fillna("").str.contains("from 0 to 0").any()


def test_definition_changes_are_marked(four_changes) -> None:
    went = _row(four_changes, "trafficked_went_missing", "2014-15")
    assert went["comparable"] == "definition changed" and "missing or absent" in went["note"]
    assert _row(four_changes, "trafficked_in_care", "2014-15")["comparable"] == "yes"
    assert _row(four_changes, "trafficked_went_missing", "2017")["comparable"] == "yes"
    # 2021-24 computes the share over the matched set, 2018-20 over every reporting authority.
    assert _row(four_changes, "trafficked_missing_pct", "2020")["comparable"] == "definition changed"
    assert _row(four_changes, "trafficked_in_care", "2020")["comparable"] == "yes"


def test_like_for_like_within_a_request_agrees_with_the_round(four_rounds,
                                                              four_like_for_like) -> None:
    """Between two years of one request the series' like-for-like total is the round's own."""
    stats = four_rounds[2].statistics.set_index("statistic_id")
    lfl = four_like_for_like.astype({"from_period": str, "to_period": str})
    for cohort, measure in (("trafficked", "in_care"), ("trafficked", "went_missing"),
                            ("uasc", "went_missing")):
        row = lfl[(lfl["from_period"] == "2018") & (lfl["to_period"] == "2019")
                  & (lfl["cohort"] == cohort) & (lfl["measure"] == measure)].iloc[0]
        own = stats.loc[f"period_change:2018:2019:{cohort}_{measure}"]
        assert float(row["from_value"]) == float(own["denominator"])
        assert float(row["change"]) == float(own["numerator"])
    # Birmingham withheld its 2019 trafficked went-missing figure: left out of that comparison.
    missing = lfl[(lfl["from_period"] == "2018") & (lfl["cohort"] == "trafficked")
                  & (lfl["measure"] == "went_missing")].iloc[0]
    in_care = lfl[(lfl["from_period"] == "2018") & (lfl["cohort"] == "trafficked")
                  & (lfl["measure"] == "in_care")].iloc[0]
    assert missing["units"] == in_care["units"] - 1


def test_round_differences(four_rounds, register) -> None:
    table = round_differences(four_rounds, register)
    topics = {(row.from_round, row.topic) for row in table.itertuples()}
    assert ("2014-15", "Trafficked children") in topics
    assert ("2014-15", "Going missing (trafficked children)") in topics
    assert ("2014-15", "Authorities asked in Northern Ireland") in topics
    assert ("2014-15", "Gap") in topics
    assert ("2018-20", "Children in both cohorts") in topics
    assert ("2018-20", "Share who went missing") in topics
    ni = table[table["topic"] == "Authorities asked in Northern Ireland"].iloc[0]
    assert "district council" in ni["change"] and "health and social care trust" in ni["change"]
    periods = table[(table["from_round"] == "2018-20") & (table["topic"] == "Periods")].iloc[0]
    assert "4 months" in periods["meaning"] and "never drawn or compared as a year" in periods["meaning"]
    text = " ".join(table[["change", "meaning"]].to_numpy().ravel())
    assert "(s)" not in text and "_" not in text  # no ids, no "(s)" plurals


def test_like_for_like_follows_a_merger(repo_root: Path, register) -> None:
    early = _round(
        repo_root, "2014-15", {},
        [(BOURNEMOUTH, "uasc", "in_care", "reported", 4), (POOLE, "uasc", "in_care", "reported", 6),
         (KENT, "uasc", "in_care", "reported", 900)],
        date(2015, 10, 5),
    )
    late = _round(
        repo_root, "2017", {},
        [(BCP, "uasc", "in_care", "reported", 15), (KENT, "uasc", "in_care", "reported", 800)],
        date(2021, 2, 1),  # after BCP replaced Bournemouth and Poole
    )
    row = like_for_like([early, late], register).iloc[0]
    assert (row["units"], row["authorities_from"], row["authorities_to"]) == (2, 3, 2)
    assert (row["from_value"], row["to_value"]) == (910, 815)
    assert (row["from_period"], row["to_period"]) == ("2014-15", "2017")


def test_like_for_like_needs_every_member_of_a_unit(repo_root: Path, register) -> None:
    early = _round(
        repo_root, "2014-15", {},
        [(BOURNEMOUTH, "uasc", "in_care", "reported", 4), (POOLE, "uasc", "in_care", "suppressed"),
         (KENT, "uasc", "in_care", "reported", 900)],
        date(2015, 10, 5),
    )
    late = _round(
        repo_root, "2017", {},
        [(BCP, "uasc", "in_care", "reported", 15), (KENT, "uasc", "in_care", "reported", 800)],
        date(2021, 2, 1),
    )
    row = like_for_like([early, late], register).iloc[0]
    assert row["units"] == 1 and row["from_value"] == 900 and row["to_value"] == 800
    assert row["text"].endswith("over the 1 authority (or merged area) that gave it at both points")


def test_trend_figure_points_ranges_and_title(four_rounds, four_changes) -> None:
    series = series_statistics(four_rounds)
    points = trend_points(series)
    assert points["partial"].tolist() == [False] * 8 + [True]
    shares = series[series["statistic_id"] == "trafficked_missing_pct"].set_index("period")
    printed = {p: int(Decimal(str(v)) + Decimal("0.5")) for p, v in shares["value"].items()}
    # The last whole year (not the partial 2024), against the earliest year whose share is
    # computed the same way: 2021-24 computes it over the matched set, 2018-20 did not.
    title = finding(series, points, four_changes)
    assert title == (f"{printed['2023']}% of trafficked children in care went missing in 2023, "
                     f"against {printed['2021']}% in 2021")
    assert finding(series, points) == (
        f"{printed['2023']}% of trafficked children in care went missing in 2023")
    fig = trend_figure(series, "Source: test", changes=four_changes)
    share, counts = fig.subfigs[1].axes
    texts = [t.get_text() for t in fig.subfigs[0].texts]
    assert texts[0] == title and "by period and cohort" in texts[1]
    assert isinstance(share.yaxis.get_major_formatter(), PercentFormatter)
    for axis in (share, counts):
        bottom, top = axis.get_ylim()
        assert bottom < 0  # a point on 0 is drawn whole, not half clipped
        assert all(0 <= tick <= top for tick in axis.get_yticks())
        labels = [t.get_text() for t in axis.get_xticklabels()]
        assert "2023" in labels and not any("2024" in label for label in labels)
        assert any("4 months, not a year" in t.get_text() for t in axis.texts)
    # The share's line is dotted across 2020 to 2021 (computed over other authorities from
    # 2021) and solid between 2018 and 2019.
    style = {(round(line.get_xdata()[0]), round(line.get_xdata()[1])): line.get_linestyle()
             for line in share.lines if len(line.get_xdata()) == 2
             and line.get_color() == share.lines[0].get_color()}
    assert style[(2020, 2021)] == ":" and style[(2018, 2019)] == "-"
    # Ranges: whiskers where a small number was withheld (2019, trafficked).
    assert share.collections, "no whiskers drawn"


def test_disclosure_audit_sees_like_for_like_of_every_period(tmp_path: Path, register,
                                                            fake_series_tables) -> None:
    """The like-for-like totals of every pair of periods (within a request too) are sums the
    disclosure audit checks, over cells the rounds' tables hold."""
    import shutil

    from foi_missing.core.tables import write_csv
    from foi_missing.publication.disclosure_audit import like_for_like_sums, publication_problem
    from foi_missing.publication.report import load_round

    rounds = []
    for round_id, (_, answers, statistics, contributions) in fake_series_tables.items():
        raw = tmp_path / "data" / "raw" / round_id
        raw.mkdir(parents=True)
        shutil.copy(Path(__file__).resolve().parents[2] / "data" / "raw" / round_id / "round.yaml",
                    raw / "round.yaml")
        out = tmp_path / "results" / round_id
        write_csv(answers, out / "answers.csv")
        write_csv(statistics, out / "statistics.csv")
        write_csv(contributions, out / "contributions.csv")
        rounds.append(load_round(round_id, tmp_path / "results", tmp_path / "data" / "raw",
                                 tmp_path / "data" / "published", {}))
    sums = like_for_like_sums(rounds, register)
    labels = {total.label.split(" (")[0] for total in sums}
    assert "like-for-like trafficked in_care 2018-20 2018 to 2018-20 2019" in labels
    assert "like-for-like uasc went_missing 2018-20 2020 to 2021-24 2021" in labels
    assert not any("2024" in label for label in labels)  # the partial period is never compared
    values = publication_problem(rounds, None, register).values
    assert all(cell in values for total in sums for cell in total.parts)


def test_no_change_reads_unchanged_and_a_mean_keeps_its_decimal():
    """"+0 percentage points from 17% to 17%" and "+1% from 7 to 7" (a DfE mean printed as a
    whole number) misled; an unchanged figure says so, and every mean keeps one decimal."""
    from decimal import Decimal

    from foi_missing.statistics.series import _comparable, change_text

    assert change_text("uasc_missing_pct", Decimal(17), Decimal(17))[2] == "unchanged at 17%"
    assert change_text("uasc_in_care", Decimal(40), Decimal(40))[2] == "unchanged at 40"
    mean_id = "dfe_england_mean_incidents"
    before, after = _comparable(mean_id, 6.53), _comparable(mean_id, 6.61)
    assert (before, after) == (Decimal("6.5"), Decimal("6.6"))
    assert change_text(mean_id, before, after)[2] == "+2% from 6.5 to 6.6"
