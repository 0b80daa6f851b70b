"""Score the readers and the value parser on real council replies (the development corpus).

A folder of real replies (``.txt`` letters; lines starting with ``#`` are notes) comes with
``expected.csv``: one row per (file, question, period) saying how a careful person codes
it. Each file answers its own request, so each has its own small codebook
(``tests/fixtures/real_replies/codebooks/<file stem>.yaml``). Every expected row ends
up *right*, *wrong*, or *manual* (sent to manual coding: unparsed, or no answer found),
and a row may be *accepted* as a reasoned deviation (``deviations.csv``) where the
project's design codes the text differently from the expected row.

Comparison: status must agree; ``reported`` rows compare the value; ``suppressed`` rows
compare ``lower``/``upper`` only where the expected row gives them (an empty bound is
"not stated by the council", so any bound the project's documented default gives is
accepted).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from foi_missing.core.config import default_suppression_interval
from foi_missing.core.paths import REPO_ROOT
from foi_missing.core.roundspec import Period, Question
from foi_missing.ingest.coding import code_reply
from foi_missing.ingest.parse_value import ParsedAnswer
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.text import read_letter

REPO = REPO_ROOT
FIXTURES = REPO / "tests" / "fixtures" / "real_replies"
DEFAULT_SUPPRESSION = default_suppression_interval()  # the config schema's default


def replies_folder(folder: str | Path | None = None) -> Path:
    """The folder given, else $FOI_REAL_REPLIES, else ../shared/real_replies beside the repo
    (or beside a folder holding it, for a git worktree)."""
    if folder or os.environ.get("FOI_REAL_REPLIES"):
        return Path(folder or os.environ["FOI_REAL_REPLIES"])
    candidates = [parent / "shared" / "real_replies" for parent in REPO.parents]
    return next((c for c in candidates if c.is_dir()), candidates[0])


# --- codebooks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Codebook:
    """The questions and periods of one file's own request."""

    questions: tuple[Question, ...]
    periods: tuple[Period, ...]
    act: str | None = None
    default_suppression: tuple[int, int] = DEFAULT_SUPPRESSION

    def period(self, period_id: str) -> Period:
        return next(p for p in self.periods if p.id == period_id)


def load_codebook(path: Path) -> Codebook:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    periods = tuple(
        Period(str(p["id"]), str(p.get("label", p["id"])), _date(p["start"]), _date(p["end"]))
        for p in doc["periods"]
    )
    ids = tuple(p.id for p in periods)
    questions = []
    for q in doc["questions"]:
        asked = tuple(str(p) for p in q.get("periods", ids))
        if unknown := [p for p in asked if p not in ids]:
            raise ValueError(f"{path.name}: question {q['label']} names unknown periods {unknown}")
        questions.append(Question(
            label=str(q["label"]), wording=q["wording"], cohort=q.get("cohort", "other"),
            sub_cohort=q.get("sub_cohort", "all"), measure=q.get("measure", "other"),
            periods=asked, aliases=tuple(str(a) for a in q.get("aliases", ())),
        ))  # fmt: skip
    default = tuple(doc.get("default_suppression", DEFAULT_SUPPRESSION))
    return Codebook(tuple(questions), periods, doc.get("act"), default)  # type: ignore[arg-type]


def _date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# --- coding one reply ----------------------------------------------------------------------


@dataclass(frozen=True)
class Coded:
    """One (question, period) as the project codes it, with the text it coded."""

    parsed: ParsedAnswer | None  # None: no answer found in the reply
    coded: dict | None = None  # the coded fields (coding.code_reply)


def reply_text(path: Path) -> str:
    """The reply without the corpus's note lines (those starting with ``#``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("#"))


def code_file(text: str, codebook: Codebook) -> dict[tuple[str, str], Coded]:
    """Read a letter and code every (question, period) of its codebook, as ingest does."""
    matcher = QuestionMatcher(codebook.questions, codebook.periods)
    content = read_letter(text, matcher)
    fields = code_reply(content, codebook.questions, codebook.periods,
                        codebook.default_suppression, codebook.act or "FOIA")
    return {key: Coded(_parsed(coded), coded) for key, coded in fields.items()}


def _parsed(coded: dict) -> ParsedAnswer | None:
    """The coded fields as a ParsedAnswer; None where no answer was found in the reply."""
    if coded.get("coded_by") == "auto:not_found_in_reply":
        return None
    return ParsedAnswer(coded["status"], coded["value"], coded["lower"], coded["upper"],
                        note=coded.get("note", ""), rule=coded.get("coded_by", ""))


# --- scoring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    file: str
    question: str
    period: str
    status: str
    value: int | None
    lower: int | None
    upper: int | None
    note: str

    @property
    def judgement(self) -> bool:
        return "JUDGEMENT" in self.note


@dataclass(frozen=True)
class Deviation:
    accepted_status: str
    reason: str


@dataclass(frozen=True)
class Outcome:
    row: Expected
    verdict: str  # right / wrong / manual / accepted
    got: str  # what the project coded, shown
    why: str = ""


@dataclass
class FileScore:
    file: str
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, verdict: str) -> int:
        return sum(o.verdict == verdict for o in self.outcomes)


def read_expected(folder: Path) -> list[Expected]:
    with (folder / "expected.csv").open(encoding="utf-8", newline="") as handle:
        return [
            Expected(row["file"], row["question"], row["period"], row["status"],
                     _int(row["value"]), _int(row["lower"]), _int(row["upper"]), row["note"])
            for row in csv.DictReader(handle)
        ]  # fmt: skip


def read_deviations(path: Path = FIXTURES / "deviations.csv") -> dict[tuple[str, str, str], Deviation]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (row["file"], row["question"], row["period"]): Deviation(row["accepted_status"], row["reason"])
            for row in csv.DictReader(handle)
        }


def _int(text: str) -> int | None:
    return int(text) if text.strip() else None


def show(parsed: ParsedAnswer | None) -> str:
    if parsed is None:
        return "(no answer found)"
    if parsed.status == "reported":
        return f"reported {parsed.value}"
    if parsed.status == "suppressed":
        return f"suppressed {parsed.lower}..{parsed.upper}"
    return parsed.status


def judge(row: Expected, cell: Coded | None, deviation: Deviation | None = None) -> Outcome:
    parsed = cell.parsed if cell is not None else None
    got = show(parsed)
    status = parsed.status if parsed else "unparsed"  # no answer found: to manual coding
    if deviation is not None and status == deviation.accepted_status:
        return Outcome(row, "accepted", got, deviation.reason)
    if parsed is None:
        # The coder's note says why, with any text the reader found but could not place.
        why = (cell.coded or {}).get("note") if cell is not None else None
        return Outcome(row, "manual", got, why or "no answer to this question and period found in the reply")
    if parsed.status == "unparsed":
        return Outcome(row, "manual", got, parsed.note)
    if _agrees(row, parsed):
        return Outcome(row, "right", got)
    return Outcome(row, "wrong", got, parsed.note)


def _agrees(row: Expected, parsed: ParsedAnswer) -> bool:
    if parsed.status != row.status:
        return False
    if row.status == "reported":
        return parsed.value == row.value
    if row.status == "suppressed":
        return all(want is None or want == got
                   for want, got in ((row.lower, parsed.lower), (row.upper, parsed.upper)))
    return True


def score_folder(folder: Path, codebooks: Path = FIXTURES / "codebooks",
                 deviations: dict | None = None) -> list[FileScore]:
    """Every expected row of the folder judged; files in expected.csv order."""
    deviations = read_deviations() if deviations is None else deviations
    rows = read_expected(folder)
    scores: dict[str, FileScore] = {}
    coded_files: dict[str, dict] = {}
    for row in rows:
        if row.file not in coded_files:
            codebook = load_codebook(codebooks / f"{Path(row.file).stem}.yaml")
            coded_files[row.file] = code_file(reply_text(folder / row.file), codebook)
        cell = coded_files[row.file].get((row.question, row.period))
        deviation = deviations.get((row.file, row.question, row.period))
        scores.setdefault(row.file, FileScore(row.file)).outcomes.append(judge(row, cell, deviation))
    return list(scores.values())


VERDICTS = ("right", "accepted", "wrong", "manual")


def totals(scores: Iterable[FileScore]) -> dict[str, int]:
    scores = list(scores)
    return {v: sum(s.count(v) for s in scores) for v in VERDICTS}


def table(scores: Sequence[FileScore], detail: bool = False) -> str:
    """A per-file table and the totals, as the CLI prints them."""
    width = max(len(s.file) for s in scores) if scores else 10
    head = f"{'file':<{width}}  rows  right  accepted  wrong  manual"
    lines = [head, "-" * len(head)]
    for s in scores:
        lines.append(f"{s.file:<{width}}  {len(s.outcomes):>4}  {s.count('right'):>5}  "
                     f"{s.count('accepted'):>8}  {s.count('wrong'):>5}  {s.count('manual'):>6}")
        if detail:
            for o in s.outcomes:
                if o.verdict != "right":
                    want = o.row.status + (f" {o.row.value}" if o.row.value is not None else "")
                    lines.append(f"    {o.verdict:<8} {o.row.question} [{o.row.period}] want {want}, "
                                 f"got {o.got}{': ' + o.why if o.why else ''}")
    t = totals(scores)
    n = sum(t.values())
    lines.append("-" * len(head))
    lines.append(f"{'total':<{width}}  {n:>4}  {t['right']:>5}  {t['accepted']:>8}  {t['wrong']:>5}  "
                 f"{t['manual']:>6}")
    return "\n".join(lines)
