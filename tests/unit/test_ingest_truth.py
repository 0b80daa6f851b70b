"""Ingest of the reconstructed 2014-15 corpus agrees with the generator's answer key.

The answer key (tests/fixtures/truth/2014-15.csv) is what a careful researcher
codes for every authority x question; 2014-15_planted.csv lists the
inconsistencies planted on purpose, which qa.csv must find.
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest
from foi_missing.ingest import ingest_round
from foi_missing.tables import read_csv, write_csv

from tests.conftest import REPO_ROOT

RAW = REPO_ROOT / "data" / "raw" / "2014-15"
TRUTH = REPO_ROOT / "tests" / "fixtures" / "truth" / "2014-15.csv"
PLANTED = REPO_ROOT / "tests" / "fixtures" / "truth" / "2014-15_planted.csv"
COMPARED = ["status", "value", "lower", "upper", "exemption", "covers"]
KEY = ["authority_code", "question", "period"]

pytestmark = pytest.mark.skipif(
    not (RAW / "request_log.csv").exists() or not TRUTH.exists(),
    reason="the reconstructed 2014-15 corpus (data/raw/2014-15/request_log.csv) or its answer key "
    "(tests/fixtures/truth/2014-15.csv) is not there yet: run python -m tools.reconstruct_corpus",
)


@pytest.fixture(scope="module")
def ingested():
    return ingest_round(RAW)


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), "").astype(str)


def test_ledger_has_217_authorities_times_8_questions(ingested):
    answers = ingested.answers
    assert answers["authority_code"].nunique() == 217
    assert len(answers) == 217 * 8
    assert not answers.duplicated(KEY).any()


def test_every_cell_agrees_with_the_answer_key(ingested):
    truth = as_text(read_csv(TRUTH))
    answers = as_text(ingested.answers)
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
    assert not lines, f"{len(lines)} disagreement(s) with the answer key:\n" + "\n".join(lines)


def test_no_unparsed_answer_left_that_the_coding_sheet_does_not_cover(ingested):
    unparsed = ingested.answers.loc[ingested.answers["status"] == "unparsed", KEY + ["raw_text", "note"]]
    assert unparsed.empty, f"unparsed answers not in coding_sheet.csv:\n{unparsed.to_string()}"
    assert ingested.to_code.empty


def test_qa_lists_every_planted_inconsistency(ingested):
    planted = read_csv(PLANTED)
    qa = ingested.qa
    missing = []
    for row in planted.itertuples():
        question = row.questions.split(";")[0]
        hit = qa.loc[(qa["authority_code"] == row.authority_code) & (qa["rule"] == row.rule)
                     & (qa["question"] == question)]
        if hit.empty:
            missing.append(f"{row.authority_code} {row.rule} {row.questions}")
    assert not missing, "planted inconsistencies not in qa.csv: " + "; ".join(missing)


def test_qa_has_no_error_findings(ingested):
    errors = ingested.qa.loc[ingested.qa["severity"] == "error"]
    assert errors.empty, errors.to_string()


def test_ingest_from_a_read_only_copy_writes_nothing_there(tmp_path: Path, ingested):
    raw = tmp_path / "raw" / "2014-15"
    shutil.copytree(RAW, raw)
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
    pd.testing.assert_frame_equal(result.answers, ingested.answers)
