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


def test_a_setting_from_the_command_line_is_named_as_such(project: Path) -> None:
    """Issue 13: errors said config.yaml although the key came from --config (which
    Snakemake passes as text here: "'0' is not of type 'integer'")."""
    result = run_snakemake(project, "-n", "--config", 'disclosure={"max_count": 0}', check=False)
    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert "--config (command line): does not follow config.schema.yaml" in output
    assert "at disclosure/max_count" in output


def test_a_round_spec_error_names_round_yaml_and_the_key(project: Path) -> None:
    # A round the tiny project builds (conftest.tiny_rounds).
    round_id = yaml.safe_load((project / "config.yaml").read_text())["rounds"][-1]
    path = project / "data" / "raw" / round_id / "round.yaml"
    spec = yaml.safe_load(path.read_text())
    spec["reply_cutoff"] = "2000-01-01"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    result = run_snakemake(project, "-n", check=False)
    assert result.returncode != 0
    assert f"data/raw/{round_id}/round.yaml: reply_cutoff 2000-01-01" in result.stderr + result.stdout
