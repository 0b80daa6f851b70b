"""A build killed outright (SIGKILL: the OOM killer, a power cut) recovers with
``snakemake --unlock`` and a rerun, to the same bytes as a build never interrupted.

On a copy of the tiny build (``tiny_build``) whose round report is rebuilt and killed
while it runs, so it is quick; slow all the same (it builds).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

from tests.integration.conftest import run_snakemake, snakemake_env
from tests.integration.test_reproducible_outputs import _outputs

KILL_WITHIN_SECONDS = 300  # the report job must have started by then


def _started_build(project: Path, *args: str) -> subprocess.Popen:
    """Snakemake in its own process group, so one kill takes it and every job it started."""
    return subprocess.Popen(
        [sys.executable, "-m", "snakemake", "--cores", "2", *args], cwd=project,
        env=snakemake_env(project), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait_for(path: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + KILL_WITHIN_SECONDS
    while not path.exists():
        assert process.poll() is None, f"the build ended ({process.returncode}) before {path} appeared"
        assert time.monotonic() < deadline, f"{path} did not appear within {KILL_WITHIN_SECONDS} s"
        time.sleep(0.05)


def test_sigkill_mid_build_then_unlock_and_rerun_gives_the_same_bytes(tiny_build: Path,
                                                                       tmp_path: Path) -> None:
    # A copy of the built tiny project whose report is rebuilt and killed while it runs (the
    # report step is the longest, and rebuilding only it keeps the test cheap).
    project = tmp_path / "killed" / "project"
    shutil.copytree(tiny_build, project, ignore=shutil.ignore_patterns(".snakemake"))
    round_id = yaml.safe_load((project / "config.yaml").read_text(encoding="utf-8"))["rounds"][0]
    started = project / "results" / "logs" / round_id / "report.log"  # written as the job starts
    started.unlink()
    process = _started_build(project, "--forcerun", "round_report")
    _wait_for(started, process)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    report = project / "results" / "report" / f"{round_id}.html"
    assert not report.exists(), "the report had been written before the kill: nothing was interrupted"

    # The killed run left its lock: a new run is refused until it is removed.
    refused = run_snakemake(project, check=False)
    assert refused.returncode != 0 and "lock" in (refused.stdout + refused.stderr).lower()
    run_snakemake(project, "--unlock")
    run_snakemake(project)  # rerun-incomplete (profiles/default) redoes what the kill cut short

    expected, recovered = _outputs(tiny_build / "results"), _outputs(project / "results")
    # Other tests may add files to the shared build (the browser test's screenshot).
    assert set(recovered) <= set(expected) and report.exists()
    differing = [name for name in recovered if expected[name] != recovered[name]]
    assert not differing, f"differ from a build never interrupted: {differing}"
