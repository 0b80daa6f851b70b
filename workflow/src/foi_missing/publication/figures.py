"""Figures of a round, as pure functions of tables returning matplotlib Figures.

Every function takes DataFrames (the statistics table, the answers table, or
the per-authority table of :func:`authority_table`) and a ``source`` line
(:func:`source_line`), and returns a :class:`matplotlib.figure.Figure`; none
reads or writes files or touches pyplot's global state. :func:`save_figure`
writes a figure as PNG (dpi 150) and SVG with the same bytes on every run.

Style: Okabe-Ito colours (colour-blind safe), DejaVu Sans (shipped with
matplotlib), a title, labelled axes, and a source line on every figure that
says when the replies are a reconstruction.

Titles: each figure's title states its finding, computed from the data
("More than a quarter of trafficked children in care went missing"), with
the neutral description of the chart under it (:func:`set_titles`).

Disclosure control: the per-round figures under ``results/<round>/figures``
are working outputs. The figures that show per-authority counts
(:func:`~foi_missing.publication.figure_ranking.most_went_missing_figure`,
:func:`~foi_missing.publication.figure_funnel.funnel_figure`, in modules of their own)
accept ``mask_small``, a function taking the per-authority table and
returning it with the cells to hide set to missing (e.g. the project's
disclosure function), or pre-masked data. The funnel plot leaves out an
authority with a hidden cell (a footnote says how many) and can also leave
out, by itself, authorities with an in-care or went-missing count in 1..4
(``omit_small=(1, 4)``); the ranking chart keeps it in its place, drawn as
"at least N" (see :mod:`foi_missing.publication.figure_ranking`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from foi_missing.core.cells import cell_number
from foi_missing.core.roundspec import MEASURES, RoundSpec
from foi_missing.publication.figure_style import (  # noqa: F401 (re-exported: callers use figures.<name>)
    COHORT_COLOURS,
    COHORT_LABELS,
    COHORT_NOUNS,
    DPI,
    FOOTNOTE_SIZE,
    MEASURE_LABELS,
    OKABE_ITO,
    PNG_METADATA,
    STATUS_STYLE,
    STYLE,
    SVG_METADATA,
    MaskSmall,
    apply_mask,
    authorities_are,
    finish_figure,
    new_figure,
    set_titles,
    thousands_axis,
)
from foi_missing.statistics.registry import StatisticId

# --- shared pieces -----------------------------------------------------------------


def source_line(spec: RoundSpec) -> str:
    """The line every figure carries, saying when the replies are a reconstruction."""
    if spec.reconstructed:
        return (f"Source: reconstructed FOI replies, {spec.round_id} (synthetic per-authority "
                f"data matching the published totals)")
    return f"Source: FOI replies from UK local authorities, {spec.round_id} ({spec.title})"


def save_figure(fig: Figure, stem: str | Path) -> list[Path]:
    """Write ``<stem>.png`` (dpi 150) and ``<stem>.svg``; same figure, same bytes."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    with matplotlib.rc_context(STYLE):
        fig.savefig(paths[0], format="png", dpi=DPI, metadata=PNG_METADATA)
        fig.savefig(paths[1], format="svg", metadata=SVG_METADATA)
    _number_clip_paths(paths[1])
    return paths


def _number_clip_paths(svg: Path) -> None:
    """Name clip paths by order of appearance: matplotlib names a clip path that is not a
    rectangle from the object's memory address, so the same figure would differ by build."""
    text = svg.read_text(encoding="utf-8")
    names: dict[str, str] = {}
    for found in re.findall(r'<clipPath id="(p[0-9a-f]+)"', text):
        names.setdefault(found, f"clip{len(names) + 1}")
    if names:
        text = re.sub(r'(?<=id=")p[0-9a-f]+(?=")|(?<=url\(#)p[0-9a-f]+(?=\))',
                      lambda m: names.get(m.group(0), m.group(0)), text)
        svg.write_text(text, encoding="utf-8")


def _stat(statistics: pd.DataFrame, statistic_id: str) -> pd.Series | None:
    rows = statistics.loc[statistics["statistic_id"] == statistic_id]
    return None if rows.empty else rows.iloc[0]


def _num(value) -> float:
    """The number a cell holds, NaN (what matplotlib leaves out) when it holds none."""
    number = cell_number(value)
    return float("nan") if number is None else number


def authority_table(statistics: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Per-authority reported figures from the ``authority:<GSS>:<cohort>_<measure>`` rows.

    One row per authority: ``authority_code``, ``authority_name`` (from
    ``names``, else the code), and ``<cohort>_<measure>`` columns (reported
    value, missing when nothing was reported).
    """
    ids = [StatisticId.parse(sid) for sid in statistics["statistic_id"]]
    per_authority = [sid.scope == "authority" for sid in ids]
    part = statistics.loc[per_authority, ["statistic_id", "value"]].copy()
    part["authority_code"] = [sid.where[0] for sid in ids if sid.scope == "authority"]
    part["column"] = [sid.base for sid in ids if sid.scope == "authority"]
    part["value"] = part["value"].map(_num)
    table = part.pivot(index="authority_code", columns="column", values="value")
    table.columns.name = None
    table = table.reset_index()
    names = names or {}
    table.insert(1, "authority_name", table["authority_code"].map(lambda c: names.get(c, c)))
    return table


# --- (1) share going missing by cohort ----------------------------------------------


_FRACTION_WORDS = {2: "half", 3: "a third", 4: "a quarter", 5: "a fifth", 6: "one in six",
                   7: "one in seven", 8: "one in eight", 9: "one in nine", 10: "one in ten"}


def share_phrase(fraction: float) -> str:
    """A share in words that stays true at ``fraction``: 0.283 -> "more than a quarter",
    0.25 -> "a quarter", 0.125 -> "one in eight", 0.04 -> "4%"."""
    for k, words in _FRACTION_WORDS.items():
        if fraction >= 1 / k - 1e-12:
            return words if abs(fraction - 1 / k) < 1e-9 else f"more than {words}"
    return f"{fraction * 100:.0f}%"


def share_finding(shown: Sequence[tuple[str, pd.Series]]) -> str:
    """The share chart's title: the cohort with the highest share, in words that hold over the
    whole range had the withheld small numbers been disclosed, beside the other cohorts."""
    cohorts = [(c, r) for c, r in shown if c != "combined"] or list(shown)
    if not cohorts:
        return "No cohort's share going missing could be computed"
    top, row = max(cohorts, key=lambda item: _num(item[1]["value"]))
    low = np.nanmin([_num(row["value"]), _num(row["lower"])])
    phrase = share_phrase(low / 100)
    if phrase != share_phrase(_num(row["value"]) / 100):
        # Words true over the range would understate the headline figure ("more than a
        # fifth" for 27%): print the figure itself, as the text beside the chart does.
        phrase = str(row["text"])
    text = f"{phrase[:1].upper()}{phrase[1:]} of {COHORT_NOUNS[top]} in care went missing"
    others = [f"{r['text']} of {COHORT_NOUNS[c].split(' (')[0]}" for c, r in cohorts if c != top]
    if others:
        text += ", against " + " and ".join(others)
    return text


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
                bounds = ax.errorbar(i + 0.24, (lower + upper) / 2, yerr=(upper - lower) / 2,
                                     fmt="none", ecolor=OKABE_ITO["black"], elinewidth=1.2,
                                     capsize=4, zorder=3,
                                     label="Range had withheld small numbers been disclosed")
                if not handles:
                    handles.append(bounds)
            numerator, denominator = _num(row["numerator"]), _num(row["denominator"])
            detail = (f"{numerator:,.0f} of {denominator:,.0f}"
                      if not np.isnan(numerator) and not np.isnan(denominator) else "")
            ax.annotate(f"{row['text']}\n{detail}", (i - 0.08, value), xytext=(0, 4),
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
        description = "Share of children in care who went missing, by cohort"
        periods = period_note(statistics)
        set_titles(fig, ax, share_finding(shown),
                   description + (f"; {periods}" if periods else ""))
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


def _answers_finding(counts: pd.DataFrame, by: str) -> str:
    """How fully the answers gave a number, lowest and highest by question or nation."""
    if counts.empty or counts.to_numpy().sum() == 0:
        return "No answers"
    numbers = counts.get("reported", pd.Series(0, index=counts.index))
    share = (numbers / counts.sum(axis=1).where(lambda t: t > 0)).dropna()
    if share.empty:
        return "No answers"
    overall = numbers.sum() / counts.to_numpy().sum()
    if by == "question":
        low, high = share.min(), share.max()
        return (f"{overall:.0%} of answers gave a number; "
                + (f"{low:.0%} to {high:.0%} by question" if round(low, 2) != round(high, 2)
                   else "about the same for every question"))
    best, worst = share.idxmax(), share.idxmin()
    if best == worst:
        return f"{share[best]:.0%} of {best}'s answers gave a number"
    least = "none" if share[worst] == 0 else f"{share[worst]:.0%}"
    return f"{best} gave a number in {share[best]:.0%} of answers, {worst} in {least}"


def reply_status_by_question_figure(answers: pd.DataFrame, spec: RoundSpec,
                                    source: str) -> Figure:
    """Stacked bars: for each question, how many authorities gave each kind of answer (in a
    round of several periods, how many answers: one per authority and period)."""
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
        # A question asked about several periods has one answer per authority and period.
        several = len(spec.periods) > 1
        ax.set_ylabel("Answers (authorities x periods)" if several else "Authorities")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.grid(True, color="#dddddd", zorder=0)
        ax.set_axisbelow(True)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title="Answer",
                  title_fontsize=8, reverse=True)
        total = int(answers["authority_code"].nunique())
        asked = f"{total:,} authorities asked" + (
            f", {len(spec.periods)} periods" if several else "")
        set_titles(fig, ax, _answers_finding(counts, "question"), f"Answers by question ({asked})")
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
        set_titles(fig, ax, _answers_finding(counts, "nation"), "Answers by nation")
    return finish_figure(fig, source)


# --- a round's set --------------------------------------------------------------------

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
    periods = period_note(statistics)
    return {
        "share_missing": share_missing_figure(statistics, source,
                                              rate_denominator=spec.rate_denominator),
        "reply_status_by_question": reply_status_by_question_figure(answers, spec, source),
        "reply_status_by_nation": reply_status_by_nation_figure(answers, source),
        "most_went_missing": most_went_missing_figure(
            authorities, source, withheld=withheld_ranges(statistics), period_note=periods),
        "funnel_trafficked": funnel_figure(authorities, "trafficked", source,
                                           period_note=periods),
        "funnel_uasc": funnel_figure(authorities, "uasc", source, period_note=periods),
    }


def period_note(statistics: pd.DataFrame) -> str:
    """For rounds of several periods: which periods the per-authority figures add together."""
    row = _stat(statistics, "pooled_periods")
    if row is None or _num(row["value"]) <= 1:
        return ""
    return f"periods added together: {row['text']}"


# The per-authority charts live in modules of their own; re-exported here so that callers
# keep using ``figures.<name>``.
from foi_missing.publication.figure_funnel import funnel_figure, funnel_limits  # noqa: F401
from foi_missing.publication.figure_ranking import (  # noqa: F401
    most_went_missing_figure,
    rank_for_chart,
    withheld_ranges,
)

# Captions for a report that shows these charts (the figures' footnotes say the same at length).
MOST_WENT_MISSING_CAPTION = (
    "Trafficked plus unaccompanied children who went missing, by authority, ranked as the "
    "headline ranking (reported answers, largest first). Where a part of an authority's count "
    "is hidden by disclosure control, the authority keeps its place and is drawn as \"at least "
    "N\", the parts that may be shown; where a council withheld a small number, a whisker shows "
    "the range had it been disclosed (the notes under the chart say which apply).")
FUNNEL_CAPTION = (
    "Each point is one authority that reported both numbers and whose numbers may be shown; "
    "lines are exact binomial limits around the rate of the authorities shown, drawn as a "
    "smooth curve; authorities outside the 99.8% limits are named.")
