"""Answers broken down into named parts, and figures written before the label they answer.

The letters here are made up for these tests (not copied from any council's reply).
"""

from __future__ import annotations

from datetime import date

from foi_missing.core.roundspec import Period, Question
from foi_missing.ingest.coding import code_reply
from foi_missing.ingest.readers import QuestionMatcher
from foi_missing.ingest.readers.breakdown import breakdown_answers, counts_in, parts_of
from foi_missing.ingest.readers.text import read_letter

PERIOD = Period("2022", "2022", date(2022, 1, 1), date(2022, 12, 31))


def codebook(*questions: tuple[str, str] | tuple[str, str, tuple[str, ...]]) -> list[Question]:
    return [Question(q[0], q[1], "other", "all", "other", ("2022",), q[2] if len(q) > 2 else ())
            for q in questions]


PLACEMENTS = codebook(
    ("1", "How many children were referred to the NRM in 2022?"),
    ("2_foster_care", "Of these, how many were placed in foster care?"),
    ("2_residential", "Of these, how many were placed in residential care?", ("children's home",)),
    ("2_supported_lodgings", "Of these, how many were placed in supported lodgings?"),
)
DEPARTMENTS = codebook(
    ("1_youth_justice", "Referrals made by the Youth Justice Service"),
    ("1_leaving_care", "Referrals made by the Leaving Care Team"),
)


def coded(text: str, questions: list[Question]) -> dict[str, tuple]:
    content = read_letter(text, QuestionMatcher(questions, (PERIOD,)))
    fields = code_reply(content, questions, (PERIOD,))
    return {label: (f["status"], f["value"], f["note"]) for (label, _), f in fields.items()}


def test_a_listed_breakdown_codes_each_named_part():
    letter = ("1. How many children were referred to the NRM in 2022? 9\n\n"
              "2. Where were they placed? (foster care, residential, other)\n"
              "4 in foster care; 2x in a Children's Home and three in supported lodgings\n")
    got = coded(letter, PLACEMENTS)
    assert got["1"][:2] == ("reported", 9)
    assert got["2_foster_care"][:2] == ("reported", 4)
    assert got["2_residential"][:2] == ("reported", 2)  # named by the part's alias
    assert got["2_supported_lodgings"][:2] == ("reported", 3)


def test_departments_answering_in_sentences_code_their_own_parts():
    letter = ("1. The number of NRM referrals made by the council as first responder.\n"
              "The Youth Justice Service has confirmed that the figure is 3. The Leaving Care Team "
              "cannot answer this as it would exceed the cost limit under section 12. The Youth Justice "
              "Service added that it keeps its own records.\n")
    got = coded(letter, DEPARTMENTS)
    assert got["1_youth_justice"][:2] == ("reported", 3)
    assert got["1_leaving_care"][0] == "refused_cost"


def test_an_item_naming_no_part_is_left_for_a_person_and_the_named_ones_stay_coded():
    letter = "2. Placements: 4 in foster care, 1x placement, 2 in supported lodgings\n"
    got = coded(letter, PLACEMENTS)
    assert got["2_foster_care"][:2] == ("reported", 4)
    assert got["2_supported_lodgings"][:2] == ("reported", 2)
    assert got["2_residential"][0] == "unparsed"
    assert 'item "1x placement" names none of its parts' in got["2_residential"][2]


def test_qualified_doubled_or_ambiguous_items_are_never_coded():
    qualified = coded("2. fewer than 5 in foster care, 3 in supported lodgings\n", PLACEMENTS)
    assert qualified["2_foster_care"][0] == "unparsed"
    assert qualified["2_supported_lodgings"][:2] == ("reported", 3)
    twice = coded("2. 4 in foster care, 2 in supported lodgings, 1 in foster care\n", PLACEMENTS)
    assert twice["2_foster_care"][0] == "unparsed"
    assert "more than once" in twice["2_foster_care"][2]
    both = coded("2. 4 in foster care or supported lodgings, 2 in a children's home\n", PLACEMENTS)
    assert both["2_foster_care"][0] == both["2_supported_lodgings"][0] == "unparsed"
    assert both["2_residential"][:2] == ("reported", 2)


def test_an_answer_naming_no_part_says_so():
    got = coded("2. We do not break placements down in this way.\n", PLACEMENTS)
    assert all(got[label][0] == "unparsed" for label in ("2_foster_care", "2_residential"))
    assert "names none of the parts" in got["2_foster_care"][2]


def test_parts_are_only_for_a_label_the_codebook_does_not_have_itself():
    matcher = QuestionMatcher(PLACEMENTS, (PERIOD,))
    assert [p.label for p in parts_of(matcher, "2")] == ["2_foster_care", "2_residential", "2_supported_lodgings"]
    assert parts_of(matcher, "1") == ()
    assert parts_of(matcher, "3") == ()


def test_durations_ages_and_years_are_not_counts():
    assert [m.group("n") for m in counts_in("over 18 hours, aged 17, in 2021, 4x placed, five at home")] == [
        "4", "five"]
    answers = breakdown_answers("2", "2 in foster care for 3 days", "line 1",
                                parts_of(QuestionMatcher(PLACEMENTS), "2"))
    assert [(a.question, a.raw_text) for a in answers] == [("2_foster_care", "2 in foster care for 3 days")]


def test_letters_after_a_question_without_parts_are_not_the_rounds_questions():
    questions = codebook(("1", "How many children went missing?"), ("2", "How many were found?"),
                         ("3", "How many were (i) in school, (ii) out of school?"))
    content = read_letter("3. How many were (i) in school, (ii) out of school? 4\n",
                          QuestionMatcher(questions, (PERIOD,)))
    assert {a.question for a in content.answers} <= {"3", None}


LETTERED = codebook(("a", "Those now accepted as children"), ("b", "Those still being assessed"),
                    ("c", "Those found to be adults"))


def test_a_figure_written_before_its_label_in_prose_answers_that_label():
    letter = ("Thank you for your enquiry of 3 March.\n\n"
              "We looked at 14 young people. Of these, 9 young people fall under (a) and none come under "
              "part c; the remaining two fall within b).\n")
    got = coded(letter, LETTERED)
    assert got["a"][:2] == ("reported", 9)
    assert got["b"][:2] == ("reported", 2)
    assert got["c"][:2] == ("reported", 0)


def test_prose_without_that_phrasing_stays_for_a_person():
    for letter in ("We looked at 14 young people, and 9 of them were placed in (a) foster care.\n",
                   "Children who fall under 18 are counted separately.\n",
                   "9 young people aged 16 fall under (a).\n"):
        got = coded(letter, LETTERED)
        assert all(status == "unparsed" for status, _, _ in got.values()), letter


def test_a_lettered_label_without_its_number_names_nothing_in_a_numbered_round():
    questions = codebook(("1a", "Accepted as children"), ("1b", "Still assessed"))
    got = coded("Of these, 4 fall under (a) and 2 fall under (b).\n", questions)
    assert all(status == "unparsed" for status, _, _ in got.values())


def test_an_extra_lettered_item_says_which_parts_the_question_has():
    questions = codebook(("2a", "How many went missing?"), ("2b", "How many were found?"),
                         ("2c", "How many are still missing?"))
    letter = "2. Missing children\na) 4\nb) 3\nd) Withheld under section 40(2)\n"
    got = coded(letter, questions)
    assert got["2a"][:2] == ("reported", 4) and got["2b"][:2] == ("reported", 3)
    assert got["2c"][0] == "unparsed"
    assert '"d)" under question 2, which names no question of the request (its parts run a to c)' in got["2c"][2]


def test_parts_named_then_answered_sentence_by_sentence():
    got = coded("2. Foster care: 4. Residential - 2. Supported lodgings: none.\n", PLACEMENTS)
    assert [got[p][:2] for p in ("2_foster_care", "2_residential", "2_supported_lodgings")] == [
        ("reported", 4), ("reported", 2), ("reported", 0)]
    assert coded("2. All 6 were placed in foster care.\n", PLACEMENTS)["2_foster_care"][0] == "unparsed"
