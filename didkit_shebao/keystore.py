"""Private keys encrypted at rest.

Argon2id (libsodium ``crypto_pwhash``) turns the passphrase into a 32-byte
key; XSalsa20-Poly1305 (NaCl ``secretbox``) seals the key's Multikey secret.
The public half stays readable so a file can be identified without the
passphrase; it is bound to the ciphertext as well, since the secret decrypts
to a key that must produce that same public key.

This module turns keys into bytes and back; reading and writing files is the
caller's (the CLI's) business.
"""

from __future__ import annotations

import secrets
from typing import Any, Final

import nacl.exceptions
import nacl.pwhash
import nacl.secret

from ._encoding import b64url_decode, b64url_encode, dumps_compact, parse_json
from ._schemas import validate_with_schema
from .errors import KeyStoreError, ShebaoError, WrongPassphraseError
from .keys import PrivateKey, key_from_multibase

__all__ = [
    "KEYFILE_SCHEMA_ID",
    "MEMLIMIT_INTERACTIVE",
    "OPSLIMIT_INTERACTIVE",
    "decrypt_key",
    "encrypt_key",
    "is_encrypted_key",
]

#: ``$id`` of the bundled JSON Schema every key file is validated against.
KEYFILE_SCHEMA_ID: Final = "https://didkit-shebao.example/schemas/keyfile/v1.json"
_TYPE: Final = "didkit-shebao-encrypted-key"

#: libsodium's interactive Argon2id ops limit (2 passes; about 0.1 s on a laptop).
OPSLIMIT_INTERACTIVE: Final = int(nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE)
#: libsodium's interactive Argon2id memory limit in bytes (64 MiB).
MEMLIMIT_INTERACTIVE: Final = int(nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE)


def _passphrase_bytes(passphrase: str | bytes) -> bytes:
    if isinstance(passphrase, str):
        try:
            passphrase = passphrase.encode("utf-8")
        except UnicodeEncodeError:
            raise KeyStoreError(
                "the passphrase is not valid Unicode text (a lone surrogate); type it again",
                "口令不是有效的 Unicode 文本（含孤立代理项）；请重新输入",
            ) from None  # the passphrase stays out of tracebacks
    if not isinstance(passphrase, bytes) or not passphrase:
        raise KeyStoreError("the passphrase must be a non-empty string", "口令必须是非空字符串")
    return passphrase


def encrypt_key(
    key: PrivateKey,
    passphrase: str | bytes,
    *,
    opslimit: int = OPSLIMIT_INTERACTIVE,
    memlimit: int = MEMLIMIT_INTERACTIVE,
    salt: bytes | None = None,
    nonce: bytes | None = None,
) -> bytes:
    """The encrypted key file for *key*, as UTF-8 JSON bytes.

    ``salt`` (16 bytes) and ``nonce`` (24 bytes) default to fresh random values.
    """
    if not isinstance(key, PrivateKey):
        raise KeyStoreError(
            "encrypt_key needs a private key (Ed25519Key, P256Key or SM2Key)",
            "encrypt_key 需要私钥（Ed25519Key、P256Key 或 SM2Key）",
        )
    salt = secrets.token_bytes(nacl.pwhash.argon2id.SALTBYTES) if salt is None else salt
    nonce = secrets.token_bytes(nacl.secret.SecretBox.NONCE_SIZE) if nonce is None else nonce
    if (
        not isinstance(salt, bytes)
        or not isinstance(nonce, bytes)
        or len(salt) != nacl.pwhash.argon2id.SALTBYTES
        or len(nonce) != nacl.secret.SecretBox.NONCE_SIZE
    ):
        raise KeyStoreError(
            "salt must be 16 bytes and nonce 24 bytes", "salt 必须为 16 字节，nonce 必须为 24 字节"
        )
    if type(opslimit) is not int or type(memlimit) is not int:
        raise KeyStoreError(
            "opslimit and memlimit must be integers", "opslimit 与 memlimit 必须是整数"
        )
    try:
        box_key = nacl.pwhash.argon2id.kdf(
            nacl.secret.SecretBox.KEY_SIZE,
            _passphrase_bytes(passphrase),
            salt,
            opslimit=opslimit,
            memlimit=memlimit,
        )
    except (ValueError, nacl.exceptions.CryptoError) as exc:
        raise KeyStoreError(
            "opslimit or memlimit is outside what Argon2id accepts; keep the defaults",
            "opslimit 或 memlimit 超出 Argon2id 的允许范围；请使用默认值",
        ) from exc
    sealed = nacl.secret.SecretBox(box_key).encrypt(key.secret_multibase.encode("ascii"), nonce)
    document = {
        "type": _TYPE,
        "version": 1,
        "publicKeyMultibase": key.public_multibase,
        "kdf": {
            "name": "argon2id",
            "salt": b64url_encode(salt),
            "opslimit": opslimit,
            "memlimit": memlimit,
        },
        "cipher": "xsalsa20-poly1305",
        "nonce": b64url_encode(nonce),
        "ciphertext": b64url_encode(sealed.ciphertext),
    }
    return (dumps_compact(document) + "\n").encode("utf-8")


def is_encrypted_key(document: Any) -> bool:
    """Whether a parsed JSON document claims to be an encrypted key file."""
    return isinstance(document, dict) and document.get("type") == _TYPE


def decrypt_key(data: bytes | str | dict[str, Any], passphrase: str | bytes) -> PrivateKey:
    """Open an encrypted key file.

    Raises :class:`WrongPassphraseError` when the passphrase is wrong or the
    ciphertext was altered, :class:`KeyStoreError` when the file is corrupt.
    """
    try:
        document = data if isinstance(data, dict) else parse_json(data, what="key file")
        validate_with_schema(KEYFILE_SCHEMA_ID, document, what="key file")
        kdf = document["kdf"]
        salt = b64url_decode(kdf["salt"], what="key file salt")
        nonce = b64url_decode(document["nonce"], what="key file nonce")
        ciphertext = b64url_decode(document["ciphertext"], what="key file ciphertext")
    except ShebaoError as exc:
        raise KeyStoreError(
            f"the key file is corrupt or not a didkit-shebao key file ({exc.code}); "
            "restore it from a backup",
            f"密钥文件已损坏或不是 didkit-shebao 密钥文件（{exc.code}）；请从备份恢复",
        ) from exc
    if kdf["memlimit"] > 4 * 1024**3 or kdf["opslimit"] > 64:
        raise KeyStoreError(
            "the key file asks for an unreasonable Argon2id cost; it was not made by this library",
            "密钥文件要求的 Argon2id 开销不合理；该文件并非由本库生成",
        )
    try:
        box_key = nacl.pwhash.argon2id.kdf(
            nacl.secret.SecretBox.KEY_SIZE,
            _passphrase_bytes(passphrase),
            salt,
            opslimit=kdf["opslimit"],
            memlimit=kdf["memlimit"],
        )
        secret = nacl.secret.SecretBox(box_key).decrypt(ciphertext, nonce)
    except nacl.exceptions.CryptoError as exc:
        raise WrongPassphraseError() from exc
    try:
        key = key_from_multibase(secret.decode("ascii"))
    except (ShebaoError, UnicodeDecodeError) as exc:  # pragma: no cover - authenticated
        raise KeyStoreError(
            "the decrypted key is not a supported key", "解密后的密钥不受支持"
        ) from exc
    if key.public_multibase != document["publicKeyMultibase"]:
        raise KeyStoreError(
            "the key file's public key does not match its secret; the file was altered",
            "密钥文件中的公钥与私钥不匹配；文件已被篡改",
        )
    return key
