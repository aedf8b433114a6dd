"""SM2 (GB/T 32918) and SM3 (GB/T 32905): curve arithmetic on public values, Z_A, the backend.

Internal module; the public face is :class:`~didkit_shebao.keys.SM2Key` and
:class:`~didkit_shebao.keys.SM2PublicKey`.

Two halves, split by what they touch:

* Everything secret (key generation, signing) runs in GmSSL 3 through
  ``gmssl-pyx`` (the optional extra ``gm``), imported on first use. GmSSL draws
  the nonce *k* from the operating system (``getentropy``); nothing here ever
  picks a nonce.
* Verification, point decoding and Z_A use only public values and run here,
  in Python integers. GmSSL writes diagnostics to the process's ``stderr`` on
  every failed verification, which a library cannot silence without taking
  file descriptor 2 away from every other thread; public-value arithmetic
  has no timing secret to protect, so verifying here costs nothing in safety
  and needs no extra. SM3 comes from ``cryptography`` (OpenSSL), a core
  dependency.

The arithmetic is generic over short-Weierstrass curves so that the
GB/T 32918.2 Annex A example on its Fp-256 test curve can be checked too.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, TypeAlias

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from .errors import MalformedInputError, UnsupportedError

__all__ = [
    "DEFAULT_ID",
    "MAX_ID_BYTES",
    "SM2P256V1",
    "Curve",
    "backend",
    "check_id",
    "decode_der",
    "decompress",
    "encode_der",
    "generate",
    "is_on_curve",
    "mul",
    "mul_base",
    "public_from_secret",
    "sign_digest",
    "sm3",
    "verify_digest",
    "z_a",
]

#: GM/T 0009's default distinguishing ID, the one ChainMaker and BID use.
DEFAULT_ID: Final = b"1234567812345678"
#: ENTL is a 16-bit count of *bits*: an ID may hold at most 8191 bytes.
MAX_ID_BYTES: Final = 8191

_GM_HINT: Final = "pip install 'didkit-shebao[gm]'"

# A point in Jacobian coordinates (X, Y, Z) stands for (X/Z², Y/Z³); Z = 0 is infinity.
_Jacobian: TypeAlias = tuple[int, int, int]
_Affine: TypeAlias = tuple[int, int]
_INFINITY: Final[_Jacobian] = (1, 1, 0)


@dataclass(frozen=True, slots=True)
class Curve:
    """A short-Weierstrass curve y² = x³ + ax + b over GF(p) with base point (gx, gy) of order n."""

    p: int
    a: int
    b: int
    gx: int
    gy: int
    n: int


#: The SM2 recommended curve (GB/T 32918.5, GM/T 0003.5), OID 1.2.156.10197.1.301.
SM2P256V1: Final = Curve(
    p=0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF,
    a=0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC,
    b=0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93,
    gx=0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7,
    gy=0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0,
    n=0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123,
)


# -- SM3 and Z_A -------------------------------------------------------------


def sm3(data: bytes) -> bytes:
    """SM3 (GB/T 32905) of *data*: 32 bytes."""
    try:
        h = hashes.Hash(hashes.SM3())
    except UnsupportedAlgorithm as exc:  # pragma: no cover - every cryptography wheel has SM3
        raise UnsupportedError(
            "this build of cryptography/OpenSSL offers no SM3; install the official wheel",
            "当前 cryptography/OpenSSL 构建不支持 SM3；请安装官方发布的 wheel",
        ) from exc
    h.update(data)
    return h.finalize()


def _int32(value: int, size: int = 32) -> bytes:
    return value.to_bytes(size, "big")


def check_id(uid: object) -> bytes:
    """The distinguishing ID as bytes: 1 to 8191 bytes (ENTL counts bits in 16 bits)."""
    if not isinstance(uid, bytes | bytearray) or not 0 < len(uid) <= MAX_ID_BYTES:
        raise MalformedInputError(
            f"the SM2 distinguishing ID must be 1 to {MAX_ID_BYTES} bytes",
            f"SM2 用户标识（ID）必须为 1 至 {MAX_ID_BYTES} 字节",
        )
    return bytes(uid)


def z_a(x: int, y: int, uid: bytes = DEFAULT_ID, curve: Curve = SM2P256V1) -> bytes:
    """Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GB/T 32918.2 §5.5)."""
    size = (curve.p.bit_length() + 7) // 8
    return sm3(
        (len(uid) * 8).to_bytes(2, "big")
        + uid
        + b"".join(_int32(v, size) for v in (curve.a, curve.b, curve.gx, curve.gy, x, y))
    )


# -- point arithmetic (public values only) -----------------------------------


def is_on_curve(x: int, y: int, curve: Curve = SM2P256V1) -> bool:
    """Whether (x, y) is a finite point of *curve* with coordinates in [0, p)."""
    p = curve.p
    return 0 <= x < p and 0 <= y < p and (y * y - (x * x * x + curve.a * x + curve.b)) % p == 0


@lru_cache(maxsize=1024)
def decompress(data: bytes, curve: Curve = SM2P256V1) -> _Affine:
    """The point of a 33-byte SEC1 compressed encoding; refuses x off the curve.

    Cached: the square root costs a third of a verification, and verifiers
    decode the same issuer keys again and again.
    """
    p = curve.p
    x = int.from_bytes(data[1:], "big")
    if data[0] not in (2, 3) or x >= p:
        raise MalformedInputError(
            "a compressed SM2 point starts with 0x02 or 0x03 and holds x < p",
            "压缩格式的 SM2 点必须以 0x02 或 0x03 开头，且 x < p",
        )
    rhs = (x * x * x + curve.a * x + curve.b) % p
    y = pow(rhs, (p + 1) // 4, p)  # p ≡ 3 (mod 4) for both curves used here
    if y * y % p != rhs:
        raise MalformedInputError(
            "the SM2 public key is not a point on the curve", "SM2 公钥不在曲线上"
        )
    if y & 1 != data[0] & 1:
        y = p - y
    return x, y


def _double(point: _Jacobian, curve: Curve) -> _Jacobian:
    # dbl-2007-bl, with dbl-2001-b's shortcut for a = −3.
    x1, y1, z1 = point
    if not z1 or not y1:
        return _INFINITY
    p = curve.p
    yy = y1 * y1 % p
    yyyy = yy * yy % p
    zz = z1 * z1 % p
    s = 4 * x1 * yy % p
    # a = −3 (both SM2 curves in use but the test curve): 3(X − Z²)(X + Z²).
    m = (
        3 * (x1 - zz) * (x1 + zz) % p
        if curve.a == p - 3
        else (3 * x1 * x1 + curve.a * zz * zz) % p
    )
    x3 = (m * m - 2 * s) % p
    return x3, (m * (s - x3) - 8 * yyyy) % p, ((y1 + z1) ** 2 - yy - zz) % p


def _add(point: _Jacobian, other: _Jacobian, curve: Curve) -> _Jacobian:
    # add-2007-bl; falls back to doubling for equal points.
    x1, y1, z1 = point
    x2, y2, z2 = other
    if not z1:
        return other
    if not z2:
        return point
    p = curve.p
    z1z1 = z1 * z1 % p
    z2z2 = z2 * z2 % p
    u1 = x1 * z2z2 % p
    u2 = x2 * z1z1 % p
    s1 = y1 * z2 * z2z2 % p
    s2 = y2 * z1 * z1z1 % p
    h = (u2 - u1) % p
    r = (s2 - s1) % p
    if not h:
        return _double(point, curve) if not r else _INFINITY
    hh = h * h % p
    hhh = h * hh % p
    v = u1 * hh % p
    x3 = (r * r - hhh - 2 * v) % p
    return x3, (r * (v - x3) - s1 * hhh) % p, z1 * z2 * h % p


def _add_affine(point: _Jacobian, other: _Affine, curve: Curve) -> _Jacobian:
    # madd-2007-bl: the second point has Z = 1.
    x1, y1, z1 = point
    x2, y2 = other
    if not z1:
        return x2, y2, 1
    p = curve.p
    z1z1 = z1 * z1 % p
    u2 = x2 * z1z1 % p
    s2 = y2 * z1 * z1z1 % p
    h = (u2 - x1) % p
    r = (s2 - y1) % p
    if not h:
        return _double(point, curve) if not r else _INFINITY
    hh = h * h % p
    hhh = h * hh % p
    v = x1 * hh % p
    x3 = (r * r - hhh - 2 * v) % p
    return x3, (r * (v - x3) - y1 * hhh) % p, z1 * h % p


def _to_affine(point: _Jacobian, curve: Curve) -> _Affine | None:
    x, y, z = point
    if not z:
        return None
    p = curve.p
    zi = pow(z, -1, p)
    zi2 = zi * zi % p
    return x * zi2 % p, y * zi2 * zi % p


def _batch_affine(points: list[_Jacobian], curve: Curve) -> list[_Affine]:
    """Normalise many finite points with one inversion (Montgomery's trick)."""
    p = curve.p
    prefix = [1]
    for _, _, z in points:
        prefix.append(prefix[-1] * z % p)
    inv = pow(prefix[-1], -1, p)
    out: list[_Affine] = [(0, 0)] * len(points)
    for i in range(len(points) - 1, -1, -1):
        x, y, z = points[i]
        zi = inv * prefix[i] % p
        inv = inv * z % p
        zi2 = zi * zi % p
        out[i] = (x * zi2 % p, y * zi2 * zi % p)
    return out


def _wnaf(k: int, width: int) -> list[int]:
    digits: list[int] = []
    half, full = 1 << (width - 1), 1 << width
    while k:
        if k & 1:
            d = k & (full - 1)
            if d >= half:
                d -= full
            k -= d
        else:
            d = 0
        digits.append(d)
        k >>= 1
    return digits


def mul(k: int, point: _Affine, curve: Curve = SM2P256V1) -> _Jacobian:
    """k·point for a *public* scalar (width-5 NAF; variable time by design)."""
    k %= curve.n
    odd: list[_Jacobian] = [(point[0], point[1], 1)]
    twice = _double(odd[0], curve)
    for _ in range(7):
        odd.append(_add(odd[-1], twice, curve))
    # The curves here have prime order and cofactor 1: no odd multiple below
    # 16 of a finite point is infinity, so every table entry normalises.
    table = _batch_affine(odd, curve)
    p = curve.p
    acc = _INFINITY
    for d in reversed(_wnaf(k, 5)):
        acc = _double(acc, curve)
        if d:
            x, y = table[abs(d) >> 1]
            acc = _add_affine(acc, (x, y if d > 0 else p - y), curve)
    return acc


def _comb(rows: tuple[tuple[_Affine, ...], ...], bits: int, k: int, curve: Curve) -> _Jacobian:
    acc = _INFINITY
    mask = (1 << bits) - 1
    for row in rows:
        d = k & mask
        if d:
            acc = _add_affine(acc, row[d - 1], curve)
        k >>= bits
    return acc


def _comb_rows(point: _Jacobian, bits: int, curve: Curve) -> tuple[tuple[_Affine, ...], ...]:
    """Rows j·2^(bits·i)·P, j = 1…2^bits − 1, normalised with one inversion."""
    flat: list[_Jacobian] = []
    base = point
    width = (1 << bits) - 1
    for _ in range((curve.n.bit_length() + bits - 1) // bits):
        flat.append(base)
        for _ in range(width - 1):
            flat.append(_add(flat[-1], base, curve))
        for _ in range(bits):
            base = _double(base, curve)
    affine = _batch_affine(flat, curve)
    return tuple(tuple(affine[i : i + width]) for i in range(0, len(affine), width))


@lru_cache(maxsize=2)
def _base_table(curve: Curve) -> tuple[tuple[_Affine, ...], ...]:
    """The fixed-base comb for G (8-bit rows, about 1 MB); built on first use."""
    return _comb_rows((curve.gx, curve.gy, 1), 8, curve)


def mul_base(k: int, curve: Curve = SM2P256V1) -> _Jacobian:
    """k·G for a *public* scalar, through the cached comb table."""
    return _comb(_base_table(curve), 8, k % curve.n, curve)


@lru_cache(maxsize=1024)
def _uses(x: int, y: int, curve: Curve) -> list[int]:
    return [0]


@lru_cache(maxsize=32)
def _key_table(x: int, y: int, curve: Curve) -> tuple[tuple[_Affine, ...], ...]:
    return _comb_rows((x, y, 1), 4, curve)


def _mul_key(k: int, x: int, y: int, curve: Curve) -> _Jacobian:
    """k·(x, y): a 4-bit comb table (about 150 kB) once a key verifies a second time.

    Verifiers meet the same issuer keys again and again; a table costs about
    three plain multiplications to build and makes each later one four times
    faster. Keys seen once (holder keys) keep the plain method.
    """
    uses = _uses(x, y, curve)
    uses[0] += 1
    if uses[0] < 2:
        return mul(k, (x, y), curve)
    return _comb(_key_table(x, y, curve), 4, k % curve.n, curve)


def verify_digest(e: bytes, r: int, s: int, x: int, y: int, curve: Curve = SM2P256V1) -> bool:
    """GB/T 32918.2 §7 verification of (r, s) over e = SM3(Z_A ‖ M) for the point (x, y).

    The caller has checked that (x, y) is on the curve.
    """
    n = curve.n
    if not (0 < r < n and 0 < s < n):
        return False
    t = (r + s) % n
    if not t:
        return False
    total = _add(mul_base(s, curve), _mul_key(t, x, y, curve), curve)
    point = _to_affine(total, curve)
    if point is None:
        return False
    return (int.from_bytes(e, "big") + point[0]) % n == r


# -- DER ---------------------------------------------------------------------


def encode_der(r: int, s: int) -> bytes:
    """The DER SEQUENCE { r INTEGER, s INTEGER } (GB/T 35276, as OpenSSL and GmSSL write it)."""
    return encode_dss_signature(r, s)


def decode_der(der: bytes) -> tuple[int, int]:
    """(r, s) from a strict DER signature; anything else is malformed."""
    try:
        return decode_dss_signature(der)
    except (ValueError, TypeError) as exc:
        raise MalformedInputError(
            "the SM2 signature is not a DER SEQUENCE of two INTEGERs",
            "SM2 签名不是由两个 INTEGER 组成的 DER SEQUENCE",
        ) from exc


# -- the signing backend (GmSSL through gmssl-pyx, extra ``gm``) --------------


@lru_cache(maxsize=1)
def backend() -> Any:
    """The ``gmssl_pyx`` module, imported on first use."""
    try:
        return importlib.import_module("gmssl_pyx")
    except ImportError as exc:
        raise UnsupportedError(
            f"SM2 key generation and signing need the optional 'gm' extra (gmssl-pyx): {_GM_HINT}",
            f"SM2 密钥生成与签名需要可选依赖 gm（gmssl-pyx）：{_GM_HINT}",
        ) from exc


def generate() -> tuple[bytes, int, int]:
    """A fresh key pair from GmSSL: (d as 32 bytes, x, y)."""
    public, secret = backend().sm2_key_generate()
    return bytes(secret), int.from_bytes(public[:32], "big"), int.from_bytes(public[32:], "big")


def sign_digest(d: bytes, e: bytes) -> tuple[int, int]:
    """GmSSL's SM2 signature (r, s) of the 32-byte e with the secret d; k is GmSSL's."""
    gm = backend()
    try:
        der = gm.sm2_sign_sm3_digest(d, e)
    except gm.GmsslInnerError as exc:
        raise MalformedInputError(
            "the SM2 private key is out of range (1 ≤ d ≤ n − 2)",
            "SM2 私钥超出取值范围（1 ≤ d ≤ n − 2）",
        ) from exc
    return decode_der(bytes(der))


def public_from_secret(d: bytes) -> _Affine:
    """d·G, without doing secret arithmetic in Python.

    gmssl-pyx exposes no scalar multiplication, so the public key is recovered
    from two GmSSL signatures over fixed digests: a signature (r, s) over e
    fixes R = kG up to the sign of its y (x_R = r − e), and d·G = (R − sG)/(r + s).
    Only public values (r, s, e) enter the arithmetic here; the second
    signature picks the right one of the two candidates.
    """
    curve = SM2P256V1
    n, p = curve.n, curve.p
    e1, e2 = sm3(b"didkit-shebao SM2 public key 1"), sm3(b"didkit-shebao SM2 public key 2")
    r, s = sign_digest(d, e1)
    r2, s2 = sign_digest(d, e2)
    inv = pow(r + s, -1, n)
    minus_sg = _to_affine(mul_base(n - s, curve), curve)
    assert minus_sg is not None  # noqa: S101 - 0 < s < n, so sG is finite
    # x_R itself, unless x_R ≥ n (probability about 2^-128: then no candidate verifies).
    x = (r - int.from_bytes(e1, "big")) % n
    y_even = decompress(b"\x02" + _int32(x), curve)[1]
    for y in (y_even, p - y_even):
        diff = _to_affine(_add_affine((x, y, 1), minus_sg, curve), curve)
        candidate = _to_affine(mul(inv, diff, curve), curve) if diff else None
        if candidate is not None and verify_digest(e2, r2, s2, *candidate, curve=curve):
            return candidate
    raise MalformedInputError(  # pragma: no cover - GmSSL signed with this very d
        "no SM2 public key matches this private key", "找不到与该私钥匹配的 SM2 公钥"
    )
