"""The ``Ledger`` protocol and the values that cross it.

A ledger backend only moves bytes: the core computes Merkle roots and checks
receipts, a backend records ``(root, tree_size)`` pairs and reports what it
holds. Backends raise :class:`~didkit_shebao.errors.LedgerError` subclasses.

.. versionadded:: 0.1
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Protocol

from .._encoding import JSONObject
from ..errors import MalformedInputError

__all__ = ["AnchorStatus", "Ledger", "LedgerRef"]


class AnchorStatus(enum.Enum):
    """Where an anchor stands on its ledger."""

    PENDING = "pending"
    """Submitted, not yet in a block."""
    INCLUDED = "included"
    """In a block that may still be reorganised away."""
    FINAL = "final"
    """Buried under at least the ledger's finality depth."""
    MISSING = "missing"
    """Not on the ledger (never written, or dropped by a reorg)."""


@dataclass(frozen=True, slots=True)
class LedgerRef:
    """Where one ``(root, tree_size)`` anchor lives on a ledger.

    ``ledger`` names the ledger: ``eip155:<chainId>`` for EVM chains,
    ``sqlite:<ledger uuid>`` or ``memory:<name>`` for the embedded backends.
    The block hash is kept so that a reorganisation shows up as MISSING.
    """

    ledger: str
    root: bytes
    tree_size: int
    tx: str | None = None
    block: int | None = None
    block_hash: str | None = None
    log_index: int | None = None
    contract: str | None = None

    def to_json(self) -> JSONObject:
        """A JSON object (root as lowercase hex); ``None`` fields are left out."""
        out: JSONObject = {
            "ledger": self.ledger,
            "root": self.root.hex(),
            "treeSize": self.tree_size,
        }
        for name, key in _OPTIONAL_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[key] = value
        return out

    @classmethod
    def from_json(cls, data: Any) -> LedgerRef:
        """Parse :meth:`to_json` output; raises :class:`MalformedInputError`."""
        if not isinstance(data, dict):
            raise _bad("must be a JSON object", "必须是 JSON 对象")
        ledger, root, size = data.get("ledger"), data.get("root"), data.get("treeSize")
        if not isinstance(ledger, str) or not ledger:
            raise _bad("needs a 'ledger' name", "缺少 'ledger' 名称")
        if not isinstance(root, str) or len(root) != 64:
            raise _bad("needs a 64-hex-digit 'root'", "缺少 64 位十六进制的 'root'")
        try:
            root_bytes = bytes.fromhex(root)
        except ValueError as exc:
            raise _bad("'root' is not hex", "'root' 不是十六进制") from exc
        if root_bytes.hex() != root:
            raise _bad("'root' must be lowercase hex", "'root' 必须是小写十六进制")
        if type(size) is not int or not 1 <= size < 1 << 64:
            raise _bad("needs a positive integer 'treeSize'", "缺少正整数 'treeSize'")
        kwargs: dict[str, Any] = {}
        for name, key in _OPTIONAL_FIELDS:
            if key in data and data[key] is not None:
                value = data[key]
                expected = int if name in ("block", "log_index") else str
                if type(value) is not expected:
                    raise _bad(f"'{key}' has the wrong type", f"'{key}' 类型错误")
                kwargs[name] = value
        unknown = data.keys() - _KNOWN_MEMBERS
        if unknown:
            raise _bad(f"has unknown members {sorted(unknown)}", f"含未知成员 {sorted(unknown)}")
        return cls(ledger=ledger, root=root_bytes, tree_size=size, **kwargs)


_OPTIONAL_FIELDS = (
    ("tx", "tx"),
    ("block", "block"),
    ("block_hash", "blockHash"),
    ("log_index", "logIndex"),
    ("contract", "contract"),
)

_KNOWN_MEMBERS = frozenset({"ledger", "root", "treeSize"} | {k for _, k in _OPTIONAL_FIELDS})


def _bad(en: str, zh: str) -> MalformedInputError:
    return MalformedInputError(f"ledger reference {en}", f"账本引用{zh}")


class Ledger(Protocol):
    """What a ledger backend provides.

    Every backend refuses a tree that shrinks and never records a root twice
    (:class:`~didkit_shebao.errors.LedgerConflictError`).

    .. versionadded:: 0.1
    """

    @property
    def ledger_id(self) -> str:
        """The name written into every :class:`LedgerRef` (``LedgerRef.ledger``)."""
        ...

    def anchor(self, root: bytes, tree_size: int) -> LedgerRef:
        """Record ``(root, tree_size)``; return where it was written."""
        ...

    def status(self, ref: LedgerRef) -> AnchorStatus:
        """Where *ref* stands now: PENDING, INCLUDED, FINAL or MISSING."""
        ...

    def lookup(self, root: bytes) -> LedgerRef | None:
        """The reference for *root* as the ledger holds it now, or ``None``."""
        ...
