"""Per-authority statistics and the ranking of authorities by children who went missing."""

from __future__ import annotations

import pandas as pd

from foi_missing.core.roundspec import MEASURES
from foi_missing.statistics.cells import GROUPS, CountedAnswers, Scope
from foi_missing.statistics.numbers import count_text, join_names
from foi_missing.statistics.registry import StatisticId, cohort_id, make_id
from foi_missing.statistics.rows import plain_number, statistic_row

RANKING_TOP = 4
# What the ranking orders authorities by.
RANKED = cohort_id("combined", "went_missing")


STATUS_WORDS = {
    "reported": "reported",
    "suppressed": "withheld (small number)",
    "included_elsewhere": "included in another answer",
    "not_recorded": "not recorded",
    "not_held": "not held",
    "refused_cost": "refused (cost)",
    "refused_other": "refused (exemption)",
    "not_responsible": "not responsible",
    "no_response": "no response",
    "unparsed": "not yet coded",
}




def ranking(scope: Scope, names: dict[str, str], prepared, contrib) -> dict:
    """``ranking_most_went_missing``: the codes of the authorities ranked 4th or better by
    their reported ``combined_went_missing`` figure (ties share a rank)."""
    sid = "ranking_most_went_missing"
    table = scope.table("combined", "went_missing")
    totals = table["value"].groupby(level="authority_code").sum(min_count=1).dropna()
    totals = totals[totals >= 1]
    order = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ranks = {code: 1 + sum(1 for v in totals.values if v > count) for code, count in order}
    top = [code for code, _ in order if ranks[code] <= RANKING_TOP]
    rows = CountedAnswers(prepared).rows("combined", "went_missing")
    rows = rows.loc[rows["status"] == "reported"]
    contrib.add(sid, rows, pd.Series(True, index=rows.index), pd.Series(False, index=rows.index))
    return statistic_row(sid, ";".join(top), None, None, None, None, len(order),
                         join_names([names[code] for code in top]))


def ranking_table(statistics: pd.DataFrame) -> pd.DataFrame:
    """Every ranked authority (code, name-less), count and shared rank, from per-authority rows."""
    ids = statistics["statistic_id"].map(StatisticId.parse)
    mask = [sid.scope == "authority" and sid.base == RANKED for sid in ids]
    part = statistics.loc[mask, ["statistic_id", "value"]].copy()
    part["authority_code"] = [sid.where[0] for sid in ids[mask]]
    part["went_missing"] = pd.to_numeric(part["value"])
    part = part.dropna(subset=["went_missing"])
    part = part[part["went_missing"] >= 1]
    part = part.sort_values(["went_missing", "authority_code"], ascending=[False, True])
    part["rank"] = part["went_missing"].rank(method="min", ascending=False).astype(int)
    return part[["authority_code", "went_missing", "rank"]].reset_index(drop=True)


def authority_text(value, lower, upper, statuses: list[str]) -> str:
    if value is not None:
        text = count_text(value)
        if lower is not None and (lower != value or upper != value):
            text += f" ({count_text(lower)} to {count_text(upper)} with the withheld numbers)"
        return text
    if lower is not None:
        return f"withheld: {count_text(lower)} to {count_text(upper)}"
    words = [STATUS_WORDS.get(status, status) for status in statuses]
    return "; ".join(dict.fromkeys(words)) if words else "not asked"


def per_authority(prepared: pd.DataFrame, scope: Scope, asked_measures) -> list[dict]:
    """``authority:<GSS code>:<cohort>_<measure>`` for every authority of the scope."""
    rows = []
    statuses = (
        prepared.assign(group=prepared["cohort"])
        .groupby(["authority_code", "group", "measure"])["status"]
        .agg(lambda s: sorted(set(s)))
        .to_dict()
    )
    authorities = sorted({unit[0] for unit in scope.units})
    for group in GROUPS:
        for measure in MEASURES:
            if measure not in asked_measures[group]:
                continue
            by_authority = scope.by_authority(group, measure).loc[authorities]
            columns = (by_authority[c].to_numpy()
                       for c in ("value", "sup_lower", "sup_upper", "n_rep", "n_sup"))
            for code, total, sup_lower, sup_upper, n_rep, n_sup in zip(authorities, *columns):
                value = None if pd.isna(total) else float(total)
                known = n_rep + n_sup > 0
                lower = (value or 0.0) + sup_lower if known else None
                upper = (value or 0.0) + sup_upper if known else None
                if group == "combined":
                    status_list = sorted(set(statuses.get((code, "trafficked", measure), []))
                                         | set(statuses.get((code, "uasc", measure), [])))
                else:
                    status_list = statuses.get((code, group, measure), [])
                rows.append((code, group, measure, statistic_row(
                    make_id(cohort_id(group, measure), "authority", code),
                    plain_number(value), plain_number(lower), plain_number(upper), None, None,
                    1 if value is not None else 0,
                    authority_text(value, lower, upper, status_list),
                )))
    rows.sort(key=lambda item: (item[0], GROUPS.index(item[1]), MEASURES.index(item[2])))
    return [row for *_, row in rows]
