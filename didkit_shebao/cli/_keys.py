"""``key`` commands: generate keys as JWK or encrypted key files."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..keys import Ed25519Key, P256Key, PrivateKey, SM2Key
from ..keystore import encrypt_key
from ._common import emit_json, passphrase, write_private

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the ``key`` command group."""
    key = sub.add_parser("key", help="generate keys / 生成密钥")
    key_sub = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    gen = key_sub.add_parser("generate", help="generate a private key (JWK) / 生成私钥（JWK）")
    gen.add_argument(
        "--type",
        choices=("ed25519", "p256", "sm2"),
        default="ed25519",
        help="sm2 (国密) needs the extra gm",
    )
    gen.add_argument(
        "--out", metavar="FILE", help="write the key here (mode 0600) instead of stdout"
    )
    gen.add_argument(
        "--encrypt",
        action="store_true",
        help="with --out: encrypt with a passphrase (Argon2id + XSalsa20-Poly1305), "
        "taken from DIDKIT_SHEBAO_PASSPHRASE or asked for",
    )
    gen.set_defaults(handler=_generate)


def _generate(args: argparse.Namespace) -> int:
    key: PrivateKey = (
        SM2Key.generate()
        if args.type == "sm2"
        else P256Key.generate()
        if args.type == "p256"
        else Ed25519Key.generate()
    )
    if args.out is None:
        if args.encrypt:
            raise SystemExit("--encrypt needs --out FILE")
        emit_json(key.private_jwk)
        return 0
    if args.encrypt:
        data = encrypt_key(key, passphrase(confirm=True))
    else:
        data = (json.dumps(key.private_jwk, indent=2) + "\n").encode("utf-8")
    write_private(args.out, data)
    emit_json(
        {"file": args.out, "publicKeyMultibase": key.public_multibase, "publicJwk": key.public_jwk}
    )
    return 0
