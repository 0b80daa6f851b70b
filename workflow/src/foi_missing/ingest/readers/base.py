"""What every reader returns, and the errors a reader raises for unreadable input."""

from __future__ import annotations

import re
from dataclasses import dataclass


class ReaderError(ValueError):
    """A reply file cannot be read; the message says why (ingest names the file)."""


class NoReaderError(ReaderError):
    """No reader exists for the file's format (e.g. .pdf, .docx)."""


@dataclass(frozen=True)
class RawAnswer:
    """One answer as the council wrote it, before any coding.

    ``question`` is the codebook label, or None when the text could not be tied
    to a question (kept so that a person can code it). ``covers`` lists every
    label a single figure answers ("Q1 and Q5 together: 8" -> ("Q1", "Q5")).
    ``notes`` holds a Notes/Comments cell beside the answer; ingest decides
    whether it changes the answer's meaning. ``period`` is the round spec's
    period id when the layout itself says which period the text answers (a
    column per year); None means the text answers the question as asked, and
    ingest codes it once for each of the question's periods.
    """

    question: str | None
    raw_text: str
    location: str
    covers: tuple[str, ...] = ()
    notes: str = ""
    whole_request: bool = False
    reason: str = ""
    period: str | None = None


@dataclass(frozen=True)
class NameClue:
    """Where a reply names its council (letterhead, From name, file name)."""

    text: str
    where: str


@dataclass(frozen=True)
class FileFinding:
    """Something about a whole reply file a person should know (ingest makes it a QA
    finding naming the file): "warning" when it was read right all the same (a wrong
    charset label), "error" when text was lost."""

    severity: str
    message: str
    rule: str = "text_encoding"  # the QA rule id


@dataclass(frozen=True)
class ReplyContent:
    """Everything a reader found in one reply file."""

    answers: tuple[RawAnswer, ...]
    name_clues: tuple[NameClue, ...] = ()
    findings: tuple[FileFinding, ...] = ()


# Words that make a line look like the name of a council. Only such lines are
# checked against the register: an address line or a team name is not an
# authority name and must not be mistaken for one. "Council" is a surer sign
# than "County" or "Borough", which also name buildings ("County Hall").
_STRONG_WORDS = re.compile(r"\b(council|corporation|cyngor|comhairle)\b", re.IGNORECASE)
_WEAK_WORDS = re.compile(r"\b(borough|county|city of)\b", re.IGNORECASE)
_BUILDINGS = re.compile(r"\b(hall|house|offices|buildings|centre|street|road|square)\b", re.IGNORECASE)


# Phrases with a council word in them that name no council ("county lines" exploitation,
# "Council Tax", "Councillor") and words of a heading or sentence, not of a place.
_NOT_NAMES = re.compile(r"\b(?:county\s+lines?|council\s+tax|council\s+houses?|city\s+of\s+sanctuary)\b",
                        re.IGNORECASE)
_SENTENCE_WORDS = re.compile(
    r"\b(?:we|you|your|our|us|please|thank|is|are|was|were|has|have|had|will|would|not|this|that|"
    r"which|who|dear)\b",
    re.IGNORECASE,
)
_GENERIC_WORDS = frozenset(["the", "of", "and", "for", "to", "from", "in", "on", "at", "a", "an", "council", "councils", "county", "borough", "city", "district", "metropolitan", "corporation", "royal", "unitary", "parish", "town", "cyngor", "sir", "bwrdeistref", "sirol", "comhairle", "response", "responses", "request", "requests", "reply", "letter", "foi", "foisa", "eir", "freedom", "information", "act", "ref", "reference", "tax", "services", "service", "team", "department", "directorate", "office", "officer", "unit", "governance", "legal", "data", "protection", "children", "childrens", "social", "care", "adult", "adults", "housing", "education", "safeguarding", "website", "email", "mail", "meeting", "minutes", "decision", "policy", "report", "chamber", "offices"])


def looks_like_council_name(text: str) -> bool:
    """A line that may be a council's name: a council word and a word naming a place.

    "Kent County Council", "Cyngor Sir Ceredigion", "London Borough of Hackney" do; "the
    Council", "Council Tax", "County Lines", "Council response" and sentences do not.
    """
    text = text.strip()
    # A name, not a sentence that mentions a council ("... not a real council reply").
    if not text or len(text.split()) > 10 or _NOT_NAMES.search(text) or _SENTENCE_WORDS.search(text):
        return False
    if not (_STRONG_WORDS.search(text) or (_WEAK_WORDS.search(text) and not _BUILDINGS.search(text))):
        return False
    # A place's name is capitalised, except in a file name written all in lower case.
    lowered = text == text.lower()
    words = re.findall(r"[^\W\d_][\w'\u2019-]*", text)
    return any((lowered or word[0].isupper()) and word.lower().replace("\u2019", "'").removesuffix("'s")
               not in _GENERIC_WORDS for word in words)


def first_council_clue(lines: list[tuple[str, str]]) -> NameClue | None:
    """The first (text, where) pair naming a council, preferring lines that say "Council"."""
    for pattern in (_STRONG_WORDS, _WEAK_WORDS):
        for text, where in lines:
            if pattern.search(text) and looks_like_council_name(text):
                return NameClue(text.strip(), where)
    return None
