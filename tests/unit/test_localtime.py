from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time

import pytest

from summit.schedule.localtime import LocalTimeError
from summit.schedule.localtime import event_days
from summit.schedule.localtime import local_day_bounds
from summit.schedule.localtime import local_to_utc


def test_paris_half_past_two_on_spring_forward_day_does_not_exist() -> None:
    with pytest.raises(LocalTimeError) as caught:
        local_to_utc(date(2025, 3, 30), time(2, 30), "Europe/Paris")
    assert caught.value.kind == "nonexistent"


def test_paris_half_past_two_on_fall_back_day_is_ambiguous() -> None:
    with pytest.raises(LocalTimeError) as caught:
        local_to_utc(date(2025, 10, 26), time(2, 30), "Europe/Paris")
    assert caught.value.kind == "ambiguous"


@pytest.mark.parametrize(
    ("day", "clock", "expected"),
    [
        # Paris around the spring change: CET (+1) before, CEST (+2) after.
        (date(2025, 3, 30), time(1, 59), datetime(2025, 3, 30, 0, 59, tzinfo=UTC)),
        (date(2025, 3, 30), time(3, 0), datetime(2025, 3, 30, 1, 0, tzinfo=UTC)),
        (date(2025, 10, 26), time(3, 0), datetime(2025, 10, 26, 2, 0, tzinfo=UTC)),
    ],
)
def test_paris_times_next_to_a_change_convert_with_the_offset_in_force(
    day: date, clock: time, expected: datetime
) -> None:
    assert local_to_utc(day, clock, "Europe/Paris") == expected


def test_casablanca_uses_utc_plus_one_before_ramadan_and_utc_during_it() -> None:
    # Morocco moves from UTC+1 to UTC+0 for Ramadan 2025 (23 Feb → 6 Apr).
    before = local_to_utc(date(2025, 2, 22), time(10, 0), "Africa/Casablanca")
    during = local_to_utc(date(2025, 2, 24), time(10, 0), "Africa/Casablanca")
    after = local_to_utc(date(2025, 4, 7), time(10, 0), "Africa/Casablanca")
    assert before == datetime(2025, 2, 22, 9, 0, tzinfo=UTC)
    assert during == datetime(2025, 2, 24, 10, 0, tzinfo=UTC)
    assert after == datetime(2025, 4, 7, 9, 0, tzinfo=UTC)


def test_casablanca_repeated_and_skipped_hours_are_refused() -> None:
    with pytest.raises(LocalTimeError) as repeated:
        local_to_utc(date(2025, 2, 23), time(2, 30), "Africa/Casablanca")
    assert repeated.value.kind == "ambiguous"
    with pytest.raises(LocalTimeError) as skipped:
        local_to_utc(date(2025, 4, 6), time(2, 30), "Africa/Casablanca")
    assert skipped.value.kind == "nonexistent"


def test_event_days_lists_every_day_inclusive() -> None:
    assert event_days(date(2025, 2, 22), date(2025, 2, 24)) == [
        date(2025, 2, 22),
        date(2025, 2, 23),
        date(2025, 2, 24),
    ]


def test_a_day_with_a_skipped_hour_lasts_twenty_three_hours() -> None:
    start, end = local_day_bounds(date(2025, 3, 30), "Europe/Paris")
    assert (end - start).total_seconds() == 23 * 3600
