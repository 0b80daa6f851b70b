"""Every statistic the pipeline computes, described for readers from the statistic registry
(:mod:`foi_missing.statistics.registry`): the ``statistics defined`` sheet of ``tables.xlsx``
and ``docs/statistics.md`` (``tools/statistics_doc.py``) are both this table."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from foi_missing.statistics.registry import DFE_COLUMN, STATISTICS, Definition

KIND_WORDS = {
    "count": "a count, added up over the authorities",
    "rate": "a share of children, in percent",
    "mean": "a mean",
    "authorities": "a number of authorities",
    "ranking": "authorities named in order",
    "year": "a year",
    "periods": "the round's periods",
}
SOURCE_WORDS = {"answers": "the councils' answers", "dfe": "DfE's national tables",
                "spec": "the round spec"}


def printed_as(definition: Definition) -> str:
    """How the figure is printed: "whole percent", "1 decimal", "as text"."""
    if definition.places is None:
        return "as text"
    if definition.places == 0:
        return "whole percent" if definition.kind == "rate" else "whole number"
    return f"{definition.places} decimal{'s' if definition.places > 1 else ''}"


def _dfe_words(name: str) -> str:
    return "DfE: " + name.removeprefix(DFE_COLUMN).replace("_", " ")


def made_of(definition: Definition, name: Callable[[str], str]) -> str:
    """What the figure is made of: another id's figure, or numerator / denominator, each
    named by ``name`` (a DfE column in words)."""
    if definition.same_as:
        return f"the same figure as {name(definition.same_as)}"
    if definition.numerator:
        parts = [_dfe_words(part) if part.startswith(DFE_COLUMN) else name(part)
                 for part in (definition.numerator, definition.denominator)]
        return " / ".join(parts)
    return ""


def definitions_table(name: Callable[[str], str] | None = None) -> pd.DataFrame:
    """One row per statistic, in the registry's order; ``name`` names another statistic
    inside a row (its label by default)."""
    name = name or (lambda sid: STATISTICS[sid].label)
    return pd.DataFrame([{
        "Statistic": d.label,
        "Statistic id": d.id,
        "What it is": KIND_WORDS[d.kind] + (" (a key finding)" if d.role == "finding" else ""),
        "Printed": printed_as(d),
        "Made of": made_of(d, name),
        "From": SOURCE_WORDS[d.source],
    } for d in STATISTICS.values()])
