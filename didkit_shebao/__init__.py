"""didkit_shebao: verifiable credentials for 人社 / 社保 services.

The public API is what ``__all__`` lists; everything else is internal.
"""

from __future__ import annotations

from . import errors, keystore
from .anchor import (
    Anchorer,
    AnchorStore,
    Checkpoint,
    Receipt,
    VerifiedReceipt,
    anchor_digest_of,
    consistency_proof,
    format_verifier_key,
    inclusion_proof,
    merkle_root,
    verify_checkpoint,
    verify_consistency,
    verify_inclusion,
    verify_receipt,
)
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
from .ledgers import (
    AnchorStatus,
    EVMLedger,
    Ledger,
    LedgerRef,
    MemoryLedger,
    SQLiteLedger,
    open_ledger,
)

__version__ = "0.1.0"

__all__ = [
    "AnchorStatus",
    "AnchorStore",
    "Anchorer",
    "Checkpoint",
    "DIDResolver",
    "EVMLedger",
    "Ed25519Key",
    "Ed25519PublicKey",
    "Ledger",
    "LedgerRef",
    "MemoryLedger",
    "P256Key",
    "P256PublicKey",
    "Receipt",
    "SQLiteLedger",
    "ShebaoError",
    "VerificationMethod",
    "VerifiedReceipt",
    "__version__",
    "anchor_digest_of",
    "as_public_key",
    "consistency_proof",
    "did_jwk",
    "did_key",
    "did_web_document",
    "did_web_url",
    "errors",
    "format_verifier_key",
    "inclusion_proof",
    "jwk_thumbprint",
    "key_from_jwk",
    "key_from_multibase",
    "keystore",
    "merkle_root",
    "open_ledger",
    "public_key_from_multibase",
    "resolve_did",
    "verify_checkpoint",
    "verify_consistency",
    "verify_inclusion",
    "verify_receipt",
]
