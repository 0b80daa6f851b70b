"""Letters in running prose without question labels (letters written for these tests).

A sentence is tied to a question only when its words clearly name that one question (or the
request has one question and the letter one statement); anything else goes to a person with
the reason.
"""

from __future__ import annotations

from datetime import date

from foi_missing.core.roundspec import Period, Question
from foi_missing.ingest.coding import code_reply
from foi_missing.ingest.readers import QuestionMatcher
from foi_missing.ingest.readers.prose_sentences import question_scores
from foi_missing.ingest.readers.text import read_letter

YEAR = Period("2022-23", "2022-23", date(2022, 4, 1), date(2023, 3, 31))
THREE = {
    "1": "How many unaccompanied asylum-seeking children did the council look after on 31 March 2023?",
    "2": "How many looked after children went missing from their placement during 2022-23?",
    "3": "How many children were referred to the National Referral Mechanism as possible victims "
         "of trafficking?",
}


def questions(wordings: dict[str, str]) -> list[Question]:
    return [Question(label, text, "other", "all", "other", ("2022-23",)) for label, text in wordings.items()]


def coded(letter: str, wordings: dict[str, str] = THREE) -> dict[str, dict]:
    qs = questions(wordings)
    content = read_letter(letter, QuestionMatcher(qs, (YEAR,)))
    return {label: fields for (label, _), fields in code_reply(content, qs, (YEAR,)).items()}


def status(fields: dict) -> tuple:
    return fields["status"], fields["value"]


def test_sentences_naming_one_question_each_are_coded():
    letter = ("Dear Ms Smith\n\nThank you for your email.\n\n"
              "The council had 17 unaccompanied asylum seeking children in its care on 31 March 2023.\n\n"
              "We do not hold any record of referrals to the National Referral Mechanism of possible "
              "trafficking victims.\n\nYours sincerely\n\nInformation Team\n")
    got = coded(letter)
    assert status(got["1"]) == ("reported", 17)
    assert status(got["3"]) == ("not_held", None)
    assert got["2"]["status"] == "unparsed"  # nothing in the letter answers it


def test_a_sentence_two_questions_fit_alike_goes_to_a_person_with_the_scores():
    alike = {
        "1": "How many looked after children went missing from care in 2022-23?",
        "2": "How many looked after children went missing from care more than once in 2022-23?",
    }
    letter = "Dear Sir\n\nIn 2022-23, 12 looked after children went missing from care.\n\nRegards\n"
    got = coded(letter, alike)
    assert got["1"]["status"] == got["2"]["status"] == "unparsed"
    assert "names no question clearly" in got["1"]["note"]


def test_two_sentences_naming_the_same_question_go_to_a_person():
    letter = ("Dear Ms Smith\n\n17 unaccompanied asylum seeking children were looked after by the "
              "council on 31 March 2023.\n\nThe council looked after 15 unaccompanied asylum seeking "
              "children at 31 March 2023 once those aged 18 are set aside.\n\nYours sincerely\n")
    got = coded(letter)
    assert got["1"]["status"] == "unparsed"
    assert "2 sentences answer question 1" in got["1"]["note"]


def test_a_request_with_one_question_takes_the_letters_only_statement():
    one = {"1": "How many children arrived in your care through the National Transfer Scheme in 2022-23?"}
    letter = "Dear Mr Jones\n\nWe received 4 young people that year.\n\nKind regards\n"
    assert status(coded(letter, one)["1"]) == ("reported", 4)


def test_a_request_with_one_question_and_two_statements_goes_to_a_person():
    one = {"1": "How many children arrived in your care through the National Transfer Scheme in 2022-23?"}
    letter = ("Dear Mr Jones\n\nWe received 4 young people that year.\n\n"
              "A further 2 children came to us from another council.\n\nKind regards\n")
    assert coded(letter, one)["1"]["status"] == "unparsed"


def test_a_loose_figure_beside_a_matched_sentence_keeps_both_for_a_person():
    letter = ("Dear Ms Smith\n\nThe council had 17 unaccompanied asylum seeking children in "
              "its care on 31 March 2023. Another 6 are in supported lodgings.\n\nYours sincerely\n")
    got = coded(letter)
    assert got["1"]["status"] == "unparsed"
    assert "beside a figure that names no question" in got["1"]["note"]


def test_scores_need_shared_words_not_only_a_subset():
    # Two words in common: a short sentence inside a long wording is no match.
    assert question_scores("missing children", QuestionMatcher(questions(THREE), (YEAR,)))[0][0] == 0


def test_a_figure_counted_among_another_is_never_tied():
    letter = ("Dear Ms Smith\n\nWe identified 9 children as possible victims of trafficking.\n\n"
              "4 of these children were unaccompanied asylum seeking children looked after by the council "
              "on 31 March 2023.\n\nYours sincerely\n")
    got = coded(letter)
    assert got["1"]["status"] == "unparsed"
    assert "a part of another figure" in got["1"]["note"]


def test_a_statement_in_the_questions_words_is_no_question_quoted_back():
    """ "14 ... were in our care in the period." repeats Q5's words: it answers Q5 and does not
    open Q5 for the next paragraph, whose figure (children who went missing) is not Q5's."""
    from tests.unit.test_readers_tables import ONE_YEAR, matcher_for

    matcher = matcher_for(ONE_YEAR)
    letter = ("Dear Researcher\n\nYour request\n\n14 unaccompanied asylum-seeking children were in our care "
              "in the period.\n\n4 unaccompanied asylum seeking children went missing at least once in the "
              "period.\n\nYours sincerely\n")
    got = {label: (f["status"], f["value"]) for (label, _), f in
           code_reply(read_letter(letter, matcher), matcher.questions, ONE_YEAR).items()}
    # "went missing" is Q6's (and Q2's) wording, "unaccompanied" Q5's: the sentence is no one's.
    assert got == {"Q1": ("unparsed", None), "Q2": ("unparsed", None), "Q5": ("reported", 14),
                   "Q6": ("unparsed", None)}


def test_a_one_question_letters_statement_about_another_population_goes_to_a_person():
    one = [Question("1", "How many children arrived through the National Transfer Scheme in 2022-23?",
                    "uasc", "all", "in_care", ("2022-23",))]
    letter = "Dear Mr Jones\n\nThe council looked after 245 children that year.\n\nKind regards\n"
    fields = code_reply(read_letter(letter, QuestionMatcher(one, (YEAR,))), one, (YEAR,))[("1", "2022-23")]
    assert fields["status"] == "unparsed" and "does not name the uasc children" in fields["note"]
    named = "Dear Mr Jones\n\nWe received 4 unaccompanied children that year.\n\nKind regards\n"
    fields = code_reply(read_letter(named, QuestionMatcher(one, (YEAR,))), one, (YEAR,))[("1", "2022-23")]
    assert (fields["status"], fields["value"]) == ("reported", 4)
