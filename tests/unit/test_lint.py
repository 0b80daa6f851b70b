"""The code passes ruff with the project's settings (pyproject.toml), so a finding is
fixed when it is made rather than piling up for a later clean-up."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_ruff_finds_nothing() -> None:
    ruff = shutil.which("ruff") or shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        pytest.skip("ruff is not installed (it is in the dev dependencies: uv sync)")
    run = subprocess.run([ruff, "check", "--no-cache", "--output-format", "concise", "."],
                         cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
