"""What the whole-event feeds read of each session, loaded as plain rows.

A 2,400-session agenda is about 10,000 ORM objects (sessions, roles, speakers, rooms);
building them took longer than writing every feed. :func:`feed_sessions` selects only the
columns the builders print, in two statements, and assembles slotted dataclasses. The
builders are typed against the protocols below, which both these rows and the ORM models
satisfy, so files of one session or one person's sessions still pass ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from typing import Any
from typing import Protocol

from sqlalchemy import select

from summit.events.models import Event
from summit.events.models import Room
from summit.extensions import db
from summit.localized.fields import ContentEntity
from summit.localized.reading import Localized
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionRole
from summit.schedule.models import SessionStatus
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerRole


class FeedSpeaker(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def display_name(self) -> str: ...
    @property
    def affiliation(self) -> str: ...
    @property
    def bio(self) -> str: ...
    @property
    def updated_at(self) -> datetime: ...


class FeedRole(Protocol):
    @property
    def role(self) -> SpeakerRole: ...
    @property
    def speaker(self) -> FeedSpeaker: ...


class FeedRoom(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...


class FeedSession(Protocol):
    """A session as every calendar and conference-app feed describes it."""

    @property
    def id(self) -> int: ...
    @property
    def public_id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> SessionKind: ...
    @property
    def language(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def content_note(self) -> str: ...
    @property
    def starts_at(self) -> datetime | None: ...
    @property
    def ends_at(self) -> datetime | None: ...
    @property
    def sequence(self) -> int: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def updated_at(self) -> datetime: ...
    @property
    def is_cancelled(self) -> bool: ...
    @property
    def room(self) -> FeedRoom | None: ...
    @property
    def roles(self) -> Sequence[FeedRole]: ...


@dataclass(slots=True)
class SpeakerRow:
    id: int
    display_name: str
    affiliation: str
    bio: str
    updated_at: datetime


@dataclass(slots=True)
class RoleRow:
    role: SpeakerRole
    speaker: SpeakerRow


@dataclass(slots=True)
class RoomRow:
    id: int
    name: str


@dataclass(slots=True)
class SessionRow:
    id: int
    public_id: str
    title: str
    kind: SessionKind
    status: SessionStatus
    language: str
    description: str
    content_note: str
    starts_at: datetime | None
    ends_at: datetime | None
    sequence: int
    created_at: datetime
    updated_at: datetime
    room: RoomRow | None
    roles: list[RoleRow] = field(default_factory=list)

    @property
    def is_cancelled(self) -> bool:
        return self.status is SessionStatus.CANCELLED


def _session_row(source: Any, room: RoomRow | None) -> SessionRow:
    """A row from anything with a session's columns: a selected row or an ORM session."""
    return SessionRow(
        source.id,
        source.public_id,
        source.title,
        source.kind,
        source.status,
        source.language,
        source.description,
        source.content_note,
        source.starts_at,
        source.ends_at,
        source.sequence,
        source.created_at,
        source.updated_at,
        room,
    )


def feed_sessions(event: Event) -> list[SessionRow]:
    """The event's scheduled sessions (cancelled ones included) in time order, as
    :func:`summit.exports.loading.agenda_sessions` gives them, with rooms and roles."""
    rooms: dict[int, RoomRow] = {}
    sessions: dict[int, SessionRow] = {}
    query = (
        select(
            Session.id,
            Session.public_id,
            Session.title,
            Session.kind,
            Session.status,
            Session.language,
            Session.description,
            Session.content_note,
            Session.starts_at,
            Session.ends_at,
            Session.sequence,
            Session.created_at,
            Session.updated_at,
            Session.room_id,
            Room.name,
        )
        .outerjoin(Room, Room.id == Session.room_id)
        .where(Session.event_id == event.id, Session.starts_at.is_not(None))
        .order_by(Session.starts_at, Session.room_id, Session.id)
    )
    for row in db.session.execute(query):
        room = None
        if row.room_id is not None:
            room = rooms.get(row.room_id)
            if room is None:
                room = rooms[row.room_id] = RoomRow(row.room_id, row.name)
        sessions[row.id] = _session_row(row, room)
    if not sessions:
        return []
    speakers: dict[int, SpeakerRow] = {}
    roles = (
        select(
            SessionRole.session_id,
            SessionRole.role,
            Speaker.id,
            Speaker.honorific,
            Speaker.name,
            Speaker.affiliation,
            Speaker.bio,
            Speaker.updated_at,
        )
        .join(Speaker, Speaker.id == SessionRole.speaker_id)
        .join(Session, Session.id == SessionRole.session_id)
        .where(Session.event_id == event.id, Session.starts_at.is_not(None))
        # The order of Session.roles, so every feed lists a panel's people alike.
        .order_by(SessionRole.session_id, SessionRole.position, SessionRole.id)
    )
    for session_id, role, sid, honorific, name, affiliation, bio, updated_at in db.session.execute(
        roles
    ):
        speaker = speakers.get(sid)
        if speaker is None:
            display = f"{honorific} {name}".strip()
            speaker = speakers[sid] = SpeakerRow(sid, display, affiliation, bio, updated_at)
        sessions[session_id].roles.append(RoleRow(role, speaker))
    return list(sessions.values())


def localize_rows(rows: list[SessionRow], content: Localized) -> list[SessionRow]:
    """``rows`` with their texts in ``content``'s language where translated (titles,
    descriptions, content notes, room names, biographies); plain rows, so changed in place."""
    if not content.texts:
        return rows
    rooms: set[int] = set()
    speakers: set[int] = set()
    text = content.text
    for row in rows:
        row.title = text(ContentEntity.SESSION, row.id, "title", row.title, row.language)
        row.description = text(
            ContentEntity.SESSION, row.id, "description", row.description, row.language
        )
        row.content_note = text(
            ContentEntity.SESSION, row.id, "content_note", row.content_note, row.language
        )
        if row.room is not None and row.room.id not in rooms:  # rows share their room
            rooms.add(row.room.id)
            row.room.name = text(ContentEntity.ROOM, row.room.id, "name", row.room.name)
        for role in row.roles:
            if role.speaker.id not in speakers:
                speakers.add(role.speaker.id)
                role.speaker.bio = text(
                    ContentEntity.SPEAKER, role.speaker.id, "bio", role.speaker.bio
                )
    return rows


def rows_of(sessions: Iterable[Session]) -> list[SessionRow]:
    """ORM sessions (a session's or one person's file) as rows, to be translated like the
    whole-event feeds' rows without touching the ORM objects."""
    speakers: dict[int, SpeakerRow] = {}
    rooms: dict[int, RoomRow] = {}
    rows = []
    for session in sessions:
        room = None
        if session.room is not None:
            room = rooms.setdefault(session.room.id, RoomRow(session.room.id, session.room.name))
        row = _session_row(session, room)
        for link in session.roles:
            person = link.speaker
            speaker = speakers.get(person.id)
            if speaker is None:
                speaker = speakers[person.id] = SpeakerRow(
                    person.id,
                    person.display_name,
                    person.affiliation,
                    person.bio,
                    person.updated_at,
                )
            row.roles.append(RoleRow(link.role, speaker))
        rows.append(row)
    return rows
