"""What both status-list formats share: a fixed number of entries packed into bytes.

Internal module. The two formats differ only in bit order within a byte
(Bitstring Status List: most significant bit first; Token Status List: least
significant first) and in their wire encodings; subclasses supply those.
"""

from __future__ import annotations

from ..errors import InputTooLargeError, MalformedInputError
from ._compress import MAX_DECOMPRESSED_BYTES

__all__ = ["PackedList", "range_error"]


def range_error(index: object, size: int) -> MalformedInputError:
    """The error for an index outside a list of *size* entries."""
    return MalformedInputError(
        f"status index {index!r} is outside the list (0 to {size - 1})",
        f"状态索引 {index!r} 超出列表范围（0 至 {size - 1}）",
        details={"reason": "RANGE_ERROR"},
    )


class PackedList:
    """``size`` entries of ``bits`` bits each in a byte buffer, all 0 at first."""

    __slots__ = ("_bits", "_buf", "_mask", "_size")

    def _allocate(self, size: int, bits: int) -> None:
        """Set up an all-zero buffer; *size* and *bits* are already checked by the format."""
        if size * bits > MAX_DECOMPRESSED_BYTES * 8:
            raise InputTooLargeError(
                f"a status list of {size} entries exceeds {MAX_DECOMPRESSED_BYTES} bytes",
                f"{size} 项的状态列表超过 {MAX_DECOMPRESSED_BYTES} 字节",
            )
        self._bits = bits
        self._size = size
        self._mask = (1 << bits) - 1
        self._buf = bytearray((size * bits + 7) // 8)

    @property
    def bits(self) -> int:
        """Bits per entry."""
        return self._bits

    def __len__(self) -> int:
        """Number of entries."""
        return self._size

    def _checked_value(self, value: int | bool) -> int:
        v = int(value) if isinstance(value, bool) else value
        if type(v) is not int or not 0 <= v <= self._mask:
            raise MalformedInputError(
                f"status value must be an integer from 0 to {self._mask}",
                f"状态值必须是 0 至 {self._mask} 的整数",
            )
        return v

    def to_bytes(self) -> bytes:
        """The uncompressed byte array."""
        return bytes(self._buf)

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is type(self)
            and isinstance(other, PackedList)
            and other._bits == self._bits
            and other._size == self._size
            and other._buf == self._buf
        )

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"{type(self).__name__}(size={self._size}, bits={self._bits})"
