"""Layouts from councils' replies read this session, in wording written for these tests.

Nothing said twice ("Nil return - 0"); tables whose figures are named by headings on two
levels (a heading spanning cohorts over a row of measures or periods); a table whose
measure is said only in its caption or the sentence above it.
"""

from __future__ import annotations

from foi_missing.ingest.coding import code_reply
from foi_missing.ingest.readers.text import read_letter

from tests.unit.test_readers_probed_layouts import MATCHER, YEAR


def coded_letter(letter: str) -> dict[str, tuple]:
    content = read_letter(letter, MATCHER)
    return {label: (f["status"], f["value"], f["note"])
            for (label, _), f in code_reply(content, MATCHER.questions, YEAR).items()}


def test_nothing_in_words_then_the_figure_zero_is_a_zero():
    got = coded_letter("Dear Dr Khan\n\nQ1 Nil return - 0\nQ2 None: 0\nQ3 Nil (0)\nQ4 0 (nil)\n\nRegards\n")
    assert {label: status_value[:2] for label, status_value in got.items()} == {
        "Q1": ("reported", 0), "Q2": ("reported", 0), "Q3": ("reported", 0), "Q4": ("reported", 0)}


def test_nothing_in_words_then_another_figure_goes_to_a_person():
    got = coded_letter("Dear Dr Khan\n\n1. Nil return - 2\n2. None - 5\n3. 4\n4. 1\n")
    assert got["Q1"][:2] == ("unparsed", None) and "says none, but the figure after it is 2" in got["Q1"][2]
    assert got["Q2"][:2] == ("unparsed", None) and "says none, but the figure after it is 5" in got["Q2"][2]
