"""The headline figures period by period, for a round that asked about several periods
(docs/multi-period.md): each period's figure (``period:<id>:<statistic>``) beside the
figures that add the periods of equal length together. A shorter period is shown on its
own and never added (its column says so). Empty for a single-period round."""

from __future__ import annotations

import pandas as pd

from foi_missing.publication.report_sections.labels import COHORTS
from foi_missing.statistics.registry import cohort_id, make_id

MEASURES = ("in_care", "went_missing", "missing_pct", "missing_episodes", "mean_episodes",
            "not_found")


def period_table(data) -> pd.DataFrame:
    from foi_missing.publication.report_sections.statistic_text import statistic_label
    from foi_missing.statistics.compute import pooled_periods

    spec = data.spec
    if len(spec.periods) < 2:
        return pd.DataFrame()
    stats = {row.statistic_id: str(row.text) for row in data.statistics.itertuples(index=False)}
    pooled = set(pooled_periods(spec))
    columns = {p.id: p.label + ("" if p.id in pooled else " (not added)") for p in spec.periods}
    rows = []
    for cohort in COHORTS:
        for measure in MEASURES:
            base = cohort_id(cohort, measure)
            if base not in stats and not any(make_id(base, "period", p) in stats for p in columns):
                continue
            row = {"Statistic": statistic_label(base)}
            for period, header in columns.items():
                row[header] = stats.get(make_id(base, "period", period), "")
            row["Added together"] = stats.get(base, "")
            rows.append(row)
    return pd.DataFrame(rows)
