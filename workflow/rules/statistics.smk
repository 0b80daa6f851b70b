# Statistics, reproduction and figures of a round, from answers.csv alone.
# Logic: foi_missing.statistics.compute, foi_missing.statistics.reproduction, foi_missing.publication.figures.

from foi_missing.publication.figure_names import NATIONAL_FIGURES, ROUND_FIGURES


rule statistics:
    input:
        code=code_of("workflow/scripts/statistics.py"),
        answers=f"{RESULTS}/{{round}}/answers.csv",
        spec=f"{PATHS['raw']}/{{round}}/round.yaml",
        dfe_la=f"{PATHS['reference']}/dfe_la_looked_after.csv",
        dfe_england=f"{PATHS['reference']}/dfe_england_looked_after.csv",
    output:
        statistics=f"{RESULTS}/{{round}}/statistics.csv",
        contributions=f"{RESULTS}/{{round}}/contributions.csv",
        official_comparison=f"{RESULTS}/{{round}}/official_comparison.csv",
        qa_official=f"{RESULTS}/{{round}}/qa_official.csv",
    log:
        f"{RESULTS}/logs/{{round}}/statistics.log",
    benchmark:
        f"{RESULTS}/benchmarks/{{round}}/statistics.tsv"
    script:
        "../scripts/statistics.py"


rule reproduction:
    input:
        code=code_of("workflow/scripts/reproduction.py"),
        statistics=f"{RESULTS}/{{round}}/statistics.csv",
        published=published_figures,
        settings=settings_file("reproduction"),
    output:
        # Not in the --report zip: it holds per-authority figures without disclosure
        # control (the controlled reproduction table is in the round report and tables.xlsx).
        reproduction=f"{RESULTS}/{{round}}/reproduction.csv",
    log:
        f"{RESULTS}/logs/{{round}}/reproduction.log",
    benchmark:
        f"{RESULTS}/benchmarks/{{round}}/reproduction.tsv"
    params:
        fail_on_mismatch=STEP_SETTINGS["reproduction"]["fail_on_mismatch"],
    script:
        "../scripts/reproduction.py"


rule figures:
    input:
        code=code_of("workflow/scripts/figures.py"),
        statistics=f"{RESULTS}/{{round}}/statistics.csv",
        answers=f"{RESULTS}/{{round}}/answers.csv",
        spec=f"{PATHS['raw']}/{{round}}/round.yaml",
    output:
        [
            (
                report(
                    f"{RESULTS}/{{round}}/figures/{name}.png",
                    caption="../report/figures.rst",
                    category="Figures",
                    labels={"round": "{round}", "figure": name},
                )
                if name in NATIONAL_FIGURES
                else f"{RESULTS}/{{round}}/figures/{name}.png"
            )
            for name in ROUND_FIGURES
        ]
        + [f"{RESULTS}/{{round}}/figures/{name}.svg" for name in ROUND_FIGURES],
    log:
        f"{RESULTS}/logs/{{round}}/figures.log",
    benchmark:
        f"{RESULTS}/benchmarks/{{round}}/figures.tsv"
    params:
        folder=lambda wildcards: f"{RESULTS}/{wildcards.round}/figures",
    script:
        "../scripts/figures.py"


ROUND_TARGETS.extend(
    [
        "{results}/{round}/statistics.csv",
        "{results}/{round}/contributions.csv",
        "{results}/{round}/official_comparison.csv",
        "{results}/{round}/qa_official.csv",
        "{results}/{round}/reproduction.csv",
    ]
    + [
        f"{{results}}/{{round}}/figures/{name}.{ext}"
        for name in ROUND_FIGURES
        for ext in ("png", "svg")
    ]
)
