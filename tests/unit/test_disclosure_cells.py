"""Disclosure cells per question and period (foi_missing.publication.disclosure_cells): a small count in
a later period of a multi-period round is hidden everywhere the report shows it, a period's
total minus its visible cells does not reveal it, and the audit sees it."""

from pathlib import Path

import pytest
from foi_missing.core.cells import cell_count
from foi_missing.core.roundspec import load_round_spec
from foi_missing.publication.disclosure import DisclosureRule, apply_disclosure

from tests.unit.fake_round import MULTI_PERIOD_SMALL, multi_period_round_data

RULE = DisclosureRule()
REPO_ROOT = Path(__file__).resolve().parents[2]
CODE, QUESTION, PERIOD, SMALL = MULTI_PERIOD_SMALL


@pytest.fixture
def data(tmp_path):
    return multi_period_round_data(tmp_path / "round")


def test_a_round_of_one_period_keeps_the_question_labels():
    from foi_missing.publication.disclosure_cells import cell_column, cell_columns

    spec = load_round_spec(REPO_ROOT / "data" / "raw" / "2014-15")
    assert cell_columns(spec) == list(spec.question_labels)
    assert cell_column("Q3", "2014-15", spec) == "Q3"


def test_a_round_of_several_periods_has_a_column_per_question_and_period(data):
    from foi_missing.publication.disclosure_cells import cell_column, cell_columns

    assert cell_columns(data.spec) == ["Q1 2018", "Q1 2019", "Q1 2020", "Q2 2018", "Q2 2019",
                                       "Q2 2020", "Q3 2020"]
    assert cell_column("Q2", "2019", data.spec) == "Q2 2019"


def test_contributions_say_the_period(data):
    assert "period" in data.contributions.columns
    pooled = data.contributions[data.contributions["statistic_id"] == "trafficked_went_missing"]
    assert set(pooled["period"]) == {"2018", "2019", "2020"}


def test_trace_hides_a_small_count_of_a_later_period(data):
    from foi_missing.publication.report_sections.trace import trace_rows

    for sid in ("trafficked_went_missing", f"period:{PERIOD}:trafficked_went_missing"):
        table = trace_rows(data, sid)
        assert not table.empty
        for row in table.itertuples(index=False):
            count = cell_count(row[3].replace(",", ""))
            assert count is None or not RULE.is_small(count), f"{sid}: {tuple(row)}"
        kent = table[(table["Authority"] == data.names[CODE])
                     & (table["Question"] == f"{QUESTION} {PERIOD}")]
        assert list(kent["Number counted"]) == [RULE.symbol]


def test_per_authority_table_shows_every_period_disclosure_controlled(data):
    from foi_missing.publication.report import authority_table

    table = authority_table(data).set_index("GSS code")
    column = next(c for c in table.columns if c.startswith(f"{QUESTION} {PERIOD} "))
    assert table.at[CODE, column] == RULE.symbol
    # The period's total is printed: one other cell of the column is hidden too, so the
    # total minus the visible cells does not give Kent's count.
    assert (table[column] == RULE.symbol).sum() >= 2
    assert [c.split(" ")[:2] for c in table.columns[2:]] == [
        c.split(" ") for c in ("Q1 2018", "Q1 2019", "Q1 2020", "Q2 2018", "Q2 2019", "Q2 2020",
                               "Q3 2020")]
    for name in table.columns[2:]:
        for cell in table[name]:
            count = cell_count(cell)
            assert count is None or not RULE.is_small(count), f"{name}: {cell}"


def test_no_printed_total_narrows_a_hidden_cell_of_a_later_period(data):
    from foi_missing.publication.disclosure_audit import bound_hidden, failing, round_problem

    problem = round_problem(data)
    small = (data.round_id, CODE, f"{QUESTION} {PERIOD}")
    assert small in problem.hidden
    # The period's total (period:2019:trafficked_went_missing) is a printed sum of the column.
    column = {(data.round_id, code, f"{QUESTION} {PERIOD}")
              for code in set(data.answers["authority_code"])}
    assert any(set(s.parts) == column for s in problem.sums)
    assert failing(bound_hidden(problem), RULE) == []


def test_audit_flags_an_unprotected_recovery_in_a_multi_period_round(data):
    """Kent's 2019 count hidden on its own (no secondary suppression): the 2019 total minus
    the visible 2019 cells gives it, and the audit says so."""
    from foi_missing.publication.disclosure_audit import _cells_problem, audit
    from foi_missing.publication.report_sections.authorities import (
        authority_cells,
        published_totals,
    )

    cells = authority_cells(data)
    assert cells.at[CODE, f"{QUESTION} {PERIOD}"] == SMALL
    unprotected = apply_disclosure(cells, list(cells.columns), RULE, column_totals=False)
    problem = _cells_problem(data.round_id, cells, unprotected, published_totals(data, cells))
    table, message = audit(problem, RULE)
    assert message is not None
    assert f"('{data.round_id}', '{CODE}', '{QUESTION} {PERIOD}'): determined exactly" in message
    row = table[(table["authority_code"] == CODE) & (table["question"] == f"{QUESTION} {PERIOD}")]
    assert list(row["result"]) == ["FAIL"]
