"""The value parser: one answer's text -> a coded answer (docs/design.md#statuses).

A table of texts as councils write them, each with the status and numbers it must get,
then property tests: the parser never raises and its results keep their invariants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from foi_missing.ingest.parse_value import STATUSES, ParsedAnswer, parse_answer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

Y2017 = {"period_start": date(2017, 1, 1), "period_end": date(2017, 12, 31)}
Y2021 = {"period_start": date(2021, 1, 1), "period_end": date(2021, 12, 31)}
Y2014_15 = {"period_start": date(2014, 9, 1), "period_end": date(2015, 8, 31)}
CHILDREN = {"measure": "went_missing"}
EPISODES = {"measure": "missing_episodes"}

_UNSET = object()


@dataclass(frozen=True)
class Case:
    text: str | None
    status: str
    value: int | None = None
    lower: int | None = None
    upper: int | None = None
    exemption: object = _UNSET  # checked only when given
    kw: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # other fields to check, e.g. refers_to

    @property
    def id(self) -> str:
        return repr(self.text)[:60]


def R(text, value, kw=None, **extra):
    """Reported: value, lower and upper all equal."""
    return Case(text, "reported", value, value, value, kw=kw or {}, extra=extra)


def S(text, lower, upper, exemption=_UNSET, kw=None, **extra):
    """Suppressed with an interval."""
    return Case(text, "suppressed", None, lower, upper, exemption, kw or {}, extra)


def X(status, text, exemption=_UNSET, kw=None, **extra):
    """A status without numbers."""
    return Case(text, status, exemption=exemption, kw=kw or {}, extra=extra)


def U(text, kw=None, **extra):
    """Unparsed: a person must code it."""
    return X("unparsed", text, kw=kw, **extra)


CASES = [
    # -- plain integers and their spreadsheet disguises ---------------------------------
    R("13", 13),
    R("0", 0),
    R("1,015", 1015),
    R("13 children", 13),
    R("13 children went missing", 13),
    R("13 children went missing at least once", 13),
    R("13.", 13),
    R(" 12 ", 12),
    R("'12", 12),
    R("12.0", 12),
    R("4\u00a0", 4),
    R("There were 7", 7),
    R("A total of 9 children", 9),
    R("Total 31", 31),
    R("13 (thirteen)", 13),
    R("3 (3)", 3),
    R("0 (zero)", 0),
    R("The Council can confirm that 5 children went missing.", 5),
    R("We have identified 4 children", 4),
    R("5 children. Please note this includes suspected victims.", 5),
    R("(13)", 13),
    R(13, 13),
    R(12.0, 12),
    # inline after the question, or after a label
    R("How many UASC went missing in the last 12 months? 13", 13),
    R("1c. How many were UASC or separated children? 45 children", 45),
    R("Number of children who went missing: 13", 13),
    R("Answer: 6", 6),
    R("Q2a: 5", 5),
    R("Q3 - 8", 8),
    R("(a) 4", 4),
    R("a) 4", 4),
    R("b. 11", 11),
    R("1a. 2", 2),
    R("Response - 17", 17),
    # -- numbers in words ----------------------------------------------------------------
    R("Nil", 0),
    R("nil return", 0),
    R("Nil - none identified", 0),  # nothing, said twice
    R("0 - nil", 0),
    R("N/A - nil", 0),  # the nil says which "N/A" it is
    R("N/A (none)", 0),
    R("None", 0),
    R("None.", 0),
    R("Zero.", 0),
    R("Nine.", 9),
    R("twelve", 12),
    R("Twenty-three", 23),
    R("twenty three children", 23),
    R("one hundred and five", 105),
    R("The only child", 1),
    R("The only child who went missing was located the same day", 1),
    R("one child", 1),
    R("Only one", 1),
    R("a single child", 1),
    R("No children", 0),
    R("There were no such cases", 0),
    R("We have had no such cases", 0),
    R("The council has had no children in this category", 0),
    U("We have had no such cases, but 3 are pending"),
    # A nil return returns nothing: it says the 0 again, or is the whole answer.
    R("0 - please note this is a nil return", 0),
    R("0. Please note that this is a nil return.", 0),
    R("0 (nil return)", 0),
    R("0 \u2013 this is a nil return", 0),
    R("This is a nil return", 0),
    R("A nil return", 0),
    U("5 - this is a nil return"),
    U("This is a nil return, but 3 are pending"),
    # Nothing in words, then the figure: the same nothing twice. Another figure contradicts it.
    R("Nil return - 0", 0),
    R("nil return: 0", 0),
    R("None \u2013 0", 0),
    R("Zero = 0", 0),
    R("Nil 0 children", 0),
    R("nil/0", 0),
    R("Nil return, 0", 0),
    R("None recorded - 0", 0),
    U("None identified - 2"),
    U("Nil return - 4"),
    U("None - 5"),  # no range 0..5: the words say none
    U("Nil - 0 (2 referrals pending)"),
    U("We have no record of this"),
    R("None of the children went missing", 0),
    R("None identified", 0),
    R("Nil (0)", 0),
    R("Nine (9)", 9),
    R("Q2a: Nil", 0),
    # -- children and incidents in one sentence ---------------------------------------
    R("685 incidents relating to 73 children", 73, CHILDREN),
    R("685 incidents relating to 73 children", 685, EPISODES),
    R("685 incidents relating to 73 children", 73),  # measure not given: the children
    R("73 children went missing on 685 occasions", 73, CHILDREN),
    R("73 children went missing on 685 occasions", 685, EPISODES),
    R("Twelve children went missing on 31 occasions", 12, CHILDREN),
    R("Children: 12, episodes: 40", 40, EPISODES),
    R("12 missing episodes", 12, EPISODES),
    # -- suppressed: small numbers withheld -----------------------------------------------
    S("fewer than 5", 1, 4),
    S("Fewer than five", 1, 4),
    S("less than 5", 1, 4),
    S("<5", 1, 4),
    S("< 5", 1, 4),
    S("less than 10", 1, 9),
    S("under 3", 1, 2),
    S("5 or less", 0, 5),
    S("5 or fewer", 0, 5),
    S("Under ten", 1, 9),
    S("Fewer than five (5)", 1, 4),  # the threshold again in figures
    U("Fewer than five (6)"),
    U("N/A - 3"),
    S("Between five and ten", 5, 10),
    S("≤5", 0, 5),
    S("<=5", 0, 5),
    S("no more than 5", 0, 5),
    S("fewer than 5 (FOIA s40(2))", 1, 4, "FOIA s40(2)"),
    S(
        "Fewer than 5 - exempt under section 40(2) of the Freedom of Information Act 2000",
        1,
        4,
        "FOIA s40(2)",
    ),
    S(
        "Less than 5. Exempt under section 38(1)(b) of the Freedom of Information (Scotland) "
        "Act 2002",
        1,
        4,
        "FOISA s38(1)(b)",
    ),
    S("fewer than 5 (s40(2) and s38(1)(a))", 1, 4, "FOIA s40(2); FOIA s38(1)(a)"),
    S("The number is so few that disclosure could identify the children concerned", 1, 4, None),
    S(
        "so few that the individuals could be identified; withheld under s40(2)",
        1,
        4,
        "FOIA s40(2)",
    ),
    S("a small number", 1, 4),
    S("Low number - withheld", 1, 4),
    S("*", 1, 4),
    S("[c]", 1, 4),
    S("Withheld under section 40(2)", 1, 4, "FOIA s40(2)"),
    S("Withheld under section 38(1)(b)", 1, 4, "FOISA s38(1)(b)", {"act": "FOISA"}),
    S("so few", 0, 3, kw={"default_suppression": (0, 3)}),
    S("between 10 and 20", 10, 20),
    S("1-4", 1, 4),
    S("Between 1 and 5 (exact number withheld under s40)", 1, 5, "FOIA s40"),
    # -- refused on cost (s12): the arithmetic is not the answer ---------------------------
    X(
        "refused_cost",
        "Section 12: to answer we would need to review 250 casefiles at 15 "
        "minutes each, i.e. 62,5 hours, above the appropriate limit of 18 hours.",
        "s12",
    ),
    X("refused_cost", "Refused under s12 FOIA (cost)", "FOIA s12"),
    X(
        "refused_cost",
        "We estimate that to locate this would exceed the cost limit of £450 "
        "(2 officers x 25 hours)",
        None,
    ),
    X(
        "refused_cost",
        "Section 12 of the Freedom of Information (Scotland) Act 2002 applies: "
        "the cost would exceed £600.",
        "FOISA s12",
    ),
    X("refused_cost", "s12 - 73 children's files would need to be read", "s12"),
    X("refused_cost", "This would exceed the appropriate limit", None),
    X("refused_cost", "The council estimates it would take over 18 hours to retrieve this.", None),
    X("refused_cost", "section 12 applies", "FOISA s12", {"act": "FOISA"}),
    # -- not held ------------------------------------------------------------------------
    X("not_held", "We do not hold this information", None),
    X("not_held", "Information not held", None),
    X("not_held", "The Council doesn't hold this information.", None),
    X("not_held", "Section 17 notice: the information is not held", "FOISA s17"),
    X("not_held", "This information is not held (FOISA s17)", "FOISA s17"),
    X("not_held", "Information not held as at 31 March 2015", None),
    # -- not recorded (no exemption cited) -------------------------------------------------
    X("not_recorded", "Not recorded", None),
    X("not_recorded", "We do not record this", None),
    X("not_recorded", "We don't record trafficking status on our system.", None),
    X("not_recorded", "not in a reportable format", None),
    X("not_recorded", "This cannot be extracted from our system", None),
    X("not_recorded", "We do not hold this information in a reportable format", None),
    X("not_recorded", "Unknown", None),
    X("not_recorded", "Not known", None),
    X("not_recorded", "We are unable to identify suspected victims separately", None),
    # -- other exemptions ------------------------------------------------------------------
    X("refused_other", "Exempt under section 31 (law enforcement)", "s31"),
    X("refused_other", "s21 - reasonably accessible elsewhere", "s21"),
    X("refused_other", "Section 21 FOIA: the figures are published by the DfE", "FOIA s21"),
    X("refused_other", "This request is vexatious (s14)", "s14"),
    X("refused_other", "The information is reasonably accessible to you by other means", None),
    X("refused_other", "Withheld under section 38(1)(b)", "s38(1)(b)"),  # act unknown: FOIA s38?
    X("refused_other", "Exempt: s38(1)(a) of FOIA (health and safety)", "FOIA s38(1)(a)"),
    X("refused_other", "Section 30(1) of FOISA applies", "FOISA s30(1)"),
    # -- wrong tier ----------------------------------------------------------------------
    X(
        "not_responsible",
        "This council does not have responsibility for children's services; "
        "please contact Kent County Council",
        redirect="Kent County Council",
    ),
    X(
        "not_responsible",
        "As a district council, Dartford Borough Council does not provide "
        "children's services. These are provided by Kent County Council.",
        redirect="Kent County Council",
    ),
    # A wrong-tier reply that says the information is not held is not_held, redirect kept.
    X(
        "not_held",
        "The Council does not hold this information. Requests should be "
        "directed to the Health and Social Care Trusts.",
        redirect="the Health and Social Care Trusts",
    ),
    X(
        "not_held",
        "Being a borough council with no children's services we do not hold any of the "
        "figures asked for; please ask Essex County Council.",
        redirect="Essex County Council",
    ),
    X(
        "not_responsible",
        "We are a district council. Your request has been forwarded to Norfolk County Council.",
        redirect="Norfolk County Council",
    ),
    X(
        "not_responsible",
        "Children's social care in Northern Ireland is the responsibility of "
        "the Health and Social Care Trusts",
        redirect="the Health and Social Care Trusts",
    ),
    X(
        "not_responsible",
        "N/A - we are a district council. Please contact Lancashire County Council.",
        redirect="Lancashire County Council",
    ),
    X(
        "not_responsible",
        "Not applicable - this is the responsibility of Surrey County Council",
        redirect="Surrey County Council",
    ),
    # -- cross references -------------------------------------------------------------------
    X("included_elsewhere", "Please see response to (a) above", refers_to="a"),
    X("included_elsewhere", "Included in above", refers_to="above"),
    X("included_elsewhere", "included in Q1", refers_to="Q1"),
    X("included_elsewhere", "These are included in the answer to question 2", refers_to="Q2"),
    X("included_elsewhere", "See answer to 1a", refers_to="1a"),
    X("included_elsewhere", "Counted in the figure for 1c", refers_to="1c"),
    X("included_elsewhere", "See above", refers_to="above"),
    # -- one figure for two questions ---------------------------------------------------------
    R("1a and 1b together: 8", 8, refers_to="1a+1b"),
    R("8 (1a and 1b combined)", 8, refers_to="1a+1b"),
    R("Nil for both (a) and (b)", 0, refers_to="a+b"),
    # -- per-period lines and snapshots -----------------------------------------------------
    R("1 January 2021 to 31 December 2021: 24", 24, Y2021, period_note=None),
    R("2017: 8", 8, Y2017, period_note=None),
    R("2017 – 8", 8, Y2017, period_note=None),
    R(
        "2018 – 8",
        8,
        Y2017,
        period_note='covers 2018-01-01 to 2018-12-31 ("2018"), not the question\'s period',
    ),
    R("2016: 5\n2017: 8\n2018: 12", 8, Y2017, period_note=None),
    R("2016 - 5, 2017 - 8, 2018 - 12", 8, Y2017, period_note=None),
    R("8 in 2016, 11 in 2017", 11, Y2017, period_note=None),
    R("January to December 2017: 14", 14, Y2017, period_note=None),
    R("Between 1 January 2017 and 31 December 2017 there were 13 children", 13, Y2017),
    R("39 children as at 12 June 2018", 39, period_note="snapshot as at 2018-06-12"),
    R(
        "As at 31 March 2017, there were 39 UASC in our care",
        39,
        period_note="snapshot as at 2017-03-31",
    ),
    R(
        "2017/18: 21",
        21,
        Y2017,
        period_note='covers 2017-04-01 to 2018-03-31 ("2017/18"), not the question\'s period',
    ),
    R("year to September 2015: 12", 12, Y2014_15, period_note=None),
    R("There are currently 12 children", 12, period_note="snapshot at the time of the reply"),
    S("fewer than 5 in 2017", 1, 4, kw=Y2017, period_note=None),
    # -- no response ------------------------------------------------------------------------
    X("no_response", "No response received"),
    X("no_response", "No reply"),
    # -- unparsed: a person must code these ---------------------------------------------------
    U(None, rule="blank"),
    U("", rule="blank"),
    U("   ", rule="blank"),
    U(float("nan"), rule="blank"),
    U("-"),
    U("n/a"),
    U("N/A"),
    X("not_recorded", "Not applicable", rule="not_applicable"),
    U("TBC"),
    U("?"),
    U("13?"),
    U("see attached"),
    U("Please see the attached spreadsheet"),
    U("approximately 20", rule="hedge"),
    U("around 20", rule="hedge"),
    U("roughly 20 young people", rule="hedge"),
    U("about 20 children", rule="hedge"),
    U("c. 20", rule="hedge"),
    U("20+", rule="hedge"),
    U("over 100", rule="hedge"),
    U("at least 3", rule="hedge"),
    U("15 (estimated)", rule="hedge"),
    U("13 or 14"),
    U("13 children, 2 of whom are still missing"),
    U("13 (revised: 14)"),
    U("Nine (10)"),
    U("31/03/2015"),
    U("2015"),
    U("01622 696000"),
    U("01622696000"),
    U("FOI 2015/1234"),
    U("12%"),
    U("12 per cent"),
    U("12.5"),
    U("62,5"),
    U("£450"),
    U("-3"),
    U("No"),
    U("x"),
    U("As above", refers_to="above"),
    U("Same as (a)", refers_to="a"),
    U("13 episodes", CHILDREN),
    U("13 children", EPISODES),
    U("Incidents: 685", CHILDREN),
    U("2016: 5\n2018: 12", Y2017),  # no line for the question's period
    U("2016: 5\n2017: 8"),  # several periods, question period not given
    U("included in Q1 (13 children)"),
    U("Not held for 2016. 2017: 5"),
    U("The figures are being checked"),
    U("under 18"),
    U("13 children under 18"),
    U("Withheld"),
    U("Lorem ipsum"),
    U("5 children went missing for periods exceeding 24 hours", rule="several_numbers"),
    U("one thousand"),
    U("13 (approx)", rule="hedge"),
    U("The figure is 13 but this has not been verified", rule="hedge"),
    U("Nil - see Q1"),  # a zero and a cross reference: which?
    U("3 went missing, none remain missing"),
    U("13 children, one of whom went missing"),
    U("We looked after eight UASC, one of whom went missing, with two missing episodes"),
    U("Yes - 13"),
    U("a. 0 b. 0"),  # two lettered answers in one text
    # -- phrasings met in real replies (issue 10) ----------------------------------------
    R("\uff11\uff13", 13),  # full-width digits (NFKC)
    R("1\u202f015", 1015),  # narrow no-break space as thousands separator
    R("1\u00a0015 children", 1015),
    R("1\u2009015", 1015),  # thin space
    U("13\u00b9"),  # a footnote mark is not a digit: "131" would be wrong
    R("Sixteen", 16),
    R("Thirteen (13)", 13),
    S("* (* = five or fewer)", 0, 5, rule="footnote"),
    S("*\n* denotes 5 or fewer", 0, 5, rule="footnote"),
    S("[c] ([c] = between 1 and 4)", 1, 4, rule="footnote"),
    U("* (* = figure withheld)"),  # a footnote without an interval: not the default
    S("The numbers are 5 or less and are withheld under section 40(2)", 0, 5, "FOIA s40(2)"),
    S("Five or fewer", 0, 5),
    S("The numbers are so low that to provide this information would risk identifying individuals. "
      "This information is therefore exempt under section 38(1)b of the Freedom of Information (Scotland) Act 2002.",
      1, 4, "FOISA s38(1)(b)"),
    S("In 2015-16 the council supported a number of unaccompanied asylum-seeking children, all still supported "
      "as at 31st March 2016. The Council is not able to disclose the actual number as it might enable these "
      "children to be identified; the figures are exempt under Section 40(2) of the Freedom of Information Act 2000.",
      1, 4, "FOIA s40(2)", kw={"period_start": date(2015, 4, 1), "period_end": date(2016, 3, 31)}),
    S("In 2015-16 a number of children were referred to the council. The Council is not able to disclose the "
      "actual number of children referred to us", 1, 4),
    R("Dim", 0),  # Welsh: none
    R("Ateb / Answer: 5", 5),
    R("Ateb: 7", 7),
    X("not_recorded", "Non-reportable data.", None),
    X("not_recorded", "Not applicable", rule="not_applicable"),
    X("included_elsewhere", "see answer to 2", refers_to="Q2"),
    X("included_elsewhere", "Please see our response to question 4", refers_to="Q4"),
    U("see answer to 2: 13 children"),
    R("13 (includes care leavers)", 13, qualifier='population: "includes care leavers"'),
    R("5 children placed out of area", 5, qualifier='population: "placed out of area"'),
    R("39 children as at 12 June 2017", 39, Y2017, qualifier="date: snapshot as at 2017-06-12"),
    R("13", 13, qualifier=None),
    R("Lincolnshire placed 185 UASC between 1/1/2018 to 30/6/2023.", 185,
      {"period_start": date(2018, 1, 1), "period_end": date(2023, 6, 30)}),
    R("In 2016-17 Devon County Council supported 20 unaccompanied asylum-seeking children", 20,
      {"period_start": date(2016, 4, 1), "period_end": date(2017, 3, 31)}),
    R("The Council had 23 UASC", 23),
    R("Lincolnshire have not referred any UASC through the NTS scheme.", 0),
    R("We did not receive any children under the scheme", 0),
    X("not_recorded", "We have not recorded any children"),
    R("The number of children in care that went missing where potential exploitation was flagged on at "
      "least two occasions: seven.", 7),
    R("a) sexually abused or exploited: The number of children in care that went missing where potential "
      "child sexual exploitation was flagged; Nine.", 9),
    U("The number of episodes: 40", CHILDREN),
    U("Withheld under s40(2) as the number is fewer than 5, although 13 children were in care"),
    U("no more than 0.07% of the population"),  # "0.07" is no "0"
    U("Lincolnshire placed 185 UASC, about 30 of them in 2018"),
    R("Of these, 3 went missing.", 3),
    R("Of these children, two went missing", 2),
    U("Of those 12, 3 went missing"),
    # A length of time is no count (of children or of episodes).
    U("3 days", rule="duration"),
    U("Two weeks.", rule="duration"),
    U("The longest absence lasted four days; it was in May 2021 and the young person was a 15 year old.",
      rule="duration"),
    U("Nobody was away longer than 48 hours"),
]


def test_enough_cases_and_every_status_covered():
    assert len(CASES) >= 110
    assert {c.status for c in CASES} == set(STATUSES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_table(case: Case) -> None:
    got = parse_answer(case.text, **case.kw)
    summary = f"{got.status} {got.value} [{got.lower},{got.upper}] {got.rule}: {got.note}"
    assert got.status == case.status, summary
    assert (got.value, got.lower, got.upper) == (case.value, case.lower, case.upper), summary
    if case.exemption is not _UNSET:
        assert got.exemption == case.exemption, summary
    for name, want in case.extra.items():
        assert getattr(got, name) == want, f"{name}: {summary}"
    assert got.rule and got.note, "every result says how it was coded"


def test_cost_arithmetic_is_never_the_answer() -> None:
    got = parse_answer(
        "To answer we would need to review 250 casefiles at 15 minutes each, 62,5 hours, "
        "above the appropriate limit (section 12)."
    )
    assert got.status == "refused_cost"
    assert got.value is None and got.lower is None


def test_incident_pair_notes_the_other_number() -> None:
    got = parse_answer("685 incidents relating to 73 children", measure="went_missing")
    assert got.value == 73 and "685" in got.note


def test_default_suppression_is_noted() -> None:
    got = parse_answer("so few", default_suppression=(1, 9))
    assert (got.lower, got.upper) == (1, 9) and "default" in got.note


def test_snapshot_matching_the_question_date_has_no_period_note() -> None:
    day = date(2017, 3, 31)
    got = parse_answer("39 as at 31/03/2017", period_start=day, period_end=day)
    assert got.status == "reported" and got.value == 39 and got.period_note is None


def test_results_are_frozen() -> None:
    got = parse_answer("13")
    with pytest.raises(AttributeError):
        got.value = 14  # type: ignore[misc]


# ---------------------------------------------------------------------------------------
# Properties.

FRAGMENTS = [
    "0",
    "1",
    "5",
    "13",
    "250",
    "1,015",
    "62,5",
    "12.0",
    "2017",
    "2018 - ",
    "31/03/2015",
    "fewer than",
    "less than",
    "under",
    "or less",
    "<",
    "≤",
    "*",
    "[c]",
    "so few",
    "s12",
    "s40(2)",
    "section 38(1)(b)",
    "FOISA",
    "s17",
    "s21",
    "nil",
    "none",
    "Nine",
    "twenty-three",
    "children",
    "incidents",
    "relating to",
    "as at",
    "12 June 2018",
    "?",
    ":",
    "-",
    "(",
    ")",
    "included in",
    "see",
    "Q1",
    "(a)",
    "above",
    "not held",
    "not recorded",
    "County Council",
    "Health and Social Care Trusts",
    "approximately",
    "between",
    "and",
    "%",
    "'",
    " ",
    "\n",
    "£",
    "only",
    "the only child",
    "combined",
    "1a",
    "1b",
    "together",
]
fragment_texts = st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join)
fragment_texts_tight = st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join)
any_input = st.one_of(
    st.none(),
    st.text(max_size=200),
    fragment_texts,
    fragment_texts_tight,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
)
periods = st.one_of(
    st.just({}),
    st.builds(
        lambda y: {"period_start": date(y, 1, 1), "period_end": date(y, 12, 31)},
        st.integers(1990, 2039),
    ),
)
measures = st.sampled_from([None, "in_care", "went_missing", "missing_episodes", "not_found"])
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_invariants(got: ParsedAnswer) -> None:
    assert isinstance(got, ParsedAnswer)
    assert got.status in STATUSES
    assert isinstance(got.note, str) and got.rule
    if got.status == "reported":
        assert isinstance(got.value, int)
        assert got.lower == got.value == got.upper
        assert 0 <= got.value
    elif got.status == "suppressed":
        assert got.value is None
        assert isinstance(got.lower, int) and isinstance(got.upper, int)
        assert 0 <= got.lower <= got.upper
    else:
        assert got.value is None and got.lower is None and got.upper is None
    if got.value is not None:
        assert got.lower <= got.value <= got.upper


@FAST
@given(text=any_input, period=periods, measure=measures)
def test_never_raises_and_keeps_invariants(text, period, measure) -> None:
    _check_invariants(parse_answer(text, measure=measure, **period))


@FAST
@given(text=fragment_texts)
def test_unparsed_has_no_value(text) -> None:
    got = parse_answer(text)
    if got.status == "unparsed":
        assert got.value is None and got.lower is None and got.upper is None


@settings(max_examples=100, deadline=None)
@given(n=st.integers(min_value=0, max_value=99_999))
def test_every_plain_count_reads_back(n) -> None:
    for text in (str(n), f"{n:,}", f"{n} children", f"'{n}", f"{n}.0"):
        got = parse_answer(text)
        if 1990 <= n <= 2039 and got.status == "unparsed":
            continue  # a number that could be a year is left to a person
        assert (got.status, got.value) == ("reported", n), text
