"""Errors raised by didkit_shebao.

Everything the library raises on purpose derives from :class:`ShebaoError`.
Each class has a stable machine-readable ``code``; each instance carries an
English message (``str(err)``) and a Chinese one (``err.message_zh``) that say
what is wrong and how to fix it. Messages never contain key material or
undisclosed claim values.

The tree::

    ShebaoError
    ├── MalformedInputError (ValueError)
    │   ├── NonCanonicalEncodingError
    │   ├── InputTooLargeError
    │   └── InvalidDIDError                      code "invalidDid"
    ├── UnsupportedError
    │   └── DIDMethodNotSupportedError           code "methodNotSupported"
    ├── SchemaValidationError (ValueError)
    ├── ResolutionError
    │   └── DIDNotFoundError                     code "notFound"
    ├── KeyStoreError
    │   └── WrongPassphraseError
    ├── AnchorStoreError
    ├── StatusListError                          code "status_list_error"
    ├── VerificationError
    │   ├── InvalidSignatureError
    │   ├── ProofError                  (purpose, method, domain, challenge)
    │   ├── IssuerMismatchError
    │   ├── UntrustedIssuerError
    │   ├── ExpiredError
    │   ├── NotYetValidError
    │   ├── DisclosureError
    │   ├── KeyBindingError
    │   ├── ReplayError
    │   ├── StatusError
    │   │   ├── RevokedError                     code "revoked"
    │   │   ├── SuspendedError                   code "suspended"
    │   │   └── StatusUnavailableError           code "status_unavailable"
    │   ├── InclusionProofError
    │   ├── ConsistencyProofError
    │   ├── AnchorError
    │   ├── MalformedVerificationInputError (MalformedInputError)
    │   ├── UnsupportedVerificationInputError (UnsupportedError)
    │   └── ResolutionVerificationError (ResolutionError)
    └── LedgerError
        ├── LedgerUnavailableError
        ├── LedgerConflictError
        └── AnchorNotFoundError

Anything a ``verify_*`` call raises is a :class:`VerificationError`: malformed,
unsupported or unresolvable input met while verifying is re-raised by
:func:`verification_boundary` as one of the three classes that inherit from
both sides, keeping the original ``code`` and messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, ClassVar, Final

__all__ = [
    "AnchorError",
    "AnchorNotFoundError",
    "AnchorStoreError",
    "ConsistencyProofError",
    "DIDMethodNotSupportedError",
    "DIDNotFoundError",
    "DisclosureError",
    "ExpiredError",
    "InclusionProofError",
    "InputTooLargeError",
    "InvalidDIDError",
    "InvalidSignatureError",
    "IssuerMismatchError",
    "KeyBindingError",
    "KeyStoreError",
    "LedgerConflictError",
    "LedgerError",
    "LedgerUnavailableError",
    "MalformedInputError",
    "MalformedVerificationInputError",
    "NonCanonicalEncodingError",
    "NotYetValidError",
    "ProofError",
    "ReplayError",
    "ResolutionError",
    "ResolutionVerificationError",
    "RevokedError",
    "SchemaValidationError",
    "ShebaoError",
    "StatusError",
    "StatusListError",
    "StatusUnavailableError",
    "SuspendedError",
    "UnsupportedError",
    "UnsupportedVerificationInputError",
    "UntrustedIssuerError",
    "VerificationError",
    "WrongPassphraseError",
    "verification_boundary",
]


class ShebaoError(Exception):
    """Root of every error the library raises on purpose.

    Args:
        message: English text: what is wrong, then what to do.
        message_zh: the same in Chinese.
        details: optional machine-readable context (never secrets).
        code: overrides the class ``code`` (used when re-raising).
    """

    code: ClassVar[str] = "shebao_error"
    default_message: ClassVar[str] = "didkit_shebao failed"
    default_message_zh: ClassVar[str] = "didkit_shebao 处理失败"

    def __init__(
        self,
        message: str | None = None,
        message_zh: str | None = None,
        *,
        details: Mapping[str, Any] | None = None,
        code: str | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.message_zh = message_zh or self.default_message_zh
        self.details: Mapping[str, Any] = dict(details or {})
        if code is not None:
            # Instance attribute shadows the class constant on purpose.
            self.code = code  # type: ignore[misc]
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


# -- input shape -----------------------------------------------------------


class MalformedInputError(ShebaoError, ValueError):
    """Input that does not have the shape the standard requires."""

    code = "malformed_input"
    default_message = "the input is malformed; check it against the standard it claims to follow"
    default_message_zh = "输入格式错误；请对照其所遵循的标准检查"


class NonCanonicalEncodingError(MalformedInputError):
    """An encoding that decodes but is not the one canonical form."""

    code = "non_canonical_encoding"
    default_message = "the value is not canonically encoded; re-encode it with this library"
    default_message_zh = "编码不规范；请用本库重新编码"


class InputTooLargeError(MalformedInputError):
    """Input over a size, count or nesting limit."""

    code = "input_too_large"
    default_message = "the input exceeds a size limit; send a smaller document"
    default_message_zh = "输入超过大小限制；请提供更小的文档"


class InvalidDIDError(MalformedInputError):
    """A DID that does not follow DID syntax or its method's rules."""

    code = "invalidDid"
    default_message = "the DID is not valid; check its syntax (did:<method>:<id>)"
    default_message_zh = "DID 无效；请检查其语法（did:<方法>:<标识>）"


class UnsupportedError(ShebaoError):
    """An algorithm, cryptosuite, key type or method outside the allow-list."""

    code = "unsupported"
    default_message = "this algorithm or format is not supported"
    default_message_zh = "不支持该算法或格式"


class DIDMethodNotSupportedError(UnsupportedError):
    """A DID method the resolver has no handler for."""

    code = "methodNotSupported"
    default_message = "the DID method is not supported; use did:key, did:jwk or did:web"
    default_message_zh = "不支持该 DID 方法；请使用 did:key、did:jwk 或 did:web"


class SchemaValidationError(ShebaoError, ValueError):
    """A document that fails its JSON Schema."""

    code = "schema_invalid"
    default_message = "the document does not match its JSON Schema"
    default_message_zh = "文档不符合其 JSON Schema"


class ResolutionError(ShebaoError):
    """A DID or document that could not be resolved."""

    code = "resolution_failed"
    default_message = "the DID could not be resolved; check the DID and the fetcher"
    default_message_zh = "无法解析该 DID；请检查 DID 与获取函数"


class DIDNotFoundError(ResolutionError):
    """The DID document does not exist (DID Resolution ``notFound``)."""

    code = "notFound"
    default_message = "the DID document was not found"
    default_message_zh = "未找到 DID 文档"


class KeyStoreError(ShebaoError):
    """A key file that cannot be read."""

    code = "keystore_error"
    default_message = "the key file cannot be read; check the path and that it is a key file"
    default_message_zh = "无法读取密钥文件；请检查路径及文件类型"


class WrongPassphraseError(KeyStoreError):
    """The passphrase does not open the key file (or the file was altered)."""

    code = "wrong_passphrase"
    default_message = "the passphrase does not open this key file, or the file was altered"
    default_message_zh = "口令无法打开此密钥文件，或文件已被篡改"


class AnchorStoreError(ShebaoError):
    """An anchorer's store file that cannot be used (damaged, or another log's)."""

    code = "anchor_store_error"
    default_message = "the anchor store cannot be used; check the file"
    default_message_zh = "无法使用锚定存储；请检查该文件"


class StatusListError(ShebaoError):
    """An issuer-side status-list operation that is not allowed.

    A full list, an index that was never allocated, or a status change the
    purpose forbids (a revocation is never undone).
    """

    code = "status_list_error"
    default_message = "the status list operation is not allowed"
    default_message_zh = "不允许此状态列表操作"


# -- verification ----------------------------------------------------------


class VerificationError(ShebaoError):
    """Base of everything a ``verify_*`` call raises."""

    code = "verification_failed"
    default_message = "verification failed"
    default_message_zh = "验证失败"


class InvalidSignatureError(VerificationError):
    """A signature that does not verify, whatever the cause."""

    code = "invalid_signature"
    default_message = (
        "the signature does not verify: the data was altered or signed by another key"
    )
    default_message_zh = "签名验证失败：数据已被修改或由其他密钥签名"


class ProofError(VerificationError):
    """A proof whose purpose, method, domain, challenge or timing is wrong."""

    code = "proof_invalid"
    default_message = "the proof does not meet the verifier's requirements"
    default_message_zh = "证明不满足验证方要求"


class IssuerMismatchError(VerificationError):
    """The signer does not control the issuer identifier the document claims."""

    code = "issuer_mismatch"
    default_message = "the credential was signed by a key its issuer does not control"
    default_message_zh = "凭证签名密钥不属于其声明的签发方"


class UntrustedIssuerError(VerificationError):
    """An issuer outside the verifier's trust."""

    code = "untrusted_issuer"
    default_message = "the issuer is not trusted for this credential"
    default_message_zh = "签发方不受信任"


class ExpiredError(VerificationError):
    """Past its validity window."""

    code = "expired"
    default_message = "the credential or proof has expired"
    default_message_zh = "凭证或证明已过期"


class NotYetValidError(VerificationError):
    """Before its validity window."""

    code = "not_yet_valid"
    default_message = "the credential or proof is not valid yet"
    default_message_zh = "凭证或证明尚未生效"


class DisclosureError(VerificationError):
    """An SD-JWT disclosure that is missing, stray, repeated or malformed."""

    code = "disclosure_invalid"
    default_message = "the selective disclosures do not match the signed digests"
    default_message_zh = "选择性披露内容与签名摘要不符"


class KeyBindingError(VerificationError):
    """A key-binding JWT that is missing or does not bind this presentation."""

    code = "key_binding_invalid"
    default_message = "the key binding is missing or wrong"
    default_message_zh = "持有者密钥绑定缺失或错误"


class ReplayError(VerificationError):
    """A nonce used before, or unknown to the verifier."""

    code = "replay"
    default_message = "the nonce was already used or was never issued; request a new one"
    default_message_zh = "随机数已被使用或并非本验证方签发；请重新获取"


class StatusError(VerificationError):
    """A credential status check that did not pass."""

    code = "status_invalid"
    default_message = "the credential status check failed"
    default_message_zh = "凭证状态检查未通过"


class RevokedError(StatusError):
    """The credential has been revoked."""

    code = "revoked"
    default_message = "the credential has been revoked"
    default_message_zh = "凭证已被撤销"


class SuspendedError(StatusError):
    """The credential is suspended."""

    code = "suspended"
    default_message = "the credential is suspended"
    default_message_zh = "凭证已被暂停"


class StatusUnavailableError(StatusError):
    """The status list could not be obtained or verified: fail closed."""

    code = "status_unavailable"
    default_message = "the status list could not be fetched or verified; try again later"
    default_message_zh = "无法获取或验证状态列表；请稍后重试"


class InclusionProofError(VerificationError):
    """A Merkle inclusion proof that does not lead to the root."""

    code = "inclusion_proof_invalid"
    default_message = "the inclusion proof does not match the tree root"
    default_message_zh = "包含性证明与树根不符"


class ConsistencyProofError(VerificationError):
    """A Merkle consistency proof that does not connect the two roots."""

    code = "consistency_proof_invalid"
    default_message = "the consistency proof does not connect the two tree roots"
    default_message_zh = "一致性证明无法连接两个树根"


class AnchorError(VerificationError):
    """An anchor that is missing from, or differs on, the ledger."""

    code = "anchor_invalid"
    default_message = "the anchor was not found on the ledger"
    default_message_zh = "账本上未找到该锚定记录"


class MalformedVerificationInputError(MalformedInputError, VerificationError):
    """Malformed input found while verifying."""


class UnsupportedVerificationInputError(UnsupportedError, VerificationError):
    """Unsupported algorithm or format found while verifying."""


class ResolutionVerificationError(ResolutionError, VerificationError):
    """A DID that could not be resolved while verifying."""


# -- ledgers ---------------------------------------------------------------


class LedgerError(ShebaoError):
    """A ledger backend failure."""

    code = "ledger_error"
    default_message = "the ledger operation failed"
    default_message_zh = "账本操作失败"


class LedgerUnavailableError(LedgerError):
    """The ledger cannot be reached now; retry later, nothing is lost."""

    code = "ledger_unavailable"
    default_message = "the ledger is unavailable; queued digests are kept, retry later"
    default_message_zh = "账本不可用；待锚定摘要已保留，请稍后重试"


class LedgerConflictError(LedgerError):
    """A shrinking tree or a root anchored twice."""

    code = "ledger_conflict"
    default_message = "the ledger refused the anchor: the tree shrank or the root is already there"
    default_message_zh = "账本拒绝锚定：树变小或该树根已存在"


class AnchorNotFoundError(LedgerError):
    """No anchor matches the reference."""

    code = "anchor_not_found"
    default_message = "no anchor matches this reference"
    default_message_zh = "没有与该引用匹配的锚定记录"


_BRIDGES: tuple[tuple[type[ShebaoError], type[VerificationError]], ...] = (
    (MalformedInputError, MalformedVerificationInputError),
    (UnsupportedError, UnsupportedVerificationInputError),
    (ResolutionError, ResolutionVerificationError),
)


def as_verification_error(err: ShebaoError) -> VerificationError:
    """Return *err* as a :class:`VerificationError`, keeping code and messages."""
    if isinstance(err, VerificationError):
        return err
    for source, target in _BRIDGES:
        if isinstance(err, source):
            return target(err.message, err.message_zh, details=err.details, code=err.code)
    return VerificationError(err.message, err.message_zh, details=err.details, code=err.code)


class _VerificationBoundary:
    """The context manager behind :func:`verification_boundary` (stateless, so shared)."""

    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None or isinstance(exc, VerificationError) or not isinstance(exc, ShebaoError):
            return None  # nothing raised, or re-raised unchanged
        raise as_verification_error(exc) from exc


_BOUNDARY: Final = _VerificationBoundary()


def verification_boundary() -> AbstractContextManager[None]:
    """Re-raise any non-verification :class:`ShebaoError` as a verification one.

    Used around the body of every public ``verify_*`` function so that callers
    catching :class:`VerificationError` see everything, malformed input included.
    (A plain class rather than ``@contextmanager``: this wraps every verification,
    and a generator-based context manager costs several times more per call.)
    """
    return _BOUNDARY
