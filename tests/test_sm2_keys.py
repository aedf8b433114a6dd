"""SM2 keys (GB/T 32918.2) and SM3 (GB/T 32905): vectors, encodings, malformed input, nonces.

Vectors come from ``tests/vectors/sm2/`` (see ``tests/vectors/SOURCES.md``). The
standards' examples sign with a published nonce k; the library never takes a
nonce, so those (r, s) are reproduced here with the library's curve
arithmetic and the test's own two-line signing formula, and the published
signatures are verified through the public API.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao import _sm2
from didkit_shebao._encoding import multibase_decode, multibase_encode
from didkit_shebao.errors import (
    InvalidSignatureError,
    MalformedInputError,
    ShebaoError,
    UnsupportedError,
)
from didkit_shebao.keystore import decrypt_key, encrypt_key

VECTORS = Path(__file__).parent / "vectors" / "sm2"
ANNEX_A = json.loads(
    (VECTORS / "sm2-sign" / "gmt0003.5-annexA-recommended-curve.json").read_text()
)
N = _sm2.SM2P256V1.n

# GB/T 32918.2-2016 Annex A / draft-shen-sm2-ecdsa: the Fp-256 *test* curve (botan_sm2_sig.vec lines 3-9).
TEST_CURVE = _sm2.Curve(
    p=0x8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3,
    a=0x787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498,
    b=0x63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A,
    gx=0x421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D,
    gy=0x0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2,
    n=0x8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7,
)


def affine(point: tuple[int, int, int], curve: _sm2.Curve) -> tuple[int, int]:
    result = _sm2._to_affine(point, curve)
    assert result is not None
    return result


def sign_with_nonce(d: int, k: int, e: bytes, curve: _sm2.Curve) -> tuple[int, int]:
    """GB/T 32918.2 §6.1 steps A4-A6 with a given k: test-only, to reproduce the examples."""
    x1 = affine(_sm2.mul(k, (curve.gx, curve.gy), curve), curve)[0]
    r = (int.from_bytes(e, "big") + x1) % curve.n
    return r, pow(1 + d, -1, curve.n) * (k - r * d) % curve.n


# -- SM3 -----------------------------------------------------------------------


def sm3_cases() -> list[tuple[str, bytes, str]]:
    cases: list[tuple[str, bytes, str]] = []
    digest = None
    data = b""
    for n, line in enumerate(
        (VECTORS / "sm3" / "openssl-3.5.4_evpmd_sm3.txt").read_text().splitlines()
    ):
        if line.startswith("Digest = "):
            digest = line.split(" = ")[1]
        elif line.startswith("Input = ") and digest == "SM3":
            data = bytes.fromhex(line.split(" = ")[1])
        elif line.startswith("Output = ") and digest == "SM3":
            cases.append((f"openssl:{n + 1}", data, line.split(" = ")[1]))
    for n, line in enumerate((VECTORS / "sm3" / "botan_sm3.vec").read_text().splitlines()):
        if line.startswith("In = "):
            data = bytes.fromhex(line.split(" = ")[1])
        elif line.startswith("Out = "):
            cases.append((f"botan:{n + 1}", data, line.split(" = ")[1]))
    return cases


SM3_CASES = sm3_cases()


def test_sm3_vector_files_are_complete() -> None:
    """8 SM3 cases in OpenSSL's file and 139 in Botan's (see the vectors' README)."""
    assert sum(1 for c in SM3_CASES if c[0].startswith("openssl")) == 8
    assert sum(1 for c in SM3_CASES if c[0].startswith("botan")) == 139


@pytest.mark.parametrize(("where", "data", "expected"), SM3_CASES, ids=[c[0] for c in SM3_CASES])
def test_sm3_vectors(where: str, data: bytes, expected: str) -> None:
    # Both files spell one digest in mixed case: compare case-insensitively.
    assert _sm3_hex(data) == expected.lower()


def _sm3_hex(data: bytes) -> str:
    return _sm2.sm3(data).hex()


def test_sm3_standard_examples() -> None:
    """GB/T 32905-2016 Appendix A: "abc" and the 512-bit "abcd" × 16."""
    assert _sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert (
        _sm3_hex(b"abcd" * 16)
        == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    )


# -- GB/T 32918 signature examples -------------------------------------------------


def test_annex_a_recommended_curve() -> None:
    """GM/T 0003.5 / GB/T 32918.5 Annex A: Z_A, e, (r, s) with the published k, and verification."""
    v = ANNEX_A
    d = int(v["d"], 16)
    public = ds.SM2PublicKey.from_coordinates(
        bytes.fromhex(v["public_x"]), bytes.fromhex(v["public_y"])
    )
    assert affine(_sm2.mul(d, (_sm2.SM2P256V1.gx, _sm2.SM2P256V1.gy)), _sm2.SM2P256V1) == (
        int(v["public_x"], 16),
        int(v["public_y"], 16),
    )
    assert v["id_ascii"].encode() == _sm2.DEFAULT_ID
    assert public.z_a.hex().upper() == v["z_a_computed"]
    message = v["message_ascii"].encode()
    e = public.digest(message)
    assert e.hex().upper() == v["e_computed"]
    r, s = sign_with_nonce(d, int(v["k"], 16), e, _sm2.SM2P256V1)
    assert (f"{r:064X}", f"{s:064X}") == (v["r"], v["s"])
    raw = bytes.fromhex(v["r"] + v["s"])
    public.verify(message, raw)
    public.verify_der(message, bytes.fromhex(v["der_computed"]))
    assert _sm2.encode_der(r, s).hex() == v["der_computed"]
    with pytest.raises(InvalidSignatureError):
        public.verify(b"message digesT", raw)
    with pytest.raises(InvalidSignatureError):
        public.with_distinguishing_id(b"ALICE123@YAHOO.COM").verify(message, raw)


def botan_cases() -> list[dict[str, Any]]:
    """The SM3-hashed cases of botan_sm2_sig.vec (curve parameters persist between tests)."""
    cases: list[dict[str, Any]] = []
    params: dict[str, str] = {}
    test: dict[str, str] = {}
    lines = [*(VECTORS / "sm2-sign" / "botan_sm2_sig.vec").read_text().splitlines(), ""]
    for n, line in enumerate(lines):
        if line.startswith("#"):
            continue
        if " = " in line:
            name, value = line.split(" = ", 1)
            (params if name in ("P", "A", "B", "xG", "yG", "Order", "Oid") else test)[name] = value
            test.setdefault("line", str(n + 1))
        elif test:
            if test.get("Hash") in ("SM3", "Raw") and params["Oid"] != "1.2.840.10045.3.1.7":
                cases.append({**params, **test})
            test = {}
    return cases


BOTAN = botan_cases()


def test_botan_file_has_the_three_sm3_cases() -> None:
    """Test curve with SM3 and Raw (Annex A), and sm2p256v1 with SM3; SHA-256 and P-256 cases are not SM2/SM3."""
    assert [(c["Hash"], c["Oid"]) for c in BOTAN] == [
        ("SM3", "1.3.6.1.4.1.25258.4.5459250"),
        ("Raw", "1.3.6.1.4.1.25258.4.5459250"),
        ("SM3", "1.2.156.10197.1.301"),
    ]


@pytest.mark.parametrize("case", BOTAN, ids=[f"line{c['line']}" for c in BOTAN])
def test_botan_sm2_vectors(case: dict[str, Any]) -> None:
    curve = _sm2.Curve(*(int(case[k], 16) for k in ("P", "A", "B", "xG", "yG", "Order")))
    d = int(case["x"], 16)
    x, y = affine(_sm2.mul(d, (curve.gx, curve.gy), curve), curve)
    assert _sm2.is_on_curve(x, y, curve)
    message = bytes.fromhex(case["Msg"])
    uid = case["Ident"].encode()
    e = message if case["Hash"] == "Raw" else _sm2.sm3(_sm2.z_a(x, y, uid, curve) + message)
    sig = bytes.fromhex(case["Signature"])
    r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
    assert sign_with_nonce(d, int(case["Nonce"], 16), e, curve) == (r, s)
    assert _sm2.verify_digest(e, r, s, x, y, curve)
    assert not _sm2.verify_digest(bytes([e[0] ^ 1]) + e[1:], r, s, x, y, curve)
    if curve == _sm2.SM2P256V1 and case["Hash"] == "SM3":
        key = ds.SM2PublicKey(x, y, distinguishing_id=uid)
        key.verify(message, sig)
        with pytest.raises(InvalidSignatureError):
            key.with_distinguishing_id(_sm2.DEFAULT_ID).verify(message, sig)


def test_annex_a_test_curve_values() -> None:
    """GB/T 32918.2 Annex A (Fp-256): P_A and Z_A as published; e is the Raw case's message."""
    case = BOTAN[0]
    curve = _sm2.Curve(*(int(case[k], 16) for k in ("P", "A", "B", "xG", "yG", "Order")))
    x, y = affine(_sm2.mul(int(case["x"], 16), (curve.gx, curve.gy), curve), curve)
    assert f"{x:064X}" == "0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A"
    assert f"{y:064X}" == "7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857"
    za = _sm2.z_a(x, y, b"ALICE123@YAHOO.COM", curve)
    assert za.hex().upper() == "F4A38489E32B45B6F876E3AC2168CA392362DC8F23459C1D1146FC3DBFB7BC9A"
    assert _sm2.sm3(za + b"message digest").hex().upper() == BOTAN[1]["Msg"]


# -- encodings -------------------------------------------------------------------

# multiformats/multicodec table.csv rows 173 and 214 (see tests/vectors/SOURCES.md):
#   sm2-pub,  key, 0x1206, draft, SM2 public key (compressed)
#   sm2-priv, key, 0x1310, draft, SM2 private key
SM2_PUB_VARINT = bytes([0x1206 & 0x7F | 0x80, 0x1206 >> 7])
SM2_PRIV_VARINT = bytes([0x1310 & 0x7F | 0x80, 0x1310 >> 7])


def annex_key() -> ds.SM2Key:
    return ds.SM2Key.from_secret(bytes.fromhex(ANNEX_A["d"]))


def test_multikey_uses_the_multicodec_headers() -> None:
    key = annex_key()
    assert SM2_PUB_VARINT == b"\x86\x24"
    assert SM2_PRIV_VARINT == b"\x90\x26"
    raw = multibase_decode(key.public_multibase)
    assert raw == SM2_PUB_VARINT + b"\x03" + bytes.fromhex(ANNEX_A["public_x"])  # y is odd
    assert key.public_multibase.startswith("zEPJ")
    assert multibase_decode(key.secret_multibase) == SM2_PRIV_VARINT + bytes.fromhex(ANNEX_A["d"])
    assert ds.public_key_from_multibase(key.public_multibase) == key.public_key
    assert ds.key_from_multibase(key.secret_multibase).public_key == key.public_key
    assert ds.SM2Key.from_multibase(key.secret_multibase).public_key == key.public_key
    assert key.public_key.uncompressed == b"\x04" + bytes.fromhex(
        ANNEX_A["public_x"] + ANNEX_A["public_y"]
    )
    assert ds.SM2PublicKey.from_bytes(key.public_key.uncompressed) == key.public_key
    assert ds.SM2PublicKey.from_bytes(key.public_key.compressed) == key.public_key


def test_jwk_and_thumbprint() -> None:
    key = annex_key()
    b64 = lambda h: base64.urlsafe_b64encode(bytes.fromhex(h)).rstrip(b"=").decode()  # noqa: E731
    assert key.public_jwk == {
        "kty": "EC",
        "crv": "SM2",
        "x": b64(ANNEX_A["public_x"]),
        "y": b64(ANNEX_A["public_y"]),
    }
    assert key.private_jwk["d"] == b64(ANNEX_A["d"])
    assert ds.key_from_jwk(key.public_jwk) == key.public_key
    assert ds.key_from_jwk(key.private_jwk).public_key == key.public_key
    # RFC 7638 §3: the required members crv, kty, x, y in lexicographic order, no spaces.
    members = json.dumps(
        {k: key.public_jwk[k] for k in ("crv", "kty", "x", "y")}, separators=(",", ":")
    )
    expected = base64.urlsafe_b64encode(hashlib.sha256(members.encode()).digest()).rstrip(b"=")
    assert ds.jwk_thumbprint(key.public_jwk) == expected.decode()
    assert ds.jwk_thumbprint({**key.public_jwk, "alg": "SM2", "kid": "x"}) == expected.decode()


def test_private_jwk_whose_d_does_not_match_x_y() -> None:
    other = ds.SM2Key.generate()
    with pytest.raises(MalformedInputError):
        ds.key_from_jwk({**annex_key().private_jwk, "d": other.private_jwk["d"]})


def test_did_key_and_did_jwk() -> None:
    key = annex_key()
    did = ds.did_key(key)
    assert did == "did:key:" + key.public_multibase
    doc = ds.resolve_did(did)
    assert doc["verificationMethod"][0]["publicKeyMultibase"] == key.public_multibase
    assert "keyAgreement" not in doc
    vm = ds.DIDResolver().resolve_verification_method(
        f"{did}#{key.public_multibase}", relationship="assertionMethod"
    )
    assert vm.public_key == key.public_key
    jwk_did = ds.did_jwk(key)
    doc = ds.resolve_did(jwk_did)
    assert doc["verificationMethod"][0]["publicKeyJwk"]["crv"] == "SM2"
    vm = ds.DIDResolver().resolve_verification_method(
        f"{jwk_did}#0", relationship="assertionMethod"
    )
    assert vm.public_key == key.public_key


def test_keystore_round_trip() -> None:
    key = ds.SM2Key.generate()
    data = encrypt_key(key, "口令 passphrase", opslimit=1, memlimit=8192)
    again = decrypt_key(data, "口令 passphrase")
    assert isinstance(again, ds.SM2Key)
    assert again.public_key == key.public_key
    assert again.secret_multibase == key.secret_multibase
    again.verify(b"x", key.sign(b"x"))


def test_public_key_recovery_matches_gmssl() -> None:
    """SM2Key.from_secret derives d·G from GmSSL signatures; it equals GmSSL's own public key."""
    gm = _sm2.backend()
    for _ in range(5):
        public, secret = gm.sm2_key_generate()
        key = ds.SM2Key.from_secret(secret)
        assert key.public_key.uncompressed[1:] == public


# -- signing ---------------------------------------------------------------------


def test_sign_verify_both_encodings() -> None:
    key = ds.SM2Key.generate()
    raw = key.sign(b"data")
    assert len(raw) == 64
    key.verify(b"data", raw)
    key.public_key.verify(b"data", raw)
    der = key.sign_der(b"data")
    assert der[0] == 0x30
    key.verify_der(b"data", der)
    r, s = _sm2.decode_der(der)
    key.verify(b"data", r.to_bytes(32, "big") + s.to_bytes(32, "big"))


def test_signatures_agree_with_gmssl() -> None:
    """Our verifier accepts what GmSSL signs over the message (its own Z_A), and GmSSL ours."""
    gm = _sm2.backend()
    public, secret = gm.sm2_key_generate()
    key = ds.SM2Key.from_secret(secret)
    for message in (b"a", b"message digest", "参保状态".encode() * 50):
        key.verify_der(message, gm.sm2_sign(secret, public, message, signer_id=_sm2.DEFAULT_ID))
        assert gm.sm2_verify(public, message, key.sign_der(message), signer_id=_sm2.DEFAULT_ID)


def test_nonces_are_unique() -> None:
    """500 signatures of one message with one key: all r differ (k comes from the OS CSPRNG)."""
    key = ds.SM2Key.generate()
    signatures = {key.sign(b"the same message") for _ in range(500)}
    assert len({sig[:32] for sig in signatures}) == 500
    assert len({sig[32:] for sig in signatures}) == 500
    for sig in list(signatures)[:20]:
        key.verify(b"the same message", sig)


def test_distinguishing_id_is_configurable() -> None:
    key = ds.SM2Key.generate(distinguishing_id=b"ALICE123@YAHOO.COM")
    assert key.distinguishing_id == b"ALICE123@YAHOO.COM"
    sig = key.sign(b"m")
    key.verify(b"m", sig)
    with pytest.raises(InvalidSignatureError):
        key.with_distinguishing_id(_sm2.DEFAULT_ID).verify(b"m", sig)
    default = key.with_distinguishing_id(_sm2.DEFAULT_ID)
    default.verify(b"m", default.sign(b"m"))
    assert default.public_key != key.public_key  # the ID is part of the verifying key
    assert hash(default.public_key) != hash(key.public_key)
    for bad in (b"", b"x" * 8192, "1234567812345678"):
        with pytest.raises(MalformedInputError):
            ds.SM2Key.generate(distinguishing_id=bad)  # type: ignore[arg-type]
    ds.SM2PublicKey.from_bytes(key.public_key.compressed, distinguishing_id=b"x" * 8191)


def test_tamper_every_bit_of_signature_and_every_byte_of_data() -> None:
    key = ds.SM2Key.generate()
    data = b"the credential bytes"
    sig = key.sign(data)
    for i in range(len(sig) * 8):
        flipped = bytearray(sig)
        flipped[i // 8] ^= 1 << (i % 8)
        with pytest.raises(InvalidSignatureError):
            key.verify(data, bytes(flipped))
    for i in range(len(data)):
        changed = bytearray(data)
        changed[i] ^= 0x01
        with pytest.raises(InvalidSignatureError):
            key.verify(bytes(changed), sig)
    with pytest.raises(InvalidSignatureError):
        ds.SM2Key.generate().verify(data, sig)  # another key


# -- malformed input, fail closed ---------------------------------------------------

P = _sm2.SM2P256V1.p


@pytest.mark.parametrize(
    ("x", "y"),
    [
        (0, 0),  # "infinity" spelled as affine zeros: not on the curve
        (1, 1),
        (_sm2.SM2P256V1.gx, _sm2.SM2P256V1.gy + 1),
        (_sm2.SM2P256V1.gx + P, _sm2.SM2P256V1.gy),  # coordinate ≥ p
    ],
)
def test_points_off_the_curve(x: int, y: int) -> None:
    with pytest.raises(MalformedInputError) as err:
        ds.SM2PublicKey(x, y)
    assert err.value.code == "malformed_input"
    if x < 2**256:
        jwk = {
            "kty": "EC",
            "crv": "SM2",
            "x": base64.urlsafe_b64encode(x.to_bytes(32, "big")).rstrip(b"=").decode(),
            "y": base64.urlsafe_b64encode(y.to_bytes(32, "big")).rstrip(b"=").decode(),
        }
        with pytest.raises(MalformedInputError):
            ds.key_from_jwk(jwk)


def _x_without_point() -> int:
    x = 2
    while True:
        rhs = (x**3 + _sm2.SM2P256V1.a * x + _sm2.SM2P256V1.b) % P
        if pow(rhs, (P - 1) // 2, P) != 1:
            return x
        x += 1


@pytest.mark.parametrize(
    "data",
    [
        b"\x00",  # SEC1 point at infinity
        b"\x04" + bytes(64),
        b"\x02" + _x_without_point().to_bytes(32, "big"),  # no y for this x
        b"\x02" + P.to_bytes(32, "big"),  # x = p
        b"\x05" + bytes(32),
        b"\x04" + bytes(32),
        bytes(64),
        b"",
    ],
)
def test_malformed_encoded_points(data: bytes) -> None:
    with pytest.raises(MalformedInputError):
        ds.SM2PublicKey.from_bytes(data)
    if len(data) == 33:
        with pytest.raises(ShebaoError):
            ds.public_key_from_multibase(multibase_encode(SM2_PUB_VARINT + data))
        with pytest.raises(ShebaoError):
            ds.resolve_did("did:key:" + multibase_encode(SM2_PUB_VARINT + data))


def _raw(r: int, s: int) -> bytes:
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def test_r_or_s_out_of_range_or_zero() -> None:
    key = annex_key()
    message = ANNEX_A["message_ascii"].encode()
    r, s = int(ANNEX_A["r"], 16), int(ANNEX_A["s"], 16)
    key.verify(message, _raw(r, s))
    for bad_r, bad_s in [
        (0, s),
        (r, 0),
        (N, s),
        (r, N),
        (r + N, s),
        (r, s + N),
        (r, N - r),
        (0, 0),
    ]:
        if max(bad_r, bad_s) < 2**256:
            with pytest.raises(InvalidSignatureError) as err:
                key.verify(message, _raw(bad_r, bad_s))
            assert err.value.code == "invalid_signature"
        with pytest.raises(InvalidSignatureError):
            key.verify_der(message, _sm2.encode_der(bad_r, bad_s))


@pytest.mark.parametrize(
    "signature",
    [
        b"",
        bytes(63),
        bytes(65),
        b"\x30\x00",
        bytes.fromhex(ANNEX_A["der_computed"]) + b"\x00",  # trailing byte
        bytes.fromhex(ANNEX_A["der_computed"])[:-1],
        # non-minimal INTEGER (a leading 00 that is not needed)
        bytes.fromhex("3008020300" + "0101" + "020101"),
    ],
)
def test_malformed_signatures(signature: bytes) -> None:
    key = annex_key()
    with pytest.raises(InvalidSignatureError):
        key.verify(b"message digest", signature)
    with pytest.raises(InvalidSignatureError):
        key.verify_der(b"message digest", signature)


def test_malformed_private_keys() -> None:
    for d in (bytes(32), (N - 1).to_bytes(32, "big"), N.to_bytes(32, "big"), b"\xff" * 32):
        with pytest.raises(MalformedInputError):
            ds.SM2Key.from_secret(d)
    for d in (bytes(31), "00" * 32):
        with pytest.raises(MalformedInputError):
            ds.SM2Key.from_secret(d)  # type: ignore[arg-type]
    with pytest.raises(MalformedInputError):
        ds.SM2Key(bytes(32), "not a key")  # type: ignore[arg-type]
    with pytest.raises(MalformedInputError):
        ds.SM2PublicKey.from_bytes("02" * 33)  # type: ignore[arg-type]
    with pytest.raises(MalformedInputError):
        ds.SM2PublicKey.from_spki(b"\x30" * 91)
    with pytest.raises(MalformedInputError):
        annex_key().sign("text")  # type: ignore[arg-type]


def test_sign_digest_maps_backend_range_errors() -> None:
    """GmSSL refuses d = n − 1 (1 + d has no inverse); the error is ours, coded."""
    with pytest.raises(MalformedInputError):
        _sm2.sign_digest((N - 1).to_bytes(32, "big"), bytes(32))


def test_repr_hides_the_secret() -> None:
    key = annex_key()
    assert ANNEX_A["d"].lower() not in repr(key).lower()
    assert repr(key.public_key).startswith("SM2PublicKey('zEPJ")


# -- the optional extra ---------------------------------------------------------------


def test_import_does_not_load_the_backend() -> None:
    code = "import sys, didkit_shebao; print('gmssl_pyx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Signing needs the extra gm and says so with a code; verifying needs nothing."""
    monkeypatch.setitem(sys.modules, "gmssl_pyx", None)  # import now raises ImportError
    _sm2.backend.cache_clear()
    try:
        with pytest.raises(UnsupportedError) as err:
            ds.SM2Key.generate()
        assert err.value.code == "unsupported"
        assert "didkit-shebao[gm]" in str(err.value)
        assert "gm" in err.value.message_zh
        with pytest.raises(UnsupportedError):
            ds.key_from_multibase(multibase_encode(SM2_PRIV_VARINT + b"\x01" * 32))
        public = ds.SM2PublicKey.from_coordinates(
            bytes.fromhex(ANNEX_A["public_x"]), bytes.fromhex(ANNEX_A["public_y"])
        )
        public.verify(b"message digest", bytes.fromhex(ANNEX_A["r"] + ANNEX_A["s"]))
    finally:
        _sm2.backend.cache_clear()


def test_point_arithmetic_edge_cases() -> None:
    """The verification helpers at infinity, P + P and P + (−P)."""
    c = _sm2.SM2P256V1
    g = (c.gx, c.gy, 1)
    inf = _sm2._INFINITY
    assert _sm2._add(inf, g, c) == g
    assert _sm2._add(g, inf, c) == g
    assert affine(_sm2._add(g, g, c), c) == affine(_sm2._double(g, c), c)
    assert _sm2._add(g, (c.gx, c.p - c.gy, 1), c)[2] == 0
    assert affine(_sm2._add_affine(g, (c.gx, c.gy), c), c) == affine(_sm2._double(g, c), c)
    assert _sm2._add_affine(g, (c.gx, c.p - c.gy), c)[2] == 0
    assert _sm2._add_affine(inf, (c.gx, c.gy), c) == g
    assert _sm2._double(inf, c)[2] == 0
    assert _sm2._to_affine(inf, c) is None
    assert _sm2.mul_base(c.n) == inf
    assert affine(_sm2.mul_base(c.n + 1), c) == (c.gx, c.gy)


def test_verification_equation_at_infinity_fails_closed() -> None:
    """(r, s) with s·G + (r + s)·P = ∞ has no x coordinate: refused, never an exception."""
    d = int(ANNEX_A["d"], 16)
    key = annex_key()
    r = 1
    s = -r * d * pow(1 + d, -1, N) % N
    x, y = int(ANNEX_A["public_x"], 16), int(ANNEX_A["public_y"], 16)
    assert not _sm2.verify_digest(bytes(32), r, s, x, y)
    with pytest.raises(InvalidSignatureError):
        key.verify(b"anything", _raw(r, s))
