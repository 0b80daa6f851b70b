"""A statistic id in words and its value printed the way the statistic prints
(whole percent, one-decimal mean, count), and which statistics are published sums."""

from __future__ import annotations

from collections.abc import Mapping

from foi_missing.core.cells import cell_number
from foi_missing.publication.report_sections.labels import (
    COHORT_WORDS,
    MEASURE_WORDS,
    SPECIAL_LABELS,
)
from foi_missing.statistics.compute import count_text, round_half_up
from foi_missing.statistics.registry import StatisticId


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
    if sid in SPECIAL_LABELS:
        return prefix + SPECIAL_LABELS[sid]
    if parsed.cohort in COHORT_WORDS:
        measure = parsed.measure
        return (prefix + f"{COHORT_WORDS[parsed.cohort]}: "
                f"{MEASURE_WORDS.get(measure, measure.replace('_', ' '))}")
    return prefix + sid.replace("_", " ")


def format_like(statistic_id: str, number) -> str:
    """A number printed the way its statistic prints (whole percent, one-decimal mean, count)."""
    number = cell_number(number)
    if number is None:
        return ""
    if statistic_id.endswith("_pct"):
        return f"{round_half_up(number)}%"
    if statistic_id.endswith("_mean_episodes"):
        return f"{round_half_up(number, 1)}"
    return count_text(number)


def is_headline(statistic_id: str) -> bool:
    return ":" not in statistic_id


def _is_sum(statistic_id: str) -> bool:
    """Is the statistic a sum of per-authority answers (a published total)? The registry says."""
    definition = StatisticId.parse(statistic_id).definition
    return definition is not None and definition.is_sum
