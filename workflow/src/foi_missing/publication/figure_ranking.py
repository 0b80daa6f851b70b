"""The ranking chart: the authorities with most children going missing.

It ranks by the headline ranking's rule (``ranking_most_went_missing``,
:func:`foi_missing.statistics.compute.ranking_table`): each authority's reported
trafficked + UASC went-missing figure, largest first, equal counts in GSS
code order. So every authority of the headline ranking is on the chart,
including one whose count has a part that disclosure control hides.

How such an authority is drawn: disclosure control (``mask_small``) may hide
a part of an authority's count (its trafficked figure, say) and so its
total. The bar then shows only the parts that may be shown and is labelled
"at least N"; an arrow says the count goes on. A council's own withheld
answer ("fewer than 5") is not in the ranked count (the headline rule counts
reported numbers only); where one exists, a whisker shows the range the
count would lie in had it been disclosed (``withheld_ranges``).

The place on the chart could narrow a hidden part: between two neighbours
whose counts are shown, the authority's count lies between theirs, and a
rank shared with a shown count gives it exactly. :func:`hidden_part_bounds`
works out that range for each hidden part from the ranks and every shown
count; where it is narrower than the suppression interval (the disclosure
audit's test, ``max_count - min_count``) the authority is placed by its
shown part instead, ranks are counted as drawn, the check is repeated on
the new order, and a footnote says so. Authorities of the headline ranking (the top
``RANKING_TOP``) keep their place: the report prints it anyway. Only
order against shown counts is checked; two hidden parts together are not
(as :mod:`foi_missing.publication.disclosure` does not solve several totals jointly).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from foi_missing.publication.figure_style import (
    COHORT_COLOURS,
    COHORT_LABELS,
    OKABE_ITO,
    STYLE,
    MaskSmall,
    finish_figure,
    new_figure,
    set_titles,
    thousands_axis,
)
from foi_missing.statistics.compute import RANKING_TOP, join_names, ranking_table
from foi_missing.statistics.registry import StatisticId, make_id

TOTAL = "combined_went_missing"
PARTS = ("trafficked_went_missing", "uasc_went_missing")
HIDDEN_HATCH = "////"

HOW_RANKED = ("Ranked as the headline ranking: each authority's reported trafficked plus "
              "unaccompanied children who went missing, largest first, equal counts in GSS "
              "code order.")
HOW_HIDDEN = ("An authority with a part of its count hidden by disclosure control is kept in "
              "its place and drawn as \"at least N\", N being the parts that may be shown.")


@dataclass(frozen=True)
class RankedAuthority:
    """One bar: its rank, the count it is ranked by, and what may be shown."""

    code: str
    name: str
    rank: int
    count: float  # the headline rule's count (never drawn when a part is hidden)
    shown_count: float  # the count when shown, else the parts that may be shown
    hidden: bool  # a part of the count is hidden: drawn as "at least shown_count"
    trafficked: float  # parts of the bar (0 when not split)
    uasc: float
    cross: float
    split: bool  # drawn by cohort (False: the split would reveal a hidden part)
    placed_by_shown_part: bool  # the exact place would narrow a hidden part
    lower: float | None = None  # range had the council's withheld answers been disclosed
    upper: float | None = None


def _visible(value) -> bool:
    return value is not None and not pd.isna(value)


def hidden_part_bounds(order: list[tuple[str, int, bool, float]]) -> dict[str, tuple[float, float]]:
    """What a reader learns of each hidden part from the chart's ranks.

    ``order``: ``(code, rank, hidden, value)`` for every ranked authority, with
    its rank as drawn (shared ranks: 1 + the number with a larger count) and
    ``value`` its count as the reader knows it (the count when shown, the
    shown part for an authority drawn in place with a hidden part). For each
    such hidden authority, the range ``(low, high)`` its hidden part is left
    with: a shown count ranked above it is larger than its count, one ranked
    below is smaller, one with the same rank equal. ``high`` is ``inf`` with
    nothing shown above.
    """
    bounds = {}
    for code, rank, hidden, shown in order:
        if not hidden:
            continue
        low, high = 0.0, math.inf
        for _, other_rank, other_hidden, count in order:
            if other_hidden:
                continue
            if other_rank == rank:
                low, high = max(low, count - shown), min(high, count - shown)
            elif other_rank < rank:
                high = min(high, count - shown - 1)
            else:
                low = max(low, count - shown + 1)
        bounds[code] = (low, high)
    return bounds


def rank_for_chart(authorities: pd.DataFrame, mask_small: MaskSmall | None = None,
                   withheld_ranges: pd.DataFrame | None = None,
                   narrowest: float = 3) -> list[RankedAuthority]:
    """Every ranked authority in chart order (see the module docstring).

    ``authorities``: :func:`foi_missing.publication.figures.authority_table` (unmasked);
    ``mask_small`` blanks what may not be shown; ``withheld_ranges``: columns
    ``authority_code``, ``lower``, ``upper`` of the went-missing count with the
    council's withheld answers (:func:`withheld_ranges`); ``narrowest``: the
    narrowest range a hidden part may be left with (the disclosure rule's
    ``max_count - min_count``).
    """
    table = authorities.copy()
    for column in (TOTAL, *PARTS):
        if column not in table.columns:
            table[column] = np.nan
    statistics = pd.DataFrame({
        "statistic_id": [make_id(TOTAL, "authority", code) for code in table["authority_code"].astype(str)],
        "value": table[TOTAL],
    })
    ranked = ranking_table(statistics)  # the headline rule, from the statistics module
    rows = table.set_index("authority_code")
    masked = mask_small(table.copy()).set_index("authority_code") if mask_small else rows
    ranges = (withheld_ranges.set_index("authority_code")
              if withheld_ranges is not None else pd.DataFrame(columns=["lower", "upper"]))
    entries = []
    for code, count, rank in ranked.itertuples(index=False):
        row, shown = rows.loc[code], masked.loc[code]
        hidden = not _visible(shown[TOTAL])
        parts = {p: (float(shown[p]) if _visible(shown[p]) else None) for p in PARTS}
        # A part hidden while the total shows cannot be drawn: the bar stays whole.
        part_hidden = any(_visible(row[p]) and parts[p] is None for p in PARTS)
        shown_parts = sum(v for v in parts.values() if v is not None)
        shown_count = float(count) if not hidden else shown_parts
        split = not hidden and not part_hidden
        trafficked = parts[PARTS[0]] or 0.0
        uasc = parts[PARTS[1]] or 0.0
        lower = upper = None
        if not hidden and code in ranges.index:
            low, high = float(ranges.at[code, "lower"]), float(ranges.at[code, "upper"])
            if not (math.isnan(low) or math.isnan(high)) and (low, high) != (count, count):
                lower, upper = low, high
        entries.append(RankedAuthority(
            code=code, name=str(row["authority_name"]), rank=int(rank), count=float(count),
            shown_count=shown_count, hidden=hidden,
            trafficked=trafficked if split else 0.0, uasc=uasc if split else 0.0,
            cross=max(float(count) - trafficked - uasc, 0.0) if split else 0.0,
            split=split, placed_by_shown_part=False, lower=lower, upper=upper,
        ))
    # The headline ranking prints its authorities' places anyway: those stay where they are.
    exempt = {e.code for e in entries if e.rank <= RANKING_TOP}
    while True:
        bounds = hidden_part_bounds([
            (e.code, e.rank, e.hidden and not e.placed_by_shown_part,
             e.shown_count if e.hidden else e.count) for e in entries])
        narrowed = {code for code, (low, high) in bounds.items()
                    if high - low < narrowest and code not in exempt}
        if not narrowed:
            return entries
        entries = [e if e.code not in narrowed else
                   RankedAuthority(**{**e.__dict__, "placed_by_shown_part": True})
                   for e in entries]
        entries.sort(key=_place)
        # Ranks as the chart shows them: a gap where an authority moved away would say where.
        places = [_place(e)[0] for e in entries]
        entries = [RankedAuthority(**{**e.__dict__, "rank": 1 + sum(p < place for p in places)})
                   for e, place in zip(entries, places)]


def _place(entry: RankedAuthority) -> tuple[float, str]:
    return (-(entry.shown_count if entry.placed_by_shown_part else entry.count), entry.code)


def withheld_ranges(statistics: pd.DataFrame) -> pd.DataFrame:
    """``authority_code``, ``lower``, ``upper`` of each authority's went-missing count had
    the council's withheld answers been disclosed (``authority:<code>:combined_went_missing``)."""
    parsed = statistics["statistic_id"].map(StatisticId.parse)
    part = statistics.loc[parsed.map(lambda sid: sid.scope == "authority" and sid.base == TOTAL)]
    return pd.DataFrame({
        "authority_code": [StatisticId.parse(sid).where[0] for sid in part["statistic_id"]],
        "lower": pd.to_numeric(part["lower"], errors="coerce").to_numpy(float),
        "upper": pd.to_numeric(part["upper"], errors="coerce").to_numpy(float),
    })


def _finding(shown: list[RankedAuthority], total: float | None) -> str:
    if not shown:
        return "No authority reported a child going missing"
    first = [e for e in shown if e.rank == shown[0].rank and not e.placed_by_shown_part]
    if not first or first[0].hidden:
        return f"{shown[0].name} reported the most children going missing"
    names = join_names([e.name for e in first])
    verb = "reported" if len(first) == 1 else "each reported"
    count = first[0].count
    text = f"{names} {verb} the most children going missing: {count:,.0f}"
    if total and len(first) == 1 and count / total >= 0.1:
        text += f" of the {total:,.0f} reported ({count / total:.0%})"
    if len(shown) > 1 and len(first) == 1 and not shown[1].hidden and count >= 2 * shown[1].count:
        text += f", more than twice as many as {shown[1].name}"
    return text


def most_went_missing_figure(authorities: pd.DataFrame, source: str, top: int = 10,
                             mask_small: MaskSmall | None = None,
                             withheld: pd.DataFrame | None = None, narrowest: float = 3,
                             period_note: str = "") -> Figure:
    """Horizontal bars: the ``top`` authorities by trafficked + UASC children who went
    missing, ranked by the headline rule (module docstring), split by cohort.

    ``authorities``: :func:`foi_missing.publication.figures.authority_table` (unmasked);
    ``mask_small``: as in :mod:`foi_missing.publication.figures`; ``withheld``: the ranges
    of :func:`withheld_ranges`; ``period_note``: which periods are added
    together, for rounds of several periods.
    """
    entries = rank_for_chart(authorities, mask_small, withheld, narrowest)
    shown = entries[:top]
    rest = entries[len(shown):]
    last = shown[-1] if shown else None
    tied_out = sum(1 for e in rest if last is not None and not e.hidden and not last.hidden
                   and e.count == last.count)
    visible_total = authorities[TOTAL].sum() if TOTAL in authorities.columns else None
    fig = new_figure(9.5, 1.9 + 0.4 * max(len(shown), 1) + 1.1)
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        y = np.arange(len(shown))
        left = np.zeros(len(shown))
        layers = (
            ("uasc", COHORT_LABELS["uasc"], [e.uasc for e in shown]),
            ("trafficked", COHORT_LABELS["trafficked"], [e.trafficked for e in shown]),
            ("cross", COHORT_LABELS["cross"], [e.cross for e in shown]),
            ("combined", "Both cohorts (split not shown)",
             [e.shown_count if not e.split else 0.0 for e in shown]),
        )
        for key, label, values in layers:
            values = np.asarray(values, float)
            if key in ("cross", "combined") and not values.any():
                continue
            hatch = [HIDDEN_HATCH if (e.hidden and key == "combined") else None for e in shown]
            if key == "combined" and all(e.hidden for e in shown if not e.split):
                label = "_nolegend_"  # only hidden bars: the hatched entry below says it
            bars = ax.barh(y, values, left=left, height=0.65, color=COHORT_COLOURS[key],
                           label=label, zorder=2)
            for bar, pattern in zip(bars, hatch):
                if pattern:
                    bar.set_hatch(pattern)
                    bar.set_edgecolor("white")
            left += values
        width = max([e.upper or e.shown_count for e in shown] + [1.0])
        arrow = width * 0.05
        whisker_label = "Range with the councils'\nwithheld answers"
        for yi, entry in zip(y, shown):
            if entry.hidden:
                ax.annotate("", (entry.shown_count + arrow, yi), xytext=(entry.shown_count, yi),
                            arrowprops={"arrowstyle": "-|>", "color": OKABE_ITO["black"],
                                        "linewidth": 1.2, "linestyle": "--"}, zorder=3)
                text, end = f"at least {entry.shown_count:,.0f}", entry.shown_count + arrow
            else:
                text, end = f"{entry.count:,.0f}", entry.count
                if entry.lower is not None:
                    ax.errorbar((entry.lower + entry.upper) / 2, yi,
                                xerr=(entry.upper - entry.lower) / 2, fmt="none",
                                ecolor=OKABE_ITO["black"], elinewidth=1.1, capsize=3, zorder=3,
                                label=whisker_label)
                    whisker_label = None
                    text += f" (range {entry.lower:,.0f} to {entry.upper:,.0f})"
                    end = max(end, entry.upper)
            ax.annotate(text, (end, yi), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=8)
        ax.set_yticks(y, [f"{e.rank}. {e.name}" for e in shown])
        ax.invert_yaxis()
        thousands_axis(ax.xaxis)
        ax.set_xlim(0, width * 1.3)
        ax.set_xlabel("Children who went missing at least once (reported answers)")
        ax.set_ylabel("Authority (rank)")
        ax.xaxis.grid(True, color="#dddddd", zorder=0)
        ax.set_axisbelow(True)
        handles, _ = ax.get_legend_handles_labels()
        if any(e.hidden for e in shown):
            from matplotlib.patches import Patch

            handles.append(Patch(facecolor=COHORT_COLOURS["combined"], hatch=HIDDEN_HATCH,
                                 edgecolor="white", label="Part hidden:\nat least this many"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
        description = (f"The {len(shown)} authorities with most children going missing, "
                       "trafficked plus unaccompanied")
        if period_note:
            description += f"; {period_note}"
        set_titles(fig, ax, _finding(shown, visible_total), description)
    notes = [HOW_RANKED]
    if any(e.hidden for e in shown):
        notes.append(HOW_HIDDEN)
    moved = [e.name for e in shown if e.placed_by_shown_part]
    if moved:
        notes.append(f"Placed by the part that may be shown (its exact place would narrow a "
                     f"hidden count): {join_names(moved)}.")
    elif any(e.placed_by_shown_part for e in entries):
        notes.append("Authorities whose exact place would narrow a hidden count are placed by "
                     "the part that may be shown; ranks are counted as drawn.")
    if any(e.lower is not None for e in shown):
        notes.append("Whiskers: where the count would lie had the councils' own withheld small "
                     "numbers been disclosed; they are not in the ranked count.")
    if tied_out:
        notes.append(f"{tied_out} more {'authority has' if tied_out == 1 else 'authorities have'} "
                     "the same count as the last one shown.")
    if any(not e.split and not e.hidden for e in shown):
        notes.append("Bars without a split by cohort: the split would reveal a hidden count "
                     "(disclosure control).")
    return finish_figure(fig, source, notes)
