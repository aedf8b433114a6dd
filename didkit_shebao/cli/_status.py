"""``status`` commands: keep a status list in a JSON state file, change it, publish it.

The state file is :meth:`StatusListManager.to_json` output: the list, which
indices were handed out, and every published version (for anchoring). It
holds no key material. Every command that changes it rewrites it atomically.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..did import did_key
from ..errors import MalformedInputError
from ..keys import Ed25519Key
from ..status import MIN_ENTRIES, StatusListManager
from ._common import emit_json, load_private_key, read_json

__all__ = ["UNPUBLISHED_URL", "register"]

#: URL of a list created without ``--id``; ``publish --id`` replaces it.
UNPUBLISHED_URL = "urn:didkit-shebao:status-list:unpublished"


def register(sub: Any) -> None:
    """Add the ``status`` command group."""
    status = sub.add_parser(
        "status", help="revocation / suspension status lists / 撤销与暂停状态列表"
    )
    ss = status.add_subparsers(dest="status_command", metavar="ACTION", required=True)

    create = ss.add_parser("create", help="create a status list state file")
    create.add_argument("--out", required=True, metavar="FILE")
    create.add_argument("--format", choices=("bitstring", "token"), default="bitstring")
    create.add_argument("--size", type=int, help=f"entries (bitstring default {MIN_ENTRIES})")
    create.add_argument("--bits", type=int, default=None, help="bits per entry")
    create.add_argument(
        "--purpose",
        choices=("revocation", "suspension", "message"),
        default="revocation",
        help="bitstring purpose",
    )
    create.add_argument("--id", metavar="URL", help="where the list will be published")
    create.add_argument(
        "--message", action="append", default=None, help="message list: one per status value"
    )
    create.add_argument("--force", action="store_true", help="overwrite an existing file")
    create.set_defaults(handler=_create)

    allocate = ss.add_parser("allocate", help="take a random unused index; print its entry")
    allocate.add_argument("file", metavar="FILE")
    allocate.set_defaults(handler=_allocate)

    for action, text in (
        ("revoke", "revoke an index (irreversible)"),
        ("suspend", "suspend an index"),
        ("resume", "lift a suspension"),
    ):
        p = ss.add_parser(action, help=text)
        p.add_argument("file", metavar="FILE")
        p.add_argument("index", type=int, metavar="INDEX")
        p.set_defaults(handler=_change, action=action)

    show = ss.add_parser("show", help="print the status value at INDEX")
    show.add_argument("file", metavar="FILE")
    show.add_argument("index", type=int, metavar="INDEX")
    show.set_defaults(handler=_show)

    publish = ss.add_parser(
        "publish", help="sign the list as a BitstringStatusListCredential and print it"
    )
    publish.add_argument("--key", required=True, metavar="FILE", help="issuer key file")
    publish.add_argument("--id", required=True, metavar="URL", help="the list's URL")
    publish.add_argument(
        "--purpose", required=True, choices=("revocation", "suspension", "message")
    )
    publish.add_argument("--issuer", metavar="DID", help="default: the key's did:key")
    publish.add_argument("--verification-method", metavar="DIDURL")
    publish.add_argument("--ttl", type=int, metavar="MS", help="cache time in milliseconds")
    publish.add_argument(
        "--valid-for", type=int, metavar="SECONDS", help="sets validUntil that far ahead"
    )
    publish.add_argument("file", metavar="FILE")
    publish.set_defaults(handler=_publish)

    token = ss.add_parser("publish-token", help="sign a token list as a statuslist+jwt")
    token.add_argument("--key", required=True, metavar="FILE", help="issuer key file")
    token.add_argument("--uri", required=True, metavar="URL", help="the token's URI (sub)")
    token.add_argument("--issuer", metavar="ID", help="iss (default: the key's did:key)")
    token.add_argument("--kid", metavar="KID")
    token.add_argument("--ttl", type=int, metavar="SECONDS")
    token.add_argument("--expires-in", type=int, metavar="SECONDS", help="sets exp")
    token.add_argument("file", metavar="FILE")
    token.set_defaults(handler=_publish_token)

    versions = ss.add_parser("versions", help="list published versions and their digests")
    versions.add_argument("file", metavar="FILE")
    versions.set_defaults(handler=_versions)


# -- state file -------------------------------------------------------------------------


def _load(path: str) -> StatusListManager:
    return StatusListManager.from_json(read_json(path))


def _save(path: str, manager: StatusListManager) -> None:
    target = Path(path)
    data = json.dumps(manager.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _note(text: str) -> None:
    print(text, file=sys.stderr)


# -- handlers ---------------------------------------------------------------------------


def _create(args: argparse.Namespace) -> int:
    if Path(args.out).exists() and not args.force:
        raise MalformedInputError(
            f"{args.out} exists; pass --force to overwrite it (its history would be lost)",
            f"{args.out} 已存在；如确需覆盖请加 --force（其历史将丢失）",
        )
    token = args.format == "token"
    size = args.size if args.size is not None else (1024 if token else MIN_ENTRIES)
    bits = args.bits if args.bits is not None else (2 if token else 1)
    manager = StatusListManager(
        url=args.id or UNPUBLISHED_URL,
        kind=args.format,
        purpose=args.purpose,
        size=size,
        bits=bits,
        status_messages=args.message,
    )
    _save(args.out, manager)
    emit_json(
        {
            "file": args.out,
            "format": manager.kind,
            "purpose": manager.purpose,
            "size": manager.size,
            "bits": manager.bits,
            "url": manager.url,
        }
    )
    return 0


def _require_url(manager: StatusListManager, what: str) -> None:
    if manager.url == UNPUBLISHED_URL:
        raise MalformedInputError(
            f"{what} needs the list's URL: create it with --id URL",
            f"{what} 需要列表的 URL：请在创建时使用 --id URL",
        )


def _allocate(args: argparse.Namespace) -> int:
    manager = _load(args.file)
    _require_url(manager, "allocate")
    index = manager.allocate()
    _save(args.file, manager)
    emit_json({"index": index, "entry": manager.entry(index)})
    return 0


def _change(args: argparse.Namespace) -> int:
    manager = _load(args.file)
    if not manager.is_allocated(args.index):
        manager.reserve(args.index)
        _note(
            f"note: index {args.index} was not allocated here; it is now reserved and will "
            "never be handed out"
        )
    getattr(manager, args.action)(args.index)
    _save(args.file, manager)
    emit_json({"index": args.index, "status": manager.status(args.index)})
    return 0


def _show(args: argparse.Namespace) -> int:
    manager = _load(args.file)
    emit_json(
        {
            "index": args.index,
            "status": manager.status(args.index),
            "allocated": manager.is_allocated(args.index),
        }
    )
    return 0


def _ed25519(path: str) -> Ed25519Key:
    key = load_private_key(path)
    if not isinstance(key, Ed25519Key):
        raise MalformedInputError(
            "status-list credentials are signed with Ed25519 (eddsa-jcs-2022); use an Ed25519 key",
            "状态列表凭证使用 Ed25519（eddsa-jcs-2022）签名；请使用 Ed25519 密钥",
        )
    return key


def _publish(args: argparse.Namespace) -> int:
    manager = _load(args.file)
    key = _ed25519(args.key)
    if manager.url != args.id:
        if manager.url != UNPUBLISHED_URL and (manager.allocated_count or manager.versions()):
            raise MalformedInputError(
                f"this list lives at {manager.url}; --id must match it",
                f"该列表的地址为 {manager.url}；--id 必须与之一致",
            )
        manager.retarget(url=args.id)
    if manager.purpose != args.purpose:
        manager.retarget(purpose=args.purpose)
    issuer = args.issuer or did_key(key)
    vm = args.verification_method
    if vm is None:
        own = did_key(key)
        if issuer != own:
            raise MalformedInputError(
                "--verification-method is required when --issuer is not the key's did:key",
                "当 --issuer 不是密钥的 did:key 时必须提供 --verification-method",
            )
        vm = f"{own}#{own.removeprefix('did:key:')}"
    now = datetime.now(UTC)
    credential = manager.publish_credential(
        issuer=issuer,
        key=key,
        verification_method=vm,
        now=now,
        valid_until=now + timedelta(seconds=args.valid_for) if args.valid_for else None,
        ttl=args.ttl,
    )
    _save(args.file, manager)
    emit_json(credential)
    return 0


def _publish_token(args: argparse.Namespace) -> int:
    manager = _load(args.file)
    key = load_private_key(args.key)
    if manager.url != args.uri:
        if manager.url != UNPUBLISHED_URL and (manager.allocated_count or manager.versions()):
            raise MalformedInputError(
                f"this list lives at {manager.url}; --uri must match it",
                f"该列表的地址为 {manager.url}；--uri 必须与之一致",
            )
        manager.retarget(url=args.uri)
    now = datetime.now(UTC)
    token = manager.publish_token(
        issuer=args.issuer or did_key(key),
        key=key,
        kid=args.kid,
        now=now,
        ttl=args.ttl,
        expires_at=now + timedelta(seconds=args.expires_in) if args.expires_in else None,
    )
    _save(args.file, manager)
    print(token)
    return 0


def _versions(args: argparse.Namespace) -> int:
    manager = _load(args.file)
    emit_json(
        [
            {"version": v.version, "publishedAt": v.published_at, "sha256": v.digest_hex}
            for v in manager.versions()
        ]
    )
    return 0
