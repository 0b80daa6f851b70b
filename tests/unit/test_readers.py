"""Readers: every reply format of docs/architecture.md "Reply formats", built small in tmp_path."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest
from foi_missing.core.roundspec import Period, Question, load_round_spec
from foi_missing.ingest.readers import NoReaderError, QuestionMatcher, ReaderError, read_reply
from foi_missing.ingest.readers.text import read_letter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.reply_files import workbook

WORDING = {
    "Q1": "How many children in your care in the period were identified or suspected victims of trafficking?",
    "Q2": "Of the children in Q1, how many went missing at least once in the period?",
    "Q5": "How many unaccompanied asylum-seeking children were in your care in the period?",
    "Q6": "Of the children in Q5, how many went missing at least once in the period?",
}


@pytest.fixture(scope="module")
def round_2014(repo_root: Path):
    return load_round_spec(repo_root / "data" / "raw" / "2014-15")


@pytest.fixture(scope="module")
def matcher(round_2014) -> QuestionMatcher:
    return QuestionMatcher(round_2014.questions)


@pytest.fixture(scope="module")
def lettered_matcher(repo_root: Path) -> QuestionMatcher:
    """The 2017 round labels its questions 1a, 1b, 1c, 2a ..."""
    return QuestionMatcher(load_round_spec(repo_root / "data" / "raw" / "2017").questions)


def answers_of(content) -> dict[str | None, str]:
    return {a.question: a.raw_text for a in content.answers}



# --- the codebook ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Q1", "Q.1", "q1", "1", "1.", "Question 1", "No. 1", "Q 1"])
def test_label_variants_map_to_the_label(matcher, text):
    assert matcher.label(text) == "Q1"


def test_wording_matches_the_closest_question_and_refuses_a_tie(matcher):
    assert matcher.wording(WORDING["Q2"]) == "Q2"
    assert matcher.wording(WORDING["Q6"]) == "Q6"
    # Rephrased, still clearly Q5.
    assert matcher.wording("How many unaccompanied asylum seeking children were in your care during the period") == "Q5"
    # Q2 and Q6 differ only by the question they point to: without it, no guess.
    assert matcher.wording("Of the children, how many went missing at least once in the period?") is None
    assert matcher.wording("Reference: FOI 2015-1187") is None


def test_aliases_are_labels():
    questions = [Question("Q1", "How many?", "uasc", "all", "in_care", ("p",), aliases=("UASC looked after",))]
    assert QuestionMatcher(questions).resolve("UASC looked after") == "Q1"


def test_letters_map_to_question_order_or_to_the_numbered_group(matcher, lettered_matcher):
    assert matcher.letter("c") == "Q3"
    assert lettered_matcher.letter("b", group="1") == "1b"
    assert lettered_matcher.letter("b") is None  # a letter alone says nothing in a lettered round


# --- xlsx ---------------------------------------------------------------------------------------------


def test_xlsx_letterhead_renamed_columns_text_numbers_and_notes(tmp_path, matcher):
    path = workbook(tmp_path / "FOI 2015-1187 response.xlsx", {"Sheet1": [
        ["Kent County Council"],
        ["Freedom of Information Act 2000 request"],
        ["Reference: FOI 2015-1187"],
        [],
        ["Ref", "Question wording", "Figure", "Comments"],
        ["Q1", WORDING["Q1"], "'12", "from our case management system"],
        ["Q2", WORDING["Q2"], '"3 "', None],
        ["Q5", WORDING["Q5"], 40.0, None],
    ]})
    content = read_reply(path, matcher)
    assert answers_of(content) == {"Q1": "12", "Q2": "3", "Q5": "40"}
    first = content.answers[0]
    assert first.location == "Sheet1!C6" and first.notes == "from our case management system"
    assert [c.text for c in content.name_clues] == ["Kent County Council"]


def test_xlsx_reordered_columns_answer_first(tmp_path, matcher):
    path = workbook(tmp_path / "r.xlsx", {"Sheet1": [
        ["Response", "Description", "Q."],
        ["Nil", WORDING["Q1"], "Q1"],
        ["7", WORDING["Q6"], "Q6"],
    ]})
    assert answers_of(read_reply(path, matcher)) == {"Q1": "Nil", "Q6": "7"}


def test_xlsx_answer_merged_down_two_question_rows_is_one_combined_figure(tmp_path, matcher):
    path = workbook(
        tmp_path / "merged.xlsx",
        {"Sheet1": [["Question", "Description", "Answer"],
                    ["Q1", WORDING["Q1"], 8],
                    ["Q2", WORDING["Q2"], None],
                    ["Q5", WORDING["Q5"], 30]]},
        merges={"Sheet1": ["C2:C3"]},
    )
    content = read_reply(path, matcher)
    assert [(a.question, a.raw_text, a.covers) for a in content.answers] == [
        ("Q1", "8", ("Q1", "Q2")), ("Q5", "30", ())]


def test_xlsx_answer_merged_across_columns(tmp_path, matcher):
    path = workbook(
        tmp_path / "across.xlsx",
        {"Sheet1": [["Question", "Description", "Answer", "Notes"], ["Q1", WORDING["Q1"], "5", None]]},
        merges={"Sheet1": ["C2:D2"]},
    )
    content = read_reply(path, matcher)
    assert answers_of(content) == {"Q1": "5"} and content.answers[0].notes == ""


def test_xlsx_cover_sheet_then_answers_on_the_second_sheet(tmp_path, matcher):
    path = workbook(tmp_path / "cover.xlsx", {
        "Cover": [["Thurrock Council"], ["Freedom of Information response"], ["Date: 12 October 2015"]],
        "Answers": [["Question", "Description", "Answer"], ["Q1", WORDING["Q1"], 14],
                    ["Q2", WORDING["Q2"], "9"]],
    })
    content = read_reply(path, matcher)
    assert answers_of(content) == {"Q1": "14", "Q2": "9"}
    assert content.answers[0].location == "Answers!C2"
    assert content.name_clues[0].text == "Thurrock Council"


def test_xlsx_notes_sheet_adds_notes_to_the_answers(tmp_path, matcher):
    path = workbook(tmp_path / "notes.xlsx", {
        "Sheet1": [["Question", "Description", "Answer"], ["Q2", WORDING["Q2"], "Fewer than 5"]],
        "Notes": [["Notes"], ["Figures cover the year to September 2015."],
                  ["Q2: Withheld under s40(2) FOIA"]],
    })
    notes = [(a.question, a.raw_text, a.notes) for a in read_reply(path, matcher).answers]
    assert ("Q2", "Fewer than 5", "") in notes and ("Q2", "", "Withheld under s40(2) FOIA") in notes


def test_xlsx_without_labels_answers_beside_the_wording(tmp_path, matcher):
    path = workbook(tmp_path / "nolabels.xlsx", {"Sheet1": [
        ["Croydon Council FOI response"],
        [WORDING["Q1"], "10"],
        [WORDING["Q5"], "612 children"],
        ["Of the children, how many went missing at least once in the period?", "4"],
    ]})
    content = read_reply(path, matcher)
    found = answers_of(content)
    assert found["Q1"] == "10" and found["Q5"] == "612 children"
    # The ambiguous row is kept for a person, never assigned to Q2 or Q6.
    assert "Q2" not in found and "Q6" not in found
    assert found[None].endswith("| 4")


def test_xlsx_without_labels_answer_merged_down_is_one_combined_figure(tmp_path, matcher):
    path = workbook(
        tmp_path / "nolabels-merged.xlsx",
        {"Sheet1": [["Freedom of Information request - response"],
                    [WORDING["Q1"], 8],
                    [WORDING["Q2"], None],
                    [WORDING["Q5"], 30]]},
        merges={"Sheet1": ["B2:B3"]},
    )
    content = read_reply(path, matcher)
    # The covered row gives no answer of its own: the figure above covers it.
    assert [(a.question, a.raw_text, a.location, a.covers) for a in content.answers] == [
        ("Q1", "8", "Sheet1!B2", ("Q1", "Q2")), ("Q5", "30", "Sheet1!B4", ())]


def test_corrupt_workbook_is_a_reader_error(tmp_path, matcher):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with pytest.raises(ReaderError, match="not a readable .xlsx"):
        read_reply(path, matcher)


# --- csv -------------------------------------------------------------------------------------------------


def test_csv_utf8_bom_comma(tmp_path, matcher):
    path = tmp_path / "export.csv"
    path.write_bytes("\ufeffquestion,answer\nQ1,3\nQ2,\"fewer than 5\"\n".encode("utf-8"))
    content = read_reply(path, matcher)
    assert answers_of(content) == {"Q1": "3", "Q2": "fewer than 5"}
    assert content.answers[1].location == "row 3"


def test_csv_cp1252_semicolon(tmp_path, matcher):
    text = "Question;Answer\r\nQ1;Council\u2019s figure \u2013 12\r\nQ5;\u00a3600 cost limit exceeded\r\n"
    path = tmp_path / "Croydon FOI response.csv"
    path.write_bytes(text.encode("cp1252"))
    assert answers_of(read_reply(path, matcher)) == {
        "Q1": "Council\u2019s figure \u2013 12", "Q5": "\u00a3600 cost limit exceeded"}


def test_csv_ref_figure_notes(tmp_path, matcher):
    path = tmp_path / "notes.csv"
    path.write_text("Ref,Figure,Notes\nQ7,Refused - s12 (cost limit),Manual search of every file\n")
    (answer,) = read_reply(path, matcher).answers
    assert (answer.question, answer.raw_text, answer.notes) == (
        "Q7", "Refused - s12 (cost limit)", "Manual search of every file")


def test_undecodable_csv_is_a_reader_error(tmp_path, matcher):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"question,answer\nQ1,\x81\x8d\x8f\x90\x9d\n")
    with pytest.raises(ReaderError, match="undecodable"):
        read_reply(path, matcher)


@pytest.mark.parametrize("content, why", [(b"", "empty"), (b"\x00\x01\x02binary\x00", "binary")])
def test_empty_or_binary_text_files_are_reader_errors(tmp_path, matcher, content, why):
    for suffix in (".csv", ".txt", ".eml"):
        path = tmp_path / f"reply{suffix}"
        path.write_bytes(content)
        with pytest.raises(ReaderError, match=why):
            read_reply(path, matcher)


@pytest.mark.parametrize("suffix", [".doc", ""])
def test_formats_without_a_reader_say_so(tmp_path, matcher, suffix):
    path = tmp_path / f"reply{suffix}"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(NoReaderError, match="no reader for"):
        read_reply(path, matcher)


# --- e-mail ------------------------------------------------------------------------------------------------

LETTER = """Dear Research Team,

Thank you for your request for information received on 5 October 2015.

Q1. How many children in your care in the period were identified or suspected victims of trafficking? 13
Q2. Of the children in Q1, how many went missing at least once in the period?
5
Q5 - Nil.
Q6 and Q8 together: 8

If you are unhappy with this response you may ask for an internal review within 40 working days.
You may complain to the Information Commissioner, Wycliffe House, Water Lane, Wilmslow SK9 5AF.

Yours sincerely,

Jane Smith
Information Governance
Thurrock Council
"""


def write_eml(path: Path, plain: str | None, html: str | None, sender: str) -> Path:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "foi.research@example.org.uk"
    message["Subject"] = "RE: Freedom of Information request"
    if plain is not None:
        message.set_content(plain, cte="quoted-printable")
    if html is not None:
        if plain is None:
            message.set_content(html, subtype="html", cte="quoted-printable")
        else:
            message.add_alternative(html, subtype="html", cte="quoted-printable")
    path.write_bytes(bytes(message))
    return path


def test_eml_quoted_printable_with_html_alternative_prefers_plain(tmp_path, matcher):
    html = "<p>Q1. 99</p>"
    path = write_eml(tmp_path / "RE Freedom of Information request.eml", LETTER, html,
                     "Thurrock Council FOI Team <foi@thurrock.gov.uk>")
    assert b"=\n" in path.read_bytes() or b"=3D" in path.read_bytes() or b"quoted-printable" in path.read_bytes()
    content = read_reply(path, matcher)
    assert answers_of(content) == {"Q1": "13", "Q2": "5", "Q5": "Nil.", "Q6": "8"}
    assert content.answers[-1].covers == ("Q6", "Q8")
    assert ("Thurrock Council FOI Team", "From header") in [(c.text, c.where) for c in content.name_clues]
    assert "Thurrock Council" in [c.text for c in content.name_clues]  # the signature


def test_eml_html_only_is_stripped(tmp_path, matcher):
    html = ("<html><head><style>p {color: red}</style></head><body><p>Dear Sir,</p>"
            "<p>Q1. 4<br>Q2. None</p><p>Yours sincerely,</p><p>Medway Council</p></body></html>")
    path = write_eml(tmp_path / "reply.eml", None, html, "FOI <foi@medway.gov.uk>")
    content = read_reply(path, matcher)
    assert answers_of(content) == {"Q1": "4", "Q2": "None"}
    assert [c.text for c in content.name_clues] == ["Medway Council"]


# --- plain-text letters -------------------------------------------------------------------------------------


def test_text_letter_labels_inline_answers_and_boilerplate(tmp_path, matcher):
    path = tmp_path / "FOI 2015-0001 response letter.txt"
    path.write_text("Kent County Council\nSessions House\n\n" + LETTER)
    content = read_reply(path, matcher)
    assert answers_of(content) == {"Q1": "13", "Q2": "5", "Q5": "Nil.", "Q6": "8"}
    assert content.answers[0].location == "line 8"
    assert content.name_clues[0].text == "Kent County Council"


def test_numbered_and_bracketed_labels(matcher):
    letter = "Dear Sir,\n\n1) 4\n2. Zero.\n3: 9\nQ4 \u2013 none\n"
    assert answers_of(read_letter(letter, matcher)) == {"Q1": "4", "Q2": "Zero.", "Q3": "9", "Q4": "none"}


def test_lettered_list_maps_to_question_order(matcher):
    content = read_letter("Dear Sir,\n\na. 0 b. 0\n(c) 2\nd) Nil\n", matcher)
    assert answers_of(content) == {"Q1": "0", "Q2": "0", "Q3": "2", "Q4": "Nil"}


def test_lettered_list_after_a_range(matcher):
    content = read_letter("Dear Sir,\n\nQ5 to Q8: a. 3 b. 0 c. 0 d. 0\n", matcher)
    assert answers_of(content) == {"Q5": "3", "Q6": "0", "Q7": "0", "Q8": "0"}


def test_lettered_round_uses_the_numbered_group(lettered_matcher):
    letter = "Dear Sir,\n\n1. a. 5 b. 3 c. 40\n2.\na) 2\nb) 11\n"
    content = read_letter(letter, lettered_matcher)
    assert answers_of(content) == {"1a": "5", "1b": "3", "1c": "40", "2a": "2", "2b": "11"}


def test_one_lettered_item_after_its_group_number(lettered_matcher):
    """ "1. c. 40" below answers to 1a and 1b written out in full: the one item is 1c."""
    letter = "Dear Sir,\n\n1a. Not recorded\n1b. Not recorded\n1. c. 40\n2. b) Nil\n3.\n"
    content = read_letter(letter, lettered_matcher)
    assert answers_of(content) == {"1a": "Not recorded", "1b": "Not recorded", "1c": "40", "2b": "Nil"}


def test_inline_answer_after_the_wording_without_label(matcher):
    content = read_letter(f"Dear Sir,\n\n{WORDING['Q5']} 40\n{WORDING['Q6']} 3\n", matcher)
    assert answers_of(content) == {"Q5": "40", "Q6": "3"}


def test_combined_answer_covers_both_questions(matcher):
    content = read_letter("Dear Sir,\n\nQ1 and Q5 together: 8\nQ2 - 1\n", matcher)
    assert [(a.question, a.raw_text, a.covers) for a in content.answers] == [
        ("Q1", "8", ("Q1", "Q5")), ("Q2", "1", ())]


def test_combined_forms(matcher, lettered_matcher):
    for line in ("Questions 1 and 5: 8", "Q1 & Q5 combined - 8", "1 and 5 together: 8"):
        (answer,) = read_letter(f"Dear Sir,\n\n{line}\n", matcher).answers
        assert (answer.question, answer.raw_text, answer.covers) == ("Q1", "8", ("Q1", "Q5")), line
    (answer,) = read_letter("Dear Sir,\n\n1a and 1b: 8\n", lettered_matcher).answers
    assert (answer.question, answer.raw_text, answer.covers) == ("1a", "8", ("1a", "1b"))


def test_a_label_followed_by_an_answer_is_not_a_range_or_combination(matcher):
    content = read_letter("Dear Sir,\n\nQ1 - 5\nQ2, 3 children\n", matcher)
    assert answers_of(content) == {"Q1": "5", "Q2": "3 children"}


def test_whole_request_cost_refusal_answers_every_question(matcher, round_2014):
    letter = (
        "Glasgow City Council\n\nDear Sir or Madam,\n\n"
        "To answer we would need to read 250 casefiles at 15 minutes each, 62.5 hours.\n\n"
        "We are therefore refusing your request under section 12 of the Freedom of Information "
        "(Scotland) Act 2002.\n\nIf you are unhappy you may ask for a review. You may apply to the "
        "Scottish Information Commissioner.\n\nYours faithfully,\n\nGlasgow City Council\n"
    )
    content = read_letter(letter, matcher)
    assert [a.question for a in content.answers] == list(round_2014.question_labels)
    assert all(a.whole_request and "section 12" in a.raw_text for a in content.answers)
    assert not any("Commissioner" in a.raw_text for a in content.answers)


def test_prose_letter_is_left_for_a_person(matcher):
    letter = ("Dear Sir,\n\nThe council does not hold a list of trafficked children.\n\n"
              "We looked after one unaccompanied child, none of whom went missing.\n\nRegards,\nX\n")
    (answer,) = read_letter(letter, matcher).answers
    assert answer.question is None and "one unaccompanied child" in answer.raw_text and answer.reason


def test_request_repeated_before_the_answers(matcher):
    letter = (f"Dear Sir,\n\nYou asked:\nQ1. {WORDING['Q1']}\nQ2. {WORDING['Q2']}\n\n"
              "Our response:\nQ1. 6\nQ2. 2\n")
    assert answers_of(read_letter(letter, matcher)) == {"Q1": "6", "Q2": "2"}


def test_numbered_boilerplate_is_not_an_answer(matcher):
    letter = ("Dear Sir,\n\nQ1. 4\nQ2. Refused under section 12. If you are unhappy you may ask for an "
              "internal review.\n\n1. You may complain to the Information Commissioner.\n")
    assert answers_of(read_letter(letter, matcher)) == {"Q1": "4", "Q2": "Refused under section 12."}


# --- real-world text layouts (issue 10) --------------------------------------------------------


def test_several_labelled_answers_on_one_line(lettered_matcher):
    content = read_letter("Dear Sir,\n\n1a) 3, 1b) 0, 1c) 12\n", lettered_matcher)
    assert answers_of(content) == {"1a": "3", "1b": "0", "1c": "12"}


def test_a_number_ending_a_sentence_is_no_label(matcher):
    content = read_letter("Dear Sir,\n\nQ1 - Fewer than 5. The exact figure is withheld.\n", matcher)
    assert answers_of(content) == {"Q1": "Fewer than 5. The exact figure is withheld."}


def test_bulleted_and_roman_lists(matcher):
    assert answers_of(read_letter("Dear Sir,\n\n\u2022 Q1: 4\n\u2022 Q2: 0\n", matcher)) == {"Q1": "4", "Q2": "0"}
    content = read_letter("Dear Sir,\n\n(i) 3\n(ii) 0\niii. Nil\niv) 7\n", matcher)
    assert answers_of(content) == {"Q1": "3", "Q2": "0", "Q3": "Nil", "Q4": "7"}


def test_a_bullet_without_a_label_ends_the_answer_before_it(matcher):
    content = read_letter("Dear Sir,\n\nQ1. 4\n- Reference number 1571785\n", matcher)
    assert answers_of(content) == {"Q1": "4"}


def test_welsh_and_bilingual_labels(matcher):
    letter = "Annwyl Syr / Dear Sir,\n\nCwestiwn 1 / Question 1: 13\nC2: Dim\nCwestiwn 3: 2\n"
    assert answers_of(read_letter(letter, matcher)) == {"Q1": "13", "Q2": "Dim", "Q3": "2"}


def test_question_quoted_back_then_answered_in_the_next_paragraph(matcher):
    letter = (f"Dear Sir,\n\n1. {WORDING['Q1']}\n\nNone\n\n"
              f"2. {WORDING['Q2'].replace('went missing', 'have gone missing')}\n\nThirteen (13)\n")
    assert answers_of(read_letter(letter, matcher)) == {"Q1": "None", "Q2": "Thirteen (13)"}


def test_a_longer_quotation_of_the_question_keeps_its_answer(matcher):
    quoted = WORDING["Q5"].replace("children were", "children (some 1,154 in all) were")
    assert answers_of(read_letter(f"Dear Sir,\n\n{quoted} 15\n", matcher)) == {"Q5": "15"}


def test_answer_after_the_closing_quote_of_the_question(matcher):
    letter = f"Dear Sir,\n\n\u201c{WORDING['Q5']}\u201d None.\n"
    assert answers_of(read_letter(letter, matcher)) == {"Q5": "None."}


def test_a_closing_quote_ends_the_quoted_request(matcher):
    """The letter after a request quoted in full answers the whole, not its last question."""
    letter = f"Dear Sir,\n\nYou asked:\n\u201cQ1. {WORDING['Q1']}\u201d\n\nThe council had 23 children in care.\n"
    content = read_letter(letter, matcher)
    assert "Q1" not in answers_of(content)


def test_request_numbered_in_full_then_answers_numbered_again(matcher):
    letter = (f"1. {WORDING['Q1']} Please give the figure for each year.\n\n2. {WORDING['Q2']}\n\n"
              "Response 24-01-2014\n\n1. None\n\n2. 4\n")
    assert answers_of(read_letter(letter, matcher)) == {"Q1": "None", "Q2": "4"}


def test_part_a_without_its_letter_before_b(lettered_matcher):
    content = read_letter("Dear Sir,\n\n2. Not held b. Not held either\n", lettered_matcher)
    assert answers_of(content) == {"2a": "Not held", "2b": "Not held either"}


def test_a_part_the_request_does_not_have_is_kept_with_a_reason(lettered_matcher):
    content = read_letter("Dear Sir,\n\n2.\na) 4\nc) 7\n", lettered_matcher)
    unplaced = [a for a in content.answers if a.question is None]
    assert answers_of(content)["2a"] == "4"
    assert [a.raw_text for a in unplaced] == ["7"] and '"c)"' in unplaced[0].reason


def test_request_table_row_with_the_answer_beside_it():
    questions = [Question("u16", "Looked after and under 16 years of age", "uasc", "all", "in_care", ("p",)),
                 Question("16-17", "Looked after and aged 16 or 17", "uasc", "all", "in_care", ("p",))]
    letter = "Looked after and under 16 years of age  Nil\nLooked after and aged 16 or 17  Sixteen\n"
    assert answers_of(read_letter(letter, QuestionMatcher(questions))) == {"u16": "Nil", "16-17": "Sixteen"}


def test_wrong_tier_notice_after_the_quoted_request(matcher, round_2014):
    letter = (f"1. {WORDING['Q1']}\n2. {WORDING['Q2']}\n\nOur response\n\n"
              "Thank you for your request. However, as a district council we have no child care "
              "responsibilities. Please contact Kent County Council.\n")
    content = read_letter(letter, matcher)
    assert [a.question for a in content.answers] == list(round_2014.question_labels)
    assert all(a.whole_request and "district council" in a.raw_text and "How many" not in a.raw_text
               for a in content.answers)


def test_a_thread_reads_the_councils_letter_not_the_request():
    questions = [Question("1", "How many children?", "uasc", "all", "in_care", ("p",))]
    letter = ("Dear Council,\n\n1. How many children?\n\nYours faithfully,\nA Requester\n\n"
              "Dear Ms Smith,\n\n1. 12\n\nYours sincerely,\nFOI Team\n")
    assert answers_of(read_letter(letter, QuestionMatcher(questions))) == {"1": "12"}


def test_footnote_defining_a_symbol_is_the_answers_note(matcher):
    content = read_letter("Dear Sir,\n\nQ1. 12\nQ2. *\n\n* = five or fewer\n", matcher)
    (q2,) = [a for a in content.answers if a.question == "Q2"]
    assert (q2.raw_text, q2.notes) == ("*", "* = five or fewer")


def _multi_period_matcher() -> QuestionMatcher:
    periods = (Period("total", "2018 to 30/6/2023", date(2018, 1, 1), date(2023, 6, 30)),
               *(Period(str(y), str(y), date(y, 1, 1), date(y, 12, 31)) for y in range(2018, 2023)),
               Period("2023h1", "2023 to 30 June", date(2023, 1, 1), date(2023, 6, 30)))
    ids = tuple(p.id for p in periods)
    questions = [Question("1", "How many children were placed?", "uasc", "all", "in_care", ids),
                 Question("2", "How many children were moved?", "uasc", "all", "in_care", ids)]
    return QuestionMatcher(questions, periods)


def test_multi_period_lines_give_one_answer_per_period():
    letter = ("1. The council placed 185 children between 1/1/2018 to 30/6/2023.\n\n"
              "This is broken down into 2018 \u2013 21,\n\n2019 \u2013 33,\n\n2020 \u2013 16, 2021 \u2013 26\n\n"
              "2022 \u2013 66, 2023 up to 30/6/23 \u2013 23\n\n"
              "2. 2018 \u2013 8 / 2019 \u2013 8 / 2020 \u2013 5 / 2017 \u2013 4\n")
    content = read_letter(letter, _multi_period_matcher())
    got = {(a.question, a.period): a.raw_text for a in content.answers if not a.reason}
    assert got == {("1", "total"): "The council placed 185 children between 1/1/2018 to 30/6/2023.",
                   ("1", "2018"): "21", ("1", "2019"): "33", ("1", "2020"): "16", ("1", "2021"): "26",
                   ("1", "2022"): "66", ("1", "2023h1"): "23",
                   ("2", "2018"): "8", ("2", "2019"): "8", ("2", "2020"): "5"}
    (unasked,) = [a for a in content.answers if a.reason]
    assert unasked.question == "2" and unasked.period is None and '"2017"' in unasked.reason


def test_multi_period_sentences_with_the_withholding_paragraph():
    periods = (Period("fy15", "2015-16", date(2015, 4, 1), date(2016, 3, 31)),
               Period("fy16", "2016-17", date(2016, 4, 1), date(2017, 3, 31)))
    question = Question("1", "How many children were supported in 2015-16 and 2016-17?", "uasc", "all",
                        "in_care", ("fy15", "fy16"))
    letter = ("1. How many children were supported in 2015-16 and 2016-17?\n\n"
              "In 2015-16 the council supported a number of children.\n\n"
              "The council is not able to disclose the actual number; it is exempt under Section 40(2) of the "
              "Freedom of Information Act 2000 \u2013 Personal Data.\n\n"
              "In 2016-17 the council supported 20 children\n")
    content = read_letter(letter, QuestionMatcher([question], periods))
    got = {a.period: a.raw_text for a in content.answers}
    assert set(got) == {"fy15", "fy16"}
    assert "Section 40(2)" in got["fy15"] and got["fy16"] == "In 2016-17 the council supported 20 children"


# --- property: whatever the figures, every layout gives them back --------------------------------------------

ANSWER_TEXTS = st.one_of(
    st.integers(min_value=0, max_value=5000).map(str),
    st.sampled_from(["Nil", "None", "Zero.", "Nine.", "fewer than 5", "5 or less", "Not recorded.",
                     "Included in above", "Please see response to Q1 above", "1,015"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(ANSWER_TEXTS, min_size=8, max_size=8),
       layout=st.sampled_from(["txt_dot", "txt_dash", "txt_inline", "csv_comma", "csv_semicolon"]))
def test_every_layout_returns_the_answers_as_written(tmp_path_factory, round_2014, matcher, texts, layout):
    labels = round_2014.question_labels
    wordings = [q.wording for q in round_2014.questions]
    folder = tmp_path_factory.mktemp("prop")
    if layout.startswith("txt"):
        lines = {
            "txt_dot": [f"{lb}. {t}" for lb, t in zip(labels, texts)],
            "txt_dash": [f"{lb} - {t}" for lb, t in zip(labels, texts)],
            "txt_inline": [f"{lb}. {w} {t}" for lb, w, t in zip(labels, wordings, texts)],
        }[layout]
        path = folder / "reply.txt"
        path.write_text("Kent County Council\n\nDear Sir,\n\n" + "\n".join(lines) + "\n\nYours sincerely,\nX\n")
    else:
        delimiter = ";" if layout == "csv_semicolon" else ","
        rows = [f"Question{delimiter}Answer"] + [f'{lb}{delimiter}"{t}"' for lb, t in zip(labels, texts)]
        path = folder / "reply.csv"
        path.write_text("\n".join(rows) + "\n")
    assert answers_of(read_reply(path, matcher)) == dict(zip(labels, texts))


def test_a_welsh_wording_alias_is_matched_as_a_wording():
    """round.yaml aliases long enough to be wordings (Welsh ones) are matched like the wording."""
    from foi_missing.core.roundspec import load_round_spec
    from foi_missing.ingest.readers.codebook import QuestionMatcher

    from tests.conftest import REPO_ROOT

    spec = load_round_spec(REPO_ROOT / "data" / "raw" / "2017")
    matcher = QuestionMatcher(spec.questions, spec.periods)
    welsh = {q.label: [a for a in q.aliases if len(a.split()) >= 4] for q in spec.questions}
    assert all(welsh.values()), "every 2017 question has a Welsh wording alias"
    for label, (wording, *_) in welsh.items():
        assert matcher.wording(wording) == label
    assert matcher.label("Cwestiwn 2b") == "2b"
