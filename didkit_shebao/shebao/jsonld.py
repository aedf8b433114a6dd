"""Our JSON-LD context for the domain terms (``eddsa-rdfc-2022`` signs every claim).

RDF canonicalization signs the RDF graph, not the JSON: a term no context
defines would be dropped from the graph (or, under the VCDM 2.0 ``@vocab``,
mapped to an "issuer-dependent" IRI nobody owns). Every term our credentials
use is therefore defined, ``@protected``, in
``didkit_shebao/data/contexts/shebao-v1.jsonld``, served under
:data:`SHEBAO_CONTEXT` (an identifier only: it is never fetched). The file is
on the allow-list of the credential module's frozen document loader
(``didkit_shebao.vc.jsonld_loader.BUNDLED_CONTEXTS``, with its SHA-256 in
``SHA256SUMS``), so ``issue_credential`` / ``verify_credential`` with
``eddsa-rdfc-2022`` need no ``contexts=`` for our credentials;
:func:`jsonld_contexts` returns it for other JSON-LD tools.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ._common import SHEBAO_CONTEXT

__all__ = ["SHEBAO_CONTEXT", "context_document", "jsonld_contexts"]


@lru_cache(maxsize=1)
def _raw() -> str:
    folder = resources.files("didkit_shebao").joinpath("data", "contexts")
    return folder.joinpath("shebao-v1.jsonld").read_text("utf-8")


def context_document() -> dict[str, Any]:
    """A fresh copy of the context document served as :data:`SHEBAO_CONTEXT`."""
    return dict(json.loads(_raw()))


def jsonld_contexts() -> dict[str, dict[str, Any]]:
    """``{SHEBAO_CONTEXT: document}``, for the ``contexts=`` argument of the credential API."""
    return {SHEBAO_CONTEXT: context_document()}
