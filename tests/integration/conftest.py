"""One pipeline build shared by every integration test (it takes a while).

The project is copied to a temporary folder and Snakemake runs there as a
subprocess, with the copy's own package source first on the import path, so
the tests see exactly what a fresh clone would produce and never touch the
working tree's results/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

# Not copied: environments, caches and earlier results.
IGNORED = shutil.ignore_patterns(
    ".venv", ".git", ".snakemake", "results", "__pycache__", ".pytest_cache",
    ".hypothesis", ".ruff_cache", "*.egg-info",
)


def copy_project(destination: Path) -> Path:
    shutil.copytree(REPO_ROOT, destination, ignore=IGNORED)
    return destination


def snakemake_env(project: Path) -> dict[str, str]:
    env = dict(os.environ)
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


@pytest.fixture(scope="session")
def pipeline_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project copied and built once with ``snakemake --cores 2``."""
    project = copy_project(tmp_path_factory.mktemp("build") / "project")
    run_snakemake(project)
    return project
