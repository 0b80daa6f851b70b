"""The reports' statistics, computed from the answers table alone.

``compute_statistics(answers, spec)`` turns ``results/<round>/answers.csv``
(one row per authority x question x period, see ``docs/architecture.md``)
into the statistics table of docs/design.md#output-contract and the contributions table
tracing every national figure back to the answers that fed it. Published
figures are never read here: they are compared afterwards by
:mod:`foi_missing.statistics.reproduction`.

Statistic ids
-------------
National (the whole ledger):

- ``authorities_asked``: distinct authorities in the ledger;
- ``authorities_responded``: authorities with at least one answer whose
  status is not ``no_response``;
- for each cohort ``c`` in ``trafficked``, ``uasc``, ``combined``:
  ``c_in_care``, ``c_went_missing``, ``c_missing_episodes``, ``c_not_found``
  (sums), ``c_missing_pct``, ``c_mean_episodes``,
  ``c_authorities_with_missing``, ``c_authorities_with_not_found``;
- ``not_found_total`` (= ``combined_not_found``) and
  ``authorities_with_not_found`` (= ``combined_authorities_with_not_found``);
- ``ranking_most_went_missing``.

A statistic is produced only for measures the round asks about (a round
without an episodes question has no ``c_missing_episodes``).

By nation: ``nation:<nation>:<id>`` for every national id except the ranking,
``<nation>`` spelt as in the answers' ``nation`` column
(``nation:Wales:uasc_in_care``, ``nation:Northern Ireland:authorities_asked``).

By period (only for rounds asking about more than one period):
``period:<period id>:<id>``, computed on that period's answers. The plain ids
then pool the periods of the round's longest length (an authority's answers
for each period are added); a shorter, partial period (1 January to 30 April
2024 beside years) is never pooled: ``pooled_periods`` says which were, and
``period:<id>:period_months`` gives each length. Between two pooled periods,
``period_change:<a>:<b>:<cohort>_<measure>`` (like for like) and
``period_change_all:<a>:<b>:<cohort>_<measure>`` (all respondents) for the
in-care and went-missing counts. See ``docs/multi-period.md``.

Matched rounds (``rate_denominator: matched``): ``<cohort>_matched_authorities``
for ``trafficked`` and ``uasc``, the size of the matched set.

Rounds asking the overlap (a question of cohort ``overlap``, 2021-24's 1d):
``overlap_in_care``, ``combined_distinct_in_care`` and
``combined_distinct_went_missing`` (trafficked + UASC - overlap; bounds only
where the overlap is not known).

Per authority: ``authority:<GSS code>:<cohort>_<measure>`` for every cohort in
``trafficked``, ``uasc``, ``combined`` and every measure the round asks about
(``authority:E10000016:uasc_in_care``), periods pooled.

Counting rules (docs/design.md#counting-rules)
----------------------------------------------
- ``value`` is the sum of ``reported`` answers. ``lower`` / ``upper`` are
  ``value`` plus the sums of the lower / upper interval ends of the
  ``suppressed`` answers: the range the figure would lie in had the withheld
  small numbers been disclosed. Other statuses (not held, refused, no
  response, ...) are not imputed: the bounds cover suppression only. So
  ``value <= lower`` whenever a suppressed answer has a lower end >= 1.
- A figure whose ``covers`` names several questions is counted once. When
  the questions are all of one cohort (``1a;1b``: identified and suspected)
  it counts in that cohort; when they span both cohorts (``Q1;Q5``) it counts
  only in ``combined``. ``combined`` = trafficked + UASC + cross-cohort
  figures. When several rows carry the same ``covers`` (each question's row
  repeating the joint figure), the first in ledger order is counted.
- ``included_elsewhere`` answers contribute nothing themselves.
- Sub-cohorts (``identified`` + ``suspected``) are summed into their cohort.
- ``c_missing_pct`` (percent; ``numerator`` / ``denominator`` as used):
  with the spec's ``rate_denominator`` ``all_reporting_in_care`` the numerator
  is every reported went-missing figure and the denominator every reported
  in-care figure (the authorities that reported the cohort's in-care number);
  with ``matched`` both run over the authorities that reported both. Its
  bounds are ``(went missing lower) / (in care upper)`` and
  ``(went missing upper) / (in care lower)`` (capped at 100), with the same
  authority sets widened to answers that were withheld. Printed as a whole
  percent rounded half up (593 / 4,744 = 12.5% prints "13%").
- ``c_mean_episodes``: episodes / went missing over the authorities that
  reported both; printed to one decimal, half up. Bounds as for the rate.
- For ``combined`` rates and means, "reported both" is decided per cohort:
  an authority's trafficked figures are matched with its trafficked figures,
  and a cross-cohort figure only with a cross-cohort figure.
- ``c_authorities_with_missing``: authorities whose reported went-missing
  figure is at least 1; ``lower`` also counts those whose withheld interval
  starts at 1 or more, ``upper`` those whose interval allows at least 1.
  ``authorities`` is the number with a reported went-missing figure.
  ``c_authorities_with_not_found`` likewise for ``not_found``.
- ``authorities`` counts the distinct authorities contributing a reported
  figure (for a rate: to its denominator; for a mean: reporting both).

Ranking ``ranking_most_went_missing``: authorities ordered by their reported
trafficked + UASC went-missing figure (``combined``, including cross-cohort
figures), largest first; authorities with no reported figure, or 0, are not
ranked. Equal counts share a rank (1, 2, 2, 4, ...) and are listed in GSS
code order. ``value`` is the ``;``-joined GSS codes of every authority ranked
4th or better: normally four, more when the fourth place is tied (the "top
four" is then not unique, and a comparison with a list of four fails on
purpose). ``text`` joins their names ("Kent, Thurrock, Hillingdon and
Croydon"); ``authorities`` is the number of ranked authorities.

Official comparison (England): :func:`official_statistics` gives
``dfe_england_missing_pct`` and ``dfe_england_year`` from the DfE national
table (for rounds with several periods also, per period,
``period:<id>:dfe_england_missing_pct``, ``..._mean_incidents`` and
``..._year``, see :func:`dfe_year_for_period`); :func:`official_comparison` sets each English authority's FOI UASC
in-care figure beside the DfE count of UASC looked after at 31 March and
raises ``fewer_than_dfe_snapshot`` QA warnings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from foi_missing.core.roundspec import MEASURES, RoundSpec
from foi_missing.core.vocabulary import COUNT_STATUSES

COHORTS = ("trafficked", "uasc")
GROUPS = ("trafficked", "uasc", "combined")
CROSS = "cross"
BASE_GROUPS = ("trafficked", "uasc", CROSS)  # what each group sums: combined = all three
# Children in both cohorts (2021-24 question 1d): never summed into a group.
OVERLAP = "overlap"

STATISTICS_COLUMNS = (
    "statistic_id",
    "value",
    "lower",
    "upper",
    "numerator",
    "denominator",
    "authorities",
    "text",
)
CONTRIBUTIONS_COLUMNS = (
    "statistic_id",
    "authority_code",
    "question",
    "period",
    "status",
    "value_used",
    "lower_used",
    "upper_used",
)
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
RANKING_TOP = 4
# official_comparison sets a period beside a DfE 31 March count at most this far outside it.
MAX_SNAPSHOT_DISTANCE_DAYS = 366

_STATUS_WORDS = {
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


# --- printing as a report would ------------------------------------------------


def to_decimal(number) -> Decimal:
    """Exact Decimal of an int, a numeric string or a float (floats via their shortest repr)."""
    if isinstance(number, Decimal):
        return number
    if isinstance(number, (int, np.integer)):
        return Decimal(int(number))
    if isinstance(number, (float, np.floating)):
        return Decimal(repr(float(number)))
    return Decimal(str(number).strip())


def round_half_up(number, places: int = 0) -> Decimal:
    """Round half away from zero (2.45 -> 2.5, 12.5 -> 13), never to even like ``round()``."""
    return to_decimal(number).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def ratio(numerator, denominator, scale: int = 1) -> Decimal | None:
    """Exact ``scale * numerator / denominator`` as a Decimal (None for a zero denominator)."""
    denominator = to_decimal(denominator)
    if denominator == 0:
        return None
    return to_decimal(numerator) * scale / denominator


def count_text(number) -> str:
    """A count with thousands separators: 4744 -> "4,744"."""
    return f"{int(round_half_up(number)):,}"


def percent_text(numerator, denominator) -> str:
    """Whole-number percent rounded half up: 593 of 4,744 -> "13%"."""
    exact = ratio(numerator, denominator, 100)
    return "" if exact is None else f"{int(round_half_up(exact)):,}%"


def mean_text(numerator, denominator) -> str:
    """A mean to one decimal place, rounded half up: 49 / 20 = 2.45 -> "2.5"."""
    exact = ratio(numerator, denominator)
    return "" if exact is None else f"{round_half_up(exact, 1):,}"


def join_names(names: Sequence[str]) -> str:
    """"A, B, C and D"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _tidy_float(number: float | None) -> float | None:
    """Ten significant digits, so written tables do not depend on the last float bits."""
    if number is None or pd.isna(number):
        return None
    return float(f"{float(number):.10g}")


# --- preparing the answers -----------------------------------------------------


def _label_index(spec: RoundSpec) -> dict[str, str]:
    """Every label and alias of the round -> its question label."""
    index = {}
    for question in spec.questions:
        index[question.label] = question.label
        for alias in question.aliases:
            index.setdefault(alias, question.label)
    return index


def _covers(text) -> tuple[str, ...]:
    if text is None or pd.isna(text) or not str(text).strip():
        return ()
    return tuple(sorted({part.strip() for part in str(text).split(";") if part.strip()}))


def prepare_answers(answers: pd.DataFrame, spec: RoundSpec) -> pd.DataFrame:
    """Numbers as numbers, and each answer's base group and whether it is counted.

    Adds ``base_group`` (``trafficked``, ``uasc`` or ``cross`` for a figure
    covering both cohorts), ``counted`` (a reported or suppressed answer that
    is not a repeat of a joint figure already counted) and ``unit`` columns.
    """
    required = {"authority_code", "question", "cohort", "measure", "period", "status",
                "value", "lower", "upper"}
    missing = required - set(answers.columns)
    if missing:
        raise ValueError(f"answers table lacks columns: {', '.join(sorted(missing))}")
    frame = answers.copy().reset_index(drop=True)
    for column in ("authority_name", "nation", "covers", "source_file", "source_location"):
        if column not in frame.columns:
            frame[column] = pd.NA
    for column in ("value", "lower", "upper"):
        frame[column] = pd.to_numeric(frame[column], errors="raise").astype("float64")
    for column in ("authority_code", "question", "cohort", "measure", "period", "status"):
        frame[column] = frame[column].astype(str).str.strip()
    frame["authority_name"] = frame["authority_name"].fillna(frame["authority_code"]).astype(str)
    frame["nation"] = frame["nation"].fillna("").astype(str)
    # A reported figure is exact: its interval is the value itself.
    reported = frame["status"] == "reported"
    if frame.loc[reported, "value"].isna().any():
        bad = frame.loc[reported & frame["value"].isna()].iloc[0]
        raise ValueError(
            f"answers: reported answer without a value ({bad['authority_code']} {bad['question']})"
        )
    frame.loc[reported, "lower"] = frame.loc[reported, "value"]
    frame.loc[reported, "upper"] = frame.loc[reported, "value"]
    suppressed = frame["status"] == "suppressed"
    if frame.loc[suppressed, ["lower", "upper"]].isna().any(axis=None):
        bad = frame.loc[suppressed & frame[["lower", "upper"]].isna().any(axis=1)].iloc[0]
        raise ValueError(
            f"answers: suppressed answer without an interval ({bad['authority_code']} "
            f"{bad['question']})"
        )

    labels = _label_index(spec)
    cohort_of = {q.label: q.cohort for q in spec.questions}
    covers = frame["covers"].map(_covers)
    base_groups = []
    for row_covers, own_cohort, row in zip(covers, frame["cohort"], frame.itertuples()):
        cohorts = {own_cohort}
        for label in row_covers:
            if label not in labels:
                raise ValueError(
                    f"answers: {row.authority_code} {row.question} covers {label!r}, "
                    f"which is not a question of round {spec.round_id}"
                )
            cohorts.add(cohort_of[labels[label]])
        base_groups.append(CROSS if len(cohorts) > 1 else own_cohort)
    frame["base_group"] = base_groups
    frame["covers_key"] = [";".join(labels[label] for label in c) if c else "" for c in covers]
    counted = frame["status"].isin(COUNT_STATUSES)
    joint = counted & (frame["covers_key"] != "")
    repeat = joint & frame.duplicated(["authority_code", "period", "covers_key"], keep="first")
    frame["counted"] = counted & ~repeat
    frame["unit"] = list(zip(frame["authority_code"], frame["period"]))
    return frame


# --- cells: one authority x period x base group x measure ------------------------


def _cells(prepared: pd.DataFrame) -> pd.DataFrame:
    """Sum the counted answers per (authority, period, base group, measure)."""
    rows = prepared.loc[prepared["counted"]].copy()
    is_rep = rows["status"] == "reported"
    rows["rep_value"] = rows["value"].where(is_rep)
    rows["sup_lower"] = rows["lower"].where(~is_rep, 0.0)
    rows["sup_upper"] = rows["upper"].where(~is_rep, 0.0)
    rows["n_rep"] = is_rep.astype(int)
    rows["n_sup"] = (~is_rep).astype(int)
    keys = ["authority_code", "period", "base_group", "measure"]
    cells = rows.groupby(keys, sort=True)[
        ["rep_value", "sup_lower", "sup_upper", "n_rep", "n_sup"]].sum()
    cells = cells.rename(columns={"rep_value": "value"})
    cells["value"] = cells["value"].where(cells["n_rep"] > 0)
    return cells


class _Scope:
    """Cells of a set of units, reshaped for quick national sums."""

    def __init__(self, cells: pd.DataFrame, units: list[tuple[str, str]]):
        self.units = units
        index = pd.MultiIndex.from_tuples(units, names=["authority_code", "period"])
        self.tables: dict[tuple[str, str], pd.DataFrame] = {}
        for base in (*BASE_GROUPS, OVERLAP):
            for measure in MEASURES:
                try:
                    part = cells.xs((base, measure), level=("base_group", "measure"))
                except KeyError:
                    part = cells.iloc[0:0].droplevel(["base_group", "measure"])
                part = part.reindex(index)
                part[["sup_lower", "sup_upper"]] = part[["sup_lower", "sup_upper"]].fillna(0.0)
                part[["n_rep", "n_sup"]] = part[["n_rep", "n_sup"]].fillna(0).astype(int)
                self.tables[(base, measure)] = part

    def table(self, group: str, measure: str) -> pd.DataFrame:
        """Per unit: value (NaN when nothing reported), bounds additions, counts."""
        bases = BASE_GROUPS if group == "combined" else (group,)
        parts = [self.tables[(base, measure)] for base in bases]
        total = parts[0].copy()
        for part in parts[1:]:
            total["value"] = total["value"].add(part["value"], fill_value=0).where(
                total["value"].notna() | part["value"].notna()
            )
            for column in ("sup_lower", "sup_upper", "n_rep", "n_sup"):
                total[column] = total[column] + part[column]
        return total


def _by_authority(table: pd.DataFrame) -> pd.DataFrame:
    """Sum a unit table over periods: value stays missing when no period reported."""
    summed = table.groupby(level="authority_code")[
        ["value", "sup_lower", "sup_upper", "n_rep", "n_sup"]].sum()
    summed["value"] = summed["value"].where(summed["n_rep"] > 0)
    return summed


def _authorities(units: Iterable[tuple[str, str]]) -> int:
    return len({unit[0] for unit in units})


# --- statistics ------------------------------------------------------------------


def _row(statistic_id, value=None, lower=None, upper=None, numerator=None, denominator=None,
         authorities=None, text="") -> dict:
    return {
        "statistic_id": statistic_id,
        "value": value,
        "lower": lower,
        "upper": upper,
        "numerator": numerator,
        "denominator": denominator,
        "authorities": authorities,
        "text": text,
    }


def _number(x):
    """An integral float as int, else a tidied float (None stays None)."""
    if x is None or pd.isna(x):
        return None
    x = float(x)
    return int(x) if x.is_integer() else _tidy_float(x)


class _Contributions:
    def __init__(self, prepared: pd.DataFrame):
        self.prepared = prepared
        self.parts: list[pd.DataFrame] = []

    def add(self, statistic_id: str, rows: pd.DataFrame, value_used, bounds_used) -> None:
        """Record rows; ``value_used`` / ``bounds_used`` are boolean masks over ``rows``."""
        keep = value_used | bounds_used
        if not keep.any():
            return
        rows = rows.loc[keep]
        reported = rows["status"] == "reported"
        part = pd.DataFrame({
            "statistic_id": statistic_id,
            "authority_code": rows["authority_code"],
            "question": rows["question"],
            # Per period, so the report's disclosure cells (authority x question x period)
            # of a round asking about several periods are told apart.
            "period": rows["period"],
            "status": rows["status"],
            "value_used": rows["value"].where(value_used[keep] & reported),
            "lower_used": rows["lower"].where(bounds_used[keep]),
            "upper_used": rows["upper"].where(bounds_used[keep]),
        })
        self.parts.append(part)

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(columns=list(CONTRIBUTIONS_COLUMNS))
        frame = pd.concat(self.parts, ignore_index=True)
        for column in ("value_used", "lower_used", "upper_used"):
            frame[column] = frame[column].astype("Float64").round(10)
        return frame[list(CONTRIBUTIONS_COLUMNS)]


def _rows_of(prepared: pd.DataFrame, group: str, measure: str,
             units: set | None = None) -> pd.DataFrame:
    """Counted answers of a group and measure (``prepared`` already cut to the scope)."""
    bases = BASE_GROUPS if group == "combined" else (group,)
    mask = (
        prepared["counted"]
        & prepared["base_group"].isin(bases)
        & (prepared["measure"] == measure)
    )
    rows = prepared.loc[mask]
    if units is not None:
        rows = rows.loc[rows["unit"].isin(units)]
    return rows


def _count_statistic(sid, scope: _Scope, group, measure, prepared, contrib) -> dict:
    table = scope.table(group, measure)
    reported = table["value"].notna()
    value = table["value"].sum() if reported.any() else None
    base = value or 0.0
    lower = base + table["sup_lower"].sum()
    upper = base + table["sup_upper"].sum()
    if not reported.any() and table["n_sup"].sum() == 0:
        lower = upper = None
    rows = _rows_of(prepared, group, measure)
    is_rep = rows["status"] == "reported"
    contrib.add(sid, rows, is_rep, pd.Series(True, index=rows.index))
    text = count_text(value) if value is not None else "no reported figure"
    return _row(sid, _number(value), _number(lower), _number(upper), None, None,
                _authorities(table.index[reported]), text)


def _known(table: pd.DataFrame) -> pd.Series:
    return (table["n_rep"] + table["n_sup"]) > 0


def _ratio_parts(scope: _Scope, group: str, top: str, bottom: str, matched: bool):
    """Per base group, the units feeding value and bounds; sums over them.

    Returns (N, D, N_lo, N_hi, D_lo, D_hi, value_units, bound_units, denominator_units)
    where the unit sets are per measure: {measure: set of (base, unit)}.
    """
    bases = BASE_GROUPS if group == "combined" else (group,)
    sums = dict.fromkeys(("N", "D", "N_lo", "N_hi", "D_lo", "D_hi"), 0.0)
    any_top = any_bottom = False
    value_units = {top: set(), bottom: set()}
    bound_units = {top: set(), bottom: set()}
    denominator_authorities = set()
    for base in bases:
        t = scope.tables[(base, top)]
        b = scope.tables[(base, bottom)]
        if matched:
            v_top = v_bottom = t["value"].notna() & b["value"].notna()
            k_top = k_bottom = _known(t) & _known(b)
        else:
            v_top, v_bottom = t["value"].notna(), b["value"].notna()
            k_top, k_bottom = _known(t), _known(b)
        sums["N"] += t.loc[v_top, "value"].sum()
        sums["D"] += b.loc[v_bottom, "value"].sum()
        any_top |= bool(v_top.any())
        any_bottom |= bool(v_bottom.any())
        top_known = t.loc[k_top]
        bottom_known = b.loc[k_bottom]
        sums["N_lo"] += top_known["value"].fillna(0).sum() + top_known["sup_lower"].sum()
        sums["N_hi"] += top_known["value"].fillna(0).sum() + top_known["sup_upper"].sum()
        sums["D_lo"] += bottom_known["value"].fillna(0).sum() + bottom_known["sup_lower"].sum()
        sums["D_hi"] += bottom_known["value"].fillna(0).sum() + bottom_known["sup_upper"].sum()
        value_units[top] |= {(base, u) for u in t.index[v_top]}
        value_units[bottom] |= {(base, u) for u in b.index[v_bottom]}
        bound_units[top] |= {(base, u) for u in t.index[k_top]}
        bound_units[bottom] |= {(base, u) for u in b.index[k_bottom]}
        denominator_authorities |= {u[0] for u in b.index[v_bottom]}
    return sums, any_top, any_bottom, value_units, bound_units, denominator_authorities


def _ratio_contributions(sid, prepared, group, value_units, bound_units, contrib):
    for measure in value_units:
        rows = _rows_of(prepared, group, measure, {u for _, u in bound_units[measure]})
        keys = list(zip(rows["base_group"], rows["unit"]))
        in_value = pd.Series([k in value_units[measure] for k in keys], index=rows.index,
                             dtype=bool)
        in_bounds = pd.Series([k in bound_units[measure] for k in keys], index=rows.index,
                              dtype=bool)
        contrib.add(sid, rows, in_value & (rows["status"] == "reported"), in_bounds)


def _rate_statistic(sid, scope, group, top, bottom, matched, scale, text_of, cap, prepared,
                    contrib) -> dict:
    sums, any_top, any_bottom, value_units, bound_units, authorities = _ratio_parts(
        scope, group, top, bottom, matched
    )
    _ratio_contributions(sid, prepared, group, value_units, bound_units, contrib)
    if not any_bottom or sums["D"] == 0:
        return _row(sid, None, None, None, _number(sums["N"]) if any_top else None,
                    _number(sums["D"]) if any_bottom else None, len(authorities),
                    "no reported figure")
    exact = ratio(int(sums["N"]), int(sums["D"]), scale)
    lower = ratio(int(sums["N_lo"]), int(sums["D_hi"]), scale) if sums["D_hi"] else None
    upper = ratio(int(sums["N_hi"]), int(sums["D_lo"]), scale) if sums["D_lo"] else None
    if cap is not None:
        lower = min(lower, Decimal(cap)) if lower is not None else None
        upper = min(upper, Decimal(cap)) if upper is not None else None
    return _row(
        sid,
        _tidy_float(exact),
        _tidy_float(lower) if lower is not None else None,
        _tidy_float(upper) if upper is not None else None,
        int(sums["N"]),
        int(sums["D"]),
        len(authorities),
        text_of(int(sums["N"]), int(sums["D"])),
    )


def _authorities_with(sid, scope, group, measure, prepared, contrib) -> dict:
    table = scope.table(group, measure)
    by_authority = _by_authority(table)
    reported = by_authority["value"].notna()
    base = by_authority["value"].fillna(0)
    known = (by_authority["n_rep"] + by_authority["n_sup"]) > 0
    value = int((by_authority["value"] >= 1).sum())
    lower = int(((base + by_authority["sup_lower"] >= 1) & known).sum())
    upper = int(((base + by_authority["sup_upper"] >= 1) & known).sum())
    rows = _rows_of(prepared, group, measure)
    contrib.add(sid, rows, rows["status"] == "reported", pd.Series(True, index=rows.index))
    return _row(sid, value, lower, upper, None, None, int(reported.sum()), count_text(value))


def _national(prefix: str, scope: _Scope, asked_measures: dict[str, set[str]], spec: RoundSpec,
              prepared: pd.DataFrame, contrib: _Contributions,
              overlap_asked: bool = False) -> list[dict]:
    rows: list[dict] = []
    matched = spec.rate_denominator == "matched"
    prepared = prepared.loc[prepared["counted"] & prepared["unit"].isin(set(scope.units))]
    for group in GROUPS:
        measures = asked_measures[group]
        for measure in MEASURES:
            if measure not in measures:
                continue
            sid = f"{prefix}{group}_{measure}"
            rows.append(_count_statistic(sid, scope, group, measure, prepared, contrib))
            if measure == "went_missing" and "in_care" in measures:
                rows.append(_rate_statistic(
                    f"{prefix}{group}_missing_pct", scope, group, "went_missing", "in_care",
                    matched, 100, percent_text, 100, prepared, contrib,
                ))
                if matched and group in COHORTS:
                    rows.append(_matched_authorities(f"{prefix}{group}_matched_authorities",
                                                     scope, group))
            if measure == "went_missing":
                rows.append(_authorities_with(f"{prefix}{group}_authorities_with_missing", scope,
                                              group, "went_missing", prepared, contrib))
            if measure == "missing_episodes" and "went_missing" in measures:
                rows.append(_rate_statistic(
                    f"{prefix}{group}_mean_episodes", scope, group, "missing_episodes",
                    "went_missing", True, 1, mean_text, None, prepared, contrib,
                ))
            if measure == "not_found":
                rows.append(_authorities_with(f"{prefix}{group}_authorities_with_not_found",
                                              scope, group, "not_found", prepared, contrib))
    if overlap_asked:
        rows = _with_overlap(prefix, rows, scope, asked_measures, prepared, contrib)
    if "not_found" in asked_measures["combined"]:
        by_id = {row["statistic_id"]: row for row in rows}
        aliases = (("not_found_total", "combined_not_found"),
                   ("authorities_with_not_found", "combined_authorities_with_not_found"))
        for alias, source in aliases:
            rows.append(by_id[f"{prefix}{source}"] | {"statistic_id": f"{prefix}{alias}"})
            contrib.parts += [
                part.assign(statistic_id=f"{prefix}{alias}")
                for part in list(contrib.parts)
                if (part["statistic_id"] == f"{prefix}{source}").all()
            ]
    return rows


def _matched_authorities(sid: str, scope: _Scope, group: str) -> dict:
    """The matched set's size: authorities that reported both the in-care and the
    went-missing figure of ``group`` (for some period of the scope). ``upper``
    also counts those whose figures were withheld (known but not reported)."""
    in_care, went = scope.tables[(group, "in_care")], scope.tables[(group, "went_missing")]
    both = in_care["value"].notna() & went["value"].notna()
    known = _known(in_care) & _known(went)
    value = len({unit[0] for unit in in_care.index[both]})
    upper = len({unit[0] for unit in in_care.index[known]})
    return _row(sid, value, value, upper, None, None, value,
                "1 authority gave both figures" if value == 1
                else f"{count_text(value)} authorities gave both figures")


def _distinct_parts(scope: _Scope, measure: str, overlap_low: pd.Series,
                    overlap_high: pd.Series) -> pd.DataFrame:
    """Per unit: children of either cohort, a child in both counted once.

    ``overlap_low`` / ``overlap_high``: what is known of the children in both
    cohorts per unit (0 and infinity when nothing is). The overlap can be at
    most the smaller cohort, and a cross-cohort figure (one number for both
    cohorts, taken as their sum) at most half of it. Columns: ``value`` (the
    reported parts less the overlap, NaN when the overlap inside them is not
    determined), ``lower``, ``upper``, ``known``.
    """
    t, u, c = (scope.tables[(base, measure)] for base in BASE_GROUPS)

    def ends(table, which):
        reported = table["value"].fillna(0)
        return reported + table["sup_lower" if which == "lo" else "sup_upper"]

    def cap(t_part, u_part, c_part, t_known, u_known, c_known):
        both = (t_known & u_known).astype(float)
        halves = (c_part // 2) * c_known.astype(float)
        return np.minimum(t_part, u_part) * both + halves

    tk, uk, ck = _known(t), _known(u), _known(c)
    low_parts = ends(t, "lo") + ends(u, "lo") + ends(c, "lo")
    high_parts = ends(t, "hi") + ends(u, "hi") + ends(c, "hi")
    most = np.minimum(overlap_high, cap(ends(t, "lo"), ends(u, "lo"), ends(c, "lo"), tk, uk, ck))
    least = np.minimum(overlap_low, cap(ends(t, "hi"), ends(u, "hi"), ends(c, "hi"), tk, uk, ck))
    # The value adds reported figures only: a child is counted twice in it only
    # when the figures of both cohorts (or a cross figure) are reported.
    tr, ur, cr = (x["value"].notna() for x in (t, u, c))
    reported = t["value"].fillna(0) + u["value"].fillna(0) + c["value"].fillna(0)
    value_cap = cap(t["value"].fillna(0), u["value"].fillna(0), c["value"].fillna(0), tr, ur, cr)
    v_most = np.minimum(overlap_high, value_cap)
    v_least = np.minimum(overlap_low, value_cap)
    any_reported = tr | ur | cr
    value = (reported - v_most).where(any_reported & (v_most == v_least))
    known = tk | uk | ck
    return pd.DataFrame({
        "value": value,
        "undetermined": any_reported & (v_most != v_least),
        "any_reported": any_reported,
        "lower": (low_parts - most).where(known),
        "upper": (high_parts - least).where(known),
        "known": known,
    })


def _with_overlap(prefix, rows, scope, asked_measures, prepared, contrib) -> list[dict]:
    """Rows for a round asking the overlap (children in both cohorts, 2021-24 question 1d).

    ``overlap_in_care``: the reported overlap. ``combined_distinct_in_care`` and
    ``combined_distinct_went_missing``: trafficked + UASC - overlap, a child in
    both counted once. Where an authority did not answer the overlap the figure
    has bounds only (its value is then empty: never a double count as exact).
    ``combined_in_care`` stays the plain sum and says so.
    """
    overlap_rows = prepared.loc[prepared["base_group"] == OVERLAP]
    rows = [
        row | {"text": f"{row['text']} (trafficked + UASC: a child in both counted twice)"}
        if row["statistic_id"] == f"{prefix}combined_in_care" and row["value"] is not None
        else row
        for row in rows
    ]
    sid = f"{prefix}overlap_in_care"
    rows.append(_count_statistic(sid, scope, OVERLAP, "in_care", prepared, contrib))
    overlap = scope.tables[(OVERLAP, "in_care")]
    o_known = _known(overlap)
    o_low = (overlap["value"].fillna(0) + overlap["sup_lower"]).where(o_known, 0.0)
    o_high = (overlap["value"].fillna(0) + overlap["sup_upper"]).where(o_known, np.inf)
    for measure in ("in_care", "went_missing"):
        if measure not in asked_measures["combined"]:
            continue
        sid = f"{prefix}combined_distinct_{measure}"
        # Of the children who went missing, those in both cohorts are at most
        # those in both cohorts in care; nothing else is asked.
        low = o_low if measure == "in_care" else o_low * 0
        parts = _distinct_parts(scope, measure, low, o_high)
        known = parts["known"]
        lower = parts.loc[known, "lower"].sum() if known.any() else None
        upper = parts.loc[known, "upper"].sum() if known.any() else None
        open_units = parts.index[parts["undetermined"]]
        value = None
        if parts["any_reported"].any() and not len(open_units):
            value = parts.loc[parts["any_reported"], "value"].sum()
        authorities = len({unit[0] for unit in parts.index[parts["any_reported"]]})
        if value is not None:
            text = count_text(value)
        elif lower is not None:
            unknown = len({u[0] for u in open_units})
            text = (f"between {count_text(lower)} and {count_text(upper)}: the overlap is not "
                    f"known for {count_text(unknown)} "
                    f"{'authority' if unknown == 1 else 'authorities'}")
        else:
            text = "no reported figure"
        rows.append(_row(sid, _number(value), _number(lower), _number(upper), None, None,
                         authorities, text))
        used = _rows_of(prepared, "combined", measure)
        used = pd.concat([used, overlap_rows.loc[overlap_rows["counted"]]])
        contrib.add(sid, used, used["status"] == "reported", pd.Series(True, index=used.index))
    return rows


def _months(period) -> int:
    """Calendar months a period spans (1 January to 30 April = 4)."""
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def pooled_periods(spec: RoundSpec) -> list[str]:
    """The periods the plain (unprefixed) statistics pool: those as long as the
    round's longest. A shorter (partial) period, such as 1 January to 30 April
    2024 beside whole years, is never pooled with them: it has only its
    ``period:<id>:`` statistics."""
    longest = max(_months(p) for p in spec.periods)
    return [p.id for p in spec.periods if _months(p) == longest]


def _period_rows(spec: RoundSpec, pooled: list[str]) -> list[dict]:
    rows = []
    partial = [p for p in spec.periods if p.id not in pooled]
    text = ", ".join(pooled)
    if partial:
        text += "; not pooled: " + ", ".join(
            f"{p.label} ({_months(p)} months)" for p in partial)
    rows.append(_row("pooled_periods", len(pooled), None, None, None, None, None, text))
    for period in spec.periods:
        months = _months(period)
        note = "" if period.id in pooled else ", partial: never pooled or compared with the others"
        rows.append(_row(f"period:{period.id}:period_months", months, None, None, None, None,
                         None, f"{months} months ({period.label}){note}"))
    return rows


def _period_changes(spec: RoundSpec, pooled: list[str], cells: pd.DataFrame,
                    prepared: pd.DataFrame) -> list[dict]:
    """Changes between two periods of equal length, per cohort and count measure.

    ``period_change:<a>:<b>:<cohort>_<measure>``: like for like, over the
    authorities that gave the figure in both periods (every answer behind it
    reported or included elsewhere, as :func:`foi_missing.statistics.series.given_figures`
    decides; the authority codes are those of the request, so no successor
    links are needed inside a round);
    ``period_change_all:<a>:<b>:<cohort>_<measure>``: the periods' reported
    totals, whoever reported them. ``value`` is the change in percent,
    ``numerator`` the change and ``denominator`` the earlier total (so
    numerator / denominator is the change exactly); ``authorities`` the
    authorities compared. Text as the series prints it
    (:func:`foi_missing.statistics.series.change_text`).
    """
    from foi_missing.statistics.series import (  # series builds on this module
        GIVEN_STATUSES,
        change_text,
    )

    rows = []
    for index, first in enumerate(pooled):
        for second in pooled[index + 1:]:
            units = {p: sorted(set(prepared.loc[prepared["period"] == p, "unit"]))
                     for p in (first, second)}
            scopes = {p: _Scope(cells, units[p]) for p in units}
            for cohort in COHORTS:
                for measure in ("in_care", "went_missing"):
                    asked = [q for q in spec.questions if q.cohort == cohort
                             and q.measure == measure and {first, second} <= set(q.periods)]
                    if not asked:
                        continue
                    given, totals, reporting = {}, {}, set()
                    for p, scope in scopes.items():
                        # "Given" as the series decides it: every answer behind the
                        # figure reported (or included elsewhere in the cohort).
                        answers = prepared.loc[(prepared["period"] == p)
                                               & (prepared["cohort"] == cohort)
                                               & (prepared["measure"] == measure)]
                        ok = answers.assign(
                            ok=answers["status"].isin(GIVEN_STATUSES)
                            & (answers["base_group"] == cohort)
                        ).groupby("authority_code")["ok"].all()
                        table = scope.tables[(cohort, measure)]
                        exact = table.loc[table["value"].notna() & (table["n_sup"] == 0), "value"]
                        exact = exact.groupby(level="authority_code").sum()
                        given[p] = exact.loc[[c for c in exact.index if ok.get(c, False)]]
                        reported = table["value"].dropna()
                        totals[p] = reported.sum()
                        reporting |= {unit[0] for unit in reported.index}
                    both = sorted(set(given[first].index) & set(given[second].index))
                    pairs = (
                        ("period_change", both, given[first].loc[both].sum(),
                         given[second].loc[both].sum()),
                        ("period_change_all", None, totals[first], totals[second]),
                    )
                    for kind, codes, before, after in pairs:
                        sid = f"{kind}:{first}:{second}:{cohort}_{measure}"
                        before, after = Decimal(int(before)), Decimal(int(after))
                        change, percent, text = change_text(f"{cohort}_{measure}", before, after)
                        authorities = len(codes) if codes is not None else len(reporting)
                        if codes is not None:
                            text += f" over the {len(codes)} authorities that gave it in both"
                        else:
                            text += " (all authorities reporting, in either period)"
                        rows.append(_row(sid, _tidy_float(percent) if percent is not None else None,
                                         None, None, int(change), int(before), authorities, text))
    return rows


def _ledger_rows(prefix: str, prepared: pd.DataFrame, asked: int | None) -> list[dict]:
    authorities = prepared["authority_code"].unique()
    count = len(authorities)
    if asked is not None and not prefix and int(asked) != count:
        raise ValueError(
            f"authorities asked: the request log says {asked}, but the answers ledger holds "
            f"{count} authorities; the ledger must have every authority asked"
        )
    responded = prepared.loc[prepared["status"] != "no_response", "authority_code"].nunique()
    return [
        _row(f"{prefix}authorities_asked", count, count, count, None, None, count,
             count_text(count)),
        _row(f"{prefix}authorities_responded", responded, responded, responded, None, None,
             responded, count_text(responded)),
    ]


def _ranking(scope: _Scope, names: dict[str, str], prepared, contrib) -> dict:
    sid = "ranking_most_went_missing"
    table = scope.table("combined", "went_missing")
    totals = table["value"].groupby(level="authority_code").sum(min_count=1).dropna()
    totals = totals[totals >= 1]
    order = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ranks = {code: 1 + sum(1 for v in totals.values if v > count) for code, count in order}
    top = [code for code, _ in order if ranks[code] <= RANKING_TOP]
    rows = _rows_of(prepared, "combined", "went_missing")
    rows = rows.loc[rows["status"] == "reported"]
    contrib.add(sid, rows, pd.Series(True, index=rows.index), pd.Series(False, index=rows.index))
    return _row(sid, ";".join(top), None, None, None, None, len(order),
                join_names([names[code] for code in top]))


def ranking_table(statistics: pd.DataFrame) -> pd.DataFrame:
    """Every ranked authority (code, name-less), count and shared rank, from per-authority rows."""
    ids = statistics["statistic_id"].astype(str)
    mask = ids.str.startswith("authority:") & ids.str.endswith(":combined_went_missing")
    part = statistics.loc[mask, ["statistic_id", "value"]].copy()
    part["authority_code"] = part["statistic_id"].str.split(":").str[1]
    part["went_missing"] = pd.to_numeric(part["value"])
    part = part.dropna(subset=["went_missing"])
    part = part[part["went_missing"] >= 1]
    part = part.sort_values(["went_missing", "authority_code"], ascending=[False, True])
    part["rank"] = part["went_missing"].rank(method="min", ascending=False).astype(int)
    return part[["authority_code", "went_missing", "rank"]].reset_index(drop=True)


def _authority_text(value, lower, upper, statuses: list[str]) -> str:
    if value is not None:
        text = count_text(value)
        if lower is not None and (lower != value or upper != value):
            text += f" ({count_text(lower)} to {count_text(upper)} with the withheld numbers)"
        return text
    if lower is not None:
        return f"withheld: {count_text(lower)} to {count_text(upper)}"
    words = [_STATUS_WORDS.get(status, status) for status in statuses]
    return "; ".join(dict.fromkeys(words)) if words else "not asked"


def _per_authority(prepared: pd.DataFrame, scope: _Scope, asked_measures) -> list[dict]:
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
            table = scope.table(group, measure)
            by_authority = _by_authority(table)
            for code in authorities:
                cell = by_authority.loc[code]
                value = None if pd.isna(cell["value"]) else float(cell["value"])
                known = cell["n_rep"] + cell["n_sup"] > 0
                lower = (value or 0.0) + cell["sup_lower"] if known else None
                upper = (value or 0.0) + cell["sup_upper"] if known else None
                if group == "combined":
                    status_list = sorted(set(statuses.get((code, "trafficked", measure), []))
                                         | set(statuses.get((code, "uasc", measure), [])))
                else:
                    status_list = statuses.get((code, group, measure), [])
                rows.append((code, group, measure, _row(
                    f"authority:{code}:{group}_{measure}",
                    _number(value), _number(lower), _number(upper), None, None,
                    1 if value is not None else 0,
                    _authority_text(value, lower, upper, status_list),
                )))
    rows.sort(key=lambda item: (item[0], GROUPS.index(item[1]), MEASURES.index(item[2])))
    return [row for *_, row in rows]


def _asked_measures(spec: RoundSpec, periods: set[str] | None = None) -> dict[str, set[str]]:
    asked = {group: set() for group in GROUPS}
    for question in spec.questions:
        if periods is not None and not set(question.periods) & set(periods):
            continue
        if question.cohort not in GROUPS:  # the overlap question has rows of its own
            continue
        asked[question.cohort].add(question.measure)
        asked["combined"].add(question.measure)
    return asked


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(STATISTICS_COLUMNS))
    # Built from the Python objects, so that counts stay ints next to rates and rankings.
    frame["value"] = pd.Series(
        [None if _missing(row.get("value")) else row.get("value") for row in rows],
        dtype=object, index=frame.index,
    )
    for column in ("lower", "upper", "numerator", "denominator"):
        frame[column] = pd.to_numeric(frame[column]).astype("Float64")
    frame["authorities"] = pd.to_numeric(frame["authorities"]).astype("Int64")
    frame["text"] = frame["text"].fillna("").astype(str)
    return frame


def compute_statistics(answers: pd.DataFrame, spec: RoundSpec,
                       asked: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The round's statistics and the answers behind each national figure.

    ``answers``: the answers table (as read by ``tables.read_csv`` or typed).
    ``asked``: the number of authorities the request log says were asked,
    when known; it must equal the ledger's (a ValueError says otherwise).
    Returns ``(statistics, contributions)`` with the columns of
    ``STATISTICS_COLUMNS`` and ``CONTRIBUTIONS_COLUMNS``.
    """
    prepared = prepare_answers(answers, spec)
    if prepared.empty:
        raise ValueError("answers table is empty: nothing to compute")
    cells = _cells(prepared)
    contrib = _Contributions(prepared)
    units = sorted(set(prepared["unit"]))
    names = prepared.drop_duplicates("authority_code").set_index("authority_code")[
        "authority_name"].to_dict()
    # A partial period (4 months beside years) is never pooled with the others.
    pooled = pooled_periods(spec)
    units = [unit for unit in units if unit[1] in pooled]
    pooled_answers = prepared.loc[prepared["period"].isin(pooled)]
    overlap_of = {p: any(q.cohort == OVERLAP and p in q.periods for q in spec.questions)
                  for p in (p.id for p in spec.periods)}
    pooled_overlap = any(overlap_of[p] for p in pooled)
    full = _Scope(cells, units)
    rows = _ledger_rows("", prepared, asked)
    rows += _national("", full, _asked_measures(spec, pooled), spec, pooled_answers, contrib,
                      pooled_overlap)
    rows.append(_ranking(full, names, pooled_answers, contrib))

    periods = [p.id for p in spec.periods]
    if len(periods) > 1:
        rows += _period_rows(spec, pooled)
        for period in periods:
            part = prepared.loc[prepared["period"] == period]
            if part.empty:
                continue
            prefix = f"period:{period}:"
            scope = _Scope(cells, sorted(set(part["unit"])))
            rows += _ledger_rows(prefix, part, None)
            rows += _national(prefix, scope, _asked_measures(spec, {period}), spec, prepared,
                              contrib, overlap_of[period])
        rows += _period_changes(spec, pooled, cells, prepared)

    for nation in sorted(n for n in prepared["nation"].unique() if n):
        part = prepared.loc[prepared["nation"] == nation]
        prefix = f"nation:{nation}:"
        scope = _Scope(cells, sorted(set(part["unit"]) & set(units)))
        rows += _ledger_rows(prefix, part, None)
        rows += _national(prefix, scope, _asked_measures(spec, pooled), spec, pooled_answers,
                          contrib, pooled_overlap)

    rows += _per_authority(pooled_answers, full, _asked_measures(spec, pooled))
    statistics = _frame(rows)
    if statistics["statistic_id"].duplicated().any():
        duplicated = statistics.loc[statistics["statistic_id"].duplicated(), "statistic_id"]
        raise AssertionError(f"statistic ids computed twice: {', '.join(duplicated)}")
    return statistics, contrib.frame()


# --- the statistics step ------------------------------------------------------------


def build_statistics(answers: pd.DataFrame, spec: RoundSpec,
                     dfe_england: pd.DataFrame | None = None,
                     asked: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What ``statistics.csv`` holds: :func:`compute_statistics` plus, when the DfE
    national table is given, :func:`official_statistics` after the national rows.

    The pipeline's statistics step and ``tools/update_expected_statistics.py``
    both call this, so the back-test compares like with like.
    """
    statistics, contributions = compute_statistics(answers, spec, asked)
    if dfe_england is None:
        return statistics, contributions
    official = official_statistics(dfe_england, spec)
    ids = statistics["statistic_id"].astype(str)
    split = int((~ids.str.contains(":")).sum())  # national ids come first, prefixed ones after
    combined = pd.concat([statistics.iloc[:split], official, statistics.iloc[split:]],
                         ignore_index=True)
    return _frame(combined.to_dict("records")), contributions


# --- official statistics (DfE, England) -------------------------------------------


def _nearest_year(period_end: date, years: Iterable[int]) -> int:
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
        return _frame([])
    if year is None:
        year = _nearest_year(max(p.end for p in spec.periods), usable["year"].astype(int))
    row = usable.loc[usable["year"].astype(int) == int(year)]
    if row.empty:
        raise ValueError(f"DfE England table has no usable row for year {year}")
    row = row.iloc[0]
    numerator = int(row["went_missing_during_year"])
    denominator = int(row["looked_after_during_year"])
    exact = ratio(numerator, denominator, 100)
    rows = [
        _row("dfe_england_missing_pct", _tidy_float(exact), None, None, numerator, denominator,
             None, f"{count_text(numerator)} of {count_text(denominator)} "
                   f"({percent_text(numerator, denominator)})"),
        _row("dfe_england_year", int(year), None, None, None, None, None,
             f"year ending 31 March {int(year)}"),
    ]
    if len(spec.periods) > 1:
        rows += _official_per_period(usable, spec)
    return _frame(rows)


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
    return _nearest_year(period.end, years), False


def _nearest_year_note(period, year: int) -> str:
    """Why a period is compared with the DfE year ending 31 March ``year`` though that
    31 March is not in it."""
    march = [y for y in range(period.start.year, period.end.year + 1)
             if period.start <= date(y, 3, 31) <= period.end]
    if march:
        return (f", the nearest year available (DfE's year ending 31 March {march[-1]}, "
                f"inside {period.label}, is not in the reference table)")
    return f", the nearest year available (no 31 March falls in {period.label})"


def _official_per_period(usable: pd.DataFrame, spec: RoundSpec) -> list[dict]:
    """``period:<id>:dfe_england_missing_pct``, ``..._mean_incidents`` (missing
    incidents per child who went missing, one decimal) and ``..._year``."""
    rows = []
    by_year = usable.assign(year=usable["year"].astype(int)).set_index("year")
    for period in spec.periods:
        year, inside = dfe_year_for_period(period, by_year.index)
        row = by_year.loc[year]
        went, during = int(row["went_missing_during_year"]), int(row["looked_after_during_year"])
        prefix = f"period:{period.id}:"
        rows.append(_row(f"{prefix}dfe_england_missing_pct", _tidy_float(ratio(went, during, 100)),
                         None, None, went, during, None,
                         f"{count_text(went)} of {count_text(during)} "
                         f"({percent_text(went, during)})"))
        incidents = row["missing_incidents"]
        if not pd.isna(incidents):
            incidents = int(incidents)
            rows.append(_row(f"{prefix}dfe_england_mean_incidents",
                             _tidy_float(ratio(incidents, went)), None, None, incidents, went,
                             None, f"{mean_text(incidents, went)} ({count_text(incidents)} "
                                   f"incidents / {count_text(went)} children)"))
        rows.append(_row(f"{prefix}dfe_england_year", year, None, None, None, None, None,
                         f"year ending 31 March {year}" + ("" if inside else
                                                            _nearest_year_note(period, year))))
    return rows


def official_comparison(answers: pd.DataFrame, spec: RoundSpec, dfe_la: pd.DataFrame,
                        year: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each English authority's FOI UASC in-care figure beside DfE's 31 March count.

    For every period of the round, the DfE year nearest its end (or ``year``)
    is used; a period whose nearest available 31 March lies more than a year
    outside it (calendar 2020 against a table ending in 2017) is left out. DfE counts UASC looked after on one day (31 March), so a
    council's count of UASC in care at any time in a period containing or
    near that day should not be smaller: when the FOI figure's upper bound is
    below DfE's disclosed count a ``fewer_than_dfe_snapshot`` warning is
    raised. Returns ``(comparison, qa)`` with ``OFFICIAL_COMPARISON_COLUMNS``
    and ``QA_COLUMNS``; DfE rows are joined on the register GSS code.
    """
    prepared = prepare_answers(answers, spec)
    england = prepared.loc[prepared["nation"] == "England"]
    cells = _cells(prepared)
    dfe = dfe_la.copy()
    dfe["year"] = dfe["year"].astype(int)
    available = sorted(set(dfe["year"]))
    comparison_rows, qa_rows = [], []
    uasc_questions = [q for q in spec.questions if q.cohort == "uasc" and q.measure == "in_care"]
    for period in spec.periods:
        questions = [q.label for q in uasc_questions if period.id in q.periods]
        if not questions or not available:
            continue
        dfe_year = int(year) if year is not None else _nearest_year(period.end, available)
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
        table = _Scope(cells, units).table("uasc", "in_care")
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
