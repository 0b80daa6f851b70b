"""Write docs/statistics.md, the list of every statistic, from the statistic registry.

    uv run python -m tools.statistics_doc

The registry (``workflow/src/foi_missing/statistics/registry.csv``) is the one place a
statistic is declared; this page shows it to readers of ``statistics.csv`` (the same
table as the ``statistics defined`` sheet of ``tables.xlsx``).
``tests/unit/test_statistics_registry.py`` fails while the page is out of date.
"""

from __future__ import annotations

from foi_missing.core.paths import REPO_ROOT
from foi_missing.publication.statistic_definitions import definitions_table
from foi_missing.statistics.registry import STATISTICS

PAGE = REPO_ROOT / "docs" / "statistics.md"


def page_text() -> str:
    table = definitions_table(name=lambda sid: f"`{sid}`")
    table["Statistic id"] = [f"`{sid}`" for sid in table["Statistic id"]]
    table["Computed by"] = [f"`{STATISTICS[d].computed_by}`" for d in STATISTICS]
    table = table[["Statistic id", *[c for c in table.columns if c != "Statistic id"]]]
    lines = [
        "# Every statistic",
        "",
        "Generated from the statistic registry, `workflow/src/foi_missing/statistics/registry.csv`,",
        "by `uv run python -m tools.statistics_doc`: do not edit by hand. The same table is the",
        "\"statistics defined\" sheet of `tables.xlsx`. The counting rules are in",
        "[design.md](design.md#counting-rules); how an id is scoped (`nation:`, `period:`,",
        "`authority:`, `period_change:`) is in `statistics/registry.py`.",
        "",
        "A key finding is one of the round report's key findings; the others are rows of its",
        "headline table (an alias under the figure it repeats). Rates and means are rounded half",
        "up to the places shown.",
        "",
        "| " + " | ".join(table.columns) + " |",
        "|" + "---|" * len(table.columns),
    ]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in table.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def main() -> None:
    PAGE.write_text(page_text(), encoding="utf-8")
    print(f"wrote {PAGE.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
