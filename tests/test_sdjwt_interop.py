"""Interoperability with the reference implementation, sd-jwt 0.10.4.

Skipped unless ``sd_jwt`` is importable. It is deliberately not a dev
dependency (DESIGN.md section 9): run these with a separate environment,

    python3 -m venv /work/venv-sdjwt
    /work/venv-sdjwt/bin/pip install sd-jwt==0.10.4 pytest hypothesis -e .
    /work/venv-sdjwt/bin/python -m pytest tests/test_sdjwt_interop.py

Both directions are checked: presentations made by the reference
implementation verify here, and ours verify there. Its verifier checks the
KB-JWT with a fixed algorithm (ES256 by default), so for Ed25519 holders it
is told to use EdDSA.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from skip_policy import optional_reason

import didkit_shebao as ds

sd_jwt = pytest.importorskip("sd_jwt", reason=optional_reason("sd-jwt", "sd_jwt is not installed"))
jwk_mod = pytest.importorskip(
    "jwcrypto.jwk", reason=optional_reason("sd-jwt", "jwcrypto (its dependency) is not installed")
)

from sd_jwt.common import SDObj  # noqa: E402
from sd_jwt.holder import SDJWTHolder  # noqa: E402
from sd_jwt.issuer import SDJWTIssuer  # noqa: E402
from sd_jwt.verifier import SDJWTVerifier  # noqa: E402

NONCE = "interop-nonce"
AUD = "https://verifier.example.cn"
ISSUER_URL = "https://si.example.gov.cn"


def _jwk(key: ds.Ed25519Key | ds.P256Key) -> Any:
    return jwk_mod.JWK.from_json(json.dumps(key.private_jwk))


def _alg(key: ds.Ed25519Key | ds.P256Key) -> str:
    return "EdDSA" if isinstance(key, ds.Ed25519Key) else "ES256"


class _Verifier(SDJWTVerifier):  # type: ignore[misc]
    """The reference verifier, told which algorithm the holder's KB-JWT uses."""

    kb_alg = "ES256"

    def _verify_key_binding_jwt(
        self, expected_aud: Any = None, expected_nonce: Any = None, sign_alg: Any = None
    ) -> None:
        super()._verify_key_binding_jwt(expected_aud, expected_nonce, sign_alg=self.kb_alg)


def reference_verify(
    presentation: str,
    issuer: ds.Ed25519Key | ds.P256Key,
    holder: ds.Ed25519Key | ds.P256Key,
    nonce: str = NONCE,
) -> dict[str, Any]:
    verifier_cls = type("V", (_Verifier,), {"kb_alg": _alg(holder)})
    public = jwk_mod.JWK.from_json(json.dumps(issuer.public_jwk))
    v = verifier_cls(
        presentation,
        lambda iss, header: public,
        expected_aud=AUD,
        expected_nonce=nonce,
    )
    result: dict[str, Any] = v.get_verified_payload()
    return result


KEYS = {
    "ed25519": lambda: ds.Ed25519Key.generate(),
    "p256": lambda: ds.P256Key.generate(),
}


@pytest.fixture(params=["ed25519", "p256"])
def holder(request: pytest.FixtureRequest) -> ds.Ed25519Key | ds.P256Key:
    return KEYS[request.param]()


@pytest.fixture(params=["ed25519", "p256"])
def issuer(request: pytest.FixtureRequest) -> ds.Ed25519Key | ds.P256Key:
    return KEYS[request.param]()


def test_reference_presentation_verifies_here(issuer, holder) -> None:
    """sd-jwt 0.10.4 issues and presents (structured, recursive, array); we verify."""
    now = int(datetime.now(UTC).timestamp())
    user_claims = {
        "iss": ISSUER_URL,
        "iat": now,
        "exp": now + 3600,
        SDObj("name"): "吴九",
        SDObj("birth_date"): "1955-09-09",
        "address": {SDObj("city"): "深圳", SDObj("district"): "南山"},
        SDObj("insurances"): [SDObj("pension"), SDObj("medical")],
        SDObj("age_over_60"): True,
    }
    ref_issuer = SDJWTIssuer(
        user_claims,
        _jwk(issuer),
        holder_key=jwk_mod.JWK.from_json(json.dumps(holder.public_jwk)),
        sign_alg=_alg(issuer),
        add_decoy_claims=True,
    )
    ref_holder = SDJWTHolder(ref_issuer.sd_jwt_issuance)
    ref_holder.create_presentation(
        {"age_over_60": True, "address": {"city": True}, "insurances": [False, True]},
        nonce=NONCE,
        aud=AUD,
        holder_key=_jwk(holder),
        sign_alg=_alg(holder),
    )
    v = ds.verify_sd_jwt(
        ref_holder.sd_jwt_presentation, nonce=NONCE, audience=AUD, issuer_key=issuer.public_jwk
    )
    assert v.claims["age_over_60"] is True
    assert v.claims["address"] == {"city": "深圳"}
    assert v.claims["insurances"] == ["medical"]
    assert "name" not in v.claims
    assert "birth_date" not in v.claims
    assert v.holder_jwk == holder.public_jwk


def test_our_presentation_verifies_there(issuer, holder) -> None:
    """We issue and present; sd-jwt 0.10.4 verifies the signature, digests and KB-JWT."""
    claims = {
        "name": "郑十",
        "birth_date": "1950-10-10",
        "address": {"city": "杭州", "district": "西湖"},
        "insurances": ["pension", "medical"],
        "age_over_60": True,
    }
    sd = ds.issue_sd_jwt(
        claims,
        key=issuer,
        issuer=ISSUER_URL,
        disclosable=[
            "/name",
            "/birth_date",
            "/address/city",
            "/address/district",
            "/insurances",
            "/insurances/0",
            "/insurances/1",
            "/age_over_60",
        ],
        vct="urn:cn:mohrss:insurance-status:1",
        holder_key=holder,
    )
    pres = ds.present_sd_jwt(
        sd,
        disclose=["/age_over_60", "/address/city", "/insurances/1"],
        holder_key=holder,
        nonce=NONCE,
        audience=AUD,
        issuer_key=issuer.public_key,
    )
    payload = reference_verify(pres, issuer, holder)
    assert payload["age_over_60"] is True
    assert payload["address"] == {"city": "杭州"}
    assert payload["insurances"] == ["medical"]
    assert "name" not in payload
    assert payload["vct"] == "urn:cn:mohrss:insurance-status:1"
    # And ours agrees with theirs on the processed payload.
    ours = ds.verify_sd_jwt(pres, nonce=NONCE, audience=AUD, issuer_key=issuer.public_jwk)
    assert ours.claims == payload


def test_reference_holder_presents_our_issuance(holder) -> None:
    """Their holder selects from our SD-JWT; we verify the result."""
    issuer = ds.Ed25519Key.generate()
    sd = ds.issue_sd_jwt(
        {"name": "钱一", "region": "330106", "age_over_18": True},
        key=issuer,
        issuer=ds.did_key(issuer),
        disclosable=["/name", "/age_over_18"],
        vct="urn:x",
        holder_key=holder,
    )
    ref_holder = SDJWTHolder(sd)
    ref_holder.create_presentation(
        {"age_over_18": True},
        nonce=NONCE,
        aud=AUD,
        holder_key=_jwk(holder),
        sign_alg=_alg(holder),
    )
    v = ds.verify_sd_jwt(ref_holder.sd_jwt_presentation, nonce=NONCE, audience=AUD)
    assert v.claims["age_over_18"] is True
    assert "name" not in v.claims


def test_both_refuse_a_replayed_presentation(holder) -> None:
    issuer = ds.Ed25519Key.generate()
    sd = ds.issue_sd_jwt(
        {"name": "孙二"},
        key=issuer,
        issuer=ISSUER_URL,
        disclosable=["/name"],
        vct="urn:x",
        holder_key=holder,
    )
    pres = ds.present_sd_jwt(
        sd,
        disclose=["/name"],
        holder_key=holder,
        nonce=NONCE,
        audience=AUD,
        issuer_key=issuer.public_key,
    )
    with pytest.raises(Exception):  # noqa: B017, PT011 - any failure of theirs will do
        reference_verify(pres, issuer, holder, nonce="other")
    with pytest.raises(ds.errors.ShebaoError):
        ds.verify_sd_jwt(pres, nonce="other", audience=AUD, issuer_key=issuer.public_jwk)
