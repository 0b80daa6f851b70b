"""The disclosure audit on both rounds' real publication outputs (needs a finished build)."""

from pathlib import Path

import pytest

from foi_missing.disclosure_audit import run_audit

ROUNDS = ["2014-15", "2017"]
RESULTS = Path("results")


@pytest.mark.skipif(
    not all((RESULTS / r / "contributions.csv").exists() for r in ROUNDS)
    or not (RESULTS / "series" / "like_for_like.csv").exists(),
    reason="needs results/ from `uv run snakemake --cores 4` (the disclosure_audit rule runs it in every build)",
)
def test_audit_passes_on_both_rounds(tmp_path):
    output = tmp_path / "disclosure_audit.csv"
    message = run_audit(ROUNDS, output)
    assert output.exists()
    assert message is None, message
