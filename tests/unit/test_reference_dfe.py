"""DfE looked-after reference tables: contents, the LA-number join, loaders, regeneration."""

from __future__ import annotations

import csv
import importlib.util
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from foi_missing.core.reference import (
    DFE_MEASURES,
    REFERENCE_DIR,
    load_dfe_england,
    load_dfe_la,
    nearest_dfe_year,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
TOOL = REPO_ROOT / "tools" / "derive_dfe_reference.py"
REGISTER = REFERENCE_DIR / "authorities.csv"


def _shared_data() -> Path:
    env = os.environ.get("FOI_SHARED_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[3] / "shared" / "data"


SOURCE_DIR = _shared_data() / "dfe_children_looked_after"
needs_source = pytest.mark.skipif(
    not (SOURCE_DIR / "2017_SFR50_CLA2017.csv").exists(),
    reason=f"DfE source files not found in {SOURCE_DIR} (set FOI_SHARED_DATA)",
)


@pytest.fixture(scope="module")
def la() -> pd.DataFrame:
    return load_dfe_la()


@pytest.fixture(scope="module")
def england() -> pd.DataFrame:
    return load_dfe_england()


def _one(frame: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    rows = frame[mask]
    assert len(rows) == 1, where
    return rows.iloc[0]


# --------------------------------------------------------------------------- LA table


def test_151_la_rows_per_year(la):
    assert la.groupby("year").size().to_dict() == {2015: 151, 2016: 151, 2017: 151}
    assert not la.duplicated(["year", "dfe_la_number"]).any()
    assert not la.duplicated(["year", "gss_code"]).any()
    # Isles of Scilly (DfE LA 420) is not an LA row in any year.
    assert 420 not in set(la["dfe_la_number"])


def test_suppressed_cells_are_empty_with_a_flag_not_zero(la):
    uasc_2015 = la[la["year"] == 2015]
    suppressed = uasc_2015[uasc_2015["uasc_31_march_flag"] != ""]
    assert len(suppressed) == 45
    assert set(suppressed["uasc_31_march_flag"]) == {"x"}
    assert suppressed["uasc_31_march"].isna().all()
    for measure in DFE_MEASURES:
        flagged = la[f"{measure}_flag"] != ""
        assert (flagged == la[measure].isna()).all(), measure
        assert set(la.loc[flagged, f"{measure}_flag"]) <= {"x", "c", "z", "..", "k"}


def test_loader_types(la, england):
    for measure in DFE_MEASURES:
        assert str(la[measure].dtype) == "Int64"
        assert str(england[measure].dtype) == "Int64"
        assert la[f"{measure}_flag"].map(type).eq(str).all()
    assert str(la["dfe_la_number"].dtype) == "Int64"


def test_join_on_dfe_la_number_not_dfe_gss_code(la):
    for number, register_code, dfe_code in (
        (390, "E08000037", "E08000020"),
        (929, "E06000057", "E06000048"),
    ):
        rows = la[la["dfe_la_number"] == number]
        assert len(rows) == 3
        assert set(rows["gss_code"]) == {register_code}
        assert set(rows["dfe_gss_code"]) == {dfe_code}
    differing = la.loc[la["gss_code"] != la["dfe_gss_code"], "dfe_la_number"]
    assert set(differing) == {390, 929}


@pytest.mark.skipif(not REGISTER.exists(), reason="authority register not yet derived")
def test_every_la_maps_to_the_register_row_with_its_dfe_number(la):
    with REGISTER.open(encoding="utf-8") as handle:
        register = {row["gss_code"]: row for row in csv.DictReader(handle)}
    for row in la.itertuples():
        assert row.gss_code in register, row.gss_code
        assert register[row.gss_code]["dfe_la_number"] == str(row.dfe_la_number)


def test_kent_uasc(la):
    kent = la[la["gss_code"] == "E10000016"].set_index("year")
    assert kent.loc[2015, "dfe_la_number"] == 886
    assert kent["uasc_31_march"].to_dict() == {2015: 367, 2016: 867, 2017: 483}


# --------------------------------------------------------------------------- England


def test_england_2017_went_missing_share(england):
    row = _one(england, year=2017)
    assert row["went_missing_during_year"] == 10_700
    assert row["looked_after_during_year"] == 102_590
    assert round(100 * 10_700 / 102_590, 1) == 10.4


def test_england_2015_uasc_discrepancy_recorded(england, la):
    row = _one(england, year=2015)
    assert row["uasc_31_march"] == 2_030
    assert row["la_rows_suppressed_uasc"] == 45
    assert row["uasc_31_march_la_sum"] == 2_515
    assert row["uasc_31_march_la_sum"] > row["uasc_31_march"]
    for year in (2015, 2016, 2017):
        sums = la[la["year"] == year]["uasc_31_march"].sum()
        assert _one(england, year=year)["uasc_31_march_la_sum"] == sums


def test_england_years_and_later_rows(england):
    assert list(england["year"]) == [2015, 2016, 2017, 2019, 2020, 2021, 2022, 2023]
    later = england[england["year"] >= 2019]
    assert later["went_missing_during_year"].notna().all()
    assert later["looked_after_during_year"].notna().all()
    assert later["missing_incidents"].notna().all()
    assert later["uasc_31_march"].isna().all()
    assert later["looked_after_31_march"].isna().all()
    assert _one(england, year=2023)["went_missing_during_year"] == 12_740
    # National figures are rounded to the nearest 10.
    for measure in DFE_MEASURES:
        values = england[measure].dropna()
        assert (values % 10 == 0).all(), measure


# --------------------------------------------------------------------------- nearest year


@pytest.mark.parametrize(
    ("period_end", "years", "expected"),
    [
        (date(2015, 8, 31), [2015, 2016, 2017], 2015),  # 2014-15 round: 153 days after
        (date(2017, 12, 31), [2015, 2016, 2017, 2019, 2020], 2017),  # 2017 round
        (date(2017, 12, 31), [2017, 2018], 2018),  # 90 days before 31 March 2018
        (date(2020, 12, 31), [2019, 2020, 2021, 2022, 2023], 2021),
        (date(2016, 3, 31), [2015, 2016, 2017], 2016),  # exactly a DfE year end
        (date(2015, 9, 30), [2015, 2016], 2015),  # tie (183 days each way): earlier year
        (date(2015, 10, 1), [2015, 2016], 2016),
        (date(2030, 1, 1), ["2015", "2017"], 2017),  # strings accepted, out of range
    ],
)
def test_nearest_dfe_year(period_end, years, expected):
    assert nearest_dfe_year(period_end, years) == expected


def test_nearest_dfe_year_needs_years():
    with pytest.raises(ValueError):
        nearest_dfe_year(date(2017, 12, 31), [])


# --------------------------------------------------------------------------- regeneration


def _load_tool():
    spec = importlib.util.spec_from_file_location("derive_dfe_reference", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@needs_source
def test_columns_found_through_each_years_metadata():
    tool = _load_tool()
    found = {}
    for files in tool.YEARS:
        meta = tool.read_metadata(SOURCE_DIR / files.metadata)
        found[files.year] = tool.resolve_columns(
            meta[files.missing_section], tool.MISSING_MEASURES, files.year, files.metadata
        )
        cla = tool.resolve_columns(
            meta[files.cla_section], tool.CLA_MEASURES, files.year, files.metadata
        )
        assert cla["uasc_31_march"] == "CLA_UASC"
        assert cla["looked_after_during_year"] == f"CLA_{files.year}"
    assert found[2015]["went_missing_during_year"] == "CLA_MissDuringYear"
    assert found[2017]["went_missing_during_year"] == "Miss_Miss_DuringYear"
    assert found[2017]["missing_incidents"] == "Miss_Miss_Incs"


@needs_source
@pytest.mark.skipif(not REGISTER.exists(), reason="authority register not yet derived")
def test_regeneration_is_byte_identical(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(TOOL),
            "--source-dir",
            str(SOURCE_DIR),
            "--out-dir",
            str(tmp_path),
            "--register",
            str(REGISTER),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in ("dfe_la_looked_after.csv", "dfe_england_looked_after.csv"):
        assert (tmp_path / name).read_bytes() == (REFERENCE_DIR / name).read_bytes(), name
