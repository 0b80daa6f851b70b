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
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from foi_missing.core.config import default_suppression_interval
from foi_missing.core.register import (
    AuthorityRegister,
)
from foi_missing.core.roundspec import (
    Question,
    RoundSpec,
    RoundSpecError,
)
from foi_missing.ingest import checks
from foi_missing.ingest.checks import qa_row
from foi_missing.ingest.coding import ReplyCoder, apply_qualified_rule, coded_fields
from foi_missing.ingest.coding_sheet import apply_coding_sheet
from foi_missing.ingest.folder import (
    CODING_COLUMNS,
    IngestError,
    Issue,
    Reply,
    Survey,
    survey_round,
)
from foi_missing.ingest.readers import (
    QuestionMatcher,
)
from foi_missing.ingest.to_code import CodingProgress, coding_progress, to_code_table

log = logging.getLogger(__name__)

ANSWER_COLUMNS = [
    "round", "authority_code", "authority_name", "nation", "question", "cohort", "sub_cohort",
    "measure", "period", "status", "value", "lower", "upper", "exemption", "covers",
    "refers_to", "redirect", "period_note", "raw_text", "source_file", "source_location",
    "reply_id", "coded_by", "note",
]
# Raw text kept per answer in answers.csv / to_code.csv; longer text is cut, with its
# digest and place, so that one huge cell cannot make the tables huge.
MAX_RAW_TEXT = 2_000
# Text a spreadsheet would run as a formula when a person opens the CSV.
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"^[+-]?\s*[0-9][0-9,]*(?:\.[0-9]+)?\s*%?$")
# Columns of the answers table that hold text from replies (or about them), for people.
FREE_TEXT_COLUMNS = ("raw_text", "note", "period_note", "exemption", "covers", "refers_to",
                     "redirect")



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
    default_suppression: tuple[int, int] | None = None,
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
    if strict and survey.problems:
        raise IngestError(survey.problems + survey.unreadable)
    builder = LedgerBuilder(survey, default_suppression or default_suppression_interval(), qualified_answers)
    rows = builder.build()
    answers = answers_frame(rows, survey.spec)
    manual = apply_coding_sheet(answers, survey.coding_sheet, survey.spec)
    if manual.problems:
        raise IngestError(manual.problems)
    # An unreadable reply stops a strict ingest until a person has coded all its answers;
    # then its finding is a note.
    coded = checks.fully_coded_files(manual.answers)
    unreadable = survey.unreadable_left(coded)
    if strict and unreadable:
        raise IngestError(unreadable)
    answers = for_people(manual.answers)
    qa_rows = ([issue.qa() for issue in survey.issues] + survey.qa
               + checks.coded_unreadable_as_notes(builder.qa, coded) + manual.qa)
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
    problems = list(survey.problems)
    # Only replies of authorities asked count: a reply filed under a code the
    # register does not know stands for no one (it made this figure negative).
    answered = [gss for gss in survey.authorities if gss in survey.standing]
    facts = [
        f"authorities asked: {len(survey.authorities)}",
        f"replies that stand: {len(answered)}",
        f"authorities without a reply that stands: {len(survey.authorities) - len(answered)}",
    ]
    try:
        answers = answers_frame(LedgerBuilder(survey, default_suppression_interval()).build(), survey.spec)
        manual = apply_coding_sheet(answers, survey.coding_sheet, survey.spec)
        if manual.problems:
            raise IngestError(manual.problems)
        answers = manual.answers
        problems += survey.unreadable_left(checks.fully_coded_files(answers))
        facts.append(f"answers still to code by hand: {int((answers['status'] == 'unparsed').sum())}")
        facts.append(coding_progress(answers).sentence())
    except IngestError as error:
        problems += survey.unreadable + error.problems
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
