"""``EVMLedger``: anchors on an Ethereum-compatible chain over JSON-RPC.

Each agency log gets its own small anchoring contract (``data/Anchor.sol``,
shipped compiled in :mod:`._anchor_contract`; no compiler at run time). Only
the deploying account may anchor; the contract refuses a tree that does not
grow and a root it already holds, and emits ``Anchored(root, treeSize,
sender)`` per anchor. A :class:`~.base.LedgerRef` keeps the block number, the
block hash and the log index, so that a reorganisation that drops the anchor
shows up as :attr:`~.base.AnchorStatus.MISSING`.

Works with any node that speaks the standard ``eth_*`` JSON-RPC methods over
HTTP(S): geth, Hyperledger Besu, FISCO BCOS ≥ 3.9 (web3 RPC), anvil. Needs the
``evm`` extra (``pip install 'didkit-shebao[evm]'``: web3, which brings
eth-account and eth-abi); it is imported only when an ``EVMLedger`` is made.

.. versionadded:: 0.1
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .._resource import Closeable
from ..errors import (
    LedgerConflictError,
    LedgerError,
    LedgerUnavailableError,
    MalformedInputError,
    ShebaoError,
    UnsupportedError,
)
from . import _anchor_contract
from .base import AnchorStatus, LedgerRef

__all__ = ["DEFAULT_FINALITY_DEPTH", "KEY_ENV_VAR", "EVMLedger"]

DEFAULT_FINALITY_DEPTH = 12
"""Blocks on top of an anchor before it counts as FINAL (proof-of-work era rule
of thumb; use 0 on BFT chains such as Besu QBFT/IBFT 2.0 and FISCO BCOS, whose
blocks are final when sealed)."""

KEY_ENV_VAR = "DIDKIT_SHEBAO_EVM_KEY"
"""The environment variable :meth:`EVMLedger.from_spec` reads the private key from."""

_SPEC_OPTIONS = frozenset(
    {"contract", "finality_depth", "gas_price", "receipt_timeout", "key_env", "private_key"}
)
_MAX_TREE_SIZE = 2**64 - 1  # the contract stores sizes as uint64
_GAS_HEADROOM_NUM, _GAS_HEADROOM_DEN = 5, 4  # gas limit = estimate × 1.25
_INSTALL_HINT = "pip install 'didkit-shebao[evm]'"


# -- the contract interface, derived from the shipped ABI -------------------


@dataclass(frozen=True, slots=True)
class _Interface:
    """Selectors and topics computed from the shipped ABI."""

    anchor: bytes
    anchors: bytes
    anchored_topic: bytes
    errors: Mapping[bytes, tuple[str, tuple[str, ...]]]


def _interface(keccak: Any) -> _Interface:
    abi = json.loads(_anchor_contract.ABI_JSON)

    def signature(entry: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
        types = tuple(str(arg["type"]) for arg in entry["inputs"])
        return f"{entry['name']}({','.join(types)})", types

    functions: dict[str, bytes] = {}
    errors: dict[bytes, tuple[str, tuple[str, ...]]] = {}
    topic = b""
    for entry in abi:
        if entry["type"] == "function":
            functions[entry["name"]] = bytes(keccak(text=signature(entry)[0]))[:4]
        elif entry["type"] == "error":
            text, types = signature(entry)
            errors[bytes(keccak(text=text))[:4]] = (str(entry["name"]), types)
        elif entry["type"] == "event" and entry["name"] == "Anchored":
            topic = bytes(keccak(text=signature(entry)[0]))
    return _Interface(functions["anchor"], functions["anchors"], topic, errors)


# -- web3 is optional --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Deps:
    Account: Any
    HTTPProvider: Any
    abi_encode: Any
    abi_decode: Any
    keccak: Any
    to_checksum_address: Any
    requests: Any
    web3_exception: type[BaseException]


def _load_deps() -> _Deps:
    try:
        import requests
        from eth_abi.abi import decode as abi_decode
        from eth_abi.abi import encode as abi_encode
        from eth_account import Account
        from eth_utils.address import to_checksum_address
        from eth_utils.crypto import keccak
        from web3 import HTTPProvider
        from web3.exceptions import Web3Exception
    except ImportError as exc:
        raise UnsupportedError(
            f"EVMLedger needs the 'evm' extra (web3); install it with: {_INSTALL_HINT}",
            f"EVMLedger 需要 'evm' 可选依赖（web3）；请执行：{_INSTALL_HINT}",
        ) from exc
    return _Deps(
        Account=Account,
        HTTPProvider=HTTPProvider,
        abi_encode=abi_encode,
        abi_decode=abi_decode,
        keccak=keccak,
        to_checksum_address=to_checksum_address,
        requests=requests,
        web3_exception=Web3Exception,
    )


# -- the backend --------------------------------------------------------------


class EVMLedger(Closeable):
    """A :class:`~.base.Ledger` on an EVM chain, bound to one anchoring contract.

    Args:
        rpc_url: the node's JSON-RPC endpoint (``http://`` or ``https://``).
        contract: address of a deployed anchoring contract (see :meth:`deploy`).
        private_key: the owner account's secp256k1 key (32 bytes or hex); leave
            it out for a read-only ledger (``status`` / ``lookup`` only).
        finality_depth: blocks that must be on top of an anchor's block before
            :meth:`status` reports FINAL (0: final as soon as it is mined).
        receipt_timeout: seconds :meth:`anchor` waits for its transaction to be
            mined before raising :class:`~didkit_shebao.errors.LedgerUnavailableError`.
        request_timeout: seconds per JSON-RPC request.
        poll_interval: longest pause between receipt polls, in seconds.
        gas_price: a fixed legacy gas price in wei (``0`` on free-gas consortium
            chains); by default EIP-1559 fees when the chain has a base fee,
            otherwise the node's ``eth_gasPrice``.

    Raises :class:`~didkit_shebao.errors.UnsupportedError` when web3 is not
    installed. Nothing from web3 escapes: a node that cannot be reached raises
    :class:`~didkit_shebao.errors.LedgerUnavailableError`, a contract refusal
    :class:`~didkit_shebao.errors.LedgerConflictError`, anything else the node
    refuses :class:`~didkit_shebao.errors.LedgerError`.

    .. versionadded:: 0.1
    """

    __slots__ = (
        "_account",
        "_chain_id",
        "_code_checked",
        "_contract",
        "_deps",
        "_finality_depth",
        "_gas_price",
        "_iface",
        "_lock",
        "_poll_interval",
        "_provider",
        "_receipt_timeout",
        "_session",
        "_unconfirmed",
        "_where",
    )

    def __init__(
        self,
        rpc_url: str,
        *,
        contract: str,
        private_key: str | bytes | None = None,
        finality_depth: int = DEFAULT_FINALITY_DEPTH,
        receipt_timeout: float = 120.0,
        request_timeout: float = 10.0,
        poll_interval: float = 1.0,
        gas_price: int | None = None,
    ) -> None:
        deps = _load_deps()
        self._deps = deps
        self._where = _endpoint_label(rpc_url)
        if type(finality_depth) is not int or finality_depth < 0:
            raise MalformedInputError(
                "finality_depth must be a non-negative integer",
                "finality_depth 必须是非负整数",
            )
        if gas_price is not None and (type(gas_price) is not int or gas_price < 0):
            raise MalformedInputError(
                "gas_price must be a non-negative integer (wei)",
                "gas_price 必须是非负整数（wei）",
            )
        for name, value in (
            ("receipt_timeout", receipt_timeout),
            ("request_timeout", request_timeout),
            ("poll_interval", poll_interval),
        ):
            if not isinstance(value, int | float) or not value > 0:
                raise MalformedInputError(
                    f"{name} must be a positive number of seconds", f"{name} 必须是正的秒数"
                )
        self._contract = _checksum(deps, contract, "contract")
        self._account = _account(deps, private_key) if private_key is not None else None
        self._finality_depth = finality_depth
        self._receipt_timeout = float(receipt_timeout)
        self._poll_interval = float(poll_interval)
        self._gas_price = gas_price
        self._iface = _interface(deps.keccak)
        self._session = deps.requests.Session()
        # No transport-level retries: a failure surfaces at once as
        # LedgerUnavailableError and the caller (the Anchorer) retries.
        self._provider = deps.HTTPProvider(
            rpc_url,
            request_kwargs={"timeout": float(request_timeout)},
            session=self._session,
            exception_retry_configuration=None,
        )
        self._chain_id: int | None = None
        self._code_checked = False
        self._lock = threading.RLock()
        # root -> (tree_size, tx hash, raw signed tx) for anchors sent but not
        # yet seen mined, so that a retry picks the same transaction up again.
        self._unconfirmed: dict[bytes, tuple[int, str, bytes]] = {}

    # -- construction helpers ------------------------------------------------

    @classmethod
    def deploy(
        cls,
        rpc_url: str,
        *,
        private_key: str | bytes,
        finality_depth: int = DEFAULT_FINALITY_DEPTH,
        receipt_timeout: float = 120.0,
        request_timeout: float = 10.0,
        poll_interval: float = 1.0,
        gas_price: int | None = None,
    ) -> EVMLedger:
        """Deploy a new anchoring contract owned by *private_key*'s account.

        Returns an :class:`EVMLedger` bound to it (its address is
        :attr:`contract`). Keep that address: it is what verifiers configure.
        The options are those of the constructor.
        """
        deps = _load_deps()
        account = _account(deps, private_key)
        # Bootstrap with a placeholder address; it is replaced below.
        ledger = cls(
            rpc_url,
            contract="0x" + "00" * 20,
            private_key=private_key,
            finality_depth=finality_depth,
            receipt_timeout=receipt_timeout,
            request_timeout=request_timeout,
            poll_interval=poll_interval,
            gas_price=gas_price,
        )
        try:
            with ledger._lock:
                tx_hash, raw = ledger._sign(
                    account, to=None, data=bytes.fromhex(_anchor_contract.BYTECODE)
                )
                try:
                    ledger._send(raw)
                except LedgerUnavailableError as exc:
                    raise LedgerUnavailableError(
                        f"{exc.message}; the deployment transaction {tx_hash} may still reach "
                        "the chain: look it up before deploying again",
                        f"{exc.message_zh}；部署交易 {tx_hash} 仍可能上链：请先查询再重新部署",
                        details={**exc.details, "tx": tx_hash},
                    ) from exc
                receipt = ledger._wait_for_receipt(tx_hash)
                if receipt is None:
                    raise LedgerUnavailableError(
                        f"the deployment transaction {tx_hash} was not mined within "
                        f"{ledger._receipt_timeout:g} s; look it up later and pass its "
                        "contract address to EVMLedger(contract=...)",
                        f"部署交易 {tx_hash} 在 {ledger._receipt_timeout:g} 秒内未被打包；"
                        "请稍后查询，并将合约地址传给 EVMLedger(contract=...)",
                        details={"tx": tx_hash},
                    )
                if _quantity(receipt.get("status")) != 1 or not receipt.get("contractAddress"):
                    raise LedgerError(
                        f"the deployment transaction {tx_hash} failed on chain; check the "
                        "account's balance and the chain's gas limit",
                        f"部署交易 {tx_hash} 在链上执行失败；请检查账户余额与区块 gas 上限",
                        details={"tx": tx_hash},
                    )
                ledger._contract = _checksum(deps, receipt["contractAddress"], "contract")
                ledger._ensure_contract()
        except BaseException:
            ledger.close()
            raise
        return ledger

    @classmethod
    def from_spec(cls, spec: str, *, environ: Mapping[str, str] | None = None) -> EVMLedger:
        """Open the ledger named by an ``evm:`` spec (what ``open_ledger`` accepts).

        ``evm:URL?contract=0x…[&finality_depth=N][&gas_price=WEI][&receipt_timeout=S][&key_env=NAME]``

        The options are taken out of the URL's query; any other query parameters
        (an API token, say) stay in the RPC URL. The private key is read from the
        environment variable ``DIDKIT_SHEBAO_EVM_KEY`` (or the one ``key_env``
        names); when it is unset the ledger is read-only, enough to verify.
        *environ* defaults to :data:`os.environ`. Keys never go into the spec.
        """
        if not isinstance(spec, str) or not spec.startswith("evm:"):
            raise MalformedInputError(
                "an EVM ledger spec starts with 'evm:', e.g. evm:http://127.0.0.1:8545?contract=0x…",
                "EVM 账本名称以 'evm:' 开头，例如 evm:http://127.0.0.1:8545?contract=0x…",
            )
        parts = urlsplit(spec[len("evm:") :])
        options: dict[str, str] = {}
        kept: list[tuple[str, str]] = []
        for name, value in parse_qsl(parts.query, keep_blank_values=True):
            if name in _SPEC_OPTIONS:
                if name in options:
                    raise MalformedInputError(
                        f"the ledger spec repeats {name!r}", f"账本名称中 {name!r} 重复"
                    )
                options[name] = value
            else:
                kept.append((name, value))
        if "private_key" in options:
            raise MalformedInputError(
                "never put a private key into a ledger spec; set DIDKIT_SHEBAO_EVM_KEY instead",
                "切勿将私钥写入账本名称；请设置环境变量 DIDKIT_SHEBAO_EVM_KEY",
            )
        contract = options.get("contract")
        if not contract:
            raise MalformedInputError(
                "the EVM ledger spec needs ?contract=0x… (deploy one with EVMLedger.deploy)",
                "EVM 账本名称需要 ?contract=0x…（可用 EVMLedger.deploy 部署）",
            )
        url = urlunsplit(parts._replace(query=urlencode(kept)))
        env = os.environ if environ is None else environ
        key_env = options.get("key_env") or KEY_ENV_VAR
        kwargs: dict[str, Any] = {}
        for name, convert in (
            ("finality_depth", int),
            ("gas_price", int),
            ("receipt_timeout", float),
        ):
            if name in options:
                try:
                    kwargs[name] = convert(options[name])
                except ValueError as exc:
                    raise MalformedInputError(
                        f"the ledger spec's {name} is not a number",
                        f"账本名称中的 {name} 不是数字",
                    ) from exc
        return cls(url, contract=contract, private_key=env.get(key_env) or None, **kwargs)

    def close(self) -> None:
        """Close the HTTP session (the ledger can still be used; it reopens)."""
        self._session.close()

    def __repr__(self) -> str:
        # The RPC URL may carry an API token in its path or query: only the host is shown.
        return f"EVMLedger(node={self._where!r}, contract={self._contract!r})"

    # -- properties ----------------------------------------------------------

    @property
    def contract(self) -> str:
        """The anchoring contract's address (EIP-55 checksummed)."""
        return self._contract

    @property
    def account(self) -> str | None:
        """The anchoring account's address, or ``None`` for a read-only ledger."""
        return None if self._account is None else str(self._account.address)

    @property
    def finality_depth(self) -> int:
        """Blocks needed on top of an anchor before it is FINAL."""
        return self._finality_depth

    @property
    def chain_id(self) -> int:
        """The chain's EIP-155 id, as the node reports it (asked once)."""
        if self._chain_id is None:
            self._chain_id = _quantity(self._rpc("eth_chainId", []))
        return self._chain_id

    @property
    def ledger_id(self) -> str:
        """``eip155:<chainId>`` (CAIP-2), written into every :class:`~.base.LedgerRef`."""
        return f"eip155:{self.chain_id}"

    # -- the Ledger protocol -------------------------------------------------

    def anchor(self, root: bytes, tree_size: int) -> LedgerRef:
        """Send ``anchor(root, tree_size)`` to the contract and wait until it is mined.

        Returns the reference (chain, contract, transaction, block number and
        hash, log index). Raises :class:`~didkit_shebao.errors.LedgerConflictError`
        when the contract refuses (tree not growing, root already anchored),
        :class:`~didkit_shebao.errors.LedgerUnavailableError` when the node
        cannot be reached or the transaction is not mined in time; in that
        case calling ``anchor`` again with the same root and size picks the
        same transaction up rather than sending a second one.
        """
        _check_root(root)
        _check_size(tree_size)
        account = self._require_account()
        with self._lock:
            self._ensure_contract()
            tx_hash = self._resume(root, tree_size)
            if tx_hash is None:
                data = self._iface.anchor + self._deps.abi_encode(
                    ["bytes32", "uint64"], [root, tree_size]
                )
                tx_hash, raw = self._sign(account, to=self._contract, data=data)
                self._unconfirmed[root] = (tree_size, tx_hash, raw)
                try:
                    self._send(raw)
                except LedgerUnavailableError:
                    raise  # it may have reached the node: a retry looks for it first
                except LedgerError:
                    del self._unconfirmed[root]
                    raise
            receipt = self._wait_for_receipt(tx_hash)
            if receipt is None:
                raise LedgerUnavailableError(
                    f"the anchor transaction {tx_hash} was not mined within "
                    f"{self._receipt_timeout:g} s; call anchor() again with the same root "
                    "and size to keep waiting for it",
                    f"锚定交易 {tx_hash} 在 {self._receipt_timeout:g} 秒内未被打包；"
                    "请以相同树根和大小再次调用 anchor() 继续等待",
                    details={"tx": tx_hash},
                )
            del self._unconfirmed[root]
            if _quantity(receipt.get("status")) != 1:
                raise LedgerConflictError(
                    f"the contract reverted anchor transaction {tx_hash}: another anchor "
                    "grew the tree or recorded this root first",
                    f"合约回滚了锚定交易 {tx_hash}：其他锚定已先增大树或记录了该树根",
                    details={"tx": tx_hash, "root": root.hex(), "treeSize": tree_size},
                )
            ref = self._ref_from_receipt(receipt, root, tree_size)
            if ref is None:
                raise LedgerError(
                    f"transaction {tx_hash} succeeded but emitted no Anchored event; "
                    "the contract address does not hold the didkit_shebao anchoring contract",
                    f"交易 {tx_hash} 成功但未产生 Anchored 事件；该地址不是 didkit_shebao 锚定合约",
                    details={"tx": tx_hash},
                )
            return ref

    def status(self, ref: LedgerRef) -> AnchorStatus:
        """Where *ref* stands now.

        MISSING when it names another chain or contract, when the block at
        ``ref.block`` no longer has ``ref.block_hash`` (a reorganisation), or
        when that block holds no matching ``Anchored`` log; PENDING while its
        transaction waits in the node's pool; INCLUDED once mined; FINAL once
        :attr:`finality_depth` blocks are on top of it.
        """
        if ref.ledger != self.ledger_id or (
            ref.contract is not None and ref.contract.lower() != self._contract.lower()
        ):
            return AnchorStatus.MISSING
        if ref.tx is None:
            found = self.lookup(ref.root)
            if found is None or found.tree_size != ref.tree_size:
                return AnchorStatus.MISSING
            ref = found
        tx = ref.tx
        if tx is None:
            return AnchorStatus.MISSING
        receipt = self._rpc("eth_getTransactionReceipt", [tx])
        if receipt is None:
            if ref.block_hash is None and self._rpc("eth_getTransactionByHash", [tx]):
                return AnchorStatus.PENDING
            return AnchorStatus.MISSING
        if _quantity(receipt.get("status")) != 1:
            return AnchorStatus.MISSING
        if ref.block is not None and _quantity(receipt.get("blockNumber")) != ref.block:
            return AnchorStatus.MISSING
        if ref.block_hash is not None and not _same_hex(receipt.get("blockHash"), ref.block_hash):
            return AnchorStatus.MISSING
        found_ref = self._ref_from_receipt(receipt, ref.root, ref.tree_size)
        if found_ref is None or ref.log_index not in (None, found_ref.log_index):
            return AnchorStatus.MISSING
        # The receipt says which block; the chain must still have that block.
        number = found_ref.block if found_ref.block is not None else -1
        block = self._rpc("eth_getBlockByNumber", [hex(number), False]) if number >= 0 else None
        if not isinstance(block, dict) or not _same_hex(block.get("hash"), found_ref.block_hash):
            return AnchorStatus.MISSING
        head = _quantity(self._rpc("eth_blockNumber", []))
        if head - number >= self._finality_depth:
            return AnchorStatus.FINAL
        return AnchorStatus.INCLUDED

    def lookup(self, root: bytes) -> LedgerRef | None:
        """The reference for *root* as the chain holds it now, or ``None``.

        Reads the contract's record for *root* (its tree size and block), then
        that block's ``Anchored`` log.
        """
        _check_root(root)
        self._ensure_contract()
        call = {"to": self._contract, "data": "0x" + (self._iface.anchors + root).hex()}
        result = _hex_bytes(self._rpc("eth_call", [call, "latest"]))
        try:
            size, block = self._deps.abi_decode(["uint64", "uint64"], result)
        except Exception as exc:  # eth_abi decoding errors have no common base
            raise LedgerError(
                "the contract answered anchors() with malformed data; check the contract address",
                "合约对 anchors() 的应答格式错误；请检查合约地址",
            ) from exc
        if size == 0:
            return None
        logs = self._rpc(
            "eth_getLogs",
            [
                {
                    "address": self._contract,
                    "fromBlock": hex(block),
                    "toBlock": hex(block),
                    "topics": ["0x" + self._iface.anchored_topic.hex(), "0x" + root.hex()],
                }
            ],
        )
        for log in logs if isinstance(logs, list) else []:
            ref = self._ref_from_log(log, root, int(size))
            if ref is not None:
                return ref
        return None

    # -- internals -------------------------------------------------------------

    def _require_account(self) -> Any:
        if self._account is None:
            raise UnsupportedError(
                "this EVMLedger is read-only; pass private_key= (the contract owner's key) to anchor",
                "此 EVMLedger 为只读；如需锚定请传入 private_key=（合约所有者的私钥）",
            )
        return self._account

    def _ensure_contract(self) -> None:
        """Check once that the address holds the shipped anchoring contract."""
        if self._code_checked:
            return
        code = _hex_bytes(self._rpc("eth_getCode", [self._contract, "latest"]))
        if code.hex() != _anchor_contract.RUNTIME_BYTECODE:
            raise LedgerError(
                f"the address {self._contract} does not hold the didkit_shebao anchoring "
                f"contract on chain {self.chain_id}; check the address, or deploy one "
                "with EVMLedger.deploy()",
                f"地址 {self._contract} 在链 {self.chain_id} 上不是 didkit_shebao 锚定合约；"
                "请检查地址，或用 EVMLedger.deploy() 部署",
                details={"contract": self._contract},
            )
        self._code_checked = True

    def _fees(self) -> dict[str, int]:
        if self._gas_price is not None:
            return {"gasPrice": self._gas_price}
        block = self._rpc("eth_getBlockByNumber", ["latest", False])
        base = block.get("baseFeePerGas") if isinstance(block, dict) else None
        if base is None:
            return {"gasPrice": _quantity(self._rpc("eth_gasPrice", []))}
        try:
            tip = _quantity(self._rpc("eth_maxPriorityFeePerGas", []))
        except LedgerError:
            # Nodes without the method: offer the legacy price above the base fee.
            tip = max(_quantity(self._rpc("eth_gasPrice", [])) - _quantity(base), 0)
        return {"maxFeePerGas": 2 * _quantity(base) + tip, "maxPriorityFeePerGas": tip}

    def _sign(self, account: Any, *, to: str | None, data: bytes) -> tuple[str, bytes]:
        """Estimate, price and sign a transaction; returns (tx hash, raw bytes)."""
        sender = str(account.address)
        call: dict[str, Any] = {"from": sender, "data": "0x" + data.hex()}
        if to is not None:
            call["to"] = to
        gas = _quantity(self._rpc("eth_estimateGas", [call]))
        tx: dict[str, Any] = {
            "chainId": self.chain_id,
            "nonce": _quantity(self._rpc("eth_getTransactionCount", [sender, "pending"])),
            "gas": gas * _GAS_HEADROOM_NUM // _GAS_HEADROOM_DEN,
            "value": 0,
            "data": data,
            **self._fees(),
        }
        if to is not None:
            tx["to"] = to
        try:
            signed = account.sign_transaction(tx)
        except Exception as exc:  # eth_account raises plain TypeError/ValueError
            raise LedgerError(
                "the transaction could not be signed; check the fee settings",
                "无法签名交易；请检查手续费设置",
            ) from exc
        return "0x" + bytes(signed.hash).hex(), bytes(signed.raw_transaction)

    def _send(self, raw: bytes) -> None:
        self._rpc("eth_sendRawTransaction", ["0x" + raw.hex()])

    def _resume(self, root: bytes, tree_size: int) -> str | None:
        """The hash of an earlier, unconfirmed transaction for this anchor, if still alive.

        Re-offers it to the node when the node has forgotten it; returns
        ``None`` (and forgets it) when it can no longer be mined.
        """
        waiting = self._unconfirmed.get(root)
        if waiting is None:
            return None
        size, tx_hash, raw = waiting
        if size == tree_size:
            if self._rpc("eth_getTransactionReceipt", [tx_hash]) is not None:
                return tx_hash
            if self._rpc("eth_getTransactionByHash", [tx_hash]) is not None:
                return tx_hash
            try:
                self._send(raw)
                return tx_hash
            except LedgerUnavailableError:
                raise
            except LedgerError:
                pass  # e.g. "nonce too low": that nonce went to another transaction
        del self._unconfirmed[root]
        return None

    def _wait_for_receipt(self, tx_hash: str) -> dict[str, Any] | None:
        deadline = time.monotonic() + self._receipt_timeout
        pause = min(0.02, self._poll_interval)
        while True:
            receipt = self._rpc("eth_getTransactionReceipt", [tx_hash])
            if isinstance(receipt, dict) and receipt.get("blockHash"):
                return receipt
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            time.sleep(min(pause, remaining))
            pause = min(pause * 2, self._poll_interval)

    def _ref_from_receipt(
        self, receipt: Mapping[str, Any], root: bytes, tree_size: int
    ) -> LedgerRef | None:
        for log in receipt.get("logs") or []:
            ref = self._ref_from_log(log, root, tree_size, tx=receipt.get("transactionHash"))
            if ref is not None:
                return ref
        return None

    def _ref_from_log(
        self, log: Any, root: bytes, tree_size: int, *, tx: Any = None
    ) -> LedgerRef | None:
        """A LedgerRef when *log* is this contract's ``Anchored(root, tree_size)``."""
        if not isinstance(log, dict) or log.get("removed"):
            return None
        if not _same_hex(log.get("address"), self._contract):
            return None
        topics = log.get("topics") or []
        if len(topics) != 3:
            return None
        if _hex_bytes(topics[0]) != self._iface.anchored_topic or _hex_bytes(topics[1]) != root:
            return None
        data = _hex_bytes(log.get("data"))
        if len(data) != 32 or int.from_bytes(data, "big") != tree_size:
            return None
        tx_hash = tx if tx is not None else log.get("transactionHash")
        block_hash = log.get("blockHash")
        if not isinstance(tx_hash, str) or not isinstance(block_hash, str):
            return None
        return LedgerRef(
            ledger=self.ledger_id,
            root=root,
            tree_size=tree_size,
            tx=tx_hash.lower(),
            block=_quantity(log.get("blockNumber")),
            block_hash=block_hash.lower(),
            log_index=_quantity(log.get("logIndex")),
            contract=self._contract,
        )

    def _rpc(self, method: str, params: list[Any]) -> Any:
        """One JSON-RPC call; every failure becomes a LedgerError subclass."""
        try:
            response = self._provider.make_request(method, params)
        except ShebaoError:
            raise
        except (
            self._deps.requests.RequestException,
            OSError,
            ValueError,  # an answer that is not JSON (a proxy's error page)
            self._deps.web3_exception,
        ) as exc:
            raise LedgerUnavailableError(
                f"the Ethereum node at {self._where} cannot be reached ({method}: "
                f"{type(exc).__name__}); nothing was lost, retry later",
                f"无法连接以太坊节点 {self._where}（{method}：{type(exc).__name__}）；"
                "数据未丢失，请稍后重试",
                details={"method": method, "node": self._where},
            ) from exc
        if not isinstance(response, dict):
            raise LedgerUnavailableError(
                f"the Ethereum node at {self._where} sent a malformed answer to {method}",
                f"以太坊节点 {self._where} 对 {method} 的应答格式错误",
                details={"method": method, "node": self._where},
            )
        error = response.get("error")
        if error is None:
            return response.get("result")
        code = error.get("code") if isinstance(error, dict) else None
        message = str(error.get("message", "")) if isinstance(error, dict) else str(error)
        revert = _revert_data(error) if isinstance(error, dict) else None
        if revert is not None or "revert" in message.lower():
            raise self._revert_error(revert, method)
        raise LedgerError(
            f"the Ethereum node refused {method}: {message[:200]} (JSON-RPC error {code})",
            f"以太坊节点拒绝了 {method}：{message[:200]}（JSON-RPC 错误 {code}）",
            details={"method": method, "rpcCode": code, "rpcMessage": message[:500]},
        )

    def _revert_error(self, data: bytes | None, method: str) -> LedgerError:
        """Translate the contract's revert data into our errors."""
        name: str | None = None
        args: tuple[Any, ...] = ()
        if data is not None and len(data) >= 4 and data[:4] in self._iface.errors:
            name, types = self._iface.errors[data[:4]]
            with contextlib.suppress(Exception):  # a malformed payload: no arguments
                args = tuple(self._deps.abi_decode(list(types), data[4:]))
        if name == "RootAlreadyAnchored" and len(args) == 2:
            return LedgerConflictError(
                f"the root is already anchored on this contract (at tree size {args[1]}); "
                "a root is never anchored twice",
                f"该树根已在此合约上锚定（树大小 {args[1]}）；同一树根不可重复锚定",
                details={"reason": name, "root": bytes(args[0]).hex(), "treeSize": args[1]},
            )
        if name == "TreeNotGrowing" and len(args) == 2:
            return LedgerConflictError(
                f"tree size {args[1]} is not larger than the latest anchored size {args[0]}; "
                "the log must grow between anchors",
                f"树大小 {args[1]} 未超过最近锚定的大小 {args[0]}；日志在两次锚定之间必须增长",
                details={"reason": name, "latest": args[0], "requested": args[1]},
            )
        if name == "NotOwner":
            return LedgerError(
                "this account does not own the anchoring contract; use the key that deployed it",
                "该账户不是锚定合约的所有者；请使用部署合约的私钥",
                details={"reason": name, "contract": self._contract},
            )
        if name == "EmptyTree":
            return LedgerConflictError(
                "the contract refuses an empty tree", "合约拒绝空树", details={"reason": name}
            )
        return LedgerConflictError(
            f"the anchoring contract refused the call ({method} reverted); the tree did not "
            "grow or the root is already anchored",
            f"锚定合约拒绝了调用（{method} 被回滚）；树未增长或该树根已锚定",
            details={"reason": "reverted", "method": method},
        )


# -- small helpers ---------------------------------------------------------------


def _endpoint_label(rpc_url: Any) -> str:
    if not isinstance(rpc_url, str):
        raise MalformedInputError("rpc_url must be a string", "rpc_url 必须是字符串")
    parts = urlsplit(rpc_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsupportedError(
            "EVMLedger talks JSON-RPC over http:// or https://; give the node's HTTP endpoint",
            "EVMLedger 仅支持 http:// 或 https:// 的 JSON-RPC；请提供节点的 HTTP 地址",
        )
    host = parts.hostname
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


def _checksum(deps: _Deps, address: Any, name: str) -> str:
    if not isinstance(address, str) or len(address) != 42 or address[:2] not in ("0x", "0X"):
        raise MalformedInputError(
            f"{name} must be a 0x-prefixed 20-byte hex address",
            f"{name} 必须是以 0x 开头的 20 字节十六进制地址",
        )
    try:
        bytes.fromhex(address[2:])
    except ValueError as exc:
        raise MalformedInputError(f"{name} is not hex", f"{name} 不是十六进制") from exc
    checksummed = str(deps.to_checksum_address(address))
    body = address[2:]
    if body != body.lower() and body != body.upper() and checksummed != address:
        raise MalformedInputError(
            f"{name} has a wrong EIP-55 checksum; copy the address again",
            f"{name} 的 EIP-55 校验和错误；请重新复制地址",
        )
    return checksummed


def _account(deps: _Deps, private_key: Any) -> Any:
    if isinstance(private_key, str):
        text = private_key[2:] if private_key[:2] in ("0x", "0X") else private_key
        try:
            key_bytes = bytes.fromhex(text)
        except ValueError:
            key_bytes = b""
    elif isinstance(private_key, bytes | bytearray):
        key_bytes = bytes(private_key)
    else:
        raise MalformedInputError(
            "private_key must be 32 bytes or a hex string",
            "private_key 必须是 32 字节或十六进制字符串",
        )
    error = MalformedInputError(
        "private_key must be a 32-byte secp256k1 key (64 hex digits)",
        "private_key 必须是 32 字节的 secp256k1 私钥（64 位十六进制）",
    )
    if len(key_bytes) != 32:
        raise error
    try:
        return deps.Account.from_key(key_bytes)
    except Exception:
        # Out of range for secp256k1. Not chained: keep key material out of tracebacks.
        raise error from None


def _check_root(root: Any) -> None:
    if not isinstance(root, bytes) or len(root) != 32:
        raise MalformedInputError(
            "root must be 32 bytes (a SHA-256 Merkle tree hash)",
            "root 必须是 32 字节（SHA-256 默克尔树哈希）",
        )


def _check_size(tree_size: Any) -> None:
    if type(tree_size) is not int or not 1 <= tree_size <= _MAX_TREE_SIZE:
        raise MalformedInputError(
            "tree_size must be an integer from 1 to 2**64 - 1",
            "tree_size 必须是 1 到 2**64 - 1 之间的整数",
        )


def _quantity(value: Any) -> int:
    """A JSON-RPC quantity ("0x1a") as an int."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value[:2] in ("0x", "0X"):
        try:
            return int(value, 16)
        except ValueError:
            pass
    raise LedgerError(
        "the Ethereum node sent a malformed number; check that the URL is a JSON-RPC endpoint",
        "以太坊节点返回了格式错误的数值；请确认 URL 是 JSON-RPC 地址",
    )


def _hex_bytes(value: Any) -> bytes:
    """A JSON-RPC data string ("0x…") as bytes."""
    if isinstance(value, str) and value[:2] in ("0x", "0X"):
        try:
            return bytes.fromhex(value[2:])
        except ValueError:
            pass
    raise LedgerError(
        "the Ethereum node sent malformed data; check that the URL is a JSON-RPC endpoint",
        "以太坊节点返回了格式错误的数据；请确认 URL 是 JSON-RPC 地址",
    )


def _same_hex(value: Any, expected: Any) -> bool:
    return (
        isinstance(value, str) and isinstance(expected, str) and value.lower() == expected.lower()
    )


def _revert_data(error: Mapping[str, Any]) -> bytes | None:
    """Revert data from a JSON-RPC error object (nodes nest it differently)."""
    data: Any = error.get("data")
    for _ in range(3):
        if isinstance(data, dict):
            data = data.get("data", data.get("result"))
        else:
            break
    if isinstance(data, str) and data[:2] in ("0x", "0X"):
        try:
            return bytes.fromhex(data[2:])
        except ValueError:
            return None
    return None
