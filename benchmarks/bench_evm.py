"""EVM ledger throughput against a local anvil node.

Starts anvil (``$ANVIL_BIN``, ``.ci/.tools`` or ``PATH``; install it with
``bash .ci/install-anvil.sh``) on 127.0.0.1, then measures in the same run:

- raw: one JSON-RPC round trip (``eth_blockNumber``), and a bare anchor
  transaction (pre-computed nonce, fixed gas and fee, sign with eth-account,
  ``eth_sendRawTransaction``, poll the receipt): the floor for one anchor;
- ``EVMLedger.anchor`` (estimate, nonce, fees, sign, send, wait, parse),
  ``status`` and ``lookup``, each with its ratio against the matching raw figure;
- gas used by the deployment and by one anchor.

Run: ``python benchmarks/bench_evm.py [--anchors N]``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eth_abi.abi import encode  # noqa: E402
from eth_account import Account  # noqa: E402

from didkit_shebao.ledgers.evm import EVMLedger  # noqa: E402
from tests.evm_node import CHAIN_ID, AnvilNode, find_anvil, running_anvil  # noqa: E402

ANCHOR_SELECTOR = bytes.fromhex("db2c4aca")  # anchor(bytes32,uint64)


def per_second(count: int, seconds: float) -> float:
    """Operations per second."""
    return count / seconds


def bench_round_trip(node: AnvilNode, ledger: EVMLedger, count: int) -> float:
    """Seconds per bare JSON-RPC call through the ledger's own HTTP session."""
    start = time.perf_counter()
    for _ in range(count):
        ledger._rpc("eth_blockNumber", [])
    return (time.perf_counter() - start) / count


def bench_raw_anchor(
    node: AnvilNode, key: str, contract: str, first_size: int, count: int
) -> float:
    """Seconds per hand-built anchor transaction (send + receipt), same transport as the ledger."""
    account = Account.from_key(key)
    reader = EVMLedger(node.url, contract=contract)
    nonce = int(node.rpc("eth_getTransactionCount", [account.address, "pending"]), 16)
    gas_price = 2 * int(node.rpc("eth_gasPrice"), 16)
    start = time.perf_counter()
    for i in range(count):
        root = hashlib.sha256(b"raw %d" % i).digest()
        data = ANCHOR_SELECTOR + encode(["bytes32", "uint64"], [root, first_size + i])
        tx = {
            "chainId": CHAIN_ID,
            "nonce": nonce + i,
            "to": contract,
            "data": data,
            "gas": 80_000,
            "gasPrice": gas_price,
            "value": 0,
        }
        signed = account.sign_transaction(tx)
        tx_hash = reader._rpc("eth_sendRawTransaction", ["0x" + signed.raw_transaction.hex()])
        while reader._rpc("eth_getTransactionReceipt", [tx_hash]) is None:
            time.sleep(0.001)
    elapsed = (time.perf_counter() - start) / count
    reader.close()
    return elapsed


def main() -> int:
    """Run the benchmark and print each figure with its ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anchors", type=int, default=200)
    args = parser.parse_args()
    binary = find_anvil()
    if binary is None:
        print("anvil not found: run `bash .ci/install-anvil.sh` or set ANVIL_BIN")
        return 2
    n = args.anchors
    with running_anvil(binary) as node:
        key = node.funded_key()
        ledger = EVMLedger.deploy(node.url, private_key=key, finality_depth=0, poll_interval=0.01)
        deploy_receipt = node.rpc(
            "eth_getTransactionReceipt",
            [node.rpc("eth_getBlockByNumber", ["latest", False])["transactions"][0]],
        )
        # Warm up (first anchor writes cold storage; the contract check runs once).
        ledger.anchor(hashlib.sha256(b"warm").digest(), 1)

        rtt = bench_round_trip(node, ledger, n * 5)
        raw = bench_raw_anchor(node, key, ledger.contract, 2, n)

        refs = []
        start = time.perf_counter()
        for i in range(n):
            refs.append(ledger.anchor(hashlib.sha256(b"lib %d" % i).digest(), 10_000 + i))
        anchor = (time.perf_counter() - start) / n
        anchor_gas = int(node.rpc("eth_getTransactionReceipt", [refs[-1].tx])["gasUsed"], 16)

        start = time.perf_counter()
        for ref in refs:
            ledger.status(ref)
        status = (time.perf_counter() - start) / n

        start = time.perf_counter()
        for ref in refs:
            ledger.lookup(ref.root)
        lookup = (time.perf_counter() - start) / n
        ledger.close()

    print(f"anvil {binary}; {n} anchors per figure; automine (one block per anchor)")
    print(f"raw JSON-RPC round trip (eth_blockNumber):    {rtt * 1e6:9.0f} µs")
    print(
        f"raw anchor tx (sign + send + receipt):       {raw * 1e3:9.2f} ms"
        f"  = {per_second(1, raw):7.1f} anchors/s"
    )
    print(
        f"EVMLedger.anchor:                            {anchor * 1e3:9.2f} ms"
        f"  = {per_second(1, anchor):7.1f} anchors/s   ratio {anchor / raw:5.2f} × raw anchor tx"
    )
    print(
        f"EVMLedger.status:                            {status * 1e3:9.2f} ms"
        f"  ratio {status / rtt:5.1f} × one round trip"
    )
    print(
        f"EVMLedger.lookup:                            {lookup * 1e3:9.2f} ms"
        f"  ratio {lookup / rtt:5.1f} × one round trip"
    )
    print(f"gas: deploy {int(deploy_receipt['gasUsed'], 16):,}; one anchor {anchor_gas:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
