"""Rich Text Format (.rtf) letters: the text, with each table row as one line of cells apart by ``|``.

striprtf turns the RTF into text: a table's cells end in ``|`` and its rows in a
line break, which the letter reader reads as a typed table (``text_tables.py``,
``Q1 | 12``). What that text cannot show is refused rather than misread: a cell
merged down over the next row (``\\clvmrg``, in a Word table a figure for two
questions) or across (``\\clmrg``) would become a figure of one row, and a
damaged file (braces that do not pair) would lose its text after the fault.
"""

from __future__ import annotations

import re
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from foi_missing.ingest.readers.base import ReaderError, ReplyContent
from foi_missing.ingest.readers.codebook import QuestionMatcher
from foi_missing.ingest.readers.text import read_letter

# A letter, even with a logo, is far smaller; striprtf reads a character at a time.
MAX_RTF_BYTES = 20 * 1024 * 1024
_MERGED = re.compile(rb"\\cl(?:v)?mrg(?![a-z])|\\clv?mgf(?![a-z])")
# Braces that count: not escaped (\{ \}), not a hex byte's or a control symbol's.
_BRACE = re.compile(rb"\\[\\{}]|[{}]")


def read_rtf(path: Path, matcher: QuestionMatcher) -> ReplyContent:
    size = path.stat().st_size
    if size > MAX_RTF_BYTES:
        raise ReaderError(f"refused: the .rtf document is {size:,} bytes (limit {MAX_RTF_BYTES:,})")
    data = path.read_bytes()
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ReaderError("not a readable .rtf document (it does not start with {\\rtf)")
    _check_braces(data)
    if _MERGED.search(data):
        raise ReaderError("an .rtf table with merged cells, which its text cannot show: "
                          "save it as .docx or code by hand")
    try:
        # RTF is 7-bit text; its \'xx bytes are decoded by striprtf in the document's code page.
        text = rtf_to_text(data.decode("latin-1"))
    except (UnicodeError, LookupError, ValueError, AttributeError) as error:
        raise ReaderError(f"not a readable .rtf document ({type(error).__name__}: {error})") from None
    return read_letter(text, matcher)


def _check_braces(data: bytes) -> None:
    depth = 0
    for match in _BRACE.finditer(data):
        token = match.group()
        if token == b"{":
            depth += 1
        elif token == b"}":
            depth -= 1
            if depth == 0 and data[match.end():].strip(b"\x00\r\n\t "):
                # striprtf would drop what follows without a word.
                raise ReaderError("not a readable .rtf document: text after the document's closing brace "
                                  f"(byte {match.end():,}), a damaged file")
    if depth != 0:
        raise ReaderError(f"not a readable .rtf document: {depth} group(s) not closed, a damaged or cut file")
