"""Chinese identifiers: citizen ID numbers (GB 11643) and unified social credit codes (GB 32100).

``validate_citizen_id`` checks the 18-character 公民身份号码 of GB 11643-1999: a
six-digit address code, an eight-digit birth date, a three-digit sequence code
whose last digit is odd for men and even for women, and an ISO 7064 MOD 11-2
check character (``0``-``9`` or ``X``). The same layout is used by

* residence permits for Hong Kong, Macao and Taiwan residents
  (港澳台居民居住证, address codes ``810000`` / ``820000`` / ``830000``), and
* the 2023 foreign permanent resident ID card (外国人永久居留身份证), whose
  number starts with ``9``, then the two-digit province code of the accepting
  authority and a three-digit nationality code.

The region check is pluggable: by default only the *format* of the address
code is checked (a plausible two-digit province prefix), never a table that
would reject numbers issued under a county code the table does not know
(GB/T 2260 changes every year, and a citizen keeps the number issued under
the old code). Pass ``region_lookup=`` (a mapping or a callable) to check
against a table of your own.

``validate_uscc`` checks the 18-character 统一社会信用代码 of GB 32100-2015.

Errors never contain the number being checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, Literal, TypeAlias

from ..errors import MalformedInputError

__all__ = [
    "CITIZEN_ID_WEIGHTS",
    "PROVINCE_CODES",
    "USCC",
    "USCC_ALPHABET",
    "USCC_WEIGHTS",
    "CitizenID",
    "RegionLookup",
    "citizen_id_check_character",
    "is_plausible_region_code",
    "uscc_check_character",
    "validate_citizen_id",
    "validate_region_code",
    "validate_uscc",
]

# -- GB 11643 ----------------------------------------------------------------

#: GB 11643-1999 weights W_i = 2^(18-i) mod 11 for positions 1..17.
CITIZEN_ID_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
#: Check character for each value of (sum of a_i * W_i) mod 11 (ISO 7064 MOD 11-2).
_CITIZEN_ID_CHECK: Final = "10X98765432"

#: Two-digit province-level prefixes of GB/T 2260 address codes, plus ``83``
#: (Taiwan residents' residence permits use ``830000``; GB/T 2260 itself lists
#: Taiwan as ``71``). Province codes have been stable since 1997 (Chongqing, 50).
PROVINCE_CODES: Final = frozenset(
    {
        "11", "12", "13", "14", "15",  # 华北
        "21", "22", "23",  # 东北
        "31", "32", "33", "34", "35", "36", "37",  # 华东
        "41", "42", "43", "44", "45", "46",  # 中南
        "50", "51", "52", "53", "54",  # 西南
        "61", "62", "63", "64", "65",  # 西北
        "71", "81", "82", "83",  # 台湾, 香港, 澳门, 台湾居民居住证
    }
)  # fmt: skip

_RESIDENCE_PERMIT_REGIONS: Final = frozenset({"810000", "820000", "830000"})
_CITIZEN_ID_RE: Final = re.compile(r"[0-9]{17}[0-9X]")
_REGION_RE: Final = re.compile(r"[0-9]{6}")

#: A region lookup: a mapping or set whose members are the known address codes,
#: or a callable returning whether an address code is known.
RegionLookup: TypeAlias = Container[str] | Callable[[str], bool]

CitizenIDKind: TypeAlias = Literal["resident", "residence_permit", "foreign_permanent_resident"]


def _id_error(what: str, what_zh: str) -> MalformedInputError:
    return MalformedInputError(
        f"the citizen ID number is not valid: {what}; check the number (GB 11643)",
        f"公民身份号码无效：{what_zh}；请核对号码（GB 11643）",
    )


def citizen_id_check_character(body: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits *body*."""
    if len(body) != 17 or not body.isascii() or not body.isdigit():
        raise MalformedInputError(
            "the body of a citizen ID number is exactly 17 ASCII digits",
            "公民身份号码本体码必须是 17 位数字",
        )
    total = sum(int(c) * w for c, w in zip(body, CITIZEN_ID_WEIGHTS, strict=True))
    return _CITIZEN_ID_CHECK[total % 11]


def is_plausible_region_code(code: str) -> bool:
    """Whether *code* has the shape of a GB/T 2260 address code (format check only).

    Six ASCII digits with a known province-level prefix. No county table is
    consulted, so numbers issued under retired county codes still pass.
    """
    return bool(_REGION_RE.fullmatch(code)) and code[:2] in PROVINCE_CODES


def _lookup(region_lookup: RegionLookup, code: str) -> bool:
    if isinstance(region_lookup, (str, bytes)):
        raise MalformedInputError(
            "region_lookup must be a mapping, a set of codes or a callable, not a string",
            "region_lookup 必须是映射、代码集合或可调用对象，而非字符串",
        )
    if isinstance(region_lookup, Container):
        return code in region_lookup
    if callable(region_lookup):
        return bool(region_lookup(code))
    raise MalformedInputError(
        "region_lookup must be a mapping, a set of codes or a callable",
        "region_lookup 必须是映射、代码集合或可调用对象",
    )


def validate_region_code(code: object, *, region_lookup: RegionLookup | None = None) -> str:
    """Check a six-digit administrative division code (GB/T 2260) and return it.

    Args:
        code: the code, e.g. ``"110105"``.
        region_lookup: optional table (mapping or callable) the code must be in;
            by default only its format is checked.

    Raises:
        MalformedInputError: not six digits, an implausible province prefix, or
            unknown to *region_lookup*.
    """
    if not isinstance(code, str) or not is_plausible_region_code(code):
        raise MalformedInputError(
            "a region code is six digits with a province-level prefix (GB/T 2260), e.g. 110105",
            "行政区划代码应为 6 位数字且以省级代码开头（GB/T 2260），例如 110105",
        )
    if region_lookup is not None and not _lookup(region_lookup, code):
        raise MalformedInputError(
            "the region code is not in the region table given; check the code or the table",
            "行政区划代码不在所给区划表中；请检查代码或区划表",
        )
    return code


@dataclass(frozen=True, slots=True, repr=False)
class CitizenID:
    """A validated GB 11643 identity number. Build it with :func:`validate_citizen_id`.

    Attributes:
        number: the 18-character number (uppercase ``X``).
        birth_date: the birth date encoded in it.
        sex: ``"M"`` (odd 17th digit) or ``"F"`` (even).
        region: the six-digit address code; for foreign permanent residents the
            accepting province's code followed by ``0000``.
        kind: ``"resident"``, ``"residence_permit"`` (81/82/83) or
            ``"foreign_permanent_resident"`` (leading ``9``).
        nationality: the three-digit nationality code of a foreign permanent
            resident's number, else ``None``.

    ``repr()`` masks the number so that it does not end up in logs.
    """

    number: str
    birth_date: date
    sex: Literal["M", "F"]
    region: str
    kind: CitizenIDKind
    nationality: str | None = None

    def __str__(self) -> str:
        return self.number

    def __repr__(self) -> str:
        return f"CitizenID(kind={self.kind!r}, number='{self.number[:2]}****************')"


def validate_citizen_id(
    number: object,
    *,
    region_lookup: RegionLookup | None = None,
    as_of: date | None = None,
) -> CitizenID:
    """Validate an 18-character GB 11643 identity number and return its parts.

    Checks: 17 digits and a check character (``X`` must be uppercase); the
    ISO 7064 MOD 11-2 check; a real calendar birth date from 1800 on (and not
    after *as_of* when given); a plausible address code (or membership in
    *region_lookup*). Residence-permit (81/82/83) and foreign permanent
    resident (``9…``) numbers are accepted.

    Raises:
        MalformedInputError: the number is not valid. The message says which
            check failed but never repeats the number.
    """
    if not isinstance(number, str):
        raise _id_error("it must be a string", "必须是字符串")
    if as_of is not None and not isinstance(as_of, date):
        raise MalformedInputError(
            "as_of= must be a datetime.date (or None)", "as_of= 必须是 datetime.date（或 None）"
        )
    if isinstance(as_of, datetime):
        as_of = as_of.date()
    if len(number) != 18:
        raise _id_error("it must be 18 characters long", "长度必须为 18 位")
    if number[-1] == "x" and _CITIZEN_ID_RE.fullmatch(number[:-1] + "X"):
        raise _id_error("the check character X must be uppercase", "校验码 X 必须大写")
    if not _CITIZEN_ID_RE.fullmatch(number):
        raise _id_error(
            "it must be 17 digits followed by a digit or X", "必须由 17 位数字加 1 位数字或 X 组成"
        )
    if citizen_id_check_character(number[:17]) != number[17]:
        raise _id_error("the check character does not match (ISO 7064 MOD 11-2)", "校验码不符")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise _id_error("the birth date is not a calendar date", "出生日期不是有效日期") from None
    if birth.year < 1800 or (as_of is not None and birth > as_of):
        raise _id_error("the birth date is out of range", "出生日期超出合理范围")
    sex: Literal["M", "F"] = "M" if int(number[16]) % 2 else "F"
    nationality: str | None = None
    kind: CitizenIDKind
    if number[0] == "9":
        kind = "foreign_permanent_resident"
        region = number[1:3] + "0000"
        nationality = number[3:6]
    else:
        region = number[:6]
        kind = "residence_permit" if region in _RESIDENCE_PERMIT_REGIONS else "resident"
    if not is_plausible_region_code(region):
        raise _id_error("the address code has no known province prefix", "地址码的省级代码无效")
    if region_lookup is not None and not _lookup(region_lookup, region):
        raise _id_error(
            "the address code is not in the region table given", "地址码不在所给区划表中"
        )
    return CitizenID(number, birth, sex, region, kind, nationality)


# -- GB 32100 ----------------------------------------------------------------

#: The 31 symbols of GB 32100 (digits and capital letters without I, O, Z, S, V),
#: in value order 0..30.
USCC_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: GB 32100 weights W_i = 3^(i-1) mod 31 for positions 1..17.
USCC_WEIGHTS: Final = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUE: Final = {c: i for i, c in enumerate(USCC_ALPHABET)}
#: Registration authority codes (登记管理部门代码): 1-9, plus A (中央军委改革和编制办公室),
#: N (农业) and Y (其他).
_USCC_AUTHORITIES: Final = frozenset("123456789ANY")
_USCC_RE: Final = re.compile(r"[0-9ANY][1-9][0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}")


@dataclass(frozen=True, slots=True, repr=False)
class USCC:
    """A validated unified social credit code (统一社会信用代码, GB 32100).

    Attributes:
        code: the 18-character code.
        authority: registration authority code (first character).
        category: organisation category code (second character).
        region: the registering authority's six-digit administrative division code.
        organization_code: the nine-character main identification code (主体标识码).
    """

    code: str
    authority: str
    category: str
    region: str
    organization_code: str

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"USCC(authority={self.authority!r}, code='{self.code[:2]}****************')"


def uscc_check_character(body: str) -> str:
    """The GB 32100 check character for the first 17 symbols *body*."""
    if len(body) != 17 or any(c not in _USCC_VALUE for c in body):
        raise MalformedInputError(
            "the body of a unified social credit code is 17 symbols of the GB 32100 alphabet",
            "统一社会信用代码本体码应为 17 位 GB 32100 字符",
        )
    total = sum(_USCC_VALUE[c] * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _uscc_error(what: str, what_zh: str) -> MalformedInputError:
    return MalformedInputError(
        f"the unified social credit code is not valid: {what}; check the code (GB 32100)",
        f"统一社会信用代码无效：{what_zh}；请核对代码（GB 32100）",
    )


def validate_uscc(code: object) -> USCC:
    """Validate an 18-character unified social credit code (GB 32100) and return its parts.

    Checks: uppercase; the alphabet (no I, O, Z, S, V); a registration authority
    code 1-9, A, N or Y; a category digit; a six-digit region code; and the
    check character ``(31 - sum(a_i * W_i) mod 31) mod 31``.

    Raises:
        MalformedInputError: never repeating the code.
    """
    if not isinstance(code, str):
        raise _uscc_error("it must be a string", "必须是字符串")
    if len(code) != 18:
        raise _uscc_error("it must be 18 characters long", "长度必须为 18 位")
    if code != code.upper():
        raise _uscc_error("letters must be uppercase", "字母必须大写")
    if not _USCC_RE.fullmatch(code):
        raise _uscc_error(
            "a character is outside the GB 32100 alphabet or in the wrong place",
            "含有 GB 32100 字符集以外或位置不符的字符",
        )
    if uscc_check_character(code[:17]) != code[17]:
        raise _uscc_error("the check character does not match", "校验码不符")
    return USCC(code, code[0], code[1], code[2:8], code[8:17])
