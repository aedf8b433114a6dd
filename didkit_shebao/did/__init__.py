"""DIDs: did:key, did:jwk and did:web, documents and resolution."""

from __future__ import annotations

from .document import RELATIONSHIPS, VerificationMethod, check_did, find_verification_method
from .jwk import did_jwk, resolve_did_jwk
from .key import did_key, resolve_did_key
from .resolver import DEFAULT_METHODS, DIDResolver, MethodResolver, resolve_did
from .web import WebFetcher, did_web_document, did_web_url, resolve_did_web

__all__ = [
    "DEFAULT_METHODS",
    "RELATIONSHIPS",
    "DIDResolver",
    "MethodResolver",
    "VerificationMethod",
    "WebFetcher",
    "check_did",
    "did_jwk",
    "did_key",
    "did_web_document",
    "did_web_url",
    "find_verification_method",
    "resolve_did",
    "resolve_did_jwk",
    "resolve_did_key",
    "resolve_did_web",
]
