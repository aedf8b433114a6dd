"""W3C Verifiable Credential Data Integrity 1.0: adding and verifying proofs.

Implements the algorithms of Data Integrity 1.0 section 4 for the two
cryptosuites of EdDSA Cryptosuites v1.0 (``eddsa-jcs-2022`` and
``eddsa-rdfc-2022``) and this project's SM2 suite (``shebao-sm2-jcs-2026``,
built like ``ecdsa-jcs-2019``): add a proof (alone, to a proof set, or chained to
earlier proofs with ``previousProof``), and verify every proof of a document,
retrieving each verification method through the resolver under the expected
proof purpose (the verification relationship) at the proof's ``created``
time.
"""

from __future__ import annotations

import copy
import hmac
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Final, Protocol

from .._encoding import check_json_depth, multibase_decode, multibase_encode
from .._time import resolve_now
from ..did import DIDResolver
from ..errors import (
    ExpiredError,
    InvalidSignatureError,
    MalformedInputError,
    NotYetValidError,
    ProofError,
    ShebaoError,
    UnsupportedError,
    verification_boundary,
)
from ..keys import Ed25519Key, Ed25519PublicKey, PrivateKey
from . import jcs_suite, rdfc_suite, sm2_suite
from .model import (
    CREDENTIALS_V2,
    ProofDetails,
    VerifiedDocument,
    format_datetime,
    freeze,
    parse_datetime_stamp,
)

_SPACE: Final = re.compile(r"\s")

__all__ = [
    "CRYPTOSUITES",
    "DATA_INTEGRITY_V2",
    "MAX_CLOCK_SKEW",
    "MAX_PROOFS",
    "VerificationMethodResolver",
    "add_proof",
    "verify_document",
    "verify_proof",
]

#: The cryptosuites this library signs and verifies. Each is bound to one key
#: type, so an SM2 proof verifies only against an SM2 verification method that
#: the controller's DID document declares.
CRYPTOSUITES: Final = (jcs_suite.NAME, rdfc_suite.NAME, sm2_suite.NAME)
# suite -> (private key class, public key class)
_SUITE_KEYS: Final[Mapping[str, tuple[type[Any], type[Any]]]] = {
    jcs_suite.NAME: (Ed25519Key, Ed25519PublicKey),
    rdfc_suite.NAME: (Ed25519Key, Ed25519PublicKey),
    sm2_suite.NAME: (sm2_suite.PRIVATE_KEY, sm2_suite.PUBLIC_KEY),
}
# The JCS suites: the proof carries (and signs) the document's @context.
_JCS_SUITES: Final = frozenset({jcs_suite.NAME, sm2_suite.NAME})
#: The Data Integrity context (also included in the VCDM 2.0 context).
DATA_INTEGRITY_V2: Final = "https://w3id.org/security/data-integrity/v2"
#: How far in the future a proof's ``created`` may lie (clock skew).
MAX_CLOCK_SKEW: Final = timedelta(minutes=5)
#: Cap on the number of proofs in one proof set.
MAX_PROOFS: Final = 16

_PROOF_TYPE: Final = "DataIntegrityProof"


class VerificationMethodResolver(Protocol):
    """What :func:`verify_proof` needs from a resolver (``DIDResolver`` fits).

    .. versionadded:: 0.1
    """

    def resolve_verification_method(
        self, vm_id: str, *, relationship: str | None = None, at: datetime | None = None
    ) -> Any:
        """Return the verification method (``.controller``, ``.public_key``) for *vm_id*."""
        ...


def _default_resolver() -> VerificationMethodResolver:
    return DIDResolver()


def _unsupported_suite(name: Any) -> UnsupportedError:
    return UnsupportedError(
        f"cryptosuite {name!r} is not supported; allowed: {', '.join(CRYPTOSUITES)}",
        f"不支持密码套件 {name!r}；允许：{', '.join(CRYPTOSUITES)}",
        details={"allowed": list(CRYPTOSUITES)},
    )


def _hash_data(
    suite: str,
    document: Mapping[str, Any],
    proof_options: Mapping[str, Any],
    contexts: Mapping[str, Any] | None,
) -> bytes:
    """Proof configuration + transformation + hashing for *suite*."""
    if suite == jcs_suite.NAME:
        return jcs_suite.hash_data(document, proof_options)
    if suite == sm2_suite.NAME:
        return sm2_suite.hash_data(document, proof_options)
    if suite == rdfc_suite.NAME:
        config = dict(proof_options)
        config.pop("@context", None)
        if "@context" in document:
            config["@context"] = document["@context"]
        return rdfc_suite.hash_data(document, config, contexts=contexts)
    raise _unsupported_suite(suite)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _proofs_of(document: Mapping[str, Any]) -> list[Any]:
    if "proof" not in document:
        return []
    proofs = _as_list(document["proof"])
    if len(proofs) > MAX_PROOFS:
        raise MalformedInputError(
            f"the document has more than {MAX_PROOFS} proofs",
            f"文档包含的证明超过 {MAX_PROOFS} 个",
        )
    return proofs


def _matching_proofs(all_proofs: Sequence[Any], previous: Any) -> list[dict[str, Any]]:
    """The proofs a ``previousProof`` value names (Data Integrity 4.2 / 4.4)."""
    ids = _as_list(previous)
    if not ids or not all(isinstance(i, str) and i for i in ids):
        raise MalformedInputError(
            "previousProof must be a proof id or a list of proof ids",
            "previousProof 必须是证明 id 或证明 id 列表",
        )
    matching: list[dict[str, Any]] = []
    for pid in ids:
        found = [p for p in all_proofs if isinstance(p, Mapping) and p.get("id") == pid]
        if len(found) != 1:
            raise ProofError(
                f"previousProof names {pid!r}, which is not exactly one proof of the document",
                f"previousProof 指向的 {pid!r} 不是文档中唯一的证明",
                details={"previousProof": pid},
            )
        matching.append(dict(found[0]))
    return matching


def add_proof(
    document: Mapping[str, Any],
    *,
    key: PrivateKey,
    verification_method: str,
    cryptosuite: str = jcs_suite.NAME,
    proof_purpose: str = "assertionMethod",
    created: str | datetime | None = None,
    contexts: Mapping[str, Any] | None = None,
    domain: str | Sequence[str] | None = None,
    challenge: str | None = None,
    expires: str | datetime | None = None,
    proof_id: str | None = None,
    previous_proof: str | Sequence[str] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Add a ``DataIntegrityProof`` to *document* (Data Integrity 1.0 sections 4.1 and 4.2).

    A document that already has proofs gets the new one appended (a proof
    set); ``previous_proof`` chains it to earlier proofs by id, which are then
    covered by the signature. Returns a new document; the input is unchanged.
    """
    if cryptosuite not in CRYPTOSUITES:
        raise _unsupported_suite(cryptosuite)
    key_class = _SUITE_KEYS[cryptosuite][0]
    if not isinstance(key, key_class):
        raise UnsupportedError(
            f"{cryptosuite} signs with {key_class.__name__} keys only; pass an {key_class.__name__}",
            f"{cryptosuite} 只能使用 {key_class.__name__} 密钥签名；请传入 {key_class.__name__}",
        )
    _check_vm_matches_key(verification_method, key)
    if not isinstance(document, Mapping):
        raise MalformedInputError(
            "the document to sign must be a JSON object", "待签名文档必须是 JSON 对象"
        )
    check_json_depth(document)
    doc = copy.deepcopy(dict(document))
    all_proofs = _proofs_of(doc)
    doc.pop("proof", None)
    created_text = _stamp(created, now, "created")
    proof: dict[str, Any] = {"type": _PROOF_TYPE}
    if proof_id is not None:
        proof["id"] = _url(proof_id, "proof id")
        if any(isinstance(p, Mapping) and p.get("id") == proof_id for p in all_proofs):
            raise MalformedInputError(
                "the document already has a proof with this id; proof ids must be unique",
                "文档中已有相同 id 的证明；证明 id 必须唯一",
            )
    proof["cryptosuite"] = cryptosuite
    proof["created"] = created_text
    if expires is not None:
        proof["expires"] = _stamp(expires, now, "expires")
    proof["verificationMethod"] = verification_method
    proof["proofPurpose"] = _nonempty(proof_purpose, "proof purpose")
    if domain is not None:
        if not isinstance(domain, str) and not domain:
            raise MalformedInputError(
                "domain must be a string or a non-empty list of strings",
                "domain 必须是字符串或非空字符串列表",
            )
        proof["domain"] = (
            _nonempty(domain, "domain")
            if isinstance(domain, str)
            else [_nonempty(d, "domain") for d in domain]
        )
    if challenge is not None:
        proof["challenge"] = _nonempty(challenge, "challenge")
    input_doc = doc
    if previous_proof is not None:
        if not isinstance(previous_proof, str | list | tuple) or not all(
            isinstance(p, str)
            for p in ([previous_proof] if isinstance(previous_proof, str) else previous_proof)
        ):
            raise MalformedInputError(
                "previous_proof must be a proof id or a list of proof ids",
                "previous_proof 必须是证明 id 或证明 id 列表",
            )
        proof["previousProof"] = (
            previous_proof if isinstance(previous_proof, str) else list(previous_proof)
        )
        input_doc = {**doc, "proof": _matching_proofs(all_proofs, proof["previousProof"])}
    if cryptosuite in _JCS_SUITES and "@context" in doc:
        proof["@context"] = copy.deepcopy(doc["@context"])
    signature = key.sign(_hash_data(cryptosuite, input_doc, proof, contexts))
    proof["proofValue"] = multibase_encode(signature, "base58btc")
    all_proofs.append(proof)
    doc["proof"] = all_proofs[0] if len(all_proofs) == 1 else all_proofs
    return doc


def _check_vm_matches_key(verification_method: Any, key: PrivateKey) -> None:
    _url(verification_method, "verification_method")
    if not verification_method.startswith("did:key:"):
        return
    did, _, fragment = verification_method.partition("#")
    if did[len("did:key:") :] != key.public_multibase or fragment not in (
        "",
        key.public_multibase,
    ):
        raise MalformedInputError(
            "verification_method is a did:key URL of another key than the signing key",
            "verification_method 是另一把密钥的 did:key URL，与签名密钥不符",
        )


def _nonempty(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise MalformedInputError(f"{what} must be a non-empty string", f"{what} 必须是非空字符串")
    return value


def _url(value: Any, what: str) -> str:
    if type(value) is not str or ":" not in value or _SPACE.search(value) is not None:
        raise MalformedInputError(f"{what} must be a URL", f"{what} 必须是 URL")
    return value


def _stamp(value: str | datetime | None, now: datetime | None, what: str) -> str:
    if value is None:
        current = resolve_now(now)
        return format_datetime(current.replace(microsecond=0))
    if isinstance(value, datetime):
        return format_datetime(value)
    parse_datetime_stamp(value, what=what)
    return value


# -- verification ------------------------------------------------------------


def _parse_proof(proof: Any) -> tuple[dict[str, Any], bytes]:
    """Structural checks of one proof (Data Integrity 4.3 step 1-5); returns (options, signature)."""
    if type(proof) is not dict and not isinstance(proof, Mapping):
        raise MalformedInputError("each proof must be a JSON object", "每个证明必须是 JSON 对象")
    ptype = proof.get("type")
    if ptype != _PROOF_TYPE:
        raise UnsupportedError(
            f"proof type {ptype!r} is not supported; use DataIntegrityProof with "
            f"cryptosuite {' or '.join(CRYPTOSUITES)}",
            f"不支持证明类型 {ptype!r}；请使用 DataIntegrityProof（密码套件 {' 或 '.join(CRYPTOSUITES)}）",
            details={"allowed": list(CRYPTOSUITES)},
        )
    suite = proof.get("cryptosuite")
    if suite not in CRYPTOSUITES:
        raise _unsupported_suite(suite)
    for name in ("verificationMethod", "proofPurpose", "proofValue"):
        value = proof.get(name)
        if type(value) is not str or not value:
            raise MalformedInputError(
                f"the proof lacks {name} (a non-empty string)",
                f"证明缺少 {name}（非空字符串）",
            )
    value = proof["proofValue"]
    if value[0] != "z":
        raise MalformedInputError(
            "proofValue must be multibase base58btc (start with 'z')",
            "proofValue 必须是 multibase base58btc 编码（以 'z' 开头）",
        )
    signature = multibase_decode(value)
    if len(signature) != 64:
        raise MalformedInputError(
            "proofValue must encode a 64-byte signature (Ed25519, or SM2 r‖s)",
            "proofValue 必须编码 64 字节的签名（Ed25519，或 SM2 r‖s）",
        )
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    return options, signature


def _utf8(text: str) -> bytes:
    """Bytes to compare: a lone surrogate (legal in JSON escapes) must not raise."""
    return text.encode("utf-8", "surrogatepass")


def _check_proof_options(
    options: Mapping[str, Any],
    *,
    expected_proof_purpose: str,
    domain: str | None,
    challenge: str | None,
    now: datetime,
) -> tuple[datetime | None, datetime | None, tuple[str, ...]]:
    purpose = options["proofPurpose"]
    if purpose != expected_proof_purpose:
        raise ProofError(
            f"the proof's purpose is {purpose!r} but {expected_proof_purpose!r} is expected",
            f"证明用途为 {purpose!r}，但要求 {expected_proof_purpose!r}",
            details={"proofPurpose": purpose, "expected": expected_proof_purpose},
        )
    created = (
        parse_datetime_stamp(options["created"], what="proof created")
        if "created" in options
        else None
    )
    expires = (
        parse_datetime_stamp(options["expires"], what="proof expires")
        if "expires" in options
        else None
    )
    if created is not None and created > now + MAX_CLOCK_SKEW:
        raise NotYetValidError(
            "the proof's created time is in the future; check the signer's clock",
            "证明的创建时间在未来；请检查签名方时钟",
        )
    if expires is not None and expires <= now:
        raise ExpiredError("the proof has expired", "证明已过期")
    proof_domains: tuple[str, ...] = ()
    if "domain" in options:
        raw = options["domain"]
        items = raw if isinstance(raw, list) else [raw]
        if not items or not all(isinstance(d, str) and d for d in items):
            raise MalformedInputError(
                "proof domain must be a string or a list of strings",
                "证明的 domain 必须是字符串或字符串列表",
            )
        proof_domains = tuple(items)
    # compare_digest takes str only when ASCII: compare UTF-8 bytes.
    if domain is not None and not any(
        hmac.compare_digest(_utf8(d), _utf8(domain)) for d in proof_domains
    ):
        raise ProofError(
            "the proof is not bound to the expected domain",
            "证明未绑定到预期的 domain",
            code="invalid_domain",
        )
    if "challenge" in options and not isinstance(options["challenge"], str):
        raise MalformedInputError(
            "proof challenge must be a string", "证明的 challenge 必须是字符串"
        )
    if challenge is not None and not hmac.compare_digest(
        _utf8(str(options.get("challenge", ""))), _utf8(challenge)
    ):
        raise ProofError(
            "the proof does not answer the expected challenge",
            "证明未回应预期的 challenge",
            code="invalid_challenge",
        )
    return created, expires, proof_domains


def _check_context(document: Mapping[str, Any], options: Mapping[str, Any], suite: str) -> Any:
    """Context validation; returns the @context the document was signed with."""
    ctx = document.get("@context")
    items = ctx if isinstance(ctx, list) else [ctx]
    if CREDENTIALS_V2 not in items and DATA_INTEGRITY_V2 not in items:
        raise MalformedInputError(
            "the document's @context must include the VCDM 2.0 or Data Integrity context",
            "文档的 @context 必须包含 VCDM 2.0 或 Data Integrity 上下文",
        )
    if suite in _JCS_SUITES and "@context" in options:
        # eddsa-jcs-2022 / ecdsa-jcs-2019 verify, step 4: the document's @context starts with the proof's.
        proof_ctx = options["@context"]
        pitems = proof_ctx if isinstance(proof_ctx, list) else [proof_ctx]
        if items[: len(pitems)] != pitems:
            raise ProofError(
                "the document's @context does not start with the proof's @context",
                "文档的 @context 未以证明的 @context 开头",
            )
        return proof_ctx
    return ctx


def verify_proof(
    document: Mapping[str, Any],
    *,
    resolver: VerificationMethodResolver | None = None,
    contexts: Mapping[str, Any] | None = None,
    expected_proof_purpose: str = "assertionMethod",
    domain: str | None = None,
    challenge: str | None = None,
    now: datetime | None = None,
) -> VerifiedDocument:
    """Verify every Data Integrity proof of *document* (proof sets and chains included).

    Each proof must be a ``DataIntegrityProof`` with an allowed cryptosuite,
    have ``expected_proof_purpose``, be within its ``created`` / ``expires``
    window, match ``domain`` and ``challenge`` when given, and verify with
    the key the resolver returns for its ``verificationMethod`` under the
    relationship named by the purpose, as it was at ``created``. Proofs named
    in ``previousProof`` must exist and are covered by the chaining proof.

    Returns a :class:`VerifiedDocument`; raises a
    :class:`~didkit_shebao.errors.VerificationError` subclass on any failure.
    """
    with verification_boundary():
        return verify_document(
            document,
            resolver=resolver,
            contexts=contexts,
            expected_proof_purpose=expected_proof_purpose,
            domain=domain,
            challenge=challenge,
            now=resolve_now(now),
        )


def verify_document(
    document: Mapping[str, Any],
    *,
    resolver: VerificationMethodResolver | None,
    contexts: Mapping[str, Any] | None,
    expected_proof_purpose: str,
    domain: str | None,
    challenge: str | None,
    now: datetime,
) -> VerifiedDocument:
    """The body of :func:`verify_proof` (callers hold the verification boundary)."""
    if type(document) is not dict and not isinstance(document, Mapping):
        raise MalformedInputError(
            "the secured document must be a JSON object", "受保护文档必须是 JSON 对象"
        )
    if not isinstance(expected_proof_purpose, str) or not expected_proof_purpose:
        raise MalformedInputError(
            "expected_proof_purpose must be a non-empty string",
            "expected_proof_purpose 必须是非空字符串",
        )
    for name, value in (("domain", domain), ("challenge", challenge)):
        if value is not None and not isinstance(value, str):
            raise MalformedInputError(
                f"{name}= must be a string (or None); pass the value the verifier expects",
                f"{name}= 必须是字符串（或 None）；请传入验证方期望的值",
            )
    all_proofs = _proofs_of(document)
    if not all_proofs:
        raise ProofError(
            "the document has no proof; sign it first",
            "文档没有证明；请先签名",
            code="proof_missing",
        )
    if len(all_proofs) > 1:
        ids = [p.get("id") for p in all_proofs if isinstance(p, Mapping) and "id" in p]
        if len(ids) != len(set(map(repr, ids))):
            raise ProofError("two proofs of the document share an id", "文档中两个证明的 id 相同")
    if resolver is None:
        resolver = _default_resolver()
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    details = tuple(
        [
            _verify_one(
                unsecured,
                proof,
                all_proofs,
                resolver=resolver,
                contexts=contexts,
                expected_proof_purpose=expected_proof_purpose,
                domain=domain,
                challenge=challenge,
                now=now,
            )
            for proof in all_proofs
        ]
    )
    first = all_proofs[0]
    if first.get("cryptosuite") in _JCS_SUITES and "@context" in first:
        # eddsa-jcs-2022 signs the proof's @context, which the document's only
        # has to start with: report what was signed, not later additions.
        unsecured["@context"] = first["@context"]
    return VerifiedDocument(document=freeze(unsecured), proofs=details)


def _verify_one(
    unsecured: Mapping[str, Any],
    proof: Any,
    all_proofs: Sequence[Any],
    *,
    resolver: VerificationMethodResolver,
    contexts: Mapping[str, Any] | None,
    expected_proof_purpose: str,
    domain: str | None,
    challenge: str | None,
    now: datetime,
) -> ProofDetails:
    options, signature = _parse_proof(proof)
    suite = options["cryptosuite"]
    created, expires, domains = _check_proof_options(
        options,
        expected_proof_purpose=expected_proof_purpose,
        domain=domain,
        challenge=challenge,
        now=now,
    )
    if "id" in options:
        _url(options["id"], "proof id")
    signed_ctx = _check_context(unsecured, options, suite)
    input_doc = dict(unsecured)
    if "@context" in input_doc:
        input_doc["@context"] = signed_ctx
    previous: tuple[str, ...] = ()
    if "previousProof" in options:
        matching = _matching_proofs(all_proofs, options["previousProof"])
        previous = tuple(p["id"] for p in matching)
        input_doc["proof"] = matching
    vm_id = _url(options["verificationMethod"], "verificationMethod")
    try:
        method = resolver.resolve_verification_method(
            vm_id, relationship=expected_proof_purpose, at=created
        )
    except ShebaoError:
        raise
    except Exception as exc:  # a caller-supplied resolver misbehaved: fail closed
        raise ProofError(
            "the verification method could not be retrieved",
            "无法获取验证方法",
        ) from exc
    public_key = getattr(method, "public_key", None)
    public_class = _SUITE_KEYS[suite][1]
    if not isinstance(public_key, public_class):
        raise ProofError(
            f"{suite} needs an {public_class.__name__} verification method; "
            "this one holds another key type",
            f"{suite} 需要 {public_class.__name__} 验证方法；该方法的密钥类型不符",
        )
    data = _hash_data(suite, input_doc, options, contexts)
    try:
        public_key.verify(data, signature)
    except InvalidSignatureError:
        raise
    except Exception as exc:  # pragma: no cover - keys.verify translates its errors
        raise InvalidSignatureError() from exc
    controller = getattr(method, "controller", None)
    return ProofDetails(
        type=_PROOF_TYPE,
        cryptosuite=suite,
        verification_method=vm_id,
        controller=controller if isinstance(controller, str) else "",
        proof_purpose=options["proofPurpose"],
        created=created,
        expires=expires,
        id=options.get("id"),
        domain=domains,
        challenge=options.get("challenge"),
        previous_proof=previous,
    )
