"""Snakemake adapter: data/raw/<round>/ -> answers.csv, qa.csv, to_code.csv."""

import sys

from foi_missing.core.logs import script_logger
from foi_missing.core.tables import write_csv
from foi_missing.ingest.checks import StrictModeError, enforce_strict
from foi_missing.ingest.folder import IngestError
from foi_missing.ingest.ledger import ingest_round


def main(smk) -> None:
    log = script_logger("ingest", smk.log[0])
    round_id = smk.wildcards.round
    try:
        result = ingest_round(smk.params.folder, smk.input.register,
                              default_suppression=tuple(smk.params.default_suppression),
                              strict=smk.params.strict,
                              qualified_answers=smk.config.get("qualified_answers", "count"))
    except IngestError as error:
        log.error("%s: %s", round_id, error)
        sys.exit(1)
    write_csv(result.answers, smk.output.answers)
    write_csv(result.qa, smk.output.qa)
    write_csv(result.to_code, smk.output.to_code)
    log.info(result.summary())
    for row in result.qa.loc[result.qa["severity"] == "error"].itertuples():
        log.warning("%s: %s %s: %s", round_id, row.rule, row.authority_code, row.message)
    if len(result.to_code):
        log.info("%s: %d answers to code by hand, listed in %s", round_id, len(result.to_code),
                 smk.output.to_code)
    if smk.params.strict:
        try:
            enforce_strict(result.answers, result.qa)
        except StrictModeError as error:
            log.error("%s: %s", round_id, error)
            sys.exit(1)


main(snakemake)  # noqa: F821 (injected by Snakemake)
