"""Snakemake stops with a message naming the key or folder at fault."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.integration.conftest import copy_project, run_snakemake, tiny_project


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """The project with tiny rounds: these tests need the workflow, not the data."""
    return tiny_project(tmp_path / "project")


def _edit_config(project: Path, **changes) -> None:
    path = project / "config.yaml"
    config = yaml.safe_load(path.read_text())
    config.update(changes)
    path.write_text(yaml.safe_dump(config))


def test_dry_run_of_shipped_project_succeeds(tmp_path: Path) -> None:
    run_snakemake(copy_project(tmp_path / "project"), "-n")


def test_unknown_key_fails_naming_it(project: Path) -> None:
    _edit_config(project, fail_on_mismach=True)
    result = run_snakemake(project, "-n", check=False)
    assert result.returncode != 0
    assert "fail_on_mismach" in result.stderr + result.stdout


def test_round_without_folder_fails_naming_it(project: Path) -> None:
    _edit_config(project, rounds=["2014-15", "2031"])
    result = run_snakemake(project, "-n", check=False)
    assert result.returncode != 0
    assert "data/raw/2031" in result.stderr + result.stdout
