"""Snakemake adapter: round tables -> results/report/<round>.html and the executed notebook."""

from foi_missing.core.logs import script_logger
from foi_missing.core.roundspec import load_round_spec
from foi_missing.publication.render import render
from foi_missing.publication.report_sections.provenance import git_commit


def main(smk) -> None:
    log = script_logger("round_report", smk.log[0])
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
