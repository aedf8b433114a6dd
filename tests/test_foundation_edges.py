"""Edge cases of the foundation: each bad input gets its specific ShebaoError."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao import errors
from didkit_shebao.cli import main
from didkit_shebao.did.document import (
    find_verification_method,
    parse_verification_method,
    split_did_url,
)
from didkit_shebao.sdjwt.derived import age_on, age_over, age_over_claims

ED = ds.Ed25519Key.from_seed(bytes(range(32)))
P256 = ds.P256Key.from_secret(bytes(range(1, 33)))


# -- keys ----------------------------------------------------------------------


def test_key_reprs_and_verify_through_private_keys() -> None:
    assert repr(ED.public_key) == f"Ed25519PublicKey({ED.public_multibase!r})"
    assert repr(P256.public_key) == f"P256PublicKey({P256.public_multibase!r})"
    ED.verify(b"m", ED.sign(b"m"))
    P256.verify(b"m", P256.sign(b"m"))
    assert ED.seed == bytes(range(32))


def test_key_constructors_refuse_bad_input() -> None:
    with pytest.raises(errors.MalformedInputError):
        ds.Ed25519Key.from_seed("not bytes")  # type: ignore[arg-type]
    with pytest.raises(errors.MalformedInputError):
        ds.Ed25519Key.from_seed(b"short")
    with pytest.raises(errors.MalformedInputError):
        ds.Ed25519Key.from_multibase(P256.secret_multibase)
    with pytest.raises(errors.MalformedInputError):
        ds.P256Key.from_multibase(ED.secret_multibase)
    with pytest.raises(errors.MalformedInputError):
        ds.P256Key.from_secret(b"\x00" * 32)  # zero is not a private key
    with pytest.raises(errors.MalformedInputError):
        ds.P256PublicKey.from_compressed(b"\x04" + b"\x00" * 32)
    with pytest.raises(errors.MalformedInputError):
        ds.P256PublicKey.from_compressed(b"\x02" + b"\xff" * 32)  # x beyond the field


def test_signature_shape_errors_are_invalid_signatures() -> None:
    for key in (ED, P256):
        with pytest.raises(errors.InvalidSignatureError):
            key.public_key.verify(b"m", b"\x00" * 63)
    # r = 0 and s = 0 are outside [1, n-1]
    with pytest.raises(errors.InvalidSignatureError):
        P256.public_key.verify(b"m", b"\x00" * 64)


def test_multibase_key_errors() -> None:
    with pytest.raises(errors.MalformedInputError):
        ds.public_key_from_multibase("u" + ED.public_multibase[1:])
    with pytest.raises(errors.MalformedInputError):
        ds.key_from_multibase("not-z")
    x25519 = ED.public_key.x25519_public_multibase()
    with pytest.raises(errors.UnsupportedError):
        ds.public_key_from_multibase(x25519)
    with pytest.raises(errors.UnsupportedError):
        ds.key_from_multibase(ED.public_multibase)  # a public key is no secret key
    with pytest.raises(errors.MalformedInputError):
        ds.key_from_jwk(["not", "a", "jwk"])  # type: ignore[arg-type]
    with pytest.raises(errors.MalformedInputError):
        ds.as_public_key(42)
    wrong_d = dict(P256.private_jwk, d=ds.P256Key.generate().private_jwk["d"])
    with pytest.raises(errors.MalformedInputError):
        ds.key_from_jwk(wrong_d)


# -- DID documents -------------------------------------------------------------


def test_did_url_and_document_shape_errors() -> None:
    with pytest.raises(errors.InvalidDIDError):
        ds.resolve_did("did:" + "a" * 5000)
    with pytest.raises(errors.MalformedInputError):
        split_did_url("did:key:z6Mk#")
    with pytest.raises(errors.MalformedInputError):
        parse_verification_method("nope", base="did:example:1")  # type: ignore[arg-type]
    with pytest.raises(errors.MalformedInputError):
        parse_verification_method({"id": "#k"}, base="did:example:1")
    base = {"id": "#k", "type": "Multikey", "controller": "did:example:1"}
    with pytest.raises(errors.MalformedInputError):
        parse_verification_method(base, base="did:example:1")
    with pytest.raises(errors.MalformedInputError):
        parse_verification_method(
            dict(
                base, type="Ed25519VerificationKey2020", publicKeyMultibase=P256.public_multibase
            ),
            base="did:example:1",
        )
    with pytest.raises(errors.MalformedInputError):
        parse_verification_method(
            dict(base, type="JsonWebKey", publicKeyJwk=ED.private_jwk), base="did:example:1"
        )
    with pytest.raises(errors.UnsupportedError):
        parse_verification_method(dict(base, type="RsaVerificationKey2018"), base="did:example:1")
    jwk_method = parse_verification_method(
        dict(base, type="JsonWebKey", publicKeyJwk=P256.public_jwk), base="did:example:1"
    )
    assert jwk_method.id == "did:example:1#k"
    assert jwk_method.public_key == P256.public_key
    with pytest.raises(errors.MalformedInputError):
        find_verification_method({}, "did:example:1#k")
    with pytest.raises(errors.UnsupportedError):
        find_verification_method({"id": "did:example:1"}, "did:example:1#k", relationship="x")


def test_embedded_and_relative_verification_methods() -> None:
    did = "did:example:agency"
    doc: dict[str, Any] = {
        "id": did,
        "assertionMethod": [
            {
                "id": "#embedded",
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": ED.public_multibase,
            }
        ],
    }
    method = find_verification_method(doc, did + "#embedded", relationship="assertionMethod")
    assert method.public_key == ED.public_key


def test_did_web_document_options_and_errors() -> None:
    did = "did:web:rsj.example.gov.cn"
    doc = ds.did_web_document(
        did,
        {"signing": ED, "phone": P256.public_jwk},
        services=[{"id": "#status", "type": "StatusList", "serviceEndpoint": "https://x/"}],
    )
    assert [m["id"] for m in doc["verificationMethod"]] == [did + "#signing", did + "#phone"]
    assert doc["service"][0]["type"] == "StatusList"
    with pytest.raises(errors.MalformedInputError):
        ds.did_web_document(did, [])
    with pytest.raises(errors.InvalidDIDError):
        ds.did_web_url("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
    with pytest.raises(errors.ResolutionError):
        ds.DIDResolver(web_fetcher=lambda url: 42).resolve(did)  # type: ignore[arg-type,return-value]

    def gone(url: str) -> bytes:
        raise errors.DIDNotFoundError("gone", "不存在")

    with pytest.raises(errors.DIDNotFoundError):
        ds.DIDResolver(web_fetcher=gone).resolve(did)


# -- derived claims ------------------------------------------------------------


def test_derived_age_claims() -> None:
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17  # a 29 February birthday counts from 1 March
    assert age_on(born, date(2026, 3, 1)) == 18
    assert age_over_claims(born, as_of=date(2026, 3, 1), thresholds=(16, 18, 60)) == {
        "age_over_16": True,
        "age_over_18": True,
        "age_over_60": False,
    }
    with pytest.raises(errors.MalformedInputError):
        age_on(born, date(2000, 1, 1))
    with pytest.raises(errors.MalformedInputError):
        age_on("2008-02-29", date(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(errors.MalformedInputError):
        age_over(born, -1, as_of=date(2026, 1, 1))


# -- CLI helpers ---------------------------------------------------------------


def test_cli_refuses_public_key_where_private_needed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    public = tmp_path / "pub.jwk"
    public.write_text(json.dumps(ED.public_jwk))
    claims = tmp_path / "claims.json"
    claims.write_text('{"a": 1}')
    assert main(["issue", "--format", "sd-jwt", "--key", str(public), str(claims)]) == 1
    assert "public key" in capsys.readouterr().err


def test_cli_encrypted_key_without_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "k.json"
    path.write_bytes(ds.keystore.encrypt_key(ED, "pw", opslimit=1, memlimit=8192))
    monkeypatch.delenv("DIDKIT_SHEBAO_PASSPHRASE", raising=False)
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: no prompt
    assert main(["did", "key", "--key", str(path)]) == 1
    assert "DIDKIT_SHEBAO_PASSPHRASE" in capsys.readouterr().err
