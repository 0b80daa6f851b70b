"""Defects a statistician found reading the rendered reports, one test per class:
free text mangled by the number masking, internal cohort ids in check messages, raw ISO
publication dates, chart titles that understate the figure printed beside them, trace
counts that disagree with the headline table, figures traced twice under two names, the
official-statistics paragraph citing another DfE year than the key findings, and columns
of figures drawn left-aligned."""

from __future__ import annotations

import html
import re
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pytest
from foi_missing.publication import report
from foi_missing.publication.disclosure import mask_numbers
from foi_missing.publication.figures import share_finding
from foi_missing.publication.report_sections import findings, page, trace
from foi_missing.publication.report_sections.blocks import html_table
from foi_missing.publication.report_sections.display import styled
from foi_missing.publication.report_sections.labels import (
    date_words,
    internal_terms,
    reader_message,
    tidy_text,
)
from foi_missing.publication.report_sections.statistic_text import format_like, statistic_label
from foi_missing.statistics.registry import ALIASES

from tests.conftest import REPO_ROOT
from tests.unit.fake_round import ROUND

RULE = {"min_count": 1, "max_count": 4, "symbol": "[c]"}


@pytest.fixture(scope="module")
def fake_data(fake_project):
    folder = fake_project
    return report.load_round(ROUND, folder / "results", folder / "data" / "raw",
                             folder / "data" / "published", {})


# --- free text ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    'covers 2014-04-01 to 2015-03-31 ("1 April 2014 to 31 March 2015")',
    "children in care during 1 January to 31 December 2018, fewer than DfE",
    "received on 3rd May 2016",
    "received April 2, 2015",
])
def test_written_dates_are_not_masked_as_counts(text):
    assert mask_numbers(text, RULE) == text


def test_small_numbers_beside_dates_are_still_masked():
    masked = mask_numbers("3 children went missing between 1 April 2014 and 2 May 2015; 4 May", RULE)
    assert masked == "[c] children went missing between 1 April 2014 and 2 May 2015; [c] May"


def test_check_messages_name_cohorts_in_words():
    message = reader_message("Q7: 5 missing episodes are fewer than Q6: 7 children who went missing (uasc)")
    assert "(uasc)" not in message and "unaccompanied" in message
    assert internal_terms(message) == []
    assert internal_terms("Q2: [c] children in care (trafficked)") != []


def test_reply_numbers_are_words_the_masking_keeps():
    message = reader_message("reply 2014-15-E08000004-1 is superseded by 2014-15-E08000004-2 "
                             "(request log): not used")
    assert message == ("The first reply is superseded by the second reply (the request log "
                       "says so): not used")
    assert mask_numbers(message, RULE) == message


def test_a_masked_date_is_a_reader_text_fault():
    assert internal_terms("covers [c] April 2014 to 31 March 2015") != []


def test_coding_note_reads_as_one_phrase():
    assert tidy_text("Prose letter; coded by hand.; coded on 2016-03-08") == (
        "Prose letter; coded by hand on 2016-03-08")


@pytest.mark.parametrize("text, words", [
    ("2016-11", "November 2016"), ("2022-04-19", "19 April 2022"), ("2025-11", "November 2025"),
    ("November 2025", "November 2025"), ("", ""), ("2016-13", "2016-13"),
])
def test_publication_dates_in_words(text, words):
    assert date_words(text) == words


def test_report_title_prints_the_publication_date_in_words(fake_data):
    published = fake_data.spec.report.get("published", "")
    title = report.title_html(fake_data) + html_table(report.request_summary(fake_data),
                                                             escape=False)
    assert not re.search(r"\b\d{4}-\d{2}(?:-\d{2})?\)", title)
    if published:
        assert date_words(published) in title


# --- charts agree with the text -------------------------------------------------------------------


def _share(value, lower, text):
    return pd.Series({"value": value, "lower": lower, "upper": value + 5, "text": text})


def test_share_title_never_understates_the_printed_figure():
    # 27% whose range reaches down to 23%: "more than a fifth" would understate the 27%.
    title = share_finding([("trafficked", _share(26.8, 23.0, "27%")),
                           ("uasc", _share(15.0, 14.8, "15%"))])
    assert title.startswith("27% of trafficked children")
    # 28% whose range stays above a quarter: the words hold over the whole range.
    title = share_finding([("trafficked", _share(28.3, 26.4, "28%")),
                           ("uasc", _share(12.5, 12.0, "13%"))])
    assert title.startswith("More than a quarter of trafficked children")


# --- tracing agrees with the headline table --------------------------------------------------------


def test_trace_lists_each_figure_once_and_counts_rates_as_the_headline_does(fake_data):
    html = report.trace_html(fake_data)
    summaries = re.findall(r"<summary>(.*?)</summary>", html)
    labels = [s.split(":")[0] for s in summaries]
    for alias in ALIASES:
        assert statistic_label(alias).split(":")[0] not in labels
    stats = {row.statistic_id: row for row in fake_data.statistics.itertuples(index=False)}
    for sid in ("trafficked_missing_pct", "uasc_missing_pct"):
        if sid not in stats or pd.isna(stats[sid].authorities):
            continue
        _, denominator = trace.rate_parts(fake_data, sid)
        # The headline table's "authorities with a number in the figure" of a rate.
        assert denominator == int(stats[sid].authorities)
        summary = next(s for s in summaries if s.startswith(statistic_label(sid)))
        assert (f"denominator from {denominator:,} authorit" in summary
                or f"denominator from the same {denominator:,} authorit" in summary)


def test_official_statistics_cite_the_key_findings_dfe_year(fake_data):
    sid = findings.resolve(fake_data, "dfe_england_missing_pct", findings.headline_period(fake_data))
    text = page.official_summary(fake_data)
    stats = {row.statistic_id: row for row in fake_data.statistics.itertuples(index=False)}
    if sid in stats:
        assert format_like(sid, stats[sid].value) in text.split(" of all looked-after")[0]


def _real_page(name: str) -> Path:
    return REPO_ROOT / "results" / "report" / name


@pytest.mark.slow
@pytest.mark.skipif(not _real_page("2018-20.html").exists(), reason="pipeline not run here")
def test_2018_20_official_paragraph_agrees_with_its_key_finding():
    text = html.unescape(_real_page("2018-20.html").read_text(encoding="utf-8"))
    key = re.search(r"England's official statistics \(DfE\) count <strong>(\d+%)</strong>[^<]*?"
                    r"in the year ending (31 March \d{4})", text)
    official = re.search(r"England's official statistics \(Department for Education\) for the "
                         r"year ending (31 March \d{4}): (\d+%)", text)
    assert key and official
    assert (key[1], key[2]) == (official[2], official[1])


# --- tables ---------------------------------------------------------------------------------------


def test_a_column_of_figures_with_no_figure_cells_is_right_aligned():
    frame = pd.DataFrame({"Nation": ["England", "Scotland", "Northern Ireland"],
                          "Trafficked: in care": ["568", "0 †", "no figure"]})
    html = styled(frame, "t").to_html()
    assert re.search(r"#T_t_row0_col1[^}]*text-align: right", html.replace("\n", " "))
    assert not re.search(r"#T_t_row0_col0[^}]*text-align: right", html.replace("\n", " "))


def test_figures_in_a_column_mixing_numbers_and_words_are_right_aligned():
    """The headline table's Figure column holds counts beside a ranking's names."""
    frame = pd.DataFrame({"Statistic": ["In care", "Most went missing"],
                          "Figure": ["7,307", "Croydon, Birmingham and Surrey"]})
    css = styled(frame, "h").to_html().replace("\n", " ")
    assert re.search(r"#T_h_row0_col1[^}]*text-align: ?right", css)
    assert not re.search(r"#T_h_row1_col1[^}]*text-align: ?right", css)
    assert not re.search(r"#T_h_row0_col0[^}]*text-align: ?right", css)


def test_status_headings_start_with_a_capital(fake_data):
    table = report.status_by_question(fake_data)
    assert all(c[:1].isupper() for c in table.columns)
    not_counted = report.not_counted_table(fake_data)
    if not not_counted.empty:
        assert all(s[:1].isupper() for s in not_counted["Status"])


# --- the notebooks read as analysis ----------------------------------------------------------------


def test_series_notebook_sections_are_markdown_headings_with_narrative():
    """Each section of the series page is a markdown cell (its heading, with the anchor the
    contents link to, and what it answers) followed by the cell that computes it."""
    import nbformat
    from foi_missing.publication.series_report import SECTIONS

    notebook = nbformat.read(REPO_ROOT / "notebooks" / "series_report.ipynb", as_version=4)
    headings = {}
    for index, cell in enumerate(notebook.cells):
        match = re.match(r'<h2 id="([\w-]+)">(.*?)</h2>\s*\n\s*\n(.+)', cell.source, re.DOTALL)
        if cell.cell_type == "markdown" and match:
            headings[match[1]] = match[2]
            assert len(match[3].split()) >= 12, f"section {match[1]}: no narrative"
            assert notebook.cells[index + 1].cell_type == "code"
    assert headings == dict(SECTIONS)
    assert not any("s.heading(" in cell.source for cell in notebook.cells)


def test_methods_do_not_spell_out_a_period_label_that_gives_its_dates(fake_data):
    import dataclasses

    spec = fake_data.spec
    dated = [dataclasses.replace(p, label=f"{p.start:%-d %B} to {p.end:%-d %B %Y}")
             for p in spec.periods]
    data = dataclasses.replace(fake_data, spec=dataclasses.replace(spec, periods=tuple(dated)))
    text = report.methods_html(data)
    assert "is taken as" not in text and "dates its label gives" in text


@pytest.mark.parametrize("largest", [900, 5000])
def test_funnel_axis_labels_never_touch(largest):
    import numpy as np
    from foi_missing.publication.figures import funnel_figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    sizes = np.geomspace(5, largest, 40).round()
    table = pd.DataFrame({"authority_code": [f"E{i:08d}" for i in range(len(sizes))],
                          "authority_name": [f"Authority {i}" for i in range(len(sizes))],
                          "uasc_in_care": sizes, "uasc_went_missing": (sizes * 0.15).round()})
    fig = funnel_figure(table, "uasc", "source")
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    ax = fig.axes[0]
    left, right = ax.get_xlim()
    boxes = sorted((label.get_window_extent(renderer) for label in ax.get_xticklabels()
                    if label.get_text() and left <= label.get_position()[0] <= right),
                   key=lambda box: box.x0)
    assert len(boxes) >= 3
    # At least four tenths of a character's height apart: closer, "1,0002,000" reads as one.
    gap = 0.4 * boxes[0].height
    for first, second in pairwise(boxes):
        assert first.x1 + gap <= second.x0, "x tick labels touch"


def _rounds_rows(page_text: str) -> list[list[str]]:
    from bs4 import BeautifulSoup

    table = BeautifulSoup(page_text, "lxml").select_one("table.rounds")
    return [[cell.get_text(" ", strip=True) for cell in row.find_all("td")]
            for row in table.find_all("tr")[1:]]


def test_series_rounds_table_prints_dates_in_words(fake_series_page):
    rows = _rounds_rows(fake_series_page.read_text(encoding="utf-8"))
    assert rows
    for row in rows:
        assert not any(re.search(r"\b\d{4}-(?:0[1-9]|1[0-2])(?:-\d{2})?\b", cell) for cell in row), row


@pytest.mark.slow
@pytest.mark.skipif(not _real_page("series.html").exists(), reason="pipeline not run here")
def test_series_rounds_table_marks_assumed_dates_and_counts():
    text = _real_page("series.html").read_text(encoding="utf-8")
    rows = _rounds_rows(text)
    # 2017 assumes its request date and the number of authorities asked (round.yaml).
    row = next(r for r in rows if r[0] == "2017")
    assert row[4].endswith("assumed") and row[5].endswith("assumed")


def test_not_found_finding_ties_the_period_to_going_missing(fake_data):
    row = pd.Series({"text": "67", "numerator": None, "denominator": None, "value": 67})
    row = type("Row", (), row.to_dict())
    period = " in the period 1 January to 31 December 2020"
    sentence = findings._sentence(fake_data, "not_found_total", row, period)
    assert sentence.startswith("Of the children who went missing in the period")
    assert not sentence.rstrip(".").endswith("2020")
