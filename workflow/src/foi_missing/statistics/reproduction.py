"""Computed statistics against the published figures of a round.

``compare(statistics, "data/published/<round>.yaml")`` gives one row per
published figure (``reproduction.csv``, docs/design.md#output-contract). This is the only
module that reads published figures; the statistics are computed without
them (:mod:`foi_missing.statistics.compute`).

Comparison at the published precision, by ``unit``:

- ``count``: the computed value equals the published number exactly;
- ``percent``: the computed percent (from its numerator and denominator when
  known, exactly) rounded half up to the published number of decimals
  (a whole number for "28%": 27.5 computed matches 28);
- ``mean``: the same, usually to one decimal ("2.4");
- ``ratio`` (printed in words, "over 1 in 6"): the computed numerator AND
  denominator equal the published ones;
- ``ranking``: the computed ordered list of GSS codes equals the published one.

``match`` is ``"true"`` / ``"false"`` for ``reproduce`` rows and empty for
``conflicting`` rows (a figure another version of the publication printed,
kept for the record). A published statistic the pipeline does not compute
gets ``match = "false"`` and a note saying so.

Periods (rounds asking about several periods): a figure with ``period: P``
is compared with the statistic ``period:P:<statistic_id>``; a figure
without one, whose id has no prefix (no ``:``), takes the file's
``headline_period`` when the file names one (the assumption is then printed
in the row's note). ``statistic_id`` in ``reproduction.csv`` is the id
compared. A figure's ``assumption`` is printed in its note as "Assumption:
...", so a reconstructed reading is never taken for a fact.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foi_missing.core.cells import cell_decimal
from foi_missing.core.schema import load_yaml_document
from foi_missing.statistics.numbers import ratio, round_half_up, to_decimal
from foi_missing.statistics.registry import StatisticId, make_id

SCHEMA = "published.schema.yaml"
REPRODUCTION_COLUMNS = (
    "statistic_id",
    "role",
    "published_text",
    "published_value",
    "computed_text",
    "computed_value",
    "match",
    "source",
    "note",
)


class PublishedFiguresError(ValueError):
    """The published-figures file is missing, not YAML, or breaks its schema (message names it)."""


class ReproductionMismatch(RuntimeError):
    """Computed figures differ from published ones (raised when config fail_on_mismatch is true)."""


def load_published(path: str | Path, round_id: str | None = None) -> dict:
    """Read and validate ``data/published/<round>.yaml``."""
    path = Path(path)
    document = load_yaml_document(path, SCHEMA, PublishedFiguresError, "published figures file")
    if round_id is not None and str(document["round"]) != str(round_id):
        raise PublishedFiguresError(
            f"{path}: holds the figures of round {document['round']!r}, not {round_id!r}"
        )
    seen = set()
    for index, figure in enumerate(document["figures"]):
        _check_unit(figure, f"{path}: figures/{index}")
        if figure.get("role", "reproduce") != "reproduce":
            continue
        sid = compared_id(figure, document)
        if sid in seen:
            raise PublishedFiguresError(
                f"{path}: figures/{index}: {sid!r} is listed twice with role "
                f"reproduce; mark the other version's figure role: conflicting"
            )
        seen.add(sid)
    return document


# The registry's kinds a published unit can be compared with ("ratio" compares a numerator
# and a denominator, which any figure may have).
UNIT_KINDS = {"count": ("count", "authorities", "year", "periods"), "percent": ("rate",),
              "mean": ("mean",), "ranking": ("ranking",)}


def _check_unit(figure: dict, where: str) -> None:
    """A published figure's unit agrees with how the registry says its statistic is made: a
    percent compared as a count (or the other way round) would judge it wrongly."""
    unit = figure.get("unit", "count")
    sid = StatisticId.parse(figure["statistic_id"])
    if sid.scope.startswith("period_change"):
        return  # a change between periods is printed in its own way ("up 25%")
    definition = sid.definition
    if definition is None or unit not in UNIT_KINDS or definition.kind in UNIT_KINDS[unit]:
        return
    raise PublishedFiguresError(
        f"{where}: {figure['statistic_id']!r} is a {definition.kind} in the statistic registry, "
        f"so it cannot be compared as unit {unit!r}"
        + (" (leave unit out for a count)" if unit == "count" else ""))


def compared_id(figure: dict, document: dict) -> str:
    """The statistics.csv id a published figure is compared with (its period applied)."""
    sid = figure["statistic_id"]
    if figure.get("period"):
        return make_id(sid, "period", str(figure["period"]))
    headline = document.get("headline_period")
    if headline and ":" not in sid:
        return make_id(sid, "period", str(headline["id"]))
    return sid


def _source_text(source: dict) -> str:
    url = source.get("url")
    return f"{source['description']} ({url})" if url else source["description"]


def _plain(number) -> str:
    """A YAML number as printed plainly: 217 -> "217", 2.4 -> "2.4"."""
    if isinstance(number, list):
        return ";".join(number)
    decimal = to_decimal(number)
    if decimal == decimal.to_integral_value():
        return str(int(decimal))
    return format(decimal.normalize(), "f")


def _places(number) -> int:
    """Decimals a published number shows (28 -> 0, 2.4 -> 1)."""
    exponent = to_decimal(number).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def _computed_value_text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        return value
    return _plain(value)


def _judge(figure: dict, row: pd.Series) -> tuple[bool, str]:
    """(match, how it was compared) for one reproduce figure and its computed row."""
    unit = figure.get("unit", "count")
    published = figure["value"]
    if unit == "ranking":
        computed = [code for code in str(row["value"] or "").split(";") if code]
        same = computed == list(published)
        how = "compared as the ordered list of authorities"
        if not same:
            how += f": computed {', '.join(computed) or 'none'}"
        return same, how
    if unit == "ratio":
        numerator = cell_decimal(row.get("numerator"))
        denominator = cell_decimal(row.get("denominator"))
        pub_n, pub_d = to_decimal(figure["numerator"]), to_decimal(figure["denominator"])
        same = numerator == pub_n and denominator == pub_d
        shown = (f"{_plain(numerator)} / {_plain(denominator)}"
                 if numerator is not None and denominator is not None else "none")
        return same, (f"compared on numerator and denominator: published "
                      f"{_plain(pub_n)} / {_plain(pub_d)}, computed {shown}")
    if unit in ("percent", "mean"):
        numerator = cell_decimal(row.get("numerator"))
        denominator = cell_decimal(row.get("denominator"))
        scale = 100 if unit == "percent" else 1
        exact = None
        if numerator is not None and denominator is not None and denominator != 0:
            exact = ratio(numerator, denominator, scale)
        if exact is None:
            exact = cell_decimal(row["value"])
        if exact is None:
            return False, "no computed value"
        places = _places(published)
        rounded = round_half_up(exact, places)
        same = rounded == round_half_up(published, places)
        what = "whole percent" if unit == "percent" and places == 0 else f"{places} decimal(s)"
        return same, (f"compared at the published precision ({what}, half up): computed "
                      f"{format(round_half_up(exact, places + 3), 'f')} rounds to "
                      f"{format(rounded, 'f')}")
    computed = cell_decimal(row["value"])
    if computed is None:
        return False, "no computed value (no reported answers)"
    same = computed == to_decimal(published)
    return same, "compared exactly" if same else f"compared exactly: computed {_plain(computed)}"


def compare(statistics: pd.DataFrame, published_yaml_path: str | Path,
            round_id: str | None = None) -> pd.DataFrame:
    """One row per published figure: computed beside published, matched at printed precision.

    ``statistics``: the statistics table (from ``compute_statistics`` or read
    from ``statistics.csv``). ``round_id``, when given, must be the YAML's round.
    """
    path = Path(published_yaml_path)
    document = load_published(path, round_id)
    by_id = {row["statistic_id"]: row for _, row in statistics.iterrows()}
    rows = []
    headline = document.get("headline_period")
    for figure in document["figures"]:
        sid = compared_id(figure, document)
        role = figure.get("role", "reproduce")
        row = by_id.get(sid)
        notes = []
        if role == "conflicting":
            version = f" (version {figure['version']})" if figure.get("version") else ""
            notes.append(f"Conflicting publication{version}: another published version of this "
                         "figure, recorded for reference and not reproduced.")
        match = ""
        if row is None:
            notes.append("The pipeline does not compute this statistic.")
            if role == "reproduce":
                match = "false"
        elif role == "reproduce":
            same, how = _judge(figure, row)
            match = "true" if same else "false"
            notes.append(how[:1].upper() + how[1:] + ".")
        if figure.get("note"):
            notes.append(figure["note"].strip())
        if figure.get("assumption"):
            notes.append(f"Assumption: {figure['assumption'].strip()}")
        if headline and not figure.get("period") and sid != figure["statistic_id"]:
            notes.append(f"Assumption (headline period {headline['id']}): "
                         f"{headline['assumption'].strip()}")
        rows.append({
            "statistic_id": sid,
            "role": role,
            "published_text": figure["text"],
            "published_value": _plain(figure["value"]),
            "computed_text": "" if row is None else str(row.get("text") or ""),
            "computed_value": "" if row is None else _computed_value_text(row["value"]),
            "match": match,
            "source": _source_text(figure["source"]),
            "note": " ".join(notes),
        })
    return pd.DataFrame(rows, columns=list(REPRODUCTION_COLUMNS))


def empty_reproduction() -> pd.DataFrame:
    """The table for a round without published figures."""
    return pd.DataFrame(columns=list(REPRODUCTION_COLUMNS))


def mismatches(reproduction: pd.DataFrame) -> pd.DataFrame:
    """The ``reproduce`` rows whose computed figure differs from the published one."""
    mask = (reproduction["role"] == "reproduce") & (reproduction["match"].astype(str) == "false")
    return reproduction.loc[mask]


def fail_on_mismatch(reproduction: pd.DataFrame, source: str | Path = "reproduction") -> None:
    """Raise :class:`ReproductionMismatch` listing every mismatched figure (used when the
    config's ``fail_on_mismatch`` is true); return quietly when all reproduce rows match."""
    bad = mismatches(reproduction)
    if bad.empty:
        return
    lines = [f"{source}: {len(bad)} published figure(s) not reproduced:"]
    for row in bad.itertuples():
        computed = row.computed_text or "(not computed)"
        lines.append(f"  - {row.statistic_id}: published {row.published_text!r}, "
                     f"computed {computed!r}. {row.note}")
    raise ReproductionMismatch("\n".join(lines))
