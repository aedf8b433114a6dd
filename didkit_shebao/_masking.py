"""Reprs that never print personal or secret data (internal).

A repr ends up in logs, tracebacks and debugger views. Objects that hold
claims, salts, certificate numbers or signed payloads print what they hold by
name only: the member names of a mapping, ``…`` for anything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

__all__ = ["MASK", "masked_repr"]

#: What a masked value prints as.
MASK: Final = "…"


def _names(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k!r}: {MASK}" for k in value) + "}"
    if isinstance(value, tuple | list) and all(isinstance(v, Mapping) for v in value):
        inner = ", ".join(_names(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return MASK


def masked_repr(
    obj: object,
    *,
    shown: Iterable[str] = (),
    names: Iterable[str] = (),
    hidden: Iterable[str] = (),
) -> str:
    """``Type(a=…)``: *shown* attributes as their repr, *names* as their member names, *hidden* as ``…``.

    ``None`` prints as ``None`` in every group: its absence is no secret.
    """
    parts = [f"{f}={getattr(obj, f)!r}" for f in shown]
    parts += [f"{f}={_names(getattr(obj, f))}" for f in names]
    parts += [f"{f}={MASK if getattr(obj, f) is not None else None}" for f in hidden]
    return f"{type(obj).__name__}({', '.join(parts)})"
