"""The corpus generator (tools/reconstruct_corpus): reproducible, and its answer key meets the
published figures under an independent reading of the counting rules (docs/design.md#counting-rules)."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from tools.reconstruct_corpus.generate import build, write

ROOT = Path(__file__).resolve().parents[2]
TRUTH_DIR = ROOT / "tests" / "fixtures" / "truth"

# The published figures (docs/design.md#published-figures), written out again here on purpose:
# the test must not trust the generator's params file.
EXPECTED = {
    "2014-15": {
        "authorities_asked": 217,
        "trafficked_in_care": 590,
        "trafficked_went_missing": 167,
        "trafficked_missing_pct": 28,
        "trafficked_authorities_with_missing": 39,
        "trafficked_mean_episodes": "2.4",
        "uasc_in_care": 4744,
        "uasc_went_missing": 593,
        "uasc_missing_pct": 13,
        "uasc_authorities_with_missing": 74,
        "not_found_total": 207,
        "authority:E10000016:uasc_in_care": 985,
        "authority:E10000016:uasc_went_missing": 190,
        "authority:E10000016:uasc_not_found": 53,
        "ranking": ["E10000016", "E06000034", "E09000017", "E09000008"],
    },
    # version B (ECPAT UK release of 20 December 2018)
    "2017": {
        "authorities_asked": 211,
        "trafficked_in_care": 910,
        "trafficked_went_missing": 244,
        "trafficked_missing_pct": 27,
        "trafficked_mean_episodes": "7.2",
        "uasc_in_care": 4963,
        "uasc_went_missing": 742,
        "uasc_missing_pct": 15,
        "combined_in_care": 5873,
        "combined_went_missing": 986,
        "not_found_total": 169,
        "authorities_with_not_found": 38,
        "authority:E10000016:combined_not_found": 38,
        "authority:E08000005:combined_not_found": 17,
        "authority:E06000056:combined_not_found": 14,
    },
    # Rounds asked about several periods: "<period>:<statistic>" (docs/multi-period.md).
    "2018-20": {
        "authorities_asked": 211,
        "2020:trafficked_in_care": 1231,
        "2020:trafficked_went_missing": 378,
        "2020:trafficked_missing_pct": 31,
        "2018:trafficked_in_care": 960,
    },
    # headline figures: the partial period 1 January to 30 April 2024 (data/published/2021-24.yaml)
    "2021-24": {
        "authorities_asked": 212,
        "2024:trafficked_in_care": 2638,
        "2024:uasc_in_care": 12530,
        "2024:combined_went_missing": 2365,
    },
}
# Matched sets (rate_denominator: matched): round -> (period, cohort) -> (authorities, went missing, in care).
MATCHED = {"2021-24": {("2024", "trafficked"): (135, 864, 2335), ("2024", "uasc"): (141, 1501, 11999)}}
# Like-for-like changes over the authorities that reported the figure in both periods:
# round -> (earlier, later, cohort, measure) -> percent as printed.
LIKE_FOR_LIKE = {"2018-20": {("2018", "2020", "trafficked", "in_care"): "22",
                             ("2018", "2020", "trafficked", "went_missing"): "24.9"}}
# round -> (period, cohort) -> mean episodes as printed
MEANS = {"2018-20": {("2020", "trafficked"): "8"}}
ROUNDS = [r for r in EXPECTED if (TRUTH_DIR / f"{r}.csv").exists()]
SINGLE_PERIOD = [r for r in ROUNDS if len(yaml.safe_load(
    (ROOT / "data" / "raw" / r / "round.yaml").read_text(encoding="utf-8"))["periods"]) == 1]


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def spec_of(round_id: str) -> dict:
    return yaml.safe_load((ROOT / "data" / "raw" / round_id / "round.yaml").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- independent 5a


def half_up(numerator: int, denominator: int, places: int) -> Decimal:
    q = Decimal(1).scaleb(-places)
    return (Decimal(numerator) / Decimal(denominator)).quantize(q, rounding=ROUND_HALF_UP)


def statistics_5a(truth: list[dict], spec: dict) -> dict:
    """A small, separate implementation of docs/design.md#counting-rules over the truth table."""
    q = {x["label"]: x for x in spec["questions"]}
    per: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    has: dict = defaultdict(set)
    for row in truth:
        if row["status"] != "reported":
            continue
        covers = [c for c in row["covers"].split(";") if c]
        cohorts = {q[c]["cohort"] for c in covers} or {q[row["question"]]["cohort"]}
        target = cohorts.pop() if len(cohorts) == 1 else "combined"
        measure = q[row["question"]]["measure"]
        per[row["authority_code"]][target][measure] += int(row["value"])
        has[row["authority_code"]].add((target, measure))
    out: dict = {}
    for cohort in ("trafficked", "uasc"):
        in_care = {a: d[cohort]["in_care"] for a, d in per.items() if (cohort, "in_care") in has[a]}
        wm = {a: d[cohort]["went_missing"] for a, d in per.items() if (cohort, "went_missing") in has[a]}
        out[f"{cohort}_in_care"] = sum(in_care.values())
        out[f"{cohort}_went_missing"] = sum(wm.values())
        out[f"{cohort}_authorities_with_missing"] = sum(v >= 1 for v in wm.values())
        rate_num = sum(v for a, v in wm.items() if a in in_care)
        out[f"{cohort}_rate_numerator"] = rate_num
        out[f"{cohort}_missing_pct"] = int(half_up(rate_num * 100, sum(in_care.values()), 0))
        both = [a for a in wm if (cohort, "missing_episodes") in has[a]]
        eps = sum(per[a][cohort]["missing_episodes"] for a in both)
        out[f"{cohort}_mean_episodes"] = str(half_up(eps, sum(wm[a] for a in both), 1))
    nf = {a: sum(d[c]["not_found"] for c in d) for a, d in per.items()}
    out["not_found_total"] = sum(nf.values())
    out["authorities_with_not_found"] = sum(v >= 1 for v in nf.values())
    for kind in ("in_care", "went_missing"):
        out[f"combined_{kind}"] = sum(d[c][kind] for d in per.values() for c in d)
    for a, d in per.items():
        for c in d:
            for m in d[c]:
                if (c, m) in has[a]:
                    out[f"authority:{a}:{c}_{m}"] = d[c][m]
        out[f"authority:{a}:combined_not_found"] = nf[a]
    totals = {a: sum(d[c]["went_missing"] for c in ("trafficked", "uasc") if c in d) for a, d in per.items()}
    out["ranking_all"] = sorted(totals, key=lambda a: (-totals[a], a))
    out["ranking_totals"] = [totals[a] for a in out["ranking_all"]]
    out["authorities_asked"] = len({row["authority_code"] for row in truth})
    return out


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module", params=ROUNDS)
def generated(request, tmp_path_factory):
    round_id = request.param
    out = tmp_path_factory.mktemp(f"raw-{round_id}")
    truth = tmp_path_factory.mktemp(f"truth-{round_id}")
    corpus = build(round_id, ROOT)
    write(corpus, out, truth)
    return round_id, corpus, out, truth


# --------------------------------------------------------------------------- (a) reproducible


def test_reproduces_committed_corpus_byte_for_byte(generated):
    round_id, _, out, truth = generated
    committed = ROOT / "data" / "raw" / round_id
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    have = sorted(
        p.relative_to(committed).as_posix()
        for p in committed.rglob("*")
        if p.is_file() and p.name != "round.yaml"
    )
    assert made == have
    for rel in made:
        assert (out / rel).read_bytes() == (committed / rel).read_bytes(), rel
    for name in (f"{round_id}.csv", f"{round_id}_planted.csv"):
        assert (truth / name).read_bytes() == (TRUTH_DIR / name).read_bytes(), name


# --------------------------------------------------------------------------- (b) constraints


def periods_of(spec: dict) -> list[str]:
    return [str(p["id"]) for p in spec["periods"]]


def statistics_by_period(truth: list[dict], spec: dict) -> dict:
    """statistics_5a per period ("<period>:<id>"), for a round asked about several periods."""
    out = {"authorities_asked": len({row["authority_code"] for row in truth})}
    for period in periods_of(spec):
        rows = [row for row in truth if row["period"] == period]
        for key, value in statistics_5a(rows, spec).items():
            out[f"{period}:{key}"] = value
    return out


def figure_totals(truth: list[dict], spec: dict, period: str, cohort: str, measure: str) -> dict[str, int]:
    """{authority: figure} for those that reported every answer making up the figure (none withheld)."""
    q = {x["label"]: x for x in spec["questions"]}
    totals: dict[str, int] = defaultdict(int)
    withheld = set()
    for row in truth:
        meta = q[row["question"]]
        if row["period"] != period or meta["cohort"] != cohort or meta["measure"] != measure:
            continue
        if row["status"] == "reported":
            totals[row["authority_code"]] += int(row["value"])
        elif row["status"] != "included_elsewhere":
            withheld.add(row["authority_code"])
    return {a: v for a, v in totals.items() if a not in withheld}


@pytest.mark.parametrize("round_id", [r for r in ROUNDS if r in MATCHED])
def test_matched_sets_meet_published_figures(round_id):
    truth, spec = read_csv(TRUTH_DIR / f"{round_id}.csv"), spec_of(round_id)
    for (period, cohort), (size, went_missing, in_care) in MATCHED[round_id].items():
        care = figure_totals(truth, spec, period, cohort, "in_care")
        missing = figure_totals(truth, spec, period, cohort, "went_missing")
        both = set(care) & set(missing)
        assert (len(both), sum(missing[a] for a in both), sum(care[a] for a in both)) == (size, went_missing, in_care)


@pytest.mark.parametrize("round_id", [r for r in ROUNDS if r in LIKE_FOR_LIKE])
def test_like_for_like_changes_meet_published_figures(round_id):
    truth, spec = read_csv(TRUTH_DIR / f"{round_id}.csv"), spec_of(round_id)
    for (earlier, later, cohort, measure), printed in LIKE_FOR_LIKE[round_id].items():
        before = figure_totals(truth, spec, earlier, cohort, measure)
        after = figure_totals(truth, spec, later, cohort, measure)
        both = set(before) & set(after)
        old, new = sum(before[a] for a in both), sum(after[a] for a in both)
        places = len(printed.partition(".")[2])
        assert str(half_up((new - old) * 100, old, places)) == printed
        # and the all-respondent change differs: the publication's two readings conflict
        assert str(half_up((sum(after.values()) - sum(before.values())) * 100, sum(before.values()), places)) != printed


@pytest.mark.parametrize("round_id", [r for r in ROUNDS if r in MEANS])
def test_means_meet_published_figures(round_id):
    truth, spec = read_csv(TRUTH_DIR / f"{round_id}.csv"), spec_of(round_id)
    for (period, cohort), printed in MEANS[round_id].items():
        missing = figure_totals(truth, spec, period, cohort, "went_missing")
        episodes = figure_totals(truth, spec, period, cohort, "missing_episodes")
        both = set(missing) & set(episodes)
        places = len(printed.partition(".")[2])
        assert str(half_up(sum(episodes[a] for a in both), sum(missing[a] for a in both), places)) == printed


@pytest.mark.parametrize("round_id", ROUNDS)
def test_truth_table_meets_published_figures(round_id):
    truth = read_csv(TRUTH_DIR / f"{round_id}.csv")
    spec = spec_of(round_id)
    if len(periods_of(spec)) > 1:
        stats = statistics_by_period(truth, spec)
        for key, expected in EXPECTED[round_id].items():
            assert stats.get(key) == expected, key
        for period in periods_of(spec):
            for cohort in ("trafficked", "uasc"):
                assert stats[f"{period}:{cohort}_rate_numerator"] == stats[f"{period}:{cohort}_went_missing"]
        return
    stats = statistics_5a(truth, spec)
    for key, expected in EXPECTED[round_id].items():
        if key == "ranking":
            top = stats["ranking_all"][: len(expected)]
            assert top == expected
            totals = stats["ranking_totals"]
            assert totals[len(expected) - 1] > totals[len(expected)], "ranking not strictly above the next"
            assert totals[: len(expected)] == sorted(set(totals[: len(expected)]), reverse=True)
        else:
            assert stats.get(key) == expected, key
    # the rate's numerator is the whole went-missing total (every went-missing figure
    # comes from an authority that reported in care)
    for cohort in ("trafficked", "uasc"):
        assert stats[f"{cohort}_rate_numerator"] == stats[f"{cohort}_went_missing"]


def test_internal_table_matches_written_truth(generated):
    round_id, corpus, _, truth_dir = generated
    written = read_csv(truth_dir / f"{round_id}.csv")
    assert len(written) == len(corpus.truth)
    for row, internal in zip(written, corpus.truth):
        for key, value in row.items():
            assert value == ("" if internal.get(key) is None else str(internal.get(key))), key


# --------------------------------------------------------------------------- (c) consistency


@pytest.mark.parametrize("round_id", ROUNDS)
def test_per_authority_consistency_except_planted(round_id):
    truth = read_csv(TRUTH_DIR / f"{round_id}.csv")
    planted = read_csv(TRUTH_DIR / f"{round_id}_planted.csv")
    spec = spec_of(round_id)
    q = {x["label"]: x for x in spec["questions"]}
    values: dict = defaultdict(dict)
    for row in truth:
        if row["status"] != "reported":
            continue
        covers = [c for c in row["covers"].split(";") if c]
        if covers and len({q[c]["cohort"] for c in covers}) > 1:
            continue
        meta = q[row["question"]]
        key = (row["authority_code"], meta["cohort"], row["period"])  # each period on its own
        values[key][meta["measure"]] = values[key].get(meta["measure"], 0) + int(row["value"])
    found = set()
    for (gss, _cohort, _period), v in values.items():
        if "in_care" in v and "went_missing" in v and v["went_missing"] > v["in_care"]:
            found.add((gss, "went_missing_exceeds_in_care"))
        if "went_missing" in v and "not_found" in v and v["not_found"] > v["went_missing"]:
            found.add((gss, "not_found_exceeds_went_missing"))
        if "went_missing" in v and "missing_episodes" in v and v["missing_episodes"] < v["went_missing"]:
            found.add((gss, "episodes_below_went_missing"))
    assert found == {(p["authority_code"], p["rule"]) for p in planted}
    assert 3 <= len(planted) <= 4


# The later rounds' periods are too far from the DfE LA table's years (2015-2017) to compare.
@pytest.mark.parametrize("round_id", SINGLE_PERIOD)
def test_no_uasc_in_care_answer_below_the_dfe_snapshot(round_id):
    """No English authority gives fewer UASC in care over the period (a suppressed answer's
    upper end) than DfE counted on 31 March: the statistics step's check finds nothing."""
    from foi_missing.core.reference import load_dfe_la
    from foi_missing.core.roundspec import load_round_spec
    from foi_missing.statistics.compute import official_comparison

    from tools.update_expected_statistics import truth_answers

    spec = load_round_spec(ROOT / "data" / "raw" / round_id)
    comparison, qa = official_comparison(truth_answers(TRUTH_DIR / f"{round_id}.csv", spec), spec, load_dfe_la())
    assert not comparison.empty
    assert qa.empty, qa["message"].tolist()


# --------------------------------------------------------------------------- (d) request log


@pytest.mark.parametrize("round_id", ROUNDS)
def test_request_log_authorities_exist_in_register(round_id):
    from foi_missing.core.register import load_register

    spec = spec_of(round_id)
    sent = dt.date.fromisoformat(str(spec["date_sent"]))
    register = load_register()
    log = read_csv(ROOT / "data" / "raw" / round_id / "request_log.csv")
    for row in log:
        authority = register.get(row["gss_code"])
        assert authority.gss_code == row["gss_code"]
        assert authority.exists_on(sent), row["gss_code"]
        assert row["date_sent"] == sent.isoformat()


@pytest.mark.parametrize("round_id", ROUNDS)
def test_request_log_and_replies_agree(round_id):
    folder = ROOT / "data" / "raw" / round_id
    spec = spec_of(round_id)
    log = read_csv(folder / "request_log.csv")
    truth = read_csv(TRUTH_DIR / f"{round_id}.csv")
    ids = {row["reply_id"] for row in log}
    assert len(ids) == len(log)
    files = {p.name for p in (folder / "replies").iterdir()}
    assert files == {row["reply_file"] for row in log if row["reply_file"]}
    cutoff = dt.date.fromisoformat(str(spec["reply_cutoff"]))
    by_id = {row["reply_id"]: row for row in log}
    for row in log:
        if row["outcome"] == "no_reply":
            assert row["date_received"] == "" and row["reply_file"] == ""
        else:
            received = dt.date.fromisoformat(row["date_received"])
            assert (received > cutoff) == (row["outcome"] == "late"), row["reply_id"]
        if row["supersedes"]:
            assert by_id[row["supersedes"]]["gss_code"] == row["gss_code"]
    outcomes = {row["outcome"] for row in log}
    assert {"answered", "refused", "no_reply", "late", "internal_review"} <= outcomes
    # one row per authority x question, and answers only from replies that stand
    n_cells = sum(len(q.get("periods") or [q["period"]]) for q in spec["questions"])  # question x period
    authorities = {row["gss_code"] for row in log}
    assert len(truth) == len(authorities) * n_cells
    standing_ids = {row["reply_id"] for row in truth if row["reply_id"]}
    for rid in standing_ids:
        assert by_id[rid]["outcome"] in {"answered", "refused", "internal_review"}
        assert not any(r["supersedes"] == rid and r["outcome"] != "late" for r in log)
    for row in truth:
        if row["status"] == "no_response":
            assert row["reply_id"] == "" and row["source_file"] == ""
        else:
            assert row["source_file"] == f"replies/{by_id[row['reply_id']]['reply_file']}"


@pytest.mark.parametrize("round_id", ROUNDS)
def test_coding_sheet_codes_prose_letters_as_the_truth_does(round_id):
    folder = ROOT / "data" / "raw" / round_id
    coding = read_csv(folder / "coding_sheet.csv")
    truth = {(r["authority_code"], r["question"], r["period"]): r for r in read_csv(TRUTH_DIR / f"{round_id}.csv")}
    if round_id in SINGLE_PERIOD:
        assert coding, "the corpus has prose letters to code"
    for row in coding:
        t = truth[(row["authority_code"], row["question"], row["period"])]
        for key in ("status", "value", "lower", "upper", "exemption", "covers", "refers_to", "source_file"):
            assert row[key] == t[key], key
        assert row["coded_by"] and row["coded_on"] and row["source_location"]
        assert (folder / row["source_file"]).exists()


@pytest.mark.parametrize("round_id", ROUNDS)
def test_readme_says_reconstruction(round_id):
    text = (ROOT / "data" / "raw" / round_id / "README.md").read_text(encoding="utf-8")
    assert "RECONSTRUCTED" in text.splitlines()[0]
    assert "not the councils' real replies" in text


# --------------------------------------------------------------------------- (e) targets from data/published


def test_multi_period_targets_are_read_from_the_published_file(tmp_path):
    """The headline-period assumption lives in data/published/2021-24.yaml alone: moving it moves
    the generator's targets (a one-line correction), and the params may not restate a figure."""
    from tools.reconstruct_corpus.allocate import GenerationError
    from tools.reconstruct_corpus.generate import load_params
    from tools.reconstruct_corpus.targets import load_targets

    params = load_params("2021-24")
    periods = ["2021", "2022", "2023", "2024"]
    targets = load_targets(params, ROOT, periods)
    assert targets.headline_period == "2024"
    assert targets.periods["2024"]["trafficked"].matched_authorities == 135
    assert (targets.periods["2024"]["uasc"].matched_went_missing, targets.periods["2024"]["uasc"].matched_in_care) \
        == (1501, 11999)

    published = yaml.safe_load((ROOT / params["published"]).read_text(encoding="utf-8"))
    published["headline_period"]["id"] = "2023"
    (tmp_path / "data" / "published").mkdir(parents=True)
    (tmp_path / params["published"]).write_text(yaml.safe_dump(published), encoding="utf-8")
    shape = {p: v for p, v in params["shape_by_period"].items() if p != "2023"}
    shape["2024"] = {"trafficked": {"in_care": 900, "went_missing": 300}, "uasc": {"in_care": 5000, "went_missing": 600}}
    moved_params = {**params, "shape_by_period": shape}
    moved = load_targets(moved_params, tmp_path, periods)
    assert moved.periods["2023"]["trafficked"].in_care == 2638
    with pytest.raises(GenerationError, match="never restate"):
        load_targets(params, tmp_path, periods)  # the params' 2023 shape now restates a published figure
