"""Conference-app feeds in the c3voc/frab schedule format (XML and JSON).

Both are built from one intermediate structure (the JSON one), so the two feeds always
agree. Identifiers derive from the same helpers as the calendar UIDs: a session's guid
is a UUID-5 of its calendar UID, so apps and calendars see the same session everywhere.
Speaker e-mails never appear; a person's guid comes from their id, not their address.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import gettext as _
from lxml import etree

from summit.events.models import Event
from summit.exports.calendar import calendar_uid
from summit.exports.feed_rows import FeedSession
from summit.exports.links import event_url
from summit.exports.links import sessions_prefix
from summit.localized.fields import ContentEntity
from summit.localized.reading import Localized
from summit.schedule.labels import Labels
from summit.schedule.labels import translated_labels
from summit.schedule.models import SessionKind

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
GENERATOR = {"name": "Summit", "version": "0.1"}

# The frab "type" vocabulary is small; our kinds map onto it.
FRAB_TYPES = {
    SessionKind.ROUND_TABLE: "discussion",
    SessionKind.KEYNOTE: "talk",
    SessionKind.TALK: "talk",
    SessionKind.WORKSHOP: "workshop",
    SessionKind.BREAK: "other",
    SessionKind.WELLBEING_BREAK: "other",
    SessionKind.NETWORKING: "meeting",
}
# The JSON schema's pattern for zone names (Area/City); others are left out.
ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


def acronym(event: Event) -> str:
    """The slug in the alphabet both schemas accept: no hyphens, at least 4 characters."""
    return event.slug.replace("-", "_").ljust(4, "_")


def session_guid(session: FeedSession, uid_domain: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, calendar_uid(session, uid_domain)))


def _guid(kind: str, row_id: int, uid_domain: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{kind}-{row_id}@{uid_domain}"))


def _hours_minutes(value: timedelta) -> str:
    minutes = int(value.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def schedule_data(
    event: Event,
    sessions: Iterable[FeedSession],
    *,
    base_url: str,
    uid_domain: str,
    content: Localized | None = None,
) -> dict[str, Any]:
    """The feed as plain data, shaped like ``schedule.json``; the event's own texts (title,
    rooms) in ``content``'s language, the sessions' as the rows carry them."""
    zone = ZoneInfo(event.timezone)
    scheduled = [s for s in sessions if s.starts_at is not None and s.ends_at is not None]
    text = (content or Localized(event.main_language, event.main_language)).text
    fallback_room = text(ContentEntity.EVENT, event.id, "venue_name", event.venue_name) or _(
        "Venue"
    )
    by_day: dict[date, list[FeedSession]] = {}
    for session in scheduled:
        assert session.starts_at is not None
        by_day.setdefault(session.starts_at.astimezone(zone).date(), []).append(session)
    day = event.start_date
    while day <= event.end_date:
        by_day.setdefault(day, [])
        day += timedelta(days=1)

    write = _SessionWriter(event, zone, base_url, uid_domain, translated_labels())
    rooms: dict[str, dict[str, Any]] = {}
    for room in event.rooms:
        name = text(ContentEntity.ROOM, room.id, "name", room.name)
        rooms[name] = {"name": name, "guid": _guid("room", room.id, uid_domain)}
    days = []
    for index, (day, items) in enumerate(sorted(by_day.items()), start=1):
        day_rooms: dict[str, list[dict[str, Any]]] = {}
        for session in items:
            room_name = session.room.name if session.room else fallback_room
            if room_name not in rooms:
                room_id = session.room.id if session.room else 0
                rooms[room_name] = {"name": room_name, "guid": _guid("room", room_id, uid_domain)}
            day_rooms.setdefault(room_name, []).append(write.session(session, room_name))
        midnight = datetime.combine(day, time(0), zone)
        starts = [s.starts_at.astimezone(zone) for s in items if s.starts_at]
        ends = [s.ends_at.astimezone(zone) for s in items if s.ends_at]
        days.append(
            {
                "index": index,
                "date": day.isoformat(),
                "day_start": (min(starts) if starts else midnight).isoformat(),
                "day_end": (
                    max(ends) if ends else datetime.combine(day, time(23, 59), zone)
                ).isoformat(),
                "rooms": day_rooms,
            }
        )
    latest = max([event.updated_at, *(s.updated_at for s in scheduled)])
    conference: dict[str, Any] = {
        "acronym": acronym(event),
        "title": text(ContentEntity.EVENT, event.id, "title", event.title),
        "start": event.start_date.isoformat(),
        "end": event.end_date.isoformat(),
        "daysCount": len(days),
        "timeslot_duration": "00:05",
        "url": event_url(base_url, event),
        "rooms": list(rooms.values()),
        "days": days,
    }
    tagline = text(ContentEntity.EVENT, event.id, "tagline", event.tagline)
    if tagline:
        conference["description"] = tagline
    if ZONE_NAME.match(event.timezone):
        conference["time_zone_name"] = event.timezone
    return {
        "$schema": SCHEMA_URL,
        "generator": GENERATOR,
        "schedule": {
            "version": latest.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            "base_url": event_url(base_url, event),
            "conference": conference,
        },
    }


class _SessionWriter:
    """Writes sessions of one build: what repeats (the URL prefix, the acronym, each
    person's guid) is worked out once, which matters at a few thousand sessions."""

    def __init__(
        self, event: Event, zone: ZoneInfo, base_url: str, uid_domain: str, labels: Labels
    ) -> None:
        self.zone = zone
        self.uid_domain = uid_domain
        self.labels = labels
        self.language = event.main_language
        self.slug_prefix = f"{acronym(event)}-"
        self.url_prefix = sessions_prefix(base_url, event)
        self.person_guids: dict[int, str] = {}

    def person_guid(self, speaker_id: int) -> str:
        guid = self.person_guids.get(speaker_id)
        if guid is None:
            guid = self.person_guids[speaker_id] = _guid("speaker", speaker_id, self.uid_domain)
        return guid

    def session(self, session: FeedSession, room: str) -> dict[str, Any]:
        assert session.starts_at is not None and session.ends_at is not None
        labels = self.labels
        start = session.starts_at.astimezone(self.zone)
        title = session.title
        notes = []
        if session.is_cancelled:
            title = labels.title(title, cancelled=True)
            notes.append(labels.cancelled_note)
        if session.content_note:
            notes.append(labels.note(session.content_note))
        return {
            "guid": session_guid(session, self.uid_domain),
            "id": session.id,
            "date": start.isoformat(),
            "start": f"{start.hour:02d}:{start.minute:02d}",
            "end": session.ends_at.astimezone(self.zone).isoformat(),
            "duration": _hours_minutes(session.ends_at - session.starts_at),
            "room": room,
            "slug": f"{self.slug_prefix}{session.public_id}",
            "url": f"{self.url_prefix}{session.public_id}/",
            "title": title,
            "subtitle": None,
            "track": labels.kinds[session.kind],
            "type": FRAB_TYPES.get(session.kind, "other"),
            "language": session.language or self.language,
            "abstract": session.description,
            "description": "\n\n".join(notes),
            "persons": [
                {
                    # Conference apps (ConfClerk) link a session to its presenters by this id.
                    "id": role.speaker.id,
                    "name": role.speaker.display_name,
                    "guid": self.person_guid(role.speaker.id),
                    "biography": role.speaker.bio or None,
                    "role": role.role.value,
                    "role_label": labels.roles[role.role],
                    "affiliation": role.speaker.affiliation,
                }
                for role in session.roles
            ],
            "links": [],
        }


def build_frab_json(
    event: Event,
    sessions: Iterable[FeedSession],
    *,
    base_url: str,
    uid_domain: str,
    content: Localized | None = None,
) -> bytes:
    """``schedule.json`` (c3voc schema), with each person's role on the session."""
    with force_locale(content.language if content else event.main_language):
        data = schedule_data(
            event, sessions, base_url=base_url, uid_domain=uid_domain, content=content
        )
    # No indent: the C encoder is several times faster, and apps do not read whitespace.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def build_frab_xml(
    event: Event,
    sessions: Iterable[FeedSession],
    *,
    base_url: str,
    uid_domain: str,
    content: Localized | None = None,
) -> bytes:
    """``schedule.xml`` (frab/c3voc XSD). The XSD has no place for roles: names only."""
    with force_locale(content.language if content else event.main_language):
        data = schedule_data(
            event, sessions, base_url=base_url, uid_domain=uid_domain, content=content
        )
    schedule = data["schedule"]
    conference = schedule["conference"]
    root = etree.Element("schedule")
    etree.SubElement(root, "generator", name=GENERATOR["name"], version=GENERATOR["version"])
    etree.SubElement(root, "version").text = schedule["version"]
    conf = etree.SubElement(root, "conference")
    for key in ("title", "acronym", "start", "end"):
        etree.SubElement(conf, key).text = conference[key]
    etree.SubElement(conf, "days").text = str(conference["daysCount"])
    etree.SubElement(conf, "timeslot_duration").text = conference["timeslot_duration"]
    etree.SubElement(conf, "base_url").text = schedule["base_url"]
    etree.SubElement(conf, "url").text = conference["url"]
    if "time_zone_name" in conference:
        etree.SubElement(conf, "time_zone_name").text = conference["time_zone_name"]
    room_guids = {room["name"]: room["guid"] for room in conference["rooms"]}
    for day in conference["days"]:
        day_element = etree.SubElement(
            root,
            "day",
            index=str(day["index"]),
            date=day["date"],
            start=day["day_start"],
            end=day["day_end"],
        )
        for room_name, items in day["rooms"].items():
            room_element = etree.SubElement(
                day_element, "room", name=room_name, guid=room_guids[room_name]
            )
            for item in items:
                _session_element(room_element, item)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _session_element(parent: Any, item: dict[str, Any]) -> None:
    element = etree.SubElement(parent, "event", id=str(item["id"]), guid=item["guid"])
    for key in ("room", "title", "type", "date", "start", "duration", "abstract", "slug"):
        etree.SubElement(element, key).text = item[key]
    etree.SubElement(element, "track").text = item["track"]
    etree.SubElement(element, "language").text = item["language"]
    etree.SubElement(element, "description").text = item["description"]
    etree.SubElement(element, "url").text = item["url"]
    persons = etree.SubElement(element, "persons")
    for person in item["persons"]:
        etree.SubElement(
            persons, "person", id=str(person["id"]), guid=person["guid"]
        ).text = person["name"]
    etree.SubElement(element, "links")
