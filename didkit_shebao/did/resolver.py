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

from ..errors import DIDMethodNotSupportedError
from .document import VerificationMethod, check_did, find_verification_method, split_did_url
from .jwk import resolve_did_jwk
from .key import resolve_did_key
from .web import WebFetcher, resolve_did_web

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
        return resolve_did_web(did, self._fetch)


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
        table: dict[str, MethodResolver] = dict(DEFAULT_METHODS)
        if web_fetcher is not None:
            table["web"] = _WebMethod(web_fetcher)
        table.update(methods or {})
        self._methods: Mapping[str, MethodResolver] = MappingProxyType(table)
        self._ttl = float(cache_ttl)
        self._clock = clock
        self._max = max_cache
        self._cache: OrderedDict[tuple[str, datetime | None], tuple[float, dict[str, Any]]] = (
            OrderedDict()
        )

    @property
    def methods(self) -> tuple[str, ...]:
        """The DID methods this resolver handles."""
        return tuple(sorted(self._methods))

    def _document(self, did: str, at: datetime | None) -> dict[str, Any]:
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
        key = (did, at)
        if self._ttl > 0 or offline:
            hit = self._cache.get(key)
            if hit is not None and (offline or hit[0] > self._clock()):
                self._cache.move_to_end(key)
                return hit[1]
        document = handler(did, at=at)
        if self._ttl > 0 or offline:
            self._cache[key] = (self._clock() + self._ttl, document)
            if len(self._cache) > self._max:
                self._cache.popitem(last=False)
        return document

    def resolve(self, did: str, *, at: datetime | None = None) -> dict[str, Any]:
        """The DID document of *did* (as valid at *at*, for methods with history)."""
        return copy.deepcopy(self._document(did, at))

    def resolve_verification_method(
        self, vm_id: str, *, relationship: str | None = None, at: datetime | None = None
    ) -> VerificationMethod:
        """Dereference ``did…#fragment`` to its key, checking *relationship* when given."""
        did, _ = split_did_url(vm_id)
        return find_verification_method(self._document(did, at), vm_id, relationship=relationship)

    def clear_cache(self) -> None:
        """Forget every cached document."""
        self._cache.clear()


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
