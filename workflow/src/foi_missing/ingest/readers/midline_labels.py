"""Several labelled answers on one line after some words: "Our answers are Q1: 4; Q2: nil".

text.py reads labels that open a line ("1a) 3, 1b) 0"). Here the labels start mid-line,
after a short lead-in ("In answer to your questions: 1a) 3, 1b) 0 and 1c) 12."). Read only
when the line leaves no doubt:

- at least two labels, each naming a question of the codebook, in the codebook's order,
  each followed by ")", ":", "." or a dash;
- the lead-in is short and holds no figure (else the labels may be cross references in a
  sentence: "as in 1a) above, 3 ...");
- every label after the first follows a separator (",", ";", "/", "and", "&"), and every
  answer between them is short (a figure or a few words, not a sentence).
"""

from __future__ import annotations

import re

from foi_missing.ingest.readers.codebook import QuestionMatcher

_LABEL = r"\d{1,2}(?:\([a-z]\)|[a-z])?(?![0-9a-z])"
_MARK = re.compile(
    rf"(?<![\w(])(?:(?:question|q)\s*\.?\s*)?(?P<label>{_LABEL})\s*[.):\u2013\u2014-]\s+", re.IGNORECASE
)
_SEPARATOR = re.compile(r"(?:[,;/&]|\band)\s*$", re.IGNORECASE)
# The request's own parts, quoted: "Please tell me 1a) how many ..., 1b) the number of ...".
_ASKING = re.compile(r"\?|^\s*(?:how|what|which|whether|please|the\s+number|number\s+of)\b", re.IGNORECASE)
LEAD_IN_MAX = 60
ANSWER_MAX_WORDS = 6


def labels_mid_line(text: str, matcher: QuestionMatcher) -> list[tuple[str, str]]:
    """[(label, answer text), ...] for a line of labelled answers after a lead-in; [] otherwise."""
    marks = [m for m in _MARK.finditer(text) if matcher.label(m.group("label")) is not None]
    if len(marks) < 2:
        return []
    lead_in = text[: marks[0].start()]
    if not lead_in.strip() or len(lead_in) > LEAD_IN_MAX or re.search(r"\d", lead_in):
        return []  # a line opening with its label is text.py's; a long lead-in is a sentence
    labels = [matcher.label(m.group("label")) for m in marks]
    orders = [matcher.order(label) for label in labels]
    if orders != sorted(set(orders)):
        return []
    found = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        piece = text[mark.end() : end]
        if index + 1 < len(marks) and not _SEPARATOR.search(piece):
            return []
        answer = _SEPARATOR.sub("", piece).strip(" .")
        if not answer or len(answer.split()) > ANSWER_MAX_WORDS or _ASKING.search(answer):
            return []  # a sentence, or the request's own list of questions
        found.append((labels[index], answer))
    return found
