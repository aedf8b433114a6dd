"""Issue → present → verify round trips through the public API."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

import didkit_shebao as ds
from didkit_shebao import errors

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
AUD = "https://verifier.example.cn"
NONCE = "n-0123456789"

CLAIMS = {
    "name": "张三",
    "citizen_id": "11010519491231002X",
    "birth_date": "1949-12-31",
    "region": "110105",
    "insurances": [
        {"type": "pension", "status": "active", "since": "2001-07-01"},
        {"type": "medical", "status": "active", "since": "2001-07-01"},
    ],
    "employer": {"name": "北京某某有限公司", "uscc": "91110105MA01ABCD2X"},
    "age_over_18": True,
    "age_over_60": True,
}
DISCLOSABLE = [
    "/name",
    "/citizen_id",
    "/birth_date",
    "/insurances/0",
    "/insurances/1",
    "/insurances/0/status",
    "/employer",
    "/employer/uscc",
    "/age_over_18",
    "/age_over_60",
]


@pytest.fixture(params=["ed25519", "p256"])
def holder(request: pytest.FixtureRequest) -> ds.Ed25519Key | ds.P256Key:
    """Holders with an Ed25519 key and with a phone-style P-256 key."""
    return ds.Ed25519Key.generate() if request.param == "ed25519" else ds.P256Key.generate()


@pytest.fixture(scope="module")
def issuer_key() -> ds.Ed25519Key:
    return ds.Ed25519Key.from_seed(bytes(range(32)))


def _issue(issuer_key: ds.Ed25519Key, holder: object, **kw: object) -> str:
    return ds.issue_sd_jwt(
        CLAIMS,
        key=issuer_key,
        issuer=ds.did_key(issuer_key),
        disclosable=DISCLOSABLE,
        vct="urn:cn:mohrss:insurance-status:1",
        holder_key=holder,
        issued_at=NOW - timedelta(days=1),
        expires_at=NOW + timedelta(days=365),
        **kw,  # type: ignore[arg-type]
    )


def test_round_trip_discloses_exactly_what_was_chosen(issuer_key, holder) -> None:
    """Only the chosen claims (and the parents they need) come back, verified via did:key."""
    sd_jwt = _issue(issuer_key, holder)
    pres = ds.present_sd_jwt(
        sd_jwt,
        disclose=["/age_over_60", "/insurances/0/status"],
        holder_key=holder,
        nonce=NONCE,
        audience=AUD,
        now=NOW,
    )
    v = ds.verify_sd_jwt(pres, nonce=NONCE, audience=AUD, now=NOW)
    assert v.issuer == ds.did_key(issuer_key)
    assert v.vct == "urn:cn:mohrss:insurance-status:1"
    assert v.typ == "dc+sd-jwt"
    assert v.holder_jwk == holder.public_jwk
    assert v.claims["age_over_60"] is True
    # /insurances/0/status needs the array element; its sibling status is not there.
    assert v.claims["insurances"] == [
        {"type": "pension", "since": "2001-07-01", "status": "active"}
    ]
    for hidden in ("name", "citizen_id", "birth_date", "employer", "age_over_18"):
        assert hidden not in v.claims
    assert set(v.disclosed) == {"/age_over_60", "/insurances/0", "/insurances/0/status"}
    assert v.key_binding is not None
    assert v.key_binding["nonce"] == NONCE
    assert v.key_binding["aud"] == AUD
    assert v.status is None


def test_full_disclosure_restores_the_claims(issuer_key, holder) -> None:
    sd_jwt = _issue(issuer_key, holder)
    pres = ds.present_sd_jwt(
        sd_jwt, disclose=[""], holder_key=holder, nonce=NONCE, audience=AUD, now=NOW
    )
    v = ds.verify_sd_jwt(pres, nonce=NONCE, audience=AUD, now=NOW)
    restored = {k: v.claims[k] for k in CLAIMS}
    assert restored == CLAIMS


def test_issuer_key_path_skips_kid(issuer_key, holder) -> None:
    """With issuer_key= the header kid is not used (a non-DID issuer works too)."""
    sd_jwt = ds.issue_sd_jwt(
        CLAIMS,
        key=issuer_key,
        issuer="https://si.beijing.gov.cn",
        disclosable=["/name"],
        vct="urn:x",
        holder_key=holder,
        issued_at=NOW,
    )
    pres = ds.present_sd_jwt(
        sd_jwt,
        disclose=["/name"],
        holder_key=holder,
        nonce=NONCE,
        audience=AUD,
        issuer_key=issuer_key.public_jwk,
        now=NOW,
    )
    v = ds.verify_sd_jwt(
        pres, nonce=NONCE, audience=AUD, issuer_key=issuer_key.public_jwk, now=NOW
    )
    assert v.claims["name"] == "张三"
    assert "kid" not in v.header


def test_json_serialization_both_ways(issuer_key, holder) -> None:
    sd_jwt = _issue(issuer_key, holder, serialization="json")
    obj = json.loads(sd_jwt)
    assert set(obj) == {"header", "payload", "protected", "signature"}
    assert len(obj["header"]["disclosures"]) == len(DISCLOSABLE)
    pres = ds.present_sd_jwt(
        sd_jwt, disclose=["/name"], holder_key=holder, nonce=NONCE, audience=AUD, now=NOW
    )
    assert json.loads(pres)["header"]["kb_jwt"].count(".") == 2
    v = ds.verify_sd_jwt(pres, nonce=NONCE, audience=AUD, now=NOW)
    assert v.claims["name"] == "张三"
    compact = ds.sd_jwt_from_json(pres)
    assert ds.verify_sd_jwt(compact, nonce=NONCE, audience=AUD, now=NOW).claims == v.claims
    general = ds.sd_jwt_to_json(compact, general=True)
    assert ds.sd_jwt_from_json(general) == compact
    assert ds.verify_sd_jwt(general, nonce=NONCE, audience=AUD, now=NOW).claims == v.claims


def test_presentation_without_key_binding(issuer_key, holder) -> None:
    sd_jwt = _issue(issuer_key, holder)
    pres = ds.present_sd_jwt(sd_jwt, disclose=["/age_over_18"])
    assert pres.endswith("~")
    with pytest.raises(errors.KeyBindingError):
        ds.verify_sd_jwt(pres, nonce=NONCE, audience=AUD, now=NOW)
    v = ds.verify_sd_jwt(pres, nonce=None, audience=None, require_key_binding=False, now=NOW)
    assert v.claims["age_over_18"] is True
    assert v.key_binding is None


def test_holder_must_use_the_bound_key(issuer_key, holder) -> None:
    sd_jwt = _issue(issuer_key, holder)
    with pytest.raises(errors.KeyBindingError):
        ds.present_sd_jwt(
            sd_jwt,
            disclose=["/name"],
            holder_key=ds.Ed25519Key.generate(),
            nonce=NONCE,
            audience=AUD,
        )


def test_age_over_claims_are_issuer_signed(issuer_key, holder) -> None:
    """Derived claims let a citizen prove an age without the birth date."""
    from datetime import date

    derived = ds.age_over_claims(date(1960, 3, 1), as_of=date(2026, 6, 1))
    claims = {"name": "李四", "birth_date": "1960-03-01", **derived}
    sd_jwt = ds.issue_sd_jwt(
        claims,
        key=issuer_key,
        issuer=ds.did_key(issuer_key),
        disclosable=["/name", "/birth_date", "/age_over_18", "/age_over_60"],
        vct="urn:x",
        holder_key=holder,
        issued_at=NOW,
    )
    pres = ds.present_sd_jwt(
        sd_jwt, disclose=["/age_over_60"], holder_key=holder, nonce=NONCE, audience=AUD, now=NOW
    )
    v = ds.verify_sd_jwt(pres, nonce=NONCE, audience=AUD, now=NOW)
    assert v.claims["age_over_60"] is True
    assert "birth_date" not in v.claims
