"""One answer broken down into parts named by words, not letters.

A council may answer "how many ..." with a breakdown ("5 in foster care, 2 at home, 1 in
prison") or answer one question per department in prose ("Adult Services have said the
figure is 0. Children's Services would need over 18 hours ..."). A codebook records such a
question as parts labelled ``<question>_<part words>`` (``3_foster_care``,
``1_adults_housing``); a part's short aliases name it too. The reader ties each item of the
breakdown to the one part whose words it contains, and leaves for a person whatever it
cannot tie with certainty: an item naming no part or several, a part named twice with
figures, an item qualified ("of whom", "including", "fewer than").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from foi_missing.ingest.readers.base import RawAnswer
from foi_missing.ingest.readers.codebook import ALIAS_WORDING_WORDS, QuestionMatcher, label_key

PART_LABEL = re.compile(r"^(?P<group>\d{1,2}[a-z]?)_(?P<name>[a-z0-9_]+)$", re.IGNORECASE)
# Words that name nothing: a part "at_home" is named by "home".
_STOP = frozenset(["a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with"])


@dataclass(frozen=True)
class Part:
    label: str
    names: tuple[frozenset[str], ...]  # each a set of word stems; all of one set name the part


def _stem(word: str) -> str:
    word = word.lower().removesuffix("'s").removesuffix("\u2019s")
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def words_of(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in re.findall(r"[a-z0-9]+(?:['\u2019]s)?", text.lower()) if w not in _STOP)


def parts_of(matcher: QuestionMatcher, raw_label: str) -> tuple[Part, ...]:
    """The named parts a label ("3", "Q3") heads, when the codebook has no question of that label."""
    key = label_key(raw_label)
    if not key or matcher.label(raw_label) is not None:
        return ()
    parts = []
    for question in matcher.questions:
        match = PART_LABEL.match(question.label)
        if match is None or label_key(match.group("group")) != key:
            continue
        names = [words_of(match.group("name").replace("_", " "))]
        names += [words_of(alias) for alias in question.aliases if len(alias.split()) < ALIAS_WORDING_WORDS]
        parts.append(Part(question.label, tuple(n for n in names if n)))
    return tuple(parts)


# A figure in a breakdown: digits or a number word, optionally "5x"; not a duration, an
# age or a year ("over 18 hours", "aged 17", "2019").
NUMBER_WORDS = ("zero|none|nil|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                 "thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty")
_COUNT = re.compile(
    rf"(?<![\w.,/-])(?P<n>\d{{1,5}}|(?:{NUMBER_WORDS}))(?:\s*[x\u00d7](?![a-z]))?(?![\w/-]|[.,]\d)"
    r"(?!\s*(?:hours?|hrs?|days?|weeks?|months?|years?|yrs?|%|per\s*cent|percent)\b)",
    re.IGNORECASE,
)
# Text right before a figure that makes it no count: an age, a section or subsection ("40(2)"), a label.
NOT_A_COUNT_BEFORE = re.compile(r"(?:\b(?:aged?|age|under|over|section|s\.?|q|question|part|in)\s*|\d\s*\()$",
                                re.IGNORECASE)
# Words that make an item more than "<figure> <part>": for a person.
_QUALIFIED = re.compile(
    r"\b(?:of\s+(?:whom|which|these|them)|includ\w*|exclud\w*|except\w*|but|not|total|approx\w*|"
    r"around|about|at\s+least|more|less|fewer|over|under|up\s+to|estimated?|than)\b|[<>\u2264\u2265~*]",
    re.IGNORECASE,
)
# "Adult Services have said the figure is 0.": the report verb and "the figure is".
_LEAD_IN = re.compile(
    r"^.*?\b(?:has|have|had)\s+(?:said|stated|reported|confirmed|advised|told\s+us)\s+(?:that\s+)?"
    r"(?:(?:the|their)\s+(?:figure|number|total|answer|count)\s+(?:is|was)\s+)?",
    re.IGNORECASE,
)


def counts_in(text: str) -> list[re.Match]:
    found = []
    for match in _COUNT.finditer(text):
        number = match.group("n")
        if re.fullmatch(r"(?:19|20)\d\d", number) or NOT_A_COUNT_BEFORE.search(text[: match.start()]):
            continue
        found.append(match)
    return found


def breakdown_answers(group: str, text: str, location: str, parts: tuple[Part, ...]) -> list[RawAnswer]:
    """The parts' answers in ``text`` (the answer to question ``group``, its wording already cut)."""
    text = _after_question(text)
    items: dict[str, list[tuple[str, bool]]] = {}  # part label -> [(text to code, has a figure)]
    leftover: list[RawAnswer] = []
    for sentence in (s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()):
        listed = len(counts_in(sentence)) >= 2
        pieces = re.split(r"\s*(?:[,;/]|\band\b)\s*", sentence) if listed else [sentence]
        for piece in (p.strip(" .") for p in pieces if p.strip(" .")):
            named = _named(piece, parts)
            counts = counts_in(piece)
            where = f'{location}, breakdown item "{piece}"'
            if len(named) > 1:
                leftover += [RawAnswer(p.label, piece, where, reason=f'breakdown item "{piece}" names several parts')
                             for p in named]
            elif not named:
                if counts:
                    leftover.append(RawAnswer(None, piece, where, reason=(
                        f'breakdown of question {group}: item "{piece}" names none of its parts')))
            elif listed:
                part = named[0]
                if len(counts) != 1 or _QUALIFIED.search(piece):
                    leftover.append(RawAnswer(part.label, piece, where,
                                              reason=f'breakdown item "{piece}" is more than a figure and its part'))
                else:
                    items.setdefault(part.label, []).append((counts[0].group("n"), True))
            else:
                said = _said(piece, named[0], parts) if counts else piece
                items.setdefault(named[0].label, []).append((said, bool(counts)))
    answers = []
    for label, found in items.items():
        with_figures = [t for t, figure in found if figure]
        if len(with_figures) > 1:
            answers.append(RawAnswer(label, " | ".join(with_figures), location,
                                     reason=f"breakdown names {label} more than once with a figure"))
        else:
            # A sentence about the same part without a figure after its answer is comment on it.
            answers.append(RawAnswer(label, with_figures[0] if with_figures else found[0][0],
                                     f"{location}, breakdown of question {group}"))
    if not answers and not leftover and text.strip():
        leftover.append(RawAnswer(None, text, location, reason=(
            f"answer to question {group} names none of the parts the codebook splits it into")))
    return answers + leftover


# "Residential - 2", "Foster care: 4": the part's name, a separator, its answer.
_NAME_THEN_ANSWER = re.compile(r"^(?P<name>[^:=\u2013\u2014\d]+?)\s*(?:[:=\u2013\u2014]|\s-)\s*(?P<answer>\S.*)$")


def _said(piece: str, part: Part, parts: tuple[Part, ...]) -> str:
    """What a sentence says of its part: after "has said the figure is", or after "<name>:"."""
    named = _NAME_THEN_ANSWER.match(piece)
    if named is not None and _named(named.group("name"), parts) == [part]:
        return named.group("answer")
    return _LEAD_IN.sub("", piece).strip() or piece


def _after_question(text: str) -> str:
    """The answer after a question quoted back: after its "?" and any list it offers "(foster care, ...)"."""
    if "?" in text:
        text = text.rsplit("?", 1)[1]
    return re.sub(r"^\s*\([^()\d]*\)\s*", "", text).strip()


def _named(text: str, parts: tuple[Part, ...]) -> list[Part]:
    """The parts whose words all appear in ``text``; a part named only inside another's words yields."""
    words = words_of(text)
    hits = {p: max((n for n in p.names if n <= words), key=len) for p in parts if any(n <= words for n in p.names)}
    return [p for p, name in hits.items() if not any(name < other for other in hits.values())]
