"""Change one council's reply and watch the numbers move by exactly that much."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from foi_missing.tables import read_csv

from tests.integration.conftest import run_snakemake, tiny_project

KENT = "E10000016"
KENT_REPLY = "FOI IGU 15-5074 response.xlsx"
STEP = 10


def _kent_uasc_in_care_cell(workbook) -> openpyxl.cell.Cell:
    """The answer cell of the UASC in-care question (Q5) in Kent's returned template."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            labels = [str(c.value).strip() for c in row if c.value is not None]
            if labels and labels[0] in {"Q5", "5", "Q.5"}:
                numbers = [c for c in row[1:] if str(c.value).strip().lstrip("'").isdigit()]
                if numbers:
                    return numbers[-1]
    raise AssertionError(f"no Q5 answer found in {KENT_REPLY}")


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
    reply = project / "data" / "raw" / "2014-15" / "replies" / KENT_REPLY
    workbook = openpyxl.load_workbook(reply)
    cell = _kent_uasc_in_care_cell(workbook)
    cell.value = int(str(cell.value).strip().lstrip("'")) + STEP
    workbook.save(reply)

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
