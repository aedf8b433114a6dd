"""``verify --status-list URL=FILE``: local copies of status lists, both formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import didkit_shebao as ds
from didkit_shebao.cli import main

KEY = ds.Ed25519Key.from_seed(bytes(range(32)))
DID = ds.did_key(KEY)
VM = f"{DID}#{KEY.public_multibase}"


def test_credential_status_via_local_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manager = ds.StatusListManager(url="https://hrss.example/status/1")
    index = manager.allocate()
    vc = ds.issue_credential(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": DID,
            "credentialSubject": {"id": "did:example:1"},
            "credentialStatus": manager.entry(index),
        },
        key=KEY,
        verification_method=VM,
    )
    (tmp_path / "vc.json").write_text(json.dumps(vc))
    listing = tmp_path / "list.json"
    listing.write_text(
        json.dumps(manager.publish_credential(issuer=DID, key=KEY, verification_method=VM))
    )
    args = ["verify", "--status-list", f"{manager.url}={listing}", str(tmp_path / "vc.json")]
    assert main(args) == 0
    capsys.readouterr()
    assert main(["verify", str(tmp_path / "vc.json")]) == 1  # no status source: fail closed
    assert "status_unavailable" in capsys.readouterr().err
    manager.revoke(index)
    listing.write_text(
        json.dumps(manager.publish_credential(issuer=DID, key=KEY, verification_method=VM))
    )
    assert main(args) == 1
    assert "[revoked]" in capsys.readouterr().err
    assert main(["verify", "--status-list", "nourl", str(tmp_path / "vc.json")]) == 1
    assert "URL=FILE" in capsys.readouterr().err


def test_sd_jwt_token_status_via_local_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manager = ds.StatusListManager(url="https://hrss.example/tsl/1", kind="token", size=64, bits=2)
    index = manager.allocate()
    sd_jwt = ds.issue_sd_jwt(
        {"a": 1}, key=KEY, issuer=DID, disclosable=["/a"], status=manager.entry(index)
    )
    (tmp_path / "cred.sdjwt").write_text(sd_jwt)
    token = tmp_path / "list.jwt"
    token.write_text(manager.publish_token(issuer=DID, key=KEY))
    base = ["verify", "--no-key-binding", str(tmp_path / "cred.sdjwt")]
    assert main([*base[:-1], "--status-list", f"{manager.url}={token}", base[-1]]) == 0
    assert json.loads(capsys.readouterr().out)["a"] == 1
    manager.suspend(index)
    token.write_text(manager.publish_token(issuer=DID, key=KEY))
    assert main([*base[:-1], "--status-list", f"{manager.url}={token}", base[-1]]) == 1
    assert "[suspended]" in capsys.readouterr().err
    assert main([*base[:-1], "--status-list", f"https://other.example={token}", base[-1]]) == 1
    assert "[status_unavailable]" in capsys.readouterr().err
