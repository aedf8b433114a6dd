"""The one date-time parser and formatter, NumericDates and durations (``_time.py``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from didkit_shebao import errors, shebao
from didkit_shebao._time import (
    MAX_NUMERIC_DATE,
    MIN_NUMERIC_DATE,
    format_datetime,
    parse_datetime_stamp,
    parse_duration,
    parse_numeric_date,
)
from didkit_shebao.shebao import _common

CST = timezone(timedelta(hours=8))

ACCEPTED = [
    ("2026-01-01T00:00:00Z", datetime(2026, 1, 1, tzinfo=UTC)),
    ("2026-01-01T08:00:00+08:00", datetime(2026, 1, 1, tzinfo=UTC)),
    ("2025-12-31T10:00:00-14:00", datetime(2026, 1, 1, tzinfo=UTC)),
    ("2026-01-01T14:00:00+14:00", datetime(2026, 1, 1, tzinfo=UTC)),
    ("2026-01-01T00:00:00-00:00", datetime(2026, 1, 1, tzinfo=UTC)),
    ("2026-01-01T00:00:00.5Z", datetime(2026, 1, 1, 0, 0, 0, 500000, tzinfo=UTC)),
    ("2026-01-01T00:00:00.1234569Z", datetime(2026, 1, 1, 0, 0, 0, 123456, tzinfo=UTC)),
    ("2024-02-29T23:59:59Z", datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC)),
    ("0001-01-01T00:00:00Z", datetime(1, 1, 1, tzinfo=UTC)),
    ("9999-12-31T23:59:59Z", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
]

REFUSED = [
    "20260101T000000Z",  # ISO 8601 basic format
    "2026-01-01T00:00:00",  # no offset
    "2026-01-01",  # a date
    "2026-01-01 00:00:00Z",  # a space for T
    "2026-01-01t00:00:00Z",  # lower-case t: RFC 3339, not a dateTimeStamp
    "2026-01-01T00:00:00z",  # lower-case z
    "2026-01-01T00:00:60Z",  # leap second: RFC 3339, not a dateTimeStamp
    "2024-12-31T24:00:00Z",  # hour 24: a dateTimeStamp, not RFC 3339
    "2026-01-01T00:00:00+14:01",  # offset beyond 14:00
    "2026-01-01T00:00:00+15:00",
    "2026-01-01T00:00:00+0800",  # offset without colon
    "2026-01-01T00:00Z",  # no seconds
    "2026-01-01T00:00:00.Z",  # empty fraction
    "12026-01-01T00:00:00Z",  # five-digit year
    "-2026-01-01T00:00:00Z",
    "0000-01-01T00:00:00Z",  # year 0
    "2026-02-29T00:00:00Z",  # not a leap year
    "2026-04-31T00:00:00Z",
    "0001-01-01T00:00:00+01:00",  # before year 1 in UTC
    "9999-12-31T23:59:59-01:00",  # after year 9999 in UTC
    "2026-01-01T00:00:00Zjunk",
    " 2026-01-01T00:00:00Z",
    "2026-01-01T00:00:00Z\n",
    "２０２６-01-01T00:00:00Z",  # full-width digits
    "",
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted_forms(text: str, expected: datetime) -> None:
    parsed = parse_datetime_stamp(text)
    assert expected == parsed
    assert parsed.utcoffset() is not None


def test_the_written_offset_is_kept() -> None:
    parsed = parse_datetime_stamp("2026-01-01T08:00:00+08:00")
    assert timedelta(hours=8) == parsed.utcoffset()
    assert format_datetime(parsed) == "2026-01-01T08:00:00+08:00"
    assert parse_datetime_stamp("2026-01-01T00:00:00Z").tzinfo is UTC
    assert parse_datetime_stamp("2026-01-01T00:00:00+00:00").tzinfo is UTC


@pytest.mark.parametrize("text", REFUSED)
def test_refused_forms(text: str) -> None:
    with pytest.raises(errors.MalformedInputError) as err:
        parse_datetime_stamp(text, what="validFrom")
    assert err.value.message.startswith("validFrom ")


@pytest.mark.parametrize("value", [None, 20260101, 1.5, b"2026-01-01T00:00:00Z", ["x"]])
def test_non_strings_refused(value: Any) -> None:
    with pytest.raises(errors.MalformedInputError):
        parse_datetime_stamp(value)


def test_long_input_is_parsed_uncached_and_refused_alike() -> None:
    long_fraction = "2026-01-01T00:00:00." + "1" * 100 + "Z"
    assert parse_datetime_stamp(long_fraction) == datetime(2026, 1, 1, 0, 0, 0, 111111, tzinfo=UTC)
    with pytest.raises(errors.MalformedInputError):
        parse_datetime_stamp("2026-01-01T00:00:00" + "0" * 100 + "Z")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2026, 1, 1, tzinfo=UTC), "2026-01-01T00:00:00Z"),
        (datetime(2026, 1, 1, 8, tzinfo=CST), "2026-01-01T08:00:00+08:00"),
        (
            datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
            "2026-01-01T00:00:00-03:30",
        ),
        (datetime(2026, 1, 1, 0, 0, 0, 120000, tzinfo=UTC), "2026-01-01T00:00:00.12Z"),
        # offsets an RFC 3339 text cannot carry: the instant is written in UTC
        (datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=15))), "2025-12-31T09:00:00Z"),
        (datetime(2026, 1, 1, tzinfo=timezone(timedelta(seconds=30))), "2025-12-31T23:59:30Z"),
    ],
)
def test_format(value: datetime, text: str) -> None:
    assert format_datetime(value) == text
    assert parse_datetime_stamp(text) == value


def test_format_refuses_naive_and_non_datetimes() -> None:
    for value in (datetime(2026, 1, 1), date(2026, 1, 1), "2026-01-01T00:00:00Z"):
        with pytest.raises(errors.MalformedInputError):
            format_datetime(value)  # type: ignore[arg-type]
    odd = timezone(timedelta(seconds=-30))
    with pytest.raises(errors.MalformedInputError):
        format_datetime(datetime(9999, 12, 31, 23, 59, 59, tzinfo=odd))


@given(
    st.datetimes(
        min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=st.just(UTC)
    ),
    st.integers(min_value=-24 * 60 + 1, max_value=24 * 60 - 1),
)
def test_format_then_parse_is_the_same_instant(moment: datetime, minutes: int) -> None:
    value = moment.astimezone(timezone(timedelta(minutes=minutes)))
    text = format_datetime(value)
    parsed = parse_datetime_stamp(text)
    assert parsed == value
    if abs(minutes) <= 14 * 60:
        assert parsed.utcoffset() == value.utcoffset()
        assert format_datetime(parsed) == text


def test_one_formatter_and_parser_for_the_domain_builders() -> None:
    """The builders use ``_time``'s functions, not copies of their own."""
    assert _common.format_datetime is format_datetime
    assert _common.as_datetime("2025-03-01T00:00:00+08:00", "f") == datetime(
        2025, 3, 1, tzinfo=CST
    )


@pytest.mark.parametrize(
    "text", ["20250101T000000Z", "2025-01-01T00:00:00+15:00", "2025-01-01T00:00+08:00"]
)
def test_domain_builders_refuse_non_rfc3339_times(text: str) -> None:
    """Before: ``datetime.fromisoformat`` let the ISO 8601 basic format and +15:00 through."""
    with pytest.raises(errors.MalformedInputError):
        shebao.Accreditation(
            accredited="did:example:agency",
            credential_types=["InsuranceStatusCredential"],
            regions=["110000"],
            valid_from=text,
            valid_until="2030-01-01T00:00:00Z",
        )


# -- NumericDates and durations -----------------------------------------------------------


@pytest.mark.parametrize("value", [0, 1_767_225_600, 1.5, MIN_NUMERIC_DATE, MAX_NUMERIC_DATE, -1])
def test_numeric_dates_in_range(value: float) -> None:
    assert parse_numeric_date(value, what="exp") == float(value)


@pytest.mark.parametrize(
    "value",
    [
        10**400,
        -(10**400),
        MAX_NUMERIC_DATE + 1,
        MIN_NUMERIC_DATE - 1,
        1e300,
        float("inf"),
        float("nan"),
        True,
        "1767225600",
        None,
    ],
)
def test_numeric_dates_out_of_range(value: Any) -> None:
    with pytest.raises(errors.MalformedInputError) as err:
        parse_numeric_date(value, what="exp")
    assert "exp" in err.value.message


def test_durations() -> None:
    assert parse_duration(300, what="ttl") == 300.0
    assert parse_duration(0, what="ttl") == 0.0
    assert parse_duration(1500, what="ttl", unit=0.001) == 1.5
    span = MAX_NUMERIC_DATE - MIN_NUMERIC_DATE
    assert parse_duration(span, what="ttl") == float(span)
    for bad in (-1, span + 1, 10**400, float("nan"), float("inf"), False, "5"):
        with pytest.raises(errors.MalformedInputError):
            parse_duration(bad, what="ttl")
    with pytest.raises(errors.MalformedInputError):
        parse_duration(span * 1000 + 1000, what="ttl", unit=0.001)
