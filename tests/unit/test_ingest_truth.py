"""Ingest of each reconstructed corpus agrees with the generator's answer key.

The answer key (tests/fixtures/truth/<round>.csv) is what a careful researcher
codes for every authority x question; <round>_planted.csv lists the
inconsistencies planted on purpose, which qa.csv must find.
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest
import yaml
from foi_missing.core.tables import read_csv, write_csv
from foi_missing.ingest.ledger import ingest_round

from tests.conftest import REPO_ROOT, computed_once

COMPARED = ["status", "value", "lower", "upper", "exemption", "covers", "refers_to"]
KEY = ["authority_code", "question", "period"]
# round -> authorities asked (docs/design.md#assumptions)
ROUNDS = {"2014-15": 217, "2017": 211, "2018-20": 211, "2021-24": 212}


def raw_dir(round_id: str) -> Path:
    return REPO_ROOT / "data" / "raw" / round_id


def truth_path(round_id: str, suffix: str = "") -> Path:
    return REPO_ROOT / "tests" / "fixtures" / "truth" / f"{round_id}{suffix}.csv"


def _round_param(round_id: str):
    missing = not (raw_dir(round_id) / "request_log.csv").exists() or not truth_path(round_id).exists()
    return pytest.param(round_id, id=round_id, marks=pytest.mark.skipif(
        missing, reason=f"the reconstructed {round_id} corpus or its answer key is not there yet: "
        f"run python -m tools.reconstruct_corpus --round {round_id}"))


@pytest.fixture(scope="module", params=[_round_param(r) for r in ROUNDS])
def ingested(request, tmp_path_factory):
    """The round ingested once per test run (``computed_once``: xdist workers share it)."""
    round_id = request.param
    return round_id, computed_once(tmp_path_factory, f"ingested_{round_id}",
                                   lambda: ingest_round(raw_dir(round_id)))


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), "").astype(str)


def test_ledger_has_every_authority_times_every_question(ingested):
    round_id, result = ingested
    questions = yaml.safe_load((raw_dir(round_id) / "round.yaml").read_text(encoding="utf-8"))["questions"]
    cells = sum(len(q.get("periods") or [q["period"]]) for q in questions)  # question x period
    answers = result.answers
    assert answers["authority_code"].nunique() == ROUNDS[round_id]
    assert len(answers) == ROUNDS[round_id] * cells
    assert not answers.duplicated(KEY).any()


def test_every_cell_agrees_with_the_answer_key(ingested):
    round_id, result = ingested
    truth = as_text(read_csv(truth_path(round_id)))
    answers = as_text(result.answers)
    merged = truth.merge(answers, on=KEY, how="outer", suffixes=("_truth", "_ingest"), indicator=True)
    only = merged.loc[merged["_merge"] != "both", KEY + ["_merge"]]
    assert only.empty, f"rows in only one table:\n{only.to_string()}"
    lines = []
    for row in merged.itertuples(index=False):
        row = row._asdict()
        for column in COMPARED:
            expected, got = row[f"{column}_truth"], row[f"{column}_ingest"]
            if expected != got:
                lines.append(f"{row['authority_code']} {row['question']} {column}: key {expected!r}, "
                             f"ingest {got!r} ({row['source_file_ingest']} {row['source_location']}: "
                             f"{row['raw_text'][:80]!r})")
    assert not lines, f"{round_id}: {len(lines)} disagreement(s) with the answer key:\n" + "\n".join(lines)


def test_no_unparsed_answer_left_that_the_coding_sheet_does_not_cover(ingested):
    _, result = ingested
    unparsed = result.answers.loc[result.answers["status"] == "unparsed", KEY + ["raw_text", "note"]]
    assert unparsed.empty, f"unparsed answers not in coding_sheet.csv:\n{unparsed.to_string()}"
    assert result.to_code.empty


def test_qa_lists_every_planted_inconsistency(ingested):
    round_id, result = ingested
    planted = read_csv(truth_path(round_id, "_planted"))
    assert not planted.empty
    qa = result.qa
    missing = []
    for row in planted.itertuples():
        question = row.questions.split(";")[0]
        hit = qa.loc[(qa["authority_code"] == row.authority_code) & (qa["rule"] == row.rule)
                     & (qa["question"] == question)]
        if hit.empty:
            missing.append(f"{row.authority_code} {row.rule} {row.questions}")
    assert not missing, "planted inconsistencies not in qa.csv: " + "; ".join(missing)


def test_qa_has_no_error_findings(ingested):
    _, result = ingested
    errors = result.qa.loc[result.qa["severity"] == "error"]
    assert errors.empty, errors.to_string()


@pytest.mark.slow  # ingests the whole round a second time
def test_ingest_from_a_read_only_copy_writes_nothing_there(tmp_path: Path, ingested):
    round_id, expected = ingested
    raw = tmp_path / "raw" / round_id
    shutil.copytree(raw_dir(round_id), raw)
    before = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in raw.rglob("*")}
    paths = [raw, *raw.rglob("*")]
    modes = {p: p.stat().st_mode for p in paths}
    for path in paths:
        path.chmod(modes[path] & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        result = ingest_round(raw)
        write_csv(result.answers, tmp_path / "results" / "answers.csv")
        after = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in raw.rglob("*")}
    finally:
        for path in sorted(paths, key=lambda p: -len(p.parts)):
            path.chmod(modes[path])
    assert after == before
    pd.testing.assert_frame_equal(result.answers, expected.answers)
