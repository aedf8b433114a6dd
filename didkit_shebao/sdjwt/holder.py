"""Presenting an SD-JWT: choosing Disclosures and adding a Key Binding JWT.

RFC 9901 section 7.2: the holder first checks what it received (the issuer's
signature and every Disclosure), then releases only the Disclosures it
chooses, plus those of the parents they need, then signs a KB-JWT over the
exact SD-JWT it sends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from .._jws import sign_jws
from .._time import resolve_now
from ..errors import KeyBindingError, MalformedInputError
from ..keys import DEFAULT_ALGORITHMS, Ed25519Key, P256Key, PublicKey
from ._pointer import Path, array_index, format_pointer, parse_pointers
from .disclosure import digest
from .serialization import parse_sd_jwt, sd_jwt_to_json
from .verifier import _holder_key, process_sd_jwt

__all__ = ["present_sd_jwt", "select_paths"]


def _to_path(claims: Any, tokens: tuple[str, ...]) -> Path:
    pointer = format_pointer(tokens)
    node: Any = claims
    path: list[str | int] = []
    for token in tokens:
        if isinstance(node, dict):
            if token not in node:
                raise MalformedInputError(
                    f"pointer {pointer!r} names no claim in this credential",
                    f"指针 {pointer!r} 未指向该凭证中的任何声明",
                )
            node = node[token]
            path.append(token)
        elif isinstance(node, list):
            idx = array_index(token, len(node), pointer)
            node = node[idx]
            path.append(idx)
        else:
            raise MalformedInputError(
                f"pointer {pointer!r} goes below a value that is neither object nor array",
                f"指针 {pointer!r} 指向了非对象、非数组值的内部",
            )
    return tuple(path)


def select_paths(claims: Any, disclosed: Iterable[Path], pointers: Iterable[str]) -> set[int]:
    """Indices into *disclosed* needed to reveal *pointers*.

    A pointer reveals its whole subtree and needs every disclosable parent on
    its way from the root (RFC 9901 section 4.2.6).
    """
    targets = [_to_path(claims, t) for t in parse_pointers(pointers)]
    chosen: set[int] = set()
    for i, p in enumerate(disclosed):
        n = len(p)
        for t in targets:
            m = len(t)
            if (n <= m and t[:n] == p) or (n > m and p[:m] == t):
                chosen.add(i)
                break
    return chosen


def present_sd_jwt(
    sd_jwt: str | Mapping[str, Any],
    *,
    disclose: Iterable[str],
    holder_key: Ed25519Key | P256Key | None = None,
    nonce: str | None = None,
    audience: str | None = None,
    issuer_key: object | None = None,
    resolver: Any = None,
    now: datetime | None = None,
    algorithms: Mapping[str, type[PublicKey]] = DEFAULT_ALGORITHMS,
) -> str:
    """Build a presentation revealing only the claims named by *disclose*.

    Args:
        sd_jwt: the SD-JWT as issued (compact or JWS JSON), with every Disclosure.
        disclose: JSON Pointers into the credential's claims, e.g.
            ``["/age_over_60", "/insurances/0/status"]``. Each brings the
            Disclosures of its disclosable parents; ``[]`` reveals nothing.
        holder_key: the key named in ``cnf.jwk``; adds a KB-JWT (EdDSA or ES256).
        nonce / audience: the verifier's challenge and identifier (required
            with *holder_key*).
        issuer_key: the issuer's public key, needed when ``iss`` is not a DID;
            the issuer signature is checked before anything is presented.
        resolver: resolves the issuer DID (default: offline did:key / did:jwk).
        now: the KB-JWT's ``iat`` (default: the clock).

    Returns:
        ``<JWT>~<selected Disclosures>~[<KB-JWT>]`` in the input's serialization.
    """
    parts = parse_sd_jwt(sd_jwt)
    if parts.kb_jwt is not None:
        raise MalformedInputError(
            "this is already a presentation (it ends with a KB-JWT); start from the SD-JWT as issued",
            "这已经是一个出示（以 KB-JWT 结尾）；请从签发时的 SD-JWT 开始",
        )
    processed = process_sd_jwt(
        sd_jwt,
        issuer_key=issuer_key,
        resolver=resolver,
        algorithms=algorithms,
        mode="sd-jwt",
    )
    chosen = select_paths(processed.claims, processed.disclosed, disclose)
    wanted = {processed.disclosed_digests[i] for i in chosen}
    selected = [d for d in parts.disclosures if digest(d) in wanted]
    compact = parts.jws + "~" + "".join(d + "~" for d in selected)

    if holder_key is None:
        if nonce is not None or audience is not None:
            raise MalformedInputError(
                "nonce and audience go into a key-binding JWT; pass holder_key= as well",
                "nonce 与 audience 用于密钥绑定 JWT；请同时传入 holder_key=",
            )
    else:
        if not isinstance(holder_key, Ed25519Key | P256Key):
            raise MalformedInputError(
                "holder_key must be the holder's private Ed25519Key or P256Key",
                "holder_key 必须是持有者的 Ed25519Key 或 P256Key 私钥",
            )
        if (
            not isinstance(nonce, str)
            or not nonce
            or not isinstance(audience, str)
            or not audience
        ):
            raise MalformedInputError(
                "a key-binding JWT needs the verifier's nonce= and audience= (non-empty strings)",
                "密钥绑定 JWT 需要验证方的 nonce= 与 audience=（非空字符串）",
            )
        bound, _ = _holder_key(processed.claims)
        if bound != holder_key.public_key:
            raise KeyBindingError(
                "holder_key is not the key this credential is bound to (cnf.jwk)",
                "holder_key 不是该凭证绑定的密钥（cnf.jwk）",
            )
        kb_payload = {
            "iat": int(resolve_now(now).timestamp()),
            "aud": audience,
            "nonce": nonce,
            "sd_hash": digest(compact),
        }
        compact += sign_jws({"typ": "kb+jwt"}, kb_payload, holder_key)
    if parts.serialization == "json":
        return sd_jwt_to_json(compact)
    return compact
