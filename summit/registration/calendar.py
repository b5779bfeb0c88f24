"""Calendar files for attendees: the event itself, and their chosen sessions.

Pure builders (bytes out). The exports feature may replace these with its richer ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from datetime import timedelta

from icalendar import Calendar
from icalendar import Event as VEvent

from summit.events.models import Event
from summit.schedule.models import Session
from summit.schedule.models import SessionStatus

PRODID = "-//Summit//Registration//EN"


def calendar_uid(kind: str, public_id: str | int, domain: str = "summit") -> str:
    """Stable UIDs: the same thing always gets the same one."""
    return f"{kind}-{public_id}@{domain}"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _location(event: Event) -> str:
    return ", ".join(p for p in (event.venue_name, event.venue_address, event.city) if p)


def event_calendar(event: Event, *, stamp: datetime) -> bytes:
    """One all-day VEVENT covering the event's dates (DTEND is exclusive)."""
    calendar = _calendar(event.title)
    entry = VEvent()
    entry.add("uid", calendar_uid("event", event.id))
    entry.add("dtstamp", stamp)
    entry.add("summary", event.title)
    entry.add("dtstart", event.start_date)
    entry.add("dtend", event.end_date + timedelta(days=1))
    if _location(event):
        entry.add("location", _location(event))
    if event.tagline:
        entry.add("description", event.tagline)
    calendar.add_component(entry)
    return calendar.to_ical()


def agenda_calendar(event: Event, sessions: Iterable[Session], *, stamp: datetime) -> bytes:
    """The attendee's chosen sessions, in UTC, each with the session's stable UID."""
    calendar = _calendar(event.title)
    for session in sessions:
        if session.starts_at is None or session.ends_at is None:
            continue
        entry = VEvent()
        entry.add("uid", calendar_uid("session", session.public_id))
        entry.add("dtstamp", stamp)
        entry.add("sequence", session.sequence)
        entry.add("summary", session.title)
        entry.add("dtstart", session.starts_at)
        entry.add("dtend", session.ends_at)
        location = ", ".join(
            p for p in ((session.room.name if session.room else ""), _location(event)) if p
        )
        if location:
            entry.add("location", location)
        if session.description:
            entry.add("description", session.description)
        entry.add(
            "status", "CANCELLED" if session.status is SessionStatus.CANCELLED else "CONFIRMED"
        )
        calendar.add_component(entry)
    return calendar.to_ical()
