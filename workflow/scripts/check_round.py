"""Snakemake adapter: every problem of a round folder -> results/<round>/folder_check.txt."""

from pathlib import Path

from foi_missing.core.logs import script_logger
from foi_missing.ingest.ledger import check_round_report


def main(smk) -> None:
    log = script_logger("check_round", smk.log[0])
    report, problems = check_round_report(smk.params.folder, smk.input.register)
    Path(smk.output[0]).write_text(report, encoding="utf-8")
    log.info("%s: %d problem(s); see %s", smk.wildcards.round, problems, smk.output[0])


main(snakemake)  # noqa: F821 (injected by Snakemake)
