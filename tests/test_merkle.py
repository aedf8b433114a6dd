"""RFC 9162 Merkle trees: published vectors, properties and tamper probes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import didkit_shebao as ds
from didkit_shebao.anchor.merkle import EMPTY_ROOT, MerkleLog, leaf_hash, node_hash
from didkit_shebao.errors import (
    ConsistencyProofError,
    InclusionProofError,
    MalformedInputError,
    MalformedVerificationInputError,
    VerificationError,
)

# Source: RFC 6962 / RFC 9162 test vectors as used by transparency-dev/merkle
# (proof/verify_test.go), copied in ../shared/vectors/rfc9162/merkle.json.
ENTRIES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
# (index, tree size, audit path) — same source.
INCLUSION = [
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
# (old size, new size, proof) — same source.
CONSISTENCY = [
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]


def _hashes(hexes: list[str]) -> list[bytes]:
    return [bytes.fromhex(h) for h in hexes]


# -- published vectors ----------------------------------------------------------


@pytest.mark.parametrize("n", range(1, 9))
def test_roots_match_vectors(n: int) -> None:
    """merkle_root and MerkleLog.root give the published root of the first n entries."""
    assert ds.merkle_root(ENTRIES[:n]) == ROOTS[n - 1]
    assert MerkleLog.from_entries(ENTRIES).root(n) == ROOTS[n - 1]


def test_empty_root() -> None:
    """The empty tree's root is SHA-256 of the empty string (RFC 9162 2.1.1)."""
    assert ds.merkle_root([]).hex() == EMPTY
    assert EMPTY_ROOT.hex() == EMPTY
    assert MerkleLog().root() == EMPTY_ROOT


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_inclusion_vectors(index: int, size: int, path: list[str]) -> None:
    """Audit paths match the vectors byte for byte and verify."""
    proof = ds.inclusion_proof(ENTRIES[:size], index)
    assert proof == _hashes(path)
    leaf = ds.verify_inclusion(ENTRIES[index], index, size, proof, ROOTS[size - 1])
    assert leaf == leaf_hash(ENTRIES[index])


@pytest.mark.parametrize(("old", "new", "path"), CONSISTENCY)
def test_consistency_vectors(old: int, new: int, path: list[str]) -> None:
    """Consistency proofs match the vectors byte for byte and verify."""
    proof = ds.consistency_proof(ENTRIES[:new], old)
    assert proof == _hashes(path)
    assert ds.verify_consistency(old, new, proof, ROOTS[old - 1], ROOTS[new - 1]) == ROOTS[new - 1]


def test_vector_file_agrees(vectors: Path) -> None:
    """Every case of the shared vector file passes (reads ../shared/vectors)."""
    data = json.loads((vectors / "rfc9162" / "merkle.json").read_text())
    entries = [bytes.fromhex(e) for e in data["entries"]]
    assert [ds.merkle_root(entries[: i + 1]).hex() for i in range(len(entries))] == data["roots"]
    for case in data["inclusion"]:
        proof = ds.inclusion_proof(entries[: case["tree_size"]], case["index"])
        assert [p.hex() for p in proof] == case["proof"]
    for case in data["consistency"]:
        proof = ds.consistency_proof(entries[: case["new_size"]], case["old_size"])
        assert [p.hex() for p in proof] == case["proof"]


def test_odd_node_is_carried_not_duplicated() -> None:
    """Three leaves hash as node(node(l0, l1), l2): l2 is carried up, never paired with itself."""
    l0, l1, l2 = (leaf_hash(e) for e in ENTRIES[:3])
    assert ds.merkle_root(ENTRIES[:3]) == node_hash(node_hash(l0, l1), l2)
    assert ds.merkle_root(ENTRIES[:3]) != node_hash(node_hash(l0, l1), node_hash(l2, l2))


# -- tamper probes --------------------------------------------------------------

PROOF_5_8 = _hashes(INCLUSION[1][2])


def test_wrong_sibling_fails() -> None:
    """Flipping one bit of one sibling gives InclusionProofError."""
    bad = list(PROOF_5_8)
    bad[1] = bytes([bad[1][0] ^ 1]) + bad[1][1:]
    with pytest.raises(InclusionProofError):
        ds.verify_inclusion(ENTRIES[5], 5, 8, bad, ROOTS[7])


def test_wrong_index_fails() -> None:
    """The right proof under another index fails."""
    with pytest.raises(InclusionProofError):
        ds.verify_inclusion(ENTRIES[5], 4, 8, PROOF_5_8, ROOTS[7])


def test_wrong_entry_fails() -> None:
    """Another entry with the same proof fails."""
    with pytest.raises(InclusionProofError):
        ds.verify_inclusion(ENTRIES[4], 5, 8, PROOF_5_8, ROOTS[7])


def test_other_root_fails() -> None:
    """The proof against the root of another size fails."""
    with pytest.raises(InclusionProofError):
        ds.verify_inclusion(ENTRIES[5], 5, 8, PROOF_5_8, ROOTS[6])


@pytest.mark.parametrize("size", [6, 9, 16, 5])
def test_wrong_size_fails(size: int) -> None:
    """Claimed sizes that change the path's shape fail (index 5 of 5 is outside)."""
    with pytest.raises(InclusionProofError):
        ds.verify_inclusion(ENTRIES[5], 5, size, PROOF_5_8, ROOTS[7])


def test_wrong_size_pitfall_is_real() -> None:
    """The documented pitfall: leaf 5's path of the 8-tree also verifies for a claimed size 7.

    This is why receipts take size and root from one signed checkpoint only
    (see tests/test_receipt.py::test_size_comes_from_checkpoint_only).
    """
    assert ds.verify_inclusion(ENTRIES[5], 5, 7, PROOF_5_8, ROOTS[7])


def test_truncated_and_extended_proofs_fail() -> None:
    """A proof with a hash missing or one too many fails."""
    with pytest.raises(InclusionProofError):
        ds.verify_inclusion(ENTRIES[5], 5, 8, PROOF_5_8[:-1], ROOTS[7])
    with pytest.raises(InclusionProofError):
        ds.verify_inclusion(ENTRIES[5], 5, 8, [*PROOF_5_8, ROOTS[0]], ROOTS[7])


def test_consistency_tamper_probes() -> None:
    """Wrong hash, wrong sizes, swapped roots, shrinking trees: ConsistencyProofError."""
    old, new, path = CONSISTENCY[1]
    proof = _hashes(path)
    bad = [proof[0], bytes(32), proof[2]]
    with pytest.raises(ConsistencyProofError):
        ds.verify_consistency(old, new, bad, ROOTS[old - 1], ROOTS[new - 1])
    with pytest.raises(ConsistencyProofError):
        ds.verify_consistency(old, new, proof, ROOTS[old - 2], ROOTS[new - 1])
    with pytest.raises(ConsistencyProofError):
        ds.verify_consistency(old, new, proof, ROOTS[old - 1], ROOTS[new - 2])
    with pytest.raises(ConsistencyProofError):
        ds.verify_consistency(new, old, proof, ROOTS[new - 1], ROOTS[old - 1])
    with pytest.raises(ConsistencyProofError):
        ds.verify_consistency(old, new, [], ROOTS[old - 1], ROOTS[new - 1])
    with pytest.raises(ConsistencyProofError):
        ds.verify_consistency(old, new, proof[:2], ROOTS[old - 1], ROOTS[new - 1])


def test_consistency_edge_sizes() -> None:
    """Equal sizes need equal roots and no proof; size 0 needs the empty root."""
    assert ds.verify_consistency(3, 3, [], ROOTS[2], ROOTS[2]) == ROOTS[2]
    with pytest.raises(ConsistencyProofError):
        ds.verify_consistency(3, 3, [], ROOTS[2], ROOTS[3])
    with pytest.raises(ConsistencyProofError):
        ds.verify_consistency(3, 3, [ROOTS[0]], ROOTS[2], ROOTS[2])
    assert ds.verify_consistency(0, 8, [], EMPTY_ROOT, ROOTS[7]) == ROOTS[7]
    with pytest.raises(ConsistencyProofError):
        ds.verify_consistency(0, 8, [], ROOTS[0], ROOTS[7])
    assert MerkleLog.from_entries(ENTRIES).consistency_proof(0) == []
    assert MerkleLog.from_entries(ENTRIES).consistency_proof(8) == []


@pytest.mark.parametrize(
    "args",
    [
        ("not bytes", 0, 1, [], ROOTS[0]),
        (ENTRIES[0], -1, 1, [], ROOTS[0]),
        (ENTRIES[0], 0, 0, [], ROOTS[0]),
        (ENTRIES[0], 0, 1, [b"short"], ROOTS[0]),
        (ENTRIES[0], 0, 1, b"x" * 32, ROOTS[0]),
        (ENTRIES[0], 0, 1, [], b"short"),
        (ENTRIES[0], True, 1, [], ROOTS[0]),
        (ENTRIES[0], 0, 1, [ROOTS[0]] * 65, ROOTS[0]),
    ],
)
def test_malformed_inclusion_arguments(args: tuple[object, ...]) -> None:
    """Malformed arguments raise a MalformedVerificationInputError (a VerificationError)."""
    with pytest.raises(MalformedVerificationInputError) as info:
        ds.verify_inclusion(*args)  # type: ignore[arg-type]
    assert isinstance(info.value, VerificationError)


def test_index_outside_tree_is_inclusion_error() -> None:
    """An index at or past the tree size is a failed proof, not malformed input."""
    with pytest.raises(InclusionProofError):
        ds.verify_inclusion(ENTRIES[0], 8, 8, PROOF_5_8, ROOTS[7])


def test_builder_argument_checks() -> None:
    """Building proofs for impossible indexes or sizes raises MalformedInputError."""
    log = MerkleLog.from_entries(ENTRIES)
    with pytest.raises(MalformedInputError):
        log.inclusion_proof(8)
    with pytest.raises(MalformedInputError):
        log.inclusion_proof(0, 9)
    with pytest.raises(MalformedInputError):
        log.consistency_proof(5, 4)
    with pytest.raises(MalformedInputError):
        log.batch_inclusion_proofs(9)
    with pytest.raises(MalformedInputError):
        ds.merkle_root(["text"])  # type: ignore[list-item]
    with pytest.raises(MalformedInputError):
        log.extend([b"short"])
    assert log.batch_inclusion_proofs(8) == []


# -- properties -----------------------------------------------------------------

entries_st = st.lists(st.binary(max_size=8), min_size=1, max_size=70)


@settings(max_examples=60, deadline=None)
@given(entries_st)
def test_every_leaf_proof_verifies(entries: list[bytes]) -> None:
    """Every leaf's inclusion proof verifies against the root; batch paths equal single ones."""
    log = MerkleLog.from_entries(entries)
    root = ds.merkle_root(entries)
    assert log.root() == root
    batch = log.batch_inclusion_proofs(0)
    for i, entry in enumerate(entries):
        proof = log.inclusion_proof(i)
        assert list(batch[i]) == proof
        ds.verify_inclusion(entry, i, len(entries), proof, root)


@settings(max_examples=60, deadline=None)
@given(entries_st, st.data())
def test_consistency_between_any_two_sizes(entries: list[bytes], data: st.DataObject) -> None:
    """A consistency proof between any two sizes verifies; the log grows incrementally."""
    n = len(entries)
    new = data.draw(st.integers(1, n))
    old = data.draw(st.integers(0, new))
    log = MerkleLog()
    for e in entries:
        log.append(e)
    assert log.root() == ds.merkle_root(entries)
    proof = log.consistency_proof(old, new)
    ds.verify_consistency(old, new, proof, log.root(old), log.root(new))
    assert log.root(old) == ds.merkle_root(entries[:old])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.binary(max_size=8), min_size=1, max_size=70, unique=True), st.data())
def test_tampered_inclusion_fails(entries: list[bytes], data: st.DataObject) -> None:
    """Wrong sibling, wrong index, wrong entry, other root: InclusionProofError each time."""
    n = len(entries)
    i = data.draw(st.integers(0, n - 1))
    log = MerkleLog.from_entries(entries)
    root, proof = log.root(), log.inclusion_proof(i)
    if proof:
        k = data.draw(st.integers(0, len(proof) - 1))
        bit = data.draw(st.integers(0, 255))
        bad = list(proof)
        flipped = bytearray(bad[k])
        flipped[bit // 8] ^= 1 << (bit % 8)
        bad[k] = bytes(flipped)
        with pytest.raises(InclusionProofError):
            ds.verify_inclusion(entries[i], i, n, bad, root)
    j = data.draw(st.integers(0, n + 3).filter(lambda j: j != i))
    with pytest.raises(InclusionProofError):
        ds.verify_inclusion(entries[i], j, n, proof, root)
    with pytest.raises(InclusionProofError):
        ds.verify_inclusion(entries[i] + b"x", i, n, proof, root)
    other = hashlib.sha256(root).digest()
    with pytest.raises(InclusionProofError):
        ds.verify_inclusion(entries[i], i, n, proof, other)


@settings(max_examples=80, deadline=None)
@given(entries_st, st.data())
def test_wrong_size_fails_unless_path_shape_is_identical(
    entries: list[bytes], data: st.DataObject
) -> None:
    """A wrong size fails unless that size gives leaf i the very same path shape.

    The exception is RFC 9162's known ambiguity (see test_wrong_size_pitfall_is_real);
    signed checkpoints close it.
    """
    n = len(entries)
    i = data.draw(st.integers(0, n - 1))
    m = data.draw(st.integers(1, 2 * n + 2).filter(lambda m: m != n))
    log = MerkleLog.from_entries(entries)
    proof, root = log.inclusion_proof(i), log.root()
    if m <= i:
        with pytest.raises(InclusionProofError):
            ds.verify_inclusion(entries[i], i, m, proof, root)
        return
    wider = MerkleLog.from_entries([*entries, *([b""] * (m - n))]) if m > n else log
    same_shape = _shape(i, m) == _shape(i, n)
    try:
        ds.verify_inclusion(entries[i], i, m, proof, root)
    except InclusionProofError:
        assert not same_shape
    else:
        assert same_shape
        assert len(wider.inclusion_proof(i, m)) == len(proof)


def _shape(index: int, size: int) -> list[bool]:
    """For each proof hash: is the sibling on the left? (RFC 9162 2.1.3.2 walk)."""
    fn, sn, out = index, size - 1, []
    while sn:
        if fn & 1 or fn == sn:
            out.append(True)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            out.append(False)
        fn >>= 1
        sn >>= 1
    return out
