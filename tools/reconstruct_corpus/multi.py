"""A round asked about several periods: one request, one reply per authority, an answer per
question x period (2018-20: calendar 2018, 2019, 2020; 2021-24: calendar 2021-2023 and the
partial 1 January to 30 April 2024).

The answered replies use the layouts councils use for such requests (``layouts.py``): a
column per year, a row per year, a line per year, a list of years after each question, a
CSV or an e-mail with the workbook attached. Whole-request notices (cost, FOISA s17) are the
single-period round's. Targets come from ``data/published/<round>.yaml`` (``targets.py``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

from .allocate import (
    GenerationError,
    latent_sizes,
    load_authorities,
    make_plans,
    parse_date,
    resolve,
    select_authorities,
    sub_rng,
)
from .check import compute_statistics, per_authority_findings
from .expand import expand
from .layouts import MULTI_PERIOD_LAYOUTS, RoundPeriod, render_layout
from .model import COHORTS, Answer, Cell, Plan, Reply
from .multi_allocate import allocate_periods, draw_behaviour
from .render import Ctx, render
from .targets import RoundTargets, load_targets, percent_change
from .wording import council_ref, date_words

REAL_WORLD = "real_world"


def is_multi_period(spec: dict) -> bool:
    return len(spec.get("periods") or []) > 1


def round_periods(spec: dict) -> list[RoundPeriod]:
    """The periods as a council heads a column ("1 January to 31 December 2021") and lists them
    in a letter ("2021", "2024 (up to 30 April 2024)")."""
    out = []
    for p in spec["periods"]:
        start, end = parse_date(p["start"]), parse_date(p["end"])
        whole_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year
        short = str(start.year) if whole_year else f"{start.year} (up to {date_words(end)})"
        out.append(RoundPeriod(str(p["id"]), str(p["label"]), short))
    return out


def build_multi(round_id: str, params: dict, spec: dict, repo_root: Path, reference_dir: Path):
    from .generate import CODING_COLUMNS, Corpus, _csv_bytes, _notice_answers, notice_reply  # noqa: F401  (shared records)

    date_sent, cutoff = parse_date(spec["date_sent"]), parse_date(spec["reply_cutoff"])
    period_ids = [str(p["id"]) for p in spec["periods"]]
    questions = [dict(q) for q in spec["questions"]]
    for q in questions:
        q["periods"] = [str(p) for p in q["periods"]]
    cells_order = [dict(q, period=p) for q in questions for p in q["periods"]]
    seed = int(params["seed"])
    targets = load_targets(params, repo_root, period_ids)

    asked_rows = load_authorities(reference_dir / params["reference"]["authorities"], date_sent)
    authorities = select_authorities(asked_rows, params)
    plans = make_plans(authorities, params)
    for plan in plans.values():
        if plan.kind == "prose":
            raise GenerationError("prose letters are not written for multi-period rounds (outcomes: prose)")
    latent, dfe = latent_sizes(authorities, params, reference_dir)
    behaviour = draw_behaviour(plans, params, dfe, period_ids)
    cells = allocate_periods(plans, behaviour, targets, params, latent, period_ids)
    late_cells = _late_figures(plans, latent, period_ids, sub_rng(seed, "late"))

    first, last = spec["periods"][0], spec["periods"][-1]
    start, end = parse_date(first["start"]), parse_date(last["end"])
    ctx = Ctx(
        round_id=round_id, seed=seed,
        questions=[dict(q, period=q["periods"][0]) for q in questions],
        period=(start, end),
        period_label=f"{date_words(start)} to {date_words(end)}, period by period as asked",
        date_sent=date_sent, requester=params["requester"], title=spec.get("title", ""),
    )
    periods = round_periods(spec)

    split_rng = sub_rng(seed, "split")
    modes = params.get("split_modes") or {"separate": 1.0}
    split_mode = {g: _draw(split_rng, modes) for g in sorted(plans)}
    expand_rng = sub_rng(seed, "expand")

    def answers_of(gss: str, source: dict) -> list[Answer]:
        by_period = {}
        for p in period_ids:
            qs = [dict(q, period=p) for q in questions if p in q["periods"]]
            by_period[p] = {a.question: a for a in expand(qs, source[p][gss], "", expand_rng, {split_mode[gss]: 1.0})}
        return [by_period[q["period"]][q["label"]] for q in cells_order]

    # ---- replies
    dates = params["dates"]
    first_reply, due = parse_date(dates["first_reply"]), parse_date(dates["due"])
    last_in_time = parse_date(dates["last_in_time_reply"])
    late_days = [parse_date(d) for d in dates["late_replies"]]
    date_rng, ref_rng = sub_rng(seed, "dates"), sub_rng(seed, "refs")
    replies: list[Reply] = []
    late_i = own_ref = 0

    def received() -> dt.date:
        if date_rng.random() < 0.8:
            return _between(date_rng, first_reply, due)
        return _between(date_rng, due, last_in_time)

    for gss in sorted(plans):
        plan, auth = plans[gss], plans[gss].auth

        def rid(n: int, gss: str = gss) -> str:
            return f"{round_id}-{gss}-{n}"

        if plan.kind == "no_reply":
            own_ref += 1
            replies.append(Reply(rid(1), gss, f"{params['requester']['ref_prefix']}-{own_ref:03d}", None, "no_reply",
                                 note=f"No reply by the cut-off; reminder sent {(due + dt.timedelta(days=14)).isoformat()}."))
            continue
        ref = council_ref(auth, ref_rng, date_sent.year)
        if plan.kind == "answers":
            r = Reply(rid(1), gss, ref, received(), "answered", kind="answers", fmt=REAL_WORLD, stands=True)
            r.answers = answers_of(gss, cells)
            replies.append(r)
        elif plan.kind in {"refused_cost", "not_held", "not_responsible"}:
            replies.append(notice_reply(rid(1), gss, ref, received(), plan, auth, cells_order))
        elif plan.kind == "internal_review":
            first_r = Reply(rid(1), gss, ref, _between(date_rng, due - dt.timedelta(days=7), due), "refused",
                            kind="refused_cost", fmt="txt",
                            note="Whole request refused: cost limit (s12); internal review requested.")
            first_r.answers = _notice_answers(cells_order, "refused_cost", plan)
            second = Reply(rid(2), gss, ref, _between(date_rng, due + dt.timedelta(days=42), due + dt.timedelta(days=60)),
                           "internal_review", kind="answers", fmt=REAL_WORLD, supersedes=first_r.reply_id, stands=True,
                           note="Internal review: refusal withdrawn, request answered.")
            second.answers = answers_of(gss, cells)
            if second.date_received > cutoff:
                raise GenerationError("internal review reply after the cut-off")
            replies += [first_r, second]
        elif plan.kind == "late_only":
            r = Reply(rid(1), gss, ref, late_days[late_i % len(late_days)], "late", kind="answers", fmt=REAL_WORLD,
                      note=f"Received after the cut-off ({cutoff.isoformat()}); excluded (include_late: false).")
            late_i += 1
            r.answers = answers_of(gss, late_cells)
            replies.append(r)
        elif plan.kind == "late_after_refusal":
            first_r = Reply(rid(1), gss, ref, received(), "refused", kind="refused_cost",
                            fmt=plan.fmt if plan.fmt in {"txt", "eml"} else "eml", stands=True,
                            note="Whole request refused: cost limit (s12).")
            first_r.answers = _notice_answers(cells_order, "refused_cost", plan)
            second = Reply(rid(2), gss, ref, late_days[late_i % len(late_days)], "late", kind="answers",
                           fmt=REAL_WORLD, supersedes=first_r.reply_id,
                           note=f"Answers sent after the cut-off ({cutoff.isoformat()}); excluded "
                           f"(include_late: false), so the refusal {first_r.reply_id} stands.")
            late_i += 1
            second.answers = answers_of(gss, late_cells)
            replies += [first_r, second]
        else:
            raise GenerationError(f"unknown plan kind {plan.kind}")

    # ---- layouts: every one at least once, then by weight
    layouts = params["layouts"]
    unknown = sorted(set(layouts) - set(MULTI_PERIOD_LAYOUTS))
    if unknown:
        raise GenerationError(f"layouts: unknown multi-period layouts {unknown}")
    lay_rng = sub_rng(seed, "layouts")
    answered = [r for r in replies if r.fmt == REAL_WORLD]
    cycle = sorted(layouts)
    lay_rng.shuffle(cycle)
    for i, r in enumerate(answered):
        r.layout = cycle[i] if i < len(cycle) else _draw(lay_rng, layouts)
    examples = list(params.get("cost_examples") or [])
    for r in replies:
        if r.kind == "refused_cost" and examples:
            r.extra["cost"] = examples.pop(0)

    # ---- render
    names: set[str] = set()
    for r in replies:
        if r.outcome == "no_reply":
            continue
        if r.fmt == REAL_WORLD:
            r.filename, r.content = render_layout(r.layout, r, plans[r.gss].auth, ctx, periods=periods)
        else:
            render(r, plans[r.gss], ctx, sub_rng(seed, f"render:{r.reply_id}"))
        name, n = r.filename, 2
        stem, _, ext = name.rpartition(".")
        while name.lower() in names:
            name, n = f"{stem} ({n}).{ext}", n + 1
        names.add(name.lower())
        r.filename = name

    # ---- answer key
    standing = {r.gss: r for r in replies if r.stands}
    truth = []
    replies_dir = spec.get("replies_dir", "replies")
    for gss in sorted(plans):
        r = standing.get(gss)
        by_cell = {(a.question, a.period): a for a in r.answers} if r else {}
        for q in cells_order:
            a = by_cell.get((q["label"], q["period"]))
            if a is None:
                truth.append({"authority_code": gss, "question": q["label"], "period": q["period"],
                              "status": "no_response"})
                continue
            truth.append({
                "authority_code": gss, "question": a.question, "period": a.period, "status": a.status,
                "value": a.value, "lower": a.lower, "upper": a.upper, "exemption": a.exemption,
                "covers": a.covers, "refers_to": a.refers_to, "redirect": a.redirect,
                "period_note": a.period_note, "source_file": f"{replies_dir}/{r.filename}", "reply_id": r.reply_id,
            })
    planted = _planted(params, plans, questions)
    stats = {p: compute_statistics([row for row in truth if row["period"] == p],
                                   [dict(q, period=p) for q in questions]) for p in period_ids}
    _verify(truth, questions, period_ids, targets, stats, planted)

    corpus = Corpus(round_id, params, spec, plans, replies, truth, planted, [], stats)
    # authorities created after the first period began answer for their area's earlier years
    corpus.successors = sorted(
        (row["official_name"].strip(), row["start_date"].strip()) for row in asked_rows
        if row["gss_code"].strip() in plans and row.get("start_date", "").strip()
        and parse_date(row["start_date"].strip()) > parse_date(first["start"]))
    _assemble(corpus, ctx, targets)
    return corpus


def _draw(rng: random.Random, table: dict[str, float]) -> str:
    from .allocate import draw

    return draw(rng, {k: table[k] for k in sorted(table)})


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    from .generate import _between as between

    return between(rng, start, end)


def _late_figures(plans: dict[str, Plan], latent: dict, period_ids: list[str], rng: random.Random) -> dict:
    """Figures of replies that arrive after the cut-off (recorded, never counted)."""
    out: dict = {p: {} for p in period_ids}
    for gss in sorted(plans):
        if plans[gss].kind not in {"late_only", "late_after_refusal"}:
            continue
        for p in period_ids:
            by = {}
            for cohort in COHORTS:
                size = int(latent[cohort][gss] * 1.5) + rng.randint(0, 3)
                wm = rng.randint(0, max(0, size // 4))
                by[cohort] = {"in_care": Cell("reported", value=size), "went_missing": Cell("reported", value=wm),
                              "missing_episodes": Cell("reported", value=wm + rng.randint(0, wm)),
                              "not_found": Cell("reported", value=rng.randint(0, wm // 3) if wm else 0)}
            by["overlap"] = {"in_care": Cell("reported", value=min(by["trafficked"]["in_care"].value,
                                                                   by["uasc"]["in_care"].value) // 3)}
            out[p][gss] = by
    return out


RULE_MEASURES = {
    "went_missing_exceeds_in_care": ("went_missing", "in_care"),
    "not_found_exceeds_went_missing": ("not_found", "went_missing"),
    "episodes_below_went_missing": ("missing_episodes", "went_missing"),
}


def _planted(params: dict, plans: dict[str, Plan], questions: list[dict]) -> list[dict]:
    out = []
    for item in params.get("planted") or []:
        gss = resolve([p.auth for p in plans.values()], item["authority"]).gss
        labels = [q["label"] for m in RULE_MEASURES[item["rule"]] for q in questions
                  if q["cohort"] == item["cohort"] and q["measure"] == m]
        out.append({"authority_code": gss, "rule": item["rule"], "questions": ";".join(labels),
                    "description": f"{item['period']}: {item['description']}"})
    return sorted(out, key=lambda row: (row["authority_code"], row["rule"]))


def matched_set(truth: list[dict], questions: list[dict], period: str, cohort: str) -> dict[str, tuple[int, int]]:
    """{authority: (in care, went missing)} over the authorities that reported both (the matched set)."""
    meta = {q["label"]: q for q in questions}
    figures: dict[str, dict[str, int]] = {}
    for row in truth:
        q = meta[row["question"]]
        if row["period"] != period or q["cohort"] != cohort or q["measure"] not in {"in_care", "went_missing"}:
            continue
        mine = figures.setdefault(row["authority_code"], {})
        if row["status"] == "reported":
            mine[q["measure"]] = mine.get(q["measure"], 0) + int(row["value"])
        elif row["status"] != "included_elsewhere":
            mine["withheld:" + q["measure"]] = 1
    return {g: (f["in_care"], f["went_missing"]) for g, f in figures.items()
            if "in_care" in f and "went_missing" in f and not any(k.startswith("withheld:") for k in f)}


def _verify(truth, questions, period_ids, targets: RoundTargets, stats, planted) -> None:
    problems = []
    for p in period_ids:
        s = stats[p]
        for cohort, t in targets.periods[p].items():
            for key in ("in_care", "went_missing"):
                want = getattr(t, key)
                if want is not None and s[f"{cohort}_{key}"] != want:
                    problems.append(f"{p} {cohort}_{key}: {s[f'{cohort}_{key}']}, target {want}")
            matched = matched_set(truth, questions, p, cohort)
            if t.matched_authorities is not None and len(matched) != t.matched_authorities:
                problems.append(f"{p} {cohort} matched set: {len(matched)}, target {t.matched_authorities}")
            for key, index in (("matched_in_care", 0), ("matched_went_missing", 1)):
                want = getattr(t, key)
                got = sum(v[index] for v in matched.values())
                if want is not None and got != want:
                    problems.append(f"{p} {cohort} {key}: {got}, target {want}")
            if t.missing_pct is not None:
                places = max(0, -t.missing_pct.as_tuple().exponent)
                got = percent_change(s[f"{cohort}_in_care"], s[f"{cohort}_in_care"] + s[f"{cohort}_rate_numerator"],
                                     places) if s[f"{cohort}_in_care"] else None
                if got != t.missing_pct:
                    problems.append(f"{p} {cohort}_missing_pct: {got}, target {t.missing_pct}")
            if t.mean_episodes is not None:
                places = max(0, -t.mean_episodes.as_tuple().exponent)
                mean = s[f"{cohort}_mean_episodes"]
                got = round(float(mean), places) if mean is not None else None
                if got is None or abs(got - float(t.mean_episodes)) > 0.5 * 10 ** -places:
                    problems.append(f"{p} {cohort}_mean_episodes: {mean}, target {t.mean_episodes}")
        if p in targets.combined_went_missing and s["combined_went_missing"] != targets.combined_went_missing[p]:
            problems.append(f"{p} combined_went_missing: {s['combined_went_missing']}, "
                            f"target {targets.combined_went_missing[p]}")
    for change in targets.changes:
        earlier, later = _like_for_like(truth, questions, change)
        places = max(0, -change.percent.as_tuple().exponent)
        got = percent_change(earlier, later, places)
        if got != change.percent:
            problems.append(f"like-for-like {change.cohort}_{change.measure} {change.earlier}->{change.later}: "
                            f"{got}%, target {change.percent}%")
    found = set()
    for p in period_ids:
        rows = [row for row in truth if row["period"] == p]
        found |= {(f["authority_code"], f["rule"]) for f in per_authority_findings(rows, questions)}
    expected = {(row["authority_code"], row["rule"]) for row in planted}
    if found != expected:
        problems.append(f"per-authority findings {sorted(found)} differ from planted {sorted(expected)}")
    if problems:
        raise GenerationError("corpus misses its targets:\n  " + "\n  ".join(problems))


def _like_for_like(truth, questions, change) -> tuple[int, int]:
    """Totals of one cohort's figure in two periods over the authorities that reported it in both."""
    meta = {q["label"]: q for q in questions}
    sums: dict[tuple[str, str], int] = Counter()
    withheld: set[tuple[str, str]] = set()
    for row in truth:
        q = meta[row["question"]]
        if q["cohort"] != change.cohort or q["measure"] != change.measure:
            continue
        key = (row["authority_code"], row["period"])
        if row["status"] == "reported":
            sums[key] += int(row["value"])
        elif row["status"] != "included_elsewhere":
            withheld.add(key)
    both = {g for g, p in sums if p == change.earlier and (g, change.later) in sums
            and (g, change.earlier) not in withheld and (g, change.later) not in withheld}
    return sum(sums[(g, change.earlier)] for g in both), sum(sums[(g, change.later)] for g in both)


def _assemble(corpus, ctx: Ctx, targets: RoundTargets) -> None:
    from .generate import write_round_files
    from .readme_multi import readme_text

    write_round_files(corpus, ctx, readme_text(corpus, ctx, targets))


__all__ = ["build_multi", "is_multi_period", "matched_set", "round_periods"]
