"""Comparisons across rounds: printed changes and like-for-like over successor links."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from foi_missing.register import load_register
from foi_missing.roundspec import load_round_spec
from foi_missing.series import RoundResults, change_text, changes, like_for_like, series_statistics

BOURNEMOUTH, POOLE, BCP = "E06000028", "E06000029", "E06000058"
KENT = "E10000016"


@pytest.fixture(scope="module")
def register():
    return load_register()


def _stats(rows: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame({"statistic_id": list(rows), "value": list(rows.values())}).assign(
        lower=None, upper=None, numerator=None, denominator=None, authorities=None, text=""
    )


def _answers(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """(authority, cohort, measure, status) rows."""
    frame = pd.DataFrame(rows, columns=["authority_code", "cohort", "measure", "status"])
    return frame.assign(question="Q", covers="")


def _round(repo_root: Path, round_id: str, stats: dict, answers: list, sent: date) -> RoundResults:
    spec = replace(load_round_spec(repo_root / "data" / "raw" / round_id), date_sent=sent)
    return RoundResults(spec, _stats(stats), _answers(answers))


def test_change_text_as_the_reports_print_it() -> None:
    assert change_text("trafficked_in_care", Decimal(590), Decimal(910))[2] == "+54% from 590 to 910"
    assert change_text("trafficked_mean_episodes", Decimal("2.4"), Decimal("7.2"))[2] == (
        "+200% from 2.4 to 7.2"
    )
    assert change_text("uasc_missing_pct", Decimal(13), Decimal(15))[2] == (
        "+2 percentage points from 13% to 15%"
    )
    assert change_text("uasc_in_care", Decimal(0), Decimal(5))[2] == "from 0 to 5"


def test_changes_use_printed_precision(repo_root: Path) -> None:
    early = _round(repo_root, "2014-15", {"trafficked_mean_episodes": 2.4371, "trafficked_in_care": 590, "dfe_england_year": 2015,
                                          "authority:X:uasc_in_care": 3}, [], date(2015, 10, 5))
    late = _round(repo_root, "2017", {"trafficked_mean_episodes": 7.1843, "trafficked_in_care": 910,
                                          "dfe_england_year": 2017},
                  [], date(2018, 2, 1))
    table = changes([late, early]).set_index("statistic_id")
    assert table.loc["trafficked_mean_episodes", "text"] == "+200% from 2.4 to 7.2"
    assert table.loc["trafficked_in_care", "change"] == 320
    assert "dfe_england_year" not in table.index  # a label, not a quantity
    series = series_statistics([late, early])
    assert list(series["round"].unique()) == ["2014-15", "2017"]  # period order, not input order
    assert not series["statistic_id"].str.startswith("authority:").any()


def test_like_for_like_follows_a_merger(repo_root: Path, register) -> None:
    early = _round(
        repo_root, "2014-15",
        {f"authority:{BOURNEMOUTH}:uasc_in_care": 4, f"authority:{POOLE}:uasc_in_care": 6,
         f"authority:{KENT}:uasc_in_care": 900},
        [(BOURNEMOUTH, "uasc", "in_care", "reported"), (POOLE, "uasc", "in_care", "reported"),
         (KENT, "uasc", "in_care", "reported")],
        date(2015, 10, 5),
    )
    late = _round(
        repo_root, "2017",
        {f"authority:{BCP}:uasc_in_care": 15, f"authority:{KENT}:uasc_in_care": 800},
        [(BCP, "uasc", "in_care", "reported"), (KENT, "uasc", "in_care", "reported")],
        date(2021, 2, 1),  # after BCP replaced Bournemouth and Poole
    )
    row = like_for_like([early, late], register).iloc[0]
    assert (row["units"], row["authorities_from"], row["authorities_to"]) == (2, 3, 2)
    assert (row["from_value"], row["to_value"]) == (910, 815)


def test_like_for_like_needs_every_member_of_a_unit(repo_root: Path, register) -> None:
    early = _round(
        repo_root, "2014-15",
        {f"authority:{BOURNEMOUTH}:uasc_in_care": 4, f"authority:{KENT}:uasc_in_care": 900},
        [(BOURNEMOUTH, "uasc", "in_care", "reported"), (POOLE, "uasc", "in_care", "suppressed"),
         (KENT, "uasc", "in_care", "reported")],
        date(2015, 10, 5),
    )
    late = _round(
        repo_root, "2017",
        {f"authority:{BCP}:uasc_in_care": 15, f"authority:{KENT}:uasc_in_care": 800},
        [(BCP, "uasc", "in_care", "reported"), (KENT, "uasc", "in_care", "reported")],
        date(2021, 2, 1),
    )
    row = like_for_like([early, late], register).iloc[0]
    assert row["units"] == 1 and row["from_value"] == 900 and row["to_value"] == 800
