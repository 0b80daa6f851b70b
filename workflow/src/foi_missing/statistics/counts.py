"""Counts: children summed over authorities, and authorities with at least one child
missing or not found (or that gave both figures of a rate)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from foi_missing.statistics.cells import (
    CountedAnswers,
    Scope,
    authority_count,
)
from foi_missing.statistics.numbers import count_text
from foi_missing.statistics.rows import Contributions, plain_number, statistic_row


def count_statistic(sid: str, scope: Scope, group: str, measure: str,
                    answers: CountedAnswers, contrib: Contributions) -> dict:
    """``<group>_<measure>``: the reported figures added up; bounds add the withheld ones."""
    cells = scope.group_arrays(group, measure)
    reported = ~np.isnan(cells["value"])
    # Whole numbers: added in any order, the sums are exact.
    value = cells["value"][reported].sum() if reported.any() else None
    base = value or 0.0
    lower = base + cells["sup_lower"].sum()
    upper = base + cells["sup_upper"].sum()
    if not reported.any() and cells["n_sup"].sum() == 0:
        lower = upper = None
    rows = answers.rows(group, measure)
    is_rep = rows["status"] == "reported"
    contrib.add(sid, rows, is_rep, pd.Series(True, index=rows.index))
    text = count_text(value) if value is not None else "no reported figure"
    authorities = authority_count(scope.units[i] for i in np.flatnonzero(reported))
    return statistic_row(sid, plain_number(value), plain_number(lower), plain_number(upper),
                         None, None, authorities, text)


def authorities_with(sid: str, scope: Scope, group: str, measure: str,
                     answers: CountedAnswers, contrib: Contributions) -> dict:
    """``<group>_authorities_with_missing`` / ``..._with_not_found``: authorities whose
    figure is at least 1."""
    by_authority = scope.by_authority(group, measure)
    reported = by_authority["value"].notna()
    base = by_authority["value"].fillna(0)
    known = (by_authority["n_rep"] + by_authority["n_sup"]) > 0
    value = int((by_authority["value"] >= 1).sum())
    lower = int(((base + by_authority["sup_lower"] >= 1) & known).sum())
    upper = int(((base + by_authority["sup_upper"] >= 1) & known).sum())
    rows = answers.rows(group, measure)
    contrib.add(sid, rows, rows["status"] == "reported", pd.Series(True, index=rows.index))
    return statistic_row(sid, value, lower, upper, None, None, int(reported.sum()),
                         count_text(value))


def matched_authorities(sid: str, scope: Scope, group: str) -> dict:
    """The matched set's size: authorities that reported both the in-care and the
    went-missing figure of ``group`` (for some period of the scope). ``upper``
    also counts those whose figures were withheld (known but not reported)."""
    in_care, went = scope.arrays[(group, "in_care")], scope.arrays[(group, "went_missing")]
    both = ~np.isnan(in_care["value"]) & ~np.isnan(went["value"])
    known = ((in_care["n_rep"] + in_care["n_sup"] > 0)
             & (went["n_rep"] + went["n_sup"] > 0))
    value = authority_count(scope.units[i] for i in np.flatnonzero(both))
    upper = authority_count(scope.units[i] for i in np.flatnonzero(known))
    return statistic_row(sid, value, value, upper, None, None, value,
                         "1 authority gave both figures" if value == 1
                         else f"{count_text(value)} authorities gave both figures")
