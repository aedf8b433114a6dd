"""CLI handlers for W3C credentials with Data Integrity proofs (format ``di``).

``issue --key FILE CREDENTIAL.json`` signs the credential (verification
method: the key's did:key URL ``did:key:z…#z…``; ``issuer`` filled in with
that DID when absent) and prints it. ``verify FILE`` verifies a credential, or
a presentation when the file holds one (then ``--challenge`` and ``--domain``
are required), and prints what was verified.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .._encoding import parse_json
from ..did import did_key
from ..errors import MalformedInputError, UnsupportedError
from ..keys import Ed25519Key, SM2Key
from ..vc import issue_credential, sm2_suite, verify_credential, verify_presentation
from ..vc.model import ProofDetails, VerifiedCredential
from ._common import emit_json, load_private_key, local_status_lists

__all__ = ["issue", "verify"]


def issue(args: argparse.Namespace, text: str) -> int:
    """Sign the credential in *text* and print the signed credential."""
    key = load_private_key(args.key)
    if not isinstance(key, Ed25519Key | SM2Key):
        raise UnsupportedError(
            "Data Integrity credentials are signed with Ed25519 or SM2 keys; "
            "generate one with: key generate --type ed25519 (or sm2)",
            "Data Integrity 凭证须使用 Ed25519 或 SM2 密钥签名；"
            "请用 key generate --type ed25519（或 sm2）生成",
        )
    credential = parse_json(text, what=args.file)
    if not isinstance(credential, dict):
        raise MalformedInputError(
            f"{args.file} must hold a JSON object", f"{args.file} 必须包含一个 JSON 对象"
        )
    did = did_key(key)
    issuer = getattr(args, "issuer", None)
    if "issuer" not in credential:
        credential["issuer"] = issuer or did
    vm = getattr(args, "verification_method", None) or f"{did}#{key.public_multibase}"
    signed = issue_credential(
        credential,
        key=key,
        verification_method=vm,
        cryptosuite=getattr(args, "cryptosuite", None)
        or (sm2_suite.NAME if isinstance(key, SM2Key) else "eddsa-jcs-2022"),
    )
    emit_json(signed)
    return 0


def _proof_summary(proof: ProofDetails) -> dict[str, Any]:
    out: dict[str, Any] = {
        "cryptosuite": proof.cryptosuite,
        "verificationMethod": proof.verification_method,
        "proofPurpose": proof.proof_purpose,
    }
    if proof.created is not None:
        out["created"] = proof.created.isoformat()
    return out


def _credential_summary(vc: VerifiedCredential) -> dict[str, Any]:
    out: dict[str, Any] = {
        "issuer": vc.issuer,
        "type": list(vc.types),
        "credentialSubject": [_thaw(s) for s in vc.subjects],
        "proof": _proof_summary(vc.proof),
    }
    if vc.id is not None:
        out["id"] = vc.id
    for name, value in (("validFrom", vc.valid_from), ("validUntil", vc.valid_until)):
        if isinstance(value, datetime):
            out[name] = value.isoformat()
    if vc.schemas:
        out["credentialSchema"] = list(vc.schemas)
    if vc.status:
        out["status"] = [repr(s) for s in vc.status]
    return out


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_thaw(v) for v in value]
    return value


def verify(args: argparse.Namespace, text: str) -> int:
    """Verify the credential or presentation in *text* and print a summary."""
    document = parse_json(text, what=args.file)
    check_status = not getattr(args, "no_status_check", False)
    status = local_status_lists(getattr(args, "status_list", None) or [], as_json=True)
    types = document.get("type") if isinstance(document, dict) else None
    if types == "VerifiablePresentation" or (
        isinstance(types, list) and "VerifiablePresentation" in types
    ):
        if not args.challenge or not args.domain:
            raise MalformedInputError(
                "verifying a presentation needs --challenge and --domain",
                "验证可验证展示需要 --challenge 与 --domain",
            )
        vp = verify_presentation(
            document,
            challenge=args.challenge,
            domain=args.domain,
            status=status,
            check_status=check_status,
        )
        emit_json(
            {
                "verified": "presentation",
                "holder": vp.holder,
                "proof": _proof_summary(vp.proof),
                "credentials": [_credential_summary(c) for c in vp.credentials],
            }
        )
        return 0
    vc = verify_credential(document, status=status, check_status=check_status)
    emit_json({"verified": "credential", **_credential_summary(vc)})
    return 0
