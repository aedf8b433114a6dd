"""Qualifications: professional titles (职称) and vocational skill levels (职业技能等级).

Both render as an unsigned VCDM 2.0 credential (:meth:`to_vc`) naming their
bundled JSON Schema, and as SD-JWT VC claims (:meth:`to_sd_jwt_claims`) in
which every claim, the holder's DID included, is selectively disclosable.

Skill levels follow the eight-level system introduced in 2022 (新八级工:
学徒工, 初级工, 中级工, 高级工, 技师, 高级技师, 特级技师, 首席技师). Certificates
of the five-level system (国家职业资格 五级 … 一级) name a level that maps one to
one onto the current names: 五级 → 初级工, 四级 → 中级工, 三级 → 高级工,
二级 → 技师, 一级 → 高级技师; both the bare old names and the combined forms
printed on certificates (``"三级/高级工"``) are accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, ClassVar, Final

from .._masking import masked_repr
from .._schemas import validate_against
from ..errors import MalformedInputError
from ._common import (
    VCT_PREFIX,
    as_date,
    as_datetime,
    check_did,
    check_text,
    credential_envelope,
    schema_id,
)

__all__ = [
    "PROFESSIONAL_TITLE_VCT",
    "SKILL_LEVEL_VCT",
    "ProfessionalTitle",
    "SkillLevel",
]

#: ``vct`` of the professional title SD-JWT VC; maps to ``ProfessionalTitleCredential``.
PROFESSIONAL_TITLE_VCT: Final = f"{VCT_PREFIX}professional-title/v1"
#: ``vct`` of the skill level SD-JWT VC; maps to ``SkillLevelCredential``.
SKILL_LEVEL_VCT: Final = f"{VCT_PREFIX}skill-level/v1"

_CERT_RE: Final = re.compile(r"[0-9A-Za-z][0-9A-Za-z_/-]{0,63}")
_MASKED: Final = ("holder", "certificate_number")
_OCCUPATION_RE: Final = re.compile(r"[1-8]-[0-9]{2}-[0-9]{2}-[0-9]{2}(-[0-9]{2})?")


def _check_certificate_number(value: object, field: str) -> str:
    if not isinstance(value, str) or not _CERT_RE.fullmatch(value):
        raise MalformedInputError(
            f"{field} must be 1-64 characters of [0-9A-Za-z_/-], starting with a letter or digit",
            f"{field} 必须是 1-64 位字母、数字或 _ / -，且以字母或数字开头",
        )
    return value


class _Qualification:
    """What professional titles and skill levels share: rendering as VCDM 2.0 or SD-JWT claims."""

    __slots__ = ()
    _CREDENTIAL_TYPE: ClassVar[str]
    _SCHEMA_NAME: ClassVar[str]
    holder: str
    awarded_on: date

    def __repr__(self) -> str:
        # The holder's DID and the certificate number identify the person: never printed.
        shown = tuple(f.name for f in fields(self) if f.name not in _MASKED)  # type: ignore[arg-type]
        return masked_repr(self, shown=shown, hidden=_MASKED)

    def _vc_subject(self) -> dict[str, Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    def _sd_claims(self) -> dict[str, Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_vc(
        self,
        *,
        issuer: str | dict[str, Any],
        valid_from: datetime | date | str | None = None,
        valid_until: datetime | date | str | None = None,
        id: str | None = None,
    ) -> dict[str, Any]:
        """An unsigned VCDM 2.0 credential of this type (validFrom defaults to awarded_on)."""
        start = as_datetime(self.awarded_on if valid_from is None else valid_from, "valid_from")
        end = None if valid_until is None else as_datetime(valid_until, "valid_until")
        return credential_envelope(
            credential_type=self._CREDENTIAL_TYPE,
            issuer=issuer,
            subject=self._vc_subject(),
            schema_name=self._SCHEMA_NAME,
            valid_from=start,
            valid_until=end,
            credential_id=id,
        )

    def vc_disclosable(self) -> tuple[str, ...]:
        """JSON Pointers into :meth:`to_vc` for ``issue_vc_sd_jwt``: every subject claim."""
        return tuple(f"/credentialSubject/{name}" for name in self._vc_subject())

    def to_sd_jwt_claims(self) -> tuple[dict[str, Any], tuple[str, ...]]:
        """``(claims, disclosable)`` for ``issue_sd_jwt``; every claim is disclosable."""
        claims = {"sub": self.holder, **self._sd_claims()}
        return claims, tuple(f"/{name}" for name in claims)


@dataclass(frozen=True, slots=True, init=False, repr=False)
class ProfessionalTitle(_Qualification):
    """A professional title (专业技术职称).

    Args:
        holder: the holder's DID.
        series: the title series (职称系列), e.g. ``"工程技术"``.
        level: one of :attr:`LEVELS`: 正高级, 副高级, 中级, 初级, or — in series
            that split the junior level — 助理级 / 员级.
        title: the title name, e.g. ``"高级工程师"``.
        certificate_number: the certificate number.
        awarded_by: the awarding body's name (评审委员会 / 人社部门).
        awarded_on: the award date.

    Raises:
        MalformedInputError / SchemaValidationError: at construction.
    """

    #: Allowed levels, most senior first.
    _CREDENTIAL_TYPE: ClassVar[str] = "ProfessionalTitleCredential"
    _SCHEMA_NAME: ClassVar[str] = "professional-title-credential"
    LEVELS: ClassVar[tuple[str, ...]] = ("正高级", "副高级", "中级", "初级", "助理级", "员级")
    #: English names of the levels (for display).
    LEVELS_EN: ClassVar[MappingProxyType[str, str]] = MappingProxyType(
        {
            "正高级": "Senior (full)",
            "副高级": "Senior (associate)",
            "中级": "Intermediate",
            "初级": "Junior",
            "助理级": "Junior (assistant)",
            "员级": "Junior (technician)",
        }
    )

    holder: str
    series: str
    level: str
    title: str
    certificate_number: str
    awarded_by: str
    awarded_on: date

    def __init__(
        self,
        holder: str,
        series: str,
        level: str,
        title: str,
        certificate_number: str,
        awarded_by: str,
        awarded_on: date | str,
    ) -> None:
        for name, value in (
            ("holder", holder),
            ("series", series),
            ("level", level),
            ("title", title),
            ("certificate_number", certificate_number),
            ("awarded_by", awarded_by),
            ("awarded_on", awarded_on),
        ):
            object.__setattr__(self, name, value)
        self._validate()

    def _validate(self) -> None:
        check_did(self.holder, "ProfessionalTitle.holder")
        check_text(self.series, "ProfessionalTitle.series")
        if self.level not in self.LEVELS:
            raise MalformedInputError(
                "ProfessionalTitle.level must be 正高级, 副高级, 中级, 初级, 助理级 or 员级",
                "ProfessionalTitle.level 必须是 正高级、副高级、中级、初级、助理级 或 员级",
            )
        check_text(self.title, "ProfessionalTitle.title")
        _check_certificate_number(self.certificate_number, "ProfessionalTitle.certificate_number")
        check_text(self.awarded_by, "ProfessionalTitle.awarded_by")
        object.__setattr__(
            self, "awarded_on", as_date(self.awarded_on, "ProfessionalTitle.awarded_on")
        )
        validate_against(
            schema_id("professional-title-credential") + "#/$defs/subject", self._vc_subject()
        )
        validate_against(schema_id("professional-title-sd-jwt"), self.to_sd_jwt_claims()[0])

    def _vc_subject(self) -> dict[str, Any]:
        return {
            "id": self.holder,
            "series": self.series,
            "level": self.level,
            "title": self.title,
            "certificateNumber": self.certificate_number,
            "awardedBy": self.awarded_by,
            "awardedOn": self.awarded_on.isoformat(),
        }

    def _sd_claims(self) -> dict[str, Any]:
        return {
            "series": self.series,
            "level": self.level,
            "title": self.title,
            "certificate_number": self.certificate_number,
            "awarded_by": self.awarded_by,
            "awarded_on": self.awarded_on.isoformat(),
        }


_OLD_SKILL_LEVELS: Final = MappingProxyType(
    {"五级": "初级工", "四级": "中级工", "三级": "高级工", "二级": "技师", "一级": "高级技师"}
)


@dataclass(frozen=True, slots=True, init=False, repr=False)
class SkillLevel(_Qualification):
    """A vocational skill level (职业技能等级).

    Args:
        holder: the holder's DID.
        occupation_code: the occupation code of the national classification
            (职业分类大典), e.g. ``"6-31-01-03"``.
        occupation: the occupation name, e.g. ``"车工"``.
        level: one of :attr:`LEVELS`, or an old five-level name (``"三级"`` or
            ``"三级/高级工"``); :attr:`level` always holds the current name.
        certificate_number: the certificate number.
        evaluated_by: the evaluating body's name.
        awarded_on: the date on the certificate.

    Raises:
        MalformedInputError / SchemaValidationError: at construction.
    """

    #: The eight levels of the current system, lowest first.
    _CREDENTIAL_TYPE: ClassVar[str] = "SkillLevelCredential"
    _SCHEMA_NAME: ClassVar[str] = "skill-level-credential"
    LEVELS: ClassVar[tuple[str, ...]] = (
        "学徒工",
        "初级工",
        "中级工",
        "高级工",
        "技师",
        "高级技师",
        "特级技师",
        "首席技师",
    )
    #: Old five-level names -> current names.
    OLD_LEVELS: ClassVar[MappingProxyType[str, str]] = _OLD_SKILL_LEVELS
    #: English names of the levels (for display).
    LEVELS_EN: ClassVar[MappingProxyType[str, str]] = MappingProxyType(
        {
            "学徒工": "Apprentice",
            "初级工": "Junior worker",
            "中级工": "Intermediate worker",
            "高级工": "Senior worker",
            "技师": "Technician",
            "高级技师": "Senior technician",
            "特级技师": "Principal technician",
            "首席技师": "Chief technician",
        }
    )

    holder: str
    occupation_code: str
    occupation: str
    level: str
    certificate_number: str
    evaluated_by: str
    awarded_on: date

    def __init__(
        self,
        holder: str,
        occupation_code: str,
        occupation: str,
        level: str,
        certificate_number: str,
        evaluated_by: str,
        awarded_on: date | str,
    ) -> None:
        for name, value in (
            ("holder", holder),
            ("occupation_code", occupation_code),
            ("occupation", occupation),
            ("level", level),
            ("certificate_number", certificate_number),
            ("evaluated_by", evaluated_by),
            ("awarded_on", awarded_on),
        ):
            object.__setattr__(self, name, value)
        self._validate()

    @classmethod
    def normalize_level(cls, level: object) -> str:
        """The current-system name for *level* (current name, old name, or ``"三级/高级工"``)."""
        if isinstance(level, str):
            if level in cls.LEVELS:
                return level
            if level in _OLD_SKILL_LEVELS:
                return _OLD_SKILL_LEVELS[level]
            old, sep, new = level.partition("/")
            if sep and _OLD_SKILL_LEVELS.get(old.strip()) == new.strip():
                return new.strip()
        raise MalformedInputError(
            "SkillLevel.level must be one of 学徒工, 初级工, 中级工, 高级工, 技师, 高级技师, 特级技师, 首席技师 (or an old 五级…一级 name)",
            "SkillLevel.level 必须是 学徒工、初级工、中级工、高级工、技师、高级技师、特级技师、首席技师 之一（或旧的 五级…一级）",
        )

    def _validate(self) -> None:
        check_did(self.holder, "SkillLevel.holder")
        if not isinstance(self.occupation_code, str) or not _OCCUPATION_RE.fullmatch(
            self.occupation_code
        ):
            raise MalformedInputError(
                "SkillLevel.occupation_code must look like 6-31-01-03 (optionally with a -NN job-type segment)",
                "SkillLevel.occupation_code 格式应为 6-31-01-03（可带 -NN 工种段）",
            )
        check_text(self.occupation, "SkillLevel.occupation")
        object.__setattr__(self, "level", self.normalize_level(self.level))
        _check_certificate_number(self.certificate_number, "SkillLevel.certificate_number")
        check_text(self.evaluated_by, "SkillLevel.evaluated_by")
        object.__setattr__(self, "awarded_on", as_date(self.awarded_on, "SkillLevel.awarded_on"))
        validate_against(
            schema_id("skill-level-credential") + "#/$defs/subject", self._vc_subject()
        )
        validate_against(schema_id("skill-level-sd-jwt"), self.to_sd_jwt_claims()[0])

    @property
    def rank(self) -> int:
        """Position of :attr:`level` in :attr:`LEVELS` (0 = 学徒工 … 7 = 首席技师)."""
        return self.LEVELS.index(self.level)

    def _vc_subject(self) -> dict[str, Any]:
        return {
            "id": self.holder,
            "occupationCode": self.occupation_code,
            "occupation": self.occupation,
            "level": self.level,
            "certificateNumber": self.certificate_number,
            "evaluatedBy": self.evaluated_by,
            "awardedOn": self.awarded_on.isoformat(),
        }

    def _sd_claims(self) -> dict[str, Any]:
        return {
            "occupation_code": self.occupation_code,
            "occupation": self.occupation,
            "level": self.level,
            "certificate_number": self.certificate_number,
            "evaluated_by": self.evaluated_by,
            "awarded_on": self.awarded_on.isoformat(),
        }
