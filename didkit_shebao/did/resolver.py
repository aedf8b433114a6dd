"""DID resolution with an injected method registry and a TTL cache.

Nothing here is global: the methods a resolver knows are an immutable
mapping given at construction, and did:web needs a fetch function from the
caller. ``DIDResolver()`` resolves did:key and did:jwk fully offline.
"""

from __future__ import annotations

import copy
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final, Protocol

from ..errors import DIDMethodNotSupportedError, MalformedInputError
from .document import VerificationMethod, check_did, find_verification_method, split_did_url
from .history import DIDHistory
from .jwk import resolve_did_jwk
from .key import resolve_did_key
from .web import WebFetcher, fetch_did_web_history, resolve_did_web, select_did_web_version

__all__ = ["DEFAULT_METHODS", "DIDResolver", "MethodResolver", "resolve_did"]


class MethodResolver(Protocol):
    """Resolves DIDs of one method to their document.

    ``at`` asks for the document as it was at that time (key history); methods
    without history ignore it.

    .. versionadded:: 0.1
    """

    def __call__(self, did: str, *, at: datetime | None) -> dict[str, Any]:
        """Return the DID document of *did*."""
        ...


def _key_method(did: str, *, at: datetime | None) -> dict[str, Any]:
    return resolve_did_key(did)


def _jwk_method(did: str, *, at: datetime | None) -> dict[str, Any]:
    return resolve_did_jwk(did)


class _WebMethod:
    __slots__ = ("_fetch",)

    def __init__(self, fetch: WebFetcher) -> None:
        self._fetch = fetch

    def __call__(self, did: str, *, at: datetime | None) -> dict[str, Any]:
        return resolve_did_web(did, self._fetch, at=at)

    def snapshot(self, did: str) -> tuple[dict[str, Any], DIDHistory | None]:
        """The current document and its key history (one fetch of each)."""
        return fetch_did_web_history(did, self._fetch)


#: did:key and did:jwk: the methods every resolver knows.
DEFAULT_METHODS: Final[Mapping[str, MethodResolver]] = MappingProxyType(
    {"key": _key_method, "jwk": _jwk_method}
)

_OFFLINE_METHODS: Final = frozenset({"key", "jwk"})


class DIDResolver:
    """Resolves DIDs to documents and verification methods.

    Args:
        methods: extra or replacement method resolvers (method name → resolver).
        web_fetcher: enables did:web; called with the document's HTTPS URL.
        cache_ttl: seconds a fetched document is reused (0 disables caching).
        clock: monotonic seconds, injectable for tests.
        max_cache: number of documents kept.
    """

    def __init__(
        self,
        *,
        methods: Mapping[str, MethodResolver] | None = None,
        web_fetcher: WebFetcher | None = None,
        cache_ttl: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        max_cache: int = 1024,
    ) -> None:
        if (
            (methods is not None and not isinstance(methods, Mapping))
            or (web_fetcher is not None and not callable(web_fetcher))
            or not callable(clock)
            or type(cache_ttl) not in (int, float)
            or cache_ttl < 0
            or type(max_cache) is not int
            or max_cache < 0
        ):
            raise MalformedInputError(
                "DIDResolver options have the wrong type: methods= a mapping, web_fetcher= and "
                "clock= callables, cache_ttl= seconds >= 0, max_cache= an integer >= 0",
                "DIDResolver 参数类型错误：methods= 为映射，web_fetcher= 与 clock= 为可调用对象，"
                "cache_ttl= 为不小于 0 的秒数，max_cache= 为不小于 0 的整数",
            )
        table: dict[str, MethodResolver] = dict(DEFAULT_METHODS)
        if web_fetcher is not None:
            table["web"] = _WebMethod(web_fetcher)
        table.update(methods or {})
        self._methods: Mapping[str, MethodResolver] = MappingProxyType(table)
        self._ttl = float(cache_ttl)
        self._clock = clock
        self._max = max_cache
        self._cache: OrderedDict[tuple[str, Any], tuple[float, Any]] = OrderedDict()
        self._vm_cache: OrderedDict[tuple[str, str | None], VerificationMethod] = OrderedDict()

    @property
    def methods(self) -> tuple[str, ...]:
        """The DID methods this resolver handles."""
        return tuple(sorted(self._methods))

    @property
    def offline_only(self) -> bool:
        """True when it knows just the built-in did:key and did:jwk handlers.

        All such resolvers resolve every DID alike (the documents are pure
        functions of the DID), so results obtained with one hold for all.
        """
        return dict(self._methods) == dict(DEFAULT_METHODS)

    def _document(self, did: str, at: datetime | None) -> dict[str, Any]:
        if at is not None and (not isinstance(at, datetime) or at.utcoffset() is None):
            raise MalformedInputError(
                "at= must be a timezone-aware datetime (or None)",
                "at= 必须是带时区的 datetime（或 None）",
            )
        method, _ = check_did(did)
        handler = self._methods.get(method)
        if handler is None:
            hint = " (did:web needs DIDResolver(web_fetcher=...))" if method == "web" else ""
            raise DIDMethodNotSupportedError(
                f"DID method {method!r} is not supported by this resolver{hint}; "
                f"it handles: {', '.join(self.methods)}",
                f"此解析器不支持 DID 方法 {method!r}；支持：{', '.join(self.methods)}",
            )
        # did:key and did:jwk documents are pure functions of the DID: keep them.
        offline = method in _OFFLINE_METHODS and handler is DEFAULT_METHODS.get(method)
        if at is not None and isinstance(handler, _WebMethod):
            # One cached snapshot (current document + history) answers every time,
            # instead of two fetches per distinct proof time.
            web = handler
            current, history = self._cached(
                (did, "history"), lambda: web.snapshot(did), offline=False
            )
            return select_did_web_version(current, history, at)
        result: dict[str, Any] = self._cached(
            (did, at), lambda: handler(did, at=at), offline=offline
        )
        return result

    def _cached(self, key: tuple[str, Any], produce: Callable[[], Any], *, offline: bool) -> Any:
        if self._ttl > 0 or offline:
            hit = self._cache.get(key)
            if hit is not None and (offline or hit[0] > self._clock()):
                self._cache.move_to_end(key)
                return hit[1]
        value = produce()
        if self._ttl > 0 or offline:
            self._cache[key] = (self._clock() + self._ttl, value)
            if len(self._cache) > self._max:
                self._cache.popitem(last=False)
        return value

    def resolve(self, did: str, *, at: datetime | None = None) -> dict[str, Any]:
        """The DID document of *did* (as valid at *at*, for methods with history)."""
        return copy.deepcopy(self._document(did, at))

    def resolve_verification_method(
        self, vm_id: str, *, relationship: str | None = None, at: datetime | None = None
    ) -> VerificationMethod:
        """Dereference ``did…#fragment`` to its key, checking *relationship* when given."""
        # Only pure did:key / did:jwk lookups are kept here (functions of the DID URL).
        if not isinstance(vm_id, str) or not (
            relationship is None or isinstance(relationship, str)
        ):
            raise MalformedInputError(
                "the verification method id and relationship must be strings",
                "验证方法 id 与验证关系必须是字符串",
            )
        hit = self._vm_cache.get((vm_id, relationship))
        if hit is not None:
            return hit
        did, _ = split_did_url(vm_id)
        method, _ = check_did(did)
        pure = method in _OFFLINE_METHODS and self._methods.get(method) is DEFAULT_METHODS.get(
            method
        )
        found = find_verification_method(self._document(did, at), vm_id, relationship=relationship)
        if pure:
            self._vm_cache[(vm_id, relationship)] = found
            if len(self._vm_cache) > self._max:
                self._vm_cache.popitem(last=False)
        return found

    def clear_cache(self) -> None:
        """Forget every cached document."""
        self._cache.clear()
        self._vm_cache.clear()


def resolve_did(did: str) -> dict[str, Any]:
    """Resolve a did:key or did:jwk offline. For did:web use :class:`DIDResolver`."""
    method, _ = check_did(did)
    handler = DEFAULT_METHODS.get(method)
    if handler is None:
        raise DIDMethodNotSupportedError(
            f"resolve_did() handles did:key and did:jwk offline, not did:{method}; "
            "use DIDResolver(web_fetcher=...) for did:web",
            f"resolve_did() 仅离线解析 did:key 与 did:jwk，不支持 did:{method}；"
            "did:web 请使用 DIDResolver(web_fetcher=...)",
        )
    return handler(did, at=None)
