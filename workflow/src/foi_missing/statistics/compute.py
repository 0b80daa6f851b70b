"""The reports' statistics, computed from the answers table alone.

``compute_statistics(answers, spec)`` turns ``results/<round>/answers.csv``
(one row per authority x question x period, see ``docs/architecture.md``)
into the statistics table of docs/design.md#output-contract and the contributions table
tracing every national figure back to the answers that fed it. Published
figures are never read here: they are compared afterwards by
:mod:`foi_missing.statistics.reproduction`.

Statistic ids
-------------
:mod:`foi_missing.statistics.registry` declares every id once, builds and
parses ids, and names the function that computes each
(``registry.where_computed("uasc_missing_pct")``). What they mean:

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

Matched rounds (``rate_denominator: matched``): ``<cohort>matched_authorities``
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

Official comparison (England): :mod:`foi_missing.statistics.official`.
"""

from __future__ import annotations

import pandas as pd

from foi_missing.core.roundspec import RoundSpec
from foi_missing.statistics.authorities import RANKING_TOP, per_authority, ranking, ranking_table
from foi_missing.statistics.cells import (
    COHORTS,
    GROUPS,
    OVERLAP,
    Scope,
    prepare_answers,
    unit_cells,
)
from foi_missing.statistics.national import ledger_rows, measures_asked, national_rows
from foi_missing.statistics.numbers import (
    count_text,
    join_names,
    mean_text,
    percent_text,
    ratio,
    round_half_up,
    to_decimal,
)
from foi_missing.statistics.official import (
    OFFICIAL_COMPARISON_COLUMNS,
    QA_COLUMNS,
    dfe_year_for_period,
    official_comparison,
    official_statistics,
)
from foi_missing.statistics.periods import period_changes, period_rows, pooled_periods
from foi_missing.statistics.registry import scope_prefix
from foi_missing.statistics.rows import (
    CONTRIBUTIONS_COLUMNS,
    STATISTICS_COLUMNS,
    Contributions,
    statistics_frame,
)

# The statistics step's entry points, and the names the other stages and tools import from here.
__all__ = [
    "COHORTS", "CONTRIBUTIONS_COLUMNS", "GROUPS", "OFFICIAL_COMPARISON_COLUMNS", "QA_COLUMNS",
    "RANKING_TOP", "STATISTICS_COLUMNS", "build_statistics", "compute_statistics", "count_text",
    "dfe_year_for_period", "join_names", "mean_text", "official_comparison",
    "official_statistics", "percent_text", "pooled_periods", "prepare_answers", "ranking_table",
    "ratio", "round_half_up", "to_decimal",
]


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
    cells = unit_cells(prepared)
    contrib = Contributions(prepared)
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
    full = Scope(cells, units)
    rows = ledger_rows("", prepared, asked)
    rows += national_rows("", full, measures_asked(spec, pooled), spec, pooled_answers, contrib,
                          pooled_overlap)
    rows.append(ranking(full, names, pooled_answers, contrib))

    periods = [p.id for p in spec.periods]
    if len(periods) > 1:
        rows += period_rows(spec, pooled)
        for period in periods:
            part = prepared.loc[prepared["period"] == period]
            if part.empty:
                continue
            prefix = scope_prefix("period", period)
            scope = Scope(cells, sorted(set(part["unit"])))
            rows += ledger_rows(prefix, part, None)
            rows += national_rows(prefix, scope, measures_asked(spec, {period}), spec,
                                  prepared, contrib, overlap_of[period])
        rows += period_changes(spec, pooled, cells, prepared)

    for nation in sorted(n for n in prepared["nation"].unique() if n):
        part = prepared.loc[prepared["nation"] == nation]
        prefix = scope_prefix("nation", nation)
        scope = Scope(cells, sorted(set(part["unit"]) & set(units)))
        rows += ledger_rows(prefix, part, None)
        rows += national_rows(prefix, scope, measures_asked(spec, pooled), spec,
                              pooled_answers, contrib, pooled_overlap)

    rows += per_authority(pooled_answers, full, measures_asked(spec, pooled))
    statistics = statistics_frame(rows)
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
    return statistics_frame(combined.to_dict("records")), contributions
