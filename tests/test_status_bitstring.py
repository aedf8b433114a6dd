"""W3C Bitstring Status List v1.0: the list, its encoding, and credentialStatus entries."""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import didkit_shebao as ds
from didkit_shebao.errors import (
    InputTooLargeError,
    MalformedInputError,
    NonCanonicalEncodingError,
    ShebaoError,
    UnsupportedError,
)
from didkit_shebao.status import StatusMessage, parse_status_entry
from didkit_shebao.status._compress import MAX_DECOMPRESSED_BYTES
from didkit_shebao.status.bitstring import _MAX_ENCODED_CHARS, MAX_STATUS_SIZE

# Bitstring Status List v1.0 (W3C Recommendation, 15 May 2025), Example 3: the
# encodedList of a 131,072-entry list with every bit 0.
SPEC_ALL_ZERO = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def _b64(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# -- encoding -----------------------------------------------------------------------


def test_all_zero_list_reproduces_the_spec_example_byte_for_byte() -> None:
    """A fresh 131,072-entry list encodes exactly to Example 3's encodedList."""
    sl = ds.StatusList()
    assert len(sl) == 131_072
    assert sl.encode() == SPEC_ALL_ZERO
    # The GZIP header: magic 1f8b, deflate, no flags, mtime 0, XFL 0, OS 3 (Unix).
    raw = base64.urlsafe_b64decode(SPEC_ALL_ZERO[1:] + "==")
    assert raw[:10].hex() == "1f8b0800000000000003"


def test_spec_example_decodes_to_16kb_of_zeros() -> None:
    sl = ds.StatusList.decode(SPEC_ALL_ZERO)
    assert sl.to_bytes() == bytes(16_384)
    assert sl == ds.StatusList()
    assert sl != ds.StatusList(bits=2)


REC = "w3c-vc-bitstring-status-list/transitions/2025/REC"


def test_rec_status_list_credential_carries_the_all_zero_list(vectors: Path) -> None:
    """Example 5 of the Recommendation (its eddsa-rdfc-2022 tab) publishes the same list."""
    example = json.loads((vectors / REC / "index.html-example-5-eddsa-rdfc-2022.json").read_text())
    encoded = example["credentialSubject"]["encodedList"]
    assert encoded == SPEC_ALL_ZERO == ds.StatusList().encode()
    assert len(ds.StatusList.decode(encoded).to_bytes()) == 16_384


@pytest.mark.parametrize(
    ("bits_set", "encoded"),
    [
        # Derived here (not published): zlib level 6, wbits 31, like the spec's example.
        (
            [94567],
            "uH4sIAAAAAAAAA-3OMQ0AAAgDsOHfNBp2kZBWQRMAAAAAAAAAAAAAAL6Z6wAAAAAAtQVQdb5gAEAAAA",
        ),
        ([0, 131071], "uH4sIAAAAAAAAA-3BMQEAAAwCoNl80Y3hA_wBAAAAAAAAAAAAAAAAAAAAYylyaUQQAEAAAA"),
    ],
)
def test_derived_lists(bits_set: list[int], encoded: str) -> None:
    sl = ds.StatusList()
    for i in bits_set:
        sl.set(i, 1)
    assert sl.encode() == encoded
    decoded = ds.StatusList.decode(encoded)
    assert [i for i in range(131_072) if decoded.get(i)] == bits_set


def test_derived_vector_bit_94567_is_lsb_of_byte_11820() -> None:
    """Index 94567 = byte 11820, bit 7 from the left: the byte reads 0x01 (MSB-first order)."""
    sl = ds.StatusList()
    sl.set(94567, 1)
    data = sl.to_bytes()
    assert data[11820] == 0x01
    assert sum(data) == 1
    # Derived with zlib level 6, wbits 31 (test_derived_lists).
    assert (
        sl.encode()
        == "uH4sIAAAAAAAAA-3OMQ0AAAgDsOHfNBp2kZBWQRMAAAAAAAAAAAAAAL6Z6wAAAAAAtQVQdb5gAEAAAA"
    )


def test_python_gzip_module_differs_by_one_header_byte() -> None:
    """gzip.compress writes XFL=2 at level 9: the reason encode() uses zlib directly."""
    other = gzip.compress(bytes(16_384), mtime=0)
    assert other[8] != 0
    assert _b64(other) != SPEC_ALL_ZERO
    # ...but both decode to the same list.
    assert ds.StatusList.decode(_b64(other)) == ds.StatusList()


def test_index_zero_is_the_leftmost_bit() -> None:
    sl = ds.StatusList()
    sl.set(0, 1)
    assert sl.to_bytes()[0] == 0x80
    sl.set(7, True)
    assert sl.to_bytes()[0] == 0x81
    sl.set(131_071, 1)
    assert sl.to_bytes()[-1] == 0x01
    assert (sl.get(0), sl.get(1), sl.get(7), sl.get(131_071)) == (1, 0, 1, 1)
    sl.set(0, 0)
    assert sl.to_bytes()[0] == 0x01


def test_multi_bit_entries_are_read_msb_first() -> None:
    """statusSize 2: entry i occupies bits 2i and 2i+1, most significant first."""
    sl = ds.StatusList(bits=2)
    assert len(sl.to_bytes()) == 32_768
    sl.set(0, 2)  # 10......
    sl.set(1, 3)  # ..11....
    sl.set(3, 1)  # ......01
    assert sl.to_bytes()[0] == 0b1011_0001
    assert [sl.get(i) for i in range(4)] == [2, 3, 0, 1]


def test_three_bit_entries_cross_byte_boundaries() -> None:
    sl = ds.StatusList(bits=3)
    sl.set(2, 0b101)  # bits 6, 7 of byte 0 and bit 0 of byte 1
    assert sl.to_bytes()[:2] == bytes([0b0000_0010, 0b1000_0000])
    assert sl.get(2) == 5
    assert sl.get(1) == 0
    assert sl.get(3) == 0
    last = len(sl) - 1
    sl.set(last, 7)
    assert sl.get(last) == 7


def test_set_rejects_bad_values_and_indices() -> None:
    sl = ds.StatusList(bits=2)
    with pytest.raises(MalformedInputError):
        sl.set(0, 4)
    with pytest.raises(MalformedInputError):
        sl.set(0, -1)
    with pytest.raises(MalformedInputError) as exc:
        sl.get(len(sl))
    assert exc.value.details["reason"] == "RANGE_ERROR"
    with pytest.raises(MalformedInputError):
        sl.get(-1)
    with pytest.raises(MalformedInputError):
        sl.set(True, 1)  # type: ignore[arg-type]


def test_constructor_refuses_small_and_odd_lists() -> None:
    with pytest.raises(MalformedInputError) as exc:
        ds.StatusList(131_071)
    assert exc.value.details["reason"] == "STATUS_LIST_LENGTH_ERROR"
    with pytest.raises(MalformedInputError):
        ds.StatusList(bits=0)
    with pytest.raises(UnsupportedError):
        ds.StatusList(bits=9)
    with pytest.raises(InputTooLargeError):
        ds.StatusList(2**31)
    assert len(ds.StatusList(16, minimum=8)) == 16


# -- decoding refuses malformed input ---------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "error"),
    [
        ("zH4sIAAAA", MalformedInputError),  # base58btc, not base64url
        (
            "H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA",
            MalformedInputError,
        ),
        ("u!!!!", MalformedInputError),  # outside the base64url alphabet
        (
            "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA=",
            MalformedInputError,
        ),
        (_b64(b"not gzip at all"), MalformedInputError),
        (_b64(zlib.compress(bytes(16_384))), MalformedInputError),  # ZLIB container, not GZIP
        (SPEC_ALL_ZERO[:-8], MalformedInputError),  # truncated stream
        (_b64(gzip.compress(bytes(16_384), mtime=0) + b"\x00"), MalformedInputError),
        (_b64(gzip.compress(bytes(16_383), mtime=0)), MalformedInputError),  # too short
        (_b64(gzip.compress(bytes(8_192), mtime=0)), MalformedInputError),
    ],
)
def test_decode_refuses_malformed_lists(encoded: str, error: type[ShebaoError]) -> None:
    with pytest.raises(error):
        ds.StatusList.decode(encoded)


def test_decode_refuses_non_string() -> None:
    with pytest.raises(MalformedInputError):
        ds.StatusList.decode(b"uH4s")  # type: ignore[arg-type]


def test_decode_refuses_non_canonical_base64() -> None:
    # Change the last character so that the trailing (unused) bits are non-zero.
    tail = SPEC_ALL_ZERO[-1]
    tweaked = SPEC_ALL_ZERO[:-1] + ("B" if tail == "A" else "A")
    with pytest.raises(MalformedInputError):
        ds.StatusList.decode(tweaked)


def test_decode_caps_decompression_bombs() -> None:
    """32 MiB of zeros compresses to ~32 KB; decoding stops at the 16 MiB cap."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = c.compress(bytes(32 * 1024 * 1024)) + c.flush()
    assert len(bomb) < 64 * 1024
    with pytest.raises(InputTooLargeError):
        ds.StatusList.decode(_b64(bomb))


def test_decode_counts_entries_by_status_size() -> None:
    """131,072 entries of 2 bits need 32 KB: the spec's 16 KB list is too short for them."""
    with pytest.raises(MalformedInputError) as exc:
        ds.StatusList.decode(SPEC_ALL_ZERO, bits=2)
    assert exc.value.details["reason"] == "STATUS_LIST_LENGTH_ERROR"
    assert len(ds.StatusList.decode(SPEC_ALL_ZERO, bits=2, minimum=65_536)) == 65_536
    two = ds.StatusList(bits=2)
    two.set(5, 3)
    assert ds.StatusList.decode(two.encode(), bits=2).get(5) == 3


@settings(max_examples=40, deadline=None)
@given(
    bits=st.integers(1, 8),
    writes=st.lists(st.tuples(st.integers(0, 131_071), st.integers(0, 255)), max_size=30),
)
def test_round_trip_and_isolation(bits: int, writes: list[tuple[int, int]]) -> None:
    """set/get agree with a dict model; encode/decode is the identity."""
    sl = ds.StatusList(bits=bits)
    model: dict[int, int] = {}
    for index, value in writes:
        v = value & ((1 << bits) - 1)
        sl.set(index, v)
        model[index] = v
    for index, v in model.items():
        assert sl.get(index) == v
    assert sum(1 for i in range(0, 131_072, 997) if sl.get(i) and i not in model) == 0
    again = ds.StatusList.decode(sl.encode(), bits=bits)
    assert again == sl
    assert again.copy() == sl


# -- credentialStatus entries -----------------------------------------------------------

URL = "https://example.com/credentials/status/3"


def _entry(**over: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": f"{URL}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": URL,
    }
    entry.update(over)
    return {k: v for k, v in entry.items() if v is not None}


def test_parse_spec_example_entry() -> None:
    """Bitstring Status List v1.0 Example 1, first entry."""
    e = parse_status_entry(_entry())
    assert (e.purpose, e.index, e.status_list_credential, e.size) == ("revocation", 94567, URL, 1)
    assert e.message_for(0) == "unset"
    assert e.message_for(1) == "set"


def test_parse_message_entry_of_example_2() -> None:
    """Example 2 (with the elided fourth message filled in): statusSize 2, four messages."""
    messages = [
        {"status": "0x0", "message": "pending_review"},
        {"status": "0x1", "message": "accepted"},
        {"status": "0x2", "message": "rejected"},
        {"status": "0x3", "message": "undefined"},
    ]
    e = parse_status_entry(
        _entry(
            statusPurpose="message",
            statusListIndex="492847",
            statusSize=2,
            statusMessage=messages,
            statusReference="https://example.org/status-dictionary/",
        )
    )
    assert e.size == 2
    assert e.messages[2] == StatusMessage(2, "rejected")
    assert e.message_for(1) == "accepted"
    assert e.reference == ("https://example.org/status-dictionary/",)


@pytest.mark.parametrize(
    "over",
    [
        {"statusListIndex": 94567},  # a number, not a string
        {"statusListIndex": "-1"},
        {"statusListIndex": "1e3"},
        {"statusListIndex": "9" * 19},
        {"statusListIndex": None},
        {"statusPurpose": ""},
        {"statusPurpose": None},
        {"statusListCredential": "not a url"},
        {"statusListCredential": None},
        {"statusSize": 0},
        {"statusSize": "2"},
        {"statusSize": 2},  # statusMessage missing
        {"statusSize": 2, "statusMessage": [{"status": "0x0", "message": "a"}]},  # 1 ≠ 4
        {"statusMessage": [{"status": "0x0", "message": "a"}, {"status": "0x0", "message": "b"}]},
        {"statusMessage": [{"status": "0", "message": "a"}, {"status": "0x1", "message": "b"}]},
        {"statusMessage": [{"status": "0x0", "message": 1}, {"status": "0x1", "message": "b"}]},
        {"statusMessage": [{"status": "0x0", "message": "a"}, {"status": "0x2", "message": "b"}]},
        {"statusMessage": "set"},
        {"statusReference": 5},
        {"id": URL},  # the entry id must not be the list URL
    ],
)
def test_malformed_entries_are_refused(over: dict[str, object]) -> None:
    with pytest.raises(MalformedInputError) as exc:
        parse_status_entry(_entry(**over))
    assert exc.value.details.get("reason") == "MALFORMED_VALUE_ERROR"


def test_leading_zero_index_is_non_canonical() -> None:
    with pytest.raises(NonCanonicalEncodingError):
        parse_status_entry(_entry(statusListIndex="0094567"))


def test_unknown_entry_type_is_unsupported() -> None:
    with pytest.raises(UnsupportedError):
        parse_status_entry(_entry(type="StatusList2021Entry"))
    with pytest.raises(UnsupportedError):
        parse_status_entry(_entry(statusSize=9))


@pytest.mark.parametrize("bits", [2, 4])
def test_decoded_multi_bit_list_reads_and_bounds_each_entry_by_its_own_bits(bits: int) -> None:
    """A decoded list masks each read to *bits* bits: a neighbour's bits never leak in, and a
    value of 2**bits is refused."""
    top = (1 << bits) - 1
    sl = ds.StatusList(bits=bits)
    values = [top if i % 2 == 0 else 0 for i in range(64)]
    values[10] = 1  # low bit set just before entry 11
    for i, v in enumerate(values):
        sl.set(i, v)
    decoded = ds.StatusList.decode(sl.encode(), bits=bits)
    assert [decoded.get(i) for i in range(64)] == values
    with pytest.raises(MalformedInputError):
        decoded.set(1, top + 1)
    raw = ds.StatusList.from_bytes(sl.to_bytes(), bits=bits)
    assert [raw.get(i) for i in range(64)] == values


# -- size caps at their boundaries -------------------------------------------------------


def test_decompressed_size_cap_at_the_boundary() -> None:
    """A list that inflates to exactly MAX_DECOMPRESSED_BYTES decodes; one byte more is refused."""
    at_cap = ds.StatusList(MAX_DECOMPRESSED_BYTES * 8)
    at_cap.set(MAX_DECOMPRESSED_BYTES * 8 - 1, 1)
    decoded = ds.StatusList.decode(at_cap.encode())
    assert len(decoded) == MAX_DECOMPRESSED_BYTES * 8
    assert decoded.get(MAX_DECOMPRESSED_BYTES * 8 - 1) == 1
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    over = c.compress(bytes(MAX_DECOMPRESSED_BYTES + 1)) + c.flush()
    with pytest.raises(InputTooLargeError, match=f"more than {MAX_DECOMPRESSED_BYTES} bytes"):
        ds.StatusList.decode(_b64(over))


def test_encoded_length_cap_at_the_boundary() -> None:
    """An encodedList of the longest allowed length gets past the length check (and fails on
    its content); one character more is refused for its length, before any decoding."""
    at_cap = "u" + "A" * (_MAX_ENCODED_CHARS - 1)
    with pytest.raises(MalformedInputError) as info:
        ds.StatusList.decode(at_cap)
    assert not isinstance(info.value, InputTooLargeError)
    with pytest.raises(InputTooLargeError, match="too long"):
        ds.StatusList.decode(at_cap + "A")
    # The longest list under the decompression cap encodes well within that length.
    assert len(ds.StatusList(MAX_DECOMPRESSED_BYTES * 8).encode()) < _MAX_ENCODED_CHARS


def test_status_size_cap_at_the_boundary() -> None:
    """statusSize MAX_STATUS_SIZE is accepted, one more is unsupported (list and entry)."""
    assert ds.StatusList(16, bits=MAX_STATUS_SIZE, minimum=0).bits == MAX_STATUS_SIZE
    with pytest.raises(UnsupportedError, match=f"1 to {MAX_STATUS_SIZE} bits"):
        ds.StatusList(16, bits=MAX_STATUS_SIZE + 1, minimum=0)
    entry = {
        "type": "BitstringStatusListEntry",
        "statusPurpose": "message",
        "statusListIndex": "0",
        "statusListCredential": "https://si.example.gov.cn/status/1",
    }

    def messages(size: int) -> list[dict[str, str]]:
        return [{"status": hex(i), "message": str(i)} for i in range(2**size)]

    parsed = parse_status_entry(
        {**entry, "statusSize": MAX_STATUS_SIZE, "statusMessage": messages(MAX_STATUS_SIZE)}
    )
    assert parsed.size == MAX_STATUS_SIZE
    with pytest.raises(UnsupportedError, match=f"1 to {MAX_STATUS_SIZE} bits"):
        parse_status_entry(
            {
                **entry,
                "statusSize": MAX_STATUS_SIZE + 1,
                "statusMessage": messages(MAX_STATUS_SIZE + 1),
            }
        )
