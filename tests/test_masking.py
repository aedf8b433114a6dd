"""Reprs of objects holding personal or secret data print names, never values (``_masking.py``)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao import shebao
from didkit_shebao._jws import parse_jws
from didkit_shebao._masking import MASK, masked_repr
from didkit_shebao.sdjwt import make_disclosure, parse_disclosure, parse_sd_jwt

NOW = datetime(2026, 6, 1, tzinfo=UTC)
KEY = ds.Ed25519Key.from_seed(b"\x41" * 32)
DID = ds.did_key(KEY)
VM = f"{DID}#{DID[len('did:key:') :]}"
HOLDER = ds.Ed25519Key.from_seed(b"\x42" * 32)
CITIZEN_ID = "110105194912310029"
NAME = "王小明"
SALT = "c2FsdHNhbHRzYWx0c2FsdA"
CERTIFICATE = "Z2020110100123"


def _assert_masked(obj: object, *secrets: str) -> str:
    text = repr(obj)
    for secret in secrets:
        assert secret not in text
        assert secret not in str(obj)
    return text


def test_masked_repr_groups() -> None:
    @dataclasses.dataclass
    class Box:
        a: Any
        b: Any
        c: Any
        d: Any = None

    box = Box(1, {"x": "secret", "y": 2}, "secret", None)
    assert (
        masked_repr(box, shown=("a",), names=("b",), hidden=("c", "d"))
        == f"Box(a=1, b={{'x': {MASK}, 'y': {MASK}}}, c={MASK}, d=None)"
    )
    assert masked_repr(
        Box(({"k": 1},), ({"k": 1}, {"j": 2}), [1], None), names=("a", "b", "c", "d")
    ) == (f"Box(a=({{'k': {MASK}}},), b=({{'k': {MASK}}}, {{'j': {MASK}}}), c={MASK}, d=None)")


def test_disclosure_repr_hides_salt_and_value() -> None:
    """Before: Disclosure.__repr__ printed the salt and the hidden value."""
    disclosure = make_disclosure(SALT, "citizen_id", CITIZEN_ID)
    text = _assert_masked(disclosure, SALT, CITIZEN_ID, disclosure.encoded)
    assert (
        text
        == f"Disclosure(name='citizen_id', digest={disclosure.digest!r}, salt=…, value=…, encoded=…)"
    )
    element = parse_disclosure(make_disclosure(SALT, None, CITIZEN_ID).encoded)
    assert "name=None" in _assert_masked(element, SALT, CITIZEN_ID)


def _sd_jwt() -> str:
    return ds.issue_sd_jwt(
        {"name": NAME, "citizen_id": CITIZEN_ID, "region": "110105"},
        key=KEY,
        issuer=DID,
        disclosable=["/name", "/citizen_id"],
        holder_key=HOLDER,
        issued_at=NOW,
    )


def test_sd_jwt_results_and_parts_name_claims_only() -> None:
    issued = _sd_jwt()
    presentation = ds.present_sd_jwt(
        issued, disclose=["/name"], holder_key=HOLDER, nonce="n", audience="a", now=NOW
    )
    verified = ds.verify_sd_jwt(presentation, nonce="n", audience="a", now=NOW)
    text = _assert_masked(verified, NAME, "110105", CITIZEN_ID)
    assert "'name': …" in text
    assert "disclosed=('/name',)" in text
    assert f"issuer={DID!r}" in text
    parts = parse_sd_jwt(issued)
    assert repr(parts) == "SDJWTParts(serialization='compact', disclosures=2, kb_jwt=False)"
    jws = parse_jws(parts.jws)
    text = _assert_masked(jws, "110105", parts.jws.split(".")[1][:40])
    assert "'region': …" in text
    assert "'alg': 'EdDSA'" in text


def test_verified_credentials_and_presentations_name_claims_only() -> None:
    vc = ds.issue_credential(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": DID,
            "credentialSubject": {
                "id": "did:example:citizen",
                "name": NAME,
                "citizenId": CITIZEN_ID,
            },
        },
        key=KEY,
        verification_method=VM,
        created=NOW,
    )
    verified = ds.verify_credential(vc, now=NOW)
    text = _assert_masked(verified, NAME, CITIZEN_ID)
    assert "'citizenId': …" in text
    assert f"issuer={DID!r}" in text
    _assert_masked(ds.verify_proof(vc, now=NOW), NAME, CITIZEN_ID)
    vp = ds.create_presentation(
        [vc], holder=DID, key=KEY, verification_method=VM, challenge="c", domain="d", created=NOW
    )
    presented = ds.verify_presentation(vp, challenge="c", domain="d", now=NOW)
    assert "challenge='c'" in _assert_masked(presented, NAME, CITIZEN_ID)


def test_qualifications_hide_holder_and_certificate_number() -> None:
    """Before: ProfessionalTitle's repr printed the certificate number."""
    title = shebao.ProfessionalTitle(
        holder="did:example:citizen",
        series="工程技术",
        level="中级",
        title="工程师",
        certificate_number=CERTIFICATE,
        awarded_by="某市职称评审委员会",
        awarded_on=date(2020, 1, 1),
    )
    assert "level='中级'" in _assert_masked(title, CERTIFICATE, "did:example:citizen")
    skill = shebao.SkillLevel(
        holder="did:example:citizen",
        occupation_code="6-31-01-03",
        occupation="车工",
        level="三级",
        certificate_number=CERTIFICATE,
        evaluated_by="某职业技能鉴定中心",
        awarded_on=date(2021, 5, 1),
    )
    assert "level='高级工'" in _assert_masked(skill, CERTIFICATE, "did:example:citizen")


@pytest.mark.parametrize("key", [ds.Ed25519Key.from_seed(b"\x43" * 32), ds.P256Key.generate()])
def test_private_keys_print_their_public_half_only(key: ds.Ed25519Key | ds.P256Key) -> None:
    _assert_masked(key, key.secret_multibase, key.private_jwk["d"])
