"""Inputs several unit-test modules share, made once per test run.

Rendering a report starts a Jupyter kernel, and the fake series runs the package's
statistics on four rounds: each takes seconds. They are made once, under a lock, by the
first pytest-xdist worker that asks (``tests.conftest.build_once``, ``computed_once``) and
read by the others from the run's temporary folder. Tests only read them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from foi_missing.statistics.series import RoundResults

from tests.conftest import build_once, computed_once
from tests.unit.fake_round import ROUND, make_fake_project, render_report
from tests.unit.fake_series import fake_round_tables, render_fake_series


@pytest.fixture(scope="session")
def fake_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fake round's project folder (``fake_round.make_fake_project``). Read only: a test
    that changes a file copies the folder first."""
    return build_once(tmp_path_factory, "fake_project", make_fake_project)


@pytest.fixture(scope="session")
def fake_report(tmp_path_factory: pytest.TempPathFactory, fake_project) -> tuple[Path, Path]:
    """A copy of ``fake_project`` with its report rendered: (html, executed notebook)."""
    def make(folder: Path) -> Path:
        shutil.copytree(fake_project, folder)
        render_report(folder)
        return folder

    folder = build_once(tmp_path_factory, "fake_report", make)
    report = folder / "results" / "report"
    return report / f"{ROUND}.html", report / f"{ROUND}.ipynb"


@pytest.fixture(scope="session")
def fake_series_tables(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """``fake_series.fake_round_tables()``: per fake round (spec, answers, statistics,
    contributions)."""
    return computed_once(tmp_path_factory, "fake_series_tables", fake_round_tables)


@pytest.fixture(scope="session")
def fake_series_rounds(fake_series_tables) -> list[RoundResults]:
    """The four fake rounds' RoundResults (``fake_series.fake_rounds()``)."""
    return [RoundResults(spec, statistics, answers)
            for spec, answers, statistics, _ in fake_series_tables.values()]


@pytest.fixture(scope="session")
def fake_series_page(tmp_path_factory: pytest.TempPathFactory, request) -> Path:
    """The fake series project (``fake_series.py``) with its series page rendered."""
    def make(folder: Path) -> Path:
        render_fake_series(folder, request.getfixturevalue("fake_series_rounds"))
        return folder

    return build_once(tmp_path_factory, "fake_series_page", make) / "results" / "report" / "series.html"
