"""One negative test per verification check of RFC 9901 sections 7.1, 7.3 and 9.

Each crafted SD-JWT breaks exactly one rule and must fail with a specific
error class.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao import errors
from didkit_shebao._jws import sign_jws
from didkit_shebao.sdjwt import digest, make_disclosure
from didkit_shebao.sdjwt.serialization import MAX_DISCLOSURES, MAX_SD_JWT_BYTES
from didkit_shebao.sdjwt.verifier import MAX_SD_DEPTH

NOW = datetime(2026, 6, 1, tzinfo=UTC)
IAT = int(NOW.timestamp()) - 3600
NONCE = "nonce-1"
AUD = "https://verifier.example"
ISSUER = ds.Ed25519Key.from_seed(b"\x01" * 32)
HOLDER = ds.Ed25519Key.from_seed(b"\x02" * 32)
OTHER = ds.Ed25519Key.from_seed(b"\x03" * 32)
ISS = ds.did_key(ISSUER)
KID = f"{ISS}#{ISS[len('did:key:') :]}"
SALT = "c2FsdHNhbHRzYWx0c2FsdA"


def b64(obj: Any) -> str:
    raw = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def craft(
    claims: Mapping[str, Any],
    disclosures: list[str] = (),  # type: ignore[assignment]
    *,
    header: Mapping[str, Any] | None = None,
    key: ds.Ed25519Key | ds.P256Key = ISSUER,
    registered: bool = True,
) -> str:
    """Sign *claims* as an issuer-signed JWT and append *disclosures* verbatim."""
    payload: dict[str, Any] = {}
    if registered:
        payload = {"iss": ISS, "iat": IAT, "cnf": {"jwk": HOLDER.public_jwk}}
    payload.update(claims)
    hdr = {"typ": "example+sd-jwt", "kid": KID} if header is None else dict(header)
    jws = sign_jws(hdr, payload, key)
    return jws + "~" + "".join(d + "~" for d in disclosures)


def kb(
    sd_jwt: str,
    *,
    key: ds.Ed25519Key | ds.P256Key = HOLDER,
    nonce: Any = NONCE,
    aud: Any = AUD,
    iat: Any = None,
    typ: str = "kb+jwt",
    sd_hash: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> str:
    payload = {
        "iat": int(NOW.timestamp()) if iat is None else iat,
        "aud": aud,
        "nonce": nonce,
        "sd_hash": digest(sd_jwt) if sd_hash is None else sd_hash,
        **(extra or {}),
    }
    return sd_jwt + sign_jws({"typ": typ}, payload, key)


def verify(pres: str, **kw: Any) -> ds.VerifiedSDJWT:
    kw.setdefault("nonce", NONCE)
    kw.setdefault("audience", AUD)
    kw.setdefault("now", NOW)
    return ds.verify_sd_jwt(pres, **kw)


def d(name: str | None, value: Any, salt: str = SALT) -> tuple[str, str]:
    disc = make_disclosure(salt, name, value)
    return disc.encoded, disc.digest


# -- the baseline works ----------------------------------------------------------------


def test_baseline_crafted_presentation_verifies() -> None:
    enc, dig = d("name", "张三")
    v = verify(kb(craft({"_sd": [dig]}, [enc])))
    assert v.claims["name"] == "张三"
    assert v.disclosed == ("/name",)


# -- 7.1 step 2: the issuer-signed JWT ---------------------------------------------------


def _unsigned(header: Mapping[str, Any], payload: Mapping[str, Any]) -> str:
    return f"{b64(dict(header))}.{b64(dict(payload))}."


def test_alg_none_is_refused() -> None:
    token = _unsigned({"alg": "none", "typ": "example+sd-jwt"}, {"iss": ISS, "iat": IAT}) + "~"
    with pytest.raises(errors.UnsupportedVerificationInputError):
        verify(token, require_key_binding=False, issuer_key=ISSUER.public_key)


@pytest.mark.parametrize("alg", ["HS256", "RS256", "ES384", "EdDSA ", "eddsa"])
def test_alg_outside_allow_list_is_refused(alg: str) -> None:
    token = f"{b64({'alg': alg, 'typ': 'example+sd-jwt'})}.{b64({'iss': ISS})}.{b64(b'x' * 64)}~"
    with pytest.raises(errors.UnsupportedVerificationInputError):
        verify(token, require_key_binding=False, issuer_key=ISSUER.public_key)


def test_alg_must_match_the_issuer_key_type() -> None:
    token = craft({}, key=ISSUER)
    with pytest.raises(errors.UnsupportedVerificationInputError):
        verify(token, require_key_binding=False, issuer_key=ds.P256Key.generate().public_key)


def test_restricted_algorithms_refuse_es256() -> None:
    p256 = ds.P256Key.generate()
    token = craft({}, key=p256, header={"typ": "example+sd-jwt"})
    from didkit_shebao.keys import Ed25519PublicKey

    with pytest.raises(errors.UnsupportedVerificationInputError):
        verify(
            token,
            require_key_binding=False,
            issuer_key=p256.public_key,
            algorithms={"EdDSA": Ed25519PublicKey},
        )


def test_bad_issuer_signature() -> None:
    token = craft({"a": 1})
    jws, rest = token.split("~", 1)
    h, p, s = jws.split(".")
    sig = bytearray(base64.urlsafe_b64decode(s + "=="))
    sig[0] ^= 1
    tampered = f"{h}.{p}.{b64(bytes(sig))}~{rest}"
    with pytest.raises(errors.InvalidSignatureError):
        verify(tampered, require_key_binding=False)


def test_signed_by_another_key() -> None:
    token = craft({"a": 1}, key=OTHER)
    with pytest.raises(errors.InvalidSignatureError):
        verify(token, require_key_binding=False)


def test_issuer_key_given_wrong_key() -> None:
    with pytest.raises(errors.InvalidSignatureError):
        verify(craft({"a": 1}), require_key_binding=False, issuer_key=OTHER.public_jwk)


def test_issuer_key_private_jwk_refused() -> None:
    with pytest.raises(errors.MalformedVerificationInputError):
        verify(craft({"a": 1}), require_key_binding=False, issuer_key=ISSUER.private_jwk)


def test_kid_of_another_did_is_an_issuer_mismatch() -> None:
    other = ds.did_key(OTHER)
    token = craft(
        {"a": 1},
        key=OTHER,
        header={"typ": "example+sd-jwt", "kid": f"{other}#{other[8:]}"},
    )
    with pytest.raises(errors.IssuerMismatchError):
        verify(token, require_key_binding=False)


def test_kid_missing_without_issuer_key() -> None:
    token = craft({"a": 1}, header={"typ": "example+sd-jwt"})
    with pytest.raises(errors.MalformedVerificationInputError):
        verify(token, require_key_binding=False)


def test_kid_unknown_fragment_fails_resolution() -> None:
    token = craft({"a": 1}, header={"typ": "example+sd-jwt", "kid": f"{ISS}#nope"})
    with pytest.raises(errors.VerificationError):
        verify(token, require_key_binding=False)


def test_relative_kid_resolves() -> None:
    token = craft({"a": 1}, header={"typ": "example+sd-jwt", "kid": "#" + ISS[8:]})
    assert verify(token, require_key_binding=False).claims["a"] == 1


def test_non_did_issuer_without_issuer_key() -> None:
    token = craft({"iss": "https://issuer.example"})
    with pytest.raises(errors.MalformedVerificationInputError):
        verify(token, require_key_binding=False)


def test_crit_header_refused() -> None:
    token = craft({}, header={"typ": "example+sd-jwt", "kid": KID, "crit": ["x"], "x": 1})
    with pytest.raises(errors.UnsupportedVerificationInputError):
        verify(token, require_key_binding=False)


@pytest.mark.parametrize("alg", ["sha-512", "sha-256-32", "SHA-256", 1])
def test_sd_alg_outside_allow_list(alg: Any) -> None:
    with pytest.raises(errors.UnsupportedVerificationInputError):
        verify(craft({"_sd_alg": alg}), require_key_binding=False)


# -- typ -------------------------------------------------------------------------------


def test_sd_jwt_vc_needs_dc_sd_jwt_typ() -> None:
    token = craft({"vct": "urn:x"}, header={"typ": "example+sd-jwt", "kid": KID})
    with pytest.raises(errors.UnsupportedVerificationInputError):
        verify(token, require_key_binding=False)


def test_legacy_vc_sd_jwt_typ_accepted_for_sd_jwt_vc() -> None:
    token = craft({"vct": "urn:x"}, header={"typ": "vc+sd-jwt", "kid": KID})
    assert verify(token, require_key_binding=False).vct == "urn:x"


def test_dc_sd_jwt_without_vct_is_malformed() -> None:
    token = craft({}, header={"typ": "dc+sd-jwt", "kid": KID})
    with pytest.raises(errors.MalformedVerificationInputError):
        verify(token, require_key_binding=False)


@pytest.mark.parametrize("typ", [None, "JWT", "kb+jwt", "example+jwt"])
def test_untyped_or_wrongly_typed_issuer_jwt(typ: str | None) -> None:
    header = {"kid": KID} if typ is None else {"typ": typ, "kid": KID}
    with pytest.raises(errors.UnsupportedVerificationInputError):
        verify(craft({}, header=header), require_key_binding=False)


# -- 7.1 step 3-5: Disclosures ------------------------------------------------------------


def test_disclosure_not_referenced() -> None:
    enc, dig = d("name", "张三")
    stray, _ = d("age", 60, salt="c3RyYXlzdHJheXN0cmF5cw")
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"_sd": [dig]}, [enc, stray])))


def test_digest_referenced_twice() -> None:
    enc, dig = d("name", "张三")
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"_sd": [dig], "nested": {"_sd": [dig]}}, [enc])))


def test_digest_twice_even_without_its_disclosure() -> None:
    _, dig = d("name", "张三")
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"_sd": [dig, dig]})))


def test_digest_twice_via_a_recursive_disclosure() -> None:
    inner, inner_dig = d("street", "x")
    outer, outer_dig = d("address", {"_sd": [inner_dig]}, salt="b3V0ZXJvdXRlcm91dGVyb3U")
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"_sd": [outer_dig, inner_dig]}, [outer, inner])))


@pytest.mark.parametrize("with_disclosure", [True, False])
@pytest.mark.parametrize(
    "layout",
    [
        lambda dig: {"nat": [{"...": dig}, {"...": dig}]},
        lambda dig: {"nat": [{"...": dig}], "other": [{"...": dig}]},
        lambda dig: {"nat": [[{"...": dig}], {"...": dig}]},
    ],
)
def test_array_element_digest_twice(layout: Any, with_disclosure: bool) -> None:
    """RFC 9901 section 7.1 step 4 for array elements, disclosed or not."""
    enc, dig = d(None, "CN")
    token = craft(layout(dig), [enc] if with_disclosure else [])
    with pytest.raises(errors.DisclosureError) as err:
        verify(kb(token))
    assert "more than once" in err.value.message


def test_digest_in_an_array_and_in_sd() -> None:
    enc, dig = d(None, "CN")
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"_sd": [dig], "nat": [{"...": dig}]}, [enc])))


def test_disclosure_given_twice() -> None:
    enc, dig = d("name", "张三")
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"_sd": [dig]}, [enc, enc])))


@pytest.mark.parametrize("sd", ["abc", {"a": 1}, [1], [None], ["ok", ["x"]]])
def test_sd_must_be_array_of_strings(sd: Any) -> None:
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"_sd": sd})))


def test_ellipsis_as_object_member() -> None:
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"...": "x"})))


def test_ellipsis_placeholder_with_extra_key() -> None:
    _, dig = d(None, "CN")
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"nat": [{"...": dig, "more": 1}]})))


def test_ellipsis_placeholder_non_string() -> None:
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"nat": [{"...": 5}]})))


@pytest.mark.parametrize("name", ["_sd", "..."])
def test_disclosure_naming_reserved_claim(name: str) -> None:
    enc, dig = d(name, ["x"])
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"_sd": [dig]}, [enc])))


def test_disclosed_sd_alg_refused() -> None:
    enc, dig = d("_sd_alg", "sha-256")
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"_sd": [dig]}, [enc])))


def test_nested_sd_alg_refused() -> None:
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"nested": {"_sd_alg": "sha-256"}})))


def test_claim_name_collides_with_plain_claim() -> None:
    enc, dig = d("name", "李四")
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"name": "张三", "_sd": [dig]}, [enc])))


def test_two_disclosures_with_the_same_name() -> None:
    a, da = d("name", "张三")
    b, db = d("name", "李四", salt="b3RoZXJvdGhlcm90aGVyb3Q")
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"_sd": [da, db]}, [a, b])))


def test_array_disclosure_in_object_sd() -> None:
    enc, dig = d(None, "CN")
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"_sd": [dig]}, [enc])))


def test_object_disclosure_in_array() -> None:
    enc, dig = d("name", "CN")
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"nat": [{"...": dig}]}, [enc])))


@pytest.mark.parametrize(
    "content",
    [[SALT], [SALT, "a", 1, 2], {"salt": SALT}, "text", [1, "name", "v"], [SALT, 5, "v"]],
)
def test_malformed_disclosure_content(content: Any) -> None:
    enc = b64(content)
    with pytest.raises(errors.DisclosureError):
        verify(kb(craft({"_sd": [digest(enc)]}, [enc])))


def test_disclosure_not_json() -> None:
    enc = b64(b"[not json")
    with pytest.raises(errors.MalformedVerificationInputError):
        verify(kb(craft({"_sd": [digest(enc)]}, [enc])))


def test_disclosure_with_duplicate_json_member() -> None:
    enc = b64(f'["{SALT}", "a", {{"k": 1, "k": 2}}]'.encode())
    with pytest.raises(errors.MalformedVerificationInputError):
        verify(kb(craft({"_sd": [digest(enc)]}, [enc])))


def test_non_canonical_base64url_disclosure() -> None:
    enc, _ = d("name", "张三x")  # length leaves padding bits
    assert len(enc) % 4 in (2, 3)
    last = enc[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    bumped = enc[:-1] + alphabet[alphabet.index(last) + 1]
    # Decodes to the same bytes but is not the canonical encoding; the issuer signed its digest.
    assert base64.urlsafe_b64decode(bumped + "==") == base64.urlsafe_b64decode(enc + "==")
    with pytest.raises(errors.MalformedVerificationInputError) as err:
        verify(kb(craft({"_sd": [digest(bumped)]}, [bumped])))
    assert err.value.code == "non_canonical_encoding"


def test_padded_disclosure_refused() -> None:
    enc, _ = d("name", "张三x")
    padded = enc + "=" * (-len(enc) % 4)
    with pytest.raises(errors.MalformedVerificationInputError):
        verify(kb(craft({"_sd": []}, [padded])))


def test_empty_disclosure_refused() -> None:
    token = craft({}) + "~"
    with pytest.raises(errors.MalformedVerificationInputError):
        verify(token, require_key_binding=False)


def test_undisclosed_array_elements_are_dropped() -> None:
    a, da = d(None, "CN")
    _, db = d(None, "HK", salt="aGtoa2hraGtoa2hraGtoaw")
    v = verify(kb(craft({"nat": [{"...": da}, "MO", {"...": db}]}, [a])))
    assert v.claims["nat"] == ["CN", "MO"]
    assert v.disclosed == ("/nat/0",)


# -- caps -----------------------------------------------------------------------------------


def test_too_many_disclosures() -> None:
    token = craft({}) + "AA~" * (MAX_DISCLOSURES + 1)
    with pytest.raises(errors.MalformedVerificationInputError) as err:
        verify(token, require_key_binding=False)
    assert err.value.code == "input_too_large"


def test_too_many_bytes() -> None:
    token = craft({"big": "x" * MAX_SD_JWT_BYTES})
    with pytest.raises(errors.MalformedVerificationInputError) as err:
        verify(token, require_key_binding=False)
    assert err.value.code == "input_too_large"


def test_too_deep_through_disclosures() -> None:
    disclosures = []
    value: Any = "leaf"
    for i in range(40):
        salt = b64(i.to_bytes(16, "big"))
        enc, dig = d(f"l{i}", {"x": [value]}, salt=salt)
        disclosures.append(enc)
        value = {"_sd": [dig]}
    token = craft({"root": value}, disclosures)
    with pytest.raises(errors.MalformedVerificationInputError) as err:
        verify(kb(token))
    assert err.value.code == "input_too_large"


def _array_chain(levels: int) -> str:
    """Arrays only, nested *levels* deep through array-element Disclosures."""
    disclosures = []
    value: Any = "leaf"
    for i in range(levels):
        enc, dig = d(None, [value], salt=b64(i.to_bytes(16, "big")))
        disclosures.append(enc)
        value = {"...": dig}
    return craft({"root": [value]}, disclosures)


def test_depth_cap_on_the_array_path() -> None:
    """Only arrays on the way down: the cap is enforced by the array branch itself."""
    deep = _array_chain(MAX_SD_DEPTH)
    with pytest.raises(errors.MalformedVerificationInputError) as err:
        verify(kb(deep))
    assert err.value.code == "input_too_large"
    shallow = verify(kb(_array_chain(MAX_SD_DEPTH - 2)))
    assert len(shallow.disclosed) == MAX_SD_DEPTH - 2


# -- validity ---------------------------------------------------------------------------------


def test_expired() -> None:
    with pytest.raises(errors.ExpiredError):
        verify(kb(craft({"exp": IAT + 10})))


def test_not_yet_valid() -> None:
    with pytest.raises(errors.NotYetValidError):
        verify(kb(craft({"nbf": int(NOW.timestamp()) + 3600})))


def test_issued_in_the_future() -> None:
    with pytest.raises(errors.NotYetValidError):
        verify(kb(craft({"iat": int(NOW.timestamp()) + 3600})))


def test_leeway_tolerates_small_expiry() -> None:
    token = kb(craft({"exp": int(NOW.timestamp()) - 30}))
    with pytest.raises(errors.ExpiredError):
        verify(token)
    assert verify(token, leeway=timedelta(minutes=1)).claims["exp"]


def test_exp_must_be_numeric() -> None:
    with pytest.raises(errors.MalformedVerificationInputError):
        verify(kb(craft({"exp": "2030-01-01"})))


# -- RFC 9901 section 9.7, SD-JWT VC section 3.2.2.2: claims a verifier needs in the clear ------

W3C = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential"],
    "issuer": ISS,
    "credentialSubject": {"id": "did:example:citizen"},
}
MODES = {
    "plain": ({}, {"typ": "example+sd-jwt", "kid": KID}),
    "sd-jwt-vc": ({"vct": "urn:x"}, {"typ": "dc+sd-jwt", "kid": KID}),
    "w3c": (W3C, {"typ": "vc+sd-jwt", "kid": KID}),
}
RESERVED_VALUES: dict[str, Any] = {
    "iss": "did:web:bureau.example",
    "aud": AUD,
    "exp": int(NOW.timestamp()) + 3600,
    "nbf": IAT,
    "iat": IAT,
    "cnf": {"jwk": HOLDER.public_jwk},
    "vct": "urn:x",
    "vct#integrity": "sha256-x",
    "aka_vcts": ["urn:y"],
    "status": {"status_list": {"idx": 0, "uri": "https://s.example/1"}},
}


def test_issuer_impersonation_through_a_disclosed_iss() -> None:
    """Before: the key came from the payload's W3C-style issuer (the attacker's did:key) and
    .issuer from a Disclosure naming the bureau; the presentation verified as the bureau's."""
    attacker = ds.Ed25519Key.from_seed(b"\x09" * 32)
    did = ds.did_key(attacker)
    enc, dig = d("iss", "did:web:bureau.example")
    claims = {"issuer": did, "iat": IAT, "_sd": [dig]}
    header = {"typ": "example+sd-jwt", "kid": f"{did}#{did[len('did:key:') :]}"}
    token = craft(claims, [enc], header=header, key=attacker, registered=False)
    # A plain SD-JWT names its issuer in iss alone: no key is resolved from 'issuer'.
    with pytest.raises(errors.MalformedVerificationInputError):
        verify(token, require_key_binding=False)
    # With the key given, the disclosed iss is refused outright.
    with pytest.raises(errors.DisclosureError):
        verify(token, require_key_binding=False, issuer_key=attacker.public_key)
    # And a disclosed 'issuer' member never becomes the reported issuer.
    enc, dig = d("issuer", "did:web:bureau.example")
    token = craft({"iat": IAT, "_sd": [dig]}, [enc], key=attacker, registered=False)
    v = verify(token, require_key_binding=False, issuer_key=attacker.public_key)
    assert v.claims["issuer"] == "did:web:bureau.example"
    assert v.issuer is None


def test_w3c_issuer_impersonation_through_a_disclosed_iss() -> None:
    """The same attack on a vc+sd-jwt payload, through verify_sd_jwt."""
    attacker = ds.Ed25519Key.from_seed(b"\x09" * 32)
    did = ds.did_key(attacker)
    enc, dig = d("iss", "did:web:bureau.example")
    claims = {**W3C, "issuer": did, "iat": IAT, "_sd": [dig]}
    header = {"typ": "vc+sd-jwt", "kid": f"{did}#{did[len('did:key:') :]}"}
    token = craft(claims, [enc], header=header, key=attacker, registered=False)
    with pytest.raises(errors.DisclosureError):
        verify(token, require_key_binding=False)


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("name", sorted(RESERVED_VALUES))
def test_reserved_claims_are_refused_in_disclosures_in_every_mode(mode: str, name: str) -> None:
    base, header = MODES[mode]
    claims = {k: v for k, v in base.items() if k != name}
    enc, dig = d(name, RESERVED_VALUES[name])
    token = craft({**claims, "_sd": [dig]}, [enc], header=header, registered=False)
    # A dc+sd-jwt without vct in the clear is refused before any Disclosure is read.
    missing_vct = (mode, name) == ("sd-jwt-vc", "vct")
    expected = errors.MalformedVerificationInputError if missing_vct else errors.DisclosureError
    with pytest.raises(expected) as err:
        verify(token, require_key_binding=False, check_status=False, issuer_key=ISSUER.public_key)
    assert missing_vct or f"/{name}" in err.value.message
    # The holder refuses such an SD-JWT too, before presenting anything.
    with pytest.raises(errors.MalformedInputError if missing_vct else errors.DisclosureError):
        ds.present_sd_jwt(token, disclose=[], issuer_key=ISSUER.public_key)


@pytest.mark.parametrize(
    ("name", "concealed"),
    [
        ("aud", [AUD, {"...": "A" * 43}]),
        ("cnf", {"_sd": ["A" * 43]}),
        ("status", {"status_list": {"_sd": ["A" * 43]}}),
        ("aka_vcts", [{"...": "A" * 43}]),
    ],
)
@pytest.mark.parametrize("mode", sorted(MODES))
def test_nothing_below_a_reserved_claim_is_concealed(mode: str, name: str, concealed: Any) -> None:
    """Digests below a reserved claim are refused even when their Disclosure is withheld."""
    base, header = MODES[mode]
    token = craft({**base, name: concealed}, header=header, registered=False)
    with pytest.raises(errors.DisclosureError):
        verify(token, require_key_binding=False, check_status=False, issuer_key=ISSUER.public_key)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("type", lambda dig: ["VerifiableCredential", {"...": dig}]),
        ("@context", lambda dig: ["https://www.w3.org/ns/credentials/v2", {"...": dig}]),
        ("credentialStatus", lambda dig: {"type": "BitstringStatusListEntry", "_sd": [dig]}),
        ("credentialSchema", lambda dig: {"type": "JsonSchema", "_sd": [dig]}),
        ("issuer", lambda dig: {"id": ISS, "_sd": [dig]}),
    ],
)
@pytest.mark.parametrize("disclosed", [True, False])
@pytest.mark.parametrize("entry", ["verify_sd_jwt", "verify_vc_sd_jwt"])
def test_w3c_never_disclosable_properties_hide_nothing_below(
    name: str, make: Any, disclosed: bool, entry: str
) -> None:
    """Disclosures below type, @context, credentialStatus… are refused, not only at the top."""
    enc, dig = (
        d(None, "InsuranceStatusCredential") if name in ("type", "@context") else d("x", "y")
    )
    token = craft(
        {**W3C, name: make(dig)},
        [enc] if disclosed else [],
        header={"typ": "vc+sd-jwt", "kid": KID},
    )
    with pytest.raises(errors.DisclosureError):
        getattr(ds, entry)(
            token,
            nonce=None,
            audience=None,
            require_key_binding=False,
            check_status=False,
            now=NOW,
        )


def test_other_claims_may_still_be_disclosed_in_every_mode() -> None:
    """The reserved list does not reach ordinary claims, nor reserved names deeper down."""
    for base, header in MODES.values():
        enc, dig = d("sub", "did:example:citizen")
        nested, ndig = d("iss", "a nested claim, not the JWT's issuer", salt=SALT + "x")
        token = craft(
            {**base, "_sd": [dig], "extra": {"_sd": [ndig]}}, [enc, nested], header=header
        )
        v = verify(token, require_key_binding=False)
        assert (v.claims["sub"], v.issuer) == ("did:example:citizen", ISS)
        assert v.claims["extra"] == {"iss": "a nested claim, not the JWT's issuer"}


# -- 7.3: key binding -------------------------------------------------------------------------


def test_key_binding_required_but_missing() -> None:
    with pytest.raises(errors.KeyBindingError):
        verify(craft({"a": 1}))


def test_kb_wrong_nonce() -> None:
    with pytest.raises(errors.KeyBindingError):
        verify(kb(craft({"a": 1}), nonce="other"))


def test_kb_nonce_not_a_string() -> None:
    with pytest.raises(errors.KeyBindingError):
        verify(kb(craft({"a": 1}), nonce=123))


def test_kb_wrong_audience() -> None:
    with pytest.raises(errors.KeyBindingError):
        verify(kb(craft({"a": 1}), aud="https://evil.example"))


def test_kb_audience_array_refused() -> None:
    with pytest.raises(errors.KeyBindingError):
        verify(kb(craft({"a": 1}), aud=[AUD]))


def test_kb_sd_hash_mismatch_when_a_disclosure_is_dropped() -> None:
    a, da = d("a", 1)
    b, db = d("b", 2, salt="YmJiYmJiYmJiYmJiYmJiYg")
    full = craft({"_sd": [da, db]}, [a, b])
    pres = kb(full)
    kb_jwt = pres.rsplit("~", 1)[1]
    dropped = full.replace(b + "~", "") + kb_jwt
    with pytest.raises(errors.KeyBindingError):
        verify(dropped)


def test_kb_sd_hash_wrong_value() -> None:
    with pytest.raises(errors.KeyBindingError):
        verify(kb(craft({"a": 1}), sd_hash=digest("something else")))


def test_kb_stale_iat() -> None:
    old = int((NOW - timedelta(minutes=6)).timestamp())
    with pytest.raises(errors.KeyBindingError):
        verify(kb(craft({"a": 1}), iat=old))


def test_kb_future_iat() -> None:
    later = int((NOW + timedelta(minutes=6)).timestamp())
    with pytest.raises(errors.KeyBindingError):
        verify(kb(craft({"a": 1}), iat=later))


def test_kb_iat_within_configured_skew() -> None:
    old = int((NOW - timedelta(minutes=6)).timestamp())
    assert verify(kb(craft({"a": 1}), iat=old), skew=timedelta(minutes=10)).key_binding


# -- validity at the second ----------------------------------------------------------------

T = int(NOW.timestamp())


@pytest.mark.parametrize(
    ("claims", "error"),
    [
        ({"exp": T}, errors.ExpiredError),  # RFC 7519 4.1.4: invalid on and after exp
        ({"exp": T + 1}, None),
        ({"nbf": T}, None),  # RFC 7519 4.1.5: valid on and after nbf
        ({"nbf": T + 1}, errors.NotYetValidError),
        ({"iat": T + 300}, None),  # at most skew (5 minutes) ahead
        ({"iat": T + 301}, errors.NotYetValidError),
    ],
)
def test_issuer_jwt_validity_at_the_second(claims: dict[str, int], error: Any) -> None:
    token = kb(craft(claims))
    if error is None:
        assert verify(token).claims.keys() >= claims.keys()
    else:
        with pytest.raises(error):
            verify(token)


@pytest.mark.parametrize(
    ("claims", "leeway", "error"),
    [
        ({"exp": T - 59}, 60, None),
        ({"exp": T - 60}, 60, errors.ExpiredError),
        ({"nbf": T + 60}, 60, None),
        ({"nbf": T + 61}, 60, errors.NotYetValidError),
    ],
)
def test_leeway_at_the_second(claims: dict[str, int], leeway: int, error: Any) -> None:
    token = kb(craft(claims))
    if error is None:
        assert verify(token, leeway=timedelta(seconds=leeway)).key_binding
    else:
        with pytest.raises(error):
            verify(token, leeway=timedelta(seconds=leeway))


@pytest.mark.parametrize(
    ("iat", "extra", "ok"),
    [
        (T - 300, {}, True),  # |now - iat| = skew
        (T - 301, {}, False),
        (T + 300, {}, True),
        (T + 301, {}, False),
        (T, {"exp": T}, False),  # expired on exp
        (T, {"exp": T + 1}, True),
        (T, {"nbf": T + 300}, True),  # nbf at most skew ahead
        (T, {"nbf": T + 301}, False),
    ],
)
def test_kb_jwt_times_at_the_second(iat: int, extra: dict[str, int], ok: bool) -> None:
    token = kb(craft({"a": 1}), iat=iat, extra=extra)
    if ok:
        assert verify(token).key_binding is not None
    else:
        with pytest.raises(errors.KeyBindingError):
            verify(token)


@pytest.mark.parametrize(
    ("target", "value"),
    [
        ("kb", {"iat": 10**400}),
        ("kb", {"iat": -(10**400)}),
        ("kb", {"iat": 1e300}),
        ("kb", {"exp": 10**400}),
        ("kb", {"nbf": -(10**400)}),
        ("kb", {"iat": True}),
        ("jwt", {"exp": 10**400}),
        ("jwt", {"nbf": 10**400}),
        ("jwt", {"iat": 10**400}),
        ("jwt", {"exp": -(10**400)}),
        ("jwt", {"exp": 1e300}),
        ("jwt", {"iat": True}),
    ],
)
def test_out_of_range_times_are_refused_not_overflowed(target: str, value: dict[str, Any]) -> None:
    """Before: OverflowError (int too large to convert to float) escaped verify_sd_jwt."""
    if target == "kb":
        token = kb(craft({"a": 1}), iat=value.get("iat"), extra=value)
        expected: Any = errors.KeyBindingError
    else:
        token = kb(craft(value))
        expected = errors.MalformedVerificationInputError
    with pytest.raises(expected) as err:
        verify(token)
    assert next(iter(value)) in err.value.message


@pytest.mark.parametrize("sd_alg", [[], {}, ["sha-256"], None, 1.5])
def test_sd_alg_of_another_type(sd_alg: Any) -> None:
    """Before: _sd_alg [] raised TypeError (unhashable) out of verify_sd_jwt."""
    with pytest.raises(errors.UnsupportedVerificationInputError):
        verify(craft({"_sd_alg": sd_alg}), require_key_binding=False)


# -- the options themselves -------------------------------------------------------------------


@pytest.mark.parametrize("option", ["skew", "leeway"])
@pytest.mark.parametrize("entry", ["verify_sd_jwt", "verify_vc_sd_jwt"])
def test_negative_skew_or_leeway_refused(option: str, entry: str) -> None:
    with pytest.raises(errors.MalformedVerificationInputError) as err:
        getattr(ds, entry)(
            kb(craft({"a": 1})),
            nonce=NONCE,
            audience=AUD,
            now=NOW,
            **{option: timedelta(seconds=-1)},
        )
    assert f"{option}=" in err.value.message
    assert verify(kb(craft({"a": 1})), **{option: timedelta(0)}).key_binding


@pytest.mark.parametrize(
    "options",
    [
        {"require_key_binding": None},
        {"check_status": None},
        {"require_key_binding": None, "check_status": None},
        {"require_key_binding": 1, "check_status": 0},
        {"require_key_binding": True, "check_status": "no"},
    ],
)
@pytest.mark.parametrize("entry", ["verify_sd_jwt", "verify_vc_sd_jwt"])
def test_policy_flags_must_be_booleans(options: dict[str, Any], entry: str) -> None:
    """None (or 0) must not quietly switch key binding or the status check off."""
    token = craft({"status": {"status_list": {"idx": 0, "uri": "https://s.example/1"}}})
    with pytest.raises(errors.MalformedVerificationInputError) as err:
        getattr(ds, entry)(token, nonce=None, audience=None, now=NOW, **options)
    first = (
        "require_key_binding"
        if type(options.get("require_key_binding", True)) is not bool
        else "check_status"
    )
    assert err.value.message.startswith(f"{first}=")


def test_kb_iat_not_numeric() -> None:
    with pytest.raises(errors.KeyBindingError):
        verify(kb(craft({"a": 1}), iat="now"))


def test_kb_expired_by_its_own_exp() -> None:
    with pytest.raises(errors.KeyBindingError):
        verify(kb(craft({"a": 1}), extra={"exp": int(NOW.timestamp()) - 1}))


@pytest.mark.parametrize("typ", ["JWT", "kb+JWT", "example+sd-jwt"])
def test_kb_typ(typ: str) -> None:
    with pytest.raises(errors.KeyBindingError):
        verify(kb(craft({"a": 1}), typ=typ))


def test_kb_signed_by_another_key() -> None:
    with pytest.raises(errors.InvalidSignatureError):
        verify(kb(craft({"a": 1}), key=OTHER))


def test_kb_alg_none() -> None:
    sd = craft({"a": 1})
    payload = {"iat": int(NOW.timestamp()), "aud": AUD, "nonce": NONCE, "sd_hash": digest(sd)}
    with pytest.raises(errors.UnsupportedVerificationInputError):
        verify(sd + _unsigned({"alg": "none", "typ": "kb+jwt"}, payload))


def test_kb_without_cnf() -> None:
    sd = craft({"iss": ISS, "iat": IAT}, registered=False)
    with pytest.raises(errors.KeyBindingError):
        verify(kb(sd))


def test_present_kb_is_checked_even_when_not_required() -> None:
    pres = kb(craft({"a": 1}), nonce="other")
    with pytest.raises(errors.KeyBindingError):
        verify(pres, require_key_binding=False)
    with pytest.raises(errors.KeyBindingError):
        verify(pres, require_key_binding=False, nonce=None, audience=None)


def test_p256_holder_key_binding() -> None:
    p256 = ds.P256Key.generate()
    sd = craft({"iss": ISS, "iat": IAT, "cnf": {"jwk": p256.public_jwk}}, registered=False)
    assert verify(kb(sd, key=p256)).holder_jwk == p256.public_jwk
    with pytest.raises(errors.UnsupportedVerificationInputError):
        verify(kb(sd, key=HOLDER))  # EdDSA KB-JWT for a P-256 cnf key


# -- status ------------------------------------------------------------------------------------


def test_status_claim_without_source_fails_closed() -> None:
    token = kb(craft({"status": {"status_list": {"idx": 3, "uri": "https://s.example/1"}}}))
    with pytest.raises(errors.StatusUnavailableError):
        verify(token)


def test_status_check_can_be_skipped_explicitly() -> None:
    token = kb(craft({"status": {"status_list": {"idx": 3, "uri": "https://s.example/1"}}}))
    v = verify(token, check_status=False)
    assert v.status is None
    assert v.claims["status"]["status_list"]["idx"] == 3


# -- framing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "abc", "a.b.c", " " + "x~", 5, None])
def test_garbage_is_malformed(bad: Any) -> None:
    with pytest.raises(errors.VerificationError):
        verify(bad, require_key_binding=False)


def test_surrounding_whitespace_refused() -> None:
    token = kb(craft({"a": 1}))
    with pytest.raises(errors.MalformedVerificationInputError):
        verify(token + "\n")


def test_json_with_disclosures_in_two_places() -> None:
    enc, dig = d("a", 1)
    token = craft({"_sd": [dig]}, [enc])
    obj = json.loads(ds.sd_jwt_to_json(token))
    obj["disclosures"] = [enc]
    with pytest.raises(errors.MalformedVerificationInputError):
        verify(json.dumps(obj), require_key_binding=False)


def test_json_with_two_signatures_unsupported() -> None:
    token = craft({"a": 1})
    obj = json.loads(ds.sd_jwt_to_json(token, general=True))
    obj["signatures"].append(dict(obj["signatures"][0], header={}))
    with pytest.raises(errors.UnsupportedVerificationInputError):
        verify(json.dumps(obj), require_key_binding=False)


def test_holder_refuses_an_sd_jwt_kb() -> None:
    with pytest.raises(errors.MalformedInputError):
        ds.present_sd_jwt(kb(craft({"a": 1})), disclose=[])


def test_holder_checks_issuer_signature_before_presenting() -> None:
    with pytest.raises(errors.InvalidSignatureError):
        ds.present_sd_jwt(craft({"a": 1}, key=OTHER), disclose=[])


def test_holder_pointer_to_missing_claim() -> None:
    with pytest.raises(errors.MalformedInputError):
        ds.present_sd_jwt(craft({"a": 1}), disclose=["/nope"])


def test_errors_never_leak_undisclosed_values() -> None:
    secret_value = "110105194912310029"
    enc, dig = d("citizen_id", secret_value)
    with pytest.raises(errors.DisclosureError) as err:
        verify(kb(craft({"citizen_id": "x", "_sd": [dig]}, [enc])))
    assert secret_value not in str(err.value)
    assert secret_value not in err.value.message_zh


def test_issuer_jwt_aud_must_name_this_verifier() -> None:
    """RFC 9901 section 7.1 step 6: an aud in the processed payload is checked."""
    assert verify(kb(craft({"aud": [AUD, "https://other"]}))).claims["aud"]
    with pytest.raises(errors.ProofError):
        verify(kb(craft({"aud": "https://other"})))
    with pytest.raises(errors.ProofError):
        verify(craft({"aud": AUD}), require_key_binding=False, nonce=None, audience=None)
    with pytest.raises(errors.MalformedVerificationInputError):
        verify(kb(craft({"aud": 5})))
