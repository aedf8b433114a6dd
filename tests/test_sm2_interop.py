"""SM2 interop: OpenSSL 3 both ways, and ChainMaker DID SDK proofs byte for byte.

OpenSSL 3.0 needs the distinguishing ID spelled out (its default is empty
before 4.0): ``openssl pkeyutl -sign|-verify -rawin -digest sm3 -pkeyopt
distid:ID`` and ``openssl dgst -sm3 -sign|-verify … -sigopt distid:ID``.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao import _sm2
from didkit_shebao.errors import InvalidSignatureError, MalformedInputError

VECTORS = Path(__file__).parent / "vectors" / "sm2"
DISTID = "distid:" + _sm2.DEFAULT_ID.decode()
OPENSSL = shutil.which("openssl") or "openssl"


def sec1_der(key: ds.SM2Key) -> bytes:
    """RFC 5915 ECPrivateKey on curve 1.2.156.10197.1.301, for OpenSSL (test helper)."""
    d = base64.urlsafe_b64decode(key.private_jwk["d"] + "=")
    return (
        bytes.fromhex("30770201010420")
        + d
        + bytes.fromhex("a00a06082a811ccf5501822d" + "a144034200")
        + key.public_key.uncompressed
    )


def openssl(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([OPENSSL, *map(str, args)], capture_output=True, text=True, check=False)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Any]:
    key = ds.SM2Key.generate()
    message = "参保状态证明 insurance status".encode()
    (tmp_path / "key.der").write_bytes(sec1_der(key))
    (tmp_path / "pub.der").write_bytes(key.public_key.spki)
    (tmp_path / "msg").write_bytes(message)
    return {"key": key, "message": message, "dir": tmp_path}


def test_openssl_version_is_3() -> None:
    assert openssl("version").stdout.startswith("OpenSSL 3.")


def test_openssl_verifies_our_signatures(files: dict[str, Any]) -> None:
    key, message, d = files["key"], files["message"], files["dir"]
    (d / "sig").write_bytes(key.sign_der(message))
    ok = openssl(
        "pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey", d / "pub.der",
        "-rawin", "-in", d / "msg", "-sigfile", d / "sig", "-digest", "sm3", "-pkeyopt", DISTID,
    )  # fmt: skip
    assert "Signature Verified Successfully" in ok.stdout
    ok = openssl(
        "dgst", "-sm3", "-keyform", "DER", "-verify", d / "pub.der", "-sigopt", DISTID,
        "-signature", d / "sig", d / "msg",
    )  # fmt: skip
    assert ok.stdout.strip() == "Verified OK"
    bad = openssl(
        "pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey", d / "pub.der",
        "-rawin", "-in", d / "msg", "-sigfile", d / "sig", "-digest", "sm3",
        "-pkeyopt", "distid:TLSv1.3+GM+Cipher+Suite",
    )  # fmt: skip
    assert "Signature Verification Failure" in bad.stdout


def test_we_verify_openssl_signatures(files: dict[str, Any]) -> None:
    key, message, d = files["key"], files["message"], files["dir"]
    out = openssl(
        "pkeyutl", "-sign", "-keyform", "DER", "-inkey", d / "key.der", "-rawin",
        "-in", d / "msg", "-out", d / "sig1", "-digest", "sm3", "-pkeyopt", DISTID,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    out = openssl(
        "dgst", "-sm3", "-keyform", "DER", "-sign", d / "key.der", "-sigopt", DISTID,
        "-out", d / "sig2", d / "msg",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    public = ds.SM2PublicKey.from_spki(key.public_key.spki)
    for name in ("sig1", "sig2"):
        signature = (d / name).read_bytes()
        public.verify_der(message, signature)
        with pytest.raises(InvalidSignatureError):
            public.verify_der(message + b"!", signature)
        with pytest.raises(InvalidSignatureError):
            public.with_distinguishing_id(b"other").verify_der(message, signature)


def test_openssl_public_key_loads(files: dict[str, Any]) -> None:
    """The SPKI OpenSSL writes for the key is the one we write."""
    d = files["dir"]
    out = subprocess.run(
        [
            OPENSSL,
            "pkey",
            "-inform",
            "DER",
            "-in",
            str(d / "key.der"),
            "-pubout",
            "-outform",
            "DER",
        ],
        capture_output=True,
        check=True,
    )
    assert ds.SM2PublicKey.from_spki(out.stdout) == files["key"].public_key


def test_openssl_sm3_matches(files: dict[str, Any]) -> None:
    out = subprocess.run(
        [OPENSSL, "dgst", "-sm3", "-binary", str(files["dir"] / "msg")],
        capture_output=True,
        check=True,
    )
    assert out.stdout == _sm2.sm3(files["message"])


# -- ChainMaker DID SDK (did:cm) test data -------------------------------------------


def pem_public_key(path: Path) -> ds.SM2PublicKey:
    body = "".join(
        line for line in path.read_text().splitlines() if line and not line.startswith("-----")
    )
    return ds.SM2PublicKey.from_spki(base64.b64decode(body))


def chainmaker_signing_input(raw: bytes) -> tuple[bytes, bytes]:
    """(message, DER signature): the JSON as received without its top-level proof, compacted.

    ``json.dumps(..., separators=(",", ":"), ensure_ascii=False)`` in file
    order equals did-sdk's ``json.Compact(jsonparser.Delete(raw, "proof"))``
    for these files (member order, escapes and numbers kept).
    """
    document = json.loads(raw)
    proof = document.pop("proof")
    message = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    return message, base64.b64decode(proof["proofValue"], validate=True)


CHAINMAKER = [
    ("chainmaker-did-sdk", "doc.json", "pk.pem", "SM2-SM3", 785),
    ("chainmaker-did-sdk", "vc.json", "pk.pem", "SM2-SM3", 479),
    ("chainmaker-did-sdk-46505083", "doc.json", "pk.pem", "SM2", None),
    ("chainmaker-did-sdk-46505083", "doc2.json", "pk2.pem", "SM2", None),
    ("chainmaker-did-sdk-46505083", "vc.json", "pk.pem", "SM2", None),
    ("chainmaker-did-sdk-46505083", "vp.json", "pk2.pem", "SM2", None),
]


@pytest.mark.parametrize(
    ("folder", "name", "pem", "proof_type", "length"),
    CHAINMAKER,
    ids=[f"{c[0]}/{c[1]}" for c in CHAINMAKER],
)
def test_chainmaker_proofs_verify(
    folder: str, name: str, pem: str, proof_type: str, length: int | None
) -> None:
    raw = (VECTORS / folder / name).read_bytes()
    assert json.loads(raw)["proof"]["type"] == proof_type
    message, signature = chainmaker_signing_input(raw)
    if length is not None:
        assert len(message) == length  # as the vectors' README measured
    public = pem_public_key(VECTORS / folder / pem)
    public.verify_der(message, signature)
    # Fail closed: the pretty-printed bytes, another ID, one more byte.
    with pytest.raises(InvalidSignatureError):
        public.verify_der(raw, signature)
    with pytest.raises(InvalidSignatureError):
        public.with_distinguishing_id(b"TLSv1.3+GM+Cipher+Suite").verify_der(message, signature)
    with pytest.raises(InvalidSignatureError):
        public.verify_der(message + b" ", signature)


def test_chainmaker_embedded_credential_in_presentation() -> None:
    """vp.json embeds vc.json with its own SM2 proof; that proof still verifies on its own."""
    vp = json.loads((VECTORS / "chainmaker-did-sdk" / "vp.json").read_bytes())
    embedded = vp["verifiableCredential"][0]
    message, signature = chainmaker_signing_input(
        json.dumps(embedded, ensure_ascii=False).encode()
    )
    pem_public_key(VECTORS / "chainmaker-did-sdk" / "pk.pem").verify_der(message, signature)


def test_chainmaker_public_key_pem_matches_document() -> None:
    doc = json.loads((VECTORS / "chainmaker-did-sdk" / "doc.json").read_bytes())
    pem = (VECTORS / "chainmaker-did-sdk" / "pk.pem").read_text()
    assert doc["verificationMethod"][0]["publicKeyPem"] == pem


def test_spki_of_another_curve_is_refused() -> None:
    """pk2.pem of the current ChainMaker set is secp256k1, not SM2."""
    secp256k1 = (
        bytes.fromhex("3056301006072a8648ce3d020106052b8104000a034200") + b"\x04" + bytes(64)
    )
    with pytest.raises(MalformedInputError):
        ds.SM2PublicKey.from_spki(secp256k1)
