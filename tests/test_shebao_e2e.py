"""Domain credentials end to end in both formats, and the privacy property of presentations."""

from __future__ import annotations

import base64
import copy
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shebao_samples import (
    CITIZEN_ID,
    EMPLOYER_NAME,
    HOLDER,
    NAME,
    USCC,
    all_unsigned_vcs,
    insurance_status,
    professional_title,
    skill_level,
)
from skip_policy import optional_reason

import didkit_shebao as ds
from didkit_shebao import shebao
from didkit_shebao.errors import DisclosureError, InvalidSignatureError, VerificationError

ISSUER_KEY = ds.Ed25519Key.from_seed(bytes(range(1, 33)))
ISSUER = ds.did_key(ISSUER_KEY)
VM = f"{ISSUER}#{ISSUER.split(':')[-1]}"
HOLDER_KEY = ds.P256Key.generate()
CREATED = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)
NOW = datetime(2025, 6, 1, tzinfo=UTC)
AUDIENCE = "https://verifier.example/insurance-check"


def _thaw(value: Any) -> Any:
    """Plain dicts and lists from the verifier's read-only mappings and tuples."""
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_thaw(v) for v in value]
    return value


# -- W3C Data Integrity -------------------------------------------------------------


@pytest.mark.parametrize("cryptosuite", ["eddsa-jcs-2022", "eddsa-rdfc-2022"])
@pytest.mark.parametrize("credential_type", list(shebao.CREDENTIAL_SCHEMAS))
def test_w3c_credentials_verify(cryptosuite: str, credential_type: str) -> None:
    if cryptosuite == "eddsa-rdfc-2022":
        pytest.importorskip("pyld", reason=optional_reason("pyld", "pyld is not installed"))
    unsigned = all_unsigned_vcs(issuer=ISSUER)[credential_type]
    unsigned["issuer"] = ISSUER
    signed = ds.issue_credential(
        unsigned, key=ISSUER_KEY, verification_method=VM, cryptosuite=cryptosuite, created=CREATED
    )
    verified = ds.verify_credential(signed, now=NOW)
    assert verified.issuer == ISSUER
    assert [_thaw(s) for s in verified.subjects] == [unsigned["credentialSubject"]]
    assert verified.schemas == (unsigned["credentialSchema"]["id"],)
    assert shebao.validate_credential(signed) == verified.schemas
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["id"] = "did:example:someone-else"
    with pytest.raises(InvalidSignatureError):
        ds.verify_credential(tampered, now=NOW)


def test_verify_credential_applies_the_bundled_schema() -> None:
    """A correctly signed credential that breaks its bundled schema does not verify."""
    unsigned = insurance_status().to_vc(issuer=ISSUER)
    unsigned["credentialSubject"]["insurances"][0]["status"] = "paused"  # not in the enum
    signed = ds.issue_credential(unsigned, key=ISSUER_KEY, verification_method=VM, created=CREATED)
    with pytest.raises(VerificationError) as info:
        ds.verify_credential(signed, now=NOW)
    assert info.value.code == "schema_invalid"


# -- SD-JWT VC ------------------------------------------------------------------------


def _issue(builder: Any, vct: str) -> str:
    claims, disclosable = builder.to_sd_jwt_claims()
    return ds.issue_sd_jwt(
        claims,
        key=ISSUER_KEY,
        issuer=ISSUER,
        disclosable=disclosable,
        vct=vct,
        holder_key=HOLDER_KEY.public_jwk,
    )


def _present(sd_jwt: str, disclose: list[str], nonce: str = "n-0001") -> str:
    return ds.present_sd_jwt(
        sd_jwt, disclose=disclose, holder_key=HOLDER_KEY, nonce=nonce, audience=AUDIENCE
    )


def _verify(presentation: str, nonce: str = "n-0001") -> ds.VerifiedSDJWT:
    return ds.verify_sd_jwt(presentation, nonce=nonce, audience=AUDIENCE)


def test_insurance_status_sd_jwt_minimal_presentation() -> None:
    sd_jwt = _issue(insurance_status(), shebao.INSURANCE_STATUS_VCT)
    verified = _verify(_present(sd_jwt, ["/insurances/0", "/age_over_60"]))
    assert verified.vct == shebao.INSURANCE_STATUS_VCT
    assert shebao.credential_type_for_vct(verified.vct) == "InsuranceStatusCredential"
    domain = {k: v for k, v in verified.claims.items() if k not in {"iss", "iat", "vct", "cnf"}}
    assert domain == {
        "region": "110105",
        "as_of": "2025-03-01",
        "insurances": [
            {"type": "pension", "status": "active", "since": "2001-07-01", "local_code": "1"}
        ],
        "age_over_60": True,
    }
    assert shebao.validate_sd_jwt_claims(verified.claims, vct=verified.vct)
    # The issued credential itself carries every claim.
    everything = _verify(
        _present(
            sd_jwt,
            [
                "/sub",
                "/name",
                "/citizen_id",
                "/birth_date",
                "/employer",
                "/insurances/1",
                "/insurances/2",
            ],
        )
    )
    assert everything.claims["citizen_id"] == CITIZEN_ID
    assert everything.claims["employer"] == {"name": EMPLOYER_NAME, "uscc": USCC}
    assert len(everything.claims["insurances"]) == 2
    shebao.validate_sd_jwt_claims(everything.claims, vct=shebao.INSURANCE_STATUS_VCT)


def test_employer_fields_are_disclosable_one_by_one() -> None:
    sd_jwt = _issue(insurance_status(), shebao.INSURANCE_STATUS_VCT)
    verified = _verify(_present(sd_jwt, ["/employer/name"]))
    assert verified.claims["employer"] == {"name": EMPLOYER_NAME}
    assert USCC not in json.dumps(verified.claims, ensure_ascii=False)


@pytest.mark.parametrize(
    ("builder", "vct", "disclose", "expected"),
    [
        (
            professional_title,
            shebao.PROFESSIONAL_TITLE_VCT,
            ["/level", "/series"],
            {"level": "副高级", "series": "工程技术"},
        ),
        (
            skill_level,
            shebao.SKILL_LEVEL_VCT,
            ["/level", "/occupation_code"],
            {"level": "高级工", "occupation_code": "6-18-01-01"},
        ),
    ],
)
def test_qualifications_as_sd_jwt(
    builder: Any, vct: str, disclose: list[str], expected: dict[str, Any]
) -> None:
    verified = _verify(_present(_issue(builder(), vct), disclose))
    domain = {k: v for k, v in verified.claims.items() if k not in {"iss", "iat", "vct", "cnf"}}
    assert domain == expected
    shebao.validate_sd_jwt_claims(verified.claims, vct=vct)


def test_altered_disclosed_entry_is_refused() -> None:
    sd_jwt = _issue(insurance_status(), shebao.INSURANCE_STATUS_VCT)
    presentation = _present(sd_jwt, ["/insurances/0"])
    parts = presentation.split("~")
    for i in range(1, len(parts) - 1):
        decoded = json.loads(base64.urlsafe_b64decode(parts[i] + "=" * (-len(parts[i]) % 4)))
        if isinstance(decoded[-1], dict) and decoded[-1].get("type") == "pension":
            decoded[-1]["status"] = "suspended"
            raw = json.dumps(decoded, ensure_ascii=False).encode()
            parts[i] = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    with pytest.raises((DisclosureError, InvalidSignatureError, VerificationError)):
        _verify("~".join(parts))


# -- privacy property -------------------------------------------------------------------

_B64 = re.compile(r"[A-Za-z0-9_-]{8,}")


def _decoded_views(presentation: str) -> list[str]:
    """The presentation itself plus every base64url segment in it, decoded."""
    views = [presentation]
    for segment in _B64.findall(presentation):
        try:
            raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        except ValueError:  # pragma: no cover - not base64url
            continue
        views.append(raw.decode("utf-8", errors="replace"))
        views.append(raw.decode("latin-1"))
    return views


HIDDEN = {
    "citizen id": CITIZEN_ID,
    "citizen id body": CITIZEN_ID[:17],
    "birth date": "1949-12-31",
    "birth date compact": "19491231",
    "name": NAME,
    "holder DID": HOLDER,
    "employer": EMPLOYER_NAME,
    "uscc": USCC,
}
ENTRY_VALUES = [
    {"pension", "2001-07-01"},
    {"medical", "2003-02-01", "2024-12-31", "suspended"},
    {"work_injury", "2005-05-01", "2019-08-31", "terminated"},
]


@pytest.mark.parametrize("shown", [0, 1, 2])
def test_minimal_presentation_leaks_nothing_hidden(shown: int) -> None:
    sd_jwt = _issue(insurance_status(), shebao.INSURANCE_STATUS_VCT)
    # Sanity: the hidden values are in the issued SD-JWT (inside its disclosures).
    issued_views = "\n".join(_decoded_views(sd_jwt))
    for value in HIDDEN.values():
        assert value in issued_views
    presentation = _present(sd_jwt, [f"/insurances/{shown}", "/age_over_60"])
    verified = _verify(presentation)
    assert verified.claims["region"] == "110105"
    assert verified.claims["age_over_60"] is True
    views = _decoded_views(presentation)
    hidden = dict(HIDDEN)
    for i, values in enumerate(ENTRY_VALUES):
        if i != shown:
            hidden.update({f"entry {i}: {v}": v for v in values})
    for label, value in hidden.items():
        for view in views:
            assert value not in view, label
    # Only the chosen entry and age_over_60 are disclosed; the payload holds digests only.
    assert len(presentation.split("~")) == 4  # <jwt>~<entry>~<age_over_60>~<kb-jwt>
    _header, payload, _sig = presentation.split("~")[0].split(".")
    payload_json = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert set(payload_json) >= {"_sd", "region", "insurances", "cnf", "vct", "iss"}
    assert not {"name", "citizen_id", "birth_date", "employer", "sub"} & set(payload_json)
    assert all(set(item) == {"..."} for item in payload_json["insurances"])


def test_age_predicate_alone() -> None:
    sd_jwt = _issue(insurance_status(), shebao.INSURANCE_STATUS_VCT)
    presentation = _present(sd_jwt, ["/retirement_age_reached"])
    verified = _verify(presentation)
    assert verified.claims["retirement_age_reached"] is True
    assert "insurances" not in verified.claims or verified.claims["insurances"] == []
    views = _decoded_views(presentation)
    for value in [*HIDDEN.values(), "pension", "medical", "work_injury"]:
        assert all(value not in view for view in views)


# -- W3C credential secured with SD-JWT (vc+sd-jwt) ----------------------------------


def test_vc_sd_jwt_minimal_presentation() -> None:
    from didkit_shebao.sdjwt.vc import issue_vc_sd_jwt, verify_vc_sd_jwt

    status = insurance_status()
    sd_jwt = issue_vc_sd_jwt(
        status.to_vc(issuer=ISSUER),
        key=ISSUER_KEY,
        disclosable=status.vc_disclosable(),
        holder_key=HOLDER_KEY.public_jwk,
    )
    presentation = _present(
        sd_jwt, ["/credentialSubject/insurances/0", "/credentialSubject/ageOver60"]
    )
    verified = verify_vc_sd_jwt(presentation, nonce="n-0001", audience=AUDIENCE)
    assert verified.claims["credentialSubject"] == {
        "region": "110105",
        "asOf": "2025-03-01",
        "insurances": [
            {
                "insuranceType": "pension",
                "status": "active",
                "since": "2001-07-01",
                "localCode": "1",
            }
        ],
        "ageOver60": True,
    }
    assert (
        verified.claims["credentialSchema"]["id"]
        == shebao.CREDENTIAL_SCHEMAS["InsuranceStatusCredential"]
    )
    views = _decoded_views(presentation)
    for value in [*HIDDEN.values(), *ENTRY_VALUES[1], *ENTRY_VALUES[2]]:
        assert all(value not in view for view in views), value
    rows = shebao.describe_claims(
        verified.claims["credentialSubject"],
        credential_type="InsuranceStatusCredential",
        locale="en",
    )
    assert ("Insurance type", "Pension insurance") in rows
    assert ("Aged 60 or over", "Yes") in rows


@pytest.mark.parametrize("builder", [professional_title, skill_level])
def test_qualification_vc_disclosable(builder: Any) -> None:
    from didkit_shebao.sdjwt.vc import issue_vc_sd_jwt, verify_vc_sd_jwt

    item = builder()
    sd_jwt = issue_vc_sd_jwt(
        item.to_vc(issuer=ISSUER),
        key=ISSUER_KEY,
        disclosable=item.vc_disclosable(),
        holder_key=HOLDER_KEY.public_jwk,
    )
    verified = verify_vc_sd_jwt(
        _present(sd_jwt, ["/credentialSubject/level"]), nonce="n-0001", audience=AUDIENCE
    )
    assert verified.claims["credentialSubject"] == {"level": item.level}


# -- property: whatever subset is disclosed, nothing else shows --------------------------

_POINTER_VALUES = {
    "/sub": [HOLDER],
    "/name": [NAME],
    "/citizen_id": [CITIZEN_ID, CITIZEN_ID[:17]],
    "/birth_date": ["1949-12-31"],
    "/insurances/0": ["2001-07-01"],
    "/insurances/1": ["2003-02-01", "2024-12-31", "suspended"],
    "/insurances/2": ["2005-05-01", "2019-08-31", "terminated"],
    "/employer/name": [EMPLOYER_NAME],
    "/employer/uscc": [USCC],
}
_SD_JWT = _issue(insurance_status(), shebao.INSURANCE_STATUS_VCT)


@settings(max_examples=25, deadline=None)
@given(st.sets(st.sampled_from(sorted(_POINTER_VALUES))))
def test_only_what_is_disclosed_shows(disclose: set[str]) -> None:
    presentation = _present(_SD_JWT, sorted(disclose))
    verified = _verify(presentation)
    views = _decoded_views(presentation)
    for pointer, values in _POINTER_VALUES.items():
        for value in values:
            shown = any(value in view for view in views)
            assert shown == (pointer in disclose), (pointer, value)
    assert len(verified.claims.get("insurances", [])) == sum(
        p.startswith("/insurances/") for p in disclose
    )
