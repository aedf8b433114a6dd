"""didkit_shebao: verifiable credentials for 人社 / 社保 services.

The public API is what ``__all__`` lists; everything else is internal.
"""

from __future__ import annotations

from . import errors, keystore
from .did import (
    DIDResolver,
    VerificationMethod,
    did_jwk,
    did_key,
    did_web_document,
    did_web_url,
    resolve_did,
)
from .errors import ShebaoError
from .keys import (
    Ed25519Key,
    Ed25519PublicKey,
    P256Key,
    P256PublicKey,
    as_public_key,
    jwk_thumbprint,
    key_from_jwk,
    key_from_multibase,
    public_key_from_multibase,
)
from .ledgers.evm import EVMLedger

__version__ = "0.1.0"

__all__ = [
    "DIDResolver",
    "EVMLedger",
    "Ed25519Key",
    "Ed25519PublicKey",
    "P256Key",
    "P256PublicKey",
    "ShebaoError",
    "VerificationMethod",
    "__version__",
    "as_public_key",
    "did_jwk",
    "did_key",
    "did_web_document",
    "did_web_url",
    "errors",
    "jwk_thumbprint",
    "key_from_jwk",
    "key_from_multibase",
    "keystore",
    "public_key_from_multibase",
    "resolve_did",
]
