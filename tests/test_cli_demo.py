"""``didkit-shebao demo`` tells the whole story and checks itself."""

from __future__ import annotations

import json

import pytest

from didkit_shebao.cli import main


def test_demo_runs_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--json"]) == 0
    out = capsys.readouterr().out
    for chapter in (
        "Keys and DIDs",
        "Accreditation",
        "Issuance",
        "Selective presentation",
        "Verification",
        "Suspension and revocation",
    ):
        assert chapter in out
    assert "in it: none" in out  # no hidden value leaked into the presentation
    assert "[suspended]" in out
    assert "[revoked]" in out
    summary = json.loads(out[out.index("{") :])
    assert summary["disclosed"] == ["/age_over_60", "/insurances/0"]
    assert summary["dids"]["citizen"].startswith("did:key:zDn")
