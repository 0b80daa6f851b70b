"""Figures in running prose that name their question after the figure.

"11 children fall under a) and none fall under b)": the label follows its figure, so the
usual "label, then answer" reading never sees it. Only the explicit phrasings "<figure>
... fall(s)/come(s)/belong(s) under <label>" are read; any other prose stays for a person.
"""

from __future__ import annotations

import re

from foi_missing.ingest.readers.base import RawAnswer
from foi_missing.ingest.readers.breakdown import NOT_A_COUNT_BEFORE, NUMBER_WORDS
from foi_missing.ingest.readers.codebook import QuestionMatcher

_FIGURE_THEN_LABEL = re.compile(
    rf"(?<![\w.,/-])(?P<n>\d{{1,5}}|{NUMBER_WORDS})(?![\w/-]|[.,]\d)"
    r"(?P<between>(?:\s+(?!fall|falls|fell|come|comes|came|belong)[A-Za-z'()-]+){0,5}?)\s+"
    r"(?:fall|falls|fell|come|comes|came|belong|belongs|belonged)\s+(?:under|within|into)\s+"
    r"(?:(?:question|part|category|group)\s+(?P<named>\(?\d{1,2}[a-z]?\)?|\(?[a-z]\)?)"
    r"|(?P<mark>\([a-z]\)|(?<![\w(])[a-z]\)|\(\d{1,2}[a-z]?\)|(?<![\w(])\d{1,2}[a-z]?\)))",
    re.IGNORECASE,
)


def figures_before_labels(text: str, location: str, matcher: QuestionMatcher) -> list[RawAnswer]:
    """One answer per "<figure> ... fall under <label>" naming a question of the codebook."""
    answers = []
    for match in _FIGURE_THEN_LABEL.finditer(text):
        label = matcher.reference(match.group("named") or match.group("mark"))
        if label is None or NOT_A_COUNT_BEFORE.search(text[: match.start()]):
            continue
        answers.append(RawAnswer(label, match.group("n"), f'{location}, "{match.group().strip()}"'))
    return answers
