"""Bytes to text for text-based replies (.txt, .csv, e-mail text parts), refusing what is not text.

UTF-8 (with or without a byte-order mark) and UTF-16 or UTF-32 (with a byte-order
mark, or UTF-16 text without one) are read as such. Other bytes are judged by
charset-normalizer among the encodings a UK council's files are plausibly in
(Windows-1252 from Excel on Windows, Mac Roman from older Excel on a Mac). A
reading it is not confident of is never taken silently: a file is refused with
the reason, and an e-mail part is flagged (see ``readers.email.part_text``).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import charset_normalizer

from foi_missing.ingest.readers.base import FileFinding, ReaderError

# Candidates for charset-normalizer. Left free, it reads a short Windows-1252 text as
# Ukrainian cp1125 or "£" as cp1250's "Ł"; these are what councils' software writes.
PLAUSIBLE_ENCODINGS = ("utf_8", "cp1252", "iso8859_15", "mac_roman", "utf_16")
# The mess charset-normalizer may find in a reading it is confident of (its own default
# accepts 0.2, which lets Mac Roman "read" bytes that are in no encoding at all).
MAX_CHAOS = 0.05
# Windows-1252 is what an unlabelled non-UTF-8 file from a UK council usually is:
# reading a file in it needs no note; any other detected encoding does.
USUAL_ENCODING = "cp1252"
_BYTE_ORDER_MARKS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALLOWED_CONTROLS = set("\t\n\r\f\v")


@dataclass(frozen=True)
class Detected:
    """A text decoded in the encoding charset-normalizer judged it to be in."""

    text: str
    encoding: str


def detect_encoding(data: bytes) -> Detected | None:
    """charset-normalizer's confident reading of ``data`` among the plausible encodings, else None."""
    matches = charset_normalizer.from_bytes(data, cp_isolation=list(PLAUSIBLE_ENCODINGS))
    confident = [match for match in matches if match.chaos <= MAX_CHAOS]
    if not confident:
        return None
    # The least messy reading; between equally clean ones (Windows-1252 and Mac Roman both
    # read most short texts cleanly), the usual one rather than charset-normalizer's
    # language guess, which a letterhead's words can sway.
    best = min(confident, key=lambda match: (match.chaos, match.encoding != USUAL_ENCODING))
    return Detected(str(best), best.encoding)


def decode_text(data: bytes) -> tuple[str, FileFinding | None]:
    """A text file's text, and a finding when it was read in an encoding worth checking.

    Raises ReaderError for an empty or binary file, and for text whose encoding cannot
    be told with confidence (it is for a person to read from the original).
    """
    if not data.strip():
        raise ReaderError("empty file")
    text, finding = _unicode_text(data)
    if text is None:
        if b"\x00" in data:
            raise ReaderError("binary content (NUL bytes), not a text file")
        detected = detect_encoding(data)
        if detected is None:
            tried = ", ".join(PLAUSIBLE_ENCODINGS)
            raise ReaderError(
                f"undecodable text: not UTF-8, and charset-normalizer is not confident it is in any of "
                f"{tried}: read it from the original and code it by hand")
        text = detected.text
        if detected.encoding != USUAL_ENCODING:
            finding = FileFinding("warning", f"text is not UTF-8 or Windows-1252: read as {detected.encoding} "
                                             "(detected by charset-normalizer); check its text")
    if _mostly_controls(text):
        raise ReaderError("binary content (control characters), not a text file")
    return text, finding


def _unicode_text(data: bytes) -> tuple[str | None, FileFinding | None]:
    """The text when the bytes are UTF-8, or UTF-16/32 by their byte-order mark or NUL pattern."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError as error:
                raise ReaderError(f"starts with a {encoding.upper()} byte-order mark but is not valid "
                                  f"{encoding.upper()} (byte {error.start:,})") from None
    # Before UTF-8: UTF-16 text of ASCII characters is valid UTF-8 full of NULs.
    encoding = _utf16_without_mark(data)
    if encoding is not None:
        try:
            return data.decode(encoding), FileFinding(
                "warning", f"text is {encoding.upper()} without a byte-order mark: read as such; check its text")
        except UnicodeDecodeError:
            return None, None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, None


def _utf16_without_mark(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark: most of its characters have a zero byte on one side."""
    if len(data) < 4 or len(data) % 2:
        return None
    units = len(data) // 2
    zeros_first, zeros_second = data[0::2].count(0), data[1::2].count(0)
    if zeros_second > units // 2 and zeros_first == 0:
        return "utf-16-le"
    if zeros_first > units // 2 and zeros_second == 0:
        return "utf-16-be"
    return None


def _mostly_controls(text: str) -> bool:
    controls = sum(1 for ch in text if (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) and ch not in _ALLOWED_CONTROLS)
    return controls > max(2, len(text) // 50)
