"""The calendar file attached to a confirmation: the event itself, as one all-day entry.

A pure builder (bytes out). Attendees' chosen sessions use the exports feature's
:func:`summit.exports.calendar.build_calendar`, so each session keeps one UID everywhere.
"""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

from icalendar import Calendar
from icalendar import Event as VEvent

from summit.events.models import Event
from summit.localized.reading import tr

PRODID = "-//Summit//Registration//EN"


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


def event_calendar(event: Event, *, stamp: datetime, uid_domain: str) -> bytes:
    """One all-day VEVENT covering the event's dates (DTEND is exclusive)."""
    calendar = _calendar(tr(event, "title"))
    entry = VEvent()
    entry.add("uid", f"event-{event.id}@{uid_domain}")
    entry.add("dtstamp", stamp)
    entry.add("summary", tr(event, "title"))
    entry.add("dtstart", event.start_date)
    entry.add("dtend", event.end_date + timedelta(days=1))
    if _location(event):
        entry.add("location", _location(event))
    if event.tagline:
        entry.add("description", event.tagline)
    calendar.add_component(entry)
    return calendar.to_ical()
