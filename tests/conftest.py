"""Shared test helpers: where the repository is."""

import os

# openpyxl picks its XML writer when first imported, and with lxml installed it
# writes other (equally valid) bytes than the committed reconstructed corpus.
# Set before any test module imports openpyxl, so that the generator's
# byte-for-byte test does not depend on which test ran first in a worker.
os.environ.setdefault("OPENPYXL_LXML", "False")

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

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


INTEGRATION_DIR = REPO_ROOT / "tests" / "integration"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/integration runs Snakemake: marked ``slow`` (skip with -m "not slow")."""
    for item in items:
        if INTEGRATION_DIR in Path(item.fspath).parents:
            item.add_marker(pytest.mark.slow)
