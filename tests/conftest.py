"""Shared test helpers: where the repository is."""

import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

# Text that would show a published page was built from this machine's folders:
# this checkout, the home and temporary folders, and common path prefixes.
MACHINE_PATH_MARKERS = frozenset({
    str(REPO_ROOT), str(REPO_ROOT.parent) + "/", str(Path.home()) + "/",
    tempfile.gettempdir() + "/", "/home/", "/var/folders/", "C:\\", "file://",
})


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT
