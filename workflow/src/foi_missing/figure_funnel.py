"""Funnel plots: each authority's share going missing against its number in care.

Control limits (:func:`funnel_limits`): the exact binomial limits made
continuous. Around a target rate ``p``, an authority with ``n`` children in
care has ``X ~ Binomial(n, p)`` going missing, and ``P(X <= r)`` equals the
regularised incomplete beta function ``I_{1-p}(n - r, r + 1)`` at whole
``r``; that function is smooth in ``r`` and ``n``, so solving
``I_{1-p}(n - r, r + 1) = (1 - coverage) / 2`` for a real ``r`` gives a lower
limit ``r / n`` that is smooth in ``n`` (likewise the upper limit from
``P(X >= r) = I_p(r, n - r + 1)``). This is the continuous form of the
interpolated exact limits of Spiegelhalter (2005, "Funnel plots for comparing
institutional performance", Statistics in Medicine 24:1185-1202), without
their steps at every whole count; the upper limit never rises and the lower
never falls as ``n`` grows (tested). At whole counts it is exact: a point lies
outside the limits exactly when its one-sided binomial tail probability is
below ``(1 - coverage) / 2``. Points outside the 99.8% limits are named.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator, PercentFormatter

from foi_missing.figures import (
    COHORT_COLOURS,
    COHORT_LABELS,
    COHORT_NOUNS,
    OKABE_ITO,
    STYLE,
    MaskSmall,
    _apply_mask,
    _authorities,
    finish_figure,
    new_figure,
    set_titles,
    thousands_axis,
)
from foi_missing.statistics import join_names

COHORT_SHORT = {"trafficked": "trafficked children", "uasc": "unaccompanied children"}
LIMITS_NOTE = ("Limits: 95% and 99.8% exact binomial control limits around that rate, drawn "
               "as a smooth curve (the binomial made continuous through the incomplete beta "
               "function); points outside the 99.8% limits are named.")


def funnel_limits(n, rate: float, coverage: float,
                  steps: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper control limits (proportions) for ``n`` children around ``rate``
    (module docstring); ``steps`` halvings of the search interval (60: to float precision)."""
    from scipy.special import betainc  # here, not at import: scipy takes a while to load

    n = np.asarray(n, dtype=float)
    rate = float(np.clip(rate, 0.0, 1.0))
    tail = (1 - coverage) / 2
    tiny = 1e-12
    with np.errstate(invalid="ignore", divide="ignore"):
        # Lower: the r where P(X <= r) = I_{1-p}(n - r, r + 1) reaches the tail (rising in r).
        below, above = np.zeros_like(n), n.copy()
        for _ in range(steps):
            middle = (below + above) / 2
            short = betainc(np.maximum(n - middle, tiny), middle + 1, 1 - rate) < tail
            below, above = np.where(short, middle, below), np.where(short, above, middle)
        zero_enough = betainc(n, 1.0, 1 - rate) >= tail  # P(X = 0) alone is not rare
        low = np.where(zero_enough, 0.0, (below + above) / 2) / n
        # Upper: the r where P(X >= r) = I_p(r, n - r + 1) falls to the tail (falling in r).
        below, above = np.zeros_like(n), n.copy()
        for _ in range(steps):
            middle = (below + above) / 2
            common = betainc(np.maximum(middle, tiny), n - middle + 1, rate) > tail
            below, above = np.where(common, middle, below), np.where(common, above, middle)
        all_enough = betainc(n, 1.0, rate) >= tail  # P(X = n) is not rare: up to 100%
        high = np.where(all_enough, n, (below + above) / 2) / n
    return np.clip(low, 0.0, 1.0), np.clip(high, 0.0, 1.0)


def _label_offsets(xs, ys, highs, xlim, ylim) -> list[tuple[float, float]]:
    """Offsets (points) for outlier names, right of the point, stepped up (above the
    limits) or down (below) where two names would overlap."""
    span_x = np.log10(xlim[1]) - np.log10(xlim[0])
    placed: list[tuple[float, float]] = []
    offsets = []
    for x, y, high in zip(xs, ys, highs):
        fx = (np.log10(x) - np.log10(xlim[0])) / span_x
        fy = (y - ylim[0]) / (ylim[1] - ylim[0])
        dy = 0.0
        while any(abs(fx - px) < 0.18 and abs(fy + dy / 300 - py) < 0.035 for px, py in placed):
            dy += 10.0 if high else -10.0
        placed.append((fx, fy + dy / 300))
        offsets.append((6.0, dy))
    return offsets


def _finding(cohort: str, above: list[str], below: list[str]) -> str:
    whose = COHORT_SHORT[cohort]
    if not above and not below:
        return (f"No authority stands out: every authority's missing rate for {whose} lies "
                "within the 99.8% limits")
    parts = []
    for names, word in ((above, "higher"), (below, "lower")):
        if names:
            listed = join_names(names) if len(names) <= 4 else f"{len(names)} authorities"
            parts.append(f"{word} in {listed}")
    return f"Missing rates for {whose} stand out: " + ", ".join(parts)


def funnel_figure(authorities: pd.DataFrame, cohort: str, source: str,
                  target_rate: float | None = None, mask_small: MaskSmall | None = None,
                  omit_small: tuple[int, int] | None = None, period_note: str = "") -> Figure:
    """Each authority's share going missing (went missing / in care, both reported)
    against its number in care, with 95% and 99.8% limits around the rate.

    ``target_rate`` (a proportion, 0..1): default the pooled rate of the
    authorities plotted. ``omit_small=(1, 4)`` leaves out authorities whose
    in-care or went-missing count is 1 to 4 (said in a footnote);
    ``mask_small`` as in :mod:`foi_missing.figures`.
    """
    in_care, went = f"{cohort}_in_care", f"{cohort}_went_missing"
    table = authorities.copy()
    both = table[in_care].notna() & table[went].notna() & (table[in_care] > 0)
    # More children going missing than in care is an inconsistent reply (a QA
    # finding, went_missing_exceeds_in_care): no rate to draw.
    inconsistent = both & (table[went] > table[in_care])
    both &= ~inconsistent
    table = table.loc[both]
    total_points = len(table)
    table, dropped = _apply_mask(table, [in_care, went], mask_small, omit_small)
    n = table[in_care].to_numpy(float)
    k = table[went].to_numpy(float)
    names = table["authority_name"].astype(str).to_numpy()
    if target_rate is None:  # the pooled rate of the points drawn (after any masking)
        target_rate = k.sum() / n.sum() if n.sum() > 0 else np.nan
    fig = new_figure(9.0, 5.8)
    above: list[str] = []
    below: list[str] = []
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        notes = []
        if len(n) and not np.isnan(target_rate):
            grid = np.geomspace(1, max(n.max() * 1.1, 10), 400)
            for coverage, style, label in ((0.95, "--", "95% limits"),
                                           (0.998, ":", "99.8% limits")):
                lo, hi = funnel_limits(grid, target_rate, coverage)
                ax.plot(grid, lo * 100, style, color=OKABE_ITO["black"], linewidth=1,
                        label=label)
                ax.plot(grid, hi * 100, style, color=OKABE_ITO["black"], linewidth=1)
            ax.axhline(target_rate * 100, color=OKABE_ITO["grey"], linewidth=1,
                       label=f"Rate of the authorities shown: {target_rate * 100:.1f}%")
            lo998, hi998 = funnel_limits(n, target_rate, 0.998)
            rate = k / n
            xlim = (0.8, max(n.max() * 1.3, 12))
            ymax = max(100.0 if rate.max() > 0.6 else rate.max() * 100 * 1.15 + 5, 10.0)
            # Room below 0% and above the top point so that no marker is cut by an axis.
            ylim = (-ymax * 0.04, ymax * 1.04)
            high, low = rate > hi998, rate < lo998
            outside = high | low
            ax.scatter(n[~outside], rate[~outside] * 100, s=22, color=COHORT_COLOURS[cohort],
                       alpha=0.8, edgecolor="white", linewidth=0.5, label="Authority",
                       zorder=3, clip_on=False)
            if outside.any():
                ax.scatter(n[outside], rate[outside] * 100, s=30, color=OKABE_ITO["orange"],
                           edgecolor=OKABE_ITO["black"], linewidth=0.6, marker="D",
                           label="Authority outside the 99.8% limits (named)", zorder=4,
                           clip_on=False)
                named = sorted(zip(n[outside], rate[outside] * 100, names[outside],
                                   high[outside]), key=lambda t: (t[0], t[2]))
                offsets = _label_offsets([t[0] for t in named], [t[1] for t in named],
                                         [t[3] for t in named], xlim, ylim)
                for (x, r, name, _), offset in zip(named, offsets):
                    ax.annotate(name, (x, r), xytext=offset, textcoords="offset points",
                                fontsize=8, ha="left", va="center", color=OKABE_ITO["black"],
                                zorder=5)
            order = np.lexsort((names, -rate))
            above = [str(names[i]) for i in order if high[i]]
            below = [str(names[i]) for i in order if low[i]]
            ax.set_xscale("log")
            ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            thousands_axis(ax.xaxis)
            ax.set_xlim(*xlim)
            ax.set_ylim(*ylim)
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
        else:
            ax.text(0.5, 0.5, "No authority reported both figures", transform=ax.transAxes,
                    ha="center", va="center")
        ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax.set_xlabel(f"{COHORT_LABELS[cohort]} children in care (reported; log scale)")
        ax.set_ylabel("Share who went missing at least once")
        description = f"Missing rate by authority: {COHORT_NOUNS[cohort]}"
        if period_note:
            description += f" ({period_note})"
        set_titles(fig, ax, _finding(cohort, above, below), description)
        notes.append(f"{total_points - dropped:,} of {total_points:,} authorities reporting both "
                     "figures are shown. The line is the pooled rate of the authorities shown "
                     "(not the headline rate). " + LIMITS_NOTE)
        if inconsistent.any():
            notes.append(f"{_authorities(int(inconsistent.sum()))} not shown: more children "
                         "going missing than in care reported (see the QA findings).")
        if dropped:
            if omit_small is not None:
                notes.append(f"{_authorities(dropped)} not shown: a count of {omit_small[0]} to "
                             f"{omit_small[1]} in care or going missing (disclosure control).")
            else:
                notes.append(f"{_authorities(dropped)} not shown: small counts, or counts that "
                             "would reveal one (disclosure control).")
    return finish_figure(fig, source, notes)
