"""The package is laid out by stage, and its imports point one way only.

core <- ingest <- statistics <- publication: a stage imports its own modules and the
stages before it, never one after it. The request kit (before a round is answered)
uses the core and the readers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "workflow" / "src" / "foi_missing"
ORDER = ["core", "ingest", "statistics", "publication"]
MAY_IMPORT = {stage: set(ORDER[: i + 1]) for i, stage in enumerate(ORDER)}
MAY_IMPORT["requestkit"] = {"core", "ingest", "requestkit"}


def _stage_imports(path: Path) -> set[tuple[str, int]]:
    """(stage, line) of every foi_missing import in a module, lazy imports included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "foi_missing" and len(parts) > 1 and parts[1] in MAY_IMPORT:
                found.add((parts[1], node.lineno))
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


def test_every_module_sits_in_a_stage_folder() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert loose == [], f"modules outside a stage folder: {loose}"


@pytest.mark.parametrize("module", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_from_publication_to_statistics_to_ingest_to_core(module: Path) -> None:
    stage = module.relative_to(PACKAGE).parts[0]
    wrong = sorted((imported, line) for imported, line in _stage_imports(module)
                   if imported not in MAY_IMPORT[stage])
    assert wrong == [], f"{module.relative_to(PACKAGE)} ({stage}) imports a later stage: {wrong}"


def test_the_layout_check_sees_a_backward_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from foi_missing.publication.report import x\n")
    assert _stage_imports(module) == {("publication", 2)}


MODULE_LIMIT = 600


def test_no_package_module_is_over_600_lines() -> None:
    """A module that grows past this does several things: give the new one its own module."""
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LIMIT}
    assert long == {}, f"modules over {MODULE_LIMIT} lines: {long}"
