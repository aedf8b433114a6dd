"""RFC 9162 Merkle tree hashes, inclusion proofs and consistency proofs.

.. warning::

   Primitive. A tree size and a root are only meaningful together, taken from
   one signed checkpoint (:mod:`didkit_shebao.anchor.checkpoint`): an
   inclusion proof can also verify against the same root under a wrongly
   claimed tree size. Use :func:`~didkit_shebao.verify_receipt` unless you
   are building a log yourself.

Hashes follow RFC 9162 section 2.1.1: a leaf is ``SHA-256(0x00 || entry)``,
an interior node ``SHA-256(0x01 || left || right)``; the tree over ``n``
entries splits at the largest power of two below ``n``. Built level by level,
that is the same as pairing nodes from the left and carrying an odd last node
up unchanged (never duplicating it), which is what this module does.

The log keeps its levels in :class:`MerkleLog`: level ``h`` holds the hashes
of the complete, aligned subtrees of ``2**h`` leaves, which never change once
written, so appending is incremental and any older tree size can still be
proven.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Sequence
from hashlib import sha256
from typing import Final

from ..errors import (
    ConsistencyProofError,
    InclusionProofError,
    MalformedInputError,
    verification_boundary,
)

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "MerkleLog",
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "merkle_root",
    "node_hash",
    "verify_consistency",
    "verify_inclusion",
]

#: Size of every hash in the tree (SHA-256).
HASH_SIZE: Final = 32
#: RFC 9162 root of the empty tree: SHA-256 of the empty string.
EMPTY_ROOT: Final = sha256(b"").digest()
#: Longest proof accepted: enough for any tree of up to 2**64 leaves.
MAX_PROOF_LENGTH: Final = 64

_LEAF: Final = b"\x00"
_NODE: Final = b"\x01"


def leaf_hash(entry: bytes) -> bytes:
    """RFC 9162 leaf hash: ``SHA-256(0x00 || entry)``."""
    try:
        return sha256(_LEAF + entry).digest()
    except TypeError as exc:
        raise _not_bytes("a Merkle tree entry") from exc


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 interior node hash: ``SHA-256(0x01 || left || right)``."""
    return sha256(_NODE + left + right).digest()


def _not_bytes(what: str) -> MalformedInputError:
    return MalformedInputError(f"{what} must be bytes", f"{what}必须是字节串")


def _leaf_hashes(entries: Iterable[bytes]) -> list[bytes]:
    try:
        return [sha256(_LEAF + e).digest() for e in entries]
    except TypeError as exc:
        raise _not_bytes("every Merkle tree entry") from exc


def merkle_root(entries: Iterable[bytes]) -> bytes:
    """The RFC 9162 Merkle tree hash (MTH) of *entries* (each one ``bytes``).

    The empty list gives :data:`EMPTY_ROOT`.
    """
    level = _leaf_hashes(entries)
    if not level:
        return EMPTY_ROOT
    h = sha256
    node = _NODE
    while len(level) > 1:
        it = iter(level)
        nxt = [h(node + a + b).digest() for a, b in zip(it, it, strict=False)]
        if len(level) & 1:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def _largest_power_of_two_below(n: int) -> int:
    """The largest power of two strictly smaller than *n* (``n >= 2``)."""
    return 1 << ((n - 1).bit_length() - 1)


class MerkleLog:
    """An append-only RFC 9162 tree over leaf hashes, kept level by level.

    Level ``h`` holds, packed 32 bytes each in one ``bytearray``, the hashes
    of the complete subtrees of leaves ``[j * 2**h, (j + 1) * 2**h)``; those
    never change once present, so :meth:`extend` only computes the new ones.
    Roots and proofs for the current size or any earlier size come from these
    nodes. Memory: about 64 bytes per leaf (leaf hashes plus the levels above).

    .. versionadded:: 0.1
    """

    __slots__ = ("_levels",)

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self._levels: list[bytearray] = [bytearray()]
        self.extend(leaf_hashes)

    @classmethod
    def from_entries(cls, entries: Iterable[bytes]) -> MerkleLog:
        """A log over *entries* (their leaf hashes are computed here)."""
        log = cls()
        log.extend_leaves(entries)
        return log

    @property
    def size(self) -> int:
        """Number of leaves."""
        return len(self._levels[0]) >> 5

    def leaf(self, index: int) -> bytes:
        """The leaf hash at *index*."""
        if not 0 <= index < self.size:
            raise MalformedInputError("no leaf at this index", "该索引处没有叶子")
        return self._node(0, index)

    def _node(self, height: int, j: int) -> bytes:
        offset = j << 5
        return bytes(self._levels[height][offset : offset + HASH_SIZE])

    def _nodes(self, height: int, first: int, end: int) -> list[bytes]:
        """Nodes ``first … end - 1`` of a level, as separate bytes objects."""
        blob = bytes(self._levels[height][first << 5 : end << 5])
        return [blob[i : i + HASH_SIZE] for i in range(0, len(blob), HASH_SIZE)]

    def append(self, entry: bytes) -> int:
        """Append one entry (its leaf hash is computed); return its index."""
        self._grow([leaf_hash(entry)])
        return self.size - 1

    def extend_leaves(self, entries: Iterable[bytes]) -> None:
        """Append entries (their leaf hashes are computed here)."""
        self._grow(_leaf_hashes(entries))

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Append leaf hashes (32 bytes each) and update the complete subtrees."""
        new = list(leaf_hashes)
        if not all(type(h) is bytes and len(h) == HASH_SIZE for h in new):
            raise MalformedInputError("a leaf hash must be 32 bytes", "叶子哈希必须为 32 字节")
        self._grow(new)

    def _grow(self, new: list[bytes]) -> None:
        levels = self._levels
        h = sha256
        node = _NODE
        level = 0
        while new:
            packed = levels[level]
            old = len(packed) >> 5
            packed += b"".join(new)
            # New complete pairs start at an even index: with an odd number of
            # old nodes, the last old one pairs with the first new one.
            if old & 1:
                new = [bytes(packed[(old - 1) << 5 : old << 5]), *new]
            if len(new) < 2:
                break
            if level + 1 == len(levels):
                levels.append(bytearray())
            it = iter(new)
            new = [h(node + a + b).digest() for a, b in zip(it, it, strict=False)]
            level += 1

    # -- hashes of ranges ---------------------------------------------------

    def _subtree(self, lo: int, hi: int) -> bytes:
        """MTH of leaves ``[lo, hi)`` where the range is a subtree of the tree."""
        n = hi - lo
        if n & (n - 1) == 0:
            height = n.bit_length() - 1
            return self._node(height, lo >> height)
        k = _largest_power_of_two_below(n)
        return node_hash(self._subtree(lo, lo + k), self._subtree(lo + k, hi))

    def _check_size(self, tree_size: int) -> int:
        if type(tree_size) is not int or not 0 <= tree_size <= self.size:
            raise MalformedInputError(
                f"tree size must be between 0 and {self.size}",
                f"树大小必须介于 0 与 {self.size} 之间",
            )
        return tree_size

    def root(self, tree_size: int | None = None) -> bytes:
        """The root at *tree_size* (default: the current size)."""
        n = self.size if tree_size is None else self._check_size(tree_size)
        if n == 0:
            return EMPTY_ROOT
        return self._subtree(0, n)

    def inclusion_proof(self, index: int, tree_size: int | None = None) -> list[bytes]:
        """RFC 9162 audit path (``PATH``) for leaf *index* in the tree of *tree_size*."""
        n = self.size if tree_size is None else self._check_size(tree_size)
        if type(index) is not int or not 0 <= index < n:
            raise MalformedInputError(
                f"leaf index must be between 0 and {n - 1}",
                f"叶子索引必须介于 0 与 {n - 1} 之间",
            )
        path: list[bytes] = []
        lo, hi, m = 0, n, index
        # Walk down from the root, collecting the other side at each split.
        while hi - lo > 1:
            k = _largest_power_of_two_below(hi - lo)
            if m < k:
                path.append(self._subtree(lo + k, hi))
                hi = lo + k
            else:
                path.append(self._subtree(lo, lo + k))
                lo += k
                m -= k
        path.reverse()
        return path

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """RFC 9162 consistency proof (``PROOF``) from *old_size* to *new_size*."""
        n = self.size if new_size is None else self._check_size(new_size)
        m = self._check_size(old_size)
        if m > n:
            raise MalformedInputError(
                "the old tree size is larger than the new one",
                "旧树大小大于新树大小",
            )
        if m == 0 or m == n:
            return []
        proof: list[bytes] = []
        lo, hi, complete = 0, n, True
        # SUBPROOF(m, D[lo:hi], complete), iteratively: each step emits one hash.
        while True:
            size = hi - lo
            if m == size:
                if not complete:
                    proof.append(self._subtree(lo, hi))
                break
            k = _largest_power_of_two_below(size)
            if m <= k:
                proof.append(self._subtree(lo + k, hi))
                hi = lo + k
            else:
                proof.append(self._subtree(lo, lo + k))
                lo += k
                m -= k
                complete = False
        proof.reverse()
        return proof

    def batch_inclusion_proofs(self, start: int) -> list[tuple[bytes, ...]]:
        """Audit paths for every leaf from *start* to the end, at the current size.

        Much faster than calling :meth:`inclusion_proof` per leaf: the paths
        of neighbouring leaves share their upper part, so each one is built
        from its parent's path with one tuple concatenation.
        """
        n = self.size
        if type(start) is not int or not 0 <= start <= n:
            raise MalformedInputError(
                f"start index must be between 0 and {n}", f"起始索引必须介于 0 与 {n} 之间"
            )
        if start == n:
            return []
        # Level h, as the full tree at size n sees it: complete nodes plus the
        # carried or partial node at the right edge (if the level has one).
        top = (n - 1).bit_length()  # height of the root level
        edge: list[bytes | None] = [None] * (top + 1)
        carry: bytes | None = None
        for h in range(top + 1):
            count = n >> h  # complete nodes at this level
            if n & ((1 << h) - 1):
                edge[h] = carry
            # Right-edge node one level up: join a leftover complete node with
            # the partial one, or carry whichever is last.
            has_odd_complete = count & 1
            if carry is not None and has_odd_complete:
                carry = node_hash(self._node(h, count - 1), carry)
            elif has_odd_complete:
                carry = self._node(h, count - 1)
        # Paths for the nodes [first, last] of each level, top down.
        paths: list[tuple[bytes, ...]] = [()]
        first_above = 0
        for h in range(top - 1, -1, -1):
            first = start >> h
            last = (n - 1) >> h
            ncomplete = n >> h
            # The complete nodes that can be siblings of [first, last].
            base = first & ~1
            complete = self._nodes(h, base, min(ncomplete, last + 2))
            right = edge[h]
            out: list[tuple[bytes, ...]] = []
            append = out.append
            for j in range(first, last + 1):
                up = paths[(j >> 1) - first_above]
                sib = j ^ 1
                if sib < ncomplete:
                    append((complete[sib - base], *up))
                elif sib == ncomplete and right is not None:
                    append((right, *up))
                else:
                    append(up)
            paths = out
            first_above = first
        return paths


def inclusion_proof(entries: Sequence[bytes], index: int) -> list[bytes]:
    """RFC 9162 inclusion proof (audit path) for ``entries[index]``."""
    return MerkleLog.from_entries(entries).inclusion_proof(index)


def consistency_proof(entries: Sequence[bytes], old_size: int) -> list[bytes]:
    """RFC 9162 consistency proof from the first *old_size* entries to all of them."""
    return MerkleLog.from_entries(entries).consistency_proof(old_size)


def _check_hash(value: object, what: str) -> bytes:
    if type(value) is not bytes or len(value) != HASH_SIZE:
        raise MalformedInputError(f"{what} must be 32 bytes", f"{what}必须为 32 字节")
    return value


def _check_proof(proof: object, what: str) -> list[bytes]:
    if not isinstance(proof, list | tuple) or len(proof) > MAX_PROOF_LENGTH:
        raise MalformedInputError(
            f"{what} must be a list of at most {MAX_PROOF_LENGTH} hashes",
            f"{what}必须是不超过 {MAX_PROOF_LENGTH} 个哈希的列表",
        )
    for p in proof:  # a plain loop: about twice as fast as all() over a generator
        if type(p) is not bytes or len(p) != HASH_SIZE:
            raise MalformedInputError(
                f"every hash of the {what} must be 32 bytes", f"{what}的每个哈希必须为 32 字节"
            )
    return list(proof)


def _check_count(value: object, what: str, minimum: int) -> int:
    if type(value) is not int or value < minimum or value >= 1 << 64:
        raise MalformedInputError(
            f"{what} must be an integer from {minimum} to 2^64-1",
            f"{what}必须是 {minimum} 到 2^64-1 之间的整数",
        )
    return value


def verify_inclusion(
    entry: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> bytes:
    """Check that *entry* is leaf *index* of the tree of *tree_size* with *root*.

    RFC 9162 section 2.1.3.2. Returns the entry's leaf hash; raises
    :class:`~didkit_shebao.errors.InclusionProofError` when the proof does not
    lead to *root* (a malformed argument raises a
    :class:`~didkit_shebao.errors.MalformedVerificationInputError`).
    """
    with verification_boundary():
        return check_inclusion(entry, index, tree_size, proof, root)


def check_inclusion(
    entry: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> bytes:
    """:func:`verify_inclusion` without the verification boundary (for internal callers)."""
    if not isinstance(entry, bytes):
        raise _not_bytes("the entry")
    _check_count(index, "the leaf index", 0)
    _check_count(tree_size, "the tree size", 1)
    path = _check_proof(proof, "inclusion proof")
    _check_hash(root, "the root")
    if index >= tree_size:
        raise InclusionProofError(
            "the leaf index is not inside the tree; the receipt or proof is wrong",
            "叶子索引不在树内；回执或证明有误",
        )
    leaf = leaf_hash(entry)
    if not hmac.compare_digest(_root_from_path(leaf, index, tree_size, path), root):
        raise InclusionProofError(
            "the inclusion proof does not lead to the tree root: the entry, index, "
            "size or proof was altered, or it belongs to another tree",
            "包含性证明无法得到该树根：条目、索引、树大小或证明被改动，或属于另一棵树",
        )
    return leaf


def _root_from_path(leaf: bytes, index: int, tree_size: int, path: list[bytes]) -> bytes:
    fn, sn, r = index, tree_size - 1, leaf
    h = sha256
    node = _NODE
    for p in path:
        if sn == 0:
            return b""  # proof longer than the tree is deep
        if fn & 1 or fn == sn:
            r = h(node + p + r).digest()
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = h(node + r + p).digest()
        fn >>= 1
        sn >>= 1
    if sn != 0:
        return b""  # proof shorter than the tree is deep
    return r


def verify_consistency(
    old_size: int,
    new_size: int,
    proof: Sequence[bytes],
    old_root: bytes,
    new_root: bytes,
) -> bytes:
    """Check that the tree of *old_size* / *old_root* is a prefix of *new_size* / *new_root*.

    RFC 9162 section 2.1.4.2. Equal sizes need an empty proof and equal
    roots; an old size of 0 needs an empty proof and :data:`EMPTY_ROOT`.
    Returns *new_root*; raises
    :class:`~didkit_shebao.errors.ConsistencyProofError` on failure.
    """
    with verification_boundary():
        return check_consistency(old_size, new_size, proof, old_root, new_root)


def check_consistency(
    old_size: int,
    new_size: int,
    proof: Sequence[bytes],
    old_root: bytes,
    new_root: bytes,
) -> bytes:
    """:func:`verify_consistency` without the verification boundary (for internal callers)."""
    _check_count(old_size, "the old tree size", 0)
    _check_count(new_size, "the new tree size", 0)
    path = _check_proof(proof, "consistency proof")
    _check_hash(old_root, "the old root")
    _check_hash(new_root, "the new root")
    if old_size > new_size:
        raise ConsistencyProofError(
            "the tree shrank: the new tree size is smaller than the old one",
            "树变小了：新树大小小于旧树大小",
        )
    if old_size == new_size or old_size == 0:
        # An empty old tree has the empty root; equal sizes have equal roots (so 0 -> 0
        # also pins the new root to the empty root).
        empty_ok = old_size != 0 or old_root == EMPTY_ROOT
        equal_ok = old_size != new_size or old_root == new_root
        if path or not (empty_ok and equal_ok):
            raise ConsistencyProofError(
                "the two tree heads do not match; the log forked or the proof is wrong",
                "两个树头不一致；日志已分叉或证明有误",
            )
        return new_root
    if not _consistent(old_size, new_size, path, old_root, new_root):
        raise ConsistencyProofError(
            "the consistency proof does not connect the two roots: the log was "
            "rewritten, or a size, root or proof hash is wrong",
            "一致性证明无法连接两个树根：日志被改写，或树大小、树根、证明哈希有误",
        )
    return new_root


def _consistent(m: int, n: int, path: list[bytes], old_root: bytes, new_root: bytes) -> bool:
    if not path:
        return False
    if m & (m - 1) == 0:
        path = [old_root, *path]
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    h = sha256
    node = _NODE
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = h(node + c + fr).digest()
            sr = h(node + c + sr).digest()
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = h(node + sr + c).digest()
        fn >>= 1
        sn >>= 1
    return sn == 0 and hmac.compare_digest(fr, old_root) and hmac.compare_digest(sr, new_root)
