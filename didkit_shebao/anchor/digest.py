"""What to anchor: the SHA-256 digest of a signed artifact's exact bytes.

A log entry is a 32-byte digest. Only signed, high-entropy artifacts are
digested here, never personal data on its own: a bare hash of a citizen ID
number or a birth date can be reversed by trying every possible value (there
are only about 10^11 valid GB 11643 numbers), and a ledger is public and
permanent. A signed artifact carries a 64-byte signature (and SD-JWT
disclosures carry 128-bit salts), so its digest reveals nothing.

Accepted artifacts and the bytes that are hashed:

======================================  =============================================
artifact                                bytes hashed
======================================  =============================================
SD-JWT (``<jwt>~<disclosure>~…``)       the issuer-signed JWT (before the first ``~``),
                                        which every presentation repeats verbatim
compact JWS / JWT (status-list token)   the whole compact string (ASCII)
signed JSON (has ``proof``): a Data     RFC 8785 canonical JSON of the document
Integrity credential, status-list
credential, accreditation
DID document (``id`` is a DID)          RFC 8785 canonical JSON of the document
======================================  =============================================

Anything else (unsigned JSON, free text) is refused with
:class:`~didkit_shebao.errors.MalformedInputError`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from .._encoding import canonical_json, parse_json
from .._jws import parse_jws
from ..errors import MalformedInputError

__all__ = ["anchor_digest_of"]


def _refuse() -> MalformedInputError:
    return MalformedInputError(
        "only signed artifacts can be anchored: an SD-JWT, a compact JWS, a JSON document "
        "with a proof, or a DID document; never hash personal data on its own",
        "只能锚定已签名的制品：SD-JWT、紧凑 JWS、带 proof 的 JSON 文档或 DID 文档；"
        "切勿单独对个人数据取哈希",
    )


def _is_did_document(doc: Mapping[str, Any]) -> bool:
    did = doc.get("id")
    return (
        isinstance(did, str)
        and did.startswith("did:")
        and ("verificationMethod" in doc or "@context" in doc)
    )


def _digest_json(doc: Mapping[str, Any]) -> bytes:
    if "proof" not in doc and not _is_did_document(doc):
        raise _refuse()
    return hashlib.sha256(canonical_json(dict(doc))).digest()


def _digest_compact(text: str) -> bytes:
    jwt = text.split("~", 1)[0]
    if not jwt or not jwt.isascii():
        raise _refuse()
    try:
        parse_jws(jwt, what="signed artifact")
    except MalformedInputError as exc:
        raise _refuse() from exc
    return hashlib.sha256(jwt.encode("ascii")).digest()


def anchor_digest_of(artifact: str | bytes | Mapping[str, Any]) -> bytes:
    """The 32-byte digest to anchor for a signed *artifact* (see the module table).

    *artifact* is a compact SD-JWT or JWS string, a signed JSON document or
    DID document (a mapping, or its JSON text or bytes).
    """
    if isinstance(artifact, bytes | bytearray):
        try:
            artifact = bytes(artifact).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _refuse() from exc
    if isinstance(artifact, str):
        text = artifact.strip()
        if text.startswith("{"):
            doc = parse_json(text, what="artifact")
            if not isinstance(doc, dict):  # pragma: no cover - starts with "{"
                raise _refuse()
            return _digest_json(doc)
        return _digest_compact(text)
    if isinstance(artifact, Mapping):
        return _digest_json(artifact)
    raise _refuse()
