"""Snakemake adapter: bound every hidden cell over every printed sum -> results/disclosure_audit.csv;
fail (naming the cell and the sums) when one can be worked out (foi_missing.publication.disclosure_audit)."""

from foi_missing.core.logs import script_logger
from foi_missing.publication.disclosure_audit import run_audit


def main(smk) -> None:
    log = script_logger("disclosure_audit", smk.log[0])
    try:
        problem = run_audit(smk.params.rounds, smk.output[0], smk.params.results, smk.params.raw,
                            smk.params.published, smk.params.reference,
                            {"disclosure": dict(smk.params.disclosure)})
    except Exception:
        log.exception("disclosure audit failed")
        raise
    if problem:
        log.error("%s", problem)
        raise SystemExit(problem)
    log.info("disclosure audit passed: %s", smk.output[0])


main(snakemake)  # noqa: F821 (injected by Snakemake)
