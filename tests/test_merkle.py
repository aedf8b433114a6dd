"""RFC 9162 Merkle trees: published vectors, properties and tamper probes."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from conftest import VECTORS
from hypothesis import given, settings
from hypothesis import strategies as st

import didkit_shebao as ds
from didkit_shebao.anchor.merkle import (
    EMPTY_ROOT,
    MAX_PROOF_LENGTH,
    MerkleLog,
    leaf_hash,
    node_hash,
)
from didkit_shebao.errors import (
    ConsistencyProofError,
    InclusionProofError,
    MalformedInputError,
    MalformedVerificationInputError,
    VerificationError,
)

# Source: RFC 6962 / RFC 9162 test vectors as used by transparency-dev/merkle
# (proof/verify_test.go, values stated here); its testdata/ files are vendored in
# tests/vectors/transparency-dev-merkle.
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


def _testdata(kind: str) -> list[Path]:
    folder = VECTORS / "transparency-dev-merkle/testdata" / kind
    return sorted(folder.rglob("*.json"))


def _case_id(path: Path) -> str:
    return path.relative_to(path.parents[1]).as_posix().removesuffix(".json")


def _b64(value: str) -> bytes:
    return base64.b64decode(value, validate=True)


# Entry for a leaf hash: the API takes the entry, the vectors its leaf hash. The
# entries are the eight RFC ones and b"data" (the single-entry probes, in
# transparency-dev/merkle cmd/proofgen/main.go). Any other leaf hash (a wrong or
# random leaf) stands for an entry outside the log, which fails just the same.
_ENTRY_OF = {leaf_hash(e): e for e in [*ENTRIES, b"data"]}
_OUTSIDE = b"an entry that is not in the log"

# Vectors this library refuses on purpose, with the reason.
_REFUSED = {
    # Go compares the roots of equal-size trees without checking their length; here a
    # root must be a 32-byte SHA-256 value, so the 12-byte roots are malformed input.
    "additional/sizes-are-equal-one-and-proof-is-empty": MalformedVerificationInputError,
}


@pytest.mark.parametrize("path", _testdata("inclusion"), ids=_case_id)
def test_transparency_dev_inclusion_vectors(vectors: Path, path: Path) -> None:
    """transparency-dev/merkle testdata/inclusion: valid proofs verify, every mutation fails."""
    case = json.loads(path.read_text())
    entry = _ENTRY_OF.get(_b64(case["leafHash"]), _OUTSIDE)
    args = (case["leafIdx"], case["treeSize"], [_b64(h) for h in case["proof"] or []])
    if case["wantErr"]:
        with pytest.raises(VerificationError):
            ds.verify_inclusion(entry, *args, _b64(case["root"]))
    else:
        assert ds.verify_inclusion(entry, *args, _b64(case["root"])) == _b64(case["leafHash"])


@pytest.mark.parametrize("path", _testdata("consistency"), ids=_case_id)
def test_transparency_dev_consistency_vectors(vectors: Path, path: Path) -> None:
    """transparency-dev/merkle testdata/consistency: valid proofs verify, every mutation fails."""
    case = json.loads(path.read_text())
    args = (
        case["size1"],
        case["size2"],
        [_b64(h) for h in case["proof"] or []],
        _b64(case["root1"]),
        _b64(case["root2"]),
    )
    if _case_id(path) in _REFUSED:
        assert not case["wantErr"]
        with pytest.raises(_REFUSED[_case_id(path)]):
            ds.verify_consistency(*args)
    elif case["wantErr"]:
        with pytest.raises(VerificationError):
            ds.verify_consistency(*args)
    else:
        assert ds.verify_consistency(*args) == _b64(case["root2"])


def test_transparency_dev_testdata_is_all_there() -> None:
    inclusion, consistency = _testdata("inclusion"), _testdata("consistency")
    assert (len(inclusion), len(consistency)) == (98, 98)
    # Both kinds cover valid proofs and mutations that must fail.
    for paths in (inclusion, consistency):
        wanted = [json.loads(p.read_text())["wantErr"] for p in paths]
        assert True in wanted
        assert False in wanted


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


def test_more_edge_cases() -> None:
    """leaf_hash type check, MerkleLog.leaf bounds, an over-long consistency proof."""
    with pytest.raises(MalformedInputError):
        leaf_hash("text")  # type: ignore[arg-type]
    log = MerkleLog.from_entries(ENTRIES)
    assert log.leaf(3) == leaf_hash(ENTRIES[3])
    with pytest.raises(MalformedInputError):
        log.leaf(8)
    old, new, path = CONSISTENCY[2]
    too_long = [*_hashes(path), ROOTS[0], ROOTS[1]]
    with pytest.raises(ConsistencyProofError):
        ds.verify_consistency(old, new, too_long, ROOTS[old - 1], ROOTS[new - 1])


def test_exhaustive_small_trees() -> None:
    """Every inclusion proof and every consistency proof of every tree up to 33 leaves."""
    entries = [bytes([i]) for i in range(33)]
    log = MerkleLog.from_entries(entries)
    for n in range(1, 34):
        root = log.root(n)
        assert root == ds.merkle_root(entries[:n])
        for i in range(n):
            ds.verify_inclusion(entries[i], i, n, log.inclusion_proof(i, n), root)
        for m in range(n + 1):
            ds.verify_consistency(m, n, log.consistency_proof(m, n), log.root(m), root)


def test_crafted_proof_for_a_shrinking_tree_is_refused() -> None:
    """A proof shaped to pass the path walk for 3 -> 2 leaves: only the size check stops it.

    For old size 3 and new size 2 the walk hashes the first proof element with the
    second into the new root and checks the first against the old root, so
    [old_root, x] "connects" old_root to node(old_root, x).
    """
    x = leaf_hash(b"attacker")
    crafted_new_root = node_hash(ROOTS[2], x)
    with pytest.raises(ConsistencyProofError) as info:
        ds.verify_consistency(3, 2, [ROOTS[2], x], ROOTS[2], crafted_new_root)
    assert "shrank" in info.value.message


def test_too_short_consistency_proof_is_refused() -> None:
    """A 1 -> 2 proof presented as 1 -> 4: the walk ends before the top of the new tree.

    The hashes agree (the old root is leaf 0, node(leaf 0, leaf 1) is the root of two
    leaves), so only the check that the walk reached the root of size 4 refuses it.
    """
    proof = ds.consistency_proof(ENTRIES[:2], 1)
    assert ds.verify_consistency(1, 2, proof, ROOTS[0], ROOTS[1]) == ROOTS[1]
    with pytest.raises(ConsistencyProofError):
        ds.verify_consistency(1, 4, proof, ROOTS[0], ROOTS[1])


def test_empty_tree_has_only_the_empty_root() -> None:
    """Size 0 to size 0: both roots must be the empty root (transparency-dev/merkle
    testdata consistency/additional "sizes are equal (zero) but roots are not")."""
    assert ds.verify_consistency(0, 0, [], EMPTY_ROOT, EMPTY_ROOT) == EMPTY_ROOT
    with pytest.raises(ConsistencyProofError):
        ds.verify_consistency(0, 0, [], EMPTY_ROOT, ROOTS[0])
    with pytest.raises(ConsistencyProofError):
        ds.verify_consistency(0, 0, [], ROOTS[0], ROOTS[0])


def test_proof_length_cap_at_the_boundary() -> None:
    """A tree of 2^64 - 1 leaves needs 64-hash proofs: 64 hashes are checked (and fail on
    their content), 65 are malformed input."""
    size = 2**64 - 1
    at_cap = [leaf_hash(bytes([i])) for i in range(MAX_PROOF_LENGTH)]
    with pytest.raises(InclusionProofError):
        ds.verify_inclusion(ENTRIES[0], 0, size, at_cap, ROOTS[0])
    with pytest.raises(ConsistencyProofError):
        ds.verify_consistency(1, size, at_cap, ROOTS[0], ROOTS[1])
    over = [*at_cap, ROOTS[0]]
    with pytest.raises(MalformedVerificationInputError, match=f"at most {MAX_PROOF_LENGTH}"):
        ds.verify_inclusion(ENTRIES[0], 0, size, over, ROOTS[0])
    with pytest.raises(MalformedVerificationInputError, match=f"at most {MAX_PROOF_LENGTH}"):
        ds.verify_consistency(1, size, over, ROOTS[0], ROOTS[1])
