"""Accreditation credentials: who may issue which credential types, where, and when.

An accrediting authority (the ministry, a provincial department) authorises an
agency DID to issue given credential types in given regions for a period, the
EBSI-style trusted-issuer chain ministry → province → city bureau. The signed
credential is what a trust registry consumes; this module only builds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from .._schemas import validate_against
from ..errors import MalformedInputError
from ._common import as_datetime, as_tuple, check_did, credential_envelope, schema_id
from .ids import is_plausible_region_code

__all__ = ["NATIONWIDE", "Accreditation"]

#: Region code meaning the whole country (中华人民共和国) in an accreditation.
NATIONWIDE: Final = "100000"
_TYPE_RE: Final = re.compile(r"[A-Z][A-Za-z0-9]*Credential")


@dataclass(frozen=True, slots=True, init=False)
class Accreditation:
    """An accreditation (签发资格授权) of an agency DID.

    Args:
        accredited: the agency's DID.
        credential_types: credential type names it may issue, e.g.
            ``("InsuranceStatusCredential",)``; ``"AccreditationCredential"``
            lets it accredit others in turn.
        regions: six-digit region codes it may issue for (a province code such
            as ``"440000"`` covers its cities; :data:`NATIONWIDE` the country).
        valid_from, valid_until: the period (aware datetimes, RFC 3339 strings,
            or dates meaning the start of that day in UTC+8).

    Raises:
        MalformedInputError / SchemaValidationError: at construction.
    """

    accredited: str
    credential_types: tuple[str, ...]
    regions: tuple[str, ...]
    valid_from: datetime
    valid_until: datetime

    def __init__(
        self,
        accredited: str,
        credential_types: Iterable[str],
        regions: Iterable[str],
        valid_from: datetime | date | str,
        valid_until: datetime | date | str,
    ) -> None:
        object.__setattr__(self, "accredited", accredited)
        object.__setattr__(self, "credential_types", credential_types)
        object.__setattr__(self, "regions", regions)
        object.__setattr__(self, "valid_from", valid_from)
        object.__setattr__(self, "valid_until", valid_until)
        self._validate()

    def _validate(self) -> None:
        check_did(self.accredited, "Accreditation.accredited")
        types = as_tuple(self.credential_types, "Accreditation.credential_types")
        if (
            not types
            or len(set(types)) != len(types)
            or not all(isinstance(t, str) and _TYPE_RE.fullmatch(t) for t in types)
        ):
            raise MalformedInputError(
                "Accreditation.credential_types must be distinct names ending in Credential, e.g. InsuranceStatusCredential",
                "Accreditation.credential_types 必须是互不相同、以 Credential 结尾的类型名，例如 InsuranceStatusCredential",
            )
        if "VerifiableCredential" in types:
            raise MalformedInputError(
                "Accreditation.credential_types must name specific types, not VerifiableCredential",
                "Accreditation.credential_types 必须是具体类型，不能是 VerifiableCredential",
            )
        regions = as_tuple(self.regions, "Accreditation.regions")
        if (
            not regions
            or len(set(regions)) != len(regions)
            or not all(
                isinstance(r, str) and (r == NATIONWIDE or is_plausible_region_code(r))
                for r in regions
            )
        ):
            raise MalformedInputError(
                "Accreditation.regions must be distinct six-digit region codes (GB/T 2260) or 100000 for the whole country",
                "Accreditation.regions 必须是互不相同的 6 位行政区划代码（GB/T 2260），全国为 100000",
            )
        start = as_datetime(self.valid_from, "Accreditation.valid_from")
        end = as_datetime(self.valid_until, "Accreditation.valid_until")
        if end <= start:
            raise MalformedInputError(
                "Accreditation.valid_until must be after valid_from",
                "Accreditation.valid_until 必须晚于 valid_from",
            )
        object.__setattr__(self, "credential_types", types)
        object.__setattr__(self, "regions", regions)
        object.__setattr__(self, "valid_from", start)
        object.__setattr__(self, "valid_until", end)
        validate_against(
            schema_id("accreditation-credential") + "#/$defs/subject", self._vc_subject()
        )

    def _vc_subject(self) -> dict[str, Any]:
        return {
            "id": self.accredited,
            "credentialTypes": list(self.credential_types),
            "regions": list(self.regions),
        }

    def covers(self, credential_type: str, region: str, at: datetime | date) -> bool:
        """Whether this accreditation covers *credential_type* in *region* at *at*.

        A province-level code (``XX0000``) covers every code starting with its
        first two digits, a prefecture-level code (``XXXX00``) its first four;
        :data:`NATIONWIDE` covers everything. The signature is not checked here.
        """
        moment = as_datetime(at, "at")
        if not self.valid_from <= moment < self.valid_until:
            return False
        if credential_type not in self.credential_types:
            return False
        for granted in self.regions:
            if granted in (NATIONWIDE, region):
                return True
            if granted.endswith("0000") and region[:2] == granted[:2]:
                return True
            if granted.endswith("00") and region[:4] == granted[:4]:
                return True
        return False

    def to_vc(
        self,
        *,
        issuer: str | dict[str, Any],
        id: str | None = None,
    ) -> dict[str, Any]:
        """An unsigned VCDM 2.0 ``AccreditationCredential`` (validFrom / validUntil = the period)."""
        return credential_envelope(
            credential_type="AccreditationCredential",
            issuer=issuer,
            subject=self._vc_subject(),
            schema_name="accreditation-credential",
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            credential_id=id,
        )
