"""Issuing SD-JWTs and SD-JWT VCs (RFC 9901 sections 4 and 5; SD-JWT VC).

Disclosable claims are named by JSON Pointers into the claims. Digests are
computed bottom-up, so a pointer below another disclosable pointer gives a
recursive Disclosure (RFC 9901 section 4.2.6), and pointers to array elements
give ``{"...": digest}`` placeholders (section 4.2.4.2).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Final

from .._encoding import MAX_JSON_DEPTH, b64url_encode, dumps_compact, sha256_b64url
from ..errors import InputTooLargeError, MalformedInputError, ShebaoError
from ..keys import Ed25519Key, P256Key, PrivateKey, PublicKey, as_public_key
from ._pointer import array_index, format_pointer, parse_pointers
from .disclosure import (
    DEFAULT_SD_ALG,
    SALT_BYTES,
    RandomSource,
    encode_disclosure_bytes,
)
from .serialization import MAX_DISCLOSURES, sd_jwt_to_json

__all__ = [
    "NEVER_DISCLOSABLE",
    "RESERVED_CLAIMS",
    "TYP_SD_JWT",
    "TYP_SD_JWT_VC",
    "TYP_SD_JWT_VC_LEGACY",
    "issue_sd_jwt",
]

#: ``typ`` of an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc): the issue default.
TYP_SD_JWT_VC: Final = "dc+sd-jwt"
#: Earlier ``typ`` of SD-JWT VCs, still accepted when verifying.
TYP_SD_JWT_VC_LEGACY: Final = "vc+sd-jwt"
#: ``typ`` of a plain SD-JWT (media type application/sd-jwt).
TYP_SD_JWT: Final = "sd-jwt"

#: Top-level claims set from the ``issue_sd_jwt`` parameters, never from ``claims``.
RESERVED_CLAIMS: Final = frozenset({"iss", "iat", "nbf", "exp", "vct", "cnf", "status", "_sd_alg"})
#: Top-level claims that never come from a Disclosure, nor does anything below them,
#: in any SD-JWT this library issues, presents or verifies: a verifier needs them in
#: the clear to judge who signed and whether the SD-JWT is valid (RFC 9901 section 9.7;
#: SD-JWT VC section 3.2.2.2 lists all but ``aud`` and ``iat``). ``aud`` is kept whole
#: although RFC 9901 lets an issuer conceal its entries, and ``iat`` although SD-JWT VC
#: lets it be disclosable: both take part in the validity checks here.
NEVER_DISCLOSABLE: Final = frozenset(
    {"iss", "aud", "exp", "nbf", "iat", "cnf", "vct", "vct#integrity", "aka_vcts", "status"}
)

_DEFAULT_MAX_DECOYS: Final = 3
_SALT_CHARS: Final = SALT_BYTES * 4 // 3


_RESERVED_NAMES: Final = frozenset({"_sd", "...", "_sd_alg"})


def _check_claims(value: Any, depth: int = 0) -> None:
    """Refuse keys the SD-JWT format reserves and values that are not JSON."""
    if depth > MAX_JSON_DEPTH:
        raise InputTooLargeError(
            f"the claims nest deeper than {MAX_JSON_DEPTH} levels",
            f"声明嵌套超过 {MAX_JSON_DEPTH} 层",
        )
    t = type(value)
    if t is dict:
        for k, v in value.items():
            if type(k) is not str:
                raise MalformedInputError("claim names must be strings", "声明名称必须是字符串")
            if k in _RESERVED_NAMES:
                raise MalformedInputError(
                    f"the claims contain the reserved name {k!r}; SD-JWT uses it for digests",
                    f"声明中含有保留名称 {k!r}；SD-JWT 将其用于摘要",
                )
            # Strings, booleans, integers and null need no call (the common case);
            # at the depth limit every value gets one, which refuses it as before.
            tv = type(v)
            if (
                tv is not str and tv is not bool and tv is not int and v is not None
            ) or depth >= MAX_JSON_DEPTH:
                _check_claims(v, depth + 1)
    elif t is list or t is tuple:
        for v in value:
            tv = type(v)
            if (
                tv is not str and tv is not bool and tv is not int and v is not None
            ) or depth >= MAX_JSON_DEPTH:
                _check_claims(v, depth + 1)
    elif t is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise MalformedInputError(
                "NaN and Infinity are not JSON; remove them",
                "NaN 与 Infinity 不是合法 JSON；请删除",
            )
    elif not (t is str or t is int or t is bool or value is None):
        raise MalformedInputError(
            f"a {t.__name__} is not a JSON value; convert it (dates to ISO 8601 strings)",
            f"{t.__name__} 不是 JSON 值；请先转换（日期转为 ISO 8601 字符串）",
        )


class _Node:
    """One level of the disclosable-pointer tree: which members are marked, which go deeper."""

    __slots__ = ("children", "marked")

    def __init__(self) -> None:
        self.marked: set[str | int] = set()
        self.children: dict[str | int, _Node] = {}


def _resolve_paths(
    claims: Mapping[str, Any],
    pointers: Iterable[str],
    never: frozenset[str] = NEVER_DISCLOSABLE,
) -> tuple[_Node, int]:
    """Check every pointer against *claims*; return the mark tree and the number of marks."""
    root = _Node()
    count = 0
    top_marked = root.marked
    plain = type(claims) is dict
    for tokens in parse_pointers(pointers):
        if not tokens:
            raise MalformedInputError(
                "the whole document ('') cannot be selectively disclosable; name its members",
                "整个文档（''）不能设为可选择性披露；请指定其中的成员",
            )
        if plain and len(tokens) == 1 and tokens[0] in claims and tokens[0] not in never:
            # A top-level member of a plain dict: the common case, without the walk.
            if tokens[0] not in top_marked:
                top_marked.add(tokens[0])
                count += 1
            continue
        node: Any = claims
        tree = root
        last = len(tokens) - 1
        for i, token in enumerate(tokens):
            key: str | int
            tn = type(node)
            if tn is dict or (tn is not list and isinstance(node, Mapping)):
                if token not in node:
                    pointer = format_pointer(tokens)
                    raise MalformedInputError(
                        f"disclosable pointer {pointer!r} names no claim",
                        f"可披露指针 {pointer!r} 未指向任何声明",
                    )
                key = token
            elif tn is list or isinstance(node, list | tuple):
                key = array_index(token, len(node), tokens)
            else:
                pointer = format_pointer(tokens)
                raise MalformedInputError(
                    f"disclosable pointer {pointer!r} goes below a value that is neither object nor array",
                    f"可披露指针 {pointer!r} 指向了非对象、非数组值的内部",
                )
            node = node[key]
            if i == last:
                if key not in tree.marked:
                    tree.marked.add(key)
                    count += 1
            else:
                child = tree.children.get(key)
                if child is None:
                    child = tree.children[key] = _Node()
                tree = child
        if tokens[0] in never:
            pointer = format_pointer(tokens)
            raise MalformedInputError(
                f"the claim {pointer!r} controls validity and must stay visible (RFC 9901 section 9.7)",
                f"声明 {pointer!r} 决定有效性，必须保持可见（RFC 9901 第 9.7 节）",
            )
    if count > MAX_DISCLOSURES:
        raise InputTooLargeError(
            f"more than {MAX_DISCLOSURES} disclosable claims",
            f"可披露声明超过 {MAX_DISCLOSURES} 个",
        )
    return root, count


class _Concealer:
    """Replaces marked claims with digests, bottom-up, collecting Disclosures."""

    __slots__ = ("decoy_bytes", "decoys", "disclosures", "next_salt", "rng", "salts", "spare")

    def __init__(self, count: int, rng: RandomSource, decoys: int | None) -> None:
        if not callable(rng):
            raise MalformedInputError(
                "rng= must be a function n -> n random bytes", "rng= 必须是返回 n 个随机字节的函数"
            )
        self.rng = rng
        self.decoys = decoys
        self.disclosures: list[bytes] = []  # encoded, ASCII
        # Per _sd array: (default) a byte for the number of decoys and room
        # for the most, or 32 bytes per decoy. The first array's share comes
        # with the salts, in one draw.
        self.decoy_bytes = 1 + 32 * _DEFAULT_MAX_DECOYS if decoys is None else 32 * decoys
        salts = SALT_BYTES * count
        pool = rng(salts + self.decoy_bytes)
        if not isinstance(pool, bytes | bytearray) or len(pool) != salts + self.decoy_bytes:
            raise MalformedInputError(
                "the random source returned the wrong number of bytes",
                "随机源返回的字节数不正确",
            )
        pool = bytes(pool)
        # SALT_BYTES is a multiple of 3, so one encoding call yields every salt,
        # each _SALT_CHARS characters long.
        self.salts = b64url_encode(pool[:salts])
        self.next_salt = 0
        self.spare: bytes | None = pool[salts:]

    def _decoys(self) -> list[str]:
        pool = self.spare
        if pool is None:
            if not self.decoy_bytes:
                return []
            pool = self.rng(self.decoy_bytes)
            if not isinstance(pool, bytes | bytearray) or len(pool) != self.decoy_bytes:
                raise MalformedInputError(
                    "the random source returned the wrong number of bytes",
                    "随机源返回的字节数不正确",
                )
        else:
            self.spare = None
        if self.decoys is None:
            n = pool[0] % (_DEFAULT_MAX_DECOYS + 1)
            start = 1
        else:
            n, start = self.decoys, 0
        return [sha256_b64url(pool[i : i + 32]) for i in range(start, start + 32 * n, 32)]

    def _disclose(self, name: str | None, value: Any) -> str:
        """Encode one Disclosure with the next salt; return its digest."""
        i = self.next_salt
        self.next_salt = i + _SALT_CHARS
        encoded, dig = encode_disclosure_bytes(self.salts[i : i + _SALT_CHARS], name, value)
        self.disclosures.append(encoded)
        return dig.decode("ascii")

    def conceal(self, value: Any, node: _Node) -> Any:
        marked, children = node.marked, node.children
        t = type(value)
        if t is dict or (t is not list and isinstance(value, Mapping)):
            out: dict[str, Any] = {}
            sd: list[str] = []
            for k, v in value.items():
                sub = children.get(k)
                if sub is not None:
                    v = self.conceal(v, sub)
                if k in marked:
                    sd.append(self._disclose(k, v))
                else:
                    out[k] = v
            if sd:
                sd.extend(self._decoys())
                sd.sort()
                return {"_sd": sd, **out}
            return out
        items: list[Any] = []
        for i, v in enumerate(value):
            sub = children.get(i)
            if sub is not None:
                v = self.conceal(v, sub)
            if i in marked:
                items.append({"...": self._disclose(None, v)})
            else:
                items.append(v)
        return items


@lru_cache(maxsize=256)
def _default_kid(issuer: str, public: PublicKey) -> str | None:
    """The verification method id for a did:key / did:jwk issuer, checking the key matches."""
    from ..did import did_jwk, did_key

    if issuer.startswith("did:key:"):
        if did_key(public) != issuer:
            raise MalformedInputError(
                "the signing key does not belong to the issuer did:key; sign with the issuer's key",
                "签名密钥不属于签发方的 did:key；请使用签发方的密钥签名",
            )
        return f"{issuer}#{issuer[len('did:key:') :]}"
    if issuer.startswith("did:jwk:"):
        if did_jwk(public) != issuer:
            raise MalformedInputError(
                "the signing key does not belong to the issuer did:jwk; sign with the issuer's key",
                "签名密钥不属于签发方的 did:jwk；请使用签发方的密钥签名",
            )
        return f"{issuer}#0"
    if issuer.startswith("did:"):
        raise MalformedInputError(
            "for this DID method pass kid= (the verification method id, 'did:…#key-1')",
            "对此 DID 方法请传入 kid=（验证方法标识，如 'did:…#key-1'）",
        )
    return None


@lru_cache(maxsize=256)
def _public_jwk(public: PublicKey) -> tuple[tuple[str, str], ...]:
    return tuple(public.public_jwk.items())


def _timestamp(value: datetime | None, name: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise MalformedInputError(
            f"{name} must be a timezone-aware datetime (e.g. datetime.now(UTC))",
            f"{name} 必须是带时区的 datetime（例如 datetime.now(UTC)）",
        )
    return int(value.timestamp())


def issue_sd_jwt(
    claims: Mapping[str, Any],
    *,
    key: PrivateKey,
    issuer: str,
    disclosable: Iterable[str],
    vct: str | None = None,
    holder_key: object | None = None,
    status: Mapping[str, Any] | None = None,
    expires_at: datetime | None = None,
    not_before: datetime | None = None,
    issued_at: datetime | None = None,
    kid: str | None = None,
    typ: str | None = None,
    decoys: int | None = None,
    rng: RandomSource | None = None,
    serialization: str = "compact",
) -> str:
    """Issue an SD-JWT (an SD-JWT VC when *vct* is given).

    Args:
        claims: the user claims (JSON values; dates as strings).
        key: the issuer's signing key (Ed25519 → ``EdDSA``, P-256 → ``ES256``).
        issuer: the ``iss`` value, normally the issuer's DID.
        disclosable: JSON Pointers (RFC 6901) of the selectively disclosable
            claims: object members (``/address``), array elements
            (``/nationalities/0``) and members below them for recursive
            disclosure (``/address`` and ``/address/street_address``).
        vct: the credential type; makes this an SD-JWT VC typed ``dc+sd-jwt``.
        holder_key: the holder's key, public key or public JWK (Ed25519 or
            P-256) for key binding; goes into ``cnf.jwk``.
        status: the ``status`` claim (e.g. ``{"status_list": {"idx": 7, "uri": …}}``).
        expires_at / not_before / issued_at: aware datetimes for ``exp`` /
            ``nbf`` / ``iat`` (``iat`` defaults to now).
        kid: the header ``kid``; derived for did:key and did:jwk issuers.
        typ: the header ``typ``; defaults to ``dc+sd-jwt`` with a *vct*, else ``sd-jwt``.
        decoys: decoy digests added to each ``_sd`` array (default: 0 to 3 at random).
        rng: ``rng(n) -> n random bytes`` for salts and decoys (tests only;
            default :func:`secrets.token_bytes`).
        serialization: ``"compact"`` (default) or ``"json"`` (RFC 9901 section 8.2).

    Returns:
        The SD-JWT with every Disclosure, ``<JWT>~<D1>~…~<Dn>~``.
    """
    if type(key) is not Ed25519Key and not isinstance(key, Ed25519Key | P256Key):
        raise MalformedInputError(
            "key must be an Ed25519Key or P256Key (a private key)",
            "key 必须是 Ed25519Key 或 P256Key（私钥）",
        )
    if type(claims) is not dict and not isinstance(claims, Mapping):
        raise MalformedInputError("claims must be a JSON object", "claims 必须是 JSON 对象")
    if not isinstance(issuer, str) or not issuer:
        raise MalformedInputError(
            "issuer must be a non-empty string (a DID or URL)",
            "issuer 必须是非空字符串（DID 或 URL）",
        )
    if serialization not in ("compact", "json"):
        raise MalformedInputError(
            "serialization must be 'compact' or 'json'", "serialization 必须是 'compact' 或 'json'"
        )
    clash = () if RESERVED_CLAIMS.isdisjoint(claims) else RESERVED_CLAIMS.intersection(claims)
    if clash:
        names = ", ".join(sorted(clash))
        raise MalformedInputError(
            f"claims must not contain {names}: they are set from the issue_sd_jwt parameters",
            f"claims 中不得包含 {names}：这些由 issue_sd_jwt 的参数设置",
        )
    _check_claims(claims if type(claims) is dict else dict(claims))
    if vct is not None and (not isinstance(vct, str) or not vct):
        raise MalformedInputError("vct must be a non-empty string", "vct 必须是非空字符串")
    if typ is None:
        typ = TYP_SD_JWT_VC if vct is not None else TYP_SD_JWT
    elif not isinstance(typ, str) or not typ:
        raise MalformedInputError("typ must be a non-empty string", "typ 必须是非空字符串")
    if typ.lower() == TYP_SD_JWT_VC and vct is None:
        raise MalformedInputError(
            f"an SD-JWT VC (typ {typ}) needs vct=; pass the credential type",
            f"SD-JWT VC（typ {typ}）需要 vct=；请传入凭证类型",
        )
    concealed, disclosures = conceal_claims(claims, disclosable, rng=rng, decoys=decoys)
    header = make_header(typ, kid, issuer, key)

    iat = _timestamp(issued_at, "issued_at")
    if iat is None:
        iat = int(datetime.now(UTC).timestamp())
    payload: dict[str, Any] = {"iss": issuer, "iat": iat}
    nbf = _timestamp(not_before, "not_before")
    exp = _timestamp(expires_at, "expires_at")
    if nbf is not None:
        payload["nbf"] = nbf
    if exp is not None:
        if exp <= iat:
            raise MalformedInputError(
                "expires_at must be after the issue time", "expires_at 必须晚于签发时间"
            )
        payload["exp"] = exp
    if vct is not None:
        payload["vct"] = vct
    payload.update(concealed)
    if holder_key is not None:
        payload["cnf"] = cnf_claim(holder_key)
    if status is not None:
        if not isinstance(status, Mapping) or not status:
            raise MalformedInputError(
                "status must be a non-empty JSON object such as {'status_list': {'idx': 0, 'uri': …}}",
                "status 必须是非空 JSON 对象，例如 {'status_list': {'idx': 0, 'uri': …}}",
            )
        _check_claims(dict(status))
        payload["status"] = dict(status)
    payload["_sd_alg"] = DEFAULT_SD_ALG
    return sign_sd_jwt(header, payload, disclosures, key, serialization)


def conceal_claims(
    claims: Mapping[str, Any],
    disclosable: Iterable[str],
    *,
    rng: RandomSource | None,
    decoys: int | None,
    never: frozenset[str] = NEVER_DISCLOSABLE,
) -> tuple[dict[str, Any], list[bytes]]:
    """Replace the claims named by *disclosable* with digests; return the payload part and Disclosures.

    Disclosures come encoded, as ASCII bytes.
    """
    if decoys is not None and (type(decoys) is not int or not 0 <= decoys <= 64):
        raise MalformedInputError(
            "decoys must be an integer from 0 to 64", "decoys 必须是 0 到 64 的整数"
        )
    tree, count = _resolve_paths(claims, disclosable, never)
    if not count:
        return dict(claims), []
    concealer = _Concealer(count, rng or secrets.token_bytes, decoys)
    concealed: dict[str, Any] = concealer.conceal(claims, tree)
    return concealed, concealer.disclosures


def make_header(typ: str, kid: str | None, issuer: str, key: PrivateKey) -> dict[str, Any]:
    """The issuer-signed JWT header: ``typ`` and ``kid`` (``alg`` is added when signing)."""
    header: dict[str, Any] = {"typ": typ}
    if kid is None:
        kid = _default_kid(issuer, key.public_key)
    elif not isinstance(kid, str) or not kid:
        raise MalformedInputError("kid must be a non-empty string", "kid 必须是非空字符串")
    if kid is not None:
        header["kid"] = kid
    return header


def cnf_claim(holder_key: object) -> dict[str, Any]:
    """``{"jwk": …}`` for the holder's key (RFC 7800)."""
    try:
        return {"jwk": dict(_public_jwk(as_public_key(holder_key)))}
    except ShebaoError as exc:
        raise MalformedInputError(
            "holder_key must be an Ed25519 or P-256 key, public key or public JWK",
            "holder_key 必须是 Ed25519 或 P-256 的密钥、公钥或公钥 JWK",
        ) from exc


@lru_cache(maxsize=256)
def _encoded_header(alg: str, members: tuple[tuple[str, Any], ...]) -> str:
    """The base64url JWT header: an issuer signs with the same few headers again and again."""
    return b64url_encode(dumps_compact({"alg": alg, **dict(members)}).encode("utf-8"))


def sign_sd_jwt(
    header: Mapping[str, Any],
    payload: Mapping[str, Any],
    disclosures: list[bytes],
    key: PrivateKey,
    serialization: str,
) -> str:
    """Sign the payload and append every Disclosure."""
    try:
        try:
            h = _encoded_header(key.alg, tuple(header.items()))
        except TypeError:  # pragma: no cover - make_header builds string members
            h = b64url_encode(dumps_compact({"alg": key.alg, **header}).encode("utf-8"))
        p = b64url_encode(dumps_compact(payload).encode("utf-8"))
    except (ValueError, TypeError) as exc:
        raise MalformedInputError(
            "the claims cannot be serialized as JSON", "声明无法序列化为 JSON"
        ) from exc
    signing_input = f"{h}.{p}"
    signature = b64url_encode(key.sign(signing_input.encode("ascii")))
    compact = f"{signing_input}.{signature}~"
    if disclosures:
        compact += (b"~".join(disclosures) + b"~").decode("ascii")
    if serialization == "json":
        return sd_jwt_to_json(compact)
    return compact
