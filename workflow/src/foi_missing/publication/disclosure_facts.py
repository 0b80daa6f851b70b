"""What a reader learns about hidden cells besides the round's plain totals.

The joint protection and the audit (:mod:`foi_missing.publication.disclosure_audit`)
treat every printed sum as an equation over the hidden cells, and a hidden cell
as a count (``>= 0``). An outside attack on the published workbook (by a separate
reviewer within the project, ``tests/disclosure_attacker.py``) found two further
things a reader holds:

- **Changes between two periods over the same authorities**
  (``period_change:<a>:<b>:<cohort>_<measure>``, a round of several periods): the
  statistic prints the change and the earlier total over the authorities that gave
  the figure in both periods, so both periods' totals over those authorities.
  Against the period's total over every authority they leave the cells of the
  authorities that gave it in one period only: in 2018-20 one hidden 2020 count
  was that difference exactly. :func:`period_change_totals` gives these sums.
- **That a hidden count is at least 1.** A count from 1 to 4 is what ``[c]`` hides,
  and a cell hidden to protect another is chosen among non-zero cells first; and the
  counts of authorities with at least one child who went missing, or was not found
  (``..._authorities_with_missing``, ``..._authorities_with_not_found``, nationally,
  by nation and by period), less the visible authorities above 0, tell how many hidden
  cells are above 0. Five hidden counts adding up to 6, each at least 1, are each 1 or
  2. :func:`positive_floors` gives every hidden count above 0 a lower bound of 1.

A lower bound is handled by a shift: a cell ``x >= 1`` is ``1 + y`` with ``y >= 0``,
so the linear programmes keep ``>= 0`` and the widths of the ranges are unchanged
(:func:`shifted`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import pandas as pd

from foi_missing.core.cells import cell_count, cell_number
from foi_missing.publication.disclosure import Total
from foi_missing.publication.disclosure_cells import cell_column
from foi_missing.statistics.registry import StatisticId, in_scope, make_id


def positive_floors(values: Mapping[Hashable, int], round_id: str) -> dict[Hashable, int]:
    """Cells ``(round_id, code, column)`` a reader may take to be at least 1: every count
    above 0."""
    return {cell: 1 for cell, value in values.items() if cell[0] == round_id and value >= 1}


def shifted(values: Mapping[Hashable, int], floor: Mapping[Hashable, int]) -> dict:
    """The cells' counts less their lower bounds (``x = floor + y``)."""
    if not floor:
        return dict(values)
    return {cell: value - floor.get(cell, 0) for cell, value in values.items()}


def period_change_totals(data, cells: pd.DataFrame, known=()) -> list[Total]:
    """Both periods' totals behind each printed like-for-like change between two periods
    (``data``: ``report.RoundData``), as sums of per-authority cells; a sum already in
    ``known`` (an iterable of :class:`Total`) is left out (one equation, one label)."""
    from foi_missing.statistics.series import RoundResults, given_figures

    stats = data.statistics
    if stats.empty or "statistic_id" not in stats.columns:
        return []
    rows = stats[in_scope(stats["statistic_id"], "period_change")]
    rows = rows[[cell_number(v) is not None for v in rows["denominator"]]]
    if rows.empty:
        return []
    results = RoundResults(data.spec, data.statistics, data.answers)
    given: dict[str, pd.DataFrame] = {}
    seen = {frozenset(t.parts) for t in known}
    totals = []
    for row in rows.itertuples(index=False):
        change = StatisticId.parse(row.statistic_id)
        (first, second), cohort, measure = change.where, change.cohort, change.measure
        codes = None
        for period in (first, second):
            if period not in given:
                given[period] = given_figures(results, period)
            table = given[period]
            these = set(table.loc[(table["cohort"] == cohort) & (table["measure"] == measure),
                                  "authority_code"])
            codes = these if codes is None else codes & these
        authorities = cell_count(row.authorities)
        if authorities is not None and len(codes) != authorities:
            raise ValueError(f"{data.round_id} {row.statistic_id}: printed over "
                             f"{authorities} authorities, but {len(codes)} gave it in "
                             "both periods (disclosure control would miss some of its cells)")
        for period, side in ((first, "from"), (second, "to")):
            columns = [cell_column(q.label, period, data.spec) for q in data.spec.questions
                       if q.cohort == cohort and q.measure == measure and period in q.periods]
            parts = tuple((code, column) for code in sorted(codes) for column in columns
                          if code in cells.index and column in cells.columns)
            if parts and frozenset(parts) not in seen:
                seen.add(frozenset(parts))
                totals.append(Total(parts, None, f"{row.statistic_id} ({side})"))
    return totals


def changes_printing(withheld, statistics: pd.DataFrame) -> set[str]:
    """The changes between periods over all authorities
    (``period_change_all:<a>:<b>:<base>``) that print a withheld period total
    (``period:<a>:<base>`` or ``period:<b>:<base>``): their numerator and denominator give
    both periods' totals, so they are withheld with it."""
    if statistics.empty or "statistic_id" not in statistics.columns:
        return set()
    found = set()
    for statistic_id in statistics["statistic_id"].astype(str):
        change = StatisticId.parse(statistic_id)
        totals = {make_id(change.base, "period", period) for period in change.where}
        if change.scope == "period_change_all" and totals & set(withheld):
            found.add(statistic_id)
    return found
