"""Snakemake adapter: every round's publication tables (+ series) -> results/tables.xlsx."""

from foi_missing.core.logs import script_logger
from foi_missing.publication.report import load_round
from foi_missing.publication.series_report import load_series
from foi_missing.publication.workbook import write_tables_workbook


def main(smk) -> None:
    log = script_logger("tables_workbook", smk.log[0])
    try:
        config = {"disclosure": dict(smk.params.disclosure)}
        rounds = [load_round(r, smk.params.results, smk.params.raw, smk.params.published, config)
                  for r in smk.params.rounds]
        series = load_series(smk.params.rounds, smk.params.results, smk.params.raw, config,
                             smk.params.published, smk.params.reference)
        write_tables_workbook(smk.output[0], rounds, series)
        log.info("wrote %s: %d round(s) and the series tables", smk.output[0], len(rounds))
    except Exception:
        log.exception("tables workbook failed")
        raise


main(snakemake)  # noqa: F821 (injected by Snakemake)
