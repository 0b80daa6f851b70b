# Shared helpers for the rules: the rounds to build and where things are.
import functools
import json
import os
import re
from pathlib import Path

from snakemake.exceptions import WorkflowError

from foi_missing.core.code_inputs import code_files
from foi_missing.core.roundspec import (
    RoundSpecError,
    load_round_spec,
    round_input_files,
    spec_input_files,
)

PATHS = {
    "raw": "data/raw",
    "reference": "data/reference",
    "published": "data/published",
    "results": "results",
    "publish": "docs/report",
} | config.get("paths", {})
RESULTS = PATHS["results"]
ROUNDS = list(config["rounds"])

# Settings that would silently switch off a promise (a disclosure range hiding
# nothing, a blank symbol) are refused in the Snakefile, naming file and key.


# The configured rounds' specifications, each loaded (and validated) once per run.
ROUND_SPECS = {}


def check_round_folders(rounds):
    """Fail early, naming the folder, when a configured round has no data."""
    for round_id in rounds:
        folder = Path(PATHS["raw"]) / round_id
        if not folder.is_dir():
            raise WorkflowError(
                f"config.yaml: round {round_id!r} has no data folder {folder}/ "
                f"(each round in 'rounds' needs {folder}/round.yaml and its replies)"
            )
        try:
            spec = load_round_spec(folder)
        except RoundSpecError as error:
            raise WorkflowError(str(error))
        if spec.round_id != round_id:
            raise WorkflowError(
                f"{folder}/round.yaml: says round {spec.round_id!r} but sits in folder {round_id!r}"
            )
        ROUND_SPECS[round_id] = spec


check_round_folders(ROUNDS)


wildcard_constraints:
    round="|".join(map(re.escape, ROUNDS)),


def raw_dir(round_id):
    return Path(PATHS["raw"]) / round_id


def round_raw_files(wildcards):
    """The files of a round's folder the ingest reads (round.yaml, request log, coding
    sheet, reply files inside the folder), so a changed one reruns what depends on it.
    """
    return list(_round_raw_files(wildcards.round))


@functools.lru_cache(maxsize=None)
def _round_raw_files(round_id):
    # Several rules ask for the same round's files while the DAG is built; the folder
    # does not change within one run, so it is listed (and round.yaml read) once. A
    # configured round's round.yaml was read already, by check_round_folders.
    if round_id in ROUND_SPECS:
        return tuple(str(p) for p in spec_input_files(ROUND_SPECS[round_id]))
    return tuple(str(p) for p in round_input_files(raw_dir(round_id)))


def published_figures(wildcards):
    """data/published/<round>.yaml when the round's report is out, else nothing."""
    path = Path(PATHS["published"]) / f"{wildcards.round}.yaml"
    return [str(path)] if path.exists() else []


# A step's configured settings are written to results/settings/<name>.json (rewritten
# only when they change) and the step takes that file as an input: a changed setting
# reruns exactly the steps that use it, by modification time. Snakemake's own check of
# changed `params` is off in profiles/default (rerun-triggers) because, to compare them,
# it imports pandas in the scheduling process: 0.2 s of every run, a no-op included
# (docs/performance.md). A rule whose script reads a config setting lists it here.
STEP_SETTINGS = {
    "ingest": {
        "strict": config.get("strict", False),
        "default_suppression": config.get("suppression_default_interval", [1, 4]),
        "qualified_answers": config.get("qualified_answers", "count"),
    },
    "reproduction": {"fail_on_mismatch": config.get("fail_on_mismatch", False)},
    "disclosure": {"disclosure": config.get("disclosure", {})},
    # Not a config setting, but it changes what the tracker writes (requests.smk).
    "tracker": {"today": os.environ.get("FOI_TODAY", "")},
}


def settings_file(name):
    """results/settings/<name>.json with STEP_SETTINGS[name], written if it differs."""
    path = Path(RESULTS) / "settings" / f"{name}.json"
    text = json.dumps(STEP_SETTINGS[name], sort_keys=True, indent=2) + "\n"
    try:
        unchanged = path.read_text(encoding="utf-8") == text
    except OSError:
        unchanged = False
    if not unchanged:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Each job parses the workflow again: write whole, never a half-written file.
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    return str(path)


# Steps register their final per-round and cross-round outputs here.
ROUND_TARGETS = []
GLOBAL_TARGETS = []


def all_targets():
    targets = [
        t.format(results=RESULTS, round=r) for t in ROUND_TARGETS for r in ROUNDS
    ]
    return targets + [t.format(results=RESULTS) for t in GLOBAL_TARGETS]


def code_of(*entry_points):
    """The package files a step's script (or notebook) imports: as inputs, a change to any
    of them reruns the step (Snakemake itself tracks only the script)."""
    return code_files(Path(workflow.main_snakefile).parent, *entry_points)


# --- disclosure intermediates (rules in report.smk) ---


def protection_files(rounds):
    return [f"{RESULTS}/{r}/protection.pickle" for r in rounds]


WITHHELD_LIKE_FOR_LIKE = f"{RESULTS}/series/withheld_like_for_like.pickle"


def withheld_like_for_like_file():
    """The stored rows as an input; none with one round (nothing to compare, nothing withheld,
    so no job: a tiny build would pay a process start for it)."""
    return [WITHHELD_LIKE_FOR_LIKE] if len(ROUNDS) > 1 else []


# --- the request kit (rules in requests.smk) ---


def requester_file(wildcards):
    """The round's requester.yaml, or an error saying what to write (rather than Snakemake's
    list of every missing input)."""
    path = raw_dir(wildcards.round) / "requester.yaml"
    if not path.exists():
        raise WorkflowError(
            f"{path} is missing: write it with the requester's name and email (and "
            "organisation): the letters are signed with them (docs/running-a-round.md)"
        )
    return str(path)


def request_log_if_any(wildcards):
    path = raw_dir(wildcards.round) / "request_log.csv"
    return [str(path)] if path.exists() else []
