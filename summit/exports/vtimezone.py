"""VTIMEZONE components written from the tz database, one sub-component per transition.

Why not ``icalendar.Timezone.from_tzinfo``: it searches for transitions in 64-day steps
and misses short periods such as Morocco's Ramadan (UTC+00 for about five weeks), dates
every clocks-forward change an hour late, and lists RDATEs beside DTSTART, which ical.js
and libical read as "ignore DTSTART". Here every transition between two years is found
by scanning the zone in six-hour steps and bisecting to the second, and written as its own
STANDARD or DAYLIGHT block: DTSTART is the wall-clock time just before the change (RFC 5545
3.6.5: local time in TZOFFSETFROM), no RRULE, no RDATE. Offsets and names are exactly what
``zoneinfo`` says. The first block states the offset in force at the start of the range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

_STEP = 6 * 3600  # no zone changes offset twice within six hours


@dataclass(frozen=True)
class Transition:
    """The zone's state from ``at`` (UTC) on, and the offset it replaced."""

    at: datetime
    offset_from: timedelta
    offset_to: timedelta
    is_dst: bool
    name: str

    @property
    def local_onset(self) -> datetime:
        """The wall-clock time at which the change happens, read in the old offset."""
        return (self.at + self.offset_from).replace(tzinfo=None)


def _state(zone: ZoneInfo, timestamp: int) -> tuple[timedelta, bool, str]:
    local = datetime.fromtimestamp(timestamp, zone)
    offset, dst = local.utcoffset(), local.dst()
    assert offset is not None
    return offset, bool(dst), local.tzname() or ""


@lru_cache(maxsize=128)
def transitions(tzid: str, first_year: int, last_year: int) -> tuple[Transition, ...]:
    """Every change of offset, DST flag or abbreviation of ``tzid`` in the given years."""
    zone = ZoneInfo(tzid)
    start = int(datetime(first_year, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(last_year + 1, 1, 1, tzinfo=UTC).timestamp())
    found = []
    before = _state(zone, start)
    low = start
    while low < end:
        high = min(low + _STEP, end)
        after = _state(zone, high)
        if after != before:
            # Bisect to the first second of the new state.
            a, b = low, high
            while b - a > 1:
                middle = (a + b) // 2
                if _state(zone, middle) == before:
                    a = middle
                else:
                    b = middle
            offset, dst, name = after
            at = datetime.fromtimestamp(b, UTC)
            found.append(Transition(at, before[0], offset, dst, name))
        before, low = after, high
    return tuple(found)


def _offset(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


def _block(
    onset: datetime, offset_from: timedelta, offset_to: timedelta, dst: bool, name: str
) -> list[str]:
    kind = "DAYLIGHT" if dst else "STANDARD"
    lines = [
        f"BEGIN:{kind}",
        f"DTSTART:{onset:%Y%m%dT%H%M%S}",
        f"TZOFFSETFROM:{_offset(offset_from)}",
        f"TZOFFSETTO:{_offset(offset_to)}",
    ]
    if name:
        lines.append(f"TZNAME:{name}")
    lines.append(f"END:{kind}")
    return lines


@lru_cache(maxsize=64)
def vtimezone(tzid: str, first_year: int, last_year: int) -> str:
    """The VTIMEZONE of ``tzid`` from 1 January ``first_year`` to the end of ``last_year``,
    as CRLF-terminated lines."""
    zone = ZoneInfo(tzid)
    begin = datetime(first_year, 1, 1, tzinfo=UTC)
    offset, dst, name = _state(zone, int(begin.timestamp()))
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}"]
    lines += _block((begin + offset).replace(tzinfo=None), offset, offset, dst, name)
    for change in transitions(tzid, first_year, last_year):
        lines += _block(
            change.local_onset, change.offset_from, change.offset_to, change.is_dst, change.name
        )
    lines.append("END:VTIMEZONE")
    return "\r\n".join(lines) + "\r\n"


def follows_one_yearly_rule(tzid: str, first_year: int, last_year: int) -> bool:
    """Whether the zone's changes in these years fit one yearly pair of rules of the form
    "the Nth (or last) weekday of a month at a local time", the only shape Outlook keeps
    when it imports a VTIMEZONE ([MS-STANOICAL] 2.2.47, [MS-OXCICAL] 2.1.3.1.1.19).

    Europe/Paris and America/New_York do; Africa/Casablanca, whose changes follow Ramadan,
    does not.
    """
    changes = transitions(tzid, first_year, last_year)
    per_year: dict[int, int] = {}
    rules: dict[bool, Transition] = {}
    for change in changes:
        per_year[change.local_onset.year] = per_year.get(change.local_onset.year, 0) + 1
        rule = rules.setdefault(change.is_dst, change)
        same_offsets = (rule.offset_from, rule.offset_to) == (change.offset_from, change.offset_to)
        if not same_offsets or not _same_yearly_date(rule.local_onset, change.local_onset):
            return False
    return all(count <= 2 for count in per_year.values())


def _same_yearly_date(one: datetime, other: datetime) -> bool:
    """Same month, weekday and time, and the same Nth weekday or both the month's last."""

    def week(day: datetime) -> tuple[int, bool]:
        return (day.day - 1) // 7 + 1, (day + timedelta(days=7)).month != day.month

    (n1, last1), (n2, last2) = week(one), week(other)
    return (one.month, one.weekday(), one.time()) == (
        other.month,
        other.weekday(),
        other.time(),
    ) and (n1 == n2 or (last1 and last2))
