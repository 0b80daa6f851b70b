"""Bytes to text for text-based replies, refusing what is not text."""

from __future__ import annotations

from foi_missing.readers.base import ReaderError

# utf-8-sig first so a byte-order mark never ends up in the first header;
# Windows-1252 last: councils' Excel exports ("£", "’", "–").
ENCODINGS = ("utf-8-sig", "utf-8", "cp1252")
_ALLOWED_CONTROLS = set("\t\n\r\f\v")


def decode_text(data: bytes) -> str:
    if not data.strip():
        raise ReaderError("empty file")
    if b"\x00" in data:
        raise ReaderError("binary content (NUL bytes), not a text file")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_controls(text):
            raise ReaderError("binary content (control characters), not a text file")
        return text
    raise ReaderError(f"undecodable text: none of {', '.join(ENCODINGS)} decodes it")


def _mostly_controls(text: str) -> bool:
    controls = sum(1 for ch in text if (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) and ch not in _ALLOWED_CONTROLS)
    return controls > max(2, len(text) // 50)
