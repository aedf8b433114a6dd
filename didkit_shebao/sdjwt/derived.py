"""Issuer-signed derived claims, so that a citizen need not reveal a birth date.

An agency computes ``age_over_18`` / ``age_over_60`` at an ``as_of`` date and
signs the booleans; the holder discloses one of them alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..errors import MalformedInputError

__all__ = ["age_on", "age_over", "age_over_claims"]


def age_on(birth_date: date, as_of: date) -> int:
    """Completed years of age on *as_of*.

    Someone born on 29 February turns a year older on 1 March in common years.
    """
    if not isinstance(birth_date, date) or not isinstance(as_of, date):
        raise MalformedInputError(
            "birth_date and as_of must be datetime.date values",
            "birth_date 与 as_of 必须是 datetime.date 类型",
        )
    if as_of < birth_date:
        raise MalformedInputError(
            "as_of is before the birth date; check both dates",
            "as_of 早于出生日期；请检查两个日期",
        )
    return (
        as_of.year
        - birth_date.year
        - ((as_of.month, as_of.day) < (birth_date.month, birth_date.day))
    )


def age_over(birth_date: date, years: int, *, as_of: date) -> bool:
    """Whether the person is at least *years* old on *as_of*."""
    if type(years) is not int or years < 0:
        raise MalformedInputError("years must be a non-negative integer", "years 必须是非负整数")
    return age_on(birth_date, as_of) >= years


def age_over_claims(
    birth_date: date, *, as_of: date, thresholds: Iterable[int] = (18, 60)
) -> dict[str, bool]:
    """``{"age_over_18": …, "age_over_60": …}`` for the given thresholds."""
    if not isinstance(thresholds, list | tuple | set | frozenset | range):
        raise MalformedInputError(
            "thresholds must be a list of ages such as [18, 60]",
            "thresholds 必须是年龄列表，例如 [18, 60]",
        )
    return {f"age_over_{n}": age_over(birth_date, n, as_of=as_of) for n in thresholds}
