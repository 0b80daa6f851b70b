"""The repository explains itself: its design document exists, every relative link in the
README and docs/ resolves (file and heading), nothing cites a design file outside the
repository, and docs/design.md lists exactly the answer statuses the code accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from foi_missing.ingest.checks import ANSWERS_SCHEMA
from foi_missing.ingest.parse_value import STATUSES

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
DESIGN = DOCS / "design.md"

# Folders that are not the project's own text (environment, history, build output).
SKIPPED_DIRS = {".venv", ".git", "results", "__pycache__", ".pytest_cache", ".ruff_cache",
                ".snakemake", "node_modules"}
TEXT_SUFFIXES = {".py", ".md", ".yaml", ".yml", ".smk", ".ipynb", ".txt", ".csv", ".cff",
                 ".toml", ".rst", ".cfg", ".html", ".eml", ""}
# The outside design file, spelt in pieces so this file does not cite it itself.
OUTSIDE_DESIGN = re.compile(r"\b" + "DES" + r"IGN(?:\.md|\s+(?:section|\d))")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
DESIGN_ANCHOR = re.compile(r"docs/design\.md#([a-z0-9_-]+)")


def _project_text_files():
    for path in sorted(ROOT.rglob("*")):
        parts = set(path.relative_to(ROOT).parts)
        if parts & SKIPPED_DIRS or not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        if path.stat().st_size > 5_000_000:
            continue
        yield path


def _without_code_blocks(markdown: str) -> str:
    return re.sub(r"^```.*?^```", "", markdown, flags=re.MULTILINE | re.DOTALL)


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces -> '-'."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(markdown_file: Path) -> set[str]:
    text = _without_code_blocks(markdown_file.read_text(encoding="utf-8"))
    return {github_slug(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.MULTILINE)}


def _markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def test_design_document_has_the_promised_sections():
    found = anchors(DESIGN)
    for section in ("who-it-is-for", "vocabulary", "statuses", "data-flow", "output-contract",
                    "counting-rules", "disclosure-policy", "reconstruction-method"):
        assert section in found, f"docs/design.md has no section #{section}"


def test_no_reference_to_a_design_file_outside_the_repository():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _project_text_files()
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="ignore")
                                      .splitlines(), 1)
        if OUTSIDE_DESIGN.search(line)
    ]
    assert offenders == [], "cite docs/design.md#<section> instead:\n" + "\n".join(offenders)


@pytest.mark.parametrize("markdown", _markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(markdown: Path):
    broken = []
    for target in LINK.findall(_without_code_blocks(markdown.read_text(encoding="utf-8"))):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        linked = (markdown.parent / file_part).resolve() if file_part else markdown
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target}: no heading #{anchor} in {linked.name}")
    assert broken == [], f"{markdown.relative_to(ROOT)}: " + "; ".join(broken)


def test_design_anchors_cited_anywhere_exist():
    known = anchors(DESIGN)
    missing = sorted(
        f"{path.relative_to(ROOT)}: #{anchor}"
        for path in _project_text_files()
        for anchor in DESIGN_ANCHOR.findall(path.read_text(encoding="utf-8", errors="ignore"))
        if anchor not in known
    )
    assert missing == [], "docs/design.md has no such section:\n" + "\n".join(missing)


def _design_statuses() -> list[str]:
    text = DESIGN.read_text(encoding="utf-8")
    section = text.split("### Statuses", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\|\s*`([a-z_]+)`\s*\|", section, re.MULTILINE)


def test_design_status_list_is_the_code_status_list():
    allowed = ANSWERS_SCHEMA.columns["status"].checks[0].statistics["allowed_values"]
    assert _design_statuses() == list(STATUSES)
    assert set(allowed) == set(STATUSES)


def test_docs_index_lists_every_document():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    listed = set(LINK.findall(index))
    unlisted = [p.name for p in sorted(DOCS.glob("*.md"))
                if p.name != "README.md" and p.name not in listed]
    assert unlisted == [], f"docs/README.md does not list {unlisted}: add a line for each"


def test_github_slug():
    assert github_slug("Answers `results/<round>/answers.csv`") == "answers-resultsroundanswerscsv"
    assert github_slug("Several periods, pooling and overlap") == "several-periods-pooling-and-overlap"
