"""Selective disclosure: SD-JWT (RFC 9901), SD-JWT VC and W3C credentials secured with SD-JWT.

Issue with :func:`issue_sd_jwt`, present with :func:`present_sd_jwt`, verify
with :func:`verify_sd_jwt`. Disclosable claims are named by JSON Pointers.
"""

from __future__ import annotations

from .derived import age_on, age_over, age_over_claims
from .disclosure import Disclosure, decoy_digest, digest, make_disclosure, parse_disclosure
from .holder import present_sd_jwt
from .issuer import issue_sd_jwt
from .serialization import (
    MAX_DISCLOSURES,
    MAX_SD_JWT_BYTES,
    SDJWTParts,
    parse_sd_jwt,
    sd_jwt_from_json,
    sd_jwt_to_json,
)
from .vc import (
    MEDIA_TYPE_VC_SD_JWT,
    TYP_VC_SD_JWT,
    VC_NEVER_DISCLOSABLE,
    issue_vc_sd_jwt,
    verify_vc_sd_jwt,
)
from .verifier import DEFAULT_SKEW, MAX_SD_DEPTH, VerifiedSDJWT, verify_sd_jwt

__all__ = [
    "DEFAULT_SKEW",
    "MAX_DISCLOSURES",
    "MAX_SD_DEPTH",
    "MAX_SD_JWT_BYTES",
    "MEDIA_TYPE_VC_SD_JWT",
    "TYP_VC_SD_JWT",
    "VC_NEVER_DISCLOSABLE",
    "Disclosure",
    "SDJWTParts",
    "VerifiedSDJWT",
    "age_on",
    "age_over",
    "age_over_claims",
    "decoy_digest",
    "digest",
    "issue_sd_jwt",
    "issue_vc_sd_jwt",
    "make_disclosure",
    "parse_disclosure",
    "parse_sd_jwt",
    "present_sd_jwt",
    "sd_jwt_from_json",
    "sd_jwt_to_json",
    "verify_sd_jwt",
    "verify_vc_sd_jwt",
]
