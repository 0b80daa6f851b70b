"""Each round's disclosure protection, worked out once per process.

The joint protection of a round (:func:`foi_missing.disclosure_audit.protect_round`)
is the costly part of loading a round, and one process can load a round several
times (the audit loads every round, then the series tables load them all again).
The result depends only on the files the round is loaded from and on the disclosure
rule, so it is remembered under the contents of those files: a round loaded again
from the same bytes gets a copy of the same result; a changed file is a new key.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable
from pathlib import Path

_REMEMBERED: dict[tuple, object] = {}


def source_key(files: Iterable[Path], rule) -> tuple:
    """The rule and every file's path and contents (a digest)."""
    digests = []
    for path in sorted({Path(p).resolve() for p in files}):
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        digests.append((str(path), digest))
    return (rule, tuple(digests))


def recall(key: tuple | None):
    """A copy of what was remembered under ``key`` (None when nothing was, or no key)."""
    if key is None or key not in _REMEMBERED:
        return None
    return copy.deepcopy(_REMEMBERED[key])


def remember(key: tuple | None, value) -> None:
    """Keep a copy (the caller may change its own)."""
    if key is not None:
        _REMEMBERED[key] = copy.deepcopy(value)
