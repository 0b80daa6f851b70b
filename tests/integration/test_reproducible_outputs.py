"""Same inputs, same bytes; and the committed publication copies are current."""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from matplotlib import image as mpimg

from tests.conftest import REPO_ROOT
from tests.integration.conftest import BENCHMARKS, run_snakemake, tiny_project

PUBLISHED = REPO_ROOT / "docs" / "report"
# Executed notebooks carry kernel timings, logs and benchmarks carry times: excepted.
NOT_COMPARED = {".ipynb", ".log", ".zip"}
COMMIT = re.compile(r"from commit <code>[^<]*</code>")
COMMIT_PARAMETER = re.compile(r"^commit = .*$", re.MULTILINE)
DATA_IMAGE = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")
# Pixel tolerance for images rendered on another machine (fonts, antialiasing).
IMAGE_TOLERANCE = 0.02


def _outputs(results: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(results)): p.read_bytes()
        for p in sorted(results.rglob("*"))
        if p.is_file() and p.suffix not in NOT_COMPARED
        and not {"logs", BENCHMARKS} & set(p.relative_to(results).parts)
    }


@pytest.mark.integration
def test_a_second_build_elsewhere_gives_the_same_bytes(tiny_build: Path, tmp_path: Path) -> None:
    """Built again from scratch in another folder: every table, figure, workbook, page equal.

    On the tiny rounds: the same code paths as the real corpora, at a fraction of the cost.
    """
    second = tiny_project(tmp_path / "elsewhere" / "project")
    run_snakemake(second)
    first_outputs = _outputs(tiny_build / "results")
    second_outputs = _outputs(second / "results")
    # Other tests may add files to the shared build (the browser test's screenshot).
    assert set(second_outputs) <= set(first_outputs)
    differing = [name for name in second_outputs if first_outputs[name] != second_outputs[name]]
    assert not differing, f"differ between two builds: {differing}"
    suffixes = {Path(name).suffix for name in second_outputs}
    assert {".csv", ".png", ".svg", ".xlsx", ".html"} <= suffixes


def _split_html(text: str) -> tuple[str, list[bytes]]:
    images = [base64.b64decode(m) for m in DATA_IMAGE.findall(text)]
    return COMMIT.sub("from commit <code>(commit)</code>", DATA_IMAGE.sub("data:image/png;base64,", text)), images


def _images_close(first: bytes, second: bytes) -> bool:
    if first == second:  # the same PNG: no need to decode it
        return True
    a, b = (mpimg.imread(io.BytesIO(data), format="png") for data in (first, second))
    return a.shape == b.shape and float(np.abs(a - b).mean()) <= IMAGE_TOLERANCE


def _published_pairs(pipeline_build: Path) -> list[tuple[Path, Path]]:
    if not PUBLISHED.is_dir():
        pytest.fail("docs/report/ is missing: run `uv run snakemake --cores 4 publish` and commit it")
    built = pipeline_build / "results"
    pairs = []
    for published in sorted(PUBLISHED.iterdir()):
        if published.suffix in {".html", ".ipynb"}:
            pairs.append((published, built / "report" / published.name))
        elif published.suffix == ".xlsx":
            pairs.append((published, built / published.name))
    return pairs


@pytest.mark.integration
def test_published_copies_match_a_fresh_build(pipeline_build: Path) -> None:
    """docs/report/ must be what the pipeline makes now: text and tables exactly, images closely."""
    pairs = _published_pairs(pipeline_build)
    assert {p.suffix for p, _ in pairs} == {".html", ".ipynb", ".xlsx"}
    stale = []
    for published, built in pairs:
        if not built.exists():
            stale.append(f"{published.name}: the pipeline no longer makes it")
        # Equal bytes are equal content (the workbook, when current): nothing to parse.
        elif (published.read_bytes() != built.read_bytes()
              and not SAME_CONTENT[published.suffix](published, built)):
            stale.append(published.name)
    assert not stale, (
        f"docs/report is out of date ({stale}): run `uv run snakemake --cores 4 publish` and commit"
    )


def _html_same(first: Path, second: Path) -> bool:
    text_a, images_a = _split_html(first.read_text(encoding="utf-8"))
    text_b, images_b = _split_html(second.read_text(encoding="utf-8"))
    return text_a == text_b and len(images_a) == len(images_b) and all(
        _images_close(a, b) for a, b in zip(images_a, images_b)
    )


def _notebook_parts(path: Path) -> tuple[list, list[bytes]]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells, images = [], []
    for cell in notebook["cells"]:
        outputs = []
        for output in cell.get("outputs", []):
            data = dict(output.get("data", {}))
            if "image/png" in data:
                images.append(base64.b64decode(data.pop("image/png")))
            html = "".join(data.get("text/html", ""))
            data["text/html"] = _split_html(html)[0]
            outputs.append((output.get("output_type"), data, output.get("text")))
        source = "".join(cell["source"])
        cells.append((cell["cell_type"], COMMIT_PARAMETER.sub("commit = (commit)", source), outputs))
    return cells, images


def _notebook_same(first: Path, second: Path) -> bool:
    cells_a, images_a = _notebook_parts(first)
    cells_b, images_b = _notebook_parts(second)
    return cells_a == cells_b and len(images_a) == len(images_b) and all(
        _images_close(a, b) for a, b in zip(images_a, images_b)
    )


def _workbook_values(path: Path) -> dict[str, list[tuple]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def _workbook_same(first: Path, second: Path) -> bool:
    return _workbook_values(first) == _workbook_values(second)


# How a published copy is compared with the fresh build, by kind of file.
SAME_CONTENT = {".html": _html_same, ".ipynb": _notebook_same, ".xlsx": _workbook_same}
