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


def test_sd_jwt_vc_validity_claims_must_not_be_disclosed() -> None:
    enc, dig = d("exp", int(NOW.timestamp()) + 3600)
    token = craft({"vct": "urn:x", "_sd": [dig]}, [enc], header={"typ": "dc+sd-jwt", "kid": KID})
    with pytest.raises(errors.DisclosureError):
        verify(kb(token))


def test_disclosed_exp_is_still_enforced_for_plain_sd_jwt() -> None:
    enc, dig = d("exp", IAT + 1)
    with pytest.raises(errors.ExpiredError):
        verify(kb(craft({"_sd": [dig]}, [enc])))


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
