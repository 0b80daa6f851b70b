"""The rendered round report, checked offline: self-contained, no machine paths, no code or
Snakemake preamble, images embedded, reconstruction notice and footer, disclosure control.

Checked on a small hand-made round rendered here (``fake_round.py``) and, when the pipeline
has been run in this working tree, on the real ``results/report/<round>.html`` too.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from foi_missing.core.cells import cell_count
from foi_missing.publication import render
from foi_missing.publication.disclosure import DisclosureRule
from foi_missing.publication.report_sections.page import SECTIONS
from foi_missing.publication.report_sections.reproduction import CONFLICT_MARK, MISMATCH_MARK

from tests.conftest import MACHINE_PATH_MARKERS, REPO_ROOT
from tests.unit.fake_round import ROUND, render_fake_report

NOTEBOOK = REPO_ROOT / "notebooks" / "round_report.ipynb"
RULE = DisclosureRule()


def _real_reports() -> list[Path]:
    folder = REPO_ROOT / "results" / "report"
    # series.html is the cross-round page, checked by test_series_report.py.
    return [p for p in sorted(folder.glob("*.html")) if p.stem != "series"] if folder.is_dir() else []


class Page(HTMLParser):
    """Tags with their attributes, and the cells of tables by class."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._table = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "table":
            self._table = (attrs.get("class") or "", [])
            self.tables.append(self._table)
        elif tag == "tr" and self._table is not None:
            self._table[1].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._table and self._table[1]:
            self._table[1][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse(path: Path) -> tuple[str, Page]:
    text = path.read_text(encoding="utf-8")
    page = Page()
    page.feed(text)
    return text, page


# Module scope: each page is parsed once (a real report is several megabytes); tests only read it.
@pytest.fixture(scope="module", params=["fake", *[p.name for p in _real_reports()]])
def page(request, fake_report):
    path = fake_report[0] if request.param == "fake" else REPO_ROOT / "results" / "report" / request.param
    return path, *parse(path)


def test_nothing_loaded_from_the_network(page):
    path, text, parsed = page
    for tag, attrs in parsed.tags:
        for key in ("src", "href", "data", "srcset"):
            value = (attrs.get(key) or "").strip().lower()
            loads = tag in ("script", "img", "link", "iframe", "source", "video", "audio", "embed",
                            "object")
            if loads and value:
                assert not value.startswith(("http:", "https:", "//")), f"{path.name}: {tag} {key}={value}"
        if tag == "script":
            assert not attrs.get("src"), f"{path.name}: external script {attrs}"
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//", text, re.IGNORECASE), "CSS loads a URL"
    assert not re.search(r"@import", text, re.IGNORECASE)
    assert render.external_loads(text) == []
    for needle in ("require.js", "mathjax", "mermaid", "cdnjs", "unpkg", "jsdelivr"):
        assert needle not in text.lower(), f"{path.name}: mentions {needle}"


def test_every_image_is_embedded(page):
    _, _, parsed = page
    images = [attrs for tag, attrs in parsed.tags if tag == "img"]
    assert images, "the report has figures"
    for attrs in images:
        assert attrs["src"].startswith("data:image/png;base64,"), attrs["src"][:60]
        assert attrs.get("alt")


def test_no_machine_paths(page):
    path, text, _ = page
    for needle in MACHINE_PATH_MARKERS:
        assert needle not in text, f"{path.name}: contains {needle!r}"


def test_no_code_no_preamble_no_prompts(page):
    path, text, parsed = page
    body = re.sub(r"<style.*?</style>", "", text, flags=re.DOTALL)
    for needle in ("snakemake preamble", "pickle", "import snakemake", "snakemake.script",
                   "from foi_missing", "r.show(", "In&nbsp;[", "Out[", "Traceback"):
        assert needle not in body, f"{path.name}: contains {needle!r}"
    # A Python exception ("KeyError", "CellExecutionError"); "Errors" as a column header is fine.
    assert not re.search(r"[a-z]Error\b", body), f"{path.name}: shows a Python exception"
    for tag, attrs in parsed.tags:
        classes = (attrs.get("class") or "").split()
        # Markdown cells (the narrative) render in an input area too; code never does.
        assert "jp-InputArea-editor" not in classes and "jp-InputPrompt" not in classes, (tag, attrs)
        assert "hl-ipython3" not in classes, (tag, attrs)
        assert attrs.get("data-mime-type") != "application/vnd.jupyter.stderr", (tag, attrs)


def test_reconstruction_notice_first_and_footer(page):
    _, text, _ = page
    notice = text.find("reconstruction, not real replies")
    assert notice != -1
    assert notice < text.find('id="request"'), "the notice comes before the first section"
    assert "Built by the foi-missing pipeline from commit" in text
    assert re.search(r"combined SHA-256 <code>[0-9a-f]{64}</code>", text)
    assert re.search(r"<td>data/raw/[^<]+/round\.yaml</td><td[^>]*>[0-9a-f]{64}</td>", text)


def test_sections_in_order(page):
    _, text, _ = page
    keys = [key for key, _ in SECTIONS]
    positions = [text.find(f'<h2 id="{key}">') for key in keys]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    for key in keys:
        assert f'href="#{key}"' in text


def test_per_authority_table_has_no_small_counts(page):
    path, _, parsed = page
    tables = [rows for css, rows in parsed.tables if "per-authority" in css]
    assert len(tables) == 1
    header, *rows = tables[0]
    assert header[:3] == ["GSS code", "Authority", "Nation"]
    assert rows
    for row in rows:
        for cell in row[3:]:
            count = cell_count(cell)
            assert count is None or not RULE.is_small(count), f"{path.name}: {row[:2]} shows {cell}"


def test_trace_values_have_no_small_counts(page):
    path, _, parsed = page
    traces = [rows for css, rows in parsed.tables if "trace" in css]
    assert traces
    for header, *rows in traces:
        # One "Number counted" column, or (an authority's periods on one row) one per period.
        columns = ([header.index("Number counted")] if "Number counted" in header
                   else range(header.index("Answer") + 1, header.index("Reply file")))
        assert columns
        for row in rows:
            for column in columns:
                for cell in row[column].split("; "):
                    count = cell_count(cell.replace(",", ""))
                    assert count is None or not RULE.is_small(count), f"{path.name}: {row}"


def test_reproduction_marks(fake_report):
    _, parsed = parse(fake_report[0])
    tables = [rows for css, rows in parsed.tables if "report-table" in css]
    reproduction = [rows for rows in tables if rows[0][:5] == ["Statistic", "Published",
                                                               "Computed", "Result", "Source"]]
    assert len(reproduction) == 1
    marks = {row[0]: row[3] for row in reproduction[0][1:]}
    assert marks["Kent: Unaccompanied (UASC) children: in care"] == "✓ match"
    assert marks["Unaccompanied (UASC) children: in care"] == "✗ mismatch"


def test_fake_round_hides_known_small_cells(fake_report):
    text, parsed = parse(fake_report[0])
    table = next(rows for css, rows in parsed.tables if "per-authority" in css)
    header, *rows = table
    by_code = {row[0]: dict(zip(header, row)) for row in rows}
    q4 = next(h for h in header if h.startswith("Q4 "))
    q5 = next(h for h in header if h.startswith("Q5 "))
    assert by_code["E10000016"][q4] == "[c]"  # Kent's 3 not found
    assert by_code["E10000016"][q5] == "985"  # published anyway
    assert by_code["E08000025"][next(h for h in header if h.startswith("Q2 "))] == "withheld (1–4)"
    # The coding note quoted "Two trafficked children": the number word is masked.
    assert "Two trafficked" not in text and "[c] trafficked children" in text


def test_executed_notebook_is_clean(fake_report):
    nb = nbformat.read(fake_report[1], as_version=4)
    assert nb.metadata == render.NOTEBOOK_METADATA
    parameters = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1 and "0123456789abcdef" in parameters[0].source
    text = fake_report[1].read_text(encoding="utf-8")
    for needle in ("preamble", "pickle", "import snakemake", "snakemake.script", *MACHINE_PATH_MARKERS):
        assert needle not in text
    for cell in nb.cells:
        assert "execution" not in cell.metadata
        for output in cell.get("outputs", []):
            assert not (output.output_type == "stream" and output.name == "stderr")
            assert output.output_type != "error"


@pytest.mark.slow
def test_same_inputs_same_bytes(fake_report, tmp_path):
    html, notebook = render_fake_report(tmp_path / "again")
    assert html.read_bytes() == fake_report[0].read_bytes()
    assert notebook.read_bytes() == fake_report[1].read_bytes()


def test_committed_notebook_is_stripped():
    raw = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert raw["metadata"] == {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    for cell in raw["cells"]:
        assert "id" in cell
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    tagged = [c for c in raw["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1
    assert render.strip(nbformat.reads(NOTEBOOK.read_text(encoding="utf-8"), as_version=4)) \
        == nbformat.reads(NOTEBOOK.read_text(encoding="utf-8"), as_version=4)


def test_inject_parameters_needs_a_parameters_cell():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    with pytest.raises(render.RenderError):
        render.inject_parameters(nb, {"x": 2})


def test_external_loads_detector():
    assert render.external_loads('<script src="https://cdn.example/x.js"></script>')
    assert render.external_loads('<img src="//example.org/a.png">')
    assert render.external_loads("<style>@import url('https://x/y.css');</style>")
    assert not render.external_loads('<a href="https://www.ecpat.org.uk/">link</a>')
    assert not render.external_loads('<img src="data:image/png;base64,AAAA">')


def test_reproduction_table_labels_conflicting_and_protects_authority_totals(tmp_path, fake_project):
    """A conflicting publication is labelled; a published per-authority total (Kent's
    trafficked + UASC not found) makes the table hide a second cell of that row."""
    import pandas as pd
    from foi_missing.core.tables import read_csv, write_csv
    from foi_missing.publication import report

    folder = shutil.copytree(fake_project, tmp_path / "project")
    path = folder / "results" / ROUND / "reproduction.csv"
    reproduction = read_csv(path)
    extra = pd.DataFrame([
        {"statistic_id": "uasc_in_care", "role": "conflicting", "published_text": "4,765",
         "published_value": "4765", "computed_text": "1,659", "computed_value": "1659",
         "match": None, "source": "launch coverage (version A)", "note": "version A"},
        {"statistic_id": "authority:E10000016:combined_not_found", "role": "reproduce",
         "published_text": "56", "published_value": "56", "computed_text": "56",
         "computed_value": "56", "match": "true", "source": "release", "note": "Kent"},
    ])
    write_csv(pd.concat([reproduction, extra], ignore_index=True), path)
    data = report.load_round(ROUND, folder / "results", folder / "data" / "raw",
                             folder / "data" / "published", {})
    table = report.reproduction_table(data)
    table["Id"] = list(data.reproduction["statistic_id"])  # rows in the order of reproduction.csv
    conflicting = table[(table["Id"] == "uasc_in_care") & (table["Result"] == CONFLICT_MARK)]
    assert len(conflicting) == 1 and conflicting.iloc[0]["Published"] == "4,765"
    assert (table.loc[table["Id"] == "uasc_in_care", "Result"] == MISMATCH_MARK).sum() == 1
    kent = report.authority_table(data).set_index("GSS code").loc["E10000016"]
    q4 = next(c for c in kent.index if c.startswith("Q4 "))
    q8 = next(c for c in kent.index if c.startswith("Q8 "))
    # Q4 = 3 is small; 56 - Q8 would give it, so Q8 (53) is hidden as well.
    assert kent[q4] == "[c]" and kent[q8] == "[c]"
    # The single-cell published figure for Kent's Q8 is then shown as hidden too.
    row = table[table["Id"] == "authority:E10000016:uasc_not_found"].iloc[0]
    assert row["Computed"] == "[c]" and row["Published"] == "53"
    assert "56" in set(table["Computed"])


def test_awaiting_manual_coding_says_why(fake_report):
    """Each answer waiting for a person shows the reader's or parser's reason."""
    html = fake_report[0].read_text(encoding="utf-8")
    section = html[html.index("Awaiting manual coding"):]
    assert "Why it needs a person" in section
    assert "letter: no question labels found" in section


def test_cells_are_focusable_and_an_image_without_alt_text_is_refused():
    page = '<div class="jp-OutputArea-output jp-RenderedHTML">x</div><div class="jp-Other">y</div>'
    assert render.focusable(page) == (
        '<div class="jp-OutputArea-output jp-RenderedHTML" tabindex="0">x</div><div class="jp-Other">y</div>')
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell('<img src="data:image/png;base64,AAAA">'))
    with pytest.raises(render.RenderError, match="without alt text"):
        render.to_html(nb, "t")
    nb.cells[0].source = '<img alt="A chart" src="data:image/png;base64,AAAA">'
    assert 'alt="A chart"' in render.to_html(nb, "t")
