"""Snakemake adapter: a round's tables -> results/<round>/protection.pickle, the round's
disclosure protection worked out once for every later step (foi_missing.publication.protection_cache)."""

from foi_missing.core.logs import script_logger
from foi_missing.publication.protection_cache import save_round_protection


def main(smk) -> None:
    log = script_logger("protection", smk.log[0])
    round_id = smk.wildcards.round
    try:
        save_round_protection(round_id, smk.output[0], smk.params.results, smk.params.raw,
                              smk.params.published, {"disclosure": dict(smk.params.disclosure)})
        log.info("%s: protection worked out: %s", round_id, smk.output[0])
    except Exception:
        log.exception("%s: protection failed", round_id)
        raise


main(snakemake)  # noqa: F821 (injected by Snakemake)
