"""W3C VCDM 2.0 payloads secured with SD-JWT (VC-JOSE-COSE): what issuing and verifying share.

Internal module. A payload typed ``vc+sd-jwt`` that is a W3C credential is
verified with these checks by :func:`~didkit_shebao.verify_sd_jwt` and
:func:`~didkit_shebao.verify_vc_sd_jwt` alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from .._time import parse_datetime_stamp
from ..errors import ExpiredError, MalformedInputError, NotYetValidError
from .issuer import NEVER_DISCLOSABLE

__all__ = [
    "MEDIA_TYPE_VC_SD_JWT",
    "TYP_VC_SD_JWT",
    "VC_CONTEXT_V2",
    "VC_NEVER_DISCLOSABLE",
    "check_credential",
    "check_validity_period",
    "checked_issuer",
    "issuer_id",
    "parse_validity_period",
]

#: The base context every VCDM 2.0 credential lists first.
VC_CONTEXT_V2: Final = "https://www.w3.org/ns/credentials/v2"
#: ``typ`` of a W3C credential secured with SD-JWT (VC-JOSE-COSE).
TYP_VC_SD_JWT: Final = "vc+sd-jwt"
#: Its media type.
MEDIA_TYPE_VC_SD_JWT: Final = "application/vc+sd-jwt"
#: Top-level properties that stay in the clear, with everything below them: the
#: registered JWT claims of :data:`~didkit_shebao.sdjwt.issuer.NEVER_DISCLOSABLE`,
#: plus what VC-JOSE-COSE requires for status and schema and what identifies
#: and dates the credential.
VC_NEVER_DISCLOSABLE: Final = NEVER_DISCLOSABLE | frozenset(
    {
        "@context",
        "type",
        "issuer",
        "validFrom",
        "validUntil",
        "credentialStatus",
        "credentialSchema",
    }
)


def issuer_id(payload: Mapping[str, Any]) -> Any:
    """The credential's ``issuer``: the string, or the ``id`` of an issuer object."""
    issuer = payload.get("issuer")
    if isinstance(issuer, Mapping):
        return issuer.get("id")
    return issuer


def checked_issuer(credential: Mapping[str, Any]) -> str:
    """The credential's issuer id, which must be a non-empty string."""
    issuer = issuer_id(credential)
    if not isinstance(issuer, str) or not issuer:
        raise MalformedInputError(
            "a credential needs an issuer (a URL/DID string or an object with id)",
            "凭证必须有 issuer（URL/DID 字符串或带 id 的对象）",
        )
    return issuer


def check_credential(credential: Mapping[str, Any]) -> str:
    """VCDM 2.0 shape checks shared by issuing and verifying; returns the issuer id."""
    context = credential.get("@context")
    if not isinstance(context, list) or not context or context[0] != VC_CONTEXT_V2:
        raise MalformedInputError(
            f"a VCDM 2.0 credential's @context must start with {VC_CONTEXT_V2}",
            f"VCDM 2.0 凭证的 @context 必须以 {VC_CONTEXT_V2} 开头",
        )
    types = credential.get("type")
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        raise MalformedInputError(
            "a credential's type must include VerifiableCredential",
            "凭证的 type 必须包含 VerifiableCredential",
        )
    issuer = checked_issuer(credential)
    if "vc" in credential or "vp" in credential:
        raise MalformedInputError(
            "the JWT claims 'vc' and 'vp' must not be present (VC-JOSE-COSE)",
            "不得出现 JWT 声明 'vc' 与 'vp'（VC-JOSE-COSE）",
        )
    if "credentialSubject" not in credential:
        raise MalformedInputError(
            "a credential needs a credentialSubject", "凭证必须包含 credentialSubject"
        )
    return issuer


def parse_validity_period(
    credential: Mapping[str, Any],
) -> tuple[datetime | None, datetime | None]:
    """``validFrom`` and ``validUntil`` (each optional), the end not before the start."""
    start = end = None
    if "validFrom" in credential:
        start = parse_datetime_stamp(credential["validFrom"], what="validFrom")
    if "validUntil" in credential:
        end = parse_datetime_stamp(credential["validUntil"], what="validUntil")
    if start is not None and end is not None and end < start:
        raise MalformedInputError(
            "validUntil must not be earlier than validFrom (VCDM 2.0 section 4.9)",
            "validUntil 不得早于 validFrom（VCDM 2.0 第 4.9 节）",
        )
    return start, end


def check_validity_period(credential: Mapping[str, Any], now_ts: float, leeway: float) -> None:
    """VCDM 2.0 section 4.9: *now* within ``validFrom`` … ``validUntil``, both included."""
    start, end = parse_validity_period(credential)
    if start is not None and now_ts < start.timestamp() - leeway:
        raise NotYetValidError(
            "the credential is not valid yet (validFrom is in the future)",
            "凭证尚未生效（validFrom 在未来）",
        )
    # validUntil is "the latest point in time" the claims are valid: still valid then.
    if end is not None and now_ts > end.timestamp() + leeway:
        raise ExpiredError(
            "the credential has expired (validUntil is in the past)",
            "凭证已过期（validUntil 已过）",
        )
