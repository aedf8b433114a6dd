"""The ``eddsa-rdfc-2022`` cryptosuite (W3C Data Integrity EdDSA Cryptosuites v1.0, section 3.2).

Transformation is RDF Dataset Canonicalization (RDFC-1.0, pyld's
``URDNA2015``) over contexts served by a :class:`FrozenDocumentLoader`. The
proof configuration is hashed with the document's ``@context``; the emitted
proof carries none. Terms that no context defines are refused rather than
silently left unsigned.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, Final

from ..errors import MalformedInputError
from .jsonld_loader import FrozenDocumentLoader, canonicalize_rdf

__all__ = ["NAME", "hash_data"]

NAME: Final = "eddsa-rdfc-2022"


def hash_data(
    document: Mapping[str, Any],
    proof_config: Mapping[str, Any],
    *,
    contexts: Mapping[str, Any] | None = None,
) -> bytes:
    """``SHA-256(RDFC(proofConfig)) || SHA-256(RDFC(document))``: the 64 bytes Ed25519 signs."""
    loader = FrozenDocumentLoader(contexts)
    doc = canonicalize_rdf(document, loader=loader, what="document")
    cfg = canonicalize_rdf(proof_config, loader=loader, what="proof configuration")
    try:
        return (
            hashlib.sha256(cfg.encode("utf-8")).digest()
            + hashlib.sha256(doc.encode("utf-8")).digest()
        )
    except UnicodeEncodeError as exc:
        raise MalformedInputError(
            "the document holds a lone surrogate, which is not valid Unicode text; fix the text",
            "文档含有孤立代理项，不是有效的 Unicode 文本；请修正该文本",
        ) from exc
