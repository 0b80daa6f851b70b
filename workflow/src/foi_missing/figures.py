"""Figures of a round, as pure functions of tables returning matplotlib Figures.

Every function takes DataFrames (the statistics table, the answers table, or
the per-authority table of :func:`authority_table`) and a ``source`` line
(:func:`source_line`), and returns a :class:`matplotlib.figure.Figure`; none
reads or writes files or touches pyplot's global state. :func:`save_figure`
writes a figure as PNG (dpi 150) and SVG with the same bytes on every run.

Style: Okabe-Ito colours (colour-blind safe), DejaVu Sans (shipped with
matplotlib), a title, labelled axes, and a source line on every figure that
says when the replies are a reconstruction.

Disclosure control: the per-round figures under ``results/<round>/figures``
are working outputs. The figures that show per-authority counts
(:func:`most_went_missing_figure`, :func:`funnel_figure`) accept
``mask_small``, a function taking the per-authority table and returning it
with the cells to hide set to missing (e.g. the project's disclosure
function), or pre-masked data; authorities with a hidden cell are left out
and a footnote says how many. :func:`funnel_figure` can also leave out, by
itself, authorities with an in-care or went-missing count in 1..4
(``omit_small=(1, 4)``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, PercentFormatter

from foi_missing.roundspec import MEASURES, RoundSpec

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}
COHORT_COLOURS = {
    "trafficked": OKABE_ITO["vermillion"],
    "uasc": OKABE_ITO["blue"],
    "combined": OKABE_ITO["bluish_green"],
    "cross": OKABE_ITO["grey"],
}
COHORT_LABELS = {
    "trafficked": "Trafficked",
    "uasc": "Unaccompanied (UASC)",
    "combined": "Both cohorts",
    "cross": "One figure for both cohorts",
}
COHORT_NOUNS = {
    "trafficked": "trafficked children",
    "uasc": "unaccompanied asylum-seeking children (UASC)",
    "combined": "trafficked and unaccompanied children",
}
# Ten statuses for eight colours plus grey: the two rarest get white with a hatch.
STATUS_STYLE = {
    "reported": {"color": OKABE_ITO["blue"], "label": "Reported (a number)"},
    "suppressed": {"color": OKABE_ITO["sky_blue"], "label": "Withheld small number"},
    "included_elsewhere": {"color": OKABE_ITO["bluish_green"],
                           "label": "Included in another answer"},
    "not_recorded": {"color": OKABE_ITO["yellow"], "label": "Not recorded"},
    "not_held": {"color": OKABE_ITO["orange"], "label": "Not held"},
    "refused_cost": {"color": OKABE_ITO["vermillion"], "label": "Refused: cost (s12)"},
    "refused_other": {"color": OKABE_ITO["reddish_purple"], "label": "Refused: other exemption"},
    "not_responsible": {"color": OKABE_ITO["black"], "label": "Not responsible (points elsewhere)"},
    "no_response": {"color": OKABE_ITO["grey"], "label": "No response"},
    "unparsed": {"color": "#FFFFFF", "hatch": "xxx", "edgecolor": OKABE_ITO["vermillion"],
                 "label": "Not yet coded"},
}
MEASURE_LABELS = {
    "in_care": "in care",
    "went_missing": "went missing",
    "missing_episodes": "missing episodes",
    "not_found": "not found",
}
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "svg.hashsalt": "foi-missing",
    "svg.fonttype": "path",
    "path.simplify": True,
    "figure.dpi": 100,
}
DPI = 150
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}
FOOTNOTE_SIZE = 7.5

MaskSmall = Callable[[pd.DataFrame], pd.DataFrame]


# --- shared pieces -----------------------------------------------------------------


def source_line(spec: RoundSpec) -> str:
    """The line every figure carries, saying when the replies are a reconstruction."""
    if spec.reconstructed:
        return (f"Source: reconstructed FOI replies, {spec.round_id} (synthetic per-authority "
                f"data matching the published totals)")
    return f"Source: FOI replies from UK local authorities, {spec.round_id} ({spec.title})"


def new_figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def finish_figure(fig: Figure, source: str, notes: Sequence[str] = ()) -> Figure:
    """Footnotes and the source line under the plot, with room kept for them."""
    width_in = fig.get_figwidth()
    chars = max(40, int(width_in * 72 / (FOOTNOTE_SIZE * 0.55)))
    lines = []
    for note in [*notes, source]:
        lines += textwrap.wrap(note, chars) or [""]
    with matplotlib.rc_context(STYLE):
        fig.text(0.01, 0.01, "\n".join(lines), fontsize=FOOTNOTE_SIZE, color="#333333",
                 ha="left", va="bottom", linespacing=1.35)
    height_pts = fig.get_figheight() * 72
    bottom = (len(lines) * FOOTNOTE_SIZE * 1.35 + 10) / height_pts
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))
    return fig


def _authorities(count: int) -> str:
    """"1 authority is" / "3 authorities are"."""
    return "1 authority is" if count == 1 else f"{count:,} authorities are"


def thousands_axis(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))


def save_figure(fig: Figure, stem: str | Path) -> list[Path]:
    """Write ``<stem>.png`` (dpi 150) and ``<stem>.svg``; same figure, same bytes."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    with matplotlib.rc_context(STYLE):
        fig.savefig(paths[0], format="png", dpi=DPI, metadata=PNG_METADATA)
        fig.savefig(paths[1], format="svg", metadata=SVG_METADATA)
    return paths


def _stat(statistics: pd.DataFrame, statistic_id: str) -> pd.Series | None:
    rows = statistics.loc[statistics["statistic_id"] == statistic_id]
    return None if rows.empty else rows.iloc[0]


def _num(value) -> float:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return float("nan")
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def authority_table(statistics: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Per-authority reported figures from the ``authority:<GSS>:<cohort>_<measure>`` rows.

    One row per authority: ``authority_code``, ``authority_name`` (from
    ``names``, else the code), and ``<cohort>_<measure>`` columns (reported
    value, missing when nothing was reported).
    """
    ids = statistics["statistic_id"].astype(str)
    part = statistics.loc[ids.str.startswith("authority:"), ["statistic_id", "value"]].copy()
    pieces = part["statistic_id"].str.split(":", n=2, expand=True)
    part["authority_code"] = pieces[1]
    part["column"] = pieces[2]
    part["value"] = part["value"].map(_num)
    table = part.pivot(index="authority_code", columns="column", values="value")
    table.columns.name = None
    table = table.reset_index()
    names = names or {}
    table.insert(1, "authority_name", table["authority_code"].map(lambda c: names.get(c, c)))
    return table


def _apply_mask(table: pd.DataFrame, columns: Sequence[str], mask_small: MaskSmall | None,
                omit_small: tuple[int, int] | None = None) -> tuple[pd.DataFrame, int]:
    """Mask, then drop authorities with a hidden cell in ``columns``; returns (kept, dropped)."""
    masked = mask_small(table.copy()) if mask_small is not None else table.copy()
    hidden = pd.Series(False, index=masked.index)
    for column in columns:
        # A cell the mask blanked (reported before, missing after) hides the authority.
        hidden |= table[column].notna() & masked[column].isna()
        if omit_small is not None:
            low, high = omit_small
            hidden |= masked[column].between(low, high)
    return masked.loc[~hidden], int(hidden.sum())


# --- (1) share going missing by cohort ----------------------------------------------


RATE_NOTES = {
    "all_reporting_in_care": "went missing over in care, each summed over the authorities "
                             "that reported it",
    "matched": "over the authorities that reported both in care and went missing",
}


def share_missing_figure(statistics: pd.DataFrame, source: str,
                         cohorts: Sequence[str] = ("trafficked", "uasc", "combined"),
                         rate_denominator: str = "all_reporting_in_care") -> Figure:
    """Bars: the share of each cohort that went missing, with the range had the
    withheld small numbers been disclosed; England's official rate as a line when known."""
    fig = new_figure(7.5, 5.0)
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        shown = []
        for cohort in cohorts:
            row = _stat(statistics, f"{cohort}_missing_pct")
            if row is not None and not np.isnan(_num(row["value"])):
                shown.append((cohort, row))
        x = np.arange(len(shown))
        handles = []
        for i, (cohort, row) in enumerate(shown):
            value = _num(row["value"])
            ax.bar(i, value, width=0.6, color=COHORT_COLOURS[cohort], zorder=2)
            lower, upper = _num(row["lower"]), _num(row["upper"])
            if not np.isnan(lower) and not np.isnan(upper) and (lower != value or upper != value):
                bounds = ax.errorbar(i + 0.2, (lower + upper) / 2, yerr=(upper - lower) / 2,
                                     fmt="none", ecolor=OKABE_ITO["black"], elinewidth=1.2,
                                     capsize=4, zorder=3,
                                     label="Range had withheld small numbers been disclosed")
                if not handles:
                    handles.append(bounds)
            numerator, denominator = _num(row["numerator"]), _num(row["denominator"])
            detail = (f"{numerator:,.0f} of {denominator:,.0f}"
                      if not np.isnan(numerator) and not np.isnan(denominator) else "")
            ax.annotate(f"{row['text']}\n{detail}", (i - 0.05, value), xytext=(0, 4),
                        textcoords="offset points", ha="center", va="bottom", fontsize=9)
        ax.set_xticks(x, [COHORT_LABELS[c] for c, _ in shown])
        ax.set_xlim(-0.6, len(shown) - 0.4)
        ax.set_ylabel("Went missing at least once (% of children in care)")
        ax.set_xlabel("Cohort")
        ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        top = max([_num(r["upper"]) for _, r in shown] + [_num(r["value"]) for _, r in shown]
                  + [1.0])
        notes = [(f"Bars: reported answers only, as the report counted ("
                  f"{RATE_NOTES.get(rate_denominator, rate_denominator)}). Whiskers: the range "
                  "had the withheld small numbers been disclosed.")]
        dfe = _stat(statistics, "dfe_england_missing_pct")
        if dfe is not None and not np.isnan(_num(dfe["value"])):
            year = _stat(statistics, "dfe_england_year")
            label = f"England, all looked-after children (DfE): {dfe['text']}"
            if year is not None:
                label += f", {year['text']}"
            handles.append(ax.axhline(_num(dfe["value"]), color=OKABE_ITO["black"],
                                      linestyle="--", linewidth=1, zorder=1, label=label))
            top = max(top, _num(dfe["value"]))
        ax.set_ylim(0, min(100.0, np.nanmax([top]) * 1.3 + 2))
        ax.yaxis.grid(True, color="#dddddd", zorder=0)
        ax.set_axisbelow(True)
        if handles:
            ax.legend(handles=handles, loc="upper right", fontsize=8)
        ax.set_title("Share of children in care who went missing, by cohort")
    return finish_figure(fig, source, notes)


# --- (2) reply status ---------------------------------------------------------------


def _question_label(question) -> str:
    cohort = "trafficked" if question.cohort == "trafficked" else "UASC"
    sub = f"\n({question.sub_cohort})" if question.sub_cohort not in ("all", "") else ""
    measure = MEASURE_LABELS[question.measure].replace(" ", "\n")
    return f"{question.label}\n{cohort}{sub}\n{measure}"


def _stacked(ax, table: pd.DataFrame, horizontal: bool) -> list:
    """Stacked bars of ``table`` (rows = bars, columns = statuses in STATUS_STYLE order)."""
    handles = []
    positions = np.arange(len(table))
    base = np.zeros(len(table))
    for status, style in STATUS_STYLE.items():
        if status not in table.columns:
            continue
        values = table[status].to_numpy(dtype=float)
        kwargs = {"color": style["color"], "edgecolor": style.get("edgecolor", "white"),
                  "linewidth": 0.5, "hatch": style.get("hatch"), "label": style["label"],
                  "zorder": 2}
        if horizontal:
            bars = ax.barh(positions, values, left=base, height=0.65, **kwargs)
        else:
            bars = ax.bar(positions, values, bottom=base, width=0.7, **kwargs)
        base += values
        handles.append(bars)
    return handles


def reply_status_by_question_figure(answers: pd.DataFrame, spec: RoundSpec,
                                    source: str) -> Figure:
    """Stacked bars: for each question, how many authorities gave each kind of answer."""
    labels = list(spec.question_labels)
    counts = (answers.groupby(["question", "status"]).size().unstack(fill_value=0)
              .reindex(labels, fill_value=0))
    counts = counts[[s for s in STATUS_STYLE if s in counts.columns]]
    width = max(7.5, 1.0 + 0.85 * len(labels) + 2.6)
    fig = new_figure(width, 5.2)
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        _stacked(ax, counts, horizontal=False)
        ax.set_xticks(np.arange(len(labels)), [_question_label(spec.question(q)) for q in labels],
                      fontsize=8)
        ax.set_xlabel("Question")
        ax.set_ylabel("Authorities")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.grid(True, color="#dddddd", zorder=0)
        ax.set_axisbelow(True)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title="Answer",
                  title_fontsize=8, reverse=True)
        total = int(answers["authority_code"].nunique())
        ax.set_title(f"Answers by question ({total:,} authorities asked)")
    return finish_figure(fig, source)


def reply_status_by_nation_figure(answers: pd.DataFrame, source: str) -> Figure:
    """Horizontal stacked bars: the share of each nation's answers by status."""
    counts = answers.groupby(["nation", "status"]).size().unstack(fill_value=0)
    counts = counts[[s for s in STATUS_STYLE if s in counts.columns]]
    order = [n for n in ("England", "Wales", "Scotland", "Northern Ireland") if n in counts.index]
    order += sorted(n for n in counts.index if n not in order)
    counts = counts.reindex(order)
    shares = counts.div(counts.sum(axis=1), axis=0) * 100
    authorities = answers.groupby("nation")["authority_code"].nunique()
    fig = new_figure(8.5, 1.6 + 0.55 * len(order) + 1.2)
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        _stacked(ax, shares, horizontal=True)
        ax.set_yticks(np.arange(len(order)),
                      [f"{n}\n({authorities[n]:,} authorities)" for n in order])
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax.set_xlabel("Share of the nation's answers (authorities x questions)")
        ax.set_ylabel("Nation")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title="Answer",
                  title_fontsize=8)
        ax.set_title("Answers by nation")
    return finish_figure(fig, source)


# --- (3) most children going missing ------------------------------------------------


def most_went_missing_figure(authorities: pd.DataFrame, source: str, top: int = 10,
                             mask_small: MaskSmall | None = None) -> Figure:
    """Horizontal bars: the ``top`` authorities by trafficked + UASC children who went
    missing (reported answers), split by cohort.

    ``authorities``: the table of :func:`authority_table` (``combined_went_missing``,
    ``trafficked_went_missing``, ``uasc_went_missing``). Order: count, then GSS code.
    """
    columns = ["combined_went_missing", "trafficked_went_missing", "uasc_went_missing"]
    table = authorities.copy()
    for column in columns:
        if column not in table.columns:
            table[column] = np.nan
    ranked = table.loc[table["combined_went_missing"] >= 1]
    original = ranked
    ranked, dropped = _apply_mask(ranked, columns[:1], mask_small)
    # A bar split by cohort with one part hidden would give that part away (total minus
    # the other part): such bars are drawn whole, without the split.
    unsplit = pd.Series(False, index=ranked.index)
    for column in columns[1:]:
        unsplit |= original.loc[ranked.index, column].notna() & ranked[column].isna()
    ranked = ranked.assign(_unsplit=unsplit)
    ranked = ranked.sort_values(["combined_went_missing", "authority_code"],
                                ascending=[False, True])
    shown = ranked.head(top)
    rest = ranked.iloc[len(shown):]
    tied_out = int((rest["combined_went_missing"] == shown["combined_went_missing"].min()).sum()
                   if len(shown) else 0)
    fig = new_figure(8.0, 1.4 + 0.38 * max(len(shown), 1) + 1.0)
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        y = np.arange(len(shown))
        whole = shown["_unsplit"].to_numpy(bool)
        total = shown["combined_went_missing"].to_numpy(float)
        trafficked = np.where(whole, 0, shown["trafficked_went_missing"].fillna(0).to_numpy(float))
        uasc = np.where(whole, 0, shown["uasc_went_missing"].fillna(0).to_numpy(float))
        cross = np.where(whole, 0, np.clip(total - trafficked - uasc, 0, None))
        unsplit_total = np.where(whole, total, 0)
        left = np.zeros(len(shown))
        for values, key, label in (
            (uasc, "uasc", COHORT_LABELS["uasc"]),
            (trafficked, "trafficked", COHORT_LABELS["trafficked"]),
            (cross, "cross", COHORT_LABELS["cross"]),
            (unsplit_total, "combined", "Both cohorts (split not shown)"),
        ):
            if key in ("cross", "combined") and not values.any():
                continue
            ax.barh(y, values, left=left, height=0.65, color=COHORT_COLOURS[key],
                    label=label, zorder=2)
            left += values
        for yi, value in zip(y, total):
            ax.annotate(f"{value:,.0f}", (value, yi), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=8)
        ax.set_yticks(y, shown["authority_name"].tolist())
        ax.invert_yaxis()
        thousands_axis(ax.xaxis)
        ax.set_xlim(0, (total.max() if len(total) else 1) * 1.12)
        ax.set_xlabel("Children who went missing at least once (reported answers)")
        ax.set_ylabel("Authority")
        ax.xaxis.grid(True, color="#dddddd", zorder=0)
        ax.set_axisbelow(True)
        ax.legend(loc="lower right", fontsize=8)
        ax.set_title(f"The {len(shown)} authorities with most children going missing")
    notes = [("Trafficked plus unaccompanied children who went missing, as reported; ranked "
              "by count, equal counts in GSS code order.")]
    if tied_out:
        notes.append(f"{tied_out} more {'authority has' if tied_out == 1 else 'authorities have'} "
                     "the same count as the last one shown.")
    if dropped:
        notes.append(f"{_authorities(dropped)} not shown: small counts (disclosure control).")
    if whole.any():
        notes.append("Bars without a split by cohort: the split would reveal a small count "
                     "(disclosure control).")
    return finish_figure(fig, source, notes)


# --- (4) funnel plot ----------------------------------------------------------------


def binomial_limits(n: np.ndarray, rate: float, coverage: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact binomial control limits for a proportion, interpolated between integers
    (Spiegelhalter 2005, "Funnel plots for comparing institutional performance")."""
    from scipy import stats  # here, not at import: scipy.stats takes a second to load

    n = np.asarray(n, dtype=float)
    out = []
    for p in ((1 - coverage) / 2, 1 - (1 - coverage) / 2):
        r = stats.binom.ppf(p, n, rate)
        cdf_r = stats.binom.cdf(r, n, rate)
        cdf_below = stats.binom.cdf(r - 1, n, rate)
        with np.errstate(divide="ignore", invalid="ignore"):
            alpha = np.where(cdf_r > cdf_below, (cdf_r - p) / (cdf_r - cdf_below), 0.0)
            out.append(np.clip((r - alpha) / n, 0, 1))
    return out[0], out[1]


def funnel_figure(authorities: pd.DataFrame, cohort: str, source: str,
                  target_rate: float | None = None, mask_small: MaskSmall | None = None,
                  omit_small: tuple[int, int] | None = None) -> Figure:
    """Each authority's share going missing (went missing / in care, both reported)
    against its number in care, with 95% and 99.8% binomial limits around the rate.

    ``target_rate`` (a proportion, 0..1): default the pooled rate of the
    authorities plotted. ``omit_small=(1, 4)`` leaves out authorities whose
    in-care or went-missing count is 1 to 4 (said in a footnote);
    ``mask_small`` as in the module docstring.
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
    if target_rate is None:  # the pooled rate of the points drawn (after any masking)
        target_rate = k.sum() / n.sum() if n.sum() > 0 else np.nan
    fig = new_figure(9.0, 5.4)
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        notes = []
        if len(n) and not np.isnan(target_rate):
            grid = np.unique(np.geomspace(1, max(n.max() * 1.1, 10), 600).round())
            for coverage, style, label in ((0.95, "--", "95% limits"),
                                           (0.998, ":", "99.8% limits")):
                lo, hi = binomial_limits(grid, target_rate, coverage)
                ax.plot(grid, lo * 100, style, color=OKABE_ITO["black"], linewidth=1,
                        label=label)
                ax.plot(grid, hi * 100, style, color=OKABE_ITO["black"], linewidth=1)
            ax.axhline(target_rate * 100, color=OKABE_ITO["grey"], linewidth=1,
                       label=f"Rate of the authorities shown: {target_rate * 100:.1f}%")
            lo998, hi998 = binomial_limits(n, target_rate, 0.998)
            outside = (k / n < lo998) | (k / n > hi998)
            ax.scatter(n[~outside], k[~outside] / n[~outside] * 100, s=22,
                       color=COHORT_COLOURS[cohort], alpha=0.8, edgecolor="white",
                       linewidth=0.5, label="Authority", zorder=3)
            if outside.any():
                ax.scatter(n[outside], k[outside] / n[outside] * 100, s=30,
                           color=OKABE_ITO["orange"], edgecolor=OKABE_ITO["black"],
                           linewidth=0.6, marker="D", label="Authority outside 99.8% limits",
                           zorder=4)
            ax.set_xscale("log")
            ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            thousands_axis(ax.xaxis)
            ymax = max(100.0 if (k / n).max() > 0.6 else (k / n).max() * 100 * 1.15 + 5, 10.0)
            ax.set_ylim(-ymax * 0.02, ymax * 1.02)
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
        else:
            ax.text(0.5, 0.5, "No authority reported both figures", transform=ax.transAxes,
                    ha="center", va="center")
        ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax.set_xlabel(f"{COHORT_LABELS[cohort]} children in care (reported; log scale)")
        ax.set_ylabel("Share who went missing at least once")
        ax.set_title(f"Missing rate by authority: {COHORT_NOUNS[cohort]}", fontsize=11)
        notes.append(f"{total_points - dropped} of {total_points} authorities reporting both "
                     "figures are shown. The line is the pooled rate of the authorities shown "
                     "(not the headline rate); limits are exact binomial around it, "
                     "interpolated.")
        if inconsistent.any():
            notes.append(f"{_authorities(int(inconsistent.sum()))} not shown: more children "
                         "going missing than in care reported (see the QA findings).")
        if dropped:
            if omit_small is not None:
                notes.append(f"{_authorities(dropped)} not shown: a count of {omit_small[0]} to "
                             f"{omit_small[1]} in care or going missing (disclosure control).")
            else:
                notes.append(f"{_authorities(dropped)} not shown: small counts "
                             "(disclosure control).")
    return finish_figure(fig, source, notes)


# --- a round's set --------------------------------------------------------------------

ROUND_FIGURES = (
    "share_missing",
    "reply_status_by_question",
    "reply_status_by_nation",
    "most_went_missing",
    "funnel_trafficked",
    "funnel_uasc",
)


def round_figures(statistics: pd.DataFrame, answers: pd.DataFrame,
                  spec: RoundSpec) -> dict[str, Figure]:
    """The per-round working figures, by name (``ROUND_FIGURES``)."""
    source = source_line(spec)
    names = answers.drop_duplicates("authority_code").set_index("authority_code")[
        "authority_name"].astype(str).to_dict()
    authorities = authority_table(statistics, names)
    for cohort in ("trafficked", "uasc", "combined"):
        for measure in MEASURES:
            if f"{cohort}_{measure}" not in authorities.columns:
                authorities[f"{cohort}_{measure}"] = np.nan
    return {
        "share_missing": share_missing_figure(statistics, source,
                                              rate_denominator=spec.rate_denominator),
        "reply_status_by_question": reply_status_by_question_figure(answers, spec, source),
        "reply_status_by_nation": reply_status_by_nation_figure(answers, source),
        "most_went_missing": most_went_missing_figure(authorities, source),
        "funnel_trafficked": funnel_figure(authorities, "trafficked", source),
        "funnel_uasc": funnel_figure(authorities, "uasc", source),
    }
