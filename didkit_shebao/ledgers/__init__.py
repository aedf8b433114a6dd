"""Ledger backends and the protocol they follow.

:func:`open_ledger` turns a ledger name such as ``sqlite:/var/lib/anchors.db``,
``memory:`` or ``evm:http://127.0.0.1:8545?contract=0x…`` into a backend (the CLI's ``--ledger`` option uses it).
"""

from __future__ import annotations

from .base import AnchorStatus, Ledger, LedgerRef
from .evm import EVMLedger
from .memory import MemoryLedger
from .sqlite import SQLiteLedger

__all__ = [
    "AnchorStatus",
    "EVMLedger",
    "Ledger",
    "LedgerRef",
    "MemoryLedger",
    "SQLiteLedger",
    "open_ledger",
]


def open_ledger(spec: str) -> Ledger:
    """Open the ledger named by *spec*.

    * ``sqlite:PATH`` — :class:`SQLiteLedger` on the file PATH (created if absent);
    * ``memory:`` or ``memory:NAME`` — a new :class:`MemoryLedger` (lost at exit);
    * ``evm:URL?contract=0x…[&finality_depth=N][&gas_price=WEI][&receipt_timeout=S][&key_env=VAR]``
      — :class:`EVMLedger` on that JSON-RPC endpoint and contract (needs the ``evm``
      extra). The private key comes from ``$DIDKIT_SHEBAO_EVM_KEY`` (or the
      variable ``key_env`` names); without it the ledger is read-only. See
      :meth:`EVMLedger.from_spec`.

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
    if sep and scheme == "evm":
        return EVMLedger.from_spec(spec)
    raise UnsupportedError(
        f"unknown ledger {spec!r}; use sqlite:PATH, memory:[NAME] or evm:URL?contract=0x…",
        f"未知账本 {spec!r}；请使用 sqlite:PATH、memory:[名称] 或 evm:URL?contract=0x…",
    )
