"""Keys: Multikey and JWK encodings, signing, verification."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import edited, seeds

import didkit_shebao as ds
from didkit_shebao.errors import (
    InvalidSignatureError,
    MalformedInputError,
    ShebaoError,
    UnsupportedError,
)
from didkit_shebao.keys import DEFAULT_ALGORITHMS, public_key_for_algorithm

# W3C Controlled Identifiers 1.0 / vc-di-eddsa TestVectors keyPair.json.
VECTOR_SEED = bytes.fromhex("c96ef9ea10c5e414c471723aff9de72c35fa5b70fae97e8832ecac7d2e2b8ed6")
VECTOR_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
VECTOR_SECRET = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
VECTOR_PUBLIC_HEX = "b00d8d938e7f773d51565aad36a623f5344f7f5d1960f9cf3e8e12620ea2810f"


def test_multikey_vector() -> None:
    key = ds.Ed25519Key.from_seed(VECTOR_SEED)
    assert key.public_multibase == VECTOR_PUBLIC
    assert key.secret_multibase == VECTOR_SECRET
    assert key.public_key.raw.hex() == VECTOR_PUBLIC_HEX
    assert ds.Ed25519Key.from_multibase(VECTOR_SECRET).public_multibase == VECTOR_PUBLIC
    assert ds.public_key_from_multibase(VECTOR_PUBLIC) == key.public_key


def test_multikey_vector_file(vectors: Path) -> None:
    """The Ed25519 Multikey pairs of vc-di-eddsa TestVectors (keyPair.json, multiKeyPairs.json)."""
    folder = vectors / "w3c-vc-di-eddsa/TestVectors"
    main = json.loads((folder / "keyPair.json").read_text())
    pairs = [
        main,
        *json.loads((folder / "proof-set-chain/multiKeyPairs.json").read_text()).values(),
    ]
    assert len(pairs) == 5
    for pair in pairs:
        secret = pair["privateKeyMultibase"]  # the spec text calls it secretKeyMultibase
        key = ds.key_from_multibase(secret)
        assert key.public_multibase == pair["publicKeyMultibase"]
        assert key.secret_multibase == secret
        public = ds.public_key_from_multibase(pair["publicKeyMultibase"])
        assert public == key.public_key
        assert public.public_multibase == pair["publicKeyMultibase"]
    assert main["publicKeyMultibase"] == VECTOR_PUBLIC


@pytest.mark.parametrize(
    "public",
    [
        # Controlled Identifiers 1.0 (W3C Recommendation, 2025), Example 1 and Example 27.
        "z6MkmM42vxfqZQsv4ehtTjFFxQ4sQKS2w6WR7emozFAn5cxu",
        "z6Mkf5rGMoatrSj1f4CyvuHBeXJELe9RPdzo2PKGNCKVtZxP",
    ],
)
def test_multikey_spec_examples(public: str) -> None:
    assert ds.public_key_from_multibase(public).public_multibase == public


def test_ed25519_jwk_round_trip() -> None:
    key = ds.Ed25519Key.from_seed(VECTOR_SEED)
    # RFC 8037 OKP JWK; x is the base64url of the public key bytes.
    assert key.public_jwk == {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": "sA2Nk45_dz1RVlqtNqYj9TRPf10ZYPnPPo4SYg6igQ8",
    }
    again = ds.key_from_jwk(key.private_jwk)
    assert isinstance(again, ds.Ed25519Key)
    assert again.public_multibase == key.public_multibase
    assert ds.key_from_jwk(key.public_jwk) == key.public_key


def test_rfc8037_example_key() -> None:
    # RFC 8037 Appendix A.1/A.2: the Ed25519 private and public key.
    jwk = {
        "kty": "OKP",
        "crv": "Ed25519",
        "d": "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
        "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
    }
    key = ds.key_from_jwk(jwk)
    assert isinstance(key, ds.Ed25519Key)
    # RFC 8037 Appendix A.4: signature over "Example of Ed25519 signing".
    signing_input = b"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
    sig = key.sign(signing_input)
    assert ds.errors  # module exported
    from didkit_shebao._encoding import b64url_encode

    assert b64url_encode(sig) == (
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
    )
    # RFC 8037 Appendix A.3: the JWK thumbprint.
    assert ds.jwk_thumbprint(jwk) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"


def test_p256_round_trips() -> None:
    key = ds.P256Key.generate()
    assert key.public_multibase.startswith("zDn")
    assert ds.key_from_multibase(key.secret_multibase).public_multibase == key.public_multibase
    again = ds.key_from_jwk(key.private_jwk)
    assert isinstance(again, ds.P256Key)
    assert again.public_key == key.public_key
    assert ds.key_from_jwk(key.public_jwk) == key.public_key
    assert ds.public_key_from_multibase(key.public_multibase) == key.public_key
    sig = key.sign(b"data")
    assert len(sig) == 64
    key.public_key.verify(b"data", sig)
    with pytest.raises(InvalidSignatureError):
        key.public_key.verify(b"datb", sig)


def test_rfc7515_es256_example_verifies() -> None:
    # RFC 7515 Appendix A.3: ES256 JWS example.
    jwk = {
        "kty": "EC",
        "crv": "P-256",
        "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
        "d": "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI",
    }
    key = ds.key_from_jwk(jwk)
    assert isinstance(key, ds.P256Key)
    signing_input = (
        b"eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt"
        b"cGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    )
    from didkit_shebao._encoding import b64url_decode

    sig = b64url_decode(
        "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
    )
    key.public_key.verify(signing_input, sig)


@pytest.mark.parametrize(
    "jwk",
    [
        {"kty": "OKP", "crv": "X25519", "x": "AAAA"},
        {"kty": "RSA", "n": "AQAB", "e": "AQAB"},
        {"kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"},
        {"kty": "OKP", "crv": "Ed25519", "x": "AA", "alg": "RS256"},
    ],
)
def test_unsupported_jwk(jwk: dict[str, str]) -> None:
    with pytest.raises(UnsupportedError):
        ds.key_from_jwk(jwk)


@pytest.mark.parametrize(
    "jwk",
    [
        {"kty": "OKP", "crv": "Ed25519"},
        {"kty": "OKP", "crv": "Ed25519", "x": "AAAA"},  # 3 bytes, wrong length
        {"kty": "OKP", "crv": "Ed25519", "x": "sA2Nk45_dz1RVlqtNqYj9TRPf10ZYPnPPo4SYg6igQ8="},
        {
            "kty": "EC",
            "crv": "P-256",
            "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "y": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        },
        {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": "sA2Nk45_dz1RVlqtNqYj9TRPf10ZYPnPPo4SYg6igQ8",
            "d": "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
        },
    ],
)
def test_malformed_jwk(jwk: dict[str, str]) -> None:
    with pytest.raises(MalformedInputError):
        ds.key_from_jwk(jwk)


def test_repr_never_shows_secret() -> None:
    for key in (ds.Ed25519Key.from_seed(VECTOR_SEED), ds.P256Key.generate()):
        text = repr(key) + str(key)
        assert key.secret_multibase not in text
        assert key.private_jwk["d"] not in text
        assert key.public_multibase in repr(key)


def test_algorithm_registry() -> None:
    ed = ds.Ed25519Key.generate().public_key
    assert public_key_for_algorithm(ed, "EdDSA") is ed
    for alg in ("none", "HS256", "ES256", None):
        with pytest.raises(UnsupportedError):
            public_key_for_algorithm(ed, alg)
    assert set(DEFAULT_ALGORITHMS) == {"EdDSA", "ES256"}
    with pytest.raises(TypeError):
        DEFAULT_ALGORITHMS["SM2"] = type(ed)  # type: ignore[index]


@settings(max_examples=50)
@given(seeds, st.binary(max_size=200))
def test_sign_verify_always_passes(seed: bytes, message: bytes) -> None:
    key = ds.Ed25519Key.from_seed(seed)
    key.public_key.verify(message, key.sign(message))


@settings(max_examples=50)
@given(seeds, st.binary(min_size=1, max_size=100), st.data())
def test_any_bit_flip_fails(seed: bytes, message: bytes, data: st.DataObject) -> None:
    key = ds.Ed25519Key.from_seed(seed)
    sig = key.sign(message)
    blob = bytearray(sig + message)
    bit = data.draw(st.integers(min_value=0, max_value=len(blob) * 8 - 1))
    blob[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises(InvalidSignatureError):
        key.public_key.verify(bytes(blob[64:]), bytes(blob[:64]))


_P256 = ds.P256Key.from_secret(bytes(31) + b"\x07")
_JWK_BASES = [
    jwk
    for key in (ds.Ed25519Key.from_seed(VECTOR_SEED), _P256)
    for jwk in (key.private_jwk, key.public_jwk)
]
_ALGS = {"OKP": ("EdDSA", "Ed25519"), "EC": ("ES256",)}
_EDITS = "AQgw_-=+/ 字"


@given(st.data())
def test_key_from_jwk_refuses_or_reads_exactly_the_members(data: st.DataObject) -> None:
    """Junk JWKs, and valid ones with one member edited or replaced: key_from_jwk raises a
    ShebaoError, or returns a key whose JWK members are exactly the given ones (and an `alg`,
    when given, that belongs to the key type)."""
    base = data.draw(st.sampled_from(_JWK_BASES))
    name = data.draw(st.sampled_from(sorted(base)))
    member = st.sampled_from(["kty", "crv", "x", "y", "d", "alg"])
    values = st.sampled_from(sorted({*_JWK_BASES[0].values(), *_JWK_BASES[2].values()}))
    jwk: dict[str, object] = data.draw(
        st.dictionaries(member, st.text(max_size=50) | st.integers())
        | st.just({**base, name: edited(base[name], data, _EDITS)})
        | st.sampled_from(["EdDSA", "Ed25519", "ES256", "ES384"]).map(lambda a: {**base, "alg": a})
        | st.builds(
            lambda k, v: {**base, k: v},
            member,
            values | st.sampled_from(["EdDSA", "ES256", "Ed25519"]),
        )
    )
    try:
        key = ds.key_from_jwk(jwk)
    except ShebaoError:
        return
    out = key.private_jwk if isinstance(key, ds.Ed25519Key | ds.P256Key) else key.public_jwk
    # Every member of the key is the given one; members the key type does not define (a
    # "y" on an OKP key) are ignored, as RFC 7517 section 4 requires.
    assert {k: jwk.get(k) for k in out} == out
    assert ("d" in jwk) == ("d" in out)
    if "alg" in jwk:
        assert jwk["alg"] in _ALGS[out["kty"]]


@given(st.text(max_size=80))
def test_public_key_from_multibase_refuses_or_round_trips(text: str) -> None:
    """Any text after "z": refused, or the Multikey of exactly that text."""
    try:
        key = ds.public_key_from_multibase("z" + text)
    except ShebaoError:
        return
    assert key.public_multibase == "z" + text


@given(st.data())
def test_edited_multikey_is_refused_or_names_exactly_that_key(data: st.DataObject) -> None:
    """A Multikey with one character edited: refused, or the key of exactly that text."""
    for good in (VECTOR_PUBLIC, _P256.public_multibase):
        value = edited(good, data, _EDITS)
        try:
            key = ds.public_key_from_multibase(value)
        except ShebaoError:
            continue
        assert key.public_multibase == value


@pytest.mark.parametrize(
    ("key", "alg"),
    [
        (ds.Ed25519Key.from_seed(VECTOR_SEED), "ES256"),
        (ds.P256Key.from_secret(bytes(31) + b"\x07"), "EdDSA"),
        (ds.P256Key.from_secret(bytes(31) + b"\x07"), "Ed25519"),
    ],
)
def test_jwk_alg_of_another_key_type_is_refused(key: ds.Ed25519Key | ds.P256Key, alg: str) -> None:
    """RFC 7517 §4.4: a JWK's alg names the algorithm the key is for; a mismatch is refused."""
    for jwk in (key.private_jwk, key.public_jwk):
        with pytest.raises(UnsupportedError, match="'alg'"):
            ds.key_from_jwk({**jwk, "alg": alg})
        assert ds.key_from_jwk({**jwk, "alg": key.alg}) is not None
