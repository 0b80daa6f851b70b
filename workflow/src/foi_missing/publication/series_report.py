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

import pandas as pd

from foi_missing.core.cells import cell_number
from foi_missing.core.vocabulary import NATIONS
from foi_missing.publication import report
from foi_missing.publication.report_sections.assumptions import assumed_mark
from foi_missing.publication.report_sections.blocks import (
    REPORT_CSS,
    details,
    esc,
    html_table,
    image_html,
    paragraph,
)
from foi_missing.publication.report_sections.labels import date_words
from foi_missing.publication.report_sections.statistic_text import format_like, statistic_label
from foi_missing.publication.series_data import (
    CHILD_MEASURES,
    COHORTS,
    NOT_ASKED,
    NOT_COMPARED,
    NOT_SHOWN,
    SeriesData,
    load_series,
    order_key,
    points,
    series_inputs,
    source_id,
    spec_of,
    split_id,
)
from foi_missing.publication.series_disclosure import (
    change_hidden,
    headline_change,
    like_for_like_hidden,
    like_for_like_small,
    nation_disclosure,
    publication_tables,
    shown_text,
)

# What the notebook, the workbook, the audit and the sections import from here.
__all__ = [
    "CHILD_MEASURES",
    "COHORTS",
    "NOT_ASKED",
    "NOT_COMPARED",
    "NOT_SHOWN",
    "SECTIONS",
    "SeriesData",
    "change_hidden",
    "footer_html",
    "heading",
    "headline_change",
    "like_for_like_hidden",
    "like_for_like_small",
    "load_series",
    "nation_disclosure",
    "nations_present",
    "order_key",
    "points",
    "publication_tables",
    "reconstruction_notice",
    "section_methods",
    "section_rounds",
    "section_statistics",
    "section_top",
    "section_trend",
    "series_inputs",
    "shown_text",
    "source_id",
    "spec_of",
    "split_id",
    "statistic_label",
    "table_source",
]


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
    return (REPORT_CSS + SERIES_CSS + title_html(data) + reconstruction_notice(data)
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
        published = date_words(spec.report.get("published", ""))
        rows.append({
            "Round": spec.round_id,
            "Report": spec.report.get("title", spec.title),
            "Published by": f"{publishers}, {published}" if publishers else str(published),
            "Periods asked about": "; ".join(_period_text(p) for p in spec.periods),
            "Requests sent": f"{spec.date_sent:%-d %B %Y}",
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
    # A date or count the publication does not give is marked where it appears.
    for column, key in (("Requests sent", "date_sent"), ("Authorities asked", "authorities_asked")):
        shown[column] = [text + assumed_mark(spec, key) for text, spec in zip(shown[column], data.specs)]
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
                value, lower, upper = (cell_number(getattr(found, c)) for c in ("value", "lower", "upper"))
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
        parts.append(details(
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
            parts.append(details(esc(nation), html_table(statistics_wide(data, nation))))
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
    return image_html(
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


# --- footer ------------------------------------------------------------------------------------------


def footer_html(data: SeriesData, commit: str) -> str:
    """The round reports' footer: commit and the checksums of ``data.inputs``."""
    return report.footer_html(data, commit)
