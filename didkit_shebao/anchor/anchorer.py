"""``Anchorer``: an agency's transparency log, anchored in batches.

:meth:`Anchorer.submit` appends a digest to the log and queues it;
:meth:`Anchorer.flush` signs one checkpoint over the whole log, anchors its
``(root, tree_size)`` with one ledger write, and returns a receipt for every
queued digest. One ledger write covers any number of digests.

Failure rules:

* a ledger error during :meth:`~Anchorer.flush` changes nothing: the digests
  stay queued and the error is raised; the next successful flush returns
  receipts for every digest still waiting, the earlier ones included;
* with a store (:class:`~didkit_shebao.anchor.store.AnchorStore`) the log,
  the signed checkpoints and so the queue survive a restart;
* the log only grows, and each checkpoint is consistent with every earlier
  one (:meth:`~Anchorer.consistency_proof`).

.. versionadded:: 0.1
"""

from __future__ import annotations

import gc
import hmac
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from .._resource import Closeable
from ..errors import (
    AnchorNotFoundError,
    AnchorStoreError,
    LedgerConflictError,
    LedgerError,
    MalformedInputError,
    ShebaoError,
    UnsupportedError,
)
from ..keys import Ed25519Key
from ..ledgers.base import Ledger, LedgerRef
from .checkpoint import Checkpoint, verify_checkpoint
from .digest import anchor_digest_of
from .merkle import HASH_SIZE, MerkleLog
from .note import check_key_name, format_verifier_key
from .receipt import Receipt
from .store import AnchorStore

__all__ = ["Anchorer"]


def _check_digest(digest: object) -> bytes:
    if type(digest) is not bytes or len(digest) != HASH_SIZE:
        raise MalformedInputError(
            "a digest to anchor must be 32 bytes (SHA-256 of a signed artifact; see "
            "anchor_digest_of)",
            "待锚定的摘要必须为 32 字节（已签名制品的 SHA-256；见 anchor_digest_of）",
        )
    return digest


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large batches.

    Building a million receipts allocates millions of container objects;
    each allocation burst triggers collections that re-scan everything
    already built, which more than doubles the time. Nothing built here
    forms reference cycles, so pausing is safe; the previous state is
    restored on exit (the same technique as Mercurial's ``util.nogc``).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Anchorer(Closeable):
    """Keeps an agency's log, signs checkpoints and anchors them on a ledger.

    Args:
        ledger: where roots are anchored (any :class:`~didkit_shebao.Ledger`).
            One ledger (file, contract, memory instance) per log: a ledger
            refuses a tree smaller than the largest it holds.
        log_key: the log's Ed25519 signing key.
        origin: the log's name (``c2sp.org/tlog-checkpoint`` origin, also the
            note key name), e.g. ``"rs.example.gov.cn/anchors"``.
        store: an :class:`AnchorStore` or a file path for one; without it
            the log lives in memory only.
    """

    def __init__(
        self,
        ledger: Ledger,
        *,
        log_key: Ed25519Key,
        origin: str,
        store: AnchorStore | str | os.PathLike[str] | None = None,
    ) -> None:
        if not isinstance(log_key, Ed25519Key):
            raise UnsupportedError(
                "the log key must be an Ed25519 private key (c2sp.org/signed-note type 0x01)",
                "日志密钥必须是 Ed25519 私钥（c2sp.org/signed-note 类型 0x01）",
            )
        self._origin = check_key_name(origin)
        self._ledger = ledger
        self._key = log_key
        self._verifier_key = format_verifier_key(origin, log_key)
        self._lock = threading.RLock()
        self._store: AnchorStore | None
        self._owns_store = not (store is None or isinstance(store, AnchorStore))
        if store is None or isinstance(store, AnchorStore):
            self._store = store
        else:
            self._store = AnchorStore(store)
        self._log = MerkleLog()
        self._checkpoints: list[Checkpoint] = []
        self._anchors: dict[int, tuple[LedgerRef, ...]] = {}
        self._anchored_size = 0
        if self._store is not None:
            try:
                self._load(self._store)
            except BaseException:
                if self._owns_store:
                    self._store.close()
                raise

    def _load(self, store: AnchorStore) -> None:
        store.bind(origin=self._origin, verifier_key=self._verifier_key)
        self._log = MerkleLog.from_entries(store.entries())
        for note, anchors in store.checkpoints():
            try:
                cp = verify_checkpoint(note, log_key=self._key, origin=self._origin)
            except ShebaoError as exc:
                raise AnchorStoreError(
                    "a stored checkpoint is not signed by this log's key; the store was altered",
                    "存储中的检查点不是本日志密钥签名的；存储已被篡改",
                ) from exc
            if cp.tree_size > self._log.size or not hmac.compare_digest(
                cp.root, self._log.root(cp.tree_size)
            ):
                raise AnchorStoreError(
                    "a stored checkpoint does not match the stored log; the store was altered",
                    "存储中的检查点与日志不符；存储已被篡改",
                )
            self._checkpoints.append(cp)
            if anchors is not None:
                self._anchors[cp.tree_size] = anchors
                self._anchored_size = max(self._anchored_size, cp.tree_size)

    # -- properties -----------------------------------------------------------

    @property
    def origin(self) -> str:
        """The log's origin."""
        return self._origin

    @property
    def ledger(self) -> Ledger:
        """The ledger roots are anchored on."""
        return self._ledger

    @property
    def verifier_key(self) -> str:
        """The log's C2SP verifier key ``<origin>+<key id>+<base64 key>``: publish it."""
        return self._verifier_key

    @property
    def tree_size(self) -> int:
        """Number of entries in the log."""
        return self._log.size

    @property
    def pending(self) -> int:
        """Number of digests waiting for a receipt (logged, not yet anchored)."""
        return self._log.size - self._anchored_size

    @property
    def checkpoints(self) -> tuple[Checkpoint, ...]:
        """Every checkpoint the log signed, oldest first (anchored or not)."""
        return tuple(self._checkpoints)

    def anchors(self, tree_size: int) -> tuple[LedgerRef, ...]:
        """Where the checkpoint of *tree_size* was anchored (empty if it was not)."""
        return self._anchors.get(tree_size, ()) if type(tree_size) is int else ()

    # -- writing --------------------------------------------------------------------

    def submit(self, digest: bytes) -> int:
        """Append *digest* (32 bytes) to the log and queue it; return its index.

        With a store, the digest is on disk when this returns.
        """
        return self.submit_many((digest,))[0]

    def submit_many(self, digests: Iterable[bytes]) -> list[int]:
        """Append several digests at once (one store transaction); return their indexes."""
        if isinstance(digests, bytes | str | Mapping) or not isinstance(digests, Iterable):
            raise MalformedInputError(
                "submit_many takes a list of 32-byte digests", "submit_many 需要 32 字节摘要的列表"
            )
        batch = list(digests)
        if not all(type(d) is bytes and len(d) == HASH_SIZE for d in batch):
            for d in batch:
                _check_digest(d)
        with self._lock, _gc_paused():
            start = self._log.size
            if self._store is not None and batch:
                self._store.append(start, batch)
            self._log.extend_leaves(batch)
            return list(range(start, start + len(batch)))

    def submit_artifact(self, artifact: str | bytes | Mapping[str, Any]) -> int:
        """Submit the digest of a signed artifact (see :func:`anchor_digest_of`)."""
        return self.submit(anchor_digest_of(artifact))

    def anchor_artifacts(
        self, artifacts: Iterable[str | bytes | Mapping[str, Any]]
    ) -> list[Receipt]:
        """Submit signed artifacts and flush: one call for an issuer.

        Returns the receipts of these artifacts, in order. Other digests that
        were waiting are anchored by the same flush; get their receipts with
        :meth:`receipt`.
        """
        if isinstance(artifacts, str | bytes | Mapping) or not isinstance(artifacts, Iterable):
            raise MalformedInputError(
                "anchor_artifacts takes a list of signed artifacts",
                "anchor_artifacts 需要已签名制品的列表",
            )
        with self._lock:
            indexes = self.submit_many([anchor_digest_of(a) for a in artifacts])
            by_index = {r.index: r for r in self.flush()}
            return [by_index[i] for i in indexes]

    def flush(self) -> list[Receipt]:
        """Sign a checkpoint, anchor it, and return a receipt per waiting digest.

        Returns ``[]`` when nothing waits. On a ledger error nothing changes
        (the digests stay queued) and the :class:`~didkit_shebao.errors.LedgerError`
        is raised; call :meth:`flush` again later.
        """
        with self._lock:
            n = self._log.size
            start = self._anchored_size
            if n == start:
                return []
            cp = self._checkpoint_for(n)
            refs = (self._anchor(cp),)
            if self._store is not None:
                self._store.set_anchors(n, refs)
            self._anchors[n] = refs
            self._anchored_size = n
            with _gc_paused():
                proofs = self._log.batch_inclusion_proofs(start)
                return Receipt._batch(start, proofs, cp, refs)

    def _checkpoint_for(self, n: int) -> Checkpoint:
        if self._checkpoints and self._checkpoints[-1].tree_size == n:
            return self._checkpoints[-1]  # signed before, its anchoring failed
        cp = Checkpoint.create(
            origin=self._origin, tree_size=n, root=self._log.root(), key=self._key
        )
        if self._store is not None:
            self._store.save_checkpoint(n, cp.to_note())
        self._checkpoints.append(cp)
        return cp

    def _anchor(self, cp: Checkpoint) -> LedgerRef:
        try:
            ref = self._ledger.anchor(cp.root, cp.tree_size)
        except LedgerConflictError:
            # An earlier attempt may have reached the ledger before failing.
            ref_or_none = self._ledger.lookup(cp.root)
            if ref_or_none is None or ref_or_none.tree_size != cp.tree_size:
                raise
            ref = ref_or_none
        if ref.root != cp.root or ref.tree_size != cp.tree_size:
            raise LedgerError(
                "the ledger returned a reference to another root or size; check the backend",
                "账本返回的引用指向其他树根或树大小；请检查账本后端",
            )
        return ref

    # -- reading --------------------------------------------------------------------

    def receipt(self, index: int) -> Receipt:
        """A fresh receipt for entry *index* against the newest anchored checkpoint."""
        with self._lock:
            if type(index) is not int or not 0 <= index < self._anchored_size:
                raise AnchorNotFoundError(
                    f"entry {index} is not anchored yet (or does not exist); call flush()",
                    f"条目 {index} 尚未锚定（或不存在）；请调用 flush()",
                )
            size = self._anchored_size
            cp = next(c for c in reversed(self._checkpoints) if c.tree_size == size)
            return Receipt(
                index=index,
                proof=tuple(self._log.inclusion_proof(index, size)),
                checkpoint=cp,
                anchors=self._anchors[size],
            )

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """RFC 9162 consistency proof between two tree sizes of this log.

        Verify it with :func:`~didkit_shebao.verify_consistency` against the
        roots of the two signed checkpoints.
        """
        with self._lock:
            return self._log.consistency_proof(old_size, new_size)

    def close(self) -> None:
        """Close the store if this anchorer opened it from a path."""
        if self._owns_store and self._store is not None:
            self._store.close()

    def __repr__(self) -> str:
        return (
            f"Anchorer(origin={self._origin!r}, tree_size={self.tree_size}, "
            f"pending={self.pending}, ledger={self._ledger.ledger_id!r})"
        )
