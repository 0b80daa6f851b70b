"""Disclosure audit: can a reader work out a hidden cell from everything the publication prints?

:mod:`foi_missing.publication.disclosure` hides small per-authority counts and protects each
published total on its own. A reader can combine several totals: a national
total, a like-for-like total over the authorities that answered both rounds, a
nation's total and the visible cells. This module treats every printed sum as a
linear equation over the hidden cells (the visible cells are known numbers),
and bounds each hidden cell from below and above by linear programming
(HiGHS, through scipy; :mod:`foi_missing.publication.disclosure_bounds`). A reader only
knows that a hidden cell is a count, so every hidden cell is bounded by ``0 <= x``.

A hidden cell **fails** when its feasible range is narrower than the
suppression interval (``max_count - min_count``, 3 with the default 1 to 4):
determined exactly, or narrowed to e.g. "0 to 2".

:func:`protect` is the joint secondary suppression: while a cell fails, hide
the smallest non-zero visible cell that shares a printed sum with it (ties by
the order cells were given), or, when no such cell is left, withhold a
printed sum that may be withheld (``removable``, e.g. a like-for-like row),
or, as the very last resort, a ``final`` sum (a national round figure, e.g. a
national total that only one authority's hidden cell makes up); otherwise the
cell is reported as unresolved. Deterministic: the same input
gives the same result.

Cells are any hashable keys; for the publication they are
``(round_id, authority_code, column)``, the column of the per-authority table
(:func:`foi_missing.publication.disclosure_cells.cell_column`: the question, and in a round
of several periods the period too). :func:`publication_problem` gathers
every sum the outputs print (round statistics by nation and nationally,
numerators and denominators, per-authority reproduction figures, like-for-like
totals across rounds) and audits them all together.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import pandas as pd

from foi_missing.core.config import default_path
from foi_missing.publication.disclosure import DisclosureRule
from foi_missing.publication.disclosure_bounds import TOLERANCE as _TOLERANCE
from foi_missing.publication.disclosure_bounds import Bound, Equations, PublishedSum, bound_hidden
from foi_missing.publication.disclosure_cells import cell_column, contribution_columns
from foi_missing.publication.disclosure_facts import (
    changes_printing,
    period_change_totals,
    positive_floors,
    shifted,
)
from foi_missing.statistics.registry import StatisticId, in_scope, is_sum

AUDIT_COLUMNS = ["round", "authority_code", "question", "lower", "upper", "width", "result",
                 "sums"]
_PAIR_TRIALS = 16  # the smallest candidates tried in pairs when no single cell is enough
_TRIALS = 400  # candidate cells tried, smallest first, for each failing cell
_ROUNDS = 2000  # steps of joint protection at most (each hides, shows or withholds one thing)


@dataclass
class Problem:
    """Cell values (true counts), which cells are hidden, and the printed sums."""

    values: dict[Hashable, int]
    hidden: set[Hashable]
    sums: list[PublishedSum]
    removable: set[str] = field(default_factory=set)  # labels of sums that may be withheld
    # Hidden because small themselves; None: every hidden cell counts as primary (none shown).
    primary: set | None = None
    preferred: set[str] = field(default_factory=set)  # removable sums withheld first
    last: set[str] = field(default_factory=set)  # removable sums withheld only as a last resort
    # Sums withheld only when nothing else protects a cell (every cell and every removable sum
    # tried first): e.g. a national total that equals, or narrows, a hidden cell.
    final: set[str] = field(default_factory=set)
    # Cells a reader knows to be at least this much (disclosure_facts.positive_floors).
    floor: dict = field(default_factory=dict)


def failing(bounds: Mapping[Hashable, Bound], rule: DisclosureRule) -> list[Bound]:
    """Hidden cells a reader can narrow below the suppression interval, in cell order."""
    allowed = rule.max_count - rule.min_count
    return [b for b in bounds.values() if b.width < allowed - _TOLERANCE]


def audit_table(bounds: Mapping[Hashable, Bound], rule: DisclosureRule) -> pd.DataFrame:
    """One row per hidden cell: its bounds, ``ok`` or ``FAIL``, and the sums that bound it."""
    bad = {id(b) for b in failing(bounds, rule)}
    rows = []
    for bound in bounds.values():
        key = bound.cell if isinstance(bound.cell, tuple) and len(bound.cell) == 3 else ("", bound.cell, "")
        rows.append({
            "round": key[0], "authority_code": key[1], "question": key[2],
            "lower": round(bound.lower, 6), "upper": "inf" if math.isinf(bound.upper) else round(bound.upper, 6),
            "width": "inf" if math.isinf(bound.width) else round(bound.width, 6),
            "result": "FAIL" if id(bound) in bad else "ok",
            "sums": "; ".join(bound.sums),
        })
    frame = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    return frame.sort_values(["round", "authority_code", "question"], kind="stable").reset_index(drop=True)


def failure_message(bounds: Mapping[Hashable, Bound], rule: DisclosureRule, limit: int = 10) -> str:
    """A message naming each failing cell, its range and the printed sums that give it away."""
    bad = failing(bounds, rule)
    lines = [f"disclosure audit: {len(bad)} hidden cell(s) can be worked out from printed sums "
             f"(range narrower than the suppression interval {rule.min_count}-{rule.max_count}):"]
    for bound in bad[:limit]:
        upper = "inf" if math.isinf(bound.upper) else f"{bound.upper:g}"
        what = "exactly" if bound.width < _TOLERANCE else f"to {bound.lower:g}-{upper}"
        lines.append(f"  {bound.cell}: determined {what} by {'; '.join(bound.sums) or 'no sum'}")
    if len(bad) > limit:
        lines.append(f"  ... and {len(bad) - limit} more (see the audit table)")
    return "\n".join(lines)


def zero_total_cells(problem: Problem, rule: DisclosureRule) -> set:
    """Hidden cells of a printed sum of 0: each is 0, so hiding them protects nothing."""
    if rule.min_count <= 0:
        return set()
    cells = set()
    for total in problem.sums:
        parts = [c for c in total.parts if c in problem.values]
        if parts and sum(problem.values[c] for c in parts) == 0:
            cells |= set(parts) & problem.hidden
    return cells


def protect(problem: Problem, rule: DisclosureRule,
            hide_cells: bool = True) -> tuple[set, set[str], list[str]]:
    """Joint secondary suppression (module docstring).

    Returns (hidden cells, labels of withheld sums, unresolved cells as text);
    ``problem`` is not changed. With ``hide_cells=False`` only sums are
    withheld (cells already published elsewhere stay as they are). Hidden cells of a printed sum of 0 are shown
    (:func:`zero_total_cells`). Hiding a cell or withholding a sum only widens
    every range, so a cell that passes once keeps passing: only the failing
    cells are bounded again.
    """
    order = {cell: i for i, cell in enumerate(problem.values)}
    hidden = set(problem.hidden) - (zero_total_cells(problem, rule) if hide_cells else set())
    withheld: set[str] = set()
    unresolved: dict = {}
    # Indexed once, asked many times; a cell with a lower bound is counted from it.
    equations = Equations(shifted(problem.values, problem.floor), problem.sums)
    allowed = rule.max_count - rule.min_count

    def current(cells=(), sums_out=()) -> Problem:
        return Problem(problem.values, hidden | set(cells),
                       [s for s in problem.sums if s.label not in withheld | set(sums_out)])

    def bound(cell, cells=()) -> Bound:
        return equations.bound(cell, hidden | set(cells), withheld)

    def still_failing() -> list:
        return equations.narrowed_all(hidden, withheld, allowed)

    def passes(cell, cells=(), sums_out=()) -> bool:
        return not equations.narrowed(cell, hidden | set(cells), withheld | set(sums_out), allowed)

    def pool(sums) -> list:
        """Visible cells of ``sums``, non-zero ones first, each smallest first (ties: order)."""
        cells = {c for s in sums for c in s.parts if c in problem.values and c not in hidden}
        return sorted(cells, key=lambda c: (problem.values[c] == 0, problem.values[c], order[c]))

    def component(target) -> list[PublishedSum]:
        """Every printed sum linked to ``target`` through shared hidden cells."""
        printed, cells, found = current().sums, {target}, []
        grew = True
        while grew:
            grew = False
            for s in printed:
                if s not in found and cells.intersection(s.parts):
                    found.append(s)
                    cells |= {c for c in s.parts if c in hidden}
                    grew = True
        return found

    def withhold_linked(target, labels: list[str]) -> bool:
        """Withhold every sum of ``labels`` if that frees ``target``, then print again each
        one (in order) it does not need withheld; False when even all of them are not enough."""
        if not labels or not passes(target, sums_out=set(labels)):
            return False
        needed = set(labels)
        for label in labels:
            if passes(target, sums_out=needed - {label}):
                needed.discard(label)
        withheld.update(needed)
        return True

    queue = still_failing()
    unresolved_at: dict = {}  # cell -> (hidden, withheld) counts when it was left unresolved
    rounds = 0
    while rounds < _ROUNDS:
        if not queue:
            # A cell hidden on the way may itself be narrowed: audit again before the end.
            # A cell left unresolved is tried again when anything changed since.
            state = (len(hidden), len(withheld))
            queue = [cell for cell in still_failing() if unresolved_at.get(cell) != state]
            if not queue:
                break
        rounds += 1
        target = queue[0]
        target_bound = bound(target)
        if not failing({target: target_bound}, rule):
            queue.pop(0)
            unresolved.pop(target, None)
            continue
        # A cell hidden only to protect others that the sums pin exactly protects nothing:
        # show it (every other range stays as it was).
        if (hide_cells and problem.primary is not None and target not in problem.primary
                and target_bound.width < _TOLERANCE):
            hidden.discard(target)
            queue.pop(0)
            continue
        printed = current().sums
        sums = [s for s in printed if target in s.parts]
        # The cells that pin the target can sit in sums it is not part of: look at every
        # sum that holds a hidden cell sharing a sum with it (own sums first).
        near = {c for s in sums for c in s.parts if c in hidden}
        around = [s for s in printed if s not in sums and near.intersection(s.parts)]
        candidates = list(dict.fromkeys(pool(sums) + pool(around)))
        # Least loss first: one more hidden cell (smallest first), else one withheld sum.
        tried = candidates[:_TRIALS] if hide_cells else []
        choice = next((c for c in tried if passes(target, cells=[c])), None)
        if choice is not None:
            hidden.add(choice)
            continue
        removable = [s.label for s in current().sums if s.label in problem.removable]
        # Stable: sum order within preferred sums, the others, the last resort.
        removable.sort(key=lambda label: (label not in problem.preferred, label in problem.last))
        label = next((r for r in removable if passes(target, sums_out={r})), None)
        if label is not None:
            withheld.add(label)
            continue
        # Two cells (a difference of two totals can cancel any one cell).
        pairs = combinations(tried[:_PAIR_TRIALS], 2)
        pair = next((p for p in pairs if passes(target, cells=p)), None)
        if pair is not None:
            hidden.add(pair[0])
            hidden.add(pair[1])
            continue
        # Further afield: any visible cell of a sum linked to the target through hidden
        # cells; hiding it may not free the target at once but never narrows a range, so
        # the cell that widens the target most is hidden and the target is tried again.
        if hide_cells:
            wider = [c for c in pool(component(target)) if c not in set(tried)][:_TRIALS]
            choice = next((c for c in wider if passes(target, cells=[c])), None)
            if choice is None:
                widths = [(bound(target, cells=[c]).width, c) for c in (tried + wider)[:_PAIR_TRIALS]]
                widths = [(w, c) for w, c in widths if w > target_bound.width + _TOLERANCE]
                if widths:
                    choice = max(widths, key=lambda wc: (wc[0], -order[wc[1]]))[1]
            if choice is not None:
                hidden.add(choice)
                continue
        # Several sums may pin the target together: withhold every removable sum linked to
        # it, then print again each one (in order) the target does not need withheld.
        linked = [s.label for s in component(target) if s.label in problem.removable]
        if withhold_linked(target, linked):
            continue
        # The very last resort: a final sum (a national figure), one alone if enough, else
        # every final and removable sum linked to the target, then print again each one
        # (final sums first) the target does not need withheld.
        linked = [s.label for s in component(target) if s.label in problem.final]
        label = next((r for r in linked if passes(target, sums_out={r})), None)
        if label is not None:
            withheld.add(label)
            continue
        linked += [s.label for s in component(target) if s.label in problem.removable]
        if withhold_linked(target, linked):
            continue
        queue.pop(0)
        unresolved[target] = f"{target}: {'; '.join(s.label for s in sums)}"
        unresolved_at[target] = (len(hidden), len(withheld))
    for target in queue:  # out of rounds
        unresolved.setdefault(target, f"{target}: not resolved within {_ROUNDS} steps")
    return hidden, withheld, list(unresolved.values())


# --- the project's publication --------------------------------------------------------------------


def _cells_problem(round_id, cells: pd.DataFrame, result, totals) -> Problem:
    from foi_missing.core.cells import cell_count

    values: dict = {}
    hidden: set = set()
    for code in cells.index:
        for question in cells.columns:
            count = cell_count(cells.at[code, question])
            if count is not None:
                key = (round_id, code, question)
                values[key] = count
                if result.is_hidden(code, question):
                    hidden.add(key)
    sums = [PublishedSum(f"{round_id} {total.label}",
                         tuple((round_id, code, q) for code, q in total.parts))
            for total in totals]
    primary = {(round_id, code, question) for (_, code, question) in hidden
               if result.primary.at[code, question]}
    return Problem(values, hidden, sums, primary=primary)


def printed_in_round(data):
    """``printed(label)``: is this round total printed? By-nation figures that the series
    page and the workbook hide (``series_report.nation_disclosure``, decided per round
    from the round's own statistics) are not."""
    from foi_missing.publication.series_report import SeriesData, nation_disclosure

    stats = data.statistics
    if stats.empty or "statistic_id" not in stats.columns:
        return lambda label: True
    stats = stats[~in_scope(stats["statistic_id"], "authority", "period")]
    series = SeriesData(specs=[data.spec], statistics=stats.assign(round=data.round_id),
                        changes=pd.DataFrame(), like_for_like=pd.DataFrame(), trend_png=None,
                        rule=data.rule)
    nations = nation_disclosure(series)
    return lambda label: not nations.is_hidden(data.round_id, label.split(" (")[0])


def printed_ids(data, cells: pd.DataFrame) -> dict[frozenset, list[str]]:
    """Statistic ids by the cells (authority, column) of each of their parts (one part per
    measure, as ``report_sections.authorities.published_totals`` builds the printed sums)."""

    used = data.contributions
    if used.empty or "value_used" not in used.columns:
        return {}
    used = used[used["value_used"].notna() & used["statistic_id"].map(is_sum)]
    used = used.assign(cell_column=contribution_columns(used, data.spec))
    measures = {q.label: q.measure for q in data.spec.questions}
    ids: dict[frozenset, list[str]] = {}
    for (sid, _), group in used.groupby(
            [used["statistic_id"], used["question"].map(measures).fillna("")], sort=True):
        parts = frozenset((code, column) for code, column in
                          zip(group["authority_code"], group["cell_column"])
                          if code in cells.index and column in cells.columns)
        if parts:
            ids.setdefault(parts, []).append(sid)
    return ids


def _by_nation(statistic_id: str) -> bool:
    return StatisticId.parse(statistic_id).scope == "nation"


def _derived(statistic_id: str) -> bool:
    """A rate or a mean of the answers (registry kind)."""
    definition = StatisticId.parse(statistic_id).definition
    return definition is not None and definition.is_derived and definition.source == "answers"


def printed_totals(data, cells: pd.DataFrame, totals, printed, printing=None) -> list:
    """The ``totals`` still printed: a total is printed under every id whose cells are its
    cells (:func:`printed_ids`; ``report_sections.authorities.published_totals`` keeps one label for them), so
    it is left out only when none of those ids is printed (``printed(id)``)."""
    printing = printed_ids(data, cells) if printing is None else printing
    return [t for t in totals
            if any(printed(sid) for sid in printing.get(frozenset(t.parts), [t.label]))]


def protect_round(data, cells: pd.DataFrame, result, totals) -> None:
    """Joint protection of one round's printed totals (``data``: ``report.RoundData``):
    hide further cells of ``result`` (a :class:`foi_missing.publication.disclosure.Disclosure`,
    changed in place) until no hidden cell can be narrowed by combining them."""
    round_id = data.round_id
    printing = printed_ids(data, cells)
    changes = period_change_totals(data, cells, totals)
    problem = _cells_problem(round_id, cells, result,
                             printed_totals(data, cells, [*totals, *changes],
                                            printed_in_round(data), printing))
    problem.floor = positive_floors(problem.values, data.spec, round_id)
    # Every id printing a sum's cells (withheld together).
    ids = {s.label: printing.get(frozenset((code, q) for _, code, q in s.parts),
                                 [s.label.split(" ", 1)[1].split(" (")[0]]) for s in problem.sums}

    def all_ids(label, test) -> bool:
        return all(test(sid) for sid in ids[label])

    # By-nation rates and means (a derived figure, printed only on the series page and in
    # the workbook) may be withheld when no further cell can protect a hidden one.
    # Rates and means first; a by-nation count (which hides the rates and means resting on
    # it) only when nothing else protects the cell.
    nation_sums = [s.label for s in problem.sums if all_ids(s.label, _by_nation)]
    problem.preferred = {label for label in nation_sums
                         if all_ids(label, _derived)}
    # Last resort: a national mean (episodes per missing child), when two national totals
    # over nearly the same authorities differ by a small count that no cell can widen.
    problem.last = {s.label for s in problem.sums
                    if all_ids(s.label, lambda sid: StatisticId.parse(sid).scope == ""
                               and StatisticId.parse(sid).measure == "mean_episodes")}
    # A like-for-like change between two periods (a derived figure) may be withheld too.
    change_sums = {f"{round_id} {t.label}" for t in changes}
    problem.preferred |= change_sums
    problem.removable = set(nation_sums) | problem.last | change_sums
    # The very last resort (after every cell and every removable sum): any other printed
    # round figure, national ones included (a national total over one hidden cell, when only
    # one authority answered).
    problem.final = {s.label for s in problem.sums
                     if not all_ids(s.label, lambda sid: StatisticId.parse(sid).scope == "authority")}
    problem.final -= problem.removable
    hidden, withheld, unresolved = protect(problem, result.rule)
    # A withheld sum is withheld under every id that prints its cells (a rate's numerator
    # and the count it is, a total printed under two names).
    result.withheld = set()
    for label in withheld:
        result.withheld |= {label.split(" ", 1)[1].split(" (")[0], *ids[label]}
    result.withheld |= changes_printing(result.withheld, data.statistics)
    symbol = result.rule.symbol
    for _, code, question in sorted(problem.hidden - hidden, key=str):  # zeros a total of 0 shows
        result.secondary.at[code, question] = False
        result.table.at[code, question] = cells.at[code, question]
    for _, code, question in sorted(hidden - problem.hidden, key=str):
        result.secondary.at[code, question] = True
        result.table[question] = result.table[question].astype(object)
        result.table.at[code, question] = symbol
    result.unresolved = sorted(set(result.unresolved) | {f"jointly: {u}" for u in unresolved})


def round_problem(data, printed=lambda label: True) -> Problem:
    """One round's cells and printed sums (``foi_missing.publication.report.RoundData``)."""
    from foi_missing.publication.report_sections.authorities import authority_disclosure, published_totals

    cells, result = authority_disclosure(data)  # masks the figures it withholds
    totals = published_totals(data, cells)
    totals = printed_totals(data, cells, [*totals, *period_change_totals(data, cells, totals)],
                            lambda sid: printed(sid) and sid.split(" (")[0] not in result.withheld)
    problem = _cells_problem(data.round_id, cells, result, totals)
    problem.floor = positive_floors(problem.values, data.spec, data.round_id)
    return problem


def like_for_like_sums(rounds: Sequence, register) -> list[PublishedSum]:
    """The like-for-like totals (``foi_missing.statistics.series.like_for_like``) as sums of cells:
    per pair of periods, cohort and measure, one sum per period over the units at both
    (cells per authority, question and period: :func:`foi_missing.publication.disclosure_cells.cell_column`)."""
    from foi_missing.statistics.series import (
        COHORTS,
        MEASURES,
        RoundResults,
        comparable_pairs,
        given_figures,
        like_for_like_units,
    )

    by_id = {data.round_id: data for data in rounds}
    results = [RoundResults(d.spec, d.statistics, d.answers) for d in rounds]
    sums = []
    given: dict = {}
    for earlier, later in comparable_pairs(results):
        for point in (earlier, later):
            key = (point.round_id, point.period_id)
            if key not in given:
                given[key] = given_figures(point.results, point.period_id)
        before = given[(earlier.round_id, earlier.period_id)]
        after = given[(later.round_id, later.period_id)]
        for cohort in COHORTS:
            for measure in MEASURES:
                units = like_for_like_units(earlier, later, register, cohort, measure,
                                            before, after)
                if not units:
                    continue
                label = (f"like-for-like {cohort} {measure} {earlier.round_id} "
                         f"{earlier.period_id} to {later.round_id} {later.period_id}")
                codes_from = [c for old, _ in units for c in old]
                codes_to = [c for _, new in units for c in new]
                for point, codes in ((earlier, codes_from), (later, codes_to)):
                    round_id, spec = point.round_id, by_id[point.round_id].spec
                    columns = [cell_column(q.label, point.period_id, spec) for q in spec.questions
                               if q.cohort == cohort and q.measure == measure
                               and point.period_id in q.periods]
                    parts = tuple((round_id, c, column) for c in codes for column in columns)
                    sums.append(PublishedSum(f"{label} ({round_id} value)", parts))
    return sums


def _like_for_like_key(label: str) -> tuple[str, str, str, str, str, str]:
    """(from round, from period, to round, to period, cohort, measure) of a
    :func:`like_for_like_sums` label, as ``foi_missing.statistics.series.like_for_like_key``."""
    _, cohort, measure, earlier, first, _, later, second = label.split(" (")[0].split(" ")
    return earlier, first, later, second, cohort, measure


def publication_problem(rounds: Sequence, series, register, like_for_like_shown=None) -> Problem:
    """Every printed sum over all rounds: round totals the series page and the tables
    workbook still print (by-nation figures it hides are left out), like-for-like rows
    (``like_for_like_shown(row)``, default: those the series page prints)."""
    from foi_missing.publication.series_report import like_for_like_hidden, nation_disclosure

    nations = nation_disclosure(series) if series is not None else None
    if like_for_like_shown is None:
        def like_for_like_shown(row):
            return not like_for_like_hidden(series, row)

    def printed(round_id):
        def check(label: str) -> bool:
            sid = label.split(" (")[0]
            return nations is None or not nations.is_hidden(round_id, sid)
        return check

    values: dict = {}
    hidden: set = set()
    sums: list[PublishedSum] = []
    floor: dict = {}
    for data in rounds:
        part = round_problem(data, printed(data.round_id))
        values.update(part.values)
        hidden |= part.hidden
        sums += part.sums
        floor.update(part.floor)
    removable = set()
    if series is not None and len(rounds) > 1 and not series.like_for_like.empty:
        from foi_missing.statistics.series import like_for_like_key

        shown = {like_for_like_key(r)
                 for r in series.like_for_like.itertuples(index=False) if like_for_like_shown(r)}
        for total in like_for_like_sums(rounds, register):
            if _like_for_like_key(total.label) in shown:
                sums.append(total)
                removable.add(total.label)
    return Problem(values, hidden, sums, removable, floor=floor)


def withheld_like_for_like(rounds: Sequence, series, register) -> set[tuple[str, ...]]:
    """Like-for-like rows the series page must withhold: those whose totals, together with
    everything else printed, narrow a hidden cell (the rounds' own tables are left as they
    are, so each round report stays correct on its own)."""
    from foi_missing.publication.series_report import like_for_like_small

    problem = publication_problem(rounds, series, register,
                                  lambda row: not like_for_like_small(series, row))
    _, withheld, _ = protect(problem, series.rule, hide_cells=False)
    return {_like_for_like_key(label) for label in withheld}


def audit(problem: Problem, rule: DisclosureRule) -> tuple[pd.DataFrame, str | None]:
    """(audit table, failure message or None when every hidden cell is safe)."""
    bounds = bound_hidden(problem)
    table = audit_table(bounds, rule)
    return table, (failure_message(bounds, rule) if failing(bounds, rule) else None)


def cells_in(sums: Iterable[PublishedSum]) -> set:
    return {cell for total in sums for cell in total.parts}


def run_audit(round_ids: Sequence[str], output, results=default_path("results"), raw=default_path("raw"),
              published=default_path("published"), reference=default_path("reference"),
              config: Mapping | None = None) -> str | None:
    """Audit the publication built from ``results``: write the table to ``output`` (always),
    return the failure message or None."""
    from pathlib import Path

    from foi_missing.core.register import load_register
    from foi_missing.core.tables import write_csv
    from foi_missing.publication.report_sections.round_data import load_round
    from foi_missing.publication.series_report import load_series

    rounds = [load_round(r, results, raw, published, config) for r in round_ids]
    series = load_series(round_ids, results, raw, config, published, reference)
    register = load_register(Path(reference) / "authorities.csv")
    problem = publication_problem(rounds, series, register)
    table, message = audit(problem, DisclosureRule.from_config(config))
    write_csv(table, output)
    return message
