"""did:key (W3C CCG did:key v0.9) for Ed25519, P-256 and SM2 Multikeys.

Resolution is pure computation. An Ed25519 DID gets an X25519
key-agreement method derived from it, as the did:key specification says.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any, Final

from ..errors import InvalidDIDError, ShebaoError
from ..keys import Ed25519PublicKey, as_public_key, public_key_from_multibase
from .document import check_did

__all__ = ["did_key", "resolve_did_key"]

_CONTEXT: Final = ["https://www.w3.org/ns/did/v1.1"]


def did_key(key: object) -> str:
    """The did:key for a key, a public key, a public JWK or a publicKeyMultibase."""
    return "did:key:" + as_public_key(key).public_multibase


@lru_cache(maxsize=512)
def _document(did: str) -> dict[str, Any]:
    method, msid = check_did(did)
    if method != "key":
        raise InvalidDIDError("not a did:key", "不是 did:key")
    try:
        public = public_key_from_multibase(msid)
        x25519 = public.x25519_public_multibase() if isinstance(public, Ed25519PublicKey) else None
    except ShebaoError as exc:
        raise InvalidDIDError(
            "did:key does not carry a supported Multikey (Ed25519 'z6Mk…', P-256 'zDn…' "
            "or SM2 'zEPJ…')",
            "did:key 未包含受支持的 Multikey（Ed25519 'z6Mk…'、P-256 'zDn…' 或 SM2 'zEPJ…'）",
            details={"cause": exc.code},
        ) from exc
    vm_id = f"{did}#{msid}"
    doc: dict[str, Any] = {
        "@context": list(_CONTEXT),
        "id": did,
        "verificationMethod": [
            {"id": vm_id, "type": "Multikey", "controller": did, "publicKeyMultibase": msid}
        ],
        "authentication": [vm_id],
        "assertionMethod": [vm_id],
        "capabilityDelegation": [vm_id],
        "capabilityInvocation": [vm_id],
    }
    if x25519 is not None:
        doc["keyAgreement"] = [
            {
                "id": f"{did}#{x25519}",
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": x25519,
            }
        ]
    return doc


def resolve_did_key(did: str) -> dict[str, Any]:
    """The DID document of a did:key (a fresh copy each call)."""
    return copy.deepcopy(_document(did))
