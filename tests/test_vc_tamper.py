"""Tamper suite: every single-character change of a signed credential is rejected.

The credential is serialized compactly (no insignificant whitespace), so every
single-character substitution or deletion that still parses as JSON changes
the document; each must be refused with a ``ShebaoError`` (and nothing else
may escape). Specific changes fail with specific error classes.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao import errors

NOW = datetime(2025, 6, 1, tzinfo=UTC)
KEY = ds.Ed25519Key.from_seed(b"\x33" * 32)
DID = ds.did_key(KEY)
VM = f"{DID}#{KEY.public_multibase}"
RESOLVER = ds.DIDResolver()


def signed(suite: str = "eddsa-jcs-2022") -> dict[str, Any]:
    cred = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:0f3c2a7e-93a5-4a4f-9a7e-1c0ffee00001",
        "type": ["VerifiableCredential"],
        "name": "参保状态证明",
        "description": "Insurance status of an insured person",
        "issuer": {"id": DID, "name": "某市人力资源和社会保障局"},
        "validFrom": "2025-01-01T00:00:00Z",
        "validUntil": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:citizen-0001",
            "name": "王小明",
            "description": "pension: active since 2010-07-01; medical: active since 2010-07-01",
        },
    }
    return ds.issue_credential(
        cred, key=KEY, verification_method=VM, cryptosuite=suite, created=NOW - timedelta(days=1)
    )


def mutations(text: str, alternatives: int) -> Iterator[str]:
    """Single-character substitutions (up to *alternatives* per position) and deletions."""
    for i, c in enumerate(text):
        options = [chr(ord(c) ^ 1), "0" if c != "0" else "1", '"' if c != '"' else "x"]
        for replacement in options[:alternatives]:
            if replacement != c:
                yield text[:i] + replacement + text[i + 1 :]
        if alternatives > 1:
            yield text[:i] + text[i + 1 :]


def run_suite(suite: str, alternatives: int) -> tuple[int, int]:
    original = signed(suite)
    text = json.dumps(original, separators=(",", ":"), ensure_ascii=False)
    assert ds.verify_credential(text, resolver=RESOLVER, now=NOW)
    parsed = rejected = 0
    for mutated in mutations(text, alternatives):
        try:
            value = json.loads(mutated)
        except ValueError:
            continue
        if value == original:  # pragma: no cover - compact text has no such change
            continue
        parsed += 1
        with pytest.raises(errors.ShebaoError):
            ds.verify_credential(mutated, resolver=RESOLVER, now=NOW)
        rejected += 1
    return parsed, rejected


def test_every_single_character_change_is_rejected_jcs() -> None:
    parsed, rejected = run_suite("eddsa-jcs-2022", alternatives=3)
    assert parsed > 1000
    assert rejected == parsed


def test_every_single_character_change_is_rejected_rdfc() -> None:
    parsed, rejected = run_suite("eddsa-rdfc-2022", alternatives=3)
    assert parsed > 1000
    assert rejected == parsed


def test_errors_are_verification_errors() -> None:
    """Everything verify_credential raises is a VerificationError, malformed input included."""
    text = json.dumps(signed(), separators=(",", ":"))
    for bad in [text[:-1], text.replace('"type"', '"type","type"', 1), "[]", "{}", b"\xff"]:
        with pytest.raises(errors.VerificationError):
            ds.verify_credential(bad, resolver=RESOLVER, now=NOW)


@pytest.mark.parametrize("suite", ["eddsa-jcs-2022", "eddsa-rdfc-2022"])
@pytest.mark.parametrize(
    "path",
    [
        ("credentialSubject", "name"),
        ("credentialSubject", "id"),
        ("issuer", "name"),
        ("validUntil",),
        ("id",),
        ("proof", "created"),
    ],
)
def test_changed_claim_or_signed_proof_field_is_invalid_signature(
    suite: str, path: tuple[str, ...]
) -> None:
    doc = signed(suite)
    target = doc
    for p in path[:-1]:
        target = target[p]
    value = target[path[-1]]
    target[path[-1]] = (
        "2025-04-30T00:00:00Z" if path[-1] in ("created", "validUntil") else value + "1"
    )
    with pytest.raises(errors.InvalidSignatureError):
        ds.verify_credential(doc, resolver=RESOLVER, now=NOW)


def test_changed_proof_value_is_invalid_signature() -> None:
    doc = signed()
    other = signed()
    other["credentialSubject"]["name"] = "x"
    other = ds.issue_credential(
        {k: v for k, v in other.items() if k != "proof"}, key=KEY, verification_method=VM
    )
    doc["proof"]["proofValue"] = other["proof"]["proofValue"]
    with pytest.raises(errors.InvalidSignatureError):
        ds.verify_credential(doc, resolver=RESOLVER, now=NOW)


def test_verification_method_of_another_key() -> None:
    doc = signed()
    other = ds.Ed25519Key.generate()
    doc["proof"]["verificationMethod"] = f"{ds.did_key(other)}#{other.public_multibase}"
    with pytest.raises(errors.InvalidSignatureError):
        ds.verify_proof(doc, resolver=RESOLVER, now=NOW)
    # With the issuer changed to match, it is still the signature that fails.
    doc["issuer"]["id"] = ds.did_key(other)
    with pytest.raises(errors.InvalidSignatureError):
        ds.verify_credential(doc, resolver=RESOLVER, now=NOW)


def test_verification_method_not_under_assertion_method() -> None:
    doc = signed()
    x25519 = ds.public_key_from_multibase(KEY.public_multibase)
    key_agreement = f"{DID}#{x25519.x25519_public_multibase()}"  # type: ignore[union-attr]
    doc["proof"]["verificationMethod"] = key_agreement
    with pytest.raises(errors.VerificationError) as info:
        ds.verify_credential(doc, resolver=RESOLVER, now=NOW)
    assert isinstance(info.value, errors.ProofError)


@pytest.mark.parametrize(
    ("suite", "expected"),
    [
        ("eddsa-rdfc-2022", errors.InvalidSignatureError),
        ("ecdsa-jcs-2019", errors.UnsupportedVerificationInputError),
        ("bbs-2023", errors.UnsupportedVerificationInputError),
    ],
)
def test_changed_cryptosuite(suite: str, expected: type[Exception]) -> None:
    doc = signed()
    doc["proof"]["cryptosuite"] = suite
    with pytest.raises(expected):
        ds.verify_credential(doc, resolver=RESOLVER, now=NOW)


@pytest.mark.parametrize("purpose", ["authentication", "capabilityInvocation", ""])
def test_changed_purpose(purpose: str) -> None:
    doc = signed()
    doc["proof"]["proofPurpose"] = purpose
    with pytest.raises((errors.ProofError, errors.MalformedVerificationInputError)):
        ds.verify_credential(doc, resolver=RESOLVER, now=NOW)
    if purpose:
        with pytest.raises(errors.ProofError):
            ds.verify_credential(doc, resolver=RESOLVER, now=NOW)


def test_changed_proof_type() -> None:
    doc = signed()
    doc["proof"]["type"] = "Ed25519Signature2020"
    with pytest.raises(errors.UnsupportedVerificationInputError):
        ds.verify_credential(doc, resolver=RESOLVER, now=NOW)


def test_removed_proof() -> None:
    doc = signed()
    del doc["proof"]
    with pytest.raises(errors.ProofError):
        ds.verify_credential(doc, resolver=RESOLVER, now=NOW)


def test_added_unsigned_proof_member() -> None:
    doc = signed()
    doc["proof"]["expires"] = "2099-01-01T00:00:00Z"
    with pytest.raises(errors.InvalidSignatureError):
        ds.verify_credential(doc, resolver=RESOLVER, now=NOW)


def test_original_is_untouched_by_verification() -> None:
    doc = signed()
    before = copy.deepcopy(doc)
    ds.verify_credential(doc, resolver=RESOLVER, now=NOW)
    assert doc == before
