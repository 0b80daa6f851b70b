# The report reviewers read: per round an executed notebook rendered to
# one self-contained HTML file, a series page across rounds (results/report/series.html)
# and one tables workbook over all rounds; `publish`
# copies them to the publication folder. Logic: foi_missing.publication.report (sections),
# foi_missing.publication.render (execute + HTML), foi_missing.publication.workbook, foi_missing.publication.disclosure.

REPORT_NOTEBOOK = "notebooks/round_report.ipynb"
TEMPLATES = [
    "workflow/src/foi_missing/publication/templates/foi_report/index.html.j2",
    "workflow/src/foi_missing/publication/templates/foi_report/conf.json",
]
REPORT_CODE = (
    code_of(
        "workflow/scripts/render_report.py",
        "workflow/scripts/tables_workbook.py",
        "workflow/scripts/disclosure_audit.py",
        REPORT_NOTEBOOK,
    )
    + TEMPLATES
)
SERIES_NOTEBOOK = "notebooks/series_report.ipynb"
SERIES_CODE = (
    code_of("workflow/scripts/render_series_report.py", SERIES_NOTEBOOK) + TEMPLATES
)
# Tables the round report reads (docs/architecture.md), all made by earlier rules.
REPORT_TABLES = [
    "answers",
    "qa",
    "statistics",
    "contributions",
    "reproduction",
    "official_comparison",
    "qa_official",
]


report: "../report/workflow.rst"


# Each round's disclosure protection, worked out once for the four steps that load the
# round (its report, the series page, the tables workbook, the audit).
rule protection:
    input:
        tables=expand(f"{RESULTS}/{{{{round}}}}/{{name}}.csv", name=REPORT_TABLES),
        raw=round_raw_files,
        published=published_figures,
        code=code_of("workflow/scripts/protection.py"),
        settings=settings_file("disclosure"),
    output:
        f"{RESULTS}/{{round}}/protection.pickle",
    log:
        f"{RESULTS}/logs/{{round}}/protection.log",
    benchmark:
        f"{RESULTS}/benchmarks/{{round}}/protection.tsv"
    params:
        results=RESULTS,
        raw=PATHS["raw"],
        published=PATHS["published"],
        disclosure=STEP_SETTINGS["disclosure"]["disclosure"],
    script:
        "../scripts/protection.py"


# The like-for-like rows the series page withholds (they would narrow a hidden cell together
# with everything else printed; foi_missing.publication.disclosure_audit), worked out once for
# the three steps that print or check them: the series page, the tables workbook, the audit.
rule withheld_like_for_like:
    input:
        tables=expand(
            f"{RESULTS}/{{round}}/{{name}}.csv", round=ROUNDS, name=REPORT_TABLES
        ),
        protection=protection_files(ROUNDS),
        specs=[f"{PATHS['raw']}/{r}/round.yaml" for r in ROUNDS],
        series=rules.series.output,
        register=f"{PATHS['reference']}/authorities.csv",
        code=code_of("workflow/scripts/withheld_like_for_like.py"),
        settings=settings_file("disclosure"),
    output:
        WITHHELD_LIKE_FOR_LIKE,
    log:
        f"{RESULTS}/logs/withheld_like_for_like.log",
    benchmark:
        f"{RESULTS}/benchmarks/withheld_like_for_like.tsv"
    params:
        rounds=ROUNDS,
        results=RESULTS,
        raw=PATHS["raw"],
        published=PATHS["published"],
        reference=PATHS["reference"],
        disclosure=STEP_SETTINGS["disclosure"]["disclosure"],
    script:
        "../scripts/withheld_like_for_like.py"


rule round_report:
    input:
        notebook=REPORT_NOTEBOOK,
        tables=expand(f"{RESULTS}/{{{{round}}}}/{{name}}.csv", name=REPORT_TABLES),
        protection=f"{RESULTS}/{{round}}/protection.pickle",
        raw=round_raw_files,
        published=published_figures,
        code=REPORT_CODE,
        settings=settings_file("disclosure"),
    output:
        html=report(
            f"{RESULTS}/report/{{round}}.html",
            caption="../report/round_report.rst",
            category="Round reports",
            labels={"round": "{round}", "file": "report (HTML)"},
        ),
        notebook=f"{RESULTS}/report/{{round}}.ipynb",
    log:
        f"{RESULTS}/logs/{{round}}/report.log",
    benchmark:
        f"{RESULTS}/benchmarks/{{round}}/report.tsv"
    params:
        results=RESULTS,
        raw=PATHS["raw"],
        published=PATHS["published"],
        disclosure=STEP_SETTINGS["disclosure"]["disclosure"],
    script:
        "../scripts/render_report.py"


rule tables_workbook:
    input:
        tables=expand(
            f"{RESULTS}/{{round}}/{{name}}.csv", round=ROUNDS, name=REPORT_TABLES
        ),
        protection=protection_files(ROUNDS),
        withheld=withheld_like_for_like_file(),
        specs=[f"{PATHS['raw']}/{r}/round.yaml" for r in ROUNDS],
        series=rules.series.output,
        register=f"{PATHS['reference']}/authorities.csv",
        code=REPORT_CODE,
        settings=settings_file("disclosure"),
    output:
        report(
            f"{RESULTS}/tables.xlsx",
            caption="../report/tables_workbook.rst",
            category="Tables",
            labels={"file": "tables workbook (xlsx)"},
        ),
    log:
        f"{RESULTS}/logs/tables_workbook.log",
    benchmark:
        f"{RESULTS}/benchmarks/tables_workbook.tsv"
    params:
        rounds=ROUNDS,
        results=RESULTS,
        raw=PATHS["raw"],
        published=PATHS["published"],
        reference=PATHS["reference"],
        disclosure=STEP_SETTINGS["disclosure"]["disclosure"],
    script:
        "../scripts/tables_workbook.py"


# The series page: every round side by side, from the outputs of rule
# `series` (workflow/rules/series.smk); links to and from the round reports.
rule series_report:
    input:
        notebook=SERIES_NOTEBOOK,
        tables=[
            f"{RESULTS}/series/{name}.csv"
            for name in ("statistics", "changes", "like_for_like", "differences")
        ],
        trend=f"{RESULTS}/series/figures/trend.png",
        specs=[f"{PATHS['raw']}/{r}/round.yaml" for r in ROUNDS],
        # Like-for-like rows are withheld where they would narrow a hidden cell
        # (foi_missing.publication.disclosure_audit), which needs every round's tables.
        round_tables=expand(
            f"{RESULTS}/{{round}}/{{name}}.csv", round=ROUNDS, name=REPORT_TABLES
        ),
        protection=protection_files(ROUNDS),
        withheld=withheld_like_for_like_file(),
        register=f"{PATHS['reference']}/authorities.csv",
        code=SERIES_CODE,
        settings=settings_file("disclosure"),
    output:
        html=report(
            f"{RESULTS}/report/series.html",
            caption="../report/series_report.rst",
            category="Round reports",
            labels={"round": "all rounds", "file": "series page (HTML)"},
        ),
        notebook=f"{RESULTS}/report/series.ipynb",
    log:
        f"{RESULTS}/logs/series_report.log",
    benchmark:
        f"{RESULTS}/benchmarks/series_report.tsv"
    params:
        rounds=ROUNDS,
        results=RESULTS,
        raw=PATHS["raw"],
        disclosure=STEP_SETTINGS["disclosure"]["disclosure"],
    script:
        "../scripts/render_series_report.py"


# Before publishing: bound every hidden cell over every sum the outputs print
# (docs/disclosure.md); fails, naming the cell and the sums, when one can be worked out.
rule disclosure_audit:
    input:
        tables=expand(
            f"{RESULTS}/{{round}}/{{name}}.csv", round=ROUNDS, name=REPORT_TABLES
        ),
        protection=protection_files(ROUNDS),
        withheld=withheld_like_for_like_file(),
        specs=[f"{PATHS['raw']}/{r}/round.yaml" for r in ROUNDS],
        series=rules.series.output,
        register=f"{PATHS['reference']}/authorities.csv",
        code=REPORT_CODE,
        settings=settings_file("disclosure"),
    output:
        f"{RESULTS}/disclosure_audit.csv",
    log:
        f"{RESULTS}/logs/disclosure_audit.log",
    benchmark:
        f"{RESULTS}/benchmarks/disclosure_audit.tsv"
    params:
        rounds=ROUNDS,
        results=RESULTS,
        raw=PATHS["raw"],
        published=PATHS["published"],
        reference=PATHS["reference"],
        disclosure=STEP_SETTINGS["disclosure"]["disclosure"],
    script:
        "../scripts/disclosure_audit.py"


# Not part of `all`: run `snakemake publish` to refresh the published copies
# (docs/report/ by default, config paths.publish) from a finished build.
rule publish:
    input:
        html=expand(f"{RESULTS}/report/{{round}}.html", round=ROUNDS)
        + [f"{RESULTS}/report/series.html"],
        notebooks=expand(f"{RESULTS}/report/{{round}}.ipynb", round=ROUNDS)
        + [f"{RESULTS}/report/series.ipynb"],
        tables=f"{RESULTS}/tables.xlsx",
        audit=f"{RESULTS}/disclosure_audit.csv",
    output:
        html=expand(f"{PATHS['publish']}/{{round}}.html", round=ROUNDS)
        + [f"{PATHS['publish']}/series.html"],
        notebooks=expand(f"{PATHS['publish']}/{{round}}.ipynb", round=ROUNDS)
        + [f"{PATHS['publish']}/series.ipynb"],
        tables=f"{PATHS['publish']}/tables.xlsx",
    log:
        f"{RESULTS}/logs/publish.log",
    benchmark:
        f"{RESULTS}/benchmarks/publish.tsv"
    script:
        "../scripts/publish.py"


ROUND_TARGETS.extend(
    ["{results}/report/{round}.html", "{results}/report/{round}.ipynb"]
)
GLOBAL_TARGETS.extend(
    [
        "{results}/tables.xlsx",
        # Every build audits what it would publish, not only `publish`.
        "{results}/disclosure_audit.csv",
        "{results}/report/series.html",
        "{results}/report/series.ipynb",
    ]
)
