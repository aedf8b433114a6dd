"""SD-JWT serializations: compact (RFC 9901 section 4) and JWS JSON (section 8).

Compact: ``<issuer-signed JWT>~<disclosure>~…~<disclosure>~[<KB-JWT>]``.
JSON: a flattened (or general) JWS JSON object whose unprotected ``header``
carries ``disclosures`` (and ``kb_jwt`` in an SD-JWT+KB). The KB-JWT's
``sd_hash`` is always taken over the compact form, so converting between the
two keeps a presentation valid.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from .._encoding import parse_json
from ..errors import InputTooLargeError, MalformedInputError, UnsupportedError

__all__ = [
    "MAX_DISCLOSURES",
    "MAX_SD_JWT_BYTES",
    "SDJWTParts",
    "parse_sd_jwt",
    "sd_jwt_from_json",
    "sd_jwt_to_json",
]

#: Cap on a whole SD-JWT or SD-JWT+KB, in characters (compact) or bytes (JSON).
MAX_SD_JWT_BYTES: Final = 524_288
#: Cap on the number of Disclosures in one SD-JWT.
MAX_DISCLOSURES: Final = 1_024

_JWS: Final = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True, repr=False)
class SDJWTParts:
    """An SD-JWT split into its parts, as received.

    ``sd_jwt_string`` is the exact compact text ``<JWT>~<D1>~…~<Dn>~`` over
    which a KB-JWT's ``sd_hash`` is computed. ``kb_jwt`` is ``None`` for a
    plain SD-JWT.
    """

    jws: str
    disclosures: tuple[str, ...]
    kb_jwt: str | None
    sd_jwt_string: str
    serialization: str = "compact"

    def __repr__(self) -> str:
        # Every part but the signature carries claims (the JWT) or salts and values.
        return (
            f"SDJWTParts(serialization={self.serialization!r}, "
            f"disclosures={len(self.disclosures)}, kb_jwt={self.kb_jwt is not None})"
        )

    def to_compact(self) -> str:
        """The compact serialization (with the KB-JWT when there is one)."""
        return self.sd_jwt_string + (self.kb_jwt or "")


def _too_large(what: str) -> InputTooLargeError:
    return InputTooLargeError(
        f"{what} is larger than {MAX_SD_JWT_BYTES} bytes",
        f"{what} 超过 {MAX_SD_JWT_BYTES} 字节",
    )


def _split_compact(text: str) -> SDJWTParts:
    if len(text) > MAX_SD_JWT_BYTES:
        raise _too_large("the SD-JWT")
    if text.count("~") > MAX_DISCLOSURES + 1:
        raise InputTooLargeError(
            f"the SD-JWT has more than {MAX_DISCLOSURES} Disclosures",
            f"SD-JWT 的披露项超过 {MAX_DISCLOSURES} 个",
        )
    parts = text.split("~")
    if len(parts) < 2:
        raise MalformedInputError(
            "an SD-JWT is '<JWT>~<Disclosures>~[<KB-JWT>]'; no '~' separator was found",
            "SD-JWT 的格式为 '<JWT>~<披露项>~[<KB-JWT>]'；未找到 '~' 分隔符",
        )
    jws, disclosures, last = parts[0], parts[1:-1], parts[-1]
    if "" in disclosures:
        raise MalformedInputError(
            "the SD-JWT contains an empty Disclosure ('~~')", "SD-JWT 中含有空披露项（'~~'）"
        )
    sd_jwt_string = text[: len(text) - len(last)]
    return SDJWTParts(jws, tuple(disclosures), last or None, sd_jwt_string)


def _from_json_object(obj: Mapping[str, Any]) -> SDJWTParts:
    """Read a flattened or general JWS JSON Serialization (RFC 9901 section 8)."""
    if "signatures" in obj:
        sigs = obj["signatures"]
        if type(sigs) is not list or not sigs:
            raise MalformedInputError(
                "'signatures' must be a non-empty array", "'signatures' 必须是非空数组"
            )
        if len(sigs) != 1:
            raise UnsupportedError(
                "only SD-JWTs with exactly one signature are supported",
                "仅支持恰好包含一个签名的 SD-JWT",
            )
        if any(k in obj for k in ("protected", "signature", "header")):
            raise MalformedInputError(
                "a general JWS JSON object must not also carry flattened members",
                "通用 JWS JSON 对象不得同时包含扁平化成员",
            )
        entry = sigs[0]
        if type(entry) is not dict:
            raise MalformedInputError(
                "each 'signatures' entry must be an object", "'signatures' 的每一项必须是对象"
            )
        signed: Mapping[str, Any] = entry
    else:
        signed = obj
    payload, protected, signature = (
        obj.get("payload"),
        signed.get("protected"),
        signed.get("signature"),
    )
    if not all(type(v) is str for v in (payload, protected, signature)):
        raise MalformedInputError(
            "a JWS JSON SD-JWT needs string 'payload', 'protected' and 'signature' members",
            "JWS JSON 格式的 SD-JWT 需要字符串成员 'payload'、'protected' 与 'signature'",
        )
    header = signed.get("header", {})
    if type(header) is not dict:
        raise MalformedInputError(
            "the unprotected 'header' must be an object", "未受保护的 'header' 必须是对象"
        )
    disclosures: Any = header.get("disclosures")
    kb_jwt: Any = header.get("kb_jwt")
    # Draft versions of SD-JWT (and sd-jwt 0.10.4, which produced the reference
    # cases) put these members at the top level; RFC 9901 section 8.1 moved them
    # into the unprotected header. Read either, never both.
    legacy = {k: obj[k] for k in ("disclosures", "kb_jwt") if k in obj and "signatures" not in obj}
    if legacy:
        if "disclosures" in header or "kb_jwt" in header:
            raise MalformedInputError(
                "'disclosures'/'kb_jwt' appear both at the top level and in 'header'",
                "'disclosures'/'kb_jwt' 同时出现在顶层与 'header' 中",
            )
        disclosures, kb_jwt = legacy.get("disclosures"), legacy.get("kb_jwt")
    disclosures = [] if disclosures is None else disclosures
    if type(disclosures) is not list or not all(type(d) is str and d for d in disclosures):
        raise MalformedInputError(
            "'disclosures' must be an array of non-empty strings",
            "'disclosures' 必须是非空字符串数组",
        )
    if len(disclosures) > MAX_DISCLOSURES:
        raise InputTooLargeError(
            f"the SD-JWT has more than {MAX_DISCLOSURES} Disclosures",
            f"SD-JWT 的披露项超过 {MAX_DISCLOSURES} 个",
        )
    if kb_jwt is not None and (type(kb_jwt) is not str or not kb_jwt):
        raise MalformedInputError("'kb_jwt' must be a string", "'kb_jwt' 必须是字符串")
    if any("~" in d for d in disclosures):
        raise MalformedInputError("a Disclosure must not contain '~'", "披露项中不得包含 '~'")
    jws = f"{protected}.{payload}.{signature}"
    sd_jwt_string = jws + "~" + "".join(d + "~" for d in disclosures)
    return SDJWTParts(jws, tuple(disclosures), kb_jwt, sd_jwt_string, "json")


def parse_sd_jwt(data: str | bytes | Mapping[str, Any]) -> SDJWTParts:
    """Split a compact or JWS JSON serialized SD-JWT (or SD-JWT+KB) into its parts.

    Only the framing is checked here; the parts are validated by the verifier.
    """
    if type(data) is str and data and data[0] != "{" and not data[0].isspace():
        if data[-1].isspace():
            raise MalformedInputError(
                "the SD-JWT has leading or trailing whitespace; send it exactly as issued",
                "SD-JWT 首尾含有空白字符；请按原样发送",
            )
        return _split_compact(data)  # the common case: compact text
    if isinstance(data, bytes | bytearray):
        if len(data) > MAX_SD_JWT_BYTES:
            raise _too_large("the SD-JWT")
        try:
            data = bytes(data).decode("ascii")
        except UnicodeDecodeError as exc:
            raise MalformedInputError(
                "an SD-JWT must be ASCII text", "SD-JWT 必须是 ASCII 文本"
            ) from exc
    if isinstance(data, Mapping):
        return _from_json_object(data)
    if not isinstance(data, str):
        raise MalformedInputError(
            "an SD-JWT must be a string (or a JWS JSON object)",
            "SD-JWT 必须是字符串（或 JWS JSON 对象）",
        )
    text = data.strip() if data[:1].isspace() or data[-1:].isspace() else data
    if text.startswith("{"):
        obj = parse_json(text, max_bytes=MAX_SD_JWT_BYTES, what="JWS JSON SD-JWT")
        if type(obj) is not dict:  # pragma: no cover - '{' guarantees an object
            raise MalformedInputError("expected a JSON object", "需要 JSON 对象")
        return _from_json_object(obj)
    if text is not data:
        raise MalformedInputError(
            "the SD-JWT has leading or trailing whitespace; send it exactly as issued",
            "SD-JWT 首尾含有空白字符；请按原样发送",
        )
    return _split_compact(text)


def sd_jwt_to_json(sd_jwt: str, *, general: bool = False) -> str:
    """Convert a compact SD-JWT (or SD-JWT+KB) to the JWS JSON Serialization.

    Produces the flattened form of RFC 9901 section 8.2, or the general form
    of section 8.3 when *general* is true; ``disclosures`` and ``kb_jwt`` go
    into the unprotected header as section 8.1 requires.
    """
    parts = parse_sd_jwt(sd_jwt)
    if _JWS.fullmatch(parts.jws) is None:
        raise MalformedInputError(
            "the issuer-signed JWT must be a compact JWS (three base64url parts)",
            "签发方签名的 JWT 必须是紧凑 JWS（三段 base64url）",
        )
    protected, payload, signature = parts.jws.split(".")
    header: dict[str, Any] = {"disclosures": list(parts.disclosures)}
    if parts.kb_jwt is not None:
        header["kb_jwt"] = parts.kb_jwt
    obj: dict[str, Any]
    if general:
        obj = {
            "payload": payload,
            "signatures": [{"protected": protected, "header": header, "signature": signature}],
        }
    else:
        obj = {
            "header": header,
            "payload": payload,
            "protected": protected,
            "signature": signature,
        }
    return json.dumps(obj, separators=(",", ":"))


def sd_jwt_from_json(data: str | Mapping[str, Any]) -> str:
    """Convert a JWS JSON serialized SD-JWT (flattened or general) to the compact form."""
    if isinstance(data, str) and not data.lstrip().startswith("{"):
        raise MalformedInputError(
            "expected a JWS JSON object ('{…}')", "需要 JWS JSON 对象（'{…}'）"
        )
    return parse_sd_jwt(data).to_compact()
