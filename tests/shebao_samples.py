"""Sample domain objects shared by the tests/test_shebao_*.py modules."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from didkit_shebao import shebao

HOLDER = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
AGENCY = "did:web:hrss.beijing.example"
# GB 11643 standard example: born 1949-12-31, female, Beijing Chaoyang.
CITIZEN_ID = "11010519491231002X"
# GB 32100 standard example.
USCC = "91350100M000100Y43"
NAME = "张三丰"
EMPLOYER_NAME = "福州某某科技有限公司"
AS_OF = date(2025, 3, 1)


def insurance_status(**overrides: Any) -> shebao.InsuranceStatus:
    """An InsuranceStatus with three entries and an employer."""
    kwargs: dict[str, Any] = {
        "holder": HOLDER,
        "name": NAME,
        "citizen_id": CITIZEN_ID,
        "region": "110105",
        "insurances": [
            shebao.Insurance("pension", "active", date(2001, 7, 1), local_code="1"),
            shebao.Insurance("medical", "suspended", "2003-02-01", "2024-12-31", local_code="2"),
            shebao.Insurance("work_injury", "terminated", "2005-05-01", "2019-08-31"),
        ],
        "employer": shebao.Employer(EMPLOYER_NAME, USCC),
        "as_of": AS_OF,
    }
    kwargs.update(overrides)
    return shebao.InsuranceStatus(**kwargs)


def professional_title(**overrides: Any) -> shebao.ProfessionalTitle:
    """A 高级工程师 title."""
    kwargs: dict[str, Any] = {
        "holder": HOLDER,
        "series": "工程技术",
        "level": "副高级",
        "title": "高级工程师",
        "certificate_number": "GJ2023-110105-0042",
        "awarded_by": "北京市工程技术系列高级专业技术资格评审委员会",
        "awarded_on": date(2023, 12, 20),
    }
    kwargs.update(overrides)
    return shebao.ProfessionalTitle(**kwargs)


def skill_level(**overrides: Any) -> shebao.SkillLevel:
    """A 车工 三级/高级工 certificate (old five-level name, mapped)."""
    kwargs: dict[str, Any] = {
        "holder": HOLDER,
        "occupation_code": "6-18-01-01",
        "occupation": "车工",
        "level": "三级/高级工",
        "certificate_number": "S000011010500243000123",
        "evaluated_by": "北京市某某职业技能等级认定中心",
        "awarded_on": date(2022, 6, 30),
    }
    kwargs.update(overrides)
    return shebao.SkillLevel(**kwargs)


def accreditation(**overrides: Any) -> shebao.Accreditation:
    """Beijing accredited for insurance status credentials for five years."""
    kwargs: dict[str, Any] = {
        "accredited": AGENCY,
        "credential_types": ["InsuranceStatusCredential"],
        "regions": ["110000"],
        "valid_from": datetime(2025, 1, 1, tzinfo=UTC),
        "valid_until": datetime(2030, 1, 1, tzinfo=UTC),
    }
    kwargs.update(overrides)
    return shebao.Accreditation(**kwargs)


def all_unsigned_vcs(issuer: str = AGENCY) -> dict[str, dict[str, Any]]:
    """One unsigned credential of each domain type."""
    return {
        "InsuranceStatusCredential": insurance_status().to_vc(issuer=issuer),
        "ProfessionalTitleCredential": professional_title().to_vc(issuer=issuer),
        "SkillLevelCredential": skill_level().to_vc(issuer=issuer),
        "AccreditationCredential": accreditation().to_vc(issuer="did:web:mohrss.example"),
    }


def leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every (path, leaf value) of a JSON value."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in leaf_paths(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in leaf_paths(v, (*path, i))]
    return [(path, value)]
