"""Verifiable presentations: authentication proofs bound to challenge and domain."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao import errors

NOW = datetime(2025, 6, 1, tzinfo=UTC)
ISSUER_KEY = ds.Ed25519Key.from_seed(b"\x11" * 32)
HOLDER_KEY = ds.Ed25519Key.from_seed(b"\x22" * 32)
ISSUER = ds.did_key(ISSUER_KEY)
HOLDER = ds.did_key(HOLDER_KEY)
ISSUER_VM = f"{ISSUER}#{ISSUER_KEY.public_multibase}"
HOLDER_VM = f"{HOLDER}#{HOLDER_KEY.public_multibase}"


def credential(name: str, **extra: Any) -> dict[str, Any]:
    cred = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": ISSUER,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": HOLDER, "name": name},
    }
    cred.update(extra)
    return ds.issue_credential(
        cred, key=ISSUER_KEY, verification_method=ISSUER_VM, created=NOW - timedelta(days=1)
    )


def present(creds: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "holder": HOLDER,
        "key": HOLDER_KEY,
        "verification_method": HOLDER_VM,
        "challenge": "nonce-123",
        "domain": "verifier.example",
        "created": NOW,
    }
    args.update(kw)
    return ds.create_presentation(creds, **args)


@pytest.mark.parametrize("suite", ["eddsa-jcs-2022", "eddsa-rdfc-2022"])
def test_round_trip(suite: str) -> None:
    vp = present([credential("甲"), credential("乙")], cryptosuite=suite)
    assert vp["proof"]["proofPurpose"] == "authentication"
    result = ds.verify_presentation(vp, challenge="nonce-123", domain="verifier.example", now=NOW)
    assert result.holder == HOLDER
    assert [c.claims["name"] for c in result.credentials] == ["甲", "乙"]
    assert result.proof.challenge == "nonce-123"
    assert result.proof.domain == ("verifier.example",)


def test_wrong_challenge_or_domain() -> None:
    vp = present([credential("甲")])
    with pytest.raises(errors.ProofError) as c_info:
        ds.verify_presentation(vp, challenge="nonce-999", domain="verifier.example", now=NOW)
    assert c_info.value.code == "invalid_challenge"
    with pytest.raises(errors.ProofError) as d_info:
        ds.verify_presentation(vp, challenge="nonce-123", domain="evil.example", now=NOW)
    assert d_info.value.code == "invalid_domain"


@pytest.mark.parametrize("missing", ["challenge", "domain"])
def test_challenge_and_domain_required(missing: str) -> None:
    vp = present([credential("甲")])
    kwargs = {"challenge": "nonce-123", "domain": "verifier.example"}
    kwargs[missing] = ""
    with pytest.raises(errors.MalformedVerificationInputError):
        ds.verify_presentation(vp, now=NOW, **kwargs)
    with pytest.raises(errors.MalformedInputError):
        present([credential("甲")], **{missing: ""})


def test_proof_without_challenge_is_refused() -> None:
    vp = ds.vc.add_proof(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiablePresentation"],
            "holder": HOLDER,
        },
        key=HOLDER_KEY,
        verification_method=HOLDER_VM,
        proof_purpose="authentication",
        domain="verifier.example",
        created=NOW,
    )
    with pytest.raises(errors.ProofError):
        ds.verify_presentation(vp, challenge="nonce-123", domain="verifier.example", now=NOW)


def test_assertion_proof_is_not_authentication() -> None:
    vp = present([credential("甲")])
    doc = {k: v for k, v in vp.items() if k != "proof"}
    signed = ds.vc.add_proof(
        doc,
        key=HOLDER_KEY,
        verification_method=HOLDER_VM,
        challenge="nonce-123",
        domain="verifier.example",
        created=NOW,
    )
    with pytest.raises(errors.ProofError) as info:
        ds.verify_presentation(signed, challenge="nonce-123", domain="verifier.example", now=NOW)
    assert info.value.details["proofPurpose"] == "assertionMethod"


def test_holder_must_control_the_key() -> None:
    vp = present([credential("甲")], holder=ISSUER)
    with pytest.raises(errors.ProofError) as info:
        ds.verify_presentation(vp, challenge="nonce-123", domain="verifier.example", now=NOW)
    assert info.value.code == "holder_mismatch"


def test_failing_credential_is_named() -> None:
    expired = credential("丙", validUntil="2025-02-01T00:00:00Z")
    vp = present([credential("甲"), expired])
    with pytest.raises(errors.ExpiredError) as info:
        ds.verify_presentation(vp, challenge="nonce-123", domain="verifier.example", now=NOW)
    assert info.value.details["credential_index"] == 1
    assert "verifiableCredential[1]" in str(info.value)
    assert "verifiableCredential[1]" in info.value.message_zh


def test_tampered_embedded_credential_is_named() -> None:
    good = credential("甲")
    tampered = copy.deepcopy(good)
    tampered["credentialSubject"]["name"] = "乙"
    vp = present([good, tampered])
    with pytest.raises(errors.InvalidSignatureError) as info:
        ds.verify_presentation(vp, challenge="nonce-123", domain="verifier.example", now=NOW)
    assert info.value.details["credential_index"] == 1


def test_tampered_presentation_fails() -> None:
    vp = present([credential("甲")])
    vp["holder"] = ISSUER
    with pytest.raises(errors.InvalidSignatureError):
        ds.verify_presentation(vp, challenge="nonce-123", domain="verifier.example", now=NOW)


def test_presentation_shape() -> None:
    vp = present([credential("甲")])
    vp["type"] = ["VerifiableCredential"]
    with pytest.raises(errors.MalformedVerificationInputError):
        ds.verify_presentation(vp, challenge="nonce-123", domain="verifier.example", now=NOW)
