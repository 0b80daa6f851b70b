"""The disclosure audit (foi_missing.publication.disclosure_audit): bounds hidden cells over every printed sum."""

import copy

import pytest
from foi_missing.publication.disclosure import DisclosureRule
from foi_missing.publication.disclosure_audit import (
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


def test_a_visible_zero_is_hidden_when_no_non_zero_cell_is_left():
    # x + y = 5 with every other cell 0: hiding a zero of the same total gives x a range again
    # only together with a sum that does not pin it; here (x, y, z) with z hidden is 0..5.
    values = {"x": 2, "y": 3, "z": 0, "a": 9, "b": 0}
    sums = [PublishedSum("t", ("x", "y", "z")), PublishedSum("ya", ("y", "a", "b"))]
    problem = Problem(values, {"x", "y"}, sums, primary={"x", "y"})
    hidden, _, unresolved = protect(problem, RULE)
    assert not unresolved
    assert audit(Problem(values, hidden, sums), RULE)[1] is None


def test_a_secondary_cell_the_sums_pin_exactly_is_shown():
    # s was hidden to protect p, but s alone makes up the second total: showing it changes nothing.
    values = {"p": 2, "s": 7, "q": 6}
    sums = [PublishedSum("ps", ("p", "s", "q")), PublishedSum("s alone", ("s",))]
    problem = Problem(values, {"p", "s", "q"}, sums, primary={"p"})
    hidden, _, unresolved = protect(problem, RULE)
    assert "s" not in hidden and {"p", "q"} <= hidden and not unresolved


def _random_problem(seed: int, cells: int) -> Problem:
    """Several overlapping printed sums (national, nation, a subset) over small random counts."""
    import random

    import pandas as pd
    from foi_missing.publication.disclosure import Total, apply_disclosure

    rng = random.Random(seed)
    codes = [f"A{i}" for i in range(cells)]
    table = pd.DataFrame({"q1": [rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 40]) for _ in codes],
                          "q2": [rng.choice([0, 1, 2, 4, 6, 20]) for _ in codes]},
                         index=codes, dtype=object)
    nation = [c for c in codes if rng.random() < 0.6] or codes[:1]
    subset = [c for c in codes if rng.random() < 0.8] or codes[:1]
    groups = {"all q1": [(c, "q1") for c in codes], "all q2": [(c, "q2") for c in codes],
              "both": [(c, q) for c in codes for q in ("q1", "q2")],
              "nation q1": [(c, "q1") for c in nation], "subset q1": [(c, "q1") for c in subset],
              "subset both": [(c, q) for c in subset for q in ("q1", "q2")]}
    totals = [Total(tuple(parts), None, label) for label, parts in groups.items()]
    result = apply_disclosure(table, ["q1", "q2"], RULE, column_totals=False, totals=totals)
    values = {(c, q): int(table.at[c, q]) for c in codes for q in ("q1", "q2")}
    hidden = {cell for cell in values if result.is_hidden(*cell)}
    primary = {cell for cell in values if result.primary.at[cell]}
    return Problem(values, hidden,
                   [PublishedSum(label, tuple(parts)) for label, parts in groups.items()],
                   primary=primary)


def test_protection_passes_the_audit_or_names_every_cell_it_cannot_protect():
    for seed in range(4):
        for size in (5, 8, 15):
            problem = _random_problem(seed, size)
            hidden, withheld, unresolved = protect(problem, RULE)
            after = Problem(problem.values, hidden,
                            [s for s in problem.sums if s.label not in withheld])
            bounds = bound_hidden(after)
            still = {str(b.cell) for b in failing(bounds, RULE)}
            named = {u.split(": ")[0] for u in unresolved}
            assert still <= named, (seed, size, still - named)
            # Protection is deterministic.
            assert protect(problem, RULE) == (hidden, withheld, unresolved)


# --- any round: random subsets of the committed rounds' answer keys --------------------------------


def _subset_round(round_id: str, size: int, seed: int):
    """``report.RoundData`` for ``size`` authorities of a committed round, drawn with ``seed``
    (answers from the answer key tests/fixtures/truth; statistics computed by the package)."""
    import random
    from pathlib import Path

    import pandas as pd
    from foi_missing.core.roundspec import load_round_spec
    from foi_missing.core.tables import read_csv
    from foi_missing.publication.report_sections.round_data import RoundData
    from foi_missing.statistics.compute import compute_statistics

    root = Path(__file__).resolve().parents[2]
    spec = load_round_spec(root / "data" / "raw" / round_id)
    truth = read_csv(root / "tests" / "fixtures" / "truth" / f"{round_id}.csv")
    register = read_csv(root / "data" / "reference" / "authorities.csv").drop_duplicates("gss_code")
    codes = sorted(set(truth["authority_code"]))
    keep = sorted(random.Random(f"{round_id}-{size}-{seed}").sample(codes, size))
    answers = truth[truth["authority_code"].isin(keep)].copy()
    questions = {q.label: q for q in spec.questions}
    names = dict(zip(register["gss_code"], register["short_name"]))
    nations = dict(zip(register["gss_code"], register["nation"]))
    answers["round"] = round_id
    answers["authority_name"] = answers["authority_code"].map(names)
    answers["nation"] = answers["authority_code"].map(nations)
    for column in ("cohort", "sub_cohort", "measure"):
        answers[column] = [getattr(questions[q], column) for q in answers["question"]]
    for column in ("value", "lower", "upper"):
        answers[column] = pd.to_numeric(answers[column], errors="coerce")
    statistics, contributions = compute_statistics(answers, spec)
    empty = pd.DataFrame()
    return RoundData(round_id=round_id, spec=spec, rule=RULE, answers=answers, qa=empty,
                     statistics=statistics, contributions=contributions,
                     reproduction=pd.DataFrame(columns=["statistic_id", "computed_value"]),
                     official_comparison=empty, coding_sheet=empty)


@pytest.mark.slow  # protects and audits sixteen subsets of the real rounds
def test_protection_on_any_round_passes_the_audit_or_names_what_it_cannot_protect():
    """Property over deterministic random subsets of both rounds: after protection, every
    hidden cell the round's printed sums (by-nation figures the series page hides and
    withheld figures left out) narrow below the suppression interval is named as unresolved
    (the report says so and the disclosure audit fails the build): none is narrowed silently.
    Most small subsets do not pass outright (see docs/disclosure.md, Known limits)."""
    from foi_missing.publication.disclosure_audit import printed_in_round, round_problem
    from foi_missing.publication.report_sections.authorities import authority_disclosure

    checked = 0
    for round_id in ("2014-15", "2017"):
        for size, seed in ((5, 1), (8, 2), (8, 3), (15, 4)):
            data = _subset_round(round_id, size, seed)
            # The same round again, as loaded (protecting changes ``data``): its statistics
            # are not computed a second time.
            same_round = copy.deepcopy(data)
            _, result = authority_disclosure(data)
            shown = printed_in_round(data)
            problem = round_problem(data, lambda label: shown(label) and label.split(" (")[0]
                                    not in result.withheld)
            bounds = bound_hidden(problem)
            narrowed = {str(b.cell) for b in failing(bounds, RULE)}
            named = {u.removeprefix("jointly: ").split(": ")[0] for u in result.unresolved}
            assert narrowed <= named, f"{round_id}, {size} authorities, seed {seed}: {narrowed - named}"
            # Deterministic: the same round gives the same hidden cells.
            again = authority_disclosure(same_round)[1]
            assert again.hidden.equals(result.hidden) and again.withheld == result.withheld
            checked += len(problem.hidden)
    assert checked  # the subsets do hide cells


def one_answer_example() -> Problem:
    """Only authority A answered the overlap question (1d): the national overlap total is
    A's hidden cell itself. No cell can be hidden to cover it; Wales's total (removable)
    does not hold it. The national total is a final sum: withheld only as the last resort."""
    values = {"A 1d": 3, "A 2a": 10, "B 2a": 2, "C 2a": 7}
    hidden = {"A 1d", "B 2a", "C 2a"}
    sums = [
        PublishedSum("overlap_in_care (in_care)", ("A 1d",)),
        PublishedSum("went_missing (went_missing)", ("A 2a", "B 2a", "C 2a")),
        PublishedSum("nation:Wales:went_missing (went_missing)", ("B 2a", "C 2a")),
    ]
    return Problem(values, hidden, sums, removable={"nation:Wales:went_missing (went_missing)"},
                   final={"overlap_in_care (in_care)", "went_missing (went_missing)"})


def test_a_national_total_over_one_hidden_cell_is_withheld_and_the_audit_passes():
    problem = one_answer_example()
    assert audit(problem, RULE)[1] is not None  # A 1d printed as the national total
    hidden, withheld, unresolved = protect(problem, RULE)
    assert unresolved == []
    assert withheld == {"overlap_in_care (in_care)"}  # nothing else is given up
    assert hidden == problem.hidden
    after = Problem(problem.values, hidden, [s for s in problem.sums if s.label not in withheld])
    assert audit(after, RULE)[1] is None


def test_a_national_total_is_withheld_only_when_no_cell_can_protect():
    # A (3) alone hidden in the national total: hiding B (10) protects it, so the national
    # total stays printed.
    values = {"A": 3, "B": 10}
    problem = Problem(values, {"A"}, [PublishedSum("national", ("A", "B"))],
                      final={"national"})
    hidden, withheld, unresolved = protect(problem, RULE)
    assert (hidden, withheld, unresolved) == ({"A", "B"}, set(), [])


def test_without_final_sums_the_one_answer_cell_is_unresolved():
    problem = one_answer_example()
    problem.final = set()
    _, withheld, unresolved = protect(problem, RULE)
    assert withheld == set() and unresolved and "A 1d" in unresolved[0]


def test_a_sum_stays_printed_while_another_id_prints_its_cells():
    from foi_missing.publication.disclosure import Total
    from foi_missing.publication.disclosure_audit import printed_totals

    # Wales's rate is withheld, but its numerator is Wales's count, still printed: the sum of
    # those cells stays in the audit. Once both are withheld it is gone.
    parts = (("W1", "q"), ("W2", "q"))
    total = Total(parts, None, "nation:Wales:uasc_missing_pct (went_missing)")
    printing = {frozenset(parts): ["nation:Wales:uasc_missing_pct", "nation:Wales:uasc_went_missing"]}
    rate_withheld = {"nation:Wales:uasc_missing_pct"}
    both_withheld = rate_withheld | {"nation:Wales:uasc_went_missing"}
    assert printed_totals(None, None, [total], lambda sid: sid not in rate_withheld,
                          printing) == [total]
    assert printed_totals(None, None, [total], lambda sid: sid not in both_withheld,
                          printing) == []
