"""Snakemake adapter: every round's statistics and answers -> results/series/."""

from foi_missing.core.logs import script_logger
from foi_missing.core.register import load_register
from foi_missing.core.roundspec import load_round_spec
from foi_missing.core.tables import read_csv, write_csv
from foi_missing.publication.figures import save_figure
from foi_missing.publication.series_figure import definition_notes, trend_figure
from foi_missing.statistics.series import (
    RoundResults,
    changes,
    like_for_like,
    round_differences,
    series_statistics,
)


def main(smk) -> None:
    log = script_logger("series", smk.log[0])
    rounds = [
        RoundResults(load_round_spec(spec), read_csv(statistics), read_csv(answers))
        for spec, statistics, answers in zip(smk.input.specs, smk.input.statistics, smk.input.answers)
    ]
    log.info("series over %d rounds: %s", len(rounds), ", ".join(r.round_id for r in rounds))
    register = load_register(smk.input.register)
    series = series_statistics(rounds)
    write_csv(series, smk.output.statistics)
    changed = changes(rounds, register)
    write_csv(changed, smk.output.changes)
    write_csv(like_for_like(rounds, register), smk.output.like_for_like)
    differences = round_differences(rounds, register)
    write_csv(differences, smk.output.differences)
    reconstructed = any(r.spec.reconstructed for r in rounds)
    source = ("Source: reconstructed FOI replies (synthetic per-authority data matching the "
              "published totals)" if reconstructed else "Source: FOI replies from UK local authorities")
    figure = trend_figure(series, source, definition_notes(differences), changed)
    save_figure(figure, smk.output.trend_png[: -len(".png")])
    log.info("wrote %d series rows", len(series))


main(snakemake)  # noqa: F821 - injected by Snakemake
