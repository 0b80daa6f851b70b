"""The pipeline configuration's defaults, read from its JSON Schema.

``workflow/schemas/config.schema.yaml`` is the one place a default is written:
Snakemake's ``validate`` fills them into ``config``, and code called without a
config (tests, tools, a notebook run by hand) takes them from here.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from typing import Any

from foi_missing.core.schema import load_schema

CONFIG_SCHEMA = "config.schema.yaml"


def _defaults_of(schema: Mapping[str, Any]) -> Any:
    """The default a schema node gives, with the defaults of an object's properties filled in."""
    properties = schema.get("properties")
    if schema.get("type") == "object" and properties:
        filled = dict(schema.get("default") or {})
        for key, child in properties.items():
            value = _defaults_of(child)
            if value is not None and key not in filled:
                filled[key] = value
        return filled
    return copy.deepcopy(schema.get("default"))


@functools.cache
def _schema_defaults() -> dict[str, Any]:
    return _defaults_of(load_schema(CONFIG_SCHEMA))


def config_defaults() -> dict[str, Any]:
    """Every key the schema gives a default, nested as in config.yaml (a fresh copy)."""
    return copy.deepcopy(_schema_defaults())


def with_defaults(config: Mapping[str, Any] | None) -> dict[str, Any]:
    """``config`` with every key it leaves out taken from the schema's defaults (one level of
    nesting, as the schema has: ``paths``, ``disclosure``)."""
    filled = config_defaults()
    for key, value in (config or {}).items():
        if isinstance(value, Mapping) and isinstance(filled.get(key), dict):
            filled[key] = {**filled[key], **value}
        else:
            filled[key] = value
    return filled


def default_path(name: str) -> str:
    """A folder's default location (``paths`` in config.yaml: raw, reference, published,
    results, publish), relative to the repository root."""
    return _schema_defaults()["paths"][name]


def default_suppression_interval() -> tuple[int, int]:
    """The interval of a withheld small number that states no bound."""
    low, high = _schema_defaults()["suppression_default_interval"]
    return int(low), int(high)
