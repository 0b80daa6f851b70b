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

from foi_missing.publication.figure_style import (
    COHORT_COLOURS,
    COHORT_LABELS,
    COHORT_NOUNS,
    OKABE_ITO,
    STYLE,
    MaskSmall,
    apply_mask,
    authorities_are,
    finish_figure,
    new_figure,
    set_titles,
    thousands_axis,
)
from foi_missing.statistics.compute import join_names

MAX_NAMES_ON_CHART = 8  # more outliers than this are numbered on the chart and named below it
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


# Places tried for a name, nearest first: (lines up or down, points to the side, side);
# a name moved sideways as well as off its level fans out of a crowd of points.
CANDIDATES = sorted(
    ((step, shift, side) for step in range(-12, 13) for shift in (0, 12, 24, 36, 48)
     for side in (1, -1) if step or not shift),
    key=lambda c: (abs(c[0]) + c[1] / 12, c[0] < 0, c[1], -c[2]))


def _label_offsets(xs, ys, widths, xlim, ylim, size,
                   points=()) -> list[tuple[float, float, str]]:
    """Where to write each outlier's name: ``(dx, dy)`` in points and the alignment.

    Greedy, in the order given: right of the point, else left, each level first and
    then stepped up and down, taking the first place that stays inside the axes and
    overlaps no name already placed and no point (``points``: every point drawn, as
    ``(x, y)``). ``widths``: each name's width, ``size``: the axes' width and height,
    all in points. A name moved off its point's level is joined to it by a leader line,
    and no leader line crosses a name (in a crowd near 0% they would hide one another).
    """
    width_pt, height_pt = size
    line = 10 / height_pt  # a line of 8-point text, as a fraction of the axes' height
    span_x = np.log10(xlim[1]) - np.log10(xlim[0])
    def fraction(x, y):
        return ((np.log10(x) - np.log10(xlim[0])) / span_x, (y - ylim[0]) / (ylim[1] - ylim[0]))

    marker_x, marker_y = 4 / width_pt, 4 / height_pt  # a marker's half size
    markers = [(fx - marker_x, fy - marker_y, fx + marker_x, fy + marker_y)
               for fx, fy in (fraction(x, y) for x, y in points)]
    placed: list[tuple[float, float, float, float]] = []
    leaders: list[tuple[tuple[float, float], tuple[float, float]]] = []
    out = []
    for x, y, name_width in zip(xs, ys, widths):
        fx, fy = fraction(x, y)
        width = (name_width + 2) / width_pt
        choice = None
        # Leader lines crossing one another are avoided where possible, tolerated otherwise.
        for untangled in (True, False):
            for step, shift, side in CANDIDATES:
                dx = side * (6 + shift)
                left = fx + dx / width_pt - (width if side < 0 else 0)
                bottom = fy + step * line - line / 2
                box = (left, bottom, left + width, bottom + line)
                inside = box[0] >= 0 and box[2] <= 1 and box[1] >= 0 and box[3] <= 1
                clear = all(box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3]
                            for b in placed + markers)
                leader = ((fx, fy), (left if side > 0 else left + width, fy + step * line)) if step else None
                clear = clear and not any(_crosses(segment, box) for segment in leaders) and not (
                    leader and any(_crosses(leader, b) for b in placed)) and not (
                    untangled and leader and any(_segments_cross(leader, other) for other in leaders))
                if inside and clear:
                    choice = (box, (float(dx), step * 10.0, "left" if side > 0 else "right"), leader)
                    break
            if choice:
                break
        if choice is None:  # nowhere free: right of the point, level with it
            left = fx + 6 / width_pt
            choice = ((left, fy - line / 2, left + width, fy + line / 2), (6.0, 0.0, "left"), None)
        placed.append(choice[0])
        out.append(choice[1])
        if choice[2]:
            leaders.append(choice[2])
    return out


def _segments_cross(a, b) -> bool:
    """Do two straight lines cross (touching at an end does not count)?"""
    def turn(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    (p1, p2), (q1, q2) = a, b
    return (turn(p1, p2, q1) * turn(p1, p2, q2) < 0) and (turn(q1, q2, p1) * turn(q1, q2, p2) < 0)


def _crosses(segment, box, samples: int = 24) -> bool:
    """Does the straight line ``segment`` ((x0, y0), (x1, y1)) pass through ``box``?"""
    (x0, y0), (x1, y1) = segment
    return any(box[0] < x0 + (x1 - x0) * t < box[2] and box[1] < y0 + (y1 - y0) * t < box[3]
               for t in np.linspace(0, 1, samples))


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
    ``mask_small`` as in :mod:`foi_missing.publication.figures`.
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
    table, dropped = apply_mask(table, [in_care, went], mask_small, omit_small)
    n = table[in_care].to_numpy(float)
    k = table[went].to_numpy(float)
    names = table["authority_name"].astype(str).to_numpy()
    if target_rate is None:  # the pooled rate of the points drawn (after any masking)
        target_rate = k.sum() / n.sum() if n.sum() > 0 else np.nan
    fig = new_figure(9.0, 5.8)
    above: list[str] = []
    below: list[str] = []
    named: list[tuple[float, float, str]] = []
    numbered = ""
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
            order = np.lexsort((names, -rate))
            above = [str(names[i]) for i in order if high[i]]
            below = [str(names[i]) for i in order if low[i]]
            labels = {str(names[i]): str(names[i]) for i in order if outside[i]}
            if len(labels) > MAX_NAMES_ON_CHART:
                # Too many names to write beside their points: numbers there, names below.
                labels = {name: str(k) for k, name in enumerate(above + below, start=1)}
                listed = [", ".join(f"{labels[name]} {name}" for name in group)
                          for group in (above, below)]
                numbered = ("Outside the 99.8% limits (numbered on the chart): "
                            + "; ".join(f"{word}: {names_}" for word, names_ in
                                        zip(("higher", "lower"), listed) if names_) + ".")
            named = sorted(((x, r * 100, labels[str(name)]) for x, r, name, out in
                            zip(n, rate, names, outside) if out), key=lambda t: (t[0], t[2]))
            ax.set_xscale("log")
            # 1, 2, 5 per decade; over more than 3.5 decades "1,000" and "2,000" would touch.
            wide = np.log10(xlim[1] / xlim[0]) > 3.5
            ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 3.0) if wide else (1.0, 2.0, 5.0)))
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
            description += f"; {period_note}"
        set_titles(fig, ax, _finding(cohort, above, below), description)
        notes.append(f"{total_points - dropped:,} of {total_points:,} authorities reporting both "
                     "figures are shown. The line is the pooled rate of the authorities shown "
                     "(not the headline rate). " + LIMITS_NOTE)
        if numbered:
            notes.append(numbered)
        if inconsistent.any():
            notes.append(f"{authorities_are(int(inconsistent.sum()))} not shown: more children "
                         "going missing than in care reported (see the QA findings).")
        if dropped:
            if omit_small is not None:
                notes.append(f"{authorities_are(dropped)} not shown: a count of {omit_small[0]} to "
                             f"{omit_small[1]} in care or going missing (disclosure control).")
            else:
                notes.append(f"{authorities_are(dropped)} not shown: small counts, or counts that "
                             "would reveal one (disclosure control).")
    finish_figure(fig, source, notes)
    if named:
        _name_points(fig, ax, named, list(zip(n, k / n * 100)))
    return fig


def _name_points(fig: Figure, ax, named: list[tuple[float, float, str]], points) -> None:
    """Write the outliers' names beside their points, measured on the laid-out figure,
    clear of every point drawn (``points``: ``(x, y)`` pairs)."""
    with matplotlib.rc_context(STYLE):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw(renderer)  # lays the figure out (constrained layout) so the axes have a size
        scale = 72 / fig.dpi  # pixels to points
        box = ax.get_window_extent(renderer)
        widths = []
        for _, _, name in named:
            probe = ax.text(0, 0, name, fontsize=8)
            widths.append(probe.get_window_extent(renderer).width * scale)
            probe.remove()
        offsets = _label_offsets([t[0] for t in named], [t[1] for t in named], widths,
                                 ax.get_xlim(), ax.get_ylim(),
                                 (box.width * scale, box.height * scale), points)
        for (x, r, name), (dx, dy, align) in zip(named, offsets):
            # A name moved off its point's level gets a thin line back to the point.
            leader = ({"arrowstyle": "-", "color": "#666666", "linewidth": 0.5, "shrinkA": 1,
                       "shrinkB": 3} if dy else None)
            ax.annotate(name, (x, r), xytext=(dx, dy), textcoords="offset points", fontsize=8,
                        ha=align, va="center", color=OKABE_ITO["black"], zorder=5,
                        arrowprops=leader)
