"""``SQLiteLedger``: the embedded default ledger, one crash-safe file.

Anchors go into an append-only table (triggers refuse UPDATE and DELETE) in a
WAL-mode database with ``synchronous=FULL``: :meth:`SQLiteLedger.anchor`
returns only after its transaction is committed and the WAL is synced to
disk, so a process killed at any moment (even with SIGKILL) loses no anchor
it acknowledged. Each anchor is therefore FINAL as soon as it is returned;
there is no PENDING or INCLUDED stage.

Rows are hash-chained (``record_hash = SHA-256(previous record hash, seq,
root, tree size, time)``); the chained hash is the reference's
``block_hash``, so a reference to a row that was replaced, or forged, shows
as MISSING, and :meth:`SQLiteLedger.check_integrity` re-walks the chain.

.. versionadded:: 0.1
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Final

from .._resource import Closeable
from ..errors import LedgerError, LedgerUnavailableError
from ._checks import (
    check_anchor_args,
    check_ref,
    check_root,
    repeated_root_error,
    shrink_error,
)
from .base import AnchorStatus, LedgerRef

__all__ = ["SQLiteLedger"]

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS ledger_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS anchors (
    seq         INTEGER PRIMARY KEY,
    root        BLOB    NOT NULL UNIQUE CHECK (length(root) = 32),
    tree_size   INTEGER NOT NULL CHECK (tree_size >= 1),
    recorded_at INTEGER NOT NULL,
    record_hash BLOB    NOT NULL CHECK (length(record_hash) = 32)
) STRICT;
CREATE TRIGGER IF NOT EXISTS anchors_no_update BEFORE UPDATE ON anchors
BEGIN SELECT RAISE(ABORT, 'the anchor ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS anchors_no_delete BEFORE DELETE ON anchors
BEGIN SELECT RAISE(ABORT, 'the anchor ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS ledger_meta_no_update BEFORE UPDATE ON ledger_meta
BEGIN SELECT RAISE(ABORT, 'the ledger identity is fixed'); END;
CREATE TRIGGER IF NOT EXISTS ledger_meta_no_delete BEFORE DELETE ON ledger_meta
BEGIN SELECT RAISE(ABORT, 'the ledger identity is fixed'); END;
"""
_FORMAT: Final = "didkit-shebao/sqlite-ledger@v1"


def _record_hash(prev: bytes, seq: int, root: bytes, tree_size: int, recorded_at: int) -> bytes:
    return hashlib.sha256(
        prev
        + seq.to_bytes(8, "big")
        + root
        + tree_size.to_bytes(8, "big")
        + recorded_at.to_bytes(8, "big", signed=True)
    ).digest()


def _genesis(ledger_uuid: str) -> bytes:
    return hashlib.sha256(f"{_FORMAT}\n{ledger_uuid}".encode()).digest()


def _translate(exc: sqlite3.Error) -> LedgerError:
    if isinstance(exc, sqlite3.OperationalError):
        return LedgerUnavailableError(
            f"the SQLite ledger file is busy or cannot be written ({type(exc).__name__}); "
            "retry later, nothing was recorded",
            "SQLite 账本文件繁忙或无法写入；请稍后重试，本次未记录任何内容",
        )
    return LedgerError(
        "the SQLite ledger file is damaged or is not a ledger; restore it from a backup",
        "SQLite 账本文件已损坏或不是账本文件；请从备份恢复",
    )


class SQLiteLedger(Closeable):
    """The embedded ledger: an append-only, crash-safe SQLite file.

    Args:
        path: the database file (created when absent, with a new ledger id).
        clock: returns the current Unix time; recorded with each anchor.

    ``ledger_id`` is ``sqlite:<uuid>``, fixed when the file is created.
    References carry ``block`` (the row number) and ``block_hash`` (the
    row's chained hash). Every anchor is FINAL once :meth:`anchor` returns.
    """

    def __init__(self, path: str | os.PathLike[str], *, clock: Callable[[], float] = time.time):
        self._path = Path(path)
        self._clock = clock
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(
                self._path, isolation_level=None, check_same_thread=False, timeout=10.0
            )
        except sqlite3.Error as exc:
            raise _translate(exc) from exc
        try:
            self._db.execute("PRAGMA busy_timeout = 10000")
            mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise LedgerUnavailableError(
                    "the SQLite ledger could not switch to WAL mode; use a local file system",
                    "SQLite 账本无法切换到 WAL 模式；请使用本地文件系统",
                )
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA.split(";\n"):
                if statement.strip():
                    self._db.execute(statement)
            self._db.execute(
                "INSERT OR IGNORE INTO ledger_meta (key, value) VALUES ('format', ?)", (_FORMAT,)
            )
            self._db.execute(
                "INSERT OR IGNORE INTO ledger_meta (key, value) VALUES ('uuid', ?)",
                (str(uuid.uuid4()),),
            )
            self._db.execute("COMMIT")
            meta = dict(self._db.execute("SELECT key, value FROM ledger_meta").fetchall())
        except sqlite3.Error as exc:
            self._rollback()
            self._db.close()
            raise _translate(exc) from exc
        if meta.get("format") != _FORMAT:
            self._db.close()
            raise LedgerError(
                "this SQLite file is not a didkit-shebao ledger",
                "该 SQLite 文件不是 didkit-shebao 账本",
            )
        self._uuid = meta["uuid"]

    # -- protocol -------------------------------------------------------------

    @property
    def ledger_id(self) -> str:
        """``sqlite:<uuid>``, fixed when the file was created."""
        return f"sqlite:{self._uuid}"

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    def anchor(self, root: bytes, tree_size: int) -> LedgerRef:
        """Record ``(root, tree_size)`` durably; return its reference (already FINAL)."""
        root, tree_size = check_anchor_args(root, tree_size)
        recorded_at = int(self._clock())
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    if self._db.execute(
                        "SELECT 1 FROM anchors WHERE root = ?", (root,)
                    ).fetchone():
                        raise repeated_root_error()
                    last = self._db.execute(
                        "SELECT seq, tree_size, record_hash FROM anchors ORDER BY seq DESC LIMIT 1"
                    ).fetchone()
                    if last is not None and tree_size <= last[1]:
                        raise shrink_error(tree_size, last[1])
                    seq = 1 if last is None else last[0] + 1
                    prev = _genesis(self._uuid) if last is None else bytes(last[2])
                    record_hash = _record_hash(prev, seq, root, tree_size, recorded_at)
                    self._db.execute(
                        "INSERT INTO anchors (seq, root, tree_size, recorded_at, record_hash) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (seq, root, tree_size, recorded_at, record_hash),
                    )
                    self._db.execute("COMMIT")
                except BaseException:
                    self._rollback()
                    raise
            except sqlite3.Error as exc:
                raise _translate(exc) from exc
        return self._ref(seq, root, tree_size, record_hash)

    def status(self, ref: LedgerRef) -> AnchorStatus:
        """FINAL when the row matches *ref* exactly (root, size, chained hash); else MISSING."""
        check_ref(ref)
        if ref.ledger != self.ledger_id:
            return AnchorStatus.MISSING
        with self._lock:
            try:
                if ref.block is None:
                    row = self._db.execute(
                        "SELECT seq, root, tree_size, record_hash FROM anchors WHERE root = ?",
                        (ref.root,),
                    ).fetchone()
                else:
                    row = self._db.execute(
                        "SELECT seq, root, tree_size, record_hash FROM anchors WHERE seq = ?",
                        (ref.block,),
                    ).fetchone()
            except sqlite3.Error as exc:
                raise _translate(exc) from exc
        if row is None:
            return AnchorStatus.MISSING
        _, root, tree_size, record_hash = row
        if bytes(root) != ref.root or tree_size != ref.tree_size:
            return AnchorStatus.MISSING
        if ref.block_hash is not None and ref.block_hash != "0x" + bytes(record_hash).hex():
            return AnchorStatus.MISSING
        return AnchorStatus.FINAL

    def lookup(self, root: bytes) -> LedgerRef | None:
        """The reference for *root*, or ``None``."""
        check_root(root)
        with self._lock:
            try:
                row = self._db.execute(
                    "SELECT seq, root, tree_size, record_hash FROM anchors WHERE root = ?",
                    (root,),
                ).fetchone()
            except sqlite3.Error as exc:
                raise _translate(exc) from exc
        if row is None:
            return None
        return self._ref(row[0], bytes(row[1]), row[2], bytes(row[3]))

    # -- extras -------------------------------------------------------------------

    @property
    def height(self) -> int:
        """Number of anchors recorded."""
        with self._lock:
            try:
                row = self._db.execute("SELECT count(*) FROM anchors").fetchone()
            except sqlite3.Error as exc:
                raise _translate(exc) from exc
        return int(row[0])

    def check_integrity(self) -> int:
        """Run SQLite's integrity check and re-walk the hash chain; return the anchor count.

        Raises :class:`~didkit_shebao.errors.LedgerError` when the file is
        damaged, a row was altered, or the tree ever failed to grow.
        """
        with self._lock:
            try:
                result = self._db.execute("PRAGMA integrity_check").fetchall()
                rows = self._db.execute(
                    "SELECT seq, root, tree_size, recorded_at, record_hash FROM anchors "
                    "ORDER BY seq"
                ).fetchall()
            except sqlite3.Error as exc:
                raise _translate(exc) from exc
        if result != [("ok",)]:
            raise LedgerError(
                "the SQLite ledger file failed its integrity check; restore it from a backup",
                "SQLite 账本文件未通过完整性检查；请从备份恢复",
            )
        prev, last_size = _genesis(self._uuid), 0
        for expected_seq, (seq, root, tree_size, recorded_at, record_hash) in enumerate(rows, 1):
            if (
                seq != expected_seq
                or tree_size <= last_size
                or _record_hash(prev, seq, bytes(root), tree_size, recorded_at)
                != bytes(record_hash)
            ):
                raise LedgerError(
                    f"the SQLite ledger's hash chain breaks at row {seq}; the file was altered",
                    f"SQLite 账本的哈希链在第 {seq} 行断开；文件已被篡改",
                )
            prev, last_size = bytes(record_hash), tree_size
        return len(rows)

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()

    def __repr__(self) -> str:
        return f"SQLiteLedger({str(self._path)!r}, ledger_id={self.ledger_id!r})"

    # -- internals ----------------------------------------------------------------

    def _rollback(self) -> None:
        try:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def _ref(self, seq: int, root: bytes, tree_size: int, record_hash: bytes) -> LedgerRef:
        return LedgerRef(
            ledger=self.ledger_id,
            root=root,
            tree_size=tree_size,
            block=seq,
            block_hash="0x" + record_hash.hex(),
        )
