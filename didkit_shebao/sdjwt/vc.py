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
from datetime import UTC, datetime, timedelta
from typing import Any

from ..errors import MalformedInputError, verification_boundary
from ..keys import DEFAULT_ALGORITHMS, PrivateKey, PublicKey
from ._w3c import (
    MEDIA_TYPE_VC_SD_JWT,
    TYP_VC_SD_JWT,
    VC_CONTEXT_V2,
    VC_NEVER_DISCLOSABLE,
    check_credential,
    parse_validity_period,
)
from .disclosure import DEFAULT_SD_ALG, RandomSource
from .issuer import _check_claims, _timestamp, cnf_claim, conceal_claims, make_header, sign_sd_jwt
from .verifier import DEFAULT_SKEW, VerifiedSDJWT, verify_in_mode

__all__ = [
    "MEDIA_TYPE_VC_SD_JWT",
    "TYP_VC_SD_JWT",
    "VC_CONTEXT_V2",
    "VC_NEVER_DISCLOSABLE",
    "issue_vc_sd_jwt",
    "verify_vc_sd_jwt",
]


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
            ``credentialSubject``; ``validFrom`` / ``validUntil``, if any, in
            RFC 3339 form and in order).
        key: the issuer's key; ``kid`` is derived for did:key / did:jwk issuers.
        disclosable: JSON Pointers, e.g. ``/credentialSubject/birthDate``.
            Pointers at or into :data:`VC_NEVER_DISCLOSABLE` (``@context``,
            ``type``, ``issuer``, ``validFrom``, ``validUntil``,
            ``credentialStatus``, ``credentialSchema`` and the registered JWT
            claims) are refused.
        holder_key: the holder's key for key binding (``cnf.jwk``).
        issued_at: the JWT ``iat`` (default now).

    Returns:
        The SD-JWT with every Disclosure.
    """
    if not isinstance(credential, Mapping):
        raise MalformedInputError(
            "credential must be a JSON object", "credential 必须是 JSON 对象"
        )
    issuer = check_credential(credential)
    parse_validity_period(credential)
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

    Every check of :func:`verify_sd_jwt` applies, plus VCDM 2.0 ones (which
    :func:`verify_sd_jwt` also applies to any W3C payload it receives): the
    issuer key must belong to ``issuer`` (the ``kid`` DID), ``validFrom`` …
    ``validUntil`` (both included) must hold *now*, nothing at or below the
    properties in :data:`VC_NEVER_DISCLOSABLE` may come from a Disclosure, and
    a ``credentialStatus`` is checked (fail closed without a *status* source
    unless ``check_status=False``). Unlike :func:`verify_sd_jwt`, a payload
    that is not a W3C credential is refused.
    """
    with verification_boundary():
        return verify_in_mode(
            presentation,
            mode="vc",
            nonce=nonce,
            audience=audience,
            require_key_binding=require_key_binding,
            issuer_key=issuer_key,
            resolver=resolver,
            status=status,
            check_status=check_status,
            now=now,
            skew=skew,
            leeway=leeway,
            algorithms=algorithms,
        )
