"""The configuration and round specifications fail loudly and readably."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from foi_missing.core.roundspec import RoundSpecError, load_round_spec
from foi_missing.core.schema import SchemaError, validate_document

ROUND_IDS = ["2014-15", "2017"]


def test_shipped_config_is_valid(repo_root: Path) -> None:
    config = yaml.safe_load((repo_root / "config.yaml").read_text())
    validate_document(config, "config.schema.yaml", "config.yaml")


def test_unknown_config_key_is_named(repo_root: Path) -> None:
    config = yaml.safe_load((repo_root / "config.yaml").read_text())
    config["stirct"] = True
    with pytest.raises(SchemaError) as error:
        validate_document(config, "config.schema.yaml", "config.yaml")
    message = str(error.value)
    assert "config.yaml" in message and "'stirct'" in message and "strict" in message


def test_wrong_type_names_the_key(repo_root: Path) -> None:
    config = yaml.safe_load((repo_root / "config.yaml").read_text())
    config["disclosure"]["max_count"] = "four"
    with pytest.raises(SchemaError, match=r"at disclosure/max_count"):
        validate_document(config, "config.schema.yaml", "config.yaml")


@pytest.mark.parametrize("round_id", ROUND_IDS)
def test_round_specs_load(repo_root: Path, round_id: str) -> None:
    spec = load_round_spec(repo_root / "data" / "raw" / round_id)
    assert spec.round_id == round_id
    assert spec.reconstructed and spec.wording_reconstructed
    assert spec.date_sent < spec.reply_cutoff
    for question in spec.questions:
        assert question.cohort in {"trafficked", "uasc"}
        spec.period(question.period)


def test_2014_15_codebook(repo_root: Path) -> None:
    spec = load_round_spec(repo_root / "data" / "raw" / "2014-15")
    assert len(spec.questions) == 8
    pairs = {(q.cohort, q.measure) for q in spec.questions}
    assert len(pairs) == 8  # every cohort x measure exactly once
    (period,) = spec.periods
    assert (period.start.isoformat(), period.end.isoformat()) == ("2014-09-01", "2015-08-31")


def test_2017_codebook_has_sub_cohorts(repo_root: Path) -> None:
    spec = load_round_spec(repo_root / "data" / "raw" / "2017")
    assert spec.question("1a").sub_cohort == "identified"
    assert spec.question("1b").sub_cohort == "suspected"
    assert spec.question("2b").cohort == "uasc"


def _spec_copy(repo_root: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "2014-15"
    folder.mkdir()
    shutil.copy(repo_root / "data" / "raw" / "2014-15" / "round.yaml", folder)
    return folder / "round.yaml"


def test_bad_measure_is_reported_with_its_place(repo_root: Path, tmp_path: Path) -> None:
    path = _spec_copy(repo_root, tmp_path)
    spec = yaml.safe_load(path.read_text())
    spec["questions"][2]["measure"] = "episodes"
    path.write_text(yaml.safe_dump(spec))
    with pytest.raises(RoundSpecError) as error:
        load_round_spec(path)
    assert str(path) in str(error.value) and "questions/2/measure" in str(error.value)


def test_unknown_period_is_reported(repo_root: Path, tmp_path: Path) -> None:
    path = _spec_copy(repo_root, tmp_path)
    spec = yaml.safe_load(path.read_text())
    spec["questions"][0]["period"] = "2016"
    path.write_text(yaml.safe_dump(spec))
    with pytest.raises(RoundSpecError, match="names period '2016'"):
        load_round_spec(path)


def test_missing_spec_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(RoundSpecError, match="round specification not found"):
        load_round_spec(tmp_path)


def test_published_figures_are_never_read_by_the_computation(repo_root: Path) -> None:
    """Published numbers are for comparison only: no computing module may open them.

    reproduction.py compares; report.py only lists the file among the inputs
    whose checksums the report's footer prints.
    """
    package = repo_root / "workflow" / "src" / "foi_missing"
    computing = [*(package / "ingest").rglob("*.py"), *(package / "statistics").glob("*.py"),
                 *(package / "publication").glob("figure*.py")]
    computing = [path for path in computing if path.name != "reproduction.py"]
    assert len(computing) > 30
    for path in computing:
        assert "data/published" not in path.read_text(), f"{path.relative_to(package)} reads data/published"
