"""From cohort-level cells to question-level answers (the truth rows of one reply)."""

from __future__ import annotations

import random

from .model import Answer, Cell


def _answer(q: dict, cell: Cell, **over) -> Answer:
    ans = Answer(
        question=q["label"],
        period=q["period"],
        status=cell.status,
        value=cell.value if cell.status == "reported" else None,
        lower=cell.lower,
        upper=cell.upper,
        exemption=cell.exemption,
        period_note=cell.period_note,
        form=cell.form,
        phrase=cell.phrase,
    )
    if ans.status == "reported":
        ans.lower = ans.upper = ans.value
    for key, val in over.items():
        setattr(ans, key, val)
    return ans


def expand(
    questions: list[dict],
    cohorts: dict[str, dict[str, Cell]],
    combined_style: str,
    rng: random.Random,
    split_modes: dict[str, float] | None = None,
) -> list[Answer]:
    """One Answer per question, in spec order."""
    out: dict[str, Answer] = {}
    labels = [q["label"] for q in questions]
    by_key: dict[tuple[str, str], list[dict]] = {}
    for q in questions:
        by_key.setdefault((q["cohort"], q["measure"]), []).append(q)

    for q in questions:
        if q["label"] in out:
            continue
        cell = cohorts[q["cohort"]][q["measure"]]
        group = by_key[(q["cohort"], q["measure"])]
        if cell.status == "combined":
            # one figure for both cohorts: all questions of this measure
            qs = [x for x in questions if x["measure"] == q["measure"]]
            covers = ";".join(x["label"] for x in qs)
            head = qs[0]
            value = next(
                c[q["measure"]].value for c in cohorts.values() if c[q["measure"]].value is not None
            )
            out[head["label"]] = _answer(
                head, cell, status="reported", value=value, lower=value,
                upper=value, covers=covers, form=combined_style,
            )
            for other in qs[1:]:
                out[other["label"]] = _answer(
                    other, Cell("included_elsewhere"), refers_to=head["label"], covers=covers,
                    form=combined_style,
                )
            continue
        if len(group) > 1:
            _split(group, cell, out, rng, split_modes or {"separate": 1.0})
            continue
        out[q["label"]] = _answer(q, cell)

    # cross references inside a cohort
    for q in questions:
        ans = out[q["label"]]
        if ans.form == "see_above":
            first = next(
                x["label"] for x in questions if x["cohort"] == q["cohort"] and x["measure"] == "in_care"
            )
            ans.refers_to = first
        if ans.form == "incidents_ref":
            wm = next(
                x["label"] for x in questions if x["cohort"] == q["cohort"] and x["measure"] == "went_missing"
            )
            ans.refers_to = wm
    return [out[label] for label in labels]


def _split(group: list[dict], cell: Cell, out: dict, rng: random.Random, modes: dict[str, float]) -> None:
    """Sub-cohort questions (e.g. 1a identified, 1b suspected) for one cohort-level cell."""
    if cell.status != "reported":
        for q in group:
            out[q["label"]] = _answer(q, cell)
        return
    keys = sorted(modes)
    point, acc, mode = rng.random() * sum(modes.values()), 0.0, keys[-1]
    for key in keys:
        acc += modes[key]
        if point < acc:
            mode = key
            break
    if cell.form in {"lettered"} or not cell.value:
        mode = "separate"
    if mode == "separate" or cell.value is None:
        v = cell.value or 0
        first = round(v * rng.uniform(0.4, 0.9))
        parts = [first] + [0] * (len(group) - 1)
        parts[-1] += v - first
        for q, part in zip(group, parts):
            out[q["label"]] = _answer(q, cell, value=part, lower=part, upper=part)
        return
    covers = ";".join(q["label"] for q in group)
    head = group[0]
    out[head["label"]] = _answer(head, cell, covers=covers, form=mode)
    for q in group[1:]:
        out[q["label"]] = _answer(q, Cell("included_elsewhere"), refers_to=head["label"], covers=covers, form=mode)
