"""Loading a round for its report: the spec, the result tables and the one disclosure
result every section reads (:func:`foi_missing.publication.report_sections.authorities.authority_disclosure`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from foi_missing.core.config import default_path
from foi_missing.core.roundspec import RoundSpec, load_round_spec
from foi_missing.core.tables import read_csv
from foi_missing.publication import protection_cache
from foi_missing.publication.disclosure import (
    DisclosureRule,
)
from foi_missing.publication.report_sections.authorities import authority_disclosure


@dataclass
class RoundData:
    """Everything one round's report reads."""

    round_id: str
    spec: RoundSpec
    rule: DisclosureRule
    answers: pd.DataFrame
    qa: pd.DataFrame
    statistics: pd.DataFrame
    contributions: pd.DataFrame
    reproduction: pd.DataFrame
    official_comparison: pd.DataFrame
    coding_sheet: pd.DataFrame
    inputs: list[Path] = field(default_factory=list)
    _disclosure: tuple | None = None
    # What the round was loaded from (foi_missing.publication.protection_cache); None: built in memory.
    source: tuple | None = None

    # Cached: the sections look names up row by row (thousands of calls per report).
    @cached_property
    def names(self) -> dict[str, str]:
        first = self.answers.drop_duplicates("authority_code")
        return dict(zip(first["authority_code"], first["authority_name"]))

    @cached_property
    def nations(self) -> dict[str, str]:
        first = self.answers.drop_duplicates("authority_code")
        return dict(zip(first["authority_code"], first["nation"]))


def _read_optional(path: Path, inputs: list[Path]) -> pd.DataFrame:
    if path.exists():
        inputs.append(path)
        return read_csv(path)
    return pd.DataFrame()


def round_inputs(round_id: str, results: str | Path = default_path("results"), raw: str | Path = default_path("raw"),
                 published: str | Path = default_path("published")) -> list[Path]:
    """Every file a round's report depends on (for checksums and rule inputs)."""
    folder = Path(raw) / round_id
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    extra = [Path(published) / f"{round_id}.yaml"]
    extra += [Path(results) / round_id / f"{name}.csv" for name in
              ("answers", "qa", "statistics", "contributions", "reproduction",
               "official_comparison", "qa_official")]
    return files + [p for p in extra if p.exists()]


def load_round(round_id: str, results: str | Path = default_path("results"), raw: str | Path = default_path("raw"),
               published: str | Path = default_path("published"), config: Mapping | None = None) -> RoundData:
    """Read a round's spec and result tables (relative paths stay relative)."""
    results_dir = Path(results) / round_id
    spec = load_round_spec(Path(raw) / round_id)
    inputs: list[Path] = []
    answers = read_csv(results_dir / "answers.csv")
    inputs.append(results_dir / "answers.csv")
    qa = _read_optional(results_dir / "qa.csv", inputs)
    qa_official = _read_optional(results_dir / "qa_official.csv", inputs)
    if not qa_official.empty:
        qa = pd.concat([qa, qa_official], ignore_index=True).drop_duplicates(ignore_index=True)
    data = RoundData(
        round_id=round_id,
        spec=spec,
        rule=DisclosureRule.from_config(config),
        answers=answers,
        qa=qa,
        statistics=_read_optional(results_dir / "statistics.csv", inputs),
        contributions=_read_optional(results_dir / "contributions.csv", inputs),
        reproduction=_read_optional(results_dir / "reproduction.csv", inputs),
        official_comparison=_read_optional(results_dir / "official_comparison.csv", inputs),
        coding_sheet=_read_optional(spec.coding_sheet, []),
    )
    data.inputs = round_inputs(round_id, results, raw, published)
    data.source = protection_cache.source_key([*data.inputs, spec.coding_sheet], data.rule)
    # Worked out by the protection rule from these same files (else None: worked out here).
    data._disclosure = protection_cache.load_stored(results_dir / protection_cache.STORED_FILE,
                                                    data.source)
    authority_disclosure(data)  # before any figure is read: it may withhold a national figure
    return data
