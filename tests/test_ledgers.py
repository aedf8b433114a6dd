"""Ledger backends: the shared conformance suite, backend specifics, and the SQLite crash test."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger_conformance import LedgerConformance, root_of

import didkit_shebao as ds
from didkit_shebao.errors import (
    LedgerConflictError,
    LedgerError,
    LedgerUnavailableError,
    MalformedInputError,
    UnsupportedError,
)
from didkit_shebao.ledgers import open_ledger

ROOT = Path(__file__).resolve().parents[1]


class TestMemoryLedger(LedgerConformance):
    """MemoryLedger, default settings."""

    @pytest.fixture
    def ledger(self) -> ds.MemoryLedger:
        return ds.MemoryLedger()


class TestMemoryLedgerDelayed(LedgerConformance):
    """MemoryLedger with a mempool (anchors PENDING until mined) and finality depth 3."""

    @pytest.fixture
    def ledger(self) -> ds.MemoryLedger:
        return ds.MemoryLedger(finality_depth=3, name="delayed", auto_mine=False)


class TestSQLiteLedger(LedgerConformance):
    """SQLiteLedger on a fresh file."""

    @pytest.fixture
    def ledger(self, tmp_path: Path) -> Iterator[ds.SQLiteLedger]:
        with ds.SQLiteLedger(tmp_path / "ledger.db") as ledger:
            yield ledger


def test_backends_match_protocol() -> None:
    """Each backend is usable where a Ledger is expected (mypy checks this assignment)."""
    backends: list[ds.Ledger] = [ds.MemoryLedger()]
    assert all(hasattr(b, "anchor") for b in backends)


# -- MemoryLedger ---------------------------------------------------------------


def test_memory_blocks_and_finality() -> None:
    """Each anchor gets a new block; FINAL once finality_depth more blocks exist."""
    ledger = ds.MemoryLedger(finality_depth=2)
    ref = ledger.anchor(root_of("m1"), 1)
    assert (ref.block, ledger.height) == (1, 1)
    assert ref.block_hash is not None
    assert ref.tx is not None
    assert ledger.status(ref) is ds.AnchorStatus.INCLUDED
    ledger.mine(1)
    assert ledger.status(ref) is ds.AnchorStatus.INCLUDED
    ledger.mine(1)
    assert ledger.status(ref) is ds.AnchorStatus.FINAL
    assert ledger.anchor(root_of("m2"), 2).block == 4


def test_memory_is_deterministic() -> None:
    """Two ledgers fed the same calls give the same references."""
    a, b = ds.MemoryLedger(name="same"), ds.MemoryLedger(name="same")
    assert a.anchor(root_of("x"), 1) == b.anchor(root_of("x"), 1)
    a.reorg(1)
    b.reorg(1)
    assert a.anchor(root_of("y"), 2) == b.anchor(root_of("y"), 2)
    assert ds.MemoryLedger(name="other").anchor(root_of("x"), 1) != ds.MemoryLedger(
        name="same"
    ).anchor(root_of("x"), 1)


def test_memory_fail_next() -> None:
    """fail_next(n) makes exactly the next n anchor calls fail; nothing is recorded."""
    ledger = ds.MemoryLedger()
    ledger.fail_next(2)
    for _ in range(2):
        with pytest.raises(LedgerUnavailableError):
            ledger.anchor(root_of("f"), 1)
    assert ledger.lookup(root_of("f")) is None
    assert ledger.status(ledger.anchor(root_of("f"), 1)) is ds.AnchorStatus.FINAL


def test_memory_reorg_drops_anchors() -> None:
    """reorg(depth) replaces the newest blocks with empty ones of other hashes."""
    ledger = ds.MemoryLedger()
    kept = ledger.anchor(root_of("r1"), 1)
    dropped = ledger.anchor(root_of("r2"), 2)
    height = ledger.height
    ledger.reorg(1)
    assert ledger.height == height
    assert ledger.status(kept) is ds.AnchorStatus.FINAL
    assert ledger.status(dropped) is ds.AnchorStatus.MISSING
    assert ledger.lookup(root_of("r2")) is None
    # The dropped root and size can be anchored again, in a new block.
    again = ledger.anchor(root_of("r2"), 2)
    assert again.block_hash != dropped.block_hash
    assert ledger.status(again) is ds.AnchorStatus.FINAL


def test_memory_mempool() -> None:
    """With auto_mine=False anchors are PENDING until mine() includes them."""
    ledger = ds.MemoryLedger(finality_depth=1, auto_mine=False)
    ref = ledger.anchor(root_of("p"), 1)
    assert ref.block is None
    assert ledger.status(ref) is ds.AnchorStatus.PENDING
    assert ledger.lookup(root_of("p")) == ref
    with pytest.raises(LedgerConflictError):
        ledger.anchor(root_of("p2"), 1)  # pending anchors count
    ledger.mine(1)
    assert ledger.status(ref) is ds.AnchorStatus.INCLUDED
    ledger.mine(1)
    assert ledger.status(ref) is ds.AnchorStatus.FINAL
    ledger.reorg(2)
    assert ledger.status(ref) is ds.AnchorStatus.MISSING


def test_memory_argument_checks() -> None:
    """Bad constructor and control arguments raise MalformedInputError."""
    for bad in (
        lambda: ds.MemoryLedger(-1),
        lambda: ds.MemoryLedger(name="has space"),
        lambda: ds.MemoryLedger().fail_next(-1),
        lambda: ds.MemoryLedger().mine(-1),
        lambda: ds.MemoryLedger().reorg(5),
    ):
        with pytest.raises(MalformedInputError):
            bad()


# -- SQLiteLedger ---------------------------------------------------------------


def test_sqlite_survives_reopen(tmp_path: Path) -> None:
    """Anchors, the ledger id and the growth rule persist across reopening."""
    path = tmp_path / "l.db"
    with ds.SQLiteLedger(path) as ledger:
        ref = ledger.anchor(root_of("s1"), 3)
        ledger_id = ledger.ledger_id
    with ds.SQLiteLedger(path) as ledger:
        assert ledger.ledger_id == ledger_id
        assert ledger.status(ref) is ds.AnchorStatus.FINAL
        assert ledger.lookup(root_of("s1")) == ref
        with pytest.raises(LedgerConflictError):
            ledger.anchor(root_of("s2"), 2)
        assert ledger.height == 1
        assert ledger.check_integrity() == 1
        mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_sqlite_is_append_only(tmp_path: Path) -> None:
    """UPDATE and DELETE of anchors are refused by the database itself."""
    path = tmp_path / "l.db"
    with ds.SQLiteLedger(path) as ledger:
        ledger.anchor(root_of("a"), 1)
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE anchors SET tree_size = 5")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM anchors")
    db.close()


def test_sqlite_detects_altered_rows(tmp_path: Path) -> None:
    """A row altered behind the ledger's back breaks the chain: check_integrity fails."""
    path = tmp_path / "l.db"
    with ds.SQLiteLedger(path) as ledger:
        ref = ledger.anchor(root_of("a"), 1)
        ledger.anchor(root_of("b"), 2)
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER anchors_no_update")
    db.execute("UPDATE anchors SET tree_size = 7 WHERE seq = 1")
    db.commit()
    db.close()
    with ds.SQLiteLedger(path) as ledger:
        assert ledger.status(ref) is ds.AnchorStatus.MISSING
        with pytest.raises(LedgerError):
            ledger.check_integrity()


def test_sqlite_refuses_foreign_files(tmp_path: Path) -> None:
    """A file that is not a ledger (or not SQLite at all) is refused with a LedgerError."""
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(LedgerError):
        ds.SQLiteLedger(junk)
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT")
    db.execute("INSERT INTO ledger_meta VALUES ('format', 'something else')")
    db.commit()
    db.close()
    with pytest.raises(LedgerError):
        ds.SQLiteLedger(other)


_CRASH_WRITER = textwrap.dedent(
    """
    import hashlib, sys
    from didkit_shebao import SQLiteLedger
    ledger = SQLiteLedger(sys.argv[1])
    start = ledger.height
    print("ready", flush=True)
    i = start
    while True:
        i += 1
        root = hashlib.sha256(b"crash %d" % i).digest()
        ledger.anchor(root, i)
        print(root.hex(), i, flush=True)
    """
)


@pytest.mark.parametrize("round_", range(3))
def test_sqlite_sigkill_loses_no_acknowledged_anchor(tmp_path: Path, round_: int) -> None:
    """A writer killed with SIGKILL mid-loop: every anchor it acknowledged is still there.

    The child prints each root only after anchor() returned. We kill it at a
    different moment each round, reopen the file, and check every printed
    root, the database's integrity and the hash chain; then a new writer
    continues on the same file.
    """
    path = tmp_path / "crash.db"
    acknowledged: list[tuple[str, int]] = []
    for attempt in range(2):
        with subprocess.Popen(
            [sys.executable, "-c", _CRASH_WRITER, str(path)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        ) as child:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
            wanted = 15 + 20 * round_ + attempt * 7
            lines: list[tuple[str, int]] = []
            deadline = time.monotonic() + 60
            while len(lines) < wanted and time.monotonic() < deadline:
                line = child.stdout.readline()
                if not line:
                    break
                root_hex, size = line.split()
                lines.append((root_hex, int(size)))
            os.kill(child.pid, signal.SIGKILL)
            # Anything printed before the kill landed was acknowledged too.
            for line in child.stdout:
                root_hex, size = line.split()
                lines.append((root_hex, int(size)))
        child.wait()
        assert child.returncode == -signal.SIGKILL
        assert len(lines) >= wanted
        acknowledged += lines
        with ds.SQLiteLedger(path) as ledger:
            count = ledger.check_integrity()
            assert count >= len(acknowledged)
            for root_hex, size in acknowledged:
                ref = ledger.lookup(bytes.fromhex(root_hex))
                assert ref is not None, f"acknowledged anchor of size {size} was lost"
                assert ref.tree_size == size
                assert ledger.status(ref) is ds.AnchorStatus.FINAL


# -- open_ledger ----------------------------------------------------------------


def test_open_ledger(tmp_path: Path) -> None:
    """sqlite:PATH and memory:[NAME] open backends; other names are refused."""
    led = open_ledger(f"sqlite:{tmp_path / 'x.db'}")
    assert isinstance(led, ds.SQLiteLedger)
    assert led.ledger_id.startswith("sqlite:")
    led.close()
    assert open_ledger("memory:").ledger_id == "memory:default"
    assert open_ledger("memory:test").ledger_id == "memory:test"
    assert ds.open_ledger is open_ledger
    with pytest.raises(UnsupportedError):
        open_ledger("ftp://example")
    with pytest.raises(MalformedInputError):
        open_ledger("sqlite:")
