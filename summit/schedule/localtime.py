"""Event-local wall-clock times to UTC and back, refusing times a clock never shows
(DST gap) or shows twice (DST overlap): an organizer must say which moment they mean."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo


class LocalTimeError(ValueError):
    """The wall-clock time is not one single moment in the zone."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind  # "nonexistent" or "ambiguous"


def local_to_utc(day: date, clock: time, tz: str) -> datetime:
    """The UTC moment shown as ``clock`` on ``day`` in zone ``tz``.

    :raises LocalTimeError: the time does not exist (clocks jump over it) or is ambiguous
        (clocks show it twice).
    """
    zone = ZoneInfo(tz)
    naive = datetime.combine(day, clock.replace(tzinfo=None, fold=0))
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        # Either a gap or an overlap: a round trip through UTC tells which.
        back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        if back != naive:
            raise LocalTimeError("nonexistent", "nonexistent")
        raise LocalTimeError("ambiguous", "ambiguous")
    return first.astimezone(UTC)


def utc_to_local(value: datetime, tz: str) -> datetime:
    return value.astimezone(ZoneInfo(tz))


def event_days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def local_day_bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    """UTC instants of local midnight at the start and end of ``day``."""
    zone = ZoneInfo(tz)
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end
