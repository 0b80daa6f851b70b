"""How far a reader can narrow each hidden cell: the printed sums as linear equations.

Every printed sum is a linear equation over the hidden cells (its visible cells are
known numbers); a reader only knows that a hidden cell is a count (``0 <= x``). The
range of a hidden cell is found by linear programming (``scipy.optimize.linprog``,
HiGHS) over its *component*: the sums linked to it through shared hidden cells, the
only equations that can constrain it.

:class:`Equations` indexes the sums by cell once, so that the joint protection
(:func:`foi_missing.publication.disclosure_audit.protect`), which asks about one cell at a time
while it hides cells and withholds sums, only ever looks at that cell's component.
Ranges are exact; the shortcuts below only skip a linear programme whose answer is
already known:

- a cell that is alone in a sum (every other cell of it visible) is that sum;
- a component of one sum: each of its cells is 0 to the sum;
- "is the range narrower than the suppression interval?" (:meth:`Equations.narrowed`)
  first looks at the cell's smallest sum (the range lies within 0 and it), then
  maximises the cell: the range always holds the cell's true count (the true counts
  satisfy every sum), so the maximum alone often answers;
- a linear programme already solved (the same component, the same hidden cells) is
  not solved again.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

TOLERANCE = 1e-6


@dataclass(frozen=True)
class PublishedSum:
    """A printed number that is the sum of ``parts`` (cells)."""

    label: str
    parts: tuple[Hashable, ...]


@dataclass
class Bound:
    cell: Hashable
    lower: float
    upper: float  # math.inf when unbounded
    sums: tuple[str, ...]  # labels of the printed sums that constrain the cell

    @property
    def width(self) -> float:
        return self.upper - self.lower


class Equations:
    """The printed ``sums`` over the cells of ``values`` (true counts), indexed by cell.

    Each question names the cells hidden and the labels of the sums withheld (not
    printed); the equations of a sum are its hidden cells adding up to the sum minus its
    visible cells."""

    def __init__(self, values: Mapping[Hashable, int], sums: Sequence):
        self.values = values
        self.labels = [s.label for s in sums]
        # A cell named twice in a sum counts once; cells without a value are not printed.
        self.parts = [tuple(c for c in dict.fromkeys(s.parts) if c in values) for s in sums]
        self.by_cell: dict[Hashable, list[int]] = {}
        for index, parts in enumerate(self.parts):
            for cell in parts:
                self.by_cell.setdefault(cell, []).append(index)
        self._programme: Programme | None = None  # the last one built

    def sums_of(self, cell, withheld=frozenset()) -> list[int]:
        """The printed sums (indices, in order) that hold ``cell``."""
        return [i for i in self.by_cell.get(cell, ()) if self.labels[i] not in withheld]

    def component(self, target, hidden, withheld=frozenset()) -> tuple[dict[int, tuple], list]:
        """The printed sums linked to hidden ``target`` through hidden cells (index -> the
        sum's hidden cells) and those hidden cells (``target`` first)."""
        cells, seen, members = [target], {target}, {}
        for cell in cells:  # grows while it is read
            for index in self.by_cell.get(cell, ()):
                if index in members or self.labels[index] in withheld:
                    continue
                inside = members[index] = tuple(filter(hidden.__contains__, self.parts[index]))
                for other in inside:
                    if other not in seen:
                        seen.add(other)
                        cells.append(other)
        return members, cells

    def _rows(self, members: dict[int, tuple], indices) -> list[tuple[tuple, int]]:
        """Per sum (``indices``, of the component ``members``): its hidden cells and what
        they add up to."""
        return [(members[i], sum(map(self.values.__getitem__, members[i]))) for i in indices]

    def _own(self, target, members) -> list[int]:
        """Those of the component's sums that hold ``target``."""
        return [i for i in self.by_cell[target] if i in members]

    def _labels(self, cell, withheld) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.labels[i] for i in self.sums_of(cell, withheld)))

    def _components(self, hidden, withheld, only=None) -> list[tuple[dict, list]]:
        """The component of every hidden cell (or of each of ``only``), each once."""
        wanted = None if only is None else set(only)
        seen: set = set()
        found = []
        for cell in self.values:
            if cell in hidden and cell not in seen and (wanted is None or cell in wanted):
                members, cells = self.component(cell, hidden, withheld)
                seen.update(cells)
                found.append((members, cells))
        return found

    def bound(self, target, hidden, withheld=frozenset()) -> Bound:
        """The range of hidden ``target`` given every printed sum."""
        return self._bound(target, *self.component(target, hidden, withheld), withheld)

    def bound_all(self, hidden, withheld=frozenset(),
                  only: Iterable | None = None) -> dict[Hashable, Bound]:
        """The range of every hidden cell (or each of ``only``), in the order of ``values``."""
        wanted = None if only is None else set(only)
        bounds = {}
        for members, cells in self._components(hidden, withheld, wanted):  # one at a time
            for cell in cells:
                if wanted is None or cell in wanted:
                    bounds[cell] = self._bound(cell, members, cells, withheld)
        return {cell: bounds[cell] for cell in self.values if cell in bounds}

    def narrowed_all(self, hidden, withheld, allowed: float) -> list:
        """The hidden cells whose range is narrower than ``allowed`` (:meth:`narrowed`),
        in the order of ``values``."""
        narrow = {cell for members, cells in self._components(hidden, withheld) for cell in cells
                  if self._narrowed(cell, members, cells, allowed)}
        return [cell for cell in self.values if cell in narrow]

    def narrowed(self, target, hidden, withheld, allowed: float) -> bool:
        """Is hidden ``target``'s range narrower than ``allowed`` (less a tolerance)?
        The same answer as ``bound(...).width < allowed - TOLERANCE``, often with one
        linear programme or none."""
        return self._narrowed(target, *self.component(target, hidden, withheld), allowed)

    def _narrowed(self, target, members, cells, allowed: float) -> bool:
        if not members:
            return False  # no printed sum holds it: unbounded
        limit = allowed - TOLERANCE
        own = self._rows(members, self._own(target, members))
        cap = min(total for _, total in own)
        if cap < limit:  # the range lies within 0 and the smallest sum that holds the cell
            return True
        closed = self._closed_form(target, own, len(members))
        if closed is not None:
            return closed[1] - closed[0] < limit
        programme = self._programme_for(members, cells)
        if programme.spread(target) >= limit:
            return False
        upper = programme.highest(target, cap)
        if upper < limit:
            return True
        if programme.spread(target) >= limit:
            return False
        return upper - programme.lowest(target) < limit

    def _bound(self, target, members, cells, withheld) -> Bound:
        if not members:
            return Bound(target, 0.0, math.inf, ())
        labels = self._labels(target, withheld)
        own = self._rows(members, self._own(target, members))
        closed = self._closed_form(target, own, len(members))
        if closed is not None:
            return Bound(target, *closed, labels)
        programme = self._programme_for(members, cells)
        upper = programme.highest(target, min(total for _, total in own))
        return Bound(target, programme.lowest(target), upper, labels)

    @staticmethod
    def _closed_form(target, own_rows, sums: int) -> tuple[float, float] | None:
        """(lower, upper) when no linear programme is needed (``own_rows``: the rows that
        hold ``target``; ``sums``: how many sums its component has), else None."""
        for members, total in own_rows:
            if members == (target,):
                return float(total), float(total)  # the sum less its visible cells
        if sums == 1:
            return 0.0, float(own_rows[0][1])  # several cells share one sum: each 0 to the sum
        return None

    def _programme_for(self, members, cells) -> Programme:
        """The component's programme: the last one again when it is the same component
        (the cells of a component are asked about one after another)."""
        key = (frozenset(members), frozenset(cells))
        if self._programme is None or self._programme.key != key:
            self._programme = Programme(self._rows(members, sorted(members)), cells, self.values,
                                        key)
        return self._programme


class Programme:
    """Sums over hidden cells as a linear programme (``rows``: per sum its hidden cells and
    what they add up to; ``cells``: the columns; every cell ``>= 0``), with the points
    known to satisfy it: the true counts, and each optimum found.

    A known point bounds an optimum: a point with the cell at 0 is its minimum (a count
    is never below 0), one with the cell at its smallest sum its maximum; and the range
    spans at least the values the points give the cell."""

    def __init__(self, rows: Sequence[tuple[tuple, int]], cells: Sequence,
                 values: Mapping[Hashable, int], key=None):
        self.key = key
        self.position = {cell: i for i, cell in enumerate(cells)}
        by_column: list[list[int]] = [[] for _ in cells]
        for row, (members, _) in enumerate(rows):
            for cell in members:
                by_column[self.position[cell]].append(row)
        # The matrix column by column (compressed sparse columns), as HiGHS takes it.
        self.starts = np.cumsum([0] + [len(c) for c in by_column], dtype=np.int32)
        self.index = np.array([row for column in by_column for row in column], dtype=np.int32)
        self.totals = np.array([total for _, total in rows], dtype=float)
        self.points = [np.array([values[c] for c in cells], dtype=float)]
        self._optima: dict = {}

    def spread(self, cell) -> float:
        """How far apart the known points put ``cell``: the range is at least this wide."""
        column = [point[self.position[cell]] for point in self.points]
        return max(column) - min(column)

    def lowest(self, cell) -> float:
        """The minimum of ``cell``."""
        if any(point[self.position[cell]] == 0 for point in self.points):
            return 0.0
        return max(0.0, self.optimum(cell, 1))

    def highest(self, cell, cap: float) -> float:
        """The maximum of ``cell`` (``cap``: its smallest sum, which it cannot pass)."""
        if any(point[self.position[cell]] >= cap - TOLERANCE for point in self.points):
            return float(cap)
        return self.optimum(cell, -1)

    def optimum(self, target, sense: int) -> float:
        """min (``sense`` 1) or max (-1) of ``target``; math.inf for an unbounded maximum."""
        if (target, sense) in self._optima:
            return self._optima[target, sense]
        cost = np.zeros(len(self.position))
        cost[self.position[target]] = sense
        status, value, point, message = _solve(cost, self.starts, self.index, self.totals)
        if status == "unbounded" and sense < 0:
            value = math.inf
        elif status != "optimal":
            raise RuntimeError(f"disclosure audit: the printed sums are inconsistent ({message})")
        else:
            value *= sense
            self.points.append(point)
        self._optima[target, sense] = value
        return value


def _solve(cost, starts, index, totals) -> tuple[str, float | None, np.ndarray | None, str]:
    """Minimise ``cost @ x`` subject to ``A x = totals``, ``x >= 0`` (``A``: ones at the
    compressed sparse columns ``starts``, ``index``): (status, optimum, a point that
    reaches it, HiGHS's message).

    The HiGHS that ``scipy.optimize.linprog(method="highs")`` runs, with linprog's
    settings but without presolve, called directly: for the many small programmes of
    the joint protection linprog's checks and conversions, and presolve, cost more than
    the solve (3 to 4 times as much; on the four real rounds the optima are the same,
    to 1e-14). Without those bindings (a scipy that moved them), through linprog."""
    try:
        from scipy.optimize._highspy import _core as highs
    except ImportError:  # pragma: no cover - depends on the scipy release
        return _solve_linprog(cost, starts, index, totals)
    rows, columns = len(totals), len(cost)
    lp = highs.HighsLp()
    lp.num_col_, lp.num_row_ = columns, rows
    lp.col_cost_ = cost
    lp.col_lower_, lp.col_upper_ = np.zeros(columns), np.full(columns, highs.kHighsInf)
    lp.row_lower_ = lp.row_upper_ = totals
    matrix = lp.a_matrix_
    matrix.num_col_, matrix.num_row_ = columns, rows
    matrix.format_ = highs.MatrixFormat.kColwise
    matrix.start_, matrix.index_, matrix.value_ = starts, index, np.ones(len(index))
    solver = highs._Highs()
    for option, value in (("output_flag", False), ("log_to_console", False), ("presolve", "off"),
                          ("simplex_strategy", 1)):  # linprog(method="highs"): dual simplex
        solver.setOptionValue(option, value)
    solver.passModel(lp)
    solver.run()
    status = solver.getModelStatus()
    message = solver.modelStatusToString(status)
    if status == highs.HighsModelStatus.kOptimal:
        return ("optimal", solver.getInfo().objective_function_value,
                np.array(solver.getSolution().col_value), message)
    if status == highs.HighsModelStatus.kUnbounded:
        return "unbounded", None, None, message
    return "failed", None, None, message


def _solve_linprog(cost, starts, index, totals) -> tuple[str, float | None, np.ndarray | None, str]:
    from scipy.optimize import linprog
    from scipy.sparse import csc_array

    matrix = csc_array((np.ones(len(index)), index, starts), shape=(len(totals), len(cost)))
    result = linprog(cost, A_eq=matrix, b_eq=totals, bounds=(0, None), method="highs",
                     options={"presolve": False})
    status = {0: "optimal", 3: "unbounded"}.get(result.status, "failed")
    return status, result.fun, result.x, result.message


def bound_hidden(problem, only: Iterable[Hashable] | None = None) -> dict[Hashable, Bound]:
    """The range each hidden cell (or each of ``only``) of ``problem``
    (:class:`foi_missing.publication.disclosure_audit.Problem`) can take given every printed sum
    and the lower bounds a reader knows (``problem.floor``: a cell ``x >= f`` is ``f + y``)."""
    floor = getattr(problem, "floor", None) or {}
    values = {c: v - floor.get(c, 0) for c, v in problem.values.items()}
    bounds = Equations(values, problem.sums).bound_all(problem.hidden, only=only)
    for cell, bound in bounds.items():
        bound.lower += floor.get(cell, 0)
        bound.upper += floor.get(cell, 0)
    return bounds
