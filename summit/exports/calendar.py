"""iCalendar (RFC 5545) files: the whole agenda, one session, a speaker's or an attendee's
own sessions. Every feed describes a session the same way, with the same UID.

Every file says METHOD:PUBLISH, so DTSTAMP is when this version of the file came to be
(RFC 5545 3.8.7.2): the latest change to what it shows. LAST-MODIFIED is the session's own
latest change. Both move with each change and never with a mere re-render, so two renders
of an unchanged agenda are byte-identical, which keeps ETags and caches honest.

Times are event-local with a VTIMEZONE written from the tz database
(:mod:`summit.exports.vtimezone`), except where local time cannot say the instant for
every client, and then they are UTC (``...Z``), which every parser reads alike:

- a wall-clock time that happens twice (the hour repeated when clocks go back): parsers
  disagree on which one is meant, whatever the VTIMEZONE says;
- subscription feeds for zones whose changes no yearly rule describes (Africa/Casablanca,
  which follows Ramadan): Outlook keeps one yearly rule pair of any VTIMEZONE it imports,
  so it would misplace every session of the Ramadan weeks. See docs/calendars.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask_babel import force_locale

from summit.events.models import Event
from summit.exports.feed_rows import FeedSession
from summit.exports.ical_text import escape_text
from summit.exports.ical_text import fold
from summit.exports.ical_text import local_stamp
from summit.exports.ical_text import utc_stamp
from summit.exports.links import session_url
from summit.exports.vtimezone import follows_one_yearly_rule
from summit.exports.vtimezone import vtimezone
from summit.schedule.labels import Labels
from summit.schedule.labels import translated_labels

PRODID = "-//Summit//Summit event calendar//EN"
DEFAULT_REFRESH = timedelta(hours=1)


def calendar_uid(session: FeedSession, domain: str) -> str:
    """The one UID of ``session`` in every feed, for its whole life."""
    return f"session-{session.public_id}@{domain}"


def session_location(event: Event, session: FeedSession) -> str:
    parts = [session.room.name if session.room else "", event.venue_name, event.city]
    return ", ".join(part for part in parts if part)


def session_description(
    event: Event, session: FeedSession, base_url: str, labels: Labels | None = None
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


def last_modified(session: FeedSession) -> datetime:
    """The session's latest change, its speakers' names and affiliations included."""
    return max([session.updated_at, *(role.speaker.updated_at for role in session.roles)])


def is_repeated_wall_time(value: datetime, zone: ZoneInfo) -> bool:
    """True when the local time of ``value`` happens twice (clocks went back)."""
    local = value.astimezone(zone)
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def date_time_line(name: str, value: datetime, zone: ZoneInfo, *, utc: bool) -> str:
    """DTSTART or DTEND: event-local with TZID, or UTC when asked or when ambiguous."""
    if utc or is_repeated_wall_time(value, zone):
        return f"{name}:{utc_stamp(value)}"
    return f"{name};TZID={zone.key}:{local_stamp(value, zone)}"


def session_lines(
    event: Event,
    session: FeedSession,
    zone: ZoneInfo,
    *,
    base_url: str,
    uid_domain: str,
    labels: Labels,
    stamp: datetime,
    utc: bool = False,
) -> list[str]:
    """The content lines of one VEVENT.

    :param stamp: DTSTAMP, the latest change of the whole file.
    :param utc: write times in UTC rather than with the event's TZID.
    """
    assert session.starts_at is not None and session.ends_at is not None
    title = labels.title(session.title, session.is_cancelled)
    language = f";LANGUAGE={session.language}" if session.language else ""
    url = session_url(base_url, event, session)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(calendar_uid(session, uid_domain))}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"CREATED:{utc_stamp(session.created_at)}",
        f"LAST-MODIFIED:{utc_stamp(last_modified(session))}",
        f"SEQUENCE:{session.sequence}",
        date_time_line("DTSTART", session.starts_at, zone, utc=utc),
        date_time_line("DTEND", session.ends_at, zone, utc=utc),
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


def file_stamp(event: Event, sessions: Sequence[FeedSession]) -> datetime:
    """The latest change to anything a file of ``sessions`` shows."""
    return max([event.updated_at, *(last_modified(s) for s in sessions)])


def build_calendar(
    event: Event,
    sessions: Iterable[FeedSession],
    *,
    name: str,
    base_url: str,
    uid_domain: str,
    refresh: timedelta = DEFAULT_REFRESH,
    subscription: bool = True,
    language: str | None = None,
) -> bytes:
    """An iCalendar file of ``sessions`` (scheduled ones; unscheduled are skipped).

    :param name: the calendar's name shown by clients (NAME and X-WR-CALNAME).
    :param base_url: scheme and host for session links, e.g. ``https://summit.example``.
    :param uid_domain: the stable domain in every UID (see :func:`calendar_uid`).
    :param refresh: how often subscribed clients should fetch the feed again.
    :param subscription: a feed that clients subscribe to (the agenda, a speaker's or an
        attendee's sessions) rather than a file imported once (one session): times are
        UTC when the event's zone follows no yearly rule (see the module's docstring).
    :param language: the language of the words Summit adds (roles, "Cancelled"); a
        personal file passes its owner's saved language, shared feeds the event's.
    """
    zone = ZoneInfo(event.timezone)
    scheduled = [s for s in sessions if s.starts_at is not None and s.ends_at is not None]
    years = [event.start_date.year, event.end_date.year]
    years += [s.starts_at.year for s in scheduled if s.starts_at is not None]
    first_year, last_year = min(years) - 1, max(years) + 1
    utc = subscription and not follows_one_yearly_rule(event.timezone, first_year, last_year)
    stamp = file_stamp(event, scheduled)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{event.timezone}",
        f"LAST-MODIFIED:{utc_stamp(stamp)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{_duration(refresh)}",
        f"X-PUBLISHED-TTL:{_duration(refresh)}",
    ]
    # Never the visitor's browser language: shared feeds are in the event's language.
    with force_locale(language or event.main_language):
        labels = translated_labels()
        body = [
            line
            for session in scheduled
            for line in session_lines(
                event,
                session,
                zone,
                base_url=base_url,
                uid_domain=uid_domain,
                labels=labels,
                stamp=stamp,
                utc=utc,
            )
        ]
    text = "\r\n".join(fold(line) for line in lines) + "\r\n"
    if any(";TZID=" in line for line in body):
        text += vtimezone(event.timezone, first_year, last_year)
    if body:
        text += "\r\n".join(fold(line) for line in body) + "\r\n"
    text += "END:VCALENDAR\r\n"
    return text.encode()
