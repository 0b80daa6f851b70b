"""Coding one reply: its raw answers -> one coded answer per question x period.

A pure function of what a reader found and the round's codebook, with no
request log or register: :func:`code_reply`. Ingest adds the reply's file and
id; the real-replies harness calls it directly.

Periods. A question may ask about several periods (``Question.periods``). A
raw answer whose ``period`` is set (the layout says which period it answers,
a column per year) answers that period only. A raw answer without one
answers the question as asked: every period of a single-period question; for
a question about several periods it is coded only when it does not depend on
the period (a whole-request notice, a not-held, not-recorded, refusal or
not-responsible answer, a nil "None" (none in the whole span is none in each
period), a reference to another question's answer), and
otherwise left for a person with the reason "answer does not say which
period". Answers, covers and cross-references are resolved within one period.

Qualified answers. A figure the council qualifies (another population such as
care leavers, or another date such as a snapshot day: the parser's or the
reader's ``qualifier``) keeps its value; the qualifier goes to ``period_note``
and to the note ("qualified: ..."). A figure with a ``period_note`` (the
parser's: about another period or date) is qualified too. How such figures
count is the ``qualified_answers`` rule (:func:`apply_qualified_rule`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace

from foi_missing.core.config import default_suppression_interval
from foi_missing.core.roundspec import Period, Question
from foi_missing.core.vocabulary import COUNT_STATUSES
from foi_missing.ingest.checks import QUALIFIED_NOTE
from foi_missing.ingest.parse_value import ParsedAnswer, parse_answer
from foi_missing.ingest.readers import QuestionMatcher, RawAnswer, ReplyContent

# Statuses that say something about the question whatever the period: a
# period-less answer with one of them answers every period of the question.
PERIOD_FREE_STATUSES = ("not_held", "not_recorded", "refused_cost", "refused_other", "not_responsible")
PERIOD_FREE_RULES = ("cross_reference", "same_as")
NO_PERIOD_REASON = "answer does not say which period"
QUALIFIED_RULES = ("count", "exclude")
DEFAULT_SUPPRESSION = default_suppression_interval()  # the config schema's default

# The coded columns of one answer (answers.csv without the authority and codebook columns).
CODED_COLUMNS = (
    "status", "value", "lower", "upper", "exemption", "covers", "refers_to", "redirect",
    "period_note", "raw_text", "source_file", "source_location", "reply_id", "coded_by", "note",
)  # fmt: skip


def coded_fields(status: str, **fields) -> dict:
    """The coding columns of one ledger row; unspecified ones are empty."""
    coded = dict.fromkeys(CODED_COLUMNS, "") | {"value": None, "lower": None, "upper": None}
    coded["status"] = status
    coded.update(fields)
    return coded


def qualifier_of(*items) -> str:
    """The qualifier a parsed or raw answer carries (another population or date), or ""."""
    for item in items:
        text = getattr(item, "qualifier", None)
        if text:
            return str(text)
    return ""


def code_reply(
    content: ReplyContent,
    questions: Sequence[Question],
    periods: Sequence[Period],
    default_suppression: tuple[int, int] = DEFAULT_SUPPRESSION,
    act: str = "FOIA",
) -> dict[tuple[str, str], dict]:
    """Code one reply's raw answers: {(question label, period id): coded fields}.

    Every question x period it asks about gets a key; what cannot be coded is
    ``unparsed`` with the reason in ``note``. ``act`` is the Act exemptions
    are cited under ("FOISA" for Scottish councils). ``source_file`` and
    ``reply_id`` are left blank for the caller.
    """
    return ReplyCoder(questions, periods, default_suppression, act).code(content)


class ReplyCoder:
    """Codes the raw answers of one reply, period by period."""

    def __init__(self, questions: Sequence[Question], periods: Sequence[Period],
                 default_suppression: tuple[int, int] = DEFAULT_SUPPRESSION, act: str = "FOIA",
                 matcher: QuestionMatcher | None = None):
        self.questions = tuple(questions)
        self.periods = {p.id: p for p in periods}
        self.matcher = matcher or QuestionMatcher(self.questions, tuple(periods))
        self.default_suppression = tuple(default_suppression)
        self.act = act

    def asked_periods(self) -> list[str]:
        """The periods some question asks about, in the round's order."""
        asked = {p for q in self.questions for p in q.periods}
        return [p for p in self.periods if p in asked]

    def code(self, content: ReplyContent) -> dict[tuple[str, str], dict]:
        coded = {}
        by_label = {q.label: q for q in self.questions}
        answers = []
        for answer in content.answers:
            question = by_label.get(answer.question)
            if question is not None and answer.period is not None and answer.period not in question.periods:
                # About a period its question does not ask about: text no period can use.
                answer = replace(answer, question=None, period=None, reason=answer.reason or (
                    f"answer to {question.label} for period {answer.period!r}, which "
                    f"{question.label} does not ask about"))
            answers.append(answer)
        for period_id in self.asked_periods():
            asked = [q for q in self.questions if period_id in q.periods]
            mine = [a for a in answers if a.period in (None, period_id)]
            coded |= {(label, period_id): fields for label, fields in
                      PeriodCoder(self, asked, self.periods[period_id], mine).code().items()}
        return {(q.label, p): coded[q.label, p] for q in self.questions for p in q.periods}


@functools.lru_cache(maxsize=1 << 16)
def _parsed(parse, text, period_start, period_end, measure, default_suppression, act) -> ParsedAnswer:
    """``parse(text, ...)`` once per distinct text and question context.

    Councils answer alike ("Nil", "0", "fewer than 5"): a round's 8,000 answers hold
    under 2,000 distinct texts. The parser is a pure function of its arguments and its
    result is frozen, so a repeated one is not parsed again. ``parse`` is part of the
    key so that a test replacing ``parse_answer`` never meets the real parser's results.
    """
    return parse(text, period_start=period_start, period_end=period_end, measure=measure,
                 default_suppression=default_suppression, act=act)


def _nil_throughout(parsed: ParsedAnswer) -> bool:
    """ "None" for a question about several periods: none in the whole span is none in each part."""
    return parsed.status == "reported" and parsed.value == 0 and not parsed.period_note


class PeriodCoder:
    """Codes the raw answers of one reply for one period, question by question."""

    def __init__(self, coder: ReplyCoder, questions: list[Question], period: Period,
                 answers: list[RawAnswer]):
        self.coder = coder
        self.questions = questions
        self.by_label = {q.label: q for q in coder.questions}
        self.period = period
        self.matcher = coder.matcher
        self.answers = answers
        self.parsed: dict[str, tuple[RawAnswer, ParsedAnswer]] = {}

    def code(self) -> dict[str, dict]:
        asked = {q.label for q in self.questions}
        answers = [a for a in self.answers if a.question is None or a.question in asked]
        # Per question, an answer for this period wins over one for the question as asked.
        dated = {a.question for a in answers if a.period is not None}
        answers = [a for a in answers if a.period is not None or a.question not in dated]
        by_question, unassigned = group_raw_answers(answers)
        for label, raw in by_question.items():
            self.parsed[label] = self._parse(raw, label)
        self._spread_covers()
        self._resolve_cross_references()
        return {q.label: self._fields(q, unassigned) for q in self.questions}

    def _question(self, label: str) -> Question:
        return self.by_label[label]

    def _parse(self, raw: RawAnswer, label: str) -> tuple[RawAnswer, ParsedAnswer]:
        """The answer coded; the raw answer carries the text actually coded (notes joined)."""
        if raw.reason:
            return raw, ParsedAnswer("unparsed", note=raw.reason, rule="reader")
        question = self._question(label)
        parsed, text = parse_with_notes(raw, lambda t: self._parse_text(t, question))
        if text != raw.raw_text:
            raw = replace(raw, raw_text=text, notes="")
        if (raw.period is None and len(question.periods) > 1 and not raw.whole_request
                and parsed.status not in PERIOD_FREE_STATUSES and parsed.rule not in PERIOD_FREE_RULES
                and not _nil_throughout(parsed)):
            return raw, ParsedAnswer("unparsed", note=f"{NO_PERIOD_REASON} ({question.label} asks about "
                                     f"{', '.join(question.periods)})", rule="period_unknown")
        if parsed.rule == "combined" and not raw.covers:
            # "1a and 1b together: 8" written under 1a: one figure for both questions. The
            # questions it answers are its ``covers``; ``refers_to`` is for answers
            # counted elsewhere, which this one is not.
            covers = self._combined_labels(parsed.refers_to or "")
            if label in covers:
                raw, parsed = replace(raw, covers=covers), replace(parsed, refers_to=None)
        return raw, parsed

    def _combined_labels(self, pair: str) -> tuple[str, ...]:
        """ "1a+1b" (the parser's pair) -> ("1a", "1b") in codebook order; () unless every part is a label."""
        labels = [self.matcher.reference(part) for part in pair.split("+") if part]
        if len(labels) < 2 or None in labels or len(set(labels)) != len(labels):
            return ()
        if any(self.period.id not in self._question(lb).periods for lb in labels):
            return ()
        return tuple(sorted(labels, key=self.matcher.order))

    def _parse_text(self, text: str, question: Question) -> ParsedAnswer:
        return _parsed(parse_answer, text, self.period.start, self.period.end, question.measure,
                       self.coder.default_suppression, self.coder.act)

    def _spread_covers(self) -> None:
        """One figure for several questions: the others are included_elsewhere."""
        spread: set[str] = set()
        for label, (raw, parsed) in list(self.parsed.items()):
            if len(raw.covers) < 2 or label not in raw.covers or label in spread:
                continue
            spread.update(raw.covers)
            if parsed.status in PERIOD_FREE_STATUSES or _nil_throughout(parsed):
                self._say_of_each(label, raw, parsed)
                continue
            for other in (x for x in raw.covers if x != label):
                note = f"a single figure for {' and '.join(raw.covers)}, given under {label}"
                if other in self.parsed and not self.parsed[other][0].covers:
                    note += f"; own text {self.parsed[other][0].raw_text!r} not used"
                self.parsed[other] = (
                    replace(raw, question=other),
                    ParsedAnswer("included_elsewhere", refers_to=label, note=note,
                                 rule="combined_figure"),
                )

    def _say_of_each(self, label: str, raw: RawAnswer, parsed: ParsedAnswer) -> None:
        """ "Q1 and Q2: Nil", "Not held" merged over two rows: said of each question, not one figure.

        None of two together is none of each; not held (refused, not recorded) for both is so
        for each. A question that also has a different answer of its own goes to a person.
        """
        together = " and ".join(raw.covers)
        for other in raw.covers:
            own = self.parsed.get(other) if other != label else None
            shared = (replace(raw, question=other, covers=()),
                      replace(parsed, note="; ".join(n for n in (parsed.note, f"said of {together} together") if n)))
            if own is not None and not own[0].covers and _meaning(own[1]) != _meaning(parsed):
                shared = (own[0], ParsedAnswer("unparsed", rule="conflict", note=(
                    f"two different answers: {own[0].raw_text!r} and {raw.raw_text!r} for {together}")))
            self.parsed[other] = shared

    def _resolve_cross_references(self) -> None:
        """ "Please see response to Q1 above": point at a label, and take its coding when it is no count."""
        for label in self.matcher.labels:
            if label not in self.parsed:
                continue
            raw, parsed = self.parsed[label]
            if parsed.rule not in ("cross_reference", "same_as") or raw.covers:
                continue
            target = self._reference_target(label, parsed.refers_to or "")
            if target is None or target == label:
                continue
            followed = self._follow_reference(label, parsed, target)
            # Following may have added this answer to the target's covers: re-read it.
            self.parsed[label] = (self.parsed[label][0], followed)

    def _reference_target(self, label: str, reference: str) -> str | None:
        target = self.matcher.reference(reference)
        if target is not None:
            return target
        if not re.search(r"\babove\b|\bprevious\b|\bbefore\b", reference, re.IGNORECASE) and reference:
            return None
        # "Included in above": the nearest earlier question about the same measure
        # and period that has a figure, else the question just above.
        question = self._question(label)
        earlier = [lb for lb in self.matcher.labels[: self.matcher.order(label)]
                   if self.period.id in self._question(lb).periods]
        same = [lb for lb in earlier if self._question(lb).measure == question.measure]
        counted = [lb for lb in same if lb in self.parsed and self.parsed[lb][1].status in COUNT_STATUSES]
        return (counted or same or list(earlier) or [None])[-1]

    def _follow_reference(self, label: str, parsed: ParsedAnswer, target: str) -> ParsedAnswer:
        target_raw, target_parsed = self.parsed.get(target, (None, None))
        if target_parsed is None:
            return replace(parsed, refers_to=target)
        if target_parsed.status not in COUNT_STATUSES:
            if target_parsed.status == "unparsed":
                return replace(parsed, status="unparsed", refers_to=target,
                               note=f"refers to {target}, which is unparsed")
            return replace(target_parsed, refers_to=target,
                           note=f"refers to {target}: {target_parsed.note}", rule="cross_reference")
        # The figure for this question may sit in the target's text ("685 incidents
        # relating to 73 children" answers both children and episodes).
        own = self._parse_text(target_raw.raw_text, self._question(label))
        if own.status in COUNT_STATUSES and (own.value, own.lower) != (target_parsed.value, target_parsed.lower):
            return replace(own, refers_to=target, rule="cross_reference_figure",
                           note=f"figure taken from the answer to {target}: {own.note}")
        if parsed.rule == "same_as":
            return replace(parsed, refers_to=target)
        if self._question(target).measure != self._question(label).measure:
            # "See Q1" under a question about another measure: the same figure, or
            # part of it? Only a person can tell.
            return replace(parsed, status="unparsed", refers_to=target, rule="cross_reference_unclear",
                           note=f"refers to {target}, a figure for another measure")
        self._add_cover(target, label)
        return replace(parsed, status="included_elsewhere", refers_to=target)

    def _add_cover(self, head: str, label: str) -> None:
        """An answer counted in ``head``'s figure: ``head`` covers it too."""
        raw, parsed = self.parsed[head]
        covers = list(raw.covers or (head,))
        if label not in covers:
            covers.append(label)
        covers.sort(key=self.matcher.order)
        self.parsed[head] = (replace(raw, covers=tuple(covers)), parsed)
        for other in covers:
            if other != head and other in self.parsed:
                other_raw, other_parsed = self.parsed[other]
                self.parsed[other] = (replace(other_raw, covers=tuple(covers)), other_parsed)

    def _fields(self, question: Question, unassigned: list[RawAnswer]) -> dict:
        if question.label not in self.parsed:
            return self._missing(question, unassigned)
        raw, parsed = self.parsed[question.label]
        notes = [parsed.note] if parsed.note else []
        period_note = parsed.period_note or ""
        qualifier = qualifier_of(parsed, raw) if parsed.status in COUNT_STATUSES else ""
        if qualifier:
            if f"qualified ({qualifier})" not in parsed.note:  # the parser's own words say it
                notes.append(f"{QUALIFIED_NOTE}{qualifier}")
            # "date: <period note>" repeats the period note: only what is new joins it.
            new = [part for part in qualifier.split("; ")
                   if part.removeprefix("date: ") not in period_note]
            period_note = "; ".join(p for p in (period_note, *new) if p)
        if raw.notes:  # kept apart: it did not change the coding
            notes.append(f"council's note: {raw.notes}")
        if raw.whole_request:
            notes.append("one notice for the whole request")
        elif raw.period is None and len(question.periods) > 1 and parsed.status != "unparsed":
            notes.append("one answer for every period asked")
        return coded_fields(
            parsed.status,
            value=parsed.value if parsed.status == "reported" else None,
            lower=parsed.lower if parsed.status in COUNT_STATUSES else None,
            upper=parsed.upper if parsed.status in COUNT_STATUSES else None,
            exemption=parsed.exemption or "",
            covers=";".join(raw.covers) if len(raw.covers) > 1 else "",
            refers_to=parsed.refers_to or "",
            redirect=parsed.redirect or "",
            period_note=period_note,
            raw_text=raw.raw_text,
            source_location=raw.location,
            coded_by=f"auto:{parsed.rule or 'parse'}",
            note="; ".join(notes),
        )  # fmt: skip

    def _missing(self, question: Question, unassigned: list[RawAnswer]) -> dict:
        """No answer to this question found: left for a person, with any text the reader could not place."""
        reasons = sorted({r.reason for r in unassigned if r.reason})
        note = f"no answer to {question.label} found in the reply"
        if len(question.periods) > 1:
            note = f"no answer to {question.label} for {self.period.id} found in the reply"
        if reasons:
            note += "; " + "; ".join(reasons)
        return coded_fields(
            "unparsed",
            raw_text=" | ".join(r.raw_text for r in unassigned),
            source_location="; ".join(dict.fromkeys(r.location for r in unassigned)),
            coded_by="auto:not_found_in_reply",
            note=note,
        )  # fmt: skip


def is_qualified(fields) -> bool:
    """A counted figure for another population, period or date than asked."""
    return fields["status"] in COUNT_STATUSES and bool(fields["period_note"])


def apply_qualified_rule(fields: dict, rule: str) -> dict:
    """The ``qualified_answers`` rule applied to one automatically coded answer.

    ``count`` (the default, as the published reports did): a qualified figure
    counts as the figure asked; QA lists it. ``exclude``: it counts nowhere;
    the answer becomes ``not_recorded`` (the council did not give the figure
    asked), coded ``auto:qualified_excluded``, and keeps the figure in its note,
    with its raw text and period note.
    """
    if rule not in QUALIFIED_RULES:
        raise ValueError(f"qualified_answers must be one of {', '.join(QUALIFIED_RULES)}, not {rule!r}")
    if rule == "count" or not is_qualified(fields):
        return fields
    figure = (str(fields["value"]) if fields["status"] == "reported"
              else f"{fields['lower']}..{fields['upper']} ({fields['status']})")
    note = f"figure {figure} not counted (qualified: see period note; qualified_answers: exclude)"
    return fields | {"status": "not_recorded", "value": None, "lower": None, "upper": None,
                     "covers": "", "coded_by": "auto:qualified_excluded",
                     "note": "; ".join(n for n in (note, fields["note"]) if n)}


def group_raw_answers(answers: Sequence[RawAnswer]) -> tuple[dict[str, RawAnswer], list[RawAnswer]]:
    """One raw answer per question; two different texts for one question are left for a person."""
    by_question: dict[str, RawAnswer] = {}
    unassigned = [a for a in answers if a.question is None]
    for answer in answers:
        if answer.question is None:
            continue
        previous = by_question.get(answer.question)
        if previous is not None and not (previous.raw_text and answer.raw_text):
            # A blank answer or a note elsewhere ("Q2: Withheld under s40(2)" on a
            # notes sheet) joins the other: the text of one, the notes of both.
            first, second = (previous, answer) if previous.raw_text or not answer.raw_text else (answer, previous)
            notes = " ".join(n for n in (first.notes, second.notes) if n)
            by_question[answer.question] = replace(first, notes=notes)
        elif previous is None:
            by_question[answer.question] = answer
        elif answer.raw_text and answer.raw_text != previous.raw_text:
            by_question[answer.question] = replace(
                previous,
                raw_text=f"{previous.raw_text} | {answer.raw_text}",
                location=f"{previous.location}; {answer.location}",
                reason=f"two different answers to {answer.question} in the reply",
            )
    return by_question, unassigned


def parse_with_notes(raw: RawAnswer, parse) -> tuple[ParsedAnswer, str]:
    """Code an answer; a Notes cell joins the text only when it changes the coding."""
    alone = parse(raw.raw_text)
    if not raw.notes:
        return alone, raw.raw_text
    joined_text = f"{raw.raw_text} ({raw.notes})" if raw.raw_text else raw.notes
    joined = parse(joined_text)
    if _meaning(joined) == _meaning(alone):
        return alone, raw.raw_text
    return joined, joined_text


def _meaning(parsed: ParsedAnswer) -> tuple:
    return (parsed.status, parsed.value, parsed.lower, parsed.upper, parsed.exemption,
            parsed.period_note, parsed.redirect, qualifier_of(parsed))
