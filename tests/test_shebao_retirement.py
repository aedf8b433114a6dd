"""Statutory retirement age under the 2025 reform (渐进式延迟法定退休年龄).

Source: NPC Standing Committee decision of 13 September 2024, in force 1 January 2025, and its
annexed tables: men 60 → 63 and women-55 → 58, one month per four months of birth cohort;
women-50 → 55, one month per two months; first cohorts born January 1965 / 1970 / 1975.
"""

from __future__ import annotations

from datetime import date

import pytest

from didkit_shebao import shebao
from didkit_shebao.errors import MalformedInputError


@pytest.mark.parametrize(
    ("birth", "sex", "original", "age"),
    [
        # men (annex 1)
        (date(1964, 12, 1), "M", 50, (60, 0)),
        (date(1965, 1, 1), "M", 50, (60, 1)),
        (date(1965, 4, 1), "M", 50, (60, 1)),
        (date(1965, 5, 1), "M", 50, (60, 2)),
        (date(1970, 1, 1), "M", 50, (61, 4)),
        (date(1976, 8, 1), "M", 50, (62, 11)),
        (date(1976, 9, 1), "M", 50, (63, 0)),
        (date(1990, 1, 1), "M", 50, (63, 0)),
        # women whose age was 55 (annex 2)
        (date(1969, 12, 1), "F", 55, (55, 0)),
        (date(1970, 1, 1), "F", 55, (55, 1)),
        (date(1970, 5, 1), "F", 55, (55, 2)),
        (date(1981, 8, 1), "F", 55, (57, 11)),
        (date(1981, 9, 1), "F", 55, (58, 0)),
        # women whose age was 50 (annex 3)
        (date(1974, 12, 1), "F", 50, (50, 0)),
        (date(1975, 1, 1), "F", 50, (50, 1)),
        (date(1975, 2, 1), "F", 50, (50, 1)),
        (date(1975, 3, 1), "F", 50, (50, 2)),
        (date(1980, 1, 1), "F", 50, (52, 7)),
        (date(1984, 10, 1), "F", 50, (54, 11)),
        (date(1984, 11, 1), "F", 50, (55, 0)),
        (date(1995, 6, 1), "F", 50, (55, 0)),
    ],
)
def test_statutory_age_at_cohort_boundaries(
    birth: date, sex: str, original: int, age: tuple[int, int]
) -> None:
    assert shebao.statutory_retirement_age(birth, sex, female_original_age=original) == age  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("birth", "sex", "original", "retires"),
    [
        (date(1964, 12, 15), "M", 50, date(2024, 12, 15)),  # before the reform
        (date(1965, 1, 10), "M", 50, date(2025, 2, 10)),  # first delayed cohort
        (date(1965, 1, 31), "M", 50, date(2025, 2, 28)),  # day clamped to the month's end
        (date(1976, 9, 1), "M", 50, date(2039, 9, 1)),
        (date(1975, 1, 20), "F", 50, date(2025, 2, 20)),
        (date(1984, 11, 30), "F", 50, date(2039, 11, 30)),
        (date(1970, 1, 5), "F", 55, date(2025, 2, 5)),
    ],
)
def test_reached_exactly_on_the_retirement_day(
    birth: date, sex: str, original: int, retires: date
) -> None:
    rule = shebao.StatutoryRetirementRule(female_original_age=original)  # type: ignore[arg-type]
    assert shebao.retirement_date(birth, sex, female_original_age=original) == retires  # type: ignore[arg-type]
    assert rule(birth, sex, retires) is True  # type: ignore[arg-type]
    assert rule(birth, sex, date.fromordinal(retires.toordinal() - 1)) is False  # type: ignore[arg-type]


def test_default_rule_uses_the_female_worker_base() -> None:
    birth = date(1975, 6, 1)  # women-50: 50 years 3 months -> 2025-09-01; women-55: 58 -> 2033
    assert shebao.STATUTORY_RETIREMENT_RULE(birth, "F", date(2025, 9, 1)) is True
    assert shebao.StatutoryRetirementRule(55)(birth, "F", date(2025, 9, 1)) is False


def test_bad_arguments() -> None:
    with pytest.raises(MalformedInputError):
        shebao.statutory_retirement_age(date(1970, 1, 1), "X")  # type: ignore[arg-type]
    with pytest.raises(MalformedInputError):
        shebao.statutory_retirement_age(date(1970, 1, 1), "F", female_original_age=60)  # type: ignore[arg-type]
    with pytest.raises(MalformedInputError):
        shebao.statutory_retirement_age("1970-01-01", "M")  # type: ignore[arg-type]
    with pytest.raises(MalformedInputError):
        shebao.STATUTORY_RETIREMENT_RULE(date(1970, 1, 1), "M", "2030-01-01")  # type: ignore[arg-type]
