"""Times: the one date-time parser and formatter, NumericDates and durations.

Every date-time string the library reads or writes — VCDM 2.0 ``validFrom`` /
``validUntil`` (Data Integrity and ``vc+sd-jwt`` alike), Data Integrity
``created`` / ``expires``, status-list credentials, DID history ``updated``,
the domain builders' inputs — goes through :func:`parse_datetime_stamp` and
:func:`format_datetime`. The accepted form is RFC 3339 section 5.6
``date-time`` restricted to what is also an XML Schema 1.1 ``dateTimeStamp``
(the type VCDM 2.0 names)::

    YYYY-MM-DDThh:mm:ss[.f…](Z|+hh:mm|-hh:mm)

with an upper-case ``T`` and ``Z``, seconds 00-59, an offset of at most
14:00 and years 0001-9999. So each accepted value is valid under both
standards: RFC 3339's lower-case ``t`` / ``z``, leap second 60 and offsets
beyond 14:00 are not dateTimeStamps; dateTimeStamp's ``24:00:00``, years of
five digits and negative years are not RFC 3339. Basic-format ISO 8601
(``20260101T000000Z``), a missing offset, a space for ``T`` and trailing
text are refused. The match is a full match: the W3C JSON Schemas' pattern is
unanchored and would let trailing junk through.

JWT NumericDates (RFC 7519 section 2) and durations are range-checked here
before they become floats, so that ``10**400`` is refused as malformed input
instead of raising ``OverflowError`` deep inside a verification.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, Final

from .errors import MalformedInputError

__all__ = [
    "MAX_NUMERIC_DATE",
    "MIN_NUMERIC_DATE",
    "format_datetime",
    "parse_datetime_stamp",
    "parse_duration",
    "parse_numeric_date",
    "resolve_now",
]

#: 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z as NumericDates: the
#: instants a ``datetime`` can hold, and so the NumericDates accepted.
MIN_NUMERIC_DATE: Final = -62_135_596_800
MAX_NUMERIC_DATE: Final = 253_402_300_799

_DATETIME: Final = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12][0-9]|3[01])"
    r"T(?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9]):(?P<second>[0-5][0-9])"
    r"(?:\.(?P<fraction>[0-9]+))?"
    r"(?:Z|(?P<sign>[+-])(?P<oh>0[0-9]|1[0-3]):(?P<om>[0-5][0-9])|(?P<max>[+-])14:00)"
)
_MAX_SPAN: Final = MAX_NUMERIC_DATE - MIN_NUMERIC_DATE
_ZONES: dict[int, timezone] = {}


def parse_datetime_stamp(value: Any, *, what: str = "date-time") -> datetime:
    """Parse an RFC 3339 date-time that is also a ``dateTimeStamp`` (see the module docstring).

    Returns an aware datetime in the offset the text was written in (UTC for
    ``Z``); fractions beyond microseconds are truncated.
    """
    if type(value) is str and len(value) <= 64:
        cached = _parse_cached(value)
        if cached is not None:
            return cached
    return _parse(value, what)


@lru_cache(maxsize=4096)
def _parse_cached(value: str) -> datetime | None:
    # datetimes are immutable; failures are not cached (they raise with *what*).
    try:
        return _parse(value, "date-time")
    except MalformedInputError:
        return None


def _zone(minutes: int) -> timezone:
    zone = _ZONES.get(minutes)
    if zone is None:
        zone = _ZONES[minutes] = UTC if not minutes else timezone(timedelta(minutes=minutes))
    return zone


def _parse(value: Any, what: str) -> datetime:
    if not isinstance(value, str):
        raise MalformedInputError(
            f"{what} must be a date-time string such as 2025-01-01T00:00:00Z",
            f"{what} 必须是日期时间字符串，例如 2025-01-01T00:00:00Z",
        )
    m = _DATETIME.fullmatch(value)
    if m is None:
        raise MalformedInputError(
            f"{what} is not an RFC 3339 date-time: write YYYY-MM-DDThh:mm:ss[.fff] "
            "followed by Z or ±hh:mm (at most 14:00)",
            f"{what} 不是 RFC 3339 日期时间：请写成 YYYY-MM-DDThh:mm:ss[.fff]，"
            "后接 Z 或 ±hh:mm（不超过 14:00）",
        )
    if m["sign"]:
        minutes = int(m["oh"]) * 60 + int(m["om"])
        minutes = -minutes if m["sign"] == "-" else minutes
    elif m["max"]:
        minutes = -840 if m["max"] == "-" else 840
    else:
        minutes = 0
    try:
        written = datetime(
            int(m["year"]),
            int(m["month"]),
            int(m["day"]),
            int(m["hour"]),
            int(m["minute"]),
            int(m["second"]),
            int((m["fraction"] or "0")[:6].ljust(6, "0")),
            tzinfo=_zone(minutes),
        )
        # The same instant must exist in UTC too, or comparing it would overflow later.
        written.astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise MalformedInputError(
            f"{what} is not a real calendar date-time (or is outside years 1-9999)",
            f"{what} 不是有效的日历日期时间（或超出 1-9999 年）",
        ) from exc
    return written


def format_datetime(value: datetime) -> str:
    """The RFC 3339 text of an aware datetime; :func:`parse_datetime_stamp` reads it back equal.

    The datetime's own offset is kept (``Z`` for UTC), unless it is not whole
    minutes within ±14:00 — then the instant is written in UTC. A fraction of a
    second is written without trailing zeros.
    """
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise MalformedInputError(
            "datetime must be timezone-aware (e.g. datetime.now(UTC))",
            "datetime 必须带时区（例如 datetime.now(UTC)）",
        )
    offset = value.utcoffset()
    assert offset is not None  # noqa: S101 - checked above
    seconds = int(offset.total_seconds())
    if seconds % 60 or abs(seconds) > 14 * 3600 or offset.microseconds:
        try:
            value, seconds = value.astimezone(UTC), 0
        except OverflowError as exc:
            raise MalformedInputError(
                "datetime is outside years 1-9999 in UTC", "datetime 换算为 UTC 后超出 1-9999 年"
            ) from exc
    text = (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    )
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    if not seconds:
        return text + "Z"
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


def parse_numeric_date(value: object, *, what: str) -> float:
    """A JWT NumericDate (seconds since 1970, integer or not) as a float, range-checked first."""
    t = type(value)
    # NaN fails both comparisons; a huge int is compared exactly, never converted.
    if (t is int or t is float) and MIN_NUMERIC_DATE <= value <= MAX_NUMERIC_DATE:  # type: ignore[operator]
        return float(value)  # type: ignore[arg-type]
    raise MalformedInputError(
        f"{what} must be a NumericDate: seconds since 1970 within years 1-9999",
        f"{what} 必须是 NumericDate：自 1970 年起的秒数，且在 1-9999 年之内",
    )


def parse_duration(value: object, *, what: str, unit: float = 1.0) -> float:
    """A non-negative number of *unit* seconds (e.g. ``0.001`` for milliseconds) as float seconds.

    Range-checked first: at most the span a NumericDate can cover.
    """
    t = type(value)
    # Compared before any conversion: int-float comparisons are exact, never overflow.
    if (t is int or t is float) and 0 <= value <= _MAX_SPAN / unit:  # type: ignore[operator]
        return float(value) * unit  # type: ignore[arg-type]
    raise MalformedInputError(
        f"{what} must be a non-negative number within the range of dates",
        f"{what} 必须是日期范围内的非负数",
    )


def resolve_now(now: object) -> datetime:
    """The caller's ``now=`` checked to be an aware datetime, or the clock when it is ``None``."""
    if now is None:
        return datetime.now(UTC)
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise MalformedInputError(
            "now must be a timezone-aware datetime (e.g. datetime.now(UTC))",
            "now 必须是带时区的 datetime（例如 datetime.now(UTC)）",
        )
    return now
