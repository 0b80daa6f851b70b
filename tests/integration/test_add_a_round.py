"""A new FOI round is data and config: no code changes (docs/adding-a-round.md)."""

from __future__ import annotations

import shutil
from pathlib import Path
from textwrap import dedent

import pytest
import yaml
from foi_missing.core.tables import read_csv

from tests.integration.conftest import run_snakemake

ROUND = "2025"
SPEC = {
    "round": ROUND,
    "title": "A small test round",
    "report": {"title": "Synthetic round used by the test suite"},
    "reconstructed": True,
    "periods": [{"id": ROUND, "label": "calendar year 2025", "start": "2025-01-01",
                 "end": "2025-12-31"}],
    "date_sent": "2026-02-02",
    "reply_cutoff": "2026-05-29",
    "request_log": "request_log.csv",
    "replies_dir": "replies",
    "coding_sheet": "coding_sheet.csv",
    "rate_denominator": "matched",
    "questions": [
        {"label": "1", "wording": "How many trafficked children were in your care?",
         "cohort": "trafficked", "measure": "in_care", "period": ROUND},
        {"label": "2", "wording": "How many of the children in 1 went missing?",
         "cohort": "trafficked", "measure": "went_missing", "period": ROUND},
        {"label": "3", "wording": "How many unaccompanied asylum-seeking children were in your care?",
         "cohort": "uasc", "measure": "in_care", "period": ROUND},
        {"label": "4", "wording": "How many of the children in 3 went missing?",
         "cohort": "uasc", "measure": "went_missing", "period": ROUND},
    ],
}
REQUEST_LOG = dedent("""\
    reply_id,request_ref,gss_code,authority_name,date_sent,date_received,outcome,reply_file,supersedes,note
    2025-E10000016-1,T-001,E10000016,Kent County Council,2026-02-02,2026-03-02,answered,Kent FOI response.csv,,
    2025-E06000010-1,T-002,E06000010,Hull City Council,2026-02-02,2026-02-20,answered,Hull reply.txt,,
    2025-W06000015-1,T-003,W06000015,City of Cardiff Council,2026-02-02,2026-03-10,answered,Cardiff.csv,,
    2025-S12000049-1,T-004,S12000049,Glasgow City Council,2026-02-02,,no_reply,,,
    """)
KENT_CSV = "question,answer\n1,20\n2,6\n3,400\n4,\"55 children\"\n"
CARDIFF_CSV = "Question;Answer\n1;Nil\n2;Nil\n3;fewer than 5\n4;0\n"
HULL_TXT = dedent("""\
    Hull City Council
    Information Governance

    Dear Requester,

    Thank you for your request for information, reference T-002.

    1. How many trafficked children were in your care? 7
    2. How many of the children in 1 went missing? 2
    3. How many unaccompanied asylum-seeking children were in your care? 31
    4. How many of the children in 3 went missing? Three.

    If you are unhappy with this response you may ask for an internal review.
    """)


def _add_round(project: Path) -> None:
    folder = project / "data" / "raw" / ROUND
    (folder / "replies").mkdir(parents=True)
    (folder / "round.yaml").write_text(yaml.safe_dump(SPEC, sort_keys=False))
    (folder / "request_log.csv").write_text(REQUEST_LOG)
    (folder / "replies" / "Kent FOI response.csv").write_text(KENT_CSV, encoding="utf-8-sig")
    (folder / "replies" / "Cardiff.csv").write_text(CARDIFF_CSV, encoding="cp1252")
    (folder / "replies" / "Hull reply.txt").write_text(HULL_TXT)
    config_path = project / "config.yaml"
    config = yaml.safe_load(config_path.read_text())
    config["rounds"].append(ROUND)
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))


@pytest.mark.integration
def test_a_new_round_needs_no_code(tiny_build: Path, tmp_path: Path) -> None:
    # Start from the built (tiny) project so only the new round and what spans rounds rebuild.
    project = tmp_path / "project"
    shutil.copytree(tiny_build, project, ignore=shutil.ignore_patterns(".snakemake"))
    _add_round(project)

    run_snakemake(project)

    results = project / "results"
    answers = read_csv(results / ROUND / "answers.csv")
    assert len(answers) == 4 * 4
    assert set(answers.loc[answers["authority_code"] == "S12000049", "status"]) == {"no_response"}
    statistics = read_csv(results / ROUND / "statistics.csv").set_index("statistic_id")
    assert float(statistics.loc["trafficked_in_care", "value"]) == 27  # 20 + 7 + Nil
    assert float(statistics.loc["uasc_went_missing", "value"]) == 58  # 55 + 3 + 0
    assert float(statistics.loc["uasc_in_care", "upper"]) == 400 + 31 + 4
    series = read_csv(results / "series" / "statistics.csv")
    assert ROUND in set(series["round"])
    changes = read_csv(results / "series" / "changes.csv")
    assert ROUND in set(changes["to_round"])
    report = (results / "report" / f"{ROUND}.html").read_text()
    assert "A small test round" in report
