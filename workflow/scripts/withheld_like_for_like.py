"""Snakemake adapter: every round's tables and the series -> results/series/withheld_like_for_like.pickle,
the like-for-like rows the series page withholds, worked out once for the series page, the tables
workbook and the disclosure audit (foi_missing.publication.series_disclosure)."""

from foi_missing.core.logs import script_logger
from foi_missing.publication.series_disclosure import save_withheld_like_for_like


def main(smk) -> None:
    log = script_logger("withheld_like_for_like", smk.log[0])
    try:
        withheld = save_withheld_like_for_like(
            smk.params.rounds, smk.output[0], smk.params.results, smk.params.raw,
            smk.params.published, smk.params.reference, {"disclosure": dict(smk.params.disclosure)})
        log.info("%d like-for-like row(s) withheld: %s", len(withheld), smk.output[0])
    except Exception:
        log.exception("withheld like-for-like rows failed")
        raise


main(snakemake)  # noqa: F821 (injected by Snakemake)
