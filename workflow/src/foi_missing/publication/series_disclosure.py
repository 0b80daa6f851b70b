"""Disclosure control on the series page (docs/design.md#disclosure-policy): the by-nation
figures through :func:`foi_missing.publication.disclosure.apply_disclosure` once per round
(:func:`nation_disclosure`), changes and like-for-like rows hidden with what they rest on, and
the series tables with the same cells masked for any other publication (:func:`publication_tables`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from foi_missing.core.cells import cell_count, cell_number
from foi_missing.core.vocabulary import NATIONS
from foi_missing.publication import protection_cache
from foi_missing.publication.disclosure import Disclosure, apply_disclosure, mask_rows
from foi_missing.publication.report_sections.authorities import authority_disclosure
from foi_missing.publication.report_sections.round_data import load_round
from foi_missing.publication.series_data import (
    ALIASES,
    CHILD_MEASURES,
    COHORTS,
    DERIVED,
    SeriesData,
    cohort_measure,
    load_series,
    source_id,
    split_id,
)
from foi_missing.statistics.registry import in_scope
from foi_missing.statistics.series import like_for_like_key

# --- disclosure at nation level ----------------------------------------------------------------


@dataclass
class NationDisclosure:
    """Per round: the by-nation counts through :func:`apply_disclosure`, and every
    by-nation statistic the page must hide."""

    results: dict[str, Disclosure]  # round -> result over the nation x count table
    hidden: set[tuple[str, str, str]]  # (round, nation, base statistic id)
    unresolved: list[str]

    def is_hidden(self, round_id: str, statistic_id: str) -> bool:
        nation, base = split_id(statistic_id)
        # National figures (nation "") are hidden only when the round's joint protection
        # withholds them (foi_missing.publication.disclosure_audit.protect_round).
        return (round_id, nation, base) in self.hidden


def _count_columns() -> list[str]:
    return [f"{cohort}_{measure}" for cohort in COHORTS for measure in CHILD_MEASURES]


def nation_disclosure(data: SeriesData) -> NationDisclosure:
    """Apply the disclosure policy to each round's by-nation figures (computed once)."""
    if data._nations is not None:
        return data._nations
    stats = data.statistics
    results: dict[str, Disclosure] = {}
    hidden: set[tuple[str, str, str]] = set()
    unresolved: list[str] = []
    columns = _count_columns()
    for round_id in data.rounds:
        rows = stats[(stats["round"] == round_id) & in_scope(stats["statistic_id"], "nation")]
        if rows.empty:
            continue
        frame = pd.DataFrame([(*split_id(s), v) for s, v in zip(rows["statistic_id"], rows["value"])],
                             columns=["nation", "base", "value"])
        nations = [n for n in NATIONS if n in set(frame["nation"])] + sorted(
            set(frame["nation"]) - set(NATIONS))
        table = pd.DataFrame(None, index=pd.Index(nations, name="nation"), columns=columns,
                             dtype=object)
        for nation, base, value in frame.itertuples(index=False):
            if base in table.columns:
                count = cell_count(cell_number(value)) if cell_number(value) is not None else None
                table.at[nation, base] = count
        row_totals = {f"combined_{m}": [f"trafficked_{m}", f"uasc_{m}"] for m in CHILD_MEASURES}
        result = apply_disclosure(table, columns, data.rule, column_totals=True,
                                  row_totals=row_totals)
        results[round_id] = result
        for nation in table.index:
            for column in columns:
                if result.is_hidden(nation, column):
                    hidden.add((round_id, nation, column))
        unresolved += [f"{round_id}: {text}" for text in result.unresolved]
        # By-nation rates and means the round's joint protection withholds.
        for statistic_id in joint_withheld(data).get(round_id, ()):
            nation, base = split_id(statistic_id)
            hidden.add((round_id, nation, base))
        # Rates and means go with their counts, or when they rest on a small count themselves.
        for row in rows.itertuples(index=False):
            nation, base = split_id(row.statistic_id)
            split = cohort_measure(base)
            if split is None or split[1] not in DERIVED:
                continue
            cohort, measure = split
            parts = [f"{cohort}_{m}" for m in DERIVED[measure]]
            small = any(data.rule.is_small(cell_number(v)) for v in (row.numerator, row.denominator)
                        if cell_number(v) is not None)
            if small or any((round_id, nation, p) in hidden for p in parts):
                hidden.add((round_id, nation, base))
        for alias, target in ALIASES.items():
            for nation in table.index:
                if (round_id, nation, target) in hidden:
                    hidden.add((round_id, nation, alias))
    data._nations = NationDisclosure(results, hidden, sorted(set(unresolved)))
    return data._nations


def shown_text(data: SeriesData, round_id: str, statistic_id: str, text) -> str:
    """A statistic's printed text as the page may publish it."""
    if nation_disclosure(data).is_hidden(round_id, statistic_id):
        return data.rule.symbol
    return "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)



# --- changes and like for like: what the page may print --------------------------------------


def change_hidden(data: SeriesData, row) -> bool:
    hidden = nation_disclosure(data)
    return (hidden.is_hidden(str(row.from_round), source_id(data, row.from_round, row.from_period,
                                                            row.statistic_id))
            or hidden.is_hidden(str(row.to_round), source_id(data, row.to_round, row.to_period,
                                                             row.statistic_id)))


def headline_change(data: SeriesData, statistic_id: str, row):
    """The headline change matching a like-for-like row (same periods)."""
    changes = data.changes
    if changes.empty:
        return None
    found = changes[(changes["statistic_id"] == statistic_id)
                    & (changes["from_round"].astype(str) == str(row.from_round))
                    & (changes["to_round"].astype(str) == str(row.to_round))
                    & (changes["from_period"].astype(str) == str(row.from_period))
                    & (changes["to_period"].astype(str) == str(row.to_period))]
    return None if found.empty else found.iloc[0]


def like_for_like_hidden(data: SeriesData, row) -> bool:
    """Is this like-for-like row hidden: small (:func:`like_for_like_small`), or withheld
    because with the other printed totals it would narrow a hidden cell
    (:func:`foi_missing.publication.disclosure_audit.withheld_like_for_like`)?"""
    return like_for_like_small(data, row) or like_for_like_key(row) in withheld_like_for_like(data)


def round_data(data: SeriesData) -> list:
    """The rounds' report data (``load_round``), loaded once; [] without ``results``
    or when a round's tables are not there (the page then relies on the by-nation rules)."""
    if data._rounds is None:
        data._rounds = []
        if data.results is not None and all(
                (Path(data.results) / r / "answers.csv").exists() for r in data.rounds):
            config = {"disclosure": {"min_count": data.rule.min_count,
                                     "max_count": data.rule.max_count, "symbol": data.rule.symbol}}
            data._rounds = [load_round(r, data.results, data.raw, data.published, config)
                            for r in data.rounds]
    return data._rounds


def joint_withheld(data: SeriesData) -> dict[str, set[str]]:
    """Per round: statistic ids withheld by the round's joint protection."""
    return {d.round_id: authority_disclosure(d)[1].withheld for d in round_data(data)}


WITHHELD_FILE = "withheld_like_for_like.pickle"  # in results/series/, by rule `withheld_like_for_like`


def withheld_key(data: SeriesData, rounds: Sequence, register: Path) -> tuple:
    """What the withheld rows are worked out from (a ``protection_cache`` key): every round's
    files (their digests as the round was loaded), the series tables, the register, the rule."""
    files = {pair for loaded in rounds for pair in loaded.source[1]}
    files |= set(protection_cache.source_key([*data.inputs, register], data.rule)[1])
    return (("withheld like for like", data.rule), tuple(sorted(files)))


def withheld_like_for_like(data: SeriesData, stored: bool = True) -> set:
    """Computed once from the rounds' tables (``data.results``, ``data.raw``, ...), or read from
    ``results/series/`` where rule ``withheld_like_for_like`` stored it from these same files
    (``stored=False``: always worked out)."""
    if data._withheld is None:
        from foi_missing.core.register import load_register
        from foi_missing.publication.disclosure_audit import withheld_like_for_like as withheld

        data._withheld = set()
        register = Path(data.reference) / "authorities.csv"
        rounds = round_data(data) if len(data.rounds) > 1 else []
        # Without the rounds' tables or the register (a page built from the series tables
        # alone) nothing is withheld here; the disclosure_audit rule still checks the build.
        if rounds and register.exists():
            key = withheld_key(data, rounds, register)
            found = (protection_cache.load_stored(Path(data.results) / "series" / WITHHELD_FILE, key)
                     if stored else None)
            data._withheld = (set(found) if found is not None
                              else withheld(rounds, data, load_register(register)))
    return data._withheld


def save_withheld_like_for_like(rounds: Sequence[str], output: str | Path, results: str | Path,
                                raw: str | Path, published: str | Path, reference: str | Path,
                                config=None) -> set:
    """Work out the like-for-like rows the series page withholds and store them at ``output``
    (sorted, so the file's bytes do not follow string hashing) for the steps that print or
    check them: the series page, the tables workbook, the disclosure audit."""
    data = load_series(rounds, results, raw, config, published, reference)
    withheld = withheld_like_for_like(data, stored=False)
    key = withheld_key(data, round_data(data), Path(reference) / "authorities.csv")
    protection_cache.store(output, key, tuple(sorted(withheld)))
    return withheld


def like_for_like_small(data: SeriesData, row) -> bool:
    """Does this like-for-like row rest on one authority or reveal a small count?"""
    rule = data.rule
    if int(cell_number(row.units) or 0) < 2:
        return True
    values = (cell_number(row.from_value), cell_number(row.to_value))
    if any(rule.is_small(v) for v in values if v is not None):
        return True
    headline = headline_change(data, f"{row.cohort}_{row.measure}", row)
    if headline is None:
        return False
    left_out = (cell_number(headline["from_value"]) - (values[0] or 0),
                cell_number(headline["to_value"]) - (values[1] or 0))
    return any(rule.is_small(v) for v in left_out if v is not None)



# --- the series tables as published (for a workbook) ------------------------------------------------


def publication_tables(data: SeriesData) -> dict[str, pd.DataFrame]:
    """``statistics``, ``changes`` and ``like_for_like`` with what this page hides masked: no
    per-authority row, hidden by-nation figures and like-for-like rows as the symbol; and
    ``differences`` (what changed between rounds) when there is one."""
    symbol = data.rule.symbol
    disclosure = nation_disclosure(data)

    def masked(frame: pd.DataFrame, hide, columns: Sequence[str]) -> pd.DataFrame:
        return mask_rows(frame, symbol, hide, columns).reset_index(drop=True)

    stats = data.statistics
    if "statistic_id" in stats.columns:
        stats = stats[~in_scope(stats["statistic_id"], "authority")]
    changes = data.changes
    if "statistic_id" in changes.columns:
        changes = changes[~in_scope(changes["statistic_id"], "authority")]
    values = ("value", "lower", "upper", "numerator", "denominator", "text")
    moved = ("from_value", "to_value", "change", "change_pct", "text")
    def stat_hidden(row) -> bool:
        return disclosure.is_hidden(str(row.round), str(getattr(row, "source_id", row.statistic_id)))

    tables = {
        "statistics": masked(stats, stat_hidden, values),
        "changes": masked(changes, lambda r: change_hidden(data, r), moved),
        "like_for_like": masked(data.like_for_like, lambda r: like_for_like_hidden(data, r), moved),
    }
    if not data.differences.empty:
        tables["differences"] = data.differences.reset_index(drop=True)
    return tables
