"""``did`` commands: derive did:key / did:jwk from a key file, resolve DIDs."""

from __future__ import annotations

import argparse
from typing import Any

from ..did import did_jwk, did_key, resolve_did
from ._common import emit_json, load_public_key

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the ``did`` command group."""
    did = sub.add_parser("did", help="DIDs: derive and resolve / 派生与解析 DID")
    did_sub = did.add_subparsers(dest="did_command", metavar="ACTION", required=True)
    key = did_sub.add_parser("key", help="print the did:key of a key file")
    key.add_argument("--key", required=True, metavar="FILE")
    key.set_defaults(handler=lambda a: _print_did(did_key(load_public_key(a.key))))
    jwk = did_sub.add_parser("jwk", help="print the did:jwk of a key file")
    jwk.add_argument("--key", required=True, metavar="FILE")
    jwk.set_defaults(handler=lambda a: _print_did(did_jwk(load_public_key(a.key))))
    res = did_sub.add_parser("resolve", help="resolve a did:key or did:jwk offline")
    res.add_argument("did", metavar="DID")
    res.set_defaults(handler=_resolve)


def _print_did(did: str) -> int:
    print(did)
    return 0


def _resolve(args: argparse.Namespace) -> int:
    emit_json(resolve_did(args.did))
    return 0
