"""The series page's comparisons: what changed between rounds, the changes from year to year
and the like-for-like comparison (sections 2, 4 and 5 of ``notebooks/series_report.ipynb``).

Disclosure control and the page's data are :mod:`foi_missing.publication.series_report`'s; this module only
lays the comparisons out. A change of a figure asked or computed differently is printed with a
marker whose reason is given under the table; a change between unlike things is printed as
"not compared", never as a change.
"""

from __future__ import annotations

import pandas as pd

from foi_missing.core.cells import cell_number
from foi_missing.publication.report_sections.blocks import details, esc, html_table, paragraph
from foi_missing.publication.series_report import (
    NOT_COMPARED,
    NOT_SHOWN,
    SeriesData,
    change_hidden,
    headline_change,
    like_for_like_hidden,
    nations_present,
    order_key,
    split_id,
    statistic_label,
    table_source,
)
from foi_missing.statistics.compute import count_text
from foi_missing.statistics.series import COMPARABLE, NOT_COMPARABLE, units_text


def differences_table(data: SeriesData) -> pd.DataFrame:
    diff = data.differences
    if diff.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "Rounds": [f"{a} to {b}" for a, b in zip(diff["from_round"], diff["to_round"])],
        "What changed": diff["topic"].astype(str).to_numpy(),
        "How": diff["change"].astype(str).to_numpy(),
        "What it means for comparisons": diff["meaning"].astype(str).to_numpy(),
    })


def section_differences(data: SeriesData) -> str:
    table = differences_table(data)
    if table.empty:
        return paragraph("No differences to describe: the series needs at least two rounds."
                         if len(data.rounds) < 2 else
                         "The rounds asked the same questions of the same kinds of authority "
                         "about periods of the same length.")
    return (paragraph("The requests were not identical from round to round. These are the "
                      "differences that matter when reading a change, and what each means for "
                      "the comparisons on this page. A change marked \"not like for like\" "
                      "compares figures asked or computed differently; a change between unlike "
                      "things, such as counts of different kinds of authority, is not printed "
                      "as a change.")
            + html_table(table, "report-table differences") + table_source("differences"))


MARKERS = ("†", "‡", "§", "¶")


def change_cell(data: SeriesData, row, notes: dict[str, str] | None = None) -> str:
    """A change as the page prints it: hidden, not compared, marked, or as the reports do.
    A change of a figure asked or computed differently is marked; ``notes`` (marker ->
    reason) collects the markers of one table, to print under it."""
    if change_hidden(data, row):
        return data.rule.symbol
    comparable = str(getattr(row, "comparable", COMPARABLE) or COMPARABLE)
    note = getattr(row, "note", "")
    note = "" if note is None or (not isinstance(note, str) and pd.isna(note)) else str(note)
    if comparable == NOT_COMPARABLE:
        return f"not compared: {note}" if note else "not compared"
    if comparable != COMPARABLE:
        if notes is None:
            return f"{row.text} (not like for like: {note})"
        marker = next((m for m, n in notes.items() if n == note), None)
        if marker is None:
            marker = MARKERS[len(notes) % len(MARKERS)] * (1 + len(notes) // len(MARKERS))
            notes[marker] = note
        return f"{row.text} {marker}"
    return str(row.text)


def notes_html(notes: dict[str, str]) -> str:
    """The key to a table's markers: "† not like for like: ..."."""
    if not notes:
        return ""
    return paragraph("; ".join(f"{marker} not like for like: {note}"
                               for marker, note in notes.items()) + ".")


def period_pairs(data: SeriesData) -> list[tuple[str, str, str, str]]:
    """(from round, from period, to round, to period) of the changes, in time order."""
    changes = data.changes
    if changes.empty:
        return []
    return list(dict.fromkeys(zip(changes["from_round"].astype(str),
                                  changes["from_period"].astype(str),
                                  changes["to_round"].astype(str),
                                  changes["to_period"].astype(str))))


def pair_label(pair: tuple[str, str, str, str]) -> str:
    from_round, from_period, to_round, to_period = pair
    text = f"{from_period} to {to_period}"
    if from_round == to_round and from_round not in (from_period, to_period):
        return f"{text} (both in round {from_round})"
    if from_round != to_round and (from_round != from_period or to_round != to_period):
        return f"{text} (rounds {from_round} and {to_round})"
    return text


def changes_table(data: SeriesData, nation: str = "",
                  pair: tuple[str, str, str, str] | None = None) -> pd.DataFrame:
    """The change of each statistic between consecutive whole years (one pair of periods,
    or every pair, one column each), as the page prints it. ``table.attrs["notes"]``: the
    markers of changes that are not like for like, and why."""
    changes = data.changes
    if changes.empty:
        return pd.DataFrame()
    changes = changes[changes["statistic_id"].map(lambda s: split_id(s)[0]) == nation]
    changes = changes[~changes["statistic_id"].map(lambda s: split_id(s)[1]).isin(
        NOT_COMPARED + NOT_SHOWN)]
    pairs = [pair] if pair is not None else period_pairs(data)
    keyed = {(str(r.from_round), str(r.from_period), str(r.to_round), str(r.to_period),
              r.statistic_id): r for r in changes.itertuples(index=False)}
    rows = []
    notes: dict[str, str] = {}
    for sid in sorted(set(changes["statistic_id"]), key=order_key):
        row = {"Statistic": statistic_label(split_id(sid)[1])}
        for one in pairs:
            found = keyed.get((*one, sid))
            row["Change" if pair is not None else pair_label(one)] = (
                "" if found is None else change_cell(data, found, notes))
        if any(value for key, value in row.items() if key != "Statistic"):
            rows.append(row)
    table = pd.DataFrame(rows)
    table.attrs["notes"] = notes
    return table


def section_changes(data: SeriesData) -> str:
    pairs = period_pairs(data)
    if not pairs:
        return paragraph("No changes to show: the series needs at least two whole years.")
    parts = [
        paragraph("How each national figure changed from one whole year to the next, printed "
                  "the way the reports print it (\"+54% from 590 to 910\"). Counts change in "
                  "percent; means are compared as printed, to one decimal; shares of children "
                  "who went missing change in percentage points. Only periods of the same "
                  "length are compared; a partial period is not. A change from 0 to 0 is not "
                  "listed. Rounds asked different questions of a slightly different set of "
                  "authorities (see what changed between rounds): read the like-for-like "
                  "comparison below before reading a change as a trend."),
    ]
    parts.append(table_source("changes"))
    for pair in pairs:
        table = changes_table(data, pair=pair)
        if table.empty:
            continue
        body = html_table(table, "report-table changes") + notes_html(table.attrs["notes"])
        title = esc(pair_label(pair))
        # Changes between rounds are open; the years inside one request are folded.
        if pair[0] != pair[2]:
            parts.append(f"<h3>{title}</h3>{body}")
        else:
            parts.append(details(title, body))
    nations = nations_present(data)
    if nations:
        parts.append("<h3>By nation</h3>")
        parts.append(paragraph(f"Changes of the by-nation figures between rounds that each asked "
                               f"about one year; a change is shown as {data.rule.symbol} when "
                               "either figure is hidden."))
        for nation in nations:
            table = changes_table(data, nation)
            if not table.empty:
                parts.append(details(esc(nation), html_table(table, "report-table changes")
                                            + notes_html(table.attrs["notes"])))
    return "".join(parts)


def _lfl_change(text: str) -> str:
    """The change part of like_for_like.csv's text ("+20% from 372 to 448")."""
    return str(text).split(" over the ")[0]


def _note(row) -> str:
    note = getattr(row, "note", "")
    comparable = str(getattr(row, "comparable", COMPARABLE) or COMPARABLE)
    if comparable == COMPARABLE or note is None or (not isinstance(note, str) and pd.isna(note)):
        return ""
    return f"not like for like: {note}"


def like_for_like_table(data: SeriesData) -> pd.DataFrame:
    lfl = data.like_for_like
    if lfl.empty:
        return pd.DataFrame()
    rows = []
    for row in lfl.itertuples(index=False):
        sid = f"{row.cohort}_{row.measure}"
        headline = headline_change(data, sid, row)
        hidden = like_for_like_hidden(data, row)
        pair = (str(row.from_round), str(row.from_period), str(row.to_round), str(row.to_period))
        rows.append({
            "Figure": statistic_label(sid),
            "Periods": pair_label(pair),
            "Headline change (every authority that reported it)":
                "" if headline is None else headline["text"],
            "Like-for-like change": data.rule.symbol if hidden else _lfl_change(row.text),
            "Authorities (or merged areas) at both periods":
                count_text(cell_number(row.units) or 0),
            "Comparable?": _note(row) or "yes",
        })
    return pd.DataFrame(rows)


def figure_phrase(cohort: str, measure: str) -> str:
    """Words for a cohort's figure inside a sentence: "trafficked children in care"."""
    noun = {"trafficked": "trafficked children", "uasc": "unaccompanied children",
            "combined": "trafficked and unaccompanied children"}.get(cohort, cohort)
    return {
        "in_care": f"the number of {noun} in care",
        "went_missing": f"the number of {noun} who went missing",
        "missing_episodes": f"the missing episodes of {noun}",
        "not_found": f"the number of {noun} not found",
    }.get(measure, f"{noun}: {measure.replace('_', ' ')}")


def like_for_like_sentence(data: SeriesData) -> str:
    """Why the like-for-like change differs from the headline change, with the widest gap
    on the page as the example."""
    general = (
        "The headline change compares every authority that reported the figure in each period, "
        "so it also moves when different authorities answer: councils that replied in one round "
        "but refused, did not reply, withheld a small number or gave a joint figure for both "
        "cohorts in the other, and councils that were reorganised in between. The like-for-like "
        "change counts only the authorities that gave the whole figure for both periods "
        "(following mergers and splits to the successor authority), so it measures change "
        "within the same places, over fewer children. Between the years of one request the "
        "same authorities were asked, so only the answers differ."
    )
    lfl = data.like_for_like
    best = None
    for row in ([] if lfl.empty else lfl.itertuples(index=False)):
        if like_for_like_hidden(data, row):
            continue
        headline = headline_change(data, f"{row.cohort}_{row.measure}", row)
        if headline is None or cell_number(headline["change_pct"]) is None \
                or cell_number(row.change_pct) is None:
            continue
        gap = abs(cell_number(headline["change_pct"]) - cell_number(row.change_pct))
        if best is None or gap > best[0]:
            best = (gap, row, headline)
    if best is None:
        return paragraph(general)
    _, row, headline = best
    example = (
        f" For example, {figure_phrase(row.cohort, row.measure)} changed {headline['text']} "
        f"between {row.from_period} and {row.to_period} counting every authority that reported "
        f"the figure, but {_lfl_change(row.text)} over the "
        f"{units_text(int(cell_number(row.units)))} that gave it for both. The difference comes "
        "from the authorities outside that set: those that gave the figure for one period only, "
        "or only in part."
    )
    return paragraph(general + example)


def section_like_for_like(data: SeriesData) -> str:
    table = like_for_like_table(data)
    if table.empty:
        return paragraph("No like-for-like comparison: the series needs at least two whole "
                         "years.")
    return (like_for_like_sentence(data) + html_table(table, "report-table like-for-like")
            + table_source("like_for_like") + paragraph(f"A like-for-like change is shown as {data.rule.symbol} when it rests on a "
                        "single authority, or when it or the difference from the headline figure "
                        f"is a count from {data.rule.min_count} to {data.rule.max_count}. "
                        "\"Not like for like\" marks a figure the rounds asked or computed "
                        "differently (see what changed between rounds)."))
