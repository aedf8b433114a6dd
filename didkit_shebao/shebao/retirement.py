"""Statutory retirement age (法定退休年龄) after the 2025 reform.

The Standing Committee of the National People's Congress decided on
13 September 2024 (全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定)
that from 1 January 2025 the statutory retirement age rises gradually:

* men: from 60, one month later for every four months of birth cohort, up to 63;
* women whose age was 55 (female cadres, 女干部): the same pace, up to 58;
* women whose age was 50 (female workers, 女工人): one month later for every
  two months of birth cohort, up to 55.

The first cohort affected is the one reaching the old age in January 2025:
men born in January 1965, women-55 born in January 1970, women-50 born in
January 1975; each gets one extra month. So men born January–April 1965 retire
at 60 years 1 month, and men born September 1976 or later at 63 (the last step
of 36 months). Women-50 born November 1984 or later retire at 55.

A person has *reached* the statutory retirement age on the day they complete
that many years and months (the same day of the month, or the month's last
day if it has fewer days).

The rule an issuer applies is a parameter of :class:`InsuranceStatus`
(``retirement_rule=``): any callable ``(birth_date, sex, as_of) -> bool``.
:data:`STATUTORY_RETIREMENT_RULE` is the default; build another
:class:`StatutoryRetirementRule` for female cadres (``female_original_age=55``)
or write your own for special cases ("国家另有规定的，从其规定": e.g. early
retirement for specific occupations).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal, Protocol

from ..errors import MalformedInputError

__all__ = [
    "STATUTORY_RETIREMENT_RULE",
    "RetirementRule",
    "StatutoryRetirementRule",
    "retirement_date",
    "statutory_retirement_age",
]

Sex = Literal["M", "F"]

# (first affected birth year, months of birth cohort per extra month, maximum extra months)
_SCHEDULES: Final = {
    ("M", 60): (1965, 4, 36),
    ("F", 55): (1970, 4, 36),
    ("F", 50): (1975, 2, 60),
}


class RetirementRule(Protocol):
    """Decides whether someone has reached retirement age on a given day.

    .. versionadded:: 0.1.0
    """

    def __call__(self, birth_date: date, sex: Sex, as_of: date) -> bool:
        """Whether a person born on *birth_date* of *sex* has reached retirement age on *as_of*."""
        ...


def statutory_retirement_age(
    birth_date: date, sex: Sex, *, female_original_age: Literal[50, 55] = 50
) -> tuple[int, int]:
    """The statutory retirement age as ``(years, months)`` under the 2025 reform.

    Args:
        birth_date: the person's birth date (only year and month matter).
        sex: ``"M"`` or ``"F"``.
        female_original_age: a woman's pre-reform age, 50 (workers) or 55 (cadres).
    """
    if not isinstance(birth_date, date):
        raise MalformedInputError("birth_date must be a datetime.date", "birth_date 必须是日期")
    if sex == "M":
        base = 60
    elif sex == "F" and female_original_age in (50, 55):
        base = female_original_age
    else:
        raise MalformedInputError(
            "sex must be 'M' or 'F' and female_original_age 50 or 55",
            "sex 必须为 'M' 或 'F'，female_original_age 必须为 50 或 55",
        )
    first_year, cohort_months, max_extra = _SCHEDULES[(sex, base)]
    months_after_start = (birth_date.year - first_year) * 12 + birth_date.month - 1
    extra = (
        0 if months_after_start < 0 else min(months_after_start // cohort_months + 1, max_extra)
    )
    return base + extra // 12, extra % 12


def retirement_date(
    birth_date: date, sex: Sex, *, female_original_age: Literal[50, 55] = 50
) -> date:
    """The day the person reaches the statutory retirement age."""
    years, months = statutory_retirement_age(
        birth_date, sex, female_original_age=female_original_age
    )
    total = birth_date.year * 12 + (birth_date.month - 1) + years * 12 + months
    year, month = divmod(total, 12)
    month += 1
    day = min(birth_date.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


@dataclass(frozen=True, slots=True)
class StatutoryRetirementRule:
    """The statutory rule of the 2025 reform, as a :class:`RetirementRule`.

    Attributes:
        female_original_age: the pre-reform age applied to women: 50 (female
            workers, the default) or 55 (female cadres).
    """

    female_original_age: Literal[50, 55] = 50

    def __call__(self, birth_date: date, sex: Sex, as_of: date) -> bool:
        """Whether the statutory retirement age is reached on *as_of*."""
        if not isinstance(as_of, date):
            raise MalformedInputError("as_of must be a datetime.date", "as_of 必须是日期")
        return as_of >= retirement_date(
            birth_date, sex, female_original_age=self.female_original_age
        )


#: Default rule: the 2025 statutory schedule, women at the female-worker base of 50.
STATUTORY_RETIREMENT_RULE: Final = StatutoryRetirementRule()
