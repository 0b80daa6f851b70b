"""Snakemake adapter: statistics.csv + answers.csv -> results/<round>/figures/*.png|svg."""

from pathlib import Path

from foi_missing.core.logs import script_logger
from foi_missing.core.roundspec import load_round_spec
from foi_missing.core.tables import read_csv
from foi_missing.publication.figures import round_figures, save_figure


def main(smk) -> None:
    log = script_logger("figures", smk.log[0])
    round_id = smk.wildcards.round
    try:
        spec = load_round_spec(smk.input.spec)
        statistics = read_csv(smk.input.statistics)
        answers = read_csv(smk.input.answers)
        folder = Path(smk.params.folder)
        for name, figure in round_figures(statistics, answers, spec).items():
            for path in save_figure(figure, folder / name):
                log.info("%s: wrote %s", round_id, path)
    except Exception:
        log.exception("%s: figures failed", round_id)
        raise


main(snakemake)  # noqa: F821 (injected by Snakemake)
