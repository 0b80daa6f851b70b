"""Tie what a council wrote ("Q.2", "2)", "(b)", the question's wording) to a codebook label."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from foi_missing.core.roundspec import Period, Question

# Wording similarity is rapidfuzz's ratio, 0-100 (100: the same text once
# case and punctuation are set aside). A rephrasing below this is not trusted.
WORDING_THRESHOLD = 75.0
# Two questions scoring within this margin are indistinguishable: the text
# stays unassigned rather than guessed. Wordings can differ by one character
# (Q2 "children in Q1" and Q6 "children in Q5"), so an exact copy always wins
# and the margin is small.
WORDING_MARGIN = 1.0

# A question quoted back at the start of a text: its wording (at least this long) aligned
# at or above this score (rapidfuzz partial ratio), starting within the first few characters.
QUOTED_THRESHOLD = 90.0
QUOTED_START = 12
WORDING_MIN_LENGTH = 12

# A text opening with a figure (not a label: "14 children", not "14)" or "Q14."):
_FIGURE_FIRST = re.compile(r"^\s*(?:\d+(?:,\d{3})*|one|two|three|four|five|six|seven|eight|nine|ten|no|none)\s+(?=[a-z])",
                           re.IGNORECASE)
_LABEL_PREFIX = re.compile(r"^(?:question|cwestiwn|qu|qn|q|cw|c|no|ref|item|#)[\s.:\-]*(?=\d)", re.IGNORECASE)
_LABEL_SHAPE = re.compile(r"^\d{1,2}[a-z]?$|^[a-z]$")


def label_key(text: str) -> str:
    """Canonical form of a label: "Q.1" -> "1", "Question 1(a)" -> "1a", "(b)" -> "b"."""
    text = _LABEL_PREFIX.sub("", text.strip().lower())
    return re.sub(r"[^0-9a-z]", "", text)


_WORD = re.compile(r"[0-9A-Za-z]+")
# Signs a figure carries and a question label never does: "<5" is a value, not Q5.
_VALUE_SIGN = re.compile(r"[<>\u2264\u2265=%\u00a3$]")


@functools.lru_cache(maxsize=4096)
def folded(text: str) -> tuple[str, tuple[int, ...]]:
    """(wording_key-like form of ``text``, for each of its characters the index it came from)."""
    key: list[str] = []
    where: list[int] = []
    for match in _WORD.finditer(text):
        if key:
            key.append(" ")
            where.append(match.start() - 1)
        key.append(match.group().lower())
        where.extend(range(match.start(), match.end()))
    return "".join(key), tuple(where)


def wording_key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


_ROMAN_NUMERALS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")


def roman_part_aliases(labels: Sequence[str]) -> dict[str, str]:
    """ "1(i)", "1(ii)" -> {"1a": "1(i)", "1b": "1(ii)"}: the lettered key of each roman part.

    The readers turn roman items into letters ("(ii) 4" -> "(b) 4"); a group is roman only
    when its parts run i, ii, ... from the start (so "1i" alone, the ninth letter, is not)."""
    parts: dict[str, list[tuple[str, str]]] = {}
    for label in labels:
        if match := re.fullmatch(r"(\d{1,2})([ivx]{1,4})", label_key(label)):
            parts.setdefault(match.group(1), []).append((match.group(2), label))
    aliases = {}
    for group, numbered in parts.items():
        numerals = [numeral for numeral, _ in numbered]
        if len(numerals) < 2 or numerals != list(_ROMAN_NUMERALS[: len(numerals)]):
            continue
        for index, (_, label) in enumerate(numbered):
            aliases[f"{group}{chr(ord('a') + index)}"] = label
    return aliases


# An alias of this many words or more is another wording of the question, not a label.
ALIAS_WORDING_WORDS = 4


class QuestionMatcher:
    """The codebook of one round, searchable by label, alias, letter and wording."""

    def __init__(self, questions: Sequence[Question], periods: Sequence[Period] = ()):
        self.questions = tuple(questions)
        # The round's periods, for layouts that answer per period (a column per year).
        self.periods = tuple(periods)
        self.labels = tuple(q.label for q in self.questions)
        self._by_key: dict[str, str | None] = {}
        for question in self.questions:
            for name in (question.label, *question.aliases):
                key = label_key(name)
                # A key two questions share identifies neither.
                previous = self._by_key.get(key, question.label)
                self._by_key[key] = question.label if previous == question.label else None
        # Parts numbered (i), (ii), ... ("1(ii)"): letters read from roman items find them too.
        for alias, label in roman_part_aliases(self.labels).items():
            self._by_key.setdefault(alias, label)
        self._groups = {
            m.group(1) for m in (re.match(r"^(\d+)[a-z]$", label_key(lb)) for lb in self.labels) if m
        }
        # The question's wording, then any alias long enough to be a wording (a Welsh
        # one, say): a council may quote either back before its answer.
        self._wordings = [(q.label, wording_key(q.wording)) for q in self.questions] + [
            (q.label, wording_key(alias)) for q in self.questions for alias in q.aliases
            if len(alias.split()) >= ALIAS_WORDING_WORDS
        ]
        self._wording_keys = [wording for _, wording in self._wordings]

    def question(self, label: str) -> Question | None:
        return next((q for q in self.questions if q.label == label), None)

    @property
    def uses_letters(self) -> bool:
        """True when labels carry letters under numbers (1a, 1b, 2a ...)."""
        return bool(self._groups)

    def order(self, label: str) -> int:
        return self.labels.index(label)

    def label(self, text: str) -> str | None:
        """The label a label-like text names, or None (never a value such as "<5" or "=3")."""
        if _VALUE_SIGN.search(text):
            return None
        key = label_key(text)
        if not _LABEL_SHAPE.match(key) and key not in self._by_key:
            return None
        return self._by_key.get(key)

    def is_group(self, text: str) -> bool:
        """A bare number that heads lettered questions ("1" of 1a, 1b, 1c)."""
        return label_key(text) in self._groups

    def letter(self, letter: str, group: str | None = None) -> str | None:
        """A lettered item: "b" under group "1" is 1b; in a round without letters, the 2nd question."""
        letter = letter.lower()
        if group is not None and (label := self._by_key.get(label_key(group) + letter)):
            return label
        if (label := self._by_key.get(letter)) is not None:  # an alias such as "(b)"
            return label
        if not self.uses_letters:
            index = ord(letter) - ord("a")
            if 0 <= index < len(self.labels):
                return self.labels[index]
        return None

    def wording_scores(self, text: str) -> list[tuple[float, str]]:
        key = wording_key(text)
        if not key:
            return []
        found = process.extract(key, self._wording_keys, scorer=fuzz.ratio, limit=None)
        return sorted(((score, self._wordings[index][0]) for _, score, index in found), reverse=True)

    def wording_end(self, text: str, label: str) -> int | None:
        """Where the question's wording, quoted back at the start of ``text``, ends; None if it is not there.

        Councils quote the question closely but not exactly (a word dropped, "received"
        for "receive"), so the match is fuzzy: rapidfuzz's best partial alignment of the
        wording in the text, starting near the text's beginning and covering all of it.
        """
        wording = next((w for lb, w in self._wordings if lb == label), "")
        return self._quoted_end(text, wording)

    def leading_wording(self, text: str) -> tuple[str, str] | None:
        """ "Care leavers aged 16-21  None" -> (label, "None"): a question's whole wording opens the line."""
        # The answer after the wording must say something ("." alone does not), and no figure
        # may come before the wording: "14 children were in your care in the period." is an
        # answer in the question's words, not the question quoted.
        found = [(end, label) for label, wording in self._wordings
                 if (end := self._quoted_end(text, wording)) is not None
                 and re.search(r"\w", text[end:]) and not _FIGURE_FIRST.match(text)]
        if len(found) != 1:
            return None  # none, or two questions open the line alike: neither
        end, label = found[0]
        return label, text[end:].strip(" \t:-\u2013\u2014")

    def _quoted_end(self, text: str, wording: str) -> int | None:
        if len(wording) < WORDING_MIN_LENGTH or len(text) < len(wording) * 0.9:
            return None
        key, where = folded(text)
        if len(key) < len(wording) * 0.9:
            return None
        found = fuzz.partial_ratio_alignment(wording, key, score_cutoff=QUOTED_THRESHOLD)
        if found is None or found.dest_start > QUOTED_START:
            return None
        if found.dest_end - found.dest_start < len(wording) * 0.9:
            return None
        end = where[found.dest_end - 1] + 1
        # The alignment may stop a letter or two short of the quoted question's end.
        while end < len(text) and text[end].isalnum():
            end += 1
        # The question ends at its question mark: just after the window, or inside it when a
        # longer quotation ("the 1,154 UASC") pushed the window onto the answer ("...for? 15").
        after = text.find("?", end, end + 4)
        inside = text.rfind("?", 0, end)
        if after != -1 or (inside != -1 and end - inside <= 12):
            end = (after if after != -1 else inside) + 1
        return end

    def wording(self, text: str) -> str | None:
        """The question whose wording ``text`` repeats, when one clearly does."""
        scores = self.wording_scores(text)
        if not scores or scores[0][0] < WORDING_THRESHOLD:
            return None
        if scores[0][0] == 100.0 and (len(scores) == 1 or scores[1][0] < 100.0):
            return scores[0][1]
        if len(scores) > 1 and scores[0][0] - scores[1][0] < WORDING_MARGIN:
            return None
        return scores[0][1]

    def looks_like_wording(self, text: str) -> bool:
        """Close to some question's wording, even if it cannot say which."""
        scores = self.wording_scores(text)
        return bool(scores) and scores[0][0] >= WORDING_THRESHOLD

    def resolve(self, text: str) -> str | None:
        """A label cell or a wording cell: label first, then a leading label, then wording."""
        if (label := self.label(text)) is not None:
            return label
        if (label := self.leading_label(text)) is not None:
            return label
        return self.wording(text)

    def leading_label(self, text: str) -> str | None:
        """ "Q2. Of the children ..." -> Q2 (the label the text starts with)."""
        split = self.split_leading_label(text)
        return split[0] if split else None

    def split_leading_label(self, text: str) -> tuple[str, str] | None:
        """ "Q2: Withheld under s40(2)" -> ("Q2", "Withheld under s40(2)"), else None."""
        match = re.match(
            r"^\s*(?:question|cwestiwn|q)\s*\.?\s*(\d{1,2}\s*\(?[a-z]?\)?)(?=[\s.:)\-\u2013\u2014]|$)",
            text,
            re.IGNORECASE,
        )
        if match is None:
            match = re.match(r"^\s*(\d{1,2}\s*\(?[a-z]?\)?)\s*[.):\u2013\u2014-](?=\s)", text)
        if match is None or (label := self.label(match.group(1))) is None:
            return None
        rest = text[match.end() :].lstrip(" .:)-\u2013\u2014\t")
        return label, rest

    def reference(self, text: str, group: str | None = None) -> str | None:
        """What a cross reference ("Q1", "(a)", "question 2") points to."""
        text = text.strip()
        single = re.fullmatch(r"\(?([a-z])\)?", text, re.IGNORECASE)
        if single:
            return self.letter(single.group(1), group)
        return self.label(text) or self.leading_label(text + " ")
