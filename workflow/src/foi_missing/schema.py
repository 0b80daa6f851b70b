"""JSON Schema validation with messages a person can act on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import yaml

from foi_missing.paths import SCHEMA_DIR


class SchemaError(ValueError):
    """A document does not follow its schema; the message names file and key."""


def load_schema(name: str) -> dict[str, Any]:
    with open(SCHEMA_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _where(error: jsonschema.ValidationError) -> str:
    parts = [str(p) for p in error.absolute_path]
    return "/".join(parts) if parts else "(top level)"


def _explain(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        return f"{error.message}; allowed keys here: {', '.join(allowed)}"
    return error.message


def validate_document(document: Any, schema_name: str, source: str | Path) -> None:
    """Validate and raise SchemaError listing every problem with its key path."""
    validator_cls = jsonschema.validators.validator_for(load_schema(schema_name))
    validator = validator_cls(load_schema(schema_name))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        lines = [f"{source}: does not follow {schema_name}:"]
        lines += [f"  - at {_where(e)}: {_explain(e)}" for e in errors]
        raise SchemaError("\n".join(lines))
