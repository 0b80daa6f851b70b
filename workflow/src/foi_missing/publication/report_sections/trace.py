"""Tracing a headline figure to the answers behind it: every row names the authority, the
question, how it answered, the number used and the reply file with the place in it
(sheet!cell, line or row). Where a figure counts authorities two ways (those whose
number is in the figure, and those whose withheld number counts only in its range),
both counts are given."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd

from foi_missing.publication.disclosure_cells import columns_of_question, contribution_columns
from foi_missing.publication.report_sections.labels import plural, status_label


def _sources(data, by_period: bool) -> pd.DataFrame:
    """Where each answer was found. Without ``by_period`` (contributions.csv has no period),
    an authority's places for one question are listed together, each with its period."""
    answers = data.answers
    keys = ["authority_code", "question"]
    has_period = "period" in answers.columns
    columns = keys + (["period"] if has_period else []) + [
        c for c in ("source_file", "source_location") if c in answers.columns]
    found = answers[columns].copy()
    if by_period or not has_period or found["period"].nunique() <= 1:
        return found.drop_duplicates(keys + (["period"] if by_period and has_period else []))
    found["source_location"] = [
        f"{place} ({period})" if isinstance(place, str) and place else ""
        for place, period in zip(found.get("source_location", ""), found["period"])]
    return found.groupby(keys, sort=False, as_index=False).agg({
        "source_file": lambda files: "; ".join(dict.fromkeys(f for f in files if isinstance(f, str) and f)),
        "source_location": lambda places: "; ".join(p for p in places if p),
    })


def _place(location) -> str:
    if not isinstance(location, str) or not location:
        return ""
    return location


def _hidden_cells(result) -> set[tuple]:
    """The (authority, cell) pairs disclosure control hides, as a set: looking each row up
    in the frames (``Disclosure.is_hidden``) cost 6 s over a multi-period round's trace."""
    mask = result.hidden
    rows, columns = np.nonzero(mask.to_numpy(dtype=bool))
    return {(mask.index[r], mask.columns[c]) for r, c in zip(rows, columns)}


def trace_answers(data, statistic_id: str) -> list[dict]:
    """The answers behind one statistic, one record per answer: the authority, the question
    and period asked, the cell of the published tables (``Question``), how it answered, the
    number counted (``value``, None when none; ``hidden`` when disclosure control hides it)
    and the range of a withheld number, with the reply file and the place in it."""
    from foi_missing.core.cells import cell_number
    from foi_missing.publication.report_sections.authorities import authority_disclosure

    _, result = authority_disclosure(data)
    group = data.contributions[data.contributions["statistic_id"] == statistic_id]
    by_period = "period" in group.columns and "period" in data.answers.columns
    sources = _sources(data, by_period)
    keys = ["authority_code", "question"] + (["period"] if by_period else [])
    group = group.merge(sources, on=keys, how="left") if not group.empty else group
    # The disclosure cell of each row: its question and period (foi_missing.publication.disclosure_cells).
    columns = contribution_columns(group, data.spec) if not group.empty else []
    hidden_cells = _hidden_cells(result)
    records = []
    for row, column in zip(group.itertuples(index=False), columns):
        code, question = row.authority_code, row.question
        hidden = ((code, column) in hidden_cells if column is not None
                  else any((code, c) in hidden_cells for c in columns_of_question(data.spec, question)))
        lower = upper = None
        if row.status == "suppressed":
            lower, upper = cell_number(row.lower_used), cell_number(row.upper_used)
        source = getattr(row, "source_file", "")
        period = getattr(row, "period", "") if by_period else ""
        records.append({
            "authority": data.names.get(code, code),
            "asked": question,
            "period": "" if not isinstance(period, str) and pd.isna(period) else str(period),
            "cell": column or question,
            "status": row.status,
            "value": cell_number(row.value_used),
            "hidden": hidden,
            "lower": lower,
            "upper": upper,
            "file": source.replace("replies/", "") if isinstance(source, str) else "",
            "place": _place(getattr(row, "source_location", "")),
        })
    return records


def _number_text(record: dict, symbol: str) -> str:
    from foi_missing.publication.report_sections.blocks import fmt_count

    if record["value"] is None:
        return ""
    return symbol if record["hidden"] else fmt_count(record["value"])


def _range_text(record: dict) -> str:
    from foi_missing.publication.report_sections.blocks import fmt_count

    if record["lower"] is None and record["upper"] is None:
        return ""
    return f"{fmt_count(record['lower'])} to {fmt_count(record['upper'])}"


def trace_rows(data, statistic_id: str) -> pd.DataFrame:
    """The answers behind one statistic, as published (hidden numbers as the symbol)."""
    return answer_rows(trace_answers(data, statistic_id), data.rule.symbol)


def answer_rows(records: list[dict], symbol: str) -> pd.DataFrame:
    """Records of :func:`trace_answers` as the trace table's rows, one per answer."""
    return pd.DataFrame([{
        "Authority": record["authority"],
        "Question": record["cell"],
        "Answer": status_label(record["status"]),
        "Number counted": _number_text(record, symbol),
        "Range if withheld": _range_text(record),
        "Reply file": record["file"],
        "Place in the file": record["place"],
    } for record in records])


def _joined(texts) -> str:
    return "; ".join(dict.fromkeys(t for t in texts if t))


_CELL = re.compile(r"^(.*!)([A-Z]{1,3}\d+)$")


def joined_places(places) -> str:
    """Places in one reply file, listed once each; cells of one worksheet share its name
    ('attachment "r.xlsx" Response!C4, D4, E4')."""
    places = list(dict.fromkeys(p for p in places if p))
    cells = [_CELL.match(p) for p in places]
    if len(places) > 1 and all(cells) and len({c[1] for c in cells}) == 1:
        return cells[0][1] + ", ".join(c[2] for c in cells)
    return "; ".join(places)


def by_authority(records: list[dict], symbol: str) -> pd.DataFrame:
    """The answers behind one statistic with an authority's periods on one row: a column per
    period holds the number counted (or the range of a withheld number), and the places in
    the reply file are listed together. A round of one period keeps a row per answer."""
    periods = sorted({r["period"] for r in records if r["period"]})
    if len(periods) <= 1:
        return answer_rows(records, symbol)
    grouped: dict[tuple, list[dict]] = {}
    for record in records:
        grouped.setdefault((record["authority"], record["asked"], record["file"]), []).append(record)
    rows = []
    for (authority, asked, file), group in grouped.items():
        row = {"Authority": authority, "Question": asked,
               "Answer": _joined(status_label(r["status"]) for r in group)}
        for period in periods:
            row[period] = _joined(_number_text(r, symbol) or _range_text(r)
                                  for r in group if r["period"] == period)
        row["Reply file"] = file
        row["Place in the file"] = joined_places(r["place"] for r in group)
        rows.append(row)
    return pd.DataFrame(rows)


def authority_counts(table: pd.DataFrame) -> tuple[int, int]:
    """(authorities whose number is in the figure, authorities counted only in its range)."""
    if table.empty:
        return 0, 0
    counted = set(table.loc[table["Number counted"] != "", "Authority"])
    in_range = set(table.loc[table["Range if withheld"] != "", "Authority"]) - counted
    return len(counted), len(in_range)


def counts_sentence(counted: int, in_range: int) -> str:
    text = f"{plural(counted, 'authority')} with a number in the figure"
    if in_range:
        text += (f"; {plural(in_range, 'more authority', 'more authorities')} withheld a small "
                 "number, which counts only in the range")
    return text


def two_ways(stat, counted: int, in_range: int) -> str:
    """A count of authorities counted two ways: among those that gave a number, and with the
    authorities that withheld a small number (at least 1, so possibly with a child)."""
    from foi_missing.core.cells import cell_number
    from foi_missing.publication.report_sections.blocks import fmt_count

    text = (f"counted two ways: {fmt_count(stat.value)} of the "
            f"{plural(counted, 'authority')} that gave a number had at least one child")
    lower, upper = cell_number(stat.lower), cell_number(stat.upper)
    if in_range and lower is not None and upper is not None:
        text += (f"; counting also the {plural(in_range, 'authority')} that withheld a small "
                 f"number, {fmt_count(lower)} to {fmt_count(upper)}")
    return text


def rate_parts(data, statistic_id: str) -> tuple[int, int]:
    """(authorities with a number in a rate's numerator, in its denominator)."""
    group = data.contributions[(data.contributions["statistic_id"] == statistic_id)
                               & data.contributions["value_used"].notna()]
    measures = {q.label: q.measure for q in data.spec.questions}
    measure = group["question"].map(measures)
    return (group.loc[measure == "went_missing", "authority_code"].nunique(),
            group.loc[measure == "in_care", "authority_code"].nunique())


def rate_sentence(data, statistic_id: str, in_range: int) -> str:
    """A rate's authorities, as the headline table counts them (its denominator's)."""
    numerator, denominator = rate_parts(data, statistic_id)
    if numerator == denominator:
        text = (f"numerator and denominator from the same {plural(denominator, 'authority')}, "
                "the authorities the rate is over")
    else:
        text = (f"numerator from {plural(numerator, 'authority')}, denominator from "
                f"{plural(denominator, 'authority')}, the authorities the rate is over")
    if in_range:
        text += (f"; {plural(in_range, 'more authority', 'more authorities')} withheld a small "
                 "number, which counts only in the range")
    return text


def ranking_sentence(stat, counted: int) -> str:
    """The ranking's two counts: the authorities it ranks and those whose number it read."""
    from foi_missing.publication.report_sections.blocks import fmt_count

    return (f"ranks the {fmt_count(stat.authorities)} authorities with at least one child going "
            f"missing, of the {plural(counted, 'authority')} that gave a number")


# Rows of each figure shown on the page; every row is in the workbook's trace sheet.
ROWS_ON_PAGE = 25


def trace_sheet_name(round_id: str) -> str:
    return f"{round_id} trace"


def shown_rows(data, table: pd.DataFrame) -> str:
    """A figure's trace table, cut to its first rows with a pointer to the rest."""
    from foi_missing.publication.report_sections.blocks import esc, html_table
    from foi_missing.publication.report_sections.labels import WORKBOOK

    shown = html_table(table.head(ROWS_ON_PAGE), "report-table trace")
    if len(table) <= ROWS_ON_PAGE:
        return shown
    return shown + (f'<p class="muted">The first {ROWS_ON_PAGE} of {len(table):,} rows. Every '
                    f'row, one per answer, is in <a href="{esc(WORKBOOK)}">{esc(WORKBOOK)}</a>, '
                    f'sheet \u201c{esc(trace_sheet_name(data.round_id))}\u201d (filter its '
                    "Figure column).</p>")


def traced_statistics(data) -> list[str]:
    """The headline statistics traced, in the order of the answers behind them."""
    from foi_missing.publication.report_sections.statistic_text import is_headline
    from foi_missing.statistics.registry import ALIASES

    if data.contributions.empty:
        return []
    statistics = set(data.statistics["statistic_id"])
    return [sid for sid in dict.fromkeys(data.contributions["statistic_id"])
            if is_headline(sid) and sid in statistics and sid not in ALIASES]


def trace_html(data) -> str:
    """A collapsible block per headline statistic with its answers."""
    from foi_missing.publication.report_sections.blocks import details
    from foi_missing.publication.report_sections.statistic_text import statistic_label
    from foi_missing.statistics.registry import StatisticId

    if data.contributions.empty:
        return "<p>No answers are recorded behind this round's figures.</p>"
    statistics = {row.statistic_id: row for row in data.statistics.itertuples(index=False)}
    blocks = []
    for sid in traced_statistics(data):
        records = trace_answers(data, sid)
        table = answer_rows(records, data.rule.symbol)
        counted, in_range = authority_counts(table)
        stat = statistics[sid]
        parsed = StatisticId.parse(sid)
        how = counts_sentence(counted, in_range)
        if parsed.measure.startswith("authorities_with_"):
            how = two_ways(stat, counted, in_range)
        elif parsed.kind == "rate":
            how = rate_sentence(data, sid, in_range)
        elif parsed.kind == "ranking":
            how = ranking_sentence(stat, counted)
        summary = (f"{html.escape(statistic_label(sid))}: <strong>{html.escape(str(stat.text))}"
                   f"</strong> <span class=\"muted\">({html.escape(how)})</span>")
        blocks.append(details(summary, shown_rows(data, by_authority(records, data.rule.symbol))))
    return "".join(blocks)
