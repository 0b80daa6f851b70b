# Shared helpers for the rules: the rounds to build and where things are.
import functools
import re
from pathlib import Path

from snakemake.exceptions import WorkflowError

from foi_missing.roundspec import RoundSpecError, load_round_spec, round_input_files

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


check_round_folders(ROUNDS)


wildcard_constraints:
    round="|".join(map(re.escape, ROUNDS)),


def raw_dir(round_id):
    return Path(PATHS["raw"]) / round_id


def round_raw_files(wildcards):
    """The files of a round's folder the ingest reads (round.yaml, request log, coding
    sheet, reply files inside the folder), so a changed one reruns what depends on it."""
    return list(_round_raw_files(wildcards.round))


@functools.lru_cache(maxsize=None)
def _round_raw_files(round_id):
    # Several rules ask for the same round's files while the DAG is built; the folder
    # does not change within one run, so it is listed (and round.yaml read) once.
    return tuple(str(p) for p in round_input_files(raw_dir(round_id)))


def published_figures(wildcards):
    """data/published/<round>.yaml when the round's report is out, else nothing."""
    path = Path(PATHS["published"]) / f"{wildcards.round}.yaml"
    return [str(path)] if path.exists() else []


# Steps register their final per-round and cross-round outputs here.
ROUND_TARGETS = []
GLOBAL_TARGETS = []


def all_targets():
    targets = [
        t.format(results=RESULTS, round=r) for t in ROUND_TARGETS for r in ROUNDS
    ]
    return targets + [t.format(results=RESULTS) for t in GLOBAL_TARGETS]
