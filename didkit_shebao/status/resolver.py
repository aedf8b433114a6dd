"""StatusListResolver: fetch status lists through a caller's function and cache them.

The resolver does no I/O of its own: ``fetch`` is the caller's function (an
HTTP client, a file reader, a holder-stapled copy). It keeps each fetched list
for at most ``ttl`` seconds, and for less when the list itself says so (the
``ttl`` of a BitstringStatusListCredential, in milliseconds; the ``ttl`` and
``exp`` of a Status List Token, in seconds). The check functions also keep the
*verified and decoded* list next to the fetched document, so a status check
against a cached list costs a dictionary lookup and a bit test, not a
signature verification and a decompression.

Time for the cache comes from ``clock`` (default :func:`time.monotonic`), so
tests control expiry without sleeping.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Final

from ..errors import MalformedInputError, StatusUnavailableError

__all__ = ["DEFAULT_STATUS_TTL", "StatusListResolver"]

#: Default cache lifetime in seconds.
DEFAULT_STATUS_TTL: Final = 300.0
#: Verified forms kept per URL (one per distinct DID resolver / key used).
_MAX_VERIFIED: Final = 8


@dataclass(slots=True)
class _Entry:
    document: Any
    fetched_at: float
    expires_at: float
    verified: dict[Hashable, Any] = field(default_factory=dict)


class StatusListResolver:
    """Fetch status lists with *fetch* and cache them for up to *ttl* seconds.

    Args:
        fetch: ``url -> document``: a status-list credential (a dict or JSON
            text) for Bitstring Status List, a compact JWT string for Token
            Status List. Any exception it raises makes the status check fail
            closed with :class:`~didkit_shebao.errors.StatusUnavailableError`.
        ttl: the longest time, in seconds, a list is reused before it is
            fetched again; a shorter ``ttl`` in the list itself wins. 0 disables
            caching.
        clock: monotonic seconds; defaults to :func:`time.monotonic`.
        max_entries: how many URLs to keep; the entry expiring first is
            evicted when full.

    Pass the resolver as ``status=`` to ``verify_credential`` /
    ``verify_sd_jwt`` / the check functions.
    """

    __slots__ = ("_clock", "_entries", "_fetch", "_lock", "_max_entries", "_ttl")

    def __init__(
        self,
        fetch: Callable[[str], Any],
        ttl: float = DEFAULT_STATUS_TTL,
        *,
        clock: Callable[[], float] | None = None,
        max_entries: int = 1024,
    ) -> None:
        if not callable(fetch):
            raise MalformedInputError(
                "fetch must be a function url -> status list document",
                "fetch 必须是 url -> 状态列表文档 的函数",
            )
        if isinstance(ttl, bool) or not isinstance(ttl, int | float) or not ttl >= 0:
            raise MalformedInputError(
                "ttl must be a number of seconds, 0 or more", "ttl 必须是不小于 0 的秒数"
            )
        if type(max_entries) is not int or max_entries < 1:
            raise MalformedInputError(
                "max_entries must be a positive integer", "max_entries 必须是正整数"
            )
        self._fetch = fetch
        self._ttl = float(ttl)
        self._clock: Callable[[], float] = clock if clock is not None else time.monotonic
        self._max_entries = max_entries
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    @property
    def ttl(self) -> float:
        """The resolver's own cache lifetime, in seconds."""
        return self._ttl

    def get(self, url: str) -> Any:
        """The document at *url*: from the cache while fresh, else fetched now.

        Raises:
            StatusUnavailableError: the fetch function failed (cause chained).
        """
        if not isinstance(url, str):
            raise MalformedInputError(
                "the status list URL must be a string", "状态列表 URL 必须是字符串"
            )
        now = self._clock()
        entry = self._entries.get(url)
        if entry is not None and now < entry.expires_at:
            return entry.document
        try:
            document = self._fetch(url)
        except Exception as exc:
            raise StatusUnavailableError(
                "the status list could not be fetched; the credential's status is unknown, "
                "so it is not accepted — retry when the list is reachable",
                "无法获取状态列表，凭证状态未知，因此不予接受；请在列表可访问时重试",
                details={"reason": "STATUS_RETRIEVAL_ERROR", "url": url},
            ) from exc
        if document is None:
            raise StatusUnavailableError(
                "the status list fetch returned nothing",
                "状态列表获取结果为空",
                details={"reason": "STATUS_RETRIEVAL_ERROR", "url": url},
            )
        if self._ttl > 0:
            with self._lock:
                if url not in self._entries and len(self._entries) >= self._max_entries:
                    oldest = min(self._entries, key=lambda u: self._entries[u].expires_at)
                    del self._entries[oldest]
                self._entries[url] = _Entry(document, now, now + self._ttl)
        return document

    def invalidate(self, url: str | None = None) -> None:
        """Forget *url* (or everything), so the next check fetches again."""
        with self._lock:
            if url is None:
                self._entries.clear()
            else:
                self._entries.pop(url, None)

    # -- used by the check functions --------------------------------------------------

    def cached_verified(self, url: str, key: Hashable) -> Any:
        """The verified form stored under *key* for a fresh *url*, or None."""
        entry = self._entries.get(url)
        if entry is None or self._clock() >= entry.expires_at:
            return None
        return entry.verified.get(key)

    def remember_verified(
        self, url: str, document: Any, key: Hashable, value: Any, *, max_age: float | None
    ) -> None:
        """Keep *value* (the verified *document*) and shorten the entry to *max_age* seconds."""
        with self._lock:
            entry = self._entries.get(url)
            if entry is None or entry.document is not document:
                return
            if max_age is not None:
                entry.expires_at = min(entry.expires_at, entry.fetched_at + max(0.0, max_age))
            if key not in entry.verified and len(entry.verified) >= _MAX_VERIFIED:
                del entry.verified[next(iter(entry.verified))]
            entry.verified[key] = value

    def __repr__(self) -> str:
        return f"StatusListResolver(ttl={self._ttl}, cached={len(self._entries)})"
