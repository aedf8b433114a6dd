"""Bundled JSON Schemas (draft 2020-12), resolved locally, never fetched.

The top-level ``schemas/`` folder is the source of truth; it ships inside the
package as ``didkit_shebao/schemas`` (a symlink in the source tree, package
data in the wheel) and is read with :mod:`importlib.resources`. Every
``*.json`` file there is a schema registered under its ``$id``; references
between them resolve through an immutable :class:`referencing.Registry` that
never retrieves anything remote.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from ._encoding import parse_json
from .errors import MalformedInputError, SchemaValidationError, UnsupportedError

__all__ = ["bundled_schemas", "schema_registry", "validate_json_schema"]


@lru_cache(maxsize=1)
def _load() -> Mapping[str, Any]:
    found: dict[str, Any] = {}
    root = resources.files("didkit_shebao") / "schemas"
    if not root.is_dir():
        return MappingProxyType(found)
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        schema = parse_json(entry.read_bytes(), what=f"schema {entry.name}")
        sid = schema.get("$id") if isinstance(schema, dict) else None
        if not isinstance(sid, str):
            raise MalformedInputError(  # pragma: no cover - guards a broken install
                f"bundled schema {entry.name} has no $id", f"内置模式 {entry.name} 缺少 $id"
            )
        found[sid] = schema
    return MappingProxyType(found)


def bundled_schemas() -> Mapping[str, Any]:
    """The bundled schemas, ``$id`` -> schema (read-only)."""
    return _load()


@lru_cache(maxsize=1)
def _registry() -> Registry[Any]:
    return Registry().with_resources(
        (sid, Resource.from_contents(schema, default_specification=DRAFT202012))
        for sid, schema in _load().items()
    )


def schema_registry() -> Registry[Any]:
    """An immutable registry of every bundled schema (nothing is retrieved remotely)."""
    return _registry()


def validate_json_schema(
    instance: Any, schema_id: str, *, extra: Mapping[str, Any] | None = None
) -> None:
    """Validate *instance* against the bundled (or *extra*) schema named *schema_id*.

    Uses draft 2020-12 with an explicit :class:`~jsonschema.FormatChecker`.
    Raises :class:`~didkit_shebao.errors.UnsupportedError` for an unknown
    schema and :class:`~didkit_shebao.errors.SchemaValidationError` naming the
    failing location (never the failing value).
    """
    registry = _registry()
    schemas = dict(_load())
    if extra:
        schemas.update(extra)
        registry = registry.with_resources(
            (sid, Resource.from_contents(s, default_specification=DRAFT202012))
            for sid, s in extra.items()
        )
    schema = schemas.get(schema_id)
    if schema is None:
        raise UnsupportedError(
            f"JSON Schema {schema_id!r} is not bundled; schemas are never downloaded",
            f"JSON Schema {schema_id!r} 未内置；本库从不下载模式",
            details={"schema": schema_id},
        )
    try:
        validator = Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())
        error = next(iter(validator.iter_errors(instance)), None)
    except (SchemaError, Unresolvable) as exc:
        raise MalformedInputError(
            f"JSON Schema {schema_id!r} is broken or refers to an unknown schema",
            f"JSON Schema {schema_id!r} 有误或引用了未知模式",
        ) from exc
    if error is not None:
        where = "/" + "/".join(str(p) for p in error.absolute_path)
        raise SchemaValidationError(
            f"the document does not match JSON Schema {schema_id!r} at {where} ({error.validator} check failed)",
            f"文档在 {where} 处不符合 JSON Schema {schema_id!r}（{error.validator} 检查未通过）",
            details={"schema": schema_id, "path": where, "validator": str(error.validator)},
        )
