"""Encrypted key files: Argon2id + XSalsa20-Poly1305."""

from __future__ import annotations

import json

import pytest

import didkit_shebao as ds
from didkit_shebao.errors import KeyStoreError, WrongPassphraseError
from didkit_shebao.keystore import decrypt_key, encrypt_key, is_encrypted_key

FAST = {"opslimit": 1, "memlimit": 8192}  # libsodium minimums keep the tests quick


@pytest.mark.parametrize("make", [ds.Ed25519Key.generate, ds.P256Key.generate])
def test_round_trip(make: object) -> None:
    key = make()  # type: ignore[operator]
    blob = encrypt_key(key, "正确的口令 correct horse", **FAST)
    doc = json.loads(blob)
    assert is_encrypted_key(doc)
    assert doc["publicKeyMultibase"] == key.public_multibase
    assert key.secret_multibase not in blob.decode()
    again = decrypt_key(blob, "正确的口令 correct horse")
    assert again.public_multibase == key.public_multibase
    assert again.secret_multibase == key.secret_multibase


def test_wrong_passphrase() -> None:
    blob = encrypt_key(ds.Ed25519Key.generate(), "right", **FAST)
    with pytest.raises(WrongPassphraseError) as info:
        decrypt_key(blob, "wrong")
    assert info.value.code == "wrong_passphrase"
    assert info.value.message_zh


def test_tampered_ciphertext_is_wrong_passphrase_or_corrupt() -> None:
    blob = json.loads(encrypt_key(ds.Ed25519Key.generate(), "pw", **FAST))
    ct = blob["ciphertext"]
    blob["ciphertext"] = ("B" if ct[0] == "A" else "A") + ct[1:]
    with pytest.raises(WrongPassphraseError):
        decrypt_key(blob, "pw")


def test_swapped_public_key_detected() -> None:
    blob = json.loads(encrypt_key(ds.Ed25519Key.generate(), "pw", **FAST))
    blob["publicKeyMultibase"] = ds.Ed25519Key.generate().public_multibase
    with pytest.raises(KeyStoreError):
        decrypt_key(blob, "pw")


@pytest.mark.parametrize(
    "data",
    [b"", b"not json", b"{}", b'{"type":"didkit-shebao-encrypted-key"}', b"[1,2]"],
)
def test_corrupt_files(data: bytes) -> None:
    with pytest.raises(KeyStoreError):
        decrypt_key(data, "pw")


def test_empty_passphrase_refused() -> None:
    with pytest.raises(KeyStoreError):
        encrypt_key(ds.Ed25519Key.generate(), "", **FAST)
