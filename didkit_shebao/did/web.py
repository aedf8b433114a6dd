"""did:web: agency DIDs hosted on the agency's own HTTPS origin.

The core never opens a connection: :class:`~didkit_shebao.did.resolver.DIDResolver`
calls a fetch function the caller injects, with the URL this module derives
per the did:web specification (``:`` separates path segments, ``%3A`` encodes a
port, no path means ``/.well-known``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final, TypeAlias
from urllib.parse import unquote

from .._encoding import check_json_depth, parse_json
from ..errors import (
    DIDNotFoundError,
    InvalidDIDError,
    MalformedInputError,
    ResolutionError,
    ShebaoError,
)
from ..keys import as_public_key
from .document import check_did, validate_did_document
from .history import DIDHistory, did_web_history_url

__all__ = [
    "WebFetcher",
    "did_web_document",
    "did_web_url",
    "fetch_did_web_history",
    "resolve_did_web",
    "select_did_web_version",
]

WebFetcher: TypeAlias = Callable[[str], "bytes | str | Mapping[str, Any] | None"]
"""Fetches an HTTPS URL and returns the body (or parsed JSON); ``None`` means not found.

It may raise :class:`~didkit_shebao.errors.DIDNotFoundError` for a 404; any
other exception is reported as a resolution failure.

.. versionadded:: 0.1
"""

_HOST_RE: Final = re.compile(
    r"(?=.{1,253}(?::|$))(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?::[0-9]{1,5})?"
)
_SEGMENT_RE: Final = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=@-]+")


def did_web_url(did: str) -> str:
    """The HTTPS URL of a did:web's document."""
    method, msid = check_did(did)
    if method != "web":
        raise InvalidDIDError("not a did:web", "不是 did:web")
    host_part, *path = msid.split(":")
    host = unquote(host_part)
    if _HOST_RE.fullmatch(host) is None or (
        ":" in host and not 0 < int(host.rsplit(":", 1)[1]) < 65536
    ):
        raise InvalidDIDError(
            "did:web host must be a domain name, with an optional port encoded as %3A",
            "did:web 的主机必须是域名，端口（可选）以 %3A 编码",
        )
    segments = [unquote(s) for s in path]
    for s in segments:
        if _SEGMENT_RE.fullmatch(s) is None or s in (".", ".."):
            raise InvalidDIDError(
                "did:web path segments must be plain, non-empty URL path segments",
                "did:web 的路径段必须是非空的普通 URL 路径段",
            )
    suffix = "/".join(segments) if segments else ".well-known"
    return f"https://{host}/{suffix}/did.json"


def _fetch_json(url: str, fetch: WebFetcher, what: str) -> Any:
    """Fetch *url* through *fetch*; ``None`` when the fetcher reports not found."""
    try:
        body = fetch(url)
    except DIDNotFoundError:
        return None
    except ShebaoError:
        raise
    except Exception as exc:
        raise ResolutionError(
            f"fetching {url} failed ({type(exc).__name__}); check the network and the DID",
            f"获取 {url} 失败（{type(exc).__name__}）；请检查网络与 DID",
        ) from exc
    if body is None:
        return None
    if isinstance(body, Mapping):
        check_json_depth(body)
        return dict(body)
    if isinstance(body, bytes | str):
        return parse_json(body, what=what)
    raise ResolutionError(
        "the did:web fetcher must return bytes, text, a JSON object or None",
        "did:web 获取函数必须返回字节、文本、JSON 对象或 None",
    )


def fetch_did_web_history(did: str, fetch: WebFetcher) -> tuple[dict[str, Any], DIDHistory | None]:
    """Fetch a did:web's current document and, when published, its key history.

    The history is read from ``did-history.json`` next to ``did.json``
    (:mod:`didkit_shebao.did.history`); its latest version must equal the
    current ``did.json``, so a stale history cannot bring back a retired key.
    """
    url = did_web_url(did)
    document = _fetch_json(url, fetch, "did:web document")
    if document is None:
        raise DIDNotFoundError(f"no DID document at {url}", f"{url} 处没有 DID 文档")
    current = validate_did_document(document, did=did)
    history_url = did_web_history_url(url)
    raw = _fetch_json(history_url, fetch, "did:web history")
    if raw is None:
        return current, None
    history = DIDHistory.from_json(raw, did=did)
    latest = history.versions[-1]
    if latest.document is None or dict(latest.document) != current:
        raise ResolutionError(
            f"the key history at {history_url} does not end with the current DID document; "
            "publish the current document as the latest version",
            f"{history_url} 处的密钥历史未以当前 DID 文档结尾；请将当前文档发布为最新版本",
            code="history_mismatch",
        )
    return current, history


def select_did_web_version(
    current: dict[str, Any], history: DIDHistory | None, at: datetime | None
) -> dict[str, Any]:
    """The document in effect at *at*: from the history, else the current one."""
    if at is None or history is None:
        return current
    return history.document_at(at)


def resolve_did_web(did: str, fetch: WebFetcher, *, at: datetime | None = None) -> dict[str, Any]:
    """Fetch and check a did:web document through *fetch*.

    With *at*, the document in effect at that time, from the agency's key
    history (:func:`fetch_did_web_history`); without a published history, the
    current document is used.
    """
    if at is None:
        url = did_web_url(did)
        document = _fetch_json(url, fetch, "did:web document")
        if document is None:
            raise DIDNotFoundError(f"no DID document at {url}", f"{url} 处没有 DID 文档")
        return validate_did_document(document, did=did)
    current, history = fetch_did_web_history(did, fetch)
    return select_did_web_version(current, history, at)


def did_web_document(
    did: str,
    keys: Sequence[object] | Mapping[str, object],
    *,
    relationships: Sequence[str] = ("assertionMethod", "authentication"),
    services: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """Build an agency's did:web document listing *keys* as Multikey methods.

    *keys* is a list (fragments ``key-1``, ``key-2`` …) or a mapping
    fragment → key; each key may be a key, public key, public JWK or
    publicKeyMultibase. Host the result at :func:`did_web_url`.
    """
    did_web_url(did)
    items = (
        list(keys.items())
        if isinstance(keys, Mapping)
        else [(f"key-{i}", k) for i, k in enumerate(keys, start=1)]
    )
    if not items:
        raise MalformedInputError(
            "a DID document needs at least one key", "DID 文档至少需要一个密钥"
        )
    methods = []
    for fragment, key in items:
        methods.append(
            {
                "id": f"{did}#{fragment}",
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": as_public_key(key).public_multibase,
            }
        )
    doc: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": methods,
    }
    for rel in relationships:
        doc[rel] = [m["id"] for m in methods]
    if services:
        doc["service"] = [dict(s) for s in services]
    return validate_did_document(doc, did=did)
