"""Snakemake adapter: answers.csv -> statistics, contributions, official comparison, QA."""


from foi_missing.core.logs import script_logger
from foi_missing.core.reference import load_dfe_england, load_dfe_la
from foi_missing.core.roundspec import load_round_spec
from foi_missing.core.tables import read_csv, write_csv
from foi_missing.statistics.compute import build_statistics, official_comparison


def main(smk) -> None:
    log = script_logger("statistics", smk.log[0])
    round_id = smk.wildcards.round
    try:
        spec = load_round_spec(smk.input.spec)
        answers = read_csv(smk.input.answers)
        log.info("%s: %d answers from %d authorities", round_id, len(answers),
                 answers["authority_code"].nunique())
        statistics, contributions = build_statistics(answers, spec,
                                                     load_dfe_england(smk.input.dfe_england))
        log.info("%s: %d statistics, %d contributions", round_id, len(statistics),
                 len(contributions))
        for sid in ("trafficked_missing_pct", "uasc_missing_pct", "not_found_total",
                    "dfe_england_missing_pct"):
            row = statistics.loc[statistics["statistic_id"] == sid]
            if not row.empty:
                log.info("%s: %s = %s", round_id, sid, row["text"].iloc[0])
        comparison, qa = official_comparison(answers, spec, load_dfe_la(smk.input.dfe_la))
        log.info("%s: %d English authorities compared with DfE, %d fewer_than_dfe_snapshot "
                 "warnings", round_id, len(comparison), len(qa))
        write_csv(statistics, smk.output.statistics)
        write_csv(contributions, smk.output.contributions)
        write_csv(comparison, smk.output.official_comparison)
        write_csv(qa, smk.output.qa_official)
    except Exception:
        log.exception("%s: statistics failed", round_id)
        raise


main(snakemake)  # noqa: F821 (injected by Snakemake)
