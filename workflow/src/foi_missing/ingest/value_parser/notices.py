"""Rules for statements about the answer as a whole: footnote symbols, placeholders, attachments,
no response, the wrong tier, cost refusals, not held and other exemptions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from foi_missing.core.vocabulary import (  # the status words are defined once
    NO_RESPONSE,
    NOT_HELD,
    NOT_RECORDED,
    NOT_RESPONSIBLE,
    REFUSED_COST,
    REFUSED_OTHER,
    SUPPRESSED,
)
from foi_missing.ingest.value_parser.common import (
    ParsedAnswer,
    _Ctx,
    _reported,
    _status,
    _unparsed,
)
from foi_missing.ingest.value_parser.counts import (
    _has_suppression,
    _personal,
    _read_range,
    _read_suppression,
)
from foi_missing.ingest.value_parser.dates import (
    _find_periods,
    _strip_punct,
)
from foi_missing.ingest.value_parser.numbers import (
    _PROCEDURAL,
    _blobs,
    _cites,
    _exemption,
)

# --------------------------------------------------------------------------------------
# Rules.  Each takes the context and returns a result, or None if it does not apply.

_Rule = Callable[[_Ctx], "ParsedAnswer | None"]


# "* = five or fewer", "[c] denotes a number between 1 and 4": a footnote defining a symbol.
_SYMBOL = r"\*{1,3}|\u2020|\u2021|#|\[c\]|\[x\]|~"
_FOOTNOTE = re.compile(
    rf"\(?\s*(?P<sym>{_SYMBOL})\s*(?:=|:|-|\bdenotes\b|\bmeans\b|\bindicates\b|\brepresents\b|\bis\b)\s*"
    rf"(?P<definition>[^()\n;]+?)\s*\)?\s*(?:[.;\n]|$)",
    re.IGNORECASE,
)


def _rule_footnote(ctx: _Ctx) -> ParsedAnswer | None:
    """An answer that is a symbol, with the footnote defining it: the footnote's interval
    applies, not the configured default."""
    m = _FOOTNOTE.search(ctx.text)
    if m is None:
        return None
    answer = _strip_punct(ctx.text[: m.start()] + " " + ctx.text[m.end() :])
    if answer != m["sym"]:
        return None
    definition = _strip_punct(m["definition"])
    sub = replace(ctx, text=definition)
    res = _read_suppression(definition, sub) or _read_range(definition, sub)
    if res is None or res.status != SUPPRESSED or res.rule == "suppressed_default":
        why = f'footnote "{m.group().strip()}" states no interval'
        return _unparsed(why, "footnote")
    note = f'footnote "{m["sym"]} = {definition}" -> {res.lower}..{res.upper}'
    return replace(res, note=note, rule="footnote")


def _rule_placeholder(ctx: _Ctx) -> ParsedAnswer | None:
    """Texts that stand in for an answer: a person must look."""
    low = ctx.low.strip(" .!")
    if re.fullmatch(r"[-_./\\*x?~ ]*", low) and not re.fullmatch(r"\*+", low):
        if "?" in low:
            return _unparsed("only a question mark", "placeholder")
        return _unparsed(f'placeholder "{ctx.text}"', "placeholder")
    if nil := re.fullmatch(r"n\s*/\s*a\s*(?:[-\u2013:,]\s*|\(\s*)(nil|none|zero|0)\s*\)?", low):
        # "N/A - nil": the nil says which "N/A" it is.
        return _reported(0, f'"N/A" with "{nil[1]}" -> 0', "na_nil")
    if re.fullmatch(r"n\s*/\s*a|n\.?a\.?|\[[xz]\]", low):
        return _unparsed('"N/A": could mean none, not applicable or not answered', "placeholder")
    if re.fullmatch(r"(?:this\s+(?:question\s+)?is\s+)?not\s+applicable(?:\s+(?:to\s+(?:us|this\s+(?:council|authority))|"
                    r"in\s+this\s+(?:case|instance)))?", low):
        # Spelled out, the council says the question does not apply to it: no figure and no
        # exemption, never a zero (docs/answer-wording.md).
        return _status(NOT_RECORDED, 'council says "not applicable": no figure given', "not_applicable")
    if re.fullmatch(r"tbc|tba|to\s+follow|to\s+be\s+confirmed|awaiting.*|pending.*", low):
        return _unparsed("answer still to come", "placeholder")
    if re.match(r"-[0-9]", low):
        return _unparsed("negative number", "placeholder")
    return None


def _rule_attachment(ctx: _Ctx) -> ParsedAnswer | None:
    """ "See attached", a web link: the answer is somewhere else (after the status rules,
    so "see attached refusal notice (s12)" is still a cost refusal)."""
    if re.search(
        r"\b(?:see|refer\s+to|please\s+find)\b[^.]{0,40}\b(?:attach(?:ed|ment)|enclosed|"
        r"spreadsheet|appendix|annex|table|link|website|url)\b|\battached\b|\benclosed\b"
        r"|https?://|www\.",
        ctx.low,
    ):
        return _unparsed("refers to an attachment or a web page", "attachment")
    return None


def _rule_no_response(ctx: _Ctx) -> ParsedAnswer | None:
    """A researcher's log entry that nothing came back."""
    if re.fullmatch(
        r"(?:no\s+(?:response|reply)(?:\s+(?:was\s+)?received)?(?:\s+(?:by|before)\s+.*)?"
        r"|did\s+not\s+(?:respond|reply)|not\s+responded)[.!]?",
        ctx.low,
    ):
        return _status(NO_RESPONSE, "text says no response was received", "no_response_text")
    return None


# Strong cues: the council says it is the wrong tier.
_NOT_RESPONSIBLE = re.compile(
    r"not\s+(?:have\s+|hold\s+|carry\s+)?(?:any\s+)?responsib\w*\s+for\s+"
    r"(?:\w+\s+){0,2}(?:children|social|looked|care)"
    r"|(?:does|do)\s*(?:not|n't)\s+(?:provide|deliver|have)\s+(?:\w+\s+){0,2}(?:social\s+care|"
    r"social\s+services|children'?s\s+services)"
    r"|not\s+(?:a|the)\s+(?:\w+\s+){0,2}(?:social\s+services|children'?s\s+services|"
    r"social\s+care)\s+authority"
    r"|is\s+not\s+(?:a\s+)?(?:function|service)\s+(?:of|provided\s+by)\s+this"
    r"|\b(?:as|we\s+are|is)\s+a\s+(?:district|parish|town)\s+council"
    # "with no children's services", "we have no child care responsibilities" (not "no social
    # care records of ...", which is about the data)
    r"|\b(?:with|have|has)\s+no\s+(?:child\s*care|children'?s\s+(?:social\s+)?(?:care|services)|"
    r"social\s+(?:care|services))\b(?!\s+(?:records?|data|information|cases?|files?)\b)"
    r"|\bdistrict\s+council\b[\s\S]{0,200}\bcounty\s+council\b"
    r"|health\s+and\s+social\s+care\s+trust|\bhsc\s*trusts?\b|\bhsct\b",
    re.IGNORECASE,
)
# Weak cues: only with another body named right after them ("is the responsibility of
# Kent County Council"), since "the responsibility of the council" is ordinary prose.
_NOT_RESPONSIBLE_WEAK = re.compile(
    r"(?:falls?|is|are)\s+(?:within|under)\s+the\s+(?:remit|responsibility)\s+of\s+"
    r"|(?:is|are)\s+the\s+responsibility\s+of\s+|(?:is|are)\s+(?:held|provided)\s+by\s+"
    r"|\btransferred\s+to\s+",
    re.IGNORECASE,
)
# A body's name: capitalised words (with "and", "of", "for" inside) ending in Council,
# Trust(s) or Board, e.g. "Kent County Council", "the Health and Social Care Trusts".
_BODY = re.compile(
    r"(?:\b[Tt]he\s+)?(?:[A-Z][\w'.&-]*\s+(?:(?:and|of|for|&)\s+)?){1,7}"
    r"(?:Council|Trusts?|Board)\b"
)


def _rule_not_responsible(ctx: _Ctx) -> ParsedAnswer | None:
    """Wrong tier: a district council pointing to the county, NI councils to the Trusts.

    A wrong-tier reply that also says the information is not held is ``not_held`` (the
    council has told us it holds none), with the redirect kept; ``not_responsible`` is
    for a redirect that does not say so."""
    strong = _NOT_RESPONSIBLE.search(ctx.text)
    weak = _NOT_RESPONSIBLE_WEAK.search(ctx.text)
    if strong is None and (weak is None or not _BODY.match(ctx.text, weak.end())):
        return None
    # Prefer the body named after a redirecting verb; else any other body named.
    redirect = None
    verb = re.search(
        r"\b(?:contact\w*|direct\w*|redirect\w*|forward\w*|sen[dt]|refer\w*|address\w*|"
        r"write\s+to|held\s+by|provided\s+by|delivered\s+by|run\s+by|responsibility\s+of|"
        r"remit\s+of|matter\s+for)\b",
        ctx.text,
        re.IGNORECASE,
    )
    bodies = list(_BODY.finditer(ctx.text))
    after = [b for b in bodies if verb and b.start() >= verb.end()]
    trusts = [b for b in bodies if "Trust" in b.group()]
    pick = (after or trusts or [b for b in bodies if "County" in b.group()] or [None])[0]
    if pick is not None:
        redirect = re.sub(r"^The\b", "the", pick.group().strip())
    elif re.search(r"health\s+and\s+social\s+care\s+trusts|hsc\s*trusts", ctx.low):
        redirect = "the Health and Social Care Trusts"
    note = f"wrong tier; redirects to {redirect}" if redirect else "wrong tier; no body named"
    held = _NOT_HELD.search(ctx.text)
    if held and not _NOT_HELD_FORMAT.search(ctx.text[held.end() : held.end() + 80]):
        return _status(NOT_HELD, f"not-held statement; {note}", "not_held_wrong_tier",
                       redirect=redirect)  # fmt: skip
    return _status(NOT_RESPONSIBLE, note, "not_responsible", redirect=redirect)


_COST = re.compile(
    r"appropriate\s+limit|cost\s+limit|costs\s+limit|excessive\s+cost"
    r"|\bcost\w*\b[^.]{0,40}£\s?(?:450|600)\b"
    r"|exceed\w*\s+(?:the\s+)?(?:\w+\s+){0,3}limit"
    # "would take over 18 hours" (not "missing for periods exceeding 24 hours")
    r"|\bwould\s+(?:take|require|need|exceed)\b[^.]{0,60}\bhours\b",
    re.IGNORECASE,
)


def _rule_cost(ctx: _Ctx) -> ParsedAnswer | None:
    """Cost refusals (FOIA/FOISA s12).  Their arithmetic is never read as the answer."""
    s12 = [c for c in _cites(ctx.text) if c.num == 12]
    if s12:
        ex = _exemption(s12, ctx)
        return _status(REFUSED_COST, f"cost refusal under {ex}", "cost_s12", exemption=ex)
    if _COST.search(ctx.text):
        return _status(
            REFUSED_COST, "cost limit stated, no section cited", "cost_limit", exemption=None
        )
    return None


_NOT_HELD = re.compile(
    r"(?:\bnot|n't)\s+(?:hold|held)\b|\bno\s+(?:such\s+)?(?:information|data|records?)\s+"
    r"(?:is\s+|are\s+|was\s+)?held\b|\bholds?\s+no\s+(?:such\s+)?(?:information|data|records?)",
    re.IGNORECASE,
)
# "not held in a reportable format": the council has the data but cannot report it.
_NOT_HELD_FORMAT = re.compile(
    r"\b(?:in\s+(?:a|an|any)\s+(?:\w+\s+){0,2}(?:format|form|way)|centrally|electronically|"
    r"readily|in\s+a\s+way)\b",
    re.IGNORECASE,
)


# "no unaccompanied children were received": a nil count stated in words.
_NIL_COUNT = re.compile(
    r"\b(?:no|none\s+of\s+the|zero|nil)\s+(?:[\w-]+\s+){0,4}?(?:children|child|young\s+people|"
    r"persons|people|referrals|episodes|incidents)\s+(?:were|was|have\s+been|had\s+been|has\s+been)\b",
    re.IGNORECASE,
)


def _conflicting_count(text: str, ignore: list[tuple[int, int]] | None = None) -> str | None:
    """A count-like number in a text whose status is not a count (then: two readings)."""
    spans = [(c.start, c.end) for c in _cites(text)] + [p.span for p in _find_periods(text)]
    spans += ignore or []
    for b in _blobs(text):
        if b.value is None or any(s <= b.start < e for s, e in spans):
            continue
        after = text[b.end : b.end + 12].lower()
        if re.match(r"\s*(?:hours?|minutes?|days?|weeks?|working)", after):
            continue
        before = text[max(0, b.start - 12) : b.start].lower()
        if re.search(r"(?:question|part|paragraph|para|item|point|no\.?|number)\s*$", before):
            continue
        return b.text
    return None


def _rule_not_held(ctx: _Ctx) -> ParsedAnswer | None:
    """Formal not-held notices (FOISA s17; FOIA "we do not hold this information")."""
    cites = _cites(ctx.text)
    s17 = [c for c in cites if c.num == 17]
    held = _NOT_HELD.search(ctx.text)
    # FOISA s17 is the not-held notice; FOIA s17 is a refusal notice (no status of its own).
    foisa_notice = bool(s17) and (
        ctx.act == "FOISA"
        or (ctx.act is None and re.search(r"\bnotice\b", ctx.low) and "refus" not in ctx.low)
    )
    if not (held or foisa_notice):
        return None
    if (other := _conflicting_count(ctx.text)) is not None:
        return _unparsed(f'not-held statement and a number "{other}"', "conflict")
    if (nil := _NIL_COUNT.search(ctx.text)) is not None:
        # "Under section 17 ... we can confirm that no children were received": a notice that
        # states a nil; whether it means "none" or "not held" is for a person.
        return _unparsed(f'not-held statement and a nil count "{nil.group()}"', "conflict")
    if held and not s17 and _NOT_HELD_FORMAT.search(ctx.text[held.end() : held.end() + 80]):
        return _status(
            NOT_RECORDED, "held, but not in a form that can be reported", "not_recorded_format"
        )
    if s17 and ctx.act != "FOIA":
        ex = _exemption(s17, ctx, implied="FOISA")
        return _status(NOT_HELD, f"not-held notice under {ex}", "not_held_s17", exemption=ex)
    return _status(NOT_HELD, "not-held statement", "not_held")




_OTHER_PHRASES = [
    (r"\bvexatious\b", "vexatious request"),
    (r"reasonably\s+accessible", "reasonably accessible by other means"),
    (r"neither\s+confirm\s+nor\s+deny", "neither confirm nor deny"),
    (r"future\s+publication|intended\s+for\s+publication", "intended for future publication"),
    (r"law\s+enforcement", "law enforcement"),
]




def _rule_refused_other(ctx: _Ctx) -> ParsedAnswer | None:
    """Other exemptions (s21, s30, s31, s14, ...), the exemption kept as cited."""
    cites = [c for c in _cites(ctx.text) if c.num not in _PROCEDURAL | {12}]
    others = [c for c in cites if not _personal(c, ctx)]
    phrase = next((label for pat, label in _OTHER_PHRASES if re.search(pat, ctx.low)), None)
    if not others and phrase is None:
        return None
    # A small number withheld ("fewer than 5 ... s38(1)(a)"): the exemptions are the
    # reasons for suppressing; the suppression reader keeps them.
    if _has_suppression(ctx.text):
        return None
    if (other := _conflicting_count(ctx.text)) is not None:
        return _unparsed(f'refusal and a number "{other}"', "conflict")
    ex = _exemption(cites, ctx)
    note = f"refused under {ex}" if ex else f"refused: {phrase}, no section cited"
    return _status(REFUSED_OTHER, note, "exemption_other", exemption=ex)
