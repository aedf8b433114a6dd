"""Key history: which DID document (and so which keys) a DID had at a given time.

An agency that rotates its keys keeps every earlier version of its DID
document, each with DID Resolution metadata: ``versionId``, ``updated`` (when
the version took effect) and ``deactivated``. A verifier resolves the version
in effect at a proof's ``created`` time, so a credential signed before a
rotation keeps verifying, and one signed with a key that was already retired
fails.

Wire form (a JSON object, served for did:web at ``did-history.json`` next to
``did.json``; see :func:`did_web_history_url`)::

    {"id": "did:web:hrss.example",
     "type": "DIDDocumentHistory",
     "versions": [
        {"versionId": "1", "updated": "2024-01-01T00:00:00Z", "didDocument": {...}},
        {"versionId": "2", "updated": "2025-07-01T00:00:00Z", "didDocument": {...}},
        {"versionId": "3", "updated": "2026-01-01T00:00:00Z", "deactivated": true}]}

Versions are ordered by ``updated`` (strictly increasing); the last one is the
current document.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final

from .._encoding import parse_json
from .._time import format_datetime, parse_datetime_stamp
from ..errors import DIDNotFoundError, MalformedInputError, ResolutionError
from .document import check_did, validate_did_document

__all__ = [
    "HISTORY_TYPE",
    "DIDDocumentVersion",
    "DIDHistory",
    "HistoryMethod",
    "did_web_history_url",
]

#: The ``type`` of a history document.
HISTORY_TYPE: Final = "DIDDocumentHistory"
#: Cap on the number of versions in one history.
MAX_VERSIONS: Final = 1024


@dataclass(frozen=True, slots=True)
class DIDDocumentVersion:
    """One version of a DID document.

    Attributes:
        version_id: DID Resolution ``versionId``.
        updated: when this version took effect (aware datetime).
        document: the DID document (read-only), ``None`` once deactivated.
        deactivated: True for the version that deactivated the DID.
    """

    version_id: str
    updated: datetime
    document: Mapping[str, Any] | None
    deactivated: bool = False


class DIDHistory:
    """The ordered versions of one DID's document (immutable).

    Build one with :meth:`from_json` or :meth:`start` and :meth:`with_version`.
    """

    __slots__ = ("_did", "_versions")

    def __init__(self, did: str, versions: Sequence[DIDDocumentVersion]) -> None:
        check_did(did)
        if not versions:
            raise MalformedInputError(
                "a DID history needs at least one version", "DID 历史至少需要一个版本"
            )
        if len(versions) > MAX_VERSIONS:
            raise MalformedInputError(
                f"a DID history may hold at most {MAX_VERSIONS} versions",
                f"DID 历史最多包含 {MAX_VERSIONS} 个版本",
            )
        seen: set[str] = set()
        for i, v in enumerate(versions):
            if v.version_id in seen:
                raise MalformedInputError(
                    "DID history versionId values must be unique", "DID 历史的 versionId 必须唯一"
                )
            seen.add(v.version_id)
            if i and v.updated <= versions[i - 1].updated:
                raise MalformedInputError(
                    "DID history versions must be in strictly increasing 'updated' order",
                    "DID 历史版本必须按 updated 严格递增排列",
                )
            if versions[i - 1].deactivated and i:
                raise MalformedInputError(
                    "a deactivated DID has no later versions", "已停用的 DID 不能再有后续版本"
                )
            if v.deactivated != (v.document is None):
                raise MalformedInputError(
                    "a version has a document unless it deactivates the DID",
                    "除停用版本外，每个版本都必须包含 DID 文档",
                )
        self._did = did
        self._versions = tuple(versions)

    @property
    def did(self) -> str:
        """The DID this history belongs to."""
        return self._did

    @property
    def versions(self) -> tuple[DIDDocumentVersion, ...]:
        """Every version, oldest first."""
        return self._versions

    @classmethod
    def start(
        cls, document: Mapping[str, Any], *, updated: datetime, version_id: str = "1"
    ) -> DIDHistory:
        """A history whose first version is *document*, in effect from *updated*."""
        doc = validate_did_document(copy.deepcopy(dict(document)))
        return cls(doc["id"], [_version(version_id, updated, doc)])

    def with_version(
        self,
        document: Mapping[str, Any] | None,
        *,
        updated: datetime,
        version_id: str | None = None,
    ) -> DIDHistory:
        """A new history with *document* (``None`` = deactivate) in effect from *updated*."""
        doc = None
        if document is not None:
            doc = validate_did_document(copy.deepcopy(dict(document)), did=self._did)
        vid = version_id if version_id is not None else str(len(self._versions) + 1)
        return DIDHistory(self._did, [*self._versions, _version(vid, updated, doc)])

    def version_at(self, at: datetime | None) -> DIDDocumentVersion:
        """The version in effect at *at* (the latest when *at* is ``None``)."""
        if at is None:
            return self._versions[-1]
        if at.tzinfo is None:
            raise MalformedInputError("at must be timezone-aware", "at 必须带时区")
        current = None
        for v in self._versions:
            if v.updated <= at:
                current = v
            else:
                break
        if current is None:
            raise DIDNotFoundError(
                f"{self._did} did not exist yet at {format_datetime(at)}",
                f"{self._did} 在 {format_datetime(at)} 时尚不存在",
            )
        return current

    def document_at(self, at: datetime | None) -> dict[str, Any]:
        """The DID document in effect at *at*; raises if the DID was deactivated then."""
        version = self.version_at(at)
        if version.document is None:
            raise ResolutionError(
                f"{self._did} was deactivated (version {version.version_id})",
                f"{self._did} 已停用（版本 {version.version_id}）",
                code="deactivated",
            )
        return copy.deepcopy(_thaw(version.document))

    def to_json(self) -> dict[str, Any]:
        """The wire form (see the module docstring)."""
        versions = []
        for v in self._versions:
            entry: dict[str, Any] = {
                "versionId": v.version_id,
                "updated": format_datetime(v.updated),
            }
            if v.deactivated:
                entry["deactivated"] = True
            else:
                entry["didDocument"] = _thaw(v.document)
            versions.append(entry)
        return {"id": self._did, "type": HISTORY_TYPE, "versions": versions}

    @classmethod
    def from_json(cls, data: Any, *, did: str | None = None) -> DIDHistory:
        """Parse and check the wire form (JSON text, bytes or object)."""
        if isinstance(data, str | bytes):
            data = parse_json(data, what="DID history")
        if (
            not isinstance(data, Mapping)
            or data.get("type") != HISTORY_TYPE
            or not isinstance(data.get("versions"), list)
            or not isinstance(data.get("id"), str)
        ):
            raise MalformedInputError(
                f"a DID history is an object with id, type {HISTORY_TYPE!r} and a versions list",
                f"DID 历史必须是含 id、type {HISTORY_TYPE!r} 与 versions 列表的对象",
            )
        if did is not None and data["id"] != did:
            raise MalformedInputError(
                f"the DID history is for {data['id']}, not {did}",
                f"该 DID 历史属于 {data['id']}，而非 {did}",
            )
        versions = []
        for entry in data["versions"]:
            if not isinstance(entry, Mapping) or not isinstance(entry.get("versionId"), str):
                raise MalformedInputError(
                    "each DID history version needs a versionId string",
                    "每个 DID 历史版本都需要 versionId 字符串",
                )
            deactivated = entry.get("deactivated", False)
            if not isinstance(deactivated, bool):
                raise MalformedInputError(
                    "deactivated must be true or false", "deactivated 必须是 true 或 false"
                )
            doc = None
            if not deactivated:
                doc = validate_did_document(entry.get("didDocument"), did=data["id"])
            versions.append(
                _version(
                    entry["versionId"],
                    parse_datetime_stamp(entry.get("updated"), what="DID history 'updated'"),
                    doc,
                )
            )
        return cls(data["id"], versions)


def _version(version_id: str, updated: datetime, doc: dict[str, Any] | None) -> DIDDocumentVersion:
    if not isinstance(version_id, str) or not version_id:
        raise MalformedInputError(
            "versionId must be a non-empty string", "versionId 必须是非空字符串"
        )
    if not isinstance(updated, datetime) or updated.tzinfo is None:
        raise MalformedInputError(
            "updated must be a timezone-aware datetime", "updated 必须是带时区的 datetime"
        )
    return DIDDocumentVersion(
        version_id=version_id,
        updated=updated,
        document=None if doc is None else MappingProxyType(doc),
        deactivated=doc is None,
    )


def _thaw(doc: Mapping[str, Any] | None) -> dict[str, Any]:
    return copy.deepcopy(dict(doc or {}))


def did_web_history_url(did_json_url: str) -> str:
    """The history URL that sits next to a did:web ``did.json`` URL."""
    return did_json_url[: -len("did.json")] + "did-history.json"


class HistoryMethod:
    """A method resolver over known histories (offline; e.g. pinned agency DIDs).

    ``DIDResolver(methods={"web": HistoryMethod([history, ...])})``.
    """

    __slots__ = ("_histories",)

    def __init__(self, histories: Sequence[DIDHistory]) -> None:
        self._histories: Mapping[str, DIDHistory] = MappingProxyType({h.did: h for h in histories})

    def __call__(self, did: str, *, at: datetime | None) -> dict[str, Any]:
        """The document of *did* in effect at *at*."""
        history = self._histories.get(did)
        if history is None:
            raise DIDNotFoundError(f"no history is known for {did}", f"没有 {did} 的历史记录")
        return history.document_at(at)
