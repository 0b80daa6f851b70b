"""Ranges of hidden cells (foi_missing.publication.disclosure_bounds): the shortcuts and the direct HiGHS
call give what one linear programme over every printed sum gives."""

import math
import random

import numpy as np
import pytest
from foi_missing.publication.disclosure_audit import Problem
from foi_missing.publication.disclosure_bounds import (
    TOLERANCE,
    Equations,
    Programme,
    PublishedSum,
    _solve,
    _solve_linprog,
    bound_hidden,
)
from scipy.optimize import linprog


def random_problem(seed: int) -> Problem:
    """A table of authorities x questions with national, by-nation, per-authority and
    overlapping sums, small counts hidden and some others too."""
    rng = random.Random(seed)
    codes = [f"A{i}" for i in range(rng.randint(4, 9))]
    questions = ["q1", "q2", "q3"]
    values = {(c, q): rng.choice([0, 1, 2, 3, 5, 8, 13, 20]) for c in codes for q in questions}
    hidden = {cell for cell, v in values.items() if 1 <= v <= 4 or rng.random() < 0.2}
    nation = {c: rng.choice("EW") for c in codes}
    sums = [PublishedSum(f"total {q}", tuple((c, q) for c in codes)) for q in questions]
    sums += [PublishedSum(f"{n} {q}", tuple((c, q) for c in codes if nation[c] == n))
             for n in "EW" for q in questions]
    sums += [PublishedSum(f"{c} q1+q2", ((c, "q1"), (c, "q2"))) for c in codes if rng.random() < 0.3]
    some = rng.sample(codes, len(codes) - 1)
    sums.append(PublishedSum("like-for-like q1", tuple((c, "q1") for c in some)))
    sums.append(PublishedSum("twice named", ((codes[0], "q3"), (codes[0], "q3"), (codes[1], "q3"))))
    return Problem(values, hidden, sums)


def reference_bounds(problem: Problem) -> dict:
    """One dense programme over every printed sum per hidden cell (no components, no
    shortcuts): what the audit computed before the bounds had a module of their own."""
    cells = [c for c in problem.values if c in problem.hidden]
    position = {c: i for i, c in enumerate(cells)}
    rows, totals = [], []
    for total in problem.sums:
        members = [c for c in dict.fromkeys(total.parts) if c in problem.hidden]
        if members:
            row = np.zeros(len(cells))
            row[[position[c] for c in members]] = 1
            rows.append(row)
            totals.append(sum(problem.values[c] for c in members))
    found = {}
    for cell in cells:
        if not any(row[position[cell]] for row in rows):
            found[cell] = (0.0, math.inf)
            continue
        objective = np.zeros(len(cells))
        objective[position[cell]] = 1
        low = linprog(objective, A_eq=np.array(rows), b_eq=totals, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=np.array(rows), b_eq=totals, bounds=(0, None), method="highs")
        found[cell] = (max(0.0, low.fun), -high.fun)
    return found


@pytest.mark.parametrize("seed", range(12))
def test_bounds_are_those_of_one_programme_over_every_sum(seed):
    problem = random_problem(seed)
    expected = reference_bounds(problem)
    bounds = bound_hidden(problem)
    assert list(bounds) == list(expected)  # every hidden cell, in the order of the values
    for cell, (lower, upper) in expected.items():
        assert bounds[cell].lower == pytest.approx(lower, abs=1e-9)
        assert bounds[cell].upper == pytest.approx(upper, abs=1e-9)
        own = [s.label for s in problem.sums if cell in s.parts]
        assert bounds[cell].sums == tuple(dict.fromkeys(own))


@pytest.mark.parametrize("seed", range(12))
def test_narrowed_answers_as_the_range_does(seed):
    problem = random_problem(seed)
    equations = Equations(problem.values, problem.sums)
    withheld = {problem.sums[seed % len(problem.sums)].label}
    for allowed in (1, 3, 6):
        bounds = equations.bound_all(problem.hidden, withheld)
        narrow = [c for c, b in bounds.items() if b.width < allowed - TOLERANCE]
        assert narrow == equations.narrowed_all(problem.hidden, withheld, allowed)
        for cell in problem.hidden:
            assert equations.narrowed(cell, problem.hidden, withheld, allowed) == (cell in narrow)


def test_a_lone_cell_and_a_one_sum_component_need_no_programme():
    values = {"a": 3, "b": 2, "c": 7, "d": 1}
    sums = [PublishedSum("a alone", ("a", "c")), PublishedSum("b and d", ("b", "d"))]
    bounds = bound_hidden(Problem(values, {"a", "b", "d"}, sums))
    assert (bounds["a"].lower, bounds["a"].upper) == (3, 3)  # c is printed: a = 10 - 7
    assert (bounds["b"].lower, bounds["b"].upper) == (0, 3)
    assert (bounds["d"].lower, bounds["d"].upper) == (0, 3)


def test_known_points_settle_an_optimum():
    # x + y = 4, y + z = 6: the true counts (1, 3, 3) and the optima found on the way.
    programme = Programme([(("x", "y"), 4), (("y", "z"), 6)], ["x", "y", "z"],
                          {"x": 1, "y": 3, "z": 3})
    assert programme.highest("x", 4) == pytest.approx(4)  # solved: y = 0, z = 6
    assert programme.lowest("y") == 0.0  # that point has y at 0: no programme needed
    assert ("y", 1) not in programme._optima
    assert programme.spread("z") == pytest.approx(3)


def test_direct_highs_call_gives_linprogs_answer():
    rng = np.random.default_rng(1)
    for _ in range(20):
        rows, columns = 6, 15
        matrix = (rng.random((rows, columns)) < 0.3).astype(float)
        matrix[:, 0] = 1
        totals = matrix @ rng.integers(0, 9, columns).astype(float)
        starts = np.concatenate([[0], np.cumsum((matrix != 0).sum(axis=0))]).astype(np.int32)
        index = np.array([r for col in matrix.T for r in np.flatnonzero(col)], dtype=np.int32)
        for sense in (1, -1):
            cost = np.zeros(columns)
            cost[int(rng.integers(columns))] = sense
            direct, through_linprog = (_solve(cost, starts, index, totals),
                                       _solve_linprog(cost, starts, index, totals))
            assert direct[0] == through_linprog[0]
            if direct[0] == "optimal":
                assert direct[1] == pytest.approx(through_linprog[1], abs=1e-9)


def test_inconsistent_sums_are_an_error():
    values = {"a": 2, "b": 3}
    sums = [PublishedSum("a+b", ("a", "b")), PublishedSum("a+b again", ("a", "b"))]
    programme = Programme([(("a", "b"), 5), (("a", "b"), 6)], ["a", "b"], values)
    with pytest.raises(RuntimeError, match="inconsistent"):
        programme.optimum("a", 1)
    assert bound_hidden(Problem(values, {"a", "b"}, sums))["a"].upper == pytest.approx(5)


def test_protection_is_remembered_under_the_files_contents(tmp_path):
    from foi_missing.publication import protection_cache
    from foi_missing.publication.disclosure import DisclosureRule

    table = tmp_path / "answers.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    key = protection_cache.source_key([table], DisclosureRule())
    assert protection_cache.recall(key) is None
    protection_cache.remember(key, {"hidden": {"x"}})
    copy = protection_cache.recall(key)
    copy["hidden"].add("y")  # a caller changing its copy changes nothing remembered
    assert protection_cache.recall(key) == {"hidden": {"x"}}
    assert protection_cache.source_key([table], DisclosureRule(max_count=5)) != key
    table.write_text("a,b\n1,3\n", encoding="utf-8")
    assert protection_cache.recall(protection_cache.source_key([table], DisclosureRule())) is None
    assert protection_cache.recall(None) is None
