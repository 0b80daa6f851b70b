"""Attacks on disclosure control by a reader holding only what is published.

``tests/disclosure_attacker.py`` reads a tables workbook back into linear facts over its
hidden cells and bounds each cell. These tests show, on small constructed cases, that
the attacks find what they should (so the check on the real build, in
``tests/integration/test_disclosure_attacks.py``, can fail), and that the two ways in
found on the real build are now closed:

- a like-for-like change between two periods prints both periods' totals over the
  authorities that gave the figure in both, which against the period's total over every
  authority isolated one hidden count exactly (2018-20 and 2021-24);
- the counts of authorities with at least one child who went missing (or was not found)
  tell a reader that hidden counts are at least 1, which narrowed several to 1-2.
"""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pandas as pd
from foi_missing.publication.disclosure import DisclosureRule, apply_disclosure
from foi_missing.publication.disclosure_audit import (
    Problem,
    PublishedSum,
    _cells_problem,
    audit,
    protect,
    round_problem,
)

from tests.disclosure_attacker import attack, read_knowledge
from tests.unit.fake_round import MULTI_PERIOD_VALUES, multi_period_round_data

RULE = DisclosureRule()  # hide 1 to 4
ALLOWED = RULE.max_count - RULE.min_count
SYMBOL = RULE.symbol


# --- the attacker, on a workbook made by hand -----------------------------------------------------

def _workbook(path, statistics, authorities, trace, findings=()):
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheets = {
        "r1 statistics": (["Statistic id", "Value", "Value (text)", "Numerator", "Denominator"],
                          statistics),
        "r1 authorities": (["GSS code", "Authority", "Nation"], authorities),
        "r1 trace": (["Statistic id", "Authority", "Question", "Period", "Answer",
                      "Number counted", "Lower bound", "Upper bound"], trace),
        "r1 QA findings": (["Authority", "Finding"], list(findings)),
    }
    for name, (header, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


AUTHORITIES = [("E1", "Alpha", "England"), ("E2", "Beta", "England"), ("E3", "Gamma", "England"),
               ("W1", "Wyn", "Wales"), ("W2", "Wold", "Wales")]


def _trace(statistic_id, question, counted):
    return [(statistic_id, name, question, "r1", "gave a number", counted[code], None, None)
            for code, name, _ in AUTHORITIES if code in counted]


def test_attacker_works_out_a_count_from_the_national_and_nation_totals(tmp_path):
    """Each total alone holds two hidden cells or more, but the national total less Wales's
    and the visible English cells is Beta's count (the kind of recovery first reported)."""
    went = {"E1": 20, "E2": SYMBOL, "E3": 9, "W1": SYMBOL, "W2": SYMBOL}  # true 2, 6, 3
    statistics = [("uasc_went_missing", 40, None, None, None),
                  ("nation:Wales:uasc_went_missing", 9, None, None, None)]
    path = _workbook(tmp_path / "t.xlsx", statistics, AUTHORITIES,
                     _trace("uasc_went_missing", "Q6", went))
    recovered, _ = attack(read_knowledge(path), ALLOWED)
    assert [(r.cell[1], r.lower, r.upper) for r in recovered] == [("E2", 2, 2)]


def test_attacker_uses_counts_of_authorities_above_zero(tmp_path):
    """Two hidden counts adding up to 4: 0 to 4 each, unless the printed count of
    authorities with at least one child missing says both are above 0 (then 1 to 3)."""
    went = {"E1": 20, "E2": SYMBOL, "E3": SYMBOL}  # true 1 and 3
    totals = [("uasc_went_missing", 24, None, None, None)]
    trace = _trace("uasc_went_missing", "Q6", went)
    path = _workbook(tmp_path / "sum.xlsx", totals, AUTHORITIES, trace)
    assert attack(read_knowledge(path), ALLOWED)[0] == []
    count = [("uasc_authorities_with_missing", 3, None, None, None)]
    trace += _trace("uasc_authorities_with_missing", "Q6", went)
    path = _workbook(tmp_path / "count.xlsx", totals + count, AUTHORITIES, trace)
    recovered, _ = attack(read_knowledge(path), ALLOWED)
    assert [(r.cell[1], r.lower, r.upper) for r in recovered] == [("E2", 1, 3), ("E3", 1, 3)]


def test_attacker_uses_rates_numerators_and_qa_comparisons(tmp_path):
    """A rate prints its numerator and denominator; a QA finding "5 not found exceeds
    [c] went missing" caps the hidden count at 4."""
    care = {"E1": 30, "E2": SYMBOL, "E3": 12}
    went = {"E1": 9, "E2": SYMBOL, "E3": SYMBOL}
    statistics = [("uasc_missing_pct", 30.0, None, 15, 50)]
    trace = (_trace("uasc_in_care", "Q5", care) + _trace("uasc_went_missing", "Q6", went)
             + _trace("uasc_missing_pct", "Q5", care) + _trace("uasc_missing_pct", "Q6", went))
    finding = ("Q8: 5 children not found exceeds Q6: [c] children who went missing "
               "(unaccompanied asylum-seeking children)")
    findings = [("Beta", finding)]
    path = _workbook(tmp_path / "t.xlsx", statistics, AUTHORITIES, trace, findings)
    recovered, bounds = attack(read_knowledge(path), ALLOWED)
    assert [(r.cell[1], r.cell[2], r.lower, r.upper) for r in recovered] == [("E2", "Q5", 8, 8)]
    # Went missing: E2 + E3 = 6 with E2 <= 4 (the finding): E2 0 to 4, E3 2 to 6.
    assert bounds[("r1", "E2", "Q6", "r1")][:2] == (0, 4)
    assert bounds[("r1", "E3", "Q6", "r1")][:2] == (2, 6)


def test_attacker_uses_the_ranking_order(tmp_path):
    """A ranking prints the order: a hidden part of a ranked authority lies between."""
    went = {"E1": 30, "E2": SYMBOL, "E3": 25, "W1": 24}  # E2 true 27: ranked E1, E2, E3
    statistics = [("ranking_most_went_missing", None, "E1;E2;E3", None, None)]
    trace = _trace("ranking_most_went_missing", "Q6", went)
    path = _workbook(tmp_path / "t.xlsx", statistics, AUTHORITIES, trace)
    recovered, _ = attack(read_knowledge(path), ALLOWED)
    assert [(r.cell[1], r.lower, r.upper) for r in recovered] == []  # 25 to 30: wide enough
    went["E1"] = 27
    path = _workbook(tmp_path / "u.xlsx", statistics, AUTHORITIES,
                     _trace("ranking_most_went_missing", "Q6", went))
    recovered, _ = attack(read_knowledge(path), ALLOWED)
    assert [(r.cell[1], r.lower, r.upper) for r in recovered] == [("E2", 25, 27)]


# --- the protection: counts known to be at least 1 ------------------------------------------------

def _two_small_counts(floor):
    values = {"a": 1, "b": 3, "c": 20, "d": 30}
    sums = [PublishedSum("national went missing", ("a", "b", "c", "d"))]
    return Problem(values, {"a", "b"}, sums, floor=floor)


def test_audit_bounds_a_count_known_to_be_above_zero_from_one():
    _, message = audit(_two_small_counts({}), RULE)
    assert message is None  # 0 to 4 each
    table, message = audit(_two_small_counts({"a": 1, "b": 1}), RULE)
    assert message is not None and "a: determined to 1-3" in message
    assert list(table["lower"]) == [1, 1] and list(table["upper"]) == [3, 3]
    assert list(table["result"]) == ["FAIL", "FAIL"]


def test_protection_hides_more_when_counts_are_known_above_zero():
    problem = _two_small_counts({"a": 1, "b": 1, "c": 1, "d": 1})
    hidden, withheld, unresolved = protect(problem, RULE)
    assert hidden == {"a", "b", "c"} and not withheld and not unresolved
    _, message = audit(replace(problem, hidden=hidden), RULE)
    assert message is None


# --- the protection: like-for-like changes between periods ----------------------------------------

def _round_with_a_newcomer(tmp_path):
    """The fake multi-period round, with Medway answering Q1 for 2020 only (3 children):
    the 2018-to-2020 change over the authorities that gave Q1 in both leaves Medway out,
    the 2020 total does not."""
    data = multi_period_round_data(tmp_path / "round")
    from foi_missing.statistics.compute import compute_statistics

    answers = data.answers.copy()
    newcomer = answers[answers["authority_code"] == "E10000016"].copy()
    newcomer["authority_code"], newcomer["authority_name"] = "E06000035", "Medway"
    newcomer["reply_id"] = "r-E06000035"
    q1 = newcomer["question"] == "Q1"
    newcomer.loc[q1 & (newcomer["period"] == "2020"), ["value", "lower", "upper", "raw_text"]] = (
        3.0, 3.0, 3.0, "3")
    newcomer.loc[q1 & (newcomer["period"] != "2020"), ["status", "value", "lower", "upper"]] = (
        "not_recorded", None, None, None)
    newcomer.loc[~q1, ["value", "lower", "upper", "raw_text"]] = (20.0, 20.0, 20.0, "20")
    answers = pd.concat([answers, newcomer], ignore_index=True)
    statistics, contributions = compute_statistics(answers, data.spec)
    return replace(data, answers=answers, statistics=statistics, contributions=contributions,
                   _disclosure=None)


def test_a_change_between_periods_prints_totals_the_protection_now_counts(tmp_path):
    from foi_missing.publication.disclosure_facts import period_change_totals
    from foi_missing.publication.report_sections.authorities import (
        authority_cells,
        published_totals,
    )

    data = _round_with_a_newcomer(tmp_path)
    assert set(MULTI_PERIOD_VALUES) < set(data.answers["authority_code"])
    change = data.statistics.set_index("statistic_id").loc[
        "period_change:2018:2020:trafficked_in_care"]
    assert int(float(change["authorities"])) == len(MULTI_PERIOD_VALUES)  # Medway left out
    cells = authority_cells(data)
    totals = published_totals(data, cells)
    changes = period_change_totals(data, cells, totals)
    to_2020 = next(t for t in changes if t.label == "period_change:2018:2020:trafficked_in_care (to)")
    assert ("E06000035", "Q1 2020") not in to_2020.parts
    assert {code for code, _ in to_2020.parts} == set(MULTI_PERIOD_VALUES)

    # As the protection was: the round's totals only. Medway's 3 is hidden, with one more
    # 2020 cell for the 2020 total; the change's 2020 total over the others (printed) then
    # gives Medway's 3 exactly.
    unprotected = apply_disclosure(cells, list(cells.columns), RULE, column_totals=False,
                                   totals=totals)
    before = _cells_problem(data.round_id, cells, unprotected, totals)
    hidden, withheld, _ = protect(before, RULE)
    assert (data.round_id, "E06000035", "Q1 2020") in hidden
    with_changes = _cells_problem(data.round_id, cells, unprotected, [*totals, *changes])
    _, message = audit(replace(with_changes, hidden=hidden), RULE)
    assert message is not None
    assert f"('{data.round_id}', 'E06000035', 'Q1 2020'): determined exactly" in message

    # Now: the protection counts the change's totals, and the audit finds nothing. (No cell
    # can be hidden in 2020 that the change's total leaves out: the 2020 totals are withheld,
    # with the all-authorities changes that print them.)
    problem = round_problem(data)
    assert any("period_change:2018:2020:trafficked_in_care" in s.label for s in problem.sums)
    _, message = audit(problem, RULE)
    assert message is None
    withheld = data._disclosure[1].withheld
    assert "period:2020:trafficked_in_care" in withheld
    assert "period_change_all:2018:2020:trafficked_in_care" in withheld
