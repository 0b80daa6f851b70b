"""Config defaults are written once, in the config schema, and read from there."""

from __future__ import annotations

from foi_missing.core.config import (
    config_defaults,
    default_path,
    default_suppression_interval,
    with_defaults,
)
from foi_missing.core.schema import load_schema


def test_defaults_are_the_schemas() -> None:
    schema = load_schema("config.schema.yaml")["properties"]
    defaults = config_defaults()
    assert defaults["paths"] == {key: node["default"] for key, node in schema["paths"]["properties"].items()}
    assert defaults["disclosure"] == {key: node["default"]
                                      for key, node in schema["disclosure"]["properties"].items()}
    assert defaults["strict"] is schema["strict"]["default"]
    assert "rounds" not in defaults  # required, no default


def test_a_given_key_wins_and_the_rest_come_from_the_schema() -> None:
    filled = with_defaults({"rounds": ["2017"], "paths": {"results": "elsewhere"}, "disclosure": {"max_count": 9}})
    assert filled["paths"]["results"] == "elsewhere"
    assert filled["paths"]["raw"] == default_path("raw")
    assert filled["disclosure"]["max_count"] == 9
    assert filled["disclosure"]["min_count"] == config_defaults()["disclosure"]["min_count"]
    assert filled["rounds"] == ["2017"]


def test_defaults_cannot_be_changed_by_a_caller() -> None:
    config_defaults()["paths"]["raw"] = "changed"
    assert default_path("raw") != "changed"
    low, high = default_suppression_interval()
    assert 0 <= low <= high
