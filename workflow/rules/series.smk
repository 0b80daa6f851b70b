# Comparisons across rounds: every statistic by round, the changes
# as the reports print them, and a like-for-like comparison.


rule series:
    input:
        code=code_of("workflow/scripts/series.py"),
        statistics=expand(f"{RESULTS}/{{round}}/statistics.csv", round=ROUNDS),
        answers=expand(f"{RESULTS}/{{round}}/answers.csv", round=ROUNDS),
        specs=expand(f"{PATHS['raw']}/{{round}}/round.yaml", round=ROUNDS),
        register=f"{PATHS['reference']}/authorities.csv",
    output:
        statistics=f"{RESULTS}/series/statistics.csv",
        changes=f"{RESULTS}/series/changes.csv",
        like_for_like=f"{RESULTS}/series/like_for_like.csv",
        differences=f"{RESULTS}/series/differences.csv",
        trend_png=report(
            f"{RESULTS}/series/figures/trend.png",
            caption="../report/trend.rst",
            category="Across rounds",
            labels={"figure": "trend"},
        ),
        trend_svg=f"{RESULTS}/series/figures/trend.svg",
    log:
        f"{RESULTS}/logs/series.log",
    benchmark:
        f"{RESULTS}/benchmarks/series.tsv"
    script:
        "../scripts/series.py"


GLOBAL_TARGETS.extend(
    [
        "{results}/series/statistics.csv",
        "{results}/series/changes.csv",
        "{results}/series/like_for_like.csv",
        "{results}/series/differences.csv",
        "{results}/series/figures/trend.png",
    ]
)
