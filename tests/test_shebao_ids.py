"""GB 11643 citizen ID numbers and GB 32100 unified social credit codes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from didkit_shebao import shebao
from didkit_shebao.errors import MalformedInputError, ShebaoError
from didkit_shebao.shebao import ids

# -- independent reference implementations (from the standards' formulas, not our tables) --


def ref_citizen_check(body: str) -> str:
    """GB 11643-1999 §7: W_i = 2^(i-1) mod 11 counted from the right (i = 18 for the first digit),
    check a_1 such that sum(a_i * W_i) ≡ 1 (mod 11); 10 is written X."""
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(body))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


ALPHABET31 = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 Table: 31 symbols, no I O Z S V


def ref_uscc_check(body: str) -> str:
    """GB 32100-2015 §5: W_i = 3^(i-1) mod 31, C18 = 31 - (sum mod 31), 31 written as 0."""
    total = sum(ALPHABET31.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return ALPHABET31[(31 - total % 31) % 31]


def test_weight_tables_match_the_standards_formulas() -> None:
    # DESIGN.md §5 lists these; GB 11643 defines W_i = 2^(i-1) mod 11, GB 32100 W_i = 3^(i-1) mod 31.
    assert ids.CITIZEN_ID_WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    assert tuple(2 ** (17 - i) % 11 for i in range(17)) == ids.CITIZEN_ID_WEIGHTS
    assert ids.USCC_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert tuple(pow(3, i, 31) for i in range(17)) == ids.USCC_WEIGHTS
    assert ids.USCC_ALPHABET == ALPHABET31
    assert not set("IOZSV") & set(ids.USCC_ALPHABET)


# GB 11643-1999 Annex examples: 11010519491231002X (Beijing Chaoyang, 1949-12-31, female)
# and 440524188001010014 (Guangdong Shantou, 1880-01-01, male).
@pytest.mark.parametrize(
    ("number", "birth", "sex", "region"),
    [
        ("11010519491231002X", date(1949, 12, 31), "F", "110105"),
        ("440524188001010014", date(1880, 1, 1), "M", "440524"),
    ],
)
def test_standard_examples(number: str, birth: date, sex: str, region: str) -> None:
    cid = shebao.validate_citizen_id(number)
    assert (cid.number, cid.birth_date, cid.sex, cid.region) == (number, birth, sex, region)
    assert cid.kind == "resident"
    assert cid.nationality is None
    assert str(cid) == number


def _with_check(body: str) -> str:
    return body + ref_citizen_check(body)


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [
        ("810000", "residence_permit"),
        ("820000", "residence_permit"),
        ("830000", "residence_permit"),
        ("710000", "resident"),
        ("500101", "resident"),
    ],
)
def test_residence_permits_and_other_prefixes(prefix: str, kind: str) -> None:
    cid = shebao.validate_citizen_id(_with_check(prefix + "19900101" + "123"))
    assert cid.kind == kind
    assert cid.region == prefix
    assert cid.sex == "M"


def test_foreign_permanent_resident_number() -> None:
    # 2023 foreign permanent resident ID: 9, accepting province (31 = Shanghai), nationality
    # code (840), birth date, sequence (odd 17th digit: male), check character.
    number = _with_check("9" + "31" + "840" + "19850615" + "002")
    cid = shebao.validate_citizen_id(number)
    assert cid.kind == "foreign_permanent_resident"
    assert cid.region == "310000"
    assert cid.nationality == "840"
    assert cid.birth_date == date(1985, 6, 15)
    assert cid.sex == "F"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("11010519491231002", "18 characters"),
        ("11010519491231002X0", "18 characters"),
        ("11010519491231002x", "uppercase"),
        ("1101051949123100AX", "17 digits"),
        ("110105194912310021", "check character"),
        (_with_check("11010519490231002"), "calendar date"),  # 1949-02-31
        (_with_check("11010519491301002"), "calendar date"),  # month 13
        (_with_check("11010517991231002"), "out of range"),  # 1799
        (_with_check("00010519491231002"), "province"),
        (_with_check("99010519491231002"), "province"),  # 9 + 90: no province 90
        (_with_check("91084019850615002"), "province"),  # foreign, province 10
        ("１１０１０５１９４９１２３１００２Ｘ", "17 digits"),  # full-width digits
    ],
)
def test_invalid_citizen_ids(number: str, reason: str) -> None:
    with pytest.raises(MalformedInputError) as info:
        shebao.validate_citizen_id(number)
    assert reason in str(info.value)
    assert info.value.message_zh
    assert number not in str(info.value)
    assert number not in info.value.message_zh
    assert number not in repr(info.value)
    assert number[:17] not in str(info.value)


def test_non_string_and_future_birth() -> None:
    with pytest.raises(MalformedInputError):
        shebao.validate_citizen_id(11010519491231002)
    number = _with_check("11010520300101002")
    assert shebao.validate_citizen_id(number).birth_date == date(2030, 1, 1)
    with pytest.raises(MalformedInputError, match="out of range"):
        shebao.validate_citizen_id(number, as_of=date(2025, 1, 1))


def test_region_lookup_is_pluggable() -> None:
    number = "11010519491231002X"
    assert (
        shebao.validate_citizen_id(number, region_lookup={"110105": "朝阳区"}).region == "110105"
    )
    assert shebao.validate_citizen_id(number, region_lookup=lambda code: code.startswith("11"))
    with pytest.raises(MalformedInputError, match="region table"):
        shebao.validate_citizen_id(number, region_lookup={"110101": "东城区"})
    with pytest.raises(MalformedInputError, match="region table"):
        shebao.validate_citizen_id(number, region_lookup=lambda code: False)
    # The default is a format check only: a county code no table lists still passes.
    assert shebao.validate_citizen_id(_with_check("11999919491231002")).region == "119999"


def test_repr_masks_the_number() -> None:
    cid = shebao.validate_citizen_id("11010519491231002X")
    assert "19491231" not in repr(cid)
    assert "002X" not in repr(cid)


# GB 32100-2015 example code 91350100M000100Y43 (Fujian, enterprise).
def test_uscc_standard_example() -> None:
    code = shebao.validate_uscc("91350100M000100Y43")
    assert (code.authority, code.category, code.region, code.organization_code) == (
        "9",
        "1",
        "350100",
        "M000100Y4",
    )
    assert str(code) == "91350100M000100Y43"
    assert "M000100Y4" not in repr(code)


@pytest.mark.parametrize("authority", ["A", "N", "Y", "1", "5"])
def test_uscc_letter_authorities(authority: str) -> None:
    body = authority + "1" + "110000" + "MA01XK2P5"
    assert shebao.validate_uscc(body + ref_uscc_check(body)).authority == authority


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91350100M000100Y4", "18 characters"),
        ("91350100m000100y43", "uppercase"),
        ("91350100M000100Y44", "check character"),
        ("B1350100M000100Y43", "alphabet"),  # B is not an authority code
        ("90350100M000100Y43", "alphabet"),  # category 0
        ("913501O0M000100Y43", "alphabet"),  # letter O in the region code
        ("91350100M0001I0Y43", "alphabet"),  # I is not in the alphabet
    ],
)
def test_invalid_usccs(code: str, reason: str) -> None:
    with pytest.raises(MalformedInputError) as info:
        shebao.validate_uscc(code)
    assert reason in str(info.value)
    assert code not in str(info.value)
    assert code not in info.value.message_zh


def test_uscc_not_a_string() -> None:
    with pytest.raises(ShebaoError):
        shebao.validate_uscc(None)


def test_region_code_validation() -> None:
    assert shebao.validate_region_code("440300") == "440300"
    for bad in ["44030", "4403000", "990000", "44O300", 440300]:
        with pytest.raises(MalformedInputError):
            shebao.validate_region_code(bad)
    with pytest.raises(MalformedInputError):
        shebao.validate_region_code("440300", region_lookup={"110000"})


# -- Hypothesis ------------------------------------------------------------------


@st.composite
def citizen_ids(draw: st.DrawFn) -> tuple[str, date, str, str]:
    kind = draw(st.sampled_from(["resident", "permit", "foreign"]))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    seq = draw(st.integers(0, 999))
    province = draw(st.sampled_from(sorted(ids.PROVINCE_CODES)))
    if kind == "resident":
        region = province + "".join(
            draw(st.lists(st.sampled_from("0123456789"), min_size=4, max_size=4))
        )
        head = region
    elif kind == "permit":
        region = draw(st.sampled_from(["810000", "820000", "830000"]))
        head = region
    else:
        region = province + "0000"
        head = "9" + province + f"{draw(st.integers(0, 999)):03d}"
    body = head + birth.strftime("%Y%m%d") + f"{seq:03d}"
    return body + ref_citizen_check(body), birth, "M" if seq % 2 else "F", region


@settings(max_examples=300, deadline=None)
@given(citizen_ids())
def test_generated_citizen_ids_round_trip(case: tuple[str, date, str, str]) -> None:
    number, birth, sex, region = case
    cid = shebao.validate_citizen_id(number)
    assert (cid.number, cid.birth_date, cid.sex, cid.region) == (number, birth, sex, region)


@settings(max_examples=300, deadline=None)
@given(citizen_ids(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_single_substitution_is_caught(
    case: tuple[str, date, str, str], pos: int, char: str
) -> None:
    """ISO 7064 MOD 11-2 detects every single-character substitution."""
    number = case[0]
    if number[pos] == char:
        return
    mutated = number[:pos] + char + number[pos + 1 :]
    with pytest.raises(MalformedInputError):
        shebao.validate_citizen_id(mutated)


@settings(max_examples=300, deadline=None)
@given(citizen_ids(), st.integers(0, 16))
def test_adjacent_transposition_is_caught(case: tuple[str, date, str, str], pos: int) -> None:
    """MOD 11-2 also detects every transposition of two different adjacent characters."""
    number = case[0]
    if number[pos] == number[pos + 1]:
        return
    mutated = number[:pos] + number[pos + 1] + number[pos] + number[pos + 2 :]
    with pytest.raises(MalformedInputError):
        shebao.validate_citizen_id(mutated)


@st.composite
def usccs(draw: st.DrawFn) -> str:
    authority = draw(st.sampled_from("123456789ANY"))
    category = draw(st.sampled_from("123456789"))
    region = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=6, max_size=6)))
    org = "".join(draw(st.lists(st.sampled_from(ALPHABET31), min_size=9, max_size=9)))
    body = authority + category + region + org
    return body + ref_uscc_check(body)


@settings(max_examples=300, deadline=None)
@given(usccs())
def test_generated_usccs_round_trip(code: str) -> None:
    parsed = shebao.validate_uscc(code)
    assert (parsed.code, parsed.region, parsed.organization_code) == (code, code[2:8], code[8:17])


@settings(max_examples=300, deadline=None)
@given(usccs(), st.integers(0, 17), st.sampled_from(ALPHABET31))
def test_uscc_single_substitution_is_caught(code: str, pos: int, char: str) -> None:
    """With prime modulus 31 and weights nonzero mod 31, any single substitution changes the sum."""
    if code[pos] == char:
        return
    with pytest.raises(MalformedInputError):
        shebao.validate_uscc(code[:pos] + char + code[pos + 1 :])


@settings(max_examples=300, deadline=None)
@given(usccs(), st.integers(0, 16))
def test_uscc_adjacent_transposition_is_caught(code: str, pos: int) -> None:
    """Adjacent weights differ mod 31, so swapping two different symbols is detected."""
    if code[pos] == code[pos + 1]:
        return
    with pytest.raises(MalformedInputError):
        shebao.validate_uscc(code[:pos] + code[pos + 1] + code[pos] + code[pos + 2 :])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=25))
def test_arbitrary_text_only_raises_shebao_errors(text: str) -> None:
    for fn in (shebao.validate_citizen_id, shebao.validate_uscc):
        message = ""
        try:
            fn(text)
        except ShebaoError as exc:
            message = str(exc) + exc.message_zh
        assert len(text) < 4 or text not in message
