"""Letter layouts written by hand for these tests: each question quoted, then its answer marked."""

from __future__ import annotations

from datetime import date

from foi_missing.core.roundspec import Period, Question
from foi_missing.ingest.coding import code_reply
from foi_missing.ingest.parse_value import parse_answer
from foi_missing.ingest.readers import QuestionMatcher
from foi_missing.ingest.readers.text import read_letter

PERIOD = Period("2022", "2022", date(2022, 1, 1), date(2022, 12, 31))
WORDING = {
    "Q1": "How many children in your care were suspected victims of trafficking?",
    "Q2": "Of the children in Q1, how many went missing at least once?",
    "Q3": "How many missing episodes did the children in Q2 have?",
}
ROUND = [Question(label, text, "other", "all", "other", ("2022",)) for label, text in WORDING.items()]
LETTERED = [Question(label, text, "other", "all", "other", ("2022",))
            for label, text in (("1a", "Girls"), ("1b", "Boys"), ("2", "How many in total?"))]


def coded(text: str, questions=ROUND) -> dict[str, tuple]:
    content = read_letter(text, QuestionMatcher(questions, (PERIOD,)))
    return {label: (f["status"], f["value"]) for (label, _), f in code_reply(content, questions, (PERIOD,)).items()}


def test_an_answer_marked_a_under_its_question_answers_that_question_not_the_first():
    letter = f"Dear Sir\n\nQ3. {WORDING['Q3']}\nA. 17\n\nYours faithfully\n"
    assert coded(letter) == {"Q1": ("unparsed", None), "Q2": ("unparsed", None), "Q3": ("reported", 17)}


def test_question_and_answer_pairs_without_numbers():
    letter = "".join(f"Q: {WORDING[q]}\nA: {a}\n\n" for q, a in (("Q1", "9"), ("Q2", "Of these, 2"), ("Q3", "Nil")))
    assert coded(letter) == {"Q1": ("reported", 9), "Q2": ("reported", 2), "Q3": ("reported", 0)}


def test_answer_words_and_marks():
    letter = f"1. {WORDING['Q1']}\nAnswer – 4\n2. {WORDING['Q2']}\nAns: none\n3. {WORDING['Q3']}\nA total of 6 episodes.\n"
    assert coded(letter) == {"Q1": ("reported", 4), "Q2": ("reported", 0), "Q3": ("reported", 6)}


def test_under_a_lettered_heading_a_is_still_part_a():
    assert coded("1.\nA. 3\nB. 4\n2. 7\n", LETTERED) == {
        "1a": ("reported", 3), "1b": ("reported", 4), "2": ("reported", 7)}


SIX = [Question(f"Q{n}", f"Question number {n} of the request, asked in full here", "other", "all", "other",
                ("2022",)) for n in range(1, 7)]


def test_answer_markers_written_many_ways():
    letter = ("Dear Sir\n\nQ1 = 5\nQ2 | 3\n(3) Nil\nAnswer to question 4: 7\nYour question 5 – 14\n"
              "Q6 response: 0\n\nYours faithfully\n")
    assert coded(letter, SIX) == {"Q1": ("reported", 5), "Q2": ("reported", 3), "Q3": ("reported", 0),
                                  "Q4": ("reported", 7), "Q5": ("reported", 14), "Q6": ("reported", 0)}


def test_answers_introduced_in_a_sentence_and_numbered_in_words():
    letter = ("In response to your question 1, we had 4 children.\nRegarding Q2 - none of them.\n"
              "Question Three: nil\n**Q4** 8\n[Q5] 1\nWith regard to question 6, there were 21.\n")
    assert coded(letter, SIX) == {"Q1": ("reported", 4), "Q2": ("reported", 0), "Q3": ("reported", 0),
                                  "Q4": ("reported", 8), "Q5": ("reported", 1), "Q6": ("reported", 21)}


def test_the_answer_to_question_n_is():
    letter = "The answer to question 1 is 5.\nOur response to Q2 is nil.\nIn answer to question 3: 4\n"
    assert {k: v for k, v in coded(letter, SIX).items() if k in ("Q1", "Q2", "Q3")} == {
        "Q1": ("reported", 5), "Q2": ("reported", 0), "Q3": ("reported", 4)}


def test_a_range_with_a_dash_and_one_figure_for_it():
    statuses = coded("Q1 - Q3: We do not hold this information.\nQuestions 4-5: nil\nQ6: 2\n", SIX)
    assert statuses == {"Q1": ("not_held", None), "Q2": ("not_held", None), "Q3": ("not_held", None),
                        "Q4": ("reported", 0), "Q5": ("reported", 0), "Q6": ("reported", 2)}
    # One positive figure for a range: each question's, or their total? For a person.
    content = read_letter("Q1 to Q3: 5\n", QuestionMatcher(SIX, (PERIOD,)))
    fields = code_reply(content, SIX, (PERIOD,))
    assert [fields[f"Q{n}", "2022"]["status"] for n in (1, 2, 3)] == ["unparsed"] * 3
    assert "whether it is each question's or their total" in fields["Q1", "2022"]["note"]


YEARS = tuple(Period(str(y), str(y), date(y, 1, 1), date(y, 12, 31)) for y in (2019, 2020, 2021))
PER_YEAR = [Question(label, text, "other", "all", "other", tuple(p.id for p in YEARS)) for label, text in (
    ("1", "How many children went missing?"), ("2", "How many missing episodes were there?"),
    ("3", "How many are still missing?"), ("4", "How many were trafficked?"))]


def coded_years(text: str) -> dict[tuple[str, str], tuple]:
    content = read_letter(text, QuestionMatcher(PER_YEAR, YEARS))
    return {key: (f["status"], f["value"]) for key, f in code_reply(content, PER_YEAR, YEARS).items()}


def test_multi_period_answers_in_sentences_figure_first_and_aligned_lists():
    got = coded_years("1) In 2019 there were 4, in 2020 there were 6 and in 2021 there was 1.\n"
                      "2) 11 (2019), 14 (2020), fewer than 5 (2021)\n"
                      "3) 2019/2020/2021: 0/1/0\n"
                      "4) 2019/2020/2021: 3/4\n")
    assert [got["1", y] for y in ("2019", "2020", "2021")] == [("reported", 4), ("reported", 6), ("reported", 1)]
    assert [got["2", y] for y in ("2019", "2020")] == [("reported", 11), ("reported", 14)]
    assert got["2", "2021"] == ("suppressed", None)
    assert [got["3", y] for y in ("2019", "2020", "2021")] == [("reported", 0), ("reported", 1), ("reported", 0)]
    # Three years and two figures: which goes with which is for a person.
    assert {got["4", y][0] for y in ("2019", "2020", "2021")} == {"unparsed"}


def test_a_year_in_brackets_the_question_does_not_ask_is_kept_for_a_person():
    got = coded_years("1) 4 (2018), 6 (2019)\n")
    assert got["1", "2019"] == ("reported", 6)
    assert got["1", "2020"][0] == "unparsed"


def test_tables_typed_with_tabs_or_pipes_are_read_as_tables():
    tabs = ("Dear Sir\n\nQuestion\tDescription\tAnswer\nQ1\tTrafficked children\t5\n"
            "Q2\tOf these, missing\t<5\nQ3\tEpisodes\t\t9\n\nYours faithfully\n")
    assert coded(tabs) == {"Q1": ("reported", 5), "Q2": ("suppressed", None), "Q3": ("reported", 9)}
    pipes = "| Question | Response |\n|---|---|\n| Q1 | 7 |\n| Q2 | Nil |\n| Q3 | Not held |\n"
    assert coded(pipes) == {"Q1": ("reported", 7), "Q2": ("reported", 0), "Q3": ("not_held", None)}


def test_a_single_tabbed_line_or_a_table_naming_no_question_stays_in_the_letter():
    letter = "Northshire Council\tCounty Hall\n\nQ1. 4\n\nYear\tChildren\n2021\t6\n2022\t7\n\nQ2. 1\n"
    got = coded(letter)
    assert got["Q1"] == ("reported", 4) and got["Q2"] == ("reported", 1)


# --- a quoted request with a bracketed condition; a notice that also states a nil --------------------


def test_a_quoted_request_opening_with_a_bracketed_condition_answers_nothing():
    from tests.unit.test_readers_tables import ONE_YEAR, matcher_for

    letter = ("Dear Requester,\n\nYou asked:\n\n1. How many children in your care in the period were "
              "identified or suspected victims of trafficking?\n\n2. [Only if the answer to 1 is above "
              "zero] For each of these children, please state whether they went missing.\n\n"
              "Our response\n\nThe council does not hold this information (section 17).\n\nYours sincerely,\n")
    content = read_letter(letter, matcher_for(ONE_YEAR))
    assert all("please state" not in a.raw_text for a in content.answers)
    assert {a.question for a in content.answers} >= {"Q1", "Q2"}
    assert all(a.whole_request for a in content.answers)


def test_a_not_held_notice_that_also_states_a_nil_goes_to_a_person():
    from tests.unit.test_readers_tables import ONE_YEAR, matcher_for

    letter = ("Dear Requester,\n\nUnder section 17 we do not hold the records you describe; we can confirm "
              "that no unaccompanied asylum-seeking children were placed with us in the period.\n\n"
              "Yours sincerely,\n")
    # Its words name Q5 (UASC in care); what it says (none, or not held?) is for a person.
    tied, whole = read_letter(letter, matcher_for(ONE_YEAR)).answers
    assert whole.question is None and whole.reason == "letter answers in prose without question labels"
    assert tied.question == "Q5"
    parsed = parse_answer(tied.raw_text, act="FOISA")
    assert parsed.status == "unparsed" and "nil count" in parsed.note


def test_a_wrong_tier_notice_about_childrens_services_stays_a_notice():
    from tests.unit.test_readers_tables import ONE_YEAR, matcher_for

    letter = ("Dear Requester,\n\nThis district council has no responsibility for children's social care "
              "and does not hold the information.\n\nYours sincerely,\n")
    answers = read_letter(letter, matcher_for(ONE_YEAR)).answers
    assert answers and all(a.whole_request for a in answers)
