"""The statistics table's rows and the contributions tracing each figure to its answers."""

from __future__ import annotations

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
    the statistics are computed."""

    def __init__(self, prepared: pd.DataFrame):
        self.prepared = prepared
        self.parts: list[pd.DataFrame] = []
        self.part_ids: list[str] = []  # the statistic id of each part

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
        self.part_ids.append(statistic_id)

    def add_alias(self, alias: str, source: str) -> None:
        """The answers behind ``source`` again, under ``alias`` (the same figure)."""
        copies = [part.assign(statistic_id=alias)
                  for part, sid in zip(self.parts, self.part_ids) if sid == source]
        self.parts += copies
        self.part_ids += [alias] * len(copies)

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(columns=list(CONTRIBUTIONS_COLUMNS))
        frame = pd.concat(self.parts, ignore_index=True)
        for column in ("value_used", "lower_used", "upper_used"):
            frame[column] = frame[column].astype("Float64").round(10)
        return frame[list(CONTRIBUTIONS_COLUMNS)]




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
