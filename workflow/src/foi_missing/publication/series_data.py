"""The series page's data: the series tables and the rounds' specs as loaded, the statistic
ids the page shows (labels, order, nation) and the series' points.

:mod:`foi_missing.publication.series_report` builds the page from these;
:mod:`foi_missing.publication.series_disclosure` decides what it may print.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from foi_missing.core.config import default_path
from foi_missing.core.roundspec import MEASURES, RoundSpec, load_round_spec
from foi_missing.core.tables import read_csv
from foi_missing.publication.disclosure import DisclosureRule
from foi_missing.statistics.registry import (
    ALIASES,
    RATIOS,
    STATISTICS,
    StatisticId,
    in_scope,
    make_id,
)
from foi_missing.statistics.series import RoundResults, in_period_order, point_column

SERIES_TABLES = ("statistics", "changes", "like_for_like", "differences")
TREND_FIGURE = "figures/trend.png"
COHORTS = ("trafficked", "uasc", "combined")
# Counts of children (a sum of per-authority answers): disclosure-controlled at nation level.
CHILD_MEASURES = MEASURES
# Derived figures and the counts they are made of (numerator, denominator).
DERIVED = RATIOS
# Ids that repeat another id's figure (hidden together with it): the registry's aliases,
# shown once, under their cohort id (the round report's headline table does the same).
NOT_SHOWN = tuple(ALIASES)
# Not quantities: printed in the statistics table, not compared between rounds.
NOT_COMPARED = tuple(sid for sid, d in STATISTICS.items() if d.kind in ("year", "ranking"))
# The registry's order (every figure of a point; not the round's periods).
STATISTIC_ORDER = [sid for sid, definition in STATISTICS.items() if definition.kind != "periods"]
NOT_ASKED = "–"  # the round has no such statistic (question not asked)


# --- loading ---------------------------------------------------------------------------------


@dataclass
class SeriesData:
    """Everything the series page reads. ``inputs`` (the files checksummed in the footer)
    is what :func:`foi_missing.publication.report.footer_html` reads, so that footer serves here too."""

    specs: list[RoundSpec]  # in period order
    statistics: pd.DataFrame
    changes: pd.DataFrame
    like_for_like: pd.DataFrame
    trend_png: bytes | None
    rule: DisclosureRule
    inputs: list[Path] = field(default_factory=list)
    _nations: dict | None = None
    # Where the rounds' tables are (None: not loaded, no like-for-like row withheld).
    results: str | Path | None = None
    raw: str | Path = default_path("raw")
    published: str | Path = default_path("published")
    reference: str | Path = default_path("reference")
    _withheld: set | None = None
    _rounds: list | None = None
    differences: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def rounds(self) -> list[str]:
        return [spec.round_id for spec in self.specs]

    @property
    def reconstructed(self) -> list[str]:
        return [spec.round_id for spec in self.specs if spec.reconstructed]


def series_inputs(rounds: Sequence[str], results: str | Path = default_path("results"),
                  raw: str | Path = default_path("raw")) -> list[Path]:
    """The files the page depends on (for the footer's checksums and the rule's inputs)."""
    folder = Path(results) / "series"
    files = [folder / f"{name}.csv" for name in SERIES_TABLES] + [folder / TREND_FIGURE]
    files += [Path(raw) / round_id / "round.yaml" for round_id in rounds]
    return [path for path in files if path.exists()]


def load_series(rounds: Sequence[str], results: str | Path = default_path("results"), raw: str | Path = default_path("raw"),
                config: Mapping | None = None, published: str | Path = default_path("published"),
                reference: str | Path = default_path("reference")) -> SeriesData:
    """Read the series tables, the trend figure and the rounds' specs (paths stay relative)."""
    folder = Path(results) / "series"
    specs = [load_round_spec(Path(raw) / round_id) for round_id in rounds]
    empty = pd.DataFrame()
    ordered = [r.spec for r in in_period_order([RoundResults(spec, empty, empty) for spec in specs])]
    tables = {name: read_csv(folder / f"{name}.csv") if (folder / f"{name}.csv").exists()
              else pd.DataFrame() for name in SERIES_TABLES}
    trend = folder / TREND_FIGURE
    return SeriesData(
        specs=ordered,
        statistics=tables["statistics"],
        changes=tables["changes"],
        like_for_like=tables["like_for_like"],
        differences=tables["differences"],
        trend_png=trend.read_bytes() if trend.exists() else None,
        rule=DisclosureRule.from_config(config),
        inputs=series_inputs([s.round_id for s in ordered], results, raw),
        results=results, raw=raw, published=published, reference=reference,
    )


# --- statistic ids ---------------------------------------------------------------------------


def split_id(statistic_id: str) -> tuple[str, str]:
    """(nation or "", statistic id without the nation prefix)."""
    sid = StatisticId.parse(statistic_id)
    return (sid.nation, sid.base) if sid.scope == "nation" else ("", statistic_id)


def order_key(statistic_id: str) -> tuple[int, str]:
    base = split_id(statistic_id)[1]
    position = STATISTIC_ORDER.index(base) if base in STATISTIC_ORDER else len(STATISTIC_ORDER)
    return position, base


def cohort_measure(base: str) -> tuple[str, str] | None:
    sid = StatisticId.parse(base)
    return (sid.cohort, sid.measure) if sid.cohort in COHORTS else None



def spec_of(data: SeriesData, round_id: str) -> RoundSpec | None:
    return next((spec for spec in data.specs if spec.round_id == str(round_id)), None)


def source_id(data: SeriesData, round_id: str, period, statistic_id: str) -> str:
    """The id a point's statistic has in its round's own statistics (``period:<id>:...`` in a
    round asking about several periods), which the round's disclosure control knows."""
    spec = spec_of(data, round_id)
    if spec is None or len(spec.periods) < 2 or ":" in statistic_id:
        return statistic_id
    return make_id(statistic_id, "period", str(period))


def points(data: SeriesData) -> pd.DataFrame:
    """The series' points (round, period, column heading), in time order."""
    stats = data.statistics
    columns = ["round", "period", "column", "partial"]
    if stats.empty or "period" not in stats.columns:
        return pd.DataFrame(columns=columns)
    national = stats[~in_scope(stats["statistic_id"], "nation")]
    found = national.drop_duplicates(["round", "period"]).sort_values(
        ["start", "end"], kind="stable")
    partial = found["partial"].map(lambda v: str(v).strip().lower() == "true")
    return pd.DataFrame({
        "round": found["round"].astype(str).to_numpy(),
        "period": found["period"].astype(str).to_numpy(),
        "column": [point_column(p, int(m), bool(x)) for p, m, x in
                   zip(found["period"].astype(str), found["months"], partial)],
        "partial": partial.to_numpy(),
    })
