"""Shared helpers for the domain builders (internal)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Final

from .._schemas import SCHEMA_ID_PREFIX, validate_against
from .._time import format_datetime, parse_datetime_stamp
from ..errors import MalformedInputError

__all__ = [
    "CHINA_STANDARD_TIME",
    "SHEBAO_CONTEXT",
    "VCT_PREFIX",
    "VC_V2_CONTEXT",
    "as_date",
    "as_datetime",
    "check_did",
    "check_text",
    "credential_envelope",
    "schema_id",
]

#: The VCDM 2.0 base context.
VC_V2_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"
#: Our JSON-LD context for the domain terms (bundled: ``didkit_shebao/data/contexts/shebao-v1.jsonld``).
SHEBAO_CONTEXT: Final = "https://didkit-shebao.example/contexts/shebao/v1"
#: Prefix of our SD-JWT VC ``vct`` values.
VCT_PREFIX: Final = "https://didkit-shebao.example/vct/"
#: UTC+8, the offset used when a date stands for the start of a day in China.
CHINA_STANDARD_TIME: Final = timezone(timedelta(hours=8), "CST")

_DID_RE: Final = re.compile(r"did:[a-z0-9]+:[A-Za-z0-9._:%-]*[A-Za-z0-9._%-]")
_URI_RE: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")


def schema_id(name: str) -> str:
    """The ``$id`` of the bundled schema *name* (e.g. ``"insurance-status-credential"``)."""
    return f"{SCHEMA_ID_PREFIX}{name}/v1.json"


def _bad(field: str, what: str, what_zh: str) -> MalformedInputError:
    return MalformedInputError(f"{field}: {what}", f"{field}：{what_zh}")


def as_date(value: object, field: str) -> date:
    """A ``date`` from a ``date`` (not a ``datetime``) or an ISO ``YYYY-MM-DD`` string."""
    if isinstance(value, datetime):
        raise _bad(
            field, "give a datetime.date, not a datetime", "请传入日期（date），而非日期时间"
        )
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _bad(
        field, "must be a datetime.date or a YYYY-MM-DD string", "必须是日期或 YYYY-MM-DD 字符串"
    )


def as_datetime(value: object, field: str) -> datetime:
    """An aware ``datetime`` from an aware ``datetime``, an RFC 3339 string, or a ``date``.

    A ``date`` stands for the start of that day in China Standard Time (UTC+8).
    """
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise _bad(field, "the datetime must be timezone-aware", "日期时间必须带时区")
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=CHINA_STANDARD_TIME)
    if isinstance(value, str):
        try:
            return parse_datetime_stamp(value, what=field)
        except MalformedInputError:
            pass
    raise _bad(
        field,
        "must be an aware datetime, an RFC 3339 date-time string with offset, or a date",
        "必须是带时区的日期时间、带偏移的 RFC 3339 字符串或日期",
    )


def check_did(value: object, field: str) -> str:
    """*value* if it is a DID (``did:<method>:<id>``, no fragment)."""
    if not isinstance(value, str) or len(value) > 4096 or not _DID_RE.fullmatch(value):
        raise _bad(field, "must be a DID such as did:key:z6Mk…", "必须是 DID，例如 did:key:z6Mk…")
    return value


def check_uri(value: object, field: str) -> str:
    """*value* if it is an absolute URI (DIDs included)."""
    if not isinstance(value, str) or len(value) > 4096 or not _URI_RE.fullmatch(value):
        raise _bad(field, "must be an absolute URI or a DID", "必须是绝对 URI 或 DID")
    return value


def check_text(value: object, field: str, *, max_length: int = 200) -> str:
    """*value* if it is non-empty single-line text without surrounding spaces."""
    if (
        not isinstance(value, str)
        or not value
        or len(value) > max_length
        or value != value.strip()
        or any(c in value for c in "\r\n\t\x00")
    ):
        raise _bad(
            field,
            f"must be non-empty single-line text of at most {max_length} characters, without leading or trailing spaces",
            f"必须是不超过 {max_length} 个字符的非空单行文本，且首尾无空格",
        )
    return value


def as_tuple(value: object, field: str) -> tuple[Any, ...]:
    """A tuple from a list or tuple (not a string or mapping)."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise _bad(field, "must be a list or tuple", "必须是列表或元组")
    return tuple(value)


def credential_envelope(
    *,
    credential_type: str,
    issuer: object,
    subject: dict[str, Any],
    schema_name: str,
    valid_from: datetime | None,
    valid_until: datetime | None,
    credential_id: str | None,
) -> dict[str, Any]:
    """An unsigned VCDM 2.0 credential of *credential_type*, checked against its bundled schema.

    Refuses a validity window that ends before it starts, names the schema in
    ``credentialSchema`` and validates the result against it.
    """
    if valid_from is not None and valid_until is not None and valid_until <= valid_from:
        raise MalformedInputError(
            "valid_until must be after valid_from", "valid_until 必须晚于 valid_from"
        )
    if isinstance(issuer, Mapping):
        issuer_value: Any = dict(issuer)
        check_uri(issuer_value.get("id"), "issuer.id")
    else:
        issuer_value = check_uri(issuer, "issuer")
    vc: dict[str, Any] = {"@context": [VC_V2_CONTEXT, SHEBAO_CONTEXT]}
    if credential_id is not None:
        vc["id"] = check_uri(credential_id, "id")
    vc["type"] = ["VerifiableCredential", credential_type]
    vc["issuer"] = issuer_value
    if valid_from is not None:
        vc["validFrom"] = format_datetime(valid_from)
    if valid_until is not None:
        vc["validUntil"] = format_datetime(valid_until)
    vc["credentialSchema"] = {"id": schema_id(schema_name), "type": "JsonSchema"}
    vc["credentialSubject"] = subject
    validate_against(schema_id(schema_name), vc)
    return vc
