"""Snakemake adapter: statistics.csv + data/published/<round>.yaml -> reproduction.csv."""


from foi_missing.core.logs import script_logger
from foi_missing.core.tables import read_csv, write_csv
from foi_missing.statistics.reproduction import (
    compare,
    empty_reproduction,
    fail_on_mismatch,
    mismatches,
)


def main(smk) -> None:
    log = script_logger("reproduction", smk.log[0])
    round_id = smk.wildcards.round
    try:
        statistics = read_csv(smk.input.statistics)
        published = list(smk.input.published)
        if published:
            reproduction = compare(statistics, published[0], round_id=round_id)
        else:
            log.info("%s: no published figures file; reproduction.csv is empty", round_id)
            reproduction = empty_reproduction()
        write_csv(reproduction, smk.output.reproduction)
        reproduce = reproduction[reproduction["role"] == "reproduce"]
        bad = mismatches(reproduction)
        log.info("%s: %d of %d published figures reproduced; %d conflicting recorded", round_id,
                 len(reproduce) - len(bad), len(reproduce),
                 int((reproduction["role"] == "conflicting").sum()))
        for row in bad.itertuples():
            log.warning("%s: not reproduced: %s published %r, computed %r", round_id,
                        row.statistic_id, row.published_text, row.computed_text)
        if smk.params.fail_on_mismatch:
            fail_on_mismatch(reproduction, smk.output.reproduction)
    except Exception:
        log.exception("%s: reproduction failed", round_id)
        raise


main(snakemake)  # noqa: F821 (injected by Snakemake)
