"""EVMLedger against a real node (anvil), plus its failure translation.

Every test that needs anvil uses the session-scoped ``anvil`` fixture, which
skips when the binary is absent (see tests/evm_node.py).
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import socket
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from ledger_conformance import LedgerConformance
from skip_policy import optional_reason, optional_skip

pytest.importorskip("web3", reason=optional_reason("web3", "the evm extra is not installed"))

import didkit_shebao as ds
from didkit_shebao.cli import main
from didkit_shebao.errors import (
    AnchorError,
    LedgerConflictError,
    LedgerError,
    LedgerUnavailableError,
    MalformedInputError,
    ShebaoError,
    UnsupportedError,
    VerificationError,
)
from didkit_shebao.ledgers import _anchor_contract, open_ledger
from didkit_shebao.ledgers.base import AnchorStatus, LedgerRef
from didkit_shebao.ledgers.evm import EVMLedger
from tests.evm_node import CHAIN_ID, AnvilNode, find_anvil, running_anvil

pytestmark = pytest.mark.evm

NOWHERE = "0x" + "11" * 20  # an address without code


def root_of(label: str) -> bytes:
    """A distinct 32-byte root per label."""
    return hashlib.sha256(label.encode()).digest()


@pytest.fixture(scope="session")
def anvil() -> Iterator[AnvilNode]:
    configured = os.environ.get("ANVIL_BIN")
    if configured and not os.access(configured, os.X_OK):
        pytest.fail(f"ANVIL_BIN={configured} is not an executable file")
    binary = find_anvil()
    if binary is None:
        message = (
            "anvil not found: set ANVIL_BIN, or run `bash .ci/install-anvil.sh` "
            "(npm package @foundry-rs/anvil-linux-amd64)"
        )
        if os.environ.get("DIDKIT_SHEBAO_REQUIRE_ANVIL") == "1":
            pytest.fail(message)
        optional_skip("anvil", message)
    with running_anvil(binary) as node:
        yield node


@pytest.fixture
def owner_key(anvil: AnvilNode) -> str:
    return anvil.funded_key()


@pytest.fixture
def ledger(anvil: AnvilNode, owner_key: str) -> Iterator[EVMLedger]:
    """A freshly deployed contract, FINAL after 2 blocks on top."""
    with EVMLedger.deploy(
        anvil.url, private_key=owner_key, finality_depth=2, poll_interval=0.05
    ) as fresh:
        yield fresh


class TestEVMLedgerConformance(LedgerConformance):
    """The shared ledger suite against a fresh contract on anvil."""

    @pytest.fixture
    def ledger(self, anvil: AnvilNode, owner_key: str) -> Iterator[EVMLedger]:
        with EVMLedger.deploy(anvil.url, private_key=owner_key, poll_interval=0.05) as fresh:
            yield fresh


class TestEVMLedgerConformanceFinalAtOnce(LedgerConformance):
    """The same with finality depth 0 (a BFT chain such as QBFT or FISCO BCOS)."""

    @pytest.fixture
    def ledger(self, anvil: AnvilNode, owner_key: str) -> Iterator[EVMLedger]:
        with EVMLedger.deploy(
            anvil.url, private_key=owner_key, finality_depth=0, poll_interval=0.05
        ) as fresh:
            yield fresh


# -- deployment and the happy path ---------------------------------------------


def test_deploy_binds_to_the_new_contract(anvil: AnvilNode, ledger: EVMLedger) -> None:
    assert ledger.ledger_id == f"eip155:{CHAIN_ID}"
    assert ledger.chain_id == CHAIN_ID
    assert ledger.contract.startswith("0x")
    assert len(ledger.contract) == 42
    # The chain holds exactly the shipped runtime code at the new address.
    assert anvil.rpc("eth_getCode", [ledger.contract, "latest"]) == (
        "0x" + _anchor_contract.RUNTIME_BYTECODE
    )
    # The deployer owns it: owner() returns the anchoring account.
    owner_word = anvil.rpc("eth_call", [{"to": ledger.contract, "data": "0x8da5cb5b"}, "latest"])
    assert ledger.account is not None
    assert int(owner_word, 16) == int(ledger.account, 16)


def test_anchor_returns_a_complete_reference(anvil: AnvilNode, ledger: EVMLedger) -> None:
    root = root_of("first")
    ref = ledger.anchor(root, 3)
    assert ref.ledger == f"eip155:{CHAIN_ID}"
    assert ref.root == root
    assert ref.tree_size == 3
    assert ref.contract == ledger.contract
    assert ref.tx is not None
    assert len(ref.tx) == 66
    assert ref.tx == ref.tx.lower()
    assert ref.block == anvil.head()
    block = anvil.rpc("eth_getBlockByNumber", [hex(ref.block), False])
    assert ref.block_hash == block["hash"]
    assert ref.tx in block["transactions"]
    assert ref.log_index == 0
    # The event carries root, size and sender exactly.
    receipt = anvil.rpc("eth_getTransactionReceipt", [ref.tx])
    (log,) = receipt["logs"]
    assert log["topics"][1] == "0x" + root.hex()
    assert int(log["topics"][2], 16) == int(ledger.account or "0x0", 16)
    assert int(log["data"], 16) == 3
    # The reference survives JSON.
    assert LedgerRef.from_json(json.loads(json.dumps(ref.to_json()))) == ref


def test_status_moves_from_included_to_final(anvil: AnvilNode, ledger: EVMLedger) -> None:
    ref = ledger.anchor(root_of("depth"), 1)
    assert ledger.status(ref) is AnchorStatus.INCLUDED
    anvil.mine(1)
    assert ledger.status(ref) is AnchorStatus.INCLUDED
    anvil.mine(1)
    assert ledger.status(ref) is AnchorStatus.FINAL
    anvil.mine(3)
    assert ledger.status(ref) is AnchorStatus.FINAL


def test_finality_depth_zero_is_final_when_mined(anvil: AnvilNode, ledger: EVMLedger) -> None:
    instant = EVMLedger(anvil.url, contract=ledger.contract, finality_depth=0)
    ref = ledger.anchor(root_of("instant"), 1)
    assert instant.status(ref) is AnchorStatus.FINAL
    instant.close()


def test_lookup_finds_what_was_anchored(ledger: EVMLedger) -> None:
    first = ledger.anchor(root_of("a"), 1)
    second = ledger.anchor(root_of("b"), 2)
    assert ledger.lookup(root_of("a")) == first
    assert ledger.lookup(root_of("b")) == second
    assert ledger.lookup(root_of("never")) is None


def test_read_only_ledger_reads_but_does_not_anchor(anvil: AnvilNode, ledger: EVMLedger) -> None:
    ref = ledger.anchor(root_of("ro"), 4)
    with EVMLedger(anvil.url, contract=ledger.contract.lower()) as reader:
        assert reader.account is None
        assert reader.contract == ledger.contract  # checksummed
        assert reader.lookup(root_of("ro")) == ref
        assert reader.status(ref) is AnchorStatus.INCLUDED  # default depth 12
        with pytest.raises(UnsupportedError, match="read-only"):
            reader.anchor(root_of("ro2"), 5)


def test_fixed_gas_price_sends_a_legacy_transaction(anvil: AnvilNode, owner_key: str) -> None:
    price = 7 * 10**9
    with EVMLedger.deploy(
        anvil.url, private_key=owner_key, gas_price=price, poll_interval=0.05
    ) as legacy:
        ref = legacy.anchor(root_of("legacy"), 1)
    tx = anvil.rpc("eth_getTransactionByHash", [ref.tx])
    assert tx["type"] == "0x0"
    assert int(tx["gasPrice"], 16) == price
    assert int(tx["chainId"], 16) == CHAIN_ID  # EIP-155 replay protection


# -- refusals --------------------------------------------------------------------


def test_shrinking_or_equal_tree_is_refused(anvil: AnvilNode, ledger: EVMLedger) -> None:
    ledger.anchor(root_of("five"), 5)
    nonce = anvil.rpc("eth_getTransactionCount", [ledger.account, "latest"])
    with pytest.raises(LedgerConflictError) as shrink:
        ledger.anchor(root_of("four"), 4)
    assert shrink.value.details["reason"] == "TreeNotGrowing"
    assert (shrink.value.details["latest"], shrink.value.details["requested"]) == (5, 4)
    with pytest.raises(LedgerConflictError):
        ledger.anchor(root_of("other five"), 5)
    # Refused before sending: no transaction went out, nothing was recorded.
    assert anvil.rpc("eth_getTransactionCount", [ledger.account, "latest"]) == nonce
    assert ledger.lookup(root_of("four")) is None
    assert ledger.anchor(root_of("six"), 6).tree_size == 6


def test_repeated_root_is_refused(ledger: EVMLedger) -> None:
    first = ledger.anchor(root_of("once"), 2)
    for size in (2, 3):
        with pytest.raises(LedgerConflictError) as repeat:
            ledger.anchor(root_of("once"), size)
        assert repeat.value.details["reason"] == "RootAlreadyAnchored"
        assert repeat.value.details["treeSize"] == 2
    assert ledger.lookup(root_of("once")) == first


def test_contract_refuses_a_mined_conflict(
    anvil: AnvilNode, ledger: EVMLedger, owner_key: str
) -> None:
    """A conflicting transaction that is mined anyway (a race) reverts on chain."""
    ledger.anchor(root_of("race"), 5)
    from eth_abi.abi import encode
    from eth_account import Account

    assert ledger.account is not None
    # Sign a shrinking anchor by hand with a fixed gas limit, bypassing the
    # estimate that would have refused it, and let the chain execute it.
    selector = bytes.fromhex("db2c4aca")  # anchor(bytes32,uint64)
    data = selector + encode(["bytes32", "uint64"], [root_of("late"), 3])
    nonce = int(anvil.rpc("eth_getTransactionCount", [ledger.account, "pending"]), 16)
    tx = {
        "chainId": CHAIN_ID,
        "nonce": nonce,
        "to": ledger.contract,
        "data": data,
        "gas": 100_000,
        "gasPrice": int(anvil.rpc("eth_gasPrice"), 16),
        "value": 0,
    }
    signed = Account.sign_transaction(tx, owner_key)
    tx_hash = anvil.rpc("eth_sendRawTransaction", ["0x" + signed.raw_transaction.hex()])
    receipt = anvil.wait_for_receipt(tx_hash)
    assert receipt["status"] == "0x0"
    assert receipt["logs"] == []
    assert ledger.lookup(root_of("late")) is None


def test_only_the_owner_may_anchor(anvil: AnvilNode, ledger: EVMLedger) -> None:
    other = EVMLedger(anvil.url, contract=ledger.contract, private_key=anvil.funded_key())
    with other, pytest.raises(LedgerError, match="does not own") as refused:
        other.anchor(root_of("intruder"), 1)
    assert not isinstance(refused.value, LedgerConflictError)
    assert refused.value.details["reason"] == "NotOwner"


# -- reorganisations and pending transactions ---------------------------------------


def test_reorg_that_drops_the_anchor_shows_missing(anvil: AnvilNode, ledger: EVMLedger) -> None:
    ref = ledger.anchor(root_of("reorged"), 7)
    anvil.mine(1)
    assert ledger.status(ref) is AnchorStatus.INCLUDED
    # Replace the last two blocks (the anchor's and the one on top) with
    # empty ones: same heights, new hashes, and the transaction is gone.
    anvil.rpc("anvil_reorg", [2, []])
    assert ref.block is not None
    assert anvil.rpc("eth_getBlockByNumber", [hex(ref.block), False])["hash"] != ref.block_hash
    assert ledger.status(ref) is AnchorStatus.MISSING
    assert ledger.lookup(root_of("reorged")) is None
    # The contract state went back too: the same root can be anchored again,
    # and the old reference stays MISSING.
    again = ledger.anchor(root_of("reorged"), 7)
    assert again.block_hash != ref.block_hash
    assert ledger.status(again) is AnchorStatus.INCLUDED
    assert ledger.status(ref) is AnchorStatus.MISSING


def test_reorg_that_moves_the_anchor_shows_missing_for_the_old_block(
    anvil: AnvilNode, ledger: EVMLedger
) -> None:
    ref = ledger.anchor(root_of("moved"), 2)
    raw = anvil.rpc("eth_getRawTransactionByHash", [ref.tx])
    anvil.mine(1)
    # Replace the anchor's block and the one on top; the same transaction now
    # lands in the second of the two new blocks.
    anvil.rpc("anvil_reorg", [2, [[raw, 1]]])
    moved = ledger.lookup(root_of("moved"))
    assert moved is not None
    assert moved.tx == ref.tx
    assert moved.block_hash != ref.block_hash
    assert ref.block is not None
    assert moved.block == ref.block + 1
    assert ledger.status(ref) is AnchorStatus.MISSING
    assert ledger.status(moved) is AnchorStatus.INCLUDED


def test_pending_anchor_is_picked_up_on_retry(anvil: AnvilNode, owner_key: str) -> None:
    with EVMLedger.deploy(
        anvil.url, private_key=owner_key, finality_depth=0, poll_interval=0.05
    ) as deployed:
        contract = deployed.contract
    ledger = EVMLedger(
        anvil.url,
        contract=contract,
        private_key=owner_key,
        finality_depth=0,
        receipt_timeout=0.3,
        poll_interval=0.05,
    )
    anvil.rpc("evm_setAutomine", [False])
    try:
        with pytest.raises(LedgerUnavailableError, match="not mined") as slow:
            ledger.anchor(root_of("slow"), 1)
        tx = slow.value.details["tx"]
        pending = LedgerRef(
            ledger=ledger.ledger_id,
            root=root_of("slow"),
            tree_size=1,
            tx=tx,
            contract=contract,
        )
        assert ledger.status(pending) is AnchorStatus.PENDING
        anvil.mine(1)
        ref = ledger.anchor(root_of("slow"), 1)  # the same transaction, now mined
        assert ref.tx == tx
        assert ledger.status(ref) is AnchorStatus.FINAL
        assert ledger.status(pending) is AnchorStatus.FINAL
        assert anvil.rpc("eth_getTransactionCount", [ledger.account, "latest"]) == "0x2"
    finally:
        anvil.rpc("evm_setAutomine", [True])
        ledger.close()


# -- references that do not match the chain -------------------------------------------


def test_altered_references_are_missing(ledger: EVMLedger) -> None:
    ref = ledger.anchor(root_of("tamper"), 9)
    ledger.anchor(root_of("tamper 2"), 10)
    assert ref.block is not None
    assert ref.log_index is not None
    altered = [
        replace(ref, ledger="eip155:1"),
        replace(ref, contract=NOWHERE),
        replace(ref, root=root_of("tamper 2")),
        replace(ref, tree_size=10),
        replace(ref, block=ref.block + 1),
        replace(ref, block_hash="0x" + "00" * 32),
        replace(ref, log_index=ref.log_index + 1),
        replace(ref, tx="0x" + "ab" * 32),
    ]
    for bad in altered:
        assert ledger.status(bad) is AnchorStatus.MISSING, bad
    assert ledger.status(ref) is AnchorStatus.INCLUDED


def test_reference_without_transaction_is_found_by_root(ledger: EVMLedger) -> None:
    ref = ledger.anchor(root_of("bare"), 4)
    bare = LedgerRef(ledger=ref.ledger, root=ref.root, tree_size=4)
    assert ledger.status(bare) is AnchorStatus.INCLUDED
    assert ledger.status(replace(bare, tree_size=5)) is AnchorStatus.MISSING


def test_address_without_the_contract_is_refused(anvil: AnvilNode) -> None:
    with EVMLedger(anvil.url, contract=NOWHERE, private_key=anvil.funded_key()) as wrong:
        with pytest.raises(LedgerError, match="does not hold the didkit_shebao anchoring"):
            wrong.lookup(root_of("x"))
        with pytest.raises(LedgerError, match="does not hold the didkit_shebao anchoring"):
            wrong.anchor(root_of("x"), 1)


def test_spec_opens_the_same_ledger(anvil: AnvilNode, ledger: EVMLedger, owner_key: str) -> None:
    ref = ledger.anchor(root_of("spec"), 1)
    # Unknown query parameters (an API token, say) stay in the RPC URL; anvil ignores them.
    spec = f"evm:{anvil.url}/?token=abc&contract={ledger.contract}&finality_depth=0&key_env=AGENCY_KEY"
    with EVMLedger.from_spec(spec, environ={"AGENCY_KEY": owner_key}) as opened:
        assert opened.contract == ledger.contract
        assert opened.finality_depth == 0
        assert opened.account == ledger.account
        assert opened.status(ref) is AnchorStatus.FINAL
        assert opened.anchor(root_of("spec 2"), 2).tree_size == 2
    with EVMLedger.from_spec(f"evm:{anvil.url}?contract={ledger.contract}", environ={}) as reader:
        assert reader.account is None
        assert reader.finality_depth == 12
        assert reader.lookup(root_of("spec")) == ref


def test_spec_reads_the_key_from_the_default_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    key = "0x" + "07" * 32
    monkeypatch.setenv("DIDKIT_SHEBAO_EVM_KEY", key)
    spec = f"evm:https://rpc.example/v3/T0KEN?contract={NOWHERE}&gas_price=0&receipt_timeout=5"
    with EVMLedger.from_spec(spec) as opened:
        from eth_account import Account

        assert opened.account == Account.from_key(key).address
        assert "T0KEN" not in repr(opened)


@pytest.mark.parametrize(
    "spec",
    [
        "sqlite:x.db",
        "evm:http://127.0.0.1:8545",
        f"evm:http://127.0.0.1:8545?contract={NOWHERE}&contract={NOWHERE}",
        f"evm:http://127.0.0.1:8545?contract={NOWHERE}&finality_depth=soon",
        f"evm:http://127.0.0.1:8545?contract={NOWHERE}&private_key=0x{'01' * 32}",
    ],
)
def test_bad_specs_are_refused(spec: str) -> None:
    with pytest.raises(MalformedInputError) as refused:
        EVMLedger.from_spec(spec, environ={})
    assert "01" * 8 not in str(refused.value)


def test_anchorer_receipts_verify_against_the_chain(anvil: AnvilNode, ledger: EVMLedger) -> None:
    """End to end: batch digests, one transaction, receipts checked on chain."""
    log_key = ds.Ed25519Key.generate()
    digests = [hashlib.sha256(b"credential %d" % i).digest() for i in range(5)]
    with ds.Anchorer(ledger, log_key=log_key, origin="rs.example.gov.cn/log") as anchorer:
        for digest in digests:
            anchorer.submit(digest)
        receipts = anchorer.flush()
    assert len(receipts) == 5
    (ref,) = {anchor for receipt in receipts for anchor in receipt.anchors}
    assert ref.ledger == f"eip155:{CHAIN_ID}"
    assert ref.contract == ledger.contract
    assert ref.tree_size == 5
    reader = EVMLedger(anvil.url, contract=ledger.contract, finality_depth=2)
    for digest, receipt in zip(digests, receipts, strict=True):
        text = receipt.to_text()
        verified = ds.verify_receipt(text, digest, log_key=log_key.public_key, ledger=reader)
        assert verified.anchor_status is AnchorStatus.INCLUDED
    anvil.mine(2)
    final = ds.verify_receipt(
        receipts[0],
        digests[0],
        log_key=log_key.public_key,
        ledger=reader,
        min_status=AnchorStatus.FINAL,
    )
    assert final.anchor_status is AnchorStatus.FINAL
    # Dropped by a reorganisation: the receipt no longer verifies on chain.
    anvil.rpc("anvil_reorg", [3, []])
    with pytest.raises(AnchorError, match="missing from the ledger") as dropped:
        ds.verify_receipt(receipts[0], digests[0], log_key=log_key.public_key, ledger=reader)
    assert isinstance(dropped.value, VerificationError)
    reader.close()


def test_open_ledger_and_cli_anchor_on_evm(
    anvil: AnvilNode,
    ledger: EVMLedger,
    owner_key: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec = f"evm:{anvil.url}?contract={ledger.contract}&finality_depth=0"
    monkeypatch.delenv("DIDKIT_SHEBAO_EVM_KEY", raising=False)
    read_only = open_ledger(spec)
    assert isinstance(read_only, EVMLedger)
    assert read_only.account is None
    read_only.close()
    monkeypatch.setenv("DIDKIT_SHEBAO_EVM_KEY", owner_key)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "log.jwk").write_text(json.dumps(ds.Ed25519Key.generate().private_jwk))
    digest = "cd" * 32
    submit = ["anchor", "submit", "--ledger", spec, "--log-key", "log.jwk"]
    submit += ["--origin", "rs.example/log", "--out-dir", "out", digest]
    assert main(submit) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    (anchor,) = entry["anchors"]
    assert anchor["ledger"] == f"eip155:{CHAIN_ID}"
    assert anchor["contract"] == ledger.contract
    assert ledger.lookup(bytes.fromhex(anchor["root"])) == LedgerRef.from_json(anchor)
    monkeypatch.delenv("DIDKIT_SHEBAO_EVM_KEY")
    verify = ["anchor", "verify", "--log-key", "log.jwk", "--ledger", spec]
    assert main([*verify, f"out/{digest[:16]}.tlog-proof", digest]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["verified"] is True
    assert result["anchorStatus"] == "final"


# -- input checks (no node needed) ------------------------------------------------------


def test_malformed_arguments_are_refused() -> None:
    url = "http://127.0.0.1:9"
    with pytest.raises(MalformedInputError, match="EIP-55"):
        EVMLedger(url, contract="0x" + "aB" * 20)
    with pytest.raises(MalformedInputError):
        EVMLedger(url, contract="0x1234")
    with pytest.raises(MalformedInputError, match="private_key") as bad_key:
        EVMLedger(url, contract=NOWHERE, private_key="0x" + "ff" * 32)  # >= curve order
    assert "ff" * 8 not in str(bad_key.value)
    assert bad_key.value.__cause__ is None
    with pytest.raises(MalformedInputError):
        EVMLedger(url, contract=NOWHERE, private_key="not hex")
    with pytest.raises(MalformedInputError):
        EVMLedger(url, contract=NOWHERE, finality_depth=-1)
    with pytest.raises(UnsupportedError, match="http"):
        EVMLedger("ws://127.0.0.1:8546", contract=NOWHERE)
    offline = EVMLedger(url, contract=NOWHERE, private_key="0x" + "01" * 32)
    for root, size in (
        (b"short", 1),
        (root_of("r"), 0),
        (root_of("r"), 2**64),
        (root_of("r"), True),
    ):
        with pytest.raises(MalformedInputError):
            offline.anchor(root, size)
    offline.close()


def test_repr_hides_key_and_url_secrets() -> None:
    ledger = EVMLedger(
        "https://user:pw@node.example:8545/v3/SECRET?token=T0KEN",
        contract=NOWHERE,
        private_key="0x" + "42" * 32,
    )
    text = repr(ledger)
    for secret in ("4242", "SECRET", "T0KEN", "user", "pw@"):
        assert secret not in text
    assert "https://node.example:8545" in text
    ledger.close()


def test_missing_web3_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "web3", None)
    with pytest.raises(UnsupportedError, match=r"didkit-shebao\[evm\]") as missing:
        EVMLedger("http://127.0.0.1:9", contract=NOWHERE)
    assert "didkit-shebao[evm]" in missing.value.message_zh


# -- failures of the node are translated -------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_node_raises_ledger_unavailable() -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    ledger = EVMLedger(url, contract=NOWHERE, private_key="0x" + "01" * 32, request_timeout=2)
    ref = LedgerRef(ledger="eip155:31337", root=root_of("u"), tree_size=1)
    calls = (
        lambda: ledger.anchor(root_of("u"), 1),
        lambda: ledger.status(ref),
        lambda: ledger.lookup(root_of("u")),
        lambda: ledger.ledger_id,
        lambda: EVMLedger.deploy(url, private_key="0x" + "01" * 32),
    )
    for call in calls:
        with pytest.raises(LedgerUnavailableError, match="cannot be reached") as down:
            call()
        assert down.value.code == "ledger_unavailable"
        assert down.value.__cause__ is not None
    ledger.close()


class _FakeNode(http.server.BaseHTTPRequestHandler):
    """Answers every POST with the class's canned body."""

    body: bytes = b""
    status_code = 200

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(self.status_code)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def fake_node() -> Iterator[tuple[str, type[_FakeNode]]]:
    handler = type("Handler", (_FakeNode,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.mark.parametrize(
    ("status_code", "body", "expected"),
    [
        (200, b"<html>bad gateway</html>", LedgerUnavailableError),
        (502, b"upstream down", LedgerUnavailableError),
        (200, b'"just a string"', LedgerUnavailableError),
        (
            200,
            b'{"jsonrpc":"2.0","id":0,"error":{"code":-32601,"message":"method not found"}}',
            LedgerError,
        ),
        (200, b'{"jsonrpc":"2.0","id":0,"result":"not a quantity"}', LedgerError),
    ],
)
def test_bad_answers_are_translated(
    fake_node: tuple[str, type[_FakeNode]], status_code: int, body: bytes, expected: type
) -> None:
    url, handler = fake_node
    handler.status_code, handler.body = status_code, body
    with EVMLedger(url, contract=NOWHERE) as ledger, pytest.raises(expected) as caught:
        _ = ledger.ledger_id
    assert isinstance(caught.value, ShebaoError)
    if expected is LedgerError:
        assert not isinstance(caught.value, LedgerUnavailableError)
