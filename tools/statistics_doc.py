"""Write docs/statistics.md, the list of every statistic, from the statistic registry.

    uv run python -m tools.statistics_doc

The registry (``workflow/src/foi_missing/statistics/registry.csv``) is the one place a
statistic is declared; this page shows it to readers of ``statistics.csv``.
``tests/unit/test_statistics_registry.py`` fails while the page is out of date.
"""

from __future__ import annotations

from pathlib import Path

from foi_missing.core.paths import REPO_ROOT
from foi_missing.statistics.registry import STATISTICS, Definition

PAGE = REPO_ROOT / "docs" / "statistics.md"
KIND_WORDS = {
    "count": "a count, added up over the authorities",
    "rate": "a share of children, in percent",
    "mean": "a mean",
    "authorities": "a number of authorities",
    "ranking": "authorities named in order",
    "year": "a year",
    "periods": "the round's periods",
}
SOURCE_WORDS = {"answers": "the councils' answers", "dfe": "DfE's national tables",
                "spec": "the round spec"}


def _printed(definition: Definition) -> str:
    if definition.places is None:
        return "as text"
    unit = " percent" if definition.kind == "rate" else ""
    return (f"whole{unit}" if definition.places == 0
            else f"{definition.places} decimal{'s' if definition.places > 1 else ''}")


def _made_of(definition: Definition) -> str:
    if definition.same_as:
        return f"the same figure as `{definition.same_as}`"
    if definition.numerator:
        def part(name: str) -> str:
            return f"DfE's `{name.split(':', 1)[1]}`" if ":" in name else f"`{name}`"
        return f"{part(definition.numerator)} / {part(definition.denominator)}"
    return ""


def page_text() -> str:
    lines = [
        "# Every statistic",
        "",
        "Generated from the statistic registry, `workflow/src/foi_missing/statistics/registry.csv`,",
        "by `uv run python -m tools.statistics_doc`: do not edit by hand. The counting rules",
        "are in [design.md](design.md#counting-rules); how an id is scoped (`nation:`,",
        "`period:`, `authority:`, `period_change:`) is in `statistics/registry.py`.",
        "",
        "A *finding* is one of the round report's key findings; every other statistic is a",
        "row of its headline table. Rates and means are rounded half up to the places shown.",
        "",
        "| Id | Label | What it is | Printed | Made of | From | Computed by |",
        "|---|---|---|---|---|---|---|",
    ]
    for d in STATISTICS.values():
        what = KIND_WORDS[d.kind] + (" (key finding)" if d.role == "finding" else "")
        lines.append(f"| `{d.id}` | {d.label} | {what} | {_printed(d)} | {_made_of(d)} | "
                     f"{SOURCE_WORDS[d.source]} | `{d.computed_by}` |")
    return "\n".join(lines) + "\n"


def main() -> None:
    PAGE.write_text(page_text(), encoding="utf-8")
    print(f"wrote {Path(PAGE).relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
