"""Signing keys: Ed25519 (issuers, holders), P-256 / ES256 (phone-held holder keys), SM2 (国密).

Keys convert to and from Multikey (W3C Controlled Identifiers 1.0) and JWK
(RFC 8037 OKP, RFC 7518 EC; ``crv`` ``SM2`` for SM2). Verification raises
:class:`InvalidSignatureError`; it never returns a bool. ``repr()`` of a
private key shows only its public part.

Algorithms are looked up in an immutable mapping passed in by the caller
(:data:`DEFAULT_ALGORITHMS` by default, which leaves SM2 out;
:data:`ALGORITHMS_WITH_SM2` adds it), without any global registry.
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

from . import _sm2
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
    "ALGORITHMS_WITH_SM2",
    "DEFAULT_ALGORITHMS",
    "Ed25519Key",
    "Ed25519PublicKey",
    "P256Key",
    "P256PublicKey",
    "PrivateKey",
    "PublicKey",
    "SM2Key",
    "SM2PublicKey",
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


# -- SM2 (GB/T 32918, 国密) ---------------------------------------------------

# Multicodec ``sm2-priv`` (0x1310, varint 90 26) is newer than multiformats' table.
_SM2_PRIV_PREFIX: Final = b"\x90\x26"
# SubjectPublicKeyInfo header for id-ecPublicKey with the SM2 curve (1.2.156.10197.1.301).
_SM2_SPKI_PREFIX: Final = bytes.fromhex("3059301306072a8648ce3d020106082a811ccf5501822d034200")


class SM2PublicKey:
    """An SM2 public key on the recommended curve (multicodec ``sm2-pub``; JWS ``alg`` ``SM2``).

    Signatures are checked over ``e = SM3(Z_A ‖ data)`` (GB/T 32918.2), with
    ``Z_A`` computed from :attr:`distinguishing_id` (default
    ``1234567812345678``, GM/T 0009's). ``SM2`` is not an IANA-registered JOSE
    algorithm; it is the name the BID platform writes. Verification needs no
    optional extra.
    """

    __slots__ = ("_id", "_x", "_xy", "_y", "_za")
    alg: Final = "SM2"

    def __init__(self, x: int, y: int, *, distinguishing_id: bytes = _sm2.DEFAULT_ID) -> None:
        if type(x) is not int or type(y) is not int or not _sm2.is_on_curve(x, y):
            raise MalformedInputError(
                "the SM2 public key is not a point on the curve", "SM2 公钥不在曲线上"
            )
        self._x, self._y = x, y
        self._xy = _int_bytes(x) + _int_bytes(y)
        self._id = _sm2.check_id(distinguishing_id)
        self._za = _sm2.z_a(x, y, self._id)

    @classmethod
    def from_coordinates(
        cls, x: bytes, y: bytes, *, distinguishing_id: bytes = _sm2.DEFAULT_ID
    ) -> SM2PublicKey:
        """The key for the point (x, y), 32 bytes each; refuses points off the curve."""
        return cls(
            int.from_bytes(_fix_len(x, 32, "SM2 x coordinate"), "big"),
            int.from_bytes(_fix_len(y, 32, "SM2 y coordinate"), "big"),
            distinguishing_id=distinguishing_id,
        )

    @classmethod
    def from_bytes(
        cls, data: bytes, *, distinguishing_id: bytes = _sm2.DEFAULT_ID
    ) -> SM2PublicKey:
        """The key for a SEC1 point: compressed (33 bytes) or uncompressed (65 bytes, ``04‖x‖y``)."""
        if not isinstance(data, bytes | bytearray | memoryview):
            raise MalformedInputError("an SM2 point must be bytes", "SM2 点必须是字节串")
        data = bytes(data)
        if len(data) == 33:
            x, y = _sm2.decompress(data)
            return cls(x, y, distinguishing_id=distinguishing_id)
        if len(data) == 65 and data[0] == 4:
            return cls.from_coordinates(data[1:33], data[33:], distinguishing_id=distinguishing_id)
        raise MalformedInputError(
            "an SM2 point is 33 bytes (02/03‖x) or 65 bytes (04‖x‖y); the point at infinity "
            "is not a public key",
            "SM2 点应为 33 字节（02/03‖x）或 65 字节（04‖x‖y）；无穷远点不能作为公钥",
        )

    @classmethod
    def from_spki(cls, der: bytes, *, distinguishing_id: bytes = _sm2.DEFAULT_ID) -> SM2PublicKey:
        """The key for a DER SubjectPublicKeyInfo (id-ecPublicKey, curve 1.2.156.10197.1.301).

        This is what ``openssl pkey -pubout -outform DER`` writes for an SM2 key
        and what ChainMaker's ``publicKeyPem`` holds (base64 between the PEM lines).
        """
        if not isinstance(der, bytes | bytearray) or not bytes(der).startswith(_SM2_SPKI_PREFIX):
            raise MalformedInputError(
                "not an SM2 SubjectPublicKeyInfo (id-ecPublicKey with curve 1.2.156.10197.1.301, "
                "uncompressed point)",
                "不是 SM2 SubjectPublicKeyInfo（id-ecPublicKey，曲线 1.2.156.10197.1.301，非压缩点）",
            )
        return cls.from_bytes(
            bytes(der)[len(_SM2_SPKI_PREFIX) :], distinguishing_id=distinguishing_id
        )

    @property
    def public_key(self) -> SM2PublicKey:
        """This key (so public and private keys share one shape)."""
        return self

    @property
    def distinguishing_id(self) -> bytes:
        """The signer's distinguishing ID that enters Z_A."""
        return self._id

    def with_distinguishing_id(self, distinguishing_id: bytes) -> SM2PublicKey:
        """The same point with another distinguishing ID."""
        return SM2PublicKey(self._x, self._y, distinguishing_id=distinguishing_id)

    @property
    def z_a(self) -> bytes:
        """Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GB/T 32918.2 §5.5)."""
        return self._za

    @property
    def compressed(self) -> bytes:
        """SEC1 compressed point (33 bytes)."""
        return bytes([2 | (self._y & 1)]) + self._xy[:32]

    @property
    def uncompressed(self) -> bytes:
        """SEC1 uncompressed point ``04‖x‖y`` (65 bytes)."""
        return b"\x04" + self._xy

    @property
    def spki(self) -> bytes:
        """DER SubjectPublicKeyInfo, as OpenSSL reads it."""
        return _SM2_SPKI_PREFIX + self.uncompressed

    @property
    def public_multibase(self) -> str:
        """Multikey ``publicKeyMultibase``: multicodec ``sm2-pub`` (0x1206), compressed (``zEPJ…``)."""
        return multibase_encode(multicodec_wrap("sm2-pub", self.compressed))

    @property
    def public_jwk(self) -> dict[str, str]:
        """EC public JWK with ``crv`` ``SM2``."""
        return {
            "kty": "EC",
            "crv": "SM2",
            "x": b64url_encode(self._xy[:32]),
            "y": b64url_encode(self._xy[32:]),
        }

    def digest(self, data: bytes) -> bytes:
        """e = SM3(Z_A ‖ data), the value an SM2 signature of *data* signs."""
        _check_bytes(data)
        return _sm2.sm3(self._za + bytes(data))

    def verify(self, data: bytes, signature: bytes) -> None:
        """Verify a raw 64-byte ``r ‖ s`` SM2 signature of *data*."""
        _check_bytes(data, signature)
        if len(signature) != 64:
            raise InvalidSignatureError()
        self._verify(
            data, int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )

    def verify_der(self, data: bytes, signature: bytes) -> None:
        """Verify a DER ``SEQUENCE { r, s }`` SM2 signature of *data* (OpenSSL, GmSSL, ChainMaker)."""
        _check_bytes(data, signature)
        try:
            r, s = _sm2.decode_der(bytes(signature))
        except MalformedInputError as exc:
            raise InvalidSignatureError() from exc
        self._verify(data, r, s)

    def _verify(self, data: bytes, r: int, s: int) -> None:
        if not _sm2.verify_digest(self.digest(data), r, s, self._x, self._y):
            raise InvalidSignatureError()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SM2PublicKey) and other._xy == self._xy and other._id == self._id

    def __hash__(self) -> int:
        return hash(("sm2", self._xy, self._id))

    def __repr__(self) -> str:
        return f"SM2PublicKey({self.public_multibase!r})"


class SM2Key(_PrivateKeyBase):
    """An SM2 signing key (GB/T 32918.2). Needs the optional extra ``gm``.

    Key generation and signing run in GmSSL (``gmssl-pyx``), which draws each
    signature's nonce from the operating system's CSPRNG. Signatures are raw
    ``r ‖ s`` (:meth:`sign`) or DER (:meth:`sign_der`).
    """

    __slots__ = ("_d", "_public")
    alg: Final = "SM2"
    _SECRET_CODEC = "sm2-priv"  # noqa: S105 - a multicodec name

    def __init__(self, d: bytes, public: SM2PublicKey) -> None:
        self._d = _fix_len(d, 32, "SM2 private key")
        if not isinstance(public, SM2PublicKey):
            raise MalformedInputError(
                "build SM2 keys with SM2Key.generate or a from_* method",
                "请用 SM2Key.generate 或 from_* 方法构造 SM2 密钥",
            )
        self._public = public

    @classmethod
    def generate(cls, *, distinguishing_id: bytes = _sm2.DEFAULT_ID) -> SM2Key:
        """A new key from GmSSL (the operating system's CSPRNG)."""
        uid = _sm2.check_id(distinguishing_id)
        d, x, y = _sm2.generate()
        return cls(d, SM2PublicKey(x, y, distinguishing_id=uid))

    @classmethod
    def from_secret(cls, d: bytes, *, distinguishing_id: bytes = _sm2.DEFAULT_ID) -> SM2Key:
        """The key for a 32-byte private scalar d, 1 ≤ d ≤ n − 2."""
        _fix_len(d, 32, "SM2 private key")
        uid = _sm2.check_id(distinguishing_id)
        if not 0 < int.from_bytes(d, "big") < _sm2.SM2P256V1.n - 1:
            raise MalformedInputError(
                "SM2 private key is out of range (1 ≤ d ≤ n − 2)",
                "SM2 私钥超出取值范围（1 ≤ d ≤ n − 2）",
            )
        x, y = _sm2.public_from_secret(bytes(d))
        return cls(bytes(d), SM2PublicKey(x, y, distinguishing_id=uid))

    @classmethod
    def from_multibase(cls, secret_multibase: str) -> SM2Key:
        """The key for a Multikey ``secretKeyMultibase`` (multicodec ``sm2-priv``, ``z4G1…``)."""
        key: SM2Key = cls._from_multibase(secret_multibase, "Ed25519Key")
        return key

    @property
    def public_key(self) -> SM2PublicKey:
        """The matching public key."""
        return self._public

    @property
    def distinguishing_id(self) -> bytes:
        """The distinguishing ID this key signs with."""
        return self._public.distinguishing_id

    def with_distinguishing_id(self, distinguishing_id: bytes) -> SM2Key:
        """The same key signing with another distinguishing ID."""
        return SM2Key(self._d, self._public.with_distinguishing_id(distinguishing_id))

    @property
    def _secret_bytes(self) -> bytes:
        return self._d

    @property
    def secret_multibase(self) -> str:
        """Multikey ``secretKeyMultibase`` (multicodec ``sm2-priv``, 0x1310). Handle with care."""
        return multibase_encode(_SM2_PRIV_PREFIX + self._d)

    def _sign(self, data: bytes) -> tuple[int, int]:
        return _sm2.sign_digest(self._d, self._public.digest(data))

    def sign(self, data: bytes) -> bytes:
        """The SM2 signature of *data* as raw ``r ‖ s`` (64 bytes)."""
        r, s = self._sign(data)
        return _int_bytes(r) + _int_bytes(s)

    def sign_der(self, data: bytes) -> bytes:
        """The SM2 signature of *data* as DER ``SEQUENCE { r, s }``."""
        return _sm2.encode_der(*self._sign(data))

    def verify_der(self, data: bytes, signature: bytes) -> None:
        """Verify a DER signature with the public half."""
        self._public.verify_der(data, signature)


#: Any public key the library verifies with (Ed25519, P-256 or SM2).
PublicKey: TypeAlias = Ed25519PublicKey | P256PublicKey | SM2PublicKey
#: Any private key the library signs with (Ed25519, P-256 or SM2).
PrivateKey: TypeAlias = Ed25519Key | P256Key | SM2Key

#: JOSE algorithm name -> public-key class. Immutable; pass your own mapping
#: to allow more or fewer. SM2 is left out: see :data:`ALGORITHMS_WITH_SM2`.
DEFAULT_ALGORITHMS: Final[Mapping[str, type[PublicKey]]] = MappingProxyType(
    {"EdDSA": Ed25519PublicKey, "ES256": P256PublicKey}
)
#: :data:`DEFAULT_ALGORITHMS` plus JWS ``alg`` ``SM2`` (raw ``r ‖ s`` over the
#: JWS signing input with the default distinguishing ID; not IANA-registered).
ALGORITHMS_WITH_SM2: Final[Mapping[str, type[PublicKey]]] = MappingProxyType(
    {**DEFAULT_ALGORITHMS, "SM2": SM2PublicKey}
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

    Supports OKP/Ed25519 (RFC 8037), EC/P-256 (RFC 7518) and EC/SM2; anything
    else raises :class:`UnsupportedError`. A private SM2 JWK needs the extra ``gm``.
    """
    if not isinstance(jwk, Mapping):
        raise MalformedInputError("a JWK must be a JSON object", "JWK 必须是 JSON 对象")
    kty, crv = jwk.get("kty"), jwk.get("crv")
    # An 'alg' that names another key type's algorithm must not be ignored (RFC 7517 §4.4).
    allowed = (
        ("EdDSA", "Ed25519")
        if kty == "OKP"
        else ("SM2",)
        if kty == "EC" and crv == "SM2"
        else ("ES256",)
        if kty == "EC"
        else ("EdDSA", "ES256", "SM2")
    )
    if "alg" in jwk and jwk["alg"] not in allowed:
        raise UnsupportedError(
            "JWK 'alg' must be EdDSA for an Ed25519 key, ES256 for a P-256 key or SM2 for an SM2 key",
            "JWK 的 'alg' 必须是 EdDSA（Ed25519 密钥）、ES256（P-256 密钥）或 SM2（SM2 密钥）",
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
    if kty == "EC" and crv == "SM2":
        spub = SM2PublicKey.from_coordinates(
            _jwk_member(jwk, "x", 32, "SM2 x coordinate"),
            _jwk_member(jwk, "y", 32, "SM2 y coordinate"),
        )
        if "d" in jwk:
            skey = SM2Key.from_secret(_jwk_member(jwk, "d", 32, "SM2 private key"))
            if skey.public_key != spub:
                raise MalformedInputError(
                    "JWK 'x'/'y' do not belong to its 'd'; the key file is corrupt",
                    "JWK 的 'x'/'y' 与 'd' 不匹配；密钥文件已损坏",
                )
            return skey
        return spub
    # Name kty / crv only when they are short strings: never echo arbitrary input.
    shown = " ".join(
        f"{n}={v!r}"
        for n, v in (("kty", kty), ("crv", crv))
        if isinstance(v, str) and len(v) <= 16
    )
    raise UnsupportedError(
        f"JWK {shown or 'type'} is not supported; use OKP/Ed25519, EC/P-256 or EC/SM2",
        f"不支持 JWK {shown or '类型'}；请使用 OKP/Ed25519、EC/P-256 或 EC/SM2",
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
    """A public key from a Multikey ``publicKeyMultibase`` (``z6Mk…``, ``zDn…`` or ``zEPJ…``)."""
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
    if codec == "sm2-pub":
        return SM2PublicKey.from_bytes(_fix_len(raw, 33, "compressed SM2 public key"))
    raise UnsupportedError(
        f"multikey type {codec} is not supported; use ed25519-pub, p256-pub or sm2-pub",
        f"不支持 multikey 类型 {codec}；请使用 ed25519-pub、p256-pub 或 sm2-pub",
    )


def key_from_multibase(value: str) -> PrivateKey:
    """A private key from a Multikey ``secretKeyMultibase``."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise MalformedInputError(
            "secretKeyMultibase must be base58btc (start with 'z')",
            "secretKeyMultibase 必须为 base58btc 编码（以 'z' 开头）",
        )
    data = multibase_decode(value)
    if data.startswith(_SM2_PRIV_PREFIX):
        return SM2Key.from_secret(data[len(_SM2_PRIV_PREFIX) :])
    codec, raw = multicodec_unwrap(data)
    if codec == "ed25519-priv":
        return Ed25519Key(_fix_len(raw, 32, "Ed25519 secret key"))
    if codec == "p256-priv":
        return P256Key.from_secret(raw)
    raise UnsupportedError(
        f"secret key type {codec} is not supported; use ed25519-priv, p256-priv or sm2-priv",
        f"不支持私钥类型 {codec}；请使用 ed25519-priv、p256-priv 或 sm2-priv",
    )


def as_public_key(value: object) -> PublicKey:
    """Coerce a key, public key, public JWK or ``publicKeyMultibase`` to a public key."""
    if isinstance(
        value, Ed25519Key | P256Key | SM2Key | Ed25519PublicKey | P256PublicKey | SM2PublicKey
    ):
        return value.public_key
    if isinstance(value, str):
        return public_key_from_multibase(value)
    if isinstance(value, Mapping):
        return key_from_jwk(value).public_key
    raise MalformedInputError(
        "expected a key, a public key, a public JWK or a publicKeyMultibase string",
        "需要密钥、公钥、公钥 JWK 或 publicKeyMultibase 字符串",
    )
