"""Verifying SD-JWT presentations (RFC 9901 sections 7.1 and 7.3; SD-JWT VC).

One engine serves three callers: :func:`verify_sd_jwt` (verifiers),
``present_sd_jwt`` (holders check what they received, section 7.2) and
``verify_vc_sd_jwt`` (W3C VCDM 2.0 payloads). Every check fails closed with a
specific :class:`~didkit_shebao.errors.VerificationError` subclass.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import import_module
from typing import Any, Final

from .._encoding import b64url_decode, parse_json
from .._jws import ParsedJWS, parse_jws, verify_jws
from .._masking import masked_repr
from .._time import parse_numeric_date, resolve_now
from ..errors import (
    DisclosureError,
    ExpiredError,
    InputTooLargeError,
    IssuerMismatchError,
    KeyBindingError,
    MalformedInputError,
    NotYetValidError,
    ProofError,
    ResolutionError,
    ShebaoError,
    StatusUnavailableError,
    UnsupportedError,
    verification_boundary,
)
from ..keys import (
    DEFAULT_ALGORITHMS,
    Ed25519PublicKey,
    P256PublicKey,
    PublicKey,
    as_public_key,
    key_from_jwk,
)
from ._pointer import Path, format_pointer
from ._w3c import (
    TYP_VC_SD_JWT,
    VC_NEVER_DISCLOSABLE,
    check_credential,
    check_validity_period,
    checked_issuer,
)
from .disclosure import DEFAULT_SD_ALG, SUPPORTED_SD_ALGS, check_claim_name, digest
from .issuer import NEVER_DISCLOSABLE, TYP_SD_JWT_VC, TYP_SD_JWT_VC_LEGACY
from .serialization import SDJWTParts, parse_sd_jwt

__all__ = [
    "DEFAULT_SKEW",
    "MAX_SD_DEPTH",
    "VerifiedSDJWT",
    "verify_sd_jwt",
]

#: Default window around ``now`` for a KB-JWT's ``iat``.
DEFAULT_SKEW: Final = timedelta(minutes=5)
#: Cap on the nesting depth of the processed payload, Disclosures included.
MAX_SD_DEPTH: Final = 64

_B64URL: Final = re.compile(r"[A-Za-z0-9_-]+")
_MISSING: Final = object()
_NO_TIME: Final = timedelta(0)
_b2a = binascii.b2a_base64
_sha256 = hashlib.sha256
_TO_URL: Final = bytes.maketrans(b"+/", b"-_")


@dataclass(frozen=True, slots=True, repr=False)
class VerifiedSDJWT:
    """The result of a successful verification.

    Attributes:
        claims: the Processed SD-JWT Payload (RFC 9901 section 7.1): the
            permanently visible claims plus those disclosed, with ``_sd``,
            ``_sd_alg`` and undisclosed array elements removed.
        issuer: ``iss`` (or the VC's ``issuer`` id for W3C credentials).
        holder_jwk: ``cnf.jwk``, the key the holder proved possession of when
            ``key_binding`` is set.
        header: the issuer-signed JWT's protected header.
        typ: the header ``typ``.
        vct: the SD-JWT VC type, or ``None`` for a plain SD-JWT.
        disclosed_paths: the paths (into ``claims``) of the claims revealed by
            Disclosures, in processing order; ``disclosed`` gives them as JSON Pointers.
        key_binding: the verified KB-JWT payload, or ``None`` without one.
        status: the status-list result (``TokenStatusResult``), or ``None``.

    The repr names the claims without their values: they are personal data.
    """

    claims: dict[str, Any]
    issuer: str | None
    holder_jwk: dict[str, Any] | None
    header: dict[str, Any]
    typ: str | None
    vct: str | None
    disclosed_paths: tuple[tuple[str | int, ...], ...]
    key_binding: dict[str, Any] | None = None
    status: Any = field(default=None, compare=False)

    def __repr__(self) -> str:
        return masked_repr(
            self,
            shown=("issuer", "typ", "vct", "disclosed", "status"),
            names=("claims", "key_binding"),
        )

    @property
    def disclosed(self) -> tuple[str, ...]:
        """JSON Pointers (into ``claims``) of the claims revealed by Disclosures."""
        return tuple(format_pointer(p) for p in self.disclosed_paths)


# -- key helpers ---------------------------------------------------------------


@lru_cache(maxsize=1024)
def _jwk_key(items: tuple[tuple[str, str], ...]) -> PublicKey:
    return key_from_jwk(dict(items)).public_key


def public_key_of(value: object) -> PublicKey:
    """A public key from a key, public key, JWK or multibase; JWKs parsed once and cached."""
    t = type(value)
    if t is Ed25519PublicKey or t is P256PublicKey:
        return value  # type: ignore[return-value]  # the common case: an already parsed key
    if t is dict or isinstance(value, Mapping):  # (no ABC check for a plain dict)
        assert isinstance(value, Mapping)  # noqa: S101 - for the type checker
        if "d" in value:
            raise MalformedInputError(
                "pass the issuer's public JWK, not its private key",
                "请传入签发方的公钥 JWK，而不是私钥",
            )
        if all(type(k) is str and type(v) is str for k, v in value.items()):
            return _jwk_key(tuple(sorted(value.items())))
    return as_public_key(value)


def _holder_key(payload: Mapping[str, Any]) -> tuple[PublicKey, dict[str, Any]]:
    cnf = payload.get("cnf")
    jwk = cnf.get("jwk") if isinstance(cnf, dict) else None
    if not isinstance(jwk, dict):
        raise KeyBindingError(
            "the SD-JWT has no cnf.jwk, so a key binding cannot be checked; "
            "the issuer must bind the credential to the holder's key",
            "SD-JWT 中没有 cnf.jwk，无法检查密钥绑定；签发方须将凭证绑定到持有者密钥",
        )
    if "d" in jwk:
        raise KeyBindingError(
            "cnf.jwk contains a private key; the credential is unsafe",
            "cnf.jwk 中含有私钥；该凭证不安全",
        )
    return public_key_of(jwk), jwk


# -- time helpers ----------------------------------------------------------------


def _numeric(payload: Mapping[str, Any], name: str) -> float | None:
    value = payload.get(name)
    if value is None:
        return None
    return parse_numeric_date(value, what=f"the SD-JWT's {name}")


def _check_validity(payload: Mapping[str, Any], now_ts: float, leeway: float, skew: float) -> None:
    """RFC 7519: invalid from ``exp`` on, valid from ``nbf`` on; ``iat`` not beyond *skew* ahead."""
    exp = _numeric(payload, "exp")
    if exp is not None and now_ts >= exp + leeway:
        raise ExpiredError(
            "the SD-JWT has expired (exp is in the past); ask the issuer for a new one",
            "SD-JWT 已过期（exp 已过）；请向签发方申请新的凭证",
        )
    nbf = _numeric(payload, "nbf")
    if nbf is not None and now_ts < nbf - leeway:
        raise NotYetValidError(
            "the SD-JWT is not valid yet (nbf is in the future)",
            "SD-JWT 尚未生效（nbf 在未来）",
        )
    iat = _numeric(payload, "iat")
    if iat is not None and iat > now_ts + skew:
        raise NotYetValidError(
            "the SD-JWT was issued in the future (iat); check the clocks",
            "SD-JWT 的签发时间（iat）在未来；请检查时钟",
        )


def _check_audience(aud: Any, audience: str | None) -> None:
    """RFC 7519 section 4.1.3 (RFC 9901 section 7.1 step 6): an ``aud`` must name this verifier."""
    names = [aud] if isinstance(aud, str) else aud
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise MalformedInputError(
            "the SD-JWT's aud must be a string or an array of strings",
            "SD-JWT 的 aud 必须是字符串或字符串数组",
        )
    if audience is None or audience not in names:
        raise ProofError(
            "the SD-JWT is addressed (aud) to other verifiers; pass audience= naming this one",
            "该 SD-JWT 的受众（aud）是其他验证方；请以 audience= 传入本验证方标识",
        )


# -- typ -------------------------------------------------------------------------


def _media(typ: object) -> str | None:
    if typ is None:
        return None
    if not isinstance(typ, str):
        raise MalformedInputError("the header typ must be a string", "头部 typ 必须是字符串")
    t = typ.lower()
    return t[len("application/") :] if t.startswith("application/") else t


def _is_w3c(header: Mapping[str, Any], payload: Mapping[str, Any], mode: str) -> bool:
    """Check the header ``typ``; True for a W3C credential (VC-JOSE-COSE), False for an SD-JWT (VC).

    ``vc+sd-jwt`` is both VC-JOSE-COSE's type and SD-JWT VC's earlier one: a
    payload with ``@context`` or without ``vct`` is a W3C credential, whichever
    entry point received it, so its validity period and status are checked.
    """
    typ = _media(header.get("typ"))
    if mode == "vc":
        if typ != TYP_VC_SD_JWT:
            raise UnsupportedError(
                f"a W3C credential secured with SD-JWT must have typ 'vc+sd-jwt', got {typ!r}",
                f"以 SD-JWT 保护的 W3C 凭证的 typ 必须为 'vc+sd-jwt'，实际为 {typ!r}",
            )
        return True
    has_vct = "vct" in payload
    if typ == TYP_VC_SD_JWT and (not has_vct or "@context" in payload):
        return True
    if has_vct:
        if typ not in (TYP_SD_JWT_VC, TYP_SD_JWT_VC_LEGACY):
            raise UnsupportedError(
                f"an SD-JWT VC (it has vct) must have typ 'dc+sd-jwt' (or legacy 'vc+sd-jwt'), got {typ!r}",
                f"SD-JWT VC（含 vct）的 typ 必须为 'dc+sd-jwt'（或旧值 'vc+sd-jwt'），实际为 {typ!r}",
            )
        return False
    if typ == TYP_SD_JWT_VC:
        raise MalformedInputError(
            "typ is 'dc+sd-jwt' but the payload has no vct; an SD-JWT VC needs its type",
            "typ 为 'dc+sd-jwt' 但载荷中没有 vct；SD-JWT VC 必须声明类型",
        )
    if typ is None or not (typ == "sd-jwt" or typ.endswith("+sd-jwt")):
        raise UnsupportedError(
            f"the issuer-signed JWT must be explicitly typed as an SD-JWT ('…+sd-jwt'), got {typ!r} "
            "(RFC 9901 section 9.11)",
            f"签发方签名的 JWT 必须显式声明为 SD-JWT 类型（'…+sd-jwt'），实际为 {typ!r}"
            "（RFC 9901 第 9.11 节）",
        )
    return False


def _refuse_concealed(value: Any, name: str) -> None:
    """Refuse digests anywhere in the issuer-signed value of a never-disclosable claim."""
    t = type(value)
    if t is dict:
        if "_sd" in value or "..." in value:
            raise DisclosureError(
                f"/{name} conceals parts of itself behind digests, but it must be issued wholly "
                "in the clear (RFC 9901 section 9.7, SD-JWT VC section 3.2.2.2)",
                f"/{name} 的部分内容以摘要隐藏，但它必须完全明文签发（RFC 9901 第 9.7 节，"
                "SD-JWT VC 第 3.2.2.2 节）",
            )
        children: Any = value.values()
    elif t is list:
        children = value
    else:
        return
    for v in children:
        tv = type(v)
        if tv is dict or tv is list:  # scalars hold no digests: no call for them
            _refuse_concealed(v, name)


# -- Disclosure processing (RFC 9901 section 7.1 step 3) -------------------------


class _Processor:
    """Replaces embedded digests with disclosed values, enforcing every rule of section 7.1."""

    __slots__ = ("by_digest", "disclosed", "disclosed_digests", "never", "seen", "used")

    def __init__(self, by_digest: dict[str, str], never: frozenset[str]) -> None:
        self.by_digest = by_digest
        self.never = never  # top-level names no Disclosure may carry
        self.seen: set[str] = set()
        self.used = 0
        self.disclosed: list[Path] = []
        self.disclosed_digests: list[str] = []

    def _disclosure(self, dig: str, size: int) -> list[Any] | None:
        """The decoded Disclosure for *dig* (None: a decoy or undisclosed), of *size* elements."""
        encoded = self.by_digest.get(dig)
        if encoded is None:
            return None
        content = parse_json(b64url_decode(encoded, what="Disclosure"), what="Disclosure")
        if type(content) is not list or len(content) not in (2, 3):
            raise DisclosureError(
                "a Disclosure must be a JSON array [salt, name, value] or [salt, value]",
                "披露项必须是 JSON 数组 [盐值, 名称, 值] 或 [盐值, 值]",
            )
        if type(content[0]) is not str:
            raise DisclosureError(
                "a Disclosure's salt must be a string", "披露项的盐值必须是字符串"
            )
        if len(content) != size:
            if size == 3:
                raise DisclosureError(
                    "an array-element Disclosure is referenced from an object's '_sd'",
                    "对象的 '_sd' 引用了数组元素披露项",
                )
            raise DisclosureError(
                "an object-property Disclosure is referenced from an array element",
                "数组元素引用了对象属性披露项",
            )
        self.used += 1
        return content

    def _see(self, dig: object) -> str:
        if type(dig) is not str:
            raise DisclosureError(
                "a digest in '_sd' or '...' must be a string",
                "'_sd' 或 '...' 中的摘要必须是字符串",
            )
        if dig in self.seen:
            raise DisclosureError(
                "the same digest appears more than once in the SD-JWT (RFC 9901 section 7.1 step 4)",
                "同一摘要在 SD-JWT 中出现多次（RFC 9901 第 7.1 节第 4 步）",
            )
        self.seen.add(dig)
        return dig

    def _refuse_name(self, name: str, depth: int) -> None:
        if name == "_sd_alg" or (not depth and name in self.never):
            raise DisclosureError(
                f"a Disclosure carries /{name}, which must be issued in the clear "
                "(RFC 9901 section 9.7, SD-JWT VC section 3.2.2.2)",
                f"披露项中含有 /{name}，但它必须明文签发（RFC 9901 第 9.7 节，SD-JWT VC 第 3.2.2.2 节）",
            )
        raise DisclosureError(
            f"a Disclosure repeats the claim name {name!r} already present at its level",
            f"披露项中的声明名称 {name!r} 与同层已有声明重复",
        )

    def value(self, v: Any, depth: int, path: Path) -> Any:
        t = type(v)
        if t is dict:
            return self.obj(v, depth, path)
        if t is list:
            return self.arr(v, depth, path)
        return v

    def obj(self, o: dict[str, Any], depth: int, path: Path) -> dict[str, Any]:
        if depth > MAX_SD_DEPTH:
            raise InputTooLargeError(
                f"the SD-JWT nests deeper than {MAX_SD_DEPTH} levels",
                f"SD-JWT 嵌套超过 {MAX_SD_DEPTH} 层",
            )
        if "..." in o:
            raise DisclosureError(
                "'...' may only be the single key of an array element placeholder",
                "'...' 只能作为数组元素占位对象的唯一键",
            )
        if depth and "_sd_alg" in o:
            raise DisclosureError(
                "_sd_alg may only appear at the top level of the payload",
                "_sd_alg 只能出现在载荷顶层",
            )
        out: dict[str, Any] = {}
        for k, v in o.items():
            if k == "_sd" or k == "_sd_alg":
                continue
            t = type(v)
            if t is dict:
                out[k] = self.obj(v, depth + 1, (*path, k))
            elif t is list:
                out[k] = self.arr(v, depth + 1, (*path, k))
            else:
                out[k] = v
        sd = o.get("_sd", _MISSING)
        if sd is _MISSING:
            return out
        if type(sd) is not list:
            raise DisclosureError("'_sd' must be an array of digests", "'_sd' 必须是摘要数组")
        seen, by_digest = self.seen, self.by_digest
        for dig in sd:
            # self._see and self._disclosure, inlined on this hot path.
            if type(dig) is not str or dig in seen:
                self._see(dig)  # raises
            seen.add(dig)
            if dig not in by_digest:
                continue  # a decoy or an undisclosed claim
            d = self._disclosure(dig, 3)
            assert d is not None  # noqa: S101 - dig is in by_digest
            name = d[1]
            if type(name) is not str or name == "_sd" or name == "...":
                check_claim_name(name)  # raises
            if name in out or name == "_sd_alg" or (not depth and name in self.never):
                self._refuse_name(name, depth)
            child = (*path, name)
            self.disclosed.append(child)
            self.disclosed_digests.append(dig)
            v = d[2]
            t = type(v)
            if t is dict:
                v = self.obj(v, depth + 1, child)
            elif t is list:
                v = self.arr(v, depth + 1, child)
            out[name] = v
        return out

    def arr(self, a: list[Any], depth: int, path: Path) -> list[Any]:
        if depth > MAX_SD_DEPTH:
            raise InputTooLargeError(
                f"the SD-JWT nests deeper than {MAX_SD_DEPTH} levels",
                f"SD-JWT 嵌套超过 {MAX_SD_DEPTH} 层",
            )
        out: list[Any] = []
        for el in a:
            if type(el) is dict and "..." in el:
                if len(el) != 1:
                    raise DisclosureError(
                        "an array element placeholder must have '...' as its only key",
                        "数组元素占位对象只能包含键 '...'",
                    )
                dig = self._see(el["..."])
                d = self._disclosure(dig, 2)
                if d is None:
                    continue
                child = (*path, len(out))
                self.disclosed.append(child)
                self.disclosed_digests.append(dig)
                out.append(self.value(d[1], depth + 1, child))
            else:
                out.append(self.value(el, depth + 1, (*path, len(out))))
        return out


class _Processed:
    """The outcome of section 7.1 (internal; a plain class, built once per verification)."""

    __slots__ = ("claims", "disclosed", "disclosed_digests", "issuer", "jws", "parts", "w3c")

    def __init__(
        self,
        parts: SDJWTParts,
        jws: ParsedJWS,
        claims: dict[str, Any],
        disclosed: tuple[Path, ...],
        disclosed_digests: tuple[str, ...],
        issuer: str | None,
        w3c: bool,
    ) -> None:
        self.parts = parts
        self.jws = jws
        self.claims = claims
        self.disclosed = disclosed
        self.disclosed_digests = disclosed_digests
        self.issuer = issuer  # from the issuer-signed payload, never from a Disclosure
        self.w3c = w3c


def _index_disclosures(disclosures: tuple[str, ...]) -> dict[str, str]:
    if not disclosures:
        return {}
    # Every Disclosure is non-empty (the parsers refuse '~~' and empty strings),
    # so one match over their concatenation checks each one's alphabet.
    if not all(disclosures) or _B64URL.fullmatch("".join(disclosures)) is None:
        raise MalformedInputError(
            "a Disclosure is not base64url text", "披露项不是 base64url 文本"
        )
    # Each 32-byte SHA-256 followed by one zero byte is 33 bytes = 44 base64
    # characters, the first 43 of which are exactly its unpadded base64url
    # encoding: one encoding call serves every digest.
    joined = _b2a(
        b"".join([_sha256(d.encode("ascii")).digest() + b"\0" for d in disclosures]),
        newline=False,
    ).translate(_TO_URL)
    by_digest = {
        joined[i : i + 43].decode("ascii"): d
        for i, d in zip(range(0, len(joined), 44), disclosures, strict=True)
    }
    if len(by_digest) != len(disclosures):
        raise DisclosureError(
            "the same Disclosure is sent more than once (RFC 9901 section 4)",
            "同一披露项被发送了多次（RFC 9901 第 4 节）",
        )
    return by_digest


def _resolve_issuer_key(jws: ParsedJWS, issuer: str | None, resolver: Any) -> PublicKey:
    """The issuer's key from its DID document: ``kid`` must be a method of the issuer's DID."""
    if issuer is None or not issuer.startswith("did:"):
        raise MalformedInputError(
            "the issuer is not a DID, so its key cannot be resolved; pass issuer_key=",
            "签发方不是 DID，无法解析其密钥；请传入 issuer_key=",
        )
    kid = jws.header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise MalformedInputError(
            "the header has no kid naming the issuer's verification method; pass issuer_key=",
            "头部缺少指明签发方验证方法的 kid；请传入 issuer_key=",
        )
    if kid.startswith("#"):
        kid = issuer + kid
    if kid.split("#", 1)[0] != issuer:
        raise IssuerMismatchError(
            "the header kid names a key of another DID than the issuer; the key must belong to the issuer",
            "头部 kid 指向的密钥不属于签发方 DID；签名密钥必须属于签发方",
        )
    if resolver is None:
        if kid.startswith(("did:key:", "did:jwk:")):
            return _offline_key(kid)
        from ..did import DIDResolver

        resolver = DIDResolver()
    try:
        vm = resolver.resolve_verification_method(kid, relationship="assertionMethod")
    except ShebaoError:
        raise
    except Exception as exc:  # a caller-supplied resolver misbehaved: fail closed
        raise ResolutionError(
            "the issuer's key could not be resolved; pass a DIDResolver as resolver=",
            "无法解析签发方密钥；请以 resolver= 传入 DIDResolver",
        ) from exc
    key = getattr(vm, "public_key", None)
    if not isinstance(key, PublicKey):
        raise ResolutionError(
            "the resolver returned no public key for the issuer; pass a DIDResolver as resolver=",
            "解析器未返回签发方公钥；请以 resolver= 传入 DIDResolver",
        )
    return key


@lru_cache(maxsize=1024)
def _offline_key(kid: str) -> PublicKey:
    """did:key / did:jwk methods are pure functions of the DID URL: resolve each once."""
    from ..did import DIDResolver

    vm = DIDResolver().resolve_verification_method(kid, relationship="assertionMethod")
    key: PublicKey = vm.public_key
    return key


def _signed_issuer(payload: Mapping[str, Any], w3c: bool) -> str | None:
    """The issuer named in the issuer-signed payload: ``iss``, or a W3C credential's ``issuer``."""
    iss = payload.get("iss")
    if w3c:
        issuer = checked_issuer(payload)
        if iss is not None and iss != issuer:
            raise IssuerMismatchError(
                "the JWT iss differs from the credential's issuer",
                "JWT 的 iss 与凭证的 issuer 不一致",
            )
        return issuer
    if iss is not None and not isinstance(iss, str):
        raise MalformedInputError("iss must be a string", "iss 必须是字符串")
    return iss


def process_sd_jwt(
    presentation: str | bytes | Mapping[str, Any],
    *,
    issuer_key: object | None,
    resolver: Any,
    algorithms: Mapping[str, type[PublicKey]],
    mode: str,
) -> _Processed:
    """Section 7.1: check the issuer signature and process every Disclosure.

    *mode* is ``"vc"`` for a W3C credential only (``verify_vc_sd_jwt``), else
    ``"auto"``: the header ``typ`` and payload decide (see :func:`_is_w3c`).
    """
    if algorithms is not DEFAULT_ALGORITHMS and (  # the default is read-only and valid
        not isinstance(algorithms, Mapping)
        or not all(isinstance(a, str) and isinstance(c, type) for a, c in algorithms.items())
    ):
        raise MalformedInputError(
            "algorithms= must map JWS alg names to key classes, e.g. {'EdDSA': Ed25519PublicKey}",
            "algorithms= 必须将 JWS 算法名映射到密钥类，例如 {'EdDSA': Ed25519PublicKey}",
        )
    parts = parse_sd_jwt(presentation)
    jws = parse_jws(parts.jws, what="issuer-signed JWT")
    header, payload = jws.header, jws.payload
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in algorithms:
        allowed = ", ".join(sorted(algorithms))
        raise UnsupportedError(
            f"the issuer-signed JWT uses algorithm {alg!r}; allowed: {allowed} ('none' never is)",
            f"签发方签名的 JWT 使用了算法 {alg!r}；允许的算法：{allowed}（从不允许 'none'）",
        )
    w3c = _is_w3c(header, payload, mode)
    # The key is resolved from, and the result names, the issuer in the signed payload.
    issuer = _signed_issuer(payload, w3c)
    if issuer_key is not None:
        key = public_key_of(issuer_key)
    else:
        key = _resolve_issuer_key(jws, issuer, resolver)
    verify_jws(jws, key, algorithms=algorithms)

    sd_alg = payload.get("_sd_alg", DEFAULT_SD_ALG)
    if type(sd_alg) is not str or sd_alg not in SUPPORTED_SD_ALGS:
        shown = repr(sd_alg) if type(sd_alg) is str else f"of type {type(sd_alg).__name__}"
        raise UnsupportedError(
            f"_sd_alg {shown[:64]} is not supported; allowed: sha-256",
            f"不支持 _sd_alg {shown[:64]}；仅允许 sha-256",
        )
    never = VC_NEVER_DISCLOSABLE if w3c else NEVER_DISCLOSABLE
    for name in never:
        if name in payload:
            _refuse_concealed(payload[name], name)
    by_digest = _index_disclosures(parts.disclosures)
    processor = _Processor(by_digest, never)
    claims = processor.obj(payload, 0, ())
    if processor.used != len(by_digest):
        raise DisclosureError(
            "a Disclosure is not referenced by any digest in the SD-JWT (RFC 9901 section 7.1 step 5)",
            "有披露项未被 SD-JWT 中的任何摘要引用（RFC 9901 第 7.1 节第 5 步）",
        )
    return _Processed(
        parts,
        jws,
        claims,
        tuple(processor.disclosed),
        tuple(processor.disclosed_digests),
        issuer,
        w3c,
    )


def _kb_time(payload: Mapping[str, Any], name: str) -> float | None:
    value = payload.get(name)
    if value is None:
        return None
    try:
        return parse_numeric_date(value, what=f"the key-binding JWT's {name}")
    except MalformedInputError as exc:
        raise KeyBindingError(
            f"the key-binding JWT's {name} is not a NumericDate (seconds since 1970, years 1-9999)",
            f"密钥绑定 JWT 的 {name} 不是 NumericDate（自 1970 年起的秒数，1-9999 年）",
        ) from exc


def _check_key_binding(
    processed: _Processed,
    *,
    nonce: str | None,
    audience: str | None,
    now_ts: float,
    skew: float,
    algorithms: Mapping[str, type[PublicKey]],
) -> dict[str, Any]:
    """Section 7.3 step 5: every check of the KB-JWT."""
    kb_jwt = processed.parts.kb_jwt
    assert kb_jwt is not None  # noqa: S101 - callers check
    if nonce is None or audience is None:
        raise KeyBindingError(
            "the presentation has a key-binding JWT; pass the expected nonce= and audience= to check it",
            "该出示包含密钥绑定 JWT；请传入期望的 nonce= 与 audience= 以进行检查",
        )
    kb = parse_jws(kb_jwt, what="KB-JWT")
    if kb.header.get("typ") != "kb+jwt":
        raise KeyBindingError(
            "the key-binding JWT must have typ 'kb+jwt'", "密钥绑定 JWT 的 typ 必须为 'kb+jwt'"
        )
    holder, _ = _holder_key(processed.claims)
    verify_jws(kb, holder, algorithms=algorithms)
    p = kb.payload
    kb_nonce = p.get("nonce")
    if not isinstance(kb_nonce, str) or not hmac.compare_digest(
        # surrogatepass: a lone surrogate is compared, never raised on.
        kb_nonce.encode("utf-8", "surrogatepass"),
        nonce.encode("utf-8", "surrogatepass"),
    ):
        raise KeyBindingError(
            "the key-binding JWT was made for another nonce; request a fresh presentation",
            "密钥绑定 JWT 针对的是其他随机数；请重新获取出示",
        )
    aud = p.get("aud")
    if not isinstance(aud, str) or aud != audience:
        raise KeyBindingError(
            "the key-binding JWT was made for another audience (aud must be this verifier)",
            "密钥绑定 JWT 的受众（aud）不是本验证方",
        )
    iat = _kb_time(p, "iat")
    if iat is None:
        raise KeyBindingError(
            "the key-binding JWT has no numeric iat", "密钥绑定 JWT 缺少数值型 iat"
        )
    if abs(now_ts - iat) > skew:
        raise KeyBindingError(
            "the key-binding JWT's iat is outside the accepted time window; it is stale or from the future",
            "密钥绑定 JWT 的 iat 不在可接受的时间窗口内；已过时或来自未来",
        )
    sd_hash = p.get("sd_hash")
    expected = digest(processed.parts.sd_jwt_string)
    if not isinstance(sd_hash, str) or not hmac.compare_digest(
        sd_hash.encode("ascii", "replace"), expected.encode("ascii")
    ):
        raise KeyBindingError(
            "the key-binding JWT's sd_hash does not match the presented SD-JWT and Disclosures",
            "密钥绑定 JWT 的 sd_hash 与所出示的 SD-JWT 及披露项不符",
        )
    exp, nbf = _kb_time(p, "exp"), _kb_time(p, "nbf")
    for name, invalid in (
        ("exp", exp is not None and now_ts >= exp),
        ("nbf", nbf is not None and now_ts + skew < nbf),
    ):
        if invalid:
            raise KeyBindingError(
                f"the key-binding JWT's {name} makes it invalid now",
                f"密钥绑定 JWT 的 {name} 使其当前无效",
            )
    return dict(p)


def _status_module() -> Any:
    try:
        return import_module("..status", __package__)
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the install
        raise StatusUnavailableError(
            "status checking is not available in this installation",
            "此安装不支持状态检查",
        ) from exc


def _check_status(
    claims: Mapping[str, Any],
    *,
    status: Any,
    check_status: bool,
    issuer: str | None,
    now: datetime,
    resolver: Any,
    issuer_key: object | None,
) -> Any:
    if "status" not in claims or not check_status:
        return None
    claim = claims["status"]
    if not isinstance(claim, dict):
        raise MalformedInputError(
            "the status claim must be a JSON object", "status 声明必须是 JSON 对象"
        )
    if status is None:
        raise StatusUnavailableError(
            "the SD-JWT has a status claim but no status source was given; "
            "pass status= (a fetcher or StatusListResolver) or check_status=False",
            "SD-JWT 含有 status 声明，但未提供状态来源；请传入 status=（获取函数或 StatusListResolver）"
            "或 check_status=False",
        )
    return _status_module().check_token_status(
        claim,
        status=status,
        issuer=issuer or "",
        now=now,
        resolver=resolver,
        issuer_key=issuer_key,
    )


def _check_credential_status(
    credential: Mapping[str, Any],
    *,
    status: Any,
    issuer: str,
    now: datetime,
    resolver: Any,
) -> Any:
    """A W3C credential's ``credentialStatus`` (Bitstring Status List), failing closed."""
    if status is None:
        raise StatusUnavailableError(
            "the credential has a credentialStatus but no status source was given; "
            "pass status= or check_status=False",
            "凭证含有 credentialStatus，但未提供状态来源；请传入 status= 或 check_status=False",
        )
    return _status_module().check_credential_status(
        credential, status=status, issuer=issuer, now=now, resolver=resolver
    )


def check_verify_options(
    *,
    nonce: object,
    audience: object,
    require_key_binding: object,
    check_status: object,
    skew: object,
    leeway: object,
) -> None:
    """Refuse wrongly typed verification options before anything is checked."""
    if (
        (nonce is None or type(nonce) is str)
        and (audience is None or type(audience) is str)
        and type(require_key_binding) is bool
        and type(check_status) is bool
        and type(skew) is timedelta
        and type(leeway) is timedelta
        and skew >= _NO_TIME
        and leeway >= _NO_TIME
    ):
        return  # the common case, without the loops below (which name the wrong option)
    for name, value in (("nonce", nonce), ("audience", audience)):
        if value is not None and not isinstance(value, str):
            raise MalformedInputError(
                f"{name}= must be a string (or None); pass the value the verifier expects",
                f"{name}= 必须是字符串（或 None）；请传入验证方期望的值",
            )
    for name, value in (
        ("require_key_binding", require_key_binding),
        ("check_status", check_status),
    ):
        if not isinstance(value, bool):
            raise MalformedInputError(
                f"{name}= must be True or False", f"{name}= 必须是 True 或 False"
            )
    for name, value in (("skew", skew), ("leeway", leeway)):
        if not isinstance(value, timedelta) or value < timedelta(0):
            raise MalformedInputError(
                f"{name}= must be a non-negative datetime.timedelta",
                f"{name}= 必须是非负的 datetime.timedelta",
            )


def verify_sd_jwt(
    presentation: str | bytes | Mapping[str, Any],
    *,
    nonce: str | None,
    audience: str | None,
    require_key_binding: bool = True,
    issuer_key: object | None = None,
    resolver: Any = None,
    status: Any = None,
    check_status: bool = True,
    now: datetime | None = None,
    skew: timedelta = DEFAULT_SKEW,
    leeway: timedelta = timedelta(0),
    algorithms: Mapping[str, type[PublicKey]] = DEFAULT_ALGORITHMS,
) -> VerifiedSDJWT:
    """Verify an SD-JWT or SD-JWT+KB presentation; return the processed payload.

    A W3C credential secured with SD-JWT (``typ`` ``vc+sd-jwt`` and a payload
    with ``@context`` or without ``vct``) is verified as one, exactly as
    :func:`~didkit_shebao.verify_vc_sd_jwt` does: its validity period and
    ``credentialStatus`` are checked too.

    Args:
        presentation: compact (``<JWT>~<D>~…~<KB-JWT>``) or JWS JSON serialized.
        nonce / audience: what the KB-JWT must carry. Required whenever a
            KB-JWT is present: a present KB-JWT is always checked in full.
        require_key_binding: refuse a presentation without a KB-JWT (default).
            Decide this by policy, never by what the holder sent.
        issuer_key: the issuer's key, public key or public JWK. When given,
            the header ``kid`` is not used. Otherwise ``iss`` (a W3C
            credential's ``issuer``) must be a DID and ``kid`` one of its
            ``assertionMethod`` verification methods.
        resolver: a :class:`~didkit_shebao.DIDResolver` (default: offline
            did:key / did:jwk).
        status / check_status: the status-list source for a ``status`` claim
            (or a W3C ``credentialStatus``). A credential with either and no
            source fails with :class:`~didkit_shebao.errors.StatusUnavailableError`
            unless ``check_status=False``.
        now: the verification time (aware datetime; default: the clock).
        skew: how far a KB-JWT's ``iat`` may be from *now* (default 5 minutes).
        leeway: tolerance on ``exp`` / ``nbf`` / ``validFrom`` / ``validUntil`` (default none).
        algorithms: the allowed JWS algorithms (default EdDSA and ES256).

    Raises:
        VerificationError: a subclass naming the failed check.
    """
    with verification_boundary():
        return verify_in_mode(
            presentation,
            mode="auto",
            nonce=nonce,
            audience=audience,
            require_key_binding=require_key_binding,
            issuer_key=issuer_key,
            resolver=resolver,
            status=status,
            check_status=check_status,
            now=now,
            skew=skew,
            leeway=leeway,
            algorithms=algorithms,
        )


def verify_in_mode(
    presentation: str | bytes | Mapping[str, Any],
    *,
    mode: str,
    nonce: str | None,
    audience: str | None,
    require_key_binding: bool,
    issuer_key: object | None,
    resolver: Any,
    status: Any,
    check_status: bool,
    now: datetime | None,
    skew: timedelta,
    leeway: timedelta,
    algorithms: Mapping[str, type[PublicKey]],
) -> VerifiedSDJWT:
    """What :func:`verify_sd_jwt` (*mode* ``"auto"``) and ``verify_vc_sd_jwt`` (``"vc"``) run."""
    check_verify_options(
        nonce=nonce,
        audience=audience,
        require_key_binding=require_key_binding,
        check_status=check_status,
        skew=skew,
        leeway=leeway,
    )
    when = resolve_now(now)
    now_ts = when.timestamp()
    processed = process_sd_jwt(
        presentation, issuer_key=issuer_key, resolver=resolver, algorithms=algorithms, mode=mode
    )
    claims = processed.claims
    if require_key_binding and processed.parts.kb_jwt is None:
        raise KeyBindingError(
            "key binding is required but the presentation has no KB-JWT; the holder must sign it",
            "要求密钥绑定，但出示中没有 KB-JWT；持有者必须签名",
        )
    lee, sk = leeway.total_seconds(), skew.total_seconds()
    if processed.w3c:
        check_credential(claims)
        check_validity_period(claims, now_ts, lee)
    vct = claims.get("vct")
    if vct is not None and not isinstance(vct, str):
        raise MalformedInputError("vct must be a string", "vct 必须是字符串")
    _check_validity(claims, now_ts, lee, sk)
    if "aud" in claims:
        _check_audience(claims["aud"], audience)
    key_binding = None
    if processed.parts.kb_jwt is not None:
        key_binding = _check_key_binding(
            processed,
            nonce=nonce,
            audience=audience,
            now_ts=now_ts,
            skew=sk,
            algorithms=algorithms,
        )
    issuer = processed.issuer
    status_result = _check_status(
        claims,
        status=status,
        check_status=check_status,
        issuer=issuer,
        now=when,
        resolver=resolver,
        issuer_key=issuer_key,
    )
    if processed.w3c and check_status and "credentialStatus" in claims:
        assert issuer is not None  # noqa: S101 - check_credential found it
        status_result = _check_credential_status(
            claims, status=status, issuer=issuer, now=when, resolver=resolver
        )
    cnf = claims.get("cnf")
    holder_jwk = cnf.get("jwk") if isinstance(cnf, dict) else None
    return VerifiedSDJWT(
        claims=claims,
        issuer=issuer,
        holder_jwk=dict(holder_jwk) if isinstance(holder_jwk, dict) else None,
        header=dict(processed.jws.header),
        typ=processed.jws.header.get("typ"),
        vct=vct,
        disclosed_paths=processed.disclosed,
        key_binding=key_binding,
        status=status_result,
    )
