"""Pipeline builds shared by the integration tests (they take a while).

The project is copied to a temporary folder and Snakemake runs there as a
subprocess, with the copy's own package source first on the import path, so
the tests see exactly what a fresh clone would produce and never touch the
working tree's results/.

Two builds are shared by every test of a run, made once even when pytest-xdist
spreads the tests over several worker processes (a session fixture runs once
per worker, so the first worker to ask builds under a file lock and the others
wait for it and reuse the folder):

- ``pipeline_build``: the project as committed, on the real corpora (the
  back-tests, the reproduction of published figures, the published copies).
- ``tiny_build``: the project with its first configured round cut down
  to a few authorities (``tiny_rounds``, ``cut_round``): the structural tests (add
  a round, an edited reply, determinism, Snakemake's report) need the workflow,
  not the data.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO_ROOT, build_once

# Not copied: environments, caches and earlier results.
IGNORED = shutil.ignore_patterns(
    ".venv", ".git", ".snakemake", "results", "__pycache__", ".pytest_cache",
    ".hypothesis", ".ruff_cache", "*.egg-info",
)
# Per-rule timings and memory (Snakemake's benchmark: directive): differ from run to run.
BENCHMARKS = "benchmarks"
# Kent: its reply is the one test_edited_reply edits, so every tiny 2014-15 round keeps it.
ALWAYS_KEPT = ("E10000016",)


def copy_project(destination: Path) -> Path:
    shutil.copytree(REPO_ROOT, destination, ignore=IGNORED)
    return destination


def snakemake_env(project: Path) -> dict[str, str]:
    env = dict(os.environ)
    # tests/conftest.py sets this for the generator's byte-for-byte check; a build must
    # write its workbooks as a user's build does, so that they equal the published copies.
    env.pop("OPENPYXL_LXML", None)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(project / "workflow" / "src"), str(project), env.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    return env


def run_snakemake(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run Snakemake in ``project`` with this interpreter; output kept for messages."""
    command = [sys.executable, "-m", "snakemake", "--cores", "2", *args]
    result = subprocess.run(
        command, cwd=project, env=snakemake_env(project), capture_output=True, text=True,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(command)} failed ({result.returncode}) in {project}:\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-8000:]}"
        )
    return result


def _read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write_rows(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def tiny_authorities(request_log: list[dict[str, str]], coded: list[str]) -> set[str]:
    """A few authorities that still exercise every kind of reply the round has.

    The first authority of each outcome (answered, refused, no reply, late,
    internal review...) and of each kind of reply file, the first one coded by
    hand, and ``ALWAYS_KEPT``: about ten of the round's two hundred.
    """
    chosen = {row["gss_code"] for row in request_log if row["gss_code"] in ALWAYS_KEPT}
    seen: set[tuple[str, str]] = set()
    for row in request_log:
        for kind in (("outcome", row["outcome"]), ("file", Path(row["reply_file"]).suffix)):
            if kind not in seen:
                seen.add(kind)
                chosen.add(row["gss_code"])
    chosen.update(coded[:1])
    return chosen


def cut_round(folder: Path) -> None:
    """Keep only ``tiny_authorities`` in a round folder: request log, coding sheet, replies."""
    spec = yaml.safe_load((folder / "round.yaml").read_text(encoding="utf-8"))
    log_path = folder / spec["request_log"]
    fields, rows = _read_rows(log_path)
    sheet_path = folder / spec["coding_sheet"] if spec.get("coding_sheet") else None
    sheet_fields, sheet = _read_rows(sheet_path) if sheet_path and sheet_path.exists() else ([], [])
    keep = tiny_authorities(rows, [row["authority_code"] for row in sheet])
    rows = [row for row in rows if row["gss_code"] in keep]
    _write_rows(log_path, fields, rows)
    if sheet_fields:
        _write_rows(sheet_path, sheet_fields, [r for r in sheet if r["authority_code"] in keep])
    kept_files = {row["reply_file"] for row in rows if row["reply_file"]}
    for reply in (folder / spec["replies_dir"]).iterdir():
        if reply.is_file() and reply.name not in kept_files:
            reply.unlink()


def tiny_rounds(rounds: list[str]) -> list[str]:
    """The rounds a tiny project builds: the first configured only (Kent's edited reply is
    in 2014-15). Every job a round adds costs its start-up again (about 2 s of CPU each,
    and the structural tests build tiny projects several times); what spans rounds (the
    series, like-for-like totals) is built by the real build, on all four rounds, and
    checked against the committed publication. Not a multi-period round: cut to a few
    authorities, 2021-24's printed totals leave hidden cells that the joint protection
    cannot cover, so the disclosure audit rightly stops that build."""
    return list(rounds[:1])


def tiny_project(destination: Path) -> Path:
    """The project copied with ``tiny_rounds`` configured, each cut to a few authorities."""
    project = copy_project(destination)
    config_path = project / "config.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    raw = project / config.get("paths", {}).get("raw", "data/raw")
    kept = tiny_rounds(config["rounds"])
    if kept != config["rounds"]:
        # Only the list of rounds is rewritten (the file's comments go with the dump).
        config["rounds"] = kept
        config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    for round_id in kept:
        cut_round(raw / round_id)
    return project


def _built(project: Path) -> Path:
    """The project built with its default targets (the disclosure audit among them)."""
    run_snakemake(project)
    return project


@pytest.fixture(scope="session")
def pipeline_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project on its real corpora, copied and built once with ``snakemake --cores 2``."""
    return build_once(tmp_path_factory, "real_build", lambda folder: _built(copy_project(folder)))


@pytest.fixture(scope="session")
def tiny_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with tiny rounds (``tiny_project``), built once."""
    return build_once(tmp_path_factory, "tiny_build",
                      lambda folder: _built(tiny_project(folder)))
