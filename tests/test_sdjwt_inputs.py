"""Argument checking and less common paths of the SD-JWT API."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao import errors
from didkit_shebao._encoding import b64url_decode, parse_json
from didkit_shebao._jws import parse_jws, sign_jws
from didkit_shebao.sdjwt import (
    digest,
    make_disclosure,
    parse_disclosure,
    parse_sd_jwt,
    sd_jwt_from_json,
    sd_jwt_to_json,
)
from didkit_shebao.sdjwt._pointer import format_pointer, parse_pointer, parse_pointers
from didkit_shebao.sdjwt.disclosure import decoy_digest, make_salt

NOW = datetime(2026, 6, 1, tzinfo=UTC)
KEY = ds.Ed25519Key.from_seed(b"\x31" * 32)
HOLDER = ds.Ed25519Key.from_seed(b"\x32" * 32)
DID = ds.did_key(KEY)


def issue(claims: Any = None, **kw: Any) -> str:
    kw.setdefault("key", KEY)
    kw.setdefault("issuer", DID)
    kw.setdefault("disclosable", [])
    kw.setdefault("issued_at", NOW)
    return ds.issue_sd_jwt({"a": 1} if claims is None else claims, **kw)


# -- issue_sd_jwt arguments ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "claims"),
    [
        ({"key": KEY.public_key}, None),
        ({"key": "not a key"}, None),
        ({}, ["not", "an", "object"]),
        ({"issuer": ""}, None),
        ({"issuer": 5}, None),
        ({"serialization": "cbor"}, None),
        ({"decoys": -1}, None),
        ({"decoys": 65}, None),
        ({"decoys": True}, None),
        ({"vct": ""}, None),
        ({"typ": ""}, None),
        ({"typ": "dc+sd-jwt"}, None),  # an SD-JWT VC needs vct
        ({"kid": ""}, None),
        ({"issued_at": datetime(2026, 1, 1)}, None),  # naive
        ({"expires_at": NOW - timedelta(days=1)}, None),
        ({"status": "revoked"}, None),
        ({"status": {}}, None),
        ({"holder_key": "zNotAKey"}, None),
        ({"holder_key": {"kty": "RSA"}}, None),
        ({"rng": lambda n: b"short"}, {"a": 1, "b": 2}),
        ({}, {"iss": "x"}),
        ({}, {"cnf": {}}),
        ({}, {"nested": {"_sd": []}}),
        ({}, {"list": [{"...": "x"}]}),
        ({}, {"when": date(2026, 1, 1)}),
        ({}, {"x": math.nan}),
        ({}, {"x": math.inf}),
        ({}, {1: "int key"}),
        ({}, {"x": {1, 2}}),
    ],
)
def test_issue_refuses_bad_arguments(kw: dict[str, Any], claims: Any) -> None:
    if "rng" in kw:
        kw["disclosable"] = ["/a"]
    with pytest.raises(errors.ShebaoError):
        issue(claims, **kw)


def test_issue_refuses_too_deep_claims() -> None:
    deep: Any = "leaf"
    for _ in range(70):
        deep = [deep]
    with pytest.raises(errors.InputTooLargeError):
        issue({"deep": deep})


@pytest.mark.parametrize(
    "pointer",
    [
        "",
        "name",
        "/missing",
        "/list/2",
        "/list/-",
        "/list/01",
        "/list/x",
        "/a/below-a-number",
        "/bad~2escape",
        "/iss",
    ],
)
def test_issue_refuses_bad_pointers(pointer: str) -> None:
    with pytest.raises(errors.MalformedInputError):
        issue({"a": 1, "list": [1, 2]}, disclosable=[pointer])


@pytest.mark.parametrize(
    "pointer", ["/aud", "/aud/0", "/aka_vcts", "/aka_vcts/0", "/vct#integrity"]
)
def test_issue_keeps_reserved_claims_whole(pointer: str) -> None:
    """Nothing at or below a never-disclosable claim is concealed, so verifiers never refuse ours."""
    claims = {"aud": ["https://verifier.example"], "aka_vcts": ["urn:y"], "vct#integrity": "x"}
    with pytest.raises(errors.MalformedInputError) as err:
        issue(claims, disclosable=[pointer])
    assert "must stay visible" in err.value.message
    assert ds.verify_sd_jwt(
        issue(claims),
        nonce=None,
        audience="https://verifier.example",
        require_key_binding=False,
        now=NOW,
    ).claims["aud"] == ["https://verifier.example"]


def test_issue_refuses_a_single_string_of_pointers() -> None:
    with pytest.raises(errors.MalformedInputError):
        issue({"a": 1}, disclosable="/a")


def test_pointer_escapes() -> None:
    claims = {"a/b": 1, "c~d": 2}
    sd = issue(claims, disclosable=["/a~1b", "/c~0d"], vct="urn:x", holder_key=HOLDER)
    pres = ds.present_sd_jwt(
        sd, disclose=["/a~1b"], holder_key=HOLDER, nonce="n", audience="a", now=NOW
    )
    v = ds.verify_sd_jwt(pres, nonce="n", audience="a", now=NOW)
    assert v.claims["a/b"] == 1
    assert "c~d" not in v.claims
    assert v.disclosed == ("/a~1b",)
    assert parse_pointer("/a~1b/c~0d") == ("a/b", "c~d")
    assert format_pointer(("a/b", "c~d", 0)) == "/a~1b/c~0d/0"
    with pytest.raises(errors.MalformedInputError):
        parse_pointer(5)  # type: ignore[arg-type]
    with pytest.raises(errors.MalformedInputError):
        parse_pointers("/a")


def test_issuer_kid_rules() -> None:
    other = ds.Ed25519Key.generate()
    with pytest.raises(errors.MalformedInputError):
        issue(issuer=ds.did_key(other))  # key does not belong to the did:key
    with pytest.raises(errors.MalformedInputError):
        issue(issuer=ds.did_jwk(other))
    with pytest.raises(errors.MalformedInputError):
        issue(issuer="did:web:si.example.cn")  # needs kid=
    jwk_did = ds.did_jwk(KEY)
    sd = issue(issuer=jwk_did, vct="urn:x")
    header = parse_jws(parse_sd_jwt(sd).jws, what="x").header
    assert header["kid"] == jwk_did + "#0"
    v = ds.verify_sd_jwt(sd, nonce=None, audience=None, require_key_binding=False, now=NOW)
    assert v.issuer == jwk_did
    sd = issue(issuer="https://si.example.cn", vct="urn:x")
    assert "kid" not in parse_jws(parse_sd_jwt(sd).jws, what="x").header


def test_issue_with_validity_and_status() -> None:
    sd = issue(
        vct="urn:x",
        not_before=NOW,
        expires_at=NOW + timedelta(days=1),
        status={"status_list": {"idx": 0, "uri": "https://s.example/1"}},
        decoys=0,
    )
    payload = parse_jws(parse_sd_jwt(sd).jws, what="x").payload
    assert payload["nbf"] == int(NOW.timestamp())
    assert payload["exp"] == int(NOW.timestamp()) + 86400
    assert payload["_sd_alg"] == "sha-256"
    v = ds.verify_sd_jwt(
        sd, nonce=None, audience=None, require_key_binding=False, now=NOW, check_status=False
    )
    assert v.claims["status"]["status_list"]["idx"] == 0


def test_default_issued_at_is_now() -> None:
    sd = ds.issue_sd_jwt({"a": 1}, key=KEY, issuer=DID, disclosable=[])
    iat = parse_jws(parse_sd_jwt(sd).jws, what="x").payload["iat"]
    assert abs(iat - datetime.now(UTC).timestamp()) < 60


def test_reproducible_with_injected_rng() -> None:
    counter = iter(range(10**6))

    def rng(n: int) -> bytes:
        return bytes(next(counter) % 256 for _ in range(n))

    a = issue({"a": 1, "b": [1, 2]}, disclosable=["/a", "/b/0"], rng=rng, decoys=1)
    counter = iter(range(10**6))
    b = issue({"a": 1, "b": [1, 2]}, disclosable=["/a", "/b/0"], rng=rng, decoys=1)
    assert a == b


def test_decoys_are_counted() -> None:
    sd = issue({f"c{i}": i for i in range(3)}, disclosable=["/c0", "/c1"], decoys=5)
    payload = parse_jws(parse_sd_jwt(sd).jws, what="x").payload
    assert len(payload["_sd"]) == 7
    assert payload["_sd"] == sorted(payload["_sd"])


def test_salts_and_decoys_helpers() -> None:
    assert len(make_salt()) == 24
    assert len(decoy_digest()) == 43
    with pytest.raises(errors.MalformedInputError):
        make_salt(lambda n: b"x")


def test_disclosure_parsing_errors() -> None:
    with pytest.raises(errors.MalformedInputError):
        parse_disclosure("not base64url!")
    with pytest.raises(errors.UnsupportedError):
        parse_disclosure("WyJhIiwiYiJd", sd_alg="sha-512")
    d = make_disclosure("salt", None, [1, {"x": None}])
    assert parse_disclosure(d.encoded).value == [1, {"x": None}]
    assert d.digest == digest(d.encoded)
    for value in (None, True, False, 3, 2.5, "s", {"k": "v"}):
        assert parse_disclosure(make_disclosure("s", "n", value).encoded).value == value


# -- serialization ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "obj",
    [
        {"signatures": []},
        {"signatures": "x"},
        {"signatures": [1]},
        {"signatures": [{"protected": "a", "signature": "b"}], "payload": "c", "protected": "a"},
        {"payload": 1, "protected": "a", "signature": "b"},
        {"payload": "p", "protected": "a", "signature": "b", "header": []},
        {"payload": "p", "protected": "a", "signature": "b", "header": {"disclosures": "d"}},
        {"payload": "p", "protected": "a", "signature": "b", "header": {"disclosures": [""]}},
        {"payload": "p", "protected": "a", "signature": "b", "header": {"disclosures": ["a~b"]}},
        {"payload": "p", "protected": "a", "signature": "b", "header": {"kb_jwt": 5}},
    ],
)
def test_bad_json_serializations(obj: dict[str, Any]) -> None:
    with pytest.raises(errors.ShebaoError):
        parse_sd_jwt(obj)


def test_json_serialization_helpers() -> None:
    sd = issue({"a": 1}, disclosable=["/a"])
    assert sd_jwt_from_json(json.loads(sd_jwt_to_json(sd))) == sd
    with pytest.raises(errors.MalformedInputError):
        sd_jwt_from_json(sd)
    with pytest.raises(errors.MalformedInputError):
        sd_jwt_to_json("a.b~")
    assert parse_sd_jwt(sd.encode()).jws == sd.split("~")[0]
    with pytest.raises(errors.MalformedInputError):
        parse_sd_jwt("é~".encode())
    with pytest.raises(errors.InputTooLargeError):
        parse_sd_jwt(b"x" * (600_000))
    with pytest.raises(errors.MalformedInputError):
        parse_sd_jwt(3.5)  # type: ignore[arg-type]


def test_too_many_json_disclosures() -> None:
    obj = {
        "payload": "p",
        "protected": "a",
        "signature": "b",
        "header": {"disclosures": ["A"] * 1025},
    }
    with pytest.raises(errors.InputTooLargeError):
        parse_sd_jwt(obj)


# -- fast codecs ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["a", "ab=", "a+b/", "ab\n", "é", "ab~c", 5])
def test_b64d_refuses(text: Any) -> None:
    with pytest.raises(errors.MalformedInputError):
        b64url_decode(text, what="x")


def test_b64d_non_canonical() -> None:
    with pytest.raises(errors.NonCanonicalEncodingError):
        b64url_decode("AB", what="x")  # 'B' leaves non-zero trailing bits
    assert b64url_decode("AA", what="x") == b"\x00"
    assert b64url_decode("", what="x") == b""


@pytest.mark.parametrize(
    "raw",
    [b"\xff", b'{"a":1,"a":2}', b"[NaN]", b"[1] x", b"", b"[" * 70 + b"]" * 70, b"{", b" [1]x"],
)
def test_loads_refuses(raw: bytes) -> None:
    with pytest.raises(errors.MalformedInputError):
        parse_json(raw, what="x")


def test_loads_accepts_whitespace() -> None:
    assert parse_json(b" [1, 2] \n", what="x") == [1, 2]
    with pytest.raises(errors.InputTooLargeError):
        parse_json(b"[1]", what="x", max_bytes=2)


@pytest.mark.parametrize("token", [5, "a.b", "a.b.c.d", "e30.W10.", "W10.e30."])
def test_parse_compact_jws_refuses(token: Any) -> None:
    with pytest.raises(errors.MalformedInputError):
        parse_jws(token, what="x")


def test_parse_compact_jws_too_long() -> None:
    with pytest.raises(errors.InputTooLargeError):
        parse_jws("a" * 300_000, what="x")


# -- verifier corners --------------------------------------------------------------------------


def _craft(payload: dict[str, Any], header: dict[str, Any] | None = None) -> str:
    return sign_jws(header or {"typ": "example+sd-jwt"}, payload, KEY) + "~"


def _verify(sd: str, verify: Any = ds.verify_sd_jwt, **kw: Any) -> ds.VerifiedSDJWT:
    options = {
        "nonce": None,
        "audience": None,
        "require_key_binding": False,
        "issuer_key": KEY.public_key,
        "now": NOW,
        **kw,
    }
    result: ds.VerifiedSDJWT = verify(sd, **options)
    return result


def test_typ_must_be_a_string() -> None:
    with pytest.raises(errors.MalformedVerificationInputError):
        _verify(_craft({"a": 1}, {"typ": 5}))


def test_typ_with_application_prefix() -> None:
    assert _verify(_craft({"a": 1}, {"typ": "application/example+sd-jwt"})).claims["a"] == 1


def test_vct_must_be_a_string() -> None:
    with pytest.raises(errors.MalformedVerificationInputError):
        _verify(_craft({"vct": 5}, {"typ": "dc+sd-jwt"}))


def test_iss_must_be_a_string() -> None:
    with pytest.raises(errors.MalformedVerificationInputError):
        _verify(_craft({"iss": 5}))


def test_issuer_object_id_is_the_issuer_of_a_w3c_payload() -> None:
    w3c = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": {"id": DID, "name": "x"},
        "credentialSubject": {"id": "did:example:citizen"},
    }
    assert _verify(_craft(w3c, {"typ": "vc+sd-jwt"})).issuer == DID
    # A plain SD-JWT names its issuer in iss alone: an issuer member is just a claim.
    assert _verify(_craft({"issuer": {"id": DID, "name": "x"}})).issuer is None
    assert _verify(_craft({"iss": DID, "issuer": "did:example:other"})).issuer == DID


def test_status_claim_must_be_an_object() -> None:
    with pytest.raises(errors.MalformedVerificationInputError):
        _verify(_craft({"status": "revoked"}), status=lambda url: "x")


def test_now_must_be_aware() -> None:
    with pytest.raises(errors.MalformedVerificationInputError):
        ds.verify_sd_jwt(
            _craft({"a": 1}),
            nonce=None,
            audience=None,
            require_key_binding=False,
            issuer_key=KEY.public_key,
            now=datetime(2026, 1, 1),
        )


def test_cnf_with_private_key_is_refused() -> None:
    sd = _craft({"cnf": {"jwk": HOLDER.private_jwk}})
    kb = sign_jws(
        {"typ": "kb+jwt"},
        {"iat": int(NOW.timestamp()), "aud": "a", "nonce": "n", "sd_hash": digest(sd)},
        HOLDER,
    )
    with pytest.raises(errors.KeyBindingError):
        ds.verify_sd_jwt(sd + kb, nonce="n", audience="a", issuer_key=KEY.public_key, now=NOW)


def test_kb_nbf_in_the_future() -> None:
    sd = _craft({"cnf": {"jwk": HOLDER.public_jwk}})
    kb = sign_jws(
        {"typ": "kb+jwt"},
        {
            "iat": int(NOW.timestamp()),
            "aud": "a",
            "nonce": "n",
            "sd_hash": digest(sd),
            "nbf": int(NOW.timestamp()) + 3600,
        },
        HOLDER,
    )
    with pytest.raises(errors.KeyBindingError):
        ds.verify_sd_jwt(sd + kb, nonce="n", audience="a", issuer_key=KEY.public_key, now=NOW)


def test_default_now_is_the_clock() -> None:
    sd = issue(vct="urn:x", issued_at=datetime.now(UTC))
    assert ds.verify_sd_jwt(sd, nonce=None, audience=None, require_key_binding=False).claims


def test_did_web_issuer_through_a_resolver() -> None:
    did = "did:web:si.example.cn"
    document = ds.did_web_document(did, [KEY])
    kid = document["assertionMethod"][0]
    kid = kid if isinstance(kid, str) else kid["id"]
    resolver = ds.DIDResolver(web_fetcher=lambda url: json.dumps(document).encode())
    sd = issue(issuer=did, kid=kid, vct="urn:x", holder_key=HOLDER)
    pres = ds.present_sd_jwt(
        sd, disclose=[], holder_key=HOLDER, nonce="n", audience="a", resolver=resolver, now=NOW
    )
    v = ds.verify_sd_jwt(pres, nonce="n", audience="a", resolver=resolver, now=NOW)
    assert v.issuer == did
    with pytest.raises(errors.VerificationError):
        ds.verify_sd_jwt(pres, nonce="n", audience="a", now=NOW)  # no did:web fetcher


def test_p256_issuer_did_key() -> None:
    issuer = ds.P256Key.generate()
    sd = ds.issue_sd_jwt(
        {"a": 1}, key=issuer, issuer=ds.did_key(issuer), disclosable=["/a"], vct="urn:x"
    )
    assert parse_jws(parse_sd_jwt(sd).jws, what="x").header["alg"] == "ES256"
    v = ds.verify_sd_jwt(sd, nonce=None, audience=None, require_key_binding=False)
    assert v.claims["a"] == 1


# -- holder arguments -------------------------------------------------------------------------


def test_holder_argument_checks() -> None:
    sd = issue({"a": 1, "b": {"c": 2}}, disclosable=["/a", "/b/c"], vct="urn:x", holder_key=HOLDER)
    with pytest.raises(errors.MalformedInputError):
        ds.present_sd_jwt(sd, disclose=["/a/below"])
    with pytest.raises(errors.MalformedInputError):
        ds.present_sd_jwt(sd, disclose=["/a"], nonce="n", audience="a")
    with pytest.raises(errors.MalformedInputError):
        ds.present_sd_jwt(sd, disclose=["/a"], holder_key=HOLDER.public_key)  # type: ignore[arg-type]
    with pytest.raises(errors.MalformedInputError):
        ds.present_sd_jwt(sd, disclose=["/a"], holder_key=HOLDER, nonce="", audience="a")
    pres = ds.present_sd_jwt(sd, disclose=["/b"])
    v = ds.verify_sd_jwt(pres, nonce=None, audience=None, require_key_binding=False, now=NOW)
    assert v.claims["b"] == {"c": 2}


# -- Disclosure shapes through parse_disclosure ------------------------------------------------


@pytest.mark.parametrize(
    "content", [["s"], [1, "v"], ["s", 1, "v"], ["s", "_sd", 1], ["s", "...", 1], {"s": 1}]
)
def test_parse_disclosure_shapes(content: Any) -> None:
    import base64

    enc = base64.urlsafe_b64encode(json.dumps(content).encode()).rstrip(b"=").decode()
    with pytest.raises(errors.DisclosureError):
        parse_disclosure(enc)


# -- W3C credentials -----------------------------------------------------------------------------

VC = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": "VerifiableCredential",
    "issuer": {"id": DID, "name": "某市人社局"},
    "credentialSubject": {"name": "x"},
}


@pytest.mark.parametrize(
    "credential",
    [
        "not an object",
        {**VC, "type": ["Other"]},
        {**VC, "issuer": {"name": "no id"}},
        {k: v for k, v in VC.items() if k != "credentialSubject"},
        {**VC, "iat": 5},
    ],
)
def test_vc_issue_refuses(credential: Any) -> None:
    with pytest.raises(errors.MalformedInputError):
        ds.issue_vc_sd_jwt(credential, key=KEY, disclosable=[], issued_at=NOW)


@pytest.mark.parametrize(
    "valid_from",
    [
        "2026-01-01",
        "not a date",
        20260101,
        "20260101T000000Z",  # before: datetime.fromisoformat took the ISO 8601 basic format
        "2026-01-01T00:00:00+15:00",  # and offsets beyond 14:00
        "2026-01-01T00:00+08:00",  # and times without seconds
        "2026-01-01 00:00:00Z",
    ],
)
@pytest.mark.parametrize("verify", [ds.verify_vc_sd_jwt, ds.verify_sd_jwt])
def test_vc_bad_valid_from(valid_from: Any, verify: Any) -> None:
    credential = {**VC, "validFrom": valid_from}
    with pytest.raises(errors.MalformedInputError):
        ds.issue_vc_sd_jwt(credential, key=KEY, disclosable=[], issued_at=NOW)
    # Issued by another tool: refused when verified.
    sd = _craft({**credential, "iat": int(NOW.timestamp())}, {"typ": "vc+sd-jwt"})
    with pytest.raises(errors.MalformedVerificationInputError):
        _verify(sd, verify)


def test_vc_validity_period_in_order() -> None:
    """VCDM 2.0 section 4.9: validUntil is not earlier than validFrom (equal is fine)."""
    same = {**VC, "validFrom": "2026-07-01T00:00:00Z", "validUntil": "2026-07-01T08:00:00+08:00"}
    sd = ds.issue_vc_sd_jwt(same, key=KEY, disclosable=[], issued_at=NOW)
    at = datetime(2026, 7, 1, tzinfo=UTC)
    assert ds.verify_sd_jwt(sd, nonce=None, audience=None, require_key_binding=False, now=at)
    backwards = {**same, "validUntil": "2026-06-30T23:59:59Z"}
    with pytest.raises(errors.MalformedInputError):
        ds.issue_vc_sd_jwt(backwards, key=KEY, disclosable=[], issued_at=NOW)
    sd = _craft({**backwards, "iat": int(NOW.timestamp())}, {"typ": "vc+sd-jwt"})
    with pytest.raises(errors.MalformedVerificationInputError):
        _verify(sd, now=at)


def test_vc_issuer_object_and_iss_mismatch() -> None:
    sd = ds.issue_vc_sd_jwt(VC, key=KEY, disclosable=["/credentialSubject/name"], issued_at=NOW)
    v = ds.verify_vc_sd_jwt(sd, nonce=None, audience=None, require_key_binding=False, now=NOW)
    assert v.issuer == DID
    crafted = (
        sign_jws(
            {"typ": "vc+sd-jwt"},
            {**VC, "iss": "did:example:other", "iat": int(NOW.timestamp())},
            KEY,
        )
        + "~"
    )
    with pytest.raises(errors.IssuerMismatchError):
        ds.verify_vc_sd_jwt(
            crafted,
            nonce=None,
            audience=None,
            require_key_binding=False,
            issuer_key=KEY.public_key,
            now=NOW,
        )


# -- the status hook (CONTRACTS.md), with a stand-in for didkit_shebao.status ---------------


class _FakeStatus:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def check_token_status(self, claim: Any, **kw: Any) -> str:
        self.calls.append(("token", {"claim": claim, **kw}))
        return "token-result"

    def check_credential_status(self, credential: Any, **kw: Any) -> tuple[str, ...]:
        self.calls.append(("credential", {"credential": credential, **kw}))
        return ("credential-result",)


def test_status_hook_is_called_with_the_contract_arguments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from didkit_shebao.sdjwt import verifier

    fake = _FakeStatus()
    monkeypatch.setattr(verifier, "_status_module", lambda: fake)
    claim = {"status_list": {"idx": 4, "uri": "https://s.example/1"}}
    sd = issue(vct="urn:x", status=claim)
    source = object()
    v = ds.verify_sd_jwt(
        sd, nonce=None, audience=None, require_key_binding=False, status=source, now=NOW
    )
    assert v.status == "token-result"
    kind, args = fake.calls[-1]
    assert kind == "token"
    assert args["claim"] == claim
    assert args["status"] is source
    assert args["issuer"] == DID
    assert args["now"] == NOW

    credential = {
        **VC,
        "credentialStatus": {
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "3",
            "statusListCredential": "https://s.example/2",
        },
    }
    sd = ds.issue_vc_sd_jwt(credential, key=KEY, disclosable=[], issued_at=NOW)
    v = ds.verify_vc_sd_jwt(
        sd, nonce=None, audience=None, require_key_binding=False, status=source, now=NOW
    )
    assert v.status == ("credential-result",)
    kind, args = fake.calls[-1]
    assert kind == "credential"
    assert args["issuer"] == DID
    assert args["status"] is source
