"""The whole pipeline on the repository's data, built once in a temporary copy."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from foi_missing.core.tables import read_csv

from tests.conftest import REPO_ROOT
from tests.integration.conftest import run_snakemake

ROUNDS = yaml.safe_load((REPO_ROOT / "config.yaml").read_text())["rounds"]


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.integration
def test_raw_data_untouched(pipeline_build: Path) -> None:
    """The pipeline never writes under data/raw (root ignores read-only bits, so compare)."""
    assert tree_digest(pipeline_build / "data" / "raw") == tree_digest(REPO_ROOT / "data" / "raw")


@pytest.mark.integration
@pytest.mark.parametrize("round_id", ROUNDS)
def test_round_outputs_exist(pipeline_build: Path, round_id: str) -> None:
    results = pipeline_build / "results" / round_id
    for name in ("answers.csv", "qa.csv", "to_code.csv", "statistics.csv", "contributions.csv",
                 "reproduction.csv"):
        assert (results / name).is_file(), name
    assert list((results / "figures").glob("*.png")), "no figures"


@pytest.mark.integration
@pytest.mark.parametrize("round_id", ROUNDS)
def test_every_published_figure_is_reproduced(pipeline_build: Path, round_id: str) -> None:
    reproduction = read_csv(pipeline_build / "results" / round_id / "reproduction.csv")
    reproduce = reproduction[reproduction["role"] == "reproduce"]
    assert len(reproduce) > 0
    failed = reproduce[reproduce["match"].str.lower() != "true"]
    assert failed.empty, failed.to_string()
    conflicting = reproduction[reproduction["role"] == "conflicting"]
    assert conflicting["match"].isna().all()


@pytest.mark.integration
@pytest.mark.parametrize("round_id", ROUNDS)
def test_statistics_back_test(pipeline_build: Path, round_id: str) -> None:
    """Statistics equal the committed expected table exactly."""
    expected_path = REPO_ROOT / "tests" / "fixtures" / "expected" / f"{round_id}_statistics.csv"
    if not expected_path.exists():
        pytest.skip(f"no expected table {expected_path.name} committed yet")
    computed = read_csv(pipeline_build / "results" / round_id / "statistics.csv")
    expected = read_csv(expected_path)
    pd.testing.assert_frame_equal(computed, expected, check_like=False)


@pytest.mark.integration
def test_2014_15_ledger_is_complete(pipeline_build: Path) -> None:
    answers = read_csv(pipeline_build / "results" / "2014-15" / "answers.csv")
    assert answers["authority_code"].nunique() == 217
    assert len(answers) == 217 * 8
    assert not answers.duplicated(["authority_code", "question", "period"]).any()


@pytest.mark.integration
def test_snakemake_report_after_a_run(tiny_build: Path, tmp_path: Path) -> None:
    """`snakemake --report` works on a finished build and holds the captioned outputs."""
    archive = tmp_path / "workflow.zip"
    run_snakemake(tiny_build, "--report", str(archive))
    names = zipfile.ZipFile(archive).namelist()
    for expected in ("share_missing.png", "2014-15.html", "tables.xlsx"):
        assert any(name.endswith(expected) for name in names), expected
    # Per-authority outputs without disclosure control stay out: the funnel figures and
    # reproduction.csv (its controlled copy is in the round report and tables.xlsx).
    assert not any("funnel" in name or name.endswith("reproduction.csv") for name in names)


@pytest.mark.integration
def test_disclosure_audit_passes_on_the_build(pipeline_build: Path) -> None:
    """Every build runs the audit (it fails the build when a hidden cell can be worked out)."""
    audit = read_csv(pipeline_build / "results" / "disclosure_audit.csv")
    assert len(audit) > 0, "the audit bounded no hidden cell"
    assert set(audit["result"]) == {"ok"}, audit[audit["result"] != "ok"]
