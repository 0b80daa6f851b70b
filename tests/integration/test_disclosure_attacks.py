"""An outside attack on the real build's tables workbook (``tests/disclosure_attacker.py``).

The attacker holds only ``tables.xlsx`` (the published copy is the same file): it reads
every printed figure back as linear facts over the hidden cells and bounds each one.
No hidden cell may come out exactly, or narrower than the suppression interval.
The build's true counts (``results/<round>/answers.csv``, never published) check the
attacker's reading: every fact it draws must hold for them, so a misread table fails
here instead of weakening the attack unseen.
"""

from __future__ import annotations

from pathlib import Path

from tests.disclosure_attacker import attack, read_knowledge, true_values

ALLOWED = 4 - 1  # the config's disclosure range, 1 to 4


def test_no_hidden_cell_of_the_workbook_can_be_worked_out(pipeline_build: Path) -> None:
    know = read_knowledge(pipeline_build / "results" / "tables.xlsx",
                          pipeline_build / "data" / "reference" / "authorities.csv")
    rounds = sorted({cell[0] for cell in know.hidden})
    assert rounds == ["2014-15", "2017", "2018-20", "2021-24"]
    assert len(know.hidden) > 1000 and len(know.facts) > 3000
    assert know.conflicts == []  # the per-authority and trace sheets agree

    truth = true_values(pipeline_build / "results", rounds)
    assert all(cell in truth for cell in know.hidden)
    wrong = [fact.label for fact in know.facts
             if not fact.lower - 1e-6 <= sum(k * truth[c] for c, k in fact.terms.items())
             <= fact.upper + 1e-6]
    assert wrong == [], f"the attacker misreads these printed figures: {wrong[:10]}"
    # Figures the attacker leaves out: official (DfE) figures, which rest on no cell, and
    # a partial period's both-cohort rates (each cohort's pair is matched on its own).
    unused = [s for s in know.skipped if "dfe_" not in s and "period:2024:combined_" not in s]
    assert unused == []

    recovered, _ = attack(know, ALLOWED)
    assert recovered == [], "hidden cells a reader can work out:\n" + "\n".join(
        str(r) for r in recovered[:20])

    # A reader who takes every [c] for a count of at least 1 (what it hides is 1 to 4, and
    # a cell hidden to protect another is chosen among non-zero ones first), and guesses
    # right the few that are 0.
    for cell in know.hidden:
        if truth[cell] >= 1:
            know.ranges[cell] = (1.0, float("inf"))
    recovered, _ = attack(know, ALLOWED)
    assert recovered == [], "hidden cells a reader taking [c] for 1 or more can work out:\n" + (
        "\n".join(str(r) for r in recovered[:20]))
