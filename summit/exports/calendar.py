"""iCalendar (RFC 5545) files: the whole agenda, one session, a speaker's or an attendee's
own sessions. Every feed describes a session the same way, with the same UID.

No METHOD is set, so DTSTAMP is "when the information was last revised" (RFC 5545
3.8.7.2) and the session's ``updated_at`` is the right value: two renders of an unchanged
agenda are byte-identical, which keeps ETags and caches honest. Times are event-local
with a real VTIMEZONE generated from the tz database.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask_babel import force_locale

from summit.events.models import Event
from summit.exports.ical_text import escape_text
from summit.exports.ical_text import fold
from summit.exports.ical_text import local_stamp
from summit.exports.ical_text import utc_stamp
from summit.exports.ical_text import vtimezone
from summit.exports.labels import Labels
from summit.exports.labels import session_url
from summit.exports.labels import translated_labels
from summit.schedule.models import Session

PRODID = "-//Summit//Summit event calendar//EN"
DEFAULT_REFRESH = timedelta(hours=1)


def calendar_uid(session: Session, domain: str) -> str:
    """The one UID of ``session`` in every feed, for its whole life."""
    return f"session-{session.public_id}@{domain}"


def session_location(event: Event, session: Session) -> str:
    parts = [session.room.name if session.room else "", event.venue_name, event.city]
    return ", ".join(part for part in parts if part)


def session_description(
    event: Event, session: Session, base_url: str, labels: Labels | None = None
) -> str:
    """Speakers with their roles, the description and the session's public page."""
    labels = labels or translated_labels()
    lines = []
    if session.is_cancelled:
        lines.append(labels.cancelled_note)
    for role in session.roles:
        speaker = role.speaker
        name = speaker.display_name
        if speaker.affiliation:
            name = f"{name} ({speaker.affiliation})"
        lines.append(f"{labels.roles[role.role]}: {name}")
    if session.content_note:
        lines.append(labels.note(session.content_note))
    if session.description:
        lines.append("")
        lines.append(session.description)
    lines.append("")
    lines.append(session_url(base_url, event, session))
    return "\n".join(lines).strip()


def _duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return (
        "PT"
        + (f"{hours}H" if hours else "")
        + (f"{minutes}M" if minutes else "")
        + (f"{seconds}S" if seconds or not (hours or minutes) else "")
    )


def session_lines(
    event: Event,
    session: Session,
    zone: ZoneInfo,
    *,
    base_url: str,
    uid_domain: str,
    labels: Labels,
) -> list[str]:
    """The content lines of one VEVENT."""
    assert session.starts_at is not None and session.ends_at is not None
    tzid = event.timezone
    title = labels.title(session.title, session.is_cancelled)
    language = f";LANGUAGE={session.language}" if session.language else ""
    url = session_url(base_url, event, session)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(calendar_uid(session, uid_domain))}",
        f"DTSTAMP:{utc_stamp(session.updated_at)}",
        f"CREATED:{utc_stamp(session.created_at)}",
        f"LAST-MODIFIED:{utc_stamp(session.updated_at)}",
        f"SEQUENCE:{session.sequence}",
        f"DTSTART;TZID={tzid}:{local_stamp(session.starts_at, zone)}",
        f"DTEND;TZID={tzid}:{local_stamp(session.ends_at, zone)}",
        f"SUMMARY{language}:{escape_text(title)}",
        "STATUS:CANCELLED" if session.is_cancelled else "STATUS:CONFIRMED",
        "TRANSP:TRANSPARENT" if session.is_cancelled else "TRANSP:OPAQUE",
    ]
    location = session_location(event, session)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines.append(
        f"DESCRIPTION:{escape_text(session_description(event, session, base_url, labels))}"
    )
    lines.append(f"URL;VALUE=URI:{url}")
    lines.append(f"CATEGORIES:{escape_text(labels.kinds[session.kind])}")
    lines.append("END:VEVENT")
    return lines


def build_calendar(
    event: Event,
    sessions: Iterable[Session],
    *,
    name: str,
    base_url: str,
    uid_domain: str,
    refresh: timedelta = DEFAULT_REFRESH,
) -> bytes:
    """An iCalendar file of ``sessions`` (scheduled ones; unscheduled are skipped).

    :param name: the calendar's name shown by clients (NAME and X-WR-CALNAME).
    :param base_url: scheme and host for session links, e.g. ``https://summit.example``.
    :param uid_domain: the stable domain in every UID (see :func:`calendar_uid`).
    :param refresh: how often subscribed clients should fetch the feed again.
    """
    zone = ZoneInfo(event.timezone)
    scheduled = [s for s in sessions if s.starts_at is not None and s.ends_at is not None]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{event.timezone}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{_duration(refresh)}",
        f"X-PUBLISHED-TTL:{_duration(refresh)}",
    ]
    # Feeds are shared by everyone: written in the event's language, not the visitor's.
    with force_locale(event.main_language):
        labels = translated_labels()
        body = [
            line
            for session in scheduled
            for line in session_lines(
                event, session, zone, base_url=base_url, uid_domain=uid_domain, labels=labels
            )
        ]
    years = [event.start_date.year, event.end_date.year]
    years += [s.starts_at.year for s in scheduled if s.starts_at is not None]
    text = "\r\n".join(fold(line) for line in lines) + "\r\n"
    text += vtimezone(event.timezone, min(years) - 1, max(years) + 1)
    if body:
        text += "\r\n".join(fold(line) for line in body) + "\r\n"
    text += "END:VCALENDAR\r\n"
    return text.encode()
