"""Bundled JSON Schemas: valid draft 2020-12, resolved locally, all used, errors without values."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from shebao_samples import AGENCY, CITIZEN_ID, USCC, all_unsigned_vcs, insurance_status

from didkit_shebao import _schemas, shebao
from didkit_shebao.errors import SchemaValidationError, UnsupportedError

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILES = sorted((ROOT / "schemas").glob("*.json"))
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{3,}")


def test_schemas_folder_holds_only_json_schemas() -> None:
    assert SCHEMA_FILES
    assert {p.name for p in (ROOT / "schemas").iterdir()} == {p.name for p in SCHEMA_FILES}
    # The package sees the same files through its symlink.
    assert (ROOT / "didkit_shebao" / "schemas").resolve() == (ROOT / "schemas").resolve()


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_schema_parses_and_is_valid(path: Path) -> None:
    schema = json.loads(path.read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith(_schemas.SCHEMA_ID_PREFIX)
    Draft202012Validator.check_schema(schema)
    assert _schemas.bundled_schema(schema["$id"]) == schema


DOMAIN_FILES = [
    p for p in SCHEMA_FILES if p.name not in {"did-document.schema.json", "keyfile.schema.json"}
]


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: p.name)
def test_domain_schemas_are_bilingual(path: Path) -> None:
    schema = json.loads(path.read_text("utf-8"))
    for key in ("title", "description"):
        assert CJK.search(schema[key]), key
        assert LATIN.search(schema[key]), key


def _refs(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {value["$ref"].partition("#")[0]} if isinstance(value.get("$ref"), str) else set()
        return found.union(*(_refs(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_refs(v) for v in value))
    return set()


def test_every_schema_is_used() -> None:
    """Each bundled schema is reached by a builder / validation path (or is main's own)."""
    from didkit_shebao.did.document import DID_DOCUMENT_SCHEMA_ID
    from didkit_shebao.keystore import KEYFILE_SCHEMA_ID

    used: set[str] = {DID_DOCUMENT_SCHEMA_ID, KEYFILE_SCHEMA_ID}
    for credential_type, vc in all_unsigned_vcs().items():
        checked = shebao.validate_credential(vc)
        assert checked == (shebao.CREDENTIAL_SCHEMAS[credential_type],)
        assert vc["credentialSchema"]["id"] == checked[0]
        used.update(checked)
    for vct, sid in shebao.SD_JWT_SCHEMAS.items():
        used.add(sid)
        assert shebao.credential_type_for_vct(vct) in shebao.CREDENTIAL_SCHEMAS
    for sid in list(used):
        used |= {r for r in _refs(_schemas.bundled_schema(sid)) if r}
    assert used == set(_schemas.bundled_schema_ids())


def test_registry_is_local_and_closed() -> None:
    registry = _schemas.schema_registry()
    assert _schemas.bundled_registry() is registry
    for sid in _schemas.bundled_schema_ids():
        assert registry.contents(sid) == _schemas.bundled_schema(sid)
    with pytest.raises(UnsupportedError):
        _schemas.validate_against("https://json-schema.org/draft/2020-12/schema", {})
    with pytest.raises(UnsupportedError):
        _schemas.validate_against("https://didkit-shebao.example/schemas/nope/v1.json", {})
    assert _schemas.bundled_schema("https://example.com/unknown") is None


def test_format_checker_is_private_and_checks_domain_formats() -> None:
    checker = _schemas.format_checker()
    for name in (
        "gb11643-citizen-id",
        "gb32100-uscc",
        "gbt2260-region",
        "date",
        "date-time",
        "uri",
    ):
        assert name in checker.checkers
    assert "gb11643-citizen-id" not in FormatChecker.checkers  # the global checker is untouched
    assert checker.conforms(CITIZEN_ID, "gb11643-citizen-id")
    assert not checker.conforms(CITIZEN_ID[:-1] + "1", "gb11643-citizen-id")
    assert checker.conforms(USCC, "gb32100-uscc")
    assert not checker.conforms(USCC[:-1] + "4", "gb32100-uscc")
    assert checker.conforms("2025-03-01T08:00:00+08:00", "date-time")
    assert not checker.conforms("2025-03-01T08:00:00", "date-time")  # RFC 3339 needs an offset
    assert not checker.conforms("2025-02-30T08:00:00Z", "date-time")
    assert not checker.conforms("2025-02-30", "date")


def _mutate(vc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    copy = json.loads(json.dumps(vc))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return copy


BAD_VALUES: list[tuple[tuple[Any, ...], Any, str]] = [
    (("credentialSubject", "citizenId"), CITIZEN_ID[:-1] + "1", "citizenId"),  # check character
    (("credentialSubject", "employer", "uscc"), USCC[:-1] + "4", "uscc"),
    (("credentialSubject", "region"), "990101", "region"),
    (("credentialSubject", "birthDate"), "1949-02-30", "birthDate"),
    (("credentialSubject", "insurances", 0, "status"), "paused", "status"),
    (("credentialSubject", "insurances", 0, "insuranceType"), "housing", "insuranceType"),
    (("credentialSubject", "ageOver60"), "yes", "ageOver60"),
    (("credentialSubject", "nickname"), "阿三", "not allowed"),
    (("validFrom",), "2025-03-01 00:00:00", "validFrom"),
    (("type",), ["VerifiableCredential"], "type"),
    (("@context",), ["https://www.w3.org/ns/credentials/v2"], "@context"),
]


@pytest.mark.parametrize(("path", "value", "where"), BAD_VALUES)
def test_validation_errors_name_the_place_not_the_value(
    path: tuple[Any, ...], value: Any, where: str
) -> None:
    vc = _mutate(insurance_status().to_vc(issuer=AGENCY), path, value)
    with pytest.raises(SchemaValidationError) as info:
        shebao.validate_credential(vc)
    text = str(info.value) + info.value.message_zh
    assert where in text
    if isinstance(value, str) and len(value) > 5:
        assert value not in text
    assert CITIZEN_ID not in text
    assert USCC not in text


def test_missing_required_claims_are_named() -> None:
    vc = insurance_status().to_vc(issuer=AGENCY)
    del vc["credentialSubject"]["citizenId"]
    with pytest.raises(SchemaValidationError, match="missing citizenId"):
        shebao.validate_credential(vc)


def test_validate_credential_policy() -> None:
    vc = insurance_status().to_vc(issuer=AGENCY)
    without = {k: v for k, v in vc.items() if k != "credentialSchema"}
    assert shebao.validate_credential(without) == (
        shebao.CREDENTIAL_SCHEMAS["InsuranceStatusCredential"],
    )
    with pytest.raises(UnsupportedError):
        shebao.validate_credential(
            {**vc, "credentialSchema": {"id": "https://example.com/s.json", "type": "JsonSchema"}}
        )
    with pytest.raises(UnsupportedError):
        shebao.validate_credential(
            {
                **vc,
                "credentialSchema": {
                    "id": vc["credentialSchema"]["id"],
                    "type": "JsonSchemaCredential",
                },
            }
        )
    with pytest.raises(SchemaValidationError):
        shebao.validate_credential({**vc, "credentialSchema": ["x"]})
    with pytest.raises(SchemaValidationError):
        shebao.validate_credential({**without, "type": ["VerifiableCredential"]})
    with pytest.raises(SchemaValidationError):
        shebao.validate_credential([vc])
    # A schema named in credentialSchema applies even when the type does not say so.
    with pytest.raises(SchemaValidationError):
        shebao.validate_credential({**vc, "type": ["VerifiableCredential", "SomethingElse"]})


def test_sd_jwt_claim_schemas() -> None:
    claims, _ = insurance_status().to_sd_jwt_claims()
    shebao.validate_sd_jwt_claims({"region": "110105"}, vct=shebao.INSURANCE_STATUS_VCT)
    shebao.validate_sd_jwt_claims(
        {
            **claims,
            "iss": AGENCY,
            "iat": 1,
            "exp": 2,
            "vct": shebao.INSURANCE_STATUS_VCT,
            "cnf": {"jwk": {}},
        },
        vct=shebao.INSURANCE_STATUS_VCT,
    )
    with pytest.raises(SchemaValidationError):
        shebao.validate_sd_jwt_claims(
            {k: v for k, v in claims.items() if k != "region"}, vct=shebao.INSURANCE_STATUS_VCT
        )
    with pytest.raises(SchemaValidationError):
        shebao.validate_sd_jwt_claims({**claims, "_sd": []}, vct=shebao.INSURANCE_STATUS_VCT)
    with pytest.raises(SchemaValidationError):
        shebao.validate_sd_jwt_claims(
            {**claims, "vct": shebao.SKILL_LEVEL_VCT}, vct=shebao.INSURANCE_STATUS_VCT
        )
    with pytest.raises(UnsupportedError):
        shebao.validate_sd_jwt_claims(claims, vct="https://example.com/other")


def test_fragment_ids_reach_subschemas() -> None:
    sid = shebao.CREDENTIAL_SCHEMAS["SkillLevelCredential"] + "#/$defs/subject"
    with pytest.raises(SchemaValidationError, match="missing"):
        _schemas.validate_against(sid, {"id": "did:example:1"})
    with pytest.raises(UnsupportedError):
        _schemas.validate_against(
            shebao.CREDENTIAL_SCHEMAS["SkillLevelCredential"] + "#subject", {}
        )


def test_main_validate_with_schema_still_works() -> None:
    from didkit_shebao.keystore import KEYFILE_SCHEMA_ID

    with pytest.raises(SchemaValidationError, match="key file"):
        _schemas.validate_with_schema(KEYFILE_SCHEMA_ID, {}, what="key file")
