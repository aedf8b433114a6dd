"""SQLite ledger and anchor store: database failures become LedgerError / AnchorStoreError."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import didkit_shebao as ds
from didkit_shebao import errors
from didkit_shebao.ledgers.base import LedgerRef


def _root(i: int) -> bytes:
    return hashlib.sha256(b"root %d" % i).digest()


def test_sqlite_ledger_after_close_is_unavailable(tmp_path: Path) -> None:
    ledger = ds.SQLiteLedger(tmp_path / "ledger.db")
    ref = ledger.anchor(_root(1), 1)
    assert ledger.path == tmp_path / "ledger.db"
    assert "SQLiteLedger(" in repr(ledger)
    ledger.close()
    calls = [
        lambda: ledger.anchor(_root(2), 2),
        lambda: ledger.status(ref),
        lambda: ledger.lookup(_root(1)),
        lambda: ledger.height,
        lambda: ledger.check_integrity(),
    ]
    for call in calls:
        with pytest.raises(errors.LedgerError):
            call()


def test_sqlite_ledger_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "not-a-db.db"
    path.write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(errors.LedgerError):
        ds.SQLiteLedger(path)


def test_sqlite_ledger_status_of_foreign_refs(tmp_path: Path) -> None:
    with ds.SQLiteLedger(tmp_path / "ledger.db") as ledger:
        ref = ledger.anchor(_root(1), 1)
        other = LedgerRef(ledger="sqlite:another", root=ref.root, tree_size=1, block=ref.block)
        assert ledger.status(other) is ds.AnchorStatus.MISSING
        far = LedgerRef(
            ledger=ref.ledger, root=ref.root, tree_size=1, block=99, block_hash=ref.block_hash
        )
        assert ledger.status(far) is ds.AnchorStatus.MISSING


def test_anchor_store_after_close(tmp_path: Path) -> None:
    store = ds.AnchorStore(tmp_path / "log.db")
    assert store.path == tmp_path / "log.db"
    assert "AnchorStore(" in repr(store)
    store.append(0, [hashlib.sha256(b"a").digest()])
    store.close()
    calls = [
        lambda: store.entries(),
        lambda: store.append(1, [hashlib.sha256(b"b").digest()]),
        lambda: store.save_checkpoint(1, "note"),
        lambda: store.set_anchors(1, []),
        lambda: store.checkpoints(),
        lambda: store.bind(origin="o", verifier_key="k"),
    ]
    for call in calls:
        with pytest.raises(errors.AnchorStoreError):
            call()


def test_anchor_store_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    path.write_bytes(b"garbage" * 200)
    with pytest.raises(errors.AnchorStoreError):
        ds.AnchorStore(path)
