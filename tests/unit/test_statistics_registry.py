"""The statistic registry: every id the rounds compute is declared once, ids are made and read
in one place, and one lookup leads to the function that computes a statistic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from foi_missing.core.tables import read_csv
from foi_missing.statistics import registry
from foi_missing.statistics.registry import (
    ALIASES,
    STATISTICS,
    StatisticId,
    computed_by,
    make_id,
    scope_prefix,
    where_computed,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
EXPECTED = sorted((REPO_ROOT / "tests" / "fixtures" / "expected").glob("*_statistics.csv"))


def _computed_ids() -> set[str]:
    ids: set[str] = set()
    for path in EXPECTED:
        ids |= set(read_csv(path)["statistic_id"].astype(str))
    return ids


def test_the_back_test_tables_are_there() -> None:
    assert len(EXPECTED) >= 4


def test_every_computed_statistic_is_declared_and_every_declared_one_is_computed() -> None:
    bases = {StatisticId.parse(sid).base for sid in _computed_ids()}
    assert bases - set(STATISTICS) == set(), "computed but not in the registry"
    # Every declared base is computed by some round of the back-test (with DfE's figures).
    assert set(STATISTICS) - bases == set(), "declared but never computed"


@pytest.mark.parametrize("text, base, scope, where", [
    ("uasc_missing_pct", "uasc_missing_pct", "", ()),
    ("nation:Northern Ireland:authorities_asked", "authorities_asked", "nation",
     ("Northern Ireland",)),
    ("period:2019:combined_mean_episodes", "combined_mean_episodes", "period", ("2019",)),
    ("authority:E10000016:uasc_in_care", "uasc_in_care", "authority", ("E10000016",)),
    ("period_change:2021:2022:uasc_went_missing", "uasc_went_missing", "period_change",
     ("2021", "2022")),
    ("period_change_all:2021:2022:trafficked_in_care", "trafficked_in_care",
     "period_change_all", ("2021", "2022")),
])
def test_an_id_is_read_and_written_back(text, base, scope, where) -> None:
    sid = StatisticId.parse(text)
    assert (sid.base, sid.scope, sid.where) == (base, scope, where)
    assert str(sid) == text == make_id(base, scope, *where)
    assert sid.prefix + sid.base == text


def test_every_computed_id_reads_back_as_written() -> None:
    for text in _computed_ids():
        assert str(StatisticId.parse(text)) == text


def test_an_id_of_no_known_shape_stays_whole() -> None:
    for text in ("period:2019", "nation:Wales:x:y", "something_else"):
        sid = StatisticId.parse(text)
        assert (sid.base, sid.scope, str(sid)) == (text, "", text)


def test_a_scope_needs_its_places() -> None:
    with pytest.raises(ValueError, match="scope"):
        StatisticId("uasc_in_care", "nation")
    with pytest.raises(ValueError, match="scope"):
        scope_prefix("period_change", "2021")
    assert scope_prefix("period", "2019") == "period:2019:"
    assert scope_prefix() == ""


@pytest.mark.parametrize("text, cohort, measure", [
    ("uasc_missing_pct", "uasc", "missing_pct"),
    ("nation:Wales:combined_distinct_in_care", "combined", "distinct_in_care"),
    ("overlap_in_care", "overlap", "in_care"),
    ("not_found_total", None, "not_found_total"),
    ("dfe_england_year", None, "dfe_england_year"),
])
def test_cohort_and_measure(text, cohort, measure) -> None:
    sid = StatisticId.parse(text)
    assert (sid.cohort, sid.measure) == (cohort, measure)


def test_kinds_say_how_a_figure_is_printed_and_whether_it_is_a_published_total() -> None:
    assert StatisticId.parse("period:2019:uasc_missing_pct").kind == "rate"
    assert STATISTICS["trafficked_mean_episodes"].kind == "mean"
    assert STATISTICS["not_found_total"].is_sum
    assert STATISTICS["combined_distinct_went_missing"].is_sum
    assert not STATISTICS["uasc_authorities_with_missing"].is_sum
    assert not STATISTICS["dfe_england_missing_pct"].is_sum  # DfE's, not the answers'
    assert StatisticId.parse("no_such_statistic").definition is None


def test_aliases_repeat_declared_statistics() -> None:
    for alias, source in ALIASES.items():
        assert STATISTICS[alias].same_as == source
        assert source in STATISTICS
        assert STATISTICS[alias].kind == STATISTICS[source].kind


def test_one_lookup_finds_the_function_that_computes_each_statistic() -> None:
    for base in STATISTICS:
        function = computed_by(base)
        assert callable(function) and function.__module__.startswith("foi_missing.statistics.")
    assert computed_by("nation:Wales:uasc_missing_pct").__name__ == "rate_statistic"
    assert computed_by("authority:E10000016:uasc_in_care").__name__ == "per_authority"
    assert computed_by("period_change:2021:2022:uasc_in_care").__name__ == "period_changes"
    with pytest.raises(KeyError, match="not in the statistic registry"):
        computed_by("no_such_statistic")


def test_where_computed_points_at_the_defining_line() -> None:
    where = where_computed("uasc_missing_pct")
    path, rest = where.split(":", 1)
    line, name = rest.split(" ", 1)
    assert name == "rate_statistic"
    assert path == "workflow/src/foi_missing/statistics/national.py"
    source = (REPO_ROOT / path).read_text(encoding="utf-8").splitlines()
    assert source[int(line) - 1].startswith("def rate_statistic(")


def test_the_registry_names_each_id_literally_so_a_search_finds_it() -> None:
    text = registry.REGISTRY_FILE.read_text(encoding="utf-8")
    for base in STATISTICS:
        assert f"\n{base}," in text


HEADER = ",".join(registry.COLUMNS)
GOOD = "uasc_in_care,count,0,uasc,in_care,,,,answers,counts.count_statistic,headline,In care"


@pytest.mark.parametrize("row, complaint", [
    ("uasc_in_care,tally,0,uasc,in_care,,,,answers,counts.count_statistic,headline,In care", "kind"),
    ("uasc_in_care,count,,uasc,in_care,,,,answers,counts.count_statistic,headline,In care", "places"),
    ("uasc_in_care,count,0,uasc,in_care,,,,replies,counts.count_statistic,headline,In care", "source"),
    ("uasc_in_care,count,0,uasc,in_care,,,,answers,counts.count_statistic,key,In care", "role"),
    ("uasc_in_care,count,0,uasc,went_missing,,,,answers,counts.count_statistic,headline,In care",
     "cohort"),
    ("uasc_in_care,count,0,uasc,in_care,a,b,,answers,counts.count_statistic,headline,In care",
     "numerator"),
    ("uasc_in_care,count,0,uasc,in_care,,,,answers,counts.count_statistic,headline,", "label"),
    ("uasc_in_care,count,0,uasc,in_care,,,nothing,answers,counts.count_statistic,headline,In care",
     "not a declared id"),
    (GOOD + "\n" + GOOD, "declared twice"),
])
def test_a_bad_registry_row_is_refused_naming_its_line(row, complaint) -> None:
    with pytest.raises(ValueError, match=complaint) as error:
        registry._read_table(f"{HEADER}\n{row}", "registry.csv")
    assert "registry.csv: line 2" in str(error.value) or "declared" in str(error.value) \
        or "registry.csv: uasc_in_care" in str(error.value)


def test_a_registry_with_other_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="line 1: expected the columns"):
        registry._read_table("id,kind\nuasc_in_care,count")


def test_each_rate_and_mean_names_what_it_divides() -> None:
    for definition in STATISTICS.values():
        if definition.is_derived:
            assert definition.numerator and definition.denominator, definition.id
            if definition.source == "answers":
                assert STATISTICS[definition.numerator].kind == "count"
                assert STATISTICS[definition.denominator].kind == "count"
    assert registry.RATIOS == {"missing_pct": ("went_missing", "in_care"),
                               "mean_episodes": ("missing_episodes", "went_missing")}


@pytest.mark.parametrize("statistic_id, number, text", [
    ("uasc_missing_pct", 12.5, "13%"),  # half up, never to even
    ("period:2019:combined_missing_pct", 100, "100%"),
    ("trafficked_mean_episodes", 2.45, "2.5"),
    ("uasc_mean_episodes", 7, "7.0"),  # a mean keeps its decimal
    ("dfe_england_mean_incidents", 6.2036, "6.2"),
    ("uasc_in_care", 4744, "4,744"),
    ("authority:E10000016:uasc_went_missing", 3, "3"),
    ("not_a_statistic", 12345.6, "12,346"),  # undeclared: printed as a count
])
def test_a_number_prints_as_its_statistic_prints(statistic_id, number, text) -> None:
    assert registry.printed(statistic_id, number) == text


def test_rates_and_means_compare_at_printed_precision_and_counts_exactly() -> None:
    from decimal import Decimal

    assert registry.at_printed_precision("uasc_missing_pct", Decimal("12.5")) == 13
    assert registry.at_printed_precision("uasc_mean_episodes", Decimal("6.53")) == Decimal("6.5")
    assert registry.at_printed_precision("uasc_in_care", Decimal(12)) == Decimal(12)


def test_every_statistic_has_its_own_label_and_the_pages_print_it() -> None:
    from foi_missing.publication.report_sections.statistic_text import statistic_label

    labels = [d.label for d in STATISTICS.values()]
    assert len(set(labels)) == len(labels), "two statistics share a label"
    assert statistic_label("nation:Wales:uasc_missing_pct") == (
        "Wales: " + STATISTICS["uasc_missing_pct"].label)
    assert statistic_label("period_change:2021:2022:uasc_in_care").endswith(
        STATISTICS["uasc_in_care"].label)


def test_the_key_findings_are_the_registry_s() -> None:
    from foi_missing.publication.report_sections.findings import FINDINGS

    assert set(FINDINGS) == {sid for sid, d in STATISTICS.items() if d.role == "finding"}
    # Shares of the answers first, DfE's figure for comparison last.
    assert FINDINGS[0].endswith("_missing_pct") and STATISTICS[FINDINGS[-1]].source == "dfe"


def test_contributing_shows_what_the_lookup_prints() -> None:
    """CONTRIBUTING.md walks from an id to its line; the line it shows must be the real one."""
    text = (REPO_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    path_line, function = where_computed("nation:Wales:uasc_missing_pct").split(" ")
    path = path_line.rsplit(":", 1)[0]
    assert f"# {path}:<line> {function}\n" in text
    table_line = next(line for line in registry.REGISTRY_FILE.read_text(encoding="utf-8").splitlines()
                      if line.startswith("uasc_missing_pct,"))
    assert f"   {table_line}\n" in text


def test_ids_are_made_and_read_only_through_the_registry() -> None:
    """No module but the registry spells a scope's prefix ("nation:", "authority:"...): ids
    are built with make_id / cohort_id and read with StatisticId.parse / in_scope."""
    package = REPO_ROOT / "workflow" / "src" / "foi_missing"
    scopes = "|".join(scope for scope in registry.SCOPES if scope)
    spelt = re.compile(rf"""["'](?:{scopes}):|f["'](?:{scopes}):""")
    found = [f"{path.relative_to(package)}:{number}: {line.strip()}"
             for path in sorted(package.rglob("*.py")) if path.name != "registry.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if spelt.search(line)]
    assert found == []


def test_in_scope_picks_a_scope_s_ids() -> None:
    import pandas as pd

    ids = pd.Series(["uasc_in_care", "nation:Wales:uasc_in_care", "period:2019:uasc_in_care",
                     "period_change:2019:2020:uasc_in_care", "authority:W06000001:uasc_in_care"])
    assert list(registry.in_scope(ids, "nation")) == [False, True, False, False, False]
    assert list(registry.in_scope(ids, "period", "authority")) == [False, False, True, False, True]
    with pytest.raises(ValueError, match="no scope 'county'"):
        registry.in_scope(ids, "county")


def test_the_statistics_page_is_the_registry_s() -> None:
    """docs/statistics.md is generated from the registry (uv run python -m tools.statistics_doc)."""
    from tools.statistics_doc import PAGE, page_text

    assert PAGE.read_text(encoding="utf-8") == page_text(), \
        "docs/statistics.md is stale: run uv run python -m tools.statistics_doc"
