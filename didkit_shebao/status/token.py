"""IETF Token Status List (draft-ietf-oauth-status-list): the list and its JWT.

A :class:`TokenStatusList` holds ``size`` status values of ``bits`` bits each
(1, 2, 4 or 8). Unlike the W3C bitstring, index 0 sits in the **least
significant** bits of byte 0: entry *i* occupies bits ``(i*bits) % 8`` and up
of byte ``(i*bits) // 8``, counted from the least significant bit. The ``lst``
member is base64url (no padding) of the DEFLATE stream in the ZLIB container
(RFC 1950), compressed at the highest level as the draft recommends.

The Status List Token is a JWT with header ``typ: statuslist+jwt`` and claims
``sub`` (the list's URI, equal to the ``uri`` of each referencing token),
``iat``, optional ``exp`` and ``ttl`` (seconds), and ``status_list``
``{"bits", "lst"}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from .._encoding import b64url_decode, b64url_encode
from .._jws import ParsedJWS, parse_jws, sign_jws
from .._time import MAX_NUMERIC_DATE, parse_duration, parse_numeric_date
from ..errors import InputTooLargeError, MalformedInputError
from ..keys import PrivateKey
from ._compress import MAX_DECOMPRESSED_BYTES, ZLIB_WBITS, compress, decompress
from ._packed import PackedList, range_error

__all__ = [
    "STATUS_INVALID",
    "STATUS_LIST_JWT_TYP",
    "STATUS_SUSPENDED",
    "STATUS_VALID",
    "TOKEN_STATUS_NAMES",
    "StatusListToken",
    "TokenStatusList",
    "issue_status_list_token",
    "parse_status_list_token",
]

#: Status type 0x00: the token is valid.
STATUS_VALID: Final = 0
#: Status type 0x01: the token is revoked (irreversible).
STATUS_INVALID: Final = 1
#: Status type 0x02: the token is suspended (reversible).
STATUS_SUSPENDED: Final = 2
#: Names of the status types the draft registers; 0x03 and 0x0C-0x0F are
#: application specific, the rest reserved.
TOKEN_STATUS_NAMES: Final[Mapping[int, str]] = {0: "VALID", 1: "INVALID", 2: "SUSPENDED"}
#: JWT ``typ`` of a Status List Token.
STATUS_LIST_JWT_TYP: Final = "statuslist+jwt"

_ALLOWED_BITS: Final = (1, 2, 4, 8)
_ZLIB_LEVEL: Final = 9
_MAX_LST_CHARS: Final = (MAX_DECOMPRESSED_BYTES * 102 // 100) * 4 // 3 + 64


def _check_bits(bits: object) -> int:
    if type(bits) is not int or bits not in _ALLOWED_BITS:
        raise MalformedInputError(
            f"Token Status List 'bits' must be 1, 2, 4 or 8, got {bits!r}",
            f"令牌状态列表的 'bits' 必须为 1、2、4 或 8，实际为 {bits!r}",
        )
    return bits


class TokenStatusList(PackedList):
    """A Token Status List of ``size`` entries, ``bits`` (1, 2, 4, 8) bits each, all VALID.

    Example:
        >>> tsl = TokenStatusList(16, 1)
        >>> for i in (0, 3, 4, 5, 7, 8, 9, 13, 15):
        ...     tsl.set(i, 1)
        >>> tsl.to_bytes().hex(), tsl.encode()
        ('b9a3', 'eNrbuRgAAhcBXQ')
    """

    __slots__ = ()

    def __init__(self, size: int, bits: int = 1) -> None:
        _check_bits(bits)
        if type(size) is not int or size < 1:
            raise MalformedInputError(
                "a Token Status List needs a positive number of entries",
                "令牌状态列表的项数必须为正整数",
            )
        self._allocate(size, bits)

    def get(self, index: int) -> int:
        """The status value at *index*."""
        if type(index) is not int or not 0 <= index < self._size:
            raise range_error(index, self._size)
        pos = index * self._bits
        return (self._buf[pos >> 3] >> (pos & 7)) & self._mask

    def set(self, index: int, value: int | bool) -> None:
        """Set the status value at *index* (0 .. 2**bits - 1)."""
        if type(index) is not int or not 0 <= index < self._size:
            raise range_error(index, self._size)
        v = self._checked_value(value)
        pos = index * self._bits
        shift = pos & 7
        b = pos >> 3
        self._buf[b] = (self._buf[b] & ~(self._mask << shift) & 0xFF) | (v << shift)

    def encode(self) -> str:
        """The ``lst`` value: base64url(ZLIB(DEFLATE level 9, bytes)), no padding."""
        return b64url_encode(compress(bytes(self._buf), level=_ZLIB_LEVEL, wbits=ZLIB_WBITS))

    def to_json(self) -> dict[str, Any]:
        """The ``status_list`` JSON object: ``{"bits": …, "lst": …}``."""
        return {"bits": self._bits, "lst": self.encode()}

    def copy(self) -> TokenStatusList:
        """An independent copy."""
        return TokenStatusList.from_bytes(bytes(self._buf), bits=self._bits, size=self._size)

    @classmethod
    def from_bytes(cls, data: bytes, *, bits: int = 1, size: int | None = None) -> TokenStatusList:
        """A list over the uncompressed byte array.

        *size* defaults to ``len(data) * 8 // bits`` entries; when given, *data*
        must be exactly the bytes that many entries take.
        """
        _check_bits(bits)
        if not isinstance(data, bytes | bytearray) or (
            size is not None and (type(size) is not int or size < 1)
        ):
            raise MalformedInputError(
                "data must be bytes and size= a positive integer",
                "data 必须是字节串，size= 必须是正整数",
            )
        if not data:
            raise MalformedInputError(
                "a Token Status List must hold at least one byte", "令牌状态列表至少包含一个字节"
            )
        n = len(data) * 8 // bits if size is None else size
        tsl = cls(n, bits)
        if len(tsl._buf) != len(data):
            raise MalformedInputError(
                f"{len(data)} bytes do not hold exactly {n} entries of {bits} bit(s)",
                f"{len(data)} 字节与 {n} 项（每项 {bits} 位）不符",
            )
        tsl._buf[:] = data
        return tsl

    @classmethod
    def decode(cls, lst: str, *, bits: int = 1) -> TokenStatusList:
        """Parse an ``lst`` value; refuses malformed and oversize input."""
        if not isinstance(lst, str) or not lst:
            raise MalformedInputError(
                "status_list 'lst' must be a non-empty base64url string",
                "status_list 的 'lst' 必须是非空 base64url 字符串",
            )
        if len(lst) > _MAX_LST_CHARS:
            raise InputTooLargeError(
                "status_list 'lst' is too long for the size cap",
                "status_list 的 'lst' 超过大小上限",
            )
        raw = b64url_decode(lst, what="status_list 'lst'")
        data = decompress(
            raw, wbits=ZLIB_WBITS, what="status_list 'lst'", max_bytes=MAX_DECOMPRESSED_BYTES
        )
        return cls.from_bytes(data, bits=bits)

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> TokenStatusList:
        """Parse a ``status_list`` JSON object ``{"bits", "lst"}``."""
        if not isinstance(obj, Mapping):
            raise MalformedInputError(
                "'status_list' must be a JSON object with 'bits' and 'lst'",
                "'status_list' 必须是含 'bits' 与 'lst' 的 JSON 对象",
            )
        return cls.decode(obj.get("lst"), bits=_check_bits(obj.get("bits")))  # type: ignore[arg-type]


# -- the Status List Token ----------------------------------------------------------


def _numeric_date(value: datetime | int, what: str) -> int:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise MalformedInputError(
                f"{what} must be a timezone-aware datetime", f"{what} 必须是带时区的 datetime"
            )
        return int(value.timestamp())
    if type(value) is not int or not 0 <= value <= MAX_NUMERIC_DATE:
        raise MalformedInputError(
            f"{what} must be an aware datetime or a NumericDate (seconds)",
            f"{what} 必须是带时区的 datetime 或 NumericDate（秒）",
        )
    return value


def issue_status_list_token(
    token_status_list: TokenStatusList,
    *,
    uri: str,
    issuer: str | None,
    key: PrivateKey,
    kid: str | None = None,
    now: datetime | None = None,
    ttl: int | None = None,
    expires_at: datetime | int | None = None,
) -> str:
    """Sign *token_status_list* as a Status List Token (``typ: statuslist+jwt``).

    Args:
        token_status_list: the list to publish.
        uri: where the token is published; becomes ``sub`` and must equal the
            ``status.status_list.uri`` of every token that points here.
        issuer: ``iss`` (the issuer of the referenced tokens), or None to omit it.
        key: the issuer's signing key (Ed25519 ``EdDSA`` or P-256 ``ES256``).
        kid: JWS ``kid``; defaults, for a ``did:key`` issuer, to its one
            verification method ``did:key:z…#z…``.
        now: ``iat``; defaults to the current time.
        ttl: seconds a consumer may cache the token.
        expires_at: ``exp`` as an aware datetime or NumericDate.
    """
    if not isinstance(uri, str) or not uri:
        raise MalformedInputError(
            "uri must be the status list token's URI", "uri 必须是状态列表令牌的 URI"
        )
    if not isinstance(token_status_list, TokenStatusList):
        raise MalformedInputError(
            "issue_status_list_token needs a TokenStatusList",
            "issue_status_list_token 需要 TokenStatusList",
        )
    iat = _numeric_date(now if now is not None else datetime.now(UTC), "now")
    payload: dict[str, Any] = {}
    if issuer is not None:
        payload["iss"] = issuer
    payload["sub"] = uri
    payload["iat"] = iat
    if expires_at is not None:
        exp = _numeric_date(expires_at, "expires_at")
        if exp <= iat:
            raise MalformedInputError(
                "expires_at must be after the issue time", "expires_at 必须晚于签发时间"
            )
        payload["exp"] = exp
    if ttl is not None:
        if type(ttl) is not int or ttl <= 0:
            raise MalformedInputError(
                "ttl must be a positive number of seconds", "ttl 必须是正的秒数"
            )
        payload["ttl"] = ttl
    payload["status_list"] = token_status_list.to_json()
    header: dict[str, Any] = {"typ": STATUS_LIST_JWT_TYP}
    if kid is None and isinstance(issuer, str) and issuer.startswith("did:key:"):
        kid = f"{issuer}#{issuer[len('did:key:') :]}"
    if kid is not None:
        header["kid"] = kid
    return sign_jws(header, payload, key)


@dataclass(frozen=True, slots=True)
class StatusListToken:
    """A parsed (not yet verified) Status List Token; ``jws`` keeps the signed bytes."""

    jws: ParsedJWS
    sub: str
    iat: int
    exp: int | None
    ttl: int | float | None
    iss: str | None
    kid: str | None
    status_list: TokenStatusList


def parse_status_list_token(token: str) -> StatusListToken:
    """Split and check the structure of a Status List Token (not its signature).

    Checks ``typ``, the required claims and their types, and decodes the list.
    """
    jws = parse_jws(token, what="status list token")
    if jws.header.get("typ") != STATUS_LIST_JWT_TYP:
        raise MalformedInputError(
            f"status list token header 'typ' must be {STATUS_LIST_JWT_TYP!r}",
            f"状态列表令牌头部的 'typ' 必须为 {STATUS_LIST_JWT_TYP!r}",
        )
    p = jws.payload
    sub, iat, exp, ttl, iss = p.get("sub"), p.get("iat"), p.get("exp"), p.get("ttl"), p.get("iss")
    if not isinstance(sub, str) or not sub:
        raise MalformedInputError(
            "status list token must carry 'sub' (its URI)", "状态列表令牌必须包含 'sub'（其 URI）"
        )
    if type(iat) is not int:
        raise MalformedInputError(
            "status list token must carry an integer 'iat'", "状态列表令牌必须包含整数 'iat'"
        )
    parse_numeric_date(iat, what="status list token 'iat'")
    if exp is not None:
        parse_numeric_date(exp, what="status list token 'exp'")
    if ttl is not None and not parse_duration(ttl, what="status list token 'ttl'"):
        raise MalformedInputError(
            "status list token 'ttl' must be a positive number",
            "状态列表令牌的 'ttl' 必须是正数",
        )
    if iss is not None and not isinstance(iss, str):
        raise MalformedInputError(
            "status list token 'iss' must be a string", "状态列表令牌的 'iss' 必须是字符串"
        )
    kid = jws.header.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise MalformedInputError(
            "status list token 'kid' must be a string", "状态列表令牌的 'kid' 必须是字符串"
        )
    if "status_list" not in p:
        raise MalformedInputError(
            "status list token must carry 'status_list'", "状态列表令牌必须包含 'status_list'"
        )
    lst = TokenStatusList.from_json(p["status_list"])
    return StatusListToken(
        jws=jws,
        sub=sub,
        iat=iat,
        exp=int(exp) if exp is not None else None,
        ttl=ttl,
        iss=iss,
        kid=kid,
        status_list=lst,
    )
