"""Issue a signed ``BitstringStatusListCredential`` (Bitstring Status List v1.0 §2.2, §3.1)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from ..errors import MalformedInputError
from ..keys import Ed25519Key
from .bitstring import (
    BITSTRING_LIST_CREDENTIAL_TYPE,
    BITSTRING_LIST_TYPE,
    StatusList,
    StatusMessage,
)

__all__ = ["STATUS_PURPOSES", "VC_V2_CONTEXT", "issue_status_list_credential"]

#: The purposes this library issues lists for.
STATUS_PURPOSES: Final = ("revocation", "suspension", "message", "refresh")
#: The VCDM 2.0 base context.
VC_V2_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"


def _xsd_datetime(value: datetime | str, what: str) -> str:
    if isinstance(value, str):
        return value
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise MalformedInputError(
            f"{what} must be a timezone-aware datetime or an ISO 8601 string",
            f"{what} 必须是带时区的 datetime 或 ISO 8601 字符串",
        )
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _messages(status_list: StatusList, messages: Sequence[Any]) -> list[dict[str, str]]:
    if not isinstance(messages, list | tuple):
        raise MalformedInputError("status_messages must be a list", "status_messages 必须是列表")
    out: list[dict[str, str]] = []
    for i, m in enumerate(messages):
        if isinstance(m, StatusMessage):
            out.append({"status": hex(m.status), "message": m.message})
        elif isinstance(m, str):
            out.append({"status": hex(i), "message": m})
        elif isinstance(m, Mapping):
            out.append(dict(m))
        else:
            raise MalformedInputError(
                "status_messages items must be strings, StatusMessage objects or objects",
                "status_messages 的元素必须是字符串、StatusMessage 或对象",
            )
    if len(out) != 1 << status_list.bits:
        raise MalformedInputError(
            f"a message list of statusSize {status_list.bits} needs "
            f"{1 << status_list.bits} status messages, got {len(out)}",
            f"statusSize 为 {status_list.bits} 的消息列表需要 {1 << status_list.bits} 条状态消息，"
            f"实际为 {len(out)} 条",
        )
    return out


def issue_status_list_credential(
    status_list: StatusList,
    *,
    id: str,
    issuer: str,
    key: Ed25519Key,
    verification_method: str,
    purpose: str | Sequence[str],
    valid_from: datetime | str | None = None,
    valid_until: datetime | str | None = None,
    ttl: int | None = None,
    status_messages: Sequence[Any] | None = None,
    cryptosuite: str = "eddsa-jcs-2022",
    created: datetime | str | None = None,
    contexts: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Build and sign the ``BitstringStatusListCredential`` that publishes *status_list*.

    Args:
        status_list: the list; its ``encode()`` becomes ``encodedList``.
        id: the URL the credential is published at (``statusListCredential``
            of every entry that points here).
        issuer: the issuer DID (normally the issuer of the credentials listed).
        key: the signing key; *verification_method* names it
            (``did…#fragment``, listed under ``assertionMethod``).
        purpose: ``revocation``, ``suspension``, ``message`` (or several).
        valid_from: default now; ``valid_until`` optional.
        ttl: milliseconds a verifier may cache the list (``credentialSubject.ttl``).
        status_messages: for purpose ``message``: 2^bits messages (strings,
            :class:`StatusMessage` or ``{"status", "message"}`` objects);
            published with ``credentialSubject.statusSize`` as §2.2 requires.
        cryptosuite, created, contexts: passed to ``issue_credential``.

    Returns:
        the signed credential (a new dict).
    """
    if not isinstance(status_list, StatusList):
        raise MalformedInputError(
            "issue_status_list_credential needs a StatusList",
            "issue_status_list_credential 需要 StatusList",
        )
    purposes = [purpose] if isinstance(purpose, str) else purpose
    if not isinstance(purposes, list | tuple):
        purposes = []
    if not purposes or not all(isinstance(p, str) and p for p in purposes):
        raise MalformedInputError(
            "purpose must be a status purpose such as 'revocation' or 'suspension'",
            "purpose 必须是状态用途，如 'revocation' 或 'suspension'",
        )
    if not isinstance(id, str) or not id:
        raise MalformedInputError(
            "id must be the URL the status list is published at", "id 必须是状态列表的发布 URL"
        )
    subject: dict[str, Any] = {
        "id": f"{id}#list",
        "type": BITSTRING_LIST_TYPE,
        "statusPurpose": purposes[0] if len(purposes) == 1 else purposes,
        "encodedList": status_list.encode(),
    }
    if "message" in purposes or status_messages is not None:
        if status_messages is None:
            raise MalformedInputError(
                "a 'message' status list needs status_messages (2^statusSize of them)",
                "'message' 用途的状态列表需要 status_messages（共 2^statusSize 条）",
            )
        subject["statusSize"] = status_list.bits
        subject["statusMessages"] = _messages(status_list, status_messages)
    elif status_list.bits != 1:
        subject["statusSize"] = status_list.bits
    if ttl is not None:
        if type(ttl) is not int or ttl <= 0:
            raise MalformedInputError("ttl must be positive milliseconds", "ttl 必须是正的毫秒数")
        subject["ttl"] = ttl
    credential: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT],
        "id": id,
        "type": ["VerifiableCredential", BITSTRING_LIST_CREDENTIAL_TYPE],
        "issuer": issuer,
        "validFrom": _xsd_datetime(
            valid_from if valid_from is not None else datetime.now(UTC), "valid_from"
        ),
    }
    if valid_until is not None:
        credential["validUntil"] = _xsd_datetime(valid_until, "valid_until")
    credential["credentialSubject"] = subject
    from ..vc import issue_credential

    signed: dict[str, Any] = issue_credential(
        credential,
        key=key,
        verification_method=verification_method,
        cryptosuite=cryptosuite,
        created=created,
        contexts=contexts,
    )
    return signed
