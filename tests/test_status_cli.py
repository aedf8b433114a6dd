"""The ``status`` command group: create, allocate, revoke / suspend / resume, publish."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import didkit_shebao as ds
from didkit_shebao.cli import main
from didkit_shebao.status import parse_status_list_token

KEY = ds.Ed25519Key.from_seed(bytes(range(32)))
ISSUER = ds.did_key(KEY)
VM = f"{ISSUER}#{ISSUER.removeprefix('did:key:')}"
URL = "https://si.example.gov.cn/status/rev/9"


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "issuer.jwk"
    path.write_text(json.dumps(KEY.private_jwk))
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def _credential(entry: dict[str, object]) -> dict[str, object]:
    return ds.issue_credential(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": ISSUER,
            "credentialSubject": {"id": "did:example:citizen"},
            "credentialStatus": entry,
        },
        key=KEY,
        verification_method=VM,
    )


def test_create_revoke_publish_verify(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "rev.json"
    created = json.loads(_run(capsys, "status", "create", "--out", str(state)))
    assert (created["size"], created["bits"], created["purpose"]) == (131_072, 1, "revocation")
    assert main(["status", "revoke", str(state), "5"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out) == {"index": 5, "status": 1}
    assert "reserved" in out.err
    published = json.loads(
        _run(
            capsys,
            "status",
            "publish",
            "--key",
            str(key_file),
            "--id",
            URL,
            "--purpose",
            "revocation",
            str(state),
        )
    )
    assert published["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert published["id"] == URL
    assert published["issuer"] == ISSUER
    assert ds.StatusList.decode(published["credentialSubject"]["encodedList"]).get(5) == 1
    entry = {
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "5",
        "statusListCredential": URL,
    }
    now = datetime.now(UTC) + timedelta(seconds=5)
    with pytest.raises(ds.errors.RevokedError):
        ds.verify_credential(_credential(entry), now=now, status=lambda u: published)
    versions = json.loads(_run(capsys, "status", "versions", str(state)))
    assert [v["version"] for v in versions] == [1]
    manager = ds.StatusListManager.from_json(json.loads(state.read_text()))
    assert manager.versions()[0].document() == published
    assert versions[0]["sha256"] == manager.versions()[0].digest_hex


def test_allocate_suspend_resume(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "sus.json"
    _run(capsys, "status", "create", "--out", str(state), "--purpose", "suspension", "--id", URL)
    out = json.loads(_run(capsys, "status", "allocate", str(state)))
    index = out["index"]
    assert out["entry"]["statusListIndex"] == str(index)
    assert out["entry"]["statusPurpose"] == "suspension"
    cred = _credential(out["entry"])
    _run(capsys, "status", "suspend", str(state), str(index))
    args = ("status", "publish", "--key", str(key_file), "--id", URL, "--purpose", "suspension")
    suspended = json.loads(_run(capsys, *args, str(state)))
    now = datetime.now(UTC) + timedelta(seconds=5)
    with pytest.raises(ds.errors.SuspendedError):
        ds.verify_credential(cred, now=now, status=lambda u: suspended)
    _run(capsys, "status", "resume", str(state), str(index))
    resumed = json.loads(_run(capsys, *args, str(state)))
    assert ds.verify_credential(cred, now=now, status=lambda u: resumed).status[0].valid
    shown = json.loads(_run(capsys, "status", "show", str(state), str(index)))
    assert shown == {"index": index, "status": 0, "allocated": True}
    assert len(json.loads(_run(capsys, "status", "versions", str(state)))) == 2


def test_token_list_publish(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "tok.json"
    uri = "https://si.example.gov.cn/statuslists/3"
    _run(capsys, "status", "create", "--out", str(state), "--format", "token", "--id", uri)
    index = json.loads(_run(capsys, "status", "allocate", str(state)))["index"]
    _run(capsys, "status", "suspend", str(state), str(index))
    token = _run(
        capsys,
        "status",
        "publish-token",
        "--key",
        str(key_file),
        "--uri",
        uri,
        "--ttl",
        "60",
        str(state),
    ).strip()
    claim = {"status_list": {"idx": index, "uri": uri}}
    with pytest.raises(ds.errors.SuspendedError):
        ds.check_token_status(
            claim, status=lambda u: token, issuer=ISSUER, now=datetime.now(UTC), resolver=None
        )
    _run(capsys, "status", "revoke", str(state), str(index))
    assert main(["status", "resume", str(state), str(index)]) == 1
    assert "irreversible" in capsys.readouterr().err


def test_errors_exit_non_zero(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "rev.json"
    _run(capsys, "status", "create", "--out", str(state))
    assert main(["status", "create", "--out", str(state)]) == 1  # exists
    assert main(["status", "allocate", str(state)]) == 1  # no URL yet
    assert main(["status", "suspend", str(state), "3"]) == 1  # a revocation list
    assert main(["status", "revoke", str(state), "131072"]) == 1  # out of range
    assert main(["status", "create", "--out", str(tmp_path / "x"), "--size", "10"]) == 1
    (tmp_path / "bad.json").write_text("{}")
    assert main(["status", "show", str(tmp_path / "bad.json"), "1"]) == 1
    _run(
        capsys,
        "status",
        "publish",
        "--key",
        str(key_file),
        "--id",
        URL,
        "--purpose",
        "revocation",
        str(state),
    )
    args = [
        "status",
        "publish",
        "--key",
        str(key_file),
        "--id",
        URL + "x",
        "--purpose",
        "revocation",
    ]
    assert main([*args, str(state)]) == 1  # the URL is fixed once published
    err = capsys.readouterr().err
    assert "error [" in err


def test_publish_sets_url_and_purpose_of_a_fresh_list(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "s.json"
    _run(capsys, "status", "create", "--out", str(state))
    published = json.loads(
        _run(
            capsys,
            "status",
            "publish",
            "--key",
            str(key_file),
            "--id",
            URL,
            "--purpose",
            "suspension",
            "--ttl",
            "60000",
            "--valid-for",
            "3600",
            str(state),
        )
    )
    assert published["credentialSubject"]["statusPurpose"] == "suspension"
    assert published["credentialSubject"]["ttl"] == 60_000
    assert "validUntil" in published
    other_issuer = ["--issuer", "did:web:si.example.gov.cn"]
    assert (
        main(
            [
                "status",
                "publish",
                "--key",
                str(key_file),
                "--id",
                URL,
                "--purpose",
                "suspension",
                *other_issuer,
                str(state),
            ]
        )
        == 1
    )
    p256 = tmp_path / "p256.jwk"
    p256.write_text(json.dumps(ds.P256Key.generate().private_jwk))
    assert (
        main(
            [
                "status",
                "publish",
                "--key",
                str(p256),
                "--id",
                URL,
                "--purpose",
                "suspension",
                str(state),
            ]
        )
        == 1
    )
    tok = tmp_path / "t.json"
    _run(capsys, "status", "create", "--out", str(tok), "--format", "token", "--id", URL)
    _run(capsys, "status", "allocate", str(tok))
    assert (
        main(["status", "publish-token", "--key", str(key_file), "--uri", URL + "/x", str(tok)])
        == 1
    )
    token = _run(
        capsys,
        "status",
        "publish-token",
        "--key",
        str(key_file),
        "--uri",
        URL,
        "--expires-in",
        "600",
        str(tok),
    ).strip()
    parsed = parse_status_list_token(token)
    assert parsed.exp is not None
    assert parsed.exp - parsed.iat == 600
