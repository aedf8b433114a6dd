"""The 人社 / 社保 domain: identifiers, JSON Schemas, credential builders, display metadata.

``from didkit_shebao import shebao``::

    cid = shebao.validate_citizen_id("11010519491231002X")   # GB 11643
    cid.birth_date, cid.sex, cid.region
    shebao.validate_uscc("91350100M000100Y43")                # GB 32100

    status = shebao.InsuranceStatus(
        holder="did:key:z6Mk…", name="张三", citizen_id=cid, region="110105",
        insurances=[shebao.Insurance("pension", "active", "2010-07-01")],
        as_of=date(2025, 3, 1),
    )
    vc = status.to_vc(issuer="did:web:hrss.example.gov.cn")     # unsigned VCDM 2.0
    claims, disclosable = status.to_sd_jwt_claims()             # for issue_sd_jwt

Every builder checks its values when it is constructed and raises
:class:`~didkit_shebao.errors.MalformedInputError` or
:class:`~didkit_shebao.errors.SchemaValidationError`; messages never repeat an
identifier number.
"""

from __future__ import annotations

from .accreditation import NATIONWIDE, Accreditation
from .display import claim_label, describe_claims, display_metadata, type_metadata, value_label
from .ids import (
    USCC,
    CitizenID,
    validate_citizen_id,
    validate_region_code,
    validate_uscc,
)
from .insurance import (
    INSURANCE_STATUS_VCT,
    INSURANCE_STATUSES,
    INSURANCE_TYPES,
    Employer,
    Insurance,
    InsuranceStatus,
)
from .jsonld import SHEBAO_CONTEXT, context_document, jsonld_contexts
from .qualification import PROFESSIONAL_TITLE_VCT, SKILL_LEVEL_VCT, ProfessionalTitle, SkillLevel
from .retirement import (
    STATUTORY_RETIREMENT_RULE,
    RetirementRule,
    StatutoryRetirementRule,
    retirement_date,
    statutory_retirement_age,
)
from .schemas import (
    CREDENTIAL_SCHEMAS,
    SD_JWT_SCHEMAS,
    VCT_CREDENTIAL_TYPES,
    bundled_schema,
    credential_type_for_vct,
    validate_credential,
    validate_sd_jwt_claims,
)

__all__ = [
    "CREDENTIAL_SCHEMAS",
    "INSURANCE_STATUSES",
    "INSURANCE_STATUS_VCT",
    "INSURANCE_TYPES",
    "NATIONWIDE",
    "PROFESSIONAL_TITLE_VCT",
    "SD_JWT_SCHEMAS",
    "SHEBAO_CONTEXT",
    "SKILL_LEVEL_VCT",
    "STATUTORY_RETIREMENT_RULE",
    "USCC",
    "VCT_CREDENTIAL_TYPES",
    "Accreditation",
    "CitizenID",
    "Employer",
    "Insurance",
    "InsuranceStatus",
    "ProfessionalTitle",
    "RetirementRule",
    "SkillLevel",
    "StatutoryRetirementRule",
    "bundled_schema",
    "claim_label",
    "context_document",
    "credential_type_for_vct",
    "describe_claims",
    "display_metadata",
    "jsonld_contexts",
    "retirement_date",
    "statutory_retirement_age",
    "type_metadata",
    "validate_citizen_id",
    "validate_credential",
    "validate_region_code",
    "validate_sd_jwt_claims",
    "validate_uscc",
    "value_label",
]
