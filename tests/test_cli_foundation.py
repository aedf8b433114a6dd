"""The command line: key generation, DIDs, help, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import didkit_shebao as ds
from didkit_shebao.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_help_via_module() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-m", "didkit_shebao", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert "didkit-shebao" in out.stdout
    for command in ("key", "did", "issue", "verify"):
        assert command in out.stdout


@pytest.mark.parametrize("kind", ["ed25519", "p256"])
def test_key_generate_prints_private_jwk(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["key", "generate", "--type", kind]) == 0
    jwk = json.loads(capsys.readouterr().out)
    key = ds.key_from_jwk(jwk)
    assert "d" in jwk
    assert isinstance(key, ds.Ed25519Key if kind == "ed25519" else ds.P256Key)


def test_key_file_did_and_resolve(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "k.jwk"
    assert main(["key", "generate", "--out", str(path)]) == 0
    assert (path.stat().st_mode & 0o777) == 0o600
    info = json.loads(capsys.readouterr().out)
    assert main(["did", "key", "--key", str(path)]) == 0
    did = capsys.readouterr().out.strip()
    assert did == "did:key:" + info["publicKeyMultibase"]
    assert main(["did", "resolve", did]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == did
    assert main(["did", "jwk", "--key", str(path)]) == 0
    assert capsys.readouterr().out.startswith("did:jwk:")


def test_encrypted_key_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "k.json"
    monkeypatch.setenv("DIDKIT_SHEBAO_PASSPHRASE", "口令 passphrase")
    assert main(["key", "generate", "--out", str(path), "--encrypt"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert json.loads(path.read_text())["type"] == "didkit-shebao-encrypted-key"
    assert main(["did", "key", "--key", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "did:key:" + info["publicKeyMultibase"]
    monkeypatch.setenv("DIDKIT_SHEBAO_PASSPHRASE", "wrong")
    assert main(["did", "key", "--key", str(path)]) == 1
    err = capsys.readouterr().err
    assert "wrong_passphrase" in err
    assert "口令" in err


def test_errors_are_readable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["did", "resolve", "did:key:nope"]) == 1
    err = capsys.readouterr().err
    assert "invalidDid" in err
    assert "错误" in err
    assert main(["did", "key", "--key", str(tmp_path / "missing.jwk")]) == 1
    assert "error [io]" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["no-such-command"])
    assert info.value.code == 2
