"""The ``shebao-sm2-jcs-2026`` Data Integrity cryptosuite (docs/sm2-cryptosuite.md).

Built like ``ecdsa-jcs-2019``: hashData = SM3(JCS(proofConfig)) ‖ SM3(JCS(document)),
signed with SM2 (Z_A, default distinguishing ID), raw r‖s in base58btc.
"""

from __future__ import annotations

import copy
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from test_vc_tamper import mutations

import didkit_shebao as ds
from didkit_shebao import _sm2, errors
from didkit_shebao._encoding import multibase_decode
from didkit_shebao.cli import main
from didkit_shebao.vc import CRYPTOSUITES

SUITE = "shebao-sm2-jcs-2026"
NOW = datetime(2025, 6, 1, tzinfo=UTC)
KEY = ds.SM2Key.generate()
DID = ds.did_key(KEY)
VM = f"{DID}#{KEY.public_multibase}"


def credential(issuer: str = DID) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:0f3c2a7e-93a5-4a4f-9a7e-1c0ffee00002",
        "type": ["VerifiableCredential"],
        "issuer": {"id": issuer, "name": "某市人力资源和社会保障局"},
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:citizen-0001", "name": "王小明"},
    }


def signed(key: ds.SM2Key = KEY, vm: str = VM, issuer: str = DID) -> dict[str, Any]:
    return ds.issue_credential(
        credential(issuer),
        key=key,
        verification_method=vm,
        cryptosuite=SUITE,
        created=NOW - timedelta(days=1),
    )


def test_suite_is_registered() -> None:
    assert SUITE in CRYPTOSUITES
    assert CRYPTOSUITES[:2] == ("eddsa-jcs-2022", "eddsa-rdfc-2022")


def test_issue_and_verify() -> None:
    vc = signed()
    proof = vc["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == SUITE
    assert proof["@context"] == vc["@context"]  # as in ecdsa-jcs-2019
    assert len(multibase_decode(proof["proofValue"])) == 64
    verified = ds.verify_credential(vc, now=NOW)
    assert verified.issuer == DID
    assert verified.proofs[0].cryptosuite == SUITE
    assert verified.subjects[0]["name"] == "王小明"


def test_hash_data_and_signature_follow_the_spec() -> None:
    """Recompute the normative steps independently (rfc8785 + SM3) and check the signature."""
    vc = signed()
    proof = dict(vc["proof"])
    proof_value = proof.pop("proofValue")
    document = {k: v for k, v in vc.items() if k != "proof"}
    hash_data = _sm2.sm3(rfc8785.dumps(proof)) + _sm2.sm3(rfc8785.dumps(document))
    signature = multibase_decode(proof_value)
    KEY.public_key.verify(hash_data, signature)  # e = SM3(Z_A ‖ hashData), ID 1234567812345678
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    e = _sm2.sm3(_sm2.z_a(*_xy(KEY.public_key), _sm2.DEFAULT_ID) + hash_data)
    assert _sm2.verify_digest(e, r, s, *_xy(KEY.public_key))


def _xy(public: ds.SM2PublicKey) -> tuple[int, int]:
    raw = public.uncompressed
    return int.from_bytes(raw[1:33], "big"), int.from_bytes(raw[33:], "big")


def test_did_jwk_issuer() -> None:
    did = ds.did_jwk(KEY)
    vc = signed(vm=f"{did}#0", issuer=did)
    assert ds.verify_credential(vc, now=NOW).issuer == did


def test_every_single_character_change_is_rejected() -> None:
    original = signed()
    text = json.dumps(original, separators=(",", ":"), ensure_ascii=False)
    assert ds.verify_credential(text, now=NOW)
    parsed = 0
    for mutated in mutations(text, 2):
        try:
            value = json.loads(mutated)
        except ValueError:
            continue
        assert value != original
        parsed += 1
        with pytest.raises(errors.VerificationError):
            ds.verify_credential(mutated, now=NOW)
    assert parsed > 500


@pytest.mark.parametrize(
    "path",
    [
        ("credentialSubject", "name"),
        ("issuer", "name"),
        ("validFrom",),
        ("id",),
        ("proof", "created"),
    ],
)
def test_changed_signed_field_is_invalid_signature(path: tuple[str, ...]) -> None:
    doc = signed()
    target = doc
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = (
        "2025-02-01T00:00:00Z" if path[-1] in ("created", "validFrom") else target[path[-1]] + "1"
    )
    with pytest.raises(errors.InvalidSignatureError):
        ds.verify_credential(doc, now=NOW)


def test_signature_of_another_key_fails() -> None:
    doc = signed()
    other_key = ds.SM2Key.generate()
    other_did = ds.did_key(other_key)
    other = signed(key=other_key, vm=f"{other_did}#{other_key.public_multibase}", issuer=other_did)
    doc["proof"]["proofValue"] = other["proof"]["proofValue"]
    with pytest.raises(errors.InvalidSignatureError):
        ds.verify_credential(doc, now=NOW)


def test_r_or_s_zero_or_out_of_range_fail_closed() -> None:
    from didkit_shebao._encoding import multibase_encode

    doc = signed()
    sig = multibase_decode(doc["proof"]["proofValue"])
    n = _sm2.SM2P256V1.n.to_bytes(32, "big")
    for bad in (bytes(64), sig[:32] + bytes(32), bytes(32) + sig[32:], n + sig[32:], sig[:32] + n):
        doc["proof"]["proofValue"] = multibase_encode(bad)
        with pytest.raises(errors.InvalidSignatureError):
            ds.verify_credential(doc, now=NOW)
    doc["proof"]["proofValue"] = multibase_encode(sig + b"\x00")
    with pytest.raises(errors.MalformedVerificationInputError):
        ds.verify_credential(doc, now=NOW)


def test_sm2_proof_needs_an_sm2_verification_method() -> None:
    """The suite is bound to the key type the issuer's DID document declares."""
    ed = ds.Ed25519Key.generate()
    ed_did = ds.did_key(ed)
    doc = signed()
    doc["issuer"]["id"] = ed_did
    doc["proof"]["verificationMethod"] = f"{ed_did}#{ed.public_multibase}"
    with pytest.raises(errors.ProofError):
        ds.verify_credential(doc, now=NOW)


def test_eddsa_proof_with_an_sm2_verification_method_is_refused() -> None:
    ed = ds.Ed25519Key.generate()
    doc = ds.issue_credential(
        credential(),
        key=ed,
        verification_method=f"{ds.did_key(ed)}#{ed.public_multibase}",
        created=NOW - timedelta(days=1),
    )
    doc["proof"]["verificationMethod"] = VM
    with pytest.raises(errors.ProofError):
        ds.verify_credential(doc, now=NOW)


def test_suite_and_key_must_match_when_signing() -> None:
    with pytest.raises(errors.UnsupportedError):
        ds.issue_credential(credential(), key=KEY, verification_method=VM)  # eddsa-jcs-2022
    ed = ds.Ed25519Key.generate()
    with pytest.raises(errors.UnsupportedError):
        ds.issue_credential(
            credential(ds.did_key(ed)),
            key=ed,
            verification_method=f"{ds.did_key(ed)}#{ed.public_multibase}",
            cryptosuite=SUITE,
        )
    with pytest.raises(errors.MalformedInputError):  # a did:key URL of another key
        signed(vm=f"{ds.did_key(ds.SM2Key.generate())}#x")


def test_proof_set_with_eddsa_and_sm2() -> None:
    """An agency may sign with both: each proof verifies with its own suite."""
    ed = ds.Ed25519Key.generate()
    both = ds.issue_credential(
        signed(),
        key=ed,
        verification_method=f"{ds.did_key(ed)}#{ed.public_multibase}",
        created=NOW - timedelta(days=1),
    )
    verified = ds.verify_credential(both, now=NOW)
    assert [p.cryptosuite for p in verified.proofs] == [SUITE, "eddsa-jcs-2022"]
    both["proof"][1]["proofValue"] = both["proof"][0]["proofValue"]
    with pytest.raises(errors.InvalidSignatureError):
        ds.verify_credential(both, now=NOW)


def test_presentation_signed_with_sm2() -> None:
    holder = ds.SM2Key.generate()
    holder_did = ds.did_key(holder)
    vp = ds.create_presentation(
        [signed()],
        holder=holder_did,
        key=holder,
        verification_method=f"{holder_did}#{holder.public_multibase}",
        challenge="nonce-123",
        domain="https://verifier.example",
        cryptosuite=SUITE,
        now=NOW,
    )
    result = ds.verify_presentation(
        vp, challenge="nonce-123", domain="https://verifier.example", now=NOW
    )
    assert result.holder == holder_did
    tampered = copy.deepcopy(vp)
    tampered["proof"]["challenge"] = "nonce-124"
    with pytest.raises(errors.VerificationError):
        ds.verify_presentation(
            tampered, challenge="nonce-124", domain="https://verifier.example", now=NOW
        )


def test_verification_needs_no_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    vc = signed()
    monkeypatch.setitem(sys.modules, "gmssl_pyx", None)
    _sm2.backend.cache_clear()
    try:
        assert ds.verify_credential(vc, now=NOW).issuer == DID
        with pytest.raises(errors.UnsupportedError):
            signed()
    finally:
        _sm2.backend.cache_clear()


def test_cli_generate_issue_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key_path = tmp_path / "sm2.jwk"
    assert main(["key", "generate", "--type", "sm2", "--out", str(key_path)]) == 0
    generated = json.loads(capsys.readouterr().out)
    assert generated["publicJwk"]["crv"] == "SM2"
    assert generated["publicKeyMultibase"].startswith("zEPJ")
    cred = {k: v for k, v in credential().items() if k != "issuer"}
    cred_path = tmp_path / "credential.json"
    cred_path.write_text(json.dumps(cred, ensure_ascii=False), encoding="utf-8")
    # The suite follows the key; naming it explicitly gives the same.
    for extra in ([], ["--cryptosuite", SUITE]):
        assert main(["issue", "--key", str(key_path), *extra, str(cred_path)]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["proof"]["cryptosuite"] == SUITE
        signed_path = tmp_path / "signed.json"
        signed_path.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
        assert main(["verify", str(signed_path)]) == 0
        assert json.loads(capsys.readouterr().out)["proof"]["cryptosuite"] == SUITE
    assert (
        main(["issue", "--key", str(key_path), "--cryptosuite", "eddsa-jcs-2022", str(cred_path)])
        == 1
    )
    assert "eddsa-jcs-2022" in capsys.readouterr().err


def test_cli_refuses_p256_for_data_integrity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key_path = tmp_path / "p256.jwk"
    key_path.write_text(json.dumps(ds.P256Key.generate().private_jwk))
    cred_path = tmp_path / "credential.json"
    cred_path.write_text(json.dumps(credential()), encoding="utf-8")
    assert main(["issue", "--key", str(key_path), str(cred_path)]) == 1
    assert "SM2" in capsys.readouterr().err


def test_cli_refuses_a_public_sm2_key_for_signing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key_path = tmp_path / "sm2-public.jwk"
    key_path.write_text(json.dumps(KEY.public_jwk))
    cred_path = tmp_path / "credential.json"
    cred_path.write_text(json.dumps(credential()), encoding="utf-8")
    assert main(["issue", "--key", str(key_path), str(cred_path)]) == 1
    assert "holds a public key" in capsys.readouterr().err
