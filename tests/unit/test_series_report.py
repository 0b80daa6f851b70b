"""The series page (results/report/series.html), checked offline on a small fake four-round input:
self-contained, no machine paths, no code or preamble, trend figure embedded, reconstruction notice
and footer, links to the round reports, no per-authority values, by-nation disclosure control, a
column per period with the partial one marked, what changed between rounds, no change printed
between unlike things, and the same bytes on every run.

The fake input is ``fake_series.py``'s four rounds (2014-15, 2017, 2018-20 and 2021-24 with its
partial 2024), through the package's statistics and series functions, as rule ``series`` does.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from foi_missing.core.cells import cell_count
from foi_missing.publication import render, report, series_report
from foi_missing.publication.disclosure import DisclosureRule
from foi_missing.publication.report_sections.statistic_text import statistic_label

from tests.conftest import MACHINE_PATH_MARKERS, REPO_ROOT
from tests.unit.fake_round import ROUND
from tests.unit.fake_series import ROUNDS as FAKE_ROUNDS
from tests.unit.fake_series import SERIES_PARAMETERS, render_fake_series
from tests.unit.test_report_html import parse

ROUNDS = list(FAKE_ROUNDS)
PERIODS = ["2014-15", "2017", "2018", "2019", "2020", "2021", "2022", "2023",
           "2024 (4 months, partial)"]
RULE = DisclosureRule()
GSS = re.compile(r"\b[ENSW]\d{8}\b")


@pytest.fixture(scope="module")
def fake_page(fake_series_page) -> Path:
    return fake_series_page


@pytest.fixture(scope="module")
def fake_data(fake_page) -> series_report.SeriesData:
    folder = fake_page.parents[2]
    return series_report.load_series(ROUNDS, folder / "results", folder / "data" / "raw",
                                     SERIES_PARAMETERS)


def _real_page() -> list[Path]:
    path = REPO_ROOT / "results" / "report" / "series.html"
    return [path] if path.exists() else []


@pytest.fixture(scope="module", params=["fake", *["real" for _ in _real_page()]])
def page(request, fake_page):
    path = fake_page if request.param == "fake" else _real_page()[0]
    return path, *parse(path)


def _without_images(text: str) -> str:
    return re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", text)


def test_nothing_loaded_from_the_network(page):
    path, text, parsed = page
    assert render.external_loads(text) == []
    for tag, attrs in parsed.tags:
        if tag in ("script", "img", "link", "iframe", "source", "embed", "object"):
            for key in ("src", "href", "data"):
                value = (attrs.get(key) or "").strip().lower()
                assert not value.startswith(("http:", "https:", "//")), f"{path.name}: {tag} {value}"
    for needle in ("require.js", "mathjax", "mermaid", "cdnjs", "unpkg", "jsdelivr", "@import"):
        assert needle not in text.lower(), f"{path.name}: mentions {needle}"


def test_trend_figure_embedded(page):
    _, _, parsed = page
    images = [attrs for tag, attrs in parsed.tags if tag == "img"]
    assert len(images) == 1
    assert images[0]["src"].startswith("data:image/png;base64,") and images[0].get("alt")


def test_no_machine_paths_no_code_no_preamble(page):
    path, text, parsed = page
    for needle in MACHINE_PATH_MARKERS:
        assert needle not in text, f"{path.name}: contains {needle!r}"
    body = re.sub(r"<style.*?</style>", "", text, flags=re.DOTALL)
    for needle in ("snakemake", "pickle", "from foi_missing", "s.show(", "r.show(", "In&nbsp;[",
                   "Out[", "Traceback", "Error"):
        assert needle not in body, f"{path.name}: contains {needle!r}"
    for tag, attrs in parsed.tags:
        classes = (attrs.get("class") or "").split()
        # Markdown cells sit in an input area too; code would be in its editor.
        assert "jp-InputArea-editor" not in classes and "jp-InputPrompt" not in classes


def test_notice_first_sections_links_and_footer(page):
    _, text, parsed = page
    notice = text.find("reconstruction, not real")
    assert -1 < notice < text.find('id="rounds"')
    keys = [key for key, _ in series_report.SECTIONS]
    positions = [text.find(f'<h2 id="{key}">') for key in keys]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    hrefs = {attrs.get("href") for tag, attrs in parsed.tags if tag == "a"}
    assert {"2014-15.html", "2017.html"} <= hrefs
    assert "Built by the foi-missing pipeline from commit" in text
    assert re.search(r"combined SHA-256 <code>[0-9a-f]{64}</code>", text)
    for name in ("results/series/statistics.csv", "results/series/changes.csv",
                 "results/series/like_for_like.csv", "results/series/figures/trend.png",
                 "data/raw/2017/round.yaml"):
        assert re.search(rf"<td>{re.escape(name)}</td><td[^>]*>[0-9a-f]{{64}}</td>", text), name


def test_no_per_authority_values(page):
    path, text, _ = page
    assert not GSS.findall(_without_images(text)), f"{path.name}: shows an authority code"
    assert "authority:" not in text


def test_rounds_and_statistics_tables(fake_page):
    _, parsed = parse(fake_page)
    tables = [rows for css, rows in parsed.tables if "report-table" in css]
    rounds = next(rows for rows in tables if rows[0][0] == "Round")
    assert [row[0] for row in rounds[1:]] == ROUNDS
    assert "year to September 2015" in rounds[1][3] and "reconstructed" in rounds[1]
    assert "4 months: partial, not a year" in rounds[4][3]
    # A column per period, in time order, the partial one marked as such.
    national = next(rows for rows in tables if rows[0] == ["Statistic", *PERIODS])
    labels = [row[0] for row in national[1:]]
    assert labels[:2] == ["Authorities asked", "Authorities that responded"]
    assert "Trafficked children: in care" in labels and "Children not found, both cohorts" not in labels


def test_changes_and_like_for_like_as_printed(fake_page, fake_data):
    text = fake_page.read_text(encoding="utf-8")
    national = fake_data.changes[~fake_data.changes["statistic_id"].str.contains(":")
                                 & (fake_data.changes["from_period"].astype(str) == "2014-15")]
    row = national.set_index("statistic_id").loc["uasc_in_care"]
    assert re.fullmatch(r"[+-]\d+% from [\d,]+ to [\d,]+", row["text"])
    assert f"<td>{row['text']}</td>" in text
    pct = national.set_index("statistic_id").loc["uasc_missing_pct", "text"]
    assert re.fullmatch(r"[+-]\d+ percentage points? from \d+% to \d+%|unchanged at \d+%", pct)
    assert f"<td>{pct} †</td>" in text
    assert "† not like for like: went missing against went missing or absent." in text
    assert "The headline change compares every authority" in text
    for row in fake_data.like_for_like.itertuples(index=False):
        shown = "[c]" if series_report.like_for_like_hidden(fake_data, row) else row.text.split(
            " over the ")[0]
        assert shown in text


def test_nation_figures_through_disclosure(fake_page, fake_data):
    hidden = series_report.nation_disclosure(fake_data)
    # Wales in the fake 2014-15 round: Cardiff 1 trafficked child missing, Swansea 0.
    assert hidden.is_hidden("2014-15", "nation:Wales:trafficked_went_missing")
    assert hidden.is_hidden("2014-15", "nation:Wales:trafficked_missing_pct")
    _, parsed = parse(fake_page)
    counts = {statistic_label(f"{c}_{m}") for c in series_report.COHORTS
              for m in series_report.CHILD_MEASURES}
    wide = [rows for css, rows in parsed.tables if rows and rows[0][:3] == ["Statistic", *ROUNDS[:2]]
            and rows[0][3].startswith("2018-20 (")]
    assert len(wide) >= 3  # the nations
    symbols = 0
    for rows in wide:
        for row in rows[1:]:
            symbols += row.count("[c]")
            if row[0] in counts:
                for cell in row[1:]:
                    count = cell_count(cell.replace(",", ""))
                    assert count is None or not RULE.is_small(count), row
    assert symbols >= 2


def test_like_for_like_on_one_authority_is_hidden(fake_data):
    row = fake_data.like_for_like.iloc[0].to_dict()
    big = SimpleNamespace(**(row | {"units": "40", "from_value": "500", "to_value": "600"}))
    one = SimpleNamespace(**(row | {"units": "1", "from_value": "500", "to_value": "600"}))
    small = SimpleNamespace(**(row | {"units": "40", "from_value": "3", "to_value": "600"}))
    assert series_report.like_for_like_hidden(fake_data, one)
    assert series_report.like_for_like_hidden(fake_data, small)
    headline = series_report.headline_change(fake_data, f"{row['cohort']}_{row['measure']}",
                                              SimpleNamespace(**row))
    left_out = (float(headline["from_value"]) - 500, float(headline["to_value"]) - 600)
    assert series_report.like_for_like_hidden(fake_data, big) == any(map(RULE.is_small, left_out))


def test_publication_tables_mask_what_the_page_hides(fake_data):
    tables = series_report.publication_tables(fake_data)
    stats = tables["statistics"].set_index(["statistic_id", "round"])
    assert stats.loc[("nation:Wales:trafficked_went_missing", "2014-15"), "value"] == "[c]"
    assert stats.loc[("nation:Wales:trafficked_went_missing", "2014-15"), "text"] == "[c]"
    assert stats.loc[("trafficked_in_care", "2014-15"), "value"] != "[c]"
    change = tables["changes"].set_index("statistic_id").loc["nation:Wales:trafficked_went_missing"]
    assert change["text"] == "[c]" and change["from_value"] == "[c]"
    assert len(tables["like_for_like"]) == len(fake_data.like_for_like)


def test_notice_for_real_replies(fake_data):
    real = replace(fake_data, specs=[replace(s, reconstructed=False) for s in fake_data.specs])
    assert "real replies" in series_report.reconstruction_notice(real)
    assert "reconstruction" not in series_report.reconstruction_notice(real)


def test_round_report_links_to_the_series_page(fake_project):
    folder = fake_project
    data = report.load_round(ROUND, folder / "results", folder / "data" / "raw",
                             folder / "data" / "published")
    assert 'href="series.html"' in report.section_top(data)


@pytest.mark.slow
def test_same_bytes_every_run(fake_page, tmp_path):
    """A second build from scratch (statistics too) gives the same page and notebook."""
    again = render_fake_series(tmp_path / "project")
    assert again.read_bytes() == fake_page.read_bytes()
    assert again.with_suffix(".ipynb").read_bytes() == fake_page.with_suffix(".ipynb").read_bytes()


def _text_of(html: str) -> str:
    """The page's reader-facing text: no images, styles, code or the footer's file list."""
    body = re.sub(r"<style.*?</style>|<code>.*?</code>|data:image/png;base64,[A-Za-z0-9+/=]+", "",
                  _without_images(html), flags=re.DOTALL)
    body = body.split("Built by the foi-missing pipeline")[0]
    return re.sub(r"<[^>]+>", " ", body)


def test_what_changed_between_rounds(fake_page):
    _, parsed = parse(fake_page)
    table = next(rows for css, rows in parsed.tables if "differences" in css)
    assert table[0] == ["Rounds", "What changed", "How", "What it means for comparisons"]
    text = " ".join(" ".join(row) for row in table[1:])
    for needle in ("identified and suspected", "went missing or absent",
                   "health and social care trust", "question 1d", "4 months",
                   "never drawn or compared as a year"):
        assert needle in text, needle


def test_no_change_printed_between_unlike_things(fake_page):
    _, parsed = parse(fake_page)
    tables = [rows for css, rows in parsed.tables if "changes" in css]
    first = tables[0]  # 2014-15 to 2017: Northern Ireland asked trusts instead of a district council
    asked = next(row for row in first if row[0] == "Authorities asked")
    assert asked[1].startswith("not compared: different kinds of authority")
    responded = next(row for row in first if row[0] == "Authorities that responded")
    assert not re.search(r"[+-]\d+% from", asked[1] + responded[1])
    for rows in tables:
        for row in rows[1:]:
            assert "from 0 to 0" not in " ".join(row)
    text = fake_page.read_text(encoding="utf-8")
    assert "† not like for like: went missing against went missing or absent" in text


def test_reader_text_has_no_ids_or_s_plurals(fake_page, fake_data):
    text = _text_of(fake_page.read_text(encoding="utf-8"))
    assert "(s)" not in text
    assert not re.search(r"\b1 (authorities|figures|children)\b", text)
    ids = set(fake_data.statistics["statistic_id"]) | set(fake_data.changes["statistic_id"])
    for needle in ("all_reporting_in_care", "rate_denominator", "period:", "nation:",
                   *sorted(i for i in ids if "_" in i)):
        assert not re.search(rf"(?<![\w:]){re.escape(needle)}(?![\w])", text), needle


def test_thousands_separators_in_tables(fake_page):
    _, parsed = parse(fake_page)
    for css, rows in parsed.tables:
        if "report-table" not in css:
            continue
        for row in rows[1:]:
            for cell in row:
                if re.fullmatch(r"[0-9a-f]{40,64}", cell) or "/" in cell:  # checksums, file names
                    continue
                bare = re.sub(r"\d{4}-\d{2}-\d{2}|\b(19|20)\d{2}\b|\b\d{4}-\d{2}\b", "", cell)
                assert not re.search(r"\d{4,}", bare), cell
