"""JSON Pointers (RFC 6901) as used to name disclosable claims."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Final, TypeAlias

from ..errors import MalformedInputError

__all__ = ["Path", "format_pointer", "parse_pointer", "parse_pointers"]

Path: TypeAlias = tuple[str | int, ...]
"""A parsed pointer: member names (str) and array indices (int)."""

_INDEX: Final = re.compile(r"0|[1-9][0-9]{0,8}")
_BAD_ESCAPE: Final = re.compile(r"~(?![01])")


def parse_pointer(pointer: str) -> tuple[str, ...]:
    """Split an RFC 6901 pointer into unescaped reference tokens.

    ``""`` is the whole document and yields ``()``. Whether a token is an
    array index depends on the document, so tokens stay strings here.
    """
    if not isinstance(pointer, str):
        raise MalformedInputError(
            "a JSON Pointer must be a string such as '/address/street'",
            "JSON Pointer 必须是字符串，例如 '/address/street'",
        )
    return _parse(pointer)


@lru_cache(maxsize=4096)
def _parse(pointer: str) -> tuple[str, ...]:
    if pointer == "":
        return ()
    if not pointer.startswith("/"):
        raise MalformedInputError(
            f"JSON Pointer {pointer!r} must start with '/' (RFC 6901)",
            f"JSON Pointer {pointer!r} 必须以 '/' 开头（RFC 6901）",
        )
    if "~" not in pointer:
        return tuple(pointer[1:].split("/"))
    if _BAD_ESCAPE.search(pointer):
        raise MalformedInputError(
            f"JSON Pointer {pointer!r} has '~' not followed by 0 or 1 (write ~0 for '~', ~1 for '/')",
            f"JSON Pointer {pointer!r} 中的 '~' 后必须是 0 或 1（'~' 写作 ~0，'/' 写作 ~1）",
        )
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/"))


def parse_pointers(pointers: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """Parse several pointers (a single string is refused: pass a list)."""
    if isinstance(pointers, str):
        raise MalformedInputError(
            "pass a list of JSON Pointers, not a single string",
            "请传入 JSON Pointer 列表，而不是单个字符串",
        )
    if not isinstance(pointers, Iterable) or isinstance(pointers, (bytes, Mapping)):
        raise MalformedInputError(
            "pass a list of JSON Pointers such as ['/address/street']",
            "请传入 JSON Pointer 列表，例如 ['/address/street']",
        )
    items = tuple(pointers)
    try:
        return _parse_all(items)
    except TypeError:  # an unhashable item: parse_pointer refuses it below
        pass
    return tuple(parse_pointer(p) for p in items)


@lru_cache(maxsize=256)
def _parse_all(pointers: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    # Issuers and holders pass the same pointer lists again and again.
    return tuple(parse_pointer(p) for p in pointers)


def array_index(token: str, length: int, pointer: str | tuple[str, ...]) -> int:
    """The array index a token names; refuses '-', leading zeros and out-of-range values."""
    if _INDEX.fullmatch(token) is None or int(token) >= length:
        if not isinstance(pointer, str):
            pointer = format_pointer(pointer)
        raise MalformedInputError(
            f"JSON Pointer {pointer!r} does not name an element of an array of {length}",
            f"JSON Pointer {pointer!r} 未指向长度为 {length} 的数组中的元素",
        )
    return int(token)


def format_pointer(path: Path) -> str:
    """The RFC 6901 string for a parsed path."""
    text = "/" + "/".join(map(str, path)) if path else ""
    if text.count("/") == len(path) and "~" not in text:
        return text
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in path)
