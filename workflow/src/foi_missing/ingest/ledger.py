"""From a round's folder (data/raw/<round>/) to its answers ledger and QA findings.

The ledger has one row per authority in the request log x question of the
round's codebook x period the question asks about. Which reply stands for an
authority is decided by the request log (``supersedes``, the round's reply
cut-off); each standing reply is read by the reader for its format, its
answers coded by :func:`foi_missing.ingest.coding.code_reply`, and the round's
coding sheet overrides the automatic coding.

A reply that cannot be attributed never stops the round: a reply file the
log does not name, a letterhead naming an unknown authority, a district
council or another one, two replies the log does not resolve, a bad
request-log row, a file the log names but the folder lacks (a folder
problem, ``reply_file_missing``), an unreadable file. Each is an error-level
QA finding naming the file; the answers it concerns are ``unparsed`` (to
code by hand, or to wait for the folder to be put right) and the rest of the
round is built. Only ``strict`` stops the ingest on them, with
:class:`IngestError` listing every one. A coding sheet with bad rows always
stops it: it is the team's own file.
Nothing is ever written under ``data/raw``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from foi_missing.core.register import (
    LOWER_TIER_TYPE,
    AmbiguousAuthorityError,
    AuthorityRegister,
    RegisterError,
    load_register,
)
from foi_missing.core.roundspec import (
    REPLIES_FOLDER_IGNORED,  # noqa: F401 (where it was; others import it from here)
    Question,
    ReplyFolder,
    RoundSpec,
    RoundSpecError,
    is_inside,
    load_round_spec,
    name_key,
    round_input_files,  # noqa: F401 (where it was)
)
from foi_missing.core.tables import read_csv
from foi_missing.ingest import checks
from foi_missing.ingest.checks import qa_row
from foi_missing.ingest.coding import ReplyCoder, apply_qualified_rule, coded_fields
from foi_missing.ingest.coding_sheet import apply_coding_sheet
from foi_missing.ingest.readers import (
    NameClue,
    QuestionMatcher,
    ReaderError,
    ReplyContent,
    read_reply,
)
from foi_missing.ingest.readers.base import looks_like_council_name
from foi_missing.ingest.to_code import CodingProgress, coding_progress, to_code_table

log = logging.getLogger(__name__)

ANSWER_COLUMNS = [
    "round", "authority_code", "authority_name", "nation", "question", "cohort", "sub_cohort",
    "measure", "period", "status", "value", "lower", "upper", "exemption", "covers",
    "refers_to", "redirect", "period_note", "raw_text", "source_file", "source_location",
    "reply_id", "coded_by", "note",
]
LOG_COLUMNS = [
    "reply_id", "request_ref", "gss_code", "authority_name", "date_sent", "date_received",
    "outcome", "reply_file", "supersedes", "note",
]
CODING_COLUMNS = [
    "authority_code", "question", "period", "status", "value", "lower", "upper", "exemption",
    "covers", "refers_to", "raw_text", "source_file", "source_location", "coded_by",
    "coded_on", "note",
]
OUTCOMES = ("answered", "refused", "no_reply", "late", "internal_review")
# Raw text kept per answer in answers.csv / to_code.csv; longer text is cut, with its
# digest and place, so that one huge cell cannot make the tables huge.
MAX_RAW_TEXT = 2_000
# Text a spreadsheet would run as a formula when a person opens the CSV.
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"^[+-]?\s*[0-9][0-9,]*(?:\.[0-9]+)?\s*%?$")
# Columns of the answers table that hold text from replies (or about them), for people.
# Largest reply file read, by format: a plain-text reply is read whole into memory
# (a 50 MB one-line .txt took 3 GB and 45 s); an e-mail may carry attachments.
MAX_REPLY_MB = {".txt": 10, ".csv": 20, ".html": 10, ".htm": 10}
MAX_OTHER_REPLY_MB = 100
FREE_TEXT_COLUMNS = ("raw_text", "note", "period_note", "exemption", "covers", "refers_to",
                     "redirect")


class IngestError(ValueError):
    """The round's folder is inconsistent; the message lists every problem found."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        heading = f"{len(self.problems)} problem(s) in the round's folder:"
        super().__init__("\n".join([heading, *(f"  - {p}" for p in self.problems)]))


@dataclass(frozen=True)
class Issue:
    """A problem in the round's bookkeeping: an error-level QA finding, or with strict: true
    one of the problems that stop the ingest."""

    rule: str
    message: str
    authority: str = ""
    source: str = ""

    def qa(self) -> dict:
        return qa_row("error", self.authority, "", self.rule, self.message, self.source)


@dataclass
class IngestResult:
    answers: pd.DataFrame
    qa: pd.DataFrame
    to_code: pd.DataFrame
    replies_read: int
    spec: RoundSpec

    @property
    def unparsed(self) -> int:
        return int((self.answers["status"] == "unparsed").sum())

    @property
    def progress(self) -> CodingProgress:
        return coding_progress(self.answers)

    def summary(self) -> str:
        """The ingest log's line: replies read, answers coded how, QA findings."""
        errors = int((self.qa["severity"] == "error").sum())
        return (f"{self.spec.round_id}: {self.progress.sentence()} "
                f"({len(self.answers):,} answers in all; {len(self.qa):,} QA findings, {errors} errors)")


# --- public entry points ---------------------------------------------------------------------


def ingest_round(
    folder: str | Path,
    register: AuthorityRegister | str | Path | None = None,
    default_suppression: tuple[int, int] = (1, 4),
    strict: bool = False,
    qualified_answers: str = "count",
) -> IngestResult:
    """Build the answers ledger, QA findings and the to-code list of one round folder.

    A reply that cannot be attributed (a file the request log does not name, a
    letterhead naming an unknown or another authority, two replies the log
    does not resolve) and a bad request-log row are error-level QA findings
    naming the file; the rest of the round is built. With ``strict`` they stop
    the ingest instead (:class:`IngestError`, listing every one).
    ``qualified_answers`` (count or exclude) says how a figure for another
    population or date counts (:func:`foi_missing.ingest.coding.apply_qualified_rule`).
    """
    survey = survey_round(folder, register)
    if strict and (survey.problems or survey.unreadable):
        raise IngestError(survey.problems + survey.unreadable)
    builder = LedgerBuilder(survey, default_suppression, qualified_answers)
    rows = builder.build()
    answers = answers_frame(rows, survey.spec)
    manual = apply_coding_sheet(answers, survey.coding_sheet, survey.spec)
    if manual.problems:
        raise IngestError(manual.problems)
    answers = for_people(manual.answers)
    qa_rows = [issue.qa() for issue in survey.issues] + survey.qa + builder.qa + manual.qa
    qa = checks.qa_frame(qa_rows + checks.findings(answers, survey.spec), survey.spec)
    checks.validate_answers(answers)
    return IngestResult(answers, qa, to_code_table(answers, CODING_COLUMNS), builder.replies_read,
                        survey.spec)


def check_round(folder: str | Path, register=None) -> tuple[list[str], list[str]]:
    """(problems, facts) of a round folder, for use while replies arrive.

    Every problem is listed (spec, request log, register, reply files, coding
    sheet), none raised; no statistics are computed.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return [f"{folder}: round folder not found"], []
    try:
        survey = survey_round(folder, register)
    except (IngestError, RoundSpecError) as error:
        return getattr(error, "problems", [str(error)]), []
    problems = list(survey.problems) + survey.unreadable
    # Only replies of authorities asked count: a reply filed under a code the
    # register does not know stands for no one (it made this figure negative).
    answered = [gss for gss in survey.authorities if gss in survey.standing]
    facts = [
        f"authorities asked: {len(survey.authorities)}",
        f"replies that stand: {len(answered)}",
        f"authorities without a reply that stands: {len(survey.authorities) - len(answered)}",
    ]
    try:
        answers = answers_frame(LedgerBuilder(survey, (1, 4)).build(), survey.spec)
        manual = apply_coding_sheet(answers, survey.coding_sheet, survey.spec)
        if manual.problems:
            raise IngestError(manual.problems)
        answers = manual.answers
        facts.append(f"answers still to code by hand: {int((answers['status'] == 'unparsed').sum())}")
        facts.append(coding_progress(answers).sentence())
    except IngestError as error:
        problems += error.problems
    return problems, facts


def check_round_report(folder: str | Path, register=None) -> tuple[str, int]:
    """The text of results/<round>/folder_check.txt and the number of problems in it."""
    problems, facts = check_round(folder, register)
    lines = [f"Folder check of {folder}"]
    if facts:
        lines += ["", *(f"- {fact}" for fact in facts)]
    lines += ["", f"{len(problems)} problem(s)" + (":" if problems else ".")]
    lines += [f"- {problem}" for problem in problems]
    return "\n".join(lines) + "\n", len(problems)


# --- reading the folder ------------------------------------------------------------------------


@dataclass
class Reply:
    """One standing reply: its log row and what its reader found (or why it could not)."""

    row: dict
    source_file: str
    content: ReplyContent | None = None
    error: str = ""
    unattributed: str = ""  # why the reply cannot be taken as its logged authority's
    missing: bool = False  # the log names a file the replies folder lacks: a folder problem


@dataclass
class Survey:
    """The round folder read and cross-checked, before any coding."""

    spec: RoundSpec
    register: AuthorityRegister
    authorities: dict  # gss_code -> register Authority, in request-log order
    standing: dict[str, Reply]  # gss_code -> the reply that stands
    excluded: dict[str, list[dict]]  # gss_code -> log rows of replies that do not stand
    coding_sheet: pd.DataFrame
    qa: list[dict] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    contested: dict[str, Issue] = field(default_factory=dict)  # gss_code -> two replies stand

    @property
    def problems(self) -> list[str]:
        return [issue.message for issue in self.issues]

    @property
    def unreadable(self) -> list[str]:
        """Standing replies that cannot be read (outside the folder, broken); a missing
        file is a folder problem, listed in :attr:`problems`."""
        return [f"{reply.source_file}: cannot be read: {reply.error}"
                for reply in self.standing.values() if reply.error and not reply.missing]


def survey_round(folder: str | Path, register=None) -> Survey:
    spec = load_round_spec(folder)
    register = register if isinstance(register, AuthorityRegister) else load_register(register)
    request_log = read_table(spec.request_log, LOG_COLUMNS, required=True)
    issues = request_log_problems(request_log, spec, register)
    authorities = asked_authorities(request_log, register)
    standing_rows, excluded, qa, contested = resolve_replies(request_log, spec)
    folder_files = ReplyFolder.scan(spec)
    issues += list(contested.values()) + unlisted_reply_files(request_log, spec, folder_files)
    standing = {gss: read_standing_reply(row, spec, folder_files) for gss, row in standing_rows.items()}
    for reply in standing.values():
        if reply.missing:
            issues.append(issue := missing_reply_issue(reply, spec, request_log))
            reply.error = issue.message
    for gss, reply in standing.items():
        if reply.content is not None and gss in authorities:
            problems = reply_authority_problems(reply, spec, register, authorities, qa)
            issues += [Issue("reply_not_attributed", p, gss, reply.source_file) for p in problems]
            reply.unattributed = "; ".join(problems)
    coding_sheet = read_table(spec.coding_sheet, CODING_COLUMNS, required=False)
    return Survey(spec, register, authorities, standing, excluded, coding_sheet, qa, issues, contested)


def missing_reply_issue(reply: Reply, spec: RoundSpec, request_log: pd.DataFrame) -> Issue:
    """A file the request log names that the replies folder lacks: the team's bookkeeping,
    not a council's file, so a folder problem (fixed by adding the file or correcting
    ``reply_file``), not an answer to code by hand."""
    records = request_log.to_dict("records")
    where = _log_row_name(spec, records.index(reply.row) if reply.row in records else -2, reply.row)
    return Issue("reply_file_missing",
                 f"{where}: names {reply.source_file}, which is missing from the "
                 f"{spec.replies_dir.name}/ folder: add the file, or correct reply_file",
                 reply.row["gss_code"], reply.source_file)


def read_table(path: Path, columns: list[str], required: bool) -> pd.DataFrame:
    """A bookkeeping CSV (request log, coding sheet) with its expected columns, all text."""
    if not path.exists():
        if required:
            raise IngestError([f"{path}: file not found"])
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    try:
        frame = read_csv(path)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise IngestError([f"{path}: not a readable CSV file ({error})"]) from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise IngestError([f"{path}: missing column(s) {', '.join(missing)}"])
    frame = frame.astype(object).where(frame.notna(), "")
    return frame.map(lambda v: v.strip() if isinstance(v, str) else v)


def _log_row_name(spec: RoundSpec, index: int, row: dict) -> str:
    # index 0 is the line after the header, i.e. line 2 of the file.
    return f"{spec.request_log.name} line {index + 2} (reply_id {row['reply_id'] or '?'})"


def request_log_problems(request_log: pd.DataFrame, spec: RoundSpec, register) -> list[Issue]:
    problems = []
    seen_ids: set[str] = set()
    ids = set(request_log["reply_id"])
    for index, row in enumerate(request_log.to_dict("records")):
        where = _log_row_name(spec, index, row)
        found = _log_row_problems(row, register, ids, request_log)
        if row["reply_id"] in seen_ids:
            found.append("reply_id used twice")
        seen_ids.add(row["reply_id"])
        source = f"replies/{row['reply_file']}" if row["reply_file"] else f"{spec.request_log.name} line {index + 2}"
        problems += [Issue("request_log_problem", f"{where}: {p}", row["gss_code"], source) for p in found]
    return problems


def _log_row_problems(row: dict, register, ids: set[str], request_log: pd.DataFrame) -> list[str]:
    problems = []
    if not row["reply_id"]:
        problems.append("reply_id is blank")
    sent = _iso_date(row["date_sent"])
    if sent is None:
        problems.append(f"date_sent {row['date_sent']!r} is not an ISO date (YYYY-MM-DD)")
    if row["date_received"] and _iso_date(row["date_received"]) is None:
        problems.append(f"date_received {row['date_received']!r} is not an ISO date (YYYY-MM-DD)")
    if row["outcome"] not in OUTCOMES:
        problems.append(f"outcome {row['outcome']!r} is not one of {', '.join(OUTCOMES)}")
    if row["outcome"] == "no_reply" and row["reply_file"]:
        problems.append(f"outcome no_reply but reply_file {row['reply_file']!r} is given")
    if row["outcome"] != "no_reply" and not row["reply_file"]:
        problems.append(f"outcome {row['outcome']} but no reply_file")
    problems += _register_problems(row, register, sent)
    if row["supersedes"]:
        if row["supersedes"] not in ids:
            problems.append(f"supersedes {row['supersedes']!r}, which is no reply_id of the log")
        else:
            earlier = request_log.loc[request_log["reply_id"] == row["supersedes"], "gss_code"]
            if earlier.iloc[0] != row["gss_code"]:
                problems.append(f"supersedes {row['supersedes']!r}, a reply of another authority")
    return problems


def _register_problems(row: dict, register, sent: date | None) -> list[str]:
    if not row["gss_code"]:
        return ["gss_code is blank"]
    try:
        authority = register.get(row["gss_code"])
    except RegisterError:
        return [f"gss_code {row['gss_code']} ({row['authority_name']}) is not in the authority register"]
    if authority.gss_code != row["gss_code"]:
        return [f"gss_code {row['gss_code']} is a former code of {authority.describe()}"]
    if authority.type == LOWER_TIER_TYPE:
        return [(f"gss_code {row['gss_code']} is {authority.describe()}, a lower-tier district "
                 "council: it runs no children's services, so no round asks it")]
    if sent is not None and not authority.exists_on(sent):
        return [f"{authority.describe()} did not exist on date_sent {sent.isoformat()}"]
    return []


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def asked_authorities(request_log: pd.DataFrame, register) -> dict:
    """Register entries of the authorities asked, in the log's order (codes known to the register)."""
    asked = {}
    for code in dict.fromkeys(request_log["gss_code"]):
        try:
            asked[code] = register.get(code)
        except RegisterError:
            continue  # reported by request_log_problems
    return asked


def resolve_replies(request_log: pd.DataFrame, spec: RoundSpec):
    """Which reply stands for each authority; the others go to QA (late, superseded).

    Returns (standing log rows, excluded log rows, QA rows, contested): an
    authority with two replies that stand is contested and has none standing.
    """
    standing: dict[str, dict] = {}
    excluded: dict[str, list[dict]] = {}
    qa, contested = [], {}
    # Grouped by hand: a pandas groupby with a frame per authority took a tenth of the ingest.
    by_authority: dict[str, list[dict]] = {}
    for row in request_log.to_dict("records"):
        by_authority.setdefault(row["gss_code"], []).append(row)
    for gss in sorted(by_authority):
        replies = [r for r in by_authority[gss] if r["reply_file"]]
        candidates = []
        for reply in replies:
            if _is_late(reply, spec) and not spec.include_late:
                excluded.setdefault(gss, []).append(reply)
                qa.append(_late_qa(reply, spec))
            else:
                candidates.append(reply)
        superseded = {r["supersedes"] for r in candidates if r["supersedes"]}
        for reply in candidates:
            if reply["reply_id"] in superseded:
                excluded.setdefault(gss, []).append(reply)
                qa.append(_superseded_qa(reply, candidates))
        stands = [r for r in candidates if r["reply_id"] not in superseded]
        if len(stands) > 1:
            listed = ", ".join(f"{r['reply_id']} ({r['reply_file']})" for r in stands)
            contested[gss] = Issue(
                "replies_unresolved",
                f"{spec.request_log.name}: {gss} has {len(stands)} replies that stand: {listed}; "
                "mark the one that replaces the other with 'supersedes'",
                gss, "; ".join(f"replies/{r['reply_file']}" for r in stands),
            )
        elif stands:
            standing[gss] = stands[0]
    return standing, excluded, qa, contested


def _is_late(reply: dict, spec: RoundSpec) -> bool:
    received = _iso_date(reply["date_received"])
    if received is not None:
        return received > spec.reply_cutoff
    return reply["outcome"] == "late"


def _late_qa(reply: dict, spec: RoundSpec) -> dict:
    return qa_row(
        "info", reply["gss_code"], "", "late_reply_excluded",
        f"reply {reply['reply_id']} received {reply['date_received'] or '(date unknown)'}, after the "
        f"cut-off {spec.reply_cutoff.isoformat()}: recorded, not used (round spec include_late: false)",
        f"replies/{reply['reply_file']}",
    )  # fmt: skip


def _superseded_qa(reply: dict, candidates: list[dict]) -> dict:
    by = next(r["reply_id"] for r in candidates if r["supersedes"] == reply["reply_id"])
    return qa_row(
        "info", reply["gss_code"], "", "superseded_reply",
        f"reply {reply['reply_id']} is superseded by {by} (request log): not used",
        f"replies/{reply['reply_file']}",
    )  # fmt: skip


def unlisted_reply_files(request_log: pd.DataFrame, spec: RoundSpec,
                         folder_files: ReplyFolder | None = None) -> list[Issue]:
    """Reply files the request log does not name, and entries that lead outside the round
    folder (never read). A named file that is missing is a folder problem too
    (:func:`missing_reply_issue`)."""
    folder_files = folder_files or ReplyFolder.scan(spec)
    named = {name_key(n) for n in request_log.loc[request_log["reply_file"] != "", "reply_file"]}
    where = spec.replies_dir.name
    issues = [
        Issue("reply_outside_round", f"{where}/{name}: leads outside the round folder "
              f"{spec.folder}/ (a symbolic link): not read", "", f"{where}/{name}")
        for name in folder_files.outside
    ]
    issues += [
        Issue("reply_not_in_log", f"{where}/{name}: reply file not in the request log "
              f"({spec.request_log.name}): not used", "", f"{where}/{name}")
        for key, name in sorted(folder_files.files.items(), key=lambda item: item[1])
        if key not in named
    ]
    return issues


MISSING_REPLY = "file named in the request log is missing"


def reply_path(reply_file: str, spec: RoundSpec, folder_files: ReplyFolder) -> tuple[Path | None, str]:
    """The file a request log's ``reply_file`` names, or None and why it is not read."""
    logged = Path(reply_file)
    if logged.is_absolute() or ".." in logged.parts or "\\" in reply_file:
        return None, (f"reply_file {reply_file!r} is not a name inside the {spec.replies_dir.name}/ "
                      "folder (absolute, or with '..'): not read")
    path = spec.replies_dir / reply_file
    if os.path.lexists(path) and not is_inside(path, spec.folder):
        return None, "leads outside the round folder (a symbolic link): not read"
    if path.is_file():
        return path, ""
    if os.path.lexists(path):
        return None, "not a regular file (a folder, a pipe or a broken link): not read"
    key = name_key(reply_file)
    if key in folder_files.clashes:
        return None, (f"the request log's name matches several files once normalised "
                      f"({', '.join(map(repr, folder_files.clashes[key]))}): rename one")
    if key in folder_files.files:
        return spec.replies_dir / folder_files.files[key], ""
    return None, MISSING_REPLY


def read_standing_reply(row: dict, spec: RoundSpec, folder_files: ReplyFolder | None = None) -> Reply:
    source_file = f"{spec.replies_dir.name}/{row['reply_file']}"
    path, why_not = reply_path(row["reply_file"], spec, folder_files or ReplyFolder.scan(spec))
    if path is None:
        return Reply(row, source_file, error=why_not, missing=why_not == MISSING_REPLY)
    limit = MAX_REPLY_MB.get(path.suffix.lower(), MAX_OTHER_REPLY_MB)
    size = path.stat().st_size
    if size > limit * 1024 * 1024:
        return Reply(row, source_file, error=f"file is {size / 1024 / 1024:,.1f} MB, more than the "
                                             f"{limit} MB a {path.suffix or 'reply'} file is read up to: not read")
    try:
        content = read_reply(path, QuestionMatcher(spec.questions, spec.periods))
    except ReaderError as error:
        return Reply(row, source_file, error=str(error))
    except Exception as error:  # a library failing on one odd file must not stop the round
        log.exception("%s: the reader failed", source_file)
        return Reply(row, source_file, error=f"the reader failed ({type(error).__name__}: {error})")
    return Reply(row, source_file, content)


# --- is the reply from the authority the log says? -----------------------------------------------


def reply_authority_problems(reply: Reply, spec: RoundSpec, register, asked: dict,
                             qa: list[dict] | None = None) -> list[str]:
    """The reply's letterhead / From name / file name must name the authority of its log row.

    A name of the logged authority's predecessor or successor (an old or a new
    letterhead across a reorganisation) is accepted through the register's
    successor links, and noted in ``qa``.
    """
    row = reply.row
    on = _iso_date(row["date_sent"]) or spec.date_sent
    problems = []
    found = []
    clues = list(reply.content.name_clues)
    stem = Path(row["reply_file"]).stem
    if looks_like_council_name(stem):  # "Kent County Council FOI response": binding, like a letterhead
        clues.append(NameClue(stem, "file name"))
    for clue in clues:
        where = f"{reply.source_file} ({clue.where})"
        related = successor_or_predecessor(clue.text, row["gss_code"], register, where, on)
        if related is not None:
            if qa is not None:
                qa.append(qa_row(
                    "info", row["gss_code"], "", "named_by_succession",
                    f"the reply names {related.describe()}, which the register links by "
                    f"succession to {row['gss_code']} ({row['authority_name']}), the "
                    "authority the request log files it under", where))
            continue
        try:
            found.append((where, match_name(clue.text, register, on, where)))
        except RegisterError as error:
            kind = "ambiguous" if isinstance(error, AmbiguousAuthorityError) else "unknown"
            hint = ""
            if re.search(r"\bdistrict\b", clue.text, re.IGNORECASE):
                hint = ("; a district council does not run children's services (the county "
                        "council does), so it is not in the register of authorities asked")
            problems.append(f"{where}: reply from an {kind} authority: {error}{hint}")
    named = None if looks_like_council_name(stem) else file_name_authority(stem, register, on)
    if named is not None:
        found.append((f"{reply.source_file} (file name)", named))
    for where, authority in found:
        if authority.gss_code == row["gss_code"]:
            continue
        if authority.gss_code not in asked:
            district = (", a lower-tier district council (no children's services)"
                        if authority.type == LOWER_TIER_TYPE else "")
            problems.append(
                f"{where}: reply from {authority.describe()}{district}, an authority not asked "
                f"(not in {spec.request_log.name}); the log files it under {row['gss_code']}"
            )
        else:
            problems.append(
                f"{where}: names {authority.describe()} but the request log files it under "
                f"{row['gss_code']} ({row['authority_name']}, reply_id {row['reply_id']})"
            )
    return problems


# Words of reply file names that are not a name ("Copy of FOI template - Rutland.xlsx").
_FILE_NAME_FILLER = re.compile(
    r"\b(?:copy\s+of|foi|foisa|eir|freedom\s+of\s+information|template|request|response|"
    r"responses|reply|letter|export|final|re|fw|fwd|refusal|notice|s12|information|not|held|"
    r"[a-z]*\d[\w-]*)\b",
    re.IGNORECASE,
)


def file_name_authority(stem: str, register, on: date):
    """The authority a reply's file name names, if any ("Middlesbrough FOI response").

    A file name is a weak clue: most carry only a reference ("FOI05666 -
    Response"). Only a part that names one register entry counts; a part
    that names none is not a name, and no error.
    """
    for part in re.split(r"\s+-\s+|_|\s+\u2013\s+", stem):
        text = " ".join(_FILE_NAME_FILLER.sub(" ", part).split())
        if len(text) < 3:
            continue
        try:
            return register.match(text, on=on)
        except RegisterError:
            continue
    return None


_NAME_SPLIT = re.compile(r"\s*(?:[,|/\u2013\u2014]|\s-\s)\s*")
_AFTER_TITLE = re.compile(r"^(.*?\b(?:council|corporation))\b.*$", re.IGNORECASE)


def name_variants(text: str) -> list[str]:
    """The clue, its parts ("Cyngor Caerdydd / Cardiff Council"), each without a team name."""
    variants = [text]
    for part in [text, *_NAME_SPLIT.split(text)]:
        variants.append(part)
        if title := _AFTER_TITLE.match(part):  # "Kent County Council FOI Team"
            variants.append(title.group(1))
    return [v.strip() for v in dict.fromkeys(variants) if v.strip()]


def successor_or_predecessor(text: str, logged_gss: str, register, source: str, on: date):
    """The authority a name clue means, when it is not the logged one but succeeded or
    preceded it (a reply on an old or a new letterhead); else None.

    The whole clue is tried before its parts, at any date: "Bournemouth,
    Christchurch and Poole Council" is BCP, not Bournemouth.
    """
    for variant in name_variants(text):
        try:
            named = register.match(variant, source=source)
        except RegisterError:
            continue
        if named.exists_on(on) or named.gss_code == logged_gss:
            return None  # an authority of the time: the ordinary check applies
        return named if register.related_by_succession(named.gss_code, logged_gss) else None
    return None


def match_name(text: str, register, on: date, source: str):
    """The register entry a name clue means; raises the register's error if none clearly does."""
    first_error: RegisterError | None = None
    ambiguous: AmbiguousAuthorityError | None = None
    for variant in name_variants(text):
        try:
            return register.match(variant, on=on, source=source)
        except AmbiguousAuthorityError as error:
            ambiguous = ambiguous or error
        except RegisterError as error:
            first_error = first_error or error
    raise ambiguous or first_error


# --- coding the answers ----------------------------------------------------------------------------


class LedgerBuilder:
    """Turns a surveyed round into ledger rows: one per authority asked x question."""

    def __init__(self, survey: Survey, default_suppression: tuple[int, int],
                 qualified_answers: str = "count"):
        self.survey = survey
        self.spec = survey.spec
        self.matcher = QuestionMatcher(self.spec.questions, self.spec.periods)
        self.default_suppression = tuple(default_suppression)
        self.qualified_answers = qualified_answers
        self.qa: list[dict] = []
        self.replies_read = 0

    def build(self) -> list[dict]:
        rows = []
        for gss, authority in sorted(self.survey.authorities.items()):
            reply = self.survey.standing.get(gss)
            if gss in self.survey.contested:
                coded = self._not_used(self.survey.contested[gss], "auto:replies_unresolved")
            elif reply is None:
                coded = self._no_response(gss)
            elif reply.missing:
                coded = self._not_used(Issue("reply_file_missing", reply.error, gss, reply.source_file),
                                       "auto:reply_file_missing", reply.row["reply_id"])
            elif reply.error:
                coded = self._unreadable(reply)
            elif reply.unattributed:
                coded = self._not_used(
                    Issue("reply_not_attributed", f"reply not attributed: {reply.unattributed}", gss,
                          reply.source_file),
                    "auto:unattributed_reply", reply.row["reply_id"])
            else:
                self.replies_read += 1
                coded = self._code_reply(reply, authority)
                self.qa += [qa_row(finding.severity, gss, "", finding.rule,
                                   f"{reply.source_file}: {finding.message}", reply.source_file)
                            for finding in reply.content.findings]
                # No answer text at all (a CSV with headers only): say so once, at file
                # level, not only question by question. Prose without labels is text to code.
                if not any(answer.question or answer.raw_text.strip()
                           for answer in reply.content.answers):
                    self.qa.append(qa_row("error", gss, "", "no_answers_found",
                                          f"{reply.source_file}: no answers found in this file",
                                          reply.source_file))
            rows += [self._ledger_row(authority, question, period, coded[question.label, period])
                     for question in self.spec.questions for period in question.periods]
        return rows

    def _code_reply(self, reply: Reply, authority) -> dict[tuple[str, str], dict]:
        # Exemptions are cited without the Act's name; Scottish councils answer under FOISA.
        act = "FOISA" if authority.nation == "Scotland" else "FOIA"
        coder = ReplyCoder(self.spec.questions, self.spec.periods, self.default_suppression, act,
                           matcher=self.matcher)
        coded = coder.code(reply.content)
        for key, fields in coded.items():
            fields.update(source_file=reply.source_file, reply_id=reply.row["reply_id"])
            coded[key] = apply_qualified_rule(fields, self.qualified_answers)
        return coded

    def _ledger_row(self, authority, question: Question, period: str, coded: dict) -> dict:
        return {
            "round": self.spec.round_id, "authority_code": authority.gss_code,
            "authority_name": authority.name, "nation": authority.nation,
            "question": question.label, "cohort": question.cohort,
            "sub_cohort": question.sub_cohort, "measure": question.measure,
            "period": period, **coded,
        }  # fmt: skip

    def _no_response(self, gss: str) -> dict[str, dict]:
        excluded = self.survey.excluded.get(gss, [])
        note = "no reply by the cut-off"
        if excluded:
            note += "; not used: " + ", ".join(r["reply_id"] for r in excluded) + " (see QA)"
        return {(q.label, p): coded_fields("no_response", coded_by="ledger", note=note)
                for q in self.spec.questions for p in q.periods}

    def _not_used(self, issue: Issue, coded_by: str, reply_id: str = "") -> dict[tuple[str, str], dict]:
        """A reply the bookkeeping does not let us use: every answer waits for a person."""
        return {(q.label, p): coded_fields("unparsed", source_file=issue.source, reply_id=reply_id,
                                           coded_by=coded_by, note=issue.message)
                for q in self.spec.questions for p in q.periods}

    def _unreadable(self, reply: Reply) -> dict[str, dict]:
        self.qa.append(qa_row("error", reply.row["gss_code"], "", "unreadable_reply",
                              f"{reply.source_file}: cannot be read: {reply.error}",
                              reply.source_file))
        return {
            (q.label, p): coded_fields(
                "unparsed", source_file=reply.source_file, reply_id=reply.row["reply_id"],
                coded_by="auto:unreadable_reply", note=f"reply file unreadable: {reply.error}",
            )
            for q in self.spec.questions for p in q.periods
        }  # fmt: skip


# --- tables ----------------------------------------------------------------------------------------


def for_people(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers with their free text safe to open in a spreadsheet: text longer than
    :data:`MAX_RAW_TEXT` cut (keeping its digest and place), formula-like text
    prefixed with an apostrophe. Counts and codes are left as they are."""
    answers = answers.copy()
    for column in FREE_TEXT_COLUMNS:
        if column in answers.columns:
            answers[column] = [
                _safe_text(value, row_source, row_location)
                for value, row_source, row_location in zip(
                    answers[column], answers["source_file"], answers["source_location"], strict=True)
            ]
    return answers


def _safe_text(value, source_file, source_location):
    if not isinstance(value, str) or not value:
        return value
    if len(value) > MAX_RAW_TEXT:
        digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
        where = " ".join(str(p) for p in (source_file, source_location) if isinstance(p, str) and p)
        value = (f"{value[:MAX_RAW_TEXT]} … [cut: {len(value):,} characters; sha256 {digest}; "
                 f"{where or 'source unknown'}]")
    return neutralise_formula(value)


def neutralise_formula(text: str) -> str:
    """``'`` before text a spreadsheet would run as a formula ("=HYPERLINK(...)", "@SUM",
    "+cmd"), never before a plain number ("-3", "+5", "12%"), which it would only show."""
    if _FORMULA_START.match(text) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def answers_frame(rows: list[dict], spec: RoundSpec) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=ANSWER_COLUMNS)
    for column in ("value", "lower", "upper"):
        frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
    return sort_answers(frame, spec)


def sort_answers(frame: pd.DataFrame, spec: RoundSpec) -> pd.DataFrame:
    order = {label: index for index, label in enumerate(spec.question_labels)}
    period_order = {p.id: index for index, p in enumerate(spec.periods)}
    frame = frame.assign(_order=frame["question"].map(order),
                         _period=frame["period"].map(period_order))
    frame = frame.sort_values(["authority_code", "_order", "_period"], kind="stable")
    return frame.drop(columns=["_order", "_period"]).reset_index(drop=True)
