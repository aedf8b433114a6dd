"""didkit_shebao: verifiable credentials for 人社 / 社保 services.

The public API is what ``__all__`` lists; everything else is internal.
"""

from __future__ import annotations

from . import errors
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
    "EVMLedger",
    "Ed25519Key",
    "Ed25519PublicKey",
    "P256Key",
    "P256PublicKey",
    "ShebaoError",
    "__version__",
    "as_public_key",
    "errors",
    "jwk_thumbprint",
    "key_from_jwk",
    "key_from_multibase",
    "public_key_from_multibase",
]
