"""The command line for W3C credentials (format ``di``): issue and verify."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao.cli import main


def key_file(tmp_path: Path, name: str = "issuer.jwk") -> tuple[Path, ds.Ed25519Key]:
    key = ds.Ed25519Key.generate()
    path = tmp_path / name
    path.write_text(json.dumps(key.private_jwk))
    return path, key


def credential_file(tmp_path: Path, **extra: Any) -> Path:
    cred = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:citizen", "name": "王小明"},
    }
    cred.update(extra)
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(cred, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("suite", ["eddsa-jcs-2022", "eddsa-rdfc-2022"])
def test_issue_then_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str], suite: str) -> None:
    kpath, key = key_file(tmp_path)
    did = ds.did_key(key)
    assert (
        main(
            ["issue", "--key", str(kpath), "--cryptosuite", suite, str(credential_file(tmp_path))]
        )
        == 0
    )
    signed = json.loads(capsys.readouterr().out)
    assert signed["issuer"] == did  # filled in from the key
    assert signed["proof"]["verificationMethod"] == f"{did}#{key.public_multibase}"
    assert signed["proof"]["cryptosuite"] == suite
    assert ds.verify_credential(signed).issuer == did
    out = tmp_path / "signed.json"
    out.write_text(json.dumps(signed, ensure_ascii=False), encoding="utf-8")
    assert main(["verify", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["verified"] == "credential"
    assert summary["issuer"] == did
    assert summary["credentialSubject"][0]["name"] == "王小明"


def test_verify_tampered_credential_fails_readably(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kpath, _ = key_file(tmp_path)
    assert main(["issue", "--key", str(kpath), str(credential_file(tmp_path))]) == 0
    signed = json.loads(capsys.readouterr().out)
    signed["credentialSubject"]["name"] = "李四"
    out = tmp_path / "signed.json"
    out.write_text(json.dumps(signed, ensure_ascii=False), encoding="utf-8")
    assert main(["verify", str(out)]) == 1
    err = capsys.readouterr().err
    assert "invalid_signature" in err
    assert "签名" in err


def test_issuer_kept_when_present(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kpath, _ = key_file(tmp_path)
    other = ds.did_key(ds.Ed25519Key.generate())
    assert main(["issue", "--key", str(kpath), str(credential_file(tmp_path, issuer=other))]) == 0
    signed = json.loads(capsys.readouterr().out)
    assert signed["issuer"] == other
    out = tmp_path / "signed.json"
    out.write_text(json.dumps(signed))
    assert main(["verify", str(out)]) == 1
    assert "issuer_mismatch" in capsys.readouterr().err


def test_p256_key_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p256.jwk"
    path.write_text(json.dumps(ds.P256Key.generate().private_jwk))
    assert main(["issue", "--key", str(path), str(credential_file(tmp_path))]) == 1
    assert "Ed25519" in capsys.readouterr().err


def test_verify_presentation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    issuer_key = ds.Ed25519Key.generate()
    holder_key = ds.Ed25519Key.generate()
    issuer, holder = ds.did_key(issuer_key), ds.did_key(holder_key)
    vc = ds.issue_credential(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": issuer,
            "credentialSubject": {"id": holder, "name": "王小明"},
        },
        key=issuer_key,
        verification_method=f"{issuer}#{issuer_key.public_multibase}",
    )
    vp = ds.create_presentation(
        [vc],
        holder=holder,
        key=holder_key,
        verification_method=f"{holder}#{holder_key.public_multibase}",
        challenge="c-1",
        domain="verifier.example",
    )
    path = tmp_path / "vp.json"
    path.write_text(json.dumps(vp, ensure_ascii=False), encoding="utf-8")
    assert main(["verify", "--challenge", "c-1", "--domain", "verifier.example", str(path)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["verified"] == "presentation"
    assert summary["holder"] == holder
    assert summary["credentials"][0]["issuer"] == issuer
    assert main(["verify", "--challenge", "c-2", "--domain", "verifier.example", str(path)]) == 1
    assert "invalid_challenge" in capsys.readouterr().err
    assert main(["verify", str(path)]) == 1
    assert "--challenge" in capsys.readouterr().err


def test_status_entry_needs_a_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kpath, _ = key_file(tmp_path)
    status = {
        "id": "https://hrss.example/status/1#5",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "5",
        "statusListCredential": "https://hrss.example/status/1",
    }
    assert (
        main(
            ["issue", "--key", str(kpath), str(credential_file(tmp_path, credentialStatus=status))]
        )
        == 0
    )
    path = tmp_path / "signed.json"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["verify", str(path)]) == 1
    assert "status_unavailable" in capsys.readouterr().err
    assert main(["verify", "--no-status-check", str(path)]) == 0
