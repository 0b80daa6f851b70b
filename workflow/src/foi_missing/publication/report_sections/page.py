"""The round report's page: which section comes where, and the pieces of HTML the
notebook shows between its tables. The notebook (``notebooks/round_report.ipynb``)
computes each table with :mod:`foi_missing.publication.report` or a module of this package and
shows it with :func:`table`; the headings and narrative are its markdown cells.
"""

from __future__ import annotations

import html

import pandas as pd

from foi_missing.core.cells import cell_number
from foi_missing.ingest.to_code import progress_sentence
from foi_missing.publication import report as r
from foi_missing.publication.report_sections import blocks, coverage, definitions, findings, nations
from foi_missing.publication.report_sections.assumptions import assumptions_html
from foi_missing.publication.report_sections.blocks import (
    REPORT_CSS,
    fmt_count,
    html_table,
    image_html,
)
from foi_missing.publication.report_sections.display import data_links, styled
from foi_missing.publication.report_sections.labels import plural, rule_label
from foi_missing.publication.report_sections.reproduction import reproduction_summary, sources_html
from foi_missing.publication.report_sections.statistic_text import format_like

# (anchor, heading): the notebook's markdown cells hold these headings with these ids.
SECTIONS = (
    ("request", "1. What was asked, of whom and when"),
    ("definitions", "2. Definitions"),
    ("coverage", "3. Coverage and non-response"),
    ("response", "4. How authorities answered each question"),
    ("headline", "5. Headline figures"),
    ("nations", "6. Figures by nation"),
    ("reproduction", "7. Reproduction of the published figures"),
    ("quality", "8. Data quality"),
    ("authorities", "9. Answers by authority"),
    ("figures", "10. Figures"),
    ("methods", "11. Methods and assumptions"),
    ("trace", "12. Tracing a headline figure to the answers behind it"),
)

# The series page sits beside the round reports (results/report/, docs/report/).
SERIES_LINK = ('<p class="series-link">Every round compared, with the changes between rounds: '
               '<a href="series.html">the series page</a>. Every table of this page is in '
               '<a href="tables.xlsx">tables.xlsx</a>.</p>')


def top(data, key_findings: pd.DataFrame | None = None) -> str:
    """Title, reconstruction notice, key findings, coding progress, contents."""
    if key_findings is None:
        key_findings = findings.key_findings(data)
    toc = "".join(f'<li><a href="#{key}">{html.escape(title)}</a></li>' for key, title in SECTIONS)
    return (REPORT_CSS + r.title_html(data) + r.reconstruction_notice(data)
            + findings.findings_box(key_findings)
            + f'<p class="coding-progress"><strong>Coding:</strong> '
              f'{html.escape(progress_sentence(data.answers))}.</p>'
            + '<nav class="toc"><strong>Contents</strong><ul class="toc" '
              f'style="list-style: none; padding-left: 1em">{toc}</ul>' + SERIES_LINK + "</nav>")


def show_table(frame: pd.DataFrame, key: str, data=None, title: str | None = None,
               sheet: str | None = None, csv: str | None = None, escape: bool = True,
               scroll: bool = False, css_class: str = "report-table") -> None:
    """Show a computed table: an optional heading, the table, and where its data are."""
    from IPython.display import HTML, display

    head = f"<h3>{html.escape(title)}</h3>" if title else ""
    if frame.empty:
        body = '<p class="empty">(none)</p>'
    else:
        body = styled(frame, key, css_class, escape=escape).to_html()
        if scroll:
            body = blocks.scroll(body)
    links = data_links(data.round_id, sheet, csv) if data is not None and (sheet or csv) else ""
    display(HTML(head + body + links))


# --- pieces of the sections ---------------------------------------------------------------------


def request_summary_html(data) -> str:
    return html_table(r.request_summary(data), "report-table summary", escape=False)


def wording_note(data) -> str:
    return ('<p class="muted">The question wording is reconstructed (see the notice above).</p>'
            if data.spec.wording_reconstructed else "")


def definitions_html(data) -> str:
    spec = data.spec
    return (definitions.went_missing_html(spec)
            + "<p><strong>Cohorts.</strong></p>" + definitions.cohorts_html(spec)
            + definitions.not_found_html(spec)
            + definitions.period_html(spec)
            + definitions.rate_html(data))


def coverage_notes(data, table: pd.DataFrame, sensitivity: pd.DataFrame) -> str:
    return coverage.caveat_html(data, table) + coverage.sensitivity_html(data, sensitivity)


def answers_note(data) -> str:
    """For a round asked about several periods, the status tables count answers, not
    authorities: each authority answers every question once per period."""
    count = len(data.spec.periods)
    if count < 2:
        return ""
    return r.paragraph(f"This round asked about {count} periods, so each authority answers each "
                       f"question {count} times: the counts below are answers (authorities "
                       "times periods), not authorities.")


def headline_note() -> str:
    return r.paragraph(
        "A figure counts the numbers councils disclosed, as a report would print it; its range "
        "is empty when nothing was withheld. \u201cAuthorities with a number in the figure\u201d "
        "counts the authorities whose number is added in (for a rate, those of its "
        "denominator); the authorities that withheld a small number count only in the range "
        "(the tracing section lists both).")


def reproduction_intro(data) -> str:
    return (r.paragraph(reproduction_summary(data))
            + r.paragraph("Each figure is compared exactly unless its note says otherwise. "
                          "Sources are listed under the table."))


def sources_and_official(data) -> str:
    """The sources list under the reproduction table, then England's official statistics."""
    official = official_summary(data)
    return ("<p><strong>Sources</strong></p>" + sources_html(data)
            + (("<h3>Official statistics</h3>" + official) if official else ""))


def official_summary(data) -> str:
    """One paragraph on England's official statistics (DfE), if the round has the comparison."""
    parts = []
    stats = {row.statistic_id: row for row in data.statistics.itertuples(index=False)}
    # The same DfE year as the key findings (the period of the publication's headline figures).
    sid = findings.resolve(data, "dfe_england_missing_pct", findings.headline_period(data))
    if sid in stats:
        parts.append(_dfe_sentence(stats, sid) + " of all looked-after children went missing "
                     "(DfE counts \u201cmissing\u201d only: not like for like, see the definitions).")
        pooled = "dfe_england_missing_pct"
        if sid != pooled and pooled in stats and (
                (stats[sid].numerator, stats[sid].denominator)
                != (stats[pooled].numerator, stats[pooled].denominator)):
            parts.append("The headline table, which adds the periods together, compares with "
                         + _dfe_sentence(stats, pooled).replace(
                             "England's official statistics (Department for Education) for ", "")
                         + ".")
    comparison = data.official_comparison
    if not comparison.empty and "fewer_than_dfe_snapshot" in comparison.columns:
        compared = comparison["dfe_uasc_31_march"].notna() & comparison["foi_uasc_in_care"].notna()
        fewer = (comparison["fewer_than_dfe_snapshot"].astype(str).str.lower() == "true").sum()
        parts.append(f"For {plural(int(compared.sum()), 'English authority', 'English authorities')} "
                     "both the FOI reply and DfE give a count of unaccompanied children in care; "
                     + (f"{plural(int(fewer), 'FOI figure')} {'is' if int(fewer) == 1 else 'are'}"
                        if fewer else "none of the FOI figures is") + " below "
                     "DfE's count on 31 March alone (listed under data quality as "
                     f"\u201c{rule_label('fewer_than_dfe_snapshot')}\u201d).")
    return r.paragraph(" ".join(parts)) if parts else ""


def _dfe_sentence(stats, sid: str) -> str:
    """"England's official statistics (...) for the year ending 31 March 2020: 11% (12,470 of
    108,680)"."""
    year = stats.get(sid.replace("missing_pct", "year"))
    dfe = stats[sid]
    counts = (f" ({fmt_count(dfe.numerator)} of {fmt_count(dfe.denominator)})"
              if cell_number(dfe.denominator) is not None else "")
    return (f"England's official statistics (Department for Education) for the "
            f"{year.text if year is not None else 'nearest year'}: "
            f"{format_like('dfe_england_missing_pct', dfe.value)}{counts}")


def nations_note(data, flagged) -> str:
    return nations.nation_note(data, flagged)


def methods_html(data) -> str:
    return (r.methods_html(data) + "<h3>What this round assumes</h3>"
            + assumptions_html(data.spec))


def trace_intro(data) -> str:
    return r.paragraph(
        "Open a figure to see every answer behind it: the authority, the question, how it "
        "answered, the number counted (hidden numbers shown as "
        f"{data.rule.symbol}), and the reply file with the place in it (a worksheet cell, a "
        "line of a letter or e-mail, or a row of a CSV file). Each figure says how many "
        "authorities have a number in it and how many more withheld a small number that "
        "counts only in its range.") + data_links(data.round_id, "trace", "contributions.csv")


def figures_html(figures: list[tuple[str, bytes, str]]) -> str:
    return "".join(image_html(png, title, caption) for title, png, caption in figures)
