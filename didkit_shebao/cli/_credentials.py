"""``issue``, ``present`` and ``verify``: one entry point, a handler per format.

The format modules (``_vc`` for W3C Data Integrity credentials, ``_sdjwt``
for SD-JWT, ``_anchor`` for anchoring receipts) each provide handlers taking
``(args, text)``; ``verify`` recognises what a file holds.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from ..errors import MalformedInputError, UnsupportedError
from ._common import read_input

__all__ = ["detect_kind", "register"]

#: (action, format) -> (module relative to this package, handler name)
HANDLERS: dict[tuple[str, str], tuple[str, str]] = {
    ("issue", "di"): ("._vc", "issue"),
    ("issue", "sd-jwt"): ("._sdjwt", "issue"),
    ("present", "sd-jwt"): ("._sdjwt", "present"),
    ("verify", "di"): ("._vc", "verify"),
    ("verify", "sd-jwt"): ("._sdjwt", "verify"),
    ("verify", "receipt"): ("._anchor", "verify_receipt"),
}

_RECEIPT_HEADER = "c2sp.org/tlog-proof@v1"


def register(sub: Any) -> None:
    """Add ``issue``, ``present`` and ``verify``."""
    issue = sub.add_parser("issue", help="sign a credential / 签发凭证")
    issue.add_argument("--format", choices=("di", "sd-jwt"), default="di")
    issue.add_argument("--key", required=True, metavar="FILE", help="issuer key file")
    issue.add_argument("--issuer", metavar="DID", help="issuer DID (default: the key's did:key)")
    issue.add_argument(
        "--verification-method", metavar="DIDURL", help="default: <issuer did:key>#<key>"
    )
    issue.add_argument(
        "--cryptosuite",
        choices=("eddsa-jcs-2022", "eddsa-rdfc-2022", "shebao-sm2-jcs-2026"),
        help="default: eddsa-jcs-2022, or shebao-sm2-jcs-2026 for an SM2 key",
    )
    issue.add_argument("--holder", metavar="FILE", help="sd-jwt: holder key file for cnf")
    issue.add_argument(
        "--disclosable", action="append", default=[], metavar="PTR", help="sd-jwt: JSON Pointer"
    )
    issue.add_argument("--vct", help="sd-jwt: credential type (vct)")
    issue.add_argument("file", metavar="CREDENTIAL_FILE")
    issue.set_defaults(handler=lambda a: _dispatch("issue", a.format, a))

    present = sub.add_parser("present", help="present an SD-JWT selectively / 选择性出示")
    present.add_argument("--holder-key", metavar="FILE", help="holder key for key binding")
    present.add_argument("--disclose", action="append", default=[], metavar="PTR")
    present.add_argument("--nonce")
    present.add_argument("--audience")
    present.add_argument("file", metavar="SDJWT_FILE")
    present.set_defaults(handler=lambda a: _dispatch("present", "sd-jwt", a))

    verify = sub.add_parser(
        "verify", help="verify a credential, presentation, SD-JWT or receipt / 验证"
    )
    verify.add_argument("--nonce", help="sd-jwt: expected key-binding nonce")
    verify.add_argument("--audience", help="sd-jwt: expected key-binding audience")
    verify.add_argument("--challenge", help="presentation: expected challenge")
    verify.add_argument("--domain", help="presentation: expected domain")
    verify.add_argument(
        "--issuer-key", metavar="FILE", help="issuer public key (else from the DID)"
    )
    verify.add_argument(
        "--no-key-binding",
        action="store_true",
        help="sd-jwt: accept a presentation without KB-JWT",
    )
    verify.add_argument(
        "--status-list",
        action="append",
        default=[],
        metavar="URL=FILE",
        help="a local copy of a status list (credential or token) for URL",
    )
    verify.add_argument(
        "--no-status-check", action="store_true", help="skip revocation/suspension checks"
    )
    verify.add_argument("--log-key", metavar="KEY", help="receipt: the log's public key")
    verify.add_argument("--digest", metavar="HEX|FILE", help="receipt: the digest or the artifact")
    verify.add_argument("--ledger", metavar="SPEC", help="receipt: also check on this ledger")
    verify.add_argument("file", metavar="FILE")
    verify.set_defaults(handler=_verify)


def detect_kind(text: str) -> str:
    """What a file to verify holds: ``di``, ``sd-jwt`` or ``receipt``."""
    stripped = text.strip()
    if stripped.startswith(_RECEIPT_HEADER):
        return "receipt"
    if stripped.startswith("{"):
        # A JSON-serialized SD-JWT (RFC 9901 section 8) has "payload" and "signature".
        return "sd-jwt" if '"payload"' in stripped and '"signature"' in stripped else "di"
    if "~" in stripped:
        return "sd-jwt"
    raise MalformedInputError(
        "the file is neither a credential, a presentation, an SD-JWT nor a receipt",
        "该文件既不是凭证、出示，也不是 SD-JWT 或锚定回执",
    )


def _verify(args: argparse.Namespace) -> int:
    text = read_input(args.file)
    return _dispatch("verify", detect_kind(text), args, text)


def _dispatch(action: str, fmt: str, args: argparse.Namespace, text: str | None = None) -> int:
    module_name, handler_name = HANDLERS[(action, fmt)]
    try:
        module = importlib.import_module(module_name, __package__)
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}{module_name}":
            raise
        raise UnsupportedError(
            f"'{action}' for format {fmt} is not available in this version",
            f"此版本不支持格式 {fmt} 的 '{action}' 操作",
        ) from exc
    handler = getattr(module, handler_name)
    result: int = handler(args, read_input(args.file) if text is None else text)
    return result
