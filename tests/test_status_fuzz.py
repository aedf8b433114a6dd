"""Nothing but ShebaoError escapes the status parsers and checks, whatever the input."""

from __future__ import annotations

import base64
import zlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import edited

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


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _reference_inflate(encoded: str, *, wbits: int) -> bytes | None:
    """What a lenient reference decoder reads from *encoded*, or None if it cannot."""
    try:
        return zlib.decompress(_unb64(encoded), wbits)
    except (ValueError, zlib.error):
        return None


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_bitstring_decode_refuses_or_reads_exactly_the_encoded_bits(data: st.DataObject) -> None:
    """Any text, random GZIP-less bytes, or a valid encodedList with one character changed:
    decoding either raises a ShebaoError, or yields exactly the bits the GZIP stream holds."""
    valid = ds.StatusList(64, minimum=0)
    for i in data.draw(st.lists(st.integers(0, 63), max_size=8)):
        valid.set(i, 1)
    text = data.draw(
        st.text(max_size=200)
        | st.builds(lambda b: "u" + _b64(b), st.binary(max_size=200))
        | st.just(valid.encode()).map(lambda t: edited(t, data, "AQgw_-0u=+/ \n"))
    )
    reference = _reference_inflate(text[1:], wbits=31) if text.startswith("u") else None
    try:
        decoded = ds.StatusList.decode(text, minimum=0)
    except ShebaoError:
        return
    assert reference is not None, f"accepted an encodedList no GZIP decoder reads: {text!r}"
    assert decoded.to_bytes() == reference


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), st.sampled_from([1, 2, 4, 8]), st.data())
def test_token_decode_refuses_or_reads_exactly_the_encoded_bits(
    data: bytes, bits: int, draw: st.DataObject
) -> None:
    """Random bytes, their ZLIB stream, or a changed character of a valid lst: decoding either
    raises a ShebaoError, or yields exactly the bytes the ZLIB stream holds."""
    valid = ds.TokenStatusList(16, bits)
    valid.set(3, 1)
    candidates = [
        _b64(data),
        _b64(zlib.compress(data)),
        edited(valid.encode(), draw, "AQgw_-0u=+/ \n"),
    ]
    for lst in candidates:
        try:
            decoded = ds.TokenStatusList.decode(lst, bits=bits)
        except ShebaoError:
            continue
        reference = _reference_inflate(lst, wbits=15)
        assert reference is not None, f"accepted an lst no ZLIB decoder reads: {lst!r}"
        assert decoded.to_bytes() == reference


ENTRY = {
    "id": "https://si.example.gov.cn/status/rev/1#94567",
    "type": "BitstringStatusListEntry",
    "statusPurpose": "revocation",
    "statusListIndex": "94567",
    "statusListCredential": "https://si.example.gov.cn/status/rev/1",
}
ENTRY_MEMBERS = [*ENTRY, "statusSize", "statusMessage", "statusReference"]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_entry_parser_refuses_or_reads_exactly_the_members(data: st.DataObject) -> None:
    """A junk entry, the valid one with one member replaced, or with one character of a
    member edited: parsing either raises a ShebaoError, or returns exactly what the members
    say."""
    name = data.draw(st.sampled_from(sorted(ENTRY)))
    entry: dict[str, Any] = data.draw(
        st.dictionaries(st.sampled_from(ENTRY_MEMBERS), json_values)
        | st.builds(lambda k, v: {**ENTRY, k: v}, st.sampled_from(ENTRY_MEMBERS), json_values)
        | st.just({**ENTRY, name: edited(ENTRY[name], data, "0 +-.#/aZ\n\u0660字")})
    )
    try:
        parsed = parse_status_entry(entry)
    except ShebaoError:
        return
    assert entry["type"] == "BitstringStatusListEntry"
    assert parsed.purpose == entry["statusPurpose"]
    assert str(parsed.index) == entry["statusListIndex"]  # canonical decimal text only
    assert parsed.status_list_credential == entry["statusListCredential"]
    assert parsed.size == entry.get("statusSize", 1)
    assert parsed.id == entry.get("id")
    assert len(parsed.messages) == len(entry.get("statusMessage", []))


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
@given(
    json_values
    | st.builds(lambda v: {"status_list": v}, json_values)
    | st.builds(
        lambda i, u: {"status_list": {"idx": i, "uri": u}},
        st.integers(0, 2**20),
        st.text(min_size=1, max_size=20),
    )
)
def test_status_claims_are_refused_when_no_list_can_be_trusted(claim: Any) -> None:
    """Whatever the claim, a source that serves no valid token means refusal: a
    VerificationError (never another exception, never a result)."""
    with pytest.raises(VerificationError):
        ds.check_token_status(claim, status=lambda u: "x", issuer=ISSUER, now=NOW, resolver=None)
