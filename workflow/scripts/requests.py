"""Snakemake adapter: data/raw/<round>/round.yaml -> results/<round>/requests/."""

import sys
from pathlib import Path

from foi_missing.core.logs import script_logger
from foi_missing.core.register import load_register
from foi_missing.core.roundspec import RoundSpecError, load_round_spec
from foi_missing.requestkit.requests import RequestKitError, problem_lines, write_requests


def main(smk) -> None:
    log = script_logger("requests", smk.log[0])
    try:
        spec = load_round_spec(smk.params.folder)
        summary = write_requests(spec, load_register(smk.input.register), Path(smk.output.folder))
    except (RequestKitError, RoundSpecError) as error:
        log.error("%s", error)
        sys.exit(1)
    log.info("%d requests written to %s", len(summary), smk.output.folder)
    register = load_register(smk.input.register)
    eligible = len(register.active_on(spec.date_sent, children_services_only=True))
    if len(summary) < eligible:
        log.warning("%d of the %d authorities with children's services on %s are not in %s: "
                    "they get no request", eligible - len(summary), eligible, spec.date_sent,
                    spec.request_log)
    for line in problem_lines(summary):
        log.warning("%s", line)


main(snakemake)  # noqa: F821 (injected by Snakemake)
