"""Plain-text letters (.txt), and the body of e-mail replies.

A council's letter repeats the questions and answers them inline ("Q2. ... in
the period? 13", "2) Nil", "a. 0 b. 0", "Q1 and Q5 together: 8"). A letter
without any question labels is either a whole-request notice (one s12 cost
refusal, "not held" or "not responsible" for every question) or prose that
only a person can code. Letterhead, signature and the usual boilerplate
(rights of appeal, the Information Commissioner, re-use) are not answers.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from foi_missing.ingest.readers.base import NameClue, RawAnswer, ReplyContent, first_council_clue
from foi_missing.ingest.readers.breakdown import breakdown_answers, counts_in, parts_of
from foi_missing.ingest.readers.codebook import QuestionMatcher, label_key
from foi_missing.ingest.readers.cohort_measure_rows import named_line
from foi_missing.ingest.readers.decoding import decode_text
from foi_missing.ingest.readers.flat_rows import flat_rows
from foi_missing.ingest.readers.footnotes import with_footnotes
from foi_missing.ingest.readers.letter_parts import (
    BOILERPLATE,
    Line,
    notice_beside_boilerplate,
    paragraphs,
    prose_answer,
    split_letter,
    whole_request_answers,
    without_boilerplate,
)
from foi_missing.ingest.readers.markers import plain_marker
from foi_missing.ingest.readers.midline_labels import labels_mid_line
from foi_missing.ingest.readers.period_answers import (
    PERIOD_ITEM,
    one_period_answers,
    per_period_answers,
    period_items,
)
from foi_missing.ingest.readers.period_rows import periods_over_figures
from foi_missing.ingest.readers.prose import figures_before_labels
from foi_missing.ingest.readers.prose_sentences import prose_statements
from foi_missing.ingest.readers.roman_items import letters_for_roman
from foi_missing.ingest.readers.spaced_labels import labels_spaced
from foi_missing.ingest.readers.text_tables import text_tables


def read_text_reply(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    text, finding = decode_text(path.read_bytes())
    content = read_letter(text, matcher)
    return replace(content, findings=(finding,)) if finding is not None else content


def read_letter(text: str, matcher: QuestionMatcher, clues: tuple[NameClue, ...] = ()) -> ReplyContent:
    """Answers and council-name clues of one letter; ``clues`` come from outside (e.g. From)."""
    lines = [Line(number, raw.rstrip()) for number, raw in enumerate(text.splitlines(), start=1)]
    letterhead, body, signature = split_letter(lines)
    found = [
        first_council_clue([(line.text, f"line {line.number}") for line in part])
        for part in (letterhead, signature)
    ]
    body = drop_boilerplate(body)
    typed, body = text_tables(body, matcher)  # "Q1<tab>12" rows: a table, read as one
    flattened, body = flat_rows(body, matcher)  # "Unaccompanied children in our care 12": a table's rows
    body = periods_over_figures(body, matcher.periods)  # "2018 | 2019" over "6 | 11"
    segments = labelled_segments(body, matcher)
    answers = typed + flattened + [answer for segment in segments for answer in _raw_answers(segment, matcher)]
    answers = with_footnotes(answers, (line.text for line in body))
    if not answers:
        # Questions quoted back and never answered one by one: the rest may answer them all.
        # The notice is what follows the last of them.
        last = max((number for segment in segments for number in segment.line_numbers), default=0)
        rest = [line for line in body if line.number > last]
        figures = [answer for block in paragraphs(rest) for answer in figures_before_labels(
            " ".join(line.text.strip() for line in block), f"line {block[0].number}", matcher)]
        notice = [] if figures else whole_request_answers(rest, matcher)
        if not notice:
            tied, reasons = prose_statements(rest, matcher)
            notice = tied + prose_answer(rest, reasons)
        answers = figures + notice
    return ReplyContent(tuple(answers), tuple(clues) + tuple(c for c in found if c is not None))



def drop_boilerplate(body: list[Line]) -> list[Line]:
    """The body without boilerplate paragraphs; blank lines keep paragraphs apart."""
    kept: list[Line] = []
    for block in paragraphs(body):
        text = " ".join(line.text for line in block)
        if BOILERPLATE.search(text) and _marker_free(block) and not notice_beside_boilerplate(text):
            continue
        kept.extend(block)
        kept.append(Line(block[-1].number + 1, ""))
    return kept


def _marker_free(block: list[Line]) -> bool:
    return not any(_LABEL_MARK.match(line.text) or _NUMBER_MARK.match(line.text) for line in block)


# --- labelled answers -------------------------------------------------------------------

_LBL = r"\d{1,2}(?:\([a-z]\)|[a-z])?(?![0-9a-z])"
_SEP = r"[.):\u2013\u2014-]"
_LABEL_MARK = re.compile(
    rf"^\s*(?:question|cwestiwn|q|c(?=\d))\s*\.?\s*(?P<label>{_LBL})\s*(?:(?:{_SEP}|,)(?!\d))?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_NUMBER_MARK = re.compile(rf"^\s*(?P<label>{_LBL})\s*{_SEP}(?!\d)\s*(?P<rest>.*)$", re.IGNORECASE)
_LETTER_MARK = re.compile(r"^\s*(?:\((?P<a>[a-z])\)|(?P<b>[a-z])[.)])(?=\s|$)\s*(?P<rest>.*)$", re.IGNORECASE)
_ONE = rf"(?:(?:question|q)\s*\.?\s*)?{_LBL}"
_Q_ONE = rf"(?:question|q)\s*\.?\s*{_LBL}"
# "Q1 and Q5 together: 8", "Questions 1 and 5: 8", "1a and 1b: 8", "1 and 5 combined: 8".
# A bare "Q1, 5 children" must not read as two labels: bare numbers need
# "Questions" before them or "together" after them.
_LETTERED = r"\d{1,2}(?:\([a-z]\)|[a-z])(?![0-9a-z])"
_JOIN = r"\s*(?:,|and|&|\+)\s*"
_TOGETHER = r"\(?(?:together|combined|jointly)\)?"
_MANY_MARK = re.compile(
    rf"^\s*(?:questions\s*(?P<bare>{_ONE}(?:{_JOIN}{_ONE})+)"
    # "Question 1 and 2" heading its answer: the pair alone, or before a separator.
    rf"|question\s*(?P<pair>{_ONE}\s*(?:and|&)\s*{_ONE})(?=\s*(?:{_SEP}|$))"
    rf"|(?P<prefixed>{_Q_ONE}(?:{_JOIN}{_Q_ONE})+)"
    rf"|(?P<lettered>{_LETTERED}(?:{_JOIN}{_LETTERED})+)"
    rf"|(?P<numbers>{_ONE}(?:{_JOIN}{_ONE})+)(?=\s*{_TOGETHER}))"
    rf"\s*(?:{_TOGETHER})?\s*{_SEP}?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# "Q1 to Q4:" (then "a. 0 b. 0 c. 0 d. 0"); "to" only, "Q1 - 5" is an answer.
_RANGE_MARK = re.compile(
    rf"^\s*(?:questions?\s*)?(?P<first>{_ONE})\s+to\s+(?P<last>{_ONE})\s*{_SEP}?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_INLINE_LETTER = re.compile(r"(?:^|(?<=\s))(?:\((?P<a>[a-z])\)|(?P<b>[a-z])[.)])(?=\s|$)", re.IGNORECASE)


@dataclass
class Segment:
    """The text written after one marker, until the next marker."""

    labels: tuple[str, ...]
    first_line: int
    parts: list[str] = field(default_factory=list)
    closed: bool = False  # a blank line followed text: later loose lines are not this answer
    line_numbers: list[int] = field(default_factory=list)
    quoted: bool = False  # a part of a question quoted back, waiting for its answer
    unknown: str = ""  # the label as written when it names no question ("e)")
    parts_of: str = ""  # the question whose named parts this answer breaks down ("3": 3_foster_care ...)
    shared_by: tuple[str, ...] = ()  # "Q1 to Q4: ...": one text written for all these questions

    def __post_init__(self) -> None:
        self.line_numbers.append(self.first_line)

    @property
    def text(self) -> str:
        return " ".join(p.strip() for p in self.parts if p.strip())


@dataclass
class Context:
    """What earlier markers established for lettered items."""

    group: str | None = None  # "1" when the letter heads 1a, 1b, 1c
    range_labels: tuple[str, ...] = ()  # "Q1 to Q4:" lettered items a..d
    roman: bool = False  # the items are numbered (i), (ii), ... rather than lettered
    last_letter: str = ""
    # A question of a round without lettered parts is open: "a) ... b) ..." under it are its own items.
    under_question: bool = False


def labelled_answers(body: list[Line], matcher: QuestionMatcher) -> list[RawAnswer]:
    segments = labelled_segments(body, matcher)
    return [answer for segment in segments for answer in _raw_answers(segment, matcher)]


def labelled_segments(body: list[Line], matcher: QuestionMatcher) -> list[Segment]:
    """The segments of the letter, without the request quoted in full before the answers."""
    segments: list[Segment] = []
    context = Context()
    for line in body:
        if line.blank:
            # A question quoted back with no answer yet stays open: the answer is the next paragraph.
            # A closing quote mark ends the request quoted in full: the letter goes on in
            # its own words, not answering this one question.
            if segments and segments[-1].text and (
                answer_part(segments[-1], matcher) or segments[-1].text.rstrip().endswith(_CLOSING_QUOTES)
            ):
                segments[-1].closed = True
            continue
        if (answer := _answer_mark(line, segments, matcher, context)) is not None:
            # "Q3. How many ...?" then "A. 17": the answer to the question just quoted.
            segments[-1].closed = False
            segments[-1].parts.append(answer)
            segments[-1].line_numbers.append(line.number)
            continue
        new = _segments_of_line(line, matcher, context)
        if new is not None:
            if segments and _same_heading_again(segments[-1], new, line):
                # "Cwestiwn 3a: ..." then "Question 3a: ...": one question headed in two languages.
                segments.pop()
            elif segments:  # a marker ends the answer before it, even one starting nothing ("2.")
                segments[-1].closed = True
            segments.extend(new)
        elif (_BULLET.match(line.text) and segments and answer_part(segments[-1], matcher)
              and not _next_period(segments[-1], line, matcher)) or \
                _NUMBER_MARK.match(line.text) or _RESPONSE_HEADING.match(line.text):
            # A bullet, or a number the codebook does not know, starts an item of its own:
            # it is not part of the answer before it.
            if segments:
                segments[-1].closed = True
        elif segments and (not segments[-1].closed or _continues(segments[-1], line, matcher)):
            segments[-1].closed = False
            period_line = _next_period(segments[-1], line, matcher)
            segments[-1].parts.append(_item_text(line.text) if period_line else line.text)
            segments[-1].line_numbers.append(line.number)
    return without_quoted_request(segments)


# "A. 17", "A: Nil", "Answer - 3", "Ateb: 2": an answer's own marker, under its question.
_ANSWER_MARK = re.compile(
    r"^\s*(?:(?:A|ANS|[Aa]ns)\s*(?:[.:)]|\s[\u2013\u2014-])|(?:ANSWER|[Aa]nswer|ATEB|[Aa]teb)\b\s*[.:)\u2013\u2014-]?)"
    r"\s*(?P<rest>.*)$"
)


def _answer_mark(line: Line, segments: list[Segment], matcher: QuestionMatcher, context: Context) -> str | None:
    """The text after an answer marker that follows a question quoted back and not yet answered.

    Under a heading with lettered parts, "A." is part a, not an answer marker.
    """
    match = _ANSWER_MARK.match(line.text)
    # "Our response" under each question quoted in turn (every one before it answered): its answer follows.
    heading = match is None and segments and _OWN_RESPONSE.match(line.text) and {
        s.labels for s in segments[:-1]} - {segments[-1].labels} <= {s.labels for s in segments if answer_part(s, matcher)}
    if not (match or heading) or not segments or len(segments[-1].labels) != 1 or context.group or context.range_labels:
        return None
    if answer_part(segments[-1], matcher):
        return None
    return match.group("rest") if match else ""


# "Our response", "Response 28-03-2018", "Decision": the request quoted above it has ended.
# A bare "Response:" is not one: it may head the answer to the question just above.
_DATED = r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+\s+\d{4}"
_RESPONSE_HEADING = re.compile(
    rf"^\s*[-\u2022]?\s*(?:(?:our|the\s+council'?s)\s+(?:response|reply|answers?)\s*:?"
    rf"|(?:response|reply|decision)\s*:?\s*(?:{_DATED})|decision|(?:ein\s+)?hymateb|ymateb)\s*$",
    re.IGNORECASE,
)
_OWN_RESPONSE = re.compile(r"^\s*(?:(?:our|the\s+council'?s)\s+)?(?:response|reply)\s*:?\s*$", re.IGNORECASE)
_ITEM_LETTER = re.compile(r"^\s*(?:\([a-z]\)|[a-z][.)])\s+", re.IGNORECASE)
_CLOSING_QUOTES = ("\u201d", '"', "\u201d.", '".', ".\u201d", '."', "?\u201d", '?"')
_BULLET = re.compile(r"^\s*(?:[-\u2022\u25aa\u25cf\u2023\u2043\u00b7*\u25e6\u2013]|o(?=\s))\s+")
# A line opening with a period: "2019 – 33,", "In 2016-17 the council supported 20 ...".
_PERIOD_START = re.compile(
    r"^\s*(?:(?:in|during|for|from)\s+)?(?:the\s+)?(?:(?:financial|calendar)\s+years?\s+)?(?:19|20)\d\d\b",
    re.IGNORECASE,
)
# An explanation of why a figure is withheld, in a paragraph of its own.
_WITHHOLDING = re.compile(
    r"\b(?:not\s+able|unable)\s+to\s+(?:disclose|release|provide)\b|\bexempt(?:ion|ed)?\b|"
    r"\bsection\s+(?:40|38)\b|\bs\.?\s?(?:40|38)\b|\bidentif(?:y|ied|iable)\b",
    re.IGNORECASE,
)


def _continues(segment: Segment, line: Line, matcher: QuestionMatcher) -> bool:
    """A paragraph after a blank line that still belongs to the answer before it.

    The next year of a per-year list ("2019 – 33,"), a list the answer left open
    with a comma or colon, or the paragraph explaining why the figure is withheld.
    """
    previous = segment.parts[-1].rstrip() if segment.parts else ""
    if not previous or len(segment.labels) != 1:
        return False
    if previous.endswith((",", ":")) or re.search(r"\b(?:into|as follows|below)$", previous, re.IGNORECASE):
        return True
    if _next_period(segment, line, matcher):
        return True
    return bool(_WITHHOLDING.search(line.text)) and not _WITHHOLDING.search(previous)


def _item_text(text: str) -> str:
    """The line without its bullet or item letter: "- 2022: 25", "b) 2020/21 - 9"."""
    return _ITEM_LETTER.sub("", _BULLET.sub("", text, count=1), count=1)


def _next_period(segment: Segment, line: Line, matcher: QuestionMatcher) -> bool:
    """The line gives a period's figure of the segment's question, one asked per period
    ("- 2022: 25" under "c)"): it goes on with the answer, bullet or not."""
    question = matcher.question(segment.labels[0]) if len(segment.labels) == 1 else None
    text = _item_text(line.text)
    return question is not None and len(question.periods) > 1 and bool(
        _PERIOD_START.match(text) or period_items(PERIOD_ITEM, text))


def _same_heading_again(previous: Segment, new: list[Segment], line: Line) -> bool:
    """The line right after a question's heading heads the same question again (bilingual letters)."""
    return (len(new) == 1 and new[0].labels == previous.labels and len(previous.labels) == 1
            and previous.line_numbers == [line.number - 1])


def without_quoted_request(segments: list[Segment]) -> list[Segment]:
    """The request numbered 1..n, then the answers numbered 1..n again: the first run is the request.

    Only when at least two questions come round again, so that one label written twice
    (a real conflict) still reaches a person.
    """
    seen: set[str] = set()
    for index, segment in enumerate(segments):
        if seen.intersection(segment.labels):
            break
        seen.update(segment.labels)
    else:
        return segments
    later = {label for segment in segments[index:] for label in segment.labels}
    if len(later & seen) < 2:
        return segments
    return [s for s in segments[:index] if not later.intersection(s.labels)] + segments[index:]


def answer_part(segment: Segment, matcher: QuestionMatcher) -> str:
    """The segment's text without its question quoted back and without boilerplate."""
    label = segment.labels[0] if len(segment.labels) == 1 else None
    if not segment.labels:
        return segment.text
    return without_boilerplate(strip_question_wording(segment.text, matcher, label))



def _raw_answers(segment: Segment, matcher: QuestionMatcher) -> list[RawAnswer]:
    """The segment's answers: one, or one per period it names; none for a numbered paragraph
    of boilerplate ("1. If you are unhappy ...") or a question quoted back and never answered."""
    location = f"line {segment.first_line}"
    if segment.parts_of:
        return breakdown_answers(segment.parts_of, segment.text, location, parts_of(matcher, segment.parts_of))
    if not segment.labels:
        return [RawAnswer(None, segment.text, location, reason=f"answer labelled {segment.unknown}")]
    text = answer_part(segment, matcher)
    if (segment.text or segment.quoted) and not text:
        return []
    if len(segment.labels) > 1:
        return [RawAnswer(segment.labels[0], text, location, covers=segment.labels)]
    label = segment.labels[0]
    if segment.shared_by and any(m.group("n").lower() not in ("0", "zero", "nil", "none") for m in counts_in(text)):
        # "Q1 to Q4: 5": each question's figure, or their total? Not held or nil would hold for each.
        first, last = segment.shared_by[0], segment.shared_by[-1]
        return [RawAnswer(label, text, location, reason=(
            f"one figure written for {first} to {last}: whether it is each question's or their total "
            "is for a person to say"))]
    question = matcher.question(label)
    if question is None or not question.periods:
        return [RawAnswer(label, text, location)]
    if len(question.periods) == 1:
        return one_period_answers(label, text, location, question.periods[0], matcher)
    return per_period_answers(label, text, location, question.periods, matcher)



# A text this close to some question's wording (rapidfuzz ratio, 0-100) is that question
# quoted back, even without "how many".
QUESTION_SCORE = 50.0


# Sentences that ask rather than answer, left over when a question is quoted back
# ("Please provide information by year for 2011, 2012, 2013."); "please see/find/note"
# points to an answer and is kept.
_REQUEST_SENTENCE = re.compile(
    r"^(?:\[[^\]]{0,150}\]\s*|\([^)]{0,150}\)\s*)?"  # "[If the council took part] For each ..."
    r"(?:.{0,80}\bplease\s+(?:state|provide|give|indicate|list|confirm|tell|break|specify|include|detail)\b|please\s+(?!see\b|find\b|note\b|refer\b|be\s+aware\b)|(?:can|could|would)\s+you\b|"
    r"i\s+would\s+like\b|if\s+(?:possible|you\s+are\s+able)\b|for\s+each\s+of\s+these\b)",
    re.IGNORECASE,
)
_CLOSING_QUOTE = " \t\"'\u201d\u2019:.;,-\u2013\u2014)"


def strip_question_wording(text: str, matcher: QuestionMatcher, label: str | None = None) -> str:
    """The answer without the question quoted before it.

    "Of the children in Q1, how many went missing ...? 13" -> "13"; the question's own
    wording quoted back (closely, not exactly) is cut wherever it ends; requests left
    over after it ("Please provide ... by year.") are not answers either.
    """
    text = text.strip()
    if label is not None and (end := matcher.wording_end(text, label)) is not None:
        text = text[end:].lstrip(_CLOSING_QUOTE)
    if "?" in text:
        question, answer = text.rsplit("?", 1)
        scores = matcher.wording_scores(question)
        if re.search(r"\bhow many\b", question, re.IGNORECASE) or (scores and scores[0][0] >= QUESTION_SCORE):
            text = answer.lstrip(_CLOSING_QUOTE)
    sentences = re.split(r"(?<=[.!?])\s+", text)
    while sentences and _REQUEST_SENTENCE.match(sentences[0]):
        sentences.pop(0)
    return " ".join(sentences).strip()


def _segments_of_line(line: Line, matcher: QuestionMatcher, context: Context) -> list[Segment] | None:
    """Segments started by markers on this line (several for "a. 0 b. 0"); None: no marker.

    A heading marker ("2." over "a) ... b) ...") starts no segment itself: [].
    """
    text = letters_for_roman(plain_marker(_BULLET.sub("", line.text, count=1)), context)
    if found := labels_spaced(text, matcher):  # "Q1 5   Q2 3"
        context.group, context.range_labels = None, ()
        return [Segment((label,), line.number, [answer]) for label, answer in found]
    if many := _MANY_MARK.match(text):
        listed = next(g for g in many.group("bare", "pair", "prefixed", "lettered", "numbers") if g)
        labels = _labels_in(listed, matcher)
        if len(labels) > 1:
            return [Segment(tuple(labels), line.number, [many.group("rest")])]
    if (span := _RANGE_MARK.match(text)) and (labels := _label_range(span, matcher)):
        context.range_labels, context.group = labels, None
        return _lettered_or_each(span.group("rest"), labels, line, matcher, context)
    for pattern in (_LABEL_MARK, _NUMBER_MARK):
        match = pattern.match(text)
        if match is None:
            continue
        raw_label, rest = match.group("label"), match.group("rest")
        rest = _SAME_LABEL_AGAIN.sub("", rest) if raw_label else rest
        if (label := matcher.label(raw_label)) is not None:
            # "1." is both a question and the head of 1a, 1b ...: letters after it are its parts.
            context.group = raw_label if matcher.is_group(raw_label) else None
            context.range_labels, context.under_question = (), not matcher.uses_letters
            # Letters after a question that has no lettered parts ("3. how many were (i) ... (ii) ...")
            # are its own sub-items, not the round's first, second ... questions.
            lettered = _inline_lettered(rest, line, matcher, context) if context.group else []
            inline = lettered or _inline_labelled(text, line, matcher)
            return inline or [Segment((label,), line.number, [rest])]
        if not matcher.is_group(raw_label) and parts_of(matcher, raw_label):
            # "3. ... 5 in foster care, 2 at home": the codebook splits question 3 into named parts.
            context.group, context.range_labels = None, ()
            return [Segment((), line.number, [rest], parts_of=raw_label)]
        if matcher.is_group(raw_label):
            context.group, context.range_labels = raw_label, ()
            # "1. a. 5 b. 3", one item after the heading: "1. c. 40", or part a unlettered
            # before "b.": "4. Not held b. Not held".
            return (_inline_lettered(rest, line, matcher, context) or _one_lettered(rest, line, matcher, context)
                    or _unlettered_first(rest, line, matcher, context))
    if match := _LETTER_MARK.match(text):
        letter = match.group("a") or match.group("b")
        label = _letter_label(letter, matcher, context)
        context.last_letter = letter.lower()
        if context.under_question and not context.group and not context.range_labels and not matcher.label(letter):
            return None  # "1. How many ...?" then "a) 2019/20 - 12": an item of question 1, not question a
        if label is not None:
            rest = match.group("rest")
            return _inline_lettered(text, line, matcher, context) or [Segment((label,), line.number, [rest])]
        if context.group is not None or context.range_labels:
            # "e)" under a question with parts a to d: an answer for a person to place.
            return [Segment((), line.number, [match.group("rest")], unknown=_unknown_letter(letter, matcher, context))]
    if found := labels_mid_line(text, matcher):  # "Our answers are Q1: 4; Q2: nil"
        return [Segment((label,), line.number, [answer]) for label, answer in found]
    if named := named_line(text, matcher):  # "UASC who went missing: 3"; "UASC aged 16-17: 4" for a person
        name = f'"{text[: len(text) - len(named[1])].strip(" :-")}", which names no one question by cohort and measure'
        return [Segment((named[0],), line.number, [named[1]]) if named[0] else Segment((), line.number, [named[1]],
                                                                                         unknown=name)]
    return _inline_wording(line, matcher)


def _unknown_letter(letter: str, matcher: QuestionMatcher, context: Context) -> str:
    """Why a lettered item names no question: "e)" where question 1's parts run a to d."""
    known = context.range_labels or tuple(
        label for label in matcher.labels if re.fullmatch(rf"{context.group}[a-z]", label_key(label)))
    where = f"under question {context.group}" if context.group else "in the range"
    letters = [chr(ord("a") + i) for i in range(len(known))]
    span = f"its parts run {letters[0]} to {letters[-1]}" if len(letters) > 1 else "it has no such part"
    return (f'"{letter})" {where}, which names no question of the request ({span}): '
            "which part it answers is for a person to say")


# "Question 1 / Cwestiwn 1: 13": the same label again in the other language.
_SAME_LABEL_AGAIN = re.compile(
    rf"^\s*/\s*(?:cwestiwn|question|q|c)\s*\.?\s*{_LBL}\s*(?:{_SEP})?\s*", re.IGNORECASE
)
# "1a) 3, 1b) 0, 1c) 12": several labelled answers on one line.
_INLINE_LABEL = re.compile(
    rf"(?:^|(?<=[,;/])|(?<=\s))\s*(?:(?:question|cwestiwn|q)\s*\.?\s*)?(?P<label>{_LBL})\s*[.):\u2013\u2014-]\s+",
    re.IGNORECASE,
)


def _inline_labelled(text: str, line: Line, matcher: QuestionMatcher) -> list[Segment]:
    marks = [m for m in _INLINE_LABEL.finditer(text) if matcher.label(m.group("label")) is not None]
    if len(marks) < 2 or marks[0].start() > 3:
        return []
    labels = [matcher.label(m.group("label")) for m in marks]
    orders = [matcher.order(label) for label in labels]
    if orders != sorted(set(orders)):
        return []
    for previous, mark in itertools.pairwise(marks):
        between = text[previous.end() : mark.start()]
        # Mid-line, a label follows a separator, and a bare number needs ")" or ":" or "Q":
        # "Fewer than 5. The exact figure ..." holds no second label.
        bare = re.fullmatch(r"\s*\d{1,2}\s*\.\s+", mark.group()) is not None
        if bare or not re.search(r"[,;/]\s*$|\s{2,}$|\t$", between):
            return []
    return [Segment((labels[i],), line.number,
                    [text[mark.end() : marks[i + 1].start() if i + 1 < len(marks) else len(text)].strip(" ,;/")])
            for i, mark in enumerate(marks)]


def _unlettered_first(text: str, line: Line, matcher: QuestionMatcher, context: Context) -> list[Segment]:
    """ "4. Not held b. Not held": the text before "b." answers part a."""
    marks = list(_INLINE_LETTER.finditer(text))
    if not marks or (marks[0].group("a") or marks[0].group("b")).lower() != "b" or not text[: marks[0].start()].strip():
        return []
    first = _letter_label("a", matcher, context)
    rest = text[marks[0].start() :]
    following = _inline_lettered(rest, line, matcher, context) or _one_lettered(rest, line, matcher, context)
    if first is None or not following:
        return []
    return [Segment((first,), line.number, [text[: marks[0].start()]]), *following]


def _labels_in(text: str, matcher: QuestionMatcher) -> list[str]:
    labels = []
    for raw in re.findall(_ONE, text, re.IGNORECASE):
        label = matcher.label(raw)
        if label is None:
            return []
        if label not in labels:
            labels.append(label)
    return labels


def _label_range(match: re.Match, matcher: QuestionMatcher) -> tuple[str, ...]:
    first, last = matcher.label(match.group("first")), matcher.label(match.group("last"))
    if first is None or last is None or matcher.order(first) >= matcher.order(last):
        return ()
    return matcher.labels[matcher.order(first) : matcher.order(last) + 1]


def _letter_label(letter: str, matcher: QuestionMatcher, context: Context) -> str | None:
    if context.range_labels:
        index = ord(letter.lower()) - ord("a")
        return context.range_labels[index] if 0 <= index < len(context.range_labels) else None
    return matcher.letter(letter, context.group)


def _inline_lettered(text: str, line: Line, matcher: QuestionMatcher, context: Context) -> list[Segment]:
    """ "a. 0 b. 0 c. 0": one segment per letter, when the letters run a, b, c ..."""
    marks = list(_INLINE_LETTER.finditer(text))
    letters = [(m.group("a") or m.group("b")).lower() for m in marks]
    if len(marks) < 2 or letters != [chr(ord(letters[0]) + i) for i in range(len(letters))]:
        return []
    # "How many children have a) remained ... or d) gone missing long-term?": the question
    # quoted back with its lettered parts; each part waits for its answer.
    asked = _QUESTION_HEAD.search(text[: marks[0].start()]) and text.rstrip().endswith("?")
    segments = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        label = _letter_label(letters[index], matcher, context)
        if label is None:
            return []
        segments.append(Segment((label,), line.number, [] if asked else [text[mark.end() : end]],
                                quoted=bool(asked)))
    return segments


_QUESTION_HEAD = re.compile(r"\b(?:how\s+many|how\s+much|the\s+number\s+of|what|which|please)\b", re.IGNORECASE)


def _one_lettered(text: str, line: Line, matcher: QuestionMatcher, context: Context) -> list[Segment]:
    """ "c. 40" after a group heading on the same line: the one lettered item of the line."""
    match = _LETTER_MARK.match(text)
    if match is None:
        return []
    label = _letter_label(match.group("a") or match.group("b"), matcher, context)
    return [Segment((label,), line.number, [match.group("rest")])] if label is not None else []


def _lettered_or_each(rest: str, labels, line: Line, matcher, context: Context) -> list[Segment]:
    """After "Q1 to Q4:", lettered items, or one text answering each question of the range."""
    lettered = _inline_lettered(rest, line, matcher, context)
    if lettered or not rest.strip():
        return lettered
    return [Segment((label,), line.number, [rest], shared_by=tuple(labels)) for label in labels]


def _inline_wording(line: Line, matcher: QuestionMatcher) -> list[Segment] | None:
    """ "How many ... in the period? 13": the wording says which question this answers.

    A line opening with a question's whole wording and going on ("Care leavers aged
    16-21  None", a request's table row with the answer beside it) answers that question.
    """
    if (leading := matcher.leading_wording(line.text)) is not None:
        return [Segment((leading[0],), line.number, [line.text])]
    if "?" not in line.text:
        return None
    question = line.text.rsplit("?", 1)[0]
    label = matcher.wording(question + "?")
    return [Segment((label,), line.number, [line.text])] if label else None

