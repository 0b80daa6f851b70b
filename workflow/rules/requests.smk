# Running a round: requests and answer forms, then the tracker while replies
# arrive. On demand only, never part of `all`:
#   snakemake results/<round>/requests
#   snakemake results/<round>/tracker.csv   (FOI_TODAY=YYYY-MM-DD for another "today")
# Replies come in with `python -m foi_missing.requestkit import-mail` (docs/running-a-round.md).
# Any folder under data/raw may be used, also a round not yet listed in config.yaml.


rule requests:
    input:
        code=code_of("workflow/scripts/requests.py"),
        spec=lambda wildcards: str(raw_dir(wildcards.round) / "round.yaml"),
        requester=requester_file,
        log=request_log_if_any,
        register=REGISTER,
    output:
        folder=directory(f"{RESULTS}/{{round}}/requests"),
    log:
        f"{RESULTS}/logs/{{round}}/requests.log",
    wildcard_constraints:
        round=r"[0-9]{4}(-[0-9]{2})?",
    params:
        folder=lambda wildcards: str(raw_dir(wildcards.round)),
    script:
        "../scripts/requests.py"


rule tracker:
    input:
        code=code_of("workflow/scripts/tracker.py"),
        raw=round_raw_files,
        register=REGISTER,
        settings=settings_file("tracker"),
    output:
        csv=f"{RESULTS}/{{round}}/tracker.csv",
        html=f"{RESULTS}/{{round}}/tracker.html",
        letters=directory(f"{RESULTS}/{{round}}/letters"),
    log:
        f"{RESULTS}/logs/{{round}}/tracker.log",
    wildcard_constraints:
        round=r"[0-9]{4}(-[0-9]{2})?",
    params:
        folder=lambda wildcards: str(raw_dir(wildcards.round)),
        today=STEP_SETTINGS["tracker"]["today"],
    script:
        "../scripts/tracker.py"
