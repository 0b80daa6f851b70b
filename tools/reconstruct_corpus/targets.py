"""Per-period targets of a multi-period round: the published figures, read from
``data/published/<round>.yaml``, completed by the params file's synthetic shape.

The published file is the one place the figures (and the headline-period assumption,
``headline_period``) are written: a figure without a period takes that headline period,
as :mod:`foi_missing.statistics.reproduction` does. The params file adds only what was never
published (the other periods' totals, the went-missing count of a year whose change alone
was printed); it may not restate a published figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

from .allocate import GenerationError

COHORTS_WITH_TARGETS = ("trafficked", "uasc")
# Published figures a corpus cannot make: they come from the DfE tables, not the replies.
NOT_FROM_REPLIES = ("dfe_england_mean_incidents", "dfe_england_missing_pct", "dfe_england_year")


@dataclass
class CohortTargets:
    in_care: int | None = None
    went_missing: int | None = None
    matched_authorities: int | None = None  # the matched set's size (rate_denominator: matched)
    matched_in_care: int | None = None  # the rate's denominator over the matched set
    matched_went_missing: int | None = None  # the rate's numerator over the matched set
    missing_pct: Decimal | None = None  # printed percent, checked at its precision
    mean_episodes: Decimal | None = None  # printed mean, checked at its precision
    authorities_with_missing: int | None = None
    not_found: int | None = None


@dataclass
class Change:
    """A like-for-like change printed in percent (``period_change:<a>:<b>:<cohort>_<measure>``)."""

    earlier: str
    later: str
    cohort: str
    measure: str
    percent: Decimal

    def later_total(self, earlier_total: int) -> int:
        """The whole later total over the same authorities that prints as ``percent``."""
        places = max(0, -self.percent.as_tuple().exponent)
        guess = int((Decimal(earlier_total) * (1 + self.percent / 100)).quantize(Decimal(1), ROUND_HALF_UP))
        for later in sorted(range(guess - 3, guess + 4), key=lambda v: abs(v - guess)):
            if percent_change(earlier_total, later, places) == self.percent:
                return later
        raise GenerationError(
            f"{self.cohort} {self.measure}: no whole {self.later} total over the same authorities gives "
            f"{self.percent}% against {earlier_total} in {self.earlier}; change the params' {self.earlier} figure")


def percent_change(earlier: int, later: int, places: int) -> Decimal:
    quant = Decimal(1).scaleb(-places)
    return ((Decimal(later) - earlier) * 100 / Decimal(earlier)).quantize(quant, rounding=ROUND_HALF_UP)


@dataclass
class RoundTargets:
    periods: dict[str, dict[str, CohortTargets]]
    changes: list[Change] = field(default_factory=list)
    combined_went_missing: dict[str, int] = field(default_factory=dict)
    headline_period: str | None = None
    headline_assumption: str = ""
    source: str = ""
    printed: list[tuple[str, str, str]] = field(default_factory=list)  # (statistic, period, text) aimed at


def _period_of(figure: dict, headline: str | None) -> str | None:
    if figure.get("period"):
        return str(figure["period"])
    if ":" in figure["statistic_id"]:
        return None
    return headline


def load_targets(params: dict, repo_root: Path, period_ids: list[str]) -> RoundTargets:
    """Published figures (role reproduce) as targets per period, plus the params' shape."""
    rel = params.get("published")
    if not rel:
        raise GenerationError("a multi-period params file names its published figures file (published:)")
    path = repo_root / rel
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    headline = document.get("headline_period") or {}
    head_id = str(headline["id"]) if headline.get("id") else None
    targets = RoundTargets({p: {c: CohortTargets() for c in COHORTS_WITH_TARGETS} for p in period_ids},
                           headline_period=head_id, headline_assumption=str(headline.get("assumption", "")).strip(),
                           source=rel)
    for figure in document["figures"]:
        if figure.get("role", "reproduce") != "reproduce":
            continue
        sid = str(figure["statistic_id"])
        targets.printed.append((sid, _period_of(figure, head_id) or "", str(figure["text"])))
        if sid in NOT_FROM_REPLIES:
            continue
        if sid.startswith("period_change:"):
            _, earlier, later, stat = sid.split(":")
            cohort, measure = stat.split("_", 1)
            targets.changes.append(Change(earlier, later, cohort, measure, Decimal(str(figure["value"]))))
            continue
        period = _period_of(figure, head_id)
        if period not in targets.periods:
            raise GenerationError(f"{rel}: {sid} refers to period {period!r}, not one of the round's")
        if sid == "combined_went_missing":
            targets.combined_went_missing[period] = int(figure["value"])
            continue
        cohort, _, stat = sid.partition("_")
        if cohort not in COHORTS_WITH_TARGETS:
            raise GenerationError(f"{rel}: the generator cannot aim at {sid}")
        cell = targets.periods[period][cohort]
        if stat in {"in_care", "went_missing", "matched_authorities"}:
            setattr(cell, stat, int(figure["value"]))
        elif stat == "missing_pct":
            if figure.get("numerator") is not None:
                cell.matched_went_missing = int(figure["numerator"])
                cell.matched_in_care = int(figure["denominator"])
            else:
                cell.missing_pct = Decimal(str(figure["value"]))
        elif stat == "mean_episodes":
            cell.mean_episodes = Decimal(str(figure["value"]))
        else:
            raise GenerationError(f"{rel}: the generator cannot aim at {sid}")
    # the synthetic shape of what was never published
    for period, by_cohort in (params.get("shape_by_period") or {}).items():
        period = str(period)
        if period not in targets.periods:
            raise GenerationError(f"params shape_by_period names {period!r}, not a period of the round")
        for cohort, figures in by_cohort.items():
            cell = targets.periods[period][cohort]
            for key, value in figures.items():
                if getattr(cell, key) is not None:
                    raise GenerationError(
                        f"params shape_by_period {period} {cohort} {key}: published in {rel}; never restate it")
                setattr(cell, key, Decimal(str(value)) if key == "mean_episodes" else int(value))
    for period, by_cohort in targets.periods.items():
        for cohort, cell in by_cohort.items():
            if cell.in_care is None or cell.went_missing is None and cell.matched_went_missing is None:
                raise GenerationError(f"period {period} {cohort}: no in-care or went-missing target "
                                      "(published or params shape_by_period)")
    return targets
