"""Inputs several unit-test modules share, made once per test process.

Rendering a report starts a Jupyter kernel, and the fake series runs the package's
statistics on four rounds: each takes seconds, so they are session fixtures. Under
pytest-xdist every worker makes the ones its tests ask for, once. Tests only read them
(each module that needs its own copy of a table takes one).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from foi_missing.series import RoundResults

from tests.unit.fake_round import render_fake_report
from tests.unit.fake_series import fake_round_tables, render_fake_series


@pytest.fixture(scope="session")
def fake_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fake round (``fake_round.py``) with its report rendered: (html, executed notebook)."""
    return render_fake_report(tmp_path_factory.mktemp("fake_report") / "project")


@pytest.fixture(scope="session")
def fake_series_tables() -> dict:
    """``fake_series.fake_round_tables()``: per fake round (spec, answers, statistics,
    contributions)."""
    return fake_round_tables()


@pytest.fixture(scope="session")
def fake_series_rounds(fake_series_tables) -> list:
    """The four fake rounds' RoundResults (``fake_series.fake_rounds()``)."""
    return [RoundResults(spec, statistics, answers)
            for spec, answers, statistics, _ in fake_series_tables.values()]


@pytest.fixture(scope="session")
def fake_series_page(tmp_path_factory: pytest.TempPathFactory, fake_series_rounds) -> Path:
    """The fake series project (``fake_series.py``) with its series page rendered."""
    return render_fake_series(tmp_path_factory.mktemp("fake_series") / "project",
                              fake_series_rounds)
