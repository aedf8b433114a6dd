"""Every verify_* refuses a ``now=`` that is not an aware datetime, with a VerificationError."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao import errors

KEY = ds.Ed25519Key.from_seed(bytes(range(32)))
DID = ds.did_key(KEY)
VM = f"{DID}#{KEY.public_multibase}"


def _vc() -> dict[str, Any]:
    return ds.issue_credential(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": DID,
            "credentialSubject": {"id": "did:example:1", "level": "高级工"},
        },
        key=KEY,
        verification_method=VM,
    )


@pytest.mark.parametrize("bad", [datetime(2025, 1, 1), "2025-01-01T00:00:00Z", 0])
def test_bad_now_is_a_verification_error(bad: object) -> None:
    vc = _vc()
    presentation = ds.create_presentation(
        [vc], holder=DID, key=KEY, verification_method=VM, challenge="c", domain="d"
    )
    sd_jwt = ds.issue_sd_jwt({"a": 1}, key=KEY, issuer=DID, disclosable=["/a"])
    calls = [
        lambda: ds.verify_credential(vc, now=bad),
        lambda: ds.verify_proof(vc, now=bad),
        lambda: ds.verify_presentation(presentation, challenge="c", domain="d", now=bad),
        lambda: ds.verify_sd_jwt(
            sd_jwt, nonce=None, audience=None, require_key_binding=False, now=bad
        ),
    ]
    for call in calls:
        with pytest.raises(errors.MalformedVerificationInputError) as info:
            call()
        assert "now" in str(info.value)
