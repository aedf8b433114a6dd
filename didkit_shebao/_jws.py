"""Compact JWS (RFC 7515) signing and strict parsing, shared by SD-JWT and status tokens.

Internal module. Parsing checks structure only; :func:`verify_jws` checks the
algorithm against an allow-list and the signature over the exact bytes that
were received (never a re-serialization).

``alg`` ``SM2`` (an SM2Key's) is the name the BID platform writes; it is not
IANA-registered. Its signature is raw ``r ‖ s`` (64 bytes) over the JWS signing
input with the default distinguishing ID. Verifiers accept it only when the
caller passes an allow-list that has it (``keys.ALGORITHMS_WITH_SM2``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from ._encoding import b64url_decode, b64url_encode, dumps_compact, parse_json
from ._masking import masked_repr
from .errors import InputTooLargeError, MalformedInputError, UnsupportedError
from .keys import DEFAULT_ALGORITHMS, PrivateKey, PublicKey, public_key_for_algorithm

__all__ = ["MAX_JWS_BYTES", "ParsedJWS", "parse_jws", "sign_jws", "verify_jws"]

#: Cap on one compact JWS (header + payload + signature), in characters.
MAX_JWS_BYTES: Final = 262_144


@dataclass(frozen=True, slots=True, repr=False)
class ParsedJWS:
    """A compact JWS split into its parts; ``signing_input`` is what was signed.

    The repr names the payload's claims without their values.
    """

    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes

    def __repr__(self) -> str:
        return masked_repr(
            self, shown=("header",), names=("payload",), hidden=("signing_input", "signature")
        )


def sign_jws(header: Mapping[str, Any], payload: Mapping[str, Any], key: PrivateKey) -> str:
    """Sign *payload* as a compact JWS; ``alg`` is set from the key."""
    if not isinstance(key, PrivateKey):
        raise MalformedInputError(
            "the signing key must be an Ed25519Key, P256Key or SM2Key",
            "签名密钥必须是 Ed25519Key、P256Key 或 SM2Key",
        )
    full_header = {"alg": key.alg, **header}
    if full_header["alg"] != key.alg:
        raise UnsupportedError(
            f"header alg {full_header['alg']!r} does not match the {key.alg} key",
            f"头部 alg {full_header['alg']!r} 与 {key.alg} 密钥不匹配",
        )
    try:
        h = b64url_encode(dumps_compact(full_header).encode("utf-8"))
        p = b64url_encode(dumps_compact(dict(payload)).encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise MalformedInputError(
            "the JWT holds a lone surrogate, which is not valid Unicode text; fix the text",
            "JWT 含有孤立代理项，不是有效的 Unicode 文本；请修正该文本",
        ) from exc
    signing_input = f"{h}.{p}".encode("ascii")
    return f"{h}.{p}.{b64url_encode(key.sign(signing_input))}"


@lru_cache(maxsize=64)
def _labels(what: str) -> tuple[str, str, str]:
    """The names of a JWS's parts in error messages (formatted once per kind of token)."""
    return f"{what} header", f"{what} payload", f"{what} signature"


def parse_jws(token: str, *, what: str = "JWT") -> ParsedJWS:
    """Split and decode a compact JWS whose payload is a JSON object."""
    if type(token) is not str:
        raise MalformedInputError(f"{what} must be a string", f"{what} 必须是字符串")
    if len(token) > MAX_JWS_BYTES:
        raise InputTooLargeError(
            f"{what} is longer than {MAX_JWS_BYTES} characters",
            f"{what} 超过 {MAX_JWS_BYTES} 个字符",
        )
    parts = token.split(".")
    if len(parts) != 3:
        raise MalformedInputError(
            f"{what} must have three dot-separated parts (compact JWS)",
            f"{what} 必须由三段以点分隔的部分组成（紧凑 JWS）",
        )
    h, p, s = parts
    what_header, what_payload, what_signature = _labels(what)
    header = parse_json(b64url_decode(h, what=what_header), what=what_header)
    payload = parse_json(b64url_decode(p, what=what_payload), what=what_payload)
    if type(header) is not dict or type(payload) is not dict:
        raise MalformedInputError(
            f"{what} header and payload must be JSON objects",
            f"{what} 的头部和载荷必须是 JSON 对象",
        )
    signature = b64url_decode(s, what=what_signature)
    return ParsedJWS(header, payload, f"{h}.{p}".encode("ascii"), signature)


def verify_jws(
    jws: ParsedJWS,
    key: PublicKey,
    *,
    algorithms: Mapping[str, type[PublicKey]] = DEFAULT_ALGORITHMS,
) -> None:
    """Raise unless the header ``alg`` is allowed for *key* and the signature checks."""
    if "crit" in jws.header:
        raise UnsupportedError(
            "JWS 'crit' header parameters are not supported",
            "不支持 JWS 'crit' 头部参数",
        )
    public_key_for_algorithm(key, jws.header.get("alg"), algorithms=algorithms)
    key.verify(jws.signing_input, jws.signature)
