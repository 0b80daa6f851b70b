"""The package files a step runs, found from the import lines of its script or notebook.

Snakemake reruns a job when its script changes, but not when a module the script
imports changes. Each rule therefore lists, as inputs, every ``foi_missing`` module its
script (or the notebook it executes) imports, directly or through other modules. The
imports are read as text, never run, so parsing the workflow stays fast and imports
neither pandas nor matplotlib.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

PACKAGE = "foi_missing"
PACKAGE_DIR = Path("workflow") / "src" / PACKAGE

_FROM = re.compile(rf"^[ \t]*from[ \t]+({PACKAGE}(?:\.\w+)*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)", re.MULTILINE)
_IMPORT = re.compile(rf"^[ \t]*import[ \t]+({PACKAGE}(?:\.\w+)*)", re.MULTILINE)


def _source_text(path: Path) -> str:
    """Python source of a script, module or notebook (its code cells)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return text
    cells = json.loads(text).get("cells", [])
    return "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")


def _imported_names(text: str) -> set[str]:
    """Dotted names a source imports from the package (``from x import y`` gives x and x.y,
    since y may be a submodule)."""
    names = set(_IMPORT.findall(text))
    for module, imported in _FROM.findall(text):
        names.add(module)
        lines = (line.split("#")[0] for line in imported.strip("()").splitlines())
        for item in " ".join(lines).split(","):
            item = item.split(" as ")[0].strip()
            if item and item != "*":
                names.add(f"{module}.{item}")
    return names


def _module_file(root: Path, name: str) -> Path | None:
    """The file of a dotted module name under ``root``, or None for a name that is not a module
    (a function or class imported by name)."""
    base = root.joinpath(PACKAGE_DIR, *name.split(".")[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@functools.cache
def _direct(root: Path, path: Path) -> frozenset[Path]:
    """Package files one source imports itself; importing a.b.c runs a/__init__.py and
    a/b/__init__.py too."""
    files = set()
    for name in _imported_names(_source_text(path)):
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):
            module = _module_file(root, ".".join(parts[:depth]))
            if module is not None:
                files.add(module)
    return frozenset(files)


def _closure(root: Path, start: Path) -> set[Path]:
    seen: set[Path] = set()
    todo = [start]
    while todo:
        for module in _direct(root, todo.pop()) - seen:
            seen.add(module)
            todo.append(module)
    return seen


def code_files(root: str | Path, *entry_points: str | Path) -> list[str]:
    """Every package file the entry points (scripts or notebooks, relative to ``root``) import,
    as paths relative to ``root``, sorted."""
    root = Path(root)
    files: set[Path] = set()
    for entry in entry_points:
        files.update(_closure(root, root / entry))
    return sorted(str(path.relative_to(root)) for path in files)
