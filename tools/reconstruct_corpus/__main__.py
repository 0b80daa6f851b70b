"""CLI: ``uv run python -m tools.reconstruct_corpus --round 2014-15 [--out DIR] [--truth-dir DIR]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .generate import GenerationError, build, write

REPO_ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.reconstruct_corpus",
        description="Write the RECONSTRUCTED (synthetic) raw FOI corpus of a round and its answer key.",
    )
    parser.add_argument("--round", required=True, dest="round_id", help="round id, e.g. 2014-15")
    parser.add_argument("--out", type=Path, help="output folder (default data/raw/<round>)")
    parser.add_argument("--truth-dir", type=Path, help="answer-key folder (default tests/fixtures/truth)")
    parser.add_argument("--reference-dir", type=Path, help="reference tables (default data/reference)")
    parser.add_argument("--repo-root", type=Path, default=REPO_ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.repo_root.resolve()
    out = args.out or root / "data" / "raw" / args.round_id
    truth_dir = args.truth_dir or root / "tests" / "fixtures" / "truth"
    try:
        corpus = build(args.round_id, root, args.reference_dir)
    except GenerationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    written = write(corpus, out, truth_dir)
    multi = len(corpus.spec.get("periods") or []) > 1
    by_period = corpus.statistics if multi else {"": corpus.statistics}
    print(f"round {args.round_id}: {len(corpus.replies)} request-log rows, "
          f"{sum(1 for r in corpus.replies if r.filename)} reply files -> {out}")
    for period, stats in by_period.items():
        if period:
            print(f" period {period}:")
        for key in ("trafficked_in_care", "trafficked_went_missing", "trafficked_missing_pct",
                    "trafficked_authorities_with_missing", "trafficked_mean_episodes", "uasc_in_care",
                    "uasc_went_missing", "uasc_missing_pct", "uasc_authorities_with_missing",
                    "not_found_total", "authorities_with_not_found", "combined_in_care", "combined_went_missing"):
            print(f"  {key}: {stats.get(key)}")
    print(f"  wrote {len(written)} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
