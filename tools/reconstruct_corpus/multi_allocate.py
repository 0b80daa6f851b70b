"""Figures of a round asked about several periods (2018-20, 2021-24).

Each authority behaves the same way in every period (what it records, what it withholds,
how it answers 1a/1b), as a council answering one request does; only its figures change.
Some started recording a cohort late ("not held before 2023"). The figures are apportioned
per period so that the reported answers meet the period's targets (``targets.py``),
including the matched set (authorities giving both the in-care and the went-missing figure)
and like-for-like changes between periods over the authorities that reported both.
"""

from __future__ import annotations

import copy
import math
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .allocate import (
    GenerationError,
    apportion,
    draw,
    resolve,
    sub_rng,
    suppression,
    weighted_sample,
)
from .model import COHORTS, MEASURES, Cell, Plan
from .targets import RoundTargets


@dataclass
class Behaviour:
    """How one authority answers one cohort, in every period."""

    in_care: str  # reported, suppressed, not_recorded, not_held, refused_other
    went_missing: str = "reported"  # reported, suppressed, not_recorded
    missing_episodes: str = "reported"  # reported, not_recorded, refused_cost
    not_found: str = "reported"
    held_from: str = ""  # first period recorded ("not held before 2023"); blank: all
    exemption: str = ""
    nation: str = ""
    suppressed: dict[str, Cell] = field(default_factory=dict)  # the withheld cells' wording


def _answers(plan: Plan) -> bool:
    return plan.kind in {"answers", "internal_review"}


def draw_behaviour(plans: dict[str, Plan], params: dict, dfe: dict, periods: list[str]) -> dict:
    """{gss: {cohort: Behaviour}} for the authorities whose reply stands with answers."""
    rng = sub_rng(params["seed"], "behaviour")
    ms = params.get("measure_status") or {}
    withhold_max = params.get("uasc_withhold_max_dfe", 4)
    out: dict[str, dict[str, Behaviour]] = {}
    planted = {(resolve([p.auth for p in plans.values()], item["authority"]).gss, item["cohort"])
               for item in params.get("planted") or []}
    for gss in sorted(plans):
        plan = plans[gss]
        if not _answers(plan):
            continue
        nation = plan.auth.nation
        out[gss] = {}
        for cohort in COHORTS:
            profile = draw(rng, params["cohort_profile"][cohort].get(nation) or {"reported": 1.0})
            dfe_count = dfe.get(plan.auth.dfe_la_number, (None, ""))[0] if nation == "England" else None
            if profile == "suppressed" and cohort == "uasc" and dfe_count is not None and dfe_count > withhold_max:
                profile = "reported"
            b = Behaviour(profile, nation=nation)
            if (gss, cohort) in planted:
                out[gss][cohort] = Behaviour("reported", nation=nation)
                continue
            if profile == "reported":
                wm = ms.get("went_missing") or {}
                b.went_missing = draw(rng, {**wm, "reported": 1 - sum(wm.values())})
                for m in ("missing_episodes", "not_found"):
                    table = ms.get(m) or {}
                    b_status = draw(rng, {**table, "reported": 1 - sum(table.values())})
                    setattr(b, m, b_status if b.went_missing == "reported" else b.went_missing)
                if b.went_missing == "suppressed":
                    b.missing_episodes, b.not_found = "suppressed", "reported"
            elif profile == "suppressed":
                b.went_missing = "suppressed" if rng.random() < 0.5 else "reported"
                b.missing_episodes = b.went_missing
                b.not_found = "reported"
            else:
                b.went_missing = b.missing_episodes = b.not_found = profile
                if profile == "refused_other":
                    b.exemption = rng.choice(["FOIA s38(1)", "FOIA s31(1)(a)"])
                elif profile == "not_held" and nation == "Scotland":
                    b.exemption = "FOISA s17"
            for m in MEASURES:
                if getattr(b, m) == "suppressed":
                    b.suppressed[m] = suppression(nation, m, rng)
            out[gss][cohort] = b
    # "not held before <period>": councils whose recording of a cohort started late
    for cohort, setting in sorted((params.get("not_held_before") or {}).items()):
        first = str(setting["from"])
        if first not in periods:
            raise GenerationError(f"not_held_before {cohort}: {first} is not a period of the round")
        pool = [g for g in sorted(out) if plans[g].auth.nation == "England" and plans[g].kind == "answers"
                and out[g][cohort].in_care == "reported" and out[g][cohort].went_missing == "reported"
                and g not in _protected(plans, params)]
        for g in sorted(rng.sample(pool, int(setting["count"]))):
            out[g][cohort].held_from = first
    return out


def _protected(plans: dict[str, Plan], params: dict) -> set[str]:
    authorities = [p.auth for p in plans.values()]
    return {resolve(authorities, item["authority"]).gss for item in params.get("planted") or []}


def _held(b: Behaviour, period: str, periods: list[str]) -> bool:
    return not b.held_from or periods.index(period) >= periods.index(b.held_from)


def _cell(b: Behaviour, measure: str, period: str, periods: list[str]) -> Cell:
    if not _held(b, period, periods):
        return Cell("not_held", form="not_held_before", phrase=f"records start in {b.held_from}")
    status = b.in_care if measure == "in_care" else getattr(b, measure)
    if status == "suppressed":
        return copy.copy(b.suppressed[measure])
    if status == "refused_cost":
        return Cell("refused_cost", exemption="FOISA s12" if b.nation == "Scotland" else "FOIA s12")
    if status in {"refused_other", "not_held"}:
        return Cell(status, exemption=b.exemption)
    if status == "reported" and measure == "not_found" and b.went_missing == "suppressed":
        return Cell("reported", value=0)  # a withheld handful went missing; all were found
    if status == "reported" and b.in_care == "suppressed":
        return Cell("reported", value=0)  # "fewer than 5" children, none of whom went missing
    return Cell(status)


def allocate_periods(plans: dict[str, Plan], behaviour: dict, targets: RoundTargets, params: dict,
                     latent: dict, periods: list[str]) -> dict[str, dict[str, dict[str, dict[str, Cell]]]]:
    """{period: {gss: {cohort: {measure: Cell}}}} meeting every period's targets."""
    rng = sub_rng(params["seed"], "period-numbers")
    fixed = _fixed(plans, params)
    overlap_status: dict[str, str] = {}  # per authority, decided once for every period
    cells: dict[str, dict] = {}
    for period in periods:
        cells[period] = {
            g: {c: {m: _cell(b, m, period, periods) for m in MEASURES} for c, b in by_cohort.items()}
            for g, by_cohort in behaviour.items()
        }
        for (g, cohort, p), figures in fixed.items():
            if p == period:
                for m, v in figures.items():
                    cells[period][g][cohort][m] = Cell("reported", value=int(v), fixed=True)
    _fix_matched_sets(cells, behaviour, targets, rng, periods)
    for period in periods:
        growth = {g: rng.uniform(0.8, 1.25) for g in sorted(behaviour)}
        for cohort in COHORTS:
            t = targets.periods[period][cohort]
            here = cells[period]
            self_changes = [c for c in targets.changes if c.later == period and c.cohort == cohort]
            _in_care(here, cohort, t, latent, growth, period, cells, self_changes, rng)
            _went_missing(here, cohort, t, params, period, cells, self_changes, rng)
            _episodes(here, cohort, t, params, rng)
            _not_found(here, cohort, t, params, rng)
        _overlap(here, overlap_status, params, rng, plans)
    return cells


def _fixed(plans: dict[str, Plan], params: dict) -> dict[tuple[str, str, str], dict]:
    authorities = [p.auth for p in plans.values()]
    out = {}
    for item in params.get("planted") or []:
        out[(resolve(authorities, item["authority"]).gss, item["cohort"], str(item["period"]))] = item["figures"]
    return out


def _fix_matched_sets(cells: dict, behaviour: dict, targets: RoundTargets, rng: random.Random,
                      periods: list[str]) -> None:
    """The matched set's size where it is published: switch authorities between recording and
    not recording whether the children went missing (in every period, as a council would)."""
    for period in periods:
        for cohort in COHORTS:
            want = targets.periods[period][cohort].matched_authorities
            if want is None:
                continue

            def matched(period: str = period, cohort: str = cohort) -> list[str]:
                return [g for g, by in cells[period].items() if cohort in by
                        and by[cohort]["in_care"].status == "reported" and by[cohort]["went_missing"].status == "reported"]

            have = matched()
            if len(have) > want:
                free = [g for g in have if not any(c.fixed for c in cells[period][g][cohort].values())]
                switch = sorted(rng.sample(free, len(have) - want))
                new = {"went_missing": "not_recorded", "missing_episodes": "not_recorded", "not_found": "not_recorded"}
            else:
                pool = [g for g, by in cells[period].items() if cohort in by
                        and by[cohort]["in_care"].status == "reported" and by[cohort]["went_missing"].status == "not_recorded"]
                if len(pool) < want - len(have):
                    raise GenerationError(f"{period} {cohort}: only {len(have) + len(pool)} authorities could form "
                                          f"the matched set of {want}")
                switch = sorted(rng.sample(pool, want - len(have)))
                new = {"went_missing": "reported", "missing_episodes": "reported", "not_found": "reported"}
            for g in switch:
                for m, status in new.items():
                    setattr(behaviour[g][cohort], m, status)
                for p in periods:
                    for m in new:
                        cell = cells[p][g][cohort][m]
                        if cell.status in {"reported", "not_recorded"} and not cell.fixed:
                            cells[p][g][cohort][m] = _cell(behaviour[g][cohort], m, p, periods)
            if len(matched()) != want:
                raise GenerationError(f"{period} {cohort}: matched set {len(matched())}, target {want}")


def _reported(here: dict, cohort: str, measure: str) -> list[tuple[str, Cell]]:
    return [(g, by[cohort][measure]) for g, by in sorted(here.items())
            if cohort in by and by[cohort][measure].status == "reported"]


def _split_total(entries: list[tuple[str, Cell]], total: int, weights: dict[str, float],
                 lo: dict[str, int] | None = None, hi: dict[str, int] | None = None, what: str = "") -> None:
    fixed_sum = sum(c.value for _, c in entries if c.fixed)
    free = [(g, c) for g, c in entries if not c.fixed]
    if not free:
        if fixed_sum != total:
            raise GenerationError(f"{what}: nobody left to give {total - fixed_sum}")
        return
    values = apportion(total - fixed_sum, [weights[g] for g, _ in free], [(lo or {}).get(g, 0) for g, _ in free],
                       [(hi or {}).get(g, 10**6) for g, _ in free])
    for (_, c), v in zip(free, values):
        c.value = v


def _in_care(here, cohort, t, latent, growth, period, cells, changes, rng) -> None:
    entries = _reported(here, cohort, "in_care")
    weights = {g: latent[cohort][g] * growth[g] * rng.uniform(0.85, 1.15) + 0.05 for g, _ in entries}
    matched = {g for g, c in entries if here[g][cohort]["went_missing"].status == "reported"}
    groups: list[tuple[list, int, str]] = []
    change = next((c for c in changes if c.measure == "in_care"), None)
    if change is not None:
        before = cells[change.earlier]
        common = [(g, c) for g, c in entries if before[g][cohort]["in_care"].status == "reported"]
        earlier_total = sum(before[g][cohort]["in_care"].value for g, _ in common)
        common_total = change.later_total(earlier_total)
        others = [(g, c) for g, c in entries if (g, c) not in common]
        groups = [(common, common_total, "like-for-like"), (others, t.in_care - common_total, "others")]
    elif t.matched_in_care is not None:
        groups = [([e for e in entries if e[0] in matched], t.matched_in_care, "matched"),
                  ([e for e in entries if e[0] not in matched], t.in_care - t.matched_in_care, "unmatched")]
    else:
        groups = [(entries, t.in_care, "all")]
    for group, total, name in groups:
        # an authority that must have a child go missing needs a child in care
        lo = {g: 1 for g, _ in group if g in matched and weights[g] >= 1}
        if sum(lo.values()) > total:
            lo = {}
        _split_total(group, total, weights, lo=lo, what=f"{period} {cohort} in care ({name})")


def _went_missing(here, cohort, t, params, period, cells, changes, rng) -> None:
    entries = [(g, c) for g, c in _reported(here, cohort, "went_missing")
               if here[g][cohort]["in_care"].status == "reported"]
    for g, c in _reported(here, cohort, "went_missing"):
        if c.value is None:
            c.value = 0
    cap = {g: here[g][cohort]["in_care"].value for g, _ in entries}
    total = t.matched_went_missing if t.matched_went_missing is not None else t.went_missing
    change = next((c for c in changes if c.measure == "went_missing"), None)
    share = (params.get("shape") or {}).get("missing_share", {}).get(cohort, 0.6)
    if change is not None:
        before = cells[change.earlier]
        common = [(g, c) for g, c in entries if before[g][cohort]["went_missing"].status == "reported"]
        earlier_total = sum(before[g][cohort]["went_missing"].value for g, _ in common)
        common_total = change.later_total(earlier_total)
        others = [(g, c) for g, c in entries if (g, c) not in common]
        groups = [(common, common_total), (others, total - common_total)]
    else:
        groups = [(entries, total)]
    for group, group_total in groups:
        free = [(g, c) for g, c in group if not c.fixed and cap[g] >= 1]
        for g, c in group:
            if not c.fixed:
                c.value = 0
        fixed_sum = sum(c.value for _, c in group if c.fixed)
        need = group_total - fixed_sum
        k = min(len(free), max(1, round(len(free) * share)))
        while k < len(free) and sum(cap[g] for g, _ in sorted(free, key=lambda gc: -cap[gc[0]])[:k]) < need:
            k += 1
        chosen = weighted_sample(rng, free, [cap[g] + 0.01 for g, _ in free], k) if need > 0 else []
        chosen.sort(key=lambda gc: gc[0])
        if need > 0 and sum(cap[g] for g, _ in chosen) < need:
            raise GenerationError(f"{period} {cohort}: went missing {need} exceeds the children in care")
        values = apportion(need, [cap[g] * rng.uniform(0.5, 1.5) for g, _ in chosen], [1] * len(chosen),
                           [cap[g] for g, _ in chosen]) if chosen else []
        for (g, c), v in zip(chosen, values):
            c.value = v


def _episodes(here, cohort, t, params, rng) -> None:
    both = [(g, by[cohort]["went_missing"], by[cohort]["missing_episodes"]) for g, by in sorted(here.items())
            if cohort in by and by[cohort]["went_missing"].status == "reported"
            and by[cohort]["missing_episodes"].status == "reported"]
    free = [(g, w, e) for g, w, e in both if not e.fixed]
    top = params.get("episodes_max_per_child", 25)
    if t.mean_episodes is None:
        for _, w, e in free:
            e.value = w.value + sum(rng.randint(0, 4) for _ in range(w.value))
        return
    children = sum(w.value for _, w, _ in both)
    total = int((t.mean_episodes * children).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    fixed_e = sum(e.value for _, _, e in both if e.fixed)
    values = apportion(total - fixed_e, [w.value * rng.uniform(0.3, 1.7) for _, w, _ in free],
                       [w.value for _, w, _ in free], [w.value * top for _, w, _ in free])
    for (_, _, e), v in zip(free, values):
        e.value = v


def _not_found(here, cohort, t, params, rng) -> None:
    entries = [(g, by[cohort]["not_found"], by[cohort]["went_missing"]) for g, by in sorted(here.items())
               if cohort in by and by[cohort]["not_found"].status == "reported"
               and by[cohort]["went_missing"].status == "reported"]
    share = float((params.get("shape") or {}).get("not_found_share", 0.08))
    free = [(g, nf, wm) for g, nf, wm in entries if not nf.fixed]
    for _, nf, _ in free:
        nf.value = 0
    positive = [(g, nf, wm) for g, nf, wm in free if wm.value >= 1]
    if not positive:
        return
    total = t.not_found if t.not_found is not None else int(share * sum(wm.value for _, _, wm in positive))
    caps = [max(1, math.ceil(wm.value * params.get("not_found_max_share", 0.8))) if wm.value > 2 else wm.value
            for _, _, wm in positive]
    total = min(total, sum(caps))
    values = apportion(total, [wm.value * rng.uniform(0.2, 1.0) for _, _, wm in positive], [0] * len(positive), caps)
    for (_, nf, _), v in zip(positive, values):
        nf.value = v


def _overlap(here: dict, overlap_status: dict[str, str], params: dict, rng: random.Random, plans: dict[str, Plan]) -> None:
    """Question 1d: UASC also identified or suspected as trafficked (never more than either cohort)."""
    setting = params.get("overlap")
    if not setting:
        return
    for g in sorted(here):
        by = here[g]
        traff, uasc = by["trafficked"]["in_care"], by["uasc"]["in_care"]
        if g not in overlap_status:
            overlap_status[g] = _overlap_status(setting, rng, traff, uasc)
        status = overlap_status[g]
        if status == "reported" and traff.status == "reported" and uasc.status == "reported":
            top = min(traff.value, uasc.value)
            value = min(top, int(top * rng.uniform(0.0, setting.get("max_share", 0.6))))
            cell = Cell("reported", value=value)
        elif status == "refused_cost":
            cell = Cell("refused_cost", exemption="FOISA s12" if plans[g].auth.nation == "Scotland" else "FOIA s12")
        elif status == "suppressed" and uasc.status != "not_held":
            cell = suppression(plans[g].auth.nation, "in_care", rng)
        elif uasc.status in {"not_held", "refused_other"} and uasc.form != "not_held_before":
            cell = Cell(uasc.status, exemption=uasc.exemption)
        else:
            cell = Cell("not_recorded")
        by["overlap"] = {"in_care": cell}


def _overlap_status(setting: dict, rng: random.Random, traff: Cell, uasc: Cell) -> str:
    if traff.status != "reported" or uasc.status != "reported":
        return "not_recorded"
    return draw(rng, setting["status"])


__all__ = ["Behaviour", "allocate_periods", "draw_behaviour"]
