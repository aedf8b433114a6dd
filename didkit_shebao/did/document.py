"""DID documents: syntax checks, verification methods and their lookup.

Follows DID Core 1.0 and W3C Controlled Identifiers 1.0 ("retrieve
verification method"): a method is usable for a purpose only when the
document lists it under that verification relationship, and its
``controller`` must be the document's subject.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from .._schemas import validate_with_schema
from ..errors import InvalidDIDError, MalformedInputError, ProofError, UnsupportedError
from ..keys import PublicKey, key_from_jwk, public_key_from_multibase

__all__ = [
    "DID_DOCUMENT_SCHEMA_ID",
    "RELATIONSHIPS",
    "VerificationMethod",
    "check_did",
    "find_verification_method",
    "parse_verification_method",
    "split_did_url",
    "validate_did_document",
]

DID_DOCUMENT_SCHEMA_ID: Final = "https://didkit-shebao.example/schemas/did-document/v1.json"

#: Verification relationships of DID Core 1.0.
RELATIONSHIPS: Final = (
    "authentication",
    "assertionMethod",
    "keyAgreement",
    "capabilityInvocation",
    "capabilityDelegation",
)

# DID Core 1.0 section 3.1 ABNF: did:<method-name>:<method-specific-id>
_DID_RE: Final = re.compile(
    r"did:([a-z0-9]+):((?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2}|:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2}))"
)
_MAX_DID_LENGTH: Final = 4096


def check_did(did: object) -> tuple[str, str]:
    """Return ``(method, method-specific id)``; raise :class:`InvalidDIDError` otherwise."""
    if not isinstance(did, str) or len(did) > _MAX_DID_LENGTH:
        raise InvalidDIDError(
            "a DID must be a string of at most 4096 characters",
            "DID 必须是不超过 4096 个字符的字符串",
        )
    m = _DID_RE.fullmatch(did)
    if m is None:
        raise InvalidDIDError(
            "the value is not a DID (expected did:<method>:<id>, without path, query or fragment)",
            "该值不是 DID（应为 did:<方法>:<标识>，不含路径、查询或片段）",
        )
    return m.group(1), m.group(2)


def split_did_url(url: object) -> tuple[str, str]:
    """Split ``did…#fragment`` into ``(did, fragment)``; the fragment is required."""
    if not isinstance(url, str) or "#" not in url:
        raise MalformedInputError(
            "a verification method must be a DID URL with a fragment (did:…#key-1); "
            "a bare DID names no key",
            "验证方法必须是带片段的 DID URL（did:…#key-1）；裸 DID 不指向具体密钥",
        )
    did, _, fragment = url.partition("#")
    check_did(did)
    if not fragment:
        raise MalformedInputError("the DID URL has an empty fragment", "DID URL 的片段为空")
    return did, fragment


@dataclass(frozen=True, slots=True)
class VerificationMethod:
    """A verification method with its parsed public key."""

    id: str
    type: str
    controller: str
    public_key: PublicKey
    raw: Mapping[str, Any] = field(repr=False, compare=False)


_MULTIBASE_TYPES: Final = frozenset({"Multikey", "Ed25519VerificationKey2020"})
_JWK_TYPES: Final = frozenset({"JsonWebKey", "JsonWebKey2020"})


def parse_verification_method(raw: Mapping[str, Any], *, base: str) -> VerificationMethod:
    """Parse one verification method object; relative ids resolve against *base* (a DID)."""
    if not isinstance(raw, Mapping):
        raise MalformedInputError(
            "a verification method must be a JSON object", "验证方法必须是 JSON 对象"
        )
    vm_id, vm_type, controller = raw.get("id"), raw.get("type"), raw.get("controller")
    if (
        not isinstance(vm_id, str)
        or not isinstance(vm_type, str)
        or not isinstance(controller, str)
    ):
        raise MalformedInputError(
            "a verification method needs string 'id', 'type' and 'controller'",
            "验证方法需要字符串类型的 'id'、'type' 与 'controller'",
        )
    absolute = base + vm_id if vm_id.startswith("#") else vm_id
    key: PublicKey
    if vm_type in _MULTIBASE_TYPES:
        if "publicKeyMultibase" not in raw:
            raise MalformedInputError(
                f"{vm_type} verification method has no publicKeyMultibase",
                f"{vm_type} 验证方法缺少 publicKeyMultibase",
            )
        key = public_key_from_multibase(raw["publicKeyMultibase"])
        if vm_type == "Ed25519VerificationKey2020" and key.alg != "EdDSA":
            raise MalformedInputError(
                "Ed25519VerificationKey2020 must hold an Ed25519 key",
                "Ed25519VerificationKey2020 必须包含 Ed25519 密钥",
            )
    elif vm_type in _JWK_TYPES:
        jwk = raw.get("publicKeyJwk")
        if not isinstance(jwk, Mapping) or "d" in jwk:
            raise MalformedInputError(
                "publicKeyJwk must be a public JWK (no 'd')",
                "publicKeyJwk 必须是公钥 JWK（不得包含 'd'）",
            )
        key = key_from_jwk(jwk).public_key
    else:
        raise UnsupportedError(
            f"verification method type {vm_type!r} is not supported; use Multikey or JsonWebKey",
            f"不支持验证方法类型 {vm_type!r}；请使用 Multikey 或 JsonWebKey",
        )
    return VerificationMethod(absolute, vm_type, controller, key, dict(raw))


def _absolute(ref: str, base: str) -> str:
    return base + ref if ref.startswith("#") else ref


def find_verification_method(
    document: Mapping[str, Any], vm_id: str, *, relationship: str | None = None
) -> VerificationMethod:
    """Find *vm_id* in *document*, checking it is listed under *relationship*."""
    doc_id = document.get("id")
    if not isinstance(doc_id, str):
        raise MalformedInputError("the DID document has no 'id'", "DID 文档缺少 'id'")
    if relationship is not None and relationship not in RELATIONSHIPS:
        raise UnsupportedError(
            f"{relationship!r} is not a verification relationship; use one of {', '.join(RELATIONSHIPS)}",
            f"{relationship!r} 不是验证关系；请使用 {', '.join(RELATIONSHIPS)} 之一",
        )
    candidates: list[Any] = list(document.get("verificationMethod") or [])
    for rel in RELATIONSHIPS:
        candidates += [e for e in document.get(rel) or [] if isinstance(e, Mapping)]
    found: Mapping[str, Any] | None = None
    for entry in candidates:
        if (
            isinstance(entry, Mapping)
            and isinstance(entry.get("id"), str)
            and _absolute(entry["id"], doc_id) == vm_id
        ):
            found = entry
            break
    if found is None:
        raise ProofError(
            f"verification method {vm_id} is not in the DID document of {doc_id}",
            f"DID 文档 {doc_id} 中没有验证方法 {vm_id}",
            code="verification_method_not_found",
        )
    if relationship is not None:
        listed = False
        for entry in document.get(relationship) or []:
            ref = (
                entry
                if isinstance(entry, str)
                else entry.get("id")
                if isinstance(entry, Mapping)
                else None
            )
            if isinstance(ref, str) and _absolute(ref, doc_id) == vm_id:
                listed = True
                break
        if not listed:
            raise ProofError(
                f"verification method {vm_id} is not authorized for {relationship}",
                f"验证方法 {vm_id} 未被授权用于 {relationship}",
                code="verification_method_not_authorized",
            )
    method = parse_verification_method(found, base=doc_id)
    if method.controller != doc_id:
        raise ProofError(
            f"verification method {vm_id} is controlled by {method.controller}, not by {doc_id}",
            f"验证方法 {vm_id} 的控制者是 {method.controller}，而非 {doc_id}",
            code="verification_method_controller_mismatch",
        )
    return method


def validate_did_document(document: Any, *, did: str | None = None) -> dict[str, Any]:
    """Check a DID document's structure (bundled schema) and, if given, its ``id``."""
    validate_with_schema(DID_DOCUMENT_SCHEMA_ID, document, what="DID document")
    if did is not None and document["id"] != did:
        raise MalformedInputError(
            f"the DID document's id is {document['id']}, not the requested {did}",
            f"DID 文档的 id 为 {document['id']}，与请求的 {did} 不符",
        )
    return dict(document)
