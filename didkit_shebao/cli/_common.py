"""Helpers shared by the command modules: reading keys and inputs, printing JSON."""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._encoding import parse_json
from ..errors import KeyStoreError, MalformedInputError, StatusUnavailableError
from ..keys import (
    Ed25519PublicKey,
    P256PublicKey,
    PrivateKey,
    PublicKey,
    SM2PublicKey,
    key_from_jwk,
)
from ..keystore import decrypt_key, is_encrypted_key

__all__ = [
    "PASSPHRASE_ENV",
    "emit_json",
    "load_private_key",
    "load_public_key",
    "local_status_lists",
    "passphrase",
    "read_input",
    "read_json",
    "write_private",
]

#: Environment variable holding the passphrase of encrypted key files.
PASSPHRASE_ENV = "DIDKIT_SHEBAO_PASSPHRASE"  # noqa: S105 - a variable name, not a secret


def read_input(path: str) -> str:
    """The text of *path* (``-`` reads standard input)."""
    try:
        if path == "-":
            return sys.stdin.read()
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedInputError(
            f"{path} is not UTF-8 text; pass a JSON or compact text file",
            f"{path} 不是 UTF-8 文本；请提供 JSON 或紧凑文本文件",
        ) from exc


def read_json(path: str) -> Any:
    """Strictly parsed JSON from *path*."""
    return parse_json(read_input(path), what=path)


def passphrase(*, confirm: bool = False) -> str:
    """The key-file passphrase: from the environment, else asked on the terminal."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise KeyStoreError(
            f"an encrypted key needs a passphrase: set {PASSPHRASE_ENV}",
            f"加密密钥需要口令：请设置环境变量 {PASSPHRASE_ENV}",
        )
    first = getpass.getpass("passphrase / 口令: ")
    if confirm and getpass.getpass("again / 再次输入: ") != first:
        raise KeyStoreError("the passphrases differ", "两次输入的口令不一致")
    return first


def _key_document(path: str) -> Any:
    document = read_json(path)
    if is_encrypted_key(document):
        return decrypt_key(document, passphrase())
    return key_from_jwk(document)


def load_private_key(path: str) -> PrivateKey:
    """A private key from a JWK file or an encrypted key file."""
    key = _key_document(path)
    if isinstance(key, Ed25519PublicKey | P256PublicKey | SM2PublicKey):
        raise MalformedInputError(
            f"{path} holds a public key; this command needs a private key",
            f"{path} 中是公钥；此命令需要私钥",
        )
    result: PrivateKey = key
    return result


def load_public_key(path: str) -> PublicKey:
    """A public key from a JWK file (public or private) or an encrypted key file."""
    key = _key_document(path)
    result: PublicKey = key.public_key
    return result


def local_status_lists(entries: list[str], *, as_json: bool) -> Callable[[str], Any] | None:
    """A status-list fetch function over ``--status-list URL=FILE`` local copies.

    ``None`` when no copy was given (the verifier then fails closed unless told
    not to check status). *as_json*: the files hold status-list credentials
    (JSON); otherwise status-list tokens (compact JWTs).
    """
    if not entries:
        return None
    table: dict[str, Any] = {}
    for entry in entries:
        url, sep, path = entry.partition("=")
        if not sep or not url or not path:
            raise MalformedInputError(
                "--status-list takes URL=FILE", "--status-list 的格式为 URL=文件"
            )
        table[url] = read_json(path) if as_json else read_input(path).strip()

    def fetch(url: str) -> Any:
        if url not in table:
            raise StatusUnavailableError(
                f"no local copy of the status list {url}; pass --status-list {url}=FILE",
                f"没有状态列表 {url} 的本地副本；请传入 --status-list {url}=FILE",
            )
        return table[url]

    return fetch


def emit_json(value: Any) -> None:
    """Print *value* as indented JSON (UTF-8, Chinese kept readable)."""
    print(json.dumps(value, ensure_ascii=False, indent=2))


def write_private(path: str, data: bytes) -> None:
    """Write secret material readable by the owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
