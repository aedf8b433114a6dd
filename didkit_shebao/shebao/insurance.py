"""Insurance status credentials (参保状态证明).

:class:`InsuranceStatus` holds one insured person's record at an ``as_of``
date: one :class:`Insurance` entry per insurance type, optionally the
:class:`Employer`, and the derived claims the agency signs so that the citizen
need not show a birth date (``age_over_18``, ``age_over_60``,
``retirement_age_reached``). Everything is checked when the object is built:
identifiers by their check characters, then the result against the bundled
JSON Schemas.

It renders two ways:

* :meth:`InsuranceStatus.to_vc` — an unsigned VCDM 2.0 credential (camelCase
  JSON-LD terms of our context) naming its bundled schema in
  ``credentialSchema``; sign it with ``issue_credential``.
* :meth:`InsuranceStatus.to_sd_jwt_claims` — snake_case claims and the JSON
  Pointers to make selectively disclosable, for ``issue_sd_jwt(…,
  vct=INSURANCE_STATUS_VCT)``. By default the holder DID, name, citizen ID,
  birth date, employer (and each of its two fields), every insurance entry and
  every derived claim are disclosable one by one; only ``region`` and
  ``as_of`` stay visible.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Final, Literal

from .._schemas import validate_against
from ..errors import MalformedInputError
from ..sdjwt.derived import age_over
from ._common import (
    VCT_PREFIX,
    as_date,
    as_datetime,
    as_tuple,
    check_did,
    check_text,
    credential_envelope,
    schema_id,
)
from .ids import CitizenID, RegionLookup, validate_citizen_id, validate_region_code, validate_uscc
from .retirement import STATUTORY_RETIREMENT_RULE, RetirementRule

__all__ = [
    "INSURANCE_STATUSES",
    "INSURANCE_STATUS_VCT",
    "INSURANCE_TYPES",
    "Employer",
    "Insurance",
    "InsuranceStatus",
]

#: ``vct`` of the insurance status SD-JWT VC; maps to ``InsuranceStatusCredential``.
INSURANCE_STATUS_VCT: Final = f"{VCT_PREFIX}insurance-status/v1"

InsuranceType = Literal["pension", "medical", "unemployment", "work_injury", "maternity"]
InsuranceStatusCode = Literal["active", "suspended", "terminated"]

#: The five insurance types (code -> Chinese name), in the usual order.
INSURANCE_TYPES: Final = MappingProxyType(
    {
        "pension": "养老保险",
        "medical": "医疗保险",
        "unemployment": "失业保险",
        "work_injury": "工伤保险",
        "maternity": "生育保险",
    }
)
#: Statuses (code -> Chinese name).
INSURANCE_STATUSES: Final = MappingProxyType(
    {"active": "参保缴费", "suspended": "暂停缴费", "terminated": "终止参保"}
)
_TYPE_ALIASES: Final = {
    **{code: code for code in INSURANCE_TYPES},
    **{zh: code for code, zh in INSURANCE_TYPES.items()},
    **{zh[:2]: code for code, zh in INSURANCE_TYPES.items()},
}
_STATUS_ALIASES: Final = {
    **{code: code for code in INSURANCE_STATUSES},
    **{zh: code for code, zh in INSURANCE_STATUSES.items()},
}
_LOCAL_CODE_CHARS: Final = frozenset(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-"
)
_CREDENTIAL_SCHEMA: Final = "insurance-status-credential"
_SD_JWT_SCHEMA: Final = schema_id("insurance-status-sd-jwt")


@dataclass(frozen=True, slots=True, init=False)
class Insurance:
    """One insurance type's status.

    Args:
        type: ``pension`` (养老), ``medical`` (医疗), ``unemployment`` (失业),
            ``work_injury`` (工伤) or ``maternity`` (生育); the Chinese names are
            accepted and stored as the code.
        status: ``active``, ``suspended`` or ``terminated`` (or 参保缴费 / 暂停缴费 / 终止参保).
        since: first day of this status (``date`` or ``YYYY-MM-DD``).
        until: last day, if it has ended or will end.
        local_code: the local agency's own status code (1-16 of ``[0-9A-Za-z_-]``).

    Raises:
        MalformedInputError: any value out of range, or ``until`` before ``since``.
    """

    type: InsuranceType
    status: InsuranceStatusCode
    since: date
    until: date | None
    local_code: str | None

    def __init__(
        self,
        type: str,
        status: str,
        since: date | str,
        until: date | str | None = None,
        local_code: str | None = None,
    ) -> None:
        object.__setattr__(self, "type", type)
        object.__setattr__(self, "status", status)
        object.__setattr__(self, "since", since)
        object.__setattr__(self, "until", until)
        object.__setattr__(self, "local_code", local_code)
        self._validate()

    def _validate(self) -> None:
        kind = _TYPE_ALIASES.get(self.type) if isinstance(self.type, str) else None
        if kind is None:
            raise MalformedInputError(
                "Insurance.type must be one of pension, medical, unemployment, work_injury, maternity",
                "Insurance.type 必须是 pension、medical、unemployment、work_injury、maternity 之一",
            )
        status = _STATUS_ALIASES.get(self.status) if isinstance(self.status, str) else None
        if status is None:
            raise MalformedInputError(
                "Insurance.status must be active, suspended or terminated",
                "Insurance.status 必须是 active、suspended 或 terminated",
            )
        since = as_date(self.since, "Insurance.since")
        until = None if self.until is None else as_date(self.until, "Insurance.until")
        if until is not None and until < since:
            raise MalformedInputError(
                "Insurance.until is before Insurance.since; check the dates",
                "Insurance.until 早于 Insurance.since；请检查日期",
            )
        if self.local_code is not None and (
            not isinstance(self.local_code, str)
            or not 1 <= len(self.local_code) <= 16
            or not set(self.local_code) <= _LOCAL_CODE_CHARS
        ):
            raise MalformedInputError(
                "Insurance.local_code must be 1-16 characters of [0-9A-Za-z_-]",
                "Insurance.local_code 必须是 1-16 位字母、数字、下划线或连字符",
            )
        object.__setattr__(self, "type", kind)
        object.__setattr__(self, "status", status)
        object.__setattr__(self, "since", since)
        object.__setattr__(self, "until", until)

    def to_vc_entry(self) -> dict[str, Any]:
        """The entry as a VC ``insurances`` item (camelCase terms)."""
        entry: dict[str, Any] = {
            "insuranceType": self.type,
            "status": self.status,
            "since": self.since.isoformat(),
        }
        if self.until is not None:
            entry["until"] = self.until.isoformat()
        if self.local_code is not None:
            entry["localCode"] = self.local_code
        return entry

    def to_claim(self) -> dict[str, Any]:
        """The entry as an SD-JWT ``insurances`` item (snake_case claims)."""
        claim: dict[str, Any] = {
            "type": self.type,
            "status": self.status,
            "since": self.since.isoformat(),
        }
        if self.until is not None:
            claim["until"] = self.until.isoformat()
        if self.local_code is not None:
            claim["local_code"] = self.local_code
        return claim


@dataclass(frozen=True, slots=True, repr=False)
class Employer:
    """The employer (用人单位): name and unified social credit code (GB 32100).

    Raises:
        MalformedInputError: an empty or multi-line name, or an invalid code
            (the message never repeats the code).
    """

    name: str
    uscc: str

    def __post_init__(self) -> None:
        check_text(self.name, "Employer.name")
        validate_uscc(self.uscc)

    def __repr__(self) -> str:
        return "Employer(name=…, uscc=…)"

    def to_json(self) -> dict[str, str]:
        """``{"name": …, "uscc": …}`` (the same keys in both formats)."""
        return {"name": self.name, "uscc": self.uscc}


@dataclass(frozen=True, slots=True, repr=False, init=False)
class InsuranceStatus:
    """An insured person's record, ready to render as a VC or as SD-JWT claims.

    Args:
        holder: the citizen's DID (credential subject / ``sub``).
        name: the name on the identity document.
        citizen_id: GB 11643 number (string or :class:`CitizenID`).
        region: six-digit administrative division code of the insurance region
            (参保地); stays visible in presentations (trust checks need it).
        insurances: :class:`Insurance` entries, at most one per type.
        employer: the :class:`Employer`, if any.
        as_of: the date the record and the derived claims are stated for.
        retirement_rule: decides ``retirement_age_reached``; default
            :data:`~didkit_shebao.shebao.retirement.STATUTORY_RETIREMENT_RULE`
            (the 2025 reform, women at the female-worker base of 50). Pass
            ``StatutoryRetirementRule(female_original_age=55)`` for female
            cadres, or any ``(birth_date, sex, as_of) -> bool`` callable.
        region_lookup: optional region table for the citizen ID and ``region``.

    Derived (computed at construction): ``birth_date``, ``age_over_18``,
    ``age_over_60``, ``retirement_age_reached``.

    Raises:
        MalformedInputError: a value of the wrong type or format.
        SchemaValidationError: the rendered record fails the bundled schema.

    ``repr()`` shows no personal data.
    """

    holder: str
    name: str
    citizen_id: CitizenID
    region: str
    insurances: tuple[Insurance, ...]
    employer: Employer | None
    as_of: date
    retirement_rule: RetirementRule
    region_lookup: RegionLookup | None
    birth_date: date = field(init=False)
    age_over_18: bool = field(init=False)
    age_over_60: bool = field(init=False)
    retirement_age_reached: bool = field(init=False)

    def __init__(
        self,
        holder: str,
        name: str,
        citizen_id: CitizenID | str,
        region: str,
        insurances: Iterable[Insurance],
        employer: Employer | None = None,
        *,
        as_of: date | str,
        retirement_rule: RetirementRule = STATUTORY_RETIREMENT_RULE,
        region_lookup: RegionLookup | None = None,
    ) -> None:
        object.__setattr__(self, "holder", holder)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "citizen_id", citizen_id)
        object.__setattr__(self, "region", region)
        object.__setattr__(self, "insurances", insurances)
        object.__setattr__(self, "employer", employer)
        object.__setattr__(self, "as_of", as_of)
        object.__setattr__(self, "retirement_rule", retirement_rule)
        object.__setattr__(self, "region_lookup", region_lookup)
        self._validate()

    def _validate(self) -> None:
        check_did(self.holder, "InsuranceStatus.holder")
        check_text(self.name, "InsuranceStatus.name", max_length=100)
        as_of = as_date(self.as_of, "InsuranceStatus.as_of")
        raw_id = (
            self.citizen_id.number if isinstance(self.citizen_id, CitizenID) else self.citizen_id
        )
        cid = validate_citizen_id(raw_id, region_lookup=self.region_lookup, as_of=as_of)
        validate_region_code(self.region, region_lookup=self.region_lookup)
        entries = as_tuple(self.insurances, "InsuranceStatus.insurances")
        if not entries or not all(isinstance(e, Insurance) for e in entries):
            raise MalformedInputError(
                "InsuranceStatus.insurances must hold at least one Insurance",
                "InsuranceStatus.insurances 至少需要一个 Insurance",
            )
        if len({e.type for e in entries}) != len(entries):
            raise MalformedInputError(
                "InsuranceStatus.insurances has two entries of the same type; give one per type",
                "InsuranceStatus.insurances 中同一险种出现两次；每个险种只能有一条",
            )
        if self.employer is not None and not isinstance(self.employer, Employer):
            raise MalformedInputError(
                "InsuranceStatus.employer must be an Employer or None",
                "InsuranceStatus.employer 必须是 Employer 或 None",
            )
        if not callable(self.retirement_rule):
            raise MalformedInputError(
                "retirement_rule must be a callable (birth_date, sex, as_of) -> bool",
                "retirement_rule 必须是可调用对象 (birth_date, sex, as_of) -> bool",
            )
        reached = self.retirement_rule(cid.birth_date, cid.sex, as_of)
        if not isinstance(reached, bool):
            raise MalformedInputError(
                "retirement_rule must return a bool", "retirement_rule 必须返回布尔值"
            )
        object.__setattr__(self, "as_of", as_of)
        object.__setattr__(self, "citizen_id", cid)
        object.__setattr__(self, "insurances", entries)
        object.__setattr__(self, "birth_date", cid.birth_date)
        object.__setattr__(self, "age_over_18", age_over(cid.birth_date, 18, as_of=as_of))
        object.__setattr__(self, "age_over_60", age_over(cid.birth_date, 60, as_of=as_of))
        object.__setattr__(self, "retirement_age_reached", reached)
        validate_against(schema_id(_CREDENTIAL_SCHEMA) + "#/$defs/subject", self._vc_subject())
        validate_against(_SD_JWT_SCHEMA, self._claims())

    def __repr__(self) -> str:
        types = ",".join(e.type for e in self.insurances)
        return f"InsuranceStatus(region={self.region!r}, insurances=[{types}], as_of={self.as_of.isoformat()!r})"

    def _vc_subject(self) -> dict[str, Any]:
        subject: dict[str, Any] = {
            "id": self.holder,
            "name": self.name,
            "citizenId": self.citizen_id.number,
            "birthDate": self.birth_date.isoformat(),
            "region": self.region,
            "insurances": [e.to_vc_entry() for e in self.insurances],
        }
        if self.employer is not None:
            subject["employer"] = self.employer.to_json()
        subject["asOf"] = self.as_of.isoformat()
        subject["ageOver18"] = self.age_over_18
        subject["ageOver60"] = self.age_over_60
        subject["retirementAgeReached"] = self.retirement_age_reached
        return subject

    def _claims(self) -> dict[str, Any]:
        claims: dict[str, Any] = {
            "sub": self.holder,
            "name": self.name,
            "citizen_id": self.citizen_id.number,
            "birth_date": self.birth_date.isoformat(),
            "region": self.region,
            "insurances": [e.to_claim() for e in self.insurances],
        }
        if self.employer is not None:
            claims["employer"] = self.employer.to_json()
        claims["as_of"] = self.as_of.isoformat()
        claims["age_over_18"] = self.age_over_18
        claims["age_over_60"] = self.age_over_60
        claims["retirement_age_reached"] = self.retirement_age_reached
        return claims

    def to_vc(
        self,
        *,
        issuer: str | dict[str, Any],
        valid_from: datetime | date | str | None = None,
        valid_until: datetime | date | str | None = None,
        id: str | None = None,
    ) -> dict[str, Any]:
        """An unsigned VCDM 2.0 ``InsuranceStatusCredential``.

        Args:
            issuer: the agency's DID (or an issuer object with ``id``).
            valid_from: default: the start of ``as_of`` in China Standard Time.
            valid_until: optional end of validity.
            id: optional credential ``id`` (a URI such as ``urn:uuid:…``).

        The result names ``insurance-status-credential/v1`` in
        ``credentialSchema`` and validates against it.
        """
        start = as_datetime(self.as_of if valid_from is None else valid_from, "valid_from")
        end = None if valid_until is None else as_datetime(valid_until, "valid_until")
        return credential_envelope(
            credential_type="InsuranceStatusCredential",
            issuer=issuer,
            subject=self._vc_subject(),
            schema_name=_CREDENTIAL_SCHEMA,
            valid_from=start,
            valid_until=end,
            credential_id=id,
        )

    def vc_disclosable(self) -> tuple[str, ...]:
        """JSON Pointers into :meth:`to_vc` to make disclosable with ``issue_vc_sd_jwt``.

        The same privacy defaults as :meth:`to_sd_jwt_claims`, for the W3C
        credential secured with SD-JWT (``vc+sd-jwt``): ``region`` and ``asOf``
        stay visible, everything personal is disclosable on its own.
        """
        pointers = ["id", "name", "citizenId", "birthDate"]
        pointers += [f"insurances/{i}" for i in range(len(self.insurances))]
        if self.employer is not None:
            pointers += ["employer", "employer/name", "employer/uscc"]
        pointers += ["ageOver18", "ageOver60", "retirementAgeReached"]
        return tuple(f"/credentialSubject/{p}" for p in pointers)

    def to_sd_jwt_claims(self) -> tuple[dict[str, Any], tuple[str, ...]]:
        """``(claims, disclosable)``: snake_case claims and the JSON Pointers to make disclosable.

        Issue with ``issue_sd_jwt(claims, disclosable=disclosable,
        vct=INSURANCE_STATUS_VCT, …)``. Every personal claim is disclosable on
        its own, each insurance entry separately, and the employer both as a
        whole and field by field; ``region`` and ``as_of`` stay visible.
        """
        claims = self._claims()
        pointers = ["/sub", "/name", "/citizen_id", "/birth_date"]
        pointers += [f"/insurances/{i}" for i in range(len(self.insurances))]
        if self.employer is not None:
            pointers += ["/employer", "/employer/name", "/employer/uscc"]
        pointers += ["/age_over_18", "/age_over_60", "/retirement_age_reached"]
        return claims, tuple(pointers)
