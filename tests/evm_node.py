"""A throwaway anvil node for the EVM ledger tests.

anvil comes from the npm package ``@foundry-rs/anvil-linux-amd64`` (installed
by ``.ci/install-anvil.sh``). It is found through ``$ANVIL_BIN``, then
``.ci/.tools``, then ``PATH``. When it is absent the tests that need it are
skipped, unless ``DIDKIT_SHEBAO_REQUIRE_ANVIL=1`` (set in CI) makes that a
failure.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHAIN_ID = 31337
_LISTENING = re.compile(r"Listening on 127\.0\.0\.1:(\d+)")


def find_anvil() -> str | None:
    """The anvil executable, or None."""
    env = os.environ.get("ANVIL_BIN")
    candidates = [env] if env else []
    candidates.append(str(ROOT / ".ci" / ".tools" / "node_modules" / ".bin" / "anvil"))
    candidates.append(shutil.which("anvil"))
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


class AnvilNode:
    """A running anvil: its URL and a raw JSON-RPC helper."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._ids = 0

    def rpc(self, method: str, params: list[Any] | None = None) -> Any:
        """Call *method*; raise RuntimeError on a JSON-RPC error."""
        self._ids += 1
        body = json.dumps(
            {"jsonrpc": "2.0", "id": self._ids, "method": method, "params": params or []}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - always http://127.0.0.1
            self.url, data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - 127.0.0.1
            answer = json.loads(response.read())
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer["result"]

    def mine(self, blocks: int = 1) -> None:
        """Mine *blocks* empty blocks."""
        for _ in range(blocks):
            self.rpc("evm_mine")

    def wait_for_receipt(self, tx_hash: str) -> dict[str, Any]:
        """The receipt of *tx_hash*, polling for up to 10 s."""
        deadline = time.monotonic() + 10
        while (receipt := self.rpc("eth_getTransactionReceipt", [tx_hash])) is None:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{tx_hash} not mined")
            time.sleep(0.02)
        return dict(receipt)

    def head(self) -> int:
        """The latest block number."""
        return int(self.rpc("eth_blockNumber"), 16)

    def funded_key(self) -> str:
        """A fresh random secp256k1 key whose account holds 100 ether."""
        from eth_account import Account

        key = "0x" + secrets.token_hex(32)
        address = Account.from_key(key).address
        self.rpc("anvil_setBalance", [address, hex(100 * 10**18)])
        return key


@contextmanager
def running_anvil(binary: str) -> Iterator[AnvilNode]:
    """Start anvil on 127.0.0.1 with a port the OS picks; stop it afterwards."""
    with tempfile.TemporaryDirectory(prefix="anvil-") as tmp:
        log_path = Path(tmp) / "anvil.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [
                    binary,
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--chain-id",
                    str(CHAIN_ID),
                    "--accounts",
                    "1",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        try:
            node = AnvilNode(_wait_for_port(process, log_path))
            _wait_until_answering(node)
            yield node
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _wait_for_port(process: subprocess.Popen[bytes], log_path: Path) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        text = log_path.read_text(errors="replace")
        match = _LISTENING.search(text)
        if match:
            return f"http://127.0.0.1:{match.group(1)}"
        if process.poll() is not None:
            raise RuntimeError(f"anvil exited with {process.returncode}:\n{text[-2000:]}")
        time.sleep(0.05)
    raise RuntimeError("anvil did not report its port within 30 s")


def _wait_until_answering(node: AnvilNode) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            if int(node.rpc("eth_chainId"), 16) == CHAIN_ID:
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.05)
