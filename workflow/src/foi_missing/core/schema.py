"""JSON Schema validation with messages a person can act on."""

from __future__ import annotations

import datetime
import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from foi_missing.core.paths import SCHEMA_DIR

# Optional format-checker backends that jsonschema imports when it is first
# imported: rfc3987_syntax compiles a grammar (about 1.5 s), isoduration pulls in
# arrow (0.1 s), the others take 20-30 ms together. Paid when the workflow is parsed
# (every run, a no-op included) and again in every job.
SLOW_FORMAT_BACKENDS = (
    "rfc3987_syntax", "isoduration", "rfc3987", "rfc3986_validator", "rfc3339_validator",
    "fqdn", "idna", "webcolors", "jsonpointer", "uri_template",
)


def _import_jsonschema():
    """jsonschema, imported without its slow optional format checkers.

    Our schemas use no ``format`` keyword and nothing here (nor Snakemake's
    ``validate``) passes a format checker, so those backends are hidden during
    the import: a ``None`` in ``sys.modules`` makes ``import`` raise ImportError,
    which jsonschema takes as "backend not installed" and skips that format.
    """
    if "jsonschema" in sys.modules:
        return sys.modules["jsonschema"]
    hidden = [name for name in SLOW_FORMAT_BACKENDS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None
    try:
        import jsonschema
    finally:
        for name in hidden:
            del sys.modules[name]
    return jsonschema


jsonschema = _import_jsonschema()

# libyaml's parser when PyYAML was built with it: the same documents, read about 20x
# faster than the pure-Python loader (round.yaml is read when the workflow is parsed).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(handle: Any) -> Any:
    """``yaml.safe_load`` with the fastest safe loader available."""
    return yaml.load(handle, Loader=YAML_LOADER)


class SchemaError(ValueError):
    """A document does not follow its schema; the message names file and key."""


@functools.cache
def _validator(name: str) -> Any:
    """The validator of a schema, built once per process (the schema files do not change)."""
    schema = load_schema(name)
    return jsonschema.validators.validator_for(schema)(schema)


def load_schema(name: str) -> dict[str, Any]:
    with open(SCHEMA_DIR / name, encoding="utf-8") as handle:
        return read_yaml(handle)


def _where(error: jsonschema.ValidationError) -> str:
    parts = [str(p) for p in error.absolute_path]
    return "/".join(parts) if parts else "(top level)"


ISO_DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _named_items(document: Any, error: jsonschema.ValidationError) -> str:
    """The list items on the error's path by the label or id a person wrote, so that
    ``questions/3/cohort`` also says ``question 2b``: nobody counts list items from 0."""
    names, value = [], document
    for part in error.absolute_path:
        try:
            value = value[part]
        except (LookupError, TypeError):
            break
        if isinstance(part, int) and isinstance(value, dict):
            name = next((value[key] for key in ("id", "label") if isinstance(value.get(key), str | int)), None)
            if name is not None:
                names.append(f"{str(error.absolute_path[0]).removesuffix('s')} {name}"
                             if len(names) == 0 else str(name))
    return f" ({', '.join(names)})" if names else ""


def _explain(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        return f"{error.message}; allowed keys here: {', '.join(allowed)}"
    if error.validator == "type" and error.validator_value == "string" and isinstance(
            error.instance, int | float | datetime.date) and not isinstance(error.instance, bool):
        # YAML reads an unquoted 2026-02-02 as a date and an unquoted 2025 as a number.
        what = "date" if isinstance(error.instance, datetime.date) else "number"
        return (f"write {error.instance} in quotes (\"{error.instance}\"): YAML reads it unquoted "
                f"as a {what}, and this key takes text")
    if error.validator == "pattern" and error.validator_value == ISO_DATE_PATTERN:
        return f"{error.instance!r} is not an ISO date (YYYY-MM-DD, such as 2026-02-02)"
    if error.validator == "pattern" and error.schema.get("description"):
        return f"{error.instance!r} is not a {error.schema['description']}"
    return error.message


# Where a setting was read from, given its key path ("disclosure/max_count").
Source = str | Path | Callable[[str], str]


def _source_of(source: Source, key: str) -> str:
    return source(key) if callable(source) else str(source)


def key_source(documents: Sequence[tuple[str, dict]], default: str = "config.yaml") -> Callable[[str], str]:
    """Which of several merged config documents set a key: the last one holding it.

    ``documents`` in the order Snakemake merges them: ``configfile:`` and
    ``--configfile`` files, then ``--config`` on the command line (name it so).
    A key none holds came from the schema's defaults: ``default`` is named.
    """
    def source(key: str) -> str:
        for name, document in reversed(documents):
            value: Any = document
            for part in key.split("/") if key not in ("", "(top level)") else []:
                value = value.get(part) if isinstance(value, dict) else None
            if value is not None:
                return name
        return default
    return source


def validate_document(document: Any, schema_name: str, source: Source) -> None:
    """Validate and raise SchemaError listing every problem with its key path and the file
    it was read from (``source``: a name, or :func:`key_source` for merged documents)."""
    errors = sorted(_validator(schema_name).iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        files = list(dict.fromkeys(_source_of(source, _where(e)) for e in errors))
        lines = [f"{', '.join(files)}: does not follow {schema_name}:"]
        lines += [f"  - at {_where(e)}{_named_items(document, e)}"
                  + (f" (in {_source_of(source, _where(e))})" if len(files) > 1 else "")
                  + f": {_explain(e)}" for e in errors]
        raise SchemaError("\n".join(lines))


def load_yaml_document(path: str | Path, schema_name: str, error_class: type[ValueError],
                       what: str, hint: str = "") -> Any:
    """Read a YAML file and validate it; every failure is ``error_class`` naming the file."""
    path = Path(path)
    if not path.exists():
        raise error_class(f"{path}: {what} not found{f' ({hint})' if hint else ''}")
    try:
        with open(path, encoding="utf-8") as handle:
            document = read_yaml(handle)
    except yaml.YAMLError as error:
        raise error_class(f"{path}: not valid YAML: {error}") from None
    try:
        validate_document(document, schema_name, path)
    except SchemaError as error:
        raise error_class(str(error)) from None
    return document


def config_meaning_problems(config: dict, source: Source = "config.yaml") -> list[str]:
    """Settings that follow the schema but would silently switch off a promise.

    The schema checks types; this checks what the values mean together, naming
    the key and the file it was read from (``source``: a name, or
    :func:`key_source` when several files and the command line were merged): a
    disclosure range that hides nothing, a blank symbol that makes a hidden cell
    look empty, an interval whose bounds are the wrong way round.
    """
    def where(key: str) -> str:
        return _source_of(source, key)

    from foi_missing.core.config import (
        with_defaults,  # config.py reads the schema through this module
    )

    config = with_defaults(config)
    problems = []
    disclosure = config["disclosure"]
    low, high = disclosure["min_count"], disclosure["max_count"]
    if isinstance(low, int) and isinstance(high, int):
        if high < 1:
            problems.append(f"{where('disclosure/max_count')}: disclosure/max_count is {high}: no count would be hidden "
                            "(the smallest count to hide is 1 or more)")
        elif high < low:
            low_where = where("disclosure/min_count")
            problems.append(f"{where('disclosure/max_count')}: disclosure/max_count {high} is below "
                            f"disclosure/min_count {low}"
                            + (f" (set in {low_where})" if low_where != where("disclosure/max_count") else "")
                            + ": no count would be hidden")
    symbol = disclosure["symbol"]
    if isinstance(symbol, str) and not symbol.strip():
        problems.append(f"{where('disclosure/symbol')}: disclosure/symbol is blank: a hidden cell would look empty, "
                        "not hidden")
    interval = config["suppression_default_interval"]
    if (isinstance(interval, list) and len(interval) == 2
            and all(isinstance(v, int) for v in interval) and interval[1] < interval[0]):
        problems.append(f"{where('suppression_default_interval')}: suppression_default_interval {interval}: the upper bound "
                        "is below the lower one")
    return problems


def check_config(config: dict, source: Source = "config.yaml") -> None:
    """Validate the pipeline config against its schema, then its meaning; SchemaError lists all."""
    validate_document(config, "config.schema.yaml", source)
    problems = config_meaning_problems(config, source)
    if problems:
        raise SchemaError("\n".join(problems))


def check_workflow_config(config: dict, workflow, main_file: str = "config.yaml") -> None:
    """:func:`check_config` on Snakemake's merged config, each problem naming where its key
    was set: ``config.yaml``, a ``--configfile``, or ``--config`` on the command line."""
    settings = workflow.config_settings
    documents = []
    for path in [main_file, *map(str, settings.configfiles)]:
        if Path(path).is_file():
            with open(path, encoding="utf-8") as handle:
                documents.append((path, yaml.safe_load(handle) or {}))
    if settings.config:
        documents.append(("--config (command line)", dict(settings.config)))
    check_config(config, key_source(documents, main_file))
