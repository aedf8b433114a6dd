"""The bundled JSON Schemas of the domain, and validation of credentials against them.

The generic machinery (registry, format checker, :func:`validate_against`) is
in :mod:`didkit_shebao._schemas` so that the formats layer can use it too; this
module adds what the domain knows: which schema belongs to which credential
type and ``vct``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from .._schemas import (
    bundled_schema,
    bundled_schema_ids,
    format_checker,
    schema_registry,
    validate_against,
)
from ..errors import SchemaValidationError, UnsupportedError
from ._common import schema_id
from .insurance import INSURANCE_STATUS_VCT
from .qualification import PROFESSIONAL_TITLE_VCT, SKILL_LEVEL_VCT

__all__ = [
    "CREDENTIAL_SCHEMAS",
    "SD_JWT_SCHEMAS",
    "VCT_CREDENTIAL_TYPES",
    "bundled_schema",
    "bundled_schema_ids",
    "credential_type_for_vct",
    "format_checker",
    "schema_registry",
    "validate_against",
    "validate_credential",
    "validate_sd_jwt_claims",
]

#: Credential type -> ``$id`` of its bundled schema.
CREDENTIAL_SCHEMAS: Final = MappingProxyType(
    {
        "InsuranceStatusCredential": schema_id("insurance-status-credential"),
        "ProfessionalTitleCredential": schema_id("professional-title-credential"),
        "SkillLevelCredential": schema_id("skill-level-credential"),
        "AccreditationCredential": schema_id("accreditation-credential"),
    }
)
#: SD-JWT VC ``vct`` -> ``$id`` of the schema of its claim set.
SD_JWT_SCHEMAS: Final = MappingProxyType(
    {
        INSURANCE_STATUS_VCT: schema_id("insurance-status-sd-jwt"),
        PROFESSIONAL_TITLE_VCT: schema_id("professional-title-sd-jwt"),
        SKILL_LEVEL_VCT: schema_id("skill-level-sd-jwt"),
    }
)
#: SD-JWT VC ``vct`` -> the credential type it stands for in trust decisions.
VCT_CREDENTIAL_TYPES: Final = MappingProxyType(
    {
        INSURANCE_STATUS_VCT: "InsuranceStatusCredential",
        PROFESSIONAL_TITLE_VCT: "ProfessionalTitleCredential",
        SKILL_LEVEL_VCT: "SkillLevelCredential",
    }
)


def credential_type_for_vct(vct: str) -> str | None:
    """The credential type a ``vct`` stands for (``InsuranceStatusCredential`` …), or ``None``."""
    return VCT_CREDENTIAL_TYPES.get(vct) if isinstance(vct, str) else None


def _schema_entries(vc: Mapping[str, Any]) -> list[Any]:
    entries = vc.get("credentialSchema")
    if entries is None:
        return []
    return list(entries) if isinstance(entries, list) else [entries]


def validate_credential(vc: object) -> tuple[str, ...]:
    """Validate a W3C credential (signed or not) against the bundled schemas that apply.

    A schema applies when ``credentialSchema`` names it (type ``JsonSchema``)
    or when the credential's ``type`` lists a domain type; each applicable
    schema is checked once.

    Returns:
        The ``$id`` of every schema checked.

    Raises:
        SchemaValidationError: the credential fails a schema, or no bundled
            schema applies to it.
        UnsupportedError: ``credentialSchema`` names a schema that is not
            bundled, or a type other than ``JsonSchema`` (nothing is fetched).
    """
    if not isinstance(vc, Mapping):
        raise SchemaValidationError("the credential must be a JSON object", "凭证必须是 JSON 对象")
    ids: list[str] = []
    for entry in _schema_entries(vc):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
            raise SchemaValidationError(
                "credentialSchema entries must be objects with an id and a type",
                "credentialSchema 条目必须是含 id 与 type 的对象",
            )
        if entry.get("type") != "JsonSchema":
            raise UnsupportedError(
                "only credentialSchema entries of type JsonSchema are supported",
                "仅支持类型为 JsonSchema 的 credentialSchema 条目",
            )
        if bundled_schema(entry["id"]) is None:
            raise UnsupportedError(
                "credentialSchema names a schema that is not bundled with didkit_shebao; schemas are never fetched",
                "credentialSchema 引用了未内置的模式；本库不会下载模式",
            )
        ids.append(entry["id"].removesuffix("#"))
    types = vc.get("type")
    for name in types if isinstance(types, list) else [types]:
        if isinstance(name, str) and name in CREDENTIAL_SCHEMAS:
            ids.append(CREDENTIAL_SCHEMAS[name])
    checked = tuple(dict.fromkeys(ids))
    if not checked:
        raise SchemaValidationError(
            "no bundled JSON Schema applies to this credential (no known type or credentialSchema)",
            "没有适用于该凭证的内置 JSON Schema（类型与 credentialSchema 均未知）",
        )
    for sid in checked:
        validate_against(sid, vc)
    return checked


def validate_sd_jwt_claims(claims: object, *, vct: str) -> str:
    """Validate an SD-JWT VC claim set (full, or a verified payload) of one of our ``vct``.

    Returns:
        The ``$id`` of the schema checked.

    Raises:
        UnsupportedError: *vct* is not one of ours.
        SchemaValidationError: the claims fail the schema.
    """
    sid = SD_JWT_SCHEMAS.get(vct) if isinstance(vct, str) else None
    if sid is None:
        raise UnsupportedError(
            "no bundled claim-set schema for this vct", "该 vct 没有内置的声明集模式"
        )
    validate_against(sid, claims)
    return sid
