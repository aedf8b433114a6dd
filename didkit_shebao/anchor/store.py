"""``AnchorStore``: the durable state of an :class:`~didkit_shebao.Anchorer`.

One SQLite file (WAL, ``synchronous=FULL``) holding:

* ``entries`` — the log: every submitted digest at its index (append-only);
* ``checkpoints`` — every signed checkpoint (note text) with the ledger
  references it was anchored with (NULL while not anchored yet).

The queue of digests waiting for a receipt is not a separate table: it is
exactly the entries from the size of the last anchored checkpoint to the end
of the log, so the two can never drift apart. A digest is durable once
:meth:`AnchorStore.append` returns (``Anchorer.submit`` returns after that).

.. versionadded:: 0.1
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Final

from .._encoding import canonical_json, parse_json
from .._resource import Closeable
from ..errors import AnchorStoreError
from ..ledgers.base import LedgerRef

__all__ = ["AnchorStore", "StoredCheckpoint"]

_FORMAT: Final = "didkit-shebao/anchor-store@v1"
_SCHEMA: Final = (
    """CREATE TABLE IF NOT EXISTS store_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE IF NOT EXISTS entries (
        idx    INTEGER PRIMARY KEY CHECK (idx >= 0),
        digest BLOB NOT NULL CHECK (length(digest) = 32)
    ) STRICT""",
    """CREATE TABLE IF NOT EXISTS checkpoints (
        tree_size INTEGER PRIMARY KEY CHECK (tree_size >= 1),
        note      TEXT NOT NULL,
        anchors   TEXT
    ) STRICT""",
    """CREATE TRIGGER IF NOT EXISTS entries_append_only BEFORE UPDATE ON entries
    BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
    BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS checkpoints_no_delete BEFORE DELETE ON checkpoints
    BEGIN SELECT RAISE(ABORT, 'signed checkpoints are kept'); END""",
    """CREATE TRIGGER IF NOT EXISTS checkpoints_note_fixed BEFORE UPDATE OF note, tree_size
    ON checkpoints BEGIN SELECT RAISE(ABORT, 'signed checkpoints are kept'); END""",
)

StoredCheckpoint = tuple[str, tuple[LedgerRef, ...] | None]
"""A stored checkpoint: its signed note, and its anchors (``None`` if not anchored)."""


def _error(exc: sqlite3.Error) -> AnchorStoreError:
    return AnchorStoreError(
        f"the anchor store cannot be used ({type(exc).__name__}); check the file and its "
        "permissions; nothing was changed",
        "无法使用锚定存储文件；请检查该文件及其权限；本次未做任何修改",
    )


def _usable_path(path: str | bytes) -> bool:
    """SQLite takes a UTF-8 path without NUL bytes."""
    if isinstance(path, bytes):
        return b"\x00" not in path
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in path


class AnchorStore(Closeable):
    """A SQLite file keeping an anchorer's log, checkpoints and (implicitly) its queue.

    Args:
        path: the database file; created when absent.

    One store belongs to one log: :meth:`bind` records the log's origin and
    verifier key the first time and refuses any other later.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        if not isinstance(path, str | os.PathLike) or not _usable_path(os.fspath(path)):
            raise AnchorStoreError(
                "the anchor store path must be a file path (str or pathlib.Path)",
                "锚定存储路径必须是文件路径（str 或 pathlib.Path）",
            )
        self._path = Path(path)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(
                self._path, isolation_level=None, check_same_thread=False, timeout=10.0
            )
            self._db.execute("PRAGMA busy_timeout = 10000")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            with self._transaction():
                for statement in _SCHEMA:
                    self._db.execute(statement)
                self._db.execute(
                    "INSERT OR IGNORE INTO store_meta (key, value) VALUES ('format', ?)",
                    (_FORMAT,),
                )
            row = self._db.execute("SELECT value FROM store_meta WHERE key = 'format'").fetchone()
        except sqlite3.Error as exc:
            raise _error(exc) from exc
        if row is None or row[0] != _FORMAT:
            raise AnchorStoreError(
                "this SQLite file is not a didkit-shebao anchor store",
                "该 SQLite 文件不是 didkit-shebao 锚定存储",
            )

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    def bind(self, *, origin: str, verifier_key: str) -> None:
        """Tie the store to a log (origin + verifier key); refuse another log later."""
        with self._lock:
            try:
                with self._transaction():
                    for key, value in (("origin", origin), ("verifier_key", verifier_key)):
                        row = self._db.execute(
                            "SELECT value FROM store_meta WHERE key = ?", (key,)
                        ).fetchone()
                        if row is None:
                            self._db.execute(
                                "INSERT INTO store_meta (key, value) VALUES (?, ?)", (key, value)
                            )
                        elif row[0] != value:
                            raise AnchorStoreError(
                                f"this anchor store belongs to another log (its {key} "
                                "differs); open the store of this log, or a new file",
                                f"该锚定存储属于另一个日志（{key} 不同）；请打开本日志的存储或新建文件",
                            )
            except sqlite3.Error as exc:
                raise _error(exc) from exc

    def entries(self) -> list[bytes]:
        """Every logged digest, in index order."""
        with self._lock:
            try:
                rows = self._db.execute("SELECT idx, digest FROM entries ORDER BY idx").fetchall()
            except sqlite3.Error as exc:
                raise _error(exc) from exc
        for expected, (idx, _) in enumerate(rows):
            if idx != expected:
                raise AnchorStoreError(
                    f"the anchor store's log has a gap at index {expected}; the file was altered",
                    f"锚定存储中的日志在索引 {expected} 处缺失；文件已被篡改",
                )
        return [bytes(d) for _, d in rows]

    def append(self, start: int, digests: Sequence[bytes]) -> None:
        """Durably append *digests* at indexes ``start, start + 1, …`` (one transaction)."""
        with self._lock:
            try:
                with self._transaction():
                    (count,) = self._db.execute("SELECT count(*) FROM entries").fetchone()
                    if count != start:
                        raise AnchorStoreError(
                            "another process appended to this anchor store; use one anchorer "
                            "per store",
                            "另一个进程写入了该锚定存储；每个存储只能由一个锚定器使用",
                        )
                    self._db.executemany(
                        "INSERT INTO entries (idx, digest) VALUES (?, ?)",
                        ((start + i, d) for i, d in enumerate(digests)),
                    )
            except sqlite3.Error as exc:
                raise _error(exc) from exc

    def save_checkpoint(self, tree_size: int, note: str) -> None:
        """Durably keep a signed checkpoint (before anchoring it)."""
        with self._lock:
            try:
                with self._transaction():
                    self._db.execute(
                        "INSERT OR IGNORE INTO checkpoints (tree_size, note) VALUES (?, ?)",
                        (tree_size, note),
                    )
            except sqlite3.Error as exc:
                raise _error(exc) from exc

    def set_anchors(self, tree_size: int, anchors: Sequence[LedgerRef]) -> None:
        """Record where the checkpoint of *tree_size* was anchored."""
        text = canonical_json([a.to_json() for a in anchors]).decode("utf-8")
        with self._lock:
            try:
                with self._transaction():
                    self._db.execute(
                        "UPDATE checkpoints SET anchors = ? WHERE tree_size = ?",
                        (text, tree_size),
                    )
            except sqlite3.Error as exc:
                raise _error(exc) from exc

    def checkpoints(self) -> list[StoredCheckpoint]:
        """Every stored checkpoint, by tree size: ``(note, anchors or None)``."""
        with self._lock:
            try:
                rows = self._db.execute(
                    "SELECT note, anchors FROM checkpoints ORDER BY tree_size"
                ).fetchall()
            except sqlite3.Error as exc:
                raise _error(exc) from exc
        out: list[StoredCheckpoint] = []
        for note, anchors in rows:
            refs = None
            if anchors is not None:
                data = parse_json(anchors, what="stored anchors")
                if not isinstance(data, list):
                    raise AnchorStoreError(
                        "the anchor store holds a malformed anchor list",
                        "锚定存储中的锚定列表格式错误",
                    )
                refs = tuple(LedgerRef.from_json(a) for a in data)
            out.append((note, refs))
        return out

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def __repr__(self) -> str:
        return f"AnchorStore({str(self._path)!r})"


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception."""

    __slots__ = ("_db",)

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self._db.execute("COMMIT")
        elif self._db.in_transaction:
            self._db.execute("ROLLBACK")
