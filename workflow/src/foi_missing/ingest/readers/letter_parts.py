"""The parts of a letter that are not its labelled answers.

Where the letter's body starts and ends (salutation, sign-off, a quoted request
below), boilerplate paragraphs and sentences (rights of appeal, the Information
Commissioner, re-use), footnotes that define a symbol ("* = five or fewer"),
and letters with no question labels at all: a notice for the whole request, or
prose only a person can code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from foi_missing.ingest.readers.base import RawAnswer
from foi_missing.ingest.readers.codebook import QuestionMatcher


@dataclass(frozen=True)
class Line:
    number: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()



# --- the parts of a letter ----------------------------------------------------------------

_SALUTATION = re.compile(r"^\s*(?:dear|annwyl)\b", re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"^\s*(yours\s+(sincerely|faithfully|truly)|(kind|best|warm|with)\s+regards|regards|"
    r"many thanks|best wishes|thank you,?)\s*[,.]?\s*$",
    re.IGNORECASE,
)
# A quoted original message ends the council's own text.
_QUOTED = re.compile(r"^\s*(>|-{2,}\s*original message|from:\s.*\bsent:|on .* wrote:)", re.IGNORECASE)
LETTERHEAD_LINES = 8


def split_letter(lines: list[Line]) -> tuple[list[Line], list[Line], list[Line]]:
    """(letterhead, body, signature): the body lies between "Dear ..." and the sign-off."""
    # A thread (the request, then the council's reply, as request sites show it) has
    # several salutations: the council's letter is the last one before any quoted message.
    quoted = next((i for i, line in enumerate(lines) if _QUOTED.match(line.text)), len(lines))
    starts = [i for i, line in enumerate(lines[:quoted]) if _SALUTATION.match(line.text)]
    start = starts[-1] if starts else None
    if start is None:
        letterhead = [line for line in lines if not line.blank][:LETTERHEAD_LINES]
        body_start = 0
    else:
        letterhead, body_start = lines[:start], start + 1
    end = next(
        (i for i in range(body_start, len(lines)) if _SIGN_OFF.match(lines[i].text)
         or _QUOTED.match(lines[i].text)),
        len(lines),
    )
    # The signature is the block right after the sign-off; a disclaimer may follow it.
    after = paragraphs(lines[end + 1 :])
    signature = [line for line in (after[0] if after else []) if not _QUOTED.match(line.text)]
    return letterhead, lines[body_start:end], signature


BOILERPLATE = re.compile(
    r"information commissioner|internal review|right (of|to) (appeal|complain)|"
    r"if you are (unhappy|dissatisfied|not satisfied)|dissatisfied with|complaints? procedure|"
    r"re-?use|copyright|open government licen[cs]e|wycliffe house|water lane|wilmslow|"
    r"kings court|ico\.org\.uk|itspublicknowledge|thank you for your (request|e-?mail|enquiry)|"
    r"we received your request|your request for information (was|has been) received|"
    r"publication scheme|disclosure log",
    re.IGNORECASE,
)


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    blocks, current = [], []
    for line in lines:
        if line.blank:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def notice_beside_boilerplate(text: str) -> bool:
    """ "Thank you for your request. However, as a District Council we ... do not hold ...": keep it."""
    return any(_NOTICE.search(sentence) and not BOILERPLATE.search(sentence)
               for sentence in re.split(r"(?<=[.!?])\s+", text))



def without_boilerplate(text: str) -> str:
    """The text up to its first sentence of boilerplate (rights of appeal and the like)."""
    kept = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if BOILERPLATE.search(sentence):
            break
        kept.append(sentence)
    return " ".join(kept).strip()



# --- letters without labels -----------------------------------------------------------------

# What makes a letter without question labels a notice for the whole request:
# a cost refusal, a "not held" notice, or the wrong tier pointing elsewhere.
_NOTICE = re.compile(
    r"section\s*12\b|\bs\.?\s?12\b|appropriate limit|cost limit|exceed\w* the (?:cost|appropriate|upper)|"
    r"not held|(?:do|does|did) not hold|doesn.t hold|section\s*17\b|\bs\.?\s?17\b|"
    r"not responsible|no responsibility|responsib\w+ (?:of|for|lies)|health and social care trusts?|"
    r"\b(?:no|not\s+have\s+any)\s+(?:[\w-]+\s+){0,3}responsibilit",
    re.IGNORECASE,
)
# A count of children in running prose ("one unaccompanied child", "none of
# whom"): such a letter answers questions and is for a person to code.
_COUNTED = r"(?:children|child(?![\s-]+care\b)|young\s+people|episodes|incidents)"
_DESCRIBING = r"(?:unaccompanied|asylum[\s-]+seeking|looked[\s-]+after|trafficked|separated|such|other|new|further)"
PROSE_COUNT = re.compile(
    rf"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    rf"(?:of\s+(?:whom|them)|(?:[\w-]+\s+){{0,3}}{_COUNTED})\b"
    # "no unaccompanied asylum seeking children were received": a nil count, even in a notice.
    # Only describing words between ("no responsibility for children's services" counts none).
    rf"|\b(?:none|no|nil|zero)\s+(?:of\s+(?:whom|them)|(?:{_DESCRIBING}\s+){{0,3}}{_COUNTED})\b(?![\'\u2019])",
    re.IGNORECASE,
)


def whole_request_answers(body: list[Line], matcher: QuestionMatcher) -> list[RawAnswer]:
    """One notice answering every question (s12, not held, not responsible)."""
    blocks = paragraphs(body)
    text = " ".join(line.text.strip() for block in blocks for line in block)
    if not _NOTICE.search(text) or PROSE_COUNT.search(text):
        return []
    location = f"line {blocks[0][0].number}"
    return [RawAnswer(label, text, location, whole_request=True) for label in matcher.labels]


def prose_answer(body: list[Line], details: Sequence[str] = ()) -> list[RawAnswer]:
    """Running prose: kept whole, for a person to code; ``details`` say more about why."""
    blocks = paragraphs(body)
    if not blocks:
        return []
    text = " ".join(line.text.strip() for block in blocks for line in block)
    reason = "; ".join(["letter answers in prose without question labels", *details])
    return [RawAnswer(None, text, f"line {blocks[0][0].number}", reason=reason)]
