"""A statistic id in words and its value printed the way the statistic prints
(whole percent, one-decimal mean, count), and which statistics are published sums."""

from __future__ import annotations

from collections.abc import Mapping

from foi_missing.publication.report_sections.blocks import to_number
from foi_missing.publication.report_sections.labels import (
    COHORT_WORDS,
    MEASURE_WORDS,
    SPECIAL_LABELS,
)
from foi_missing.statistics.compute import count_text, round_half_up

# Statistics whose value is a sum of per-authority cells (a published total).
_SUM_SUFFIXES = ("_in_care", "_went_missing", "_missing_episodes", "_not_found", "_missing_pct",
                 "_mean_episodes")


_NOT_SUMS = ("_authorities_with_missing", "_authorities_with_not_found", "authorities_with_not_found",
             "authorities_asked", "authorities_responded", "ranking_most_went_missing")


def statistic_label(statistic_id: str, names: Mapping[str, str] | None = None) -> str:
    """Words for a statistic id: ``uasc_missing_pct`` -> "Unaccompanied ... share who went missing"."""
    prefix = ""
    sid = statistic_id
    parts = sid.split(":")
    if len(parts) == 3 and parts[0] in ("nation", "period"):
        prefix = f"{parts[1]}: "
        sid = parts[2]
    elif len(parts) == 4 and parts[0] in ("period_change", "period_change_all"):
        # docs/multi-period.md: like for like (same authorities) or all who reported.
        who = "same authorities" if parts[0] == "period_change" else "all authorities reporting"
        prefix = f"Change {parts[1]} to {parts[2]} ({who}): "
        sid = parts[3]
    elif len(parts) == 3 and parts[0] == "authority":
        name = (names or {}).get(parts[1], parts[1])
        prefix = f"{name}: "
        sid = parts[2]
    if sid in SPECIAL_LABELS:
        return prefix + SPECIAL_LABELS[sid]
    for cohort, words in COHORT_WORDS.items():
        if sid.startswith(cohort + "_"):
            measure = sid[len(cohort) + 1:]
            return prefix + f"{words}: {MEASURE_WORDS.get(measure, measure.replace('_', ' '))}"
    return prefix + sid.replace("_", " ")


def format_like(statistic_id: str, number) -> str:
    """A number printed the way its statistic prints (whole percent, one-decimal mean, count)."""
    number = to_number(number)
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
    base = statistic_id.split(":")[-1]
    if base in _NOT_SUMS or any(base.endswith(s) for s in _NOT_SUMS):
        return False
    return base == "not_found_total" or any(base.endswith(s) for s in _SUM_SUFFIXES)
