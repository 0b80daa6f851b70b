"""coding.code_reply: one reply's raw answers -> coded answers per question x period, no ledger."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from foi_missing.core.roundspec import Period, Question
from foi_missing.ingest import coding
from foi_missing.ingest.coding import NO_PERIOD_REASON, code_reply
from foi_missing.ingest.parse_value import ParsedAnswer
from foi_missing.ingest.readers import RawAnswer, ReplyContent

YEARS = tuple(Period(str(y), f"calendar {y}", date(y, 1, 1), date(y, 12, 31)) for y in (2018, 2019, 2020))
ALL_YEARS = tuple(p.id for p in YEARS)
MULTI = (
    Question("1", "How many trafficked children were in your care?", "trafficked", "all", "in_care",
             ALL_YEARS),
    Question("2", "Of these, how many went missing?", "trafficked", "all", "went_missing", ALL_YEARS),
    Question("3", "How many unaccompanied children went missing in 2020?", "uasc", "all",
             "went_missing", ("2020",)),
)
SINGLE_PERIOD = (Period("2099", "calendar 2099", date(2099, 1, 1), date(2099, 12, 31)),)
SINGLE = (
    Question("Q1", "How many trafficked children were in your care?", "trafficked", "all", "in_care",
             ("2099",)),
    Question("Q2", "Of the children in Q1, how many went missing?", "trafficked", "all",
             "went_missing", ("2099",)),
)


def reply(*answers: RawAnswer) -> ReplyContent:
    return ReplyContent(tuple(answers))


def test_single_period_reply_codes_one_answer_per_question():
    coded = code_reply(reply(RawAnswer("Q1", "12", "line 3"), RawAnswer("Q2", "Fewer than 5", "line 4")),
                       SINGLE, SINGLE_PERIOD)
    assert set(coded) == {("Q1", "2099"), ("Q2", "2099")}
    assert (coded["Q1", "2099"]["status"], coded["Q1", "2099"]["value"]) == ("reported", 12)
    q2 = coded["Q2", "2099"]
    assert (q2["status"], q2["lower"], q2["upper"]) == ("suppressed", 1, 4)
    assert q2["source_location"] == "line 4" and q2["coded_by"].startswith("auto:")
    assert q2["source_file"] == "" and q2["reply_id"] == ""  # the caller's


def test_default_suppression_and_act_are_the_callers():
    coded = code_reply(reply(RawAnswer("Q1", "Fewer than 5", "A2")), SINGLE, SINGLE_PERIOD,
                       default_suppression=(1, 5), act="FOISA")
    assert (coded["Q1", "2099"]["lower"], coded["Q1", "2099"]["upper"]) == (1, 4)  # stated bound wins
    withheld = code_reply(reply(RawAnswer("Q1", "The number is too small to disclose (s38(1)(b))", "A2")),
                          SINGLE, SINGLE_PERIOD, default_suppression=(1, 5), act="FOISA")["Q1", "2099"]
    assert withheld["status"] == "suppressed" and withheld["upper"] == 5
    assert "FOISA" in withheld["exemption"]


def test_missing_question_is_unparsed_with_the_readers_reason():
    prose = RawAnswer(None, "We looked after two children.", "line 5",
                      reason="letter answers in prose without question labels")
    coded = code_reply(reply(RawAnswer("Q1", "2", "line 3"), prose), SINGLE, SINGLE_PERIOD)
    q2 = coded["Q2", "2099"]
    assert q2["status"] == "unparsed"
    assert "no answer to Q2" in q2["note"] and "prose without question labels" in q2["note"]
    assert q2["raw_text"] == "We looked after two children."


def test_per_period_answers_code_each_period():
    coded = code_reply(reply(
        RawAnswer("1", "8", "B2", period="2018"), RawAnswer("1", "8", "C2", period="2019"),
        RawAnswer("1", "5", "D2", period="2020"),
        RawAnswer("2", "0", "B3", period="2018"), RawAnswer("2", "Fewer than 5", "C3", period="2019"),
        RawAnswer("2", "2", "D3", period="2020"),
        RawAnswer("3", "4", "line 9"),  # single-period question: no period needed
    ), MULTI, YEARS)
    assert set(coded) == {("1", y) for y in ALL_YEARS} | {("2", y) for y in ALL_YEARS} | {("3", "2020")}
    assert [coded["1", y]["value"] for y in ALL_YEARS] == [8, 8, 5]
    assert [coded["1", y]["source_location"] for y in ALL_YEARS] == ["B2", "C2", "D2"]
    assert coded["2", "2019"]["status"] == "suppressed" and coded["2", "2018"]["value"] == 0
    assert coded["3", "2020"]["value"] == 4


def test_period_less_figure_for_a_multi_period_question_goes_to_a_person():
    coded = code_reply(reply(RawAnswer("1", "12", "line 3"), RawAnswer("2", "3", "line 4", period="2019")),
                       MULTI, YEARS)
    for year in ALL_YEARS:
        assert coded["1", year]["status"] == "unparsed"
        assert NO_PERIOD_REASON in coded["1", year]["note"]
        assert coded["1", year]["raw_text"] == "12"
    assert coded["2", "2019"]["value"] == 3
    assert coded["2", "2018"]["status"] == "unparsed" and "for 2018" in coded["2", "2018"]["note"]


@pytest.mark.parametrize("text, status", [
    ("This information is not held.", "not_held"),
    ("We do not record this information.", "not_recorded"),
])
def test_period_less_notice_answers_every_period(text, status):
    coded = code_reply(reply(RawAnswer("1", text, "line 3")), MULTI, YEARS)
    assert [coded["1", y]["status"] for y in ALL_YEARS] == [status] * 3
    assert "every period" in coded["1", "2018"]["note"]


def test_whole_request_notice_answers_every_question_and_period():
    text = "We are refusing your request under section 12 of the Freedom of Information Act 2000."
    notices = [RawAnswer(q.label, text, "line 4", whole_request=True) for q in MULTI]
    coded = code_reply(reply(*notices), MULTI, YEARS)
    assert len(coded) == 7 and {c["status"] for c in coded.values()} == {"refused_cost"}
    assert all("whole request" in c["note"] for c in coded.values())


def test_a_readers_reason_sends_the_answer_to_a_person_with_that_reason():
    why = "period '2023 up to 30/6/23' is not a period the round asks about"
    coded = code_reply(reply(RawAnswer("1", "2023 up to 30/6/23 - 4", "line 6", reason=why),
                             RawAnswer("1", "7", "line 5", period="2018")), MULTI, YEARS)
    assert coded["1", "2018"]["value"] == 7  # the answer for the period stands
    assert coded["1", "2019"]["status"] == "unparsed" and coded["1", "2019"]["note"] == why


def test_answer_for_a_period_its_question_does_not_ask_about_is_not_used():
    coded = code_reply(reply(RawAnswer("3", "6", "B5", period="2018"), RawAnswer("3", "2", "D5", period="2020")),
                       MULTI, YEARS)
    assert coded["3", "2020"]["value"] == 2
    coded = code_reply(reply(RawAnswer("3", "6", "B5", period="2018")), MULTI, YEARS)
    assert coded["3", "2020"]["status"] == "unparsed"
    assert "for period '2018', which 3 does not ask about" in coded["3", "2020"]["note"]


def test_cross_reference_resolves_within_its_period():
    coded = code_reply(reply(
        RawAnswer("1", "Not recorded", "B2", period="2018"), RawAnswer("1", "9", "C2", period="2019"),
        RawAnswer("1", "4", "D2", period="2020"),
        RawAnswer("2", "Please see response to Q1 above", "line 8"),
    ), MULTI, YEARS)
    assert (coded["2", "2018"]["status"], coded["2", "2018"]["refers_to"]) == ("not_recorded", "1")
    assert coded["2", "2019"]["status"] == "unparsed"  # another measure: a person decides
    assert coded["2", "2019"]["refers_to"] == "1"


def test_qualified_figure_keeps_its_value_and_records_the_qualifier(monkeypatch):
    def parse(text, **_):
        return ParsedAnswer("reported", 39, 39, 39, note="figure read", rule="inline",
                            qualifier="snapshot as at 12 June 2018")

    monkeypatch.setattr(coding, "parse_answer", parse)
    fields = code_reply(reply(RawAnswer("Q1", "39 children as at 12 June 2018", "line 3")),
                        SINGLE, SINGLE_PERIOD)["Q1", "2099"]
    assert (fields["status"], fields["value"]) == ("reported", 39) and coding.is_qualified(fields)
    assert "snapshot as at 12 June 2018" in fields["period_note"]
    assert "qualified: snapshot as at 12 June 2018" in fields["note"]


def test_qualified_rule_count_keeps_and_exclude_moves_the_figure_to_the_note():
    fields = coding.coded_fields("reported", value=39, lower=39, upper=39, raw_text="39 as at 12 June",
                                 period_note="snapshot as at 12 June 2018", note="figure read",
                                 coded_by="auto:inline")
    assert coding.apply_qualified_rule(fields, "count") == fields
    excluded = coding.apply_qualified_rule(fields, "exclude")
    assert (excluded["status"], excluded["value"], excluded["lower"]) == ("not_recorded", None, None)
    assert excluded["coded_by"] == "auto:qualified_excluded"
    assert "figure 39 not counted" in excluded["note"] and "qualified_answers: exclude" in excluded["note"]
    assert excluded["raw_text"] == "39 as at 12 June" and excluded["period_note"] == fields["period_note"]
    plain = coding.coded_fields("reported", value=4, lower=4, upper=4)
    assert coding.apply_qualified_rule(plain, "exclude") == plain
    with pytest.raises(ValueError, match="count, exclude"):
        coding.apply_qualified_rule(fields, "drop")


def test_reader_qualifier_and_parser_date_qualifier_join_the_period_note(monkeypatch):
    @dataclasses.dataclass(frozen=True)
    class QualifiedRaw(RawAnswer):  # a reader that marks a qualified answer
        qualifier: str = ""

    def parse(text, **_):
        return ParsedAnswer("reported", 7, 7, 7, period_note="snapshot on 2099-06-30", rule="inline",
                            note="qualified (date: snapshot on 2099-06-30)",
                            qualifier="date: snapshot on 2099-06-30")

    monkeypatch.setattr(coding, "parse_answer", parse)
    fields = code_reply(reply(RawAnswer("Q1", "7 as at 30 June", "B2")), SINGLE, SINGLE_PERIOD)["Q1", "2099"]
    assert fields["period_note"] == "snapshot on 2099-06-30"  # not repeated
    assert fields["note"].count("snapshot on 2099-06-30") == 1
    monkeypatch.setattr(coding, "parse_answer", lambda text, **_: ParsedAnswer("reported", 7, 7, 7))
    raw = QualifiedRaw("Q1", "7", "B2", qualifier="population: children placed out of area")
    fields = code_reply(reply(raw), SINGLE, SINGLE_PERIOD)["Q1", "2099"]
    assert fields["period_note"] == "population: children placed out of area"
    assert "qualified: population: children placed out of area" in fields["note"]


def test_period_less_nil_is_nil_in_every_period_but_a_figure_is_not():
    coded = code_reply(reply(RawAnswer("1", "None", "line 3"), RawAnswer("2", "3", "line 4")), MULTI, YEARS)
    assert [(coded["1", y]["status"], coded["1", y]["value"]) for y in ALL_YEARS] == [("reported", 0)] * 3
    assert "every period" in coded["1", "2019"]["note"]
    assert {coded["2", y]["status"] for y in ALL_YEARS} == {"unparsed"}


@pytest.mark.parametrize(("text", "status", "value"), [("Nil", "reported", 0), ("Not held", "not_held", None)])
def test_nil_or_a_status_for_two_questions_together_is_said_of_each(text, status, value):
    coded = code_reply(reply(RawAnswer("Q1", text, "line 3", covers=("Q1", "Q2"))), SINGLE, SINGLE_PERIOD)
    for label in ("Q1", "Q2"):
        fields = coded[label, "2099"]
        assert (fields["status"], fields["value"], fields["covers"]) == (status, value, "")
        assert "said of Q1 and Q2 together" in fields["note"]


def test_one_figure_for_two_questions_stays_one_figure():
    coded = code_reply(reply(RawAnswer("Q1", "8", "line 3", covers=("Q1", "Q2"))), SINGLE, SINGLE_PERIOD)
    assert coded["Q1", "2099"]["status"] == "reported" and coded["Q1", "2099"]["covers"] == "Q1;Q2"
    assert coded["Q2", "2099"]["status"] == "included_elsewhere"


def test_nil_together_but_a_figure_of_its_own_goes_to_a_person():
    coded = code_reply(reply(RawAnswer("Q1", "None", "line 3", covers=("Q1", "Q2")), RawAnswer("Q2", "4", "line 5")),
                       SINGLE, SINGLE_PERIOD)
    assert coded["Q1", "2099"]["value"] == 0
    assert coded["Q2", "2099"]["status"] == "unparsed" and "two different answers" in coded["Q2", "2099"]["note"]
