"""England's official figures (DfE) beside the FOI ones.

:func:`official_statistics` gives ``dfe_england_missing_pct`` and
``dfe_england_year`` from the DfE national table (for rounds with several periods
also, per period, ``period:<id>:dfe_england_missing_pct``, ``..._mean_incidents``
and ``..._year``, see :func:`dfe_year_for_period`); :func:`official_comparison`
sets each English authority's FOI UASC in-care figure beside the DfE count of
UASC looked after at 31 March and raises ``fewer_than_dfe_snapshot`` QA warnings.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from foi_missing.core.roundspec import RoundSpec
from foi_missing.core.vocabulary import COUNT_STATUSES
from foi_missing.statistics.cells import Scope, prepare_answers, unit_cells
from foi_missing.statistics.numbers import count_text, mean_text, percent_text, ratio, tidy_float
from foi_missing.statistics.registry import scope_prefix
from foi_missing.statistics.rows import statistic_row, statistics_frame

QA_COLUMNS = ("severity", "authority_code", "question", "rule", "message", "source")
OFFICIAL_COMPARISON_COLUMNS = (
    "gss_code",
    "authority_name",
    "period",
    "foi_uasc_in_care",
    "foi_uasc_in_care_lower",
    "foi_uasc_in_care_upper",
    "foi_status",
    "dfe_year",
    "dfe_uasc_31_march",
    "dfe_uasc_31_march_flag",
    "fewer_than_dfe_snapshot",
)


# official_comparison sets a period beside a DfE 31 March count at most this far outside it.
MAX_SNAPSHOT_DISTANCE_DAYS = 366


# --- official statistics (DfE, England) -------------------------------------------


def nearest_year(period_end: date, years: Iterable[int]) -> int:
    from foi_missing.core.reference import nearest_dfe_year

    return nearest_dfe_year(period_end, years)


def official_statistics(dfe_england: pd.DataFrame, spec: RoundSpec,
                        year: int | None = None) -> pd.DataFrame:
    """England's share of looked-after children who went missing, for the DfE year
    (ending 31 March) nearest the round's last period end (or ``year``).

    Ids: ``dfe_england_missing_pct`` (value a percent; numerator = went missing
    during the year, denominator = looked after during the year; text
    "10,700 of 102,590 (10%)") and ``dfe_england_year``.
    """
    usable = dfe_england.dropna(subset=["looked_after_during_year", "went_missing_during_year"])
    if usable.empty:
        return statistics_frame([])
    if year is None:
        year = nearest_year(max(p.end for p in spec.periods), usable["year"].astype(int))
    row = usable.loc[usable["year"].astype(int) == int(year)]
    if row.empty:
        raise ValueError(f"DfE England table has no usable row for year {year}")
    row = row.iloc[0]
    numerator = int(row["went_missing_during_year"])
    denominator = int(row["looked_after_during_year"])
    exact = ratio(numerator, denominator, 100)
    rows = [
        statistic_row("dfe_england_missing_pct", tidy_float(exact), None, None, numerator,
                      denominator, None,
                      f"{count_text(numerator)} of {count_text(denominator)} "
                      f"({percent_text(numerator, denominator)})"),
        statistic_row("dfe_england_year", int(year), None, None, None, None, None,
                      f"year ending 31 March {int(year)}"),
    ]
    if len(spec.periods) > 1:
        rows += official_per_period(usable, spec)
    return statistics_frame(rows)


def dfe_year_for_period(period, available: Iterable[int]) -> tuple[int, bool]:
    """(DfE year, whether its 31 March falls inside the period) for one FOI period.

    The year ending 31 March inside the period (calendar 2020 -> the year ending
    31 March 2020, as *When Harm Remains* compared); when that year is not
    available, or no 31 March falls inside, the nearest available year.
    """
    years = sorted({int(y) for y in available})
    inside = [y for y in years if period.start <= date(y, 3, 31) <= period.end]
    if inside:
        return inside[-1], True
    return nearest_year(period.end, years), False


def nearest_year_note(period, year: int) -> str:
    """Why a period is compared with the DfE year ending 31 March ``year`` though that
    31 March is not in it."""
    march = [y for y in range(period.start.year, period.end.year + 1)
             if period.start <= date(y, 3, 31) <= period.end]
    if march:
        return (f", the nearest year available (DfE's year ending 31 March {march[-1]}, "
                f"inside {period.label}, is not in the reference table)")
    return f", the nearest year available (no 31 March falls in {period.label})"


def official_per_period(usable: pd.DataFrame, spec: RoundSpec) -> list[dict]:
    """``period:<id>:dfe_england_missing_pct``, ``..._mean_incidents`` (missing
    incidents per child who went missing, one decimal) and ``..._year``."""
    rows = []
    by_year = usable.assign(year=usable["year"].astype(int)).set_index("year")
    for period in spec.periods:
        year, inside = dfe_year_for_period(period, by_year.index)
        row = by_year.loc[year]
        went, during = int(row["went_missing_during_year"]), int(row["looked_after_during_year"])
        prefix = scope_prefix("period", period.id)
        rows.append(statistic_row(f"{prefix}dfe_england_missing_pct",
                                  tidy_float(ratio(went, during, 100)), None, None, went, during,
                                  None, f"{count_text(went)} of {count_text(during)} "
                                        f"({percent_text(went, during)})"))
        incidents = row["missing_incidents"]
        if not pd.isna(incidents):
            incidents = int(incidents)
            rows.append(statistic_row(f"{prefix}dfe_england_mean_incidents",
                                      tidy_float(ratio(incidents, went)), None, None, incidents,
                                      went, None,
                                      f"{mean_text(incidents, went)} ({count_text(incidents)} "
                                      f"incidents / {count_text(went)} children)"))
        note = "" if inside else nearest_year_note(period, year)
        rows.append(statistic_row(f"{prefix}dfe_england_year", year, None, None, None, None, None,
                                  f"year ending 31 March {year}{note}"))
    return rows


def official_comparison(answers: pd.DataFrame, spec: RoundSpec, dfe_la: pd.DataFrame,
                        year: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each English authority's FOI UASC in-care figure beside DfE's 31 March count.

    For every period of the round, the DfE year nearest its end (or ``year``)
    is used; a period whose nearest available 31 March lies more than a year
    outside it (calendar 2020 against a table ending in 2017) is left out. DfE
    counts UASC looked after on one day (31 March), so a
    council's count of UASC in care at any time in a period containing or
    near that day should not be smaller: when the FOI figure's upper bound is
    below DfE's disclosed count a ``fewer_than_dfe_snapshot`` warning is
    raised. Returns ``(comparison, qa)`` with ``OFFICIAL_COMPARISON_COLUMNS``
    and ``QA_COLUMNS``; DfE rows are joined on the register GSS code.
    """
    prepared = prepare_answers(answers, spec)
    england = prepared.loc[prepared["nation"] == "England"]
    cells = unit_cells(prepared)
    dfe = dfe_la.copy()
    dfe["year"] = dfe["year"].astype(int)
    available = sorted(set(dfe["year"]))
    comparison_rows, qa_rows = [], []
    uasc_questions = [q for q in spec.questions if q.cohort == "uasc" and q.measure == "in_care"]
    for period in spec.periods:
        questions = [q.label for q in uasc_questions if period.id in q.periods]
        if not questions or not available:
            continue
        dfe_year = int(year) if year is not None else nearest_year(period.end, available)
        snapshot = date(dfe_year, 3, 31)
        inside = period.start <= snapshot <= period.end
        away = max((period.start - snapshot).days, (snapshot - period.end).days, 0)
        if year is None and away > MAX_SNAPSHOT_DISTANCE_DAYS:
            continue  # no DfE count near enough (e.g. 2020 against 2017): not comparable
        dfe_year_rows = dfe.loc[dfe["year"] == dfe_year].set_index("gss_code")
        part = england.loc[england["period"] == period.id]
        units = sorted(set(part["unit"]))
        if not units:
            continue
        table = Scope(cells, units).table("uasc", "in_care")
        for (code, _), cell in table.iterrows():
            answers_here = part.loc[(part["authority_code"] == code)
                                    & part["question"].isin(questions)]
            name = answers_here["authority_name"].iloc[0] if len(answers_here) else code
            statuses = ";".join(sorted(set(answers_here["status"])))
            value = None if pd.isna(cell["value"]) else int(cell["value"])
            known = cell["n_rep"] + cell["n_sup"] > 0
            lower = (value or 0) + int(cell["sup_lower"]) if known else None
            upper = (value or 0) + int(cell["sup_upper"]) if known else None
            if code in dfe_year_rows.index:
                dfe_row = dfe_year_rows.loc[code]
                dfe_value = dfe_row["uasc_31_march"]
                dfe_value = None if pd.isna(dfe_value) else int(dfe_value)
                flag = str(dfe_row.get("uasc_31_march_flag", "") or "")
            else:
                dfe_value, flag = None, "not in DfE table"
            fewer = upper is not None and dfe_value is not None and upper < dfe_value
            comparison_rows.append({
                "gss_code": code,
                "authority_name": name,
                "period": period.id,
                "foi_uasc_in_care": value,
                "foi_uasc_in_care_lower": lower,
                "foi_uasc_in_care_upper": upper,
                "foi_status": statuses,
                "dfe_year": dfe_year,
                "dfe_uasc_31_march": dfe_value,
                "dfe_uasc_31_march_flag": flag,
                "fewer_than_dfe_snapshot": "true" if fewer else "false",
            })
            if fewer:
                figure = count_text(value) if value is not None and lower == upper else (
                    f"{count_text(lower)} to {count_text(upper)}")
                where = "inside" if inside else "outside"
                sources = [
                    " ".join(str(x) for x in (row.source_file, row.source_location)
                             if x is not None and not pd.isna(x) and str(x))
                    for row in answers_here.itertuples()
                    if row.status in COUNT_STATUSES
                ]
                qa_rows.append({
                    "severity": "warning",
                    "authority_code": code,
                    "question": ";".join(questions),
                    "rule": "fewer_than_dfe_snapshot",
                    "message": (
                        f"{name}: the FOI reply gives {figure} unaccompanied asylum-seeking "
                        f"children in care during {period.label}, fewer than the "
                        f"{count_text(dfe_value)} DfE counted looked after on 31 March "
                        f"{dfe_year} alone (a date {where} the period); check the reply and "
                        f"its coding (a snapshot or a partial count?)"
                    ),
                    "source": "; ".join(s for s in sources if s),
                })
    comparison = pd.DataFrame(comparison_rows, columns=list(OFFICIAL_COMPARISON_COLUMNS))
    for column in ("foi_uasc_in_care", "foi_uasc_in_care_lower", "foi_uasc_in_care_upper",
                   "dfe_year", "dfe_uasc_31_march"):
        comparison[column] = pd.to_numeric(comparison[column]).astype("Int64")
    qa = pd.DataFrame(qa_rows, columns=list(QA_COLUMNS))
    return comparison, qa
