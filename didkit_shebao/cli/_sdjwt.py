"""SD-JWT handlers for ``issue --format sd-jwt``, ``present`` and ``verify``.

``issue`` prints the SD-JWT with every Disclosure; ``present`` prints the
presentation; ``verify`` prints the disclosed claims as JSON. A W3C VCDM 2.0
credential (``@context`` + ``VerifiableCredential``) is secured as
``vc+sd-jwt``; any other JSON object becomes an SD-JWT VC (``dc+sd-jwt``,
``vct`` from ``--vct``) or a plain SD-JWT without ``--vct``.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import MalformedInputError, ShebaoError
from ..keys import Ed25519Key, P256Key
from ..sdjwt import (
    issue_sd_jwt,
    issue_vc_sd_jwt,
    parse_sd_jwt,
    present_sd_jwt,
    verify_sd_jwt,
    verify_vc_sd_jwt,
)
from ..sdjwt.vc import VC_CONTEXT_V2
from ._common import (
    emit_json,
    load_private_key,
    load_public_key,
    local_status_lists,
    read_json,
)

__all__ = ["issue", "present", "verify"]


def _is_w3c(claims: Any) -> bool:
    context = claims.get("@context") if isinstance(claims, dict) else None
    return isinstance(context, list) and bool(context) and context[0] == VC_CONTEXT_V2


def _holder_private(path: str) -> Ed25519Key | P256Key:
    key = load_private_key(path)
    if not isinstance(key, Ed25519Key | P256Key):  # pragma: no cover - load_private_key guards
        raise MalformedInputError("the holder key must be a private key", "持有者密钥必须是私钥")
    return key


def issue(args: argparse.Namespace, text: str) -> int:
    """``issue --format sd-jwt --key FILE [--holder FILE] --disclosable PTR … CLAIMS.json``."""
    claims = read_json(args.file)
    if not isinstance(claims, dict):
        raise MalformedInputError(
            "the claims file must hold a JSON object", "声明文件必须是 JSON 对象"
        )
    key = load_private_key(args.key)
    holder = load_public_key(args.holder) if args.holder else None
    if _is_w3c(claims):
        sd_jwt = issue_vc_sd_jwt(
            claims,
            key=key,
            disclosable=args.disclosable,
            holder_key=holder,
            kid=args.verification_method,
        )
    else:
        from ..did import did_key

        sd_jwt = issue_sd_jwt(
            claims,
            key=key,
            issuer=args.issuer or did_key(key),
            disclosable=args.disclosable,
            vct=args.vct,
            holder_key=holder,
            kid=args.verification_method,
        )
    print(sd_jwt)
    return 0


def present(args: argparse.Namespace, text: str) -> int:
    """``present [--holder-key FILE] --disclose PTR … [--nonce N --audience A] SDJWT_FILE``."""
    holder = _holder_private(args.holder_key) if args.holder_key else None
    print(
        present_sd_jwt(
            text.strip(),
            disclose=args.disclose,
            holder_key=holder,
            nonce=args.nonce,
            audience=args.audience,
        )
    )
    return 0


def verify(args: argparse.Namespace, text: str) -> int:
    """``verify [--nonce N --audience A] FILE``: prints the disclosed claims as JSON."""
    presentation = text.strip()
    issuer_key = load_public_key(args.issuer_key) if args.issuer_key else None
    verifier = verify_vc_sd_jwt if _is_w3c_token(presentation) else verify_sd_jwt
    result = verifier(
        presentation,
        nonce=args.nonce,
        audience=args.audience,
        require_key_binding=not args.no_key_binding,
        issuer_key=issuer_key,
        status=local_status_lists(args.status_list, as_json=False),
        check_status=not args.no_status_check,
    )
    emit_json(result.claims)
    return 0


def _is_w3c_token(presentation: str) -> bool:
    """A ``vc+sd-jwt`` without ``vct`` carries a W3C credential; else an SD-JWT (VC)."""
    from .._jws import parse_jws

    try:
        jws = parse_jws(parse_sd_jwt(presentation).jws)
    except ShebaoError:
        return False  # let the verifier report what is wrong
    return jws.header.get("typ") == "vc+sd-jwt" and "vct" not in jws.payload
