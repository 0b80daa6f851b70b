"""The many ways a letter heads an answer, rewritten to the one the letter reader knows.

"Answer to question 6: 5", "In response to your question 2, ...", "Your question 1 – 14",
"Q4 response: 0", "Question One: 5", "**Q1** 8", "[Q3] 4", "Q2 | 3", "(4) Nil", "[4] Nil",
"Question No. 4: Nil", "Point 4: Nil", "1 (a) 5", "1/ 5" all become
"Question N: ..." or "N) ..."; a dash between two prefixed labels ("Q1 - Q4:") or after
"Questions" is a range, like "Q1 to Q4", also after "In relation to" ("In relation to
questions 1-3, ...": one text for each of them).
"""

from __future__ import annotations

import re

_NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"], start=1)}
_WORD_NUMBER = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_LABEL = rf"\d{{1,2}}(?:\([a-z]\)|[a-z])?(?![0-9a-z])|(?:{_WORD_NUMBER})\b"

# "**Q1**", "__Q1__", "[Q3]": emphasis or brackets round a label.
_WRAPPED = re.compile(r"^(\s*)(?:\*{1,2}|_{1,2}|\[)\s*((?:question|q)\s*\.?\s*\d{1,2}[a-z]?)\s*(?:\*{1,2}|_{1,2}|\])",
                      re.IGNORECASE)
_INTRODUCED = re.compile(
    rf"^\s*(?P<intro>(?:(?:in|the|our)\s+)?(?:(?:answer|response|reply|relation|regard|respect)\s+to|regarding|re:?|"
    rf"with\s+(?:regard|respect)\s+to|for)\s+)?(?P<your>your\s+)?(?:(?:question|q)\s*\.?\s*|(?<=to\s)(?=\d))"
    rf"(?P<label>{_LABEL})"
    r"(?P<after>\s+(?:response|answer|reply)\b)?\s*(?P<bar>[|=]\s*)?",
    re.IGNORECASE,
)
_PARENTHESISED = re.compile(r"^(\s*)[(\[](\d{1,2}[a-z]?)[)\]](?=\s)")  # "(4) Nil", "[4] Nil"
# "1/ 5", "2a/ Nil": a slash then a space after the label. "1/5" (no space) may be a fraction or a
# date, and "1/ 5/2015" is a date, so neither is a label.
_SLASHED = re.compile(r"^(\s*)(\d{1,2}[a-z]?)/(?=[ \t]+(?!\d{1,4}\s*/)\S)", re.IGNORECASE)
# "1 (a) 5": a question's part written apart from its number, as "1a) 5".
_PART_APART = re.compile(r"^(\s*)(\d{1,2})\s+\(([a-z])\)(?=\s)", re.IGNORECASE)
# "Question No. 1", "Point 1", "Request 2", "Item 3", "Part 4": another word for "Question".
_OTHER_NAME = re.compile(
    r"^(\s*)(?:question\s+(?:no\.?|number)|point|request|item|part)\s*(?=\d{1,2}[a-z]?(?![0-9a-z/.,])(?!\s+(?:of|and|to)\b))",
    re.IGNORECASE)
# "Q1 - Q4: ...", "Questions 1-4: ...": a range, as "Q1 to Q4".
_DASH_RANGE = re.compile(
    r"^(\s*)(?P<intro>(?:in\s+(?:relation|response|regard)\s+to|regarding|with\s+(?:regard|respect)\s+to|for)\s+)?"
    r"(?:(?P<q1>(?:question|q)\s*\.?\s*\d{1,2}[a-z]?)\s*[-\u2013\u2014]\s*(?P<q2>(?:question|q)\s*\.?\s*\d{1,2}[a-z]?)"
    r"|questions\s*(?P<n1>\d{1,2}[a-z]?)\s*(?:[-\u2013\u2014]|\bto\b)\s*(?P<n2>\d{1,2}[a-z]?))(?![0-9a-z])",
    re.IGNORECASE,
)


def plain_marker(text: str) -> str:
    """The line with its answer marker in the plain form ("Question 6: 5"); other lines unchanged."""
    if range_match := _DASH_RANGE.match(text):
        first = range_match.group("q1") or f"Q{range_match.group('n1')}"
        last = range_match.group("q2") or f"Q{range_match.group('n2')}"
        rest = text[range_match.end():]
        if range_match.group("intro"):  # "In relation to questions 1-3, the ...": the text answers each
            rest = ": " + rest.lstrip(" ,:.\u2013\u2014-")
        return f"{range_match.group(1)}{first} to {last}{rest}"
    text = _WRAPPED.sub(r"\1\2", text, count=1)
    text = _PARENTHESISED.sub(r"\1\2)", text, count=1)
    text = _SLASHED.sub(r"\1\2)", text, count=1)
    text = _PART_APART.sub(r"\1\2\3)", text, count=1)
    text = _OTHER_NAME.sub(r"\1Question ", text, count=1)
    match = _INTRODUCED.match(text)
    # Only the forms above are rewritten: "Q1 and Q5 together: 8" keeps its own reading.
    if match is None or not (match.group("intro") or match.group("your") or match.group("after")
                             or match.group("bar") or match.group("label").lower() in _NUMBER_WORDS):
        return text
    if _MORE_LABELS.match(text, match.end()):
        return text  # "For question 1a, b and d, we ...": about several questions, no one's marker
    label = match.group("label")
    label = _NUMBER_WORDS.get(label.lower(), label)
    rest = text[match.end():].lstrip(" \t,:.)\u2013\u2014-")
    if match.group("intro"):  # "The answer to question 1 is 5.", "The answer to 1c is below:"
        rest = re.sub(r"^(?:is|are|was|were)\b\s*(?:as\s+follows|below)?\s*:?\s*", "", rest, flags=re.IGNORECASE)
    return f"Question {label}: {rest}"


# After a label, more labels: ", b and d", " and 2:", " & 1c".
_MORE_LABELS = re.compile(
    r"\s*(?:and\b|&)\s*(?:(?:question|q)\s*\.?\s*)?(?:\d{1,2}[a-z]?|[a-z])\b(?=\s*[:,.)]|\s*$)"
    r"|\s*,\s*(?:[a-z]|\d{1,2}[a-z]?)\s*(?:,\s*(?:[a-z]|\d{1,2}[a-z]?)\s*)*(?:and\b|&)",
    re.IGNORECASE,
)
