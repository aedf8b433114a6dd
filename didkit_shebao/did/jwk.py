"""did:jwk: a DID that is a base64url-encoded public JWK."""

from __future__ import annotations

from typing import Any

from .._encoding import b64url_decode, b64url_encode, canonical_json, parse_json
from ..errors import InvalidDIDError, ShebaoError
from ..keys import as_public_key, key_from_jwk
from .document import check_did

__all__ = ["did_jwk", "resolve_did_jwk"]


def did_jwk(key: object) -> str:
    """The did:jwk for a key, a public key, a public JWK or a publicKeyMultibase.

    The JWK is serialized canonically (RFC 8785), so a key always yields the same DID.
    """
    jwk = as_public_key(key).public_jwk
    return "did:jwk:" + b64url_encode(canonical_json(jwk))


def resolve_did_jwk(did: str) -> dict[str, Any]:
    """The DID document of a did:jwk (one ``#0`` verification method)."""
    method, msid = check_did(did)
    if method != "jwk":
        raise InvalidDIDError("not a did:jwk", "不是 did:jwk")
    try:
        jwk = parse_json(b64url_decode(msid, what="did:jwk value"), what="did:jwk JWK")
        if not isinstance(jwk, dict) or "d" in jwk:
            raise InvalidDIDError(
                "did:jwk must encode a public JWK object (no 'd')",
                "did:jwk 必须编码公钥 JWK 对象（不得包含 'd'）",
            )
        key_from_jwk(jwk)
    except InvalidDIDError:
        raise
    except ShebaoError as exc:
        raise InvalidDIDError(
            "did:jwk does not encode a supported public JWK (OKP/Ed25519, EC/P-256 or EC/SM2)",
            "did:jwk 未编码受支持的公钥 JWK（OKP/Ed25519、EC/P-256 或 EC/SM2）",
            details={"cause": exc.code},
        ) from exc
    vm_id = f"{did}#0"
    use = jwk.get("use")
    doc: dict[str, Any] = {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/suites/jws-2020/v1",
        ],
        "id": did,
        "verificationMethod": [
            {"id": vm_id, "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": jwk}
        ],
    }
    if use != "enc":
        for rel in (
            "assertionMethod",
            "authentication",
            "capabilityInvocation",
            "capabilityDelegation",
        ):
            doc[rel] = [vm_id]
    if use != "sig":
        doc["keyAgreement"] = [vm_id]
    return doc
