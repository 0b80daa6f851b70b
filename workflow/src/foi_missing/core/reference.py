"""Loaders for the DfE looked-after reference tables in ``data/reference/``.

The tables are derived by ``tools/derive_dfe_reference.py`` from the Department
for Education's "Children looked after in England including adoption" files
(Open Government Licence v3.0); ``data/reference/README.md`` documents them.

- ``dfe_la_looked_after.csv``: one row per year ending 31 March x local
  authority (151 per year). Counts are nullable integers: a suppressed cell
  is missing (``<NA>``), never 0, and its ``*_flag`` column holds the DfE
  symbol (``x``, ``c``, ``z``, ``..``); the flag is ``""`` for a disclosed count.
- ``dfe_england_looked_after.csv``: one row per year with England's published
  (rounded) national figures; years without a figure in the source (UASC and
  31 March counts for 2019-2023) are ``<NA>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pandas as pd

from foi_missing.core.paths import REFERENCE_DIR

DFE_LA_FILE = "dfe_la_looked_after.csv"
DFE_ENGLAND_FILE = "dfe_england_looked_after.csv"

DFE_MEASURES = (
    "looked_after_during_year",
    "looked_after_31_march",
    "uasc_31_march",
    "went_missing_during_year",
    "missing_incidents",
)
_LA_TEXT = ("gss_code", "dfe_gss_code", "la_name")
_ENGLAND_COUNTS = (*DFE_MEASURES, "uasc_31_march_la_sum", "la_rows_suppressed_uasc")


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


def load_dfe_la(path: str | Path | None = None) -> pd.DataFrame:
    """DfE looked-after figures per year x local authority.

    ``year`` and ``dfe_la_number`` and the counts are ``Int64`` (suppressed
    counts are ``<NA>``); ``gss_code`` is the register's code (join on it),
    ``dfe_gss_code`` the code printed in the DfE file; flags are strings,
    ``""`` when the count was disclosed.
    """
    frame = _read(Path(path) if path is not None else REFERENCE_DIR / DFE_LA_FILE)
    for column in ("year", "dfe_la_number", *DFE_MEASURES):
        frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    for column in _LA_TEXT:
        frame[column] = frame[column].astype(str)
    for measure in DFE_MEASURES:
        flag = f"{measure}_flag"
        frame[flag] = frame[flag].fillna("").astype(str)
    return frame


def load_dfe_england(path: str | Path | None = None) -> pd.DataFrame:
    """England's national figures per year ending 31 March (as published, rounded to 10).

    Counts are ``Int64``; ``uasc_31_march_la_sum`` is the sum of the disclosed
    LA values and ``la_rows_suppressed_uasc`` the number of suppressed LA
    cells (2015-2017 only).
    """
    frame = _read(Path(path) if path is not None else REFERENCE_DIR / DFE_ENGLAND_FILE)
    for column in ("year", *_ENGLAND_COUNTS):
        frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    frame["source"] = frame["source"].fillna("").astype(str)
    return frame


def nearest_dfe_year(period_end: date, available_years: Iterable[int]) -> int:
    """The DfE year (ending 31 March) among ``available_years`` nearest to ``period_end``.

    Distance is counted in days between ``period_end`` and 31 March of each
    year. Ties (possible only when the two 31 Marches are 366 days apart,
    e.g. ``date(2015, 9, 30)`` between 2015 and 2016) go to the earlier
    year, the one ending inside or before the period.

    >>> nearest_dfe_year(date(2015, 8, 31), [2015, 2016, 2017])
    2015
    >>> nearest_dfe_year(date(2017, 12, 31), [2015, 2016, 2017, 2019])
    2017

    Note that it only chooses among the years given: with a 2018 table
    available, calendar 2017 would map to 2018 (90 days away), while *Still
    in Harm's Way* compared with the year to 31 March 2017.
    """
    years = sorted({int(year) for year in available_years})
    if not years:
        raise ValueError("no DfE years available")
    return min(years, key=lambda year: (abs((period_end - date(year, 3, 31)).days), year))
