"""The generator's own reading of docs/design.md#counting-rules, used to verify a corpus before writing it."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from .model import COHORTS


def _int(value) -> int | None:
    if value is None or value == "":
        return None
    return int(value)


def per_authority(truth: list[dict], questions: list[dict]) -> dict:
    """{gss: {cohort or 'combined': {measure: value}}} from reported answers."""
    meta = {q["label"]: q for q in questions}
    out: dict = defaultdict(lambda: defaultdict(dict))
    for row in truth:
        if row["status"] != "reported":
            continue
        q = meta[row["question"]]
        covers = [c for c in str(row.get("covers") or "").split(";") if c]
        cohorts = {meta[c]["cohort"] for c in covers} if covers else {q["cohort"]}
        key = "combined" if len(cohorts) > 1 else q["cohort"]
        bucket = out[row["authority_code"]][key]
        bucket[q["measure"]] = bucket.get(q["measure"], 0) + _int(row["value"])
    return out


def compute_statistics(truth: list[dict], questions: list[dict]) -> dict:
    auth = per_authority(truth, questions)
    stats: dict = {}
    for cohort in COHORTS:
        rows = {g: d[cohort] for g, d in auth.items() if cohort in d}
        in_care = {g: v["in_care"] for g, v in rows.items() if "in_care" in v}
        wm = {g: v["went_missing"] for g, v in rows.items() if "went_missing" in v}
        stats[f"{cohort}_in_care"] = sum(in_care.values())
        stats[f"{cohort}_went_missing"] = sum(wm.values())
        stats[f"{cohort}_authorities_with_missing"] = sum(1 for v in wm.values() if v >= 1)
        num = sum(v for g, v in wm.items() if g in in_care)
        den = sum(in_care.values())
        stats[f"{cohort}_rate_numerator"] = num
        stats[f"{cohort}_missing_pct"] = int(
            (Decimal(num) * 100 / Decimal(den)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        ) if den else None
        both = [g for g, v in rows.items() if "went_missing" in v and "missing_episodes" in v]
        s_wm = sum(rows[g]["went_missing"] for g in both)
        s_ep = sum(rows[g]["missing_episodes"] for g in both)
        stats[f"{cohort}_mean_episodes"] = (
            str((Decimal(s_ep) / Decimal(s_wm)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) if s_wm else None
        )
        stats[f"{cohort}_missing_episodes"] = s_ep
        stats[f"{cohort}_not_found"] = sum(v.get("not_found", 0) for v in rows.values())
    comb = {g: d["combined"] for g, d in auth.items() if "combined" in d}
    for measure in ("in_care", "went_missing"):
        stats[f"combined_{measure}"] = (
            stats[f"trafficked_{measure}"] + stats[f"uasc_{measure}"]
            + sum(v.get(measure, 0) for v in comb.values())
        )
    nf_by_auth = {
        g: sum(d[c].get("not_found", 0) for c in d) for g, d in auth.items()
    }
    stats["not_found_total"] = sum(nf_by_auth.values())
    stats["authorities_with_not_found"] = sum(1 for v in nf_by_auth.values() if v >= 1)
    for g, d in auth.items():
        for c, measures in d.items():
            for m, v in measures.items():
                stats[f"authority:{g}:{c}_{m}"] = v
        stats[f"authority:{g}:combined_not_found"] = nf_by_auth[g]
    totals = {g: sum(d[c].get("went_missing", 0) for c in COHORTS if c in d) for g, d in auth.items()}
    order = sorted(totals, key=lambda g: (-totals[g], g))
    stats["ranking"] = order
    stats["ranking_totals"] = [totals[g] for g in order]
    return stats


def per_authority_findings(truth: list[dict], questions: list[dict]) -> list[dict]:
    """Per-authority consistency findings on reported answers (cohorts only)."""
    findings = []
    for g, d in sorted(per_authority(truth, questions).items()):
        for cohort in COHORTS:
            v = d.get(cohort) or {}
            if "went_missing" in v and "in_care" in v and v["went_missing"] > v["in_care"]:
                findings.append({"authority_code": g, "rule": "went_missing_exceeds_in_care", "cohort": cohort})
            if "not_found" in v and "went_missing" in v and v["not_found"] > v["went_missing"]:
                findings.append({"authority_code": g, "rule": "not_found_exceeds_went_missing", "cohort": cohort})
            if "missing_episodes" in v and "went_missing" in v and v["missing_episodes"] < v["went_missing"]:
                findings.append({"authority_code": g, "rule": "episodes_below_went_missing", "cohort": cohort})
    return findings


def below_dfe_snapshot(truth: list[dict], questions: list[dict], dfe_counts: dict[str, int]) -> list[dict]:
    """Authorities whose UASC in-care answer is below DfE's count of UASC looked after at 31 March.

    ``dfe_counts``: GSS code -> DfE's disclosed count (England only). The answer's upper end
    (reported figures plus the upper ends of suppressed ones) is compared, as the pipeline's
    ``fewer_than_dfe_snapshot`` check does; figures covering both cohorts are left out.
    """
    meta = {q["label"]: q for q in questions}
    upper: dict[str, int] = defaultdict(int)
    for row in truth:
        q = meta[row["question"]]
        if q["cohort"] != "uasc" or q["measure"] != "in_care" or row["authority_code"] not in dfe_counts:
            continue
        covers = [c for c in str(row.get("covers") or "").split(";") if c]
        if covers and len({meta[c]["cohort"] for c in covers}) > 1:
            continue
        if row["status"] == "reported":
            upper[row["authority_code"]] += _int(row["value"])
        elif row["status"] == "suppressed":
            upper[row["authority_code"]] += _int(row["upper"])
    return [
        {"authority_code": g, "foi_upper": v, "dfe": dfe_counts[g]}
        for g, v in sorted(upper.items()) if v < dfe_counts[g]
    ]
