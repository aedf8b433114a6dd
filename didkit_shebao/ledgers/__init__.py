"""Ledger backends and the protocol they follow."""

from __future__ import annotations

from .base import AnchorStatus, Ledger, LedgerRef
from .evm import EVMLedger

__all__ = ["AnchorStatus", "EVMLedger", "Ledger", "LedgerRef"]
