"""The answers table made ready for counting, and its cells.

A *unit* is one authority x period; a *cell* sums the counted answers of a unit,
base group (``trafficked``, ``uasc``, ``cross`` for a figure covering both
cohorts, ``overlap``) and measure. :class:`Scope` holds the cells of a set of
units reshaped for quick sums; every statistic is computed from a scope.
"""

from __future__ import annotations

from collections.abc import Iterable

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


# --- preparing the answers -----------------------------------------------------


def label_index(spec: RoundSpec) -> dict[str, str]:
    """Every label and alias of the round -> its question label."""
    index = {}
    for question in spec.questions:
        index[question.label] = question.label
        for alias in question.aliases:
            index.setdefault(alias, question.label)
    return index


def covers_of(text) -> tuple[str, ...]:
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

    labels = label_index(spec)
    cohort_of = {q.label: q.cohort for q in spec.questions}
    covers = frame["covers"].map(covers_of)
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


# What the statistics read of an answer (contributions, units, groups).
COUNTING_COLUMNS = ("authority_code", "question", "period", "status", "value", "lower", "upper",
                    "base_group", "measure", "counted", "unit")
CELL_FIELDS = ("value", "sup_lower", "sup_upper", "n_rep", "n_sup")
# Every (base group, measure) a scope holds a table for.
CELL_KEYS = tuple((base, measure) for base in (*BASE_GROUPS, OVERLAP) for measure in MEASURES)


class UnitCells:
    """The counted answers summed per (authority, period, base group, measure): ``frame``,
    and the same as one array per (base group, measure) and field over the units, from
    which each :class:`Scope` takes its units' rows (a cell nothing was counted in has no
    value, 0 withheld and 0 answers)."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        codes = frame.index.get_level_values("authority_code")
        periods = frame.index.get_level_values("period")
        units = list(dict.fromkeys(zip(codes, periods)))
        self.position = {unit: i for i, unit in enumerate(units)}
        rows = np.array([self.position[unit] for unit in zip(codes, periods)], dtype=np.intp)
        size = len(units) + 1  # the last slot: a unit without counted answers
        keys = list(zip(frame.index.get_level_values("base_group"),
                        frame.index.get_level_values("measure")))
        columns = {field: frame[field].to_numpy() for field in CELL_FIELDS}
        self.arrays: dict[tuple[str, str], dict[str, np.ndarray]] = {}
        for key in CELL_KEYS:
            self.arrays[key] = {
                "value": np.full(size, np.nan), "sup_lower": np.zeros(size),
                "sup_upper": np.zeros(size), "n_rep": np.zeros(size, dtype=np.int64),
                "n_sup": np.zeros(size, dtype=np.int64)}
        rows_of: dict[tuple[str, str], list[int]] = {}
        for row, key in enumerate(keys):
            rows_of.setdefault(key, []).append(row)
        for key, where in rows_of.items():
            if key not in self.arrays:  # no statistic counts it
                continue
            for field in CELL_FIELDS:
                self.arrays[key][field][rows[where]] = columns[field][where]


def unit_cells(prepared: pd.DataFrame) -> UnitCells:
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
    return UnitCells(cells)


class Scope:
    """Cells of a set of units, per (base group, measure) and per group, for quick sums.

    ``arrays`` / ``tables``: per (base group, measure), the fields of ``CELL_FIELDS`` over
    the units (``tables`` as frames indexed by unit, made when first asked for);
    :meth:`group_arrays` / :meth:`table`: the same for a group (``combined`` adds its
    three base groups); :meth:`by_authority`: a group's figures added over periods.
    Everything is made once and only read by the callers.
    """

    def __init__(self, cells: UnitCells, units: list[tuple[str, str]]):
        self.units = units
        self.index = pd.MultiIndex.from_tuples(units, names=["authority_code", "period"])
        absent = len(cells.position)
        take = np.array([cells.position.get(unit, absent) for unit in units], dtype=np.intp)
        self.arrays = {key: {field: arrays[field][take] for field in CELL_FIELDS}
                       for key, arrays in cells.arrays.items()}
        self.tables = _Frames(self.arrays, self.index)
        self._groups: dict[tuple[str, str], dict[str, np.ndarray]] = {}
        self._group_tables = _Frames(self._groups, self.index)
        self._by_authority: dict[tuple[str, str], pd.DataFrame] = {}

    def group_arrays(self, group: str, measure: str) -> dict[str, np.ndarray]:
        """Per unit: value (NaN when nothing reported), bounds additions, counts."""
        if (group, measure) not in self._groups:
            bases = BASE_GROUPS if group == "combined" else (group,)
            parts = [self.arrays[(base, measure)] for base in bases]
            total = dict(parts[0])
            for part in parts[1:]:
                # Missing only where both are: a reported figure plus nothing is that figure.
                total["value"] = np.where(
                    np.isnan(total["value"]) & np.isnan(part["value"]), np.nan,
                    np.nan_to_num(total["value"]) + np.nan_to_num(part["value"]))
                for column in CELL_FIELDS[1:]:
                    total[column] = total[column] + part[column]
            self._groups[(group, measure)] = total
        return self._groups[(group, measure)]

    def table(self, group: str, measure: str) -> pd.DataFrame:
        """:meth:`group_arrays` as a frame indexed by unit."""
        self.group_arrays(group, measure)
        return self._group_tables[(group, measure)]

    def by_authority(self, group: str, measure: str) -> pd.DataFrame:
        """A group's cells added over periods, per authority (in code order): value stays
        missing when no period reported."""
        if (group, measure) not in self._by_authority:
            arrays = self.group_arrays(group, measure)
            codes, unit_of = np.unique(np.array([unit[0] for unit in self.units], dtype=object),
                                       return_inverse=True)
            summed = {field: np.bincount(unit_of, weights=np.nan_to_num(arrays[field]),
                                         minlength=len(codes)) for field in CELL_FIELDS}
            for field in ("n_rep", "n_sup"):
                summed[field] = summed[field].astype(np.int64)
            summed["value"] = np.where(summed["n_rep"] > 0, summed["value"], np.nan)
            self._by_authority[(group, measure)] = pd.DataFrame(
                summed, index=pd.Index(codes, name="authority_code"))
        return self._by_authority[(group, measure)]


class _Frames(dict):
    """Frames made from arrays (per key, a field -> array mapping) when first asked for."""

    def __init__(self, arrays: dict, index: pd.Index):
        super().__init__()
        self.arrays, self.index = arrays, index

    def __missing__(self, key):
        frame = pd.DataFrame({field: self.arrays[key][field] for field in CELL_FIELDS},
                             index=self.index)
        self[key] = frame
        return frame


def authority_count(units: Iterable[tuple[str, str]]) -> int:
    return len({unit[0] for unit in units})



class CountedAnswers:
    """The counted answers of a scope (``COUNTING_COLUMNS``), found by group and measure."""

    def __init__(self, prepared: pd.DataFrame):
        self.frame = prepared.loc[prepared["counted"], list(COUNTING_COLUMNS)]
        self.positions = {key: np.asarray(rows) for key, rows in self.frame.groupby(
            ["base_group", "measure"], sort=False).indices.items()}

    def of_bases(self, bases: Iterable[str], measures: Iterable[str] = MEASURES) -> pd.DataFrame:
        """The answers of these base groups and measures, in ledger order."""
        parts = [self.positions[(base, measure)] for base in bases for measure in measures
                 if (base, measure) in self.positions]
        return self.frame.iloc[np.sort(np.concatenate(parts)) if parts else []]

    def rows(self, group: str, measure: str, units: set | None = None) -> pd.DataFrame:
        """Counted answers of a group (``combined``: all three base groups) and measure,
        of ``units`` when given."""
        rows = self.of_bases(BASE_GROUPS if group == "combined" else (group,), (measure,))
        if units is not None:
            rows = rows.loc[rows["unit"].isin(units)]
        return rows
