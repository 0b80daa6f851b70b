"""The cells disclosure control works on: one per authority x question x period.

A round asking about several periods (2018-20, 2021-24; ``docs/multi-period.md``)
has an answer per authority, question and period, and the plain statistics pool
the periods: a small count in one period is a cell of its own, and a published
total over the pooled periods is a sum of several such cells. The per-authority
table therefore has a column per question and period (``"1a 2024"``).
A round of one period keeps the plain question label (``"Q1"``), so its tables
are as before.

Every part of the publication that asks "is this cell hidden?" names the cell
with :func:`cell_column`: the per-authority table, the published totals
(``contributions.csv`` carries the period), the trace tables, the manual-coding
table and the disclosure audit.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from foi_missing.core.roundspec import RoundSpec


def multi_period(spec: RoundSpec) -> bool:
    return len(spec.periods) > 1


def cell_column(question: str, period, spec: RoundSpec) -> str:
    """The per-authority table column of ``question``'s answer about ``period``:
    the question label in a round of one period, else ``"<question> <period id>"``."""
    if not multi_period(spec):
        return question
    return f"{question} {_period_id(period)}"


def _period_id(period) -> str:
    if period is None or (not isinstance(period, str) and pd.isna(period)):
        raise ValueError("a round of several periods needs each answer's period")
    return str(period)


def cell_columns(spec: RoundSpec) -> list[str]:
    """Every column, question by question, each question's periods in the round's order."""
    order = [p.id for p in spec.periods]
    return [cell_column(q.label, p, spec) for q in spec.questions
            for p in sorted(q.periods, key=order.index)]


def question_of(spec: RoundSpec) -> dict[str, tuple[str, str]]:
    """Column -> (question label, period id)."""
    order = [p.id for p in spec.periods]
    return {cell_column(q.label, p, spec): (q.label, p) for q in spec.questions
            for p in sorted(q.periods, key=order.index)}


def columns_of_question(spec: RoundSpec, question: str,
                        periods: Iterable[str] | None = None) -> list[str]:
    """The columns of ``question`` (those of ``periods`` only, when given)."""
    wanted = None if periods is None else {str(p) for p in periods}
    return [column for column, (label, period) in question_of(spec).items()
            if label == question and (wanted is None or period in wanted)]


def pooled_columns(spec: RoundSpec, questions: Iterable[str]) -> list[str]:
    """The columns a pooled (plain-id) figure over ``questions`` rests on: the periods
    ``foi_missing.statistics.compute.pooled_periods`` adds up."""
    from foi_missing.statistics.compute import pooled_periods

    pooled = pooled_periods(spec)
    return [c for q in questions for c in columns_of_question(spec, q, pooled)]


def contribution_columns(contributions: pd.DataFrame, spec: RoundSpec) -> list[str | None]:
    """The cell column of each contributions row (None when the row's period is unknown
    in a round of several periods: contributions written before the column existed)."""
    if not multi_period(spec):
        return list(contributions["question"])
    if "period" not in contributions.columns:
        return [None] * len(contributions)
    return [None if not isinstance(p, str) and pd.isna(p) else cell_column(q, p, spec)
            for q, p in zip(contributions["question"], contributions["period"])]


def hidden_in_any_period(result, spec: RoundSpec, code: str, question: str) -> bool:
    """Whether any period's cell of (``code``, ``question``) is hidden: the cautious
    answer when a row does not say its period."""
    return any(result.is_hidden(code, c) for c in columns_of_question(spec, question))
