"""Bilingual display metadata: a zh and an en label for every claim."""

from __future__ import annotations

import re
from typing import Any

import pytest
from shebao_samples import (
    all_unsigned_vcs,
    insurance_status,
    leaf_paths,
    professional_title,
    skill_level,
)

from didkit_shebao import shebao
from didkit_shebao.errors import MalformedInputError, UnsupportedError

CJK = re.compile(r"[\u4e00-\u9fff]")
SD_JWT = {
    shebao.INSURANCE_STATUS_VCT: insurance_status,
    shebao.PROFESSIONAL_TITLE_VCT: professional_title,
    shebao.SKILL_LEVEL_VCT: skill_level,
}


def _prefixes(path: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    return [path[: i + 1] for i in range(len(path))]


@pytest.mark.parametrize("vct", list(SD_JWT))
def test_every_sd_jwt_claim_has_both_labels(vct: str) -> None:
    claims, disclosable = SD_JWT[vct]().to_sd_jwt_claims()
    paths = {p for path, _ in leaf_paths(claims) for p in _prefixes(path)}
    paths |= {
        tuple(int(s) if s.isdigit() else s for s in ptr[1:].split("/")) for ptr in disclosable
    }
    for path in paths:
        zh = shebao.claim_label(vct, path, locale="zh-CN")
        en = shebao.claim_label(vct, path, locale="en")
        assert CJK.search(zh), path
        assert en, path
        assert en.isascii(), path


@pytest.mark.parametrize("credential_type", list(shebao.CREDENTIAL_SCHEMAS))
def test_every_vc_claim_has_both_labels(credential_type: str) -> None:
    subject = all_unsigned_vcs()[credential_type]["credentialSubject"]
    paths = {p for path, _ in leaf_paths(subject) for p in _prefixes(path)}
    assert paths
    for path in paths:
        assert CJK.search(shebao.claim_label(credential_type, path, locale="zh-CN"))
        assert shebao.claim_label(credential_type, path, locale="en").isascii()


def test_every_optional_claim_has_labels_too() -> None:
    """until / localCode appear only on some entries: check them explicitly."""
    for path in (("insurances", 0, "until"), ("insurances", 0, "localCode")):
        assert shebao.claim_label("InsuranceStatusCredential", path, locale="en")
    for path in (("insurances", 0, "until"), ("insurances", 0, "local_code")):
        assert shebao.claim_label(shebao.INSURANCE_STATUS_VCT, path)


def test_value_labels() -> None:
    vct = shebao.INSURANCE_STATUS_VCT
    for code in shebao.INSURANCE_TYPES:
        zh = shebao.value_label(vct, ("insurances", 0, "type"), code)
        assert zh == shebao.INSURANCE_TYPES[code]
        assert shebao.value_label(vct, ("insurances", 0, "type"), code, locale="en").endswith(
            "insurance"
        )
    for code, zh in shebao.INSURANCE_STATUSES.items():
        assert shebao.value_label(vct, ("insurances", 3, "status"), code) == zh
    assert shebao.value_label(vct, ("age_over_60",), True, locale="en") == "Yes"
    assert shebao.value_label(vct, ("age_over_60",), False) == "否"
    for level in shebao.SkillLevel.LEVELS:
        assert (
            shebao.value_label(shebao.SKILL_LEVEL_VCT, ("level",), level, locale="en")
            == shebao.SkillLevel.LEVELS_EN[level]
        )
    for level in shebao.ProfessionalTitle.LEVELS:
        assert (
            shebao.value_label("ProfessionalTitleCredential", ("level",), level, locale="en")
            == shebao.ProfessionalTitle.LEVELS_EN[level]
        )
    assert shebao.value_label(vct, ("region",), "110105") == "110105"


def test_type_metadata_for_insurance_status() -> None:
    meta = shebao.type_metadata(shebao.INSURANCE_STATUS_VCT)
    assert meta["vct"] == shebao.INSURANCE_STATUS_VCT
    assert [d["locale"] for d in meta["display"]] == ["zh-CN", "en"]
    assert meta["display"][0]["name"] == "参保状态证明"
    by_path = {tuple(c["path"]): c for c in meta["claims"]}
    assert by_path[("citizen_id",)]["sd"] == "always"
    assert by_path[("region",)]["sd"] == "never"
    assert by_path[("insurances", None)]["sd"] == "always"
    assert {d["locale"]: d["label"] for d in by_path[("birth_date",)]["display"]} == {
        "zh-CN": "出生日期",
        "en": "Date of birth",
    }
    # the policy in the metadata is the one to_sd_jwt_claims applies
    _, disclosable = insurance_status().to_sd_jwt_claims()
    for path, claim in by_path.items():
        pointer = "/" + "/".join("0" if p is None else str(p) for p in path)
        if claim["sd"] == "always" and len(path) <= 2:
            assert pointer in disclosable, pointer
        if claim["sd"] == "never":
            assert pointer not in disclosable, pointer
    with pytest.raises(UnsupportedError):
        shebao.type_metadata("InsuranceStatusCredential")
    with pytest.raises(UnsupportedError):
        shebao.type_metadata("https://example.com/vct")


def test_describe_disclosed_claims() -> None:
    rows = shebao.describe_claims(
        {
            "iss": "did:web:x",
            "region": "110105",
            "insurances": [{"type": "pension", "status": "active", "since": "2001-07-01"}],
            "age_over_60": True,
        },
        vct=shebao.INSURANCE_STATUS_VCT,
        locale="zh-CN",
    )
    assert rows == [
        ("参保地", "110105"),
        ("险种", "养老保险"),
        ("参保状态", "参保缴费"),
        ("起始日期", "2001-07-01"),
        ("年满60周岁", "是"),
    ]


def test_bad_lookups() -> None:
    with pytest.raises(MalformedInputError):
        shebao.claim_label(shebao.INSURANCE_STATUS_VCT, ("name",), locale="fr")
    with pytest.raises(UnsupportedError):
        shebao.claim_label(shebao.INSURANCE_STATUS_VCT, ("nickname",))
    with pytest.raises(UnsupportedError):
        shebao.display_metadata("UnknownCredential")
    meta = shebao.display_metadata("AccreditationCredential")
    meta["claims"].clear()  # a copy: the package data is not changed
    assert shebao.display_metadata("AccreditationCredential")["claims"]


def test_describe_requires_one_kind() -> None:
    with pytest.raises(MalformedInputError):
        shebao.describe_claims(
            {}, vct=shebao.INSURANCE_STATUS_VCT, credential_type="InsuranceStatusCredential"
        )
    with pytest.raises(MalformedInputError):
        shebao.describe_claims({})
    subject = all_unsigned_vcs()["SkillLevelCredential"]["credentialSubject"]
    rows = dict(
        shebao.describe_claims(subject, credential_type="SkillLevelCredential", locale="en")
    )
    assert rows["Skill level"] == "Senior worker"
    assert rows["Occupation code"] == "6-18-01-01"
