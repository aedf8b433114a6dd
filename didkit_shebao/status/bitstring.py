"""W3C Bitstring Status List v1.0: the list, its encoding and the status entry.

A :class:`StatusList` is a fixed-size array of ``bits``-wide status values
(``statusSize`` in the spec). Index 0 is the **left-most (most significant)
bit of byte 0**; an entry of ``bits`` > 1 occupies ``bits`` consecutive bits
starting at ``index * bits`` and is read most significant bit first.

The wire form (``encodedList``) is the GZIP (RFC 1952) compression of the
bytes, multibase-encoded as base64url without padding (prefix ``u``).
:meth:`StatusList.encode` uses DEFLATE level 6 with a zero modification time,
which reproduces the specification's example list byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

from .._encoding import b64url_decode, b64url_encode
from ..errors import (
    InputTooLargeError,
    MalformedInputError,
    NonCanonicalEncodingError,
    UnsupportedError,
)
from ._compress import GZIP_WBITS, MAX_DECOMPRESSED_BYTES, compress, decompress
from ._packed import PackedList, range_error

__all__ = [
    "BITSTRING_ENTRY_TYPE",
    "BITSTRING_LIST_CREDENTIAL_TYPE",
    "BITSTRING_LIST_TYPE",
    "MAX_STATUS_SIZE",
    "MIN_ENTRIES",
    "BitstringStatusEntry",
    "StatusList",
    "StatusMessage",
    "parse_status_entry",
]

#: The minimum number of entries a published list must hold (spec §3.2 step 2).
MIN_ENTRIES: Final = 131_072
#: Largest ``statusSize`` accepted: one status value fits in one byte.
MAX_STATUS_SIZE: Final = 8
#: ``credentialStatus.type`` of a bitstring entry.
BITSTRING_ENTRY_TYPE: Final = "BitstringStatusListEntry"
#: ``type`` the status-list credential must include.
BITSTRING_LIST_CREDENTIAL_TYPE: Final = "BitstringStatusListCredential"
#: ``credentialSubject.type`` of the status list.
BITSTRING_LIST_TYPE: Final = "BitstringStatusList"

# GZIP header of the spec's example: mtime 0, no extra flags, OS 3 (Unix).
_GZIP_LEVEL: Final = 6
# Base64url text longer than this cannot be a list under the decompression cap
# (DEFLATE expands incompressible data by well under 1 %).
_MAX_ENCODED_CHARS: Final = (MAX_DECOMPRESSED_BYTES * 102 // 100) * 4 // 3 + 64
_INDEX_RE: Final = re.compile(r"0|[1-9][0-9]{0,17}")
_HEX_RE: Final = re.compile(r"0x[0-9a-fA-F]{1,2}")


def _check_bits(bits: object) -> int:
    if type(bits) is not int or bits < 1:
        raise MalformedInputError(
            "statusSize (bits per entry) must be an integer greater than zero",
            "statusSize（每项位数）必须是大于零的整数",
            details={"reason": "MALFORMED_VALUE_ERROR"},
        )
    if bits > MAX_STATUS_SIZE:
        raise UnsupportedError(
            f"statusSize {bits} is not supported; use 1 to {MAX_STATUS_SIZE} bits",
            f"不支持 statusSize {bits}；请使用 1 至 {MAX_STATUS_SIZE} 位",
        )
    return bits


def _check_count(value: object, name: str) -> None:
    if type(value) is not int or value < 0:
        raise MalformedInputError(
            f"{name}= must be a non-negative integer", f"{name}= 必须是非负整数"
        )


class StatusList(PackedList):
    """A Bitstring Status List: ``size`` entries of ``bits`` bits each, all 0 at first.

    Args:
        size: number of entries; at least :data:`MIN_ENTRIES` (131,072)
            unless *minimum* lowers the bound for a specific ecosystem.
        bits: ``statusSize``, 1 to 8.
        minimum: the smallest accepted ``size``.

    The list is mutable (:meth:`set`); :meth:`get` is O(1).

    Example:
        >>> sl = StatusList()
        >>> sl.set(94567, 1)
        >>> sl.get(94567), sl.get(0), len(sl)
        (1, 0, 131072)
    """

    __slots__ = ()

    def __init__(self, size: int = MIN_ENTRIES, bits: int = 1, *, minimum: int = MIN_ENTRIES):
        _check_bits(bits)
        _check_count(minimum, "minimum")
        if type(size) is not int or size < minimum:
            raise MalformedInputError(
                f"a status list needs at least {minimum} entries (got {size!r}); "
                "a smaller list would let a verifier guess whose credential it checks",
                f"状态列表至少需要 {minimum} 项（实际为 {size!r}）；过小的列表会削弱群体隐私",
                details={"reason": "STATUS_LIST_LENGTH_ERROR"},
            )
        self._allocate(size, bits)

    # -- access --------------------------------------------------------------

    def get(self, index: int) -> int:
        """The status value at *index* (0 .. 2**bits - 1)."""
        if type(index) is not int or not 0 <= index < self._size:
            raise range_error(index, self._size)
        buf = self._buf
        if self._bits == 1:
            return (buf[index >> 3] >> (7 - (index & 7))) & 1
        pos = index * self._bits
        byte = pos >> 3
        window = buf[byte] << 8 | (buf[byte + 1] if byte + 1 < len(buf) else 0)
        return (window >> (16 - (pos & 7) - self._bits)) & self._mask

    def set(self, index: int, value: int | bool) -> None:
        """Set the status value at *index*."""
        if type(index) is not int or not 0 <= index < self._size:
            raise range_error(index, self._size)
        v = self._checked_value(value)
        pos = index * self._bits
        byte = pos >> 3
        shift = 16 - (pos & 7) - self._bits
        two = byte + 1 < len(self._buf)
        window = self._buf[byte] << 8 | (self._buf[byte + 1] if two else 0)
        window = (window & ~(self._mask << shift)) | (v << shift)
        self._buf[byte] = window >> 8
        if two:
            self._buf[byte + 1] = window & 0xFF

    # -- wire form -------------------------------------------------------------

    def encode(self) -> str:
        """``encodedList``: ``u`` + base64url(GZIP(bitstring)), no padding."""
        return "u" + b64url_encode(compress(bytes(self._buf), level=_GZIP_LEVEL, wbits=GZIP_WBITS))

    def copy(self) -> StatusList:
        """An independent copy."""
        return StatusList.from_bytes(bytes(self._buf), bits=self._bits, size=self._size, minimum=0)

    @classmethod
    def from_bytes(
        cls, data: bytes, *, bits: int = 1, size: int | None = None, minimum: int = MIN_ENTRIES
    ) -> StatusList:
        """A list over the uncompressed bitstring *data*.

        *size* defaults to ``len(data) * 8 // bits`` entries; when given, *data*
        must be exactly the bytes that many entries take.
        """
        _check_bits(bits)
        _check_count(minimum, "minimum")
        if size is not None:
            _check_count(size, "size")
        if not isinstance(data, bytes | bytearray):
            raise MalformedInputError("the bitstring must be bytes", "位串必须是字节串")
        n = len(data) * 8 // bits if size is None else size
        if n < minimum:
            raise MalformedInputError(
                f"the status list holds {n} entries of {bits} bit(s); "
                f"at least {minimum} are required (STATUS_LIST_LENGTH_ERROR)",
                f"状态列表仅有 {n} 项（每项 {bits} 位），至少需要 {minimum} 项",
                details={"reason": "STATUS_LIST_LENGTH_ERROR"},
            )
        if size is not None and len(data) != (size * bits + 7) // 8:
            raise MalformedInputError(
                f"{len(data)} bytes do not hold exactly {size} entries of {bits} bit(s)",
                f"{len(data)} 字节与 {size} 项（每项 {bits} 位）不符",
            )
        sl = cls.__new__(cls)
        sl._bits = bits
        sl._size = n
        sl._mask = (1 << bits) - 1
        sl._buf = bytearray(data)
        return sl

    @classmethod
    def decode(cls, encoded: str, *, bits: int = 1, minimum: int = MIN_ENTRIES) -> StatusList:
        """Parse an ``encodedList``; refuses malformed, oversize and too-short lists.

        Raises:
            MalformedInputError: not ``u``-prefixed base64url, not one GZIP
                stream, or fewer than *minimum* entries of *bits* bits.
            InputTooLargeError: the list inflates past the decompression cap.
        """
        if not isinstance(encoded, str) or not encoded.startswith("u"):
            raise MalformedInputError(
                "encodedList must be a multibase base64url string (prefix 'u')",
                "encodedList 必须是 multibase base64url 字符串（前缀 'u'）",
                details={"reason": "MALFORMED_VALUE_ERROR"},
            )
        if len(encoded) > _MAX_ENCODED_CHARS:
            raise InputTooLargeError(
                "encodedList is too long to be a status list under the size cap",
                "encodedList 过长，超过状态列表大小上限",
                details={"reason": "MALFORMED_VALUE_ERROR"},
            )
        raw = b64url_decode(encoded[1:], what="encodedList")
        data = decompress(
            raw, wbits=GZIP_WBITS, what="encodedList", max_bytes=MAX_DECOMPRESSED_BYTES
        )
        return cls.from_bytes(data, bits=bits, minimum=minimum)


# -- the credentialStatus entry -------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatusMessage:
    """One ``statusMessage`` element: a status value and its (developer) message."""

    status: int
    message: str


@dataclass(frozen=True, slots=True)
class BitstringStatusEntry:
    """A validated ``BitstringStatusListEntry`` from a credential."""

    purpose: str
    index: int
    status_list_credential: str
    size: int = 1
    messages: tuple[StatusMessage, ...] = ()
    reference: tuple[str, ...] = ()
    id: str | None = None

    def message_for(self, value: int) -> str | None:
        """The message for status *value*: from ``statusMessage``, else "unset"/"set" for 1 bit."""
        for m in self.messages:
            if m.status == value:
                return m.message
        if self.size == 1 and not self.messages:
            return "set" if value else "unset"
        return None


def _malformed(message: str, message_zh: str) -> MalformedInputError:
    return MalformedInputError(message, message_zh, details={"reason": "MALFORMED_VALUE_ERROR"})


def _is_url(value: object) -> bool:
    if not isinstance(value, str) or not value or len(value) > 2048 or value != value.strip():
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return bool(parts.scheme) and bool(parts.netloc or parts.path)


def _parse_messages(raw: object, size: int) -> tuple[StatusMessage, ...]:
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes):
        raise _malformed("statusMessage must be an array", "statusMessage 必须是数组")
    want = 1 << size
    if len(raw) != want:
        raise _malformed(
            f"statusMessage must have 2^statusSize = {want} elements, got {len(raw)}",
            f"statusMessage 必须恰有 2^statusSize = {want} 个元素，实际为 {len(raw)} 个",
        )
    out: list[StatusMessage] = []
    seen: set[int] = set()
    for item in raw:
        if not isinstance(item, Mapping):
            raise _malformed(
                "each statusMessage element must be an object with 'status' and 'message'",
                "statusMessage 的每个元素必须是含 'status' 与 'message' 的对象",
            )
        status, message = item.get("status"), item.get("message")
        if not isinstance(status, str) or _HEX_RE.fullmatch(status) is None:
            raise _malformed(
                "statusMessage 'status' must be a hexadecimal string such as '0x1'",
                "statusMessage 的 'status' 必须是如 '0x1' 的十六进制字符串",
            )
        value = int(status, 16)
        if value >= want or value in seen:
            raise _malformed(
                f"statusMessage must list each status value 0x0 to {hex(want - 1)} exactly once",
                f"statusMessage 必须恰好列出 0x0 至 {hex(want - 1)} 的每个状态值一次",
            )
        if not isinstance(message, str):
            raise _malformed(
                "statusMessage 'message' must be a string",
                "statusMessage 的 'message' 必须是字符串",
            )
        seen.add(value)
        out.append(StatusMessage(value, message))
    return tuple(sorted(out, key=lambda m: m.status))


def parse_status_entry(entry: Mapping[str, Any]) -> BitstringStatusEntry:
    """Validate one ``credentialStatus`` entry of type ``BitstringStatusListEntry``.

    Follows the data model of Bitstring Status List v1.0 §2.1: ``statusListIndex``
    is a base-10 string (canonical, no leading zeros), ``statusSize`` an integer
    > 0 (default 1), ``statusMessage`` present with 2^statusSize elements when
    ``statusSize`` > 1, and ``statusListCredential`` a URL.

    Raises:
        MalformedInputError: with ``details["reason"] == "MALFORMED_VALUE_ERROR"``.
        UnsupportedError: another entry type, or ``statusSize`` above 8.
    """
    if not isinstance(entry, Mapping):
        raise _malformed(
            "each credentialStatus entry must be an object", "每个 credentialStatus 条目必须是对象"
        )
    if entry.get("type") != BITSTRING_ENTRY_TYPE:
        raise UnsupportedError(
            f"credentialStatus type {entry.get('type')!r} is not supported; "
            f"use {BITSTRING_ENTRY_TYPE}",
            f"不支持 credentialStatus 类型 {entry.get('type')!r}；请使用 {BITSTRING_ENTRY_TYPE}",
        )
    purpose = entry.get("statusPurpose")
    if not isinstance(purpose, str) or not purpose:
        raise _malformed(
            "statusPurpose must be a non-empty string", "statusPurpose 必须是非空字符串"
        )
    raw_index = entry.get("statusListIndex")
    if not isinstance(raw_index, str):
        raise _malformed(
            'statusListIndex must be a base-10 integer written as a string, e.g. "94567"',
            'statusListIndex 必须是以字符串表示的十进制整数，例如 "94567"',
        )
    if _INDEX_RE.fullmatch(raw_index) is None:
        if raw_index.isascii() and raw_index.isdigit() and len(raw_index) <= 18:
            raise NonCanonicalEncodingError(
                "statusListIndex has leading zeros; write it without them",
                "statusListIndex 含前导零；请去掉前导零",
                details={"reason": "MALFORMED_VALUE_ERROR"},
            )
        raise _malformed(
            "statusListIndex must be a base-10 integer string of at most 18 digits",
            "statusListIndex 必须是不超过 18 位的十进制整数字符串",
        )
    url = entry.get("statusListCredential")
    if not isinstance(url, str) or not _is_url(url):
        raise _malformed(
            "statusListCredential must be the URL of a status-list credential",
            "statusListCredential 必须是状态列表凭证的 URL",
        )
    size = entry.get("statusSize", 1)
    size = _check_bits(size)
    messages: tuple[StatusMessage, ...] = ()
    if "statusMessage" in entry:
        messages = _parse_messages(entry["statusMessage"], size)
    elif size > 1:
        raise _malformed(
            "statusMessage must be present when statusSize is greater than 1",
            "statusSize 大于 1 时必须提供 statusMessage",
        )
    refs: tuple[str, ...] = ()
    if "statusReference" in entry:
        ref = entry["statusReference"]
        refs = (ref,) if isinstance(ref, str) else tuple(ref) if isinstance(ref, list) else ()
        if not refs or not all(_is_url(r) for r in refs):
            raise _malformed(
                "statusReference must be a URL or an array of URLs",
                "statusReference 必须是 URL 或 URL 数组",
            )
    entry_id = entry.get("id")
    if entry_id is not None and not isinstance(entry_id, str):
        raise _malformed(
            "credentialStatus id must be a string", "credentialStatus 的 id 必须是字符串"
        )
    if entry_id is not None and entry_id == url:
        raise _malformed(
            "credentialStatus id must not be the status list URL itself",
            "credentialStatus 的 id 不得与状态列表 URL 相同",
        )
    return BitstringStatusEntry(
        purpose=purpose,
        index=int(raw_index),
        status_list_credential=url,
        size=size,
        messages=messages,
        reference=refs,
        id=entry_id,
    )
