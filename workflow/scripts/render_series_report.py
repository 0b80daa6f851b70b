"""Snakemake adapter: results/series/ -> results/report/series.html and the executed notebook."""

from foi_missing.core.logs import script_logger
from foi_missing.publication.render import render
from foi_missing.publication.report_sections.provenance import git_commit


def main(smk) -> None:
    log = script_logger("series_report", smk.log[0])
    try:
        commit = git_commit(".")
        rounds = list(smk.params.rounds)
        log.info("series page over %d round(s) (%s) from commit %s", len(rounds),
                 ", ".join(rounds), commit)
        parameters = {
            "rounds": rounds,
            "results": smk.params.results,
            "raw": smk.params.raw,
            "disclosure": dict(smk.params.disclosure),
            "commit": commit,
        }
        render(smk.input.notebook, parameters, smk.output.html, smk.output.notebook,
               title="Across rounds: FOI series", cwd=".", log=log)
    except Exception:
        log.exception("series report failed")
        raise


main(snakemake)  # noqa: F821 (injected by Snakemake)
