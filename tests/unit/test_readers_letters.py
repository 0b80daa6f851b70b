"""Letter layouts written by hand for these tests: each question quoted, then its answer marked."""

from __future__ import annotations

from datetime import date

from foi_missing.coding import code_reply
from foi_missing.readers import QuestionMatcher
from foi_missing.readers.text import read_letter
from foi_missing.roundspec import Period, Question

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


def test_a_range_with_a_dash_and_one_figure_for_it():
    statuses = coded("Q1 - Q3: We do not hold this information.\nQuestions 4-5: nil\nQ6: 2\n", SIX)
    assert statuses == {"Q1": ("not_held", None), "Q2": ("not_held", None), "Q3": ("not_held", None),
                        "Q4": ("reported", 0), "Q5": ("reported", 0), "Q6": ("reported", 2)}
    # One positive figure for a range: each question's, or their total? For a person.
    content = read_letter("Q1 to Q3: 5\n", QuestionMatcher(SIX, (PERIOD,)))
    fields = code_reply(content, SIX, (PERIOD,))
    assert [fields[f"Q{n}", "2022"]["status"] for n in (1, 2, 3)] == ["unparsed"] * 3
    assert "whether it is each question's or their total" in fields["Q1", "2022"]["note"]
