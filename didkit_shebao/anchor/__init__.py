"""Anchoring: an agency's RFC 9162 transparency log, checkpoints, receipts.

* :mod:`.merkle` — RFC 9162 tree hashes, inclusion and consistency proofs;
* :mod:`.note` — C2SP signed notes with Ed25519 (key IDs, verifier keys);
* :mod:`.checkpoint` — ``c2sp.org/tlog-checkpoint`` signed tree heads;
* :mod:`.receipt` — ``c2sp.org/tlog-proof@v1`` receipts with ledger anchors;
* :mod:`.digest` — which bytes of a signed artifact are anchored;
* :mod:`.store` — the durable SQLite state of an anchorer;
* :mod:`.anchorer` — :class:`Anchorer`, batching digests onto a ledger.
"""

from __future__ import annotations

from .anchorer import Anchorer
from .checkpoint import Checkpoint, verify_checkpoint
from .digest import anchor_digest_of
from .merkle import (
    MerkleLog,
    consistency_proof,
    inclusion_proof,
    merkle_root,
    verify_consistency,
    verify_inclusion,
)
from .note import NoteVerifier, format_verifier_key, parse_verifier_key
from .receipt import Receipt, VerifiedReceipt, verify_receipt
from .store import AnchorStore

__all__ = [
    "AnchorStore",
    "Anchorer",
    "Checkpoint",
    "MerkleLog",
    "NoteVerifier",
    "Receipt",
    "VerifiedReceipt",
    "anchor_digest_of",
    "consistency_proof",
    "format_verifier_key",
    "inclusion_proof",
    "merkle_root",
    "parse_verifier_key",
    "verify_checkpoint",
    "verify_consistency",
    "verify_inclusion",
    "verify_receipt",
]
