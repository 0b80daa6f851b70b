"""A table cell as a number: the one reading every stage uses.

A cell is a number when it holds an int, a float that is not NaN, a Decimal, or text
that is a plain decimal number ("12", "-6", " 20.4 ", "1e3"). Anything else is not a
number and reads as None: empty text, None, NaN, pandas' NA, a boolean, a withheld
mark ("[c]"), several values ("5;6"), words. Only how the number is returned differs:
exact (:func:`cell_decimal`), float (:func:`cell_number`) or whole (:func:`cell_count`).
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal, InvalidOperation

NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _plain(value) -> int | float | Decimal | str | None:
    """The value as a Python number or stripped numeric text, or None when it is not one."""
    if value is None or isinstance(value, bool):
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
        if isinstance(value, bool):
            return None
    if isinstance(value, Decimal):
        return None if value.is_nan() else value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return None if math.isnan(value) else float(value)
    if isinstance(value, str):
        text = value.strip()
        return text if NUMBER_TEXT.match(text) else None
    return None  # pandas' NA, NaT and anything else


def cell_decimal(value) -> Decimal | None:
    """The exact number a cell holds (a float through its shortest repr), else None."""
    plain = _plain(value)
    if plain is None or isinstance(plain, Decimal):
        return plain
    try:
        return Decimal(repr(plain) if isinstance(plain, float) else str(plain))
    except InvalidOperation:
        return None


def cell_number(value) -> float | None:
    """The number a cell holds as a float, else None."""
    plain = _plain(value)
    if plain is None:
        return None
    number = float(plain)
    return None if math.isinf(number) else number


def cell_count(value) -> int | None:
    """The whole number a cell holds (5, 5.0, "5"), else None (also for 5.5 and "5.5")."""
    number = cell_decimal(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)
