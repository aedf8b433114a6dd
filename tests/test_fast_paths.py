"""The fast paths added for speed behave exactly like the general paths they shortcut."""

from __future__ import annotations

from collections import UserDict
from datetime import UTC, datetime
from typing import Any

import pytest

import didkit_shebao as ds
from didkit_shebao import errors
from didkit_shebao._encoding import b64url_decode, b64url_encode, parse_json
from didkit_shebao._jws import parse_jws
from didkit_shebao.errors import verification_boundary
from didkit_shebao.sdjwt import parse_sd_jwt
from didkit_shebao.sdjwt._pointer import parse_pointers
from didkit_shebao.sdjwt.verifier import public_key_of

NOW = datetime(2026, 6, 1, tzinfo=UTC)
KEY = ds.Ed25519Key.from_seed(b"\x51" * 32)
HOLDER = ds.Ed25519Key.from_seed(b"\x52" * 32)
DID = ds.did_key(KEY)


class _Text(str):
    pass


class _Bytes(bytes):
    pass


def test_parse_json_subclasses_and_bytearray_take_the_general_path() -> None:
    assert parse_json(_Text('{"a":[1,2]}')) == {"a": [1, 2]}
    assert parse_json(_Bytes(b'{"a":1}')) == {"a": 1}
    assert parse_json(bytearray(b'["x"]')) == ["x"]
    with pytest.raises(errors.MalformedInputError):
        parse_json(_Text('{"a":1,"a":2}'))  # duplicate names refused here too
    with pytest.raises(errors.InputTooLargeError):
        parse_json(bytearray(b"[1]"), max_bytes=2)
    with pytest.raises(errors.MalformedInputError):
        parse_json(1234)  # type: ignore[arg-type]


def test_parse_json_trailing_whitespace_and_extra_data() -> None:
    assert parse_json('{"a":1} \n') == {"a": 1}
    with pytest.raises(errors.MalformedInputError):
        parse_json('{"a":1} x')


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("QQ+A", errors.MalformedInputError),  # '+' of the standard alphabet
        ("QQ/A", errors.MalformedInputError),  # '/' of the standard alphabet
        ("QQ==", errors.MalformedInputError),  # padding
        ("QR", errors.NonCanonicalEncodingError),  # non-zero trailing bits
        ("Q R", errors.MalformedInputError),  # whitespace
        ("QQé", errors.MalformedInputError),  # not ASCII
        ("Q", errors.MalformedInputError),  # impossible length
    ],
)
def test_b64url_decode_one_pass_refuses_the_same(text: str, error: type[Exception]) -> None:
    with pytest.raises(error) as caught:
        b64url_decode(text)
    if error is errors.MalformedInputError:
        assert not isinstance(caught.value, errors.NonCanonicalEncodingError)


def test_b64url_round_trip_every_length() -> None:
    for n in range(40):
        data = bytes(range(n))
        text = b64url_encode(data)
        assert "=" not in text
        assert b64url_decode(text) == data


def test_verification_boundary_class() -> None:
    with pytest.raises(errors.MalformedVerificationInputError) as caught, verification_boundary():
        raise errors.MalformedInputError("bad", "坏")
    assert isinstance(caught.value.__cause__, errors.MalformedInputError)
    # verification errors and anything else pass unchanged
    with pytest.raises(errors.ExpiredError), verification_boundary():
        raise errors.ExpiredError("old", "旧")
    with pytest.raises(KeyError), verification_boundary():
        raise KeyError("x")
    with verification_boundary():
        pass


def test_parse_pointers_cached_and_uncached_agree() -> None:
    pointers = ["/a", "/b/0", "/c~1d"]
    assert (
        parse_pointers(pointers)
        == parse_pointers(tuple(pointers))
        == parse_pointers(iter(pointers))
    )
    with pytest.raises(errors.MalformedInputError):
        parse_pointers(["/a", ["/b"]])  # type: ignore[list-item]  # unhashable: uncached path


def _issue(claims: dict[str, Any], disclosable: list[str], **kw: Any) -> str:
    return ds.issue_sd_jwt(
        claims, key=KEY, issuer=DID, disclosable=disclosable, issued_at=NOW, **kw
    )


def _payload(sd: str) -> dict[str, Any]:
    return parse_jws(parse_sd_jwt(sd).jws, what="x").payload


def test_decoys_in_every_sd_array() -> None:
    claims = {"a": {"x": 1, "y": 2}, "b": {"z": 3}, "c": 4}
    sd = _issue(claims, ["/a/x", "/b/z", "/c"], decoys=2)
    payload = _payload(sd)
    assert len(payload["_sd"]) == 1 + 2
    assert len(payload["a"]["_sd"]) == 1 + 2
    assert len(payload["b"]["_sd"]) == 1 + 2
    none = _payload(_issue(claims, ["/a/x", "/b/z", "/c"], decoys=0))
    assert len(none["_sd"]) == len(none["a"]["_sd"]) == len(none["b"]["_sd"]) == 1
    for default in (_payload(_issue(claims, ["/a/x", "/b/z", "/c"])) for _ in range(5)):
        for sd_array in (default["_sd"], default["a"]["_sd"], default["b"]["_sd"]):
            assert 1 <= len(sd_array) <= 4
            assert sd_array == sorted(sd_array)


def test_random_source_checked_on_every_draw() -> None:
    claims = {"a": {"x": 1}, "c": 4}
    calls = []

    def short_second(n: int) -> bytes:
        calls.append(n)
        return bytes(n if len(calls) == 1 else n - 1)

    with pytest.raises(errors.MalformedInputError):
        _issue(claims, ["/a/x", "/c"], decoys=1, rng=short_second)
    assert len(calls) == 2
    with pytest.raises(errors.MalformedInputError):
        _issue(claims, ["/c"], rng=lambda n: bytes(n + 1))


def test_compact_fast_path_keeps_the_whitespace_rule() -> None:
    sd = _issue({"a": 1}, ["/a"])
    assert parse_sd_jwt(sd).disclosures
    for bad in (sd + " ", sd + "\n", " " + sd):
        with pytest.raises(errors.MalformedInputError):
            parse_sd_jwt(bad)


def test_public_key_of_shortcuts() -> None:
    public = KEY.public_key
    assert public_key_of(public) is public
    assert public_key_of(public.public_jwk) == public
    assert public_key_of(UserDict(public.public_jwk)) == public
    with pytest.raises(errors.MalformedInputError):
        public_key_of({**public.public_jwk, "d": "AAAA"})


def test_issue_then_verify_with_every_fast_path() -> None:
    claims = {"name": "张三", "list": [1, {"k": "v"}], "flag": True, "n": None}
    sd = _issue(
        claims,
        ["/name", "/list/1", "/list/1/k", "/flag", "/n"],
        holder_key=HOLDER,
        vct="urn:example:fast",
    )
    presentation = ds.present_sd_jwt(
        sd,
        disclose=["/name", "/list/1/k", "/flag", "/n"],
        holder_key=HOLDER,
        nonce="n-1",
        audience="https://v.example",
        now=NOW,
    )
    result = ds.verify_sd_jwt(
        presentation, nonce="n-1", audience="https://v.example", issuer_key=KEY.public_key, now=NOW
    )
    assert result.claims["name"] == "张三"
    assert result.claims["list"] == [1, {"k": "v"}]
    assert result.claims["flag"] is True
    assert result.claims["n"] is None
    assert set(result.disclosed) == {"/name", "/list/1", "/list/1/k", "/flag", "/n"}
