"""Per-digest receipts: ``c2sp.org/tlog-proof@v1`` text plus ledger anchors.

A receipt proves that one digest is an entry of an agency's log::

    c2sp.org/tlog-proof@v1
    extra <base64 of the RFC 8785 JSON {"anchors": [...], "format": "..."}>
    index <leaf index>
    <base64 audit-path hash>
    ...
    <blank line>
    <the signed checkpoint, verbatim>

The ``extra`` line is the format's slot for opaque, unauthenticated
application data; it carries the ledger references (:class:`LedgerRef`) of
the checkpoint's ``(root, tree size)``. Nothing in it is trusted: every anchor
must name exactly the signed checkpoint's root and size, and with a ledger
the anchor is looked up there.
"""

from __future__ import annotations

import binascii
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from .._encoding import canonical_json
from ..errors import (
    AnchorError,
    LedgerError,
    MalformedInputError,
    ShebaoError,
    verification_boundary,
)
from ..ledgers.base import AnchorStatus, Ledger, LedgerRef
from .checkpoint import Checkpoint, check_checkpoint
from .merkle import HASH_SIZE, MAX_PROOF_LENGTH, check_inclusion
from .note import b64std_decode, b64std_encode

__all__ = [
    "ANCHORS_FORMAT",
    "MAX_RECEIPT_BYTES",
    "TLOG_PROOF_HEADER",
    "Receipt",
    "VerifiedReceipt",
    "verify_receipt",
]

#: First line of every receipt (c2sp.org/tlog-proof).
TLOG_PROOF_HEADER: Final = "c2sp.org/tlog-proof@v1"
#: Marker of the anchor list carried in the ``extra`` line.
ANCHORS_FORMAT: Final = "didkit-shebao/anchors@v1"
#: Largest receipt text accepted, in bytes.
MAX_RECEIPT_BYTES: Final = 262_144
#: Most ledger anchors one receipt may carry.
MAX_ANCHORS: Final = 16

# The lines before the checkpoint. Each proof line is one canonical base64
# SHA-256 hash: 43 characters, the last carrying 2 zero bits (a multiple of 4
# in the alphabet), then "=".
_HEAD_RE: Final = re.compile(
    r"c2sp\.org/tlog-proof@v1\n"
    r"(?:extra ([A-Za-z0-9+/]*={0,2})\n)?"
    r"index (0|[1-9][0-9]{0,19})\n"
    rf"((?:[A-Za-z0-9+/]{{42}}[AEIMQUYcgkosw048]=\n){{0,{MAX_PROOF_LENGTH}}})"
)

_RANK: Final = {
    AnchorStatus.MISSING: 0,
    AnchorStatus.PENDING: 1,
    AnchorStatus.INCLUDED: 2,
    AnchorStatus.FINAL: 3,
}


def _bad(en: str, zh: str) -> MalformedInputError:
    return MalformedInputError(f"receipt: {en}", f"回执：{zh}")


@dataclass(frozen=True, slots=True)
class Receipt:
    """Proof that the digest at ``index`` is in the log, plus where it is anchored.

    The tree size and root are those of :attr:`checkpoint`; a receipt has no
    size or root of its own, so they cannot be mixed from two tree heads.
    """

    index: int
    proof: tuple[bytes, ...]
    checkpoint: Checkpoint
    anchors: tuple[LedgerRef, ...] = ()

    @classmethod
    def _batch(
        cls,
        start: int,
        proofs: Sequence[tuple[bytes, ...]],
        checkpoint: Checkpoint,
        anchors: tuple[LedgerRef, ...],
    ) -> list[Receipt]:
        """Receipts for consecutive indexes from *start*, built without per-field checks.

        Internal fast path for :meth:`Anchorer.flush`: a frozen dataclass's
        ``__init__`` costs about three times more than writing the slots
        through their descriptors, which matters at a million receipts.
        """
        new = object.__new__
        set_index = _SLOT_SETTERS["index"]
        set_proof = _SLOT_SETTERS["proof"]
        set_checkpoint = _SLOT_SETTERS["checkpoint"]
        set_anchors = _SLOT_SETTERS["anchors"]
        out: list[Receipt] = []
        append = out.append
        for index, proof in enumerate(proofs, start):
            r = new(cls)
            set_index(r, index)
            set_proof(r, proof)
            set_checkpoint(r, checkpoint)
            set_anchors(r, anchors)
            append(r)
        return out

    @property
    def tree_size(self) -> int:
        """The checkpoint's tree size."""
        return self.checkpoint.tree_size

    @property
    def root(self) -> bytes:
        """The checkpoint's root hash."""
        return self.checkpoint.root

    @property
    def origin(self) -> str:
        """The log's origin (from the checkpoint)."""
        return self.checkpoint.origin

    def to_text(self) -> str:
        """The ``c2sp.org/tlog-proof@v1`` text (``.tlog-proof`` file contents)."""
        lines = [TLOG_PROOF_HEADER]
        if self.anchors:
            extra = {
                "anchors": [a.to_json() for a in self.anchors],
                "format": ANCHORS_FORMAT,
            }
            lines.append("extra " + b64std_encode(canonical_json(extra)))
        lines.append(f"index {self.index}")
        lines.extend(b64std_encode(h) for h in self.proof)
        return "\n".join(lines) + "\n\n" + self.checkpoint.to_note()

    @classmethod
    def from_text(cls, text: str | bytes) -> Receipt:
        """Parse receipt text strictly; nothing is verified here."""
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _bad("is not UTF-8 text", "不是 UTF-8 文本") from exc
        if not isinstance(text, str):
            raise _bad("must be text", "必须是文本")
        if len(text) > MAX_RECEIPT_BYTES:
            raise _bad(
                f"is larger than {MAX_RECEIPT_BYTES} bytes", f"超过 {MAX_RECEIPT_BYTES} 字节"
            )
        split = text.find("\n\n")
        m = _HEAD_RE.fullmatch(text, 0, split + 1) if split >= 0 else None
        if m is None:
            raise _bad(
                f"is not {TLOG_PROOF_HEADER} text: expected the header line, an optional "
                "'extra <base64>' line, 'index N' (decimal, no leading zeroes), at most "
                f"{MAX_PROOF_LENGTH} lines of canonical base64 SHA-256 hashes, a blank line "
                "and the checkpoint",
                f"不是 {TLOG_PROOF_HEADER} 文本：应依次为标题行、可选的 'extra <base64>' 行、"
                f"'index N'（无前导零的十进制数）、至多 {MAX_PROOF_LENGTH} 行规范 base64 "
                "SHA-256 哈希、空行和检查点",
            )
        extra, index_text, block = m.groups()
        anchors = _parse_extra(extra) if extra is not None else ()
        a2b = binascii.a2b_base64
        proof = [a2b(block[i : i + 44]) for i in range(0, len(block), 45)]
        note = text[split + 2 :]
        checkpoint = _parse_checkpoint(note)
        return cls(
            index=int(index_text),
            proof=tuple(proof),
            checkpoint=checkpoint,
            anchors=anchors,
        )


_SLOT_SETTERS: Final = {
    name: Receipt.__dict__[name].__set__ for name in ("index", "proof", "checkpoint", "anchors")
}


def _unique_members(pairs: list[tuple[str, object]]) -> dict[str, object]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise _bad("the extra data repeats a JSON member", "extra 数据中有重复的 JSON 成员")
    return obj


def _no_constant(name: str) -> object:
    raise _bad(f"the extra data contains {name}", f"extra 数据含有 {name}")


_EXTRA_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_unique_members, parse_constant=_no_constant
)
_EXTRA_SCAN: Final[Callable[[str, int], tuple[Any, int]]] = _EXTRA_DECODER.scan_once  # type: ignore[attr-defined]


# All receipts of one flush share their checkpoint note and their extra line,
# so a verifier checking a batch parses them once. Both parsers are pure and
# return immutable values; nothing is verified here (signatures are checked
# on every verify_receipt call).
@lru_cache(maxsize=128)
def _parse_checkpoint(note: str) -> Checkpoint:
    return Checkpoint.from_note(note)


@lru_cache(maxsize=128)
def _parse_extra(b64: str) -> tuple[LedgerRef, ...]:
    raw = b64std_decode(b64, "the extra data")
    try:
        text = raw.decode("utf-8")
        # The C scanner directly (decode() adds two regex matches around it);
        # anything but one whole JSON value goes through decode() for its error.
        try:
            data, end = _EXTRA_SCAN(text, 0)
        except StopIteration:
            end = -1
        if end != len(text):
            data = _EXTRA_DECODER.decode(text)
    except MalformedInputError:
        raise
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError
        raise _bad("the extra data is not JSON", "extra 数据不是 JSON") from exc
    if (
        not isinstance(data, dict)
        or data.get("format") != ANCHORS_FORMAT
        or set(data) != {"anchors", "format"}
        or not isinstance(data["anchors"], list)
        or len(data["anchors"]) > MAX_ANCHORS
    ):
        raise _bad(
            f"the extra data must be a {ANCHORS_FORMAT} anchor list",
            f"extra 数据必须是 {ANCHORS_FORMAT} 锚定列表",
        )
    return tuple(LedgerRef.from_json(a) for a in data["anchors"])


@dataclass(frozen=True, slots=True)
class VerifiedReceipt:
    """What :func:`verify_receipt` established.

    ``anchor`` / ``anchor_status`` are the ledger reference that was checked
    and its status, when a ledger was given (``None`` offline).
    """

    origin: str
    index: int
    tree_size: int
    root: bytes
    leaf_hash: bytes
    checkpoint: Checkpoint
    anchors: tuple[LedgerRef, ...]
    anchor: LedgerRef | None = None
    anchor_status: AnchorStatus | None = None


def verify_receipt(
    receipt: Receipt | str | bytes,
    digest: bytes,
    *,
    log_key: object,
    ledger: Ledger | None = None,
    origin: str | None = None,
    min_status: AnchorStatus = AnchorStatus.INCLUDED,
) -> VerifiedReceipt:
    """Verify that *digest* is in the log, as *receipt* claims.

    Offline: the checkpoint's signature by *log_key* (a key, public key,
    public JWK, ``publicKeyMultibase`` or C2SP verifier-key string), then the
    inclusion proof of *digest* at the receipt's index against the
    checkpoint's size and root (both only from that signed checkpoint). Every
    anchor the receipt carries must name that same root and size.

    With *ledger*: the root and size must be on it, at *min_status* or better
    (default INCLUDED: in a block; FINAL also needs finality). Both the
    receipt's anchors for this ledger and the ledger's own record of the root
    are checked, and the best status counts. With *origin*: the checkpoint
    must come from that log.

    Raises :class:`~didkit_shebao.errors.InvalidSignatureError`,
    :class:`~didkit_shebao.errors.InclusionProofError`,
    :class:`~didkit_shebao.errors.AnchorError` or another
    :class:`~didkit_shebao.errors.VerificationError`.
    """
    with verification_boundary():
        r = Receipt.from_text(receipt) if isinstance(receipt, str | bytes) else receipt
        if not isinstance(r, Receipt):
            raise _bad("expected a Receipt or its text", "需要 Receipt 或其文本")
        if type(digest) is not bytes or len(digest) != HASH_SIZE:
            raise MalformedInputError(
                "the digest must be 32 bytes (SHA-256 of the signed artifact)",
                "摘要必须为 32 字节（已签名制品的 SHA-256）",
            )
        if min_status is AnchorStatus.MISSING or not isinstance(min_status, AnchorStatus):
            raise MalformedInputError(
                "min_status must be PENDING, INCLUDED or FINAL",
                "min_status 必须是 PENDING、INCLUDED 或 FINAL",
            )
        cp = check_checkpoint(r.checkpoint, log_key=log_key, origin=origin)
        leaf = check_inclusion(digest, r.index, cp.tree_size, r.proof, cp.root)
        for ref in r.anchors:
            if ref.root != cp.root or ref.tree_size != cp.tree_size:
                raise AnchorError(
                    "a ledger anchor in the receipt names another root or tree size than "
                    "the signed checkpoint",
                    "回执中的账本锚定记录与已签名检查点的树根或树大小不符",
                )
        anchor, status = (
            (None, None) if ledger is None else _check_ledger(r, cp, ledger, min_status)
        )
        return VerifiedReceipt(
            origin=cp.origin,
            index=r.index,
            tree_size=cp.tree_size,
            root=cp.root,
            leaf_hash=leaf,
            checkpoint=cp,
            anchors=r.anchors,
            anchor=anchor,
            anchor_status=status,
        )


def _check_ledger(
    r: Receipt, cp: Checkpoint, ledger: Ledger, min_status: AnchorStatus
) -> tuple[LedgerRef, AnchorStatus]:
    try:
        ledger_id = ledger.ledger_id
        candidates: list[LedgerRef] = [a for a in r.anchors if a.ledger == ledger_id]
        # The receipt's anchors are unauthenticated hints: the ledger is asked
        # for the root as well, so what counts is what the ledger holds now.
        found = ledger.lookup(cp.root)
        if (
            found is not None
            and found.root == cp.root
            and found.tree_size == cp.tree_size
            and found not in candidates
        ):
            candidates.append(found)
        best: tuple[LedgerRef, AnchorStatus] | None = None
        for ref in candidates:
            status = ledger.status(ref)
            if best is None or _RANK[status] > _RANK[best[1]]:
                best = (ref, status)
    except LedgerError as exc:
        raise AnchorError(
            f"the ledger could not be read ({exc.code}); retry later",
            f"无法读取账本（{exc.code}）；请稍后重试",
            code=exc.code,
        ) from exc
    except ShebaoError:
        raise
    except Exception as exc:  # a caller-supplied ledger misbehaved: fail closed
        raise AnchorError(
            f"the ledger could not be read ({type(exc).__name__}); pass a Ledger "
            "(MemoryLedger, SQLiteLedger, EVMLedger) as ledger=",
            f"无法读取账本（{type(exc).__name__}）；请以 ledger= 传入 Ledger"
            "（MemoryLedger、SQLiteLedger、EVMLedger）",
        ) from exc
    if best is None:
        raise AnchorError(
            f"the checkpoint's root is not anchored on ledger {ledger_id}",
            f"检查点的树根未锚定在账本 {ledger_id} 上",
        )
    ref, status = best
    if _RANK[status] < _RANK[min_status]:
        if status is AnchorStatus.MISSING:
            raise AnchorError(
                "the anchor is missing from the ledger: never written, forged, or dropped by "
                "a reorganisation",
                "账本上没有该锚定记录：从未写入、被伪造，或因链重组被丢弃",
            )
        raise AnchorError(
            f"the anchor is {status.value} on the ledger; it must be at least "
            f"{min_status.value}; retry later",
            f"该锚定记录在账本上的状态为 {status.value}，至少需要 {min_status.value}；请稍后重试",
        )
    return ref, status
