"""Code one council answer (the text written in reply to one question) as an answer status.

``parse_answer`` turns the text of one answer into a :class:`ParsedAnswer`: an answer
status of docs/design.md#statuses and, where the status carries one, a number or an interval.

The shape is a list of small rules tried in order (``_RULES``); the first rule that
recognises the text decides.  Statements about the answer as a whole (wrong tier, cost
refusal, not held, other exemptions, cross references, not recorded) come first, because
their texts carry numbers that are *not* the answer (a cost refusal's "250 casefiles at
15 minutes", a section number "s40(2)", a question label "Q1").  Only then is the text
read as a count: per-period lines and snapshots, then the plain count forms.

Principles (why the rules look as they do):

- Never guess.  Anything the rules do not recognise with confidence is ``unparsed`` with a
  note saying why, so a person codes it.  Approximate figures ("approximately 20"), two
  numbers for one thing, percentages, dates or years alone, reference numbers, phone
  numbers are all ``unparsed``.
- A blank cell (or ``None``) is ``unparsed`` with the note "blank", not ``no_response``:
  whether a council replied at all is decided from the request log, and a blank in a
  returned form is an unanswered question that a person must look at.  Only an explicit
  "No response received" (a researcher's log entry) is coded ``no_response``.
- ``value`` is set only for ``reported`` (then ``lower == upper == value``); ``suppressed``
  carries the interval in ``lower``/``upper``.  Every other status has neither.
- The parser never raises: it reads ``str`` (``None``, ``int`` and ``float`` cells are
  accepted as spreadsheets give them) and builds its results through constructors that
  keep the invariants above.

Choices a reader of the answers table should know:

- A range the council gave ("between 10 and 20", "1-4") is ``suppressed`` with that
  interval: like "fewer than 5", it withholds the exact figure but bounds it.
- "Withheld" / "redacted" with no reason is ``unparsed``; with s40(2) (or FOISA s38(1)(b))
  it is a small number withheld: ``suppressed`` with ``default_suppression``.  Without an
  act named, s38 is read as FOISA personal data only beside a small-number phrase or when
  the caller passes ``act="FOISA"``; otherwise it is FOIA health and safety
  (``refused_other``).  An act is written into ``exemption`` only when the text names it,
  the caller passes it, or the section implies it (s40 -> FOIA, FOISA s17 notices).
- "As above" / "Same as (a)" repeat another answer's figure: ``unparsed`` with
  ``refers_to`` set, so the caller (or a person) can copy the other answer.  "Included in
  above" / "See response to (a)" mean counted elsewhere: ``included_elsewhere``.
- One figure for two questions ("1a and 1b together: 8") is ``reported`` with
  ``refers_to="1a+1b"``; the caller decides where it is counted (docs/design.md#counting-rules).
- "685 incidents relating to 73 children" gives the count the ``measure`` asks for and
  notes the other; with no measure, the children (every measure but ``missing_episodes``
  counts children).  A lone figure whose unit contradicts the measure ("13 episodes" for
  ``went_missing``) is ``unparsed``.
- A text that states a number and something else (a refusal, a cross reference, a second
  figure, "none of whom ...") is ``unparsed``: it answers more than one question.
- A year alone ("2015"), a date alone, and a number that reads as a year are ``unparsed``.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date

from foi_missing.core.vocabulary import STATUSES
from foi_missing.ingest.value_parser.common import (
    _CHILD_MEASURES,
    _INCIDENT_MEASURES,
    _LABEL,
    MAX_COUNT,
    MAX_COUNT_DIGITS,
    MAX_TEXT,
    ParsedAnswer,
    _add_note,
    _Ctx,
    _is_count,
    _normalise,
    _unparsed,
)
from foi_missing.ingest.value_parser.notices import (
    _Rule,
    _rule_attachment,
    _rule_cost,
    _rule_footnote,
    _rule_no_response,
    _rule_not_held,
    _rule_not_responsible,
    _rule_placeholder,
    _rule_refused_other,
)
from foi_missing.ingest.value_parser.numbers import (
    _NUMWORD,
    _act_in_text,
)
from foi_missing.ingest.value_parser.references import (
    _rule_combined,
    _rule_count,
    _rule_cross_reference,
    _rule_defined_count,
    _rule_not_recorded,
    _rule_periods,
    _rule_withheld,
)

__all__ = ["MAX_COUNT", "MAX_COUNT_DIGITS", "MAX_TEXT", "STATUSES", "ParsedAnswer", "parse_answer"]


# --------------------------------------------------------------------------------------
# The rule list and the entry point.

_RULES: tuple[_Rule, ...] = (
    _rule_footnote,
    _rule_placeholder,
    _rule_no_response,
    _rule_not_responsible,
    _rule_cost,
    _rule_not_held,
    _rule_refused_other,
    _rule_combined,
    _rule_cross_reference,
    _rule_not_recorded,
    _rule_attachment,
    _rule_withheld,
    _rule_defined_count,
    _rule_periods,
    _rule_count,
)


def _kind(measure: str | None) -> str | None:
    if measure in _INCIDENT_MEASURES:
        return "incidents"
    if measure in _CHILD_MEASURES:
        return "children"
    return None


def _as_text(text: object) -> str | None:
    """The cell as text: None / NaN -> None; numbers as spreadsheets give them."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, float):
        if math.isnan(text) or math.isinf(text):
            return None
        return repr(text)
    if isinstance(text, int):
        return str(text)
    return text if isinstance(text, str) else None


def parse_answer(
    text: str | None,
    *,
    period_start: date | None = None,
    period_end: date | None = None,
    measure: str | None = None,
    default_suppression: tuple[int, int] = (1, 4),
    act: str | None = None,
) -> ParsedAnswer:
    """Code one answer's text.

    ``period_start``/``period_end``: the question's period, to tell whether a per-period
    line or a snapshot is the period asked about.  ``measure`` (docs/design.md#vocabulary: ``in_care``,
    ``went_missing``, ``missing_episodes``, ``not_found``) picks children or incidents
    when a text gives both; None means "a count of children" for that choice.
    ``default_suppression``: the interval for a small number withheld without a stated
    threshold ("so few", "*", "[c]", s40(2) alone).  ``act``: "FOIA" or "FOISA" when the
    caller knows the authority's nation; used for exemptions whose act the text omits.
    """
    raw = _as_text(text)
    if raw is None:
        why = "blank" if text is None or isinstance(text, float) else "not text"
        return _unparsed(why, "blank")
    if len(raw) > MAX_TEXT:
        return _unparsed(f"text too long ({len(raw)} characters)", "too_long")
    norm = _normalise(raw)
    if not norm:
        return _unparsed("blank", "blank")

    notes: list[str] = []
    # The caller may pass the whole line, question included: the answer follows the last '?'.
    if "?" in norm:
        _, _, tail = norm.rpartition("?")
        if not tail.strip(" .:-)"):
            return _unparsed("ends with a question mark: no answer after it", "question_only")
        norm = tail.strip()
        notes.append("answer after '?'")
    if m := _LABEL.match(norm):
        norm = norm[m.end() :].strip()
    if not norm:
        return _unparsed("blank after the question label", "blank")

    dlo, dhi = _default_interval(default_suppression)
    period = None
    if isinstance(period_start, date) and isinstance(period_end, date):
        period = (_as_date(period_start), _as_date(period_end))
    text_act = _act_in_text(norm.lower())
    ctx = _Ctx(
        text=norm,
        period=period,
        kind=_kind(measure),
        default=(dlo, dhi),
        act=text_act or (act if act in ("FOIA", "FOISA") else None),
    )
    for rule in _RULES:
        res = rule(ctx)
        if res is not None:
            return _add_note(_qualified(_duration_reason(res, norm), ctx), "; ".join(notes))
    return _add_note(_duration_reason(_unparsed("no rule recognised the text", "unparsed"), norm), "; ".join(notes))


_DURATION = re.compile(rf"\b(?:\d+|{_NUMWORD})\s+(?:hours?|days?|weeks?|months?)\b", re.IGNORECASE)
# Numbers that count nothing: a year, an age ("a 17 year old", "aged 16").
_NOT_COUNTS = re.compile(rf"\b(?:19|20)\d\d\b|\b(?:\d+|{_NUMWORD})[\s-]+years?[\s-]+old\b|\baged?\s+\d+\b",
                         re.IGNORECASE)


def _duration_reason(res: ParsedAnswer, text: str) -> ParsedAnswer:
    """An answer whose only figure is a length of time ("was three days") is no count: say so."""
    if res.status != "unparsed" or not (duration := _DURATION.search(text)):
        return res
    rest = _NOT_COUNTS.sub(" ", _DURATION.sub(" ", text))
    if re.search(rf"\d|\b{_NUMWORD}\b", rest, re.IGNORECASE):
        return res
    return _unparsed(f'the only figure is a length of time ("{duration.group()}"), not a count', "duration")


# A figure for another population than asked: kept, with the difference noted.
_QUALIFIER = re.compile(
    r"\b(?:includ(?:es|ing|ed)|excluding|excludes|but\s+not)\s+(?:\w+\s+){0,3}?(?:care\s+leavers|former\s+\w+|"
    r"adults?|over[\s-]18s?|young\s+people\s+aged\s+18\w*|children\s+placed\s+\w+(?:\s+\w+){0,3})"
    r"|\bplaced\s+(?:out(?:side)?\s+(?:of\s+)?(?:the\s+)?(?:area|county|borough|city|authority)|outside\s+of\s+[A-Z]\w+)"
    r"|\bout[\s-]of[\s-](?:area|county|borough)\s+placements?",
    re.IGNORECASE,
)


def _qualified(res: ParsedAnswer, ctx: _Ctx) -> ParsedAnswer:
    """A count for another population or another date than asked keeps its value; the
    ``qualifier`` says how it differs (the caller warns, and a setting may exclude it)."""
    if not _is_count(res):
        return res
    found = []
    if m := _QUALIFIER.search(ctx.text):
        found.append(f'population: "{m.group().strip()}"')
    if res.period_note and ("snapshot" in res.period_note or "not the question" in res.period_note):
        found.append(f"date: {res.period_note}")
    if not found:
        return res
    qualifier = "; ".join(found)
    return _add_note(replace(res, qualifier=qualifier), f"qualified ({qualifier})")


def _as_date(d: date) -> date:
    # A datetime is a date too; compare calendar days only.
    return date(d.year, d.month, d.day)


def _default_interval(default: object) -> tuple[int, int]:
    try:
        lo, hi = default  # type: ignore[misc]
    except (TypeError, ValueError):
        return (1, 4)
    if not (isinstance(lo, int) and isinstance(hi, int)) or not 0 <= lo <= hi:
        return (1, 4)
    return (lo, hi)
