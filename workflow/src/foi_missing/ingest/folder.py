"""The round folder read and cross-checked, before any coding.

The request log says who was asked and which reply stands for each authority
(``supersedes``, the round's reply cut-off); each standing reply is read by the
reader for its format. Bookkeeping problems (a bad log row, a file the log names
that the folder lacks, a file the log does not name, two replies that both stand)
become :class:`Issue` findings naming the file; :func:`survey_round` never stops
on them (``strict`` in :func:`foi_missing.ingest.ledger.ingest_round` does).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from foi_missing.core.register import (
    LOWER_TIER_TYPE,
    AuthorityRegister,
    RegisterError,
    load_register,
)
from foi_missing.core.roundspec import (
    ReplyFolder,
    RoundSpec,
    is_inside,
    load_round_spec,
    name_key,
)
from foi_missing.core.tables import read_csv
from foi_missing.ingest.attribution import reply_authority_problems
from foi_missing.ingest.checks import qa_row
from foi_missing.ingest.readers import (
    QuestionMatcher,
    ReaderError,
    ReplyContent,
    read_reply,
)

log = logging.getLogger(__name__)

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
# Largest reply file read, by format: a plain-text reply is read whole into memory
# (a 50 MB one-line .txt took 3 GB and 45 s); an e-mail may carry attachments.
MAX_REPLY_MB = {".txt": 10, ".csv": 20, ".html": 10, ".htm": 10}
MAX_OTHER_REPLY_MB = 100




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
        return self.unreadable_left(set())

    def unreadable_left(self, coded_files: set[str]) -> list[str]:
        """:attr:`unreadable` less the replies whose every answer a person has coded
        (``coded_files``: the reply files with no answer left unparsed)."""
        return [f"{reply.source_file}: cannot be read: {reply.error}"
                for reply in self.standing.values()
                if reply.error and not reply.missing and reply.source_file not in coded_files]


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
            sent = _iso_date(reply.row["date_sent"]) or spec.date_sent
            problems = reply_authority_problems(reply, spec, register, authorities, qa, on=sent)
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


