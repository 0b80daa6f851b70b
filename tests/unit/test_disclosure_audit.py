"""The disclosure audit (foi_missing.disclosure_audit): bounds hidden cells over every printed sum."""

from foi_missing.disclosure import DisclosureRule
from foi_missing.disclosure_audit import (
    Problem,
    PublishedSum,
    audit,
    bound_hidden,
    failing,
    protect,
)

RULE = DisclosureRule()  # hide 1 to 4


def cross_round_example() -> Problem:
    """Round 1 over five authorities (W = Wales, E = England), one question.

    W1 = 1 is hidden (small), W2, E1 and E2 are hidden so that each total on
    its own has at least two hidden cells adding up to more than 4. W1 did not
    answer round 2, so round 1's national total minus the like-for-like total
    (authorities answering both rounds) is W1 exactly.
    """
    values = {("r1", "W1", "q"): 1, ("r1", "W2", "q"): 5, ("r1", "E1", "q"): 2,
              ("r1", "E2", "q"): 6, ("r1", "E3", "q"): 10,
              ("r2", "W2", "q"): 12, ("r2", "E1", "q"): 3, ("r2", "E2", "q"): 8,
              ("r2", "E3", "q"): 9}
    hidden = {("r1", "W1", "q"), ("r1", "W2", "q"), ("r1", "E1", "q"), ("r1", "E2", "q"),
              ("r2", "E1", "q"), ("r2", "E2", "q")}
    r1 = [c for c in values if c[0] == "r1"]
    r2 = [c for c in values if c[0] == "r2"]
    both = [c for c in r1 if c[1] != "W1"]
    sums = [
        PublishedSum("r1 national", tuple(r1)),
        PublishedSum("r1 Wales", (("r1", "W1", "q"), ("r1", "W2", "q"))),
        PublishedSum("r2 national", tuple(r2)),
        PublishedSum("like-for-like (r1 value)", tuple(both)),
        PublishedSum("like-for-like (r2 value)", tuple(r2)),
    ]
    return Problem(values, hidden, sums, removable={"like-for-like (r1 value)"})


def test_each_total_alone_is_protected_in_the_example():
    problem = cross_round_example()
    for total in problem.sums:
        hidden = [c for c in total.parts if c in problem.hidden]
        assert len(hidden) >= 2 and sum(problem.values[c] for c in hidden) > RULE.max_count


def test_audit_catches_the_cross_round_recovery():
    table, message = audit(cross_round_example(), RULE)
    assert message is not None
    assert "('r1', 'W1', 'q'): determined exactly" in message
    assert "r1 national" in message
    row = table[(table["authority_code"] == "W1")].iloc[0]
    assert (row["lower"], row["upper"], row["result"]) == (1, 1, "FAIL")


def test_protection_makes_the_audit_pass():
    problem = cross_round_example()
    hidden, withheld, unresolved = protect(problem, RULE)
    assert unresolved == []
    after = Problem(problem.values, hidden, [s for s in problem.sums if s.label not in withheld])
    table, message = audit(after, RULE)
    assert message is None, message
    assert set(table["result"]) == {"ok"}
    # Hiding more cells cannot help (every cell but W1 is in both totals): the
    # like-for-like total is withheld instead, and nothing else changes.
    assert withheld == {"like-for-like (r1 value)"}
    assert hidden == problem.hidden


def test_published_zero_total_pins_hidden_zeros():
    values = {"a": 0, "b": 0, "c": 3}
    problem = Problem(values, {"a", "b", "c"}, [PublishedSum("zero total", ("a", "b"))])
    bounds = bound_hidden(problem)
    assert [b.cell for b in failing(bounds, RULE)] == ["a", "b"]
    assert bounds["c"].upper == float("inf")


def test_narrowed_range_fails_and_protection_hides_a_neighbour():
    # x + y = 2 with both hidden: each lies in 0..2, narrower than 1..4.
    values = {"x": 1, "y": 1, "z": 7, "w": 9}
    problem = Problem(values, {"x", "y"}, [PublishedSum("total", ("x", "y", "z", "w"))])
    bounds = bound_hidden(problem)
    assert (bounds["x"].lower, bounds["x"].upper) == (0, 2)
    assert failing(bounds, RULE)
    hidden, withheld, unresolved = protect(problem, RULE)
    assert hidden == {"x", "y", "z"} and not withheld and not unresolved
    assert audit(Problem(values, hidden, problem.sums), RULE)[1] is None


def test_protection_shows_zeros_a_printed_zero_total_gives_away():
    values = {"a": 0, "b": 0, "c": 3, "d": 6, "e": 9}
    problem = Problem(values, {"a", "b", "c", "d"},
                      [PublishedSum("zero total", ("a", "b")), PublishedSum("total", ("c", "d", "e"))])
    hidden, withheld, unresolved = protect(problem, RULE)
    assert hidden == {"c", "d"} and not withheld and not unresolved


def test_two_cells_are_hidden_when_one_cannot_break_a_difference():
    # all - part = x: any one extra cell in both totals cancels out; one in `all` only does not.
    values = {"x": 2, "p": 6, "q": 7, "r": 9, "s": 5}
    sums = [PublishedSum("all", ("x", "p", "q", "r", "s")), PublishedSum("part", ("p", "q", "r"))]
    problem = Problem(values, {"x", "p", "q"}, sums)
    assert failing(bound_hidden(problem), RULE)
    hidden, _, unresolved = protect(problem, RULE)
    assert "s" in hidden and not unresolved
    assert audit(Problem(values, hidden, sums), RULE)[1] is None
