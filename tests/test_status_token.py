"""IETF Token Status List: the list (bits 1/2/4/8, LSB-first, ZLIB) and its JWT."""

from __future__ import annotations

import base64
import json
import zlib
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import didkit_shebao as ds
from didkit_shebao._jws import parse_jws, verify_jws
from didkit_shebao.errors import InputTooLargeError, MalformedInputError
from didkit_shebao.status import parse_status_list_token
from didkit_shebao.status._compress import MAX_DECOMPRESSED_BYTES
from didkit_shebao.status.token import _MAX_LST_CHARS


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# draft-ietf-oauth-status-list, section "Status List": the 16-entry 1-bit example
# (status[0..15] = 1 0 0 1 1 1 0 1 1 1 0 0 0 1 0 1 -> bytes 0xB9 0xA3, lst "eNrbuRgAAhcBXQ").
ONE_BIT = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]
# Same section, the 12-entry 2-bit example (-> 0xC9 0x44 0xF9, lst "eNo76fITAAPfAgc").
TWO_BIT = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]


def test_draft_one_bit_example() -> None:
    tsl = ds.TokenStatusList(16, 1)
    for i, v in enumerate(ONE_BIT):
        tsl.set(i, v)
    assert tsl.to_bytes() == bytes([0xB9, 0xA3])
    assert tsl.encode() == "eNrbuRgAAhcBXQ"
    assert tsl.to_json() == {"bits": 1, "lst": "eNrbuRgAAhcBXQ"}
    back = ds.TokenStatusList.decode("eNrbuRgAAhcBXQ", bits=1)
    assert [back.get(i) for i in range(16)] == ONE_BIT


def test_draft_two_bit_example() -> None:
    tsl = ds.TokenStatusList(12, 2)
    for i, v in enumerate(TWO_BIT):
        tsl.set(i, v)
    assert tsl.to_bytes() == bytes([0xC9, 0x44, 0xF9])
    assert tsl.encode() == "eNo76fITAAPfAgc"
    back = ds.TokenStatusList.from_json({"bits": 2, "lst": "eNo76fITAAPfAgc"})
    assert [back.get(i) for i in range(12)] == TWO_BIT


def test_index_zero_is_the_least_significant_bit() -> None:
    """The opposite of the W3C bitstring, where index 0 is the most significant bit."""
    tsl = ds.TokenStatusList(16, 1)
    tsl.set(0, 1)
    assert tsl.to_bytes()[0] == 0x01
    bsl = ds.StatusList()
    bsl.set(0, 1)
    assert bsl.to_bytes()[0] == 0x80


@pytest.mark.parametrize(
    ("bits", "index", "value", "byte", "expected"),
    [
        (2, 1, 3, 0, 0b0000_1100),
        (4, 1, 0xA, 0, 0xA0),
        (4, 2, 0x5, 1, 0x05),
        (8, 3, 0xC8, 3, 0xC8),
    ],
)
def test_multi_bit_layout(bits: int, index: int, value: int, byte: int, expected: int) -> None:
    tsl = ds.TokenStatusList(8, bits)
    tsl.set(index, value)
    assert tsl.to_bytes()[byte] == expected
    assert tsl.get(index) == value


@pytest.mark.parametrize("bits", [0, 3, 5, 16, True])
def test_bits_must_be_1_2_4_or_8(bits: int) -> None:
    with pytest.raises(MalformedInputError):
        ds.TokenStatusList(8, bits)


def test_values_and_indices_are_checked() -> None:
    tsl = ds.TokenStatusList(4, 2)
    with pytest.raises(MalformedInputError):
        tsl.set(0, 4)
    with pytest.raises(MalformedInputError) as exc:
        tsl.get(4)
    assert exc.value.details["reason"] == "RANGE_ERROR"
    with pytest.raises(MalformedInputError):
        ds.TokenStatusList(0, 1)
    with pytest.raises(MalformedInputError):
        ds.TokenStatusList.from_bytes(b"\x00\x00", bits=1, size=3)


@pytest.mark.parametrize(
    "lst",
    [
        "",
        "eNrbuRgAAhcBXQ==",  # padding
        _b64(b"\x00\x01"),  # not zlib
        _b64(zlib.compress(b"\xb9\xa3")[:-2]),  # truncated (checksum cut)
        _b64(zlib.compress(b"\xb9\xa3") + b"x"),  # trailing bytes
        _b64(zlib.compress(b"")),  # empty list
    ],
)
def test_decode_refuses_malformed_lst(lst: str) -> None:
    with pytest.raises(MalformedInputError):
        ds.TokenStatusList.decode(lst, bits=1)


def test_decode_refuses_gzip_container() -> None:
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    with pytest.raises(MalformedInputError):
        ds.TokenStatusList.decode(_b64(c.compress(b"\xb9\xa3") + c.flush()), bits=1)


def test_decode_caps_decompression_bombs() -> None:
    with pytest.raises(InputTooLargeError):
        ds.TokenStatusList.decode(_b64(zlib.compress(bytes(32 * 1024 * 1024), 9)), bits=1)


def test_from_json_shape() -> None:
    with pytest.raises(MalformedInputError):
        ds.TokenStatusList.from_json({"bits": 3, "lst": "eNrbuRgAAhcBXQ"})
    with pytest.raises(MalformedInputError):
        ds.TokenStatusList.from_json("eNrbuRgAAhcBXQ")  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    bits=st.sampled_from([1, 2, 4, 8]),
    size=st.integers(1, 300),
    data=st.data(),
)
def test_round_trip(bits: int, size: int, data: st.DataObject) -> None:
    tsl = ds.TokenStatusList(size, bits)
    values = data.draw(st.lists(st.integers(0, (1 << bits) - 1), min_size=size, max_size=size))
    for i, v in enumerate(values):
        tsl.set(i, v)
    assert [tsl.get(i) for i in range(size)] == values
    back = ds.TokenStatusList.decode(tsl.encode(), bits=bits)
    assert [back.get(i) for i in range(size)] == values
    assert tsl.copy() == tsl


# -- the Status List Token ------------------------------------------------------------

KEY = ds.Ed25519Key.from_seed(bytes(range(32)))
ISSUER = ds.did_key(KEY)
URI = "https://example.gov.cn/statuslists/1"
NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def test_issue_status_list_token_header_and_claims() -> None:
    tsl = ds.TokenStatusList(16, 1)
    for i, v in enumerate(ONE_BIT):
        tsl.set(i, v)
    token = ds.issue_status_list_token(
        tsl,
        uri=URI,
        issuer=ISSUER,
        key=KEY,
        now=NOW,
        ttl=43_200,
        expires_at=datetime(2026, 3, 2, tzinfo=UTC),
    )
    jws = parse_jws(token)
    assert jws.header == {
        "alg": "EdDSA",
        "typ": "statuslist+jwt",
        "kid": f"{ISSUER}#{ISSUER.removeprefix('did:key:')}",
    }
    assert jws.payload == {
        "iss": ISSUER,
        "sub": URI,
        "iat": int(NOW.timestamp()),
        "exp": int(datetime(2026, 3, 2, tzinfo=UTC).timestamp()),
        "ttl": 43_200,
        "status_list": {"bits": 1, "lst": "eNrbuRgAAhcBXQ"},
    }
    verify_jws(jws, KEY.public_key)
    parsed = parse_status_list_token(token)
    assert (parsed.sub, parsed.ttl, parsed.iss) == (URI, 43_200, ISSUER)
    assert [parsed.status_list.get(i) for i in range(16)] == ONE_BIT


def test_issue_rejects_bad_arguments() -> None:
    tsl = ds.TokenStatusList(8, 1)
    with pytest.raises(MalformedInputError):
        ds.issue_status_list_token(tsl, uri="", issuer=ISSUER, key=KEY)
    with pytest.raises(MalformedInputError):
        ds.issue_status_list_token(tsl, uri=URI, issuer=ISSUER, key=KEY, ttl=0)
    with pytest.raises(MalformedInputError):
        ds.issue_status_list_token(tsl, uri=URI, issuer=ISSUER, key=KEY, now=NOW, expires_at=NOW)
    with pytest.raises(MalformedInputError):
        ds.issue_status_list_token(
            tsl,
            uri=URI,
            issuer=ISSUER,
            key=KEY,
            now=datetime(2026, 1, 1),  # naive
        )
    with pytest.raises(MalformedInputError):
        ds.issue_status_list_token(ds.StatusList(), uri=URI, issuer=ISSUER, key=KEY)  # type: ignore[arg-type]


def _forge(header: dict[str, object], payload: dict[str, object]) -> str:
    h = _b64(json.dumps(header).encode())
    p = _b64(json.dumps(payload).encode())
    sig = KEY.sign(f"{h}.{p}".encode())
    return f"{h}.{p}.{_b64(sig)}"


GOOD_PAYLOAD: dict[str, object] = {
    "sub": URI,
    "iat": 1,
    "status_list": {"bits": 1, "lst": "eNrbuRgAAhcBXQ"},
}


@pytest.mark.parametrize(
    ("header", "payload"),
    [
        ({"alg": "EdDSA", "typ": "JWT"}, GOOD_PAYLOAD),
        ({"alg": "EdDSA"}, GOOD_PAYLOAD),
        ({"alg": "EdDSA", "typ": "statuslist+jwt"}, {**GOOD_PAYLOAD, "sub": None}),
        ({"alg": "EdDSA", "typ": "statuslist+jwt"}, {**GOOD_PAYLOAD, "iat": "1"}),
        ({"alg": "EdDSA", "typ": "statuslist+jwt"}, {**GOOD_PAYLOAD, "exp": "soon"}),
        ({"alg": "EdDSA", "typ": "statuslist+jwt"}, {**GOOD_PAYLOAD, "ttl": -5}),
        ({"alg": "EdDSA", "typ": "statuslist+jwt"}, {**GOOD_PAYLOAD, "iss": 7}),
        ({"alg": "EdDSA", "typ": "statuslist+jwt", "kid": 3}, GOOD_PAYLOAD),
        ({"alg": "EdDSA", "typ": "statuslist+jwt"}, {"sub": URI, "iat": 1}),
        ({"alg": "EdDSA", "typ": "statuslist+jwt"}, {**GOOD_PAYLOAD, "status_list": {"bits": 1}}),
    ],
)
def test_parse_refuses_malformed_tokens(
    header: dict[str, object], payload: dict[str, object]
) -> None:
    payload = {k: v for k, v in payload.items() if v is not None}
    with pytest.raises(MalformedInputError):
        parse_status_list_token(_forge(header, payload))


# -- size caps at their boundaries -------------------------------------------------------


def test_decompressed_size_cap_at_the_boundary() -> None:
    """An lst that inflates to exactly MAX_DECOMPRESSED_BYTES decodes; one byte more is refused."""
    last = MAX_DECOMPRESSED_BYTES * 8 - 1
    at_cap = ds.TokenStatusList(MAX_DECOMPRESSED_BYTES * 8, 1)
    at_cap.set(last, 1)
    decoded = ds.TokenStatusList.decode(at_cap.encode(), bits=1)
    assert len(decoded) == MAX_DECOMPRESSED_BYTES * 8
    assert decoded.get(last) == 1
    over = zlib.compress(bytes(MAX_DECOMPRESSED_BYTES + 1), 9)
    with pytest.raises(InputTooLargeError, match=f"more than {MAX_DECOMPRESSED_BYTES} bytes"):
        ds.TokenStatusList.decode(_b64(over), bits=1)


def test_lst_length_cap_at_the_boundary() -> None:
    """An lst of the longest allowed length gets past the length check (and fails on its
    content); one character more is refused for its length."""
    at_cap = "A" * _MAX_LST_CHARS
    with pytest.raises(MalformedInputError) as info:
        ds.TokenStatusList.decode(at_cap, bits=1)
    assert not isinstance(info.value, InputTooLargeError)
    with pytest.raises(InputTooLargeError, match="too long"):
        ds.TokenStatusList.decode(at_cap + "A", bits=1)
    assert len(ds.TokenStatusList(MAX_DECOMPRESSED_BYTES * 8, 1).encode()) < _MAX_LST_CHARS
