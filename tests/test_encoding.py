"""Strict encodings: base64url, multibase, RFC 8785 JCS, strict JSON parsing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import edited, json_values

from didkit_shebao._encoding import (
    MAX_JSON_BYTES,
    MAX_JSON_DEPTH,
    b64url_decode,
    b64url_encode,
    canonical_json,
    multibase_decode,
    multibase_encode,
    parse_json,
)
from didkit_shebao.errors import (
    InputTooLargeError,
    MalformedInputError,
    NonCanonicalEncodingError,
    ShebaoError,
)


def test_b64url_round_trip_and_no_padding() -> None:
    assert b64url_encode(b"\xfb\xff") == "-_8"
    assert b64url_decode("-_8") == b"\xfb\xff"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("-_8=", MalformedInputError),  # padding
        ("+/8", MalformedInputError),  # standard alphabet
        ("AAAAA", MalformedInputError),  # impossible length
        ("-_9", NonCanonicalEncodingError),  # non-zero trailing bits
        ("YQ ", MalformedInputError),  # whitespace
    ],
)
def test_b64url_strict(text: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        b64url_decode(text)


@given(st.binary(max_size=64))
def test_b64url_property(data: bytes) -> None:
    assert b64url_decode(b64url_encode(data)) == data


@given(st.binary(max_size=64), st.sampled_from(["base58btc", "base64url"]))
def test_multibase_parse_format_identity(data: bytes, base: str) -> None:
    text = multibase_encode(data, base)
    assert multibase_decode(text) == data
    assert multibase_encode(multibase_decode(text), base) == text


def test_multibase_refuses_trailing_whitespace_and_unknown_prefix() -> None:
    # Multikey example, W3C Controlled Identifiers 1.0 section 2.2.2.
    good = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    assert multibase_decode(good)[:2] == b"\xed\x01"
    for bad in (good + "\n", " " + good, "m" + good[1:], "", "z0OIl"):
        with pytest.raises(MalformedInputError):
            multibase_decode(bad)


def _jcs_cases(vectors: Path) -> list[tuple[str, bytes, bytes]]:
    folder = vectors / "cyberphone-json-canonicalization/testdata"
    return [
        (p.name, p.read_bytes(), (folder / "output" / p.name).read_bytes())
        for p in sorted((folder / "input").glob("*.json"))
    ]


def test_jcs_vectors(vectors: Path) -> None:
    """cyberphone/json-canonicalization testdata: input -> expected output bytes."""
    cases = _jcs_cases(vectors)
    assert len(cases) == 6
    for name, source, expected in cases:
        assert canonical_json(json.loads(source)) == expected, name


def test_jcs_known_values() -> None:
    # RFC 8785 section 3.2.3 sorts by UTF-16 code units: "\ud83d\ude00" (U+1F600)
    # sorts before "\ufb33" although its code point is larger.
    value = {"\ufb33": 1, "\U0001f600": 2, "a": 1e21, "b": 1e-7, "c": 1.0}
    out = canonical_json(value).decode("utf-8")
    assert out == '{"a":1e+21,"b":1e-7,"c":1,"\U0001f600":2,"\ufb33":1}'
    assert canonical_json({"b": [True, None, "\u20ac\n"], "a": 2}) == (
        '{"a":2,"b":[true,null,"\u20ac\\n"]}'.encode()
    )


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 2**53, {1: 2}, {"a": {1, 2}}])
def test_jcs_refuses_non_json(bad: object) -> None:
    with pytest.raises(MalformedInputError):
        canonical_json(bad)


@given(json_values)
def test_jcs_equal_dicts_equal_bytes(value: object) -> None:
    again = json.loads(json.dumps(value))
    if isinstance(value, dict):
        again = dict(reversed(list(again.items())))
    assert canonical_json(value) == canonical_json(again)
    assert json.loads(canonical_json(value)) == json.loads(json.dumps(value))


@pytest.mark.parametrize(
    "text",
    ['{"a":1,"a":2}', '{"a":NaN}', "[Infinity]", "[1,]", "{'a':1}", '"\\x"', "\xff"],
)
def test_parse_json_strict(text: str) -> None:
    with pytest.raises(MalformedInputError):
        parse_json(text)


def test_parse_json_limits() -> None:
    with pytest.raises(InputTooLargeError):
        parse_json("[" * 65 + "]" * 65)
    deep = parse_json("[" * 64 + "]" * 64)
    for _ in range(63):
        deep = deep[0]
    assert deep == []
    # Brackets inside strings do not count as nesting.
    assert parse_json(json.dumps(["[" * 100])) == ["[" * 100]
    with pytest.raises(InputTooLargeError):
        parse_json(b"[" + b"0," * 600_000 + b"0]")
    with pytest.raises(InputTooLargeError):
        parse_json("1" * 20, max_bytes=10)
    with pytest.raises(MalformedInputError):
        parse_json(b"\xff\xfe")


_EDITS = ' \n"{}[],:0eE.-+AQgw_=/lI字\ufeff'
_VALID_TEXTS = [
    '{"a": [1, 2.5, "字"], "b": {"c": null, "d": true}}',
    b64url_encode(bytes(range(40))),
    multibase_encode(bytes(range(34))),
    multibase_encode(bytes(range(33)), "base64url"),
]


@given(st.data())
def test_decoders_refuse_or_decode_exactly_what_the_text_says(data: st.DataObject) -> None:
    """Any bytes or text, or a valid value with one character edited: each decoder raises a
    ShebaoError, or returns what a reference decoder reads (JSON), or a value that encodes
    back to exactly the input (base64url, multibase: one spelling per value)."""
    value: bytes | str = data.draw(
        st.binary(max_size=200)
        | st.text(max_size=200)
        | st.sampled_from(_VALID_TEXTS).map(lambda t: edited(t, data, _EDITS))
    )
    try:
        parsed = parse_json(value)
    except ShebaoError:
        pass
    else:
        assert parsed == json.loads(value)
    text = value if isinstance(value, str) else None
    try:
        raw = b64url_decode(value)  # type: ignore[arg-type]
    except ShebaoError:
        pass
    else:
        assert b64url_encode(raw) == (text if text is not None else value.decode())
    try:
        raw = multibase_decode(value)  # type: ignore[arg-type]
    except ShebaoError:
        pass
    else:
        assert text is not None
        base = {"z": "base58btc", "u": "base64url"}[text[0]]
        assert multibase_encode(raw, base) == text


def test_multibase_length_cap_at_the_boundary() -> None:
    """A multibase value of 8192 characters is decoded; one character more is refused first."""
    at_cap = "u" + "A" * 8191
    assert multibase_decode(at_cap) == bytes(8191 * 3 // 4)
    with pytest.raises(InputTooLargeError, match="over 8192 characters"):
        multibase_decode(at_cap + "A")


# -- size caps at their boundaries -------------------------------------------------------


def _json_string_of(n_bytes: int, *, wide: bool = False) -> str:
    """A JSON string document of exactly *n_bytes* UTF-8 bytes (3-byte characters if *wide*)."""
    if not wide:
        return '"' + "a" * (n_bytes - 2) + '"'
    wide_count = (n_bytes - 2) // 3
    return '"' + "字" * wide_count + "a" * (n_bytes - 2 - 3 * wide_count) + '"'


@pytest.mark.parametrize("wide", [False, True])
def test_parse_json_size_cap_at_the_boundary(wide: bool) -> None:
    """MAX_JSON_BYTES UTF-8 bytes parse, as text and as bytes; one byte more does not."""
    at_cap = _json_string_of(MAX_JSON_BYTES, wide=wide)
    assert len(at_cap.encode()) == MAX_JSON_BYTES
    assert len(parse_json(at_cap)) == len(at_cap) - 2
    assert len(parse_json(at_cap.encode())) == len(at_cap) - 2
    over = _json_string_of(MAX_JSON_BYTES + 1, wide=wide)
    for data in (over, over.encode()):
        with pytest.raises(InputTooLargeError, match=f"larger than {MAX_JSON_BYTES} bytes"):
            parse_json(data)


def test_parse_json_depth_cap_for_objects_too() -> None:
    """Objects count towards MAX_JSON_DEPTH like arrays: 64 levels parse, 65 do not."""

    def nested(depth: int) -> str:
        return '{"a":' * depth + "1" + "}" * depth

    value = parse_json(nested(MAX_JSON_DEPTH))
    for _ in range(MAX_JSON_DEPTH):
        value = value["a"]
    assert value == 1
    with pytest.raises(InputTooLargeError, match=f"deeper than {MAX_JSON_DEPTH}"):
        parse_json(nested(MAX_JSON_DEPTH + 1))


def test_canonical_json_depth_cap_at_the_boundary() -> None:
    """canonical_json refuses containers nested below depth MAX_JSON_DEPTH (the root is depth 0).

    parse_json counts the root as level 1, so canonical_json takes one level more than
    parse_json does; both stay far below the recursion limit.
    """

    def nested(containers: int) -> list[object]:
        value: list[object] = []
        for _ in range(containers - 1):
            value = [value]
        return value

    at_cap = nested(MAX_JSON_DEPTH + 1)
    assert canonical_json(at_cap) == b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1)
    with pytest.raises(InputTooLargeError, match=f"deeper than {MAX_JSON_DEPTH}"):
        canonical_json(nested(MAX_JSON_DEPTH + 2))
