"""The ``eddsa-jcs-2022`` cryptosuite (W3C Data Integrity EdDSA Cryptosuites v1.0, section 3.3).

Transformation is RFC 8785 canonical JSON; no JSON-LD processing is needed.
The proof configuration carries the document's ``@context`` and so does the
emitted proof.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, Final

from .._encoding import canonical_json

__all__ = ["NAME", "hash_data"]

NAME: Final = "eddsa-jcs-2022"


def hash_data(document: Mapping[str, Any], proof_config: Mapping[str, Any]) -> bytes:
    """``SHA-256(JCS(proofConfig)) || SHA-256(JCS(document))``: the 64 bytes Ed25519 signs."""
    return (
        hashlib.sha256(canonical_json(proof_config)).digest()
        + hashlib.sha256(canonical_json(document)).digest()
    )
