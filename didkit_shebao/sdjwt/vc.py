"""W3C VCDM 2.0 credentials secured with SD-JWT (VC-JOSE-COSE, ``vc+sd-jwt``).

The unsecured credential is the SD-JWT payload itself (the enveloping model:
no ``vc`` claim), typed ``vc+sd-jwt`` with ``cty: vc``; media type
``application/vc+sd-jwt``. The same engine as :func:`issue_sd_jwt` conceals
and verifies the claims, so any member of ``credentialSubject`` can be
disclosed selectively while the properties a verifier needs to judge the
credential (``@context``, ``type``, ``issuer``, validity period, status and
schema) always stay visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from .._time import resolve_now
from ..errors import (
    DisclosureError,
    ExpiredError,
    IssuerMismatchError,
    MalformedInputError,
    NotYetValidError,
    StatusUnavailableError,
    verification_boundary,
)
from ..keys import DEFAULT_ALGORITHMS, PrivateKey, PublicKey
from .disclosure import DEFAULT_SD_ALG, RandomSource
from .issuer import _check_claims, _timestamp, cnf_claim, conceal_claims, make_header, sign_sd_jwt
from .verifier import (
    DEFAULT_SKEW,
    VerifiedSDJWT,
    _finish,
    _status_module,
    check_verify_options,
    process_sd_jwt,
)

__all__ = [
    "MEDIA_TYPE_VC_SD_JWT",
    "TYP_VC_SD_JWT",
    "VC_CONTEXT_V2",
    "VC_NEVER_DISCLOSABLE",
    "issue_vc_sd_jwt",
    "verify_vc_sd_jwt",
]

#: The base context every VCDM 2.0 credential lists first.
VC_CONTEXT_V2: Final = "https://www.w3.org/ns/credentials/v2"
#: ``typ`` of a W3C credential secured with SD-JWT (VC-JOSE-COSE).
TYP_VC_SD_JWT: Final = "vc+sd-jwt"
#: Its media type.
MEDIA_TYPE_VC_SD_JWT: Final = "application/vc+sd-jwt"
#: Top-level properties (and everything below them) that stay in the clear:
#: VC-JOSE-COSE requires it for status and schema; the rest identify and date the credential.
VC_NEVER_DISCLOSABLE: Final = frozenset(
    {
        "@context",
        "type",
        "issuer",
        "validFrom",
        "validUntil",
        "credentialStatus",
        "credentialSchema",
        "cnf",
        "iat",
        "iss",
        "exp",
        "nbf",
        "status",
    }
)


def _issuer_id(payload: Mapping[str, Any]) -> Any:
    issuer = payload.get("issuer")
    if isinstance(issuer, Mapping):
        return issuer.get("id")
    return issuer


def _check_credential(credential: Mapping[str, Any]) -> str:
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
    issuer = _issuer_id(credential)
    if not isinstance(issuer, str) or not issuer:
        raise MalformedInputError(
            "a credential needs an issuer (a URL/DID string or an object with id)",
            "凭证必须有 issuer（URL/DID 字符串或带 id 的对象）",
        )
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


def _parse_time(value: Any, name: str) -> datetime:
    if not isinstance(value, str):
        raise MalformedInputError(
            f"{name} must be an XML Schema dateTime string", f"{name} 必须是 dateTime 字符串"
        )
    try:
        when = datetime.fromisoformat(value)
    except ValueError as exc:
        raise MalformedInputError(
            f"{name} is not a valid dateTime (e.g. 2026-01-01T00:00:00Z)",
            f"{name} 不是有效的 dateTime（例如 2026-01-01T00:00:00Z）",
        ) from exc
    if when.tzinfo is None:
        raise MalformedInputError(
            f"{name} must carry a time zone offset (Z or +08:00)",
            f"{name} 必须带时区偏移（Z 或 +08:00）",
        )
    return when


def issue_vc_sd_jwt(
    credential: Mapping[str, Any],
    *,
    key: PrivateKey,
    disclosable: Iterable[str],
    holder_key: object | None = None,
    kid: str | None = None,
    issued_at: datetime | None = None,
    decoys: int | None = None,
    rng: RandomSource | None = None,
    serialization: str = "compact",
) -> str:
    """Secure a VCDM 2.0 credential with SD-JWT (typ ``vc+sd-jwt``, cty ``vc``).

    Args:
        credential: the unsecured credential (``@context`` starting with the
            v2 context, ``type`` with ``VerifiableCredential``, ``issuer``,
            ``credentialSubject``).
        key: the issuer's key; ``kid`` is derived for did:key / did:jwk issuers.
        disclosable: JSON Pointers, e.g. ``/credentialSubject/birthDate``.
            Pointers into ``@context``, ``type``, ``issuer``, ``validFrom``,
            ``validUntil``, ``credentialStatus`` or ``credentialSchema`` are refused.
        holder_key: the holder's key for key binding (``cnf.jwk``).
        issued_at: the JWT ``iat`` (default now).

    Returns:
        The SD-JWT with every Disclosure.
    """
    if not isinstance(credential, Mapping):
        raise MalformedInputError(
            "credential must be a JSON object", "credential 必须是 JSON 对象"
        )
    issuer = _check_credential(credential)
    for name in ("_sd", "_sd_alg", "iat", "cnf"):
        if name in credential:
            raise MalformedInputError(
                f"the credential must not contain {name!r}; it is set when securing",
                f"凭证中不得包含 {name!r}；它在签名时设置",
            )
    _check_claims(dict(credential))
    concealed, disclosures = conceal_claims(
        credential,
        disclosable,
        rng=rng,
        decoys=decoys,
        never=VC_NEVER_DISCLOSABLE,
        never_below=True,
    )
    header = make_header(TYP_VC_SD_JWT, kid, issuer, key)
    header["cty"] = "vc"
    iat = _timestamp(issued_at, "issued_at")
    payload: dict[str, Any] = dict(concealed)
    payload["iat"] = int(datetime.now(UTC).timestamp()) if iat is None else iat
    if holder_key is not None:
        payload["cnf"] = cnf_claim(holder_key)
    payload["_sd_alg"] = DEFAULT_SD_ALG
    return sign_sd_jwt(header, payload, disclosures, key, serialization)


def verify_vc_sd_jwt(
    presentation: str | bytes | Mapping[str, Any],
    *,
    nonce: str | None,
    audience: str | None,
    require_key_binding: bool = True,
    issuer_key: object | None = None,
    resolver: Any = None,
    status: Any = None,
    check_status: bool = True,
    now: datetime | None = None,
    skew: timedelta = DEFAULT_SKEW,
    leeway: timedelta = timedelta(0),
    algorithms: Mapping[str, type[PublicKey]] = DEFAULT_ALGORITHMS,
) -> VerifiedSDJWT:
    """Verify a ``vc+sd-jwt`` presentation; ``.claims`` is the disclosed credential.

    Every check of :func:`verify_sd_jwt` applies, plus VCDM 2.0 ones: the
    issuer key must belong to ``issuer`` (the ``kid`` DID), ``validFrom`` /
    ``validUntil`` bound *now*, the properties in :data:`VC_NEVER_DISCLOSABLE`
    must not arrive in Disclosures, and a ``credentialStatus`` is checked
    (fail closed without a *status* source unless ``check_status=False``).
    """
    with verification_boundary():
        check_verify_options(
            nonce=nonce,
            audience=audience,
            require_key_binding=require_key_binding,
            check_status=check_status,
            skew=skew,
            leeway=leeway,
        )
        when = resolve_now(now)
        processed = process_sd_jwt(
            presentation,
            issuer_key=issuer_key,
            resolver=resolver,
            algorithms=algorithms,
            mode="vc",
            issuer_of=_issuer_id,
        )
        credential = processed.claims
        issuer = _check_credential(credential)
        iss = credential.get("iss")
        if iss is not None and iss != issuer:
            raise IssuerMismatchError(
                "the JWT iss differs from the credential's issuer",
                "JWT 的 iss 与凭证的 issuer 不一致",
            )
        for path in processed.disclosed:
            if path[0] in VC_NEVER_DISCLOSABLE:
                raise DisclosureError(
                    f"/{path[0]} must be issued in the clear, not through Disclosures (VC-JOSE-COSE)",
                    f"/{path[0]} 必须明文签发，不得通过披露项提供（VC-JOSE-COSE）",
                )
        lee = leeway.total_seconds()
        if "validFrom" in credential:
            start = _parse_time(credential["validFrom"], "validFrom")
            if when.timestamp() < start.timestamp() - lee:
                raise NotYetValidError(
                    "the credential is not valid yet (validFrom is in the future)",
                    "凭证尚未生效（validFrom 在未来）",
                )
        if "validUntil" in credential:
            end = _parse_time(credential["validUntil"], "validUntil")
            if when.timestamp() >= end.timestamp() + lee:
                raise ExpiredError(
                    "the credential has expired (validUntil is in the past)",
                    "凭证已过期（validUntil 已过）",
                )
        result = _finish(
            processed,
            nonce=nonce,
            audience=audience,
            require_key_binding=require_key_binding,
            now=when,
            now_ts=when.timestamp(),
            skew=skew.total_seconds(),
            leeway=lee,
            algorithms=algorithms,
            status=status,
            check_status=check_status,
            resolver=resolver,
            issuer_key=issuer_key,
            issuer=issuer,
        )
        status_results: Any = None
        if "credentialStatus" in credential and check_status:
            if status is None:
                raise StatusUnavailableError(
                    "the credential has a credentialStatus but no status source was given; "
                    "pass status= or check_status=False",
                    "凭证含有 credentialStatus，但未提供状态来源；请传入 status= 或 check_status=False",
                )
            status_results = _status_module().check_credential_status(
                credential, status=status, issuer=issuer, now=when, resolver=resolver
            )
        if status_results is None:
            return result
        return replace(result, status=status_results)
