"""Receipts: c2sp.org/tlog-proof@v1 text, offline and ledger verification, tamper probes."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import didkit_shebao as ds
from didkit_shebao.anchor.merkle import MAX_PROOF_LENGTH
from didkit_shebao.anchor.receipt import (
    ANCHORS_FORMAT,
    MAX_ANCHORS,
    MAX_RECEIPT_BYTES,
    TLOG_PROOF_HEADER,
)
from didkit_shebao.errors import (
    AnchorError,
    InclusionProofError,
    InvalidSignatureError,
    MalformedInputError,
    MalformedVerificationInputError,
    VerificationError,
)

ROOT = Path(__file__).resolve().parents[1]
KEY = ds.Ed25519Key.from_seed(hashlib.sha256(b"receipt test log").digest())
ORIGIN = "hrss.example.gov.cn/log"
DIGESTS = [hashlib.sha256(f"credential {i}".encode()).digest() for i in range(8)]


@pytest.fixture
def ledger() -> ds.MemoryLedger:
    return ds.MemoryLedger(finality_depth=2)


@pytest.fixture
def receipts(ledger: ds.MemoryLedger) -> list[ds.Receipt]:
    anchorer = ds.Anchorer(ledger, log_key=KEY, origin=ORIGIN)
    anchorer.submit_many(DIGESTS)
    return anchorer.flush()


def test_text_layout(receipts: list[ds.Receipt]) -> None:
    """Header, extra (anchors), index, one base64 hash per line, blank line, checkpoint."""
    r = receipts[5]
    text = r.to_text()
    head, _, note = text.partition("\n\n")
    lines = head.split("\n")
    assert lines[0] == TLOG_PROOF_HEADER == "c2sp.org/tlog-proof@v1"
    assert lines[1].startswith("extra ")
    assert lines[2] == "index 5"
    assert [base64.b64decode(x) for x in lines[3:]] == list(r.proof)
    assert note == r.checkpoint.to_note()
    extra = json.loads(base64.b64decode(lines[1][len("extra ") :]))
    assert extra["format"] == ANCHORS_FORMAT
    assert [ds.LedgerRef.from_json(a) for a in extra["anchors"]] == list(r.anchors)


def test_round_trip(receipts: list[ds.Receipt]) -> None:
    """from_text(to_text()) gives back an equal receipt; str and bytes both parse."""
    for r in receipts:
        text = r.to_text()
        assert ds.Receipt.from_text(text) == r
        assert ds.Receipt.from_text(text.encode()) == r
        assert ds.Receipt.from_text(text).to_text() == text


def test_receipt_without_anchors_has_no_extra_line(receipts: list[ds.Receipt]) -> None:
    """An unanchored receipt omits the optional extra line, as the format allows."""
    bare = ds.Receipt(index=1, proof=receipts[1].proof, checkpoint=receipts[1].checkpoint)
    text = bare.to_text()
    assert text.split("\n")[1] == "index 1"
    assert ds.Receipt.from_text(text) == bare
    assert ds.verify_receipt(text, DIGESTS[1], log_key=KEY).anchors == ()


def test_verify_offline(receipts: list[ds.Receipt]) -> None:
    """Every receipt verifies offline; the result carries size and root from the checkpoint."""
    for i, r in enumerate(receipts):
        v = ds.verify_receipt(r.to_text(), DIGESTS[i], log_key=KEY.public_multibase)
        assert (v.index, v.tree_size, v.root, v.origin) == (i, 8, r.checkpoint.root, ORIGIN)
        assert v.anchor is None
        assert v.anchor_status is None


def test_verify_on_ledger(receipts: list[ds.Receipt], ledger: ds.MemoryLedger) -> None:
    """With the ledger: INCLUDED at first, FINAL after the finality depth; min_status applies."""
    v = ds.verify_receipt(receipts[0], DIGESTS[0], log_key=KEY, ledger=ledger)
    assert v.anchor_status is ds.AnchorStatus.INCLUDED
    assert v.anchor == receipts[0].anchors[0]
    with pytest.raises(AnchorError):
        ds.verify_receipt(
            receipts[0], DIGESTS[0], log_key=KEY, ledger=ledger, min_status=ds.AnchorStatus.FINAL
        )
    ledger.mine(2)
    v = ds.verify_receipt(
        receipts[0], DIGESTS[0], log_key=KEY, ledger=ledger, min_status=ds.AnchorStatus.FINAL
    )
    assert v.anchor_status is ds.AnchorStatus.FINAL


def test_reorg_makes_receipt_fail(receipts: list[ds.Receipt], ledger: ds.MemoryLedger) -> None:
    """A reorg that drops the anchor's block: offline still fine, on-ledger AnchorError."""
    ledger.reorg(1)
    ds.verify_receipt(receipts[2], DIGESTS[2], log_key=KEY)
    with pytest.raises(AnchorError) as info:
        ds.verify_receipt(receipts[2], DIGESTS[2], log_key=KEY, ledger=ledger)
    assert "reorganisation" in str(info.value)


def test_other_ledger_does_not_hold_it(receipts: list[ds.Receipt]) -> None:
    """Checking against a ledger that never saw the root fails with AnchorError."""
    with pytest.raises(AnchorError):
        ds.verify_receipt(receipts[0], DIGESTS[0], log_key=KEY, ledger=ds.MemoryLedger(name="x"))


def test_ledger_failure_is_anchor_error(receipts: list[ds.Receipt]) -> None:
    """A ledger that cannot be read fails closed with AnchorError carrying the ledger's code."""

    class Down(ds.MemoryLedger):
        def lookup(self, root: bytes) -> ds.LedgerRef | None:
            raise ds.errors.LedgerUnavailableError()

    with pytest.raises(AnchorError) as info:
        ds.verify_receipt(receipts[0], DIGESTS[0], log_key=KEY, ledger=Down())
    assert info.value.code == "ledger_unavailable"


def test_size_comes_from_checkpoint_only(receipts: list[ds.Receipt]) -> None:
    """Size and root are read from the signed checkpoint, never from elsewhere.

    Leaf 5's path in the 8-tree also verifies under a claimed size 7 against the
    same root (RFC 9162's ambiguity). A receipt cannot claim 7: changing the
    checkpoint breaks its signature, and a genuine 7-checkpoint has another root.
    """
    r = receipts[5]
    assert ds.verify_inclusion(DIGESTS[5], 5, 7, r.proof, r.checkpoint.root)
    forged = r.to_text().replace(f"\n{ORIGIN}\n8\n", f"\n{ORIGIN}\n7\n")
    with pytest.raises(InvalidSignatureError):
        ds.verify_receipt(forged, DIGESTS[5], log_key=KEY)
    seven = ds.Checkpoint.create(
        origin=ORIGIN, tree_size=7, root=ds.merkle_root(DIGESTS[:7]), key=KEY
    )
    mixed = ds.Receipt(index=5, proof=r.proof, checkpoint=seven)
    with pytest.raises(InclusionProofError):
        ds.verify_receipt(mixed, DIGESTS[5], log_key=KEY)
    assert not hasattr(r, "__dict__")  # no room for a size besides the checkpoint's


def test_tamper_probes(receipts: list[ds.Receipt], ledger: ds.MemoryLedger) -> None:
    """Wrong digest, wrong index, wrong sibling, other log key, anchor for another root."""
    r = receipts[3]
    with pytest.raises(InclusionProofError):
        ds.verify_receipt(r, DIGESTS[4], log_key=KEY)
    with pytest.raises(InclusionProofError):
        ds.verify_receipt(ds.Receipt(4, r.proof, r.checkpoint, r.anchors), DIGESTS[3], log_key=KEY)
    bad = (r.proof[0], bytes(32), *r.proof[2:])
    with pytest.raises(InclusionProofError):
        ds.verify_receipt(ds.Receipt(3, bad, r.checkpoint, r.anchors), DIGESTS[3], log_key=KEY)
    with pytest.raises(InvalidSignatureError):
        ds.verify_receipt(r, DIGESTS[3], log_key=ds.Ed25519Key.generate())
    with pytest.raises(InvalidSignatureError):
        ds.verify_receipt(r, DIGESTS[3], log_key=KEY, origin="another.example/log")
    other = ds.LedgerRef(ledger=ledger.ledger_id, root=bytes(32), tree_size=8)
    with pytest.raises(AnchorError):
        ds.verify_receipt(ds.Receipt(3, r.proof, r.checkpoint, (other,)), DIGESTS[3], log_key=KEY)
    wrong_size = ds.LedgerRef(ledger=ledger.ledger_id, root=r.checkpoint.root, tree_size=9)
    with pytest.raises(AnchorError):
        ds.verify_receipt(
            ds.Receipt(3, r.proof, r.checkpoint, (wrong_size,)), DIGESTS[3], log_key=KEY
        )


def test_every_single_character_change_is_caught(
    receipts: list[ds.Receipt], ledger: ds.MemoryLedger
) -> None:
    """Changing any one character fails verification, except inside the unauthenticated
    extra line, where the verified result (index, size, root, ledger status) cannot change."""
    r = receipts[6]
    text = r.to_text()
    expected = ds.verify_receipt(text, DIGESTS[6], log_key=KEY, ledger=ledger)
    extra_end = text.index("\nindex ")
    for pos, ch in enumerate(text):
        tampered = text[:pos] + chr(ord(ch) ^ 1) + text[pos + 1 :]
        try:
            got = ds.verify_receipt(tampered, DIGESTS[6], log_key=KEY, ledger=ledger)
        except VerificationError:
            continue
        assert pos < extra_end, f"change at {pos} ({ch!r}) was not detected"
        assert (got.index, got.tree_size, got.root) == (
            expected.index,
            expected.tree_size,
            expected.root,
        )
        assert got.anchor_status is not None


@pytest.mark.parametrize(
    "mutate",
    [
        lambda t: t.replace(TLOG_PROOF_HEADER, "c2sp.org/tlog-proof@v2"),
        lambda t: t.replace("\nindex 6\n", "\nindex 06\n"),
        lambda t: t.replace("\nindex 6\n", "\nindex -6\n"),
        lambda t: t.replace("\nindex 6\n", "\n"),
        lambda t: t.replace("\n\n", "\n", 1),
        lambda t: t.replace("\nindex 6\n", "\nindex 6\nAAAA\n"),
        lambda t: "extra x\n" + t,
        lambda t: t.replace("extra ", "extra !", 1),
        lambda t: t.replace(
            t.split("\n")[1],
            "extra " + base64.b64encode(b'{"anchors":[],"format":"other"}').decode(),
        ),
        lambda t: t + "x" * 300_000,
    ],
)
def test_malformed_receipt_text(receipts: list[ds.Receipt], mutate: object) -> None:
    """Structural errors are MalformedInputError when parsing, MalformedVerification… when verifying."""
    text = mutate(receipts[6].to_text())  # type: ignore[operator]
    with pytest.raises(MalformedInputError):
        ds.Receipt.from_text(text)
    with pytest.raises(VerificationError):
        ds.verify_receipt(text, DIGESTS[6], log_key=KEY)


def test_bad_arguments(receipts: list[ds.Receipt]) -> None:
    """A digest that is not 32 bytes, or min_status MISSING, is malformed input."""
    with pytest.raises(MalformedVerificationInputError):
        ds.verify_receipt(receipts[0], DIGESTS[0][:31], log_key=KEY)
    with pytest.raises(MalformedVerificationInputError):
        ds.verify_receipt(receipts[0], DIGESTS[0].hex(), log_key=KEY)  # type: ignore[arg-type]
    with pytest.raises(MalformedVerificationInputError):
        ds.verify_receipt(receipts[0], DIGESTS[0], log_key=KEY, min_status=ds.AnchorStatus.MISSING)
    with pytest.raises(MalformedVerificationInputError):
        ds.verify_receipt(42, DIGESTS[0], log_key=KEY)  # type: ignore[arg-type]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_fuzz_only_verification_errors_escape(
    receipts: list[ds.Receipt], data: st.DataObject
) -> None:
    """Random edits of a receipt are refused with a VerificationError, except inside the
    unauthenticated extra line, where the verified tree head cannot change; random text is
    refused."""
    text = receipts[2].to_text()
    expected = ds.verify_receipt(text, DIGESTS[2], log_key=KEY)
    extra_start = text.index("\nextra ") + len("\nextra ")
    extra_end = text.index("\nindex ")
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 8)))
    # Characters that keep the text well-formed (base64, digits) as well as any text.
    insert = data.draw(st.text("AQgw+/=0123456789 \n", max_size=8) | st.text(max_size=8))
    edited = text[:start] + insert + text[end:]
    if edited != text:
        try:
            got = ds.verify_receipt(edited, DIGESTS[2], log_key=KEY)
        except VerificationError:
            pass
        else:
            assert extra_start <= start <= end <= extra_end, f"edit {start}:{end} accepted"
            assert (got.origin, got.index, got.tree_size, got.root, got.leaf_hash) == (
                expected.origin,
                expected.index,
                expected.tree_size,
                expected.root,
                expected.leaf_hash,
            )
            assert got.checkpoint == expected.checkpoint
    with pytest.raises(VerificationError):
        ds.verify_receipt(data.draw(st.text(max_size=200)), DIGESTS[2], log_key=KEY)


def test_docs_examples_are_exact() -> None:
    """docs/anchoring.md: its receipt, checkpoint and verifier key verify; its example runs."""
    doc = (ROOT / "docs" / "anchoring.md").read_text(encoding="utf-8")
    zero = ds.Ed25519Key.from_seed(bytes(32))
    origin = "rs.example.gov.cn/issued"
    vkey = ds.format_verifier_key(origin, zero)
    assert vkey in doc
    receipt = re.search(r"### Receipts\n\n```\n(.*?)```", doc, re.DOTALL)
    checkpoint = re.search(r"### Checkpoints\n\n.*?```\n(.*?)```", doc, re.DOTALL)
    assert receipt is not None
    assert checkpoint is not None
    v = ds.verify_receipt(receipt.group(1), hashlib.sha256(b"example 3").digest(), log_key=vkey)
    assert (v.index, v.tree_size, v.origin) == (3, 5, origin)
    assert ds.verify_checkpoint(checkpoint.group(1), log_key=zero) == v.checkpoint
    blocks = re.findall(r"```python\n(.*?)```", doc, re.DOTALL)
    assert len(blocks) == 1
    exec(compile(blocks[0], "docs/anchoring.md", "exec"), {})  # noqa: S102 - our own doc


def test_lone_surrogates_are_malformed(receipts: list[ds.Receipt]) -> None:
    """A lone surrogate anywhere (not encodable as UTF-8) is a VerificationError, no crash."""
    text = receipts[4].to_text()
    for pos in range(0, len(text), 3):
        with pytest.raises(VerificationError):
            ds.verify_receipt(text[:pos] + "\ud800" + text[pos:], DIGESTS[4], log_key=KEY)


def test_receipt_edge_cases(receipts: list[ds.Receipt]) -> None:
    """Properties read the checkpoint; bad encodings and odd extra JSON are malformed input."""
    r = receipts[1]
    assert (r.root, r.origin, r.tree_size) == (
        r.checkpoint.root,
        r.checkpoint.origin,
        r.checkpoint.tree_size,
    )
    with pytest.raises(MalformedInputError):
        ds.Receipt.from_text(b"\xff" + r.to_text().encode())
    with pytest.raises(MalformedInputError):
        ds.Receipt.from_text(42)  # type: ignore[arg-type]
    text = r.to_text()
    extra_line = text.split("\n")[1]
    for bad_json in (
        b'{"anchors":[],"anchors":[],"format":"didkit-shebao/anchors@v1"}',
        b'{"anchors":[NaN],"format":"didkit-shebao/anchors@v1"}',
        b'{"anchors":[',
        b"\xff\xfe",
    ):
        bad = text.replace(extra_line, "extra " + base64.b64encode(bad_json).decode())
        with pytest.raises(MalformedInputError):
            ds.Receipt.from_text(bad)


# -- size caps at their boundaries -------------------------------------------------------


def test_receipt_text_size_cap_at_the_boundary(receipts: list[ds.Receipt]) -> None:
    """Text of MAX_RECEIPT_BYTES characters gets past the size check (and fails on what it
    holds); one character more is refused for its size."""
    text = receipts[6].to_text()
    extra = text.split("\n")[1]
    # Grow the extra line (base64 characters) until the whole text is at the cap.
    at_cap = text.replace(extra, extra + "A" * (MAX_RECEIPT_BYTES - len(text)), 1)
    assert len(at_cap) == MAX_RECEIPT_BYTES
    with pytest.raises(MalformedInputError) as info:
        ds.Receipt.from_text(at_cap)
    assert "larger than" not in info.value.message
    with pytest.raises(MalformedInputError, match=f"larger than {MAX_RECEIPT_BYTES} bytes"):
        ds.Receipt.from_text(at_cap + "x")
    with pytest.raises(MalformedVerificationInputError, match="larger than"):
        ds.verify_receipt(at_cap + "x", DIGESTS[6], log_key=KEY)


def test_receipt_anchor_cap_at_the_boundary(receipts: list[ds.Receipt]) -> None:
    """MAX_ANCHORS anchors (each naming the signed root and size) verify; one more is refused."""
    r = receipts[6]

    def with_anchors(n: int) -> str:
        refs = tuple(
            ds.LedgerRef(ledger=f"memory:copy-{i}", root=r.root, tree_size=r.tree_size)
            for i in range(n)
        )
        return ds.Receipt(r.index, r.proof, r.checkpoint, refs).to_text()

    verified = ds.verify_receipt(with_anchors(MAX_ANCHORS), DIGESTS[6], log_key=KEY)
    assert len(verified.anchors) == MAX_ANCHORS
    over = with_anchors(MAX_ANCHORS + 1)
    with pytest.raises(MalformedInputError, match="anchor list"):
        ds.Receipt.from_text(over)
    with pytest.raises(MalformedVerificationInputError):
        ds.verify_receipt(over, DIGESTS[6], log_key=KEY)


def test_receipt_proof_line_cap_at_the_boundary(receipts: list[ds.Receipt]) -> None:
    """A receipt may carry MAX_PROOF_LENGTH proof lines; one more is malformed text."""
    r = receipts[6]
    hashes = tuple(hashlib.sha256(bytes([i])).digest() for i in range(MAX_PROOF_LENGTH + 1))
    at_cap = ds.Receipt(r.index, hashes[:MAX_PROOF_LENGTH], r.checkpoint).to_text()
    assert len(ds.Receipt.from_text(at_cap).proof) == MAX_PROOF_LENGTH
    over = ds.Receipt(r.index, hashes, r.checkpoint).to_text()
    with pytest.raises(MalformedInputError, match=f"{MAX_PROOF_LENGTH} lines"):
        ds.Receipt.from_text(over)
