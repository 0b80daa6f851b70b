"""Regenerate the committed back-test table of a round's statistics from its answer key.

    uv run python tools/update_expected_statistics.py 2014-15

reads the corpus generator's answer key ``tests/fixtures/truth/<round>.csv``
(what a careful researcher would code from the reconstructed replies), puts it
in the answers table's columns (``docs/architecture.md``), computes the
statistics exactly as the pipeline's statistics step does
(``foi_missing.statistics.compute.build_statistics``, with the DfE national table of
``data/reference/``) and writes ``tests/fixtures/expected/<round>_statistics.csv``.

The integration back-test compares ``results/<round>/statistics.csv`` with that
file exactly, so any change in what the pipeline computes from the replies
shows up as a diff. Rerun this script (and review the diff before committing)
only when the answer key or the counting rules change on purpose;
``tests/unit/test_statistics.py`` fails while the committed table is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd
from foi_missing.core.reference import load_dfe_england
from foi_missing.core.register import load_register
from foi_missing.core.roundspec import RoundSpec, load_round_spec
from foi_missing.core.tables import read_csv, write_csv
from foi_missing.statistics.compute import build_statistics

REPO_ROOT = Path(__file__).resolve().parents[1]
# Names the answer key may use for the answers table's columns.
RENAMES = {"gss_code": "authority_code", "label": "question", "name": "authority_name"}


def truth_answers(truth_path: str | Path, spec: RoundSpec) -> pd.DataFrame:
    """The answer key as an answers table: codebook columns from the round spec, names
    and nations from the authority register where the key does not carry them."""
    truth = read_csv(truth_path).rename(columns=lambda c: RENAMES.get(c, c))
    missing = {"authority_code", "question", "status"} - set(truth.columns)
    if missing:
        raise ValueError(f"{truth_path}: lacks columns {', '.join(sorted(missing))}")
    questions = {q.label: q for q in spec.questions}
    unknown = sorted(set(truth["question"]) - set(questions))
    if unknown:
        raise ValueError(f"{truth_path}: questions not in round {spec.round_id}: {unknown}")
    for column in ("cohort", "sub_cohort", "measure", "period"):
        if column == "period" and column in truth and truth[column].notna().all():
            continue  # the key names each answer's period (a question may ask about several)
        by_label = {label: getattr(q, column) for label, q in questions.items()}
        from_spec = truth["question"].map(by_label)
        truth[column] = truth[column].fillna(from_spec) if column in truth else from_spec
    if "authority_name" not in truth or "nation" not in truth:
        register = load_register()
        entries = {code: register.get(code) for code in truth["authority_code"].unique()}
        if "authority_name" not in truth:
            truth["authority_name"] = truth["authority_code"].map(lambda c: entries[c].name)
        if "nation" not in truth:
            truth["nation"] = truth["authority_code"].map(lambda c: entries[c].nation)
    for column in ("value", "lower", "upper", "covers"):
        if column not in truth:
            truth[column] = pd.NA
    if "round" not in truth:
        truth.insert(0, "round", spec.round_id)
    return truth


def expected_statistics(truth_path: str | Path, spec: RoundSpec) -> pd.DataFrame:
    """What the pipeline's statistics.csv must hold when ingest codes every reply right."""
    statistics, _ = build_statistics(truth_answers(truth_path, spec), spec, load_dfe_england())
    return statistics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("round", help="round id, e.g. 2014-15")
    args = parser.parse_args(argv)
    truth = REPO_ROOT / "tests" / "fixtures" / "truth" / f"{args.round}.csv"
    if not truth.exists():
        print(f"{truth}: no answer key (run the corpus generator first)", file=sys.stderr)
        return 1
    spec = load_round_spec(REPO_ROOT / "data" / "raw" / args.round)
    out = REPO_ROOT / "tests" / "fixtures" / "expected" / f"{args.round}_statistics.csv"
    write_csv(expected_statistics(truth, spec), out)
    print(f"wrote {out.relative_to(REPO_ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
