"""Shared test helpers: where the repository is, the ``slow`` mark of the integration tests,
and ``build_once`` / ``computed_once`` (an input made once per test run, shared by the
pytest-xdist workers)."""

import os

# openpyxl picks its XML writer when first imported, and with lxml installed it
# writes other (equally valid) bytes than the committed reconstructed corpus.
# Set before any test module imports openpyxl, so that the generator's
# byte-for-byte test does not depend on which test ran first in a worker.
os.environ.setdefault("OPENPYXL_LXML", "False")

import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


INTEGRATION_DIR = REPO_ROOT / "tests" / "integration"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/integration runs Snakemake: marked ``slow`` (skip with -m "not slow")."""
    for item in items:
        if INTEGRATION_DIR in Path(item.fspath).parents:
            item.add_marker(pytest.mark.slow)


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` (other pytest-xdist workers wait)."""
    with open(lock_path, "a+") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: no fcntl; a run there builds once per worker
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_once(tmp_path_factory: pytest.TempPathFactory, name: str,
               make: Callable[[Path], Path]) -> Path:
    """``make(folder)`` once per test run, however many xdist workers ask for it."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make(tmp_path_factory.mktemp(name) / "project")
    # Every worker's base temp folder sits in one folder per run.
    shared = tmp_path_factory.getbasetemp().parent
    done, failed = shared / f"{name}.done", shared / f"{name}.failed"
    with _exclusive(shared / f"{name}.lock"):
        if done.exists():
            return Path(done.read_text(encoding="utf-8"))
        if failed.exists():
            raise AssertionError(f"the shared build {name!r} failed in another worker:\n"
                                 + failed.read_text(encoding="utf-8"))
        try:
            project = make(shared / name / "project")
        except BaseException as error:
            failed.write_text(str(error), encoding="utf-8")
            raise
        done.write_text(str(project), encoding="utf-8")
        return project


def computed_once(tmp_path_factory: pytest.TempPathFactory, name: str,
                  compute: Callable[[], object]) -> object:
    """``compute()`` once per test run (``build_once``); the other xdist workers read a pickle of
    the result. Each caller gets its own unpickled copy."""
    def make(folder: Path) -> Path:
        folder.mkdir(parents=True)
        (folder / "result.pickle").write_bytes(pickle.dumps(compute()))
        return folder

    return pickle.loads((build_once(tmp_path_factory, name, make) / "result.pickle").read_bytes())
