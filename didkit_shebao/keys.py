"""Signing keys: Ed25519 (issuers, holders) and P-256 / ES256 (phone-held holder keys).

Keys convert to and from Multikey (W3C Controlled Identifiers 1.0) and JWK
(RFC 8037 OKP, RFC 7518 EC). Verification raises :class:`InvalidSignatureError`;
it never returns a bool. ``repr()`` of a private key shows only its public part.

Algorithms are looked up in an immutable mapping passed in by the caller
(:data:`DEFAULT_ALGORITHMS` by default), which leaves room for SM2 later
without any global registry.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Final, TypeAlias

import nacl.bindings
import nacl.exceptions
import nacl.signing
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ._encoding import (
    b64url_decode,
    b64url_encode,
    canonical_json,
    multibase_decode,
    multibase_encode,
    multicodec_unwrap,
    multicodec_wrap,
)
from .errors import (
    InvalidSignatureError,
    MalformedInputError,
    NonCanonicalEncodingError,
    UnsupportedError,
)

__all__ = [
    "DEFAULT_ALGORITHMS",
    "Ed25519Key",
    "Ed25519PublicKey",
    "P256Key",
    "P256PublicKey",
    "PrivateKey",
    "PublicKey",
    "as_public_key",
    "jwk_thumbprint",
    "key_from_jwk",
    "key_from_multibase",
    "public_key_for_algorithm",
    "public_key_from_multibase",
]

_P256_ORDER: Final = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def _check_bytes(*values: object) -> None:
    if not all(isinstance(v, bytes | bytearray | memoryview) for v in values):
        raise MalformedInputError(
            "the data and the signature must be bytes", "数据与签名必须是字节串"
        )


def _fix_len(value: bytes, length: int, what: str) -> bytes:
    # Type first: bytes(32) would quietly make 32 zero bytes (an all-zero key).
    if not isinstance(value, bytes | bytearray | memoryview):
        raise MalformedInputError(f"{what} must be bytes", f"{what} 必须是字节串")
    value = bytes(value)
    if len(value) != length:
        raise MalformedInputError(
            f"{what} must be {length} bytes, got {len(value)}",
            f"{what} 必须为 {length} 字节，实际为 {len(value)} 字节",
        )
    return value


class Ed25519PublicKey:
    """An Ed25519 public key (JOSE ``EdDSA``, multicodec ``ed25519-pub``)."""

    __slots__ = ("_raw", "_verify_key")
    alg: Final = "EdDSA"

    def __init__(self, raw: bytes) -> None:
        self._raw = _fix_len(raw, 32, "Ed25519 public key")
        self._verify_key = nacl.signing.VerifyKey(self._raw)

    @property
    def raw(self) -> bytes:
        """The 32 raw public-key bytes."""
        return self._raw

    @property
    def public_key(self) -> Ed25519PublicKey:
        """This key (so public and private keys share one shape)."""
        return self

    @property
    def public_multibase(self) -> str:
        """Multikey ``publicKeyMultibase`` (``z6Mk…``)."""
        return multibase_encode(multicodec_wrap("ed25519-pub", self._raw))

    @property
    def public_jwk(self) -> dict[str, str]:
        """RFC 8037 OKP JWK."""
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(self._raw)}

    def x25519_public_multibase(self) -> str:
        """The X25519 key-agreement key derived from this key (did:key ``z6LS…``)."""
        try:
            x = nacl.bindings.crypto_sign_ed25519_pk_to_curve25519(self._raw)
        except nacl.exceptions.RuntimeError as exc:
            raise MalformedInputError(
                "this Ed25519 public key is not a valid curve point; no X25519 key derives from it",
                "该 Ed25519 公钥不是有效曲线点，无法派生 X25519 密钥",
            ) from exc
        return multibase_encode(multicodec_wrap("x25519-pub", x))

    def verify(self, data: bytes, signature: bytes) -> None:
        """Raise :class:`InvalidSignatureError` unless *signature* signs *data*."""
        if (
            type(data) is not bytes or type(signature) is not bytes
        ):  # the common case skips the call
            _check_bytes(data, signature)
        if len(signature) != 64:
            raise InvalidSignatureError()
        try:
            self._verify_key.verify(data, signature)
        except (nacl.exceptions.BadSignatureError, ValueError, TypeError) as exc:
            raise InvalidSignatureError() from exc

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ed25519PublicKey) and other._raw == self._raw

    def __hash__(self) -> int:
        return hash(("ed25519", self._raw))

    def __repr__(self) -> str:
        return f"Ed25519PublicKey({self.public_multibase!r})"


class _PrivateKeyBase:
    """What every private key offers through its public half, and its Multikey / JWK forms."""

    __slots__ = ()
    _SECRET_CODEC: ClassVar[str]

    @property
    def public_key(self) -> PublicKey:  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def _secret_bytes(self) -> bytes:  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def public_multibase(self) -> str:
        """Multikey ``publicKeyMultibase`` of the public half."""
        return self.public_key.public_multibase

    @property
    def public_jwk(self) -> dict[str, str]:
        """The public half as a JWK."""
        return self.public_key.public_jwk

    @property
    def secret_multibase(self) -> str:
        """Multikey ``secretKeyMultibase``. Handle with care."""
        return multibase_encode(multicodec_wrap(self._SECRET_CODEC, self._secret_bytes))

    @property
    def private_jwk(self) -> dict[str, str]:
        """The private JWK (with ``d``). Handle with care."""
        return {**self.public_key.public_jwk, "d": b64url_encode(self._secret_bytes)}

    def verify(self, data: bytes, signature: bytes) -> None:
        """Verify with the public half; raises :class:`InvalidSignatureError`."""
        self.public_key.verify(data, signature)

    @classmethod
    def _from_multibase(cls, secret_multibase: str, other: str) -> Any:
        key = key_from_multibase(secret_multibase)
        if not isinstance(key, cls):
            raise MalformedInputError(
                f"not a {cls.__name__} secret key; use {other}.from_multibase",
                f"不是 {cls.__name__} 私钥；请使用 {other}.from_multibase",
            )
        return key

    def __repr__(self) -> str:
        return f"{type(self).__name__}(public={self.public_multibase!r})"


class Ed25519Key(_PrivateKeyBase):
    """An Ed25519 signing key. Create with :meth:`generate` or a ``from_*`` method."""

    __slots__ = ("_public", "_secret", "_seed", "_signing_key")
    alg: Final = "EdDSA"
    _SECRET_CODEC = "ed25519-priv"  # noqa: S105 - a multicodec name

    def __init__(self, seed: bytes) -> None:
        self._seed = _fix_len(seed, 32, "Ed25519 seed")
        self._signing_key = nacl.signing.SigningKey(self._seed)
        self._public = Ed25519PublicKey(bytes(self._signing_key.verify_key))
        # libsodium's 64-byte secret key (seed || public key), for signing
        # without PyNaCl's SignedMessage wrapper.
        self._secret = self._seed + self._public.raw

    @classmethod
    def generate(cls) -> Ed25519Key:
        """A new key from the operating system's CSPRNG."""
        return cls(secrets.token_bytes(32))

    @classmethod
    def from_seed(cls, seed: bytes) -> Ed25519Key:
        """The key for a 32-byte RFC 8032 seed."""
        if not isinstance(seed, bytes | bytearray):
            raise MalformedInputError("seed must be bytes", "种子必须是字节串")
        return cls(bytes(seed))

    @classmethod
    def from_multibase(cls, secret_multibase: str) -> Ed25519Key:
        """The key for a Multikey ``secretKeyMultibase`` (``z3u2…``)."""
        key: Ed25519Key = cls._from_multibase(secret_multibase, "P256Key")
        return key

    @property
    def seed(self) -> bytes:
        """The 32-byte secret seed. Handle with care."""
        return self._seed

    @property
    def _secret_bytes(self) -> bytes:
        return self._seed

    @property
    def public_key(self) -> Ed25519PublicKey:
        """The matching public key."""
        return self._public

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of *data*."""
        if type(data) is not bytes:
            _check_bytes(data)
            data = bytes(data)
        return nacl.bindings.crypto_sign(data, self._secret)[:64]


def _int_bytes(value: int) -> bytes:
    return value.to_bytes(32, "big")


class P256PublicKey:
    """A P-256 public key (JOSE ``ES256``, multicodec ``p256-pub``)."""

    __slots__ = ("_key", "_x", "_y")
    alg: Final = "ES256"

    def __init__(self, key: ec.EllipticCurvePublicKey) -> None:
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise MalformedInputError(
                "pass a cryptography EC key, or build the key with from_jwk / from_multibase",
                "请传入 cryptography 的 EC 密钥，或用 from_jwk / from_multibase 构造",
            )
        if not isinstance(key.curve, ec.SECP256R1):
            raise UnsupportedError(
                "only the P-256 curve is supported for EC keys",
                "EC 密钥仅支持 P-256 曲线",
            )
        self._key = key
        nums = key.public_numbers()
        self._x = _int_bytes(nums.x)
        self._y = _int_bytes(nums.y)

    @classmethod
    def from_coordinates(cls, x: bytes, y: bytes) -> P256PublicKey:
        """The key for the point (x, y); refuses points off the curve."""
        _fix_len(x, 32, "P-256 x coordinate")
        _fix_len(y, 32, "P-256 y coordinate")
        try:
            key = ec.EllipticCurvePublicNumbers(
                int.from_bytes(x, "big"), int.from_bytes(y, "big"), ec.SECP256R1()
            ).public_key()
        except ValueError as exc:
            raise MalformedInputError(
                "the P-256 public key is not a point on the curve",
                "P-256 公钥不在曲线上",
            ) from exc
        return cls(key)

    @classmethod
    def from_compressed(cls, data: bytes) -> P256PublicKey:
        """The key for a 33-byte SEC1 compressed point."""
        _fix_len(data, 33, "compressed P-256 public key")
        if data[0] not in (2, 3):
            raise MalformedInputError(
                "compressed P-256 public key must start with 0x02 or 0x03",
                "压缩格式的 P-256 公钥必须以 0x02 或 0x03 开头",
            )
        try:
            key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), data)
        except ValueError as exc:
            raise MalformedInputError(
                "the P-256 public key is not a point on the curve",
                "P-256 公钥不在曲线上",
            ) from exc
        return cls(key)

    @property
    def public_key(self) -> P256PublicKey:
        """This key (so public and private keys share one shape)."""
        return self

    @property
    def compressed(self) -> bytes:
        """SEC1 compressed point (33 bytes)."""
        return self._key.public_bytes(Encoding.X962, PublicFormat.CompressedPoint)

    @property
    def public_multibase(self) -> str:
        """Multikey ``publicKeyMultibase`` (``zDn…``)."""
        return multibase_encode(multicodec_wrap("p256-pub", self.compressed))

    @property
    def public_jwk(self) -> dict[str, str]:
        """RFC 7518 EC public JWK."""
        return {
            "kty": "EC",
            "crv": "P-256",
            "x": b64url_encode(self._x),
            "y": b64url_encode(self._y),
        }

    def verify(self, data: bytes, signature: bytes) -> None:
        """Verify a JOSE ES256 signature (raw 64-byte ``r || s``)."""
        if type(data) is not bytes or type(signature) is not bytes:
            _check_bytes(data, signature)
        if len(signature) != 64:
            raise InvalidSignatureError()
        r = int.from_bytes(signature[:32], "big")
        s = int.from_bytes(signature[32:], "big")
        if not (0 < r < _P256_ORDER and 0 < s < _P256_ORDER):
            raise InvalidSignatureError()
        try:
            self._key.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature as exc:
            raise InvalidSignatureError() from exc

    def __eq__(self, other: object) -> bool:
        return isinstance(other, P256PublicKey) and (other._x, other._y) == (self._x, self._y)

    def __hash__(self) -> int:
        return hash(("p256", self._x, self._y))

    def __repr__(self) -> str:
        return f"P256PublicKey({self.public_multibase!r})"


class P256Key(_PrivateKeyBase):
    """A P-256 signing key for ES256, as phone secure hardware holds."""

    __slots__ = ("_key", "_public")
    alg: Final = "ES256"
    _SECRET_CODEC = "p256-priv"  # noqa: S105 - a multicodec name

    def __init__(self, key: ec.EllipticCurvePrivateKey) -> None:
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise MalformedInputError(
                "pass a cryptography EC key, or build the key with from_jwk / from_multibase",
                "请传入 cryptography 的 EC 密钥，或用 from_jwk / from_multibase 构造",
            )
        if not isinstance(key.curve, ec.SECP256R1):
            raise UnsupportedError(
                "only the P-256 curve is supported for EC keys",
                "EC 密钥仅支持 P-256 曲线",
            )
        self._key = key
        self._public = P256PublicKey(key.public_key())

    @classmethod
    def generate(cls) -> P256Key:
        """A new key from the operating system's CSPRNG."""
        return cls(ec.generate_private_key(ec.SECP256R1()))

    @classmethod
    def from_secret(cls, d: bytes) -> P256Key:
        """The key for a 32-byte private scalar."""
        _fix_len(d, 32, "P-256 private key")
        value = int.from_bytes(d, "big")
        if not 0 < value < _P256_ORDER:
            raise MalformedInputError(
                "P-256 private key is out of range", "P-256 私钥超出取值范围"
            )
        return cls(ec.derive_private_key(value, ec.SECP256R1()))

    @classmethod
    def from_multibase(cls, secret_multibase: str) -> P256Key:
        """The key for a Multikey ``secretKeyMultibase`` (multicodec ``p256-priv``)."""
        key: P256Key = cls._from_multibase(secret_multibase, "Ed25519Key")
        return key

    @property
    def public_key(self) -> P256PublicKey:
        """The matching public key."""
        return self._public

    @property
    def _secret_bytes(self) -> bytes:
        return _int_bytes(self._key.private_numbers().private_value)

    def sign(self, data: bytes) -> bytes:
        """A JOSE ES256 signature of *data*: raw ``r || s``, 64 bytes."""
        _check_bytes(data)
        der = self._key.sign(data, ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        return _int_bytes(r) + _int_bytes(s)


#: Any public key the library verifies with (Ed25519 or P-256).
PublicKey: TypeAlias = Ed25519PublicKey | P256PublicKey
#: Any private key the library signs with (Ed25519 or P-256).
PrivateKey: TypeAlias = Ed25519Key | P256Key

#: JOSE algorithm name -> public-key class. Immutable; pass your own mapping
#: to allow more (SM2 is planned) or fewer.
DEFAULT_ALGORITHMS: Final[Mapping[str, type[PublicKey]]] = MappingProxyType(
    {"EdDSA": Ed25519PublicKey, "ES256": P256PublicKey}
)


def public_key_for_algorithm(
    key: PublicKey,
    alg: object,
    *,
    algorithms: Mapping[str, type[PublicKey]] = DEFAULT_ALGORITHMS,
) -> PublicKey:
    """Check that *alg* is allowed and matches *key*'s type; return the key."""
    if not isinstance(alg, str) or alg not in algorithms:
        allowed = ", ".join(sorted(algorithms))
        raise UnsupportedError(
            f"algorithm {alg!r} is not allowed; allowed: {allowed}",
            f"不允许使用算法 {alg!r}；允许的算法：{allowed}",
        )
    if not isinstance(key, algorithms[alg]):
        raise UnsupportedError(
            f"algorithm {alg} does not match the {type(key).__name__}",
            f"算法 {alg} 与密钥类型 {type(key).__name__} 不匹配",
        )
    return key


# -- JWK -------------------------------------------------------------------


def _jwk_member(jwk: Mapping[str, Any], name: str, length: int, what: str) -> bytes:
    value = jwk.get(name)
    if not isinstance(value, str):
        raise MalformedInputError(
            f"JWK member {name!r} is missing or not a string",
            f"JWK 成员 {name!r} 缺失或不是字符串",
        )
    return _fix_len(b64url_decode(value, what=f"JWK member {name!r}"), length, what)


def key_from_jwk(jwk: Mapping[str, Any]) -> PrivateKey | PublicKey:
    """A key from a JWK: private when ``d`` is present, else public.

    Supports OKP/Ed25519 (RFC 8037) and EC/P-256 (RFC 7518); anything else
    raises :class:`UnsupportedError`.
    """
    if not isinstance(jwk, Mapping):
        raise MalformedInputError("a JWK must be a JSON object", "JWK 必须是 JSON 对象")
    kty, crv = jwk.get("kty"), jwk.get("crv")
    # An 'alg' that names another key type's algorithm must not be ignored (RFC 7517 §4.4).
    allowed = (
        ("EdDSA", "Ed25519") if kty == "OKP" else ("ES256",) if kty == "EC" else ("EdDSA", "ES256")
    )
    if "alg" in jwk and jwk["alg"] not in allowed:
        raise UnsupportedError(
            "JWK 'alg' must be EdDSA for an Ed25519 key or ES256 for a P-256 key",
            "JWK 的 'alg' 必须是 EdDSA（Ed25519 密钥）或 ES256（P-256 密钥）",
        )
    if kty == "OKP" and crv == "Ed25519":
        x = _jwk_member(jwk, "x", 32, "Ed25519 public key")
        if "d" in jwk:
            key = Ed25519Key(_jwk_member(jwk, "d", 32, "Ed25519 private key"))
            if key.public_key.raw != x:
                raise MalformedInputError(
                    "JWK 'x' does not belong to its 'd'; the key file is corrupt",
                    "JWK 的 'x' 与 'd' 不匹配；密钥文件已损坏",
                )
            return key
        return Ed25519PublicKey(x)
    if kty == "EC" and crv == "P-256":
        pub = P256PublicKey.from_coordinates(
            _jwk_member(jwk, "x", 32, "P-256 x coordinate"),
            _jwk_member(jwk, "y", 32, "P-256 y coordinate"),
        )
        if "d" in jwk:
            pkey = P256Key.from_secret(_jwk_member(jwk, "d", 32, "P-256 private key"))
            if pkey.public_key != pub:
                raise MalformedInputError(
                    "JWK 'x'/'y' do not belong to its 'd'; the key file is corrupt",
                    "JWK 的 'x'/'y' 与 'd' 不匹配；密钥文件已损坏",
                )
            return pkey
        return pub
    # Name kty / crv only when they are short strings: never echo arbitrary input.
    shown = " ".join(
        f"{n}={v!r}"
        for n, v in (("kty", kty), ("crv", crv))
        if isinstance(v, str) and len(v) <= 16
    )
    raise UnsupportedError(
        f"JWK {shown or 'type'} is not supported; use OKP/Ed25519 or EC/P-256",
        f"不支持 JWK {shown or '类型'}；请使用 OKP/Ed25519 或 EC/P-256",
    )


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """RFC 7638 SHA-256 thumbprint of a public JWK, base64url."""
    if not isinstance(jwk, Mapping):
        raise MalformedInputError("a JWK must be a JSON object", "JWK 必须是 JSON 对象")
    pub = as_public_key(dict(jwk))
    members = pub.public_jwk
    return b64url_encode(hashlib.sha256(canonical_json(members)).digest())


# -- Multikey ----------------------------------------------------------------


def public_key_from_multibase(value: str) -> PublicKey:
    """A public key from a Multikey ``publicKeyMultibase`` (``z6Mk…`` or ``zDn…``)."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise MalformedInputError(
            "publicKeyMultibase must be base58btc (start with 'z')",
            "publicKeyMultibase 必须为 base58btc 编码（以 'z' 开头）",
        )
    codec, raw = multicodec_unwrap(multibase_decode(value))
    if codec == "ed25519-pub":
        return Ed25519PublicKey(raw)
    if codec == "p256-pub":
        key = P256PublicKey.from_compressed(raw)
        if key.public_multibase != value:  # pragma: no cover - compressed is canonical
            raise NonCanonicalEncodingError(
                "the P-256 publicKeyMultibase is not in its canonical compressed form; "
                "re-encode it with public_multibase",
                "P-256 publicKeyMultibase 不是规范的压缩形式；请用 public_multibase 重新编码",
            )
        return key
    raise UnsupportedError(
        f"multikey type {codec} is not supported; use ed25519-pub or p256-pub",
        f"不支持 multikey 类型 {codec}；请使用 ed25519-pub 或 p256-pub",
    )


def key_from_multibase(value: str) -> PrivateKey:
    """A private key from a Multikey ``secretKeyMultibase``."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise MalformedInputError(
            "secretKeyMultibase must be base58btc (start with 'z')",
            "secretKeyMultibase 必须为 base58btc 编码（以 'z' 开头）",
        )
    codec, raw = multicodec_unwrap(multibase_decode(value))
    if codec == "ed25519-priv":
        return Ed25519Key(_fix_len(raw, 32, "Ed25519 secret key"))
    if codec == "p256-priv":
        return P256Key.from_secret(raw)
    raise UnsupportedError(
        f"secret key type {codec} is not supported; use ed25519-priv or p256-priv",
        f"不支持私钥类型 {codec}；请使用 ed25519-priv 或 p256-priv",
    )


def as_public_key(value: object) -> PublicKey:
    """Coerce a key, public key, public JWK or ``publicKeyMultibase`` to a public key."""
    if isinstance(value, Ed25519Key | P256Key | Ed25519PublicKey | P256PublicKey):
        return value.public_key
    if isinstance(value, str):
        return public_key_from_multibase(value)
    if isinstance(value, Mapping):
        return key_from_jwk(value).public_key
    raise MalformedInputError(
        "expected a key, a public key, a public JWK or a publicKeyMultibase string",
        "需要密钥、公钥、公钥 JWK 或 publicKeyMultibase 字符串",
    )
