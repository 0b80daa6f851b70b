"""Labels and answers set apart by runs of spaces, no punctuation: "Q1 5   Q2 3".

A letter typed in columns ("Q1  5    Q2  3", "1a   6      1b   0") marks neither label nor
answer with ")" or ":"; only the gaps tell them apart. Read only when the line leaves no doubt:

- the line splits at runs of two or more spaces (or tabs) into label-and-answer pairs: either
  "Q1 5" in one piece or "Q1" then "5" in the next;
- every label names a question of the codebook, in the codebook's order, and there are at
  least two;
- a label says it is one: "Q1", "Question 1" or a lettered part "1a"; bare numbers ("1   5
  2   3") could be any row of figures, so they are not read here;
- every answer is short (a figure or a few words) and asks nothing.
"""

from __future__ import annotations

import re

from foi_missing.ingest.readers.codebook import QuestionMatcher

_GAP = re.compile(r"\s{2,}|\t")
_LABEL = (r"(?:(?:question|q)\s*\.?\s*\d{1,2}(?:\([a-z]\)|[a-z])?|\d{1,2}(?:\([a-z]\)|[a-z]))"
          r"(?![0-9a-z])")
_PIECE = re.compile(rf"^(?P<label>{_LABEL})(?:\s+(?P<answer>.+))?$", re.IGNORECASE)
_LABEL_INSIDE = re.compile(rf"(?<![\w(]){_LABEL}", re.IGNORECASE)  # "3 Q3 4": one gap too few
_ASKING = re.compile(r"\?|^\s*(?:how|what|which|whether|please|the\s+number|number\s+of)\b", re.IGNORECASE)
ANSWER_MAX_WORDS = 6


def labels_spaced(text: str, matcher: QuestionMatcher) -> list[tuple[str, str]]:
    """[(label, answer text), ...] for a line of gap-separated labelled answers; [] otherwise."""
    pieces = [p for p in _GAP.split(text.strip()) if p]
    found: list[tuple[str, str]] = []
    index = 0
    while index < len(pieces):
        piece = _PIECE.match(pieces[index])
        if piece is None:
            return []
        label = matcher.label(re.sub(r"^(?:question|q)\s*\.?\s*", "", piece.group("label"), flags=re.IGNORECASE))
        if label is None:
            return []
        answer = piece.group("answer")
        if answer is None:  # "Q1" then its answer in the next piece
            index += 1
            if index == len(pieces) or _PIECE.match(pieces[index]):
                return []
            answer = pieces[index]
        if len(answer.split()) > ANSWER_MAX_WORDS or _ASKING.search(answer) or _LABEL_INSIDE.search(answer):
            return []
        found.append((label, answer.strip()))
        index += 1
    orders = [matcher.order(label) for label, _ in found]
    if len(found) < 2 or orders != sorted(set(orders)):
        return []
    return found
