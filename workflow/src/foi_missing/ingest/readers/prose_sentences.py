"""Letters in running prose without question labels: a sentence tied to a question by its words.

"We do not hold any record of which children arrived through the transfer scheme." names no
label, but its words are those of one question of the request. A sentence is tied to a
question only when all of these hold:

- it is an answer statement: the value parser reads it as a count or a status (a sentence
  it cannot read, "Thank you for your request", is not one);
- its content words (common words set aside) match that question's wording or a long alias
  closely (rapidfuzz token-set ratio at least ``PROSE_THRESHOLD``), sharing at least
  ``PROSE_MIN_SHARED`` words with it, and beat every other question by ``PROSE_MARGIN``;
- it uses no word that another question's wording has and this one's lacks ("went
  missing" in a sentence tied to "How many ... were in your care?");
- no other sentence is tied to the same question.

A request with a single question needs no wording: the one statement answers it (when the
question is about trafficked or UASC children, only a statement that names them). Everything
else stays for a person, with the reason (which sentence, the questions it comes closest to)
when a statement came near some question.
A sentence that counts something and names no question clearly keeps the whole paragraph
it stands in for a person: it may qualify the figure beside it. A figure counted among
another ("4 of these", "among them") is never tied: it is a part of a figure said before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from foi_missing.core.vocabulary import COUNT_STATUSES, INCLUDED_ELSEWHERE, NO_RESPONSE, UNPARSED
from foi_missing.ingest.parse_value import parse_answer
from foi_missing.ingest.readers.base import RawAnswer
from foi_missing.ingest.readers.codebook import ALIAS_WORDING_WORDS, QuestionMatcher
from foi_missing.ingest.readers.letter_parts import PROSE_COUNT, Line, paragraphs
from foi_missing.ingest.readers.prose import figures_before_labels
from foi_missing.ingest.readers.table_headers import COHORT_WORDS

# rapidfuzz token_set_ratio (0-100) of the content words. A sentence answering a question
# repeats its key words; an unrelated sentence of the same subject scores 40-65.
PROSE_THRESHOLD = 75.0
PROSE_MARGIN = 15.0
PROSE_MIN_SHARED = 3

_COMMON_WORDS = (
    "a an the and or of in on at to for by with from as is are was were be been being that this "
    "these those which who whom whose what how many much any some all each every please can could "
    "would will you your we our us i me my it its they them their there here have has had do does "
    "did not no nil none also about under into than then if whether while during between per may "
    "council councils authority information request number numbers total confirm"
)
_COMMON = frozenset(_COMMON_WORDS.split())
# A figure counted among another one ("of these", "among them", "those children").
_SUBSET = re.compile(
    r"\b(?:of\s+(?:these|those|them|whom|which|this\s+number|the\s+above)|among\s+(?:them|these|those)|"
    r"(?:these|those|such)\s+(?:children|young\s+people|cases)|this\s+(?:group|cohort|number)|"
    r"\bof\s+the\s+\d+)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'\u201c(])")


def content_words(text: str) -> list[str]:
    """The text's words that carry its subject, in order (lower case, common words and figures
    dropped, each word stemmed: "children" and "child", "looked" and "look" are one word)."""
    return [_stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _COMMON and len(w) > 1
            and not w.isdigit()]


def _stem(word: str) -> str:
    """A word's stem, so that "looked" and "look", "children" and "child" are one word."""
    if word == "children":
        return "child"
    if word.endswith(("ies", "ied")) and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
# A figure in a sentence: digits that are no year, day of a date, section or clause number.
_FIGURE = re.compile(
    rf"(?<![\w/.,-])(?!(?:19|20)\d\d(?!\d))(?<!section )(?<!\bs)\d{{1,5}}(?:,\d{{3}})?(?![\w/-]|[.,]\d)"
    rf"(?!(?:st|nd|rd|th)?\s+{_MONTH})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sentence:
    text: str
    location: str
    paragraph: int
    status: str  # the value parser's reading of the sentence alone

    @property
    def counts(self) -> bool:
        """It gives a figure (read or not): it may answer, or qualify, a count."""
        return self.status in COUNT_STATUSES or bool(_FIGURE.search(self.text) or PROSE_COUNT.search(self.text))

    @property
    def states(self) -> bool:
        """An answer statement: the parser reads it (not as a pointer, "see below"), or it
        gives a figure."""
        return self.status not in (UNPARSED, INCLUDED_ELSEWHERE, NO_RESPONSE) or self.counts


def sentences(body: list[Line], matcher: QuestionMatcher) -> list[Sentence]:
    """The body's sentences, each with its line and the parser's reading; a sentence whose
    figures name their labels ("11 fall under a)") is read by prose.py, not here."""
    found = []
    for index, block in enumerate(paragraphs(body)):
        text = " ".join(line.text.strip() for line in block)
        for number, sentence in enumerate(_SENTENCE_END.split(text), start=1):
            sentence = sentence.strip()
            if not sentence or figures_before_labels(sentence, "", matcher):
                continue
            status = parse_answer(sentence).status
            found.append(Sentence(sentence, f"line {block[0].number} sentence {number}", index, status))
    return found


def _wordings(matcher: QuestionMatcher) -> list[tuple[str, str]]:
    return [(q.label, " ".join(content_words(q.wording))) for q in matcher.questions] + [
        (q.label, " ".join(content_words(alias))) for q in matcher.questions for alias in q.aliases
        if len(alias.split()) >= ALIAS_WORDING_WORDS
    ]


def question_scores(sentence: str, matcher: QuestionMatcher) -> list[tuple[float, str]]:
    """Each question's best score for the sentence, best first.

    A question scores 0 when it shares fewer than PROSE_MIN_SHARED content words with the
    sentence, or when the sentence uses a word of another question's wording that its own
    lacks: "4 UASC went missing" is not the answer to "How many UASC were in your care?"
    however many words they share ("went missing" belongs to another question)."""
    words = content_words(sentence)
    key = " ".join(words)
    wordings = _wordings(matcher)
    vocabulary = {word for _, wording in wordings for word in wording.split()}
    own: dict[str, set[str]] = {}
    for label, wording in wordings:
        own.setdefault(label, set()).update(wording.split())
    best: dict[str, float] = {}
    for label, wording in wordings:
        shared = len(set(words) & set(wording.split()))
        foreign = (set(words) & vocabulary) - own[label]
        score = fuzz.token_set_ratio(key, wording) if shared >= PROSE_MIN_SHARED and not foreign else 0.0
        best[label] = max(best.get(label, 0.0), score)
    return sorted(((score, label) for label, score in best.items()), reverse=True)


def _clear_match(scores: list[tuple[float, str]]) -> str | None:
    if not scores or scores[0][0] < PROSE_THRESHOLD:
        return None
    if len(scores) > 1 and scores[0][0] - scores[1][0] < PROSE_MARGIN:
        return None
    return scores[0][1]


def _show(scores: list[tuple[float, str]]) -> str:
    return ", ".join(f"{label} {score:.0f}" for score, label in scores[:2] if score > 0) or "none"


def prose_statements(body: list[Line], matcher: QuestionMatcher) -> tuple[list[RawAnswer], list[str]]:
    """Answers tied to questions from unlabelled prose, and why the other statements stay for
    a person (empty when no statement comes near any question: plain prose)."""
    statements = [s for s in sentences(body, matcher) if s.states]
    if len(matcher.labels) == 1 and len(statements) == 1 and statements[0].status != UNPARSED:
        only, question = statements[0], matcher.questions[0]
        cohort = COHORT_WORDS.get(question.cohort)
        if cohort is None or cohort.search(only.text):
            return [RawAnswer(question.label, only.text, only.location)], []
        # "The council looks after 245 children" for a question about UASC: another population.
        return [], [f'sentence "{_short(only.text)}" does not name the {question.cohort} children asked about']
    tied: dict[str, list[Sentence]] = {}
    reasons: list[str] = []
    near = False  # some statement came near a question: the reasons help the person
    for statement in statements:
        scores = question_scores(statement.text, matcher)
        near = near or (bool(scores) and scores[0][0] >= PROSE_THRESHOLD)
        if statement.counts and (subset := _SUBSET.search(statement.text)):
            # "4 of these were unaccompanied": a part of a figure the letter gave before.
            reasons.append(f'sentence "{_short(statement.text)}" counts "{subset.group()}": a part '
                           "of another figure")
        elif (label := _clear_match(scores)) is None:
            reasons.append(f'sentence "{_short(statement.text)}" names no question clearly '
                           f"(closest: {_show(scores)})")
        else:
            tied.setdefault(label, []).append(statement)
    # A count naming no question may qualify a figure in its paragraph ("3 of them ...").
    tied_sentences = [s for found in tied.values() for s in found]
    loose_counts = {s.paragraph for s in statements if s.counts and s not in tied_sentences}
    answers: list[RawAnswer] = []
    for label, found in tied.items():
        if len(found) > 1:
            reasons.append(f"{len(found)} sentences answer question {label}")
        elif found[0].paragraph in loose_counts:
            reasons.append(f'sentence "{_short(found[0].text)}" names question {label}, beside a '
                           "figure that names no question")
        else:
            answers.append(RawAnswer(label, found[0].text, found[0].location))
    return answers, (reasons if near else [])


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
