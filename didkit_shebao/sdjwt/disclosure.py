"""SD-JWT Disclosures and their digests (RFC 9901 sections 4.2.1 to 4.2.5).

A Disclosure is the base64url encoding of the UTF-8 JSON array
``[salt, claim_name, claim_value]`` (object property) or ``[salt, value]``
(array element). Its digest is the base64url SHA-256 of the US-ASCII bytes of
that base64url string, never of the decoded JSON: the digest signs the
issuer's exact encoding (RFC 9901 section 4.2.3).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, TypeAlias

from .._encoding import b64url_decode, b64url_encode, dumps_compact, parse_json, sha256_b64url
from .._masking import masked_repr
from ..errors import DisclosureError, MalformedInputError, UnsupportedError

__all__ = [
    "DEFAULT_SD_ALG",
    "SALT_BYTES",
    "SUPPORTED_SD_ALGS",
    "Disclosure",
    "RandomSource",
    "decoy_digest",
    "digest",
    "encode_disclosure",
    "make_disclosure",
    "make_salt",
    "parse_disclosure",
]

#: Bytes of randomness in each salt: 144 bits, above the 128 RFC 9901 section 9.3 recommends
#: (a multiple of 3, so salts encode to 24 base64url characters without padding).
SALT_BYTES: Final = 18
#: The hash algorithm named by ``_sd_alg`` (and the default when it is absent).
DEFAULT_SD_ALG: Final = "sha-256"
#: ``_sd_alg`` values this library accepts (RFC 9901 section 4.1.1; truncated hashes refused).
SUPPORTED_SD_ALGS: Final = frozenset({DEFAULT_SD_ALG})

RandomSource: TypeAlias = Callable[[int], bytes]
"""``rng(n) -> n random bytes``; :func:`secrets.token_bytes` unless a test injects its own."""

_B64URL_STRING: Final = re.compile(r"[A-Za-z0-9_-]+")
_sha256 = hashlib.sha256
_b2a = binascii.b2a_base64
_TO_URL: Final = bytes.maketrans(b"+/", b"-_")
_b64encode = base64.urlsafe_b64encode
_encode_str: Callable[[str], str] = json.encoder.encode_basestring


def digest(disclosure: str) -> str:
    """Base64url SHA-256 digest of a Disclosure string (RFC 9901 section 4.2.3)."""
    return sha256_b64url(disclosure.encode("ascii"))


def make_salt(rng: RandomSource | None = None) -> str:
    """A fresh salt: 144 random bits, base64url encoded (24 characters)."""
    raw = (rng or secrets.token_bytes)(SALT_BYTES)
    if not isinstance(raw, bytes | bytearray) or len(raw) != SALT_BYTES:
        raise MalformedInputError(
            f"the random source must return exactly {SALT_BYTES} bytes for a salt",
            f"随机源必须为盐值返回恰好 {SALT_BYTES} 字节",
        )
    return b64url_encode(bytes(raw))


def decoy_digest(rng: RandomSource | None = None) -> str:
    """A decoy digest: SHA-256 over 32 random bytes (RFC 9901 section 4.2.5)."""
    raw = (rng or secrets.token_bytes)(32)
    return sha256_b64url(bytes(raw))


@dataclass(frozen=True, slots=True, repr=False)
class Disclosure:
    """One Disclosure: its encoded form, digest and decoded contents.

    ``name`` is ``None`` for an array-element Disclosure. ``value`` is the
    claim value exactly as the JSON decodes (it may itself contain digests).
    The repr shows the name and digest only: the salt and the value are secret
    until the holder discloses them, and the encoded form contains both.
    """

    encoded: str
    digest: str
    salt: str
    name: str | None
    value: Any

    def __repr__(self) -> str:
        return masked_repr(self, shown=("name", "digest"), hidden=("salt", "value", "encoded"))

    @property
    def is_array_element(self) -> bool:
        """True for a ``[salt, value]`` Disclosure."""
        return self.name is None


def _encode_value(value: Any) -> str:
    t = type(value)
    if t is str:
        return _encode_str(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if t is int:
        return str(value)
    return dumps_compact(value)


def encode_disclosure_bytes(salt: str, name: str | None, value: Any) -> tuple[bytes, bytes]:
    """``(Disclosure, digest)`` as ASCII bytes, for an object property (*name* given) or an array element."""
    enc = _encode_str(value) if type(value) is str else _encode_value(value)
    text = f'["{salt}",{enc}]' if name is None else f'["{salt}",{_encode_str(name)},{enc}]'
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise MalformedInputError(
            "a claim name or value holds a lone surrogate, which is not valid Unicode text; fix the text",
            "声明名称或值含有孤立代理项，不是有效的 Unicode 文本；请修正该文本",
        ) from exc
    encoded = _b2a(data, newline=False).translate(_TO_URL, b"=")
    return encoded, _b2a(_sha256(encoded).digest(), newline=False).translate(_TO_URL)[:43]


def encode_disclosure(salt: str, name: str | None, value: Any) -> tuple[str, str]:
    """``(Disclosure, digest)`` for an object property (*name* given) or an array element."""
    encoded, dig = encode_disclosure_bytes(salt, name, value)
    return encoded.decode("ascii"), dig.decode("ascii")


def make_disclosure(salt: str, name: str | None, value: Any) -> Disclosure:
    """Encode a Disclosure for an object property (*name* given) or an array element."""
    encoded, dig = encode_disclosure(salt, name, value)
    return Disclosure(encoded, dig, salt, name, value)


def parse_disclosure(encoded: str, *, sd_alg: str = DEFAULT_SD_ALG) -> Disclosure:
    """Decode and check a Disclosure string strictly.

    The string must be canonical base64url of UTF-8 JSON (no duplicate names,
    no NaN), an array of two or three elements whose salt and claim name are
    strings, and the name must not be ``_sd`` or ``...``.
    """
    if sd_alg not in SUPPORTED_SD_ALGS:
        raise UnsupportedError(
            f"_sd_alg {sd_alg!r} is not supported; allowed: sha-256",
            f"不支持 _sd_alg {sd_alg!r}；仅允许 sha-256",
        )
    if not isinstance(encoded, str) or _B64URL_STRING.fullmatch(encoded) is None:
        raise MalformedInputError(
            "a Disclosure must be a non-empty base64url string",
            "披露项必须是非空的 base64url 字符串",
        )
    raw = b64url_decode(encoded, what="Disclosure")
    content = parse_json(raw, what="Disclosure")
    return _checked(encoded, digest(encoded), content)


def _checked(encoded: str, dig: str, content: Any) -> Disclosure:
    if type(content) is not list or len(content) not in (2, 3):
        raise DisclosureError(
            "a Disclosure must be a JSON array [salt, name, value] or [salt, value]",
            "披露项必须是 JSON 数组 [盐值, 名称, 值] 或 [盐值, 值]",
        )
    salt = content[0]
    if type(salt) is not str:
        raise DisclosureError("a Disclosure's salt must be a string", "披露项的盐值必须是字符串")
    if len(content) == 2:
        return Disclosure(encoded, dig, salt, None, content[1])
    return Disclosure(encoded, dig, salt, check_claim_name(content[1]), content[2])


def check_claim_name(name: object) -> str:
    """The claim name of an object-property Disclosure: a string other than ``_sd`` / ``...``."""
    if type(name) is not str:
        raise DisclosureError(
            "a Disclosure's claim name must be a string", "披露项的声明名称必须是字符串"
        )
    if name in ("_sd", "..."):
        raise DisclosureError(
            "a Disclosure must not name the claim '_sd' or '...'",
            "披露项的声明名称不得为 '_sd' 或 '...'",
        )
    return name
