"""The behavioural contract every ledger backend passes.

Reuse it for a new backend by subclassing in a test module, with a class name
starting with ``Test`` and a ``ledger`` fixture that returns a fresh backend::

    from ledger_conformance import LedgerConformance

    class TestMyLedger(LedgerConformance):
        @pytest.fixture
        def ledger(self, tmp_path):
            return MyLedger(...)

The base class's name does not start with ``Test``, so pytest collects the
tests only through subclasses. Each test gets a fresh ledger and anchors
roots of its own; nothing else is assumed about the backend.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from didkit_shebao.errors import LedgerConflictError, MalformedInputError
from didkit_shebao.ledgers.base import AnchorStatus, Ledger, LedgerRef

__all__ = ["LedgerConformance", "root_of"]

_ON_LEDGER = (AnchorStatus.INCLUDED, AnchorStatus.FINAL)


def root_of(label: str) -> bytes:
    """A distinct 32-byte root for a test label."""
    return hashlib.sha256(f"conformance root {label}".encode()).digest()


def _settle(ledger: Ledger, ref: LedgerRef) -> LedgerRef:
    """The reference once the anchor is in a block (mines when the backend can)."""
    mine = getattr(ledger, "mine", None)
    if ledger.status(ref) is AnchorStatus.PENDING and callable(mine):
        mine(1)
    found = ledger.lookup(ref.root)
    assert found is not None
    return found


class LedgerConformance:
    """Tests every :class:`~didkit_shebao.ledgers.base.Ledger` backend must pass.

    Subclasses provide a ``ledger`` fixture returning a fresh, empty backend.
    """

    def test_ledger_id_is_a_nonempty_name(self, ledger: Ledger) -> None:
        """ledger_id names the ledger (``eip155:…``, ``sqlite:…``, ``memory:…``)."""
        assert isinstance(ledger.ledger_id, str)
        assert ":" in ledger.ledger_id

    def test_anchor_returns_ref_with_root_and_size(self, ledger: Ledger) -> None:
        """anchor() returns a LedgerRef naming this ledger, the root and the size."""
        root = root_of("a")
        ref = ledger.anchor(root, 3)
        assert isinstance(ref, LedgerRef)
        assert (ref.ledger, ref.root, ref.tree_size) == (ledger.ledger_id, root, 3)

    def test_status_is_included_or_final(self, ledger: Ledger) -> None:
        """Once in a block the anchor is INCLUDED or FINAL (never MISSING)."""
        ref = ledger.anchor(root_of("b"), 1)
        assert ledger.status(ref) in (AnchorStatus.PENDING, *_ON_LEDGER)
        settled = _settle(ledger, ref)
        assert ledger.status(settled) in _ON_LEDGER
        assert ledger.status(ref) in _ON_LEDGER

    def test_lookup(self, ledger: Ledger) -> None:
        """lookup(root) finds anchored roots, and None for others."""
        first = ledger.anchor(root_of("c1"), 2)
        second = ledger.anchor(root_of("c2"), 5)
        for ref in (first, second):
            found = _settle(ledger, ref)
            assert (found.ledger, found.root, found.tree_size) == (
                ref.ledger,
                ref.root,
                ref.tree_size,
            )
            assert ledger.status(found) in _ON_LEDGER
        assert ledger.lookup(root_of("never anchored")) is None

    def test_growing_sequence(self, ledger: Ledger) -> None:
        """A log anchors successive, growing tree sizes, each with its own root."""
        refs = [ledger.anchor(root_of(f"g{i}"), size) for i, size in enumerate((1, 2, 4, 9, 100))]
        for ref in refs:
            assert ledger.status(_settle(ledger, ref)) in _ON_LEDGER

    def test_shrinking_tree_refused(self, ledger: Ledger) -> None:
        """A tree smaller than one already anchored is refused."""
        ledger.anchor(root_of("d1"), 10)
        with pytest.raises(LedgerConflictError):
            ledger.anchor(root_of("d2"), 9)
        assert ledger.lookup(root_of("d2")) is None

    def test_same_size_other_root_refused(self, ledger: Ledger) -> None:
        """Two roots for one tree size would be a fork: refused."""
        ledger.anchor(root_of("e1"), 10)
        with pytest.raises(LedgerConflictError):
            ledger.anchor(root_of("e2"), 10)

    def test_repeated_root_refused(self, ledger: Ledger) -> None:
        """A root is recorded once, whatever the size given with it."""
        ledger.anchor(root_of("f"), 4)
        with pytest.raises(LedgerConflictError):
            ledger.anchor(root_of("f"), 4)
        with pytest.raises(LedgerConflictError):
            ledger.anchor(root_of("f"), 8)

    def test_refusal_leaves_ledger_usable(self, ledger: Ledger) -> None:
        """After a refused anchor the next valid one succeeds."""
        ledger.anchor(root_of("h1"), 4)
        with pytest.raises(LedgerConflictError):
            ledger.anchor(root_of("h2"), 3)
        ref = ledger.anchor(root_of("h3"), 5)
        assert ledger.status(_settle(ledger, ref)) in _ON_LEDGER

    def test_malformed_arguments_refused(self, ledger: Ledger) -> None:
        """A root that is not 32 bytes, or a size below 1, is malformed input."""
        with pytest.raises(MalformedInputError):
            ledger.anchor(b"short", 1)
        with pytest.raises(MalformedInputError):
            ledger.anchor(root_of("i"), 0)

    def test_forged_refs_are_missing(self, ledger: Ledger) -> None:
        """A reference to another root, size, block hash or ledger is MISSING."""
        ref = _settle(ledger, ledger.anchor(root_of("j"), 7))
        forged = [
            LedgerRef(**{**_fields(ref), "root": root_of("not anchored")}),
            LedgerRef(**{**_fields(ref), "tree_size": 8}),
            LedgerRef(**{**_fields(ref), "ledger": ref.ledger + "-other"}),
        ]
        if ref.block_hash is not None:
            other_hash = "0x" + hashlib.sha256(ref.block_hash.encode()).hexdigest()
            forged.append(LedgerRef(**{**_fields(ref), "block_hash": other_hash}))
        for bad in forged:
            assert ledger.status(bad) is AnchorStatus.MISSING, bad

    def test_ref_json_round_trip(self, ledger: Ledger) -> None:
        """LedgerRef.to_json is JSON, and from_json gives the same reference back."""
        for ref in (ledger.anchor(root_of("k"), 3),):
            for r in (ref, _settle(ledger, ref)):
                data = json.loads(json.dumps(r.to_json()))
                assert LedgerRef.from_json(data) == r
                assert ledger.status(LedgerRef.from_json(data)) in (
                    AnchorStatus.PENDING,
                    *_ON_LEDGER,
                )


def _fields(ref: LedgerRef) -> dict[str, object]:
    return {name: getattr(ref, name) for name in LedgerRef.__dataclass_fields__}
