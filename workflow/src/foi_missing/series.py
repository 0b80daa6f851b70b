"""Comparisons across FOI rounds.

Three tables, all built from each round's ``statistics.csv`` and
``answers.csv``:

- ``series_statistics``: every national (and by-nation) statistic of every
  round, one row per statistic and round, rounds in the order of their
  periods;
- ``changes``: the change between consecutive rounds as the reports print it
  ("+54% from 590 to 910"). Counts compare exactly; means compare the printed
  one-decimal values (the reports' "+200%" for 2.4 -> 7.2 episodes is
  computed from the printed figures); percentages change in percentage
  points;
- ``like_for_like``: the same comparison restricted to the authorities that
  gave the figure in both rounds, which the reports did not make. Authorities
  are followed through the register's successor links: an authority of the
  earlier round that no longer exists when the later round is sent is
  compared as its successor(s); a merger (Bournemouth + Poole -> BCP) or a
  split (Northamptonshire -> North + West) is compared as one unit, and
  only when every member of the unit gave the figure in its round.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

import pandas as pd

from foi_missing.register import AuthorityRegister
from foi_missing.roundspec import COHORTS, MEASURES, RoundSpec
from foi_missing.statistics import count_text, ratio, round_half_up

SERIES_COLUMNS = (
    "statistic_id", "round", "period", "value", "lower", "upper",
    "numerator", "denominator", "authorities", "text",
)
CHANGE_COLUMNS = (
    "statistic_id", "from_round", "to_round", "from_value", "to_value",
    "change", "change_pct", "text",
)
LIKE_FOR_LIKE_COLUMNS = (
    "from_round", "to_round", "cohort", "measure", "units", "authorities_from",
    "authorities_to", "from_value", "to_value", "change", "change_pct", "text",
)
# Labels rather than quantities: listed by round, never "changed".
NOT_CHANGES = ("ranking", "dfe_england_year")
# Statistics compared by their count, by their printed mean, or in points.
MEAN_SUFFIX = "_mean_episodes"
PERCENT_SUFFIX = "_missing_pct"
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


def in_period_order(rounds: Sequence[RoundResults]) -> list[RoundResults]:
    return sorted(rounds, key=lambda r: (min(p.start for p in r.spec.periods), r.round_id))


def _is_national(statistic_id: str) -> bool:
    return not statistic_id.startswith(("authority:", "period:"))


def series_statistics(rounds: Sequence[RoundResults]) -> pd.DataFrame:
    frames = []
    for order, results in enumerate(in_period_order(rounds)):
        stats = results.statistics
        frame = stats[stats["statistic_id"].map(_is_national)].copy()
        frame["round"] = results.round_id
        frame["period"] = results.period_label
        frame["_order"] = order
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    table = pd.concat(frames, ignore_index=True)
    table = table.sort_values(["statistic_id", "_order"], kind="stable")
    return table.loc[:, list(SERIES_COLUMNS)].reset_index(drop=True)


def _number(value) -> Decimal | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    if not text or ";" in text:
        return None
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


def _comparable(statistic_id: str, value) -> Decimal | None:
    """The value at the precision the reports print it."""
    number = _number(value)
    if number is None:
        return None
    if statistic_id.endswith(MEAN_SUFFIX):
        return round_half_up(number, 1)
    if statistic_id.endswith(PERCENT_SUFFIX):
        return round_half_up(number)
    return number


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}" if number != number.to_integral() else f"{int(number):,}"


def change_text(statistic_id: str, before: Decimal, after: Decimal) -> tuple[Decimal, Decimal | None, str]:
    """(change, change in percent, printed text) of one statistic between rounds."""
    change = after - before
    if statistic_id.endswith(PERCENT_SUFFIX):
        points = int(change)
        unit = "percentage point" if abs(points) == 1 else "percentage points"
        return change, None, f"{points:+d} {unit} from {int(before)}% to {int(after)}%"
    shown_before = _plain(before) if statistic_id.endswith(MEAN_SUFFIX) else count_text(before)
    shown_after = _plain(after) if statistic_id.endswith(MEAN_SUFFIX) else count_text(after)
    percent = ratio(change, before, 100)
    if percent is None:
        return change, None, f"from {shown_before} to {shown_after}"
    return change, percent, f"{int(round_half_up(percent)):+d}% from {shown_before} to {shown_after}"


def changes(rounds: Sequence[RoundResults]) -> pd.DataFrame:
    ordered = in_period_order(rounds)
    rows = []
    for earlier, later in pairwise(ordered):
        before = earlier.statistics.set_index("statistic_id")["value"]
        after = later.statistics.set_index("statistic_id")["value"]
        for statistic_id in sorted(set(before.index) & set(after.index)):
            if not _is_national(statistic_id) or statistic_id.startswith(NOT_CHANGES):
                continue
            a, b = _comparable(statistic_id, before[statistic_id]), _comparable(statistic_id, after[statistic_id])
            if a is None or b is None:
                continue
            change, percent, text = change_text(statistic_id, a, b)
            rows.append({
                "statistic_id": statistic_id, "from_round": earlier.round_id,
                "to_round": later.round_id, "from_value": float(a), "to_value": float(b),
                "change": float(change),
                "change_pct": None if percent is None else float(round_half_up(percent, 1)),
                "text": text,
            })
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def given_figures(results: RoundResults) -> pd.DataFrame:
    """Per authority, cohort and measure: the figure, where the authority gave all of it.

    Columns authority_code, cohort, measure, value. A figure is given when
    every answer behind it is reported (or included elsewhere in the same
    cohort) and at least one is reported; a figure shared with the other
    cohort cannot be split, so it is not given for either.
    """
    answers = results.answers.copy()
    spec_cohort = {q.label: q.cohort for q in results.spec.questions}
    covers = answers.get("covers", pd.Series("", index=answers.index)).fillna("")
    crosses = covers.map(lambda text: len({spec_cohort.get(l) for l in str(text).split(";") if l}) > 1)
    answers["_ok"] = answers["status"].isin(GIVEN_STATUSES) & ~crosses
    answers["_reported"] = answers["status"].eq("reported") & ~crosses
    cells = answers.groupby(["authority_code", "cohort", "measure"], sort=True).agg(
        ok=("_ok", "all"), reported=("_reported", "any")
    ).reset_index()
    cells = cells[cells["ok"] & cells["reported"]]
    stats = results.statistics.set_index("statistic_id")["value"]
    values = [
        _number(stats.get(f"authority:{row.authority_code}:{row.cohort}_{row.measure}"))
        for row in cells.itertuples()
    ]
    cells = cells.assign(value=values)
    cells = cells[cells["value"].notna()]
    return cells.loc[:, ["authority_code", "cohort", "measure", "value"]].reset_index(drop=True)


def _unit_of(code: str, register: AuthorityRegister, on) -> frozenset[str]:
    """The authorities that cover ``code``'s area on date ``on``."""
    return frozenset(a.gss_code for a in register.current_successor(code, on))


def like_for_like(rounds: Sequence[RoundResults], register: AuthorityRegister) -> pd.DataFrame:
    ordered = in_period_order(rounds)
    rows = []
    for earlier, later in pairwise(ordered):
        on = later.spec.date_sent
        before, after = given_figures(earlier), given_figures(later)
        asked_before = set(earlier.answers["authority_code"])
        for cohort in COHORTS:
            for measure in MEASURES:
                a = before[(before["cohort"] == cohort) & (before["measure"] == measure)]
                b = after[(after["cohort"] == cohort) & (after["measure"] == measure)]
                if a.empty or b.empty:
                    continue
                rows.append(_compare_units(earlier, later, cohort, measure, a, b, asked_before,
                                           register, on))
    return pd.DataFrame(rows, columns=LIKE_FOR_LIKE_COLUMNS)


def _compare_units(earlier, later, cohort, measure, before, after, asked_before, register, on) -> dict:
    members: dict[frozenset[str], set[str]] = {}
    for code in sorted(asked_before):
        members.setdefault(_unit_of(code, register, on), set()).add(code)
    given_before = dict(zip(before["authority_code"], before["value"]))
    given_after = dict(zip(after["authority_code"], after["value"]))
    total_before = total_after = Decimal(0)
    units = authorities_from = authorities_to = 0
    for unit, old_codes in sorted(members.items(), key=lambda item: sorted(item[0])):
        if all(c in given_before for c in old_codes) and all(c in given_after for c in unit):
            units += 1
            authorities_from += len(old_codes)
            authorities_to += len(unit)
            total_before += sum(given_before[c] for c in old_codes)
            total_after += sum(given_after[c] for c in unit)
    change, percent, text = change_text(f"{cohort}_{measure}", total_before, total_after)
    return {
        "from_round": earlier.round_id, "to_round": later.round_id, "cohort": cohort,
        "measure": measure, "units": units, "authorities_from": authorities_from,
        "authorities_to": authorities_to, "from_value": float(total_before),
        "to_value": float(total_after), "change": float(change),
        "change_pct": None if percent is None else float(round_half_up(percent, 1)),
        "text": f"{text} over the {units} authorities (or merged areas) that gave it in both rounds",
    }


def trend_figure(series: pd.DataFrame, source: str):
    """Share going missing and numbers in care, by cohort, across rounds."""
    from foi_missing import figures  # matplotlib only when drawing

    rounds = list(dict.fromkeys(series["round"]))
    fig = figures.new_figure(9, 4.2)
    share, counts = fig.subplots(1, 2)
    positions = range(len(rounds))
    for cohort in COHORTS:
        colour = figures.COHORT_COLOURS[cohort]
        label = figures.COHORT_LABELS[cohort]
        pct = _values(series, f"{cohort}_missing_pct", rounds)
        in_care = _values(series, f"{cohort}_in_care", rounds)
        share.plot(positions, pct, marker="o", color=colour, label=label)
        counts.plot(positions, in_care, marker="o", color=colour, label=label)
    share.set_title("Share of children in care who went missing")
    share.set_ylabel("Went missing (% of children in care)")
    share.set_ylim(bottom=0)
    counts.set_title("Children in care (reported)")
    counts.set_ylabel("Children")
    counts.set_ylim(bottom=0)
    figures.thousands_axis(counts.yaxis)
    for axis in (share, counts):
        axis.set_xticks(list(positions), rounds)
        axis.set_xlabel("FOI round")
        axis.set_xlim(-0.5, len(rounds) - 0.5)
    share.legend(loc="lower left")
    notes = ["Rounds ask different councils slightly different questions; see the like-for-like table."]
    return figures.finish_figure(fig, source, notes)


def _values(series: pd.DataFrame, statistic_id: str, rounds: list[str]) -> list[float]:
    rows = series[series["statistic_id"] == statistic_id].set_index("round")["value"]
    return [float(rows[r]) if r in rows.index and pd.notna(rows[r]) else float("nan") for r in rounds]
