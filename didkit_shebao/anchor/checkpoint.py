"""Transparency-log checkpoints (``c2sp.org/tlog-checkpoint``).

A checkpoint is a signed note whose text is exactly::

    <origin>
    <tree size, ASCII decimal, no leading zeroes>
    <base64 root hash>
    [extension lines]

signed by the log's Ed25519 key under the key name *origin*. A tree size and
root are trusted only together, from one checkpoint whose signature verified:
that is what :func:`verify_checkpoint` returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from ..errors import InvalidSignatureError, MalformedInputError, verification_boundary
from ..keys import Ed25519Key
from .merkle import HASH_SIZE
from .note import (
    NoteSignature,
    NoteVerifier,
    SignedNote,
    b64std_decode,
    b64std_encode,
    check_key_name,
    parse_verifier_key,
    sign_note,
)

__all__ = ["Checkpoint", "log_verifier", "verify_checkpoint"]

_SIZE_RE: Final = re.compile(r"0|[1-9][0-9]{0,19}")


def _bad(en: str, zh: str) -> MalformedInputError:
    return MalformedInputError(f"checkpoint: {en}", f"检查点：{zh}")


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A log's signed tree head: origin, tree size, root, and signatures.

    Build one with :meth:`create` (signs it) or :meth:`from_note` (parses,
    checks structure only). Parsing is strict, so :meth:`to_note` gives back
    the exact bytes that were parsed and signed.
    """

    origin: str
    tree_size: int
    root: bytes
    extensions: tuple[str, ...] = ()
    signatures: tuple[NoteSignature, ...] = ()

    @classmethod
    def create(cls, *, origin: str, tree_size: int, root: bytes, key: Ed25519Key) -> Checkpoint:
        """A checkpoint signed by *key* under the key name *origin*."""
        body = cls(origin=origin, tree_size=tree_size, root=root)
        note = sign_note(body.text(), key, name=origin)
        return cls(origin=origin, tree_size=tree_size, root=root, signatures=note.signatures)

    def text(self) -> str:
        """The note text (what the signatures sign), ending in a newline."""
        check_key_name(self.origin)
        if type(self.tree_size) is not int or not 0 <= self.tree_size < 1 << 64:
            raise _bad(
                "tree size must be an integer from 0 to 2^64-1", "树大小必须是 0 到 2^64-1 的整数"
            )
        if type(self.root) is not bytes or len(self.root) != HASH_SIZE:
            raise _bad("root must be 32 bytes", "树根必须为 32 字节")
        lines = [self.origin, str(self.tree_size), b64std_encode(self.root), *self.extensions]
        return "\n".join(lines) + "\n"

    def to_note(self) -> str:
        """The signed note: text, blank line, signature lines."""
        return SignedNote(text=self.text(), signatures=self.signatures).to_text()

    @classmethod
    def from_note(cls, note: str) -> Checkpoint:
        """Parse a signed checkpoint note strictly. No signature is checked here."""
        signed = SignedNote.from_text(note)
        lines = signed.text[:-1].split("\n")
        if len(lines) < 3 or any(not line for line in lines):
            raise _bad(
                "the text needs at least three non-empty lines: origin, size, root",
                "正文至少需要三行非空内容：origin、树大小、树根",
            )
        origin, size, root_b64, *extensions = lines
        if _SIZE_RE.fullmatch(size) is None or int(size) >= 1 << 64:
            raise _bad(
                "the tree size must be ASCII decimal without leading zeroes",
                "树大小必须是无前导零的十进制数",
            )
        root = b64std_decode(root_b64, "the root hash")
        if len(root) != HASH_SIZE:
            raise _bad("the root hash must be 32 bytes", "树根哈希必须为 32 字节")
        check_key_name(origin)
        checkpoint = cls(
            origin=origin,
            tree_size=int(size),
            root=root,
            extensions=tuple(extensions),
            signatures=signed.signatures,
        )
        if checkpoint.to_note() != note:  # pragma: no cover - parse is strict
            raise _bad("is not in canonical form", "不是规范格式")
        return checkpoint

    def verify(self, log_key: object) -> Checkpoint:
        """Check the log's signature; see :func:`verify_checkpoint`."""
        return verify_checkpoint(self, log_key=log_key)


def log_verifier(log_key: object, *, origin: str) -> NoteVerifier:
    """The note verifier for *log_key*.

    *log_key* is a verifier-key string (``<name>+<hex id>+<base64 key>``, whose
    name is used), or an Ed25519 key, public key, public JWK or
    ``publicKeyMultibase`` (then the key name is *origin*, as the log signs
    its checkpoints under its origin).
    """
    if isinstance(log_key, str) and "+" in log_key:
        return parse_verifier_key(log_key)
    return NoteVerifier.for_key(origin, log_key)


def verify_checkpoint(
    checkpoint: Checkpoint | str, *, log_key: object, origin: str | None = None
) -> Checkpoint:
    """Verify a checkpoint's signature by the log key; return the checkpoint.

    *checkpoint* is a :class:`Checkpoint` or its signed-note text. With
    *origin*, the checkpoint must name that origin. Raises
    :class:`~didkit_shebao.errors.InvalidSignatureError` when no valid
    signature by the log key is present.
    """
    with verification_boundary():
        cp = Checkpoint.from_note(checkpoint) if isinstance(checkpoint, str) else checkpoint
        if not isinstance(cp, Checkpoint):
            raise _bad("expected a Checkpoint or its note text", "需要 Checkpoint 或其笔记文本")
        if origin is not None and cp.origin != origin:
            raise InvalidSignatureError(
                "the checkpoint comes from another log (its origin differs)",
                "该检查点来自另一个日志（origin 不同）",
            )
        verifier = log_verifier(log_key, origin=cp.origin)
        SignedNote(text=cp.text(), signatures=cp.signatures).verify((verifier,))
        return cp
