"""verify_credential: VCDM 2.0 validation on top of Data Integrity, key history, status."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao import errors
from didkit_shebao.did import DIDHistory, HistoryMethod, did_web_history_url

NOW = datetime(2025, 6, 1, tzinfo=UTC)


@pytest.fixture
def agency() -> tuple[ds.Ed25519Key, str, str]:
    key = ds.Ed25519Key.from_seed(b"\x01" * 32)
    did = ds.did_key(key)
    return key, did, f"{did}#{key.public_multibase}"


def unsigned(issuer: Any, **extra: Any) -> dict[str, Any]:
    cred = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:6a1e5b8e-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2025-01-01T00:00:00Z",
        "validUntil": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:citizen", "name": "王小明"},
    }
    cred.update(extra)
    return cred


def issue(
    agency: tuple[ds.Ed25519Key, str, str], cred: dict[str, Any], **kw: Any
) -> dict[str, Any]:
    key, _, vm = agency
    return ds.issue_credential(
        cred, key=key, verification_method=vm, created=NOW - timedelta(days=1), **kw
    )


@pytest.mark.parametrize("suite", ["eddsa-jcs-2022", "eddsa-rdfc-2022"])
def test_round_trip(agency: tuple[ds.Ed25519Key, str, str], suite: str) -> None:
    _, did, vm = agency
    signed = issue(agency, unsigned(did), cryptosuite=suite)
    result = ds.verify_credential(signed, now=NOW)
    assert result.issuer == did
    assert result.claims["name"] == "王小明"
    assert result.types == ("VerifiableCredential",)
    assert result.proof.verification_method == vm
    assert result.proof.cryptosuite == suite
    assert result.valid_from == datetime(2025, 1, 1, tzinfo=UTC)
    assert result.status == ()
    assert "proof" not in result.credential
    # JSON text is accepted and parsed strictly.
    assert ds.verify_credential(json.dumps(signed), now=NOW) == result


def test_issuer_object_form(agency: tuple[ds.Ed25519Key, str, str]) -> None:
    _, did, _ = agency
    signed = issue(agency, unsigned({"id": did, "name": "某市人社局"}))
    assert ds.verify_credential(signed, now=NOW).issuer == did


def test_credential_claiming_another_issuer_fails(agency: tuple[ds.Ed25519Key, str, str]) -> None:
    other = ds.did_key(ds.Ed25519Key.generate())
    signed = issue(agency, unsigned(other))
    assert ds.verify_proof(signed, now=NOW)  # the proof itself is fine
    with pytest.raises(errors.IssuerMismatchError):
        ds.verify_credential(signed, now=NOW)


def test_validity_window(agency: tuple[ds.Ed25519Key, str, str]) -> None:
    _, did, _ = agency
    signed = issue(agency, unsigned(did))
    with pytest.raises(errors.NotYetValidError):
        ds.verify_credential(signed, now=datetime(2024, 12, 31, 23, 59, tzinfo=UTC))
    with pytest.raises(errors.ExpiredError):
        ds.verify_credential(signed, now=datetime(2026, 1, 1, 0, 0, 1, tzinfo=UTC))
    assert ds.verify_credential(signed, now=datetime(2026, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    "value",
    [
        "2025-01-01",
        "2025-01-01T00:00:00",  # no time zone: a dateTime, not a dateTimeStamp
        "2025-01-01T00:00:00Zjunk",  # the W3C schema pattern is unanchored; we full-match
        "x2025-01-01T00:00:00Z",
        "2025-02-30T00:00:00Z",
        "2025-01-01T25:00:00Z",
        "2024-12-31T24:00:00Z",  # a dateTimeStamp, but RFC 3339 has no hour 24
        "20250101T000000Z",  # ISO 8601 basic format
        20250101,
    ],
)
def test_issue_refuses_bad_datetime_stamp(
    agency: tuple[ds.Ed25519Key, str, str], value: Any
) -> None:
    _, did, _ = agency
    with pytest.raises(errors.MalformedInputError):
        issue(agency, unsigned(did, validFrom=value))


@pytest.mark.parametrize(
    "value",
    ["2025-01-01T08:00:00+08:00", "2025-01-01T00:00:00.123456789Z", "2025-01-01T00:00:00-00:00"],
)
def test_datetime_stamp_forms_accepted(agency: tuple[ds.Ed25519Key, str, str], value: str) -> None:
    _, did, _ = agency
    result = ds.verify_credential(issue(agency, unsigned(did, validFrom=value)), now=NOW)
    assert result.valid_from is not None
    assert result.valid_from.tzinfo is not None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda c: c.update({"@context": ["https://www.w3.org/ns/credentials/examples/v2"]}),
            "@context",
        ),
        (lambda c: c.update({"@context": "https://www.w3.org/ns/credentials/v2"}), "@context"),
        (lambda c: c.update({"type": ["AlumniCredential"]}), "type"),
        (lambda c: c.pop("type"), "type"),
        (lambda c: c.pop("issuer"), "issuer"),
        (lambda c: c.update({"issuer": {"name": "no id"}}), "issuer"),
        (lambda c: c.update({"issuer": "not a url"}), "issuer"),
        (lambda c: c.pop("credentialSubject"), "credentialSubject"),
        (lambda c: c.update({"credentialSubject": {}}), "credentialSubject"),
        (
            lambda c: c.update({"credentialSchema": {"id": "https://x.example/s"}}),
            "credentialSchema",
        ),
        (lambda c: c.update({"validUntil": "2024-01-01T00:00:00Z"}), "validUntil"),
    ],
)
def test_issue_validates_vcdm2(
    agency: tuple[ds.Ed25519Key, str, str], change: Any, message: str
) -> None:
    _, did, _ = agency
    cred = unsigned(did)
    change(cred)
    with pytest.raises(errors.MalformedInputError) as info:
        issue(agency, cred)
    assert message in str(info.value)


def test_unknown_credential_schema_fails_closed(agency: tuple[ds.Ed25519Key, str, str]) -> None:
    _, did, _ = agency
    cred = unsigned(
        did, credentialSchema={"id": "https://schemas.example/unknown.json", "type": "JsonSchema"}
    )
    with pytest.raises(errors.UnsupportedVerificationInputError):
        ds.verify_credential(issue(agency, cred), now=NOW)


def test_bundled_credential_schema_is_enforced(agency: tuple[ds.Ed25519Key, str, str]) -> None:
    from didkit_shebao._schemas import bundled_schema_ids

    _, did, _ = agency
    schema_id = bundled_schema_ids()[0]  # a bundled schema this credential cannot satisfy
    cred = unsigned(did, credentialSchema={"id": schema_id, "type": "JsonSchema"})
    with pytest.raises(errors.VerificationError) as info:
        ds.verify_credential(issue(agency, cred), now=NOW)
    assert info.value.code == "schema_invalid"
    assert info.value.details["schema"] == schema_id


def test_unsupported_schema_type(agency: tuple[ds.Ed25519Key, str, str]) -> None:
    _, did, _ = agency
    cred = unsigned(did, credentialSchema={"id": "https://x.example/s", "type": "ShaclSchema"})
    with pytest.raises(errors.UnsupportedVerificationInputError):
        ds.verify_credential(issue(agency, cred), now=NOW)


STATUS_ENTRY = {
    "id": "https://hrss.example/status/1#94567",
    "type": "BitstringStatusListEntry",
    "statusPurpose": "revocation",
    "statusListIndex": "94567",
    "statusListCredential": "https://hrss.example/status/1",
}


def test_status_entry_without_status_source_fails(agency: tuple[ds.Ed25519Key, str, str]) -> None:
    _, did, _ = agency
    signed = issue(agency, unsigned(did, credentialStatus=STATUS_ENTRY))
    with pytest.raises(errors.StatusUnavailableError):
        ds.verify_credential(signed, now=NOW)
    result = ds.verify_credential(signed, now=NOW, check_status=False)
    assert result.status == ()


def test_status_is_delegated_to_the_status_layer(
    agency: tuple[ds.Ed25519Key, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The status layer (its own branch) is called with the contract's arguments."""
    import sys
    import types

    calls: list[dict[str, Any]] = []

    def check_credential_status(credential: Any, **kw: Any) -> tuple[str, ...]:
        calls.append({"credential": credential, **kw})
        return ("ok",)

    if "didkit_shebao.status" not in sys.modules:
        fake = types.ModuleType("didkit_shebao.status")
        fake.check_credential_status = check_credential_status  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "didkit_shebao.status", fake)
    else:
        monkeypatch.setattr(
            sys.modules["didkit_shebao.status"], "check_credential_status", check_credential_status
        )
    _, did, _ = agency
    signed = issue(agency, unsigned(did, credentialStatus=STATUS_ENTRY))
    source = object()
    result = ds.verify_credential(signed, now=NOW, status=source)
    assert result.status == ("ok",)
    assert calls[0]["status"] is source
    assert calls[0]["issuer"] == did
    assert calls[0]["now"] == NOW
    assert "proof" not in calls[0]["credential"]


# -- key history ---------------------------------------------------------------

AGENCY = "did:web:hrss.example"
K1 = ds.Ed25519Key.from_seed(b"\x0a" * 32)
K2 = ds.Ed25519Key.from_seed(b"\x0b" * 32)
T0 = datetime(2024, 1, 1, tzinfo=UTC)
ROTATED = datetime(2025, 1, 1, tzinfo=UTC)


def history(deactivate: datetime | None = None) -> DIDHistory:
    h = DIDHistory.start(ds.did_web_document(AGENCY, {"key-1": K1}), updated=T0)
    h = h.with_version(ds.did_web_document(AGENCY, {"key-2": K2}), updated=ROTATED)
    if deactivate is not None:
        h = h.with_version(None, updated=deactivate)
    return h


def web_resolver(h: DIDHistory, *, publish_history: bool = True) -> ds.DIDResolver:
    url = "https://hrss.example/.well-known/did.json"
    current = h.versions[-1].document
    site: dict[str, Any] = {url: json.dumps(dict(current) if current else {})}
    if publish_history:
        site[did_web_history_url(url)] = json.dumps(h.to_json())
    return ds.DIDResolver(web_fetcher=site.get)


def agency_credential(key: ds.Ed25519Key, fragment: str, created: datetime) -> dict[str, Any]:
    return ds.issue_credential(
        unsigned(AGENCY, validFrom="2024-01-01T00:00:00Z", validUntil="2030-01-01T00:00:00Z"),
        key=key,
        verification_method=f"{AGENCY}#{fragment}",
        created=created,
    )


def test_credential_signed_before_rotation_still_verifies() -> None:
    resolver = web_resolver(history())
    signed = agency_credential(K1, "key-1", datetime(2024, 6, 1, tzinfo=UTC))
    result = ds.verify_credential(signed, resolver=resolver, now=NOW)
    assert result.issuer == AGENCY
    assert result.proof.verification_method == f"{AGENCY}#key-1"
    # The current document no longer lists key-1.
    assert "key-1" not in json.dumps(resolver.resolve(AGENCY))
    assert "key-1" in json.dumps(resolver.resolve(AGENCY, at=datetime(2024, 6, 1, tzinfo=UTC)))


def test_credential_signed_with_retired_key_fails() -> None:
    signed = agency_credential(K1, "key-1", datetime(2025, 3, 1, tzinfo=UTC))
    with pytest.raises(errors.VerificationError) as info:
        ds.verify_credential(signed, resolver=web_resolver(history()), now=NOW)
    assert isinstance(info.value, errors.ProofError | errors.ResolutionVerificationError)


def test_new_key_cannot_sign_for_the_past() -> None:
    signed = agency_credential(K2, "key-2", datetime(2024, 6, 1, tzinfo=UTC))
    with pytest.raises(errors.VerificationError):
        ds.verify_credential(signed, resolver=web_resolver(history()), now=NOW)
    ok = agency_credential(K2, "key-2", datetime(2025, 2, 1, tzinfo=UTC))
    assert ds.verify_credential(ok, resolver=web_resolver(history()), now=NOW)


def test_signature_before_the_did_existed_fails() -> None:
    signed = agency_credential(K1, "key-1", datetime(2023, 6, 1, tzinfo=UTC))
    with pytest.raises(errors.ResolutionVerificationError):
        ds.verify_credential(signed, resolver=web_resolver(history()), now=NOW)


def test_deactivated_did() -> None:
    h = history(deactivate=datetime(2025, 5, 1, tzinfo=UTC))
    resolver = ds.DIDResolver(methods={"web": HistoryMethod([h])})
    early = agency_credential(K2, "key-2", datetime(2025, 2, 1, tzinfo=UTC))
    assert ds.verify_credential(early, resolver=resolver, now=NOW)
    late = agency_credential(K2, "key-2", datetime(2025, 5, 2, tzinfo=UTC))
    with pytest.raises(errors.ResolutionVerificationError) as info:
        ds.verify_credential(late, resolver=resolver, now=NOW)
    assert info.value.code == "deactivated"


def test_stale_history_is_refused() -> None:
    stale = DIDHistory.start(ds.did_web_document(AGENCY, {"key-1": K1}), updated=T0)
    url = "https://hrss.example/.well-known/did.json"
    site = {
        url: json.dumps(ds.did_web_document(AGENCY, {"key-2": K2})),
        did_web_history_url(url): json.dumps(stale.to_json()),
    }
    signed = agency_credential(K1, "key-1", datetime(2025, 3, 1, tzinfo=UTC))
    with pytest.raises(errors.ResolutionVerificationError) as info:
        ds.verify_credential(signed, resolver=ds.DIDResolver(web_fetcher=site.get), now=NOW)
    assert info.value.code == "history_mismatch"


def test_without_published_history_the_current_document_is_used() -> None:
    resolver = web_resolver(history(), publish_history=False)
    old = agency_credential(K1, "key-1", datetime(2024, 6, 1, tzinfo=UTC))
    with pytest.raises(errors.ProofError):
        ds.verify_credential(old, resolver=resolver, now=NOW)
    new = agency_credential(K2, "key-2", datetime(2025, 2, 1, tzinfo=UTC))
    assert ds.verify_credential(new, resolver=resolver, now=NOW)


def test_history_json_round_trip_and_checks() -> None:
    h = history(deactivate=datetime(2025, 5, 1, tzinfo=UTC))
    again = DIDHistory.from_json(json.dumps(h.to_json()), did=AGENCY)
    assert again.to_json() == h.to_json()
    assert [v.version_id for v in again.versions] == ["1", "2", "3"]
    with pytest.raises(errors.MalformedInputError):
        h.with_version(ds.did_web_document(AGENCY, [K1]), updated=datetime(2025, 6, 1, tzinfo=UTC))
    with pytest.raises(errors.MalformedInputError):
        history().with_version(ds.did_web_document(AGENCY, [K1]), updated=T0)
    bad = h.to_json()
    bad["versions"][0]["updated"] = "2024-01-01"
    with pytest.raises(errors.MalformedInputError):
        DIDHistory.from_json(bad)
    with pytest.raises(errors.MalformedInputError):
        DIDHistory.from_json(h.to_json(), did="did:web:other.example")


def test_history_is_fetched_once_for_many_proof_times() -> None:
    h = history()
    url = "https://hrss.example/.well-known/did.json"
    site = {
        url: json.dumps(dict(h.versions[-1].document or {})),
        did_web_history_url(url): json.dumps(h.to_json()),
    }
    fetched: list[str] = []

    def fetch(u: str) -> str | None:
        fetched.append(u)
        return site.get(u)

    resolver = ds.DIDResolver(web_fetcher=fetch)
    for day in (1, 2, 3):
        signed = agency_credential(K1, "key-1", datetime(2024, 6, day, tzinfo=UTC))
        assert ds.verify_credential(signed, resolver=resolver, now=NOW)
    assert sorted(fetched) == sorted(site)


def test_future_valid_from_fails_although_the_proof_is_not_from_the_future(
    agency: tuple[ds.Ed25519Key, str, str],
) -> None:
    """validFrom after now is refused on its own, not only through the proof's `created`."""
    _, did, _ = agency
    # Proof created a day before NOW; the credential becomes valid a month after NOW.
    signed = issue(agency, unsigned(did, validFrom="2025-07-01T00:00:00Z"))
    assert ds.verify_proof(signed, now=NOW).proofs[0].created < NOW
    with pytest.raises(errors.NotYetValidError):
        ds.verify_credential(signed, now=NOW)
    assert ds.verify_credential(signed, now=datetime(2025, 7, 1, tzinfo=UTC))
