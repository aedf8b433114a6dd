"""Issuing and verifying W3C Verifiable Credentials 2.0 secured with Data Integrity."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .._encoding import parse_json
from .._schemas import validate_with_schema
from .._time import resolve_now
from ..errors import (
    ExpiredError,
    IssuerMismatchError,
    MalformedInputError,
    NotYetValidError,
    ShebaoError,
    StatusUnavailableError,
    UnsupportedError,
    VerificationError,
    as_verification_error,
)
from ..keys import PrivateKey
from . import jcs_suite
from .dataintegrity import (
    VerificationMethodResolver,
    _default_resolver,
    add_proof,
    verify_document,
)
from .model import (
    ProofDetails,
    VerifiedCredential,
    issuer_id,
    validate_credential,
)

__all__ = ["issue_credential", "load_document", "verify_credential"]


def load_document(document: Any, *, what: str = "credential") -> Mapping[str, Any]:
    """Accept a parsed JSON object, or JSON text / bytes parsed strictly."""
    if type(document) is dict:
        return document
    if isinstance(document, str | bytes | bytearray):
        document = parse_json(
            bytes(document) if isinstance(document, bytearray) else document, what=what
        )
    if not isinstance(document, Mapping):
        raise MalformedInputError(f"the {what} must be a JSON object", f"{what} 必须是 JSON 对象")
    return document


def issue_credential(
    credential: Mapping[str, Any],
    *,
    key: PrivateKey,
    verification_method: str,
    cryptosuite: str = jcs_suite.NAME,
    created: str | datetime | None = None,
    contexts: Mapping[str, Any] | None = None,
    proof_id: str | None = None,
    previous_proof: str | list[str] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Sign a VCDM 2.0 credential with a ``DataIntegrityProof`` (``assertionMethod``).

    The unsigned credential is checked first (base context first, ``type``
    with ``VerifiableCredential``, ``issuer``, ``credentialSubject``,
    ``validFrom`` / ``validUntil`` as full ``dateTimeStamp`` values).
    ``cryptosuite`` is ``eddsa-jcs-2022`` (default, no JSON-LD) or
    ``eddsa-rdfc-2022`` (extra ``jsonld``; contexts come from the bundled set
    plus ``contexts`` = {url: document}, never from the network). A credential
    that already carries proofs gets another one (a proof set), chained to
    ``previous_proof`` when given. ``created`` defaults to *now* (UTC, seconds).

    Returns the signed credential as a new dict.
    """
    if not isinstance(credential, Mapping):
        raise MalformedInputError("a credential must be a JSON object", "凭证必须是 JSON 对象")
    validate_credential(credential)
    return add_proof(
        credential,
        key=key,
        verification_method=verification_method,
        cryptosuite=cryptosuite,
        proof_purpose="assertionMethod",
        created=created,
        contexts=contexts,
        proof_id=proof_id,
        previous_proof=previous_proof,
        now=now,
    )


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _check_schemas(credential: Mapping[str, Any]) -> tuple[str, ...]:
    checked: list[str] = []
    for entry in _as_list(credential.get("credentialSchema", [])):
        if entry.get("type") != "JsonSchema":
            raise UnsupportedError(
                f"credentialSchema type {entry.get('type')!r} is not supported; use JsonSchema",
                f"不支持 credentialSchema 类型 {entry.get('type')!r}；请使用 JsonSchema",
            )
        validate_with_schema(entry["id"], dict(credential), what="the credential")
        checked.append(entry["id"])
    return tuple(checked)


def _check_status(
    credential: Mapping[str, Any],
    *,
    status: Any,
    check_status: bool,
    issuer: str,
    now: datetime,
    resolver: VerificationMethodResolver,
    contexts: Mapping[str, Any] | None,
) -> tuple[Any, ...]:
    if "credentialStatus" not in credential or not check_status:
        return ()
    if status is None:
        raise StatusUnavailableError(
            "the credential has a credentialStatus but no status source was given; "
            "pass status= (a fetch function or StatusListResolver), or check_status=False",
            "凭证带有 credentialStatus，但未提供状态来源；请传入 status=（获取函数或 "
            "StatusListResolver），或设置 check_status=False",
        )
    try:
        # Imported here: the status layer depends on this module.
        status_module = importlib.import_module("didkit_shebao.status")
        check_credential_status = status_module.check_credential_status
    except (ImportError, AttributeError) as exc:
        raise StatusUnavailableError(
            "credential status checking is not available in this installation",
            "此安装不支持凭证状态检查",
        ) from exc
    results = check_credential_status(
        credential,
        status=status,
        issuer=issuer,
        now=now,
        resolver=resolver,
        contexts=contexts,
    )
    return tuple(results)


def _issuer_proofs(proofs: tuple[ProofDetails, ...], issuer: str) -> tuple[ProofDetails, ...]:
    mine = [p for p in proofs if p.controller == issuer]
    if not mine:
        raise IssuerMismatchError(
            "no proof of the credential was made by a key its issuer controls; "
            "sign with a verification method of the issuer's DID",
            "凭证的证明均非由其签发方控制的密钥生成；请使用签发方 DID 的验证方法签名",
        )
    return tuple(mine) + tuple(p for p in proofs if p.controller != issuer)


def verify_credential(
    credential: Mapping[str, Any] | str | bytes,
    *,
    resolver: VerificationMethodResolver | None = None,
    now: datetime | None = None,
    status: Any = None,
    check_status: bool = True,
    contexts: Mapping[str, Any] | None = None,
) -> VerifiedCredential:
    """Verify a Data Integrity secured VCDM 2.0 credential; return what it says.

    Checks, all of them every time: the VCDM 2.0 shape; every proof
    (:func:`verify_proof` with ``assertionMethod``, key as of the proof's
    ``created``); that the issuer controls a signing key
    (:class:`~didkit_shebao.errors.IssuerMismatchError`); the validity window
    against ``now`` (:class:`~didkit_shebao.errors.NotYetValidError`,
    :class:`~didkit_shebao.errors.ExpiredError`); each ``credentialSchema``
    (must be bundled); and ``credentialStatus`` through ``status`` (missing
    source: :class:`~didkit_shebao.errors.StatusUnavailableError`, unless
    ``check_status=False``).

    Accepts a dict or JSON text (parsed strictly).
    """
    try:
        return _verify_credential(
            credential,
            resolver=resolver,
            now=now,
            status=status,
            check_status=check_status,
            contexts=contexts,
        )
    except VerificationError:
        raise
    except ShebaoError as exc:  # the verification boundary, inlined (hot path)
        raise as_verification_error(exc) from exc


def _verify_credential(
    credential: Mapping[str, Any] | str | bytes,
    *,
    resolver: VerificationMethodResolver | None,
    now: datetime | None,
    status: Any,
    check_status: bool,
    contexts: Mapping[str, Any] | None,
) -> VerifiedCredential:
    if not isinstance(check_status, bool):
        # Fail closed: None or 0 must not switch the status check off.
        raise MalformedInputError(
            "check_status= must be True or False", "check_status= 必须是 True 或 False"
        )
    doc = load_document(credential)
    valid_from, valid_until = validate_credential(doc)
    current = resolve_now(now)
    if resolver is None:
        resolver = _default_resolver()
    verified = verify_document(
        doc,
        resolver=resolver,
        contexts=contexts,
        expected_proof_purpose="assertionMethod",
        domain=None,
        challenge=None,
        now=current,
    )
    unsecured = verified.document
    issuer = issuer_id(doc)
    proofs = _issuer_proofs(verified.proofs, issuer)
    if valid_from is not None and current < valid_from:
        raise NotYetValidError(
            "the credential is not valid yet (validFrom is in the future)",
            "凭证尚未生效（validFrom 在未来）",
        )
    if valid_until is not None and current > valid_until:
        raise ExpiredError(
            "the credential has expired (validUntil has passed)",
            "凭证已过期（validUntil 已过）",
        )
    schemas: tuple[str, ...] = ()
    results: tuple[Any, ...] = ()
    if "credentialSchema" in doc or "credentialStatus" in doc:
        plain = {k: v for k, v in doc.items() if k != "proof"}
        schemas = _check_schemas(plain)
        results = _check_status(
            plain,
            status=status,
            check_status=check_status,
            issuer=issuer,
            now=current,
            resolver=resolver,
            contexts=contexts,
        )
    subjects = unsecured["credentialSubject"]
    types = unsecured["type"]
    return VerifiedCredential(
        credential=unsecured,
        issuer=issuer,
        subjects=subjects if type(subjects) is tuple else (subjects,),
        types=types if type(types) is tuple else (types,),
        proofs=proofs,
        id=unsecured.get("id"),
        valid_from=valid_from,
        valid_until=valid_until,
        schemas=schemas,
        status=results,
    )
