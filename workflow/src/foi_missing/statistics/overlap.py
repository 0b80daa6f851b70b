"""Statistics of a round asking the overlap (children in both cohorts, 2021-24 question 1d):
each child counted once where the overlap is known, bounds only where it is not."""

from __future__ import annotations

import numpy as np
import pandas as pd

from foi_missing.statistics.cells import BASE_GROUPS, OVERLAP, CountedAnswers, Scope
from foi_missing.statistics.counts import count_statistic
from foi_missing.statistics.numbers import count_text
from foi_missing.statistics.registry import cohort_id
from foi_missing.statistics.rows import plain_number, statistic_row


def distinct_parts(scope: Scope, measure: str, overlap_low: np.ndarray,
                   overlap_high: np.ndarray) -> dict[str, np.ndarray]:
    """Per unit: children of either cohort, a child in both counted once.

    ``overlap_low`` / ``overlap_high``: what is known of the children in both
    cohorts per unit (0 and infinity when nothing is). The overlap can be at
    most the smaller cohort, and a cross-cohort figure (one number for both
    cohorts, taken as their sum) at most half of it. Arrays over the scope's units:
    ``value`` (the reported parts less the overlap, NaN when the overlap inside them
    is not determined), ``undetermined``, ``any_reported``, ``lower``, ``upper``, ``known``.
    """
    t, u, c = (scope.arrays[(base, measure)] for base in BASE_GROUPS)

    def ends(cells, which):
        return np.nan_to_num(cells["value"]) + cells["sup_lower" if which == "lo" else "sup_upper"]

    def cap(t_part, u_part, c_part, t_known, u_known, c_known):
        both = (t_known & u_known).astype(float)
        halves = (c_part // 2) * c_known.astype(float)
        return np.minimum(t_part, u_part) * both + halves

    tk, uk, ck = (cells["n_rep"] + cells["n_sup"] > 0 for cells in (t, u, c))
    low_parts = ends(t, "lo") + ends(u, "lo") + ends(c, "lo")
    high_parts = ends(t, "hi") + ends(u, "hi") + ends(c, "hi")
    most = np.minimum(overlap_high, cap(ends(t, "lo"), ends(u, "lo"), ends(c, "lo"), tk, uk, ck))
    least = np.minimum(overlap_low, cap(ends(t, "hi"), ends(u, "hi"), ends(c, "hi"), tk, uk, ck))
    # The value adds reported figures only: a child is counted twice in it only
    # when the figures of both cohorts (or a cross figure) are reported.
    tr, ur, cr = (~np.isnan(cells["value"]) for cells in (t, u, c))
    t_value, u_value, c_value = (np.nan_to_num(cells["value"]) for cells in (t, u, c))
    reported = t_value + u_value + c_value
    value_cap = cap(t_value, u_value, c_value, tr, ur, cr)
    v_most = np.minimum(overlap_high, value_cap)
    v_least = np.minimum(overlap_low, value_cap)
    any_reported = tr | ur | cr
    known = tk | uk | ck
    return {
        "value": np.where(any_reported & (v_most == v_least), reported - v_most, np.nan),
        "undetermined": any_reported & (v_most != v_least),
        "any_reported": any_reported,
        "lower": np.where(known, low_parts - most, np.nan),
        "upper": np.where(known, high_parts - least, np.nan),
        "known": known,
    }


def with_overlap(prefix: str, rows: list[dict], scope: Scope, asked_measures,
                 answers: CountedAnswers, contrib) -> list[dict]:
    """Rows for a round asking the overlap (children in both cohorts, 2021-24 question 1d).

    ``overlap_in_care``: the reported overlap. ``combined_distinct_in_care`` and
    ``combined_distinct_went_missing``: trafficked + UASC - overlap, a child in
    both counted once. Where an authority did not answer the overlap the figure
    has bounds only (its value is then empty: never a double count as exact).
    ``combined_in_care`` stays the plain sum and says so.
    """
    rows = [
        row | {"text": f"{row['text']} (trafficked + UASC: a child in both counted twice)"}
        if row["statistic_id"] == cohort_id("combined", "in_care", prefix)
        and row["value"] is not None
        else row
        for row in rows
    ]
    sid = cohort_id(OVERLAP, "in_care", prefix)
    rows.append(count_statistic(sid, scope, OVERLAP, "in_care", answers, contrib))
    overlap = scope.arrays[(OVERLAP, "in_care")]
    o_known = overlap["n_rep"] + overlap["n_sup"] > 0
    o_low = np.where(o_known, np.nan_to_num(overlap["value"]) + overlap["sup_lower"], 0.0)
    o_high = np.where(o_known, np.nan_to_num(overlap["value"]) + overlap["sup_upper"], np.inf)
    for measure in ("in_care", "went_missing"):
        if measure not in asked_measures["combined"]:
            continue
        sid = cohort_id("combined", f"distinct_{measure}", prefix)
        # Of the children who went missing, those in both cohorts are at most
        # those in both cohorts in care; nothing else is asked.
        low = o_low if measure == "in_care" else o_low * 0
        parts = distinct_parts(scope, measure, low, o_high)
        known, any_reported = parts["known"], parts["any_reported"]
        lower = parts["lower"][known].sum() if known.any() else None
        upper = parts["upper"][known].sum() if known.any() else None
        open_units = [scope.units[i] for i in np.flatnonzero(parts["undetermined"])]
        value = None
        if any_reported.any() and not len(open_units):
            value = parts["value"][any_reported].sum()
        authorities = len({scope.units[i][0] for i in np.flatnonzero(any_reported)})
        if value is not None:
            text = count_text(value)
        elif lower is not None:
            unknown = len({u[0] for u in open_units})
            text = (f"between {count_text(lower)} and {count_text(upper)}: the overlap is not "
                    f"known for {count_text(unknown)} "
                    f"{'authority' if unknown == 1 else 'authorities'}")
        else:
            text = "no reported figure"
        rows.append(statistic_row(sid, plain_number(value), plain_number(lower),
                                  plain_number(upper), None, None, authorities, text))
        used = answers.rows("combined", measure)
        used = pd.concat([used, answers.of_bases((OVERLAP,))])
        contrib.add(sid, used, used["status"] == "reported", pd.Series(True, index=used.index))
    return rows
