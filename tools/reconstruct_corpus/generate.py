"""Put the steps together: plans -> figures -> replies -> files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .allocate import (
    GenerationError,
    allocate,
    answering,
    load_authorities,
    make_plans,
    parse_date,
    resolve,
    sub_rng,
)
from .check import below_dfe_snapshot, compute_statistics, per_authority_findings
from .expand import expand
from .layouts import BILINGUAL_LAYOUTS, SINGLE_PERIOD_LAYOUTS, render_layout
from .model import COHORTS, Answer, Plan, Reply
from .multi import build_multi, is_multi_period
from .render import LAYOUTS, Ctx, render
from .wording import cost_refusal_law, council_ref

PARAMS_DIR = Path(__file__).resolve().parent / "params"
REAL_WORLD = "real_world"  # a reply rendered by layouts.py in one of the real-world layouts

TRUTH_COLUMNS = [
    "authority_code", "question", "period", "status", "value", "lower", "upper", "exemption",
    "covers", "refers_to", "redirect", "period_note", "source_file", "reply_id",
]
LOG_COLUMNS = [
    "reply_id", "request_ref", "gss_code", "authority_name", "date_sent", "date_received",
    "outcome", "reply_file", "supersedes", "note",
]
CODING_COLUMNS = [
    "authority_code", "question", "period", "status", "value", "lower", "upper", "exemption",
    "covers", "refers_to", "raw_text", "source_file", "source_location", "coded_by", "coded_on", "note",
]
PLANTED_COLUMNS = ["authority_code", "rule", "questions", "description"]


@dataclass
class Corpus:
    round_id: str
    params: dict
    spec: dict
    plans: dict[str, Plan]
    replies: list[Reply]
    truth: list[dict]
    planted: list[dict]
    coding: list[dict]
    statistics: dict
    files: dict[str, bytes] = field(default_factory=dict)  # path relative to the round folder
    truth_files: dict[str, bytes] = field(default_factory=dict)


def load_params(round_id: str, params_dir: Path = PARAMS_DIR) -> dict:
    path = params_dir / f"{round_id}.yaml"
    if not path.exists():
        raise GenerationError(f"no parameters for round {round_id}: {path}")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return _weekday(start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days))))


def _csv_bytes(columns: list[str], rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in columns})
    return buf.getvalue().encode("utf-8")


def _notice_answers(questions: list[dict], kind: str, plan: Plan) -> list[Answer]:
    nation = plan.auth.nation
    out = []
    for q in questions:
        if kind == "refused_cost":
            ans = Answer(q["label"], q["period"], "refused_cost", exemption=cost_refusal_law(nation)[0])
        elif kind == "not_held":
            ans = Answer(q["label"], q["period"], "not_held",
                         exemption="FOISA s17" if nation == "Scotland" else "")
        elif kind == "not_responsible":
            ans = Answer(q["label"], q["period"], "not_responsible", redirect=plan.auth.redirect)
        else:
            raise ValueError(kind)
        out.append(ans)
    return out


def build(round_id: str, repo_root: Path, reference_dir: Path | None = None,
          params_dir: Path = PARAMS_DIR) -> Corpus:
    params = load_params(round_id, params_dir)
    if params.get("round") != round_id:
        raise GenerationError(f"params file is for round {params.get('round')!r}, not {round_id!r}")
    round_dir = repo_root / "data" / "raw" / round_id
    spec = yaml.safe_load((round_dir / "round.yaml").read_text(encoding="utf-8"))
    reference_dir = reference_dir or repo_root / "data" / "reference"
    if is_multi_period(spec):
        return build_multi(round_id, params, spec, repo_root, reference_dir)
    date_sent = parse_date(spec["date_sent"])
    cutoff = parse_date(spec["reply_cutoff"])
    questions = [dict(q) for q in spec["questions"]]
    for q in questions:
        q["period"] = str(q["period"])
    period = next(p for p in spec["periods"] if str(p["id"]) == questions[0]["period"])
    seed = int(params["seed"])

    rows = load_authorities(reference_dir / params["reference"]["authorities"], date_sent)
    from .allocate import select_authorities

    authorities = select_authorities(rows, params)
    plans = make_plans(authorities, params)
    facts = allocate(plans, authorities, params, reference_dir)

    ctx = Ctx(
        round_id=round_id,
        seed=seed,
        questions=questions,
        period=(parse_date(period["start"]), parse_date(period["end"])),
        period_label=str(period["label"]),
        date_sent=date_sent,
        requester=params["requester"],
        title=spec.get("title", ""),
    )

    # ---- replies (request-log rows) and their answers
    dates = params["dates"]
    first_reply, due = parse_date(dates["first_reply"]), parse_date(dates["due"])
    last_in_time = parse_date(dates["last_in_time_reply"])
    late_days = [parse_date(d) for d in dates["late_replies"]]
    date_rng = sub_rng(seed, "dates")
    ref_rng = sub_rng(seed, "refs")
    split_rng = sub_rng(seed, "split")
    split_modes = params.get("split_modes")
    replies: list[Reply] = []
    late_i = 0
    own_ref = 0

    def received() -> dt.date:
        if date_rng.random() < 0.8:
            return _between(date_rng, first_reply, due)
        return _between(date_rng, due, last_in_time)

    def answers_of(cohorts: dict, plan: Plan) -> list[Answer]:
        modes = {"separate": 1.0} if plan.kind == "prose" else split_modes
        return expand(questions, cohorts, plan.combined_style, split_rng, modes)

    for gss in sorted(plans):
        plan = plans[gss]
        auth = plan.auth

        def rid(n: int, gss: str = gss) -> str:
            return f"{round_id}-{gss}-{n}"

        if plan.kind == "no_reply":
            own_ref += 1
            replies.append(Reply(rid(1), gss, f"{params['requester']['ref_prefix']}-{own_ref:03d}", None,
                                 "no_reply", note="No reply by the cut-off; reminder sent "
                                 f"{(due + dt.timedelta(days=14)).isoformat()}."))
            continue
        ref = council_ref(auth, ref_rng, date_sent.year)
        if plan.kind in {"answers", "prose"}:
            r = Reply(rid(1), gss, ref, received(), "answered", kind=plan.kind, fmt=plan.fmt, stands=True)
            r.answers = answers_of(plan.cohorts, plan)
            replies.append(r)
        elif plan.kind in {"refused_cost", "not_held", "not_responsible"}:
            replies.append(notice_reply(rid(1), gss, ref, received(), plan, auth, questions))
        elif plan.kind == "internal_review":
            first = Reply(rid(1), gss, ref, _between(date_rng, due - dt.timedelta(days=7), due), "refused",
                          kind="refused_cost", fmt="txt", note="Whole request refused: cost limit (s12); "
                          "internal review requested.")
            first.answers = _notice_answers(questions, "refused_cost", plan)
            second = Reply(rid(2), gss, ref, _between(date_rng, due + dt.timedelta(days=42), due + dt.timedelta(days=60)),
                           "internal_review", kind="answers", fmt=plan.fmt, supersedes=first.reply_id, stands=True,
                           note="Internal review: refusal withdrawn, request answered.")
            second.answers = answers_of(plan.cohorts, plan)
            if second.date_received > cutoff:
                raise GenerationError("internal review reply after the cut-off")
            replies += [first, second]
        elif plan.kind == "late_only":
            r = Reply(rid(1), gss, ref, late_days[late_i % len(late_days)], "late", kind="answers", fmt=plan.fmt,
                      note=f"Received after the cut-off ({cutoff.isoformat()}); excluded (include_late: false).")
            late_i += 1
            r.answers = answers_of(plan.late_cohorts, plan)
            replies.append(r)
        elif plan.kind == "late_after_refusal":
            first = Reply(rid(1), gss, ref, received(), "refused", kind="refused_cost", fmt=plan.fmt if plan.fmt in {"txt", "eml"} else "eml",
                          stands=True, note="Whole request refused: cost limit (s12).")
            first.answers = _notice_answers(questions, "refused_cost", plan)
            second = Reply(rid(2), gss, ref, late_days[late_i % len(late_days)], "late", kind="answers", fmt=plan.fmt,
                           supersedes=first.reply_id,
                           note=f"Answers sent after the cut-off ({cutoff.isoformat()}); excluded "
                           f"(include_late: false), so the refusal {first.reply_id} stands.")
            late_i += 1
            second.answers = answers_of(plan.late_cohorts, plan)
            replies += [first, second]
        else:
            raise GenerationError(f"unknown plan kind {plan.kind}")

    # ---- layouts: every layout of a format at least once when there are enough replies
    lay_rng = sub_rng(seed, "layouts")
    lettered_labels = all(re.fullmatch(r"\d+[a-z]", q["label"]) for q in questions)
    for fmt, layouts in LAYOUTS.items():
        if lettered_labels and fmt in {"eml", "txt"}:
            layouts = [*layouts, "lettered"]
        these = [r for r in replies if r.kind == "answers" and r.fmt == fmt]
        cycle = list(layouts)
        lay_rng.shuffle(cycle)
        for i, r in enumerate(these):
            r.layout = cycle[i % len(cycle)] if i < len(cycle) else lay_rng.choice(layouts)
    _use_real_world_layouts(replies, plans, params, seed)
    # ---- cost arithmetic examples
    examples = list(params.get("cost_examples") or [])
    for r in replies:
        if r.kind == "refused_cost" and examples:
            r.extra["cost"] = examples.pop(0)

    # ---- a snapshot cannot postdate the reply
    for r in replies:
        for a in r.answers:
            if a.form == "snapshot" and r.date_received is not None:
                day = dt.date.fromisoformat(a.period_note.rsplit(" ", 1)[-1])
                if day > r.date_received:
                    raise GenerationError(f"{r.reply_id}: snapshot date {day} after the reply")
    # ---- render
    names: set[str] = set()
    for r in replies:
        if r.outcome == "no_reply":
            continue
        if r.fmt == REAL_WORLD:
            r.filename, r.content = render_layout(r.layout, r, plans[r.gss].auth, ctx, welsh=params.get("welsh"))
        else:
            render(r, plans[r.gss], ctx, sub_rng(seed, f"render:{r.reply_id}"))
        name = r.filename
        stem, _, ext = name.rpartition(".")
        n = 2
        while name.lower() in names:
            name = f"{stem} ({n}).{ext}"
            n += 1
        names.add(name.lower())
        r.filename = name

    # ---- truth table
    standing: dict[str, Reply] = {}
    for r in replies:
        if r.stands:
            standing[r.gss] = r
    truth = []
    for gss in sorted(plans):
        r = standing.get(gss)
        by_q = {a.question: a for a in r.answers} if r else {}
        for q in questions:
            a = by_q.get(q["label"])
            if a is None:
                truth.append({"authority_code": gss, "question": q["label"], "period": q["period"],
                              "status": "no_response"})
                continue
            truth.append({
                "authority_code": gss, "question": a.question, "period": a.period, "status": a.status,
                "value": a.value, "lower": a.lower, "upper": a.upper, "exemption": a.exemption,
                "covers": a.covers, "refers_to": a.refers_to, "redirect": a.redirect,
                "period_note": a.period_note, "source_file": f"{spec.get('replies_dir', 'replies')}/{r.filename}",
                "reply_id": r.reply_id,
            })

    # ---- planted inconsistencies
    planted = []
    for item in params.get("planted") or []:
        gss = resolve([p.auth for p in plans.values()], item["authority"]).gss
        measures = {
            "went_missing_exceeds_in_care": ("went_missing", "in_care"),
            "not_found_exceeds_went_missing": ("not_found", "went_missing"),
            "episodes_below_went_missing": ("missing_episodes", "went_missing"),
        }[item["rule"]]
        labels = [q["label"] for m in measures for q in questions
                  if q["cohort"] == item["cohort"] and q["measure"] == m]
        planted.append({"authority_code": gss, "rule": item["rule"], "questions": ";".join(labels),
                        "description": item["description"]})
    planted.sort(key=lambda row: (row["authority_code"], row["rule"]))

    # ---- coding sheet: prose letters
    coding = []
    coders = params.get("coders") or ["XX"]
    coded_on = str(dates.get("coded_on", ""))
    for i, r in enumerate(x for x in replies if x.kind == "prose" and x.stands):
        for a in r.answers:
            coding.append({
                "authority_code": r.gss, "question": a.question, "period": a.period, "status": a.status,
                "value": a.value, "lower": a.lower, "upper": a.upper, "exemption": a.exemption,
                "covers": a.covers, "refers_to": a.refers_to, "raw_text": a.text,
                "source_file": f"{spec.get('replies_dir', 'replies')}/{r.filename}",
                "source_location": a.location, "coded_by": coders[i % len(coders)], "coded_on": coded_on,
                "note": "Prose letter without question labels; coded by hand.",
            })

    stats = compute_statistics(truth, questions)
    dfe_counts = {
        gss: value for gss, plan in plans.items() if plan.auth.nation == "England"
        and (value := facts["dfe"].get(plan.auth.dfe_la_number, (None, ""))[0]) is not None
    }
    _verify(stats, params, truth, questions, planted, dfe_counts)

    corpus = Corpus(round_id, params, spec, plans, replies, truth, planted, coding, stats)
    _assemble_files(corpus, ctx, facts, authorities)
    return corpus


def _use_real_world_layouts(replies: list[Reply], plans: dict[str, Plan], params: dict, seed: int) -> None:
    """A share of the answered replies in the real-world layouts of layouts.py (params
    ``real_world_layouts: {share, layouts}``; absent or share 0: none, the corpus is unchanged).

    Only replies whose answers are plain (no combined figure, cross reference, snapshot or
    other period) qualify: the layouts write one text per question. The bilingual layout
    goes to Welsh authorities only. Other replies keep their format, layout and bytes.
    """
    setting = params.get("real_world_layouts") or {}
    share = float(setting.get("share", 0))
    if share <= 0:
        return
    layouts = list(setting.get("layouts") or SINGLE_PERIOD_LAYOUTS)
    unknown = sorted(set(layouts) - set(SINGLE_PERIOD_LAYOUTS))
    if unknown:
        raise GenerationError(f"real_world_layouts: unknown layouts {unknown}")
    bilingual = [layout for layout in layouts if layout in BILINGUAL_LAYOUTS]
    if bilingual and not params.get("welsh"):
        raise GenerationError("real_world_layouts: the bilingual layouts need the params' welsh labels")

    def plain(r: Reply) -> bool:
        return r.kind == "answers" and r.stands and all(
            not (a.form or a.covers or a.refers_to or a.period_note) for a in r.answers)

    eligible = [r for r in replies if plain(r)]
    rng = sub_rng(seed, "real_world_layouts")
    chosen = sorted(rng.sample(eligible, min(len(eligible), round(share * len(eligible)))),
                    key=lambda r: r.reply_id)
    welsh = [r for r in chosen if plans[r.gss].auth.nation == "Wales"]
    in_welsh = dict(zip((r.reply_id for r in rng.sample(welsh, min(len(welsh), len(bilingual)))), bilingual))
    others = [layout for layout in layouts if layout not in BILINGUAL_LAYOUTS]
    i = 0
    for r in chosen:
        r.fmt = REAL_WORLD
        if r.reply_id in in_welsh:
            r.layout = in_welsh[r.reply_id]
        else:
            r.layout = others[i % len(others)]
            i += 1


def _verify(stats: dict, params: dict, truth: list[dict], questions: list[dict], planted: list[dict],
            dfe_counts: dict[str, int]) -> None:
    """The corpus must reproduce the params' targets exactly; fail loudly otherwise."""
    targets = params["targets"]
    problems = []

    def want(key: str, expected) -> None:
        if expected is None:
            return
        if stats.get(key) != expected:
            problems.append(f"{key}: computed {stats.get(key)!r}, target {expected!r}")

    for cohort in COHORTS:
        t = targets.get(cohort) or {}
        want(f"{cohort}_in_care", t.get("in_care"))
        want(f"{cohort}_went_missing", t.get("went_missing"))
        want(f"{cohort}_authorities_with_missing", t.get("authorities_with_missing"))
        if t.get("mean_episodes") is not None:
            want(f"{cohort}_mean_episodes", f"{t['mean_episodes']:.1f}")
        if t.get("missing_pct") is not None:
            want(f"{cohort}_missing_pct", t["missing_pct"])
    want("not_found_total", targets.get("not_found_total"))
    want("authorities_with_not_found", targets.get("authorities_with_not_found"))
    for measure, value in (targets.get("combined") or {}).items():
        want(f"combined_{measure}", value)
    for gss, by_cohort in (params.get("fixed") or {}).items():
        for cohort, figures in by_cohort.items():
            for measure, value in figures.items():
                want(f"authority:{gss}:{cohort}_{measure}", value)
    for gss, value in (params.get("fixed_combined_not_found") or {}).items():
        want(f"authority:{gss}:combined_not_found", value)
    ranking = params.get("ranking") or []
    if ranking and stats["ranking"][: len(ranking)] != ranking:
        problems.append(f"ranking: computed {stats['ranking'][:len(ranking) + 1]}, target {ranking}")
    if ranking and stats["ranking_totals"][len(ranking) - 1] <= stats["ranking_totals"][len(ranking)]:
        problems.append("ranking: the last named authority is not strictly above the next")
    found = {(f["authority_code"], f["rule"]) for f in per_authority_findings(truth, questions)}
    expected = {(p["authority_code"], p["rule"]) for p in planted}
    if found != expected:
        problems.append(f"per-authority findings {sorted(found)} differ from planted {sorted(expected)}")
    for row in below_dfe_snapshot(truth, questions, dfe_counts):
        problems.append(f"{row['authority_code']}: UASC in care at most {row['foi_upper']}, below DfE's "
                        f"{row['dfe']} looked after at 31 March")
    if problems:
        raise GenerationError("corpus misses its targets:\n  " + "\n  ".join(problems))


def notice_reply(reply_id, gss, ref, date_received, plan, auth, questions) -> Reply:
    """A notice answering the whole request: refused on cost, not held or not responsible."""
    outcome = "refused" if plan.kind == "refused_cost" else "answered"
    r = Reply(reply_id, gss, ref, date_received, outcome, kind=plan.kind, fmt=plan.fmt, stands=True)
    r.answers = _notice_answers(questions, plan.kind, plan)
    r.note = {"refused_cost": "Whole request refused: cost limit (s12).",
              "not_held": "Information not held (FOISA s17 notice).",
              "not_responsible": f"Not responsible: points to the {auth.redirect}."}[plan.kind]
    return r


def _assemble_files(corpus: Corpus, ctx: Ctx, facts: dict, authorities) -> None:
    from .readme import readme_text

    write_round_files(corpus, ctx, readme_text(corpus, ctx, facts))


def write_round_files(corpus, ctx: Ctx, readme: str) -> None:
    """The round folder's files (request log, replies, coding sheet, README) and the answer
    keys, from a generated corpus (one- or several-period)."""
    spec = corpus.spec
    replies_dir = spec.get("replies_dir", "replies")
    log_rows = []
    for r in corpus.replies:
        log_rows.append({
            "reply_id": r.reply_id, "request_ref": r.request_ref, "gss_code": r.gss,
            "authority_name": corpus.plans[r.gss].auth.official_name, "date_sent": ctx.date_sent.isoformat(),
            "date_received": r.date_received.isoformat() if r.date_received else "",
            "outcome": r.outcome, "reply_file": r.filename, "supersedes": r.supersedes, "note": r.note,
        })
        if r.filename:
            corpus.files[f"{replies_dir}/{r.filename}"] = r.content
    corpus.files[spec.get("request_log", "request_log.csv")] = _csv_bytes(LOG_COLUMNS, log_rows)
    corpus.files[spec.get("coding_sheet", "coding_sheet.csv")] = _csv_bytes(CODING_COLUMNS, corpus.coding)
    corpus.files["README.md"] = readme.encode("utf-8")
    corpus.truth_files[f"{corpus.round_id}.csv"] = _csv_bytes(TRUTH_COLUMNS, corpus.truth)
    corpus.truth_files[f"{corpus.round_id}_planted.csv"] = _csv_bytes(PLANTED_COLUMNS, corpus.planted)


def write(corpus: Corpus, out_dir: Path, truth_dir: Path) -> list[Path]:
    """Write the corpus; remove stale reply files; never touch round.yaml."""
    written = []
    out_dir.mkdir(parents=True, exist_ok=True)
    replies_dir = out_dir / corpus.spec.get("replies_dir", "replies")
    if replies_dir.exists():
        keep = {Path(k).name for k in corpus.files if k.startswith(f"{replies_dir.name}/")}
        for old in sorted(replies_dir.iterdir()):
            if old.is_file() and old.name not in keep:
                old.unlink()
    for rel, content in sorted(corpus.files.items()):
        if rel == "round.yaml":
            raise GenerationError("refusing to overwrite round.yaml")
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    truth_dir.mkdir(parents=True, exist_ok=True)
    for rel, content in sorted(corpus.truth_files.items()):
        path = truth_dir / rel
        path.write_bytes(content)
        written.append(path)
    return written


__all__ = ["Corpus", "GenerationError", "answering", "build", "write"]
