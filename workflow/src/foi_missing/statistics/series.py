"""Comparisons across FOI rounds, a point per period.

A round asks about one period (2014-15, 2017) or several (2018-20: calendar
2018, 2019 and 2020; 2021-24: calendar 2021 to 2023 and 1 January to 30 April
2024). The series is made of **points**, one per period of every round, in
the order of the periods. A period shorter than a year (:data:`YEAR_MONTHS`)
is *partial*: it is a point of its own, never compared with a year.

Tables, all built from each round's ``statistics.csv`` and ``answers.csv``:

- ``series_statistics``: every national statistic at every point (a
  single-period round's plain ids, a multi-period round's
  ``period:<id>:`` ids), plus the by-nation statistics of each round (for a
  multi-period round the whole years added together, as the round's own
  tables give them);
- ``changes``: the change between consecutive whole-year points as the
  reports print it ("+54% from 590 to 910"). Counts compare exactly; means
  compare the printed one-decimal values; percentages change in percentage
  points. Each row says whether the two figures are comparable
  (``comparable``: ``yes``, ``definition changed`` or ``no``, with a
  ``note``). A change between unlike things (the number of authorities asked
  where different kinds of authority were asked) has no ``text``; a change
  from 0 to 0 is not listed;
- ``like_for_like``: the same comparison restricted to the authorities that
  gave the figure at both points. Authorities are followed through the
  register's successor links: an authority of the earlier round that no
  longer exists when the later round is sent is compared as its
  successor(s); a merger (Bournemouth + Poole -> BCP) or a split
  (Northamptonshire -> North + West) is compared as one unit, and only when
  every member of the unit gave the figure;
- ``round_differences``: what changed between consecutive rounds (questions,
  cohorts, kinds of authority asked, period lengths, rate definition) and
  what each change means for comparisons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

import pandas as pd

from foi_missing.core.cells import cell_decimal
from foi_missing.core.register import AuthorityRegister
from foi_missing.core.roundspec import COHORTS, MEASURES, Period, RoundSpec
from foi_missing.statistics.numbers import ratio, round_half_up
from foi_missing.statistics.registry import (
    StatisticId,
    at_printed_precision,
    in_scope,
    printed,
    scope_prefix,
)
from foi_missing.statistics.series_comparability import (  # noqa: F401 - part of this module's interface
    COMPARABLE,
    DEFINITION_CHANGED,
    NOT_COMPARABLE,
    YEAR_MONTHS,
    comparability,
    months,
    round_differences,
    unlike_authorities,
)

SERIES_COLUMNS = (
    "statistic_id", "round", "period", "period_label", "start", "end", "months", "partial",
    "source_id",
    "value", "lower", "upper", "numerator", "denominator", "authorities", "text",
)
CHANGE_COLUMNS = (
    "statistic_id", "from_round", "to_round", "from_period", "to_period", "from_value",
    "to_value", "change", "change_pct", "comparable", "note", "text",
)
LIKE_FOR_LIKE_COLUMNS = (
    "from_round", "to_round", "from_period", "to_period", "cohort", "measure", "units",
    "authorities_from", "authorities_to", "from_value", "to_value", "change", "change_pct",
    "comparable", "note", "text",
)
# Labels rather than quantities: listed by point, never "changed".
NOT_CHANGES = ("ranking", "dfe_england_year")
# Counts of authorities asked or answering: a change of the request, compared only where the
# same kinds of authority were asked, and never between periods of one request.
AUTHORITY_COUNTS = ("authorities_asked", "authorities_responded")
# A cohort figure counts as "given" when every answer behind it says so.
GIVEN_STATUSES = {"reported", "included_elsewhere"}


@dataclass(frozen=True)
class RoundResults:
    """What the series needs of one round."""

    spec: RoundSpec
    statistics: pd.DataFrame
    answers: pd.DataFrame

    @property
    def round_id(self) -> str:
        return self.spec.round_id

    @property
    def period_label(self) -> str:
        return "; ".join(p.label for p in self.spec.periods)

    @property
    def multi_period(self) -> bool:
        return len(self.spec.periods) > 1


@dataclass(frozen=True)
class Point:
    """One period of one round: a point of the series."""

    results: RoundResults
    period: Period

    @property
    def round_id(self) -> str:
        return self.results.round_id

    @property
    def period_id(self) -> str:
        return self.period.id

    @property
    def months(self) -> int:
        return months(self.period)

    @property
    def partial(self) -> bool:
        return self.months < YEAR_MONTHS

    @property
    def prefix(self) -> str:
        """The prefix of this point's ids in the round's statistics."""
        return scope_prefix("period", str(self.period.id)) if self.results.multi_period else ""

    @property
    def column(self) -> str:
        """The point's heading in tables: its period id, a partial period marked."""
        return point_column(self.period_id, self.months, self.partial)


def point_column(period_id: str, length: int, partial: bool) -> str:
    return f"{period_id} ({length} months, partial)" if partial else str(period_id)


def in_period_order(rounds: Sequence[RoundResults]) -> list[RoundResults]:
    return sorted(rounds, key=lambda r: (min(p.start for p in r.spec.periods), r.round_id))


def series_points(rounds: Sequence[RoundResults]) -> list[Point]:
    """Every period of every round, in the order of the periods."""
    points = [Point(r, p) for r in in_period_order(rounds) for p in r.spec.periods]
    return sorted(points, key=lambda p: (p.period.start, p.period.end, p.round_id))


def comparable_pairs(rounds: Sequence[RoundResults]) -> list[tuple[Point, Point]]:
    """Consecutive whole-year points: the only pairs the series compares. A partial period
    is skipped (never compared); points of other lengths are never paired."""
    whole = [p for p in series_points(rounds) if not p.partial]
    return [(a, b) for a, b in pairwise(whole) if a.months == b.months]


def _is_national(statistic_id: str) -> bool:
    """A point's own figure: no scope, and not about the round's periods (``pooled_periods``,
    ``period_months``)."""
    sid = StatisticId.parse(statistic_id)
    return not sid.scope and sid.kind != "periods"


def _point_rows(point: Point) -> pd.DataFrame:
    """The point's national statistics, ids without the period prefix."""
    stats = point.results.statistics
    ids = stats["statistic_id"].astype(str)
    if point.prefix:
        frame = stats[ids.str.startswith(point.prefix)].copy()
        frame["source_id"] = frame["statistic_id"]
        frame["statistic_id"] = frame["statistic_id"].str[len(point.prefix):]
        frame = frame[frame["statistic_id"].map(_is_national)]
    else:
        frame = stats[ids.map(_is_national)].copy()
        frame["source_id"] = frame["statistic_id"]
    return frame


def series_statistics(rounds: Sequence[RoundResults]) -> pd.DataFrame:
    """One row per point and national statistic, then each round's by-nation statistics
    (``period`` the round's period, or its whole years joined by ";" for a multi-period
    round, whose by-nation figures add the years together)."""
    frames = []
    for order, point in enumerate(series_points(rounds)):
        frame = _point_rows(point)
        frame = frame.assign(round=point.round_id, period=point.period_id,
                             period_label=point.period.label,
                             start=point.period.start.isoformat(),
                             end=point.period.end.isoformat(), months=point.months,
                             partial=point.partial, _order=order, _nation=0)
        frames.append(frame)
    for order, results in enumerate(in_period_order(rounds)):
        stats = results.statistics
        frame = stats[in_scope(stats["statistic_id"], "nation")].copy()
        whole = [p for p in results.spec.periods if months(p) >= YEAR_MONTHS] or list(
            results.spec.periods)
        label = whole[0].label if len(whole) == 1 else (
            ", ".join(p.id for p in whole[:-1]) + f" and {whole[-1].id} added together")
        frames.append(frame.assign(
            source_id=frame["statistic_id"], round=results.round_id,
            period=";".join(p.id for p in whole), period_label=label,
            start=whole[0].start.isoformat(), end=whole[-1].end.isoformat(),
            months=sum(months(p) for p in whole), partial=False, _order=order, _nation=1))
    if not frames:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    table = pd.concat(frames, ignore_index=True)
    table = table.sort_values(["_nation", "statistic_id", "_order"], kind="stable")
    return table.loc[:, list(SERIES_COLUMNS)].reset_index(drop=True)


def _is_kind(statistic_id: str, kind: str) -> bool:
    return StatisticId.parse(statistic_id).kind == kind


def _comparable(statistic_id: str, value) -> Decimal | None:
    """The value at the precision the reports print it (the registry's, for a rate or a mean)."""
    number = cell_decimal(value)
    return None if number is None else at_printed_precision(statistic_id, number)


def change_text(statistic_id: str, before: Decimal, after: Decimal) -> tuple[Decimal, Decimal | None, str]:
    """(change, change in percent, printed text) of one statistic between two points."""
    change = after - before
    if _is_kind(statistic_id, "rate"):
        if change == 0:
            return change, None, f"unchanged at {int(after)}%"
        points = int(change)
        unit = "percentage point" if abs(points) == 1 else "percentage points"
        return change, None, f"{points:+d} {unit} from {int(before)}% to {int(after)}%"
    shown_before, shown_after = printed(statistic_id, before), printed(statistic_id, after)
    if change == 0:
        return change, Decimal(0), f"unchanged at {shown_after}"
    percent = ratio(change, before, 100)
    if percent is None:
        return change, None, f"from {shown_before} to {shown_after}"
    return change, percent, f"{int(round_half_up(percent)):+d}% from {shown_before} to {shown_after}"


def changes(rounds: Sequence[RoundResults],
            register: AuthorityRegister | None = None) -> pd.DataFrame:
    rows = []
    for earlier, later in comparable_pairs(rounds):
        before = _point_rows(earlier).set_index("statistic_id")["value"]
        after = _point_rows(later).set_index("statistic_id")["value"]
        nation_rows = []
        if not earlier.results.multi_period and not later.results.multi_period:
            # By-nation figures exist per round; a multi-period round's add its years together.
            for results, target in ((earlier.results, "before"), (later.results, "after")):
                stats = results.statistics
                nation_rows.append(stats[in_scope(stats["statistic_id"], "nation")].set_index(
                    "statistic_id")["value"])
            before = pd.concat([before, nation_rows[0]])
            after = pd.concat([after, nation_rows[1]])
        for statistic_id in sorted(set(before.index) & set(after.index)):
            base = StatisticId.parse(statistic_id).base
            if base.startswith(NOT_CHANGES):
                continue
            a, b = _comparable(statistic_id, before[statistic_id]), _comparable(
                statistic_id, after[statistic_id])
            if a is None or b is None or (a == 0 and b == 0):
                continue
            comparable, note = comparability(statistic_id, earlier, later, register)
            change, percent, text = change_text(statistic_id, a, b)
            if comparable == NOT_COMPARABLE:
                change, percent, text = None, None, ""
            rows.append({
                "statistic_id": statistic_id, "from_round": earlier.round_id,
                "to_round": later.round_id, "from_period": earlier.period_id,
                "to_period": later.period_id, "from_value": float(a), "to_value": float(b),
                "change": None if change is None else float(change),
                "change_pct": None if percent is None else float(round_half_up(percent, 1)),
                "comparable": comparable, "note": note, "text": text,
            })
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


# --- like for like -------------------------------------------------------------------------------


def given_figures(results: RoundResults, period: str | None = None) -> pd.DataFrame:
    """Per authority, cohort and measure: the figure, where the authority gave all of it.

    ``period``: one period of the round; None: every period the round's plain statistics
    add together (its whole years). Columns authority_code, cohort, measure, value. A figure
    is given when every answer behind it is reported (or included elsewhere in the same
    cohort) and at least one is reported; a figure shared with the other cohort cannot be
    split, so it is not given for either. A joint figure of two questions of one cohort
    (identified and suspected together) counts once.
    """
    from foi_missing.statistics.cells import prepare_answers
    from foi_missing.statistics.periods import pooled_periods

    prepared = prepare_answers(results.answers, results.spec)
    periods = [period] if period is not None else pooled_periods(results.spec)
    prepared = prepared[prepared["period"].isin(periods)
                        & prepared["cohort"].isin(COHORTS)]
    prepared = prepared.assign(
        _ok=prepared["status"].isin(GIVEN_STATUSES) & (prepared["base_group"] == prepared["cohort"]),
        _reported=prepared["status"].eq("reported") & (prepared["base_group"] == prepared["cohort"]),
        _value=prepared["value"].where(prepared["counted"] & prepared["status"].eq("reported"), 0.0),
    )
    cells = prepared.groupby(["authority_code", "cohort", "measure"], sort=True).agg(
        ok=("_ok", "all"), reported=("_reported", "any"), value=("_value", "sum")).reset_index()
    cells = cells[cells["ok"] & cells["reported"]]
    cells = cells.assign(value=[Decimal(repr(float(v))).normalize() for v in cells["value"]])
    return cells.loc[:, ["authority_code", "cohort", "measure", "value"]].reset_index(drop=True)


def _unit_of(code: str, register: AuthorityRegister, on) -> frozenset[str]:
    """The authorities that cover ``code``'s area on date ``on``."""
    return frozenset(a.gss_code for a in register.current_successor(code, on))


def units_text(count: int) -> str:
    """"1 authority (or merged area)" / "12 authorities (or merged areas)"."""
    return ("1 authority (or merged area)" if count == 1
            else f"{count:,} authorities (or merged areas)")


def like_for_like_key(row) -> tuple[str, str, str, str, str, str]:
    """What identifies a like-for-like row (a row of ``like_for_like``'s table)."""
    return (str(row.from_round), str(row.from_period), str(row.to_round), str(row.to_period),
            str(row.cohort), str(row.measure))


def like_for_like_units(earlier: Point, later: Point, register: AuthorityRegister, cohort: str,
                        measure: str, before: pd.DataFrame, after: pd.DataFrame):
    """The units compared: [(earlier codes, later codes)], each given at both points."""
    on = later.results.spec.date_sent
    members: dict[frozenset[str], set[str]] = {}
    for code in sorted(set(earlier.results.answers["authority_code"])):
        unit = frozenset([code]) if earlier.results is later.results else _unit_of(
            code, register, on)
        members.setdefault(unit, set()).add(code)
    a = set(before.loc[(before["cohort"] == cohort) & (before["measure"] == measure),
                       "authority_code"])
    b = set(after.loc[(after["cohort"] == cohort) & (after["measure"] == measure),
                      "authority_code"])
    return [(sorted(old), sorted(unit))
            for unit, old in sorted(members.items(), key=lambda item: sorted(item[0]))
            if old <= a and unit <= b]


def like_for_like(rounds: Sequence[RoundResults], register: AuthorityRegister) -> pd.DataFrame:
    rows = []
    given: dict[tuple[str, str], pd.DataFrame] = {}

    def figures(point: Point) -> pd.DataFrame:
        key = (point.round_id, point.period_id)
        if key not in given:
            given[key] = given_figures(point.results, point.period_id)
        return given[key]

    for earlier, later in comparable_pairs(rounds):
        before, after = figures(earlier), figures(later)
        for cohort in COHORTS:
            for measure in MEASURES:
                a = before[(before["cohort"] == cohort) & (before["measure"] == measure)]
                b = after[(after["cohort"] == cohort) & (after["measure"] == measure)]
                if a.empty or b.empty:
                    continue
                units = like_for_like_units(earlier, later, register, cohort, measure, a, b)
                row = _compare_units(earlier, later, cohort, measure, a, b, units, register)
                if row["from_value"] == 0 and row["to_value"] == 0:
                    continue
                rows.append(row)
    return pd.DataFrame(rows, columns=LIKE_FOR_LIKE_COLUMNS)


def _compare_units(earlier: Point, later: Point, cohort, measure, before, after, units,
                   register) -> dict:
    given_before = dict(zip(before["authority_code"], before["value"]))
    given_after = dict(zip(after["authority_code"], after["value"]))
    total_before = sum((given_before[c] for old, _ in units for c in old), Decimal(0))
    total_after = sum((given_after[c] for _, new in units for c in new), Decimal(0))
    sid = f"{cohort}_{measure}"
    change, percent, text = change_text(sid, total_before, total_after)
    comparable, note = comparability(sid, earlier, later, register)
    return {
        "from_round": earlier.round_id, "to_round": later.round_id,
        "from_period": earlier.period_id, "to_period": later.period_id, "cohort": cohort,
        "measure": measure, "units": len(units),
        "authorities_from": sum(len(old) for old, _ in units),
        "authorities_to": sum(len(new) for _, new in units),
        "from_value": float(total_before), "to_value": float(total_after),
        "change": float(change),
        "change_pct": None if percent is None else float(round_half_up(percent, 1)),
        "comparable": comparable, "note": note,
        "text": f"{text} over the {units_text(len(units))} that gave it at both points",
    }
