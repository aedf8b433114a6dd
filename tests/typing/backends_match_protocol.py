"""Type-level check, run by mypy (not pytest): every ledger backend is a ``Ledger``.

A backend that drifts from the protocol (a missing method, a changed
signature) fails ``mypy`` here before any test runs.
"""

from __future__ import annotations

from pathlib import Path

from didkit_shebao.ledgers import EVMLedger, Ledger, MemoryLedger, SQLiteLedger


def _memory() -> Ledger:
    return MemoryLedger()


def _sqlite(path: Path) -> Ledger:
    return SQLiteLedger(path)


def _evm(url: str, contract: str) -> Ledger:
    return EVMLedger(url, contract=contract)
