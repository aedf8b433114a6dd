"""Compact JWS (didkit_shebao._jws): the size cap at its boundary."""

from __future__ import annotations

import pytest

import didkit_shebao as ds
from didkit_shebao._jws import MAX_JWS_BYTES, parse_jws, sign_jws, verify_jws
from didkit_shebao.errors import InputTooLargeError

KEY = ds.Ed25519Key.from_seed(bytes(range(32)))


def _token_of_length(length: int) -> str:
    """A JWS signed by KEY whose compact form is exactly *length* characters."""
    fixed = len(sign_jws({}, {"pad": ""}, KEY))
    # Each 3 payload bytes add 4 characters; try the few paddings around the target.
    guess = (length - fixed) * 3 // 4
    for n in range(max(guess - 3, 0), guess + 4):
        token = sign_jws({}, {"pad": "x" * n}, KEY)
        if len(token) == length:
            return token
    raise AssertionError(f"no padding gives {length} characters")


def test_jws_at_the_size_cap_parses_and_verifies() -> None:
    token = _token_of_length(MAX_JWS_BYTES)
    parsed = parse_jws(token)
    verify_jws(parsed, KEY.public_key)
    assert len(parsed.payload["pad"]) > MAX_JWS_BYTES // 2


def test_one_character_over_the_cap_is_refused_before_decoding() -> None:
    token = _token_of_length(MAX_JWS_BYTES) + "A"
    with pytest.raises(InputTooLargeError, match=f"longer than {MAX_JWS_BYTES} characters"):
        parse_jws(token)
