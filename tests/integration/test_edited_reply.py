"""Change one council's reply and watch the numbers move by exactly that much."""

from __future__ import annotations

import csv
from pathlib import Path

import docx
import openpyxl
import pytest
from foi_missing.core.tables import read_csv

from tests.integration.conftest import run_snakemake, tiny_project

KENT = "E10000016"
Q5_LABELS = {"Q5", "5", "Q.5"}
STEP = 10


def _kent_reply(round_folder: Path) -> Path:
    """Kent's reply file, as the request log names it (the corpus may change its format)."""
    with open(round_folder / "request_log.csv", encoding="utf-8", newline="") as handle:
        names = [row["reply_file"] for row in csv.DictReader(handle)
                 if row["gss_code"] == KENT and row["reply_file"]]
    assert len(names) == 1, f"Kent's reply in the request log: {names}"
    return round_folder / "replies" / names[0]


def _number(text) -> int | None:
    text = str(text).strip().lstrip("'")
    return int(text) if text.isdigit() else None


def _add_to_xlsx(reply: Path, step: int) -> None:
    """Add ``step`` to the Q5 answer (UASC in care) of Kent's returned template."""
    workbook = openpyxl.load_workbook(reply)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            labels = [str(c.value).strip() for c in row if c.value is not None]
            if labels and labels[0] in Q5_LABELS:
                numbers = [c for c in row[1:] if _number(c.value) is not None]
                if numbers:
                    numbers[-1].value = _number(numbers[-1].value) + step
                    workbook.save(reply)
                    return
    raise AssertionError(f"no Q5 answer found in {reply.name}")


def _add_to_docx(reply: Path, step: int) -> None:
    """Add ``step`` to the Q5 answer in the answer table of Kent's Word letter."""
    document = docx.Document(str(reply))
    for table in document.tables:
        for row in table.rows:
            cells = row.cells
            if cells and cells[0].text.strip() in Q5_LABELS:
                numbers = [c for c in cells[1:] if _number(c.text) is not None]
                if numbers:
                    numbers[-1].text = str(_number(numbers[-1].text) + step)
                    document.save(str(reply))
                    return
    raise AssertionError(f"no Q5 answer found in {reply.name}")


EDITORS = {".xlsx": _add_to_xlsx, ".docx": _add_to_docx}


def _statistic(results: Path, statistic_id: str) -> float:
    table = read_csv(results / "statistics.csv").set_index("statistic_id")
    return float(table.loc[statistic_id, "value"])


@pytest.mark.integration
def test_kent_plus_ten_moves_the_statistics_and_breaks_reproduction(
    tiny_build: Path, tmp_path: Path
) -> None:
    # The tiny rounds keep Kent (conftest.ALWAYS_KEPT): national totals are those of a
    # few authorities, so the reproduction checks are on Kent's own published figures.
    project = tiny_project(tmp_path / "project")
    reply = _kent_reply(project / "data" / "raw" / "2014-15")
    assert reply.suffix in EDITORS, f"no editor for Kent's reply {reply.name}: add one"
    EDITORS[reply.suffix](reply, STEP)

    run_snakemake(project, "results/2014-15/reproduction.csv")

    before, after = tiny_build / "results" / "2014-15", project / "results" / "2014-15"
    for statistic_id in ("uasc_in_care", "combined_in_care", f"authority:{KENT}:uasc_in_care"):
        assert _statistic(after, statistic_id) - _statistic(before, statistic_id) == STEP
    for statistic_id in ("uasc_went_missing", f"authority:{KENT}:uasc_went_missing"):
        assert _statistic(after, statistic_id) == _statistic(before, statistic_id)

    def matches(results: Path, statistic_id: str) -> str:
        reproduction = read_csv(results / "reproduction.csv").set_index("statistic_id")
        return reproduction.loc[statistic_id, "match"].lower()

    assert matches(before, f"authority:{KENT}:uasc_in_care") == "true"
    assert matches(after, f"authority:{KENT}:uasc_in_care") == "false"
    assert matches(before, f"authority:{KENT}:uasc_went_missing") == "true"
    assert matches(after, f"authority:{KENT}:uasc_went_missing") == "true"
