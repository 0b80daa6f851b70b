"""Writing tables the same way everywhere, so the same inputs give the same bytes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """UTF-8, '\\n' line endings, no index, floats without spurious digits."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", float_format="%.10g")


def read_csv(path: str | Path) -> pd.DataFrame:
    """Read a table written by ``write_csv``: text stays text, empty cells are NA."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
