"""The ``shebao-sm2-jcs-2026`` cryptosuite: ``ecdsa-jcs-2019`` with SM3 and SM2 (国密).

This project's own suite; no SM2 cryptosuite is registered with the W3C. It
follows W3C Data Integrity ECDSA Cryptosuites v1.0 section 3.3
(``ecdsa-jcs-2019``) step for step, with SM3 (GB/T 32905) where that suite
uses SHA-256 and an SM2 signature (GB/T 32918.2, distinguishing ID
``1234567812345678``) where it uses ECDSA. ``docs/sm2-cryptosuite.md`` is the
normative description.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .._encoding import canonical_json
from .._sm2 import sm3
from ..keys import SM2Key, SM2PublicKey

__all__ = ["NAME", "PRIVATE_KEY", "PUBLIC_KEY", "hash_data"]

NAME: Final = "shebao-sm2-jcs-2026"
#: The key classes this suite signs and verifies with.
PRIVATE_KEY: Final = SM2Key
PUBLIC_KEY: Final = SM2PublicKey


def hash_data(document: Mapping[str, Any], proof_config: Mapping[str, Any]) -> bytes:
    """``SM3(JCS(proofConfig)) || SM3(JCS(document))``: the 64 bytes SM2 signs (with Z_A)."""
    return sm3(canonical_json(proof_config)) + sm3(canonical_json(document))
