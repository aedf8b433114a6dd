"""didkit_shebao: verifiable credentials for 人社 / 社保 services.

The public API is what ``__all__`` lists; everything else is internal.
"""

from __future__ import annotations

from . import errors, keystore, shebao
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
from .sdjwt import (
    VerifiedSDJWT,
    age_over_claims,
    issue_sd_jwt,
    issue_vc_sd_jwt,
    present_sd_jwt,
    sd_jwt_from_json,
    sd_jwt_to_json,
    verify_sd_jwt,
    verify_vc_sd_jwt,
)
from .status import (
    PublishedVersion,
    StatusList,
    StatusListManager,
    StatusListResolver,
    StatusResult,
    TokenStatusList,
    TokenStatusResult,
    check_credential_status,
    check_token_status,
    issue_status_list_credential,
    issue_status_list_token,
)
from .vc import (
    ProofDetails,
    VerifiedCredential,
    VerifiedDocument,
    VerifiedPresentation,
    create_presentation,
    issue_credential,
    verify_credential,
    verify_presentation,
    verify_proof,
)

__version__ = "0.1.0"

__all__ = [
    "DIDResolver",
    "Ed25519Key",
    "Ed25519PublicKey",
    "P256Key",
    "P256PublicKey",
    "ProofDetails",
    "PublishedVersion",
    "ShebaoError",
    "StatusList",
    "StatusListManager",
    "StatusListResolver",
    "StatusResult",
    "TokenStatusList",
    "TokenStatusResult",
    "VerificationMethod",
    "VerifiedCredential",
    "VerifiedDocument",
    "VerifiedPresentation",
    "VerifiedSDJWT",
    "__version__",
    "age_over_claims",
    "as_public_key",
    "check_credential_status",
    "check_token_status",
    "create_presentation",
    "did_jwk",
    "did_key",
    "did_web_document",
    "did_web_url",
    "errors",
    "issue_credential",
    "issue_sd_jwt",
    "issue_status_list_credential",
    "issue_status_list_token",
    "issue_vc_sd_jwt",
    "jwk_thumbprint",
    "key_from_jwk",
    "key_from_multibase",
    "keystore",
    "present_sd_jwt",
    "public_key_from_multibase",
    "resolve_did",
    "sd_jwt_from_json",
    "sd_jwt_to_json",
    "shebao",
    "verify_credential",
    "verify_presentation",
    "verify_proof",
    "verify_sd_jwt",
    "verify_vc_sd_jwt",
]
