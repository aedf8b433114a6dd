"""Hot-path encodings for SD-JWT: the same strict rules as ``_encoding``, fewer Python frames.

Verifying a presentation decodes a dozen base64url strings and JSON texts;
building a new ``json.JSONDecoder`` per call (what ``json.loads`` with hooks
does) and going through ``base64``'s wrappers costs more than the hashing.
These helpers keep one decoder and encoder and call :mod:`binascii` directly,
while refusing exactly what ``_encoding.b64url_decode`` and ``parse_json``
refuse: padding, foreign characters, non-zero trailing bits, duplicate
member names, NaN / Infinity, oversize and over-deep input.
"""

from __future__ import annotations

import binascii
import hashlib
import json
from collections.abc import Callable
from typing import Any, Final

from .._encoding import MAX_JSON_BYTES, MAX_JSON_DEPTH, _check_depth, _no_duplicates
from .._jws import MAX_JWS_BYTES, ParsedJWS
from ..errors import InputTooLargeError, MalformedInputError, NonCanonicalEncodingError

__all__ = [
    "b64d",
    "b64e",
    "dumps",
    "loads",
    "parse_compact_jws",
    "sha256_b64",
    "sha256_raw_b64",
]

_TO_URL: Final = bytes.maketrans(b"+/", b"-_")
_FROM_URL: Final = bytes.maketrans(b"-_", b"+/")
_ALPHABET: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_INDEX: Final = {c: i for i, c in enumerate(_ALPHABET)}
_PAD: Final = (b"", b"", b"==", b"=")
_sha256 = hashlib.sha256
_b2a = binascii.b2a_base64
_a2b = binascii.a2b_base64


def _reject_constant(name: str) -> Any:
    raise MalformedInputError(
        f"{name} is not valid JSON; remove it", f"{name} 不是合法 JSON；请删除"
    )


_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_no_duplicates, parse_constant=_reject_constant
)
_scan: Final[Callable[[str, int], tuple[Any, int]]] = _DECODER.scan_once  # type: ignore[attr-defined]
_ENCODER: Final = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))

dumps = _ENCODER.encode
"""Compact JSON text (UTF-8 characters kept, NaN refused)."""


def b64e(data: bytes) -> str:
    """Unpadded base64url."""
    return _b2a(data, newline=False).translate(_TO_URL).rstrip(b"=").decode("ascii")


def sha256_b64(text: str) -> str:
    """Base64url SHA-256 of the ASCII bytes of *text* (Disclosure digests, ``sd_hash``)."""
    return (
        _b2a(_sha256(text.encode("ascii")).digest(), newline=False)
        .translate(_TO_URL)[:43]
        .decode("ascii")
    )


def _not_b64url(what: str) -> MalformedInputError:
    return MalformedInputError(
        f"{what} is not unpadded base64url (allowed: A-Z a-z 0-9 - _, no '=')",
        f"{what} 不是无填充的 base64url 编码（仅允许 A-Z a-z 0-9 - _，不得含 '='）",
    )


def sha256_raw_b64(data: bytes) -> str:
    """Base64url SHA-256 of raw bytes (decoy digests)."""
    return _b2a(_sha256(data).digest(), newline=False).translate(_TO_URL)[:43].decode("ascii")


def b64d(text: str, what: str) -> bytes:
    """Strict unpadded base64url decoding."""
    if type(text) is not str:
        raise _not_b64url(what)
    rem = len(text) & 3
    if rem == 1:
        raise MalformedInputError(
            f"{what} has an impossible base64url length; it was truncated or padded",
            f"{what} 的 base64url 长度不可能成立；数据可能被截断",
        )
    # '+', '/' and '=' would pass the standard alphabet; strict mode refuses the rest.
    if "+" in text or "/" in text or "=" in text:
        raise _not_b64url(what)
    try:
        raw = text.encode("ascii")
        if rem and _INDEX[text[-1]] & (0x0F if rem == 2 else 0x03):
            raise NonCanonicalEncodingError(
                f"{what} has non-zero trailing bits; it is not canonical base64url",
                f"{what} 的末尾填充位非零，不是规范的 base64url 编码",
            )
        return _a2b(raw.translate(_FROM_URL) + _PAD[rem], strict_mode=True)
    except (UnicodeEncodeError, KeyError, binascii.Error) as exc:
        raise _not_b64url(what) from exc


def loads(raw: bytes, what: str, *, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """Strict JSON from UTF-8 bytes (see ``_encoding.parse_json``)."""
    if len(raw) > max_bytes:
        raise InputTooLargeError(
            f"{what} is larger than {max_bytes} bytes", f"{what} 超过 {max_bytes} 字节"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedInputError(f"{what} is not UTF-8 text", f"{what} 不是 UTF-8 文本") from exc
    _check_depth(text, MAX_JSON_DEPTH)
    try:
        # The C scanner directly; decode() adds whitespace handling we need only rarely.
        value, end = _scan(text, 0)
        if end == len(text) or not text[end:].strip(" \t\n\r"):
            return value
        return _DECODER.decode(text)  # raises "Extra data"
    except StopIteration:
        return _decode_slow(text, what)
    except MalformedInputError:
        raise
    except (ValueError, RecursionError) as exc:
        raise _json_error(exc, what) from exc


def _decode_slow(text: str, what: str) -> Any:
    try:
        return _DECODER.decode(text)
    except MalformedInputError:
        raise
    except (ValueError, RecursionError) as exc:
        raise _json_error(exc, what) from exc


def _json_error(exc: BaseException, what: str) -> MalformedInputError:
    detail = (
        f"{exc.msg} at line {exc.lineno} column {exc.colno}"
        if isinstance(exc, json.JSONDecodeError)
        else "nesting too deep"
    )
    return MalformedInputError(
        f"{what} is not valid JSON: {detail}", f"{what} 不是合法 JSON：{detail}"
    )


def parse_compact_jws(token: str, what: str) -> ParsedJWS:
    """Split and decode a compact JWS whose header and payload are JSON objects."""
    if type(token) is not str:
        raise MalformedInputError(f"{what} must be a string", f"{what} 必须是字符串")
    if len(token) > MAX_JWS_BYTES:
        raise InputTooLargeError(
            f"{what} is longer than {MAX_JWS_BYTES} characters",
            f"{what} 超过 {MAX_JWS_BYTES} 个字符",
        )
    parts = token.split(".")
    if len(parts) != 3:
        raise MalformedInputError(
            f"{what} must have three dot-separated parts (compact JWS)",
            f"{what} 必须由三段以点分隔的部分组成（紧凑 JWS）",
        )
    h, p, s = parts
    header = loads(b64d(h, f"{what} header"), f"{what} header")
    payload = loads(b64d(p, f"{what} payload"), f"{what} payload")
    if type(header) is not dict or type(payload) is not dict:
        raise MalformedInputError(
            f"{what} header and payload must be JSON objects",
            f"{what} 的头部和载荷必须是 JSON 对象",
        )
    signature = b64d(s, f"{what} signature")
    return ParsedJWS(header, payload, f"{h}.{p}".encode("ascii"), signature)
