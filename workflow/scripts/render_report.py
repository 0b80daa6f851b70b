"""Snakemake adapter: round tables -> results/report/<round>.html and the executed notebook."""

import logging
import sys

from foi_missing.render import render
from foi_missing.report import git_commit
from foi_missing.roundspec import load_round_spec


def setup_logging(log_file: str) -> logging.Logger:
    """Log to the rule's log file and, for progress, to stderr."""
    logger = logging.getLogger("round_report")
    logger.setLevel(logging.INFO)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(message)s")
    for handler in (logging.FileHandler(log_file, mode="w", encoding="utf-8"),
                    logging.StreamHandler(sys.stderr)):
        handler.setFormatter(formatter)
        logger.addHandler(handler)
    return logger


def main(smk) -> None:
    log = setup_logging(smk.log[0])
    round_id = smk.wildcards.round
    try:
        spec = load_round_spec(f"{smk.params.raw}/{round_id}")
        commit = git_commit(".")
        log.info("%s: building the report from commit %s", round_id, commit)
        parameters = {
            "round_id": round_id,
            "results": smk.params.results,
            "raw": smk.params.raw,
            "published": smk.params.published,
            "disclosure": dict(smk.params.disclosure),
            "commit": commit,
        }
        render(smk.input.notebook, parameters, smk.output.html, smk.output.notebook,
               title=f"Round {round_id}: {spec.title}", cwd=".", log=log)
    except Exception:
        log.exception("%s: round report failed", round_id)
        raise


main(snakemake)  # noqa: F821 (injected by Snakemake)
