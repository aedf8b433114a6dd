"""XML Schema ``dateTimeStamp`` values: strict parsing and formatting.

Used wherever a standard says "dateTimeStamp" (VCDM 2.0 ``validFrom`` /
``validUntil``, Data Integrity ``created`` / ``expires``, DID history
``updated``). The match is a full match: the W3C JSON Schemas' pattern is
unanchored and would let trailing junk through.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Final

from .errors import MalformedInputError

__all__ = ["format_datetime", "parse_datetime_stamp", "resolve_now"]

# XML Schema 1.1 dateTimeStamp (dateTime with a mandatory time zone), matched
# in full: the W3C JSON Schemas use an unanchored pattern that lets
# "2023-01-01T00:00:00Zjunk" through.
_DATETIME_STAMP: Final = re.compile(
    r"(?P<year>-?(?:[1-9][0-9]{3,}|0[0-9]{3}))-(?P<month>0[1-9]|1[0-2])"
    r"-(?P<day>0[1-9]|[12][0-9]|3[01])"
    r"T(?:(?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9]):(?P<second>[0-5][0-9])"
    r"(?:\.(?P<fraction>[0-9]+))?|(?P<midnight>24:00:00(?:\.0+)?))"
    r"(?P<tz>Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
)


def parse_datetime_stamp(value: Any, *, what: str = "date-time") -> datetime:
    """Parse an XML Schema ``dateTimeStamp`` string (full match) into an aware UTC datetime."""
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


def _parse(value: Any, what: str) -> datetime:
    if not isinstance(value, str):
        raise MalformedInputError(
            f"{what} must be a date-time string such as 2025-01-01T00:00:00Z",
            f"{what} 必须是日期时间字符串，例如 2025-01-01T00:00:00Z",
        )
    m = _DATETIME_STAMP.fullmatch(value)
    if m is None:
        raise MalformedInputError(
            f"{what} is not an XML Schema dateTimeStamp (YYYY-MM-DDThh:mm:ss[.fff] plus Z or ±hh:mm)",
            f"{what} 不是 XML Schema dateTimeStamp（YYYY-MM-DDThh:mm:ss[.fff]，带 Z 或 ±hh:mm）",
        )
    try:
        year = int(m["year"])
        tz = m["tz"]
        offset = (
            timedelta(0)
            if tz == "Z"
            else (1 if tz[0] == "+" else -1) * timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6]))
        )
        if m["midnight"]:
            base = datetime(year, int(m["month"]), int(m["day"]), tzinfo=UTC) + timedelta(days=1)
        else:
            micro = int((m["fraction"] or "0")[:6].ljust(6, "0"))
            base = datetime(
                year,
                int(m["month"]),
                int(m["day"]),
                int(m["hour"]),
                int(m["minute"]),
                int(m["second"]),
                micro,
                tzinfo=UTC,
            )
        return base - offset
    except (ValueError, OverflowError) as exc:
        raise MalformedInputError(
            f"{what} is not a real calendar date-time (or is outside years 1-9999)",
            f"{what} 不是有效的日历日期时间（或超出 1-9999 年）",
        ) from exc


def format_datetime(value: datetime) -> str:
    """Format an aware datetime as ``YYYY-MM-DDThh:mm:ssZ`` (UTC, fraction kept if any)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise MalformedInputError(
            "datetime must be timezone-aware (e.g. datetime.now(UTC))",
            "datetime 必须带时区（例如 datetime.now(UTC)）",
        )
    utc = value.astimezone(UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += f".{utc.microsecond:06d}".rstrip("0")
    return text + "Z"


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
