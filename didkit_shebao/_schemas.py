"""Bundled JSON Schemas: a local ``referencing`` registry and validation against it.

Internal module, shared by the formats layer (``vc`` validates a credential
whose ``credentialSchema`` names a bundled schema) and the domain layer
(``shebao`` builders validate what they build). It sits below both.

The schemas are the JSON files of the top-level ``schemas/`` folder, shipped
in the wheel as ``didkit_shebao/schemas/*.json`` and read with
:mod:`importlib.resources`. Each is identified by its ``$id``; ``$ref`` between
them resolve through an immutable :class:`referencing.Registry` built from the
bundled files only. Nothing is ever fetched: an unknown reference is an error.

Validation uses draft 2020-12 with format checking on. The ``date``,
``date-time`` and ``uri`` formats are checked here without optional
dependencies, and the domain formats ``gb11643-citizen-id``, ``gb32100-uscc``
and ``gbt2260-region`` run the check-character algorithms of
:mod:`didkit_shebao.shebao.ids` (imported lazily: it depends on nothing but
:mod:`didkit_shebao.errors`).

Error messages name the failing location and keyword, never the value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Final

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError, ValidationError, best_match
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from .errors import MalformedInputError, SchemaValidationError, UnsupportedError

__all__ = [
    "SCHEMA_ID_PREFIX",
    "bundled_registry",
    "bundled_schema",
    "bundled_schema_ids",
    "format_checker",
    "schema_registry",
    "validate_against",
    "validate_with_schema",
]

#: Every bundled schema's ``$id`` starts with this (identifiers only; never fetched).
SCHEMA_ID_PREFIX: Final = "https://didkit-shebao.example/schemas/"
_MAX_REPORTED: Final = 3

_RFC3339_DATETIME: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
_URI: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")
_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@lru_cache(maxsize=1)
def _bundled() -> Mapping[str, str]:
    """``$id`` -> raw JSON text of every bundled schema (read once; immutable)."""
    found: dict[str, str] = {}
    folder = resources.files("didkit_shebao").joinpath("schemas")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        text = entry.read_text(encoding="utf-8")
        schema_id = json.loads(text)["$id"]
        if schema_id in found:  # pragma: no cover - guarded by the schema tests
            raise RuntimeError(f"two bundled schemas share the $id {schema_id}")
        found[schema_id] = text
    return MappingProxyType(found)


def bundled_schema_ids() -> tuple[str, ...]:
    """The ``$id`` of every bundled schema, sorted."""
    return tuple(sorted(_bundled()))


def bundled_schema(schema_id: str) -> dict[str, Any] | None:
    """A fresh copy of the bundled schema whose ``$id`` is *schema_id*, or ``None``.

    A trailing ``#`` (an empty fragment) is ignored.
    """
    text = _bundled().get(schema_id.removesuffix("#")) if isinstance(schema_id, str) else None
    return None if text is None else dict(json.loads(text))


@lru_cache(maxsize=1)
def schema_registry() -> Registry[Any]:
    """An immutable :class:`referencing.Registry` holding every bundled schema.

    It never retrieves anything: a ``$ref`` outside the bundle is unresolvable.
    """
    resources_ = [
        (schema_id, Resource.from_contents(json.loads(text), default_specification=DRAFT202012))
        for schema_id, text in _bundled().items()
    ]
    return Registry().with_resources(resources_).crawl()


def bundled_registry() -> Registry[Any]:
    """The immutable registry of every bundled schema, keyed by ``$id`` (same as :func:`schema_registry`)."""
    return schema_registry()


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339_DATETIME.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI.fullmatch(value))


def _is_citizen_id(value: object) -> bool:
    from .shebao.ids import validate_citizen_id

    if not isinstance(value, str):
        return True
    try:
        validate_citizen_id(value)
    except MalformedInputError:
        return False
    return True


def _is_uscc(value: object) -> bool:
    from .shebao.ids import validate_uscc

    if not isinstance(value, str):
        return True
    try:
        validate_uscc(value)
    except MalformedInputError:
        return False
    return True


def _is_region(value: object) -> bool:
    from .shebao.ids import is_plausible_region_code

    return not isinstance(value, str) or value == "100000" or is_plausible_region_code(value)


def format_checker() -> FormatChecker:
    """A new :class:`jsonschema.FormatChecker` with the formats the bundled schemas use.

    It starts from jsonschema's default checkers and replaces or adds these:

    ``date``, ``date-time`` (RFC 3339, offset required) and ``uri`` are checked
    without optional dependencies; ``gb11643-citizen-id``, ``gb32100-uscc`` and
    ``gbt2260-region`` (six digits, plausible province prefix, or ``100000`` for
    the whole country) are the domain formats.
    """
    checker = FormatChecker()  # the jsonschema defaults, then ours take precedence
    checker.checks("date")(_is_date)
    checker.checks("date-time")(_is_datetime)
    checker.checks("uri")(_is_uri)
    checker.checks("gb11643-citizen-id")(_is_citizen_id)
    checker.checks("gb32100-uscc")(_is_uscc)
    checker.checks("gbt2260-region")(_is_region)
    return checker


_MAX_INLINE_DEPTH: Final = 32


def _resolve_pointer(document: Any, fragment: str) -> Any:
    node = document
    for raw in fragment.lstrip("/").split("/") if fragment.strip("/") else []:
        token = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def _inline(node: Any, base: str, depth: int = 0) -> Any:
    """*node* with every ``$ref`` into the bundle replaced by the schema it names.

    Validation then needs no reference lookups, which are most of jsonschema's
    cost for our small, non-recursive schemas. A ``$ref`` with sibling keywords
    becomes ``allOf: [<target>]`` next to them, which draft 2020-12 treats alike.
    """
    if depth > _MAX_INLINE_DEPTH:  # pragma: no cover - the bundled schemas are not recursive
        raise UnsupportedError("a bundled schema is recursive", "内置模式存在递归引用")
    if isinstance(node, list):
        return [_inline(item, base, depth) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _inline(value, base, depth) for key, value in node.items() if key != "$ref"}
    ref = node.get("$ref")
    if isinstance(ref, str):
        target_id, _, fragment = ref.partition("#")
        target_id = target_id or base
        document = bundled_schema(target_id)
        if document is None:
            raise UnsupportedError(
                "a bundled schema refers to a schema outside the bundle",
                "内置模式引用了包外的模式",
            )
        try:
            target = _resolve_pointer(document, fragment)
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            raise UnsupportedError(
                "a bundled schema has a dangling $ref", "内置模式存在无效的 $ref"
            ) from exc
        resolved = _inline(target, target_id, depth + 1)
        if len(out) == 0 or set(out) <= {"$schema"}:
            return {**out, **resolved} if isinstance(resolved, dict) else resolved
        out["allOf"] = [*out.get("allOf", []), resolved]
    return out


@lru_cache(maxsize=16)
def _validator(schema_id: str) -> Draft202012Validator:
    base, _, fragment = schema_id.partition("#")
    schema = bundled_schema(base)
    if schema is not None and fragment:
        # A JSON Pointer into a bundled schema, e.g. "…/v1#/$defs/subject".
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": schema_id}
        if not fragment.startswith("/"):
            schema = None
    if schema is not None:
        schema = _inline(schema, base)
    if schema is None:
        raise UnsupportedError(
            f"no bundled JSON Schema has the id {schema_id!r}; use one of bundled_schema_ids()",
            f"没有 id 为 {schema_id!r} 的内置 JSON Schema；请使用 bundled_schema_ids() 中的一个",
        )
    return Draft202012Validator(
        schema, registry=schema_registry(), format_checker=format_checker()
    )


def _describe(error: ValidationError) -> str:
    """Location and failing keyword of *error*, without the instance value."""
    where = error.json_path
    keyword = str(error.validator)
    if keyword == "required" and isinstance(error.instance, Mapping):
        wanted = error.validator_value if isinstance(error.validator_value, list) else []
        missing = [name for name in wanted if name not in error.instance]
        return f"{where}: missing {', '.join(map(str, missing))}"
    if keyword == "additionalProperties" and isinstance(error.instance, Mapping):
        return f"{where}: property not allowed here"
    if keyword == "format":
        return f"{where}: not a valid {error.validator_value}"
    return f"{where}: fails '{keyword}'"


def _leaves(error: ValidationError) -> list[ValidationError]:
    if error.context:
        return _leaves(best_match(error.context))
    return [error]


def validate_against(schema_id: str, document: object, *, what: str = "the document") -> None:
    """Validate *document* against the bundled schema *schema_id*.

    *schema_id* is a bundled ``$id``, optionally with a JSON Pointer fragment
    into it (``…/insurance-status-credential/v1#/$defs/subject``).

    Raises:
        UnsupportedError: no bundled schema has that id.
        SchemaValidationError: the document does not match; the message lists
            up to three failing locations (JSON paths) and keywords, never
            the offending values.
    """
    validator = _validator(schema_id.removesuffix("#"))
    try:
        errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path)))
    except Unresolvable as exc:  # pragma: no cover - the registry is closed and tested
        raise UnsupportedError(
            "a bundled schema refers to a schema outside the bundle",
            "内置模式引用了包外的模式",
        ) from exc
    except SchemaError as exc:  # pragma: no cover - every bundled schema is checked in tests
        raise UnsupportedError("a bundled schema is invalid", "内置模式无效") from exc
    if not errors:
        return
    reasons: list[str] = []
    for err in errors:
        for leaf in _leaves(err):
            reason = _describe(leaf)
            if reason not in reasons:
                reasons.append(reason)
    shown = "; ".join(reasons[:_MAX_REPORTED])
    more = f" (and {len(reasons) - _MAX_REPORTED} more)" if len(reasons) > _MAX_REPORTED else ""
    short_id = schema_id.removeprefix(SCHEMA_ID_PREFIX)
    raise SchemaValidationError(
        f"{what} does not match the JSON Schema {short_id}: {shown}{more}; fix those fields",
        f"{what} 不符合 JSON Schema {short_id}：{shown}{more}；请修正这些字段",
        details={"schema": schema_id, "errors": tuple(reasons)},
    )


def validate_with_schema(schema_id: str, instance: Any, *, what: str = "document") -> None:
    """Validate *instance* against the bundled schema *schema_id* (see :func:`validate_against`).

    The error names the failing locations and keywords, never the values found
    there (they may be personal data).
    """
    validate_against(schema_id, instance, what=what)
