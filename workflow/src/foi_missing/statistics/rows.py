"""The statistics table's rows and the contributions tracing each figure to its answers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from foi_missing.statistics.numbers import tidy_float

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


def statistic_row(statistic_id, value=None, lower=None, upper=None, numerator=None,
                  denominator=None, authorities=None, text="") -> dict:
    """One row of the statistics table (``STATISTICS_COLUMNS``)."""
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


def plain_number(x):
    """An integral float as int, else a tidied float (None stays None)."""
    if x is None or pd.isna(x):
        return None
    x = float(x)
    return int(x) if x.is_integer() else tidy_float(x)


class Contributions:
    """The answers behind each national figure (``CONTRIBUTIONS_COLUMNS``), collected as
    the statistics are computed (as arrays: one table is made at the end)."""

    def __init__(self, prepared: pd.DataFrame):
        self.prepared = prepared
        self.parts: list[dict[str, np.ndarray]] = []
        self.part_ids: list[str] = []  # the statistic id of each part

    def add(self, statistic_id: str, rows: pd.DataFrame, value_used, bounds_used) -> None:
        """Record rows; ``value_used`` / ``bounds_used`` are boolean masks over ``rows``."""
        value_used = np.asarray(value_used, dtype=bool)
        bounds_used = np.asarray(bounds_used, dtype=bool)
        keep = value_used | bounds_used
        if not keep.any():
            return
        status = rows["status"].to_numpy()[keep]
        value_used, bounds_used = value_used[keep], bounds_used[keep]
        self.parts.append({
            "authority_code": rows["authority_code"].to_numpy()[keep],
            "question": rows["question"].to_numpy()[keep],
            # Per period, so the report's disclosure cells (authority x question x period)
            # of a round asking about several periods are told apart.
            "period": rows["period"].to_numpy()[keep],
            "status": status,
            "value_used": np.where(value_used & (status == "reported"),
                                   rows["value"].to_numpy()[keep], np.nan),
            "lower_used": np.where(bounds_used, rows["lower"].to_numpy()[keep], np.nan),
            "upper_used": np.where(bounds_used, rows["upper"].to_numpy()[keep], np.nan),
        })
        self.part_ids.append(statistic_id)

    def add_alias(self, alias: str, source: str) -> None:
        """The answers behind ``source`` again, under ``alias`` (the same figure)."""
        copies = [part for part, sid in zip(self.parts, self.part_ids) if sid == source]
        self.parts += copies
        self.part_ids += [alias] * len(copies)

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(columns=list(CONTRIBUTIONS_COLUMNS))
        sizes = [len(part["status"]) for part in self.parts]
        columns = {"statistic_id": pd.Series(np.repeat(self.part_ids, sizes), dtype="str")}
        for column in CONTRIBUTIONS_COLUMNS[1:]:
            joined = np.concatenate([part[column] for part in self.parts])
            if column.endswith("_used"):
                columns[column] = pd.Series(joined, dtype="float64").astype("Float64").round(10)
            else:
                columns[column] = pd.Series(joined, dtype="str")
        return pd.DataFrame(columns)


def is_missing(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def statistics_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(STATISTICS_COLUMNS))
    # Built from the Python objects, so that counts stay ints next to rates and rankings.
    frame["value"] = pd.Series(
        [None if is_missing(row.get("value")) else row.get("value") for row in rows],
        dtype=object, index=frame.index,
    )
    for column in ("lower", "upper", "numerator", "denominator"):
        frame[column] = pd.to_numeric(frame[column]).astype("Float64")
    frame["authorities"] = pd.to_numeric(frame["authorities"]).astype("Int64")
    frame["text"] = frame["text"].fillna("").astype(str)
    return frame
