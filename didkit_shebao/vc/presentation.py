"""VCDM 2.0 verifiable presentations with a Data Integrity ``authentication`` proof.

The holder signs the presentation with proof purpose ``authentication``, bound
to the verifier's ``challenge`` (a fresh nonce) and ``domain`` (who the
presentation is for); the verifier requires both and verifies every embedded
credential, naming the one that fails by its index.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from .._time import resolve_now
from ..errors import MalformedInputError, ProofError, ShebaoError, verification_boundary
from ..keys import PrivateKey
from . import jcs_suite
from .credential import load_document, verify_credential
from .dataintegrity import VerificationMethodResolver, _default_resolver, add_proof, verify_proof
from .model import CREDENTIALS_V2, VerifiedCredential, VerifiedPresentation, validate_presentation

__all__ = ["create_presentation", "verify_presentation"]


def _required(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise MalformedInputError(
            f"{name} is required and must be a non-empty string",
            f"{name} 为必填项，且必须是非空字符串",
        )
    return value


def create_presentation(
    credentials: Sequence[Mapping[str, Any]],
    *,
    holder: str,
    key: PrivateKey,
    verification_method: str,
    challenge: str,
    domain: str,
    cryptosuite: str = jcs_suite.NAME,
    created: str | datetime | None = None,
    presentation_id: str | None = None,
    contexts: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Wrap signed *credentials* in a presentation signed by the holder.

    The proof has purpose ``authentication`` and carries the verifier's
    ``challenge`` and ``domain``. Returns the signed presentation as a dict.
    """
    _required(challenge, "challenge")
    _required(domain, "domain")
    _required(holder, "holder")
    if not isinstance(credentials, list | tuple) or not all(
        isinstance(c, Mapping) for c in credentials
    ):
        raise MalformedInputError(
            "credentials must be a list of signed credential objects",
            "credentials 必须是已签名凭证对象的列表",
        )
    presentation: dict[str, Any] = {"@context": [CREDENTIALS_V2]}
    if presentation_id is not None:
        presentation["id"] = presentation_id
    presentation["type"] = ["VerifiablePresentation"]
    presentation["holder"] = holder
    presentation["verifiableCredential"] = [copy.deepcopy(dict(c)) for c in credentials]
    validate_presentation(presentation)
    return add_proof(
        presentation,
        key=key,
        verification_method=verification_method,
        cryptosuite=cryptosuite,
        proof_purpose="authentication",
        created=created,
        contexts=contexts,
        domain=domain,
        challenge=challenge,
        now=now,
    )


def _with_index(exc: ShebaoError, index: int) -> ShebaoError:
    """The same error class, its messages prefixed with the failing credential's index."""
    return type(exc)(
        f"verifiableCredential[{index}]: {exc.message}",
        f"verifiableCredential[{index}]：{exc.message_zh}",
        details={**exc.details, "credential_index": index},
        code=exc.code,
    )


def verify_presentation(
    presentation: Mapping[str, Any] | str | bytes,
    *,
    challenge: str,
    domain: str,
    resolver: VerificationMethodResolver | None = None,
    now: datetime | None = None,
    status: Any = None,
    check_status: bool = True,
    contexts: Mapping[str, Any] | None = None,
) -> VerifiedPresentation:
    """Verify a presentation: the holder's proof, then every embedded credential.

    The proof must have purpose ``authentication`` and carry exactly the
    expected ``challenge`` and ``domain`` (both required;
    :class:`~didkit_shebao.errors.ProofError` otherwise); ``holder``, when
    present, must control the signing key. Each credential goes through
    :func:`~didkit_shebao.verify_credential`; a failure keeps its error class
    and names the credential (``details["credential_index"]``).
    """
    with verification_boundary():
        _required(challenge, "challenge")
        _required(domain, "domain")
        doc = load_document(presentation, what="presentation")
        validate_presentation(doc)
        current = resolve_now(now)
        if resolver is None:
            resolver = _default_resolver()
        verified = verify_proof(
            doc,
            resolver=resolver,
            contexts=contexts,
            expected_proof_purpose="authentication",
            domain=domain,
            challenge=challenge,
            now=current,
        )
        if len(verified.proofs) != 1:
            raise ProofError(
                "a presentation must carry exactly one holder proof",
                "可验证展示必须只带一个持有者证明",
            )
        proof = verified.proofs[0]
        holder_value = doc.get("holder")
        holder = holder_value.get("id") if isinstance(holder_value, Mapping) else holder_value
        if holder is not None and holder != proof.controller:
            raise ProofError(
                "the presentation was signed by a key its holder does not control",
                "可验证展示的签名密钥不属于其持有者",
                code="holder_mismatch",
            )
        embedded = doc.get("verifiableCredential", [])
        items = embedded if isinstance(embedded, list) else [embedded]
        credentials: list[VerifiedCredential] = []
        for index, credential in enumerate(items):
            try:
                credentials.append(
                    verify_credential(
                        credential,
                        resolver=resolver,
                        now=current,
                        status=status,
                        check_status=check_status,
                        contexts=contexts,
                    )
                )
            except ShebaoError as exc:
                raise _with_index(exc, index) from exc
        return VerifiedPresentation(
            presentation=verified.document,
            holder=holder if isinstance(holder, str) else proof.controller,
            credentials=tuple(credentials),
            proof=proof,
            challenge=challenge,
            domain=domain,
        )
