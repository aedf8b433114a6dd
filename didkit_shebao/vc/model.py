"""W3C Verifiable Credentials Data Model 2.0: shape checks and result objects.

Checks what VCDM 2.0 requires of a credential or presentation before it is
signed or after its proof verified (the base context first, ``type``,
``issuer``, ``credentialSubject``, ``validFrom`` / ``validUntil`` as XML Schema
``dateTimeStamp`` values), and defines the frozen objects verification returns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final

from .._masking import masked_repr
from .._time import format_datetime, parse_datetime_stamp
from ..errors import MalformedInputError

_SPACE: Final = re.compile(r"\s")

__all__ = [
    "CREDENTIALS_V2",
    "ProofDetails",
    "VerifiedCredential",
    "VerifiedDocument",
    "VerifiedPresentation",
    "format_datetime",
    "freeze",
    "issuer_id",
    "parse_datetime_stamp",
    "validate_credential",
    "validate_presentation",
]

#: The base context every VCDM 2.0 document must list first.
CREDENTIALS_V2: Final = "https://www.w3.org/ns/credentials/v2"


def freeze(value: Any) -> Any:
    """Deep-copy JSON into read-only mappings and tuples."""
    t = type(value)
    if t is str or t is int or t is bool or value is None or t is float:
        return value
    if t is dict or t is MappingProxyType or isinstance(value, Mapping):
        return MappingProxyType({k: v if type(v) is str else freeze(v) for k, v in value.items()})
    if t is list or t is tuple:
        return tuple([v if type(v) is str else freeze(v) for v in value])
    return value


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _check_contexts(doc: Mapping[str, Any], what: str) -> None:
    ctx = doc.get("@context")
    if type(ctx) is not list or not ctx or ctx[0] != CREDENTIALS_V2:
        raise MalformedInputError(
            f"the {what}'s @context must be a list starting with {CREDENTIALS_V2!r}",
            f"{what} 的 @context 必须是以 {CREDENTIALS_V2!r} 开头的列表",
        )
    for item in ctx:
        t = type(item)
        if (t is not str and t is not dict) or (t is str and not item):
            raise MalformedInputError(
                f"the {what}'s @context entries must be URLs or context objects",
                f"{what} 的 @context 条目必须是 URL 或上下文对象",
            )


def _check_types(doc: Mapping[str, Any], required: str, what: str) -> tuple[str, ...]:
    types = doc.get("type")
    items = _as_list(types)
    if types is None or required not in items or not all(type(t) is str and t for t in items):
        raise MalformedInputError(
            f"the {what}'s type must be a string or list of strings that includes {required!r}",
            f"{what} 的 type 必须是包含 {required!r} 的字符串或字符串列表",
        )
    return tuple(items)


def _check_url(value: Any, what: str) -> str:
    if type(value) is not str or ":" not in value or _SPACE.search(value) is not None:
        raise MalformedInputError(
            f"{what} must be a URL (e.g. a DID or https URL)",
            f"{what} 必须是 URL（例如 DID 或 https URL）",
        )
    return value


def issuer_id(credential: Mapping[str, Any]) -> str:
    """The issuer's identifier: ``issuer`` as a URL, or ``issuer.id``."""
    issuer = credential.get("issuer")
    if type(issuer) is dict or isinstance(issuer, Mapping):
        return _check_url(issuer.get("id"), "issuer.id")
    return _check_url(issuer, "issuer")


def _check_validity(doc: Mapping[str, Any]) -> tuple[datetime | None, datetime | None]:
    valid_from = (
        parse_datetime_stamp(doc["validFrom"], what="validFrom") if "validFrom" in doc else None
    )
    valid_until = (
        parse_datetime_stamp(doc["validUntil"], what="validUntil") if "validUntil" in doc else None
    )
    if valid_from and valid_until and valid_until < valid_from:
        raise MalformedInputError(
            "validUntil is earlier than validFrom", "validUntil 早于 validFrom"
        )
    return valid_from, valid_until


def validate_credential(
    credential: Any, *, allow_proof: bool = True
) -> tuple[datetime | None, datetime | None]:
    """Check a credential's VCDM 2.0 shape; return its ``(validFrom, validUntil)``.

    Raises :class:`~didkit_shebao.errors.MalformedInputError` naming the first
    problem. Does not look at the proof or the validity window.
    """
    if type(credential) is not dict and not isinstance(credential, Mapping):
        raise MalformedInputError("a credential must be a JSON object", "凭证必须是 JSON 对象")
    _check_contexts(credential, "credential")
    _check_types(credential, "VerifiableCredential", "credential")
    if "id" in credential:
        _check_url(credential["id"], "credential id")
    issuer_id(credential)
    subjects = credential.get("credentialSubject")
    subject_list = _as_list(subjects)
    if (
        subjects is None
        or not subject_list
        or not all((type(s) is dict or isinstance(s, Mapping)) and s for s in subject_list)
    ):
        raise MalformedInputError(
            "credentialSubject must be a non-empty object (or list of objects)",
            "credentialSubject 必须是非空对象（或对象列表）",
        )
    for s in subject_list:
        if "id" in s:
            _check_url(s["id"], "credentialSubject.id")
    for name in ("credentialStatus", "credentialSchema"):
        if name in credential:
            if credential[name] == []:
                # Fail closed: an empty list would read as "no status to check".
                raise MalformedInputError(
                    f"{name} must hold at least one entry; leave it out when there is none",
                    f"{name} 至少须有一个条目；没有时请省略该属性",
                )
            for entry in _as_list(credential[name]):
                if not isinstance(entry, Mapping) or not isinstance(entry.get("type"), str):
                    raise MalformedInputError(
                        f"each {name} entry must be an object with a type",
                        f"每个 {name} 条目必须是带 type 的对象",
                    )
                if name == "credentialSchema" or "id" in entry:
                    _check_url(entry.get("id"), f"{name}.id")
    if not allow_proof and "proof" in credential:
        raise MalformedInputError(
            "the credential already has a proof; issue from the unsigned credential",
            "凭证已带有证明；请从未签名的凭证签发",
        )
    return _check_validity(credential)


def validate_presentation(presentation: Any) -> None:
    """Check a presentation's VCDM 2.0 shape (context, type, holder, credentials)."""
    if not isinstance(presentation, Mapping):
        raise MalformedInputError(
            "a presentation must be a JSON object", "可验证展示必须是 JSON 对象"
        )
    _check_contexts(presentation, "presentation")
    _check_types(presentation, "VerifiablePresentation", "presentation")
    if "id" in presentation:
        _check_url(presentation["id"], "presentation id")
    holder = presentation.get("holder")
    if holder is not None:
        _check_url(holder.get("id") if isinstance(holder, Mapping) else holder, "holder")
    vcs = presentation.get("verifiableCredential", [])
    if not all(isinstance(vc, Mapping) for vc in _as_list(vcs)):
        raise MalformedInputError(
            "verifiableCredential must hold credential objects (enveloped ones are not supported)",
            "verifiableCredential 必须包含凭证对象（不支持封装凭证）",
        )


@dataclass(frozen=True, slots=True)
class ProofDetails:
    """One verified Data Integrity proof.

    Attributes:
        type: the proof type (``DataIntegrityProof``).
        cryptosuite: ``eddsa-jcs-2022`` or ``eddsa-rdfc-2022``.
        verification_method: the DID URL of the key that signed.
        controller: the controller of that verification method.
        proof_purpose: e.g. ``assertionMethod`` or ``authentication``.
        created: when the proof was made (``None`` if the proof omits it).
        expires: when the proof stops being valid, if given.
        id: the proof's id, if any.
        domain: the domain(s) the proof is bound to.
        challenge: the challenge the proof answers, if any.
        previous_proof: ids of the proofs this one chains to.
    """

    type: str
    cryptosuite: str
    verification_method: str
    controller: str
    proof_purpose: str
    created: datetime | None = None
    expires: datetime | None = None
    id: str | None = None
    domain: tuple[str, ...] = ()
    challenge: str | None = None
    previous_proof: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, repr=False)
class VerifiedDocument:
    """What :func:`~didkit_shebao.verify_proof` returns.

    Attributes:
        document: the secured document without its proofs (read-only).
        proofs: the verified proofs, in document order.
    """

    document: Mapping[str, Any]
    proofs: tuple[ProofDetails, ...]

    def __repr__(self) -> str:
        # Claims are personal data: named, never printed.
        return masked_repr(self, shown=("proofs",), names=("document",))


@dataclass(frozen=True, slots=True, repr=False)
class VerifiedCredential:
    """A credential whose proof, shape, validity window, schema and status checked out.

    Attributes:
        credential: the credential without its proof (read-only mapping).
        issuer: the issuer's identifier (a DID).
        subjects: every ``credentialSubject`` object.
        types: the credential's ``type`` values.
        id: the credential's ``id``, if any.
        valid_from / valid_until: the validity window, if given.
        proofs: the verified proofs (the issuer's is :attr:`proof`).
        schemas: ids of the JSON Schemas the credential was validated against.
        status: results of the credential status checks (empty when none).
    """

    credential: Mapping[str, Any]
    issuer: str
    subjects: tuple[Mapping[str, Any], ...]
    types: tuple[str, ...]
    proofs: tuple[ProofDetails, ...]
    id: str | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    schemas: tuple[str, ...] = ()
    status: tuple[Any, ...] = field(default=())

    def __repr__(self) -> str:
        return masked_repr(
            self,
            shown=("issuer", "types", "id", "valid_from", "valid_until", "schemas", "status"),
            names=("credential", "subjects"),
        )

    @property
    def claims(self) -> Mapping[str, Any]:
        """The first credential subject's claims."""
        return self.subjects[0]

    @property
    def proof(self) -> ProofDetails:
        """The proof made by the issuer's key."""
        return self.proofs[0]


@dataclass(frozen=True, slots=True, repr=False)
class VerifiedPresentation:
    """A presentation whose holder proof and every credential verified.

    Attributes:
        presentation: the presentation without its proof (read-only mapping).
        holder: the holder's identifier (controller of the authentication key).
        credentials: each embedded credential, verified, in order.
        proof: the holder's authentication proof.
        challenge / domain: the values the proof was checked against.
    """

    presentation: Mapping[str, Any]
    holder: str
    credentials: tuple[VerifiedCredential, ...]
    proof: ProofDetails
    challenge: str
    domain: str

    def __repr__(self) -> str:
        return masked_repr(
            self, shown=("holder", "credentials", "challenge", "domain"), names=("presentation",)
        )
