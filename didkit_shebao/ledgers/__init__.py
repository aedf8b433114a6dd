"""Ledger backends and the protocol they follow."""

from __future__ import annotations

from .base import AnchorStatus, Ledger, LedgerRef

__all__ = ["AnchorStatus", "Ledger", "LedgerRef"]
