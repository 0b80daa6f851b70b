"""Who was asked, what each authority did, and the synthetic figures.

The figures are allocated so that the reported answers add up exactly to the
round's targets (params file), following the counting rules of docs/design.md#counting-rules.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from .model import COHORTS, MEASURES, Authority, Cell, Plan


class GenerationError(RuntimeError):
    """The parameters cannot be met (the message says which)."""


def sub_rng(seed: int, purpose: str) -> random.Random:
    """An independent, deterministic random stream for one purpose."""
    return random.Random(f"{seed}:{purpose}")


def parse_date(text: str) -> dt.date:
    return dt.date.fromisoformat(str(text))


# --------------------------------------------------------------------------- reference data


def _truthy(text: str) -> bool:
    return str(text).strip().lower() in {"true", "1", "yes", "y", "t"}


def _split_alt(text: str) -> list[str]:
    text = (text or "").strip()
    if not text:
        return []
    for sep in ("|", ";"):
        if sep in text:
            return [part.strip() for part in text.split(sep) if part.strip()]
    return [text]


def load_authorities(path: Path, on: dt.date) -> list[dict]:
    """Rows of the register active on a date (start <= on <= end, blank = open)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    active = []
    for row in rows:
        start = row.get("start_date", "").strip()
        end = row.get("end_date", "").strip()
        if start and parse_date(start) > on:
            continue
        if end and parse_date(end) < on:
            continue
        active.append(row)
    return active


def _matches(row: dict, selector: dict) -> bool:
    for key, wanted in selector.items():
        if key in {"whole_reply", "redirect"}:
            continue
        have = row.get(key, "")
        if key == "children_services":
            if _truthy(have) != bool(wanted):
                return False
        elif str(have).strip() != str(wanted):
            return False
    return True


def select_authorities(rows: list[dict], params: dict) -> list[Authority]:
    chosen: dict[str, Authority] = {}
    for selector in params["selection"]:
        for row in rows:
            if not _matches(row, selector):
                continue
            gss = row["gss_code"].strip()
            if gss in chosen:
                continue
            chosen[gss] = Authority(
                gss=gss,
                official_name=row["official_name"].strip(),
                short_name=row.get("short_name", "").strip() or row["official_name"].strip(),
                alt_names=_split_alt(row.get("alt_names", "")),
                nation=row["nation"].strip(),
                region=row.get("region", "").strip(),
                type=row.get("type", "").strip(),
                dfe_la_number=str(row.get("dfe_la_number", "")).strip().split(".")[0],
                whole_reply=selector.get("whole_reply", ""),
                redirect=selector.get("redirect", ""),
            )
    result = [chosen[gss] for gss in sorted(chosen)]
    expected = params.get("expected_authorities")
    if expected is not None and len(result) != expected:
        raise GenerationError(
            f"selection gives {len(result)} authorities, params expect {expected}"
        )
    return result


def resolve(authorities: list[Authority], key: str) -> Authority:
    """An authority by GSS code, or by short / official / alternative name."""
    for auth in authorities:
        if auth.gss == key:
            return auth
    low = key.strip().lower()
    for getter in (
        lambda a: [a.short_name],
        lambda a: [a.official_name],
        lambda a: a.alt_names,
    ):
        hits = [a for a in authorities if low in {n.lower() for n in getter(a)}]
        if len(hits) == 1:
            return hits[0]
    raise GenerationError(f"params name {key!r}, which matches no single authority asked")


def load_dfe_uasc(path: Path, year: int) -> dict[str, tuple[int | None, str]]:
    """DfE UASC looked after at 31 March by DfE LA number: (value or None, flag)."""
    result: dict[str, tuple[int | None, str]] = {}
    if not path.exists():
        return result
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if str(row.get("year", "")).strip() != str(year):
                continue
            number = str(row.get("dfe_la_number", "")).strip().split(".")[0]
            raw = str(row.get("uasc_31_march", "")).strip()
            flag = str(row.get("uasc_31_march_flag", "")).strip()
            try:
                value = int(float(raw)) if raw else None
            except ValueError:
                value, flag = None, flag or raw
            result[number] = (value, flag)
    return result


# --------------------------------------------------------------------------- helpers


def round_half_up(value: float, places: int = 0) -> Decimal:
    quant = Decimal(1).scaleb(-places)
    return Decimal(repr(value)).quantize(quant, rounding=ROUND_HALF_UP)


def apportion(total: int, weights: list[float], lo: list[int], hi: list[int]) -> list[int]:
    """Integers x_i in [lo_i, hi_i] summing to total, roughly proportional to weights."""
    n = len(weights)
    x = list(lo)
    remaining = total - sum(lo)
    if remaining < 0 or remaining > sum(h - l for h, l in zip(hi, lo)):
        raise GenerationError(
            f"cannot apportion {total} over {n} entries (min {sum(lo)}, max {sum(hi)})"
        )
    while remaining > 0:
        active = [i for i in range(n) if x[i] < hi[i]]
        weight = {i: (weights[i] if weights[i] > 0 else 0.0) for i in active}
        if sum(weight.values()) <= 0:
            weight = {i: 1.0 for i in active}
            # only entries without weight are left: give them units evenly
        total_w = sum(weight.values())
        shares = {i: remaining * weight[i] / total_w for i in active}
        given = 0
        for i in active:
            take = min(math.floor(shares[i]), hi[i] - x[i])
            x[i] += take
            given += take
        remaining -= given
        if given == 0:
            order = sorted(active, key=lambda i: (-(shares[i] - math.floor(shares[i])), -weight[i], i))
            for i in order:
                if remaining == 0:
                    break
                if x[i] < hi[i] and weight[i] > 0:
                    x[i] += 1
                    remaining -= 1
            if remaining and all(weight[i] <= 0 or x[i] >= hi[i] for i in active):
                for i in active:
                    if remaining and x[i] < hi[i]:
                        x[i] += 1
                        remaining -= 1
    return x


def weighted_sample(rng: random.Random, items: list, weights: list[float], k: int) -> list:
    """k items without replacement, chance proportional to weight (Efraimidis-Spirakis)."""
    if k > len(items):
        raise GenerationError(f"need {k} items, only {len(items)} candidates")
    keyed = []
    for item, weight in zip(items, weights):
        u = rng.random()
        key = math.log(u) / weight if weight > 0 else -math.inf
        keyed.append((key, item))
    keyed.sort(key=lambda pair: pair[0], reverse=True)
    return [item for _, item in keyed[:k]]


def draw(rng: random.Random, table: dict[str, float]) -> str:
    keys = list(table)
    total = sum(table[k] for k in keys)
    point = rng.random() * total
    acc = 0.0
    for key in keys:
        acc += table[key]
        if point < acc:
            return key
    return keys[-1]


def suppression(nation: str, measure: str, rng: random.Random) -> Cell:
    """A withheld small number, with the phrase and exemption a council would use."""
    if measure == "missing_episodes":
        phrase, lower, upper = "less than 10", 1, 9
    elif nation == "Scotland":
        phrase, lower, upper = rng.choice(
            [("fewer than 5", 1, 4), ("fewer than 5", 1, 4), ("less than 5", 1, 4), ("so few", 1, 4)]
        )
    else:
        phrase, lower, upper = rng.choice(
            [("fewer than 5", 1, 4), ("<5", 1, 4), ("5 or less", 0, 5), ("fewer than 5", 1, 4)]
        )
    exemption = "FOISA s38(1)(b)" if nation == "Scotland" else "FOIA s40(2)"
    return Cell("suppressed", lower=lower, upper=upper, exemption=exemption, phrase=phrase)


# --------------------------------------------------------------------------- plans


def make_plans(authorities: list[Authority], params: dict) -> dict[str, Plan]:
    seed = params["seed"]
    rng = sub_rng(seed, "outcomes")
    plans = {a.gss: Plan(auth=a, kind="answers") for a in authorities}
    for key, name in (params.get("letterhead") or {}).items():
        resolve(authorities, key).letterhead = name

    protected = set()
    for key in params.get("fixed") or {}:
        protected.add(resolve(authorities, key).gss)
    for item in params.get("planted") or []:
        protected.add(resolve(authorities, item["authority"]).gss)

    for auth in authorities:
        if auth.whole_reply:
            plans[auth.gss].kind = auth.whole_reply

    free = {
        nation: [a.gss for a in authorities if a.nation == nation and not a.whole_reply and a.gss not in protected]
        for nation in sorted({a.nation for a in authorities})
    }
    for kind in (
        "no_reply",
        "refused_cost",
        "not_held",
        "internal_review",
        "late_only",
        "late_after_refusal",
        "prose",
    ):
        for nation, count in sorted((params.get("outcomes", {}).get(kind) or {}).items()):
            pool = free.get(nation, [])
            if count > len(pool):
                raise GenerationError(f"outcome {kind}: {count} wanted in {nation}, {len(pool)} free")
            picked = rng.sample(pool, count)
            for gss in sorted(picked):
                plans[gss].kind = kind
                pool.remove(gss)

    # reply formats of answered replies, each layout used at least once
    fmt_rng = sub_rng(seed, "formats")
    pinned = {resolve(authorities, k).gss: v for k, v in (params["formats"].get("pinned") or {}).items()}
    weights = params["formats"]["weights"]
    for gss in sorted(plans):
        plan = plans[gss]
        if plan.kind in {"answers", "internal_review", "late_only", "late_after_refusal"}:
            plan.fmt = pinned.get(gss) or draw(fmt_rng, weights)
        elif plan.kind == "prose":
            plan.fmt = fmt_rng.choice(["txt", "eml"])
        elif plan.kind in {"refused_cost", "not_held", "not_responsible"}:
            plan.fmt = fmt_rng.choice(["txt", "eml", "eml"])
    return plans


def answering(plan: Plan) -> bool:
    """Does the standing reply of this plan carry per-question answers?"""
    return plan.kind in {"answers", "prose", "internal_review"}


# --------------------------------------------------------------------------- figures


def latent_sizes(authorities: list[Authority], params: dict, reference_dir: Path) -> tuple[dict, dict]:
    seed = params["seed"]
    rng = sub_rng(seed, "latent")
    ref = params["reference"]
    dfe = load_dfe_uasc(reference_dir / ref["dfe_looked_after"], ref["dfe_year"])
    lo_x, hi_x = ref.get("dfe_suppressed_range", [1, 5])
    uw = params["uasc_weight"]
    named = {resolve(authorities, k).gss: v for k, v in (uw.get("named") or {}).items()}
    uasc: dict[str, float] = {}
    for auth in authorities:
        if auth.gss in named:
            base = float(named[auth.gss])
        elif auth.nation == "England":
            value, flag = dfe.get(auth.dfe_la_number, (None, ""))
            if value is None:
                base = float(rng.randint(lo_x, hi_x)) if flag.lower() in {"x", "c"} else float(rng.randint(0, 3))
            else:
                base = float(value)
            base *= uw.get("turnover", 1.0)
        else:
            lo, hi = (uw.get("default_range") or {}).get(auth.nation, [0, 1])
            base = float(rng.randint(lo, hi))
        uasc[auth.gss] = base
    tw = params["trafficked_weight"]
    traff: dict[str, float] = {}
    for auth in authorities:
        if rng.random() < tw.get("zero_share", 0.3):
            traff[auth.gss] = 0.0
        else:
            lo, hi = tw.get("extra_range", [0, 5])
            traff[auth.gss] = round(uasc[auth.gss] * tw.get("uasc_share", 0.1)) + rng.randint(lo, hi)
    return {"trafficked": traff, "uasc": uasc}, dfe


def _cells_for_profile(profile: str, nation: str, params: dict, rng: random.Random) -> dict[str, Cell]:
    ms = params.get("measure_status") or {}
    cells: dict[str, Cell] = {}
    if profile == "reported":
        cells["in_care"] = Cell("reported")
        wm = draw(rng, {**(ms.get("went_missing") or {}), "reported": 1 - sum((ms.get("went_missing") or {}).values())})
        if wm == "suppressed":
            cells["went_missing"] = suppression(nation, "went_missing", rng)
            cells["missing_episodes"] = suppression(nation, "missing_episodes", rng)
            cells["not_found"] = Cell("reported", value=0)
        elif wm == "not_recorded":
            for m in ("went_missing", "missing_episodes", "not_found"):
                cells[m] = Cell("not_recorded")
        else:
            cells["went_missing"] = Cell("reported")
            for m in ("missing_episodes", "not_found"):
                table = ms.get(m) or {}
                status = draw(rng, {**table, "reported": 1 - sum(table.values())})
                cell = Cell(status)
                if status == "refused_cost":
                    cell.exemption = "FOISA s12" if nation == "Scotland" else "FOIA s12"
                cells[m] = cell
    elif profile == "suppressed":
        cells["in_care"] = suppression(nation, "in_care", rng)
        if rng.random() < 0.5:
            cells["went_missing"] = suppression(nation, "went_missing", rng)
            cells["missing_episodes"] = suppression(nation, "missing_episodes", rng)
        else:
            cells["went_missing"] = Cell("reported", value=0)
            cells["missing_episodes"] = Cell("reported", value=0)
        cells["not_found"] = Cell("reported", value=0)
    elif profile == "refused_other":
        exemption = rng.choice(["FOIA s38(1)", "FOIA s31(1)(a)"])
        for m in MEASURES:
            cells[m] = Cell("refused_other", exemption=exemption)
    elif profile == "not_held":
        for m in MEASURES:
            cells[m] = Cell("not_held", exemption="FOISA s17" if nation == "Scotland" else "")
    else:  # not_recorded
        for m in MEASURES:
            cells[m] = Cell("not_recorded")
    return cells


def _fixed_cells(figures: dict) -> dict[str, Cell]:
    return {m: Cell("reported", value=int(figures[m]), fixed=True) for m in MEASURES if m in figures}


def allocate(plans: dict[str, Plan], authorities: list[Authority], params: dict, reference_dir: Path) -> dict:
    """Decide every answering authority's cells; return facts for the README."""
    seed = params["seed"]
    latent, dfe = latent_sizes(authorities, params, reference_dir)
    prof_rng = sub_rng(seed, "profiles")
    fixed: dict[str, dict[str, dict]] = {}
    for key, by_cohort in (params.get("fixed") or {}).items():
        gss = resolve(authorities, key).gss
        fixed.setdefault(gss, {}).update(by_cohort)
    for item in params.get("planted") or []:
        gss = resolve(authorities, item["authority"]).gss
        fixed.setdefault(gss, {})[item["cohort"]] = item["figures"]

    # A council withholds its UASC in-care figure as a small number only where DfE's own
    # count of UASC looked after at 31 March is small too (itself suppressed, or at most
    # this): "fewer than 5" from an authority DfE counted 50 UASC on one day is implausible.
    withhold_max = params.get("uasc_withhold_max_dfe", 4)

    def dfe_count(auth: Authority, cohort: str) -> int | None:
        if cohort != "uasc" or auth.nation != "England":
            return None
        return dfe.get(auth.dfe_la_number, (None, ""))[0]

    def may_withhold(auth: Authority, cohort: str) -> bool:
        value = dfe_count(auth, cohort)
        return value is None or value <= withhold_max

    # cross-cohort combined figures: English answering authorities, not fixed
    forms = params.get("forms") or {}
    form_rng = sub_rng(seed, "forms")
    pool = [
        g for g in sorted(plans)
        if plans[g].kind == "answers" and plans[g].auth.nation == "England" and g not in fixed
    ]
    combined_styles = ["together"] * forms.get("cross_cohort_combined", 0) + ["included"] * forms.get(
        "included_in_above_combined", 0
    )
    combined = form_rng.sample(pool, len(combined_styles))
    for gss, style in zip(sorted(combined), combined_styles):
        plans[gss].combined_style = style

    for gss in sorted(plans):
        plan = plans[gss]
        if not answering(plan):
            continue
        nation = plan.auth.nation
        for cohort in COHORTS:
            if cohort in fixed.get(gss, {}):
                cells = _fixed_cells(fixed[gss][cohort])
                for m in MEASURES:
                    cells.setdefault(m, Cell("not_recorded"))
                plan.cohorts[cohort] = cells
                plan.cohort_profile[cohort] = "reported"
                continue
            if plan.combined_style:
                plan.cohorts[cohort] = {
                    "in_care": Cell("combined"),
                    "went_missing": Cell("combined"),
                    "missing_episodes": Cell("not_recorded"),
                    "not_found": Cell("not_recorded"),
                }
                plan.cohort_profile[cohort] = "combined"
                continue
            table = params["cohort_profile"][cohort].get(nation) or {"reported": 1.0}
            if plan.kind == "prose":
                # prose letters word only plain figures or "not recorded"
                table = {k: v for k, v in table.items() if k in {"reported", "not_recorded"}}
            profile = draw(prof_rng, table)
            if profile == "suppressed" and not may_withhold(plan.auth, cohort):
                profile = "reported"
            plan.cohort_profile[cohort] = profile
            cells = _cells_for_profile(profile, nation, params, prof_rng)
            if plan.kind == "prose" and profile == "reported":
                cells["went_missing"] = Cell("reported")
                for m in ("missing_episodes", "not_found"):
                    if cells[m].status not in {"reported", "not_recorded"}:
                        cells[m] = Cell("not_recorded")
            plan.cohorts[cohort] = cells

    targets = params["targets"]
    ranking = [resolve(authorities, k).gss for k in params.get("ranking") or []]
    num_rng = sub_rng(seed, "numbers")

    def cells_of(cohort: str, measure: str) -> list[tuple[str, Cell]]:
        return [
            (g, plans[g].cohorts[cohort][measure])
            for g in sorted(plans)
            if answering(plans[g]) and cohort in plans[g].cohorts
        ]

    # ---- in care (authorities whose small figure would be 1-4 may withhold it instead).
    # UASC in care at any time in the period is never below DfE's count on one day (31 March).
    small = params.get("small_number_suppression") or {}
    for cohort in COHORTS:
        jitter = {g: num_rng.uniform(0.8, 1.2) for g in sorted(plans)}
        for attempt in range(4):
            entries = [(g, c) for g, c in cells_of(cohort, "in_care") if c.status == "reported"]
            fixed_sum = sum(c.value for _, c in entries if c.fixed)
            free = [(g, c) for g, c in entries if not c.fixed]
            weights = [latent[cohort][g] * jitter[g] for g, _ in free]
            floors = [dfe_count(plans[g].auth, cohort) or 0 for g, _ in free]
            values = apportion(targets[cohort]["in_care"] - fixed_sum, weights, floors, [10**6] * len(free))
            for (g, c), v in zip(free, values):
                c.value = v
            if attempt == 3:
                break
            switched = False
            for g, c in free:
                plan = plans[g]
                if (1 <= c.value <= 4 and plan.kind in {"answers", "internal_review"}
                        and not plan.cohorts[cohort]["in_care"].form
                        and num_rng.random() < small.get(plan.auth.nation, 0.0)
                        and may_withhold(plan.auth, cohort)):
                    plan.cohorts[cohort] = _cells_for_profile("suppressed", plan.auth.nation, params, num_rng)
                    plan.cohort_profile[cohort] = "suppressed"
                    switched = True
            if not switched:
                break

    # ---- went missing
    threshold = None
    if ranking:
        totals = []
        for g in ranking:
            totals.append(sum(plans[g].cohorts[c]["went_missing"].value or 0 for c in COHORTS))
        if totals != sorted(totals, reverse=True) or len(set(totals)) != len(totals):
            raise GenerationError(f"ranking authorities' fixed totals are not strictly ordered: {totals}")
        threshold = min(totals)
    for cohort in COHORTS:
        target = targets[cohort]
        entries = [(g, c) for g, c in cells_of(cohort, "went_missing") if c.status == "reported"]
        fixed_entries = [(g, c) for g, c in entries if c.fixed]
        fixed_sum = sum(c.value for _, c in fixed_entries)
        fixed_pos = sum(1 for _, c in fixed_entries if c.value >= 1)
        cand = [
            (g, c) for g, c in entries
            if not c.fixed and c.value is None
            and plans[g].cohorts[cohort]["in_care"].status == "reported"
            and plans[g].cohorts[cohort]["in_care"].value >= 1
        ]
        for g, c in entries:
            if c.value is None:
                c.value = 0
        shape = (params.get("shape") or {}).get(cohort) or {}
        need = target.get("authorities_with_missing", shape.get("authorities_with_missing")) - fixed_pos
        chosen = weighted_sample(
            num_rng, cand, [plans[g].cohorts[cohort]["in_care"].value for g, _ in cand], need
        )
        chosen.sort(key=lambda gc: gc[0])
        his = []
        for g, _ in chosen:
            hi = plans[g].cohorts[cohort]["in_care"].value
            if threshold is not None:
                other = sum(
                    plans[g].cohorts[o]["went_missing"].value or 0
                    for o in COHORTS if o != cohort and plans[g].cohorts[o]["went_missing"].status == "reported"
                )
                hi = min(hi, threshold - 1 - other)
            his.append(hi)
        weights = [plans[g].cohorts[cohort]["in_care"].value * num_rng.uniform(0.5, 1.5) for g, _ in chosen]
        values = apportion(target["went_missing"] - fixed_sum, weights, [1] * len(chosen), his)
        for (g, c), v in zip(chosen, values):
            c.value = v

    # ---- episodes
    for cohort in COHORTS:
        both = [
            (g, plans[g].cohorts[cohort]["went_missing"], plans[g].cohorts[cohort]["missing_episodes"])
            for g in sorted(plans)
            if answering(plans[g]) and cohort in plans[g].cohorts
            and plans[g].cohorts[cohort]["went_missing"].status == "reported"
            and plans[g].cohorts[cohort]["missing_episodes"].status == "reported"
        ]
        mean = targets[cohort].get("mean_episodes")
        free = [(g, w, e) for g, w, e in both if not e.fixed]
        if mean is None:
            for g, w, e in free:
                e.value = w.value + sum(num_rng.randint(0, 3) for _ in range(w.value))
            continue
        s = sum(w.value for _, w, _ in both)
        fixed_e = sum(e.value for _, _, e in both if e.fixed)
        total = int(round_half_up(mean * s))
        if str(round_half_up(total / s, 1)) != str(Decimal(str(mean))):
            raise GenerationError(f"{cohort}: cannot hit mean episodes {mean} with {s} children")
        weights = [w.value * num_rng.uniform(0.3, 1.7) for _, w, _ in free]
        top = params.get("episodes_max_per_child", 8)
        values = apportion(
            total - fixed_e, weights, [w.value for _, w, _ in free], [w.value * top for _, w, _ in free]
        )
        for (g, w, e), v in zip(free, values):
            e.value = v

    # ---- not found (both cohorts together)
    entries = [
        (g, cohort, plans[g].cohorts[cohort]["not_found"], plans[g].cohorts[cohort]["went_missing"])
        for g in sorted(plans) if answering(plans[g])
        for cohort in COHORTS if cohort in plans[g].cohorts
        and plans[g].cohorts[cohort]["not_found"].status == "reported"
        and plans[g].cohorts[cohort]["went_missing"].status == "reported"
    ]
    fixed_sum = sum(nf.value for _, _, nf, _ in entries if nf.fixed)
    free = [(g, co, nf, wm) for g, co, nf, wm in entries if not nf.fixed and nf.value is None]
    for _, _, nf, _ in free:
        nf.value = 0
    need_total = targets["not_found_total"] - fixed_sum
    count_target = targets.get("authorities_with_not_found")
    positive = [(g, co, nf, wm) for g, co, nf, wm in free if wm.value >= 1]
    share_cap = params.get("not_found_max_share", 1.0)

    def nf_cap(wm_value: int) -> int:
        return wm_value if wm_value <= 2 else max(1, math.ceil(wm_value * share_cap))

    if count_target is not None:
        fixed_pos = {g for g, _, nf, _ in entries if nf.fixed and nf.value >= 1}
        auths = sorted({g for g, _, _, _ in positive} - fixed_pos)
        need_auths = count_target - len(fixed_pos)
        caps = {g: sum(wm.value for gg, _, _, wm in positive if gg == g) for g in auths}
        picked = set(weighted_sample(num_rng, auths, [caps[g] for g in auths], need_auths))
        use = [e for e in positive if e[0] in picked]
        first = {}
        for g, co, nf, wm in use:
            if g not in first or wm.value > first[g][1]:
                first[g] = (co, wm.value)
        lo = [1 if first[g][0] == co else 0 for g, co, _, _ in use]
    else:
        share = params.get("not_found_positive_share", 0.5)
        order = list(positive)
        num_rng.shuffle(order)
        use = [e for e in order if num_rng.random() < share]
        rest = [e for e in order if e not in use]
        while sum(nf_cap(e[3].value) for e in use) < need_total * 1.4 and rest:
            use.append(rest.pop(0))
        use.sort(key=lambda e: (e[0], e[1]))
        lo = [0] * len(use)
    weights = [wm.value * num_rng.uniform(0.2, 1.0) for _, _, _, wm in use]
    values = apportion(need_total, weights, lo, [nf_cap(wm.value) for _, _, _, wm in use])
    for (_, _, nf, _), v in zip(use, values):
        nf.value = v

    # ---- suppressed / combined: hidden or combined values (not counted)
    for gss in sorted(plans):
        plan = plans[gss]
        if not answering(plan):
            continue
        if plan.combined_style:
            size = int(latent["uasc"][gss] + latent["trafficked"][gss]) + num_rng.randint(2, 8)
            plan.cohorts["trafficked"]["in_care"].value = size
            plan.cohorts["trafficked"]["went_missing"].value = max(0, round(size * num_rng.uniform(0.05, 0.2)))
    # a prose letter saying nobody went missing implies no episodes and nobody not found
    for gss in sorted(plans):
        plan = plans[gss]
        if plan.kind != "prose":
            continue
        for cells in plan.cohorts.values():
            if cells["went_missing"].status == "reported" and cells["went_missing"].value == 0:
                for m in ("missing_episodes", "not_found"):
                    if cells[m].status != "reported":
                        cells[m] = Cell("reported", value=0)
    _assign_forms(plans, params, form_rng)
    _late_figures(plans, latent, num_rng)
    return {"latent": latent, "dfe": dfe}


def _assign_forms(plans: dict[str, Plan], params: dict, rng: random.Random) -> None:
    forms = params.get("forms") or {}
    order = sorted(plans)

    def pick(cands: list, k: int) -> list:
        k = min(k, len(cands))
        return sorted(rng.sample(cands, k)) if k else []

    def ok(plan: Plan) -> bool:
        return plan.kind in {"answers", "internal_review"} and not plan.combined_style

    # snapshots and other periods: UASC in care, not fixed
    cands = [g for g in order if ok(plans[g]) and plans[g].cohorts["uasc"]["in_care"].status == "reported"
             and not plans[g].cohorts["uasc"]["in_care"].fixed and plans[g].cohorts["uasc"]["in_care"].value >= 5]
    snaps = pick(cands, forms.get("snapshot", 0))
    for i, g in enumerate(snaps):
        cell = plans[g].cohorts["uasc"]["in_care"]
        cell.form = "snapshot"
        dates = params.get("snapshot_dates") or []
        cell.period_note = f"snapshot as at {dates[i % len(dates)]}" if dates else "snapshot"
    cands = [g for g in cands if g not in snaps]
    others = pick(cands, forms.get("other_period", 0))
    op = params.get("other_period") or {}
    for g in others:
        cell = plans[g].cohorts["uasc"]["in_care"]
        cell.form = "other_period"
        cell.period_note = f"other period: {op.get('start')} to {op.get('end')}"
    # incidents and children in one sentence
    cands = [
        (g, co) for g in order if ok(plans[g]) and plans[g].fmt in {"eml", "txt", "xlsx"}
        for co in ("uasc", "trafficked")
        if plans[g].cohorts[co]["went_missing"].status == "reported"
        and (plans[g].cohorts[co]["went_missing"].value or 0) >= 2
        and plans[g].cohorts[co]["missing_episodes"].status == "reported"
    ]
    k = min(forms.get("incidents_sentence", 0), len(cands))
    for g, co in sorted(rng.sample(cands, k)):
        plans[g].cohorts[co]["went_missing"].form = "incidents"
        plans[g].cohorts[co]["missing_episodes"].form = "incidents_ref"
    # lettered list of zeros
    cands = [
        (g, co) for g in order if ok(plans[g]) and plans[g].fmt in {"eml", "txt"}
        for co in ("trafficked",)
        if all(plans[g].cohorts[co][m].status == "reported" and plans[g].cohorts[co][m].value == 0 for m in MEASURES)
    ]
    k = min(forms.get("zero_lettered_list", 0), len(cands))
    for g, co in sorted(rng.sample(cands, k)):
        for m in MEASURES:
            plans[g].cohorts[co][m].form = "lettered"
    # "Please see response to Q1 above"
    cands = [
        (g, co) for g in order if ok(plans[g]) and plans[g].fmt in {"eml", "txt", "xlsx", "csv"}
        for co in COHORTS
        if all(plans[g].cohorts[co][m].status == "not_recorded" for m in MEASURES)
    ]
    k = min(forms.get("see_above", 0), len(cands))
    for g, co in sorted(rng.sample(cands, k)):
        for m in MEASURES[1:]:
            plans[g].cohorts[co][m].form = "see_above"


def _late_figures(plans: dict[str, Plan], latent: dict, rng: random.Random) -> None:
    """Figures of replies that arrive after the cut-off (recorded, never counted)."""
    for gss in sorted(plans):
        plan = plans[gss]
        if plan.kind not in {"late_only", "late_after_refusal"}:
            continue
        for cohort in COHORTS:
            size = int(latent[cohort][gss] * 1.5) + rng.randint(0, 3)
            wm = rng.randint(0, max(0, size // 4))
            plan.late_cohorts[cohort] = {
                "in_care": Cell("reported", value=size),
                "went_missing": Cell("reported", value=wm),
                "missing_episodes": Cell("reported", value=wm + rng.randint(0, wm)),
                "not_found": Cell("reported", value=rng.randint(0, wm // 3) if wm else 0),
            }
