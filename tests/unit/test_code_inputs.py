"""foi_missing.core.code_inputs: each step's code inputs are the package files its script imports."""

import json
from pathlib import Path

from foi_missing.core.code_inputs import code_files

REPO_ROOT = Path(__file__).resolve().parents[2]


def _package(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / "workflow" / "src" / "foi_missing" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_imports_are_followed_through_modules_packages_and_notebooks(tmp_path):
    _package(tmp_path, {
        "__init__.py": "",
        "a.py": "from foi_missing.b import thing\n",
        "b.py": "def thing():\n    from foi_missing import (\n        c,  # lazy\n        d as dee,\n    )\n",
        "c.py": "",
        "d.py": "import foi_missing.sub.e\n",
        "sub/__init__.py": "",
        "sub/e.py": "",
        "unused.py": "",
    })
    (tmp_path / "script.py").write_text("from foi_missing.a import x\n", encoding="utf-8")
    notebook = {"cells": [{"cell_type": "markdown", "source": ["from foi_missing import unused"]},
                          {"cell_type": "code", "source": ["from foi_missing import c\n"]}]}
    (tmp_path / "report.ipynb").write_text(json.dumps(notebook), encoding="utf-8")

    found = code_files(tmp_path, "script.py")
    names = [Path(f).relative_to("workflow/src/foi_missing").as_posix() for f in found]
    assert names == ["__init__.py", "a.py", "b.py", "c.py", "d.py", "sub/__init__.py", "sub/e.py"]
    assert code_files(tmp_path, "report.ipynb") == [
        "workflow/src/foi_missing/__init__.py", "workflow/src/foi_missing/c.py"]


def test_the_statistics_step_depends_on_the_statistics_module():
    found = code_files(REPO_ROOT, "workflow/scripts/statistics.py")
    assert "workflow/src/foi_missing/statistics/compute.py" in found
    assert "workflow/src/foi_missing/core/roundspec.py" in found
    assert "workflow/src/foi_missing/publication/report.py" not in found


def test_every_rule_with_a_script_lists_its_code():
    for smk in sorted((REPO_ROOT / "workflow" / "rules").glob("*.smk")):
        for block in smk.read_text(encoding="utf-8").split("\nrule ")[1:]:
            name = block.split(":", 1)[0]
            if "script:" in block and name != "publish":
                assert "code=" in block.replace("to_code=", ""), f"{smk.name}: rule {name}"
