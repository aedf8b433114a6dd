"""``anchor`` commands: submit artifacts or digests to a ledger, verify receipts.

* ``anchor submit --ledger SPEC --log-key FILE --origin O [--store FILE] ITEM…``
  anchors each ITEM (a file holding a signed artifact, or a 64-hex digest)
  and prints one receipt per item as JSON (``--out-dir`` also writes
  ``<name>.tlog-proof`` files);
* ``anchor verify --log-key KEY [--ledger SPEC] RECEIPT DIGEST_OR_FILE``;
* ``anchor audit --store FILE --log-key KEY [--ledger SPEC]`` re-checks a log's history:
  every stored checkpoint signed, each consistent with the one before;
* ``anchor verifier-key --log-key FILE --origin O`` prints the C2SP verifier key;
* the top-level ``verify`` hands receipt files to :func:`verify_receipt` here
  (a CLI handler, not the library function of the same name).

Ledger names: ``sqlite:PATH`` or ``memory:`` (see :func:`~didkit_shebao.ledgers.open_ledger`).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from ..anchor import (
    Anchorer,
    AnchorStore,
    Checkpoint,
    MerkleLog,
    Receipt,
    anchor_digest_of,
    format_verifier_key,
    verify_checkpoint,
    verify_checkpoint_consistency,
)
from ..anchor import verify_receipt as _verify_receipt
from ..errors import (
    ConsistencyProofError,
    LedgerConflictError,
    MalformedInputError,
    UnsupportedError,
)
from ..keys import Ed25519Key
from ..ledgers import Ledger, open_ledger
from ._common import emit_json, load_private_key, load_public_key, read_input

__all__ = ["register", "verify_receipt"]

_HEX64 = re.compile(r"[0-9a-fA-F]{64}")


def register(sub: Any) -> None:
    """Add the ``anchor`` command group."""
    anchor = sub.add_parser("anchor", help="anchor digests on a ledger, verify receipts / 锚定")
    anchor_sub = anchor.add_subparsers(dest="anchor_command", metavar="ACTION", required=True)

    submit = anchor_sub.add_parser(
        "submit", help="anchor signed artifacts or digests; print receipts"
    )
    submit.add_argument(
        "--ledger",
        required=True,
        metavar="SPEC",
        help="sqlite:PATH, memory: or evm:URL?contract=0x… (key in $DIDKIT_SHEBAO_EVM_KEY) / 账本",
    )
    submit.add_argument("--log-key", required=True, metavar="FILE", help="the log's Ed25519 key")
    submit.add_argument("--origin", required=True, help="the log's origin, e.g. rs.example/log")
    submit.add_argument(
        "--store",
        metavar="FILE",
        help="keep the log in this SQLite file (needed to anchor again on a persistent ledger)",
    )
    submit.add_argument("--out-dir", metavar="DIR", help="also write <name>.tlog-proof files")
    submit.add_argument("items", nargs="+", metavar="FILE_OR_HEX")
    submit.set_defaults(handler=_submit)

    verify = anchor_sub.add_parser("verify", help="verify a receipt for an artifact or digest")
    verify.add_argument(
        "--log-key",
        required=True,
        metavar="KEY",
        help="key file, publicKeyMultibase or verifier key <name>+<id>+<key>",
    )
    verify.add_argument("--ledger", metavar="SPEC", help="also check the anchor on this ledger")
    verify.add_argument("--origin", help="require the checkpoint to come from this log")
    verify.add_argument("receipt", metavar="RECEIPT")
    verify.add_argument("digest", metavar="DIGEST_OR_FILE")
    verify.set_defaults(handler=_verify)

    audit = anchor_sub.add_parser(
        "audit",
        help="check a log's store: every checkpoint signed, each consistent with the previous",
    )
    audit.add_argument("--store", required=True, metavar="FILE", help="the anchorer's store")
    audit.add_argument("--log-key", required=True, metavar="KEY")
    audit.add_argument("--ledger", metavar="SPEC", help="also report each anchor's status")
    audit.set_defaults(handler=_audit)

    vkey = anchor_sub.add_parser("verifier-key", help="print the log's C2SP verifier key")
    vkey.add_argument("--log-key", required=True, metavar="FILE")
    vkey.add_argument("--origin", required=True)
    vkey.set_defaults(handler=_verifier_key)


def _log_signing_key(path: str) -> Ed25519Key:
    key = load_private_key(path)
    if not isinstance(key, Ed25519Key):
        raise UnsupportedError("the log key must be an Ed25519 key", "日志密钥必须是 Ed25519 密钥")
    return key


def _log_public_key(value: str) -> object:
    """A key file, or a ``publicKeyMultibase`` / verifier-key string given inline."""
    path = Path(value)
    if path.is_file():
        text = read_input(value).strip()
        if text.startswith("{"):
            return load_public_key(value)
        return text
    return value


def _digest(item: str) -> bytes:
    """A 64-hex digest given inline, or the digest of the signed artifact in a file."""
    if _HEX64.fullmatch(item) and not Path(item).exists():
        return bytes.fromhex(item)
    if item == "-":
        return anchor_digest_of(read_input(item))
    return anchor_digest_of(Path(item).read_bytes())


def _submit(args: argparse.Namespace) -> int:
    key = _log_signing_key(args.log_key)
    digests = [_digest(item) for item in args.items]
    ledger = open_ledger(args.ledger)
    try:
        with Anchorer(ledger, log_key=key, origin=args.origin, store=args.store) as anchorer:
            indexes = anchorer.submit_many(digests)
            by_index = {r.index: r for r in anchorer.flush()}
            receipts = [by_index[i] for i in indexes]
    except LedgerConflictError as exc:
        if args.store:
            raise
        raise LedgerConflictError(
            f"{exc.message}; this ledger already holds a bigger log: pass the log's --store "
            "FILE so that it keeps growing",
            f"{exc.message_zh}；该账本已记录更大的日志：请用 --store FILE 指定本日志的存储",
        ) from exc
    finally:
        close = getattr(ledger, "close", None)
        if callable(close):
            close()
    out = []
    for item, digest, receipt in zip(args.items, digests, receipts, strict=True):
        text = receipt.to_text()
        entry: dict[str, Any] = {
            "input": item,
            "digest": digest.hex(),
            "index": receipt.index,
            "treeSize": receipt.tree_size,
            "anchors": [a.to_json() for a in receipt.anchors],
            "receipt": text,
        }
        if args.out_dir:
            name = Path(item).name if not _HEX64.fullmatch(item) else item[:16]
            target = Path(args.out_dir) / f"{name}.tlog-proof"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            entry["file"] = str(target)
        out.append(entry)
    emit_json(out)
    return 0


def _existing_ledger(spec: str | None) -> Ledger | None:
    """The ledger to check against; a SQLite ledger file must already exist."""
    if not spec:
        return None
    if spec.startswith("sqlite:") and not Path(spec.removeprefix("sqlite:")).is_file():
        raise MalformedInputError(
            f"no ledger file at {spec.removeprefix('sqlite:')}; check the --ledger path",
            f"{spec.removeprefix('sqlite:')} 处没有账本文件；请检查 --ledger 路径",
        )
    return open_ledger(spec)


def _check(receipt_text: str, digest: bytes, args: argparse.Namespace) -> int:
    ledger = _existing_ledger(args.ledger)
    try:
        verified = _verify_receipt(
            Receipt.from_text(receipt_text),
            digest,
            log_key=_log_public_key(args.log_key),
            ledger=ledger,
            origin=getattr(args, "origin", None),
        )
    finally:
        close = getattr(ledger, "close", None)
        if callable(close):
            close()
    result: dict[str, Any] = {
        "verified": True,
        "origin": verified.origin,
        "index": verified.index,
        "treeSize": verified.tree_size,
        "root": verified.root.hex(),
        "digest": digest.hex(),
    }
    if verified.anchor is not None and verified.anchor_status is not None:
        result["anchor"] = verified.anchor.to_json()
        result["anchorStatus"] = verified.anchor_status.value
    emit_json(result)
    return 0


def _verify(args: argparse.Namespace) -> int:
    return _check(read_input(args.receipt), _digest(args.digest), args)


def verify_receipt(args: argparse.Namespace, text: str) -> int:
    """Handler of the top-level ``verify`` for a receipt file (``--log-key``, ``--digest``)."""
    if not args.log_key or not args.digest:
        raise MalformedInputError(
            "verifying a receipt needs --log-key KEY and --digest HEX|FILE",
            "验证回执需要 --log-key KEY 与 --digest HEX|FILE",
        )
    return _check(text, _digest(args.digest), args)


def _verifier_key(args: argparse.Namespace) -> int:
    print(format_verifier_key(args.origin, _log_signing_key(args.log_key)))
    return 0


def _audit(args: argparse.Namespace) -> int:
    if not Path(args.store).is_file():
        raise MalformedInputError(
            f"no anchor store at {args.store}", f"{args.store} 处没有锚定存储文件"
        )
    log_key = _log_public_key(args.log_key)
    ledger = _existing_ledger(args.ledger)
    try:
        with AnchorStore(args.store) as store:
            log = MerkleLog.from_entries(store.entries())
            stored = store.checkpoints()
        rows: list[dict[str, Any]] = []
        previous: Checkpoint | None = None
        for note, anchors in stored:
            checkpoint = verify_checkpoint(note, log_key=log_key)
            if checkpoint.tree_size > log.size:
                raise ConsistencyProofError(
                    "a stored checkpoint is larger than the stored log; the store was altered",
                    "存储中的检查点大于存储的日志；存储已被篡改",
                )
            if previous is not None:
                proof = log.consistency_proof(previous.tree_size, checkpoint.tree_size)
                verify_checkpoint_consistency(previous, checkpoint, proof, log_key=log_key)
            row: dict[str, Any] = {
                "treeSize": checkpoint.tree_size,
                "root": checkpoint.root.hex(),
                "anchors": [a.to_json() for a in anchors or ()],
            }
            if ledger is not None:
                row["status"] = [ledger.status(a).value for a in anchors or ()]
            rows.append(row)
            previous = checkpoint
    finally:
        close = getattr(ledger, "close", None)
        if callable(close):
            close()
    emit_json(
        {
            "origin": previous.origin if previous is not None else None,
            "entries": log.size,
            "checkpoints": rows,
            "consistent": True,
        }
    )
    return 0
