"""A statistic id in words (its registry label behind its scope) and its value printed the
way the statistic prints (the registry's places: whole percent, one-decimal mean, count),
and which statistics are published sums."""

from __future__ import annotations

from collections.abc import Mapping

from foi_missing.core.cells import cell_number
from foi_missing.statistics.registry import StatisticId, printed


def statistic_label(statistic_id: str, names: Mapping[str, str] | None = None) -> str:
    """Words for a statistic id: ``uasc_missing_pct`` -> "Unaccompanied ... share who went missing"."""
    parsed = StatisticId.parse(statistic_id)
    prefix, sid = "", parsed.base
    if parsed.scope in ("nation", "period"):
        prefix = f"{parsed.where[0]}: "
    elif parsed.scope in ("period_change", "period_change_all"):
        # docs/multi-period.md: like for like (same authorities) or all who reported.
        who = "same authorities" if parsed.scope == "period_change" else "all authorities reporting"
        prefix = f"Change {parsed.where[0]} to {parsed.where[1]} ({who}): "
    elif parsed.scope == "authority":
        name = (names or {}).get(parsed.where[0], parsed.where[0])
        prefix = f"{name}: "
    definition = parsed.definition
    return prefix + (definition.label if definition is not None else sid.replace("_", " "))


def format_like(statistic_id: str, number) -> str:
    """A cell printed the way its statistic prints ("" for a cell holding no number)."""
    number = cell_number(number)
    return "" if number is None else printed(statistic_id, number)


def is_headline(statistic_id: str) -> bool:
    return ":" not in statistic_id
