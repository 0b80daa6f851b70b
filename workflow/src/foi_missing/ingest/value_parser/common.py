"""The value parser's base: the parsed answer, the constructors that keep its invariants,
the context of one parse, and text normalisation (``foi_missing.ingest.parse_value``)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

from foi_missing.core.vocabulary import (  # the status words are defined once
    REPORTED,
    SUPPRESSED,
    UNPARSED,
)

# A per-authority count above this is not a count of children or episodes (a phone
# number, a reference, an amount): Kent's UASC in care, the largest, was about 1,000.
MAX_COUNT = 99_999
# A digit run longer than this is no count, whatever it is (a phone number, a reference).
MAX_COUNT_DIGITS = 9
# Texts longer than this are letters, not answers; the rules are not meant for them.
MAX_TEXT = 10_000

# Measures (docs/design.md#vocabulary) counting episodes rather than children.
_INCIDENT_MEASURES = {"missing_episodes"}
_CHILD_MEASURES = {"in_care", "went_missing", "not_found"}


@dataclass(frozen=True)
class ParsedAnswer:
    """One answer coded.  See the module docstring for the invariants."""

    status: str
    value: int | None = None
    lower: int | None = None
    upper: int | None = None
    exemption: str | None = None
    period_note: str | None = None
    refers_to: str | None = None
    redirect: str | None = None
    note: str = ""
    rule: str = ""
    # The figure is for another population or date than asked ("includes care leavers",
    # "placed out of area", a snapshot): the value is kept and this says how it differs.
    qualifier: str | None = None


# --------------------------------------------------------------------------------------
# Constructors: the only places results are made, so the invariants hold by construction.


def _reported(value: int, note: str, rule: str, **kw: str | None) -> ParsedAnswer:
    return ParsedAnswer(REPORTED, value, value, value, note=note, rule=rule, **kw)


def _suppressed(lo: int, hi: int, note: str, rule: str, **kw: str | None) -> ParsedAnswer:
    if not 0 <= lo <= hi:
        return _unparsed(f"impossible interval {lo}..{hi}", "bad_interval")
    return ParsedAnswer(SUPPRESSED, None, lo, hi, note=note, rule=rule, **kw)


def _status(status: str, note: str, rule: str, **kw: str | None) -> ParsedAnswer:
    return ParsedAnswer(status, note=note, rule=rule, **kw)


def _unparsed(note: str, rule: str, **kw: str | None) -> ParsedAnswer:
    return ParsedAnswer(UNPARSED, note=note, rule=rule, **kw)


def _is_count(res: ParsedAnswer | None) -> bool:
    return res is not None and res.status in (REPORTED, SUPPRESSED)


def _add_note(res: ParsedAnswer, extra: str) -> ParsedAnswer:
    if not extra:
        return res
    return replace(res, note=f"{res.note}; {extra}" if res.note else extra)


# --------------------------------------------------------------------------------------
# Context of one parse.


@dataclass(frozen=True)
class _Ctx:
    text: str  # the answer, normalised, original case
    period: tuple[date, date] | None
    kind: str | None  # 'children', 'incidents' or None (measure not given)
    default: tuple[int, int]
    act: str | None  # 'FOIA' / 'FOISA' named in the text or passed by the caller

    @property
    def low(self) -> str:
        return self.text.lower()


# --------------------------------------------------------------------------------------
# Normalisation.

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\t\r\f\v"), " ")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201b\u2032`"), "'") | dict.fromkeys(
    map(ord, "\u201c\u201d\u201f\u2033"), '"'
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


# Superscript and subscript digits are footnote marks ("13¹"), not digits to join on.
_FOOTNOTE_MARKS = frozenset("\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"
                            "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089")
# A no-break or thin space between digit groups is a thousands separator: "1\u202f015".
_GROUP_SPACE = re.compile(r"(?<=[0-9])[\u00a0\u202f\u2009\u2007](?=[0-9]{3}(?![0-9]))")


def _nfkc(text: str) -> str:
    """Unicode NFKC (full-width digits "１３" -> "13"), leaving footnote marks as they are."""
    if text.isascii():
        return text
    return "".join(ch if ch in _FOOTNOTE_MARKS else unicodedata.normalize("NFKC", ch) for ch in text)


def _normalise(text: str) -> str:
    """Unify spaces, dashes and quotes; drop spreadsheet text markers.

    NFKC reads full-width and other compatibility digits, except footnote marks: "13¹"
    must not become "131".
    """
    text = _GROUP_SPACE.sub(",", text)
    text = _nfkc(text)
    text = text.translate(_SPACES).translate(_DASHES).translate(_QUOTES).translate(_ZERO_WIDTH)
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    # A leading apostrophe (or "=") is how a number is typed as text in Excel: "'12".
    text = re.sub(r"^['=]\s*(?=\S)", "", text)
    # "the Freedom of Information (Scotland) Act 2002": the year names the law; drop it
    # so that it is read neither as a period nor as a second number.
    text = re.sub(r"\b(act|regulations?)\s+(?:19|20)[0-9]{2}\b", r"\1", text, flags=re.IGNORECASE)
    return text.strip()


# A question label at the start of the answer: "Q1:", "Q2a)", "(a)", "a)", "1a.", "Answer:".
_LABEL = re.compile(
    r"^(?:"
    r"q(?:uestion)?\s*[0-9]{1,2}\s*[a-h]?\s*[.):-]?"
    r"|\(\s*(?:[a-h]|[ivx]{1,4}|[0-9]{1,2}[a-h]?)\s*\)\s*[.:-]?"
    r"|(?:[abd-h]|[0-9]{1,2}[a-h])\s*[.):]|c\s*[):]"  # not "c." (circa)
    r"|(?:answer|response|reply|ateb|ymateb|a)(?:\s*/\s*(?:answer|response|reply|ateb|ymateb))?\s*[:-]"
    r")\s+",
    re.IGNORECASE | re.ASCII,
)
