"""Domain builders: values checked at construction, VC and SD-JWT renderings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shebao_samples import (
    AGENCY,
    CITIZEN_ID,
    EMPLOYER_NAME,
    HOLDER,
    NAME,
    USCC,
    accreditation,
    insurance_status,
    professional_title,
    skill_level,
)

import didkit_shebao as ds
from didkit_shebao import shebao
from didkit_shebao.errors import MalformedInputError, SchemaValidationError, ShebaoError

BAD = (MalformedInputError, SchemaValidationError)


def test_public_surface() -> None:
    assert ds.shebao is shebao
    for name in shebao.__all__:
        assert getattr(shebao, name) is not None


# -- Insurance / Employer -----------------------------------------------------------


def test_insurance_normalises_chinese_names_and_dates() -> None:
    entry = shebao.Insurance("养老保险", "参保缴费", "2001-07-01")
    assert (entry.type, entry.status, entry.since, entry.until) == (
        "pension",
        "active",
        date(2001, 7, 1),
        None,
    )
    assert shebao.Insurance("工伤", "terminated", date(2001, 1, 1)).type == "work_injury"
    assert set(shebao.INSURANCE_TYPES) == {
        "pension",
        "medical",
        "unemployment",
        "work_injury",
        "maternity",
    }


@pytest.mark.parametrize(
    "kwargs",
    [
        {"type": "housing_fund", "status": "active", "since": "2001-01-01"},  # 公积金 is not 社保
        {"type": "pension", "status": "paused", "since": "2001-01-01"},
        {"type": "pension", "status": "active", "since": "2001-02-30"},
        {"type": "pension", "status": "active", "since": "20010101"},
        {
            "type": "pension",
            "status": "active",
            "since": datetime(2001, 1, 1, tzinfo=UTC),
        },
        {"type": "pension", "status": "active", "since": "2001-01-02", "until": "2001-01-01"},
        {"type": "pension", "status": "active", "since": "2001-01-01", "local_code": ""},
        {"type": "pension", "status": "active", "since": "2001-01-01", "local_code": "参保"},
        {"type": "pension", "status": "active", "since": "2001-01-01", "local_code": "x" * 17},
        {"type": None, "status": "active", "since": "2001-01-01"},
    ],
)
def test_insurance_refuses_bad_values(kwargs: dict[str, Any]) -> None:
    with pytest.raises(BAD):
        shebao.Insurance(**kwargs)


@pytest.mark.parametrize(
    ("name", "uscc"),
    [("", USCC), (" 公司", USCC), ("公司\n二行", USCC), ("公司", USCC[:-1] + "4"), ("公司", None)],
)
def test_employer_refuses_bad_values(name: str, uscc: Any) -> None:
    with pytest.raises(BAD) as info:
        shebao.Employer(name, uscc)
    if isinstance(uscc, str):
        assert uscc not in str(info.value)
    assert "9135" not in repr(shebao.Employer("公司", USCC))


# -- InsuranceStatus -----------------------------------------------------------------


def test_insurance_status_derived_claims() -> None:
    status = insurance_status()
    assert status.birth_date == date(1949, 12, 31)
    assert (status.age_over_18, status.age_over_60, status.retirement_age_reached) == (
        True,
        True,
        True,
    )
    young = insurance_status(
        citizen_id=_cid("110105", date(2007, 3, 1), 2), as_of=date(2025, 2, 28)
    )
    assert (young.age_over_18, young.age_over_60, young.retirement_age_reached) == (
        False,
        False,
        False,
    )
    birthday = insurance_status(
        citizen_id=_cid("110105", date(2007, 3, 1), 2), as_of=date(2025, 3, 1)
    )
    assert birthday.age_over_18 is True


def _cid(region: str, birth: date, seq: int) -> str:
    body = region + birth.strftime("%Y%m%d") + f"{seq:03d}"
    return body + shebao.ids.citizen_id_check_character(body)


def test_retirement_rule_is_a_parameter() -> None:
    # A woman born 1975-06-10: 50 years 3 months as a female worker (2025-09-10), 58 as a cadre.
    cid = _cid("440305", date(1975, 6, 10), 4)
    worker = insurance_status(citizen_id=cid, as_of=date(2025, 9, 10))
    cadre = insurance_status(
        citizen_id=cid,
        as_of=date(2025, 9, 10),
        retirement_rule=shebao.StatutoryRetirementRule(female_original_age=55),
    )
    assert (worker.retirement_age_reached, cadre.retirement_age_reached) == (True, False)
    day_before = insurance_status(citizen_id=cid, as_of=date(2025, 9, 9))
    assert day_before.retirement_age_reached is False
    calls: list[tuple[date, str, date]] = []

    def custom(birth: date, sex: str, as_of: date) -> bool:
        calls.append((birth, sex, as_of))
        return True

    assert insurance_status(citizen_id=cid, retirement_rule=custom).retirement_age_reached
    assert calls == [(date(1975, 6, 10), "F", date(2025, 3, 1))]
    with pytest.raises(MalformedInputError):
        insurance_status(retirement_rule=lambda *a: "yes")
    with pytest.raises(MalformedInputError):
        insurance_status(retirement_rule=42)


@pytest.mark.parametrize(
    "overrides",
    [
        {"holder": "not-a-did"},
        {"holder": HOLDER + "#key-1"},
        {"name": ""},
        {"name": "张" * 101},
        {"citizen_id": CITIZEN_ID[:-1] + "1"},
        {"citizen_id": _cid("110105", date(2026, 1, 1), 3)},  # born after as_of
        {"region": "1101"},
        {"region": "990000"},
        {"insurances": []},
        {"insurances": "pension"},
        {"insurances": [{"type": "pension"}]},
        {
            "insurances": [
                shebao.Insurance("pension", "active", "2001-01-01"),
                shebao.Insurance("养老", "suspended", "2002-01-01"),
            ]
        },
        {"employer": {"name": EMPLOYER_NAME, "uscc": USCC}},
        {"as_of": "2025-02-30"},
        {"as_of": None},
    ],
)
def test_insurance_status_refuses_bad_values(overrides: dict[str, Any]) -> None:
    with pytest.raises(BAD) as info:
        insurance_status(**overrides)
    assert CITIZEN_ID[:17] not in str(info.value)
    assert CITIZEN_ID[:17] not in info.value.message_zh


def test_insurance_status_repr_shows_no_personal_data() -> None:
    text = repr(insurance_status())
    for secret in (NAME, CITIZEN_ID, "1949", EMPLOYER_NAME, USCC):
        assert secret not in text


def test_insurance_status_to_vc() -> None:
    vc = insurance_status().to_vc(
        issuer=AGENCY, id="urn:uuid:7f1c0c0e-57d1-4e1f-8c3a-1d2c3e4f5a6b"
    )
    assert vc["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://didkit-shebao.example/contexts/shebao/v1",
    ]
    assert vc["type"] == ["VerifiableCredential", "InsuranceStatusCredential"]
    assert vc["credentialSchema"] == {
        "id": "https://didkit-shebao.example/schemas/insurance-status-credential/v1.json",
        "type": "JsonSchema",
    }
    assert vc["validFrom"] == "2025-03-01T00:00:00+08:00"
    subject = vc["credentialSubject"]
    assert subject["citizenId"] == CITIZEN_ID
    assert subject["insurances"][1] == {
        "insuranceType": "medical",
        "status": "suspended",
        "since": "2003-02-01",
        "until": "2024-12-31",
        "localCode": "2",
    }
    assert subject["employer"] == {"name": EMPLOYER_NAME, "uscc": USCC}
    assert (subject["ageOver18"], subject["ageOver60"], subject["retirementAgeReached"]) == (
        True,
        True,
        True,
    )
    assert shebao.validate_credential(vc) == (
        "https://didkit-shebao.example/schemas/insurance-status-credential/v1.json",
    )
    until = insurance_status().to_vc(
        issuer={"id": AGENCY, "name": "北京市社会保险事业管理中心"},
        valid_from=datetime(2025, 3, 1, tzinfo=UTC),
        valid_until=date(2025, 6, 1),
    )
    assert (until["validFrom"], until["validUntil"]) == (
        "2025-03-01T00:00:00Z",
        "2025-06-01T00:00:00+08:00",
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"issuer": "hrss beijing"},
        {"issuer": {"name": "no id"}},
        {"issuer": AGENCY, "valid_until": date(2024, 1, 1)},
        {"issuer": AGENCY, "valid_from": datetime(2025, 1, 1)},  # naive
        {"issuer": AGENCY, "valid_from": "2025-01-01"},  # a date string is not a date-time
        {"issuer": AGENCY, "id": "not a uri"},
    ],
)
def test_to_vc_refuses_bad_arguments(kwargs: dict[str, Any]) -> None:
    with pytest.raises(BAD):
        insurance_status().to_vc(**kwargs)


def test_insurance_status_sd_jwt_claims() -> None:
    claims, disclosable = insurance_status().to_sd_jwt_claims()
    assert claims == {
        "sub": HOLDER,
        "name": NAME,
        "citizen_id": CITIZEN_ID,
        "birth_date": "1949-12-31",
        "region": "110105",
        "insurances": [
            {"type": "pension", "status": "active", "since": "2001-07-01", "local_code": "1"},
            {
                "type": "medical",
                "status": "suspended",
                "since": "2003-02-01",
                "until": "2024-12-31",
                "local_code": "2",
            },
            {
                "type": "work_injury",
                "status": "terminated",
                "since": "2005-05-01",
                "until": "2019-08-31",
            },
        ],
        "employer": {"name": EMPLOYER_NAME, "uscc": USCC},
        "as_of": "2025-03-01",
        "age_over_18": True,
        "age_over_60": True,
        "retirement_age_reached": True,
    }
    assert disclosable == (
        "/sub",
        "/name",
        "/citizen_id",
        "/birth_date",
        "/insurances/0",
        "/insurances/1",
        "/insurances/2",
        "/employer",
        "/employer/name",
        "/employer/uscc",
        "/age_over_18",
        "/age_over_60",
        "/retirement_age_reached",
    )
    assert "/region" not in disclosable
    no_employer, pointers = insurance_status(employer=None).to_sd_jwt_claims()
    assert "employer" not in no_employer
    assert not any(p.startswith("/employer") for p in pointers)
    assert shebao.validate_sd_jwt_claims(claims, vct=shebao.INSURANCE_STATUS_VCT).endswith(
        "insurance-status-sd-jwt/v1.json"
    )


def test_as_of_is_the_day_the_claims_hold() -> None:
    status = insurance_status(as_of="2024-12-31")
    assert status.as_of == date(2024, 12, 31)
    assert status.to_sd_jwt_claims()[0]["as_of"] == "2024-12-31"


# -- ProfessionalTitle --------------------------------------------------------------


def test_professional_title() -> None:
    title = professional_title()
    vc = title.to_vc(issuer=AGENCY)
    assert vc["type"] == ["VerifiableCredential", "ProfessionalTitleCredential"]
    assert vc["credentialSubject"]["level"] == "副高级"
    assert vc["credentialSubject"]["awardedOn"] == "2023-12-20"
    assert vc["validFrom"] == "2023-12-20T00:00:00+08:00"
    claims, disclosable = title.to_sd_jwt_claims()
    assert claims["certificate_number"] == "GJ2023-110105-0042"
    assert disclosable == tuple(f"/{k}" for k in claims)
    for level in shebao.ProfessionalTitle.LEVELS:
        assert professional_title(level=level).level == level
    assert shebao.ProfessionalTitle.LEVELS == (
        "正高级",
        "副高级",
        "中级",
        "初级",
        "助理级",
        "员级",
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"level": "高级"},
        {"level": "senior"},
        {"series": ""},
        {"title": "高级\t工程师"},
        {"certificate_number": "编号1"},
        {"certificate_number": "-12"},
        {"awarded_by": " 评委会"},
        {"awarded_on": "2023/12/20"},
        {"holder": "did:KEY:abc"},
    ],
)
def test_professional_title_refuses_bad_values(overrides: dict[str, Any]) -> None:
    with pytest.raises(BAD):
        professional_title(**overrides)


# -- SkillLevel ---------------------------------------------------------------------


def test_skill_levels() -> None:
    assert shebao.SkillLevel.LEVELS == (
        "学徒工",
        "初级工",
        "中级工",
        "高级工",
        "技师",
        "高级技师",
        "特级技师",
        "首席技师",
    )
    assert skill_level().level == "高级工"
    # Old five-level names map onto the current ones (五级 lowest … 一级 highest).
    mapped = {
        old: skill_level(level=old).level for old in ("五级", "四级", "三级", "二级", "一级")
    }
    assert mapped == {
        "五级": "初级工",
        "四级": "中级工",
        "三级": "高级工",
        "二级": "技师",
        "一级": "高级技师",
    }
    assert [skill_level(level=lv).rank for lv in shebao.SkillLevel.LEVELS] == list(range(8))
    assert skill_level(level="一级/高级技师").level == "高级技师"
    vc = skill_level().to_vc(issuer=AGENCY)
    assert vc["credentialSubject"]["level"] == "高级工"
    assert vc["credentialSubject"]["occupationCode"] == "6-18-01-01"
    claims, disclosable = skill_level(occupation_code="6-18-01-01-02").to_sd_jwt_claims()
    assert claims["occupation_code"] == "6-18-01-01-02"
    assert "/level" in disclosable


@pytest.mark.parametrize(
    "overrides",
    [
        {"level": "六级"},
        {"level": "三级/技师"},  # inconsistent combined form
        {"level": "高级"},
        {"level": 3},
        {"occupation_code": "6-18-01"},
        {"occupation_code": "9-18-01-01"},
        {"occupation_code": "6180101"},
        {"occupation": ""},
        {"evaluated_by": ""},
        {"certificate_number": ""},
        {"awarded_on": date(2022, 6, 30).isoformat() + "T00:00:00Z"},
    ],
)
def test_skill_level_refuses_bad_values(overrides: dict[str, Any]) -> None:
    with pytest.raises(BAD):
        skill_level(**overrides)


# -- Accreditation ------------------------------------------------------------------


def test_accreditation() -> None:
    acc = accreditation(credential_types=("InsuranceStatusCredential", "AccreditationCredential"))
    vc = acc.to_vc(issuer="did:web:mohrss.example")
    assert vc["validFrom"] == "2025-01-01T00:00:00Z"
    assert vc["validUntil"] == "2030-01-01T00:00:00Z"
    assert vc["credentialSubject"] == {
        "id": AGENCY,
        "credentialTypes": ["InsuranceStatusCredential", "AccreditationCredential"],
        "regions": ["110000"],
    }
    at = datetime(2026, 1, 1, tzinfo=UTC)
    assert acc.covers("InsuranceStatusCredential", "110105", at)
    assert not acc.covers("InsuranceStatusCredential", "120105", at)
    assert not acc.covers("SkillLevelCredential", "110105", at)
    assert not acc.covers("InsuranceStatusCredential", "110105", datetime(2030, 1, 1, tzinfo=UTC))
    city = accreditation(regions=["440300"])
    assert city.covers("InsuranceStatusCredential", "440305", at)
    assert not city.covers("InsuranceStatusCredential", "440105", at)
    assert accreditation(regions=[shebao.NATIONWIDE]).covers(
        "InsuranceStatusCredential", "650102", at
    )
    assert accreditation(valid_from=date(2025, 1, 1)).valid_from == datetime(
        2025, 1, 1, tzinfo=timezone(timedelta(hours=8))
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"accredited": "hrss"},
        {"credential_types": []},
        {"credential_types": ["InsuranceStatus"]},
        {"credential_types": ["VerifiableCredential"]},
        {"credential_types": ["InsuranceStatusCredential", "InsuranceStatusCredential"]},
        {"credential_types": "InsuranceStatusCredential"},
        {"regions": []},
        {"regions": ["11000"]},
        {"regions": ["110000", "110000"]},
        {"valid_until": datetime(2024, 1, 1, tzinfo=UTC)},
        {"valid_from": datetime(2025, 1, 1)},
    ],
)
def test_accreditation_refuses_bad_values(overrides: dict[str, Any]) -> None:
    with pytest.raises(BAD):
        accreditation(**overrides)


def test_builders_are_frozen() -> None:
    status = insurance_status()
    with pytest.raises(AttributeError):
        status.name = "李四"  # type: ignore[misc]
    assert isinstance(status.insurances, tuple)
    assert isinstance(accreditation().regions, tuple)


def test_errors_are_shebao_errors() -> None:
    for exc in BAD:
        assert issubclass(exc, ShebaoError)
        assert issubclass(exc, ValueError)


# -- fuzz: nothing but our errors escapes a builder ------------------------------------

_ANY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=30),
    st.dates(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)
_FIELDS = {
    "insurance": (
        insurance_status,
        ["holder", "name", "citizen_id", "region", "insurances", "employer", "as_of"],
    ),
    "title": (
        professional_title,
        ["holder", "series", "level", "title", "certificate_number", "awarded_by", "awarded_on"],
    ),
    "skill": (
        skill_level,
        [
            "holder",
            "occupation_code",
            "occupation",
            "level",
            "certificate_number",
            "evaluated_by",
            "awarded_on",
        ],
    ),
    "accreditation": (
        accreditation,
        ["accredited", "credential_types", "regions", "valid_from", "valid_until"],
    ),
}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(_FIELDS)), st.data())
def test_builders_raise_only_shebao_errors(kind: str, data: st.DataObject) -> None:
    factory, fields = _FIELDS[kind]
    field = data.draw(st.sampled_from(fields))
    value = data.draw(_ANY)
    error: ShebaoError | None = None
    try:
        factory(**{field: value})
    except ShebaoError as exc:
        error = exc
    assert error is None or isinstance(error, BAD)
    if error is not None and field == "citizen_id" and isinstance(value, str) and len(value) >= 8:
        assert value not in str(error)


def test_replace_revalidates() -> None:
    """dataclasses.replace goes through the constructor, so changed values are checked again."""
    import dataclasses

    status = insurance_status()
    later = dataclasses.replace(status, as_of=date(2025, 4, 1))
    assert later.as_of == date(2025, 4, 1)
    assert later.birth_date == status.birth_date
    with pytest.raises(MalformedInputError):
        dataclasses.replace(status, region="99")
    title = dataclasses.replace(professional_title(), level="正高级")
    assert title.level == "正高级"
    assert dataclasses.replace(skill_level(), level="二级").level == "技师"
    assert dataclasses.replace(accreditation(), regions=["440000"]).regions == ("440000",)
    entry = dataclasses.replace(
        shebao.Insurance("pension", "active", "2001-01-01"), status="终止参保", until="2020-01-01"
    )
    assert (entry.status, entry.until) == ("terminated", date(2020, 1, 1))
    assert status == insurance_status()
    assert status != later


@pytest.mark.parametrize("make", [insurance_status, professional_title, skill_level])
def test_to_vc_refuses_a_window_that_ends_before_it_starts(make: Any) -> None:
    builder = make()
    vc = builder.to_vc(issuer=AGENCY, valid_until="2099-01-01T00:00:00Z")
    assert vc["validUntil"] == "2099-01-01T00:00:00Z"
    with pytest.raises(MalformedInputError):
        builder.to_vc(
            issuer=AGENCY,
            valid_from="2030-01-01T00:00:00Z",
            valid_until="2029-12-31T00:00:00Z",
        )
