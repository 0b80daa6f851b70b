"""Snakemake adapter: request log + replies -> results/<round>/tracker.csv, tracker.html, letters/."""

import sys
from pathlib import Path

from foi_missing.core.logs import script_logger
from foi_missing.core.register import load_register
from foi_missing.core.roundspec import RoundSpecError, load_round_spec
from foi_missing.requestkit.requests import RequestKitError
from foi_missing.requestkit.tracker import today_or, write_tracker


def main(smk) -> None:
    log = script_logger("tracker", smk.log[0])
    try:
        spec = load_round_spec(smk.params.folder)
        rows = write_tracker(spec, load_register(smk.input.register), today_or(smk.params.today),
                             Path(smk.output.csv), Path(smk.output.html), Path(smk.output.letters))
    except (RequestKitError, RoundSpecError, FileNotFoundError, ValueError) as error:
        log.error("%s", error)
        sys.exit(1)
    letters = sum(bool(row.letter_kind) for row in rows)
    log.info("%d requests tracked, %d letters written", len(rows), letters)


main(snakemake)  # noqa: F821 (injected by Snakemake)
