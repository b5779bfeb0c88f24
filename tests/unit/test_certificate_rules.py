"""Credit rules: partial attendance, quarter hours, when sessions count, retention."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal

import pytest

from summit.certificates.rules import AttendedSession
from summit.certificates.rules import counted_sessions
from summit.certificates.rules import credited_hours
from summit.certificates.rules import end_of_local_day
from summit.certificates.rules import retain_until
from summit.certificates.rules import total_hours


def _session(hours: str | None, late: int = 0, early: int = 0, day: int = 12) -> AttendedSession:
    return AttendedSession(
        title="Table ronde",
        starts_at=datetime(2024, 12, day, 9, 0, tzinfo=UTC),
        ends_at=datetime(2024, 12, day, 11, 0, tzinfo=UTC),
        credit_hours=Decimal(hours) if hours else None,
        minutes_late=late,
        minutes_left_early=early,
    )


@pytest.mark.parametrize(
    ("hours", "late", "early", "expected"),
    [
        ("2", 0, 0, "2"),  # the whole session
        ("2", 30, 0, "1.5"),  # 90 of 120 minutes
        ("2", 0, 45, "1.25"),  # 75 of 120 minutes
        ("2", 20, 20, "1.25"),  # 80 of 120 minutes = 1.33 h, down to the quarter hour
        ("1.5", 10, 0, "1.25"),  # 110/120 × 1.5 = 1.375
        ("2", 119, 0, "0"),  # a minute of attendance earns no quarter hour
        (None, 0, 0, "0"),  # a session without credit
    ],
)
def test_credit_is_in_proportion_to_the_time_attended_down_to_a_quarter_hour(
    hours: str | None, late: int, early: int, expected: str
) -> None:
    assert credited_hours(_session(hours, late, early)) == Decimal(expected)


def test_the_total_adds_each_sessions_credit() -> None:
    assert total_hours([_session("2"), _session("1.5", late=30), _session(None)]) == Decimal("3.0")


def test_after_the_event_nothing_counts_until_its_last_local_day_is_over() -> None:
    items = [_session("1", day=12), _session("1", day=13)]
    last_day = date(2024, 12, 13)
    end = end_of_local_day(last_day, "Africa/Casablanca")  # 14 Dec 00:00 at UTC+01
    assert end == datetime(2024, 12, 13, 23, 0, tzinfo=UTC)
    before = end - timedelta(minutes=1)
    assert (
        counted_sessions(
            items, zone="Africa/Casablanca", per_day=False, event_end=last_day, now=before
        )
        == []
    )
    assert (
        counted_sessions(
            items, zone="Africa/Casablanca", per_day=False, event_end=last_day, now=end
        )
        == items
    )


def test_per_day_a_day_counts_once_it_is_over_in_the_events_zone() -> None:
    first, second = _session("1", day=12), _session("1", day=13)
    evening_of_first = datetime(2024, 12, 12, 23, 30, tzinfo=UTC)  # 00:30 local on the 13th
    assert counted_sessions(
        [first, second],
        zone="Africa/Casablanca",
        per_day=True,
        event_end=date(2024, 12, 13),
        now=evening_of_first,
    ) == [first]


def test_end_of_day_follows_the_ramadan_offset_change_in_casablanca() -> None:
    # Casablanca moved from UTC+01 to UTC+00 for Ramadan on 23 February 2025 at 03:00.
    assert end_of_local_day(date(2025, 2, 22), "Africa/Casablanca") == datetime(
        2025, 2, 22, 23, 0, tzinfo=UTC
    )
    assert end_of_local_day(date(2025, 2, 23), "Africa/Casablanca") == datetime(
        2025, 2, 24, 0, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("issued", "years", "expected"),
    [
        (date(2024, 12, 12), 6, date(2030, 12, 12)),
        (date(2024, 2, 29), 6, date(2030, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
    ],
)
def test_records_are_kept_for_the_declared_years(issued: date, years: int, expected: date) -> None:
    assert retain_until(issued, years) == expected
