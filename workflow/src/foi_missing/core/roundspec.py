"""The specification of one FOI round: periods, dates, and the question codebook."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from foi_missing.core.schema import load_yaml_document

COHORTS = ("trafficked", "uasc")
MEASURES = ("in_care", "went_missing", "missing_episodes", "not_found")
SPEC_FILE = "round.yaml"
# What a round may assume rather than know (round.yaml ``assumptions``): each names why.
ASSUMPTION_KEYS = ("date_sent", "reply_cutoff", "authorities_asked", "periods")
REPLIES_FOLDER_IGNORED = re.compile(r"^(\.|~\$|Thumbs\.db$|desktop\.ini$)", re.IGNORECASE)


class RoundSpecError(ValueError):
    """A round folder or its specification is unusable; the message names the file."""


@dataclass(frozen=True)
class Period:
    id: str
    label: str
    start: date
    end: date

    @property
    def described(self) -> str:
        """The label, with its dates when the label does not give them ("year to
        September 2015 (1 October 2014 to 30 September 2015)"); a label that starts
        with a date ("1 January to 31 December 2021") is left as it is."""
        if self.label[:1].isdigit():
            return self.label
        return f"{self.label} ({self.start:%-d %B %Y} to {self.end:%-d %B %Y})"


@dataclass(frozen=True)
class Question:
    """One question of the codebook, asked about one or more periods (answered once per period)."""

    label: str
    wording: str
    cohort: str
    sub_cohort: str
    measure: str
    periods: tuple[str, ...]
    aliases: tuple[str, ...] = ()

    @property
    def period(self) -> str:
        """The one period of a single-period question; an error for a multi-period one."""
        if len(self.periods) != 1:
            raise ValueError(f"question {self.label} asks about several periods: {self.periods}")
        return self.periods[0]


@dataclass(frozen=True)
class RoundSpec:
    round_id: str
    title: str
    report: dict
    reconstructed: bool
    wording_reconstructed: bool
    periods: tuple[Period, ...]
    date_sent: date
    reply_cutoff: date
    include_late: bool
    rate_denominator: str
    questions: tuple[Question, ...]
    folder: Path
    request_log: Path
    replies_dir: Path
    coding_sheet: Path
    # Which of the round's facts are assumptions (ASSUMPTION_KEYS), each with its reason.
    assumptions: dict = field(default_factory=dict)

    def is_assumed(self, key: str) -> bool:
        return key in self.assumptions

    def question(self, label: str) -> Question:
        for question in self.questions:
            if question.label == label:
                return question
        raise KeyError(f"round {self.round_id} has no question {label!r}")

    def period(self, period_id: str) -> Period:
        for period in self.periods:
            if period.id == period_id:
                return period
        raise KeyError(f"round {self.round_id} has no period {period_id!r}")

    @property
    def question_labels(self) -> tuple[str, ...]:
        return tuple(q.label for q in self.questions)


def _iso(value: str, source: Path, key: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise RoundSpecError(f"{source}: {key} = {value!r} is not a valid date ({error})") from None


def load_round_spec(location: str | Path) -> RoundSpec:
    """Load and validate ``data/raw/<round>/round.yaml`` (give the folder or the file)."""
    location = Path(location)
    # A folder that does not exist is still named as a folder: its round.yaml is what is missing.
    is_file = location.is_file() or (not location.exists() and location.suffix in (".yaml", ".yml"))
    path = location if is_file else location / SPEC_FILE
    raw = load_yaml_document(path, "round.schema.yaml", RoundSpecError, "round specification",
                             hint=f"every round folder needs {SPEC_FILE}")
    folder = path.parent
    periods = tuple(
        Period(p["id"], p["label"], _iso(p["start"], path, f"periods/{p['id']}/start"),
               _iso(p["end"], path, f"periods/{p['id']}/end"))
        for p in raw["periods"]
    )
    period_ids = {p.id for p in periods}
    questions = []
    for index, q in enumerate(raw["questions"]):
        asked = tuple(q["periods"]) if "periods" in q else (q["period"],)
        for period_id in asked:
            if period_id not in period_ids:
                raise RoundSpecError(
                    f"{path}: questions/{index} (question {q['label']}) names period {period_id!r}, "
                    f"which is not among periods {sorted(period_ids)}"
                )
        questions.append(Question(q["label"], q["wording"], q["cohort"], q.get("sub_cohort", "all"),
                                  q["measure"], asked, tuple(q.get("aliases", ()))))
    _check_dates(periods, raw, path)
    labels = [q.label for q in questions]
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise RoundSpecError(f"{path}: question labels used twice: {', '.join(duplicates)}")
    return RoundSpec(
        round_id=raw["round"],
        title=raw["title"],
        report=raw["report"],
        reconstructed=raw["reconstructed"],
        wording_reconstructed=raw.get("wording_reconstructed", False),
        periods=periods,
        date_sent=_iso(raw["date_sent"], path, "date_sent"),
        reply_cutoff=_iso(raw["reply_cutoff"], path, "reply_cutoff"),
        include_late=raw.get("include_late", False),
        rate_denominator=raw.get("rate_denominator", "all_reporting_in_care"),
        questions=tuple(questions),
        folder=folder,
        request_log=inside_folder(folder, raw.get("request_log", "request_log.csv"), path, "request_log"),
        replies_dir=inside_folder(folder, raw.get("replies_dir", "replies"), path, "replies_dir"),
        coding_sheet=inside_folder(folder, raw.get("coding_sheet", "coding_sheet.csv"), path,
                                   "coding_sheet"),
        assumptions=dict(raw.get("assumptions", {})),
    )


def _check_dates(periods: tuple[Period, ...], raw: dict, path: Path) -> None:
    """Dates that pass the schema but would silently drop replies or answers."""
    for period in periods:
        if period.end < period.start:
            raise RoundSpecError(f"{path}: periods/{period.id}: end {period.end} is before start "
                                 f"{period.start}")
    sent, cutoff = _iso(raw["date_sent"], path, "date_sent"), _iso(raw["reply_cutoff"], path, "reply_cutoff")
    if cutoff < sent:
        raise RoundSpecError(f"{path}: reply_cutoff {cutoff} is before date_sent {sent}: every reply "
                             "would be late")


def is_inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, symlinks and ``..`` resolved, lies inside ``folder`` (also resolved)."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):  # outside, or a symlink loop
        return False
    return True


def inside_folder(folder: Path, name: str, source: Path, key: str) -> Path:
    """``folder / name`` when it stays inside the round folder; else a RoundSpecError naming the key.

    Every file a round is built from must sit in its folder: a path outside it
    would be read without being tracked (and could be anything on the machine).
    """
    path = folder / name
    if Path(name).is_absolute() or not is_inside(path, folder):
        raise RoundSpecError(f"{source}: {key} {name!r} is not inside the round folder {folder}/ "
                             "(an absolute path, '..', or a symbolic link leading out)")
    return path


# --- the files of a round folder (light: Snakemake lists its inputs with it) ---------------


def name_key(name: str) -> str:
    """A reply file name as matched: Unicode NFC (a Mac writes NFD), each part without
    leading or trailing spaces (read_table strips the request log's cells)."""
    return "/".join(part.strip() for part in unicodedata.normalize("NFC", name).split("/"))


@dataclass
class ReplyFolder:
    """The files of a round's replies folder, as read: only files inside the round folder.

    ``files`` maps each file's :func:`name_key` to its name on disk (relative to
    the replies folder); ``outside`` lists entries (symlinks) that lead outside
    the round folder, which are never read; ``clashes`` lists keys that two
    files share (names differing only in normalisation or spaces).
    """

    files: dict[str, str] = field(default_factory=dict)
    outside: list[str] = field(default_factory=list)
    clashes: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def scan(cls, spec: RoundSpec) -> ReplyFolder:
        found = cls()
        if not spec.replies_dir.is_dir() or not is_inside(spec.replies_dir, spec.folder):
            return found
        # rglob does not descend into symlinked folders; a symlink itself is checked here.
        for path in sorted(spec.replies_dir.rglob("*")):
            if REPLIES_FOLDER_IGNORED.match(path.name):
                continue
            name = path.relative_to(spec.replies_dir).as_posix()
            if not is_inside(path, spec.folder):
                found.outside.append(name)
            elif path.is_file():
                key = name_key(name)
                if key in found.files:
                    found.clashes.setdefault(key, [found.files[key]]).append(name)
                found.files.setdefault(key, name)
        return found

    def paths(self, spec: RoundSpec) -> list[Path]:
        return [spec.replies_dir / name for name in self.files.values()]


def round_input_files(folder: str | Path) -> list[Path]:
    """Exactly the files the ingest of a round folder reads: round.yaml, the request log,
    the coding sheet (if any) and the reply files inside the folder (Snakemake's inputs)."""
    folder = Path(folder)
    try:
        spec = load_round_spec(folder)
    except RoundSpecError:
        return [folder / SPEC_FILE] if (folder / SPEC_FILE).is_file() else []
    return spec_input_files(spec)


def spec_input_files(spec: RoundSpec) -> list[Path]:
    """:func:`round_input_files` of a round whose specification is already loaded."""
    files = [p for p in (spec.folder / SPEC_FILE, spec.request_log, spec.coding_sheet) if p.is_file()]
    return sorted(dict.fromkeys(files + ReplyFolder.scan(spec).paths(spec)))
