"""How fast the pipeline builds, beside its baselines: ``uv run python -m tools.benchmark``.

    uv run python -m tools.benchmark [--runs 3] [--quick] [--scale 2,10,20] [--scale-only]

Every figure is the median of ``--runs`` runs (at least 3 for the published
table; ``--runs 1`` for a quick look) and stands beside its baseline:

- cold build: ``snakemake --cores 2 --forceall`` of all configured rounds in a
  fresh copy of the project, against a single-process run of the same steps
  (the rule scripts run one after the other in one Python process, imports
  paid once: ingest, statistics, reproduction, figures, report per round, then
  the series, its page, the workbook and the disclosure audit);
- no-op run: ``snakemake --cores 4`` with nothing to do, against the same on a
  one-rule Snakefile in the same environment;
- ingest: replies read and coded per second in one process, imports excluded,
  over at least 2,000 replies;
- scale: cold builds of 2, 10 and 20 rounds (copies of the configured rounds
  under new ids), as cost per round;
- peak memory (max_rss) and time of each step, from the ``benchmark:`` files
  every rule writes under results/benchmarks/.

Wall time and CPU time (user + system of every process started) are both
recorded: on a busy machine wall time grows, CPU time much less. Results go to
results/benchmarks/benchmark.csv and a table on standard output. No test reads
these timings.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
# Not copied: environments, caches and earlier results.
IGNORED = shutil.ignore_patterns(
    ".venv", ".git", ".snakemake", "results", "__pycache__", ".pytest_cache",
    ".hypothesis", ".ruff_cache", "*.egg-info",
)
EMPTY_SNAKEFILE = 'rule all:\n    output: "done.txt"\n    shell: "touch {output}"\n'
MIN_INGEST_REPLIES = 2000
# The performance goals (2 cores).
COLD_BUILD_RATIO_GOAL = 1.5
COLD_BUILD_SECONDS_GOAL = 45.0
NOOP_RATIO_GOAL = 1.3
INGEST_RATE_GOAL = 200.0


# --- running things --------------------------------------------------------------------------------


@dataclass
class Timing:
    wall: float
    cpu: float  # user + system of the processes started


def timed(command: list[str], cwd: Path, env: dict | None = None) -> Timing:
    """Run ``command``; fail loudly if it fails. CPU counts every waited-for descendant."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{result.stdout[-3000:]}\n"
                           f"{result.stderr[-6000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


def project_env(project: Path) -> dict[str, str]:
    """The copy's own package source first on the import path (as the tests do)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(project / "workflow" / "src"), str(project), env.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    return env


def snakemake(project: Path, *args: str, cores: int = 2) -> Timing:
    return timed([sys.executable, "-m", "snakemake", "--cores", str(cores), *args], project,
                 project_env(project))


def copy_project(destination: Path) -> Path:
    shutil.copytree(REPO_ROOT, destination, ignore=IGNORED)
    return destination


def configured_rounds(project: Path) -> list[str]:
    return list(yaml.safe_load((project / "config.yaml").read_text(encoding="utf-8"))["rounds"])


# --- the single-process run --------------------------------------------------------------------


class Named(list):
    """A list whose items also have names, like Snakemake's input/output/params."""

    def __init__(self, items=(), **named):
        super().__init__([*items, *named.values()])
        self.__dict__.update(named)


@dataclass
class FakeSnakemake:
    """The ``snakemake`` object a rule script gets, for running the script in this process."""

    input: Named = field(default_factory=Named)
    output: Named = field(default_factory=Named)
    params: Named = field(default_factory=Named)
    wildcards: Named = field(default_factory=Named)
    log: Named = field(default_factory=Named)
    config: dict = field(default_factory=dict)


def _steps(project: Path, results: str) -> list[tuple[str, FakeSnakemake]]:
    """Each rule of a build as (script, its snakemake object); mirrors workflow/rules/*.smk."""
    config = yaml.safe_load((project / "config.yaml").read_text(encoding="utf-8"))
    paths = {"raw": "data/raw", "reference": "data/reference", "published": "data/published"} \
        | {k: v for k, v in config.get("paths", {}).items() if k != "results"}
    raw, reference, published_dir = paths["raw"], paths["reference"], paths["published"]
    rounds = list(config["rounds"])
    disclosure = config.get("disclosure", {"min_count": 1, "max_count": 4, "symbol": "[c]"})
    from foi_missing.publication.figure_names import ROUND_FIGURES as figure_names
    steps = []
    for r in rounds:
        out = f"{results}/{r}"
        published = [p for p in [f"{published_dir}/{r}.yaml"] if (project / p).exists()]
        logs = f"{results}/logs/{r}"
        steps += [
            ("ingest", FakeSnakemake(
                input=Named(register=f"{reference}/authorities.csv"),
                output=Named(answers=f"{out}/answers.csv", qa=f"{out}/qa.csv",
                             to_code=f"{out}/to_code.csv"),
                params=Named(folder=f"{raw}/{r}", strict=config.get("strict", False),
                             default_suppression=config.get("suppression_default_interval", [1, 4])),
                wildcards=Named(round=r), log=Named([f"{logs}/ingest.log"]))),
            ("statistics", FakeSnakemake(
                input=Named(answers=f"{out}/answers.csv", spec=f"{raw}/{r}/round.yaml",
                            dfe_la=f"{reference}/dfe_la_looked_after.csv",
                            dfe_england=f"{reference}/dfe_england_looked_after.csv"),
                output=Named(statistics=f"{out}/statistics.csv",
                             contributions=f"{out}/contributions.csv",
                             official_comparison=f"{out}/official_comparison.csv",
                             qa_official=f"{out}/qa_official.csv"),
                wildcards=Named(round=r), log=Named([f"{logs}/statistics.log"]))),
            ("reproduction", FakeSnakemake(
                input=Named(statistics=f"{out}/statistics.csv", published=Named(published)),
                output=Named(reproduction=f"{out}/reproduction.csv"),
                params=Named(fail_on_mismatch=config.get("fail_on_mismatch", False)),
                wildcards=Named(round=r), log=Named([f"{logs}/reproduction.log"]))),
            ("figures", FakeSnakemake(
                input=Named(statistics=f"{out}/statistics.csv", answers=f"{out}/answers.csv",
                            spec=f"{raw}/{r}/round.yaml"),
                params=Named(names=list(figure_names), folder=f"{out}/figures"),
                wildcards=Named(round=r), log=Named([f"{logs}/figures.log"]))),
            ("render_report", FakeSnakemake(
                input=Named(notebook="notebooks/round_report.ipynb"),
                output=Named(html=f"{results}/report/{r}.html",
                             notebook=f"{results}/report/{r}.ipynb"),
                params=Named(results=results, raw=raw, published=published_dir,
                             disclosure=disclosure),
                wildcards=Named(round=r), log=Named([f"{logs}/report.log"]))),
        ]
    series = f"{results}/series"
    steps += [
        ("series", FakeSnakemake(
            input=Named(statistics=Named([f"{results}/{r}/statistics.csv" for r in rounds]),
                        answers=Named([f"{results}/{r}/answers.csv" for r in rounds]),
                        specs=Named([f"{raw}/{r}/round.yaml" for r in rounds]),
                        register=f"{reference}/authorities.csv"),
            output=Named(statistics=f"{series}/statistics.csv", changes=f"{series}/changes.csv",
                         like_for_like=f"{series}/like_for_like.csv",
                         differences=f"{series}/differences.csv",
                         trend_png=f"{series}/figures/trend.png",
                         trend_svg=f"{series}/figures/trend.svg"),
            log=Named([f"{results}/logs/series.log"]))),
        ("render_series_report", FakeSnakemake(
            input=Named(notebook="notebooks/series_report.ipynb"),
            output=Named(html=f"{results}/report/series.html",
                         notebook=f"{results}/report/series.ipynb"),
            params=Named(rounds=rounds, results=results, raw=raw, disclosure=disclosure),
            log=Named([f"{results}/logs/series_report.log"]))),
        ("tables_workbook", FakeSnakemake(
            output=Named([f"{results}/tables.xlsx"]),
            params=Named(rounds=rounds, results=results, raw=raw, published=published_dir,
                         reference=reference, disclosure=disclosure),
            log=Named([f"{results}/logs/tables_workbook.log"]))),
        ("disclosure_audit", FakeSnakemake(
            output=Named([f"{results}/disclosure_audit.csv"]),
            params=Named(rounds=rounds, results=results, raw=raw, published=published_dir,
                         reference=reference, disclosure=disclosure),
            log=Named([f"{results}/logs/disclosure_audit.log"]))),
    ]
    for _, smk in steps:
        smk.config = config
    return steps


def run_single_process(project: Path, results: str) -> dict[str, float]:
    """Run every step's rule script in this process, in order; seconds per step."""
    os.chdir(project)
    seconds: dict[str, float] = {}
    for script, smk in _steps(project, results):
        for path in [*smk.output, *smk.log]:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        if script == "figures":
            Path(smk.params.folder).mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        runpy.run_path(str(project / "workflow" / "scripts" / f"{script}.py"),
                       init_globals={"snakemake": smk}, run_name="__main__")
        seconds[script] = seconds.get(script, 0.0) + time.perf_counter() - start
    return seconds


# --- ingest throughput -------------------------------------------------------------------------


def clear_package_caches() -> None:
    """Empty every ``functools`` cache of the package's modules (the parser's, the readers')."""
    for name, module in list(sys.modules.items()):
        if name == "foi_missing" or name.startswith("foi_missing."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def ingest_rate(project: Path) -> tuple[float, float, int]:
    """(replies per wall second, per CPU second, replies read), ingesting the rounds repeatedly.

    In this process, imports excluded (one untimed pass first), until at least
    MIN_INGEST_REPLIES replies have been read. The generator makes rounds of the
    UK's ~217 authorities only, so the configured rounds are read again and
    again rather than one round of 2,000 authorities; the package's caches are
    emptied before each, so that a round read again costs what a fresh ingest
    job pays for it (the parser codes each distinct answer text once per process).
    """
    from foi_missing.core.register import load_register
    from foi_missing.ingest.ledger import ingest_round

    register = load_register(project / "data" / "reference" / "authorities.csv")
    folders = [project / "data" / "raw" / r for r in configured_rounds(project)]
    ingest_round(folders[0], register)  # warm: imports
    replies, elapsed, cpu = 0, 0.0, 0.0
    while replies < MIN_INGEST_REPLIES:
        for folder in folders:
            clear_package_caches()
            start, start_cpu = time.perf_counter(), time.process_time()
            result = ingest_round(folder, register)
            elapsed += time.perf_counter() - start
            cpu += time.process_time() - start_cpu
            replies += result.replies_read
    return replies / elapsed, replies / cpu, replies


# --- scale ---------------------------------------------------------------------------------------


def scaled_project(destination: Path, n_rounds: int) -> Path:
    """A copy whose config lists ``n_rounds`` rounds: the configured ones copied under new ids."""
    project = copy_project(destination)
    raw = project / "data" / "raw"
    originals = configured_rounds(project)
    rounds = []
    for i in range(n_rounds):
        source = originals[i % len(originals)]
        round_id = str(3000 + i + 1)  # round ids are years (round.schema.yaml)
        shutil.copytree(raw / source, raw / round_id)
        spec_path = raw / round_id / "round.yaml"
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        spec["round"] = round_id
        spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
        rounds.append(round_id)
    config_path = project / "config.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["rounds"] = rounds
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return project


# --- per-step figures from Snakemake's benchmark files ---------------------------------------------


def rule_benchmarks(results: Path) -> dict[str, dict[str, float]]:
    """Per step (round/rule): seconds, max_rss (MB) and cpu_time from results/benchmarks/*.tsv."""
    rows = {}
    folder = results / "benchmarks"
    for path in sorted(folder.rglob("*.tsv")):
        with open(path, encoding="utf-8", newline="") as handle:
            row = list(csv.DictReader(handle, delimiter="\t"))[-1]
        step = str(path.relative_to(folder).with_suffix(""))
        rows[step] = {"s": float(row["s"]), "max_rss": float(row["max_rss"]),
                      "cpu_time": float(row["cpu_time"])}
    return rows


# --- the table -----------------------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    goal: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None


def median(values: list[float]) -> float:
    return statistics.median(values)


def measure(runs: int, quick: bool, scale: list[int], work: Path, log: Callable[[str], None],
            scale_only: bool = False) -> list[Figure]:
    if scale_only:
        return measure_scale(scale, work, log)
    figures: list[Figure] = []
    rounds = configured_rounds(REPO_ROOT)

    builds, singles, last_build = [], [], None
    for run in range(runs):
        log(f"cold build {run + 1}/{runs}")
        project = copy_project(work / f"cold{run}")
        builds.append(snakemake(project, "--forceall"))
        last_build = project
        log(f"single process {run + 1}/{runs}")
        single = copy_project(work / f"single{run}")
        singles.append(timed([sys.executable, "-m", "tools.benchmark", "--single-process",
                              str(single)], REPO_ROOT, project_env(single)))
    build_wall, build_cpu = median([b.wall for b in builds]), median([b.cpu for b in builds])
    single_wall, single_cpu = median([s.wall for s in singles]), median([s.cpu for s in singles])
    figures += [
        Figure(f"cold build, {len(rounds)} rounds (wall)", build_wall, "s", single_wall,
               "single process", f"<= {COLD_BUILD_RATIO_GOAL}x and < {COLD_BUILD_SECONDS_GOAL:.0f} s",
               build_wall <= COLD_BUILD_RATIO_GOAL * single_wall
               and build_wall < COLD_BUILD_SECONDS_GOAL),
        Figure(f"cold build, {len(rounds)} rounds (CPU)", build_cpu, "s", single_cpu,
               "single process"),
    ]

    log("no-op runs")
    empty = work / "empty"
    empty.mkdir()
    (empty / "Snakefile").write_text(EMPTY_SNAKEFILE)
    snakemake(empty, cores=1)
    noops = [snakemake(last_build, cores=4) for _ in range(runs)]
    empties = [snakemake(empty, cores=4) for _ in range(runs)]
    noop, base = median([t.wall for t in noops]), median([t.wall for t in empties])
    figures.append(Figure("no-op run (wall)", noop, "s", base, "one-rule Snakefile",
                          f"<= {NOOP_RATIO_GOAL}x", noop <= NOOP_RATIO_GOAL * base))
    # CPU too: on a shared machine the wall-time ratio moves with the load.
    figures.append(Figure("no-op run (CPU)", median([t.cpu for t in noops]), "s",
                          median([t.cpu for t in empties]), "one-rule Snakefile"))

    log("ingest throughput")
    rates = [ingest_rate(last_build) for _ in range(runs)]
    rate, cpu_rate, replies = median([r[0] for r in rates]), median([r[1] for r in rates]), rates[0][2]
    figures += [
        Figure(f"ingest, one process, {replies} replies (wall)", rate, "replies/s",
               goal=f">= {INGEST_RATE_GOAL:.0f}", met=rate >= INGEST_RATE_GOAL),
        Figure(f"ingest, one process, {replies} replies (CPU)", cpu_rate, "replies/s"),
    ]

    for step, row in rule_benchmarks(last_build / "results").items():
        figures.append(Figure(f"step {step} (wall)", row["s"], "s"))
        figures.append(Figure(f"step {step} peak memory", row["max_rss"], "MB"))

    if not quick:
        figures += measure_scale(scale, work, log)
    return figures


def measure_scale(scale: list[int], work: Path, log: Callable[[str], None]) -> list[Figure]:
    """Cold builds of each number of rounds in ``scale``: cost per round, one run each."""
    figures, per_round, per_round_cpu = [], {}, {}
    for n in scale:
        log(f"scale: {n} rounds")
        timing = snakemake(scaled_project(work / f"scale{n}", n))
        per_round[n], per_round_cpu[n] = timing.wall / n, timing.cpu / n
        # Logged as each build ends: a long scale run stopped early keeps what it measured.
        log(f"scale: {n} rounds built in {timing.wall:.0f} s wall, {timing.cpu:.0f} s CPU: "
            f"{per_round[n]:.1f} s wall, {per_round_cpu[n]:.1f} s CPU per round")
        figures += [
            Figure(f"scale: {n} rounds, per round (wall)", per_round[n], "s",
                   per_round[scale[0]], f"{scale[0]} rounds", "linear (ratio ~1)"),
            Figure(f"scale: {n} rounds, per round (CPU)", per_round_cpu[n], "s",
                   per_round_cpu[scale[0]], f"{scale[0]} rounds", "linear (ratio ~1)"),
        ]
    return figures


def write_csv(figures: list[Figure], path: Path, runs: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["figure", "value", "unit", "baseline", "baseline_name", "ratio", "goal",
                         "goal_met", "runs"])
        for f in figures:
            writer.writerow([f.name, f"{f.value:.2f}", f.unit,
                             "" if f.baseline is None else f"{f.baseline:.2f}", f.baseline_name,
                             "" if f.ratio is None else f"{f.ratio:.2f}", f.goal,
                             "" if f.met is None else ("yes" if f.met else "no"), runs])


def table(figures: list[Figure]) -> str:
    lines = ["| figure | value | baseline | ratio | goal | met |", "|---|---|---|---|---|---|"]
    for f in figures:
        baseline = "" if f.baseline is None else f"{f.baseline:.2f} {f.unit} ({f.baseline_name})"
        ratio = "" if f.ratio is None else f"{f.ratio:.2f}"
        met = "" if f.met is None else ("yes" if f.met else "**no**")
        lines.append(f"| {f.name} | {f.value:.2f} {f.unit} | {baseline} | {ratio} | {f.goal} | {met} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.benchmark", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the median is kept")
    parser.add_argument("--quick", action="store_true", help="skip the scale builds")
    parser.add_argument("--scale", default="2,10,20", help="numbers of rounds for the scale builds")
    parser.add_argument("--scale-only", action="store_true", help="only the scale builds (one run each)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "results" / "benchmarks" / "benchmark.csv")
    parser.add_argument("--single-process", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.single_process:
        seconds = run_single_process(args.single_process.resolve(), "results")
        print(" ".join(f"{k}={v:.2f}" for k, v in seconds.items()))
        return 0
    scale = [int(n) for n in args.scale.split(",") if n]
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="foi-benchmark-") as work:
        figures = measure(args.runs, args.quick, scale, Path(work),
                          lambda message: print(f"[{time.perf_counter() - started:6.0f} s] {message}",
                                                file=sys.stderr, flush=True), args.scale_only)
    write_csv(figures, args.out, args.runs)
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(table(figures))
    runs = "one run per scale build" if args.scale_only else f"{args.runs} run(s) per figure, median"
    print(f"\n{runs}; {os.cpu_count()} CPUs; load average "
          f"{load_before:.1f} at the start, {load_after:.1f} at the end; "
          f"{time.perf_counter() - started:.0f} s in all")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
