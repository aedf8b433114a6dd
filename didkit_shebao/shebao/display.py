"""Bilingual (zh / en) display metadata for the domain credentials.

The labels live in ``didkit_shebao/data/display.json`` (package data, beside
``schemas/``, which holds only JSON Schemas). Each credential type lists its
claims with

* ``vc``: the path under ``credentialSubject`` in the W3C credential (camelCase),
* ``sd_jwt``: the SD-JWT VC claim path (snake_case; ``None`` selects every
  array element), absent for credentials that are not presented as SD-JWT,
* ``sd``: the disclosure policy (``always`` / ``allowed`` / ``never``),
* ``label`` and optional ``description`` in ``zh-CN`` and ``en``,
* optional ``values``: the name of a value table giving labels of enumerated values.

:func:`type_metadata` renders the SD-JWT VC Type Metadata document
(draft-ietf-oauth-sd-jwt-vc, "Type Metadata": ``vct``, ``name``,
``description``, ``display`` by ``locale``, ``claims`` with ``path``,
``display`` and ``sd``) that a wallet can show, e.g. for
:data:`~didkit_shebao.shebao.insurance.INSURANCE_STATUS_VCT`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any, Final

from ..errors import MalformedInputError, UnsupportedError

__all__ = [
    "LOCALES",
    "claim_label",
    "describe_claims",
    "display_metadata",
    "type_metadata",
    "value_label",
]

#: Locales every label is given in.
LOCALES: Final = ("zh-CN", "en")
_PathKey = tuple[str | int | None, ...]


@lru_cache(maxsize=1)
def _raw() -> str:
    return resources.files("didkit_shebao").joinpath("data", "display.json").read_text("utf-8")


def _doc() -> dict[str, Any]:
    return dict(json.loads(_raw()))


def _entry(credential_type_or_vct: str) -> tuple[str, dict[str, Any]]:
    for name, entry in _doc()["credentials"].items():
        if credential_type_or_vct in (name, entry.get("vct")):
            return name, entry
    raise UnsupportedError(
        "no display metadata for this credential type or vct; use one of the domain credential types",
        "没有该凭证类型或 vct 的显示元数据；请使用本领域的凭证类型",
    )


def _check_locale(locale: str) -> str:
    if locale not in LOCALES:
        raise MalformedInputError(
            "locale must be 'zh-CN' or 'en'", "locale 必须是 'zh-CN' 或 'en'"
        )
    return locale


def display_metadata(credential_type_or_vct: str) -> dict[str, Any]:
    """A fresh copy of the display entry for a credential type (or its ``vct``).

    Raises:
        UnsupportedError: not one of the domain credential types.
    """
    return _entry(credential_type_or_vct)[1]


def _normalise(path: Sequence[str | int | None]) -> _PathKey:
    return tuple(None if isinstance(p, int) else p for p in path)


def _find_claim(entry: Mapping[str, Any], path: Sequence[str | int | None]) -> dict[str, Any]:
    want = _normalise(path)
    for claim in entry["claims"]:
        for key in ("vc", "sd_jwt"):
            if claim.get(key) is not None and tuple(claim[key]) == want:
                return dict(claim)
    raise UnsupportedError(
        "no label for this claim path; check the path (SD-JWT snake_case or VC camelCase)",
        "该声明路径没有标签；请检查路径（SD-JWT 下划线命名或 VC 驼峰命名）",
    )


def claim_label(
    credential_type_or_vct: str, path: Sequence[str | int | None], *, locale: str = "zh-CN"
) -> str:
    """The label of the claim at *path*, e.g. ``("insurances", 0, "status")`` → ``"参保状态"``.

    *path* may be an SD-JWT claim path or a path under ``credentialSubject``;
    array indices match any element.
    """
    _check_locale(locale)
    label: str = _find_claim(_entry(credential_type_or_vct)[1], path)["label"][locale]
    return label


def value_label(
    credential_type_or_vct: str,
    path: Sequence[str | int | None],
    value: object,
    *,
    locale: str = "zh-CN",
) -> str:
    """A display string for *value* at *path* (enumerations translated, booleans as 是 / Yes)."""
    _check_locale(locale)
    claim = _find_claim(_entry(credential_type_or_vct)[1], path)
    table_name = claim.get("values")
    if table_name is not None:
        table = _doc()["values"][table_name]
        key = json.dumps(value) if isinstance(value, bool) else value
        if isinstance(key, str) and key in table:
            text: str = table[key][locale]
            return text
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def describe_claims(
    claims: Mapping[str, Any],
    *,
    vct: str | None = None,
    credential_type: str | None = None,
    locale: str = "zh-CN",
) -> list[tuple[str, str]]:
    """``(label, value)`` rows for the leaf claims a verifier received.

    Give ``vct=`` for a verified SD-JWT VC payload (snake_case claims), or
    ``credential_type=`` for a W3C ``credentialSubject`` (camelCase terms).
    Only domain claims with metadata are listed (``iss``, ``cnf`` and the
    like are skipped), in the order of the metadata, so a verifier UI can show
    exactly what was disclosed.
    """
    _check_locale(locale)
    name = vct if credential_type is None else credential_type
    if name is None or (vct is not None and credential_type is not None):
        raise MalformedInputError(
            "give exactly one of vct= and credential_type=",
            "vct= 与 credential_type= 必须且只能给出一个",
        )
    entry = _entry(name)[1]
    key = "sd_jwt" if vct is not None else "vc"
    labelled = {_normalise(c[key]): c for c in entry["claims"] if c.get(key) is not None}
    rows: list[tuple[str, str]] = []

    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, Mapping):
            for child_name, child in value.items():
                walk(child, (*path, child_name))
        elif isinstance(value, (list, tuple)):
            for i, child in enumerate(value):
                walk(child, (*path, i))
        elif _normalise(path) in labelled:
            claim = labelled[_normalise(path)]
            rows.append((claim["label"][locale], value_label(name, path, value, locale=locale)))

    for claim in entry["claims"]:
        path = claim.get(key)
        if path is not None and len(path) == 1 and path[0] in claims:
            walk(claims[path[0]], (path[0],))
    return rows


def type_metadata(vct: str) -> dict[str, Any]:
    """The SD-JWT VC Type Metadata document for one of our ``vct`` values.

    Raises:
        UnsupportedError: *vct* is not one of ours.
    """
    _name, entry = _entry(vct)
    if entry.get("vct") != vct:
        raise UnsupportedError(
            "type metadata exists only for the SD-JWT VC vct values of this library",
            "仅本库的 SD-JWT VC vct 有类型元数据",
        )
    claims = []
    for claim in entry["claims"]:
        if claim.get("sd_jwt") is None:
            continue
        display = []
        for locale in LOCALES:
            item = {"locale": locale, "label": claim["label"][locale]}
            if "description" in claim:
                item["description"] = claim["description"][locale]
            display.append(item)
        claims.append({"path": list(claim["sd_jwt"]), "display": display, "sd": claim["sd"]})
    return {
        "vct": vct,
        "name": entry["name"]["en"],
        "description": entry["description"]["en"],
        "display": [
            {
                "locale": locale,
                "name": entry["name"][locale],
                "description": entry["description"][locale],
            }
            for locale in LOCALES
        ],
        "claims": claims,
    }
