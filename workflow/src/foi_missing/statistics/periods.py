"""Rounds asking about several periods: which periods the plain statistics pool, each
period's length, and the changes between two pooled periods."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from foi_missing.core.roundspec import RoundSpec
from foi_missing.statistics.cells import COHORTS, Scope, UnitCells
from foi_missing.statistics.numbers import tidy_float
from foi_missing.statistics.registry import cohort_id, make_id
from foi_missing.statistics.rows import statistic_row


def months_spanned(period) -> int:
    """Calendar months a period spans (1 January to 30 April = 4)."""
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def pooled_periods(spec: RoundSpec) -> list[str]:
    """The periods the plain (unprefixed) statistics pool: those as long as the
    round's longest. A shorter (partial) period, such as 1 January to 30 April
    2024 beside whole years, is never pooled with them: it has only its
    ``period:<id>:`` statistics."""
    longest = max(months_spanned(p) for p in spec.periods)
    return [p.id for p in spec.periods if months_spanned(p) == longest]


def period_rows(spec: RoundSpec, pooled: list[str]) -> list[dict]:
    rows = []
    partial = [p for p in spec.periods if p.id not in pooled]
    text = ", ".join(pooled)
    if partial:
        text += "; not pooled: " + ", ".join(
            f"{p.label} ({months_spanned(p)} months)" for p in partial)
    rows.append(statistic_row("pooled_periods", len(pooled), None, None, None, None, None, text))
    for period in spec.periods:
        months = months_spanned(period)
        note = "" if period.id in pooled else ", partial: never pooled or compared with the others"
        rows.append(statistic_row(make_id("period_months", "period", period.id), months, None,
                                  None, None, None, None,
                                  f"{months} months ({period.label}){note}"))
    return rows


def period_changes(spec: RoundSpec, pooled: list[str], cells: UnitCells,
                   prepared: pd.DataFrame) -> list[dict]:
    """Changes between two periods of equal length, per cohort and count measure.

    ``period_change:<a>:<b>:<cohort>_<measure>``: like for like, over the
    authorities that gave the figure in both periods (every answer behind it
    reported or included elsewhere, as :func:`foi_missing.statistics.series.given_figures`
    decides; the authority codes are those of the request, so no successor
    links are needed inside a round);
    ``period_change_all:<a>:<b>:<cohort>_<measure>``: the periods' reported
    totals, whoever reported them. ``value`` is the change in percent,
    ``numerator`` the change and ``denominator`` the earlier total (so
    numerator / denominator is the change exactly); ``authorities`` the
    authorities compared. Text as the series prints it
    (:func:`foi_missing.statistics.series.change_text`).
    """
    from foi_missing.statistics.series import (  # series builds on this module
        GIVEN_STATUSES,
        change_text,
    )

    rows = []
    scope_of, given_of = {}, {}
    for period in pooled:
        answers = prepared.loc[prepared["period"] == period]
        scope_of[period] = Scope(cells, sorted(set(answers["unit"])))
        # "Given" as the series decides it: every answer behind the figure reported
        # (or included elsewhere in the cohort), per cohort, measure and authority.
        given_of[period] = answers.assign(
            ok=answers["status"].isin(GIVEN_STATUSES) & (answers["base_group"] == answers["cohort"])
        ).groupby(["cohort", "measure", "authority_code"])["ok"].all().to_dict()
    for index, first in enumerate(pooled):
        for second in pooled[index + 1:]:
            scopes = {p: scope_of[p] for p in (first, second)}
            for cohort in COHORTS:
                for measure in ("in_care", "went_missing"):
                    asked = [q for q in spec.questions if q.cohort == cohort
                             and q.measure == measure and {first, second} <= set(q.periods)]
                    if not asked:
                        continue
                    given, totals, reporting = {}, {}, set()
                    for p, scope in scopes.items():
                        table = scope.tables[(cohort, measure)]
                        exact = table.loc[table["value"].notna() & (table["n_sup"] == 0), "value"]
                        exact = exact.groupby(level="authority_code").sum()
                        given[p] = exact.loc[[c for c in exact.index
                                              if given_of[p].get((cohort, measure, c), False)]]
                        reported = table["value"].dropna()
                        totals[p] = reported.sum()
                        reporting |= {unit[0] for unit in reported.index}
                    both = sorted(set(given[first].index) & set(given[second].index))
                    pairs = (
                        ("period_change", both, given[first].loc[both].sum(),
                         given[second].loc[both].sum()),
                        ("period_change_all", None, totals[first], totals[second]),
                    )
                    for kind, codes, before, after in pairs:
                        sid = make_id(cohort_id(cohort, measure), kind, first, second)
                        before, after = Decimal(int(before)), Decimal(int(after))
                        change, percent, text = change_text(cohort_id(cohort, measure), before,
                                                            after)
                        authorities = len(codes) if codes is not None else len(reporting)
                        if codes is not None:
                            text += f" over the {len(codes)} authorities that gave it in both"
                        else:
                            text += " (all authorities reporting, in either period)"
                        rows.append(statistic_row(
                            sid, tidy_float(percent) if percent is not None else None, None,
                            None, int(change), int(before), authorities, text))
    return rows
