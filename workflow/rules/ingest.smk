# Ingest: data/raw/<round>/ -> answers.csv, qa.csv, to_code.csv.
# Logic: foi_missing.ingest.ledger (readers, coding sheet), foi_missing.ingest.checks (schemas, QA).
REGISTER = f"{PATHS['reference']}/authorities.csv"


rule ingest:
    input:
        code=code_of("workflow/scripts/ingest.py"),
        raw=round_raw_files,
        register=REGISTER,
        settings=settings_file("ingest"),
    output:
        answers=f"{RESULTS}/{{round}}/answers.csv",
        qa=f"{RESULTS}/{{round}}/qa.csv",
        to_code=f"{RESULTS}/{{round}}/to_code.csv",
    log:
        f"{RESULTS}/logs/{{round}}/ingest.log",
    benchmark:
        f"{RESULTS}/benchmarks/{{round}}/ingest.tsv"
    params:
        folder=lambda wildcards: str(raw_dir(wildcards.round)),
        strict=STEP_SETTINGS["ingest"]["strict"],
        default_suppression=STEP_SETTINGS["ingest"]["default_suppression"],
    script:
        "../scripts/ingest.py"


# A round folder's problems, all of them, while replies arrive: an explicit
# target (snakemake results/<round>/folder_check.txt), not part of `all`. Any
# folder under data/raw may be checked, also one not yet listed in config.yaml.
rule check_round:
    input:
        code=code_of("workflow/scripts/check_round.py"),
        raw=round_raw_files,
        register=REGISTER,
    output:
        f"{RESULTS}/{{round}}/folder_check.txt",
    log:
        f"{RESULTS}/logs/{{round}}/check_round.log",
    benchmark:
        f"{RESULTS}/benchmarks/{{round}}/check_round.tsv"
    wildcard_constraints:
        round=r"[0-9]{4}(-[0-9]{2})?",  # a round id (round.schema.yaml): no "..", no slash
    params:
        folder=lambda wildcards: str(raw_dir(wildcards.round)),
    script:
        "../scripts/check_round.py"


ROUND_TARGETS.extend(
    [
        "{results}/{round}/answers.csv",
        "{results}/{round}/qa.csv",
        "{results}/{round}/to_code.csv",
    ]
)
