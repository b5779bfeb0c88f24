"""Importing a schedule file into an event, through the events and schedule services.

The first import creates a draft event; importing again (same slug) updates it. Sessions
are matched on the file's GUIDs: an imported session's public id is derived from its
event and GUID (:func:`imported_public_id`), so a re-import finds it, its URL and
calendar UID never change, and sessions the file no longer lists are removed. Speakers are
matched by name (frab XML gives persons no stable key beyond a per-file id), rooms by name.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy import select

from summit.auth.models import Organizer
from summit.events.models import Event
from summit.events.models import Room
from summit.events.permissions import Permission
from summit.events.permissions import allows
from summit.events.services import EventData
from summit.events.services import EventError
from summit.events.services import RoomData
from summit.events.services import create_event
from summit.events.services import membership_of
from summit.events.services import save_room
from summit.events.services import set_published
from summit.events.services import update_event
from summit.extensions import db
from summit.imports.reading import ScheduleFile
from summit.imports.reading import ScheduleFileError
from summit.imports.reading import SessionRow
from summit.schedule.models import Session
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerRole
from summit.schedule.services import ScheduleError
from summit.schedule.services import SessionData
from summit.schedule.services import SlotData
from summit.schedule.services import add_role
from summit.schedule.services import delete_session
from summit.schedule.services import remove_role
from summit.schedule.services import save_session
from summit.schedule.speakers import SpeakerData
from summit.schedule.speakers import save_speaker

IMPORTED_PREFIX = "imp"  # 3 + 20 hex characters: longer than generated ids (12)
LANGUAGE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class ImportResult:
    event: Event
    created: bool
    sessions_added: int
    sessions_updated: int
    sessions_removed: int


def imported_public_id(event_id: int, guid: str) -> str:
    digest = hashlib.sha256(f"{event_id}\x1f{guid}".encode()).hexdigest()
    return IMPORTED_PREFIX + digest[:20]


def default_slug(schedule: ScheduleFile) -> str:
    """The acronym in the alphabet of slugs (lower case, digits, single hyphens)."""
    slug = re.sub(r"[^a-z0-9]+", "-", schedule.acronym.lower()).strip("-")
    return slug[:80] or "imported-schedule"


def _event_data(schedule: ScheduleFile, slug: str, event: Event | None) -> EventData:
    languages = [s.language for s in schedule.sessions if LANGUAGE.match(s.language)]
    if event is not None:  # keep what the organizer set that the file does not say
        return EventData(
            title=schedule.title[:200],
            slug=slug,
            start_date=schedule.start_date,
            end_date=schedule.end_date,
            timezone=schedule.timezone,
            tagline=event.tagline,
            description=event.description,
            venue_name=event.venue_name,
            venue_address=event.venue_address,
            city=event.city,
            country=event.country,
            languages=event.language_list or ["en"],
            contact_email=event.contact_email,
        )
    return EventData(
        title=schedule.title[:200],
        slug=slug,
        start_date=schedule.start_date,
        end_date=schedule.end_date,
        timezone=schedule.timezone,
        languages=list(dict.fromkeys(languages))[:5] or ["en"],
    )


def _target_event(
    schedule: ScheduleFile, slug: str, organizer: Organizer, now: datetime
) -> tuple[Event, bool]:
    existing = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one_or_none()
    if existing is None:
        return create_event(_event_data(schedule, slug, None), organizer=organizer, now=now), True
    membership = membership_of(existing.id, organizer)
    if membership is None or not allows(membership, Permission.EDIT_CONTENT):
        raise ScheduleFileError(
            _l("Another event already uses the address %(slug)s. Choose another slug.", slug=slug),
            "slug",
        )
    made_here = db.session.scalar(
        select(func.count(Session.id)).where(
            Session.event_id == existing.id, ~Session.public_id.startswith(IMPORTED_PREFIX)
        )
    )
    if made_here:
        # Imported sessions would sit beside the organizer's own: never mix the two.
        raise ScheduleFileError(
            _l(
                "The event %(slug)s already has sessions made in Summit. Import into a new "
                "event: choose another slug.",
                slug=slug,
            ),
            "slug",
        )
    return update_event(existing, _event_data(schedule, slug, existing), now=now), False


def _rooms(event: Event, schedule: ScheduleFile, now: datetime) -> dict[str, Room]:
    rooms = {room.name: room for room in event.rooms}
    for name in schedule.rooms:
        if name[:120] not in rooms:
            rooms[name[:120]] = save_room(event, RoomData(name[:120]), now=now)
    return rooms


def _speakers(event: Event, schedule: ScheduleFile, now: datetime) -> dict[str, Speaker]:
    """Speakers by the file's person key: found by name, created, or given the file's bio."""
    by_name = {
        s.name: s for s in db.session.scalars(select(Speaker).where(Speaker.event_id == event.id))
    }
    speakers = {}
    for key, person in schedule.persons.items():
        speaker = by_name.get(person.name)
        try:
            if speaker is None:
                speaker = save_speaker(event, SpeakerData(person.name, bio=person.bio), now=now)
            elif person.bio and person.bio != speaker.bio:
                data = SpeakerData(
                    name=speaker.name,
                    honorific=speaker.honorific,
                    position=speaker.position,
                    affiliation=speaker.affiliation,
                    bio=person.bio,
                    email=speaker.email,
                    links=speaker.links.split(),
                    languages=speaker.languages.split(),
                )
                speaker = save_speaker(event, data, speaker=speaker, now=now)
        except ScheduleError as error:
            raise ScheduleFileError(
                _l(
                    "The speaker %(name)s cannot be imported: %(problem)s",
                    name=person.name[:80],
                    problem=error.message,
                )
            ) from error
        by_name[person.name] = speaker
        speakers[key] = speaker
    return speakers


def _session_data(event: Event, row: SessionRow, room: Room | None) -> SessionData:
    zone = ZoneInfo(event.timezone)
    start, end = row.starts_at.astimezone(zone), row.ends_at.astimezone(zone)
    if end.date() != start.date():
        raise ScheduleFileError(
            _l(
                "The session “%(title)s” ends on another day than it starts; Summit keeps "
                "each session within one day. Shorten it or split it.",
                title=row.title[:80],
            )
        )
    return SessionData(
        kind=row.kind,
        title=row.title[:200],
        description=row.description,
        language=row.language if LANGUAGE.match(row.language) else "",
        slot=SlotData(
            day=start.date(),
            start=start.time(),
            end=end.time(),
            room_id=room.id if room else None,
        ),
    )


def _sync_roles(
    event: Event,
    session: Session,
    wanted: list[tuple[Speaker, SpeakerRole]],
    *,
    actor: Organizer,
    now: datetime,
) -> None:
    wanted_ids = {speaker.id: role for speaker, role in wanted}
    for link in list(session.roles):
        if wanted_ids.get(link.speaker_id) is not link.role:
            remove_role(event, session, link.id, actor=actor, now=now)
    for speaker, role in wanted:
        if not any(r.speaker_id == speaker.id for r in session.roles):
            add_role(event, session, speaker.id, role, actor=actor, now=now)


def import_schedule(
    schedule: ScheduleFile,
    *,
    organizer: Organizer,
    now: datetime,
    slug: str | None = None,
    publish: bool = False,
) -> ImportResult:
    """Create or update the event ``slug`` (default: from the acronym) from ``schedule``.

    Flushes; the caller commits once, or rolls back on error (nothing is half-saved).

    :raises ScheduleFileError: the slug belongs to an event ``organizer`` does not manage,
        or a session the event cannot hold; carries the events or schedule rule's message
        (dates, time zone, a time the clocks skip) otherwise.
    """
    slug = slug or default_slug(schedule)
    try:
        event, created = _target_event(schedule, slug, organizer, now)
        rooms = _rooms(event, schedule, now)
        speakers = _speakers(event, schedule, now)
        existing = {
            s.public_id: s
            for s in db.session.scalars(select(Session).where(Session.event_id == event.id))
        }
        added = updated = 0
        seen = set()
        for row in schedule.sessions:
            public_id = imported_public_id(event.id, row.guid)
            seen.add(public_id)
            session = existing.get(public_id)
            data = _session_data(event, row, rooms.get(row.room[:120]))
            try:
                saved = save_session(event, data, session, actor=organizer, now=now)
            except ScheduleError as error:
                raise ScheduleFileError(
                    _l(
                        "The session “%(title)s” cannot be imported: %(problem)s",
                        title=row.title[:80],
                        problem=error.message,
                    )
                ) from error
            if session is None:
                saved.public_id = public_id
                added += 1
            else:
                updated += 1
            wanted = [(speakers[key], role) for key, role in row.persons]
            _sync_roles(event, saved, wanted, actor=organizer, now=now)
        removed = 0
        for public_id, session in existing.items():
            if public_id.startswith(IMPORTED_PREFIX) and public_id not in seen:
                delete_session(event, session, actor=organizer, now=now)
                removed += 1
        if publish:
            set_published(event, True, now=now)
        db.session.flush()
    except (EventError, ScheduleError) as error:
        raise ScheduleFileError(error.message, error.field) from error
    return ImportResult(event, created, added, updated, removed)
