"""Issuer-side status management: random index allocation, status changes, history.

A :class:`StatusListManager` owns one published list (a W3C bitstring list for
one purpose, or an IETF Token Status List). It

* hands out indices **at random** (``secrets``), so an index reveals neither
  when a credential was issued nor how many were (herd privacy, spec §2.1
  and §6 of the Token Status List draft);
* never hands out an index twice — a revoked or expired credential's index is
  retired with it;
* keeps every version it publishes as the **exact bytes** served
  (:attr:`PublishedVersion.artifact`: the JCS form of the signed credential,
  or the compact JWT), so each version can be anchored and later matched with
  :attr:`StatusResult.list_digest <didkit_shebao.status.StatusResult.list_digest>`.

The manager does no I/O; :meth:`to_json` / :meth:`from_json` let the caller
(e.g. the CLI) keep it in a file or a database.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal

from .._encoding import b64url_decode, b64url_encode, canonical_json, parse_json
from ..errors import MalformedInputError, StatusListError
from ..keys import Ed25519Key, PrivateKey
from ._compress import MAX_DECOMPRESSED_BYTES, ZLIB_WBITS, compress, decompress
from .bitstring import BITSTRING_ENTRY_TYPE, MIN_ENTRIES, StatusList
from .credential import issue_status_list_credential
from .token import (
    STATUS_INVALID,
    STATUS_SUSPENDED,
    STATUS_VALID,
    TokenStatusList,
    issue_status_list_token,
)

__all__ = ["STATE_FORMAT", "PublishedVersion", "StatusListManager"]

#: ``format`` marker of :meth:`StatusListManager.to_json` output.
STATE_FORMAT: Final = "didkit-shebao/status-list-state@1"

Kind = Literal["bitstring", "token"]
_PURPOSES: Final = ("revocation", "suspension", "message")
_RANDOM_TRIES: Final = 64


@dataclass(frozen=True, slots=True)
class PublishedVersion:
    """One published version of a status list, as served.

    Attributes:
        version: 1, 2, … in publication order.
        published_at: ISO 8601 time of publication.
        kind: "bitstring" (a credential) or "token" (a JWT).
        artifact: the exact published bytes: RFC 8785 JSON of the signed
            credential, or the ASCII compact JWT.
    """

    version: int
    published_at: str
    kind: Kind
    artifact: bytes

    @property
    def digest(self) -> bytes:
        """SHA-256 of :attr:`artifact` (what an anchor commits to)."""
        return hashlib.sha256(self.artifact).digest()

    @property
    def digest_hex(self) -> str:
        """:attr:`digest` in hex (equals ``StatusResult.list_digest`` for this version)."""
        return self.digest.hex()

    def document(self) -> dict[str, Any] | str:
        """The artifact as served: the credential dict, or the JWT string."""
        if self.kind == "token":
            return self.artifact.decode("ascii")
        doc: dict[str, Any] = parse_json(self.artifact, what="published status list")
        return doc


def _iso(now: datetime) -> str:
    return now.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


class StatusListManager:
    """Issuer-side state of one status list.

    Args:
        url: where the list is published (``statusListCredential`` / ``uri``).
        kind: ``"bitstring"`` (W3C, default) or ``"token"`` (IETF).
        purpose: bitstring only: ``revocation`` (default), ``suspension`` or
            ``message``. A token list carries VALID / INVALID / SUSPENDED in one.
        size: number of entries (bitstring: at least 131,072).
        bits: bits per entry; a token list needs 2 or more to suspend.
        status_messages: for a ``message`` list, 2^bits messages.
        randbelow: ``n -> int in [0, n)``; defaults to :func:`secrets.randbelow`.

    Example:
        >>> m = StatusListManager(url="https://example.gov.cn/status/1")
        >>> i = m.allocate()
        >>> m.entry(i)["statusPurpose"], m.status(i)
        ('revocation', 0)
        >>> m.revoke(i); m.status(i)
        1
    """

    def __init__(
        self,
        *,
        url: str,
        kind: Kind = "bitstring",
        purpose: str = "revocation",
        size: int = MIN_ENTRIES,
        bits: int = 1,
        status_messages: Sequence[str] | None = None,
        randbelow: Callable[[int], int] | None = None,
    ) -> None:
        if not isinstance(url, str) or not url:
            raise MalformedInputError(
                "url must be where the status list is published", "url 必须是状态列表的发布地址"
            )
        if kind not in ("bitstring", "token"):
            raise MalformedInputError(
                "kind must be 'bitstring' or 'token'", "kind 必须为 'bitstring' 或 'token'"
            )
        self._url = url
        self._kind: Kind = kind
        self._list: StatusList | TokenStatusList
        if kind == "bitstring":
            if purpose not in _PURPOSES:
                raise MalformedInputError(
                    f"purpose must be one of {', '.join(_PURPOSES)}",
                    f"purpose 必须是 {', '.join(_PURPOSES)} 之一",
                )
            self._list = StatusList(size, bits)
        else:
            purpose = "token"
            self._list = TokenStatusList(size, bits)
        self._purpose = purpose
        self._messages: tuple[str, ...] | None = None
        if purpose == "message":
            if status_messages is None or len(status_messages) != 1 << bits:
                raise MalformedInputError(
                    f"a message list needs {1 << bits} status_messages (2^bits)",
                    f"消息列表需要 {1 << bits} 条 status_messages（2^bits）",
                )
            if not all(isinstance(m, str) for m in status_messages):
                raise MalformedInputError(
                    "status_messages must be strings", "status_messages 必须是字符串"
                )
            self._messages = tuple(status_messages)
        self._allocated = bytearray((len(self._list) + 7) // 8)
        self._count = 0
        self._randbelow: Callable[[int], int] = (
            randbelow if randbelow is not None else secrets.randbelow
        )
        self._versions: list[PublishedVersion] = []

    # -- properties ------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Where the list is published."""
        return self._url

    @property
    def kind(self) -> Kind:
        """``"bitstring"`` or ``"token"``."""
        return self._kind

    @property
    def purpose(self) -> str:
        """The bitstring purpose, or ``"token"``."""
        return self._purpose

    @property
    def size(self) -> int:
        """Number of entries."""
        return len(self._list)

    @property
    def bits(self) -> int:
        """Bits per entry."""
        return self._list.bits

    @property
    def allocated_count(self) -> int:
        """How many indices were handed out (never returned)."""
        return self._count

    def status_list(self) -> StatusList | TokenStatusList:
        """A copy of the current list."""
        return self._list.copy()

    def retarget(self, *, url: str | None = None, purpose: str | None = None) -> None:
        """Change the URL or (bitstring) purpose before the first publication.

        Once a version is published, credentials point at it: both stay fixed.
        """
        if self._versions:
            raise self._deny(
                "change the URL or purpose",
                "the list has been published; create a new list instead",
                "列表已发布；请新建列表",
            )
        if url is not None:
            if not isinstance(url, str) or not url:
                raise MalformedInputError(
                    "url must be where the status list is published",
                    "url 必须是状态列表的发布地址",
                )
            self._url = url
        if purpose is not None and self._kind == "bitstring":
            if purpose not in _PURPOSES or (purpose == "message") != (self._messages is not None):
                raise MalformedInputError(
                    f"purpose must be one of {', '.join(_PURPOSES)} (message lists are "
                    "created with their messages)",
                    f"purpose 必须是 {', '.join(_PURPOSES)} 之一（消息列表须在创建时提供消息）",
                )
            self._purpose = purpose

    def reserve(self, index: int) -> None:
        """Mark *index* as taken (for an index assigned outside this manager)."""
        if type(index) is not int or not 0 <= index < len(self._list):
            raise MalformedInputError(
                f"index {index!r} is outside the list (0 to {len(self._list) - 1})",
                f"索引 {index!r} 超出列表范围（0 至 {len(self._list) - 1}）",
                details={"reason": "RANGE_ERROR"},
            )
        if not self.is_allocated(index):
            self._mark(index)

    # -- allocation --------------------------------------------------------------------

    def is_allocated(self, index: int) -> bool:
        """True if *index* was ever handed out."""
        if type(index) is not int or not 0 <= index < len(self._list):
            return False
        return bool(self._allocated[index >> 3] & (1 << (index & 7)))

    def _mark(self, index: int) -> None:
        self._allocated[index >> 3] |= 1 << (index & 7)
        self._count += 1

    def allocate(self) -> int:
        """A fresh index chosen uniformly at random among those never handed out.

        Raises:
            StatusListError: every index is taken; start a new list.
        """
        size = len(self._list)
        if self._count >= size:
            raise StatusListError(
                f"all {size} indices of this status list are taken; publish a new list",
                f"该状态列表的 {size} 个索引已全部分配；请发布新列表",
                details={"reason": "full", "url": self._url},
            )
        for _ in range(_RANDOM_TRIES):
            candidate = self._randbelow(size)
            if not self.is_allocated(candidate):
                self._mark(candidate)
                return candidate
        free = [i for i in range(size) if not self.is_allocated(i)]
        chosen = free[self._randbelow(len(free))]
        self._mark(chosen)
        return chosen

    def _require_allocated(self, index: int) -> None:
        if not self.is_allocated(index):
            raise StatusListError(
                f"index {index!r} was never allocated from this list; use the index "
                "stored with the credential",
                f"索引 {index!r} 未从该列表分配；请使用凭证中记录的索引",
                details={"reason": "not_allocated", "url": self._url},
            )

    # -- entries ------------------------------------------------------------------------

    def entry(self, index: int) -> dict[str, Any]:
        """The credential's status reference for *index*.

        Bitstring: a ``BitstringStatusListEntry`` for ``credentialStatus``.
        Token: the ``status`` claim ``{"status_list": {"idx", "uri"}}``.
        """
        self._require_allocated(index)
        if self._kind == "token":
            return {"status_list": {"idx": index, "uri": self._url}}
        entry: dict[str, Any] = {
            "id": f"{self._url}#{index}",
            "type": BITSTRING_ENTRY_TYPE,
            "statusPurpose": self._purpose,
            "statusListIndex": str(index),
            "statusListCredential": self._url,
        }
        if self.bits != 1:
            entry["statusSize"] = self.bits
        if self._messages is not None:
            entry["statusMessage"] = [
                {"status": hex(i), "message": m} for i, m in enumerate(self._messages)
            ]
        return entry

    # -- status changes -----------------------------------------------------------------

    def status(self, index: int) -> int:
        """The current status value at *index*."""
        return self._list.get(index)

    def _deny(self, action: str, why: str, why_zh: str) -> StatusListError:
        return StatusListError(
            f"cannot {action}: {why}",
            f"无法执行 {action}：{why_zh}",
            details={"reason": "not_allowed", "url": self._url},
        )

    def revoke(self, index: int) -> None:
        """Revoke *index* for good (bitstring purpose ``revocation``, or token INVALID)."""
        self._require_allocated(index)
        if self._kind == "token":
            self._list.set(index, STATUS_INVALID)
            return
        if self._purpose != "revocation":
            raise self._deny(
                "revoke",
                f"this is a {self._purpose} list; revoke on a revocation list",
                f"这是 {self._purpose} 列表；请在撤销列表上撤销",
            )
        self._list.set(index, 1)

    def suspend(self, index: int) -> None:
        """Suspend *index* (bitstring purpose ``suspension``, or token SUSPENDED)."""
        self._require_allocated(index)
        if self._kind == "token":
            if self.bits < 2:
                raise self._deny(
                    "suspend",
                    "a 1-bit token list has no SUSPENDED value; use bits=2 or more",
                    "1 位令牌列表没有 SUSPENDED 值；请使用 2 位及以上",
                )
            if self._list.get(index) == STATUS_INVALID:
                raise self._deny("suspend", "the token is revoked", "该令牌已被撤销")
            self._list.set(index, STATUS_SUSPENDED)
            return
        if self._purpose != "suspension":
            raise self._deny(
                "suspend",
                f"this is a {self._purpose} list; suspend on a suspension list",
                f"这是 {self._purpose} 列表；请在暂停列表上暂停",
            )
        self._list.set(index, 1)

    def resume(self, index: int) -> None:
        """Lift a suspension of *index*. A revocation is never undone."""
        self._require_allocated(index)
        if self._kind == "token":
            current = self._list.get(index)
            if current == STATUS_INVALID:
                raise self._deny(
                    "resume",
                    "the token is revoked, and revocation is irreversible",
                    "该令牌已被撤销，撤销不可恢复",
                )
            if current == STATUS_SUSPENDED:
                self._list.set(index, STATUS_VALID)
            return
        if self._purpose != "suspension":
            raise self._deny(
                "resume",
                f"this is a {self._purpose} list; only suspensions are lifted",
                f"这是 {self._purpose} 列表；只能解除暂停",
            )
        self._list.set(index, 0)

    def set_status(self, index: int, value: int) -> None:
        """Set a raw status value (``message`` lists and application-specific token values).

        A revoked entry stays revoked.
        """
        self._require_allocated(index)
        if self._purpose == "revocation" and self._list.get(index) == 1 and value != 1:
            raise self._deny("set the status", "revocation is irreversible", "撤销不可恢复")
        if self._kind == "token" and self._list.get(index) == STATUS_INVALID and value != 1:
            raise self._deny("set the status", "revocation is irreversible", "撤销不可恢复")
        self._list.set(index, value)

    # -- publication --------------------------------------------------------------------

    def _record(self, artifact: bytes, now: datetime) -> PublishedVersion:
        version = PublishedVersion(len(self._versions) + 1, _iso(now), self._kind, artifact)
        self._versions.append(version)
        return version

    def publish_credential(
        self,
        *,
        issuer: str,
        key: Ed25519Key,
        verification_method: str,
        now: datetime | None = None,
        valid_until: datetime | None = None,
        ttl: int | None = None,
        cryptosuite: str = "eddsa-jcs-2022",
    ) -> dict[str, Any]:
        """Sign the current bitstring list as a ``BitstringStatusListCredential`` and record it.

        Args:
            ttl: milliseconds verifiers may cache it.
            now: ``validFrom`` and the proof's ``created`` (default: now).
        """
        if not isinstance(self._list, StatusList):
            raise self._deny(
                "publish a credential",
                "this is a token list; use publish_token()",
                "这是令牌列表；请使用 publish_token()",
            )
        when = now if now is not None else datetime.now(UTC)
        credential = issue_status_list_credential(
            self._list,
            id=self._url,
            issuer=issuer,
            key=key,
            verification_method=verification_method,
            purpose=self._purpose,
            valid_from=when,
            valid_until=valid_until,
            ttl=ttl,
            status_messages=self._messages,
            cryptosuite=cryptosuite,
            created=when,
        )
        self._record(canonical_json(credential), when)
        return credential

    def publish_token(
        self,
        *,
        issuer: str | None,
        key: PrivateKey,
        kid: str | None = None,
        now: datetime | None = None,
        ttl: int | None = None,
        expires_at: datetime | None = None,
    ) -> str:
        """Sign the current token list as a Status List Token and record it."""
        if not isinstance(self._list, TokenStatusList):
            raise self._deny(
                "publish a token",
                "this is a bitstring list; use publish_credential()",
                "这是位串列表；请使用 publish_credential()",
            )
        when = now if now is not None else datetime.now(UTC)
        token = issue_status_list_token(
            self._list,
            uri=self._url,
            issuer=issuer,
            key=key,
            kid=kid,
            now=when,
            ttl=ttl,
            expires_at=expires_at,
        )
        self._record(token.encode("ascii"), when)
        return token

    def versions(self) -> tuple[PublishedVersion, ...]:
        """Every published version, oldest first."""
        return tuple(self._versions)

    # -- persistence --------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The whole state as JSON (list, allocations, history); no key material."""
        encoded = self._list.encode()
        return {
            "format": STATE_FORMAT,
            "kind": self._kind,
            "url": self._url,
            "purpose": self._purpose,
            "size": len(self._list),
            "bits": self._list.bits,
            "statusMessages": list(self._messages) if self._messages is not None else None,
            "list": encoded,
            "allocated": b64url_encode(
                compress(bytes(self._allocated), level=9, wbits=ZLIB_WBITS)
            ),
            "allocatedCount": self._count,
            "versions": [
                {
                    "version": v.version,
                    "publishedAt": v.published_at,
                    "artifact": v.artifact.decode("utf-8"),
                    "digest": v.digest_hex,
                }
                for v in self._versions
            ],
        }

    @classmethod
    def from_json(
        cls, state: Mapping[str, Any], *, randbelow: Callable[[int], int] | None = None
    ) -> StatusListManager:
        """Rebuild a manager from :meth:`to_json` output (checks it thoroughly)."""
        if not isinstance(state, Mapping) or state.get("format") != STATE_FORMAT:
            raise MalformedInputError(
                f"not a status list state file (format {STATE_FORMAT!r} expected)",
                f"不是状态列表状态文件（应为 {STATE_FORMAT!r} 格式）",
            )
        try:
            kind = state["kind"]
            messages = state.get("statusMessages")
            m = cls(
                url=state["url"],
                kind=kind,
                purpose=state["purpose"] if kind == "bitstring" else "revocation",
                size=state["size"],
                bits=state["bits"],
                status_messages=messages,
                randbelow=randbelow,
            )
            if kind == "bitstring":
                raw = StatusList.decode(state["list"], bits=state["bits"], minimum=0).to_bytes()
                lst: StatusList | TokenStatusList = StatusList.from_bytes(
                    raw, bits=state["bits"], size=state["size"], minimum=0
                )
            else:
                raw = TokenStatusList.decode(state["list"], bits=state["bits"]).to_bytes()
                lst = TokenStatusList.from_bytes(raw, bits=state["bits"], size=state["size"])
            allocated = decompress(
                b64url_decode(state["allocated"], what="allocated"),
                wbits=ZLIB_WBITS,
                what="allocated",
                max_bytes=MAX_DECOMPRESSED_BYTES,
            )
            versions_raw = state.get("versions", [])
            count = state["allocatedCount"]
        except (KeyError, TypeError) as exc:
            raise MalformedInputError(
                "the status list state is incomplete or has wrong types",
                "状态列表状态文件不完整或类型错误",
            ) from exc
        if len(allocated) != len(m._allocated) or type(count) is not int:
            raise MalformedInputError(
                "the allocation map does not match the list size", "分配表与列表大小不符"
            )
        if sum(bin(b).count("1") for b in allocated) != count:
            raise MalformedInputError(
                "the allocation count does not match the allocation map", "分配计数与分配表不符"
            )
        m._list = lst
        m._allocated = bytearray(allocated)
        m._count = count
        if not isinstance(versions_raw, list):
            raise MalformedInputError("versions must be a list", "versions 必须是列表")
        for n, v in enumerate(versions_raw, start=1):
            if (
                not isinstance(v, Mapping)
                or v.get("version") != n
                or not isinstance(v.get("artifact"), str)
                or not isinstance(v.get("publishedAt"), str)
            ):
                raise MalformedInputError(
                    "a stored version is malformed", "存储的某个版本格式错误"
                )
            pv = PublishedVersion(n, v["publishedAt"], kind, v["artifact"].encode("utf-8"))
            if v.get("digest") != pv.digest_hex:
                raise MalformedInputError(
                    f"stored version {n} does not match its digest; the state file was altered",
                    f"存储的第 {n} 版与其摘要不符；状态文件已被修改",
                )
            m._versions.append(pv)
        return m

    def __repr__(self) -> str:
        return (
            f"StatusListManager(url={self._url!r}, kind={self._kind!r}, purpose="
            f"{self._purpose!r}, size={len(self._list)}, allocated={self._count})"
        )
