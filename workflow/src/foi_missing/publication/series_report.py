"""The series page reviewers read: every round side by side, one function per section.

``notebooks/series_report.ipynb`` calls these functions in order (the comparisons'
sections, 2, 4 and 5, are :mod:`foi_missing.publication.series_sections`'); the pipeline
renders it to ``results/report/series.html`` through the same path as the
round reports (:mod:`foi_missing.publication.render`, template ``foi_report``), and the
page reuses the round report's helpers (:mod:`foi_missing.publication.report`) for its
tables, notice style, figures and footer.

Inputs (relative to the project folder): ``results/series/statistics.csv``,
``changes.csv``, ``like_for_like.csv``, ``differences.csv`` and
``figures/trend.png`` (rule ``series``), and each round's
``data/raw/<round>/round.yaml``. The series has a point per period
(:mod:`foi_missing.statistics.series`): the national tables have a column per period, a
partial period marked; changes are between consecutive whole years, and a
change between unlike things is never printed as a change.

Disclosure control (docs/design.md#disclosure-policy): the page shows no per-authority value.
National figures are printed as the round reports print them. By-nation
figures can rest on very few children from one or two authorities, so each
round's by-nation counts go through
:func:`foi_missing.publication.disclosure.apply_disclosure` (:func:`nation_disclosure`):
a nation count from 1 to 4 is shown as the symbol, and further nation cells
are hidden where the national figure printed on the page (the column total)
or a nation's both-cohorts figure (the row total) would reveal a hidden one.
Rates and means are hidden with the counts they are made of, or when their
own numerator or denominator is a small count; a change between rounds is
hidden when either end is. The like-for-like comparison is hidden when it
rests on a single authority (or merged area), when either total is a small
count, or when the difference between the headline and the like-for-like
total (the authorities left out) is a small count. :func:`publication_tables`
gives the three series tables with the same cells masked, for any other
publication of them (e.g. the tables workbook).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from foi_missing.core.roundspec import RoundSpec, load_round_spec
from foi_missing.core.tables import read_csv
from foi_missing.core.vocabulary import NATIONS
from foi_missing.publication import report
from foi_missing.publication.disclosure import (
    Disclosure,
    DisclosureRule,
    apply_disclosure,
    as_count,
    mask_rows,
)
from foi_missing.publication.report import esc, format_like, html_table, paragraph, to_number
from foi_missing.publication.report import statistic_label as shared_label
from foi_missing.statistics.registry import ALIASES, RATIOS, STATISTICS, StatisticId
from foi_missing.statistics.series import (
    RoundResults,
    in_period_order,
    like_for_like_key,
    point_column,
)

SERIES_TABLES = ("statistics", "changes", "like_for_like", "differences")
TREND_FIGURE = "figures/trend.png"
COHORTS = ("trafficked", "uasc", "combined")
# Counts of children (a sum of per-authority answers): disclosure-controlled at nation level.
CHILD_MEASURES = ("in_care", "went_missing", "missing_episodes", "not_found")
# Derived figures and the counts they are made of (numerator, denominator).
DERIVED = RATIOS
# Ids that repeat another id's figure (hidden together with it): the registry's aliases,
# shown once, under their cohort id (the round report's headline table does the same).
NOT_SHOWN = tuple(ALIASES)
# Not quantities: printed in the statistics table, not compared between rounds.
NOT_COMPARED = ("dfe_england_year", "ranking_most_went_missing")
# The registry's order (every figure of a point; not the round's periods).
STATISTIC_ORDER = [sid for sid, definition in STATISTICS.items() if definition.kind != "periods"]
NOT_ASKED = "–"  # the round has no such statistic (question not asked)
# Words for statistics the later rounds added, where the shared label table has none.
SERIES_LABELS = {
    "dfe_england_mean_incidents": "England, missing incidents per looked-after child who went "
                                  "missing (DfE)",
    "overlap_in_care": "Unaccompanied children also identified or suspected as trafficked: "
                       "in care",
    "combined_distinct_in_care": "Both cohorts, each child counted once: in care",
    "combined_distinct_went_missing": "Both cohorts, each child counted once: who went missing",
}


# --- loading ---------------------------------------------------------------------------------


@dataclass
class SeriesData:
    """Everything the series page reads. ``inputs`` (the files checksummed in the footer)
    is what :func:`foi_missing.publication.report.footer_html` reads, so that footer serves here too."""

    specs: list[RoundSpec]  # in period order
    statistics: pd.DataFrame
    changes: pd.DataFrame
    like_for_like: pd.DataFrame
    trend_png: bytes | None
    rule: DisclosureRule
    inputs: list[Path] = field(default_factory=list)
    _nations: dict | None = None
    # Where the rounds' tables are (None: not loaded, no like-for-like row withheld).
    results: str | Path | None = None
    raw: str | Path = "data/raw"
    published: str | Path = "data/published"
    reference: str | Path = "data/reference"
    _withheld: set | None = None
    _rounds: list | None = None
    differences: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def rounds(self) -> list[str]:
        return [spec.round_id for spec in self.specs]

    @property
    def reconstructed(self) -> list[str]:
        return [spec.round_id for spec in self.specs if spec.reconstructed]


def series_inputs(rounds: Sequence[str], results: str | Path = "results",
                  raw: str | Path = "data/raw") -> list[Path]:
    """The files the page depends on (for the footer's checksums and the rule's inputs)."""
    folder = Path(results) / "series"
    files = [folder / f"{name}.csv" for name in SERIES_TABLES] + [folder / TREND_FIGURE]
    files += [Path(raw) / round_id / "round.yaml" for round_id in rounds]
    return [path for path in files if path.exists()]


def load_series(rounds: Sequence[str], results: str | Path = "results", raw: str | Path = "data/raw",
                config: Mapping | None = None, published: str | Path = "data/published",
                reference: str | Path = "data/reference") -> SeriesData:
    """Read the series tables, the trend figure and the rounds' specs (paths stay relative)."""
    folder = Path(results) / "series"
    specs = [load_round_spec(Path(raw) / round_id) for round_id in rounds]
    empty = pd.DataFrame()
    ordered = [r.spec for r in in_period_order([RoundResults(spec, empty, empty) for spec in specs])]
    tables = {name: read_csv(folder / f"{name}.csv") if (folder / f"{name}.csv").exists()
              else pd.DataFrame() for name in SERIES_TABLES}
    trend = folder / TREND_FIGURE
    return SeriesData(
        specs=ordered,
        statistics=tables["statistics"],
        changes=tables["changes"],
        like_for_like=tables["like_for_like"],
        differences=tables["differences"],
        trend_png=trend.read_bytes() if trend.exists() else None,
        rule=DisclosureRule.from_config(config),
        inputs=series_inputs([s.round_id for s in ordered], results, raw),
        results=results, raw=raw, published=published, reference=reference,
    )


# --- statistic ids ---------------------------------------------------------------------------


def statistic_label(statistic_id: str) -> str:
    """Words for a statistic: the shared label table, or this page's for later additions."""
    return SERIES_LABELS.get(statistic_id) or shared_label(statistic_id)


def split_id(statistic_id: str) -> tuple[str, str]:
    """(nation or "", statistic id without the nation prefix)."""
    sid = StatisticId.parse(statistic_id)
    return (sid.nation, sid.base) if sid.scope == "nation" else ("", statistic_id)


def order_key(statistic_id: str) -> tuple[int, str]:
    base = split_id(statistic_id)[1]
    position = STATISTIC_ORDER.index(base) if base in STATISTIC_ORDER else len(STATISTIC_ORDER)
    return position, base


def _cohort_measure(base: str) -> tuple[str, str] | None:
    sid = StatisticId.parse(base)
    return (sid.cohort, sid.measure) if sid.cohort in COHORTS else None


# --- disclosure at nation level ----------------------------------------------------------------


@dataclass
class NationDisclosure:
    """Per round: the by-nation counts through :func:`apply_disclosure`, and every
    by-nation statistic the page must hide."""

    results: dict[str, Disclosure]  # round -> result over the nation x count table
    hidden: set[tuple[str, str, str]]  # (round, nation, base statistic id)
    unresolved: list[str]

    def is_hidden(self, round_id: str, statistic_id: str) -> bool:
        nation, base = split_id(statistic_id)
        # National figures (nation "") are hidden only when the round's joint protection
        # withholds them (foi_missing.publication.disclosure_audit.protect_round).
        return (round_id, nation, base) in self.hidden


def _count_columns() -> list[str]:
    return [f"{cohort}_{measure}" for cohort in COHORTS for measure in CHILD_MEASURES]


def nation_disclosure(data: SeriesData) -> NationDisclosure:
    """Apply the disclosure policy to each round's by-nation figures (computed once)."""
    if data._nations is not None:
        return data._nations
    stats = data.statistics
    results: dict[str, Disclosure] = {}
    hidden: set[tuple[str, str, str]] = set()
    unresolved: list[str] = []
    columns = _count_columns()
    for round_id in data.rounds:
        rows = stats[(stats["round"] == round_id) & stats["statistic_id"].str.startswith("nation:")]
        if rows.empty:
            continue
        frame = pd.DataFrame([(*split_id(s), v) for s, v in zip(rows["statistic_id"], rows["value"])],
                             columns=["nation", "base", "value"])
        nations = [n for n in NATIONS if n in set(frame["nation"])] + sorted(
            set(frame["nation"]) - set(NATIONS))
        table = pd.DataFrame(None, index=pd.Index(nations, name="nation"), columns=columns,
                             dtype=object)
        for nation, base, value in frame.itertuples(index=False):
            if base in table.columns:
                count = as_count(to_number(value)) if to_number(value) is not None else None
                table.at[nation, base] = count
        row_totals = {f"combined_{m}": [f"trafficked_{m}", f"uasc_{m}"] for m in CHILD_MEASURES}
        result = apply_disclosure(table, columns, data.rule, column_totals=True,
                                  row_totals=row_totals)
        results[round_id] = result
        for nation in table.index:
            for column in columns:
                if result.is_hidden(nation, column):
                    hidden.add((round_id, nation, column))
        unresolved += [f"{round_id}: {text}" for text in result.unresolved]
        # By-nation rates and means the round's joint protection withholds.
        for statistic_id in joint_withheld(data).get(round_id, ()):
            nation, base = split_id(statistic_id)
            hidden.add((round_id, nation, base))
        # Rates and means go with their counts, or when they rest on a small count themselves.
        for row in rows.itertuples(index=False):
            nation, base = split_id(row.statistic_id)
            split = _cohort_measure(base)
            if split is None or split[1] not in DERIVED:
                continue
            cohort, measure = split
            parts = [f"{cohort}_{m}" for m in DERIVED[measure]]
            small = any(data.rule.is_small(to_number(v)) for v in (row.numerator, row.denominator)
                        if to_number(v) is not None)
            if small or any((round_id, nation, p) in hidden for p in parts):
                hidden.add((round_id, nation, base))
        for alias, target in ALIASES.items():
            for nation in table.index:
                if (round_id, nation, target) in hidden:
                    hidden.add((round_id, nation, alias))
    data._nations = NationDisclosure(results, hidden, sorted(set(unresolved)))
    return data._nations


def shown_text(data: SeriesData, round_id: str, statistic_id: str, text) -> str:
    """A statistic's printed text as the page may publish it."""
    if nation_disclosure(data).is_hidden(round_id, statistic_id):
        return data.rule.symbol
    return "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)


# --- section: title, notice, contents ----------------------------------------------------------


SECTIONS = (
    ("rounds", "1. The rounds compared"),
    ("differences", "2. What changed between rounds"),
    ("statistics", "3. Every national statistic by period"),
    ("changes", "4. Changes from year to year"),
    ("like-for-like", "5. Like for like: the same authorities for both periods"),
    ("trend", "6. Trend"),
    ("methods", "7. Methods notes"),
)

SERIES_CSS = """
<style>
p.round-links{margin:0.5em 0}
p.table-source{font-size:0.85em;color:#444;margin:0.3em 0 1em}
table.rounds td:first-child{white-space:nowrap}
table.changes td+td,table.like-for-like td+td{min-width:12em}
</style>
"""


def heading(key: str) -> str:
    return f'<h2 id="{key}">{esc(dict(SECTIONS)[key])}</h2>'


def round_link(round_id: str) -> str:
    """A relative link to the round's report (beside this page in results/report/)."""
    return f'<a href="{esc(round_id)}.html">{esc(round_id)}</a>'


def title_html(data: SeriesData) -> str:
    names = ", ".join(f"{esc(spec.round_id)} (<em>{esc(spec.title)}</em>)" for spec in data.specs)
    return ('<h1 class="report-title">Across rounds: trafficked and unaccompanied children '
            "missing from care</h1>"
            f'<p class="report-subtitle">The national figures of every FOI round built here, side by '
            f"side: {names or 'no rounds'}.</p>")


def reconstruction_notice(data: SeriesData) -> str:
    """Said first, in plain words, when any round's replies are a reconstruction."""
    rebuilt = data.reconstructed
    if rebuilt:
        which = ("every round on this page" if len(rebuilt) == len(data.rounds)
                 else ("round " if len(rebuilt) == 1 else "rounds ") + ", ".join(rebuilt))
        body = (
            "<strong>The council replies behind this page are a reconstruction, not real "
            f"replies</strong> ({esc(which)}). The councils' individual answers were never "
            "published; the replies in this project were made by a deterministic, documented "
            "generator so that the national totals equal the published ones. National figures "
            "and their changes can be checked against the reports. By-nation figures and the "
            "like-for-like comparison depend on which authority gave which answer, which is "
            "synthetic: they illustrate the method, not what councils really replied."
        )
        return f'<div class="notice reconstructed" role="note"><p>{body}</p></div>'
    return ('<div class="notice" role="note"><p>The replies behind this page are the '
            "councils' real replies to the FOI requests, as received.</p></div>")


def section_top(data: SeriesData) -> str:
    toc = "".join(f'<li><a href="#{key}">{esc(title)}</a></li>' for key, title in SECTIONS)
    links = " · ".join(round_link(r) for r in data.rounds)
    return (report.REPORT_CSS + SERIES_CSS + title_html(data) + reconstruction_notice(data)
            + '<nav class="toc"><strong>Contents</strong>'
            + f'<ul class="toc" style="list-style: none; padding-left: 1em">{toc}</ul>'
            + (f'<p class="round-links">Round reports: {links}</p>' if links else "")
            + "</nav>")


# --- section 1: the rounds ------------------------------------------------------------------------


def table_source(name: str) -> str:
    """Where a table's numbers are: the workbook sheet (beside this page when published) and
    the CSV file the pipeline writes."""
    return (f'<p class="table-source">Numbers: <a href="tables.xlsx">tables.xlsx</a>, sheet '
            f'"series {esc(name.replace("_", " "))}"; file '
            f'<code>results/series/{esc(name)}.csv</code>.</p>')


def spec_of(data: SeriesData, round_id: str) -> RoundSpec | None:
    return next((spec for spec in data.specs if spec.round_id == str(round_id)), None)


def source_id(data: SeriesData, round_id: str, period, statistic_id: str) -> str:
    """The id a point's statistic has in its round's own statistics (``period:<id>:...`` in a
    round asking about several periods), which the round's disclosure control knows."""
    spec = spec_of(data, round_id)
    if spec is None or len(spec.periods) < 2 or ":" in statistic_id:
        return statistic_id
    return f"period:{period}:{statistic_id}"


def points(data: SeriesData) -> pd.DataFrame:
    """The series' points (round, period, column heading), in time order."""
    stats = data.statistics
    columns = ["round", "period", "column", "partial"]
    if stats.empty or "period" not in stats.columns:
        return pd.DataFrame(columns=columns)
    national = stats[~stats["statistic_id"].astype(str).str.startswith("nation:")]
    found = national.drop_duplicates(["round", "period"]).sort_values(
        ["start", "end"], kind="stable")
    partial = found["partial"].map(lambda v: str(v).strip().lower() == "true")
    return pd.DataFrame({
        "round": found["round"].astype(str).to_numpy(),
        "period": found["period"].astype(str).to_numpy(),
        "column": [point_column(p, int(m), bool(x)) for p, m, x in
                   zip(found["period"].astype(str), found["months"], partial)],
        "partial": partial.to_numpy(),
    })


def _national(data: SeriesData, round_id: str, statistic_id: str):
    """A round's national figure (its first period's, where the round has several)."""
    stats = data.statistics
    rows = stats[(stats["round"].astype(str) == round_id)
                 & (stats["statistic_id"] == statistic_id)]
    return None if rows.empty else rows.iloc[0]


def _period_text(period) -> str:
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    text = period.described
    return text + f", {months} months: partial, not a year" if months < 12 else text


def rounds_table(data: SeriesData) -> pd.DataFrame:
    """One row per round: its report, periods, when asked and how many authorities."""
    rows = []
    for spec in data.specs:
        asked = _national(data, spec.round_id, "authorities_asked")
        responded = _national(data, spec.round_id, "authorities_responded")
        publishers = ", ".join(spec.report.get("publishers", []))
        published = spec.report.get("published", "")
        rows.append({
            "Round": spec.round_id,
            "Report": spec.report.get("title", spec.title),
            "Published by": f"{publishers}, {published}" if publishers else str(published),
            "Periods asked about": "; ".join(_period_text(p) for p in spec.periods),
            "Requests sent": spec.date_sent.isoformat(),
            "Authorities asked": "" if asked is None else asked["text"],
            "Authorities that responded": "" if responded is None else responded["text"],
            "Replies": "reconstructed" if spec.reconstructed else "real",
        })
    return pd.DataFrame(rows)


def section_rounds(data: SeriesData) -> str:
    if not data.specs:
        return paragraph("No rounds are configured.")
    intro = ("Each round is one wave of identical Freedom of Information requests to the UK's "
             "local authorities, reported by its own publication. Some rounds asked about "
             "several periods in one request; each period is a point of the series below. "
             "Open a round's report for its questions, who replied and how, and the "
             "reproduction of its published figures.")
    if len(data.specs) < 2:
        intro += " Only one round is built, so there is nothing to compare yet."
    table = rounds_table(data)
    shown = table.astype(object).map(esc)  # escaped here, so the round ids can become links
    shown["Round"] = [round_link(r) for r in table["Round"]]
    return paragraph(intro) + html_table(shown, "report-table rounds", escape=False)


# --- section 3: every statistic by period -----------------------------------------------------


def statistics_wide(data: SeriesData, nation: str = "") -> pd.DataFrame:
    """Statistic x point, the printed figure in each cell; ``nation``: that nation's figures
    by round (a round of several periods adds its years together), through disclosure
    control."""
    stats = data.statistics
    if stats.empty:
        return pd.DataFrame()
    nations = stats["statistic_id"].map(lambda s: split_id(s)[0])
    part = stats[nations == nation]
    if part.empty:
        return pd.DataFrame()
    ids = sorted((s for s in set(part["statistic_id"]) if split_id(s)[1] not in NOT_SHOWN),
                 key=order_key)
    if nation:
        columns = []
        for round_id in data.rounds:
            found = part[part["round"].astype(str) == round_id]
            spec = spec_of(data, round_id)
            label = round_id if spec is None or len(spec.periods) < 2 or found.empty else (
                f"{round_id} ({found.iloc[0]['period_label']})")
            columns.append((label, round_id, None))
    else:
        columns = [(p.column, p.round, p.period) for p in points(data).itertuples()]
    cells = {(str(r.round), str(r.period), r.statistic_id): r for r in part.itertuples(index=False)}
    by_round = {(str(r.round), r.statistic_id): r for r in part.itertuples(index=False)}
    rows = []
    for sid in ids:
        row = {"Statistic": statistic_label(split_id(sid)[1])}
        for label, round_id, period in columns:
            found = by_round.get((round_id, sid)) if period is None else cells.get(
                (round_id, period, sid))
            if found is None:
                row[label] = NOT_ASKED
            else:
                shown_id = getattr(found, "source_id", sid) if period is not None else sid
                row[label] = shown_text(data, round_id, str(shown_id), found.text)
        rows.append(row)
    return pd.DataFrame(rows)


def ranges_wide(data: SeriesData) -> pd.DataFrame:
    """National figures' ranges had the withheld small numbers been disclosed, by point."""
    stats = data.statistics
    if stats.empty:
        return pd.DataFrame()
    part = stats[~stats["statistic_id"].str.contains(":")
                 & ~stats["statistic_id"].isin(NOT_SHOWN)]
    cells = {(str(r.round), str(r.period), r.statistic_id): r for r in part.itertuples(index=False)}
    rows = []
    for sid in sorted(set(part["statistic_id"]), key=order_key):
        row = {"Statistic": statistic_label(sid)}
        any_range = False
        for point in points(data).itertuples():
            found = cells.get((point.round, point.period, sid))
            cell = NOT_ASKED
            if found is not None:
                value, lower, upper = (to_number(getattr(found, c)) for c in ("value", "lower", "upper"))
                cell = ""
                hidden = nation_disclosure(data).is_hidden(
                    point.round, str(getattr(found, "source_id", sid)))
                if hidden:
                    cell = data.rule.symbol
                elif lower is not None and upper is not None and (lower != value or upper != value):
                    cell = f"{format_like(sid, lower)} to {format_like(sid, upper)}"
                    any_range = True
            row[point.column] = cell
        if any_range:
            rows.append(row)
    return pd.DataFrame(rows)


def nations_present(data: SeriesData) -> list[str]:
    found = {split_id(s)[0] for s in data.statistics.get("statistic_id", [])} - {""}
    return [n for n in NATIONS if n in found] + sorted(found - set(NATIONS))


def section_statistics(data: SeriesData) -> str:
    national = statistics_wide(data)
    partial = [p.column for p in points(data).itertuples() if p.partial]
    intro = ("Every national statistic at every period, as the round's report would print it, "
             f"periods in time order. A dash ({NOT_ASKED}) means the round did not ask for it; "
             "\"no reported figure\" that no authority gave a number.")
    if partial:
        intro += (" A period marked partial is shorter than a year: its figures count fewer "
                  "months and are never compared with a year's.")
    parts = [paragraph(intro), html_table(national), table_source("statistics")]
    ranges = ranges_wide(data)
    if not ranges.empty:
        parts.append(report.details(
            "Ranges had the small numbers councils withheld been disclosed",
            paragraph("A figure counts the numbers councils disclosed; the range shows where it "
                      "would lie had the withheld small numbers been disclosed (blank: nothing "
                      "was withheld).") + html_table(ranges)))
    nations = nations_present(data)
    if nations:
        parts.append("<h3>By nation</h3>")
        parts.append(paragraph(disclosure_note(data) + " By-nation figures are by round: a "
                               "round that asked about several years adds the years together, "
                               "so its figures are not compared with a single year's."))
        for nation in nations:
            parts.append(report.details(esc(nation), html_table(statistics_wide(data, nation))))
    return "".join(parts)


def _figures(count: int) -> str:
    return "1 by-nation figure is" if count == 1 else f"{count:,} by-nation figures are"


def disclosure_note(data: SeriesData) -> str:
    disclosure = nation_disclosure(data)
    hidden = len(disclosure.hidden)
    text = (f"Disclosure control: a by-nation count of children from {data.rule.min_count} to "
            f"{data.rule.max_count} can rest on one authority's answer, so it is shown as "
            f"{data.rule.symbol}, with further by-nation figures hidden where the national figure "
            "or the both-cohorts figure would reveal it; rates and means are hidden with the "
            f"counts they are made of. {_figures(hidden)} hidden on this page.")
    if disclosure.unresolved:
        count = len(disclosure.unresolved)
        which = "1 printed total rests" if count == 1 else f"{count:,} printed totals rest"
        text += (f" {which} on very few figures and could not be protected further by hiding "
                 "cells (national figures stay printed).")
    return text


# --- changes and like for like: what the page may print --------------------------------------


def change_hidden(data: SeriesData, row) -> bool:
    hidden = nation_disclosure(data)
    return (hidden.is_hidden(str(row.from_round), source_id(data, row.from_round, row.from_period,
                                                            row.statistic_id))
            or hidden.is_hidden(str(row.to_round), source_id(data, row.to_round, row.to_period,
                                                             row.statistic_id)))


def headline_change(data: SeriesData, statistic_id: str, row):
    """The headline change matching a like-for-like row (same periods)."""
    changes = data.changes
    if changes.empty:
        return None
    found = changes[(changes["statistic_id"] == statistic_id)
                    & (changes["from_round"].astype(str) == str(row.from_round))
                    & (changes["to_round"].astype(str) == str(row.to_round))
                    & (changes["from_period"].astype(str) == str(row.from_period))
                    & (changes["to_period"].astype(str) == str(row.to_period))]
    return None if found.empty else found.iloc[0]


def like_for_like_hidden(data: SeriesData, row) -> bool:
    """Is this like-for-like row hidden: small (:func:`like_for_like_small`), or withheld
    because with the other printed totals it would narrow a hidden cell
    (:func:`foi_missing.publication.disclosure_audit.withheld_like_for_like`)?"""
    return like_for_like_small(data, row) or like_for_like_key(row) in withheld_like_for_like(data)


def round_data(data: SeriesData) -> list:
    """The rounds' report data (``report.load_round``), loaded once; [] without ``results``
    or when a round's tables are not there (the page then relies on the by-nation rules)."""
    if data._rounds is None:
        data._rounds = []
        if data.results is not None and all(
                (Path(data.results) / r / "answers.csv").exists() for r in data.rounds):
            config = {"disclosure": {"min_count": data.rule.min_count,
                                     "max_count": data.rule.max_count, "symbol": data.rule.symbol}}
            data._rounds = [report.load_round(r, data.results, data.raw, data.published, config)
                            for r in data.rounds]
    return data._rounds


def joint_withheld(data: SeriesData) -> dict[str, set[str]]:
    """Per round: statistic ids withheld by the round's joint protection."""
    return {d.round_id: report.authority_disclosure(d)[1].withheld for d in round_data(data)}


def withheld_like_for_like(data: SeriesData) -> set:
    """Computed once from the rounds' tables (``data.results``, ``data.raw``, ...)."""
    if data._withheld is None:
        from foi_missing.core.register import load_register
        from foi_missing.publication.disclosure_audit import withheld_like_for_like as withheld

        data._withheld = set()
        register = Path(data.reference) / "authorities.csv"
        rounds = round_data(data) if len(data.rounds) > 1 else []
        # Without the rounds' tables or the register (a page built from the series tables
        # alone) nothing is withheld here; the disclosure_audit rule still checks the build.
        if rounds and register.exists():
            data._withheld = withheld(rounds, data, load_register(register))
    return data._withheld


def like_for_like_small(data: SeriesData, row) -> bool:
    """Does this like-for-like row rest on one authority or reveal a small count?"""
    rule = data.rule
    if int(to_number(row.units) or 0) < 2:
        return True
    values = (to_number(row.from_value), to_number(row.to_value))
    if any(rule.is_small(v) for v in values if v is not None):
        return True
    headline = headline_change(data, f"{row.cohort}_{row.measure}", row)
    if headline is None:
        return False
    left_out = (to_number(headline["from_value"]) - (values[0] or 0),
                to_number(headline["to_value"]) - (values[1] or 0))
    return any(rule.is_small(v) for v in left_out if v is not None)


# --- section 6: trend figure ----------------------------------------------------------------------


def section_trend(data: SeriesData) -> str:
    if data.trend_png is None:
        return paragraph("The trend figure has not been drawn.")
    partial = [p.column for p in points(data).itertuples() if p.partial]
    caption = ("National figures by period and cohort: the share of children in care who went "
               "missing (left) and the number of children in care the authorities reported "
               "(right), each period drawn at its middle. Whiskers show the range had the "
               "withheld small numbers been disclosed. Both depend on which authorities "
               "answered; see the like-for-like comparison.")
    if partial:
        caption += (" A partial period (" + ", ".join(partial) + ") is drawn as an open marker "
                    "on a grey band and is not joined to the years.")
    return report.image_html(
        data.trend_png, "Share of children in care who went missing, and children in care, by "
        "period", caption)


# --- section 7: methods -----------------------------------------------------------------------------


def section_methods(data: SeriesData) -> str:
    rates = {
        spec.round_id: {"all_reporting_in_care": "every authority that reported the in-care number",
                        "matched": "authorities that reported both numbers"}.get(
            spec.rate_denominator, "as its report defines it")
        for spec in data.specs
    }
    rate_text = "; ".join(f"{esc(r)}: {esc(t)}" for r, t in rates.items())
    return f"""
<ul>
<li><strong>Points.</strong> Each period a round asked about is a point of the series: a round
asking about one year gives one point, a round asking about three years in one request gives three.
A period shorter than a year (for example 1 January to 30 April) is marked partial; it is shown on
its own and never compared with a year or drawn as one.</li>
<li><strong>Statistics</strong> are each round's own (its report's headline figures, or for a
round of several periods its figures for each period), computed from that round's replies by the
same counting rules; a round that did not ask a question has no figure for it ({esc(NOT_ASKED)}).</li>
<li><strong>Changes</strong> are between consecutive whole years in time order, across rounds and
between the years of one request. Counts change in percent of the earlier figure, rounded half up
to a whole percent. Means (missing episodes per missing child) are compared at the precision they
are printed, one decimal place, as the reports did (2.4 to 7.2 episodes is +200%). Shares of
children who went missing are compared as printed, whole percentages, and change in
<em>percentage points</em> (13% to 15% is +2 percentage points). A change of a figure asked or
computed differently in the two rounds is marked "not like for like"; a change between unlike
things (numbers of different kinds of authority; the authorities asked by one request, which do not
change between its years) is not printed as a change; a change from 0 to 0 is left out.</li>
<li><strong>Rates</strong> are computed over: {rate_text}.</li>
<li><strong>Like for like.</strong> Only authorities that gave the whole figure (every answer behind
it a number, none withheld or shared with the other cohort) for both periods are compared. An
authority that no longer existed when the later round was sent is followed through the authority
register's successor links: a merger (e.g. Bournemouth and Poole into Bournemouth, Christchurch and
Poole) or a split (Northamptonshire into North and West Northamptonshire) is compared as one area,
and only when every authority of the area gave the figure.</li>
<li><strong>Disclosure control.</strong> No per-authority figure appears on this page. National
figures are printed as the round reports print them; by-nation figures and the like-for-like
comparison are checked as described above the by-nation tables, with the project's one disclosure
function ({esc(data.rule.describe())} in the round reports).</li>
<li><strong>Sources.</strong> The tables are <code>results/series/statistics.csv</code>,
<code>changes.csv</code>, <code>like_for_like.csv</code> and <code>differences.csv</code>, also in
the sheets of <code>tables.xlsx</code>; the figure <code>results/series/figures/trend.png</code>.
The footer gives their checksums.</li>
</ul>"""


# --- the series tables as published (for a workbook) ------------------------------------------------


def publication_tables(data: SeriesData) -> dict[str, pd.DataFrame]:
    """``statistics``, ``changes`` and ``like_for_like`` with what this page hides masked: no
    per-authority row, hidden by-nation figures and like-for-like rows as the symbol; and
    ``differences`` (what changed between rounds) when there is one."""
    symbol = data.rule.symbol
    disclosure = nation_disclosure(data)

    def masked(frame: pd.DataFrame, hide, columns: Sequence[str]) -> pd.DataFrame:
        return mask_rows(frame, symbol, hide, columns).reset_index(drop=True)

    stats = data.statistics
    if "statistic_id" in stats.columns:
        stats = stats[~stats["statistic_id"].astype(str).str.startswith("authority:")]
    changes = data.changes
    if "statistic_id" in changes.columns:
        changes = changes[~changes["statistic_id"].astype(str).str.startswith("authority:")]
    values = ("value", "lower", "upper", "numerator", "denominator", "text")
    moved = ("from_value", "to_value", "change", "change_pct", "text")
    def stat_hidden(row) -> bool:
        return disclosure.is_hidden(str(row.round), str(getattr(row, "source_id", row.statistic_id)))

    tables = {
        "statistics": masked(stats, stat_hidden, values),
        "changes": masked(changes, lambda r: change_hidden(data, r), moved),
        "like_for_like": masked(data.like_for_like, lambda r: like_for_like_hidden(data, r), moved),
    }
    if not data.differences.empty:
        tables["differences"] = data.differences.reset_index(drop=True)
    return tables


# --- footer ------------------------------------------------------------------------------------------


def footer_html(data: SeriesData, commit: str) -> str:
    """The round reports' footer: commit and the checksums of ``data.inputs``."""
    return report.footer_html(data, commit)
