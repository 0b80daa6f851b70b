"""One reading of a table cell as a number, whatever held it."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from foi_missing.core.cells import cell_count, cell_decimal, cell_number

NOT_NUMBERS = [None, "", "  ", float("nan"), np.nan, pd.NA, pd.NaT, True, np.bool_(False), "[c]",
               "5;6", "five", "1_000", "inf", "nan", "12%", Decimal("NaN"), [1]]


@pytest.mark.parametrize("value", NOT_NUMBERS, ids=repr)
def test_anything_not_a_number_is_none_in_every_form(value) -> None:
    assert cell_decimal(value) is None
    assert cell_number(value) is None
    assert cell_count(value) is None


@pytest.mark.parametrize(("value", "exact"), [
    (5, Decimal(5)), (np.int64(7), Decimal(7)), (0.1, Decimal("0.1")), (np.float64(2.5), Decimal("2.5")),
    (" 20.4 ", Decimal("20.4")), ("-6", Decimal(-6)), ("1e3", Decimal("1e3")), (Decimal("3.25"), Decimal("3.25")),
], ids=repr)
def test_numbers_read_exactly(value, exact) -> None:
    assert cell_decimal(value) == exact
    assert cell_number(value) == float(exact)


def test_counts_are_whole_numbers_only() -> None:
    assert [cell_count(v) for v in (5, 5.0, "5", " 12 ", np.int64(3), "-2")] == [5, 5, 5, 12, 3, -2]
    assert cell_count(5.5) is None and cell_count("5.5") is None
    assert isinstance(cell_count(5.0), int)
