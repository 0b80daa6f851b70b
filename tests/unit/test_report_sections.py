"""The round report's added sections (foi_missing.publication.report_sections): key findings, definitions,
coverage, the per-nation breakdown, assumed marks, traceable trace rows, one label table, and
reader-facing text free of internal names. Checked on the small hand-made round
(``fake_round.py``), on every round specification in ``data/raw/`` (the multi-period ones
too) and, when the pipeline has been run here, on the real reports."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup
from foi_missing.core.roundspec import RoundSpecError, load_round_spec
from foi_missing.core.vocabulary import STATUS_LABELS
from foi_missing.publication import report
from foi_missing.publication.report_sections import coverage, definitions, findings, nations, trace
from foi_missing.publication.report_sections.assumptions import assumed_mark
from foi_missing.publication.report_sections.labels import (
    internal_terms,
    plural,
    reader_message,
    tidy_text,
)
from foi_missing.publication.report_sections.page import SECTIONS
from foi_missing.publication.report_sections.statistic_text import statistic_label

from tests.conftest import REPO_ROOT
from tests.unit.fake_round import ROUND

ROUND_FOLDERS = sorted(p.parent for p in (REPO_ROOT / "data" / "raw").glob("*/round.yaml"))
NOTEBOOK = REPO_ROOT / "notebooks" / "round_report.ipynb"


@pytest.fixture(scope="module")
def fake_page(fake_report) -> Path:
    return fake_report[0]


@pytest.fixture(scope="module")
def fake_data(fake_project):
    folder = fake_project
    return report.load_round(ROUND, folder / "results", folder / "data" / "raw",
                             folder / "data" / "published", {})


def _real_pages() -> list[Path]:
    folder = REPO_ROOT / "results" / "report"
    return [p for p in sorted(folder.glob("*.html")) if p.stem != "series"] if folder.is_dir() else []


def reader_text(path: Path) -> str:
    """What a reader reads: the page without styles, scripts and the provenance footer
    (commit, checksums and file paths are there for machines)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    for tag in soup(["style", "script", "footer", "title", "code"]):
        tag.decompose()
    return soup.get_text(" ")


# --- labels and prose ----------------------------------------------------------------------------


def test_internal_terms_finds_ids_rule_names_and_plural_s():
    assert internal_terms("Rates over all_reporting_in_care (include_late: false)")
    assert internal_terms("see uasc_in_care and late_reply_excluded")
    assert internal_terms("3 figure(s) below")
    assert internal_terms("found.; coded on 2016-03-08")
    assert internal_terms("published 10700 of 102590")
    assert internal_terms("period change:2018:2020:trafficked in care")
    assert internal_terms("Kent reported 985 children; 10,700 of 102,590 (E10000016, FOI 0012138)") == []


def test_one_name_per_status():
    assert len(set(STATUS_LABELS.values())) == len(STATUS_LABELS)
    names = {name for name, _ in report.REPLY_CLASSES}
    for status, label in STATUS_LABELS.items():
        members = [name for name, statuses in report.REPLY_CLASSES if statuses == (status,)]
        assert all(name == label for name in members), (status, members)
    assert "no reply by the cut-off" in names


def test_statistic_labels_have_no_ids():
    assert statistic_label("period_change:2018:2020:trafficked_in_care") == (
        "Change 2018 to 2020 (same authorities): Trafficked children: in care")
    assert statistic_label("period_change_all:2018:2020:uasc_went_missing").startswith(
        "Change 2018 to 2020 (all authorities reporting): ")
    assert statistic_label("period:2020:trafficked_in_care") == "2020: Trafficked children: in care"
    assert statistic_label("pooled_periods") == "Periods added together in the headline figures"


def test_plurals_and_tidy_text():
    assert plural(1, "authority") == "1 authority"
    assert plural(2, "authority") == "2 authorities"
    assert plural(1234, "child") == "1,234 children"
    assert tidy_text("at 1 decimal(s): 3 figure(s); 10700 / 102590.; x") == (
        "at one decimal place: 3 figures; 10,700 / 102,590; x")


def test_reader_message_has_no_config_keys_or_reply_ids():
    message = ("reply 2017-E08000032-1 received 2018-07-16, after the cut-off 2018-06-30: recorded, "
               "not used (round spec include_late: false)")
    assert reader_message(message) == ("The first reply received 2018-07-16, after the cut-off "
                                       "2018-06-30: recorded, not used")
    assert "qualified_answers" not in reader_message("1c (reported): counted (qualified_answers: count)")
    assert "(gave a number)" in reader_message("1c (reported): counted")


def _page_named(name: str, fake_page: Path) -> Path:
    return fake_page if name == "fake" else REPO_ROOT / "results" / "report" / name


@pytest.fixture(params=["fake", *[p.name for p in _real_pages()]])
def page_path(request, fake_page) -> Path:
    return _page_named(request.param, fake_page)


# Parsing a built report's whole text takes seconds: the real pages are in the slow lane.
@pytest.mark.parametrize("name", ["fake", *[pytest.param(p.name, marks=pytest.mark.slow)
                                            for p in _real_pages()]])
def test_no_internal_id_rule_name_or_plural_s_in_reader_text(name, fake_page):
    page_path = _page_named(name, fake_page)
    problems = internal_terms(reader_text(page_path))
    assert problems == [], f"{page_path.name}: {problems[:10]}"


def test_every_table_is_linked_to_the_workbook(page_path):
    text = page_path.read_text(encoding="utf-8")
    assert 'href="tables.xlsx"' in text
    assert text.count('class="data-links') >= 8  # one under each table of data


# --- sections exist for every round ----------------------------------------------------------------


def test_definitions_coverage_and_nations_sections_on_every_page(page_path):
    text = page_path.read_text(encoding="utf-8")
    for key in ("definitions", "coverage", "nations"):
        assert f'<h2 id="{key}">' in text, f"{page_path.name}: no {key} section"
        assert f'href="#{key}"' in text
    assert 'aria-label="Key findings"' in text
    assert text.index('aria-label="Key findings"') < text.index('id="request"')
    assert text.index("reconstruction, not real replies") < text.index('aria-label="Key findings"')
    for needle in ("Went missing.", "not like for like", "Not found.", "The rate",
                   "The totals cover only the authorities that answered",
                   "Sensitivity of the rate", "Authorities with no reply by the cut-off"):
        assert needle in text, f"{page_path.name}: no {needle!r}"


@pytest.mark.parametrize("folder", ROUND_FOLDERS, ids=lambda p: p.name)
def test_definitions_for_every_round_spec(folder):
    """Every round folder, built or not (multi-period, overlap question), gets definitions."""
    spec = load_round_spec(folder)
    went = definitions.went_missing_html(spec)
    assert "Went missing." in went and "not like for like" in went
    assert ("<em>went missing or absent</em>" in went) == definitions.asks_missing_or_absent(spec)
    assert "Trafficked children" in definitions.cohorts_html(spec)
    assert "reference date" in definitions.not_found_html(spec)
    periods = definitions.period_html(spec)
    assert all(p.label in periods for p in spec.periods)
    if len(spec.periods) > 1:
        assert "add the periods of equal length" in periods
    for key in ("date_sent", "reply_cutoff"):
        assert spec.is_assumed(key), f"{folder.name}: {key} should be marked assumed"
        assert "assumed" in assumed_mark(spec, key)
        assert f"data/raw/{spec.round_id}/README.md" in assumed_mark(spec, key)
    assert internal_terms(went + definitions.cohorts_html(spec) + periods) == []


def test_unknown_assumption_is_rejected(tmp_path):
    source = REPO_ROOT / "data" / "raw" / ROUND / "round.yaml"
    spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    spec["assumptions"] = {"date_sent": "x", "weather": "sunny"}
    (tmp_path / "round.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    with pytest.raises(RoundSpecError, match="weather"):
        load_round_spec(tmp_path)
    spec["assumptions"] = {}
    (tmp_path / "round.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    assert assumed_mark(load_round_spec(tmp_path), "date_sent") == ""


def test_request_summary_marks_assumptions(fake_data):
    summary = dict(zip(*report.request_summary(fake_data).T.values))
    assert 'class="assumed"' in summary["Requests sent"]
    assert 'class="assumed"' in summary["Replies counted if received by"]
    assert 'class="assumed"' not in summary["Authorities asked"]  # 2014-15: 217 was published


# --- key findings -------------------------------------------------------------------------------------


def test_key_findings_have_range_published_value_and_mark(fake_data):
    table = findings.key_findings(fake_data)
    assert not table.empty
    rows = {re.sub("<[^>]+>", "", f).split(" of ")[0]: row for f, *row in table.itertuples(index=False)}
    assert any("trafficked children in care went missing" in re.sub("<[^>]+>", "", f)
               for f in table["Finding"])
    marks = set(table["Reproduced"])
    assert marks <= {findings.MATCH, findings.MISMATCH, ""}
    # The fake round's UASC figures do not match the publication: a cross, never a tick.
    uasc = table[table["Finding"].str.contains("unaccompanied asylum-seeking children in care")]
    assert list(uasc["Reproduced"]) == [findings.MISMATCH]
    assert all(text for text in table["Range had withheld numbers been disclosed"])
    assert rows


# --- coverage -------------------------------------------------------------------------------------------


def test_coverage_adds_up_and_agrees_with_the_figures(fake_data):
    table = coverage.coverage_table(fake_data).set_index("Nation")
    nations_only = table.drop(index="United Kingdom")
    assert (nations_only.sum() == table.loc["United Kingdom"]).all()
    uk = table.loc["United Kingdom"]
    assert uk["Asked"] == 12 and uk["Asked"] == uk["Replied"] + uk["No reply by the cut-off"]
    stats = fake_data.statistics.set_index("statistic_id")
    assert uk["Gave trafficked: in care"] == int(float(stats.loc["trafficked_in_care", "authorities"]))
    assert uk["Gave UASC: went missing"] == int(float(stats.loc["uasc_went_missing", "authorities"]))
    assert list(coverage.non_responders(fake_data)["Authority"]) == ["City of Edinburgh"]


def test_sensitivity_gives_the_matched_set_rate(fake_data):
    table = coverage.sensitivity(fake_data)
    assert list(table["Cohort"]) == ["Trafficked children", "Unaccompanied asylum-seeking children"]
    assert table.columns[2].startswith("Rate over the authorities that gave both")
    assert all(str(v).endswith("%") for v in table.iloc[:, 2])


# --- per nation ------------------------------------------------------------------------------------------


def test_nation_table_is_disclosure_controlled_and_flags_artefacts(fake_data):
    table, flagged = nations.nation_table(fake_data)
    assert list(table["Nation"])[-1] == "United Kingdom"
    assert {"England", "Wales"} <= set(table["Nation"])
    for row in table.itertuples(index=False):
        for cell in row[3:]:
            number = str(cell).split(" ")[0].replace(",", "")
            if number.isdigit():
                assert not 1 <= int(number) <= 4, f"{row[0]} shows a small count: {cell}"
    note = nations.nation_note(fake_data, flagged)
    assert "synthetic" in note  # the fake round copies 2014-15's spec: reconstructed
    if flagged:
        assert nations.ARTEFACT in note


def test_nation_note_names_figures_in_sentence_case():
    """Labels inside a sentence lose their heading capital, acronyms keep theirs."""
    assert nations.in_sentence("Trafficked: in care") == "trafficked in care"
    assert nations.in_sentence("UASC: went missing") == "UASC went missing"
    assert nations.in_sentence("Not found (both cohorts)") == "not found (both cohorts)"
    for _, label in nations.COLUMNS:
        assert not re.search(r", [A-Z][a-z]", f"Wales, {nations.in_sentence(label)}")


# --- tracing ----------------------------------------------------------------------------------------------


def test_trace_rows_name_the_reply_file_and_place(fake_data):
    table = trace.trace_rows(fake_data, "trafficked_in_care")
    assert {"Reply file", "Place in the file"} <= set(table.columns)
    assert (table["Reply file"] != "").all() and (table["Place in the file"] != "").all()


def test_authority_counts_are_explained_two_ways(fake_data):
    html = trace.trace_html(fake_data)
    assert "counted two ways" in html
    assert "that withheld a small number" in html


def _record(authority, period, value=None, lower=None, upper=None, hidden=False,
            place="row 2"):
    return {"authority": authority, "asked": "1a", "period": period, "cell": f"1a {period}",
            "status": "suppressed" if lower is not None else "numeric", "value": value,
            "hidden": hidden, "lower": lower, "upper": upper, "file": "reply.xlsx",
            "place": place}


def test_an_authoritys_periods_share_one_trace_row():
    records = [_record("Halton", "2021", 17, place="Response!B4"),
               _record("Halton", "2022", 10, place="Response!C4"),
               _record("Halton", "2023", 3, hidden=True, place="Response!D4"),
               _record("Darlington", "2021", lower=1, upper=4),
               _record("Darlington", "2022", 0)]
    table = trace.by_authority(records, "[c]")
    assert list(table.columns) == ["Authority", "Question", "Answer", "2021", "2022", "2023",
                                   "Reply file", "Place in the file"]
    halton, darlington = table.to_dict("records")
    assert (halton["2021"], halton["2022"], halton["2023"]) == ("17", "10", "[c]")
    assert halton["Place in the file"] == "Response!B4, C4, D4"
    assert trace.joined_places(["row 2", "row 2"]) == "row 2"
    assert trace.joined_places(["line 13", "line 19"]) == "line 13; line 19"
    assert (darlington["2021"], darlington["2022"], darlington["2023"]) == ("1 to 4", "0", "")
    single = trace.by_authority([_record("Halton", "", 17)], "[c]")
    assert list(single["Number counted"]) == ["17"]


def test_a_long_trace_shows_its_first_rows_and_points_to_the_workbook(fake_data):
    long = pd.DataFrame({"Authority": [f"A{i}" for i in range(trace.ROWS_ON_PAGE + 5)]})
    html = trace.shown_rows(fake_data, long)
    assert html.count("<tr>") == trace.ROWS_ON_PAGE + 1  # the header and the rows shown
    assert f"{trace.ROWS_ON_PAGE + 5:,} rows" in html
    assert "tables.xlsx" in html and trace.trace_sheet_name(fake_data.round_id) in html
    short = trace.shown_rows(fake_data, long.head(3))
    assert "tables.xlsx" not in short and short.count("<tr>") == 4


# --- the notebook reads as analysis -------------------------------------------------------------------------


def test_notebook_sections_are_narrative_then_computation():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells = [c for c in nb.cells if "remove-cell" not in c.metadata.get("tags", [])]
    headings = []
    for index, cell in enumerate(cells):
        match = re.search(r'<h2 id="([\w-]+)">([^<]+)</h2>', cell.source)
        if cell.cell_type != "markdown" or not match:
            continue
        headings.append((match[1], match[2]))
        narrative = cell.source[match.end():].strip()
        assert len(narrative) > 80, f"section {match[1]} has no narrative"
        following = cells[index + 1]
        assert following.cell_type == "code", f"section {match[1]} has no code cell"
        # The cell computes something (a table or figures), not only shows prepared HTML.
        assert re.search(r"^\w+(, \w+)? = ", following.source, re.MULTILINE) or \
            "figures" in following.source or "methods" in following.source or \
            "trace" in following.source, f"section {match[1]}: {following.source!r}"
    assert headings == list(SECTIONS)
    assert nb.metadata["kernelspec"]["name"] == "python3" and "language_info" in nb.metadata
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
