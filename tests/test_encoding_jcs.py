"""RFC 8785 canonical JSON: the cyberphone/json-canonicalization test data and properties."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from didkit_shebao import errors
from didkit_shebao._encoding import canonical_json

NAMES = ["arrays", "french", "structures", "unicode", "values", "weird"]
JCS = "cyberphone-json-canonicalization/testdata"


@pytest.mark.parametrize("name", NAMES)
def test_cyberphone_vectors(vectors: Path, name: str) -> None:
    # Source: cyberphone/json-canonicalization testdata/{input,output,outhex}.
    value = json.loads((vectors / JCS / "input" / f"{name}.json").read_text("utf-8"))
    expected = (vectors / JCS / "output" / f"{name}.json").read_bytes()
    assert canonical_json(value) == expected
    hex_text = (vectors / JCS / "outhex" / f"{name}.txt").read_text().split()
    assert canonical_json(value).hex() == "".join(hex_text)


def test_weird_keys_sort_by_utf16_units() -> None:
    # From the "weird" vector: U+FB33 sorts before U+1F602 by code point but after
    # it by UTF-16 code unit (0xFB33 > 0xD83D), which is what RFC 8785 uses.
    assert canonical_json({"\u20ac": 1, "\U0001f602": 2, "\ufb33": 3}) == (
        '{"\u20ac":1,"\U0001f602":2,"\ufb33":3}'.encode()
    )


def test_control_characters_and_solidus() -> None:
    assert canonical_json({"a": "\u000f\n\u007f/</script>"}) == b'{"a":"\\u000f\\n\x7f/</script>"}'


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 2**53, -(2**53), {1: 2}, b"x"])
def test_refused_values(value: Any) -> None:
    with pytest.raises(errors.MalformedInputError):
        canonical_json(value)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_fast_path_equals_reference_serializer(value: Any) -> None:
    """Our fast path and the rfc8785 reference agree on every JSON value."""
    try:
        reference = rfc8785.dumps(value)
    except rfc8785.CanonicalizationError:
        with pytest.raises(errors.MalformedInputError):
            canonical_json(value)
        return
    assert canonical_json(value) == reference


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(), st.integers(min_value=0, max_value=10), max_size=8))
def test_equal_dicts_canonicalize_equally(value: dict[str, int]) -> None:
    reordered = dict(reversed(list(value.items())))
    assert canonical_json(value) == canonical_json(reordered)
