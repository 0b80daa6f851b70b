"""Snakemake adapter: every round's publication tables (+ series) -> results/tables.xlsx."""

from pathlib import Path

from foi_missing.logs import script_logger
from foi_missing.report import load_round
from foi_missing.tables import read_csv
from foi_missing.workbook import write_tables_workbook


def main(smk) -> None:
    log = script_logger("tables_workbook", smk.log[0])
    try:
        config = {"disclosure": dict(smk.params.disclosure)}
        rounds = [load_round(r, smk.params.results, smk.params.raw, smk.params.published, config)
                  for r in smk.params.rounds]
        series = {Path(path).stem: read_csv(path) for path in smk.input.series}
        write_tables_workbook(smk.output[0], rounds, series)
        log.info("wrote %s: %d round(s), %d series table(s)", smk.output[0], len(rounds),
                 len(series))
    except Exception:
        log.exception("tables workbook failed")
        raise


main(snakemake)  # noqa: F821 (injected by Snakemake)
