"""Every statistic id in one place: what each statistic is, how its id is made and read,
how it prints, and what computes it.

The registry is a table, ``registry.csv`` beside this module, with one row per *base* id
(``uasc_missing_pct``) in the order the series page prints them:

- ``kind``: count (children, summed over authorities), rate (a percent), mean,
  authorities (a number of authorities), ranking (authorities named in order),
  year (a DfE year) or periods (the round's periods, not a figure);
- ``places``: the decimals it is printed to, rounded half up (a rate also gets "%");
- ``cohort`` and ``measure``: a cohort statistic's id is ``<cohort>_<measure>``;
- ``numerator`` and ``denominator``: what a rate or mean divides (registry ids, or
  ``dfe:<column>`` of DfE's national table);
- ``same_as``: the id whose figure an alias repeats under a name the reports used;
- ``source``: answers (the councils' replies), dfe (DfE's national table) or spec (the round spec);
- ``computed_by``: ``module.function`` under ``foi_missing.statistics``;
- ``role``: ``finding`` (a key finding of the round report and a row of its headline
  table) or ``headline`` (a row of the headline table);
- ``label``: the words every page and the workbook print for it.

An id is a base alone for a round's headline (national) figure, or behind a scope:

- ``nation:<nation>:<base>``: the figure over one nation's authorities, ``<nation>``
  spelt as in the answers' ``nation`` column (``nation:Northern Ireland:authorities_asked``);
- ``period:<period id>:<base>``: one period of a round asking about several;
- ``authority:<GSS code>:<base>``: one authority's figure (``authority:E10000016:uasc_in_care``);
- ``period_change:<a>:<b>:<base>`` (like for like) and ``period_change_all:<a>:<b>:<base>``
  (all respondents): the change between two periods of one round.

``computed_by("nation:Wales:uasc_missing_pct")`` gives the computing function; its source
line is ``inspect.getsourcelines(...)`` away (``where_computed``). ``printed(id, number)``
prints a number the way its statistic prints.
"""

from __future__ import annotations

import csv
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from foi_missing.core.paths import REPO_ROOT
from foi_missing.statistics.numbers import round_half_up

REGISTRY_FILE = Path(__file__).with_name("registry.csv")
# The scopes an id can have ("" is the round's headline figure) and how many places each names.
SCOPES = {"": 0, "nation": 1, "period": 1, "authority": 1, "period_change": 2,
          "period_change_all": 2}
ID_COHORTS = ("trafficked", "uasc", "combined", "overlap")
KINDS = ("count", "rate", "mean", "authorities", "ranking", "year", "periods")
NUMERIC_KINDS = ("count", "rate", "mean", "authorities")
SOURCES = ("answers", "dfe", "spec")
ROLES = ("finding", "headline")
COLUMNS = ("id", "kind", "places", "cohort", "measure", "numerator", "denominator", "same_as",
           "source", "computed_by", "role", "label")
DFE_COLUMN = "dfe:"  # a numerator or denominator read from DfE's national table
# Scopes whose figures one function computes for every base.
SCOPE_COMPUTED_BY = {"authority": "authorities.per_authority",
                     "period_change": "periods.period_changes",
                     "period_change_all": "periods.period_changes"}


@dataclass(frozen=True)
class Definition:
    """One row of the registry (one base id)."""

    id: str
    kind: str
    places: int | None  # decimals printed (None: not a number)
    cohort: str
    measure: str
    numerator: str
    denominator: str
    same_as: str  # the id whose figure an alias repeats ("" for a statistic of its own)
    source: str  # answers, dfe (DfE's national table) or spec (the round spec)
    computed_by: str  # module.function under foi_missing.statistics
    role: str  # finding or headline
    label: str

    @property
    def is_sum(self) -> bool:
        """Is the figure made of per-authority answers added up (a published total)?"""
        return self.source == "answers" and self.kind in ("count", "rate", "mean")

    @property
    def is_derived(self) -> bool:
        """A rate or a mean: one figure divided by another."""
        return self.kind in ("rate", "mean")


def _definition(row: dict, where: str) -> Definition:
    """One registry row, checked on its own (the whole table is checked by :func:`_checked`)."""
    def bad(why: str) -> ValueError:
        return ValueError(f"{where}: {why}")

    if list(row) != list(COLUMNS) or None in row.values():
        raise bad(f"expected the columns {', '.join(COLUMNS)}")
    places = row["places"].strip()
    if row["kind"] not in KINDS:
        raise bad(f"kind {row['kind']!r} is not one of {', '.join(KINDS)}")
    if (row["kind"] in NUMERIC_KINDS) != places.isdigit() or (places and not places.isdigit()):
        raise bad("places must be a whole number for a number and empty otherwise")
    if row["source"] not in SOURCES:
        raise bad(f"source {row['source']!r} is not one of {', '.join(SOURCES)}")
    if row["role"] not in ROLES:
        raise bad(f"role {row['role']!r} is not one of {', '.join(ROLES)}")
    if row["cohort"] and (row["cohort"] not in ID_COHORTS
                          or row["id"] != f"{row['cohort']}_{row['measure']}"):
        raise bad(f"id {row['id']!r} is not <cohort>_<measure> of a cohort of {ID_COHORTS}")
    if bool(row["numerator"]) != bool(row["denominator"]) or (
            bool(row["numerator"]) != (row["kind"] in ("rate", "mean"))):
        raise bad("a rate or a mean, and only they, name a numerator and a denominator")
    if not row["label"].strip() or "." not in row["computed_by"]:
        raise bad("needs a label and a computing module.function")
    return Definition(**{**row, "places": int(places) if places else None})


def _checked(table: dict[str, Definition], name: str) -> dict[str, Definition]:
    """References between rows point at declared ids."""
    for definition in table.values():
        for other in (definition.same_as, definition.numerator, definition.denominator):
            if other and not other.startswith(DFE_COLUMN) and other not in table:
                raise ValueError(f"{name}: {definition.id}: {other!r} is not a declared id")
    return table


def _read_table(text: str, name: str = "registry.csv") -> dict[str, Definition]:
    table: dict[str, Definition] = {}
    rows = csv.DictReader(text.splitlines())
    if tuple(rows.fieldnames or ()) != COLUMNS:
        raise ValueError(f"{name}: line 1: expected the columns {', '.join(COLUMNS)}")
    for line, row in enumerate(rows, start=2):
        definition = _definition(row, f"{name}: line {line}")
        if definition.id in table:
            raise ValueError(f"{name}: line {line}: {definition.id!r} is declared twice")
        table[definition.id] = definition
    return _checked(table, name)


def _ratios(table: dict[str, Definition]) -> dict[str, tuple[str, str]]:
    """Per derived cohort measure, its (numerator measure, denominator measure): the same
    for every cohort, or the registry contradicts itself."""
    ratios: dict[str, tuple[str, str]] = {}
    for d in table.values():
        if d.cohort and d.is_derived:
            parts = tuple(table[part].measure for part in (d.numerator, d.denominator))
            if ratios.setdefault(d.measure, parts) != parts:
                raise ValueError(f"registry: {d.id} divides {parts}, other cohorts "
                                 f"{ratios[d.measure]}")
    return ratios


STATISTICS: dict[str, Definition] = _read_table(REGISTRY_FILE.read_text(encoding="utf-8"))
# A rate or mean of a cohort: (numerator measure, denominator measure) of the same cohort.
RATIOS = _ratios(STATISTICS)
# Ids that repeat another id's figure under a name the reports used.
ALIASES = {d.id: d.same_as for d in STATISTICS.values() if d.same_as}


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


def scope_mark(scope: str) -> str:
    """What every id of a scope starts with: ``scope_mark("nation")`` -> ``"nation:"``."""
    if not SCOPES.get(scope):
        raise ValueError(f"statistic id: no scope {scope!r} (one of {', '.join(s for s in SCOPES if s)})")
    return f"{scope}:"


def in_scope(ids, *scopes: str):
    """Which of a column of ids (a pandas Series) belong to any of ``scopes``, as a boolean Series
    (``in_scope(stats["statistic_id"], "authority", "period")``)."""
    return ids.astype(str).str.startswith(tuple(scope_mark(scope) for scope in scopes))


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


def definition_of(statistic_id) -> Definition | None:
    """The registry row of any id (its base's), None for an id the registry does not declare."""
    return StatisticId.parse(statistic_id).definition


def is_sum(statistic_id) -> bool:
    """Is the statistic made of per-authority answers added up (a published total)?"""
    definition = definition_of(statistic_id)
    return definition is not None and definition.is_sum


def printed(statistic_id, number) -> str:
    """A number as its statistic prints: rounded half up to the registry's places, thousands
    separated, "%" after a rate (``printed("uasc_missing_pct", 12.5)`` -> "13%"). An id
    the registry does not declare, or one that is not a number, prints as a count."""
    definition = definition_of(statistic_id)
    places = definition.places if definition is not None and definition.places else 0
    rounded = round_half_up(number, places)
    text = f"{int(rounded):,}" if places == 0 else f"{rounded:,}"
    return f"{text}%" if definition is not None and definition.kind == "rate" else text


def at_printed_precision(statistic_id, number):
    """A rate or a mean rounded as printed (two points are compared as readers see them);
    any other figure unchanged."""
    definition = definition_of(statistic_id)
    if definition is None or not definition.is_derived:
        return number
    return round_half_up(number, definition.places or 0)
