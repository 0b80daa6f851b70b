"""The like-for-like rows the series page withholds, stored once by rule
``withheld_like_for_like`` and read back by the series page, the tables workbook and the
disclosure audit, only while it was stored from the very files they load."""

from __future__ import annotations

import ast
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from foi_missing.core.tables import write_csv
from foi_missing.publication import protection_cache, series_disclosure
from foi_missing.publication.disclosure import DisclosureRule
from foi_missing.publication.series_data import load_series

from tests.unit.fake_round import REPO_ROOT
from tests.unit.fake_series import ROUNDS, make_fake_series

CONFIG = {"disclosure": {"min_count": 1, "max_count": 4, "symbol": "[c]"}}
STORED = Path("results") / "series" / series_disclosure.WITHHELD_FILE


@pytest.fixture(scope="module")
def built(tmp_path_factory, fake_series_tables, fake_series_rounds) -> Path:
    """The fake four rounds' tables and series tables, as the rules before this one write them."""
    folder = tmp_path_factory.mktemp("withheld") / "project"
    make_fake_series(folder, fake_series_rounds)
    for round_id, (_, answers, statistics, contributions) in fake_series_tables.items():
        out = folder / "results" / round_id
        write_csv(answers, out / "answers.csv")
        write_csv(statistics, out / "statistics.csv")
        write_csv(contributions, out / "contributions.csv")
    shutil.copytree(REPO_ROOT / "data" / "reference", folder / "data" / "reference")
    here = os.getcwd()
    os.chdir(folder)  # the pipeline's steps run in the project folder
    try:
        for round_id in ROUNDS:  # as rule `protection` does
            protection_cache.save_round_protection(
                round_id, Path("results") / round_id / protection_cache.STORED_FILE,
                "results", "data/raw", "data/published", CONFIG)
        (folder / "worked_out.txt").write_text(repr(sorted(_save())), encoding="utf-8")
    finally:
        os.chdir(here)
    return folder


@pytest.fixture()
def project(built, tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(built, folder)
    monkeypatch.chdir(folder)  # the pipeline's steps run in the project folder
    return folder


def _save() -> set:
    return series_disclosure.save_withheld_like_for_like(
        ROUNDS, STORED, "results", "data/raw", "data/published", "data/reference", CONFIG)


def _page_data():
    return load_series(ROUNDS, "results", "data/raw", CONFIG)  # as the series page loads it


def _count_work(monkeypatch) -> list:
    """Calls of the costly work (the joint protection of every printed sum), stubbed: these
    tests check which is used, the stored rows or the work."""
    from foi_missing.publication import disclosure_audit

    calls = []
    monkeypatch.setattr(disclosure_audit, "withheld_like_for_like",
                        lambda *args: calls.append(args) or set())
    return calls


def _key() -> tuple:
    data = _page_data()
    return series_disclosure.withheld_key(data, series_disclosure.round_data(data),
                                          Path("data/reference/authorities.csv"))


def test_the_stored_rows_equal_those_worked_out_and_are_read_back(project, monkeypatch):
    worked_out = ast.literal_eval(Path("worked_out.txt").read_text(encoding="utf-8"))
    # Stored in order, so the file's bytes do not depend on string hashing.
    assert protection_cache.load_stored(STORED, _key()) == tuple(worked_out)
    # What the steps after the rule print is what the file says.
    row = ("2017", "2017", "2018-20", "2018", "uasc", "went_missing")
    protection_cache.store(STORED, _key(), (row,))
    calls = _count_work(monkeypatch)
    assert series_disclosure.withheld_like_for_like(_page_data()) == {row}
    assert calls == []  # read from the file, not worked out again
    STORED.unlink()
    assert series_disclosure.withheld_like_for_like(_page_data()) == set()
    assert len(calls) == 1  # without the file: worked out (here by the stub)


@pytest.mark.parametrize("changed", ["results/series/like_for_like.csv",
                                     "results/2017/answers.csv",
                                     "data/reference/authorities.csv"])
def test_a_changed_input_makes_the_stored_rows_stale(project, monkeypatch, changed):
    assert protection_cache.load_stored(STORED, _key()) is not None
    path = Path(changed)
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    calls = _count_work(monkeypatch)
    series_disclosure.withheld_like_for_like(_page_data())
    assert len(calls) == 1  # worked out again, the stored file not used


def test_another_disclosure_rule_does_not_read_the_stored_rows(project):
    data = _page_data()
    rounds = series_disclosure.round_data(data)
    register = Path("data/reference/authorities.csv")
    assert protection_cache.load_stored(STORED, series_disclosure.withheld_key(data, rounds, register))
    other = replace(data, rule=DisclosureRule(max_count=9))
    assert protection_cache.load_stored(
        STORED, series_disclosure.withheld_key(other, rounds, register)) is None
