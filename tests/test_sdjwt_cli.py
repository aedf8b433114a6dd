"""The sd-jwt parts of the CLI: issue --format sd-jwt, present, verify."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import didkit_shebao as ds
from didkit_shebao.cli import main


@pytest.fixture
def files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    issuer, holder = tmp_path / "issuer.jwk", tmp_path / "holder.jwk"
    assert main(["key", "generate", "--out", str(issuer)]) == 0
    assert main(["key", "generate", "--type", "p256", "--out", str(holder)]) == 0
    claims = tmp_path / "claims.json"
    claims.write_text(
        json.dumps(
            {
                "name": "孙七",
                "birth_date": "1958-02-02",
                "region": "440305",
                "insurances": [{"type": "pension", "status": "active"}],
                "age_over_60": True,
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    capsys.readouterr()
    return {"issuer": issuer, "holder": holder, "claims": claims, "dir": tmp_path}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_issue_present_verify(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys,
        "issue",
        "--format",
        "sd-jwt",
        "--key",
        str(files["issuer"]),
        "--holder",
        str(files["holder"]),
        "--vct",
        "urn:cn:mohrss:insurance-status:1",
        "--disclosable",
        "/name",
        "--disclosable",
        "/birth_date",
        "--disclosable",
        "/age_over_60",
        "--disclosable",
        "/insurances/0",
        str(files["claims"]),
    )
    assert code == 0, err
    sd_jwt = out.strip()
    assert sd_jwt.count("~") == 5
    issued = files["dir"] / "cred.sdjwt"
    issued.write_text(sd_jwt + "\n")

    code, out, err = _run(
        capsys,
        "present",
        "--holder-key",
        str(files["holder"]),
        "--disclose",
        "/age_over_60",
        "--nonce",
        "N-1",
        "--audience",
        "https://verifier.example",
        str(issued),
    )
    assert code == 0, err
    pres = files["dir"] / "pres.txt"
    pres.write_text(out)

    code, out, err = _run(
        capsys, "verify", "--nonce", "N-1", "--audience", "https://verifier.example", str(pres)
    )
    assert code == 0, err
    claims = json.loads(out)
    assert claims["age_over_60"] is True
    assert claims["region"] == "440305"
    assert "name" not in claims
    assert "birth_date" not in claims
    assert claims["vct"] == "urn:cn:mohrss:insurance-status:1"

    code, out, err = _run(
        capsys, "verify", "--nonce", "other", "--audience", "https://verifier.example", str(pres)
    )
    assert code == 1
    assert "key_binding_invalid" in err
    assert "错误" in err


def test_cli_verify_without_key_binding(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        capsys,
        "issue",
        "--format",
        "sd-jwt",
        "--key",
        str(files["issuer"]),
        "--disclosable",
        "/name",
        str(files["claims"]),
    )
    assert code == 0
    issued = files["dir"] / "c.sdjwt"
    issued.write_text(out)
    code, out, _ = _run(capsys, "present", "--disclose", "/name", str(issued))
    assert code == 0
    pres = files["dir"] / "p.txt"
    pres.write_text(out)
    code, _, err = _run(capsys, "verify", str(pres))
    assert code == 1
    assert "key_binding_invalid" in err
    code, out, err = _run(capsys, "verify", "--no-key-binding", str(pres))
    assert code == 0, err
    assert json.loads(out)["name"] == "孙七"


def test_cli_w3c_credential(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    issuer_did = ds.did_key(ds.key_from_jwk(json.loads(files["issuer"].read_text())))
    vc = files["dir"] / "vc.json"
    vc.write_text(
        json.dumps(
            {
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": ["VerifiableCredential"],
                "issuer": issuer_did,
                "credentialSubject": {"name": "周八", "title": "高级工程师"},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    code, out, err = _run(
        capsys,
        "issue",
        "--format",
        "sd-jwt",
        "--key",
        str(files["issuer"]),
        "--holder",
        str(files["holder"]),
        "--disclosable",
        "/credentialSubject/name",
        "--disclosable",
        "/credentialSubject/title",
        str(vc),
    )
    assert code == 0, err
    issued = files["dir"] / "vc.sdjwt"
    issued.write_text(out)
    code, out, err = _run(
        capsys,
        "present",
        "--holder-key",
        str(files["holder"]),
        "--disclose",
        "/credentialSubject/title",
        "--nonce",
        "x",
        "--audience",
        "y",
        str(issued),
    )
    assert code == 0, err
    pres = files["dir"] / "vc-pres.txt"
    pres.write_text(out)
    code, out, err = _run(capsys, "verify", "--nonce", "x", "--audience", "y", str(pres))
    assert code == 0, err
    assert json.loads(out)["credentialSubject"] == {"title": "高级工程师"}


def test_cli_status_claim_needs_a_source(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    key = ds.key_from_jwk(json.loads(files["issuer"].read_text()))
    assert isinstance(key, ds.Ed25519Key)
    sd = ds.issue_sd_jwt(
        {"a": 1},
        key=key,
        issuer=ds.did_key(key),
        disclosable=[],
        vct="urn:x",
        status={"status_list": {"idx": 1, "uri": "https://status.example/l"}},
    )
    path = files["dir"] / "s.sdjwt"
    path.write_text(sd)
    code, _, err = _run(capsys, "verify", "--no-key-binding", str(path))
    assert code == 1
    assert "status_unavailable" in err
    code, out, err = _run(capsys, "verify", "--no-key-binding", "--no-status-check", str(path))
    assert code == 0, err
    assert json.loads(out)["a"] == 1
