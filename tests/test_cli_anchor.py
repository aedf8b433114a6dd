"""The ``anchor`` command group and ``verify`` of a receipt file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import didkit_shebao as ds
from didkit_shebao.cli import main

VC = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential"],
    "issuer": "did:example:agency",
    "credentialSubject": {"id": "did:example:citizen"},
    "proof": {"type": "DataIntegrityProof", "proofValue": "z" + "2" * 86},
}
HEX = "ab" * 32


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    key = ds.Ed25519Key.generate()
    (tmp_path / "log.jwk").write_text(json.dumps(key.private_jwk))
    (tmp_path / "vc.json").write_text(json.dumps(VC, indent=2))
    return tmp_path


def _submit(capsys: pytest.CaptureFixture[str], *items: str) -> list[dict[str, object]]:
    args = ["anchor", "submit", "--ledger", "sqlite:l.db", "--log-key", "log.jwk"]
    args += ["--origin", "rs.example/log", "--store", "s.db", "--out-dir", "out", *items]
    assert main(args) == 0
    out: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return out


def test_submit_and_verify(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Files and hex digests are anchored; receipts verify offline and on the ledger."""
    first = _submit(capsys, "vc.json", HEX)
    assert [e["index"] for e in first] == [0, 1]
    assert first[0]["digest"] == ds.anchor_digest_of(VC).hex()
    assert (workdir / "out" / "vc.json.tlog-proof").read_text() == first[0]["receipt"]
    second = _submit(capsys, HEX.replace("ab", "cd"))
    assert second[0]["index"] == 2
    args = ["anchor", "verify", "--log-key", "log.jwk", "--ledger", "sqlite:l.db"]
    assert main([*args, "out/vc.json.tlog-proof", "vc.json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["verified"] is True
    assert result["anchorStatus"] == "final"
    assert (
        main(["anchor", "verifier-key", "--log-key", "log.jwk", "--origin", "rs.example/log"]) == 0
    )
    vkey = capsys.readouterr().out.strip()
    (workdir / "vk.txt").write_text(vkey)
    receipt = f"out/{HEX[:16]}.tlog-proof"
    assert main(["verify", "--log-key", vkey, "--digest", HEX, receipt]) == 0
    assert json.loads(capsys.readouterr().out)["index"] == 1
    assert (
        main(
            ["verify", "--log-key", "vk.txt", "--digest", HEX, "--ledger", "sqlite:l.db", receipt]
        )
        == 0
    )
    capsys.readouterr()


def test_failures_exit_non_zero(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong digest, a missing option, personal data or a log without its store fail readably."""
    _submit(capsys, "vc.json", HEX)
    receipt = "out/vc.json.tlog-proof"
    assert main(["verify", "--log-key", "log.jwk", "--digest", HEX, receipt]) == 1
    assert "inclusion_proof_invalid" in capsys.readouterr().err
    assert main(["verify", "--log-key", "log.jwk", receipt]) == 1
    assert "--digest" in capsys.readouterr().err
    (workdir / "id.txt").write_text("110101199003078515\n")
    args = ["anchor", "submit", "--ledger", "memory:", "--log-key", "log.jwk", "--origin", "o"]
    assert main([*args, "id.txt"]) == 1
    assert "personal data" in capsys.readouterr().err
    args = ["anchor", "submit", "--ledger", "sqlite:l.db", "--log-key", "log.jwk"]
    assert main([*args, "--origin", "rs.example/log", "vc.json"]) == 1
    assert "--store" in capsys.readouterr().err
    other = ds.Ed25519Key.generate().public_multibase
    assert main(["anchor", "verify", "--log-key", other, receipt, "vc.json"]) == 1
    assert "invalid_signature" in capsys.readouterr().err
