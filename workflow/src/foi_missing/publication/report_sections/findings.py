"""Key findings: the headline figures as plain sentences, each with its range had the
withheld small numbers been disclosed, the published value and a tick or a cross.

Period-aware: a finding uses the statistic the published figure is compared with
(``period:<id>:<statistic>`` when the publication names a period, or the file's
headline period), else the round's pooled headline figure.
"""

from __future__ import annotations

import html

import pandas as pd

from foi_missing.publication.report_sections.labels import COHORT_NOUNS
from foi_missing.statistics.registry import STATISTICS, StatisticId, make_id

_KIND_ORDER = ("rate", "count", "mean")
# The registry's key findings: the answers' shares, then counts, then means, with DfE's
# national figure last, for comparison (registry order within each).
FINDINGS = tuple(sorted(
    (sid for sid, d in STATISTICS.items() if d.role == "finding"),
    key=lambda sid: (STATISTICS[sid].source != "answers", _KIND_ORDER.index(STATISTICS[sid].kind))))
MATCH, MISMATCH = "✓", "✗"


def _headline_or_period(statistic_id: str, base: str) -> bool:
    parsed = StatisticId.parse(statistic_id)
    return parsed.base == base and parsed.scope in ("", "period")


def resolve(data, base: str, period: str | None = None) -> str | None:
    """The statistic id a finding reports: the one the publication is compared with, else
    the same figure for the period the publication's headline figures refer to."""
    rep = data.reproduction
    if not rep.empty:
        rows = rep[(rep["role"] != "conflicting") & rep["statistic_id"].map(
            lambda s: _headline_or_period(s, base))]
        if not rows.empty:
            return rows["statistic_id"].iloc[0]
    ids = set(data.statistics["statistic_id"])
    if period is not None and make_id(base, "period", period) in ids:
        return make_id(base, "period", period)
    return base if base in ids else None


def headline_period(data) -> str | None:
    """The period the publication's headline figures refer to (a published figure compared
    with a ``period:<id>:`` statistic), or None when they are the round's pooled figures."""
    for base in FINDINGS:
        sid = resolve(data, base)
        parsed = StatisticId.parse(sid) if sid else None
        if parsed is not None and parsed.scope == "period":
            return parsed.where[0]
    return None


def _period_words(data, statistic_id: str) -> str:
    parsed = StatisticId.parse(statistic_id)
    if parsed.scope == "period":
        try:
            return f" in the period {data.spec.period(parsed.where[0]).label}"
        except KeyError:
            return f" in {parsed.where[0]}"
    if len(data.spec.periods) > 1:
        from foi_missing.statistics.compute import join_names, pooled_periods

        return f" over {join_names(pooled_periods(data.spec))} added together"
    return ""


def _sentence(data, base: str, row, period: str, sid: str = "") -> str:
    from foi_missing.publication.report_sections.blocks import fmt_count

    text = html.escape(str(row.text))
    num, den = fmt_count(row.numerator), fmt_count(row.denominator)
    parsed = StatisticId.parse(base)
    cohort, measure = parsed.cohort, parsed.measure
    if cohort and measure == "missing_pct":
        lead = "Taken together, " if cohort == "combined" else ""
        noun = COHORT_NOUNS[cohort].replace(" together", "") if cohort == "combined" \
            else COHORT_NOUNS[cohort]
        counts = f" ({num} of {den})" if num and den else ""
        return f"{lead}<strong>{text}</strong> of {noun} in care went missing at least once{period}{counts}."
    if base == "not_found_total":
        if period:  # the period is when they went missing, not when the council replied
            return (f"Of the children who went missing{period} (both cohorts), <strong>{text}"
                    "</strong> had not been found when their council replied.")
        return (f"<strong>{text}</strong> children who went missing (both cohorts) had not been "
                "found when their council replied.")
    if cohort and measure == "mean_episodes":
        counts = f" ({num} missing episodes of {den} children)" if num and den else ""
        return (f"{COHORT_NOUNS[cohort].capitalize()} who went missing did so <strong>{text}</strong> "
                f"times on average{period}{counts}.")
    if base == "dfe_england_missing_pct":
        from foi_missing.publication.report_sections.statistic_text import format_like

        year = {r.statistic_id: r for r in data.statistics.itertuples(index=False)}.get(
            sid.replace("missing_pct", "year"))
        when = f" in the {html.escape(str(year.text))}" if year is not None else ""
        counts = f" ({num} of {den})" if num and den else ""
        return (f"For comparison, England's official statistics (DfE) count <strong>"
                f"{format_like(base, row.value)}</strong> of all looked-after children in England as "
                f"having gone missing{when}{counts}; DfE counts children who went "
                "&ldquo;missing&rdquo; only, over another population and year, so this is not like "
                "for like (see the definitions).")
    return f"{html.escape(base)}: <strong>{text}</strong>{period}."


def key_findings(data) -> pd.DataFrame:
    """One row per finding: the sentence (HTML), its range, the published value and the check."""
    from foi_missing.core.cells import cell_number
    from foi_missing.publication.report_sections.statistic_text import format_like

    stats = {row.statistic_id: row for row in data.statistics.itertuples(index=False)}
    rep = data.reproduction
    period = headline_period(data)
    rows = []
    for base in FINDINGS:
        sid = resolve(data, base, period)
        if sid is None or sid not in stats:
            continue
        row = stats[sid]
        withheld = str(row.text) == data.rule.symbol
        if cell_number(row.value) is None and not withheld:
            continue
        lower, upper, value = cell_number(row.lower), cell_number(row.upper), cell_number(row.value)
        if withheld:
            span = "withheld (disclosure control)"
        elif STATISTICS[base].source == "dfe":
            span = "not applicable (official statistics)"
        elif lower is not None and upper is not None and (lower != value or upper != value):
            low, high = format_like(sid, lower), format_like(sid, upper)
            span = f"{low} to {high}" if low != high else f"{low} either way"
        else:
            span = "none withheld"
        published, check = "not published", ""
        if not rep.empty:
            match = rep[(rep["statistic_id"] == sid) & (rep["role"] != "conflicting")]
            if not match.empty:
                published = str(match["published_text"].iloc[0])
                check = MATCH if str(match["match"].iloc[0]).lower() == "true" else MISMATCH
        rows.append({
            "Finding": _sentence(data, base, row, _period_words(data, sid), sid),
            "Range had withheld numbers been disclosed": span,
            "Published": published,
            "Reproduced": check,
        })
    return pd.DataFrame(rows, columns=["Finding", "Range had withheld numbers been disclosed",
                                       "Published", "Reproduced"])


def findings_box(frame: pd.DataFrame) -> str:
    """The key-findings box shown under the reconstruction notice."""
    if frame.empty:
        return ""
    items = []
    for row in frame.itertuples(index=False):
        mark_class = "mark-ok" if row[3] == MATCH else "mark-bad"
        check = (f' <span class="{mark_class}" title="reproduced">{row[3]}</span>' if row[3] else "")
        published = f"published {html.escape(row[2])}{check}" if row[2] != "not published" \
            else "not published"
        items.append(f"<li><p>{row[0]}</p><p class=\"finding-detail\">Range had withheld small "
                     f"numbers been disclosed: {html.escape(row[1])} · {published}</p></li>")
    return ('<section class="findings" aria-label="Key findings"><h2 id="findings">Key findings</h2>'
            f'<ul>{"".join(items)}</ul>'
            '<p class="finding-detail">Each figure counts the numbers councils disclosed. '
            f"{MATCH} means the figure computed from the replies equals the published one at the "
            f"precision printed; {MISMATCH} that it does not (see the reproduction table).</p>"
            "</section>")
