"""The frozen JSON-LD document loader: bundled W3C contexts, allow-list, no network."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from vector_files import CITIZENSHIP_URL, CONTEXT_FILES

import didkit_shebao as ds
from didkit_shebao import errors
from didkit_shebao.vc.jsonld_loader import (
    BUNDLED_CONTEXTS,
    MAX_CONTEXT_LOADS,
    FrozenDocumentLoader,
    bundled_context,
    canonicalize_rdf,
)

PACKAGE_CONTEXTS = Path(ds.__file__).parent / "data" / "contexts"


@pytest.mark.parametrize("url", sorted(BUNDLED_CONTEXTS))
def test_bundled_contexts_are_the_w3c_bytes(vectors: Path, url: str) -> None:
    name = BUNDLED_CONTEXTS[url]
    shipped = (PACKAGE_CONTEXTS / name).read_bytes()
    own = dict(
        reversed(line.split("  "))
        for line in (PACKAGE_CONTEXTS / "SHA256SUMS").read_text().splitlines()
    )
    assert hashlib.sha256(shipped).hexdigest() == own[name]
    assert bundled_context(url) == json.loads(shipped)
    if url.startswith("https://didkit-shebao.example/"):
        return  # our own domain context: the package's SHA256SUMS is its only reference
    # Source: the context published at *url*, vendored from its W3C / w3id repository
    # (tests/vectors/SOURCES.md).
    assert shipped == (vectors / CONTEXT_FILES[url]).read_bytes()


def test_every_vendored_context_is_bundled_or_passed_by_a_test() -> None:
    # The citizenship context is the only one a caller must pass (the employment vector).
    assert set(CONTEXT_FILES) - set(BUNDLED_CONTEXTS) == {CITIZENSHIP_URL}


def test_loader_serves_bundled_and_caller_contexts() -> None:
    loader = FrozenDocumentLoader({"https://example.org/ctx": {"@context": {"a": "https://a/"}}})
    doc = loader("https://www.w3.org/ns/credentials/v2", {})
    assert doc["documentUrl"] == "https://www.w3.org/ns/credentials/v2"
    assert loader("https://example.org/ctx", {})["document"] == {"@context": {"a": "https://a/"}}
    with pytest.raises(errors.UnsupportedError) as info:
        loader("https://evil.example/ctx", {})
    assert info.value.details["url"] == "https://evil.example/ctx"


def test_bundled_context_cannot_be_replaced() -> None:
    with pytest.raises(errors.MalformedInputError):
        FrozenDocumentLoader({"https://www.w3.org/ns/credentials/v2": {"@context": {}}})
    same = bundled_context("https://www.w3.org/ns/credentials/v2")
    assert FrozenDocumentLoader({"https://www.w3.org/ns/credentials/v2": same})


def test_pyld_global_loader_is_never_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from pyld import jsonld

    before = jsonld.get_document_loader()

    def forbidden(url: str, options: Any = None) -> Any:
        raise AssertionError(f"pyld's global loader was called for {url}")

    jsonld.set_document_loader(forbidden)
    try:
        doc = {
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://unknown.example/ctx"],
            "type": ["VerifiableCredential"],
        }
        with pytest.raises(errors.UnsupportedError):
            canonicalize_rdf(doc, loader=FrozenDocumentLoader())
        doc["@context"] = ["https://www.w3.org/ns/credentials/v2"]
        assert canonicalize_rdf(doc, loader=FrozenDocumentLoader()).startswith("_:c14n0")
    finally:
        jsonld.set_document_loader(before)
    assert jsonld.get_document_loader() is before


def test_caller_context_does_not_leak_between_calls() -> None:
    """Per-call context caches: a context passed once is unknown to the next call."""
    ctx = {"@context": {"@protected": True, "nickname": "https://schema.org/alternateName"}}
    doc = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://example.org/nick"],
        "type": ["VerifiableCredential"],
        "credentialSubject": {"id": "did:example:a", "nickname": "小明"},
    }
    out = canonicalize_rdf(doc, loader=FrozenDocumentLoader({"https://example.org/nick": ctx}))
    assert "https://schema.org/alternateName" in out
    with pytest.raises(errors.UnsupportedError):
        canonicalize_rdf(doc, loader=FrozenDocumentLoader())


def test_too_many_context_loads() -> None:
    contexts = {f"https://example.org/c{i}": {"@context": {}} for i in range(40)}
    doc = {
        "@context": ["https://www.w3.org/ns/credentials/v2", *contexts],
        "type": "VerifiableCredential",
    }
    # Our loader's cap or pyld's own limit on @context URLs, whichever trips first.
    with pytest.raises((errors.UnsupportedError, errors.MalformedInputError)):
        canonicalize_rdf(doc, loader=FrozenDocumentLoader(contexts))


def test_importing_the_library_does_not_import_pyld() -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    code = "import sys, didkit_shebao; print('pyld' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "False"


def _document_loading(loads: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A document that loads *loads* distinct caller contexts: one at the top, one per node
    (pyld itself caps a single @context chain at 10 URLs, so they are spread over nodes)."""
    nodes = loads - 1
    contexts: dict[str, Any] = {
        f"https://ctx.example/{i}": {"@context": {f"t{i}": f"https://terms.example/t{i}"}}
        for i in range(nodes)
    }
    contexts["https://ctx.example/top"] = {
        "@context": {f"p{i}": f"https://terms.example/p{i}" for i in range(nodes)}
    }
    document: dict[str, Any] = {"@context": "https://ctx.example/top"}
    for i in range(nodes):
        document[f"p{i}"] = {"@context": f"https://ctx.example/{i}", f"t{i}": "v"}
    return document, contexts


def test_context_load_cap_at_the_boundary() -> None:
    """A document may load MAX_CONTEXT_LOADS contexts; one more is refused."""
    document, contexts = _document_loading(MAX_CONTEXT_LOADS)
    loader = FrozenDocumentLoader(contexts)
    nquads = canonicalize_rdf(document, loader=loader)
    assert loader.loads == MAX_CONTEXT_LOADS
    assert nquads.count("https://terms.example/t") == MAX_CONTEXT_LOADS - 1
    document, contexts = _document_loading(MAX_CONTEXT_LOADS + 1)
    with pytest.raises(errors.UnsupportedError, match=f"more than {MAX_CONTEXT_LOADS}"):
        canonicalize_rdf(document, loader=FrozenDocumentLoader(contexts))
