"""JSON-LD context documents served from an allow-list, never fetched.

The W3C contexts the library needs ship as package data in
``didkit_shebao/data/contexts`` (byte-identical to the W3C documents, with a
``SHA256SUMS`` file), next to our own domain context ``shebao-v1.jsonld``.
:class:`FrozenDocumentLoader` serves those plus the documents a caller passes
in ``contexts=``; any other URL raises
:class:`~didkit_shebao.errors.UnsupportedError` instead of going to the network.

pyld is imported lazily (extra ``jsonld``), and its global default loader and
global resolved-context cache are never used: every call passes its own
``documentLoader`` and ``contextResolver``.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Final

from .._encoding import parse_json
from ..errors import MalformedInputError, ShebaoError, UnsupportedError

__all__ = [
    "BUNDLED_CONTEXTS",
    "FrozenDocumentLoader",
    "bundled_context",
    "canonicalize_rdf",
]

#: Context URL -> file name under ``didkit_shebao/data/contexts``.
BUNDLED_CONTEXTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "https://www.w3.org/ns/credentials/v2": "credentials_v2.jsonld",
        "https://www.w3.org/ns/credentials/examples/v2": "credentials_examples_v2.jsonld",
        "https://www.w3.org/ns/credentials/undefined-terms/v2": (
            "credentials_undefined-terms_v2.jsonld"
        ),
        "https://www.w3.org/ns/credentials/status/v1": "credentials_status_v1.jsonld",
        "https://w3id.org/security/data-integrity/v2": "data-integrity_v2.jsonld",
        "https://w3id.org/security/multikey/v1": "multikey_v1.jsonld",
        "https://www.w3.org/ns/cid/v1": "cid_v1.jsonld",
        "https://www.w3.org/ns/did/v1": "did_v1.jsonld",
        # Our own context for the 人社 domain terms (didkit_shebao.shebao.jsonld).
        "https://didkit-shebao.example/contexts/shebao/v1": "shebao-v1.jsonld",
    }
)

#: Cap on the number of contexts a single document may pull in.
MAX_CONTEXT_LOADS: Final = 32


@cache
def _bundled_bytes(name: str) -> bytes:
    return (resources.files("didkit_shebao") / "data" / "contexts" / name).read_bytes()


def _expected_sums() -> dict[str, str]:
    text = _bundled_bytes("SHA256SUMS").decode("ascii")
    sums: dict[str, str] = {}
    for line in text.splitlines():
        digest, _, name = line.partition("  ")
        sums[name.strip()] = digest
    return sums


@cache
def _bundled_document(url: str) -> Any:
    name = BUNDLED_CONTEXTS[url]
    data = _bundled_bytes(name)
    if hashlib.sha256(data).hexdigest() != _expected_sums().get(name):
        raise MalformedInputError(  # pragma: no cover - guards a broken install
            f"bundled context {name} does not match SHA256SUMS; reinstall didkit_shebao",
            f"内置上下文 {name} 与 SHA256SUMS 不符；请重新安装 didkit_shebao",
        )
    return parse_json(data, what=f"context {name}")


def bundled_context(url: str) -> Any:
    """Return a deep copy of the bundled context document for *url*."""
    if url not in BUNDLED_CONTEXTS:
        raise UnsupportedError(
            f"no bundled JSON-LD context for {url!r}; pass it in contexts={{url: document}}",
            f"没有内置的 JSON-LD 上下文 {url!r}；请通过 contexts={{url: 文档}} 传入",
        )
    return copy.deepcopy(_bundled_document(url))


class FrozenDocumentLoader:
    """A pyld document loader over a fixed allow-list of context documents.

    Serves the bundled W3C contexts and the caller's ``contexts`` (URL ->
    parsed JSON document; a bundled URL cannot be given another document).
    Anything else raises
    :class:`~didkit_shebao.errors.UnsupportedError`: nothing is downloaded.
    Create one per call; it is never installed as pyld's global loader.
    """

    __slots__ = ("_extra", "loads")

    def __init__(self, contexts: Mapping[str, Any] | None = None) -> None:
        extra: dict[str, Any] = {}
        if contexts is not None and not isinstance(contexts, Mapping):
            raise MalformedInputError(
                "contexts= must map context URLs to parsed JSON-LD documents (dicts)",
                "contexts= 必须把上下文 URL 映射到已解析的 JSON-LD 文档（dict）",
            )
        for url, document in (contexts or {}).items():
            if not isinstance(url, str) or not isinstance(document, Mapping):
                raise MalformedInputError(
                    "contexts= must map context URLs to parsed JSON-LD documents (dicts)",
                    "contexts= 必须把上下文 URL 映射到已解析的 JSON-LD 文档（dict）",
                )
            if url in BUNDLED_CONTEXTS and dict(document) != _bundled_document(url):
                raise MalformedInputError(
                    f"contexts= may not replace the bundled W3C context {url!r}",
                    f"contexts= 不得替换内置的 W3C 上下文 {url!r}",
                )
            extra[url] = copy.deepcopy(dict(document))
        self._extra: Mapping[str, Any] = MappingProxyType(extra)
        self.loads = 0

    def known(self, url: str) -> bool:
        """True when *url* is served (bundled or passed in)."""
        return url in self._extra or url in BUNDLED_CONTEXTS

    def __call__(self, url: str, options: Any = None) -> dict[str, Any]:
        """Return a pyld ``RemoteDocument`` for *url*, or raise for unknown URLs."""
        self.loads += 1
        if self.loads > MAX_CONTEXT_LOADS:
            raise UnsupportedError(
                f"the document loads more than {MAX_CONTEXT_LOADS} JSON-LD contexts",
                f"文档加载的 JSON-LD 上下文超过 {MAX_CONTEXT_LOADS} 个",
            )
        if url in self._extra:
            document = copy.deepcopy(self._extra[url])
        elif url in BUNDLED_CONTEXTS:
            document = bundled_context(url)
        else:
            raise UnsupportedError(
                f"JSON-LD context {url!r} is not bundled and was not passed in contexts=; "
                "contexts are never downloaded: pass {url: document} in contexts=",
                f"JSON-LD 上下文 {url!r} 既非内置也未通过 contexts= 传入；"
                "本库从不下载上下文：请通过 contexts= 传入 {url: 文档}",
                details={"url": url},
            )
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": document,
        }


def _pyld() -> Any:
    try:
        from pyld import jsonld
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise UnsupportedError(
            "eddsa-rdfc-2022 needs the optional 'jsonld' extra: pip install 'didkit-shebao[jsonld]'",
            "eddsa-rdfc-2022 需要可选依赖 jsonld：pip install 'didkit-shebao[jsonld]'",
        ) from exc
    return jsonld


def _check_absolute(node: Any, dropped: list[str]) -> None:
    """Walk expanded JSON-LD; record relative @type / @id values RDF would drop."""
    if isinstance(node, list):
        for item in node:
            _check_absolute(item, dropped)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "@type" and "@value" not in node:
            for t in value if isinstance(value, list) else [value]:
                if isinstance(t, str) and not _is_absolute(t):
                    dropped.append(f"type {t!r}")
        elif key == "@id":
            if isinstance(value, str) and not _is_absolute(value):
                dropped.append(f"id {value!r}")
        elif key == "@value":
            continue
        else:
            _check_absolute(value, dropped)


#: pyld resolves relative IRIs against this placeholder base instead of leaving
#: them relative (JSON-LD 1.1 would drop them from RDF): treat it as relative.
_PYLD_PLACEHOLDER_BASE: Final = "http://example.org/base/"


def _is_absolute(iri: str) -> bool:
    if iri.startswith("_:"):
        return True
    if iri.startswith(_PYLD_PLACEHOLDER_BASE):
        return False
    scheme, sep, _ = iri.partition(":")
    return bool(sep) and scheme[:1].isalpha() and all(c.isalnum() or c in "+-." for c in scheme)


def canonicalize_rdf(
    document: Mapping[str, Any],
    *,
    loader: FrozenDocumentLoader,
    what: str = "document",
) -> str:
    """RDFC-1.0 (URDNA2015) canonical N-Quads of *document*, refusing dropped terms.

    JSON-LD silently drops properties (and relative types / ids) that no
    context defines, which would leave them unsigned. Expansion here reports
    every dropped property, and the expanded form is checked for relative
    ``@type`` / ``@id`` values; either raises
    :class:`~didkit_shebao.errors.MalformedInputError` naming them.
    """
    jsonld = _pyld()
    from pyld.context_resolver import ContextResolver
    from pyld.jsonld import JsonLdProcessor

    dropped: list[str] = []

    def on_dropped(prop: str | None) -> None:
        dropped.append(f"property {prop!r}")

    cache: dict[str, Any] = {}
    options: dict[str, Any] = {
        "documentLoader": loader,
        "contextResolver": ContextResolver(_DictCache(cache), loader),
        "base": "",
    }
    try:
        expanded = JsonLdProcessor(on_property_dropped=on_dropped).expand(
            copy.deepcopy(dict(document)), options
        )
        _check_absolute(expanded, dropped)
        if dropped:
            raise MalformedInputError(
                f"the {what} uses terms that no JSON-LD context defines ({', '.join(sorted(set(dropped))[:5])}); "
                "RDF canonicalization would drop them unsigned: define them in a context, or use eddsa-jcs-2022",
                f"{what} 使用了未在任何 JSON-LD 上下文中定义的术语；RDF 规范化会将其丢弃而不签名："
                "请在上下文中定义它们，或改用 eddsa-jcs-2022",
                details={"dropped": sorted(set(dropped))},
            )
        nquads = jsonld.normalize(
            expanded,
            {
                **options,
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
            },
        )
    except ShebaoError:
        raise
    except jsonld.JsonLdError as exc:
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, ShebaoError):
                raise cause from exc
            cause = getattr(cause, "cause", None) or cause.__cause__
        raise MalformedInputError(
            f"the {what} is not valid JSON-LD ({_short(exc)})",
            f"{what} 不是有效的 JSON-LD",
        ) from exc
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
        raise MalformedInputError(
            f"the {what} is not valid JSON-LD", f"{what} 不是有效的 JSON-LD"
        ) from exc
    if not isinstance(nquads, str):  # pragma: no cover - pyld contract
        raise MalformedInputError("canonicalization failed", "规范化失败")
    return nquads


def _short(exc: BaseException) -> str:
    msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return msg[:120]


class _DictCache:
    """The minimal cache interface pyld's ContextResolver uses (get / setitem)."""

    __slots__ = ("_data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def get(self, key: Any, default: Any = None) -> Any:
        return self._data.get(key, default)

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._data[key] = value

    def __contains__(self, key: Any) -> bool:
        return key in self._data
