"""A round's protection, stored by the protection rule and read back by the steps after it,
only while it was stored from the very files the round is loaded from."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from foi_missing.publication import protection_cache
from foi_missing.publication.disclosure import DisclosureRule
from foi_missing.publication.report import load_round
from foi_missing.publication.report_sections.authorities import authority_disclosure

from tests.unit.fake_round import ROUND

CONFIG = {"disclosure": {"min_count": 1, "max_count": 4, "symbol": "[c]"}}


@pytest.fixture()
def project(fake_project, tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(fake_project, folder)
    monkeypatch.chdir(folder)  # the pipeline's steps run in the project folder
    return folder


def _stored_path() -> Path:
    return Path("results") / ROUND / protection_cache.STORED_FILE


def _worked_out() -> tuple[pd.DataFrame, object]:
    protection_cache._REMEMBERED.clear()  # not from this process's memory
    data = load_round(ROUND, config=CONFIG)
    return data._disclosure


def test_stored_protection_is_read_back_and_equals_one_worked_out(project, monkeypatch):
    protection_cache.save_round_protection(ROUND, _stored_path(), config=CONFIG)
    fresh_cells, fresh = _worked_out()
    _stored_path().rename("elsewhere.pickle")
    protection_cache.save_round_protection(ROUND, _stored_path(), config=CONFIG)
    calls = []
    monkeypatch.setattr("foi_missing.publication.report_sections.authorities.protect_round", lambda *a: calls.append(a))
    protection_cache._REMEMBERED.clear()
    data = load_round(ROUND, config=CONFIG)
    cells, stored = authority_disclosure(data)
    assert calls == []  # read from the file, not worked out again
    _stored_path().unlink()
    protection_cache._REMEMBERED.clear()
    load_round(ROUND, config=CONFIG)  # without the file: worked out (here by the stub)
    assert calls
    pd.testing.assert_frame_equal(cells, fresh_cells)
    pd.testing.assert_frame_equal(stored.table, fresh.table)
    pd.testing.assert_frame_equal(stored.secondary, fresh.secondary)
    assert (stored.withheld, stored.unresolved) == (fresh.withheld, fresh.unresolved)


def test_a_changed_input_makes_the_stored_protection_stale(project, monkeypatch):
    protection_cache.save_round_protection(ROUND, _stored_path(), config=CONFIG)
    answers = Path("results") / ROUND / "answers.csv"
    answers.write_text(answers.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    data_key = load_round(ROUND, config=CONFIG).source
    assert protection_cache.load_stored(_stored_path(), data_key) is None
    # Another disclosure rule is another key too.
    other = {"disclosure": {"min_count": 1, "max_count": 9, "symbol": "[c]"}}
    assert protection_cache.load_stored(_stored_path(), load_round(ROUND, config=other).source) is None


def test_the_stored_file_holds_in_a_copy_of_the_project_elsewhere(project, tmp_path):
    protection_cache.save_round_protection(ROUND, _stored_path(), config=CONFIG)
    moved = tmp_path / "moved"
    shutil.copytree(project, moved)
    os.chdir(moved)
    key = load_round(ROUND, config=CONFIG).source
    assert protection_cache.load_stored(_stored_path(), key) is not None


def test_a_file_that_is_not_a_stored_protection_is_never_unpickled(project, tmp_path):
    bogus = tmp_path / "bogus.pickle"
    bogus.write_bytes(b"not a protection\n\x80\x04K\x01.")
    key = load_round(ROUND, config=CONFIG).source
    assert protection_cache.load_stored(bogus, key) is None
    assert protection_cache.load_stored(tmp_path / "absent.pickle", key) is None


def test_same_protection_same_bytes_whatever_the_string_hashing(tmp_path):
    """Snakemake runs each job with its own hash seed: the stored file must not follow it
    (the withheld ids are a set)."""
    script = (
        "import sys; import pandas as pd\n"
        "from foi_missing.publication.disclosure import Disclosure, DisclosureRule\n"
        "from foi_missing.publication.protection_cache import store\n"
        "frame = pd.DataFrame({'Q1': [1, 2]}, index=['a', 'b'])\n"
        "result = Disclosure(frame, frame > 1, frame > 5, DisclosureRule(),\n"
        "                    withheld={f'nation:{n}:uasc_mean_episodes' for n in 'ABCDEFGH'})\n"
        "store(sys.argv[1], (DisclosureRule(), ()), (frame, result))\n"
    )
    outputs = []
    for seed in ("1", "2", "3"):
        out = tmp_path / f"seed{seed}.pickle"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(out)], env=env, check=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    _, result = protection_cache.load_stored(tmp_path / "seed1.pickle", (DisclosureRule(), ()))
    assert result.withheld == {f"nation:{n}:uasc_mean_episodes" for n in "ABCDEFGH"}
