"""issue_status_list_credential: the BitstringStatusListCredential it builds and signs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import didkit_shebao as ds
from didkit_shebao.errors import MalformedInputError
from didkit_shebao.status import StatusMessage

KEY = ds.Ed25519Key.from_seed(bytes(range(32)))
ISSUER = ds.did_key(KEY)
VM = f"{ISSUER}#{ISSUER.removeprefix('did:key:')}"
URL = "https://si.example.gov.cn/status/3"
T0 = datetime(2021, 4, 5, 14, 27, 40, tzinfo=UTC)


def test_shape_matches_spec_example_3() -> None:
    """Bitstring Status List v1.0 Example 3, with our issuer and a proof added."""
    vc = ds.issue_status_list_credential(
        ds.StatusList(),
        id=URL,
        issuer=ISSUER,
        key=KEY,
        verification_method=VM,
        purpose="revocation",
        valid_from=T0,
        created=T0,
    )
    assert {k: v for k, v in vc.items() if k != "proof"} == {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": ISSUER,
        "validFrom": "2021-04-05T14:27:40Z",
        "credentialSubject": {
            "id": f"{URL}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA",
        },
    }
    assert vc["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert vc["proof"]["proofPurpose"] == "assertionMethod"
    verified = ds.verify_credential(vc, now=T0 + timedelta(days=1))
    assert verified.issuer == ISSUER


def test_optional_members() -> None:
    vc = ds.issue_status_list_credential(
        ds.StatusList(bits=2),
        id=URL,
        issuer=ISSUER,
        key=KEY,
        verification_method=VM,
        purpose=["revocation", "suspension"],
        valid_from="2026-01-01T00:00:00Z",
        valid_until=datetime(2026, 2, 1, tzinfo=UTC),
        ttl=300_000,
    )
    subject = vc["credentialSubject"]
    assert subject["statusPurpose"] == ["revocation", "suspension"]
    assert subject["statusSize"] == 2
    assert subject["ttl"] == 300_000
    assert vc["validUntil"] == "2026-02-01T00:00:00Z"


def test_message_lists_accept_three_message_forms() -> None:
    forms = [
        ["pending", "accepted", "rejected", "undefined"],
        [
            StatusMessage(i, m)
            for i, m in enumerate(["pending", "accepted", "rejected", "undefined"])
        ],
        [
            {"status": hex(i), "message": m}
            for i, m in enumerate(["pending", "accepted", "rejected", "undefined"])
        ],
    ]
    results = [
        ds.issue_status_list_credential(
            ds.StatusList(bits=2),
            id=URL,
            issuer=ISSUER,
            key=KEY,
            verification_method=VM,
            purpose="message",
            status_messages=f,
            valid_from=T0,
            created=T0,
        )["credentialSubject"]["statusMessages"]
        for f in forms
    ]
    assert results[0] == results[1] == results[2]
    assert results[0][1] == {"status": "0x1", "message": "accepted"}


@pytest.mark.parametrize(
    "kw",
    [
        {"purpose": "message"},  # no messages
        {"purpose": "message", "status_messages": ["a", "b"]},  # 2 ≠ 2^2
        {"purpose": "message", "status_messages": [1, 2, 3, 4]},
        {"purpose": ""},
        {"purpose": []},
        {"purpose": "revocation", "id": ""},
        {"purpose": "revocation", "ttl": 0},
        {"purpose": "revocation", "valid_from": datetime(2026, 1, 1)},  # naive
    ],
)
def test_bad_arguments(kw: dict[str, object]) -> None:
    args: dict[str, object] = {"id": URL, "issuer": ISSUER, "key": KEY, "verification_method": VM}
    args.update(kw)
    with pytest.raises(MalformedInputError):
        ds.issue_status_list_credential(ds.StatusList(bits=2), **args)  # type: ignore[arg-type]


def test_needs_a_status_list() -> None:
    with pytest.raises(MalformedInputError):
        ds.issue_status_list_credential(
            ds.TokenStatusList(8),
            id=URL,
            issuer=ISSUER,
            key=KEY,  # type: ignore[arg-type]
            verification_method=VM,
            purpose="revocation",
        )
