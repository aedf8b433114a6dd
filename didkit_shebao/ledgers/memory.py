"""``MemoryLedger``: a deterministic in-process chain for tests.

It behaves like a small blockchain: blocks with numbers and hashes, one new
block per anchor (or a mempool until :meth:`MemoryLedger.mine` when
``auto_mine=False``), finality after ``finality_depth`` further blocks, and
fault injection: :meth:`~MemoryLedger.fail_next` makes the next anchor calls
fail, :meth:`~MemoryLedger.reorg` replaces the newest blocks with empty ones
of different hashes, so references into them become MISSING.

Everything is derived from the ledger's name and the calls made, never from
the clock or randomness, so two runs give the same hashes.

.. versionadded:: 0.1
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

from ..errors import LedgerUnavailableError, MalformedInputError
from ._checks import check_anchor_args, check_ref, repeated_root_error, shrink_error
from .base import AnchorStatus, LedgerRef

__all__ = ["MemoryLedger"]


@dataclass(frozen=True, slots=True)
class _Record:
    root: bytes
    tree_size: int
    tx: str


@dataclass(frozen=True, slots=True)
class _Block:
    number: int
    hash: str
    records: tuple[_Record, ...]


class MemoryLedger:
    """An in-memory, deterministic ledger with blocks, finality, faults and reorgs.

    Args:
        finality_depth: how many further blocks make an anchor FINAL (0: at once).
        name: the ledger name; ``ledger_id`` is ``memory:<name>``.
        auto_mine: when True (default) each anchor goes into a new block at
            once (INCLUDED). When False anchors wait in a mempool (PENDING)
            until :meth:`mine` puts them into the next block.

    Like every backend it refuses a tree that does not grow and a root it
    already holds (:class:`~didkit_shebao.errors.LedgerConflictError`).
    """

    def __init__(
        self, finality_depth: int = 0, *, name: str = "default", auto_mine: bool = True
    ) -> None:
        if type(finality_depth) is not int or finality_depth < 0:
            raise MalformedInputError(
                "finality_depth must be a non-negative integer", "finality_depth 必须是非负整数"
            )
        if (
            not isinstance(name, str)
            or not name
            or any(c.isspace() or "\ud800" <= c <= "\udfff" for c in name)
        ):
            raise MalformedInputError(
                "the memory ledger name must be non-empty without spaces",
                "内存账本名称必须非空且不含空白",
            )
        self._name = name
        self._finality_depth = finality_depth
        self._auto_mine = auto_mine
        self._lock = threading.Lock()
        self._blocks: list[_Block] = []
        self._mempool: list[_Record] = []
        self._failures = 0
        self._tx_counter = 0
        self._reorgs = 0
        self._append_block(())  # genesis

    # -- protocol -------------------------------------------------------------

    @property
    def ledger_id(self) -> str:
        """``memory:<name>``."""
        return f"memory:{self._name}"

    @property
    def finality_depth(self) -> int:
        """Blocks needed on top of an anchor's block before it is FINAL."""
        return self._finality_depth

    @property
    def height(self) -> int:
        """Number of the newest block (the genesis block is 0)."""
        return len(self._blocks) - 1

    def anchor(self, root: bytes, tree_size: int) -> LedgerRef:
        """Record ``(root, tree_size)``: in a new block, or the mempool with ``auto_mine=False``."""
        root, tree_size = check_anchor_args(root, tree_size)
        with self._lock:
            if self._failures:
                self._failures -= 1
                raise LedgerUnavailableError(
                    "the memory ledger is failing on purpose (fail_next); retry later",
                    "内存账本按设定模拟故障（fail_next）；请稍后重试",
                )
            records = [r for b in self._blocks for r in b.records] + self._mempool
            if any(r.root == root for r in records):
                raise repeated_root_error()
            last = max((r.tree_size for r in records), default=0)
            if tree_size <= last:
                raise shrink_error(tree_size, last)
            self._tx_counter += 1
            tx = "0x" + _digest(
                b"tx", self._name.encode(), self._tx_counter.to_bytes(8, "big"), root
            )
            record = _Record(root=root, tree_size=tree_size, tx=tx)
            if not self._auto_mine:
                self._mempool.append(record)
                return LedgerRef(ledger=self.ledger_id, root=root, tree_size=tree_size, tx=tx)
            block = self._append_block((record,))
            return self._ref(block, 0)

    def status(self, ref: LedgerRef) -> AnchorStatus:
        """PENDING in the mempool; INCLUDED / FINAL in a canonical block; else MISSING."""
        check_ref(ref)
        with self._lock:
            if ref.ledger != self.ledger_id:
                return AnchorStatus.MISSING
            if ref.block is None:
                if any(r.tx == ref.tx and r.root == ref.root for r in self._mempool):
                    return AnchorStatus.PENDING
                found = self._find(ref.root)
                if found is None or (
                    ref.tx is not None and found[0].records[found[1]].tx != ref.tx
                ):
                    return AnchorStatus.MISSING
                return self._depth_status(found[0])
            if not 0 <= ref.block < len(self._blocks):
                return AnchorStatus.MISSING
            block = self._blocks[ref.block]
            index = ref.log_index if ref.log_index is not None else 0
            if block.hash != ref.block_hash or not 0 <= index < len(block.records):
                return AnchorStatus.MISSING
            record = block.records[index]
            if (
                record.root != ref.root
                or record.tree_size != ref.tree_size
                or (ref.tx is not None and record.tx != ref.tx)
            ):
                return AnchorStatus.MISSING
            return self._depth_status(block)

    def lookup(self, root: bytes) -> LedgerRef | None:
        """The current reference for *root* (block position, or PENDING), or ``None``."""
        with self._lock:
            found = self._find(root)
            if found is not None:
                return self._ref(*found)
            for r in self._mempool:
                if r.root == root:
                    return LedgerRef(
                        ledger=self.ledger_id, root=r.root, tree_size=r.tree_size, tx=r.tx
                    )
            return None

    # -- test controls ------------------------------------------------------------

    def fail_next(self, n: int = 1) -> None:
        """Make the next *n* :meth:`anchor` calls raise ``LedgerUnavailableError``."""
        if type(n) is not int or n < 0:
            raise MalformedInputError("n must be a non-negative integer", "n 必须是非负整数")
        with self._lock:
            self._failures = n

    def mine(self, blocks: int = 1) -> None:
        """Add *blocks* blocks; the first takes every mempool anchor, the rest are empty."""
        if type(blocks) is not int or blocks < 0:
            raise MalformedInputError(
                "blocks must be a non-negative integer", "blocks 必须是非负整数"
            )
        with self._lock:
            for i in range(blocks):
                records = tuple(self._mempool) if i == 0 else ()
                if i == 0:
                    self._mempool.clear()
                self._append_block(records)

    def reorg(self, depth: int) -> None:
        """Replace the newest *depth* blocks with as many empty blocks of other hashes.

        Anchors in the dropped blocks are gone (MISSING); the genesis block stays.
        """
        if type(depth) is not int or not 0 <= depth < len(self._blocks):
            raise MalformedInputError(
                "reorg depth must be between 0 and the chain height",
                "重组深度必须介于 0 与链高度之间",
            )
        with self._lock:
            self._reorgs += 1
            del self._blocks[len(self._blocks) - depth :]
            for _ in range(depth):
                self._append_block(())

    # -- internals ----------------------------------------------------------------

    def _append_block(self, records: tuple[_Record, ...]) -> _Block:
        number = len(self._blocks)
        parent = self._blocks[-1].hash if self._blocks else "0x" + "00" * 32
        block_hash = "0x" + _digest(
            b"block",
            self._name.encode(),
            number.to_bytes(8, "big"),
            self._reorgs.to_bytes(8, "big"),
            parent.encode(),
            *(r.tx.encode() for r in records),
        )
        block = _Block(number=number, hash=block_hash, records=records)
        self._blocks.append(block)
        return block

    def _find(self, root: bytes) -> tuple[_Block, int] | None:
        for block in self._blocks:
            for i, r in enumerate(block.records):
                if r.root == root:
                    return block, i
        return None

    def _ref(self, block: _Block, index: int) -> LedgerRef:
        r = block.records[index]
        return LedgerRef(
            ledger=self.ledger_id,
            root=r.root,
            tree_size=r.tree_size,
            tx=r.tx,
            block=block.number,
            block_hash=block.hash,
            log_index=index,
        )

    def _depth_status(self, block: _Block) -> AnchorStatus:
        confirmations = len(self._blocks) - 1 - block.number
        if confirmations >= self._finality_depth:
            return AnchorStatus.FINAL
        return AnchorStatus.INCLUDED

    def __repr__(self) -> str:
        return (
            f"MemoryLedger(name={self._name!r}, height={self.height}, "
            f"finality_depth={self._finality_depth})"
        )


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(len(p).to_bytes(4, "big"))
        h.update(p)
    return h.hexdigest()
