"""Readers turn one reply file into raw answers (text as the council wrote it), by format.

``read_reply`` dispatches on the file extension; every reader raises
:class:`ReaderError` (never a bare exception) for input it cannot read, so
that ingest can record the reply as unreadable and carry on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from foi_missing.core.roundspec import Question
from foi_missing.ingest.readers.answer_form import read_workbook
from foi_missing.ingest.readers.base import (
    NameClue,
    NoReaderError,
    RawAnswer,
    ReaderError,
    ReplyContent,
)
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.csv import read_csv_reply
from foi_missing.ingest.readers.docx import LEGACY_FORMATS, read_docx, read_legacy_document
from foi_missing.ingest.readers.email import read_eml
from foi_missing.ingest.readers.html import read_html
from foi_missing.ingest.readers.odf import read_ods, read_odt
from foi_missing.ingest.readers.pdf import read_pdf
from foi_missing.ingest.readers.rtf import read_rtf
from foi_missing.ingest.readers.text import read_text_reply
from foi_missing.ingest.readers.xls import read_xls
from foi_missing.ingest.readers.xlsx import read_xlsx

__all__ = [
    "READERS",
    "NameClue",
    "NoReaderError",
    "QuestionMatcher",
    "RawAnswer",
    "ReaderError",
    "ReplyContent",
    "read_reply",
]

Reader = Callable[[Path, QuestionMatcher], ReplyContent]

READERS: dict[str, Reader] = {
    ".xlsx": read_workbook,  # the project's answer form, else any workbook
    ".xlsm": read_xlsx,
    ".xls": read_xls,
    ".csv": read_csv_reply,
    ".eml": read_eml,
    ".txt": read_text_reply,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".odt": read_odt,
    ".ods": read_ods,
    ".rtf": read_rtf,
    ".htm": read_html,
    ".html": read_html,
    # No reader, but a reason that tells a person what to do (NoReaderError).
    **dict.fromkeys(LEGACY_FORMATS, read_legacy_document),
}


def read_reply(path: str | Path, questions: Sequence[Question] | QuestionMatcher) -> ReplyContent:
    """Read one reply file; raises ReaderError (NoReaderError for an unsupported format)."""
    path = Path(path)
    matcher = questions if isinstance(questions, QuestionMatcher) else QuestionMatcher(questions)
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        known = ", ".join(sorted(READERS))
        what = f"{suffix} files" if suffix else "files without an extension"
        raise NoReaderError(f"no reader for {what} yet (readers exist for {known})")
    if not path.is_file():
        raise ReaderError("file not found")
    if path.stat().st_size == 0:
        raise ReaderError("empty file")
    return reader(path, matcher)
