"""Status checks: Bitstring Status List entries and Token Status List claims.

Both checks fail closed. Anything that keeps the verifier from learning the
status — the list cannot be fetched, its proof or signature does not verify,
it names another issuer or purpose, it is outside its validity period, too
short, malformed, or does not reach the index — raises
:class:`~didkit_shebao.errors.StatusUnavailableError` with the cause chained
and ``details["reason"]`` set to the spec's error name
(``STATUS_RETRIEVAL_ERROR``, ``STATUS_VERIFICATION_ERROR``,
``STATUS_LIST_LENGTH_ERROR``, ``RANGE_ERROR``, ``MALFORMED_VALUE_ERROR``).
A set revocation bit raises :class:`~didkit_shebao.errors.RevokedError`, a
set suspension bit :class:`~didkit_shebao.errors.SuspendedError`; other
purposes (``message``, ``refresh``, custom) are returned as results.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Collection, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, Final

from .._encoding import canonical_json, parse_json
from .._jws import verify_jws
from .._time import parse_datetime_stamp, parse_duration, resolve_now
from ..did.resolver import DIDResolver
from ..errors import (
    MalformedInputError,
    RevokedError,
    ShebaoError,
    StatusUnavailableError,
    SuspendedError,
    VerificationError,
    as_verification_error,
)
from ..keys import PublicKey, as_public_key
from .bitstring import (
    BITSTRING_LIST_CREDENTIAL_TYPE,
    BITSTRING_LIST_TYPE,
    MIN_ENTRIES,
    BitstringStatusEntry,
    StatusList,
    parse_status_entry,
)
from .resolver import StatusListResolver
from .token import (
    STATUS_INVALID,
    STATUS_SUSPENDED,
    STATUS_VALID,
    TOKEN_STATUS_NAMES,
    TokenStatusList,
    parse_status_list_token,
)

__all__ = [
    "StatusResult",
    "StatusSource",
    "TokenStatusResult",
    "check_credential_status",
    "check_token_status",
]

#: ``status=`` argument: a resolver, or a plain function ``url -> document``.
StatusSource = StatusListResolver | Callable[[str], Any]

#: Results kept per cached list version (distinct entries read from it).
_MAX_MEMO: Final = 4096


@dataclass(frozen=True, slots=True)
class StatusResult:
    """The outcome of one ``BitstringStatusListEntry`` (spec §3.2 result map).

    Attributes:
        purpose: ``statusPurpose`` of the entry.
        index: ``statusListIndex``.
        status: the status value read from the list.
        valid: ``status == 0``.
        message: for ``statusMessage`` / purpose ``message``: the message of
            the value; "set" / "unset" for one-bit entries without messages.
        status_list_credential: the list's URL.
        status_size: ``statusSize``.
        list_digest: SHA-256 (hex) of the status-list credential in JCS form,
            the digest an anchoring receipt for that list version covers.
    """

    purpose: str
    index: int
    status: int
    valid: bool
    message: str | None
    status_list_credential: str
    status_size: int = 1
    list_digest: str = ""


@dataclass(frozen=True, slots=True)
class TokenStatusResult:
    """The outcome of a Token Status List check that did not fail.

    Attributes:
        uri: the Status List Token's URI.
        idx: the index checked.
        status: the status value (0 VALID, or an application-specific value).
        name: "VALID", or None for application-specific values.
        list_digest: SHA-256 (hex) of the Status List Token's ASCII bytes.
    """

    uri: str
    idx: int
    status: int
    name: str | None
    list_digest: str = ""

    @property
    def valid(self) -> bool:
        """True when the status is VALID (0)."""
        return self.status == STATUS_VALID


# -- helpers ------------------------------------------------------------------------


def _unavailable(message: str, message_zh: str, reason: str, url: str) -> StatusUnavailableError:
    return StatusUnavailableError(message, message_zh, details={"reason": reason, "url": url})


def _fetch(status: object, url: str) -> Any:
    if isinstance(status, StatusListResolver):
        return status.get(url)
    if not callable(status):
        raise MalformedInputError(
            "status must be a StatusListResolver or a function url -> status list",
            "status 必须是 StatusListResolver 或 url -> 状态列表 的函数",
        )
    try:
        document = status(url)
    except Exception as exc:
        raise _unavailable(
            "the status list could not be fetched; the credential's status is unknown, "
            "so it is not accepted — retry when the list is reachable",
            "无法获取状态列表，凭证状态未知，因此不予接受；请在列表可访问时重试",
            "STATUS_RETRIEVAL_ERROR",
            url,
        ) from exc
    if document is None:
        raise _unavailable(
            "the status list fetch returned nothing",
            "状态列表获取结果为空",
            "STATUS_RETRIEVAL_ERROR",
            url,
        )
    return document


# -- Bitstring Status List ------------------------------------------------------------


@dataclass(slots=True)
class _VerifiedList:
    """A status-list credential whose proof verified, decoded once."""

    url: str
    issuer: str
    purposes: frozenset[str]
    valid_from: datetime | None
    valid_until: datetime | None
    ttl_seconds: float | None
    declared_size: int | None
    data: bytes
    digest: str
    views: dict[int, StatusList] = field(default_factory=dict)
    results: dict[Hashable, StatusResult] = field(default_factory=dict)

    def remember(self, key: Hashable, result: StatusResult) -> None:
        if len(self.results) >= _MAX_MEMO:
            self.results.clear()
        self.results[key] = result

    def view(self, bits: int, minimum: int) -> StatusList:
        sl = self.views.get(bits)
        if sl is None:
            sl = StatusList.from_bytes(self.data, bits=bits, minimum=0)
            self.views[bits] = sl
        if len(sl) < minimum:
            raise _unavailable(
                f"the status list holds {len(sl)} entries of {bits} bit(s); at least "
                f"{minimum} are required, so it is refused",
                f"状态列表仅有 {len(sl)} 项（每项 {bits} 位），至少需要 {minimum} 项，已拒绝",
                "STATUS_LIST_LENGTH_ERROR",
                self.url,
            )
        return sl


def _issuer_id(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def _as_list(value: object) -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def _verify_list_credential(
    document: Any, url: str, *, resolver: Any, now: datetime, contexts: Any
) -> _VerifiedList:
    """Verify the status-list credential's proof and shape; decode its list once."""
    if isinstance(document, str | bytes):
        try:
            document = parse_json(document, what="status list credential")
        except ShebaoError as exc:
            raise _unavailable(
                "the status list document is not valid JSON",
                "状态列表文档不是合法 JSON",
                "STATUS_RETRIEVAL_ERROR",
                url,
            ) from exc
    if not isinstance(document, Mapping):
        raise _unavailable(
            "the status list document is not a JSON object",
            "状态列表文档不是 JSON 对象",
            "STATUS_RETRIEVAL_ERROR",
            url,
        )
    doc = copy.deepcopy(dict(document))
    from ..vc import verify_credential  # status depends on vc, never the reverse at import

    try:
        verify_credential(doc, resolver=resolver, now=now, check_status=False, contexts=contexts)
    except Exception as exc:
        raise _unavailable(
            "the status list credential does not verify (proof, issuer or validity); "
            "a list that cannot be trusted is treated as unavailable",
            "状态列表凭证验证失败（证明、签发方或有效期）；不可信的列表视为不可用",
            "STATUS_VERIFICATION_ERROR",
            url,
        ) from exc
    types = _as_list(doc.get("type"))
    if BITSTRING_LIST_CREDENTIAL_TYPE not in types:
        raise _unavailable(
            f"the document at the status URL is not a {BITSTRING_LIST_CREDENTIAL_TYPE}",
            f"状态 URL 处的文档不是 {BITSTRING_LIST_CREDENTIAL_TYPE}",
            "STATUS_VERIFICATION_ERROR",
            url,
        )
    if "id" in doc and doc["id"] != url:
        raise _unavailable(
            "the status list credential's id differs from the URL the credential points to; "
            "another list was served in its place",
            "状态列表凭证的 id 与凭证所指 URL 不符；返回的是另一份列表",
            "STATUS_VERIFICATION_ERROR",
            url,
        )
    issuer = _issuer_id(doc.get("issuer"))
    subject = doc.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    if issuer is None or not isinstance(subject, Mapping):
        raise _unavailable(
            "the status list credential lacks an issuer or a single credentialSubject",
            "状态列表凭证缺少签发方或唯一的 credentialSubject",
            "MALFORMED_VALUE_ERROR",
            url,
        )
    if subject.get("type") != BITSTRING_LIST_TYPE and BITSTRING_LIST_TYPE not in _as_list(
        subject.get("type")
    ):
        raise _unavailable(
            f"credentialSubject.type must be {BITSTRING_LIST_TYPE}",
            f"credentialSubject.type 必须为 {BITSTRING_LIST_TYPE}",
            "MALFORMED_VALUE_ERROR",
            url,
        )
    purposes = _as_list(subject.get("statusPurpose"))
    if not purposes or not all(isinstance(p, str) and p for p in purposes):
        raise _unavailable(
            "credentialSubject.statusPurpose must be one or more strings",
            "credentialSubject.statusPurpose 必须是一个或多个字符串",
            "MALFORMED_VALUE_ERROR",
            url,
        )
    ttl = subject.get("ttl")
    try:
        ttl_seconds = (
            None if ttl is None else parse_duration(ttl, what="credentialSubject.ttl", unit=0.001)
        )
    except MalformedInputError as exc:
        raise _unavailable(
            "credentialSubject.ttl must be a number of milliseconds",
            "credentialSubject.ttl 必须是毫秒数",
            "MALFORMED_VALUE_ERROR",
            url,
        ) from exc
    declared = subject.get("statusSize")
    if declared is not None and (type(declared) is not int or declared < 1):
        raise _unavailable(
            "credentialSubject.statusSize must be a positive integer",
            "credentialSubject.statusSize 必须是正整数",
            "MALFORMED_VALUE_ERROR",
            url,
        )
    try:
        valid_from = (
            parse_datetime_stamp(doc["validFrom"], what="validFrom")
            if "validFrom" in doc
            else None
        )
        valid_until = (
            parse_datetime_stamp(doc["validUntil"], what="validUntil")
            if "validUntil" in doc
            else None
        )
        data = StatusList.decode(subject.get("encodedList"), minimum=0).to_bytes()  # type: ignore[arg-type]
    except ShebaoError as exc:
        raise _unavailable(
            "the status list credential is malformed (dates or encodedList); it cannot be used",
            "状态列表凭证格式错误（日期或 encodedList），无法使用",
            str(exc.details.get("reason", "MALFORMED_VALUE_ERROR")),
            url,
        ) from exc
    return _VerifiedList(
        url=url,
        issuer=issuer,
        purposes=frozenset(purposes),
        valid_from=valid_from,
        valid_until=valid_until,
        ttl_seconds=ttl_seconds,
        declared_size=declared,
        data=data,
        digest=hashlib.sha256(canonical_json(doc)).hexdigest(),
    )


def _resolver_identity(resolver: Any) -> Hashable:
    """What the verification of a cached list depends on, as a cache key.

    ``verify_credential`` / ``verify_sd_jwt`` build a fresh offline
    :class:`DIDResolver` when the caller gives none; all of those resolve
    alike (did:key and did:jwk are pure functions of the DID), so they share
    one key. Any other resolver is keyed by identity.
    """
    if resolver is None:
        return "offline"
    if isinstance(resolver, DIDResolver) and resolver.offline_only:
        return "offline"
    return id(resolver)


def _list_for(
    url: str, *, status: object, resolver: Any, now: datetime, contexts: Any
) -> _VerifiedList:
    if isinstance(status, StatusListResolver):
        key: Hashable = ("bitstring", _resolver_identity(resolver), id(contexts))
        hit = status.cached_verified(url, key)
        if hit is not None:
            result: _VerifiedList = hit[0]
            return result
    document = _fetch(status, url)
    verified = _verify_list_credential(
        document, url, resolver=resolver, now=now, contexts=contexts
    )
    if isinstance(status, StatusListResolver):
        # Keep the resolver and contexts alive with the entry so their ids stay theirs.
        status.remember_verified(
            url,
            document,
            key,
            (verified, resolver, contexts),
            max_age=_min_age(
                verified.ttl_seconds,
                None
                if verified.valid_until is None
                else (verified.valid_until - now).total_seconds(),
            ),
        )
    return verified


def _check_list_now(
    vl: _VerifiedList, *, issuer: str, trusted_issuers: Collection[str], now: datetime
) -> None:
    """The per-call checks of a (possibly cached) list: who issued it, and when it is valid."""
    if vl.issuer != issuer and vl.issuer not in trusted_issuers:
        raise _unavailable(
            "the status list was issued by someone other than the credential's issuer "
            "(pass trusted_issuers= to accept a separate status authority)",
            "状态列表的签发方与凭证签发方不同（如信任独立的状态机构，请传入 trusted_issuers=）",
            "STATUS_VERIFICATION_ERROR",
            vl.url,
        )
    if vl.valid_from is not None and now < vl.valid_from:
        raise _unavailable(
            "the status list is not valid yet (validFrom is in the future)",
            "状态列表尚未生效（validFrom 晚于当前时间）",
            "STATUS_VERIFICATION_ERROR",
            vl.url,
        )
    if vl.valid_until is not None and now >= vl.valid_until:
        raise _unavailable(
            "the status list has expired (validUntil has passed); fetch a current one",
            "状态列表已过期（已过 validUntil）；请获取最新列表",
            "STATUS_VERIFICATION_ERROR",
            vl.url,
        )


def _read_entry(
    entry: BitstringStatusEntry, vl: _VerifiedList, *, minimum_entries: int
) -> StatusResult:
    """What the list says about *entry*: purpose, size and range checked, value read."""
    url = entry.status_list_credential
    if entry.purpose not in vl.purposes:
        raise _unavailable(
            f"the status list does not serve the purpose {entry.purpose!r}",
            f"状态列表不用于 {entry.purpose!r} 用途",
            "STATUS_VERIFICATION_ERROR",
            url,
        )
    if entry.purpose == "message" and vl.declared_size is None:
        raise _unavailable(
            "a 'message' status list must declare credentialSubject.statusSize (spec §2.2)",
            "'message' 用途的状态列表必须声明 credentialSubject.statusSize（规范 §2.2）",
            "MALFORMED_VALUE_ERROR",
            url,
        )
    if vl.declared_size is not None and vl.declared_size != entry.size:
        raise _unavailable(
            "the entry's statusSize differs from the status list's statusSize",
            "条目的 statusSize 与状态列表的 statusSize 不一致",
            "MALFORMED_VALUE_ERROR",
            url,
        )
    sl = vl.view(entry.size, minimum_entries)
    if entry.index >= len(sl):
        raise _unavailable(
            f"statusListIndex {entry.index} is outside the status list ({len(sl)} entries)",
            f"statusListIndex {entry.index} 超出状态列表范围（共 {len(sl)} 项）",
            "RANGE_ERROR",
            url,
        )
    value = sl.get(entry.index)
    return StatusResult(
        purpose=entry.purpose,
        index=entry.index,
        status=value,
        valid=value == 0,
        message=entry.message_for(value),
        status_list_credential=url,
        status_size=entry.size,
        list_digest=vl.digest,
    )


_SCALARS: Final = (str, int)
_SIMPLE_KEYS: Final = frozenset(
    {"id", "type", "statusPurpose", "statusListIndex", "statusListCredential", "statusSize"}
)


def _simple_key(item: object) -> tuple[Any, ...] | None:
    """A hashable key for an entry made only of scalar members (the common case), else None.

    Equal keys parse to equal entries, so the result read from one list
    version can be reused for them.
    """
    if type(item) is not dict or not item.keys() <= _SIMPLE_KEYS:
        return None
    key = (
        item.get("type"),
        item.get("statusPurpose"),
        item.get("statusListIndex"),
        item.get("statusListCredential"),
        item.get("statusSize", 1),
        item.get("id"),
    )
    for v in key:
        if v is not None and type(v) not in _SCALARS:
            return None
    return key


@lru_cache(maxsize=_MAX_MEMO)
def _parse_simple(key: tuple[Any, ...]) -> BitstringStatusEntry:
    """:func:`parse_status_entry` of the entry *key* was made from (a pure memo)."""
    names = (
        "type",
        "statusPurpose",
        "statusListIndex",
        "statusListCredential",
        "statusSize",
        "id",
    )
    return parse_status_entry({n: v for n, v in zip(names, key, strict=True) if v is not None})


def _revoked_or_suspended(results: list[StatusResult]) -> None:
    revoked = suspended = None
    for r in results:
        if not r.valid:
            if r.purpose == "revocation" and revoked is None:
                revoked = r
            elif r.purpose == "suspension" and suspended is None:
                suspended = r
    hit = revoked or suspended
    if hit is None:
        return
    details = {
        "purpose": hit.purpose,
        "index": hit.index,
        "status_list_credential": hit.status_list_credential,
    }
    if hit is revoked:
        raise RevokedError(
            "the credential has been revoked by its issuer; it cannot be accepted",
            "凭证已被签发方撤销，不能接受",
            details=details,
        )
    raise SuspendedError(
        "the credential is suspended by its issuer; it may be resumed later",
        "凭证已被签发方暂停，之后可能恢复",
        details=details,
    )


def check_credential_status(
    credential: Mapping[str, Any],
    *,
    status: StatusSource,
    issuer: str,
    now: datetime | None,
    resolver: Any,
    contexts: Any = None,
    trusted_issuers: Collection[str] = (),
    minimum_entries: int = MIN_ENTRIES,
) -> tuple[StatusResult, ...]:
    """Check every ``BitstringStatusListEntry`` in ``credential["credentialStatus"]``.

    Follows the validate algorithm of Bitstring Status List v1.0 §3.2 and
    fails closed. With a :class:`StatusListResolver` the list is fetched,
    verified and decoded once per cache lifetime; later checks read the bit.

    Args:
        credential: the (already verified) credential.
        status: a :class:`StatusListResolver` (cached) or a function
            ``url -> status-list credential``.
        issuer: the credential's issuer; the status list must come from it,
            or from one of *trusted_issuers*.
        now: the time to check validity against (aware datetime).
        resolver: the DID resolver used to verify the status-list credential.
        contexts: JSON-LD contexts for ``eddsa-rdfc-2022`` status lists.
        trusted_issuers: other issuers allowed to publish this credential's status.
        minimum_entries: the smallest list accepted (131,072 by default).

    Returns:
        one :class:`StatusResult` per entry, in order (empty without entries).

    Raises:
        RevokedError: a ``revocation`` entry is set.
        SuspendedError: a ``suspension`` entry is set (and none is revoked).
        StatusUnavailableError: any list could not be fetched or trusted.
        MalformedVerificationInputError: an entry is malformed.
    """
    # The body of verification_boundary(), inlined: this runs on every
    # verification and the context manager costs as much as the check itself.
    try:
        when = resolve_now(now)
        raw = credential.get("credentialStatus") if isinstance(credential, Mapping) else None
        if raw is None:
            return ()
        items = raw if isinstance(raw, list) else [raw]
        if not isinstance(issuer, str):
            raise MalformedInputError("issuer must be a string", "issuer 必须是字符串")
        results: list[StatusResult] = []
        for item in items:
            key = _simple_key(item)
            entry = parse_status_entry(item) if key is None else _parse_simple(key)
            url = entry.status_list_credential
            vl = _list_for(url, status=status, resolver=resolver, now=when, contexts=contexts)
            _check_list_now(vl, issuer=issuer, trusted_issuers=trusted_issuers, now=when)
            memo = (key, minimum_entries) if key is not None else None
            result = vl.results.get(memo) if memo is not None else None
            if result is None:
                result = _read_entry(entry, vl, minimum_entries=minimum_entries)
                if memo is not None:
                    vl.remember(memo, result)
            results.append(result)
        _revoked_or_suspended(results)
        return tuple(results)
    except VerificationError:
        raise
    except ShebaoError as exc:
        raise as_verification_error(exc) from exc


# -- Token Status List ---------------------------------------------------------------


@dataclass(slots=True)
class _VerifiedToken:
    uri: str
    exp: int | None
    ttl: float | None
    status_list: TokenStatusList
    digest: str
    results: dict[int, TokenStatusResult] = field(default_factory=dict, compare=False)


def _token_key(
    kid: str | None, issuer: str | None, issuer_key: Any, resolver: Any, uri: str
) -> PublicKey:
    if issuer_key is not None:
        return as_public_key(issuer_key)
    if not isinstance(issuer, str) or not issuer.startswith("did:"):
        raise _unavailable(
            "the status list token's key cannot be found: pass issuer_key= or use a DID issuer",
            "无法确定状态列表令牌的密钥：请传入 issuer_key= 或使用 DID 签发方",
            "STATUS_VERIFICATION_ERROR",
            uri,
        )
    if not isinstance(kid, str) or not kid:
        raise _unavailable(
            "the status list token has no 'kid' naming the issuer's verification method",
            "状态列表令牌缺少指明签发方验证方法的 'kid'",
            "STATUS_VERIFICATION_ERROR",
            uri,
        )
    vm_id = issuer + kid if kid.startswith("#") else kid
    if vm_id.split("#", 1)[0] != issuer:
        raise _unavailable(
            "the status list token was signed with a key of another DID than the issuer's",
            "状态列表令牌由非签发方 DID 的密钥签名",
            "STATUS_VERIFICATION_ERROR",
            uri,
        )
    if resolver is None:
        resolver = DIDResolver()
    vm = resolver.resolve_verification_method(vm_id, relationship="assertionMethod")
    key: PublicKey = vm.public_key
    return key


def _verify_token(
    document: Any, uri: str, *, issuer: str | None, issuer_key: Any, resolver: Any
) -> _VerifiedToken:
    try:
        if isinstance(document, bytes):
            document = document.decode("ascii")
        token = parse_status_list_token(document)
        if token.sub != uri:
            raise _unavailable(
                "the status list token's 'sub' differs from the uri the token points to; "
                "another list was served in its place",
                "状态列表令牌的 'sub' 与引用的 uri 不符；返回的是另一份列表",
                "STATUS_VERIFICATION_ERROR",
                uri,
            )
        if token.iss is not None and issuer is not None and token.iss != issuer:
            raise _unavailable(
                "the status list token's 'iss' differs from the issuer of the token it covers",
                "状态列表令牌的 'iss' 与被引用令牌的签发方不符",
                "STATUS_VERIFICATION_ERROR",
                uri,
            )
        key = _token_key(token.kid, issuer, issuer_key, resolver, uri)
        verify_jws(token.jws, key)
    except StatusUnavailableError:
        raise
    except Exception as exc:
        raise _unavailable(
            "the status list token does not verify (format, key or signature); "
            "a list that cannot be trusted is treated as unavailable",
            "状态列表令牌验证失败（格式、密钥或签名）；不可信的列表视为不可用",
            "STATUS_VERIFICATION_ERROR",
            uri,
        ) from exc
    return _VerifiedToken(
        uri=uri,
        exp=token.exp,
        ttl=None if token.ttl is None else float(token.ttl),
        status_list=token.status_list,
        digest=hashlib.sha256(document.encode("ascii")).hexdigest(),
    )


def _min_age(*ages: float | None) -> float | None:
    present = [a for a in ages if a is not None]
    return min(present) if present else None


def _token_for(
    uri: str, *, status: object, issuer: str | None, issuer_key: Any, resolver: Any, now: datetime
) -> _VerifiedToken:
    key: Hashable = None
    if isinstance(status, StatusListResolver):
        ident: Hashable = (
            as_public_key(issuer_key) if issuer_key is not None else _resolver_identity(resolver)
        )
        key = ("token", issuer, ident)
        hit = status.cached_verified(uri, key)
        if hit is not None:
            cached: _VerifiedToken = hit[0]
            return cached
    document = _fetch(status, uri)
    verified = _verify_token(
        document, uri, issuer=issuer, issuer_key=issuer_key, resolver=resolver
    )
    if isinstance(status, StatusListResolver):
        # The resolver object rides along so that its id() cannot be reused meanwhile.
        until_exp = None if verified.exp is None else verified.exp - now.timestamp()
        status.remember_verified(
            uri, document, key, (verified, resolver), max_age=_min_age(verified.ttl, until_exp)
        )
    return verified


def _parse_claim(status_claim: Mapping[str, Any]) -> tuple[int, str]:
    if not isinstance(status_claim, Mapping):
        raise MalformedInputError(
            "the 'status' claim must be a JSON object", "'status' 声明必须是 JSON 对象"
        )
    ref = status_claim.get("status_list")
    if not isinstance(ref, Mapping):
        raise MalformedInputError(
            "the 'status' claim has no 'status_list' reference; no supported status mechanism",
            "'status' 声明中没有 'status_list' 引用；无受支持的状态机制",
        )
    idx, uri = ref.get("idx"), ref.get("uri")
    if type(idx) is not int or idx < 0:
        raise MalformedInputError(
            "status_list 'idx' must be a non-negative integer",
            "status_list 的 'idx' 必须是非负整数",
        )
    if not isinstance(uri, str) or not uri:
        raise MalformedInputError(
            "status_list 'uri' must be the status list token's URI",
            "status_list 的 'uri' 必须是状态列表令牌的 URI",
        )
    return idx, uri


def check_token_status(
    status_claim: Mapping[str, Any],
    *,
    status: StatusSource,
    issuer: str | None,
    now: datetime | None,
    resolver: Any,
    issuer_key: Any = None,
) -> TokenStatusResult:
    """Check a token's ``status`` claim against its Status List Token (IETF TSL).

    Args:
        status_claim: the value of the ``status`` claim,
            ``{"status_list": {"idx": N, "uri": U}}``.
        status: a :class:`StatusListResolver` or a function ``uri -> token``.
        issuer: ``iss`` of the referenced token; the list must be signed by it.
        now: the time for ``exp`` (aware datetime).
        resolver: DID resolver used to find the key from ``kid`` when no
            *issuer_key* is given (default: an offline :class:`DIDResolver`).
        issuer_key: the issuer's key (key, public key, public JWK or multibase).

    Returns:
        a :class:`TokenStatusResult` for VALID and application-specific values.

    Raises:
        RevokedError: status 0x01 INVALID.
        SuspendedError: status 0x02 SUSPENDED.
        StatusUnavailableError: the token could not be fetched or trusted, has
            expired, or does not reach ``idx``.
    """
    # verification_boundary(), inlined for speed (see check_credential_status).
    try:
        when = resolve_now(now)
        issuer = issuer or None  # an empty iss (no issuer) is the same as none
        idx, uri = _parse_claim(status_claim)
        vt = _token_for(
            uri, status=status, issuer=issuer, issuer_key=issuer_key, resolver=resolver, now=when
        )
        if vt.exp is not None and when.timestamp() >= vt.exp:
            raise _unavailable(
                "the status list token has expired ('exp' has passed); fetch a current one",
                "状态列表令牌已过期（已过 'exp'）；请获取最新令牌",
                "STATUS_VERIFICATION_ERROR",
                uri,
            )
        result = vt.results.get(idx)
        if result is None:
            if idx >= len(vt.status_list):
                raise _unavailable(
                    f"status_list idx {idx} is outside the list ({len(vt.status_list)} entries)",
                    f"status_list 的 idx {idx} 超出列表范围（共 {len(vt.status_list)} 项）",
                    "RANGE_ERROR",
                    uri,
                )
            value = vt.status_list.get(idx)
            result = TokenStatusResult(
                uri=uri,
                idx=idx,
                status=value,
                name=TOKEN_STATUS_NAMES.get(value),
                list_digest=vt.digest,
            )
            if len(vt.results) >= _MAX_MEMO:
                vt.results.clear()
            vt.results[idx] = result
        if result.status == STATUS_INVALID:
            raise RevokedError(
                "the token's status is INVALID: it has been revoked by its issuer",
                "令牌状态为 INVALID：已被签发方撤销",
                details={"uri": uri, "idx": idx, "status": result.status},
            )
        if result.status == STATUS_SUSPENDED:
            raise SuspendedError(
                "the token's status is SUSPENDED: it may be resumed later",
                "令牌状态为 SUSPENDED：之后可能恢复",
                details={"uri": uri, "idx": idx, "status": result.status},
            )
        return result
    except VerificationError:
        raise
    except ShebaoError as exc:
        raise as_verification_error(exc) from exc
