"""Ledger backends and the protocol they follow.

:func:`open_ledger` turns a ledger name such as ``sqlite:/var/lib/anchors.db``
or ``memory:`` into a backend (the CLI's ``--ledger`` option uses it).
"""

from __future__ import annotations

from .base import AnchorStatus, Ledger, LedgerRef
from .memory import MemoryLedger
from .sqlite import SQLiteLedger

__all__ = ["AnchorStatus", "Ledger", "LedgerRef", "MemoryLedger", "SQLiteLedger", "open_ledger"]


def open_ledger(spec: str) -> Ledger:
    """Open the ledger named by *spec*.

    * ``sqlite:PATH`` — :class:`SQLiteLedger` on the file PATH (created if absent);
    * ``memory:`` or ``memory:NAME`` — a new :class:`MemoryLedger` (lost at exit).

    Other schemes raise :class:`~didkit_shebao.errors.UnsupportedError`
    naming the supported ones.
    """
    from ..errors import MalformedInputError, UnsupportedError

    if not isinstance(spec, str):
        raise MalformedInputError("a ledger name must be a string", "账本名称必须是字符串")
    scheme, sep, rest = spec.partition(":")
    if sep and scheme == "sqlite":
        if not rest:
            raise MalformedInputError(
                "sqlite: needs a file path, e.g. sqlite:anchors.db",
                "sqlite: 需要文件路径，例如 sqlite:anchors.db",
            )
        return SQLiteLedger(rest)
    if sep and scheme == "memory":
        return MemoryLedger(name=rest or "default")
    raise UnsupportedError(
        f"unknown ledger {spec!r}; use sqlite:PATH or memory:[NAME]",
        f"未知账本 {spec!r}；请使用 sqlite:PATH 或 memory:[名称]",
    )
