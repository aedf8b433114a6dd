"""Nothing but ShebaoError escapes the status parsers and checks, whatever the input."""

from __future__ import annotations

import base64
import contextlib
import zlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import didkit_shebao as ds
from didkit_shebao.errors import ShebaoError, StatusUnavailableError, VerificationError
from didkit_shebao.status import parse_status_entry

KEY = ds.Ed25519Key.from_seed(bytes(range(32)))
ISSUER = ds.did_key(KEY)
VM = f"{ISSUER}#{ISSUER.removeprefix('did:key:')}"
URL = "https://si.example.gov.cn/status/rev/1"
T0 = datetime(2026, 1, 1, tzinfo=UTC)
NOW = T0 + timedelta(days=1)

json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=20)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=200)
    | st.builds(
        lambda b: "u" + base64.urlsafe_b64encode(b).decode().rstrip("="), st.binary(max_size=200)
    )
)
def test_bitstring_decode_raises_only_shebao_errors(text: str) -> None:
    with contextlib.suppress(ShebaoError):
        ds.StatusList.decode(text, minimum=0)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), st.sampled_from([1, 2, 4, 8]))
def test_token_decode_raises_only_shebao_errors(data: bytes, bits: int) -> None:
    for candidate in (data, zlib.compress(data)):
        with contextlib.suppress(ShebaoError):
            ds.TokenStatusList.decode(
                base64.urlsafe_b64encode(candidate).decode().rstrip("="), bits=bits
            )


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "type",
                "statusPurpose",
                "statusListIndex",
                "statusListCredential",
                "statusSize",
                "statusMessage",
                "statusReference",
                "id",
            ]
        ),
        json_values,
    )
)
def test_entry_parser_raises_only_shebao_errors(entry: dict[str, Any]) -> None:
    with contextlib.suppress(ShebaoError):
        parse_status_entry(entry)


@pytest.fixture(scope="module")
def published() -> tuple[dict[str, Any], dict[str, Any]]:
    m = ds.StatusListManager(url=URL, randbelow=lambda n: 77)
    i = m.allocate()
    doc = m.publish_credential(issuer=ISSUER, key=KEY, verification_method=VM, now=T0)
    cred = ds.issue_credential(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": ISSUER,
            "credentialSubject": {"id": "did:example:citizen"},
            "credentialStatus": m.entry(i),
        },
        key=KEY,
        verification_method=VM,
        created=T0,
    )
    return cred, doc


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_change_to_the_list_credential_fails_closed(
    published: tuple[dict[str, Any], dict[str, Any]], data: st.DataObject
) -> None:
    """Replace any member of the signed list with any JSON value: only StatusUnavailableError."""
    import copy

    cred, doc = published
    forged = copy.deepcopy(doc)
    path = data.draw(st.sampled_from(_paths(forged)[1:]))
    new = data.draw(json_values)
    target = forged
    for step in path[:-1]:
        target = target[step]
    if target[path[-1]] == new:
        return
    target[path[-1]] = new
    with pytest.raises(StatusUnavailableError):
        ds.check_credential_status(
            cred, status=lambda u: forged, issuer=ISSUER, now=NOW, resolver=None
        )


def test_every_single_character_change_of_a_status_token_is_refused() -> None:
    tsl = ds.TokenStatusList(64, 2)
    token = ds.issue_status_list_token(tsl, uri=URL, issuer=ISSUER, key=KEY, now=T0)
    claim = {"status_list": {"idx": 3, "uri": URL}}
    assert ds.check_token_status(
        claim, status=lambda u: token, issuer=ISSUER, now=NOW, resolver=None
    ).valid
    accepted = []
    for pos, ch in enumerate(token):
        if ch == ".":
            continue
        for repl in "AQgw":
            if repl == ch:
                continue
            forged = token[:pos] + repl + token[pos + 1 :]
            try:
                ds.check_token_status(
                    claim, status=lambda u, f=forged: f, issuer=ISSUER, now=NOW, resolver=None
                )
            except StatusUnavailableError:
                continue
            accepted.append(pos)
    assert accepted == []


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_status_claims_raise_only_verification_errors(claim: Any) -> None:
    with contextlib.suppress(VerificationError):
        ds.check_token_status(claim, status=lambda u: "x", issuer=ISSUER, now=NOW, resolver=None)
