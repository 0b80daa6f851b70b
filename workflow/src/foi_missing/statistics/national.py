"""National statistics (and the same for one nation or one period) of one scope.

:func:`national_rows` computes every statistic of a scope in the order of the
statistics table; the registry (:mod:`foi_missing.statistics.registry`) says which
function computes which id. Counts are :mod:`foi_missing.statistics.counts`'; the
rates and means are here (:func:`rate_statistic`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from foi_missing.core.roundspec import MEASURES, RoundSpec
from foi_missing.statistics.cells import (
    BASE_GROUPS,
    COHORTS,
    GROUPS,
    CountedAnswers,
    Scope,
)
from foi_missing.statistics.counts import authorities_with, count_statistic, matched_authorities
from foi_missing.statistics.numbers import count_text, ratio, tidy_float
from foi_missing.statistics.overlap import with_overlap
from foi_missing.statistics.registry import ALIASES, RATIOS, cohort_id, printed
from foi_missing.statistics.rows import Contributions, plain_number, statistic_row


@dataclass(frozen=True)
class RatioDefinition:
    """How a rate or a mean is made of two measures of one cohort."""

    numerator: str  # a measure: went_missing
    denominator: str  # in_care
    scale: int  # 100 for a percent
    cap: int | None  # the most the bounds may be (a share is at most 100%)


MISSING_PCT = RatioDefinition(*RATIOS["missing_pct"], scale=100, cap=100)
MEAN_EPISODES = RatioDefinition(*RATIOS["mean_episodes"], scale=1, cap=None)


def ratio_parts(scope: Scope, group: str, top: str, bottom: str, matched: bool):
    """Per base group, the units feeding value and bounds; sums over them.

    Returns ``(sums, any_top, any_bottom, value_units, bound_units,
    denominator_authorities)``: ``sums`` maps N, D (reported numerator and
    denominator) and N_lo, N_hi, D_lo, D_hi (their bounds) to totals; ``any_top`` /
    ``any_bottom`` say whether any numerator / denominator figure was reported;
    the unit sets are per measure, ``{measure: set of (base group, unit)}``;
    ``denominator_authorities`` the codes with a reported denominator.
    """
    bases = BASE_GROUPS if group == "combined" else (group,)
    sums = dict.fromkeys(("N", "D", "N_lo", "N_hi", "D_lo", "D_hi"), 0.0)
    any_top = any_bottom = False
    value_units = {top: set(), bottom: set()}
    bound_units = {top: set(), bottom: set()}
    denominator_authorities = set()
    units = scope.units
    for base in bases:
        # Plain arrays: the figures are whole numbers, so any order of adding is exact.
        t, b = scope.arrays[(base, top)], scope.arrays[(base, bottom)]
        if matched:
            v_top = v_bottom = ~np.isnan(t["value"]) & ~np.isnan(b["value"])
            k_top = k_bottom = (t["n_rep"] + t["n_sup"] > 0) & (b["n_rep"] + b["n_sup"] > 0)
        else:
            v_top, v_bottom = ~np.isnan(t["value"]), ~np.isnan(b["value"])
            k_top, k_bottom = t["n_rep"] + t["n_sup"] > 0, b["n_rep"] + b["n_sup"] > 0
        sums["N"] += t["value"][v_top].sum()
        sums["D"] += b["value"][v_bottom].sum()
        any_top |= bool(v_top.any())
        any_bottom |= bool(v_bottom.any())
        top_reported = np.nan_to_num(t["value"][k_top])
        bottom_reported = np.nan_to_num(b["value"][k_bottom])
        sums["N_lo"] += top_reported.sum() + t["sup_lower"][k_top].sum()
        sums["N_hi"] += top_reported.sum() + t["sup_upper"][k_top].sum()
        sums["D_lo"] += bottom_reported.sum() + b["sup_lower"][k_bottom].sum()
        sums["D_hi"] += bottom_reported.sum() + b["sup_upper"][k_bottom].sum()
        value_units[top] |= {(base, units[i]) for i in np.flatnonzero(v_top)}
        value_units[bottom] |= {(base, units[i]) for i in np.flatnonzero(v_bottom)}
        bound_units[top] |= {(base, units[i]) for i in np.flatnonzero(k_top)}
        bound_units[bottom] |= {(base, units[i]) for i in np.flatnonzero(k_bottom)}
        denominator_authorities |= {units[i][0] for i in np.flatnonzero(v_bottom)}
    return sums, any_top, any_bottom, value_units, bound_units, denominator_authorities


def ratio_contributions(sid, answers, group, value_units, bound_units, contrib) -> None:
    for measure in value_units:
        rows = answers.rows(group, measure, {u for _, u in bound_units[measure]})
        keys = list(zip(rows["base_group"], rows["unit"]))
        in_value = pd.Series([k in value_units[measure] for k in keys], index=rows.index,
                             dtype=bool)
        in_bounds = pd.Series([k in bound_units[measure] for k in keys], index=rows.index,
                              dtype=bool)
        contrib.add(sid, rows, in_value & (rows["status"] == "reported"), in_bounds)


def rate_statistic(sid: str, *, scope: Scope, group: str, definition: RatioDefinition,
                   matched: bool, answers: CountedAnswers, contrib: Contributions) -> dict:
    """``<group>_missing_pct`` and ``<group>_mean_episodes``: reported numerator over
    reported denominator (``matched``: over the authorities that reported both)."""
    top, bottom, scale, cap = (definition.numerator, definition.denominator, definition.scale,
                               definition.cap)
    sums, any_top, any_bottom, value_units, bound_units, authorities = ratio_parts(
        scope, group, top, bottom, matched
    )
    ratio_contributions(sid, answers, group, value_units, bound_units, contrib)
    if not any_bottom or sums["D"] == 0:
        return statistic_row(sid, None, None, None,
                             plain_number(sums["N"]) if any_top else None,
                             plain_number(sums["D"]) if any_bottom else None, len(authorities),
                             "no reported figure")
    exact = ratio(int(sums["N"]), int(sums["D"]), scale)
    lower = ratio(int(sums["N_lo"]), int(sums["D_hi"]), scale) if sums["D_hi"] else None
    upper = ratio(int(sums["N_hi"]), int(sums["D_lo"]), scale) if sums["D_lo"] else None
    if cap is not None:
        lower = min(lower, Decimal(cap)) if lower is not None else None
        upper = min(upper, Decimal(cap)) if upper is not None else None
    return statistic_row(
        sid,
        tidy_float(exact),
        tidy_float(lower) if lower is not None else None,
        tidy_float(upper) if upper is not None else None,
        int(sums["N"]),
        int(sums["D"]),
        len(authorities),
        printed(sid, exact),  # as the registry says the statistic prints
    )


def national_rows(prefix: str, scope: Scope, asked_measures: dict[str, set[str]],
                  spec: RoundSpec, prepared: pd.DataFrame, contrib: Contributions,
                  overlap_asked: bool = False) -> list[dict]:
    """Every statistic of a scope; ids after ``prefix`` ("", ``period:<id>:`` or
    ``nation:<nation>:``)."""
    rows: list[dict] = []
    matched = spec.rate_denominator == "matched"
    answers = CountedAnswers(prepared.loc[prepared["unit"].isin(set(scope.units))])
    rate = {"scope": scope, "answers": answers, "contrib": contrib}
    for group in GROUPS:
        measures = asked_measures[group]
        for measure in MEASURES:
            if measure not in measures:
                continue
            sid = cohort_id(group, measure, prefix)
            rows.append(count_statistic(sid, scope, group, measure, answers, contrib))
            if measure == "went_missing" and "in_care" in measures:
                rows.append(rate_statistic(cohort_id(group, "missing_pct", prefix), group=group,
                                           definition=MISSING_PCT, matched=matched, **rate))
                if matched and group in COHORTS:
                    rows.append(matched_authorities(
                        cohort_id(group, "matched_authorities", prefix), scope, group))
            if measure == "went_missing":
                rows.append(authorities_with(
                    cohort_id(group, "authorities_with_missing", prefix), scope, group,
                    "went_missing", answers, contrib))
            if measure == "missing_episodes" and "went_missing" in measures:
                rows.append(rate_statistic(cohort_id(group, "mean_episodes", prefix), group=group,
                                           definition=MEAN_EPISODES, matched=True, **rate))
            if measure == "not_found":
                rows.append(authorities_with(
                    cohort_id(group, "authorities_with_not_found", prefix), scope, group,
                    "not_found", answers, contrib))
    if overlap_asked:
        rows = with_overlap(prefix, rows, scope, asked_measures, answers, contrib)
    if "not_found" in asked_measures["combined"]:
        by_id = {row["statistic_id"]: row for row in rows}
        for alias, source in ALIASES.items():
            rows.append(by_id[f"{prefix}{source}"] | {"statistic_id": f"{prefix}{alias}"})
            contrib.add_alias(f"{prefix}{alias}", f"{prefix}{source}")
    return rows


def ledger_rows(prefix: str, prepared: pd.DataFrame, asked: int | None) -> list[dict]:
    """``authorities_asked`` and ``authorities_responded``: ``asked`` (the request log's
    number, for the headline scope) must equal the ledger's."""
    authorities = prepared["authority_code"].unique()
    count = len(authorities)
    if asked is not None and not prefix and int(asked) != count:
        raise ValueError(
            f"authorities asked: the request log says {asked}, but the answers ledger holds "
            f"{count} authorities; the ledger must have every authority asked"
        )
    responded = prepared.loc[prepared["status"] != "no_response", "authority_code"].nunique()
    return [
        statistic_row(f"{prefix}authorities_asked", count, count, count, None, None, count,
                      count_text(count)),
        statistic_row(f"{prefix}authorities_responded", responded, responded, responded, None,
                      None, responded, count_text(responded)),
    ]


def measures_asked(spec: RoundSpec, periods: set[str] | None = None) -> dict[str, set[str]]:
    """Per group, the measures the round asks about (in ``periods``, when given). ``combined``
    (the two cohorts together) has only the measures asked of both: asked of one cohort
    alone, a "combined" figure would be that cohort's under another name."""
    asked = {group: set() for group in GROUPS}
    for question in spec.questions:
        if periods is not None and not set(question.periods) & set(periods):
            continue
        if question.cohort not in GROUPS:  # the overlap question has rows of its own
            continue
        asked[question.cohort].add(question.measure)
    cohorts = [group for group in GROUPS if group != "combined"]
    asked["combined"] = set.intersection(*(asked[cohort] for cohort in cohorts))
    return asked
