"""Credential status: W3C Bitstring Status List v1.0 and IETF Token Status List.

* :class:`StatusList` / :func:`issue_status_list_credential` — the W3C list
  and the ``BitstringStatusListCredential`` that publishes it.
* :class:`TokenStatusList` / :func:`issue_status_list_token` — the IETF list
  and its ``statuslist+jwt`` token, for SD-JWT VCs.
* :func:`check_credential_status` / :func:`check_token_status` — the
  verifier's checks, called by ``verify_credential`` and ``verify_sd_jwt``;
  both fail closed.
* :class:`StatusListResolver` — fetch through the caller's function, cache
  with a TTL and an injected clock.
* :class:`StatusListManager` — the issuer's side: random indices, status
  changes, and every published version kept for anchoring.
"""

from __future__ import annotations

from .bitstring import (
    MIN_ENTRIES,
    BitstringStatusEntry,
    StatusList,
    StatusMessage,
    parse_status_entry,
)
from .check import (
    StatusResult,
    StatusSource,
    TokenStatusResult,
    check_credential_status,
    check_token_status,
)
from .credential import issue_status_list_credential
from .manager import PublishedVersion, StatusListManager
from .resolver import StatusListResolver
from .token import (
    STATUS_INVALID,
    STATUS_SUSPENDED,
    STATUS_VALID,
    StatusListToken,
    TokenStatusList,
    issue_status_list_token,
    parse_status_list_token,
)

__all__ = [
    "MIN_ENTRIES",
    "STATUS_INVALID",
    "STATUS_SUSPENDED",
    "STATUS_VALID",
    "BitstringStatusEntry",
    "PublishedVersion",
    "StatusList",
    "StatusListManager",
    "StatusListResolver",
    "StatusListToken",
    "StatusMessage",
    "StatusResult",
    "StatusSource",
    "TokenStatusList",
    "TokenStatusResult",
    "check_credential_status",
    "check_token_status",
    "issue_status_list_credential",
    "issue_status_list_token",
    "parse_status_entry",
    "parse_status_list_token",
]
