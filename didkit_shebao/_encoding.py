"""Byte and text encodings: base64url, multibase / multicodec, JCS, strict JSON.

Internal module: the public names are re-exported where they belong. Every
decoder here is strict: it re-encodes what it decoded and refuses input that
is not the one canonical form, so two different strings never name the same
key or digest.
"""

from __future__ import annotations

import binascii
import hashlib
import json
import math
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from json import encoder as json_encoder
from typing import Any, Final, TypeAlias

import base58
import rfc8785
from multiformats import multibase, multicodec

from .errors import InputTooLargeError, MalformedInputError, NonCanonicalEncodingError

__all__ = [
    "MAX_JSON_BYTES",
    "MAX_JSON_DEPTH",
    "JSONObject",
    "JSONValue",
    "b64url_decode",
    "b64url_encode",
    "canonical_json",
    "check_json_depth",
    "dumps_compact",
    "multibase_decode",
    "multibase_encode",
    "multicodec_unwrap",
    "multicodec_wrap",
    "parse_json",
    "sha256_b64url",
]

JSONValue: TypeAlias = Any
"""A value produced by :func:`parse_json` (dict, list, str, int, float, bool, None)."""
JSONObject: TypeAlias = dict[str, Any]

#: Default cap on a JSON document's size (bytes): far above any credential.
MAX_JSON_BYTES: Final = 1_048_576
#: Default cap on nesting depth of arrays and objects.
MAX_JSON_DEPTH: Final = 64

_MAX_SAFE_INT: Final = 2**53 - 1


# -- base64url -------------------------------------------------------------


_TO_URL: Final = bytes.maketrans(b"+/", b"-_")
_FROM_URL_STRICT: Final = bytes.maketrans(b"-_+/=", b"+/!!!")
_B64_INDEX: Final = {
    c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
}
_PAD: Final = (b"", b"", b"==", b"=")


def b64url_encode(data: bytes) -> str:
    """Encode *data* as unpadded base64url (RFC 7515 section 2)."""
    # translate() maps to the URL alphabet and drops the padding in one pass.
    return binascii.b2a_base64(data, newline=False).translate(_TO_URL, b"=").decode("ascii")


def sha256_b64url(data: bytes) -> str:
    """Unpadded base64url of the SHA-256 of *data* (SD-JWT digests, ``sd_hash``)."""
    return (
        binascii.b2a_base64(hashlib.sha256(data).digest(), newline=False)
        .translate(_TO_URL)[:43]
        .decode("ascii")
    )


def _not_b64url(what: str) -> MalformedInputError:
    return MalformedInputError(
        f"{what} is not unpadded base64url (allowed: A-Z a-z 0-9 - _, no '=')",
        f"{what} 不是无填充的 base64url 编码（仅允许 A-Z a-z 0-9 - _，不得含 '='）",
    )


def b64url_decode(text: str, *, what: str = "base64url value") -> bytes:
    """Decode unpadded base64url strictly.

    Refuses padding, characters outside the URL-safe alphabet, impossible
    lengths and non-zero trailing bits (which would let two strings decode to
    the same bytes).
    """
    if type(text) is not str:
        raise _not_b64url(what)
    rem = len(text) & 3
    if rem == 1:
        raise MalformedInputError(
            f"{what} has an impossible base64url length; it was truncated or padded",
            f"{what} 的 base64url 长度不可能成立；数据可能被截断",
        )
    try:
        # One pass: '-_' become '+/', while '+', '/' and '=' (standard alphabet
        # and padding) become '!', which strict mode refuses like any other
        # character outside the alphabet.
        data = binascii.a2b_base64(
            text.encode("ascii").translate(_FROM_URL_STRICT) + _PAD[rem], strict_mode=True
        )
    except (UnicodeEncodeError, binascii.Error) as exc:
        raise _not_b64url(what) from exc
    if rem and _B64_INDEX[text[-1]] & (0x0F if rem == 2 else 0x03):
        raise NonCanonicalEncodingError(
            f"{what} has non-zero trailing bits; it is not canonical base64url",
            f"{what} 的末尾填充位非零，不是规范的 base64url 编码",
        )
    return data


# -- multibase / multicodec --------------------------------------------------

_MULTIBASE_NAMES: Final = {"z": "base58btc", "u": "base64url"}


def multibase_encode(data: bytes, base: str = "base58btc") -> str:
    """Encode *data* with a multibase prefix (``z`` base58btc or ``u`` base64url)."""
    if base not in _MULTIBASE_NAMES.values():
        raise MalformedInputError(
            f"multibase encoding {base!r} is not supported; use base58btc or base64url",
            f"不支持 multibase 编码 {base!r}；请使用 base58btc 或 base64url",
        )
    if base == "base64url":
        return "u" + b64url_encode(data)
    # The base58 package (Bitcoin alphabet = base58btc) is far faster than
    # multiformats' generic encoder, which validates types at run time.
    return "z" + base58.b58encode(bytes(data)).decode("ascii")


@lru_cache(maxsize=1024)
def _multibase_decode_cached(text: str) -> bytes:
    prefix = text[:1]
    if prefix == "u":
        return b64url_decode(text[1:], what="multibase base64url value")
    if prefix != "z":
        raise MalformedInputError(
            f"multibase prefix {prefix!r} is not supported; use 'z' (base58btc) or 'u' (base64url)",
            f"不支持 multibase 前缀 {prefix!r}；请使用 'z'（base58btc）或 'u'（base64url）",
        )
    try:
        data = bytes(multibase.decode(text))
    except (ValueError, KeyError) as exc:
        raise MalformedInputError(
            "multibase value is not valid base58btc",
            "multibase 值不是有效的 base58btc 编码",
        ) from exc
    # base58 decoders trim whitespace; a canonical value re-encodes to itself.
    if multibase_encode(data, "base58btc") != text:
        raise NonCanonicalEncodingError(
            "multibase value is not canonical (stray whitespace or characters); "
            "re-encode it with multibase_encode()",
            "multibase 值不规范（含多余空白或字符）；请用 multibase_encode() 重新编码",
        )
    return data


def multibase_decode(text: str) -> bytes:
    """Decode a multibase string (``z`` base58btc or ``u`` base64url) strictly."""
    if not isinstance(text, str) or not text:
        raise MalformedInputError(
            "multibase value must be a non-empty string",
            "multibase 值必须是非空字符串",
        )
    if len(text) > 8192:
        raise InputTooLargeError(
            "multibase value is too long (over 8192 characters)",
            "multibase 值过长（超过 8192 个字符）",
        )
    return _multibase_decode_cached(text)


def multicodec_wrap(codec: str, data: bytes) -> bytes:
    """Prefix *data* with the varint code of the named multicodec."""
    return _multicodec_prefix(codec) + bytes(data)


@lru_cache(maxsize=64)
def _multicodec_prefix(codec: str) -> bytes:
    try:
        return bytes(multicodec.wrap(codec, b""))
    except (ValueError, KeyError) as exc:
        raise MalformedInputError(
            f"unknown multicodec {codec!r}", f"未知的 multicodec {codec!r}"
        ) from exc


def multicodec_unwrap(data: bytes) -> tuple[str, bytes]:
    """Split a multicodec-prefixed value into ``(codec name, raw bytes)``."""
    return _multicodec_unwrap_cached(bytes(data))


@lru_cache(maxsize=1024)
def _multicodec_unwrap_cached(data: bytes) -> tuple[str, bytes]:
    # multiformats validates its arguments at run time (slow); keys repeat.
    try:
        codec, raw = multicodec.unwrap(data)
    except (ValueError, KeyError) as exc:
        raise MalformedInputError(
            "value does not start with a known multicodec header",
            "值未以已知的 multicodec 头开头",
        ) from exc
    return str(codec.name), bytes(raw)


def check_json_depth(value: Any, *, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Raise :class:`InputTooLargeError` when dicts / lists in *value* nest deeper than *max_depth*.

    Iterative, so a hostile structure cannot exhaust the call stack while it is checked.
    """
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Mapping):
            children: Any = node.values()
        elif isinstance(node, list | tuple):
            children = node
        else:
            continue
        if depth >= max_depth:
            raise InputTooLargeError(
                f"JSON nests deeper than {max_depth} levels",
                f"JSON 嵌套超过 {max_depth} 层",
            )
        stack.extend((child, depth + 1) for child in children)


# -- canonical JSON (RFC 8785) ---------------------------------------------


def _needs_full_jcs(value: Any, depth: int = 0) -> bool:
    """Walk *value*; True when only the full RFC 8785 serializer is exact.

    ``json.dumps`` with sorted keys matches JCS byte for byte for strings,
    integers in the I-JSON range, booleans and null, as long as object keys
    sort the same by code point as by UTF-16 unit (they do below U+D800).
    Floats and astral keys take the slow, exact path. String, boolean and
    null members are checked inline (the common case, without a call).
    """
    if depth > MAX_JSON_DEPTH:
        raise InputTooLargeError(
            f"JSON nests deeper than {MAX_JSON_DEPTH} levels",
            f"JSON 嵌套超过 {MAX_JSON_DEPTH} 层",
        )
    t = type(value)
    if t is str or t is bool or value is None:
        return False
    if t is int:
        if -_MAX_SAFE_INT <= value <= _MAX_SAFE_INT:
            return False
        raise MalformedInputError(
            "integer outside the I-JSON range ±(2^53−1) cannot be canonicalized; send it as a string",
            "整数超出 I-JSON 范围 ±(2^53−1)，无法规范化；请以字符串形式传递",
        )
    if t is float:
        if not math.isfinite(value):
            raise MalformedInputError(
                "NaN and Infinity are not JSON; remove them",
                "NaN 与 Infinity 不是合法 JSON；请删除",
            )
        return True
    full = False
    if t is dict:
        for k, v in value.items():
            if type(k) is not str:
                raise MalformedInputError(
                    "JSON object keys must be strings", "JSON 对象的键必须是字符串"
                )
            if not k.isascii() and any(ord(c) >= 0xD800 for c in k):
                full = True
            tv = type(v)
            if tv is str or tv is bool or v is None:
                continue
            if _needs_full_jcs(v, depth + 1):
                full = True
        return full
    if t is list or t is tuple:
        for v in value:
            tv = type(v)
            if tv is str or tv is bool or v is None:
                continue
            if _needs_full_jcs(v, depth + 1):
                full = True
        return full
    raise MalformedInputError(f"a {t.__name__} is not a JSON value", f"{t.__name__} 不是 JSON 值")


_FAST_ENCODER: Final = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def _not_json(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is not JSON")


# The C encoder, built once (JSONEncoder.encode builds one per call). No
# circular-reference markers: _needs_full_jcs has already bounded the depth.
_MAKE_C_ENCODER: Final[Any] = getattr(json_encoder, "c_make_encoder", None)
_C_ENCODER: Final[Any] = (
    _MAKE_C_ENCODER(
        None, _not_json, json_encoder.encode_basestring, None, ":", ",", True, False, False
    )
    if _MAKE_C_ENCODER is not None
    else None
)


def _fast_encode(value: Any) -> str:
    if _C_ENCODER is None:  # pragma: no cover - CPython ships the C encoder
        return _FAST_ENCODER.encode(value)
    return "".join(_C_ENCODER(value, 0))


def canonical_json(value: Any) -> bytes:
    """Serialize *value* per RFC 8785 (JSON Canonicalization Scheme), as UTF-8 bytes."""
    full = _needs_full_jcs(value)
    try:
        if full:
            return bytes(rfc8785.dumps(value))
        return _fast_encode(value).encode("utf-8")
    except (rfc8785.CanonicalizationError, ValueError, TypeError, UnicodeEncodeError) as exc:
        raise MalformedInputError(
            "value cannot be canonicalized as RFC 8785 JSON (lone surrogate or out-of-range number)",
            "该值无法按 RFC 8785 规范化（含孤立代理字符或超范围数字）",
        ) from exc


_COMPACT_ENCODER: Final = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, separators=(",", ":")
)
_C_COMPACT: Final[Any] = (
    _MAKE_C_ENCODER(
        None, _not_json, json_encoder.encode_basestring, None, ":", ",", False, False, False
    )
    if _MAKE_C_ENCODER is not None
    else None
)


def dumps_compact(value: Any) -> str:
    """Compact JSON text in insertion order (JWT headers and payloads); NaN refused."""
    try:
        if _C_COMPACT is None:  # pragma: no cover - CPython ships the C encoder
            return _COMPACT_ENCODER.encode(value)
        return "".join(_C_COMPACT(value, 0))
    except (ValueError, TypeError, RecursionError) as exc:
        raise MalformedInputError(
            "value is not JSON (NaN, Infinity, a non-JSON type or a cycle); fix the claims",
            "该值不是合法 JSON（含 NaN、Infinity、非 JSON 类型或循环引用）；请修正声明",
        ) from exc


# -- strict JSON parsing ---------------------------------------------------

_STRING_RE: Final = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET_RE: Final = re.compile(r"[\[\]{}]")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise MalformedInputError(
            "JSON object has a duplicate member name; each name must appear once",
            "JSON 对象中存在重复的成员名；每个名称只能出现一次",
        )
    return obj


def _reject_constant(name: str) -> Any:
    raise MalformedInputError(
        f"{name} is not valid JSON; remove it", f"{name} 不是合法 JSON；请删除"
    )


_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_no_duplicates, parse_constant=_reject_constant
)
_SCAN: Final[Callable[[str, int], tuple[Any, int]]] = _DECODER.scan_once  # type: ignore[attr-defined]


def _check_depth(text: str, max_depth: int) -> None:
    depth = 0
    for m in _BRACKET_RE.finditer(_STRING_RE.sub('""', text)):
        if m.group() in "[{":
            depth += 1
            if depth > max_depth:
                raise InputTooLargeError(
                    f"JSON nests deeper than {max_depth} levels",
                    f"JSON 嵌套超过 {max_depth} 层",
                )
        else:
            depth -= 1


def parse_json(
    data: str | bytes,
    *,
    max_bytes: int = MAX_JSON_BYTES,
    max_depth: int = MAX_JSON_DEPTH,
    what: str = "JSON document",
) -> Any:
    """Parse JSON strictly: no duplicate names, no NaN/Infinity, size and depth capped."""
    if type(data) is str:
        text = data
        # A character takes at least one byte; count exactly only near the cap.
        n = len(text)
        if n > max_bytes or (
            n * 4 > max_bytes and len(text.encode("utf-8", "surrogatepass")) > max_bytes
        ):
            raise InputTooLargeError(
                f"{what} is larger than {max_bytes} bytes",
                f"{what} 超过 {max_bytes} 字节",
            )
    elif type(data) is bytes:
        if len(data) > max_bytes:
            raise InputTooLargeError(
                f"{what} is larger than {max_bytes} bytes",
                f"{what} 超过 {max_bytes} 字节",
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedInputError(
                f"{what} is not UTF-8 text", f"{what} 不是 UTF-8 文本"
            ) from exc
    elif isinstance(data, str):  # a str subclass
        return parse_json(str(data), max_bytes=max_bytes, max_depth=max_depth, what=what)
    elif isinstance(data, bytes | bytearray):
        return parse_json(bytes(data), max_bytes=max_bytes, max_depth=max_depth, what=what)
    else:
        raise MalformedInputError(f"{what} must be text or bytes", f"{what} 必须是文本或字节串")
    # Nesting needs one bracket per level: a text with few brackets cannot be too deep.
    if text.count("[") + text.count("{") > max_depth:
        _check_depth(text, max_depth)
    try:
        # The C scanner directly: json.loads() builds a new decoder per call.
        value, end = _SCAN(text, 0)
    except StopIteration:
        return _decode_slow(text, what)  # leading whitespace or empty input
    except MalformedInputError:
        raise
    except (ValueError, RecursionError) as exc:
        raise _json_error(exc, what) from exc
    if end == len(text) or not text[end:].strip(" \t\n\r"):
        return value
    return _decode_slow(text, what)  # raises "Extra data"


def _decode_slow(text: str, what: str) -> Any:
    try:
        return _DECODER.decode(text)
    except MalformedInputError:
        raise
    except (ValueError, RecursionError) as exc:
        raise _json_error(exc, what) from exc


def _json_error(exc: BaseException, what: str) -> MalformedInputError:
    detail = _short_json_error(exc)
    return MalformedInputError(
        f"{what} is not valid JSON: {detail}", f"{what} 不是合法 JSON：{detail}"
    )


def _short_json_error(exc: BaseException) -> str:
    # json.JSONDecodeError messages give a position, never the content.
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    if isinstance(exc, RecursionError):
        return "nesting too deep"
    # int() refuses numbers of more than sys.get_int_max_str_digits() digits.
    return "a number has too many digits; send large values as strings"
