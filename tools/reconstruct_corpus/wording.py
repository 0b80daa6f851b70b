"""How councils word their answers (docs/design.md#how-councils-answer), as text."""

from __future__ import annotations

import datetime as dt
import random
import re

from .model import Answer, Authority

WORDS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
]


def date_words(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def fa_act(nation: str) -> str:
    if nation == "Scotland":
        return "Freedom of Information (Scotland) Act 2002"
    return "Freedom of Information Act 2000"


def slug(text: str) -> str:
    text = re.sub(r"\b(council|city|county|borough|district|metropolitan|of|the|and|royal)\b", " ", text.lower())
    return re.sub(r"[^a-z]", "", text) or "council"


def council_domain(auth: Authority) -> str:
    if auth.type == "HSCT":
        return f"{slug(auth.short_name.replace('HSC Trust', ''))}trust.hscni.net"
    return f"{slug(auth.short_name)}.gov.uk"


def council_ref(auth: Authority, rng: random.Random, year: int) -> str:
    n = rng.randint(100, 9999)
    yy = year % 100
    style = rng.randrange(7)
    if auth.nation == "Scotland":
        return rng.choice([f"FOI/{yy}/{n:05d}", f"FOISA-{year}-{n:04d}", f"{n:06d}"])
    return [
        f"FOI {year}-{n:04d}",
        f"FOI/{yy}/{n:04d}",
        f"REQ-{n:06d}",
        f"F{n:07d}",
        f"IGU {yy}-{n:04d}",
        f"FOI{n:05d}",
        f"CRM {n * 7:07d}",
    ][style]


def number_word(v: int, capital: bool = True) -> str:
    word = WORDS[v] if 0 <= v < len(WORDS) else str(v)
    return word.capitalize() if capital else word


def cost_refusal_law(nation: str) -> tuple[str, str]:
    """A whole-request cost refusal: (the exemption as coded, the law as the notice cites it).

    The code keeps the section as the notice writes it (Scottish notices cite the
    subsection, "section 12(1)"), as the pipeline's parser does."""
    if nation == "Scotland":
        return "FOISA s12(1)", "section 12(1) of the Freedom of Information (Scotland) Act 2002"
    return "FOIA s12", "section 12 of the Freedom of Information Act 2000"


def suppressed_text(ans: Answer, nation: str, letter: bool, notes_column: bool = True) -> tuple[str, str]:
    """A withheld small number: (answer text, notes entry).

    A workbook without a Notes column cannot carry the exemption in a note: the
    answer cell then states it itself ("Fewer than 5 (withheld under s40(2) FOIA)")."""
    phrase = ans.phrase or "fewer than 5"
    if nation == "Scotland":
        law = "section 38(1)(b) of the Freedom of Information (Scotland) Act 2002 (personal data)"
        short = "Withheld under s38(1)(b) FOISA"
        inline = "withheld under s38(1)(b) FOISA"
    else:
        law = "section 40(2) of the Freedom of Information Act 2000 (personal information)"
        short = "Withheld under s40(2) FOIA - small numbers"
        inline = "withheld under s40(2) FOIA"
    if phrase == "so few":
        text = (
            "The number of children is so few that releasing it could identify them. "
            "It is the Council's policy not to release figures below 5, and the figure is "
            f"withheld under {law}."
        )
        if letter:
            return text, ""
        return ("Fewer than 5", short) if notes_column else (f"Fewer than 5 ({inline})", "")
    head = phrase[0].upper() + phrase[1:] if phrase[0].isalpha() else phrase
    if letter:
        return (
            (f"{head}. The exact figure is withheld under {law}, as numbers this small could "
            "lead to the identification of individual children."),
            "",
        )
    return (head, short) if notes_column else (f"{head} ({inline})", "")


NOT_RECORDED = [
    "Not recorded",
    "This information is not recorded in a reportable format.",
    "The Council does not record this as a category on its case management system.",
    "Unknown - not recorded centrally.",
    "We are unable to provide this; the information is not in a reportable format.",
    "Not recorded.",
]

NOT_RECORDED_TRAFFICKED = [
    ("We do not record trafficking as a category on our children's social care system, so we "
    "cannot report how many children this applies to."),
    ("Children are not flagged as (suspected) victims of trafficking on our system; this is "
    "not recorded in a reportable format."),
]


def answer_text(
    ans: Answer,
    *,
    nation: str,
    cohort: str,
    measure: str,
    letter: bool,
    rng: random.Random,
    period: tuple[dt.date, dt.date],
    siblings: dict[str, Answer],
    fa: str,
    cross_cohort: bool = False,
    notes_column: bool = True,
) -> tuple[object, str]:
    """The council's answer (text, or int for a workbook cell) and a notes entry.

    ``notes_column`` False (a workbook layout without a Notes column): what a note
    would say that changes the coding (an exemption) is written in the answer itself."""
    status = ans.status
    if status == "reported":
        return _reported(ans, cohort=cohort, measure=measure, letter=letter, rng=rng, period=period,
                         siblings=siblings, cross_cohort=cross_cohort)
    if status == "suppressed":
        return suppressed_text(ans, nation, letter, notes_column)
    if status == "included_elsewhere":
        if ans.form == "together":
            return f"Please see response to {ans.refers_to} above.", ""
        return "Included in above", ""
    if status == "not_recorded":
        if ans.form == "see_above":
            return f"Please see response to {ans.refers_to} above.", ""
        if cohort == "trafficked" and measure == "in_care" and rng.random() < 0.6:
            return rng.choice(NOT_RECORDED_TRAFFICKED), ""
        return rng.choice(NOT_RECORDED), ""
    if status == "not_held" and ans.form == "not_held_before":
        return f"Not held - {ans.phrase}.", ""
    if status == "not_held":
        if nation == "Scotland":
            text = ("Not held. In terms of section 17 of the Freedom of Information (Scotland) Act 2002, "
                    "the Council does not hold this information.")
            if letter:
                return text, ""
            return ("Not held", "FOISA s17 notice") if notes_column else ("Not held (FOISA s17 notice)", "")
        return ("Information not held.", "")
    if status == "refused_cost":
        if letter:
            return (
                ("To answer this question we would need to read each child's case file. We estimate that "
                "this would exceed the appropriate limit, and we are refusing this part of the request "
                f"under section 12 of the {fa}."), "")
        return "Refused - s12 (cost limit)", "Would need a manual search of every case file"
    if status == "refused_other":
        if ans.exemption == "FOIA s31(1)(a)":
            text = ("Withheld under section 31(1)(a) of the Freedom of Information Act 2000 "
                    "(prevention or detection of crime).")
        else:
            text = ("Withheld under section 38(1) of the Freedom of Information Act 2000 (health and "
                    "safety): disclosure could put the children concerned at risk.")
        return (text, "") if letter or not notes_column else ("Withheld", text)
    raise ValueError(f"no wording for status {status}")


def _reported(ans: Answer, *, cohort, measure, letter, rng, period, siblings, cross_cohort) -> tuple[object, str]:
    v = ans.value
    assert v is not None
    if ans.form == "snapshot":
        day = dt.date.fromisoformat(ans.period_note.rsplit(" ", 1)[-1])
        return f"{v} children as at {date_words(day)}", ""
    if ans.form == "other_period":
        start, end = re.findall(r"\d{4}-\d{2}-\d{2}", ans.period_note)
        return (f"{date_words(dt.date.fromisoformat(start))} to {date_words(dt.date.fromisoformat(end))}: {v}",
                "Figures are for the financial year")
    if ans.form == "incidents":
        ep = next(s for s in siblings.values() if s.form == "incidents_ref" and s.refers_to == ans.question)
        return f"{ep.value} incidents relating to {v} children", ""
    if ans.form == "incidents_ref":
        return f"Please see response to {ans.refers_to} above.", ""
    if ans.form == "together" and ans.covers:
        labels = ans.covers.split(";")
        return f"{' and '.join(labels)} together: {v}", ""
    if ans.form == "included" and ans.covers:
        if cross_cohort:
            return f"{v} (this figure includes unaccompanied asylum-seeking children)", ""
        return str(v), ""
    if v == 0:
        return rng.choice(["0", "Nil", "None", "Zero.", "0", "nil", "0"]), ""
    roll = rng.random()
    if v == 1 and measure == "went_missing" and roll < 0.5:
        return "The only child", ""
    if v <= 12 and roll < 0.22:
        return f"{number_word(v)}.", ""
    if letter and roll > 0.85:
        start, end = period
        return f"{date_words(start)} to {date_words(end)}: {v}", ""
    if letter and roll > 0.7:
        noun = "episodes" if measure == "missing_episodes" else "children"
        if v == 1:
            noun = "episode" if measure == "missing_episodes" else "child"
        return f"{v} {noun}", ""
    return v, ""


APPEAL_FOIA = """If you are unhappy with the way your request has been handled, you may ask for an
internal review within 40 working days of the date of this letter. Please write to the
Information Governance Team at the address above, quoting the reference number.

If you remain dissatisfied after the internal review, you have the right to complain to the
Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF
(telephone 0303 123 1113, www.ico.org.uk)."""

APPEAL_FOISA = """If you are unhappy with this response, you may ask the Council to carry out a review
by writing within 40 working days of receiving this letter. If you remain dissatisfied, you
may apply to the Scottish Information Commissioner, Kinburn Castle, Doubledykes Road,
St Andrews, Fife KY16 9DS (www.itspublicknowledge.info), within six months of our review.
You may also appeal to the Court of Session on a point of law."""

REUSE = """The information supplied may be subject to copyright. You may re-use it under the
Open Government Licence v3.0; please acknowledge the source."""


def appeal(nation: str) -> str:
    return APPEAL_FOISA if nation == "Scotland" else APPEAL_FOIA
