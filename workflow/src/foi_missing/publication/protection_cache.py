"""Each round's disclosure protection, worked out once per build.

The joint protection of a round (:func:`foi_missing.publication.disclosure_audit.protect_round`)
is the costly part of loading a round (seconds for a round of several periods), and
four steps load every round: the round's report, the series page, the tables workbook
and the disclosure audit. The result depends only on the files the round is loaded
from and on the disclosure rule, so:

- in one process it is remembered under the contents of those files (a round loaded
  again from the same bytes gets a copy of the same result; a changed file is a new
  key);
- across processes the ``protection`` rule stores it in ``results/<round>/protection.pickle``
  (:func:`save_round_protection`) with a digest of that key in the file's first line;
  :func:`load_stored` gives it back only when the digest matches the files the round is
  loaded from now, so a stale file is never used: the protection is worked out again.

The stored file is the pipeline's own intermediate (like the CSV tables beside it),
not published; it is unpickled only after its digest matched.
"""

from __future__ import annotations

import copy
import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

from foi_missing.core.config import default_path

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


STORED_FILE = "protection.pickle"
_STORED_HEADER = b"foi-missing round protection; key sha256 "


def _stored_digest(key: tuple) -> bytes:
    """A digest of ``key`` that does not depend on where the project sits: each file is
    named relative to the working folder when inside it."""
    rule, files = key
    here = Path.cwd().resolve()
    named = []
    for path, digest in files:
        try:
            path = os.path.relpath(path, here) if Path(path).is_relative_to(here) else path
        except ValueError:  # another drive (Windows)
            pass
        named.append((str(path).replace(os.sep, "/"), digest))
    return hashlib.sha256(repr((rule, tuple(named))).encode("utf-8")).hexdigest().encode("ascii")


def store(path: str | Path, key: tuple, value) -> None:
    """Write ``value`` to ``path`` under ``key`` (read back by :func:`load_stored`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_STORED_HEADER + _stored_digest(key) + b"\n"
                     + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def load_stored(path: str | Path, key: tuple | None):
    """What :func:`store` wrote at ``path`` under this same ``key``; None when there is no
    such file, or it was stored from other files (then nothing is unpickled)."""
    path = Path(path)
    if key is None or not path.is_file():
        return None
    with open(path, "rb") as handle:
        header = handle.readline().rstrip(b"\n")
        if header != _STORED_HEADER + _stored_digest(key):
            return None
        return pickle.load(handle)  # the pipeline's own file, its digest checked above


def save_round_protection(round_id: str, output: str | Path, results=default_path("results"), raw=default_path("raw"),
                          published=default_path("published"), config=None) -> None:
    """Work out one round's protection (``foi_missing.publication.report.load_round``) and store it at
    ``output`` for the steps that load the round after."""
    from foi_missing.publication.report import load_round

    data = load_round(round_id, results, raw, published, config)
    store(output, data.source, data._disclosure)
