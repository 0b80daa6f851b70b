"""The report's footer: the commit it was built from and the SHA-256 of every input."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from foi_missing.core.config import default_path
from foi_missing.publication.report_sections.blocks import details, esc, html_table

if TYPE_CHECKING:
    from foi_missing.publication.report_sections.round_data import RoundData


def git_commit(folder: str | Path = ".", exclude: Sequence[str] = (default_path("publish"),)) -> str:
    """The commit the project folder is at: "<sha>", "<sha> with uncommitted changes",
    "uncommitted" (no commit yet) or "unknown" (no git, or not a repository).
    ``exclude``: paths whose changes do not count (the published copies)."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True,
                              text=True, timeout=30, check=False)
        if head.returncode != 0:
            inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=folder,
                                    capture_output=True, text=True, timeout=30, check=False)
            return "uncommitted" if inside.returncode == 0 else "unknown"
        sha = head.stdout.strip()
        pathspec = ["--", "."] + [f":(exclude){p}" for p in exclude]
        status = subprocess.run(["git", "status", "--porcelain", *pathspec], cwd=folder,
                                capture_output=True, text=True, timeout=60, check=False)
        if status.returncode != 0:
            return sha
        return f"{sha} with uncommitted changes" if status.stdout.strip() else sha
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def checksums(paths: Iterable[str | Path]) -> pd.DataFrame:
    rows = [{"File": Path(p).as_posix(), "SHA-256": sha256_file(p)} for p in paths]
    return pd.DataFrame(rows, columns=["File", "SHA-256"])


def footer_html(data: RoundData, commit: str) -> str:
    table = checksums(data.inputs)
    combined = hashlib.sha256("".join(f"{f}  {h}\n" for f, h in
                                      zip(table["File"], table["SHA-256"])).encode()).hexdigest()
    return (
        '<footer class="provenance">'
        f"<p>Built by the foi-missing pipeline from commit <code>{esc(commit)}</code>. "
        f"Inputs: {len(table)} files, combined SHA-256 <code>{combined}</code> (SHA-256 of the "
        "list below, one \"file  checksum\" line each).</p>"
        + details("SHA-256 of every input file", html_table(table, "report-table checksums"))
        + "</footer>"
    )
