"""Disclosure control: primary and secondary suppression, figures, free text."""

import pandas as pd
import pytest
from foi_missing.core.cells import cell_count
from foi_missing.publication.disclosure import (
    DisclosureRule,
    Total,
    apply_disclosure,
    hidden_in_figure,
    mask_numbers,
    visible_points,
)

C = "[c]"


def frame(rows: dict[str, dict]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index")


def test_rule_from_config_whole_or_block_and_defaults():
    assert DisclosureRule.from_config(None) == DisclosureRule(1, 4, "[c]")
    config = {"rounds": ["2014-15"], "disclosure": {"min_count": 1, "max_count": 9, "symbol": "*"}}
    assert DisclosureRule.from_config(config) == DisclosureRule(1, 9, "*")
    assert DisclosureRule.from_config({"max_count": 2}) == DisclosureRule(1, 2, "[c]")


def test_cell_count_accepts_whole_numbers_only():
    assert cell_count(3) == 3
    assert cell_count(3.0) == 3
    assert cell_count(" 12 ") == 12
    assert cell_count(float("nan")) is None
    assert cell_count("not held") is None
    assert cell_count("1-4") is None
    assert cell_count(True) is None
    assert cell_count(2.5) is None


def test_primary_suppression_hides_one_to_four_and_shows_zero():
    table = frame({"A": {"n": 0}, "B": {"n": 1}, "C": {"n": 4}, "D": {"n": 5}, "E": {"n": 99}})
    result = apply_disclosure(table, ["n"], column_totals=False)
    assert list(result.table["n"]) == [0, C, C, 5, 99]
    assert result.secondary.values.sum() == 0


def test_text_cells_are_left_alone():
    table = frame({"A": {"n": "not held"}, "B": {"n": "withheld (1-4)"}, "C": {"n": 2}})
    result = apply_disclosure(table, ["n"], column_totals=False)
    assert list(result.table["n"]) == ["not held", "withheld (1-4)", C]


def test_secondary_suppression_single_hidden_cell_under_published_total():
    # The national total (2+7+10+0 = 19) is published: with only "A" hidden,
    # 19 - 7 - 10 - 0 would give A = 2. The next smallest non-zero cell goes too.
    table = frame({"A": {"n": 2}, "B": {"n": 7}, "C": {"n": 10}, "D": {"n": 0}})
    result = apply_disclosure(table, ["n"])
    assert list(result.table["n"]) == [C, C, 10, 0]
    assert result.primary.at["A", "n"] and result.secondary.at["B", "n"]
    assert not result.unresolved


def test_no_secondary_suppression_without_published_total():
    table = frame({"A": {"n": 2}, "B": {"n": 7}})
    assert list(apply_disclosure(table, ["n"], column_totals=False).table["n"]) == [C, 7]


def test_small_hidden_sum_is_protected():
    # Two hidden 1s under a published total: the total gives their sum, 2, so
    # both would be known to be 1. A further (non-zero) cell is hidden.
    table = frame({"A": {"n": 1}, "B": {"n": 1}, "C": {"n": 0}, "D": {"n": 30}, "E": {"n": 12}})
    result = apply_disclosure(table, ["n"])
    assert list(result.table["n"]) == [C, C, 0, 30, C]


def test_row_totals_and_column_totals_iterate_to_a_safe_pattern():
    table = frame(
        {
            "A": {"trafficked": 3, "uasc": 20, "total": 23},
            "B": {"trafficked": 6, "uasc": 8, "total": 14},
            "C": {"trafficked": 10, "uasc": 30, "total": 40},
        }
    )
    result = apply_disclosure(table, row_totals={"total": ["trafficked", "uasc"]})
    shown = result.table
    # A: trafficked 3 is small; its row total would reveal it, so uasc 20 goes;
    # then the trafficked column has one hidden cell, so B's 6 goes, and then
    # B's row needs a second hidden cell: uasc 8.
    assert shown.loc["A"].tolist() == [C, C, 23]
    assert shown.loc["B"].tolist() == [C, C, 14]
    assert shown.loc["C"].tolist() == [10, 30, 40]
    # Every published sum now has 0 or at least 2 hidden cells.
    hidden = result.hidden
    for column in ["trafficked", "uasc", "total"]:
        assert hidden[column].sum() != 1
    for row in table.index:
        assert hidden.loc[row, ["trafficked", "uasc", "total"]].sum() != 1


def test_hidden_row_total_publishes_nothing():
    table = frame({"A": {"t": 1, "u": 2, "total": 3}, "B": {"t": 50, "u": 60, "total": 110}})
    result = apply_disclosure(table, row_totals={"total": ["t", "u"]}, column_totals=False)
    assert result.table.loc["A"].tolist() == [C, C, C]
    assert result.table.loc["B"].tolist() == [50, 60, 110]


def test_explicit_total_across_columns():
    # A statistic summing cells of two questions (e.g. 1a + 1b in care).
    table = frame({"A": {"q1a": 3, "q1b": 40}, "B": {"q1a": 11, "q1b": 9}})
    total = Total((("A", "q1a"), ("A", "q1b"), ("B", "q1a"), ("B", "q1b")), label="in care")
    result = apply_disclosure(table, column_totals=False, totals=[total])
    assert result.table.loc["A"].tolist() == [C, 40]
    assert result.table.loc["B"].tolist() == [11, C]


def test_zero_hidden_only_when_nothing_else_and_unresolved_reported():
    table = frame({"A": {"n": 3}, "B": {"n": 0}, "C": {"n": 0}})
    result = apply_disclosure(table, ["n"])
    assert list(result.table["n"]) == [C, C, 0]
    assert result.unresolved and "total of n" in result.unresolved[0]


def test_deterministic_tie_break_by_table_order():
    table = frame({"A": {"n": 2}, "B": {"n": 9}, "C": {"n": 9}})
    first = apply_disclosure(table, ["n"]).table
    assert list(first["n"]) == [C, C, 9]
    assert first.equals(apply_disclosure(table, ["n"]).table)


def test_custom_range_and_symbol_and_input_untouched():
    table = frame({"A": {"n": 6}, "B": {"n": 10}, "C": {"n": 50}, "D": {"n": 70}})
    result = apply_disclosure(table, ["n"], {"disclosure": {"min_count": 1, "max_count": 9, "symbol": "~"}})
    assert list(result.table["n"]) == ["~", "~", 50, 70]
    assert list(table["n"]) == [6, 10, 50, 70]


def test_figure_helpers():
    table = frame(
        {
            "A": {"in_care": 40, "went_missing": 2},
            "B": {"in_care": 60, "went_missing": 9},
            "C": {"in_care": 80, "went_missing": 30},
        }
    )
    result = apply_disclosure(table)
    points = visible_points(result, ["in_care", "went_missing"])
    assert points.tolist() == [False, False, True]
    assert hidden_in_figure(result, [("C", "in_care"), ("C", "went_missing")]) == []
    assert hidden_in_figure(result, [("A", "in_care"), ("A", "went_missing")]) == [("A", "went_missing")]


def test_requires_unique_index():
    table = pd.DataFrame({"n": [1, 2]}, index=["A", "A"])
    with pytest.raises(ValueError):
        apply_disclosure(table)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q2: 3 went missing", "Q2: [c] went missing"),
        ("FOIA s40(2) applies to fewer than 5", "FOIA s40(2) applies to fewer than 5"),
        ("Nil", "Nil"),
        ("Two children", "[c] children"),
        ("The only child", "[c]"),
        ("reply dated 2015-10-05", "reply dated 2015-10-05"),
        ("1a and 1b together: 8", "1a and 1b together: [c]"),
        ("685 incidents relating to 73 children", "685 incidents relating to 73 children"),
        ("E10000016 reported 12", "E10000016 reported [c]"),
    ],
)
def test_mask_numbers(text, expected):
    assert mask_numbers(text, DisclosureRule(), hidden_values={8, 12}) == expected


def test_mask_numbers_passes_non_text_through():
    assert mask_numbers(None) is None
    assert mask_numbers(float("nan")) != mask_numbers(float("nan"))  # NaN stays NaN


def test_mask_numbers_leaves_digit_runs_too_long_to_be_counts():
    """A 200,000-digit line must not reach int() (Python refuses over 4,300 digits)."""
    from foi_missing.publication.disclosure import mask_numbers

    long_run = "9" * 200_000
    assert mask_numbers(f"{long_run} and 3 children", {"min_count": 1, "max_count": 4}) == (
        f"{long_run} and [c] children"
    )
