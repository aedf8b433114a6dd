"""The Anchorer: batching, failures that lose nothing, durable store, consistency, artifacts."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import didkit_shebao as ds
from didkit_shebao._jws import sign_jws
from didkit_shebao.errors import (
    AnchorError,
    AnchorNotFoundError,
    AnchorStoreError,
    LedgerConflictError,
    LedgerUnavailableError,
    MalformedInputError,
    UnsupportedError,
)

ROOT = Path(__file__).resolve().parents[1]
KEY = ds.Ed25519Key.from_seed(hashlib.sha256(b"anchorer test log").digest())
ORIGIN = "si.example.gov.cn/issued"


def digest(i: int) -> bytes:
    return hashlib.sha256(f"artifact {i}".encode()).digest()


def check_all(receipts: list[ds.Receipt], ledger: ds.Ledger) -> None:
    for r in receipts:
        v = ds.verify_receipt(r, digest(r.index), log_key=KEY, ledger=ledger)
        assert v.index == r.index


def check_history(anchorer: ds.Anchorer) -> None:
    """Every pair of signed checkpoints is provably consistent."""
    cps = anchorer.checkpoints
    for old, new in itertools.combinations(cps, 2):
        proof = anchorer.consistency_proof(old.tree_size, new.tree_size)
        ds.verify_consistency(old.tree_size, new.tree_size, proof, old.root, new.root)
    assert [c.tree_size for c in cps] == sorted({c.tree_size for c in cps})


def test_submit_and_flush() -> None:
    """submit returns consecutive indexes; one flush anchors once and returns one receipt each."""
    ledger = ds.MemoryLedger()
    anchorer = ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN)
    assert [anchorer.submit(digest(i)) for i in range(5)] == [0, 1, 2, 3, 4]
    assert anchorer.pending == 5
    height = ledger.height
    receipts = anchorer.flush()
    assert ledger.height == height + 1  # one ledger write for all five
    assert [r.index for r in receipts] == [0, 1, 2, 3, 4]
    assert {r.checkpoint for r in receipts} == {anchorer.checkpoints[-1]}
    assert anchorer.pending == 0
    assert anchorer.flush() == []
    check_all(receipts, ledger)
    assert ds.verify_checkpoint(receipts[0].checkpoint, log_key=anchorer.verifier_key)


def test_second_batch_only_gets_new_receipts() -> None:
    """A flush returns receipts for digests submitted since the last successful flush."""
    ledger = ds.MemoryLedger()
    anchorer = ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN)
    anchorer.submit_many([digest(i) for i in range(3)])
    anchorer.flush()
    anchorer.submit_many([digest(i) for i in range(3, 7)])
    receipts = anchorer.flush()
    assert [r.index for r in receipts] == [3, 4, 5, 6]
    assert receipts[0].tree_size == 7
    check_all(receipts, ledger)
    check_history(anchorer)


def test_ledger_failure_loses_nothing() -> None:
    """Failed flushes keep everything queued; the next one returns all waiting receipts."""
    ledger = ds.MemoryLedger()
    anchorer = ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN)
    anchorer.submit_many([digest(i) for i in range(2)])
    anchorer.flush()
    anchorer.submit_many([digest(i) for i in range(2, 5)])
    ledger.fail_next(2)
    with pytest.raises(LedgerUnavailableError):
        anchorer.flush()
    assert anchorer.pending == 3
    anchorer.submit(digest(5))
    with pytest.raises(LedgerUnavailableError):
        anchorer.flush()
    anchorer.submit(digest(6))
    receipts = anchorer.flush()
    assert [r.index for r in receipts] == [2, 3, 4, 5, 6]
    assert all(r.anchors for r in receipts)
    check_all(receipts, ledger)
    check_history(anchorer)  # includes the checkpoints signed during the failures


def test_anchor_written_but_reported_failed() -> None:
    """If the ledger wrote the anchor yet reported an error, the retry finds it (no double write)."""

    class Flaky(ds.MemoryLedger):
        lose_reply = True

        def anchor(self, root: bytes, tree_size: int) -> ds.LedgerRef:
            ref = super().anchor(root, tree_size)
            if self.lose_reply:
                self.lose_reply = False
                raise LedgerUnavailableError()
            return ref

    ledger = Flaky()
    anchorer = ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN)
    anchorer.submit_many([digest(i) for i in range(4)])
    with pytest.raises(LedgerUnavailableError):
        anchorer.flush()
    receipts = anchorer.flush()
    assert len(receipts) == 4
    assert ledger.height == 1
    check_all(receipts, ledger)


def test_conflicting_ledger_keeps_queue() -> None:
    """A ledger that already holds a bigger tree refuses; nothing is lost or anchored."""
    ledger = ds.MemoryLedger()
    ledger.anchor(hashlib.sha256(b"someone else").digest(), 100)
    anchorer = ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN)
    anchorer.submit(digest(0))
    with pytest.raises(LedgerConflictError):
        anchorer.flush()
    assert anchorer.pending == 1


def test_receipt_reissue_and_reorg() -> None:
    """After a reorg old receipts fail on the ledger; a newer anchor gives fresh receipts."""
    ledger = ds.MemoryLedger()
    anchorer = ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN)
    anchorer.submit_many([digest(i) for i in range(3)])
    old = anchorer.flush()
    ledger.reorg(1)
    with pytest.raises(AnchorError):
        ds.verify_receipt(old[0], digest(0), log_key=KEY, ledger=ledger)
    anchorer.submit(digest(3))
    anchorer.flush()
    fresh = anchorer.receipt(0)
    assert fresh.tree_size == 4
    ds.verify_receipt(fresh, digest(0), log_key=KEY, ledger=ledger)
    with pytest.raises(AnchorNotFoundError):
        anchorer.receipt(4)


def test_pending_ledger_refs() -> None:
    """With a mempool ledger receipts carry a PENDING ref that becomes INCLUDED when mined."""
    ledger = ds.MemoryLedger(auto_mine=False)
    anchorer = ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN)
    anchorer.submit(digest(0))
    (r,) = anchorer.flush()
    with pytest.raises(AnchorError):
        ds.verify_receipt(r, digest(0), log_key=KEY, ledger=ledger)
    v = ds.verify_receipt(
        r, digest(0), log_key=KEY, ledger=ledger, min_status=ds.AnchorStatus.PENDING
    )
    assert v.anchor_status is ds.AnchorStatus.PENDING
    ledger.mine(1)
    v = ds.verify_receipt(r, digest(0), log_key=KEY, ledger=ledger)
    assert v.anchor_status is ds.AnchorStatus.FINAL


def test_bad_arguments() -> None:
    """A non-Ed25519 log key, a bad origin, or a digest that is not 32 bytes is refused."""
    ledger = ds.MemoryLedger()
    with pytest.raises(UnsupportedError):
        ds.Anchorer(ledger, log_key=ds.P256Key.generate(), origin=ORIGIN)  # type: ignore[arg-type]
    with pytest.raises(MalformedInputError):
        ds.Anchorer(ledger, log_key=KEY, origin="has space")
    anchorer = ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN)
    for bad in (b"short", digest(0).hex(), bytearray(32)):
        with pytest.raises(MalformedInputError):
            anchorer.submit(bad)  # type: ignore[arg-type]
    assert anchorer.tree_size == 0


# -- the durable store ----------------------------------------------------------


def test_restart_loses_nothing(tmp_path: Path) -> None:
    """Logged digests, checkpoints and the queue survive closing and reopening."""
    ledger = ds.SQLiteLedger(tmp_path / "ledger.db")
    store = tmp_path / "anchorer.db"
    with ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN, store=store) as a:
        a.submit_many([digest(i) for i in range(3)])
        first = a.flush()
        a.submit_many([digest(i) for i in range(3, 6)])
    with ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN, store=store) as a:
        assert (a.tree_size, a.pending) == (6, 3)
        a.submit(digest(6))
        receipts = a.flush()
        assert [r.index for r in receipts] == [3, 4, 5, 6]
        check_all(first + receipts, ledger)
        check_history(a)
    ledger.close()


def test_restart_after_failed_flush(tmp_path: Path) -> None:
    """A flush that failed, then a restart: the next flush anchors every waiting digest."""
    ledger = ds.MemoryLedger()
    store = tmp_path / "anchorer.db"
    with ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN, store=store) as a:
        a.submit_many([digest(i) for i in range(4)])
        ledger.fail_next(1)
        with pytest.raises(LedgerUnavailableError):
            a.flush()
    with ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN, store=store) as a:
        assert a.pending == 4
        assert [c.tree_size for c in a.checkpoints] == [4]  # signed, not anchored
        assert a.anchors(4) == ()
        receipts = a.flush()
        assert [r.index for r in receipts] == [0, 1, 2, 3]
        assert a.anchors(4) == receipts[0].anchors
        check_all(receipts, ledger)


def test_store_object_and_reissue(tmp_path: Path) -> None:
    """An AnchorStore object may be passed in; reopened anchorers can reissue receipts."""
    ledger = ds.MemoryLedger()
    with ds.AnchorStore(tmp_path / "s.db") as store:
        a = ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN, store=store)
        a.submit_many([digest(i) for i in range(5)])
        a.flush()
        b = ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN, store=store)
        r = b.receipt(2)
        assert r.anchors == a.anchors(5)
        check_all([r], ledger)


def test_store_belongs_to_one_log(tmp_path: Path) -> None:
    """Opening a store with another key or origin is refused."""
    ledger = ds.MemoryLedger()
    path = tmp_path / "s.db"
    ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN, store=path).close()
    with pytest.raises(AnchorStoreError):
        ds.Anchorer(ledger, log_key=ds.Ed25519Key.generate(), origin=ORIGIN, store=path)
    with pytest.raises(AnchorStoreError):
        ds.Anchorer(ledger, log_key=KEY, origin="other.example/log", store=path)


def test_store_tampering_detected(tmp_path: Path) -> None:
    """A log entry changed behind the anchorer's back no longer matches its checkpoints."""
    ledger = ds.MemoryLedger()
    path = tmp_path / "s.db"
    with ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN, store=path) as a:
        a.submit_many([digest(i) for i in range(3)])
        a.flush()
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE entries SET digest = ? WHERE idx = 1", (digest(9),))
    db.execute("DROP TRIGGER entries_append_only")
    db.execute("UPDATE entries SET digest = ? WHERE idx = 1", (digest(9),))
    db.commit()
    db.close()
    with pytest.raises(AnchorStoreError):
        ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN, store=path)


def test_store_refuses_foreign_file(tmp_path: Path) -> None:
    """A file that is not an anchor store is refused with AnchorStoreError."""
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"garbage" * 1000)
    with pytest.raises(AnchorStoreError):
        ds.AnchorStore(junk)


_CRASH_ANCHORER = textwrap.dedent(
    """
    import hashlib, sys
    import didkit_shebao as ds
    key = ds.Ed25519Key.from_seed(hashlib.sha256(b"anchorer test log").digest())
    ledger = ds.SQLiteLedger(sys.argv[1])
    a = ds.Anchorer(ledger, log_key=key, origin="si.example.gov.cn/issued", store=sys.argv[2])
    print("ready", a.tree_size, flush=True)
    i = a.tree_size
    while True:
        index = a.submit(hashlib.sha256(b"artifact %d" % i).digest())
        print("logged", index, flush=True)
        i += 1
        if i % 5 == 0:
            receipts = a.flush()
            print("anchored", receipts[-1].tree_size, flush=True)
    """
)


@pytest.mark.parametrize("stop_after", [23, 61])
def test_sigkill_mid_anchoring(tmp_path: Path, stop_after: int) -> None:
    """An anchorer on SQLite killed with SIGKILL comes back with every acknowledged digest,
    every acknowledged anchor, and checkpoints that prove consistency with each other."""
    ledger_path, store_path = tmp_path / "ledger.db", tmp_path / "store.db"
    logged: set[int] = set()
    anchored: set[int] = set()
    for _ in range(2):
        with subprocess.Popen(
            [sys.executable, "-c", _CRASH_ANCHORER, str(ledger_path), str(store_path)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        ) as child:
            assert child.stdout is not None
            assert child.stdout.readline().startswith("ready")
            for seen, line in enumerate(child.stdout, 1):
                kind, value = line.split()
                (logged if kind == "logged" else anchored).add(int(value))
                if seen == stop_after:
                    os.kill(child.pid, signal.SIGKILL)
        assert child.wait() == -signal.SIGKILL
    ledger = ds.SQLiteLedger(ledger_path)
    ledger.check_integrity()
    with ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN, store=store_path) as a:
        assert a.tree_size >= max(logged) + 1
        check_history(a)
        for size in anchored:
            (ref,) = a.anchors(size)
            assert ledger.status(ref) is ds.AnchorStatus.FINAL
        for index in sorted(i for i in logged if i < max(anchored)):
            check_all([a.receipt(index)], ledger)
        receipts = a.flush()
        check_all(receipts, ledger)
        assert all(a.receipt(i).index == i for i in logged)
    ledger.close()


# -- artifacts (point 6) --------------------------------------------------------

ISSUER = ds.Ed25519Key.from_seed(hashlib.sha256(b"issuer").digest())


def _sd_jwt() -> str:
    jwt = sign_jws(
        {"typ": "dc+sd-jwt"},
        {"iss": "did:example:agency", "_sd": ["x" * 43], "_sd_alg": "sha-256"},
        ISSUER,
    )
    return jwt + "~WyJzYWx0IiwgIm5hbWUiLCAiWmhhbmcgU2FuIl0~"


def _di_credential() -> dict[str, object]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:agency",
        "credentialSubject": {"id": "did:example:citizen"},
        "proof": {"type": "DataIntegrityProof", "proofValue": "z" + "1" * 86},
    }


def test_digest_of_sd_jwt_is_the_issuer_jwt() -> None:
    """An SD-JWT is anchored by its issuer-signed JWT, so any presentation maps to it."""
    sd = _sd_jwt()
    jwt = sd.split("~")[0]
    expected = hashlib.sha256(jwt.encode("ascii")).digest()
    assert ds.anchor_digest_of(sd) == expected
    assert ds.anchor_digest_of(jwt + "~") == expected  # a presentation without disclosures
    assert ds.anchor_digest_of((sd + "\n").encode()) == expected  # file contents


def test_digest_of_json_documents() -> None:
    """Signed JSON and DID documents are anchored by their RFC 8785 canonical JSON."""
    vc = _di_credential()
    canonical = (
        b'{"@context":["https://www.w3.org/ns/credentials/v2"],"credentialSubject":'
        b'{"id":"did:example:citizen"},"issuer":"did:example:agency","proof":'
        b'{"proofValue":"z' + b"1" * 86 + b'","type":"DataIntegrityProof"},'
        b'"type":["VerifiableCredential"]}'
    )
    assert ds.anchor_digest_of(vc) == hashlib.sha256(canonical).digest()
    pretty = json.dumps(dict(reversed(list(vc.items()))), indent=2)
    assert ds.anchor_digest_of(pretty) == hashlib.sha256(canonical).digest()
    did = ds.did_key(ISSUER)
    did_doc = {"@context": "https://www.w3.org/ns/did/v1", "id": did}
    assert (
        ds.anchor_digest_of(did_doc)
        == hashlib.sha256(
            b'{"@context":"https://www.w3.org/ns/did/v1","id":"' + did.encode() + b'"}'
        ).digest()
    )


@pytest.mark.parametrize(
    "artifact",
    [
        "110101199003078515",  # a citizen ID number: personal data, never anchored alone
        "张三",
        {"name": "张三", "citizen_id": "110101199003078515"},  # unsigned JSON
        b"\xff\xfe",
        "a.b.c",
        ["not", "a", "document"],
    ],
)
def test_personal_data_is_refused(artifact: object) -> None:
    """Anything that is not a signed artifact or DID document is refused."""
    with pytest.raises(MalformedInputError):
        ds.anchor_digest_of(artifact)  # type: ignore[arg-type]


def test_issuer_one_call() -> None:
    """anchor_artifacts submits and flushes, returning the receipts of those artifacts."""
    ledger = ds.MemoryLedger()
    anchorer = ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN)
    anchorer.submit(digest(0))  # something already waiting
    sd, vc = _sd_jwt(), _di_credential()
    r_sd, r_vc = anchorer.anchor_artifacts([sd, vc])
    assert (r_sd.index, r_vc.index) == (1, 2)
    ds.verify_receipt(r_sd, ds.anchor_digest_of(sd), log_key=KEY, ledger=ledger)
    ds.verify_receipt(r_vc, ds.anchor_digest_of(vc), log_key=KEY, ledger=ledger)
    check_all([anchorer.receipt(0)], ledger)
    assert anchorer.submit_artifact(vc) == 3


# -- property: any interleaving of submits, failures and flushes --------------------

ops = st.lists(
    st.one_of(
        st.tuples(st.just("submit"), st.integers(1, 4)),
        st.tuples(st.just("fail"), st.integers(1, 2)),
        st.tuples(st.just("flush"), st.just(0)),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None)
@given(ops)
def test_any_interleaving_loses_nothing(steps: list[tuple[str, int]]) -> None:
    """Whatever the order of submits, ledger failures and flushes, every digest ends up with
    exactly one anchored receipt and the checkpoints stay consistent."""
    ledger = ds.MemoryLedger()
    anchorer = ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN)
    got: dict[int, ds.Receipt] = {}
    for kind, n in [*steps, ("flush", 0)]:
        if kind == "submit":
            anchorer.submit_many([digest(anchorer.tree_size + i) for i in range(n)])
        elif kind == "fail":
            ledger.fail_next(n)
        else:
            try:
                receipts = anchorer.flush()
            except LedgerUnavailableError:
                continue
            for r in receipts:
                assert r.index not in got
                got[r.index] = r
    while anchorer.pending:
        try:
            for r in anchorer.flush():
                got[r.index] = r
        except LedgerUnavailableError:
            continue
    assert sorted(got) == list(range(anchorer.tree_size))
    check_all(list(got.values()), ledger)
    check_history(anchorer)
