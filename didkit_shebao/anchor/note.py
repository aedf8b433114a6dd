"""C2SP signed notes (``c2sp.org/signed-note``) with Ed25519 signatures.

A signed note is a UTF-8 text ending in a newline, a blank line, then one or
more signature lines ``— <key name> base64(key ID || signature)``. The key
ID of an Ed25519 key is the first four bytes of
``SHA-256(key name || 0x0A || 0x01 || public key)``; the tuple (name, key ID)
picks the key. Verifiers ignore signatures from keys they do not know and
reject a note unless a known key's signature verifies; a known key whose
signature fails rejects the whole note.

Verifier keys travel as ``<name>+<8 hex digits key ID>+<base64(0x01 || public
key)>`` (the ``golang.org/x/mod/sumdb/note`` text form used across the C2SP
ecosystem).
"""

from __future__ import annotations

import binascii
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from ..errors import InvalidSignatureError, MalformedInputError, UnsupportedError
from ..keys import Ed25519Key, Ed25519PublicKey, as_public_key

__all__ = [
    "ED25519_SIGNATURE_TYPE",
    "MAX_NOTE_BYTES",
    "MAX_NOTE_SIGNATURES",
    "NoteSignature",
    "NoteVerifier",
    "SignedNote",
    "format_verifier_key",
    "note_key_id",
    "parse_verifier_key",
    "sign_note",
]

#: Signature type byte of Ed25519 note signatures (c2sp.org/signed-note).
ED25519_SIGNATURE_TYPE: Final = 0x01
#: Largest signed note accepted, in bytes.
MAX_NOTE_BYTES: Final = 65_536
#: Most signature lines accepted on one note (the spec asks for at least 16).
MAX_NOTE_SIGNATURES: Final = 64

_DASH: Final = "\u2014 "
# Control characters other than newline are not allowed anywhere in a note.
_CONTROL_RE: Final = re.compile(r"[\x00-\x09\x0b-\x1f]")
# Unicode whitespace (\s), plus and control characters are not allowed in key names.
_KEY_NAME_RE: Final = re.compile(r"[^\s+\x00-\x1f\ud800-\udfff]+")


def _bad(en: str, zh: str) -> MalformedInputError:
    return MalformedInputError(f"signed note: {en}", f"签名笔记：{zh}")


def b64std_decode(text: str, what: str) -> bytes:
    """Strict RFC 4648 section 4 base64 (padded, canonical)."""
    try:
        # strict_mode refuses characters outside the alphabet, missing or
        # misplaced padding and data after it.
        data = binascii.a2b_base64(text, strict_mode=True)
    except (binascii.Error, ValueError) as exc:
        raise _bad(
            f"{what} is not padded standard base64", f"{what}不是带填充的标准 base64"
        ) from exc
    # Non-zero bits in the last character before the padding give a second
    # spelling of the same bytes; only the canonical one is accepted.
    if binascii.b2a_base64(data, newline=False) != text.encode("ascii"):
        raise _bad(f"{what} is not canonical base64", f"{what}不是规范的 base64")
    return data


def b64std_encode(data: bytes) -> str:
    """RFC 4648 section 4 base64 with padding."""
    return binascii.b2a_base64(data, newline=False).decode("ascii")


def check_key_name(name: object) -> str:
    """A note key name: non-empty, no spaces, no ``+``, no control characters."""
    if not isinstance(name, str) or _KEY_NAME_RE.fullmatch(name) is None:
        raise _bad(
            "a key name must be non-empty, without spaces, '+' or control characters",
            "密钥名称必须非空，且不含空白、'+' 或控制字符",
        )
    return name


def note_key_id(name: str, public_key: Ed25519PublicKey) -> bytes:
    """The 4-byte key ID: ``SHA-256(name || 0x0A || 0x01 || public key)[:4]``."""
    data = name.encode("utf-8") + b"\n" + bytes([ED25519_SIGNATURE_TYPE]) + public_key.raw
    return hashlib.sha256(data).digest()[:4]


@dataclass(frozen=True, slots=True)
class NoteVerifier:
    """A trusted note key: its name, key ID and Ed25519 public key."""

    name: str
    key_id: bytes
    public_key: Ed25519PublicKey

    @classmethod
    def for_key(cls, name: str, key: object) -> NoteVerifier:
        """The verifier for *key* (a key, public key, public JWK or multibase) under *name*."""
        public = as_public_key(key)
        if not isinstance(public, Ed25519PublicKey):
            raise UnsupportedError(
                "note signatures here use Ed25519 only; give an Ed25519 key",
                "此处的笔记签名仅支持 Ed25519；请提供 Ed25519 密钥",
            )
        check_key_name(name)
        return cls(name=name, key_id=note_key_id(name, public), public_key=public)

    def to_text(self) -> str:
        """The verifier-key string ``<name>+<hex key ID>+<base64(0x01 || key)>``."""
        return format_verifier_key(self.name, self.public_key)


def format_verifier_key(name: str, key: object) -> str:
    """``<name>+<8 hex digits key ID>+<base64(0x01 || public key)>`` for an Ed25519 key."""
    public = NoteVerifier.for_key(name, key).public_key
    data = bytes([ED25519_SIGNATURE_TYPE]) + public.raw
    return f"{name}+{note_key_id(name, public).hex()}+{b64std_encode(data)}"


def parse_verifier_key(text: str) -> NoteVerifier:
    """Parse a verifier-key string; checks that the key ID matches the key."""
    if not isinstance(text, str):
        raise _bad("a verifier key must be a string", "验证密钥必须是字符串")
    parts = text.split("+", 2)
    if len(parts) != 3:
        raise _bad(
            "a verifier key has the form <name>+<hex key ID>+<base64 key>",
            "验证密钥的格式为 <名称>+<十六进制密钥 ID>+<base64 密钥>",
        )
    name, hex_id, b64 = parts
    check_key_name(name)
    if re.fullmatch(r"[0-9a-f]{8}", hex_id) is None:
        raise _bad(
            "the verifier key ID must be 8 lowercase hex digits",
            "验证密钥 ID 必须是 8 位小写十六进制数字",
        )
    data = b64std_decode(b64, "the verifier key")
    if len(data) != 33 or data[0] != ED25519_SIGNATURE_TYPE:
        raise UnsupportedError(
            "only Ed25519 verifier keys (type 0x01, 32 bytes) are supported",
            "仅支持 Ed25519 验证密钥（类型 0x01，32 字节）",
        )
    verifier = NoteVerifier.for_key(name, Ed25519PublicKey(data[1:]))
    if verifier.key_id.hex() != hex_id:
        raise _bad(
            "the verifier key ID does not match its name and key",
            "验证密钥 ID 与其名称和密钥不符",
        )
    return verifier


@dataclass(frozen=True, slots=True)
class NoteSignature:
    """One signature line: key name, 4-byte key ID and the signature bytes."""

    name: str
    key_id: bytes
    signature: bytes

    def to_line(self) -> str:
        """The line ``— <name> base64(key ID || signature)`` with its newline."""
        return f"{_DASH}{self.name} {b64std_encode(self.key_id + self.signature)}\n"


@dataclass(frozen=True, slots=True)
class SignedNote:
    """A note text (ending in a newline) and its signature lines."""

    text: str
    signatures: tuple[NoteSignature, ...]

    def to_text(self) -> str:
        """The serialized note: text, a blank line, the signature lines."""
        return self.text + "\n" + "".join(s.to_line() for s in self.signatures)

    @classmethod
    def from_text(cls, note: str) -> SignedNote:
        """Parse a signed note strictly (structure only; no signature is checked)."""
        if not isinstance(note, str):
            raise _bad("must be text", "必须是文本")
        if len(note) > MAX_NOTE_BYTES:
            raise _bad(f"is larger than {MAX_NOTE_BYTES} bytes", f"超过 {MAX_NOTE_BYTES} 字节")
        try:
            size = len(note.encode("utf-8"))
        except UnicodeEncodeError as exc:  # lone surrogates
            raise _bad("is not valid UTF-8", "不是有效的 UTF-8") from exc
        if size > MAX_NOTE_BYTES:
            raise _bad(f"is larger than {MAX_NOTE_BYTES} bytes", f"超过 {MAX_NOTE_BYTES} 字节")
        if _CONTROL_RE.search(note):
            raise _bad(
                "contains control characters other than newline",
                "含有换行以外的控制字符",
            )
        if not note.endswith("\n"):
            raise _bad("must end with a newline", "必须以换行结尾")
        split = note.rfind("\n\n")
        if split < 0:
            raise _bad(
                "has no blank line between text and signatures",
                "文本与签名之间缺少空行",
            )
        text, sig_block = note[: split + 1], note[split + 2 :]
        lines = sig_block[:-1].split("\n")
        if not sig_block or len(lines) > MAX_NOTE_SIGNATURES:
            raise _bad(
                f"needs 1 to {MAX_NOTE_SIGNATURES} signature lines",
                f"需要 1 到 {MAX_NOTE_SIGNATURES} 行签名",
            )
        signatures = tuple(_parse_signature_line(line) for line in lines)
        return cls(text=text, signatures=signatures)

    def verify(self, verifiers: Iterable[NoteVerifier]) -> tuple[NoteVerifier, ...]:
        """Check the signatures of known keys; return the keys that signed.

        Signatures from unknown keys (name or key ID differ) are ignored. A
        known key whose signature fails, or no known key at all, raises
        :class:`~didkit_shebao.errors.InvalidSignatureError`.
        """
        known = {(v.name, v.key_id): v for v in verifiers}
        message = self.text.encode("utf-8")
        signed: list[NoteVerifier] = []
        for sig in self.signatures:
            verifier = known.get((sig.name, sig.key_id))
            if verifier is None:
                continue
            verifier.public_key.verify(message, sig.signature)
            signed.append(verifier)
        if not signed:
            raise InvalidSignatureError(
                "the note carries no signature from the expected log key; check the log key "
                "(and its name, which is the checkpoint origin)",
                "笔记中没有预期日志密钥的签名；请检查日志密钥（及其名称，即检查点 origin）",
            )
        return tuple(signed)


def _parse_signature_line(line: str) -> NoteSignature:
    if not line.startswith(_DASH):
        raise _bad(
            "a signature line must start with an em dash and a space",
            "签名行必须以破折号和空格开头",
        )
    rest = line[len(_DASH) :]
    name, sep, b64 = rest.partition(" ")
    if not sep:
        raise _bad("a signature line has no signature", "签名行缺少签名")
    check_key_name(name)
    data = b64std_decode(b64, "a signature")
    if len(data) < 5:
        raise _bad("a signature is too short", "签名过短")
    return NoteSignature(name=name, key_id=data[:4], signature=data[4:])


def sign_note(text: str, key: Ed25519Key, *, name: str) -> SignedNote:
    """Sign *text* (must end in a newline) with an Ed25519 *key* under key *name*."""
    if not isinstance(key, Ed25519Key):
        raise UnsupportedError(
            "notes are signed with an Ed25519 private key", "笔记须使用 Ed25519 私钥签名"
        )
    check_key_name(name)
    if not text.endswith("\n") or _CONTROL_RE.search(text):
        raise _bad(
            "the text must end with a newline and contain no control characters",
            "文本必须以换行结尾且不含控制字符",
        )
    signature = NoteSignature(
        name=name,
        key_id=note_key_id(name, key.public_key),
        signature=key.sign(text.encode("utf-8")),
    )
    return SignedNote(text=text, signatures=(signature,))
