"""Zip-based formats (.docx): refuse what is not a zip, and zip bombs, before unpacking anything."""

from __future__ import annotations

import zipfile
from pathlib import Path

from foi_missing.ingest.readers.base import ReaderError

# Limits for an unpacked document: a council's letter is well under these.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBER_RATIO = 200  # uncompressed / compressed size of one member
RATIO_CHECKED_ABOVE = 1024 * 1024  # small members compress well and harm nothing
MAX_MEMBERS = 5000
# Office's pre-2007 container, also used for password-protected .docx/.xlsx.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_zip(path: Path, what: str) -> None:
    """Refuse what is not a zip file, and zip bombs, before unpacking anything."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        raise ReaderError(f"not a {what}: an OLE file (a legacy .doc, or a password-protected "
                          "document): save it as .docx or code by hand")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise ReaderError(f"not a readable {what} ({type(error).__name__}: {error})") from None
    if len(members) > MAX_MEMBERS:
        raise ReaderError(f"refused as a possible zip bomb: {len(members)} members in the {what}")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise ReaderError(f"refused as a possible zip bomb: the {what} unpacks to {total:,} bytes "
                          f"(limit {MAX_UNPACKED_BYTES:,})")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECKED_ABOVE and ratio > MAX_MEMBER_RATIO:
            raise ReaderError(f"refused as a possible zip bomb: {member.filename} unpacks "
                              f"{ratio:.0f} times its packed size")
