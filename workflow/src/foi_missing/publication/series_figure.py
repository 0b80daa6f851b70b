"""The trend figure of the series page: a point per period, with ranges.

Two panels over time: the share of children in care who went missing (per
cent ticks) and the number of children in care, by cohort. Each period is
drawn at its middle on a time axis, so gaps between rounds show as gaps.
Whiskers give the range had the withheld small numbers been disclosed, as in
the round figures (:mod:`foi_missing.publication.figures`). A partial period (4 months
beside years) is drawn as an open marker on a shaded band, never joined to
the years. The title states the finding; the neutral description is under it.
"""

from __future__ import annotations

from datetime import date

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator, PercentFormatter

from foi_missing.publication import figures
from foi_missing.statistics.registry import in_scope, printed

TREND_COHORTS = ("trafficked", "uasc")
DESCRIPTION = ("Share of children in care who went missing (left) and children in care (right), "
               "by period and cohort")


def _year(day: str) -> float:
    when = date.fromisoformat(str(day))
    return when.year + (when.timetuple().tm_yday - 1) / 365.25


def trend_points(series: pd.DataFrame) -> pd.DataFrame:
    """One row per point of the series (national rows only), in time order, with its
    position (the period's middle, in years) and tick label."""
    national = series[~in_scope(series["statistic_id"], "nation")]
    points = national.drop_duplicates(["round", "period"])[
        ["round", "period", "period_label", "start", "end", "months", "partial"]].copy()
    points["partial"] = points["partial"].map(lambda v: str(v).strip().lower() == "true")
    points["x"] = [(_year(s) + _year(e) + 1 / 365.25) / 2 for s, e in
                   zip(points["start"], points["end"])]
    points = points.sort_values("x", kind="stable").reset_index(drop=True)
    points["tick"] = [_tick(row) for row in points.itertuples()]
    return points


def _tick(row) -> str:
    start, end = date.fromisoformat(str(row.start)), date.fromisoformat(str(row.end))
    if row.partial:
        return f"{start:%b}–{end:%b} {end.year}\n({int(row.months)} months, not a year)"
    if start.month == 1 and end.month == 12 and start.year == end.year:
        return str(start.year)
    return f"{start:%b} {start.year} to\n{end:%b} {end.year}"


def _name(point) -> str:
    """A point inside a sentence: "2023", "the year to September 2015"."""
    start, end = date.fromisoformat(str(point.start)), date.fromisoformat(str(point.end))
    if start.month == 1 and end.month == 12 and start.year == end.year:
        return str(start.year)
    label = str(point.period_label)
    return f"the {label}" if label.startswith("year ") else label


def _value(series: pd.DataFrame, statistic_id: str, point) -> tuple[float, float, float]:
    rows = series[(series["statistic_id"] == statistic_id) & (series["round"] == point.round)
                  & (series["period"].astype(str) == str(point.period))]
    if rows.empty:
        return (np.nan, np.nan, np.nan)
    row = rows.iloc[0]
    return tuple(float(pd.to_numeric(row[c], errors="coerce")) for c in ("value", "lower", "upper"))


def finding(series: pd.DataFrame, points: pd.DataFrame,
            changes: pd.DataFrame | None = None) -> str:
    """The title: the trafficked share who went missing in the last whole year, against the
    earliest whole year asked and computed the same way (``changes``: the series' changes,
    whose ``comparable`` column says so). Without ``changes`` the last year alone: a title
    never sets figures of unlike definitions against each other."""
    share = "trafficked_missing_pct"
    shown = []
    for point in points[~points["partial"]].itertuples():
        value = _value(series, share, point)[0]
        if not np.isnan(value):
            shown.append((point, printed(share, value)))
    if not shown:
        return "Children in care who went missing, by period"
    last, last_pct = shown[-1]
    first = None
    if changes is not None and not changes.empty and "comparable" in changes.columns:
        rows = changes[changes["statistic_id"] == share]
        same = {(str(r.from_period), str(r.to_period)) for r in rows.itertuples()
                if str(r.comparable) == "yes"}
        index = len(shown) - 1
        while index > 0 and (str(shown[index - 1][0].period), str(shown[index][0].period)) in same:
            index -= 1
        first = shown[index] if index < len(shown) - 1 else None
    text = f"{last_pct} of trafficked children in care went missing in {_name(last)}"
    if first is not None:
        text += f", against {first[1]} in {_name(first[0])}"
    return text


def _unlike(changes: pd.DataFrame | None, statistic_id: str) -> set[tuple[str, str]]:
    """Pairs of periods between which ``statistic_id`` is asked or computed differently."""
    if changes is None or changes.empty or "comparable" not in changes.columns:
        return set()
    rows = changes[changes["statistic_id"] == statistic_id]
    return {(str(r.from_period), str(r.to_period)) for r in rows.itertuples()
            if str(r.comparable) != "yes"}


def _draw(ax, series, points, statistic, scale_top, changes=None):
    """Lines, markers and whiskers of both cohorts on one panel; returns the highest value."""
    top = 0.0
    whole = points[~points["partial"]]
    for offset, cohort in zip((-0.06, 0.06), TREND_COHORTS):
        colour = figures.COHORT_COLOURS[cohort]
        values = {p.Index: _value(series, f"{cohort}_{statistic}", p) for p in points.itertuples()}
        xs = [points.at[i, "x"] + offset for i in whole.index]
        ys = [values[i][0] for i in whole.index]
        # Solid between adjoining years, dotted across a gap between rounds or a change of
        # definition (the series' changes say which).
        unlike = _unlike(changes, f"{cohort}_{statistic}")
        for (i, j) in zip(whole.index[:-1], whole.index[1:]):
            joined = (date.fromisoformat(str(points.at[j, "start"]))
                      - date.fromisoformat(str(points.at[i, "end"]))).days <= 1
            joined = joined and (str(points.at[i, "period"]), str(points.at[j, "period"])) not in unlike
            ax.plot([points.at[i, "x"] + offset, points.at[j, "x"] + offset],
                    [values[i][0], values[j][0]], color=colour,
                    linestyle="-" if joined else ":", linewidth=1.6, zorder=2)
        ax.plot(xs, ys, linestyle="none", marker="o", color=colour, zorder=3,
                label=figures.COHORT_LABELS[cohort])
        for i, (value, lower, upper) in values.items():
            x = points.at[i, "x"] + offset
            if points.at[i, "partial"] and not np.isnan(value):
                ax.plot([x], [value], linestyle="none", marker="o", markerfacecolor="white",
                        markeredgecolor=colour, markeredgewidth=1.6, zorder=3)
            if not np.isnan(lower) and not np.isnan(upper) and (lower != value or upper != value):
                ax.errorbar(x, (lower + upper) / 2, yerr=(upper - lower) / 2, fmt="none",
                            ecolor=colour, elinewidth=1.1, capsize=3, zorder=2)
            top = np.nanmax([top, value, upper])
    return top if scale_top is None else max(top, scale_top)


# A marker's height as a share of a panel's height: a range narrower than this hides
# behind its marker.
MARKER_SHARE = 0.03


def widest_range(series, points, statistic) -> float:
    """The widest range (upper minus lower) of any point of both cohorts on a panel."""
    widths = [upper - lower
              for cohort in TREND_COHORTS for p in points.itertuples()
              for _, lower, upper in [_value(series, f"{cohort}_{statistic}", p)]
              if not np.isnan(lower) and not np.isnan(upper)]
    return max(widths, default=0.0)


def hidden_ranges_note(ax, widest: float, panel: str, unit: str) -> str | None:
    """A note for a panel whose ranges all hide behind their markers, or None."""
    low, high = ax.get_ylim()
    if widest <= 0 or widest >= MARKER_SHARE * (high - low):
        return None
    return (f"On the {panel} panel every range is narrower than its marker (at most "
            f"{widest:,.0f} {unit}), so no whisker shows there.")


def _axis_from_zero(ax, top: float, percent: bool) -> None:
    """Zero at the bottom with a margin below, so no point on 0 is half clipped."""
    top = top * 1.15 if top > 0 else 1.0
    if percent:
        top = min(top, 105.0)
    ax.set_ylim(-0.04 * top, top)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=True,
                                           min_n_ticks=3))
    ticks = [t for t in ax.get_yticks() if 0 <= t <= top]
    ax.set_yticks(ticks)
    ax.set_ylim(-0.04 * top, top)
    if percent:
        ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    else:
        figures.thousands_axis(ax.yaxis)
    ax.yaxis.grid(True, color="#dddddd", zorder=0)
    ax.set_axisbelow(True)


def definition_notes(differences: pd.DataFrame) -> tuple[str, ...]:
    """Figure notes for the question changes a reader of the trend must know
    (from :func:`foi_missing.statistics.series.round_differences`)."""
    notes = []
    if differences.empty:
        return ()
    absent = differences[differences["topic"].astype(str).str.startswith("Going missing")]
    for to_round in dict.fromkeys(absent["to_round"]):
        notes.append(f"From {to_round} the questions asked who went missing or absent; before, "
                     "who went missing: the wider question alone can raise the share.")
    rate = differences[differences["topic"] == "Share who went missing"]
    for row in rate.itertuples():
        notes.append(f"{row.from_round} and {row.to_round} compute the share over different "
                     "authorities (see the series page).")
    return tuple(notes)


def trend_figure(series: pd.DataFrame, source: str, notes: tuple[str, ...] = (),
                 changes: pd.DataFrame | None = None):
    """The series page's trend figure from ``results/series/statistics.csv`` (and
    ``changes.csv``, for the title's comparison; see :func:`finding`)."""
    points = trend_points(series)
    fig = figures.new_figure(10, 5.6)
    with matplotlib.rc_context(figures.STYLE):
        head, body = fig.subfigures(2, 1, height_ratios=[1, 7.5])
        # As figure_style.set_titles does for one panel: the finding in bold, the neutral
        # description of both panels under it.
        head.text(0.01, 0.62, finding(series, points, changes),
                  fontsize=figures.STYLE["axes.titlesize"], fontweight="bold", ha="left",
                  va="center")
        head.text(0.01, 0.12, DESCRIPTION, fontsize=10, color="#333333", ha="left",
                  va="center")
        share, counts = body.subplots(1, 2)
        dfe = []
        for point in points.itertuples():
            value = _value(series, "dfe_england_missing_pct", point)[0]
            dfe.append(value)
        share_top = _draw(share, series, points, "missing_pct", None, changes)
        if not np.all(np.isnan(dfe)):
            whole = ~points["partial"].to_numpy()
            share.plot(points["x"].to_numpy()[whole], np.array(dfe)[whole], color="#000000",
                       linestyle="--", linewidth=1, marker="s", markersize=3.5, zorder=2,
                       label="All looked-after children, England (DfE)")
            share_top = max(share_top, float(np.nanmax(dfe)))
            notes = (*notes, ("The DfE line counts looked-after children who went missing; it "
                              "does not count absence."))
        counts_top = _draw(counts, series, points, "in_care", None, changes)
        _axis_from_zero(share, share_top, percent=True)
        _axis_from_zero(counts, counts_top, percent=False)
        hidden = [hidden_ranges_note(share, widest_range(series, points, "missing_pct"),
                                     "share", "percentage points"),
                  hidden_ranges_note(counts, widest_range(series, points, "in_care"),
                                     "children-in-care", "children")]
        notes = (*notes, *(note for note in hidden if note))
        share.set_title("Went missing, % of children in care", fontsize=11)
        counts.set_title("Children in care", fontsize=11)
        left = points["x"].min() - 0.75 if not points.empty else 0
        right = points["x"].max() + 0.75 if not points.empty else 1
        whole = points[~points["partial"]]
        for axis in (share, counts):
            axis.set_xticks(whole["x"].tolist(), whole["tick"].tolist(), fontsize=8)
            axis.set_xlim(left, right)
            for point in points[points["partial"]].itertuples():
                # A partial period: shaded and named in the band (not a tick beside the years).
                axis.axvspan(_year(point.start), _year(point.end) + 1 / 365.25,
                             color="#e6e6e6", zorder=0, linewidth=0)
                # Named just left of the band: inside or right of it the name would run
                # through the period's own open markers.
                axis.text(_year(point.start) - 0.03, 0.5, point.tick.replace("\n", " "),
                          transform=axis.get_xaxis_transform(), rotation=90, ha="right",
                          va="center", fontsize=7.5, color="#555555")
        # Below both panels, so it never covers a point or a whisker.
        handles, labels = share.get_legend_handles_labels()
        body.legend(handles, labels, loc="outside lower center", ncols=len(labels), fontsize=8.5)
    partial = points[points["partial"]]
    all_notes = [("Each point is one period (drawn at its middle); dotted lines cross years no "
                  "round asked about, or a change in how the figure was asked or computed. "
                  "Whiskers: the range had the withheld small numbers been disclosed.")]
    for point in partial.itertuples():
        all_notes.append(f"Open marker on grey: {point.period_label}, {int(point.months)} months, "
                         "is not a year and is not joined to or compared with the years.")
    all_notes += list(notes)
    return figures.finish_figure(fig, source, all_notes)
