"""Every statistic id in one place: how an id is made and read, and what computes it.

An id is a *base* (``uasc_missing_pct``), alone for a round's headline (national)
figure, or behind a scope:

- ``nation:<nation>:<base>``: the figure over one nation's authorities, ``<nation>``
  spelt as in the answers' ``nation`` column (``nation:Northern Ireland:authorities_asked``);
- ``period:<period id>:<base>``: one period of a round asking about several;
- ``authority:<GSS code>:<base>``: one authority's figure (``authority:E10000016:uasc_in_care``);
- ``period_change:<a>:<b>:<base>`` (like for like) and ``period_change_all:<a>:<b>:<base>``
  (all respondents): the change between two periods of one round.

A cohort statistic's base is ``<cohort>_<measure>`` (cohort ``trafficked``, ``uasc``,
``combined`` or ``overlap``). :data:`STATISTICS` declares every base once, in the
order the series page prints them: its kind (how it is printed and whether it is a
sum of per-authority figures), where it comes from (the answers or DfE's tables)
and the function that computes it; :data:`ALIASES` names the ids repeating another's figure.
``computed_by("nation:Wales:uasc_missing_pct")`` gives that function; its source
line is ``inspect.getsourcelines(...)`` away (``where_computed``).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from foi_missing.core.paths import REPO_ROOT

# The scopes an id can have ("" is the round's headline figure) and how many places each names.
SCOPES = {"": 0, "nation": 1, "period": 1, "authority": 1, "period_change": 2,
          "period_change_all": 2}
ID_COHORTS = ("trafficked", "uasc", "combined", "overlap")
# A rate or mean: (numerator measure, denominator measure) of the same cohort.
RATIOS = {"missing_pct": ("went_missing", "in_care"),
          "mean_episodes": ("missing_episodes", "went_missing")}
# Kinds: count (children, summed over authorities), rate (percent, printed whole), mean
# (printed to one decimal), authorities (a number of authorities), ranking (authorities
# named in order), year (a DfE year), periods (the round's periods, not a figure).
KINDS = ("count", "rate", "mean", "authorities", "ranking", "year", "periods")

# id | kind | from | computed by (module.function under foi_missing.statistics)
_TABLE = """
authorities_asked                      authorities answers national.ledger_rows
authorities_responded                  authorities answers national.ledger_rows
trafficked_in_care                     count       answers counts.count_statistic
trafficked_went_missing                count       answers counts.count_statistic
trafficked_missing_pct                 rate        answers national.rate_statistic
trafficked_matched_authorities         authorities answers counts.matched_authorities
trafficked_authorities_with_missing    authorities answers counts.authorities_with
trafficked_missing_episodes            count       answers counts.count_statistic
trafficked_mean_episodes               mean        answers national.rate_statistic
trafficked_not_found                   count       answers counts.count_statistic
trafficked_authorities_with_not_found  authorities answers counts.authorities_with
uasc_in_care                           count       answers counts.count_statistic
uasc_went_missing                      count       answers counts.count_statistic
uasc_missing_pct                       rate        answers national.rate_statistic
uasc_matched_authorities               authorities answers counts.matched_authorities
uasc_authorities_with_missing          authorities answers counts.authorities_with
uasc_missing_episodes                  count       answers counts.count_statistic
uasc_mean_episodes                     mean        answers national.rate_statistic
uasc_not_found                         count       answers counts.count_statistic
uasc_authorities_with_not_found        authorities answers counts.authorities_with
combined_in_care                       count       answers counts.count_statistic
combined_went_missing                  count       answers counts.count_statistic
combined_missing_pct                   rate        answers national.rate_statistic
combined_authorities_with_missing      authorities answers counts.authorities_with
combined_missing_episodes              count       answers counts.count_statistic
combined_mean_episodes                 mean        answers national.rate_statistic
combined_not_found                     count       answers counts.count_statistic
combined_authorities_with_not_found    authorities answers counts.authorities_with
overlap_in_care                        count       answers overlap.with_overlap
combined_distinct_in_care              count       answers overlap.with_overlap
combined_distinct_went_missing         count       answers overlap.with_overlap
not_found_total                        count       answers national.national_rows
authorities_with_not_found             authorities answers national.national_rows
ranking_most_went_missing              ranking     answers authorities.ranking
dfe_england_missing_pct                rate        dfe     official.official_statistics
dfe_england_mean_incidents             mean        dfe     official.official_per_period
dfe_england_year                       year        dfe     official.official_statistics
pooled_periods                         periods     spec    periods.period_rows
period_months                          periods     spec    periods.period_rows
"""
# Scopes whose figures one function computes for every base.
SCOPE_COMPUTED_BY = {"authority": "authorities.per_authority",
                     "period_change": "periods.period_changes",
                     "period_change_all": "periods.period_changes"}


@dataclass(frozen=True)
class Definition:
    """One base id of :data:`STATISTICS`."""

    id: str
    kind: str
    source: str  # answers, dfe (DfE's national table) or spec (the round spec)
    computed_by: str  # module.function under foi_missing.statistics

    @property
    def same_as(self) -> str:
        """The id whose figure an alias repeats ("" for a statistic of its own)."""
        return ALIASES.get(self.id, "")

    @property
    def is_sum(self) -> bool:
        """Is the figure made of per-authority answers added up (a published total)?"""
        return self.source == "answers" and self.kind in ("count", "rate", "mean")


def _read_table(text: str) -> dict[str, Definition]:
    table = {}
    for line in text.strip().splitlines():
        definition = Definition(*line.split())
        if definition.kind not in KINDS or definition.id in table:
            raise ValueError(f"statistic registry: bad line {line!r}")
        table[definition.id] = definition
    return table


# Ids that repeat another id's figure under a name the reports used.
ALIASES = {"not_found_total": "combined_not_found",
           "authorities_with_not_found": "combined_authorities_with_not_found"}
STATISTICS: dict[str, Definition] = _read_table(_TABLE)


@dataclass(frozen=True)
class StatisticId:
    """A statistic id taken apart: ``base``, ``scope`` ("" for a headline figure) and the
    places the scope names (``where``: a nation, a period, a GSS code, or two periods)."""

    base: str
    scope: str = ""
    where: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if SCOPES.get(self.scope) != len(self.where):
            raise ValueError(f"statistic id: scope {self.scope!r} with places {self.where!r}")

    @classmethod
    def parse(cls, text) -> StatisticId:
        """Read an id; text of no scope's shape is a headline base (kept whole)."""
        text = str(text)
        scope, _, rest = text.partition(":")
        places = SCOPES.get(scope)
        if places:
            parts = rest.split(":")
            if len(parts) == places + 1:
                return cls(parts[-1], scope, tuple(parts[:-1]))
        return cls(text)

    def __str__(self) -> str:
        return ":".join((self.scope, *self.where, self.base)) if self.scope else self.base

    @property
    def prefix(self) -> str:
        """What stands before the base (``"nation:Wales:"``; "" for a headline figure)."""
        return str(self)[: -len(self.base)] if self.base else str(self)

    @property
    def nation(self) -> str:
        return self.where[0] if self.scope == "nation" else ""

    @property
    def cohort(self) -> str | None:
        """The cohort of a ``<cohort>_<measure>`` base, else None."""
        return next((c for c in ID_COHORTS if self.base.startswith(c + "_")), None)

    @property
    def measure(self) -> str:
        """What is measured: the base without its cohort (the whole base when it has none)."""
        cohort = self.cohort
        return self.base[len(cohort) + 1:] if cohort else self.base

    @property
    def definition(self) -> Definition | None:
        return STATISTICS.get(self.base)

    @property
    def kind(self) -> str | None:
        definition = self.definition
        return definition.kind if definition else None


def make_id(base: str, scope: str = "", *where: str) -> str:
    """``make_id("uasc_in_care", "nation", "Wales")`` -> ``"nation:Wales:uasc_in_care"``."""
    return str(StatisticId(base, scope, tuple(where)))


def scope_prefix(scope: str = "", *where: str) -> str:
    """What stands before a base in a scope: ``scope_prefix("period", "2019")`` ->
    ``"period:2019:"`` ("" for a headline figure)."""
    StatisticId("", scope, tuple(where))  # checks the scope and its places
    return "".join(f"{part}:" for part in (scope, *where)) if scope else ""


def cohort_id(cohort: str, measure: str, prefix: str = "") -> str:
    """``cohort_id("uasc", "missing_pct")`` -> ``"uasc_missing_pct"``, after ``prefix``."""
    return f"{prefix}{cohort}_{measure}"


def parse_id(text) -> StatisticId:
    return StatisticId.parse(text)


def computed_by(statistic_id) -> Callable:
    """The function that computes a statistic (any scope): one registry lookup."""
    sid = StatisticId.parse(statistic_id)
    name = SCOPE_COMPUTED_BY.get(sid.scope)
    if name is None:
        if sid.definition is None:
            raise KeyError(f"{statistic_id!r} is not in the statistic registry")
        name = sid.definition.computed_by
    module, function = name.rsplit(".", 1)
    return getattr(importlib.import_module(f"foi_missing.statistics.{module}"), function)


def where_computed(statistic_id) -> str:
    """``path:line function`` of the function that computes a statistic (the path from the
    repository's folder)."""
    function = computed_by(statistic_id)
    path = Path(inspect.getsourcefile(function)).resolve()
    line = inspect.getsourcelines(function)[1]
    shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    return f"{shown.as_posix()}:{line} {function.__name__}"
