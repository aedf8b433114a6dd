"""Bundled JSON Schemas (draft 2020-12), resolved locally, never fetched.

The top-level ``schemas/`` folder is the source of truth; it ships inside the
package (``didkit_shebao/schemas``) and is read with :mod:`importlib.resources`.
References between schemas resolve through an immutable ``referencing``
registry built from those files only: an unknown ``$ref`` is an error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema
import referencing
import referencing.exceptions
from referencing.jsonschema import DRAFT202012

from .errors import SchemaValidationError, UnsupportedError

__all__ = ["bundled_registry", "bundled_schema", "bundled_schema_ids", "validate_with_schema"]


@lru_cache(maxsize=1)
def _bundled() -> tuple[referencing.Registry[Any], Mapping[str, Any]]:
    schemas: dict[str, Any] = {}
    folder = resources.files("didkit_shebao") / "schemas"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        schema = json.loads(entry.read_text(encoding="utf-8"))
        schemas[schema["$id"]] = schema
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(
        (sid, DRAFT202012.create_resource(s)) for sid, s in schemas.items()
    )
    return registry.crawl(), schemas


def bundled_registry() -> referencing.Registry[Any]:
    """The immutable registry of every bundled schema, keyed by ``$id``."""
    return _bundled()[0]


def bundled_schema_ids() -> tuple[str, ...]:
    """The ``$id`` of every bundled schema."""
    return tuple(sorted(_bundled()[1]))


def bundled_schema(schema_id: str) -> dict[str, Any] | None:
    """The bundled schema with this ``$id``, or ``None`` when none is bundled."""
    schema = _bundled()[1].get(schema_id)
    return None if schema is None else dict(schema)


@lru_cache(maxsize=64)
def _validator(schema_id: str) -> jsonschema.protocols.Validator:
    schema = _bundled()[1].get(schema_id)
    if schema is None:
        raise UnsupportedError(
            f"no bundled JSON Schema has $id {schema_id!r}; schemas are never fetched",
            f"没有 $id 为 {schema_id!r} 的内置 JSON Schema；本库不会联网获取 Schema",
        )
    return jsonschema.Draft202012Validator(
        schema,
        registry=bundled_registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def validate_with_schema(schema_id: str, instance: Any, *, what: str = "document") -> None:
    """Validate *instance* against the bundled schema *schema_id*.

    The error names the failing location and keyword, never the value found
    there (it may be personal data).
    """
    validator = _validator(schema_id)
    try:
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
    except referencing.exceptions.Unresolvable as exc:
        raise UnsupportedError(
            f"schema {schema_id} refers to a schema that is not bundled",
            f"Schema {schema_id} 引用了未内置的 Schema",
        ) from exc
    if error is None:
        return
    where = error.json_path
    raise SchemaValidationError(
        f"{what} does not match schema {schema_id}: at {where}, the '{error.validator}' "
        "rule fails; correct that member",
        f"{what} 不符合 Schema {schema_id}：位置 {where} 未满足 '{error.validator}' 规则；请修正该成员",
        details={"path": where, "keyword": str(error.validator), "schema": schema_id},
    )
