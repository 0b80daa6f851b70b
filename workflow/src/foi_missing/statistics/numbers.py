"""Numbers printed as the reports print them: exact ratios, half-up rounding, separators.

Every printed figure of the project goes through these (the reports, the series, the
reproduction of published figures), so "593 of 4,744" prints "13%" everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

# --- printing as a report would ------------------------------------------------


def to_decimal(number) -> Decimal:
    """Exact Decimal of an int, a numeric string or a float (floats via their shortest repr)."""
    if isinstance(number, Decimal):
        return number
    if isinstance(number, (int, np.integer)):
        return Decimal(int(number))
    if isinstance(number, (float, np.floating)):
        return Decimal(repr(float(number)))
    return Decimal(str(number).strip())


def round_half_up(number, places: int = 0) -> Decimal:
    """Round half away from zero (2.45 -> 2.5, 12.5 -> 13), never to even like ``round()``."""
    return to_decimal(number).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def ratio(numerator, denominator, scale: int = 1) -> Decimal | None:
    """Exact ``scale * numerator / denominator`` as a Decimal (None for a zero denominator)."""
    denominator = to_decimal(denominator)
    if denominator == 0:
        return None
    return to_decimal(numerator) * scale / denominator


def count_text(number) -> str:
    """A count with thousands separators: 4744 -> "4,744"."""
    return f"{int(round_half_up(number)):,}"


def percent_text(numerator, denominator) -> str:
    """Whole-number percent rounded half up: 593 of 4,744 -> "13%"."""
    exact = ratio(numerator, denominator, 100)
    return "" if exact is None else f"{int(round_half_up(exact)):,}%"


def mean_text(numerator, denominator) -> str:
    """A mean to one decimal place, rounded half up: 49 / 20 = 2.45 -> "2.5"."""
    exact = ratio(numerator, denominator)
    return "" if exact is None else f"{round_half_up(exact, 1):,}"


def join_names(names: Sequence[str]) -> str:
    """"A, B, C and D"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def tidy_float(number: float | None) -> float | None:
    """Ten significant digits, so written tables do not depend on the last float bits."""
    if number is None or pd.isna(number):
        return None
    return float(f"{float(number):.10g}")
