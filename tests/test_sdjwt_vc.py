"""W3C VCDM 2.0 credentials secured with SD-JWT (VC-JOSE-COSE ``vc+sd-jwt``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao import errors
from didkit_shebao._jws import parse_jws
from didkit_shebao.sdjwt import parse_sd_jwt

NOW = datetime(2026, 6, 1, tzinfo=UTC)
NONCE, AUD = "n", "https://verifier.example"
ISSUER = ds.Ed25519Key.from_seed(b"\x07" * 32)
HOLDER = ds.P256Key.generate()

CREDENTIAL = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "id": "urn:uuid:4f6a1b8e-0000-4000-8000-000000000001",
    "type": ["VerifiableCredential", "InsuranceStatusCredential"],
    "issuer": ds.did_key(ISSUER),
    "validFrom": "2026-01-01T00:00:00Z",
    "validUntil": "2027-01-01T00:00:00Z",
    "credentialSubject": {
        "id": "did:example:citizen",
        "name": "赵六",
        "birthDate": "1960-05-05",
        "insurances": [{"type": "pension", "status": "active"}],
        "ageOver60": True,
    },
}
DISCLOSABLE = [
    "/id",
    "/credentialSubject/name",
    "/credentialSubject/birthDate",
    "/credentialSubject/insurances/0",
    "/credentialSubject/ageOver60",
]


def _issue(credential: dict = CREDENTIAL, **kw: object) -> str:  # type: ignore[type-arg]
    return ds.issue_vc_sd_jwt(
        credential,
        key=ISSUER,
        disclosable=kw.pop("disclosable", DISCLOSABLE),  # type: ignore[arg-type]
        holder_key=HOLDER,
        issued_at=NOW,
        **kw,  # type: ignore[arg-type]
    )


def _present(sd_jwt: str, disclose: list[str]) -> str:
    return ds.present_sd_jwt(
        sd_jwt, disclose=disclose, holder_key=HOLDER, nonce=NONCE, audience=AUD, now=NOW
    )


def test_vc_selective_disclosure_round_trip() -> None:
    sd_jwt = _issue()
    jws = parse_jws(parse_sd_jwt(sd_jwt).jws)
    assert jws.header["typ"] == "vc+sd-jwt"
    assert jws.header["cty"] == "vc"
    assert "vc" not in jws.payload  # enveloping: the credential is the payload
    v = ds.verify_vc_sd_jwt(
        _present(sd_jwt, ["/credentialSubject/ageOver60"]), nonce=NONCE, audience=AUD, now=NOW
    )
    subject = v.claims["credentialSubject"]
    # The undisclosed array element is dropped; the array itself is visible.
    assert subject == {"id": "did:example:citizen", "insurances": [], "ageOver60": True}
    assert v.claims["type"] == CREDENTIAL["type"]
    assert v.claims["issuer"] == CREDENTIAL["issuer"]
    assert v.issuer == CREDENTIAL["issuer"]
    assert "id" not in v.claims
    assert v.typ == "vc+sd-jwt"


def test_vc_full_disclosure() -> None:
    v = ds.verify_vc_sd_jwt(_present(_issue(), [""]), nonce=NONCE, audience=AUD, now=NOW)
    assert {k: v.claims[k] for k in CREDENTIAL} == CREDENTIAL


def test_vc_plain_sd_jwt_verifier_also_reads_it() -> None:
    v = ds.verify_sd_jwt(
        _present(_issue(), ["/credentialSubject/name"]), nonce=NONCE, audience=AUD, now=NOW
    )
    assert v.claims["credentialSubject"]["name"] == "赵六"


@pytest.mark.parametrize(
    "pointer", ["/type", "/issuer", "/validUntil", "/@context/0", "/credentialSchema/id"]
)
def test_vc_protected_properties_cannot_be_disclosable(pointer: str) -> None:
    credential = dict(
        CREDENTIAL, credentialSchema={"id": "https://x/s.json", "type": "JsonSchema"}
    )
    with pytest.raises(errors.MalformedInputError):
        _issue(credential, disclosable=[pointer])


def test_vc_disclosed_protected_property_rejected_on_verify() -> None:
    # Issued by another tool with the issuer inside a Disclosure: refused.
    sd_jwt = ds.issue_sd_jwt(
        {k: v for k, v in CREDENTIAL.items()},
        key=ISSUER,
        issuer=CREDENTIAL["issuer"],
        disclosable=["/validUntil"],
        typ="vc+sd-jwt",
        holder_key=HOLDER,
        issued_at=NOW,
    )
    for verify in (ds.verify_vc_sd_jwt, ds.verify_sd_jwt):
        with pytest.raises(errors.DisclosureError):
            verify(
                sd_jwt,
                nonce=None,
                audience=None,
                require_key_binding=False,
                issuer_key=ISSUER.public_key,
                now=NOW,
            )
    # The holder refuses to present it in the first place.
    with pytest.raises(errors.DisclosureError):
        ds.present_sd_jwt(sd_jwt, disclose=["/validUntil"], issuer_key=ISSUER.public_key)


@pytest.mark.parametrize("verify", [ds.verify_vc_sd_jwt, ds.verify_sd_jwt])
def test_vc_validity_period_at_the_second(verify: Any) -> None:
    """validFrom and validUntil both belong to the period (VCDM 2.0 section 4.9), as in Data Integrity."""
    pres = _present(_issue(), [])

    def at(*when: int) -> ds.VerifiedSDJWT:
        now = datetime(*when, tzinfo=UTC)  # type: ignore[misc]
        result: ds.VerifiedSDJWT = verify(pres, nonce=NONCE, audience=AUD, now=now, skew=_big())
        return result

    assert at(2027, 1, 1).issuer == CREDENTIAL["issuer"]  # validUntil itself
    with pytest.raises(errors.ExpiredError):
        at(2027, 1, 1, 0, 0, 1)
    assert at(2026, 1, 1).issuer == CREDENTIAL["issuer"]  # validFrom itself
    with pytest.raises(errors.NotYetValidError):
        at(2025, 12, 31, 23, 59, 59)


def _big():  # type: ignore[no-untyped-def]
    from datetime import timedelta

    return timedelta(days=800)


def test_vc_wrong_typ_refused() -> None:
    """An SD-JWT VC (dc+sd-jwt) is not accepted where a W3C vc+sd-jwt is expected."""
    sd = ds.issue_sd_jwt(
        {"a": 1}, key=ISSUER, issuer=ds.did_key(ISSUER), disclosable=[], vct="urn:x"
    )
    with pytest.raises(errors.UnsupportedVerificationInputError):
        ds.verify_vc_sd_jwt(sd, nonce=None, audience=None, require_key_binding=False, now=NOW)


def test_vc_shape_checked() -> None:
    bad = dict(CREDENTIAL, **{"@context": ["https://www.w3.org/2018/credentials/v1"]})
    with pytest.raises(errors.MalformedInputError):
        _issue(bad)
    with pytest.raises(errors.MalformedInputError):
        _issue(dict(CREDENTIAL, vc={"x": 1}))


def test_vc_kid_must_belong_to_issuer() -> None:
    other = ds.Ed25519Key.generate()
    credential = dict(CREDENTIAL, issuer=ds.did_key(other))
    sd_jwt = ds.issue_vc_sd_jwt(
        credential,
        key=ISSUER,
        disclosable=[],
        kid=ds.did_key(ISSUER) + "#" + ds.did_key(ISSUER)[8:],
        issued_at=NOW,
    )
    with pytest.raises(errors.IssuerMismatchError):
        ds.verify_vc_sd_jwt(sd_jwt, nonce=None, audience=None, require_key_binding=False, now=NOW)


STATUS_URL = "https://status.example/1"
STATUS_ENTRY = {
    "type": "BitstringStatusListEntry",
    "statusPurpose": "revocation",
    "statusListIndex": "7",
    "statusListCredential": STATUS_URL,
}


@pytest.mark.parametrize("verify", [ds.verify_vc_sd_jwt, ds.verify_sd_jwt])
def test_vc_credential_status_fails_closed_without_source(verify: Any) -> None:
    pres = _present(_issue(dict(CREDENTIAL, credentialStatus=STATUS_ENTRY)), [])
    with pytest.raises(errors.StatusUnavailableError):
        verify(pres, nonce=NONCE, audience=AUD, now=NOW)
    v = verify(pres, nonce=NONCE, audience=AUD, now=NOW, check_status=False)
    assert v.claims["credentialStatus"]["statusListIndex"] == "7"
    assert v.status is None


@pytest.mark.parametrize("verify", [ds.verify_vc_sd_jwt, ds.verify_sd_jwt])
def test_vc_revoked_through_either_entry_point(verify: Any) -> None:
    """Before: verify_sd_jwt accepted a revoked (or expired) vc+sd-jwt credential."""
    did = ds.did_key(ISSUER)
    status_list = ds.StatusList()
    pres = _present(_issue(dict(CREDENTIAL, credentialStatus=STATUS_ENTRY)), [])

    def fetch(url: str) -> dict[str, Any]:
        assert url == STATUS_URL
        return ds.issue_status_list_credential(
            status_list,
            id=STATUS_URL,
            issuer=did,
            key=ISSUER,
            verification_method=f"{did}#{did[len('did:key:') :]}",
            purpose="revocation",
            valid_from=NOW,
            created=NOW,
        )

    v = verify(pres, nonce=NONCE, audience=AUD, now=NOW, status=fetch)
    assert [r.status for r in v.status] == [False]
    status_list.set(7, True)
    with pytest.raises(errors.RevokedError):
        verify(pres, nonce=NONCE, audience=AUD, now=NOW, status=fetch)


def test_vc_plain_verifier_keeps_sd_jwt_vcs_with_the_legacy_typ() -> None:
    """A legacy-typed SD-JWT VC (vct, no @context) is not a W3C credential."""
    sd = ds.issue_sd_jwt(
        {"validUntil": "2000-01-01T00:00:00Z"},
        key=ISSUER,
        issuer=ds.did_key(ISSUER),
        disclosable=[],
        vct="urn:x",
        typ="vc+sd-jwt",
        issued_at=NOW,
    )
    v = ds.verify_sd_jwt(sd, nonce=None, audience=None, require_key_binding=False, now=NOW)
    assert (v.vct, v.claims["validUntil"]) == ("urn:x", "2000-01-01T00:00:00Z")
    with pytest.raises(errors.MalformedVerificationInputError):
        ds.verify_vc_sd_jwt(sd, nonce=None, audience=None, require_key_binding=False, now=NOW)


def test_vc_json_serialization() -> None:
    sd_jwt = _issue(serialization="json")
    assert json.loads(sd_jwt)["header"]["disclosures"]
    pres = _present(sd_jwt, ["/credentialSubject/name"])
    v = ds.verify_vc_sd_jwt(pres, nonce=NONCE, audience=AUD, now=NOW)
    assert v.claims["credentialSubject"]["name"] == "赵六"
