"""Rules for answers that point elsewhere or qualify a figure: one figure for two questions,
cross references, not recorded, a count defined by the council, withheld exact figures,
per-period lines, and the count rule itself."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from foi_missing.core.vocabulary import (  # the status words are defined once
    INCLUDED_ELSEWHERE,
    NOT_RECORDED,
    REPORTED,
    SUPPRESSED,
)
from foi_missing.ingest.value_parser.common import (
    ParsedAnswer,
    _add_note,
    _Ctx,
    _is_count,
    _reported,
    _status,
    _suppressed,
    _unparsed,
)
from foi_missing.ingest.value_parser.counts import (
    _LE,
    _LT,
    _parse_count,
    _personal,
    _suppression_exemption,
)
from foi_missing.ingest.value_parser.dates import (
    _find_periods,
    _Period,
    _strip_punct,
    _with_period,
    _without_period,
)
from foi_missing.ingest.value_parser.notices import (
    _conflicting_count,
)
from foi_missing.ingest.value_parser.numbers import (
    _CARDINAL_RE,
    _NUM,
    _NUMWORDS,
    _NUMWORDS_RE,
    _blobs,
    _cites,
    _parse_int,
    _unit_mismatch,
)

# A question label as a cross-reference target: "Q1", "question 2a", "(a)", "1a", "2".
_TARGET = re.compile(
    r"\b(?:q(?:uestion)?\.?\s*(?P<q>[0-9]{1,2}\s?[a-h]?)\b|part\s+(?P<p>[a-h0-9]{1,2})\b)"
    r"|\((?P<paren>[a-h]|[ivx]{1,4}|[0-9]{1,2}[a-h]?)\)"
    r"|(?<![\w(])(?P<lab>[0-9]{1,2}[a-h]?)(?![\w)%])"
    r"|\b(?P<dir>above|below|previous(?:ly)?|earlier)\b",
    re.IGNORECASE,
)


def _target(text: str) -> tuple[str | None, list[tuple[int, int]]]:
    """The first question label referred to in ``text``, and the spans of all labels."""
    found: str | None = None
    spans = []
    for m in _TARGET.finditer(text):
        spans.append(m.span())
        if found is not None:
            continue
        if m["q"]:
            found = "Q" + re.sub(r"\s", "", m["q"])
        elif m["p"]:
            found = m["p"]
        elif m["paren"]:
            found = m["paren"].lower()
        elif m["lab"]:
            found = m["lab"]
        elif m["dir"]:
            found = "previous" if m["dir"].lower().startswith(("prev", "earl")) else m["dir"]
    return found, spans


_COMBINED_LAB = (
    r"(?:\bq(?:uestion)?\s*[0-9]{1,2}[a-h]?\b|\b[0-9]{1,2}[a-h]\b|\([a-h0-9]{1,3}\)|\b[a-h]\b)"
)
_COMBINED = re.compile(
    rf"(?:\b(?:combined|joint|total)\s+(?:figure|total|answer|number)?\s*(?:for|of)\s+)?"
    rf"(?:\bboth\s+)?(?P<x>{_COMBINED_LAB})\s*(?:and|&|\+|/)\s*(?P<y>{_COMBINED_LAB})"
    rf"(?:\s*(?:combined|together|jointly|in\s+total))?",
    re.IGNORECASE | re.ASCII,
)


def _rule_combined(ctx: _Ctx) -> ParsedAnswer | None:
    """One figure for two questions: "1a and 1b together: 8" -> reported 8, refers_to 1a+1b."""
    if not re.search(r"\b(?:combined|together|both|jointly|joint|total\s+for)\b", ctx.low):
        return None
    m = _COMBINED.search(ctx.text)
    if m is None:
        return None
    rest = ctx.text[: m.start()] + " " + ctx.text[m.end() :]
    rest = re.sub(
        r"\b(?:combined|together|both|jointly|for|covers?|figure)\b", " ", rest, flags=re.IGNORECASE
    )
    res = _parse_count(_strip_punct(rest), ctx)
    if not _is_count(res):
        return None
    x, y = (re.sub(r"[\s()]|question|q", "", g, flags=re.IGNORECASE) for g in (m["x"], m["y"]))
    pair = "+".join(v if len(v) > 1 or v.isalpha() else f"Q{v}" for v in (x, y))
    return replace(
        _add_note(res, f"one figure for {pair} together"), refers_to=pair, rule="combined"
    )


# Strong cue: "included in ..." says the figure is counted elsewhere, target or not.
_XREF_STRONG = re.compile(
    r"\b(?:included|counted|incorporated|contained|captured|accounted\s+for|reflected)\s+"
    r"(?:with)?in\b|\bpart\s+of\s+the\s+(?:figure|total|number)",
    re.IGNORECASE,
)
# Weak cue: "see" / "refer to" only when a question label or "above" follows at once
# ("as you can see, 13 children" is no cross reference).
_XREF_WEAK = re.compile(
    r"\b(?:see|refer\s+to)\s+(?:our\s+|the\s+|my\s+)?(?:(?:response|answer|reply|figures?)s?\s+"
    r"(?:(?:given|provided)\s+)?(?:to|for|in|at|under)\s+(?:the\s+)?)?"
    r"(?=question\b|q\s?[0-9]|part\b|\(|above\b|below\b|previous|earlier|[0-9]{1,2}[a-h]\b)",
    re.IGNORECASE,
)
# "See answer to 2", "please refer to our response to question 4": a bare number is a
# question only right after such words.
_XREF_ANSWER = re.compile(
    r"\b(?:see|refer\s+to|as\s+per)\s+(?:our\s+|the\s+|my\s+)?(?:response|answer|reply)s?\s+"
    r"(?:(?:given|provided)\s+)?(?:to|for|at|under|in)\s+(?:the\s+)?(?:question\s+|q\.?\s*)?"
    r"(?P<target>[0-9]{1,2}[a-h]?)\b",
    re.IGNORECASE,
)
_SAME_AS = re.compile(
    r"^(?:as\s+(?:above|before|previous|per)|same\s+as|ditto|the\s+same)\b", re.IGNORECASE
)


def _rule_cross_reference(ctx: _Ctx) -> ParsedAnswer | None:
    """ "Please see response to (a) above", "Included in Q1" -> counted elsewhere."""
    if _SAME_AS.search(ctx.text):
        # "As above" repeats another answer (its number, not its count): someone (or the
        # caller) must look the other answer up.
        target, _ = _target(ctx.text)
        return _unparsed("repeats another answer", "same_as", refers_to=target or "above")
    if (answer := _XREF_ANSWER.search(ctx.text)) is not None:
        rest = ctx.text[: answer.start()] + ctx.text[answer.end() :]
        if _conflicting_count(rest) is not None or _CARDINAL_RE.search(rest):
            return _unparsed(f'cross reference and a number in "{ctx.text[:40]}"', "conflict")
        target = answer["target"]
        target = f"Q{target}" if target.isdigit() else target
        return _status(INCLUDED_ELSEWHERE, f"counted in another answer ({target})", "cross_reference",
                       refers_to=target)
    m = _XREF_STRONG.search(ctx.text) or _XREF_WEAK.search(ctx.text)
    if m is None:
        return None
    tail = ctx.text[m.end() :]
    target, spans = _target(tail)
    spans = [(s + m.end(), e + m.end()) for s, e in spans]
    if target is None and not re.search(
        r"\b(?:figure|total|answer|response|number)", tail, re.IGNORECASE
    ):
        return None
    words = _CARDINAL_RE.search(ctx.text) or re.search(r"\b(?:nil|none)\b", ctx.low)
    if (other := _conflicting_count(ctx.text, spans)) is not None or words:
        return _unparsed(f'cross reference and a number "{other or "in words"}"', "conflict")
    if target is None:
        target = _strip_punct(re.sub(r"^\s*(?:the|our)\s+", "", tail))[:40] or None
    note = f"counted in another answer ({target})"
    return _status(INCLUDED_ELSEWHERE, note, "cross_reference", refers_to=target)


_NOT_RECORDED = re.compile(
    r"\bnot\s+(?:currently\s+|routinely\s+|specifically\s+|separately\s+|centrally\s+)?"
    r"(?:recorded|captured|collated|collected|logged|tracked|monitored|flagged|available|known)\b"
    r"|\b(?:(?:do|does|did|could)\s*(?:not|n't)|cannot|can't|can\s+not)\s+"
    r"(?:currently\s+|routinely\s+|specifically\s+|separately\s+)?"
    r"(?:record|capture|collate|collect|log|track|monitor|flag|report)\b"
    r"|\b(?:is|are)n't\s+recorded\b|\bunknown\b|\bno\s+data\s+(?:is\s+)?available\b"
    r"|\bnon[\s-]?reportable\b|\bnot\s+reportable\b"
    r"|\bno\s+(?:way|means|method)\s+(?:of|to)\b|\breportable\s+format\b|\bretrievable\b"
    r"|\b(?:cannot|can't|can\s+not|could\s+not|unable\s+to)\s+be\s+(?:extracted|reported|"
    r"identified|retrieved|provided)\b"
    r"|\b(?:unable|not\s+able|not\s+possible)\s+to\s+(?:extract|report|identify|retrieve|"
    r"provide|separate|distinguish)\b"
    r"|\bsystems?\s+(?:does|do|cannot|can't)\s+(?:not\s+)?(?:record|allow|capture|hold)",
    re.IGNORECASE,
)


def _rule_not_recorded(ctx: _Ctx) -> ParsedAnswer | None:
    """The council cannot report it and cites no exemption."""
    if _NOT_RECORDED.search(ctx.text) is None:
        return None
    if (other := _conflicting_count(ctx.text)) is not None:
        return _unparsed(f'not-recorded statement and a number "{other}"', "conflict")
    return _status(NOT_RECORDED, "council does not record / cannot report it", "not_recorded")


# "The number of children ... flagged on at least two occasions: seven.": the words before
# the colon say what is counted (numbers in them are part of that definition); the figure
# follows. A short label may come first ("a) sexually exploited: The number of ...; Nine.").
_DEFINED_COUNT = re.compile(
    rf"^(?:[^:;\n]{{1,60}}[:;]\s*)?(?P<head>(?:the\s+)?(?:total\s+)?number\s+of\s+[^:;\n]{{3,300}}?)\s*[:;]\s*"
    rf"(?P<figure>{_NUM})\s*\.?$",
    re.IGNORECASE | re.ASCII,
)


def _rule_defined_count(ctx: _Ctx) -> ParsedAnswer | None:
    m = _DEFINED_COUNT.match(ctx.text)
    if m is None:
        return None
    if (why := _unit_mismatch(m["head"], ctx)) is not None:
        return _unparsed(why, "unit_mismatch")
    value = _parse_int(m["figure"])
    if value is None:
        return None
    return _reported(value, f'"{m["figure"]}" after the definition of what is counted', "defined_count")


# "not able to disclose the actual number": the figure exists and is withheld, not refused.
_WITHHELD_EXACT = re.compile(
    r"\b(?:not\s+able|unable)\s+to\s+(?:disclose|release|provide|give)\s+the\s+(?:actual|exact|precise)\s+"
    r"(?:number|figures?)\b",
    re.IGNORECASE,
)


def _rule_withheld(ctx: _Ctx) -> ParsedAnswer | None:
    """A small number withheld, explained at length: the explanation's dates and the law's
    year are not figures ("In 2015-16 the council supported a number of children ... as at
    31 March 2016 ... exempt under s40(2)"). Read before the periods, which would otherwise
    see several dates and give up."""
    personal = any(_personal(c, ctx) for c in _cites(ctx.text)) or _WITHHELD_EXACT.search(ctx.text)
    if not personal or _LE.search(ctx.text) or _LT.search(ctx.text):
        return None
    if _conflicting_count(ctx.text) is not None or re.search(r"\b(?:not|n't)\s+hold\b", ctx.low):
        return None
    lo, hi = ctx.default
    ex = _suppression_exemption(ctx)
    why = f"personal-data exemption, no threshold stated: default interval {lo}..{hi}"
    return _suppressed(lo, hi, why, "suppressed_default", exemption=ex)


def _rule_periods(ctx: _Ctx) -> ParsedAnswer | None:
    """Per-period lines ("2018 - 8") and snapshots ("39 children as at 12 June 2018")."""
    periods = _find_periods(ctx.text)
    if not periods:
        return None
    if len(periods) == 1:
        p = periods[0]
        rest = _without_period(ctx.text, p)
        res = _parse_count(rest, ctx)
        if res is None:
            what = "date" if p.snapshot else "period"
            return _unparsed(f'a {what} ("{p.label}") and no count', "period_only")
        if not _is_count(res):
            return res
        return _with_period(replace(res, rule=f"{res.rule}+period"), p, ctx)
    return _several_periods(ctx, periods)


def _segments(text: str, periods: list[_Period]) -> list[str]:
    """Split a text naming several periods into one piece per period."""
    lines = [s for s in re.split(r"[\n;]+", text) if s.strip()]
    if len(lines) > 1:
        return lines
    starts = [p.span[0] for p in periods]
    ends = [p.span[1] for p in periods]
    head = text[: starts[0]]
    if any(b.value is not None for b in _blobs(head)) or _NUMWORDS_RE.search(head):
        # The figure comes first: "8 in 2018, 12 in 2019".
        cuts = [0, *ends[:-1], len(text)]
    else:  # the period comes first: "2018: 8, 2019: 12"
        cuts = [0, *starts[1:], len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts)]


def _several_periods(ctx: _Ctx, periods: list[_Period]) -> ParsedAnswer:
    pieces: list[tuple[_Period, ParsedAnswer | None]] = []
    for seg in _segments(ctx.text, periods):
        ps = _find_periods(seg)
        if len(ps) == 1:
            pieces.append((ps[0], _parse_count(_without_period(seg, ps[0]), ctx)))
        elif len(ps) > 1:
            return _unparsed("several periods in one line", "several_periods")
    labels = "; ".join(f"{p.label}: {_show(r)}" for p, r in pieces)
    if ctx.period is None:
        why = f"several periods ({labels}); question period not given"
        return _unparsed(why, "several_periods")
    match = [(p, r) for p, r in pieces if (p.start, p.end) == ctx.period]
    if len(match) != 1 or match[0][1] is None or not _is_count(match[0][1]):
        why = f"several periods ({labels}); none is the question's period"
        return _unparsed(why, "several_periods")
    p, res = match[0]
    others = "; ".join(f"{q.label}: {_show(r)}" for q, r in pieces if q is not p)
    res = replace(res, rule=f"{res.rule}+period_lines")
    return _add_note(res, f'line "{p.label}" is the question\'s period; others: {others}')


def _show(res: ParsedAnswer | None) -> str:
    if res is None:
        return "?"
    if res.status == REPORTED:
        return str(res.value)
    if res.status == SUPPRESSED:
        return f"{res.lower}..{res.upper}"
    return res.status


def _rule_count(ctx: _Ctx) -> ParsedAnswer | None:
    """The text as a count; failing that, the count after a label ending in ':'."""
    res = _parse_count(ctx.text, ctx)
    if _is_count(res) or (res is not None and res.rule == "hedge"):
        return res
    # "...in the last 12 months: 13": take what follows the only separating colon.
    # The label must read as a question: not itself a figure ("13 (revised: 14)").
    colons = [m.start() for m in re.finditer(r":(?![0-9])", ctx.text)]
    if len(colons) != 1:
        return res
    label, tail = ctx.text[: colons[0]], ctx.text[colons[0] + 1 :]
    starts_with_figure = re.match(rf"\s*(?:[0-9]|{_NUMWORDS})", label, re.IGNORECASE)
    if starts_with_figure or label.count("(") != label.count(")"):
        return res
    tail_res = _parse_count(tail.strip(), ctx)
    if tail_res is not None and _is_count(tail_res):
        if (why := _unit_mismatch(label, ctx)) is not None:
            return _unparsed(why, "unit_mismatch")
        return _add_note(tail_res, "answer after ':'")
    return res
