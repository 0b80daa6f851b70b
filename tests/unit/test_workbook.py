"""The tables workbook: formula neutralising, sheets and headers, disclosure, same bytes."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from foi_missing.core.cells import cell_count
from foi_missing.core.xlsx_file import save_workbook
from foi_missing.publication import report
from foi_missing.publication.disclosure import DisclosureRule
from foi_missing.publication.series_report import SeriesData
from foi_missing.publication.workbook import (
    Sheet,
    build_workbook,
    cell_value,
    neutralise,
    sheet_title,
    write_tables_workbook,
)
from foi_missing.statistics.series import CHANGE_COLUMNS, LIKE_FOR_LIKE_COLUMNS

from tests.unit.fake_round import ROUND

REPO_ROOT = Path(__file__).resolve().parents[2]
RULE = DisclosureRule()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "+44 20 7946 0000"),  # a signed number leads: never runs
        ("-3% from 217 to 211", "-3% from 217 to 211"),
        ("+20% from 372 to 448 over the 48 authorities (or merged areas)",
         "+20% from 372 to 448 over the 48 authorities (or merged areas)"),
        ("-1+SUM(A1)", "'-1+SUM(A1)"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("+SUM(A1:A3)", "'+SUM(A1:A3)"),
        ("-", "'-"),
        ("@SUM(A1:A3)", "'@SUM(A1:A3)"),
        ("\t=cmd", "'\t=cmd"),
        ("Kent", "Kent"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(text, expected):
    assert neutralise(text) == expected


def test_cell_values_keep_numbers_and_blank_missing():
    assert cell_value(3) == 3
    assert cell_value(3.0) == 3
    assert cell_value(2.5) == 2.5
    assert cell_value(float("nan")) is None
    assert cell_value(None) is None
    assert cell_value(pd.NA) is None
    assert cell_value(-3) == -3  # a number, not text: never a formula
    assert cell_value("bad\x01char") == "badchar"


def test_sheet_titles_valid_and_unique():
    assert sheet_title("2014-15 QA: summary/[all]") == "2014-15 QA- summary--all-"
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("Notes", ["notes"]) == "Notes (2)"


def test_formula_text_is_stored_as_text(tmp_path):
    table = pd.DataFrame({"message": ["=HYPERLINK(\"http://x\")", "+A1", "@cmd", "plain"],
                          "value": [1, 2, 3, 4]})
    path = tmp_path / "t.xlsx"
    save_workbook(build_workbook([Sheet("t", table, "test")], [("Note", "=not a formula")]), path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["t"]
    cells = [sheet.cell(row, 1) for row in range(2, 6)]
    assert [c.value for c in cells] == ["'=HYPERLINK(\"http://x\")", "'+A1", "'@cmd", "plain"]
    assert all(c.data_type == "s" for c in cells)
    assert [sheet.cell(row, 2).value for row in range(2, 6)] == [1, 2, 3, 4]
    assert workbook["README"]["B1"].value == "'=not a formula"
    with zipfile.ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet2.xml").decode()
    assert "<f>" not in sheet_xml


def test_headers_widths_and_freeze(tmp_path):
    table = pd.DataFrame({"statistic_id": ["a" * 100], "value": [1]})
    path = tmp_path / "t.xlsx"
    save_workbook(build_workbook([Sheet("stats", table)], []), path)
    sheet = openpyxl.load_workbook(path)["stats"]
    assert [c.value for c in sheet[1]] == ["Statistic id", "Value"]
    assert sheet[1][0].font.bold
    assert sheet.column_dimensions["A"].width == 60
    assert 6 <= sheet.column_dimensions["B"].width < 10
    assert sheet.freeze_panes == "A2"


def test_fixed_timestamps_and_same_bytes(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    table = pd.DataFrame({"a": [1, 2], "b": ["x", "=y"]})
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    save_workbook(build_workbook([Sheet("t", table)], [("k", "v")]), first)
    save_workbook(build_workbook([Sheet("t", table)], [("k", "v")]), second,
                  when=dt.datetime(2000, 1, 1))
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z</dcterms:created>" in core
    assert "2000-01-01T00:00:00Z</dcterms:modified>" in core
    props = openpyxl.load_workbook(first).properties
    assert props.created == props.modified == dt.datetime(2000, 1, 1)


def test_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1479945600")  # 2016-11-24
    path = tmp_path / "t.xlsx"
    save_workbook(build_workbook([Sheet("t", pd.DataFrame({"a": [1]}))], []), path)
    assert openpyxl.load_workbook(path).properties.created == dt.datetime(2016, 11, 24)


@pytest.fixture(scope="module")
def fake_workbook(tmp_path_factory, fake_project) -> Path:
    folder = fake_project
    data = report.load_round(ROUND, folder / "results", folder / "data" / "raw",
                             folder / "data" / "published", {})
    series = SeriesData(
        specs=[data.spec],
        statistics=pd.DataFrame({"statistic_id": ["uasc_in_care", "nation:Wales:uasc_in_care",
                                                  "ranking_most_went_missing"],
                                 "round": [ROUND, ROUND, ROUND],
                                 "value": ["4744", "3", "E10000016;E06000034"],
                                 "text": ["4,744", "3", "Kent and Thurrock"]}),
        changes=pd.DataFrame([{
            "statistic_id": "uasc_in_care", "from_round": "2014-15", "to_round": "2017",
            "from_period": "2014-15", "to_period": "2017", "from_value": "4744",
            "to_value": "4700", "change": "-44", "change_pct": "-0.9", "comparable": "yes",
            "note": "", "text": "-1% from 4,744 to 4,700"}], columns=list(CHANGE_COLUMNS)),
        like_for_like=pd.DataFrame(columns=list(LIKE_FOR_LIKE_COLUMNS)),
        trend_png=None, rule=data.rule,
    )
    out = tmp_path_factory.mktemp("workbook")  # the shared project is only read
    path = out / "tables.xlsx"
    write_tables_workbook(path, [data], series)
    again = out / "tables_again.xlsx"
    write_tables_workbook(again, [data], series)
    return path


def test_project_workbook_sheets(fake_workbook):
    workbook = openpyxl.load_workbook(fake_workbook)
    assert workbook.sheetnames == [
        "README", "statistics defined", f"{ROUND} statistics", f"{ROUND} coverage", f"{ROUND} reproduction", f"{ROUND} QA summary",
        f"{ROUND} QA findings", f"{ROUND} authorities", f"{ROUND} trace", "series changes",
        "series like for like", "series statistics",
    ]
    notes = {row[0]: row[1] for row in workbook["README"].iter_rows(values_only=True) if row[0]}
    assert "How to read" in notes and "[c]" in notes["Status"]
    assert "RECONSTRUCTED" in notes[f"Round {ROUND}"]
    assert "[c]" in notes["Symbol [c]"]
    assert f"{ROUND} authorities" in notes
    defined = list(workbook["statistics defined"].iter_rows(values_only=True))
    assert defined[0][:2] == ("Statistic", "Statistic id")
    rate = next(row for row in defined if row[1] == "uasc_missing_pct")
    assert rate[3] == "whole percent" and rate[4] == (
        "Unaccompanied (UASC) children: who went missing / Unaccompanied (UASC) children: in care")
    statistics = workbook[f"{ROUND} statistics"]
    ids = [row[0] for row in statistics.iter_rows(min_row=2, values_only=True)]
    assert "uasc_in_care" in ids and not any(str(i).startswith("authority:") for i in ids)
    findings = [row[4] for row in workbook[f"{ROUND} QA findings"].iter_rows(min_row=2,
                                                                           values_only=True)]
    assert "'@Westminster: [c] figure 17 for Q2 and Q6" in findings
    assert any(str(f).startswith("'+Kent") for f in findings)


def test_trace_sheet_holds_every_answer_behind_each_figure(fake_workbook, fake_project):
    """The round page shows the first rows of each figure's trace; the sheet holds them all,
    each with its reply file and place, numbers as numbers."""
    from foi_missing.publication.report_sections.trace import trace_rows, traced_statistics

    data = report.load_round(ROUND, fake_project / "results", fake_project / "data" / "raw",
                             fake_project / "data" / "published", {})
    sheet = openpyxl.load_workbook(fake_workbook)[f"{ROUND} trace"]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:3] == ("Figure", "Statistic id", "Authority")
    assert {"Number counted", "Lower bound", "Upper bound", "Status", "Reply file",
            "Place"} <= set(header)
    ids = [row[header.index("Statistic id")] for row in body]
    assert traced_statistics(data)
    for sid in traced_statistics(data):
        assert ids.count(sid) == len(trace_rows(data, sid)), sid
    counted = [row[header.index("Number counted")] for row in body]
    assert any(isinstance(c, (int, float)) for c in counted)
    files = [row[header.index("Reply file")] for row in body]
    assert all(files), "every answer names its reply file"


def test_project_workbook_same_bytes(fake_workbook):
    assert fake_workbook.read_bytes() == (fake_workbook.parent / "tables_again.xlsx").read_bytes()


def _workbooks(fake_workbook) -> list[Path]:
    real = REPO_ROOT / "results" / "tables.xlsx"
    return [fake_workbook] + ([real] if real.exists() else [])


def test_authorities_sheets_hide_small_counts(fake_workbook):
    for path in _workbooks(fake_workbook):
        workbook = openpyxl.load_workbook(path)
        sheets = [name for name in workbook.sheetnames if name.endswith(" authorities")]
        assert sheets
        for name in sheets:
            rows = list(workbook[name].iter_rows(values_only=True))
            assert rows[0][:3] == ("GSS code", "Authority", "Nation")
            for row in rows[1:]:
                for value in row[3:]:
                    count = cell_count(value)
                    assert count is None or not RULE.is_small(count), f"{path.name} {name}: {row}"
        for name in [n for n in workbook.sheetnames if n.endswith(" reproduction")]:
            rows = list(workbook[name].iter_rows(values_only=True))
            header = rows[0]
            for row in rows[1:]:
                if str(row[header.index("Statistic id")]).startswith("authority:"):
                    for column in ("Computed (as printed)", "Computed value"):
                        count = cell_count(row[header.index(column)])
                        assert count is None or not RULE.is_small(count), (name, row)


def test_small_nation_figures_are_hidden_in_the_workbook(fake_workbook):
    workbook = openpyxl.load_workbook(fake_workbook)
    rows = list(workbook["series statistics"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    wales = next(dict(zip(header, row)) for row in body if "Wales" in str(row))
    assert wales[next(h for h in header if "value" in str(h).lower())] == "[c]"


# Columns of quantities (besides each round's per-question answer columns).
NUMERIC_HEADERS = {
    "Value", "Lower bound", "Upper bound", "Numerator", "Denominator", "Authorities contributing",
    "From value", "To value", "Change", "Change pct", "Units", "Authorities from",
    "Authorities to", "Published value", "Computed value", "Warning", "Info", "Total", "Months",
}
# Columns of text that may look like a number: labels and numbers as printed.
TEXT_HEADERS = {"Round", "From round", "To round", "Period", "From period", "To period",
                "Source id", "As printed",
                "Published (as printed)", "Computed (as printed)", "Question", "Statistic id"}


def _numeric_columns(name, header):
    columns = {i for i, h in enumerate(header) if h in NUMERIC_HEADERS}
    if name.endswith(" authorities"):
        columns |= {i for i, h in enumerate(header) if i >= 3 and not str(h).endswith("(status)")}
    return columns


def test_every_numeric_column_is_numbers_except_withheld_cells(fake_workbook):
    """Numbers are numbers (negatives too); only the symbol [c] stands among them as text."""
    for path in _workbooks(fake_workbook):
        workbook = openpyxl.load_workbook(path)
        checked = 0
        for sheet in workbook.worksheets[1:]:
            rows = list(sheet.iter_rows(values_only=True))
            header, body = rows[0], rows[1:]
            numeric = _numeric_columns(sheet.title, header)
            for index, column in enumerate(header):
                cells = [row[index] for row in body]
                has_numbers = any(isinstance(c, (int, float)) for c in cells)
                if index in numeric or has_numbers:
                    bad = [c for c in cells if c is not None and c != RULE.symbol
                           and not isinstance(c, (int, float))]
                    assert not bad, f"{path.name} {sheet.title} {column}: {bad[:5]}"
                    checked += 1
                if column not in TEXT_HEADERS:
                    numeric_text = [c for c in cells if isinstance(c, str)
                                    and re.fullmatch(r"'?[+-]?\d+(\.\d+)?", c.strip())]
                    assert not numeric_text, f"{path.name} {sheet.title} {column}: {numeric_text[:5]}"
            if any(sheet.title.endswith(s) for s in (" statistics", " changes", " like for like")):
                assert "Status" in header, sheet.title
        assert checked


def test_negative_changes_are_numbers_and_withheld_cells_have_a_status(fake_workbook):
    workbook = openpyxl.load_workbook(fake_workbook)
    rows = list(workbook["series changes"].iter_rows(values_only=True))
    row = dict(zip(rows[0], rows[1]))
    assert row["Change"] == -44 and row["Change pct"] == -0.9
    assert row["As printed"] == "-1% from 4,744 to 4,700"  # a phrase, not a formula: no '
    assert row["Statistic"] and row["Statistic"] != row["Statistic id"]
    rows = list(workbook["series statistics"].iter_rows(values_only=True))
    header = rows[0]
    by_id = {row[0]: dict(zip(header, row)) for row in rows[1:]}
    assert by_id["nation:Wales:uasc_in_care"]["Status"] == "withheld: [c] (disclosure control)"
    assert by_id["uasc_in_care"]["Value"] == 4744 and by_id["uasc_in_care"]["Status"] == "shown"
    ranking = by_id["ranking_most_went_missing"]
    assert ranking["Value"] is None and ranking["Value (text)"] == "E10000016;E06000034"
    authorities = list(workbook[f"{ROUND} authorities"].iter_rows(values_only=True))
    assert authorities[0][4].endswith("(status)")


def test_a_numeric_column_with_stray_text_is_an_error():
    from foi_missing.publication.workbook_sheets import typed_column

    assert typed_column(pd.Series(["-6", "2.5", "[c]", None, 3]), "[c]", "change") == [
        -6, 2.5, "[c]", None, 3]
    with pytest.raises(ValueError, match="'change' is numeric but holds the text 'n/a'"):
        typed_column(pd.Series(["1", "n/a"]), "[c]", "change")
