"""A build killed outright (SIGKILL: the OOM killer, a power cut) recovers with
``snakemake --unlock`` and a rerun, to the same bytes as a build never interrupted.

On the tiny rounds (``tiny_project``), so it is quick; slow all the same (it builds).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.integration.conftest import run_snakemake, snakemake_env, tiny_project
from tests.integration.test_reproducible_outputs import _outputs

KILL_WITHIN_SECONDS = 300  # the first round's answers must appear by then


def _started_build(project: Path) -> subprocess.Popen:
    """Snakemake in its own process group, so one kill takes it and every job it started."""
    return subprocess.Popen(
        [sys.executable, "-m", "snakemake", "--cores", "2"], cwd=project,
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
    project = tiny_project(tmp_path / "killed" / "project")
    process = _started_build(project)
    # Killed once the first step has written its tables and later steps are under way.
    _wait_for(project / "results" / "2014-15" / "answers.csv", process)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    report = project / "results" / "report" / "2014-15.html"
    assert not report.exists(), "the build had finished before the kill: nothing was interrupted"

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
