"""Pure rules of credit: how much of a session counts, and when a certificate is due.

No database here: the services feed these with rows, the unit tests with plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from decimal import ROUND_FLOOR
from decimal import Decimal
from zoneinfo import ZoneInfo

# Accreditation bodies credit in quarter hours; partial attendance rounds down.
CREDIT_STEP = Decimal("0.25")


@dataclass(frozen=True)
class AttendedSession:
    title: str
    starts_at: datetime
    ends_at: datetime
    credit_hours: Decimal | None  # None: the session carries no credit
    minutes_late: int = 0
    minutes_left_early: int = 0

    @property
    def length_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def minutes_attended(self) -> int:
        return max(self.length_minutes - self.minutes_late - self.minutes_left_early, 0)


def credited_hours(item: AttendedSession) -> Decimal:
    """The session's credit in proportion to the time attended, down to a quarter hour."""
    if not item.credit_hours or item.length_minutes <= 0:
        return Decimal("0")
    share = Decimal(item.minutes_attended) / Decimal(item.length_minutes)
    raw = item.credit_hours * min(share, Decimal(1))
    return (raw / CREDIT_STEP).to_integral_value(rounding=ROUND_FLOOR) * CREDIT_STEP


def total_hours(items: list[AttendedSession]) -> Decimal:
    return sum((credited_hours(item) for item in items), Decimal("0"))


def end_of_local_day(day: date, zone: str) -> datetime:
    """The instant a local day ends (the next midnight, whatever the offset does)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(zone))


def counted_sessions(
    items: list[AttendedSession], *, zone: str, per_day: bool, event_end: date, now: datetime
) -> list[AttendedSession]:
    """The attended sessions a certificate issued ``now`` may state: all of them once the
    event's last day is over, or, issuing per day, those whose local day is over."""
    if not per_day:
        return list(items) if now >= end_of_local_day(event_end, zone) else []
    local = ZoneInfo(zone)
    return [
        item
        for item in items
        if now >= end_of_local_day(item.starts_at.astimezone(local).date(), zone)
    ]


def retain_until(issued: date, years: int) -> date:
    """``years`` after ``issued``; 29 February falls back to the 28th."""
    try:
        return issued.replace(year=issued.year + years)
    except ValueError:
        return issued.replace(year=issued.year + years, day=28)
