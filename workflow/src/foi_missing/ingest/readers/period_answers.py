"""One answer per period, when a letter answers a multi-period question period by period.

The periods are written as years ("2018 – 21", "2018/19: 4"), a year up to a day
("2023 up to 30/6/23 – 23"), a date range ("1 January 2021 to 31 December 2021: 24",
"01/04/2019 - 31/03/2020 = 5", "April 2019 to March 2020 – 7 children"), a sentence
opening with its year ("In 2016-17 the council supported 20 ..."), or the lists of
``readers.period_lists``. ``readers.periods`` says which round period each names; a
period the question does not ask about, or one written in a form these patterns do not
read whole, goes to a person with the reason: never to the nearest period.
"""

from __future__ import annotations

import re
from dataclasses import replace

from foi_missing.ingest.readers.base import RawAnswer
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.period_lists import listed_figures
from foi_missing.ingest.readers.periods import MONTH_NAME, dates_named, period_named

_DAY_MONTH_YEAR = r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?(?:\s+(?:19|20)\d\d)?"
# "2018", "2018/19", "2023 up to 30/6/23", "2023 (to 30 June 2023)".
_YEAR_PERIOD = (
    r"(?<![\d/.])(?:19|20)\d\d(?:[/-](?:19|20)?\d\d(?![\d/]))?"
    rf"(?:\s*\(?\s*(?:up\s+to|to|until|till|ending)(?:\s+and\s+including)?\s+(?:{_DAY_MONTH_YEAR})\s*\)?)?"
)
# A date in a range: "01/04/2019", "1 January 2021", "1st Jan", "April 2019" (a month needs its year).
_RANGE_DATE = (
    r"(?:(?<![\d/.])\d{1,2}[/.]\d{1,2}[/.](?:(?:19|20)\d\d|\d\d)(?![\d/])"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_NAME}(?:,?\s+(?:19|20)\d\d)?"
    rf"|{MONTH_NAME}\s+(?:19|20)\d\d)"
)
_DATE_RANGE = (rf"(?:(?:from|between)\s+)?{_RANGE_DATE}\s*(?:-|\u2013|\u2014|to|until|till|and)\s*"
               rf"{_RANGE_DATE}(?![\d/])")
_PERIOD = rf"(?P<period>{_DATE_RANGE}|{_YEAR_PERIOD})"
PERIOD_ITEM = re.compile(rf"{_PERIOD}(?:\s+[-\u2013\u2014]\s*|\s*[\u2013\u2014:=]\s*)(?=\S)", re.IGNORECASE)
# "In 2016-17 Devon County Council supported 20 ...", "Between 1 April 2019 and 31 March
# 2020, 5 children ...": a sentence opening with its period.
_PERIOD_SENTENCE = re.compile(
    r"(?:^|(?<=[.;,]\s)|(?<=\n)|(?<=\sand\s))"
    r"(?:(?:in|during|for|over)\s+(?:the\s+)?(?:(?:financial|calendar)\s+)?(?:years?\s+|period\s+)?"
    r"|(?=(?:between|from)\s))"
    rf"(?P<period>{_DATE_RANGE}|{_YEAR_PERIOD})\b",
    re.IGNORECASE,
)
# A year that ends a date these patterns did not read as one ("April to March 2020",
# "June 1, 2020 to May 31, 2021"): taking it for the calendar year would be a guess.
_DATE_BEFORE_YEAR = re.compile(
    rf"(?:{MONTH_NAME}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?|\b(?:to|until|till|from|between))[\s,]*$",
    re.IGNORECASE,
)


def per_period_answers(label: str, text: str, location: str, asked: tuple[str, ...],
                       matcher: QuestionMatcher) -> list[RawAnswer]:
    """One answer per period a multi-period answer names ("2018 – 8 / 2019 – 8").

    The text before the first named period answers the question as asked (or the period
    it names itself). A period the question does not ask about is kept for a person,
    with the reason.
    """
    if (pairs := listed_figures(text)) is not None:
        return [_period_answer(label, period, figure, location, asked, matcher) for period, figure in pairs]
    items = period_items(PERIOD_ITEM, text) or period_items(_PERIOD_SENTENCE, text)
    if not items:
        return [_whole_or_named(label, text, location, asked, matcher)]
    if cut := next((item for item in items if _DATE_BEFORE_YEAR.search(text[: item.start()])), None):
        date_text = text[max(0, cut.start() - 25): cut.end("period")].strip()
        return [RawAnswer(label, text, location, reason=(
            f'a period written in a form the reader does not read whole ("\u2026{date_text}"): '
            "which period each figure is for is for a person to say"))]
    answers = []
    head = _strip_list(text[: items[0].start()])
    if head:
        answers.append(_whole_or_named(label, head, location, asked, matcher))
    for index, item in enumerate(items):
        end = items[index + 1].start() if index + 1 < len(items) else len(text)
        sentence = item.re is _PERIOD_SENTENCE
        figure = _strip_list(text[item.start() if sentence else item.end() : end])
        answers.append(_period_answer(label, " ".join(item.group("period").split()), figure, location,
                                      asked, matcher))
    return answers


def one_period_answers(label: str, text: str, location: str, asked: str,
                       matcher: QuestionMatcher) -> list[RawAnswer]:
    """A question asking about one period, answered period by period ("2013-14: 3; 2014-15: 5").

    The figure of the one period named as the question's is its answer; the others are
    kept for a person, each with its reason. When no period, or more than one, is the
    question's, the whole text goes to a person: picking the nearest would be a guess.
    A text that is not wholly such a list is returned as it stands.
    """
    split = per_period_answers(label, text, location, (asked,), matcher)
    if len(split) < 2 or not all(a.period is not None or a.reason.startswith("period ") for a in split):
        return [RawAnswer(label, text, location)]
    if sum(a.period is not None for a in split) == 1:
        return split
    return [RawAnswer(label, text, location, reason=(
        f"answered period by period, and {'none' if all(a.period is None for a in split) else 'more than one'} "
        f"of the periods is the one the question asks ({asked}): which figure answers it is for a person to say"))]


def _period_answer(label: str, period: str, figure: str, location: str, asked, matcher) -> RawAnswer:
    named = period_named(period, matcher.periods)
    if named is not None and named.period_id in asked:
        return RawAnswer(label, figure, location, period=named.period_id)
    return RawAnswer(label, f"{period}: {figure}", location, reason=f'period "{period}" is not one the question asks')


def period_items(pattern: re.Pattern, text: str) -> list[re.Match]:
    """Matches of ``pattern`` that are periods, not the year of a law ("Act 2000 – Personal Data")."""
    return [m for m in pattern.finditer(text)
            if not re.search(r"\b(?:act|regulations?|order)\s*$", text[: m.start("period")], re.IGNORECASE)]


def _whole_or_named(label: str, text: str, location: str, asked, matcher: QuestionMatcher) -> RawAnswer:
    """Text answering the question as asked, or the one asked period its own words name."""
    named = [p for p in matcher.periods if p.id in asked and _names_span(text, p)]
    if len(named) == 1:
        return RawAnswer(label, text, location, period=named[0].id)
    return RawAnswer(label, text, location)


def _names_span(text: str, period) -> bool:
    """Does the text name exactly this period's dates ("between 1/1/2018 to 30/6/2023")?"""
    for match in re.finditer(rf"(?:{_DAY_MONTH_YEAR})\s*(?:-|\u2013|to|until|and)\s*(?:{_DAY_MONTH_YEAR})", text):
        named = dates_named(match.group())
        if named == (period.start, period.end):
            return True
    return False


def _strip_list(text: str) -> str:
    """A list item without its separators and the words that introduce the list."""
    text = re.sub(r"\s+and$", "", text.strip().strip(",;/").strip(), flags=re.IGNORECASE)
    text = re.sub(r"(?:this\s+is\s+)?(?:broken\s+down|split)\s+(?:in)?to\s*:?$|as\s+follows\s*:?$|:$", "",
                  text, flags=re.IGNORECASE).strip()
    return text.strip().strip(",;/").strip()


def split_by_period(answers: list[RawAnswer], matcher: QuestionMatcher) -> list[RawAnswer]:
    """Table answers whose one cell answers a multi-period question period by period
    ("2021 – 4; 2022 – 6"), as one answer per period it names, each with the cell's notes."""
    out = []
    for answer in answers:
        question = matcher.question(answer.question) if answer.question else None
        if (question is None or len(question.periods) < 2 or answer.period is not None or answer.covers
                or answer.reason or not answer.raw_text):
            out.append(answer)
            continue
        split = per_period_answers(answer.question, answer.raw_text, answer.location, question.periods, matcher)
        if len(split) == 1 and not split[0].reason:
            out.append(replace(answer, period=split[0].period))
        else:
            out.extend(replace(part, notes=answer.notes) for part in split)
    return out
