"""Bounded GZIP / ZLIB helpers shared by both status-list formats.

Internal module. Decompression is capped so that a small, hostile input (a
"decompression bomb") cannot make the verifier allocate more than the cap,
and trailing bytes after the compressed stream are refused so that two
different encodings never carry the same list.
"""

from __future__ import annotations

import zlib
from typing import Final

from ..errors import InputTooLargeError, MalformedInputError

__all__ = ["GZIP_WBITS", "MAX_DECOMPRESSED_BYTES", "ZLIB_WBITS", "compress", "decompress"]

#: ``wbits`` for the GZIP container (RFC 1952) only.
GZIP_WBITS: Final = 31
#: ``wbits`` for the ZLIB container (RFC 1950) only.
ZLIB_WBITS: Final = 15
#: Cap on a decompressed status list: 16 MiB, i.e. 134 million one-bit
#: entries, a thousand times the minimum list.
MAX_DECOMPRESSED_BYTES: Final = 16 * 1024 * 1024


def compress(data: bytes, *, level: int, wbits: int) -> bytes:
    """Compress *data* with zlib's DEFLATE at *level* into the *wbits* container."""
    c = zlib.compressobj(level, zlib.DEFLATED, wbits)
    return c.compress(data) + c.flush()


def decompress(data: bytes, *, wbits: int, what: str, max_bytes: int) -> bytes:
    """Inflate one complete stream of the *wbits* container, at most *max_bytes* out."""
    d = zlib.decompressobj(wbits)
    try:
        out = d.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise MalformedInputError(
            f"{what} is not a valid {'GZIP' if wbits == GZIP_WBITS else 'ZLIB'} stream; "
            "re-encode the list with this library",
            f"{what} 不是有效的 {'GZIP' if wbits == GZIP_WBITS else 'ZLIB'} 数据流；请用本库重新编码",
            details={"reason": "MALFORMED_VALUE_ERROR"},
        ) from exc
    if len(out) > max_bytes or d.unconsumed_tail:
        raise InputTooLargeError(
            f"{what} expands to more than {max_bytes} bytes; refusing it",
            f"{what} 解压后超过 {max_bytes} 字节；已拒绝",
            details={"reason": "MALFORMED_VALUE_ERROR"},
        )
    if not d.eof:
        raise MalformedInputError(
            f"{what} is truncated: the compressed stream does not end",
            f"{what} 被截断：压缩数据流不完整",
            details={"reason": "MALFORMED_VALUE_ERROR"},
        )
    if d.unused_data:
        raise MalformedInputError(
            f"{what} has bytes after the end of the compressed stream",
            f"{what} 在压缩数据流结束后仍有多余字节",
            details={"reason": "MALFORMED_VALUE_ERROR"},
        )
    return out
