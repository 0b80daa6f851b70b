"""Reading a count: the suppression forms ("fewer than 5", "*"), hedges ("approximately 20"),
ranges, pairs ("73 children on 685 occasions"), number words and plain integers; and when a
cited exemption is a personal-data (small number) one."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from foi_missing.ingest.value_parser.common import (
    ParsedAnswer,
    _Ctx,
    _is_count,
    _reported,
    _suppressed,
    _unparsed,
)
from foi_missing.ingest.value_parser.dates import (
    _strip_punct,
)
from foi_missing.ingest.value_parser.numbers import (
    _CARDINAL_RE,
    _CHILD_UNIT,
    _CITE_RE,
    _FOISA_PERSONAL,
    _INCIDENT_UNIT,
    _NUM,
    _NUMWORDS,
    _NUMWORDS_RE,
    _PERSONAL_DATA,
    _PROCEDURAL,
    _UNIT_FILLER,
    _ZERO_WORDS,
    _Blob,
    _blobs,
    _Cite,
    _cites,
    _exemption,
    _parse_int,
    _unit_mismatch,
    _words_value,
)

_SUPPRESSION_CUE = re.compile(
    r"\bso\s+few\b|\bvery\s+few\b|\btoo\s+(?:few|small|low)\b|\bsmall\s+numbers?\b"
    r"|\blow\s+numbers?\b|\bsuppressed\b|\bidentif(?:y|ied|iable|ication)\b|\bpersonal\s+"
    r"(?:data|information)\b|\bdata\s+protection\b|\bfewer\s+than\b|\bless\s+than\b|<|≤",
    re.IGNORECASE,
)




def _personal(c: _Cite, ctx: _Ctx) -> bool:
    """Is this citation a personal-data exemption (the small-number suppressions)?"""
    if c.num in _PERSONAL_DATA and ctx.act != "FOISA":
        return True
    # s38 is personal data in FOISA, health and safety in FOIA.
    if c.num in _FOISA_PERSONAL:
        return ctx.act == "FOISA" or (ctx.act is None and bool(_SUPPRESSION_CUE.search(ctx.text)))
    return False


def _has_suppression(text: str) -> bool:
    return bool(_LE.search(text) or _LT.search(text) or _DEFAULT_SUPPRESSION.search(text))


# --------------------------------------------------------------------------------------
# Reading a count.  Returns None when the text holds no count at all.

_LEAD_IN = re.compile(
    # "Of these, 3 went missing": a part of the figure before, as "Of the children in Q5" asks.
    r"(?:of\s+(?:these|those|them|whom)(?:\s+(?:children|young\s+people))?\s*,?\s*)?"
    r"(?:(?:i|we|the\s+(?:council|authority))\s+(?:can\s+)?confirms?(?:\s+that)?\s*)?"
    r"(?:there\s+(?:were|was|are|is|have\s+been|has\s+been|had\s+been)|(?:a\s+)?total(?:\s+of)?"
    r"|we\s+(?:have\s+|had\s+)?(?:identified|recorded|had|have)"
    r"|in\s+total|the\s+total\s+(?:number\s+)?(?:is|was)|the\s+(?:number|figure)\s+(?:is|was)"
    r"|only|just|=|total\s*[:=-])?(?:\s+(?:only|just))?",
    re.IGNORECASE,
)
# "Lincolnshire placed 185 UASC", "Devon County Council supported 20 ...", "The council had 23":
# a named subject and a verb of counting before the figure (names are capitalised).
_COUNT_VERB = (
    r"(?:has\s+|have\s+|had\s+)?(?:placed|supported|had|has|received|identified|recorded|accommodated|"
    r"referred|looked\s+after|cared\s+for|took\s+in)"
)
_SUBJECT_LEAD = re.compile(
    rf"(?:(?:[A-Z][\w'&.-]*|of|and)\s+){{0,5}}[A-Z][\w'&.-]*\s+{_COUNT_VERB}"
    rf"|(?:[Tt]he\s+(?:[Cc]ouncil|[Aa]uthority|[Ll]ocal\s+[Aa]uthority)|[Ww]e)\s+{_COUNT_VERB}"
)
# "... have not referred any UASC", "we did not receive any children": nil in words.
_NONE_ANY = re.compile(
    rf"^(?:(?:[A-Z][\w'&.-]*|of|and|the|[Ww]e|[Cc]ouncil|[Aa]uthority)\s+){{0,6}}"
    rf"(?:have|has|had|did|were|was)\s*(?:not|n't)\s+(?:been\s+)?"
    rf"(?:referred|received|placed|identified|supported|accommodated|looked\s+after|had|taken\s+in|"
    rf"refer|receive|place|identify|support|accommodate|have|take\s+in)\s+any\s+(?:{_UNIT_FILLER}\s+)*"
    rf"(?:{_CHILD_UNIT}|{_INCIDENT_UNIT}|cases|referrals)\b",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"\b(?:in|during|over|for)?\s*the\s+(?:last|past|previous|preceding)\s+(?:12|twelve)\s+"
    r"months\b|\b(?:in|during)\s+(?:that|this|the)\s+(?:period|time|year)\b",
    re.IGNORECASE,
)
_NOW = re.compile(
    r"\b(?:currently|at\s+present|presently|at\s+the\s+(?:moment|time\s+of\s+(?:writing|"
    r"response|this\s+response))|as\s+of\s+today|at\s+this\s+time)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:approx(?:imately|\.)?|about|around|roughly|circa|ca\.|c\.|c|nearly|almost|over|"
    r"more\s+than|greater\s+than|at\s+least|in\s+excess\s+of|upwards\s+of|up\s+to|"
    r"estimated?|est\.|some|maybe|possibly|perhaps)\s*~?\s*(?=[0-9]|" + _NUMWORDS + r")"
    r"|~|≈|[0-9]+\s*\+|[0-9]+\s+(?:or\s+so|or\s+more|plus|odd)\b|[0-9]+-?ish\b"
    r"|\b(?:estimate[sd]?|estimation|provisional|approx(?:imate(?:ly)?|\.)?|circa|roughly|"
    r"at\s+least(?!\s+once)|or\s+(?:so|more|thereabouts)|unverified|unvalidated|"
    r"not\s+(?:yet\s+)?(?:been\s+)?(?:verified|validated|checked|confirmed)|"
    r"being\s+(?:checked|verified|validated)|"
    r"subject\s+to\s+(?:change|validation|revision|verification))\b",
    re.IGNORECASE,
)

# Suppression forms.  "5 or less" includes 0 (docs/design.md#statuses); "fewer than 5" means a withheld
# small number, at least 1.
_LE = re.compile(
    rf"(?P<n>{_NUM})\s*(?:or|and)\s+(?:less|fewer|under|below)\b"
    rf"|(?:≤|<=|=<|less\s+than\s+or\s+equal\s+to|(?:no|not)\s+more\s+than|at\s+most)"
    rf"\s*(?P<m>{_NUM})",
    re.IGNORECASE | re.ASCII,
)
_LT = re.compile(
    rf"(?:<|\bfewer\s+than|\bless\s+than|\blower\s+than)\s*(?P<n>{_NUM})"
    rf"|\b(?:under|below)\s+(?P<u>{_NUM})(?!\s*(?:-|\s)?(?:years?|yrs?|y/?o|months?)\b)",
    re.IGNORECASE | re.ASCII,
)
_DEFAULT_SUPPRESSION = re.compile(
    r"^\*+$|^\[c\]$|\bso\s+few\b|\bvery\s+few\b|\btoo\s+(?:few|small|low)\b"
    r"|\b(?:a\s+)?(?:small|low)\s+numbers?\b|\bsuppressed\b"
    r"|\b(?:could|would|may|might|risk)\b[^.]{0,60}\bidentif(?:y|ied|ication|iable)\b"
    r"|\bidentifiable\b",
    re.IGNORECASE,
)


def _parse_count(text: str, ctx: _Ctx) -> ParsedAnswer | None:
    """A count in one of the forms councils use; the rest of the text must not contradict it."""
    text = _strip_punct(text)
    if not text:
        return None
    period_note = None
    if _NOW.search(text):
        text = _strip_punct(_NOW.sub(" ", text))
        period_note = "snapshot at the time of the reply"
    text = _strip_punct(_FILLER.sub(" ", text))
    if re.fullmatch(r"\([^()]*\)", text):
        text = _strip_punct(text[1:-1])  # "(13)"
    # "Children: 12, episodes: 40" before the label is taken off "Children:".
    if (pair := _read_pair(text, ctx)) is not None:
        return replace(pair, period_note=period_note) if period_note else pair
    # A label without digits before a colon: "Answer: 13", "Number of children: 13".
    m = re.fullmatch(r"([^:0-9\n]{1,80}):\s*(.+)", text, re.DOTALL)
    if m and not (_NUMWORDS_RE.search(m[1]) or _has_suppression(m[1]) or _HEDGE.search(m[1])):
        if (why := _unit_mismatch(m[1], ctx)) is not None:
            return _unparsed(why, "unit_mismatch")
        text = _strip_punct(m[2])
    for reader in _READERS:
        res = reader(text, ctx)
        if res is not None:
            if period_note and _is_count(res):
                res = replace(res, period_note=period_note)
            return res
    return None


_Reader = Callable[[str, _Ctx], "ParsedAnswer | None"]


def _others_besides(text: str, span: tuple[int, int]) -> str | None:
    """Another number (digits or words) outside ``span`` and outside citations."""
    cite_spans = [(c.start, c.end) for c in _cites(text)]
    for b in _blobs(text):
        if span[0] <= b.start < span[1] or any(s <= b.start < e for s, e in cite_spans):
            continue
        return b.text
    for m in _CARDINAL_RE.finditer(text):
        if not span[0] <= m.start() < span[1]:
            return m.group()
    return None


def _suppression_exemption(ctx: _Ctx) -> str | None:
    cites = [c for c in _cites(ctx.text) if c.num not in _PROCEDURAL | {12}]
    implied = "FOISA" if any(c.num in _FOISA_PERSONAL for c in cites) and ctx.act is None else None
    if implied and any(c.num in _PERSONAL_DATA for c in cites):
        implied = None  # s40 and s38 together: FOIA's s40 plus its s38; leave the act open
    return _exemption(cites, ctx, implied=implied)


def _read_suppression(text: str, ctx: _Ctx) -> ParsedAnswer | None:
    ex = _suppression_exemption(ctx)
    for pattern, kind in ((_LE, "or_less"), (_LT, "fewer_than")):
        m = pattern.search(text)
        if m is None:
            continue
        raw = next(g for g in m.groups() if g)
        n = _parse_int(raw)
        if n is None:
            return _unparsed(f'threshold "{raw}" not understood', "suppression_threshold")
        # "Fewer than five (5)": the threshold again in figures, in brackets right after it.
        end = m.end()
        if (echo := re.match(r"\s*\(\s*([0-9]{1,3})\s*\)", text[end:])) and int(echo[1]) == n:
            end += echo.end()
        if (other := _others_besides(text, (m.start(), end))) is not None:
            return _unparsed(f'"{m.group()}" and another number "{other}"', "conflict")
        if kind == "fewer_than" and m["u"] is not None and n > 10:
            return None  # "under 18" is an age, not a suppression threshold
        lo, hi = (0, n) if kind == "or_less" else (1, n - 1)
        why = f'"{m.group().strip()}" -> {lo}..{hi}'
        return _suppressed(lo, hi, why, kind, exemption=ex)
    personal = any(_personal(c, ctx) for c in _cites(ctx.text))
    if _DEFAULT_SUPPRESSION.search(text) or (personal and not _blobs_counts(text)):
        lo, hi = ctx.default
        cue = "personal-data exemption" if personal else "small number withheld"
        why = f"{cue}, no threshold stated: default interval {lo}..{hi}"
        return _suppressed(lo, hi, why, "suppressed_default", exemption=ex)
    return None


def _blobs_counts(text: str) -> list[_Blob]:
    cite_spans = [(c.start, c.end) for c in _cites(text)]
    return [
        b
        for b in _blobs(text)
        if b.value is not None and not any(s <= b.start < e for s, e in cite_spans)
    ]


def _read_hedge(text: str, ctx: _Ctx) -> ParsedAnswer | None:
    m = _HEDGE.search(text)
    if m and (_blobs(text) or _NUMWORDS_RE.search(text)):
        return _unparsed(f'approximate or qualified figure ("{m.group().strip()}")', "hedge")
    if blobs := [b for b in _blobs(text) if "percentage" in b.why]:
        return _unparsed(blobs[0].why, "percentage")
    return None


_RANGE = re.compile(
    rf"^(?:between\s+)?(?P<a>{_NUM})\s*(?:-|to|and)\s*(?P<b>{_NUM})(?P<rest>\D*)$",
    re.IGNORECASE | re.ASCII,
)


def _read_range(text: str, ctx: _Ctx) -> ParsedAnswer | None:
    """A range the council gave ("between 10 and 20", "1-4"): an interval, like suppression."""
    # Citations are no numbers here: "between 1 and 5 (withheld under s40)".
    bare = _strip_punct(_CITE_RE.sub(" ", text))
    m = _RANGE.match(bare)
    if m is None or (" and " in m.group().lower() and not bare.lower().startswith("between")):
        return None
    a, b = _parse_int(m["a"]), _parse_int(m["b"])
    if a is None or b is None or a >= b:
        return None
    if (why := _unit_mismatch(m["rest"], ctx)) is not None:
        return _unparsed(why, "unit_mismatch")
    ex = _suppression_exemption(ctx)
    return _suppressed(a, b, f"council gave a range {a}..{b}", "range", exemption=ex)


_PAIR_NUM = rf"(?P<n>[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]{{1,5}}|{_NUMWORDS})(?![0-9]|[,.][0-9])"
_PAIR_NUM2 = _PAIR_NUM.replace("(?P<n>", "(?P<n2>")
_PAIR = re.compile(
    # "685 incidents", "73 missing children"
    rf"(?<![0-9A-Za-z]){_PAIR_NUM}\s+(?:{_UNIT_FILLER}\s+){{0,3}}"
    rf"(?:(?P<c>{_CHILD_UNIT})|(?P<i>{_INCIDENT_UNIT}))\b"
    # "Children: 12", "episodes - 40"
    rf"|\b(?:(?P<c2>{_CHILD_UNIT})|(?P<i2>{_INCIDENT_UNIT}))\s*[:=-]\s*{_PAIR_NUM2}",
    re.IGNORECASE | re.ASCII,
)


def _read_pair(text: str, ctx: _Ctx) -> ParsedAnswer | None:
    """ "685 incidents relating to 73 children": pick the one the question counts."""
    children, incidents, spans = [], [], []
    for m in _PAIR.finditer(text):
        n = _parse_int(m["n"] or m["n2"])
        if n is None:
            return None
        (children if (m["c"] or m["c2"]) else incidents).append(n)
        spans.append(m.span())
    if len(children) != 1 or len(incidents) != 1:
        return None
    # Any other number ("eight children, one of whom went missing, with two episodes")
    # means the sentence answers more than these two questions.
    outside = [b.start for b in _blobs(text) if b.value is not None]
    outside += [w.start() for w in _CARDINAL_RE.finditer(text)]
    outside += [w.start() for w in re.finditer(r"\b(?:none|nil)\b", text, re.IGNORECASE)]
    if any(not any(s <= pos < e for s, e in spans) for pos in outside):
        return None
    c, i = children[0], incidents[0]
    if ctx.kind == "incidents":
        return _reported(i, f"{i} incidents (and {c} children, not this question)", "incidents")
    extra = "" if ctx.kind else "measure not given: took the children count; "
    return _reported(
        c, f"{extra}{c} children (and {i} incidents, not this question)", "children_of_incidents"
    )


_ZERO_PHRASE = re.compile(
    rf"^(?:there\s+(?:were|are|have\s+been|has\s+been)\s+|(?:we|the\s+(?:council|authority))\s+(?:have|has|had)\s+"
    rf"(?:had\s+)?)?no\s+(?:such\s+)?(?:{_UNIT_FILLER}\s+)?"
    rf"(?:{_CHILD_UNIT}|{_INCIDENT_UNIT}|cases|instances|one)\b",
    re.IGNORECASE,
)
# "This is a nil return", "Please note, this is a nil return": the council returns nothing.
_NIL_RETURN = r"(?:please\s+note\s*,?\s*(?:that\s+)?)?(?:(?:this|it)\s+is\s+)?(?:a\s+)?nil\s+return\b"
_NIL_RETURN_SENTENCE = re.compile(rf"^{_NIL_RETURN}", re.IGNORECASE)
_NIL_RETURN_AFTER = re.compile(rf"\s*(?:[-\u2013\u2014.,;:]\s*)?(?:\(\s*{_NIL_RETURN}\s*\)|{_NIL_RETURN})\.?", re.IGNORECASE)
_ONLY_ONE = re.compile(
    r"^(?:the|this|that)\s+only\s+(?:child|young\s+person|one)\b|^(?:only\s+)?a\s+single\s+"
    r"(?:child|young\s+person)\b|^(?:just|only)\s+(?:the\s+)?one\b",
    re.IGNORECASE,
)


# "Nil return - 0", "None: 0", "nil/0", "None recorded - 0": nothing said in words, then as a
# figure. Read before the ranges, so that "None - 5" (words and figure at odds) is no range 0..5
# but a person's to read.
_NOTHING_THEN_FIGURE = re.compile(
    rf"^(?P<words>{_NIL_RETURN}|(?:nil|none|zero|nought)(?:\s+(?:recorded|identified|reported|known))?)"
    r"\s*(?:[-\u2013\u2014:=/,]\s*|\s)"
    r"(?P<figure>[0-9][0-9,]*)(?![0-9.,]*[0-9])(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


def _read_nothing_then_figure(text: str, ctx: _Ctx) -> ParsedAnswer | None:
    m = _NOTHING_THEN_FIGURE.match(text)
    if m is None:
        return None
    words, figure = m["words"].strip(), _parse_int(m["figure"])
    if figure != 0:
        return _unparsed(f'"{words}" says none, but the figure after it is {m["figure"]}', "conflict")
    return _check_rest(0, m["rest"], ctx, f'"{words}" confirmed by 0', "words")


def _read_words(text: str, ctx: _Ctx) -> ParsedAnswer | None:
    """Numbers in words: "Nil", "None", "Zero.", "Nine.", "twelve", "The only child"."""
    if _blobs(text) and not re.search(r"\(\s*[0-9]+\s*\)", text):
        return None  # digits present (other than an echo in brackets): _read_integer decides
    if re.fullmatch(r"dim(?:\s+un)?", text, re.IGNORECASE):
        return _reported(0, f'Welsh "{text}" (none) -> 0', "words")  # bilingual replies
    if m := _ONLY_ONE.match(text):
        return _check_rest(1, text[m.end() :], ctx, f'"{m.group()}" -> 1', "only_one")
    if m := _NIL_RETURN_SENTENCE.match(text):
        return _check_rest(0, text[m.end() :], ctx, f'"{m.group()}" -> 0', "words")
    if m := _ZERO_PHRASE.match(text):
        return _check_rest(0, text[m.end() :], ctx, f'"{m.group()}" -> 0', "words")
    if m := _NONE_ANY.match(text):
        return _check_rest(0, text[m.end() :], ctx, f'"{m.group()}" -> 0', "none_any")
    lead = _LEAD_IN.match(text)
    pos = lead.end() if lead else 0
    m = _NUMWORDS_RE.match(text, re.match(r"\s*", text[pos:]).end() + pos)
    if m is None:
        if re.fullmatch(r"no\.?", text, re.IGNORECASE):
            return _unparsed('"No" answers a yes/no question, not how many', "bare_no")
        return None
    value = _words_value(m.group())
    if value is None and all(w.lower() in _ZERO_WORDS for w in re.split(r"[\s-]+", m.group()) if w):
        value = 0  # "Nil - none identified": the same nothing said twice
    if value is None:
        return _unparsed(f'number words "{m.group()}" not understood', "words")
    rest = text[m.end() :]
    return _check_rest(value, rest, ctx, f'number in words "{m.group()}"', "words")


def _read_integer(text: str, ctx: _Ctx) -> ParsedAnswer | None:
    """Digits: "13", "1,015", "12.0", "13 children", "0 (zero)"."""
    blobs = _blobs(text)
    if not blobs:
        return None
    if len(blobs) > 1:
        echo = re.fullmatch(r"(.*?)([0-9][0-9,.]*)\s*\(\s*([0-9][0-9,]*)\s*\)(.*)", text, re.DOTALL)
        if not (len(blobs) == 2 and echo and blobs[0].value == blobs[1].value):
            shown = ", ".join(b.text for b in blobs[:4])
            return _unparsed(f"several numbers ({shown})", "several_numbers")
        text = text[: blobs[1].start] + text[blobs[1].end :]  # "3 (3)": a repeated figure
        blobs = blobs[:1]
    b = blobs[0]
    if b.value is None:
        return _unparsed(b.why, "not_a_count")
    before = text[: b.start].strip()
    lead = _LEAD_IN.fullmatch(before) or _SUBJECT_LEAD.fullmatch(before)
    if lead is None:
        return _unparsed(f'text before the number: "{before[:40]}"', "text_before_number")
    rule = "integer" if not text[b.end :].strip() else "integer_with_text"
    how = "thousands separator" if "," in b.text else "decimal .0" if "." in b.text else ""
    note = f'"{b.text}"' + (f" ({how})" if how else "")
    return _check_rest(b.value, text[b.end :], ctx, note, rule)


def _check_rest(value: int, rest: str, ctx: _Ctx, note: str, rule: str) -> ParsedAnswer:
    """Accept ``value`` if the text after it does not state another number or qualify it."""
    # "0 (zero)", "Nil (0)", "Nine (9)": the same figure again in brackets.
    if m := re.match(r"\s*\(\s*([^()]{1,30}?)\s*\)", rest):
        echoed = _parse_int(m[1])
        if echoed is not None:
            if echoed != value:
                return _unparsed(f"two different numbers ({value} and {echoed})", "conflict")
            rest = rest[m.end() :]
            note += f" confirmed by ({m[1]})"
    # "0 - please note this is a nil return": a nil return is a return of nothing, so it repeats the 0.
    if value == 0 and (again := _NIL_RETURN_AFTER.match(rest)):
        rest = rest[again.end() :]
        note += ' confirmed by "nil return"'
    # "0 - nil", "Nil / none": nothing, said again in other words.
    if value == 0 and (again := re.match(r"\s*[-\u2013/:,]?\s*(?:nil|none|zero|0)\b\.?", rest, re.IGNORECASE)):
        rest = rest[again.end() :]
        note += f' confirmed by "{again.group().strip(" -/:,")}"'
    if any(ch.isdigit() for ch in rest) or re.search(r"[£$€%]", rest):
        return _unparsed(f'another number after {value}: "{_strip_punct(rest)[:40]}"', "conflict")
    # "13 children, one of whom went missing", "3 went missing, none remain missing": the
    # text answers two questions; which number is this one's is for a person to say.
    words = [w.group() for w in _CARDINAL_RE.finditer(rest)]
    words += re.findall(r"\b(?:none|nil)\b", rest, re.IGNORECASE)
    if words:
        return _unparsed(f'another number after {value}: "{words[0]}"', "conflict")
    if re.search(
        r"\bnot\s+(?:accurate|correct|complete)|\binaccurate|\bincomplete", rest, re.IGNORECASE
    ):
        return _unparsed("figure qualified as inaccurate or incomplete", "hedge")
    if (why := _unit_mismatch(rest, ctx)) is not None:
        return _unparsed(why, "unit_mismatch")
    if unit := re.match(r"\s*(hours?|days?|weeks?|months?)\b", rest, re.IGNORECASE):
        # "3 days": a length of time, not a count of children or episodes.
        return _unparsed(f'the figure is a length of time ("{value} {unit.group(1)}"), not a count', "duration")
    return _reported(value, note, rule)


# The count forms, tried in this order: a suppression phrase first ("fewer than 5" holds a
# number that is a threshold, not the answer), then qualifiers that forbid a reading.
_READERS: tuple[_Reader, ...] = (
    _read_suppression,
    _read_hedge,
    _read_nothing_then_figure,
    _read_range,
    _read_pair,
    _read_words,
    _read_integer,
)
