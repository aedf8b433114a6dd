"""DIDs: did:key, did:jwk, did:web, the resolver."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import base58
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import edited, seeds

import didkit_shebao as ds
from didkit_shebao._encoding import b64url_decode
from didkit_shebao.did import DIDDocumentVersion, DIDHistory
from didkit_shebao.did.history import MAX_VERSIONS
from didkit_shebao.errors import (
    DIDMethodNotSupportedError,
    DIDNotFoundError,
    InvalidDIDError,
    MalformedInputError,
    ProofError,
    ResolutionError,
    ShebaoError,
)

# did:key v0.9 spec, "Ed25519 with X25519" example.
SPEC_DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
SPEC_X25519 = "z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p"


def test_did_key_spec_example(vectors: Path) -> None:
    # The example DID document printed in the did:key v0.9 spec (w3c-ccg/did-key-spec).
    expected = json.loads((vectors / "w3c-ccg-did-key-spec/index.html-L300-L329.json").read_text())
    assert ds.resolve_did(SPEC_DID) == expected


def test_did_key_spec_example_values() -> None:
    doc = ds.resolve_did(SPEC_DID)
    vm = f"{SPEC_DID}#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    assert doc["assertionMethod"] == [vm]
    assert doc["keyAgreement"][0]["publicKeyMultibase"] == SPEC_X25519
    for rel in ("authentication", "capabilityInvocation", "capabilityDelegation"):
        assert doc[rel] == [vm]


# w3c-ccg/did-method-key test-vectors/ed25519-x25519.json (seed -> DID -> X25519).
SEED_VECTORS = [
    (
        "0000000000000000000000000000000000000000000000000000000000000000",
        "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
        "z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW",
    ),
    (
        "0000000000000000000000000000000000000000000000000000000000000001",
        "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG",
        "z6LSrHyXiPBhUbvPUtyUCdf32sniiMGPTAesgHrtEa4FePtr",
    ),
]


@pytest.mark.parametrize(("seed", "did", "x25519"), SEED_VECTORS)
def test_did_key_seed_vectors(seed: str, did: str, x25519: str) -> None:
    key = ds.Ed25519Key.from_seed(bytes.fromhex(seed))
    assert ds.did_key(key) == did
    assert ds.did_key(key.public_jwk) == did
    assert ds.did_key(key.public_multibase) == did
    doc = ds.resolve_did(did)
    assert doc["keyAgreement"][0]["id"] == f"{did}#{x25519}"


def test_did_key_seed_vector_file(vectors: Path) -> None:
    """w3c-ccg/did-method-key test-vectors/ed25519-x25519.json: seed -> DID, key bytes, X25519."""
    data = json.loads(
        (vectors / "w3c-ccg-did-method-key/test-vectors/ed25519-x25519.json").read_text()
    )
    assert len(data) == 5
    for did, v in data.items():
        key = ds.Ed25519Key.from_seed(bytes.fromhex(v["seed"]))
        assert ds.did_key(key) == did
        pair = v["verificationKeyPair"]
        if "publicKeyBase58" in pair:
            assert base58.b58encode(key.public_key.raw).decode() == pair["publicKeyBase58"]
        else:  # the last vector gives its keys as JWKs
            assert pair["publicKeyJwk"] == key.public_jwk
        x25519 = key.public_key.x25519_public_multibase()
        assert v["keyAgreementKeyPair"]["id"].endswith("#" + x25519)
        assert ds.resolve_did(did)["keyAgreement"][0]["id"] == f"{did}#{x25519}"


def test_did_key_p256() -> None:
    key = ds.P256Key.generate()
    did = ds.did_key(key)
    assert did.startswith("did:key:zDn")
    doc = ds.resolve_did(did)
    assert "keyAgreement" not in doc
    vm = ds.DIDResolver().resolve_verification_method(
        doc["assertionMethod"][0], relationship="assertionMethod"
    )
    assert vm.public_key == key.public_key


@pytest.mark.parametrize(
    "did",
    [
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK\n",
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doL",
        "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",  # secp256k1
        "did:key:",
        "did:KEY:z6Mk",
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#frag",
        "key:z6Mk",
    ],
)
def test_invalid_did_key(did: str) -> None:
    with pytest.raises(InvalidDIDError) as info:
        ds.resolve_did(did)
    assert info.value.code == "invalidDid"


def test_method_not_supported() -> None:
    with pytest.raises(DIDMethodNotSupportedError) as info:
        ds.resolve_did("did:example:123")
    assert info.value.code == "methodNotSupported"
    with pytest.raises(DIDMethodNotSupportedError):
        ds.DIDResolver().resolve("did:web:example.com")


# did:jwk specification, P-256 example.
SPEC_DID_JWK = (
    "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVV"
    "M3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9"
)


def test_did_jwk_spec_example() -> None:
    key = ds.key_from_jwk(
        {
            "kty": "EC",
            "crv": "P-256",
            "x": "acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0",
            "y": "_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE",
        }
    )
    assert ds.did_jwk(key) == SPEC_DID_JWK
    doc = ds.resolve_did(SPEC_DID_JWK)
    assert doc["id"] == SPEC_DID_JWK
    method = doc["verificationMethod"][0]
    assert method["id"] == SPEC_DID_JWK + "#0"
    assert method["type"] == "JsonWebKey2020"
    for rel in (
        "assertionMethod",
        "authentication",
        "capabilityInvocation",
        "capabilityDelegation",
        "keyAgreement",
    ):
        assert doc[rel] == [SPEC_DID_JWK + "#0"]
    vm = ds.DIDResolver().resolve_verification_method(
        SPEC_DID_JWK + "#0", relationship="assertionMethod"
    )
    assert vm.public_key == key


def test_did_jwk_refuses_private_and_garbage() -> None:
    key = ds.Ed25519Key.generate()
    from didkit_shebao._encoding import b64url_encode

    private = "did:jwk:" + b64url_encode(json.dumps(key.private_jwk).encode())
    for did in (private, "did:jwk:e30", "did:jwk:AAAA", "did:jwk:eyJrdHkiOiJSU0EifQ"):
        with pytest.raises(InvalidDIDError):
            ds.resolve_did(did)


@settings(max_examples=30)
@given(seeds)
def test_did_parse_format_identity(seed: bytes) -> None:
    key = ds.Ed25519Key.from_seed(seed)
    for did in (ds.did_key(key), ds.did_jwk(key)):
        doc = ds.resolve_did(did)
        assert doc["id"] == did
        vm_id = doc["assertionMethod"][0]
        vm = ds.DIDResolver().resolve_verification_method(vm_id, relationship="assertionMethod")
        assert vm.public_key == key.public_key
        assert ds.did_key(vm.public_key) == ds.did_key(key)


@pytest.mark.parametrize(
    ("did", "url"),
    [
        # did:web method specification examples.
        ("did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json"),
        ("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json"),
        ("did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json"),
        ("did:web:example.com%3A8443", "https://example.com:8443/.well-known/did.json"),
        (
            "did:web:rsj.example.gov.cn:bureau:4403",
            "https://rsj.example.gov.cn/bureau/4403/did.json",
        ),
    ],
)
def test_did_web_url(did: str, url: str) -> None:
    assert ds.did_web_url(did) == url


@pytest.mark.parametrize(
    "did",
    [
        "did:web:exa_mple.com",
        "did:web:example.com%3A99999",
        "did:web:example.com:..",
        "did:web:-bad.com",
    ],
)
def test_did_web_url_invalid(did: str) -> None:
    with pytest.raises(InvalidDIDError):
        ds.did_web_url(did)


AGENCY = "did:web:rsj.example.gov.cn:bureau:4403"


def _agency() -> tuple[ds.Ed25519Key, dict[str, Any]]:
    key = ds.Ed25519Key.from_seed(bytes(range(32)))
    return key, ds.did_web_document(AGENCY, [key])


def test_did_web_document_and_resolution() -> None:
    key, doc = _agency()
    assert doc["assertionMethod"] == [AGENCY + "#key-1"]
    calls: list[str] = []

    def fetch(url: str) -> bytes:
        calls.append(url)
        return json.dumps(doc).encode()

    now = [0.0]
    resolver = ds.DIDResolver(web_fetcher=fetch, cache_ttl=60, clock=lambda: now[0])
    assert resolver.resolve(AGENCY) == doc
    vm = resolver.resolve_verification_method(AGENCY + "#key-1", relationship="assertionMethod")
    assert vm.public_key == key.public_key
    assert calls == ["https://rsj.example.gov.cn/bureau/4403/did.json"]
    now[0] = 61.0
    resolver.resolve(AGENCY)
    assert len(calls) == 2


def test_did_web_errors() -> None:
    _, doc = _agency()

    def missing(url: str) -> None:
        return None

    with pytest.raises(DIDNotFoundError) as info:
        ds.DIDResolver(web_fetcher=missing).resolve(AGENCY)
    assert info.value.code == "notFound"

    def broken(url: str) -> bytes:
        raise ConnectionError("down")

    with pytest.raises(ResolutionError):
        ds.DIDResolver(web_fetcher=broken).resolve(AGENCY)

    other = dict(doc, id="did:web:evil.example")
    with pytest.raises(MalformedInputError):
        ds.DIDResolver(web_fetcher=lambda url: other).resolve(AGENCY)
    with pytest.raises(MalformedInputError):
        ds.DIDResolver(web_fetcher=lambda url: b"{not json").resolve(AGENCY)


def test_verification_method_relationship_and_controller() -> None:
    _, doc = _agency()
    doc = dict(doc, authentication=[])
    resolver = ds.DIDResolver(web_fetcher=lambda url: doc)
    with pytest.raises(ProofError) as info:
        resolver.resolve_verification_method(AGENCY + "#key-1", relationship="authentication")
    assert info.value.code == "verification_method_not_authorized"
    with pytest.raises(ProofError):
        resolver.resolve_verification_method(AGENCY + "#key-9")
    with pytest.raises(MalformedInputError):
        resolver.resolve_verification_method(AGENCY)  # a bare DID names no key
    hijacked = json.loads(json.dumps(doc))
    hijacked["verificationMethod"][0]["controller"] = "did:web:evil.example"
    with pytest.raises(ProofError):
        ds.DIDResolver(web_fetcher=lambda url: hijacked).resolve_verification_method(
            AGENCY + "#key-1", relationship="assertionMethod"
        )


def test_custom_method_registry_is_per_resolver() -> None:
    _, doc = _agency()

    def example(did: str, *, at: object) -> dict[str, Any]:
        return dict(doc, id=did)

    resolver = ds.DIDResolver(methods={"example": example})
    assert "example" in resolver.methods
    with pytest.raises(DIDMethodNotSupportedError):
        ds.DIDResolver().resolve("did:example:1")


_GOOD_DIDS = [
    SPEC_DID,
    ds.did_key(ds.P256Key.from_secret(bytes(31) + b"\x07")),
    ds.did_jwk(ds.Ed25519Key.from_seed(bytes(32))),
    ds.did_jwk(ds.P256Key.from_secret(bytes(31) + b"\x07")),
]


@given(st.data())
def test_resolve_did_refuses_or_describes_exactly_that_did(data: st.DataObject) -> None:
    """Any text (alone or after a method prefix), or a valid DID with one character edited:
    resolution raises a ShebaoError, or returns the document of exactly that DID, whose key
    encodes back to it. did:web without a fetcher is always refused."""
    text = data.draw(st.text(max_size=120))
    candidates = [
        text,
        "did:key:" + text,
        "did:jwk:" + text,
        edited(data.draw(st.sampled_from(_GOOD_DIDS)), data, "AQgw_-=:%#z6字"),
    ]
    for candidate in candidates:
        try:
            doc = ds.resolve_did(candidate)
        except ShebaoError:
            continue
        assert doc["id"] == candidate
        vm = doc["verificationMethod"][0]
        if candidate.startswith("did:key:"):
            assert ds.did_key(vm["publicKeyMultibase"]) == candidate
        else:
            assert candidate.startswith("did:jwk:")
            jwk = json.loads(b64url_decode(candidate.removeprefix("did:jwk:")))
            assert vm["publicKeyJwk"] == jwk
            assert ds.key_from_jwk(jwk).public_jwk == {
                k: v for k, v in jwk.items() if k in ("kty", "crv", "x", "y")
            }
    with pytest.raises(ShebaoError):
        ds.resolve_did("did:web:" + text)


def test_offline_only() -> None:
    assert ds.DIDResolver().offline_only
    assert ds.DIDResolver(cache_ttl=0).offline_only
    assert not ds.DIDResolver(web_fetcher=lambda url: None).offline_only
    assert not ds.DIDResolver(methods={"key": lambda did, *, at: {}}).offline_only


# -- size caps at their boundaries -------------------------------------------------------


def test_did_length_cap_at_the_boundary() -> None:
    """A DID of 4096 characters resolves through its method; one character more is refused
    before any method is called."""
    calls: list[str] = []

    def example(did: str, *, at: object) -> dict[str, Any]:
        calls.append(did)
        return {"@context": ["https://www.w3.org/ns/did/v1"], "id": did}

    resolver = ds.DIDResolver(methods={"example": example})
    prefix = "did:example:"
    at_cap = prefix + "a" * (4096 - len(prefix))
    assert resolver.resolve(at_cap)["id"] == at_cap
    with pytest.raises(InvalidDIDError, match="at most 4096 characters"):
        resolver.resolve(at_cap + "a")
    assert calls == [at_cap]


def test_did_history_version_cap_at_the_boundary() -> None:
    """A history of MAX_VERSIONS versions is accepted (and survives JSON); one more is not."""
    key = ds.Ed25519Key.from_seed(bytes(32))
    did = "did:web:hrss.example.gov.cn"
    document = ds.did_web_document(did, {"key-1": key})
    start = datetime(2025, 1, 1, tzinfo=UTC)
    versions = [
        DIDDocumentVersion(str(i + 1), start + timedelta(seconds=i), document)
        for i in range(MAX_VERSIONS + 1)
    ]
    history = DIDHistory(did, versions[:MAX_VERSIONS])
    assert DIDHistory.from_json(json.dumps(history.to_json()), did=did).versions == (
        history.versions
    )
    with pytest.raises(MalformedInputError, match=f"at most {MAX_VERSIONS} versions"):
        DIDHistory(did, versions)
    too_long = {**history.to_json()}
    too_long["versions"] = [*too_long["versions"], {**too_long["versions"][-1], "versionId": "x"}]
    too_long["versions"][-1]["updated"] = "2026-01-01T00:00:00Z"
    with pytest.raises(MalformedInputError, match=f"at most {MAX_VERSIONS} versions"):
        DIDHistory.from_json(json.dumps(too_long), did=did)
