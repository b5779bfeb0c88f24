"""Light, read-only rows for schedule pages and the conflicts service.

Loading ORM objects for a few hundred sessions, their roles and speakers costs more than
rendering the page; these loaders select only the columns the pages need, in a fixed
number of queries (one for sessions, one for roles with speakers, one for availability
when asked), and assemble plain dataclasses read by name. Exports, which need ORM
objects, load them with :mod:`summit.exports.loading`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from typing import Any

from sqlalchemy import Select
from sqlalchemy import func
from sqlalchemy import select

from summit.events.models import Event
from summit.events.models import Room
from summit.extensions import db
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionRole
from summit.schedule.models import SessionStatus
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerAvailability
from summit.schedule.models import SpeakerRole
from summit.schedule.visibility import public_speaker


@dataclass(slots=True)
class RoomRow:
    id: int
    name: str
    capacity: int | None


@dataclass(slots=True)
class SpeakerRow:
    id: int
    display_name: str
    affiliation: str
    email: str
    availability: list[tuple[datetime, datetime]] = field(default_factory=list)


@dataclass(slots=True)
class RoleRow:
    id: int
    speaker_id: int
    role: SpeakerRole
    position: int
    speaker: SpeakerRow


@dataclass(slots=True)
class SessionSummaryRow:
    """What a list of a speaker's sessions shows: no room, roles or notes."""

    id: int
    public_id: str
    title: str
    kind: SessionKind
    status: SessionStatus
    language: str
    starts_at: datetime | None
    ends_at: datetime | None

    @property
    def is_cancelled(self) -> bool:
        return self.status is SessionStatus.CANCELLED


@dataclass(slots=True)
class SessionRow(SessionSummaryRow):
    """A session as agenda pages, the builder and the conflict checks see it."""

    content_note: str
    room_id: int | None
    room: RoomRow | None
    capacity: int | None
    description: str = ""
    roles: list[RoleRow] = field(default_factory=list)


def scheduled_count(event: Event) -> int:
    """How many of the event's sessions have a time (cancelled ones included)."""
    return int(
        db.session.execute(
            select(func.count(Session.id)).where(
                Session.event_id == event.id, Session.starts_at.is_not(None)
            )
        ).scalar_one()
    )


def _display_name(honorific: str, name: str) -> str:
    return f"{honorific} {name}".strip()


def load_session_rows(
    event: Event,
    *,
    scheduled_only: bool = False,
    with_availability: bool = False,
    with_description: bool = False,
    public_id: str | None = None,
    speaker_id: int | None = None,
    starting: tuple[datetime, datetime] | None = None,
) -> list[SessionRow]:
    """Sessions of ``event`` ordered by start (unscheduled last), with room and roles.

    :param public_id: only this session.
    :param speaker_id: only the sessions where this speaker has a role.
    :param starting: only the sessions starting in ``[from, until)`` (one day's agenda).
    """
    columns: list[Any] = [
        Session.id,
        Session.public_id,
        Session.title,
        Session.kind,
        Session.status,
        Session.content_note,
        Session.language,
        Session.room_id,
        Room.name.label("room_name"),
        Room.capacity.label("room_capacity"),
        Session.starts_at,
        Session.ends_at,
        Session.capacity,
    ]
    if with_description:
        columns.append(Session.description)
    query: Select[Any] = (
        select(*columns)
        .outerjoin(Room, Room.id == Session.room_id)
        .where(Session.event_id == event.id)
        .order_by(Session.starts_at.is_(None), Session.starts_at, Session.ends_at, Session.id)
    )
    if scheduled_only:
        query = query.where(Session.starts_at.is_not(None))
    window: list[Any] = []
    if starting is not None:
        window = [Session.starts_at >= starting[0], Session.starts_at < starting[1]]
        query = query.where(*window)
    if public_id is not None:
        query = query.where(Session.public_id == public_id)
    if speaker_id is not None:
        query = query.where(
            Session.id.in_(
                select(SessionRole.session_id).where(SessionRole.speaker_id == speaker_id)
            )
        )
    rooms: dict[int, RoomRow] = {}
    sessions: list[SessionRow] = []
    by_id: dict[int, SessionRow] = {}
    for row in db.session.execute(query):
        room = None
        if row.room_id is not None:
            room = rooms.get(row.room_id)
            if room is None:
                room = rooms[row.room_id] = RoomRow(row.room_id, row.room_name, row.room_capacity)
        item = SessionRow(
            id=row.id,
            public_id=row.public_id,
            title=row.title,
            kind=row.kind,
            status=row.status,
            content_note=row.content_note,
            language=row.language,
            room_id=row.room_id,
            room=room,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            capacity=row.capacity,
            description=row.description if with_description else "",
        )
        sessions.append(item)
        by_id[item.id] = item
    if not sessions:
        return sessions

    role_query = (
        select(
            SessionRole.id,
            SessionRole.session_id,
            SessionRole.speaker_id,
            SessionRole.role,
            SessionRole.position,
            Speaker.honorific,
            Speaker.name,
            Speaker.affiliation,
            Speaker.email,
        )
        .join(Speaker, Speaker.id == SessionRole.speaker_id)
        .join(Session, Session.id == SessionRole.session_id)
        .where(Session.event_id == event.id)
        .order_by(SessionRole.session_id, SessionRole.position, SessionRole.id)
    )
    if public_id is not None or speaker_id is not None:
        role_query = role_query.where(SessionRole.session_id.in_(list(by_id)))
    elif window:
        role_query = role_query.where(*window)
    speakers: dict[int, SpeakerRow] = {}
    for (
        rid,
        session_id,
        sid,
        role,
        position,
        honorific,
        name,
        affiliation,
        email,
    ) in db.session.execute(role_query):
        target = by_id.get(session_id)
        if target is None:
            continue
        speaker = speakers.get(sid)
        if speaker is None:
            speaker = speakers[sid] = SpeakerRow(
                sid, _display_name(honorific, name), affiliation, email
            )
        target.roles.append(RoleRow(rid, sid, role, position, speaker))

    if with_availability and speakers:
        windows = db.session.execute(
            select(
                SpeakerAvailability.speaker_id,
                SpeakerAvailability.starts_at,
                SpeakerAvailability.ends_at,
            )
            .join(Speaker, Speaker.id == SpeakerAvailability.speaker_id)
            .where(Speaker.event_id == event.id)
        )
        for sid, starts_at, ends_at in windows:
            if sid in speakers:
                speakers[sid].availability.append((starts_at, ends_at))
    return sessions


@dataclass(slots=True)
class SpeakerListRow:
    id: int
    display_name: str
    position: str
    affiliation: str
    photo_digest: str | None
    roles: list[tuple[SpeakerRole, SessionSummaryRow]] = field(default_factory=list)


def speaker_names(event: Event) -> list[tuple[int, str]]:
    """(id, display name) of the event's speakers in list order, to cut it into pages."""
    return [
        (sid, _display_name(honorific, name))
        for sid, honorific, name in db.session.execute(
            select(Speaker.id, Speaker.honorific, Speaker.name)
            .where(Speaker.event_id == event.id, public_speaker())
            .order_by(Speaker.name, Speaker.id)
        )
    ]


def load_speaker_rows(event: Event, ids: list[int] | None = None) -> list[SpeakerListRow]:
    """Speakers of ``event`` by name, each with their roles and (light) sessions.

    :param ids: only these speakers (one page of a long list).
    """
    only = [Speaker.id.in_(ids)] if ids is not None else []
    speakers = [
        SpeakerListRow(sid, _display_name(honorific, name), position, affiliation, digest)
        for sid, honorific, name, position, affiliation, digest in db.session.execute(
            select(
                Speaker.id,
                Speaker.honorific,
                Speaker.name,
                Speaker.position,
                Speaker.affiliation,
                Speaker.photo_digest,
            )
            .where(Speaker.event_id == event.id, public_speaker(), *only)
            .order_by(Speaker.name, Speaker.id)
        )
    ]
    by_id = {s.id: s for s in speakers}
    sessions: dict[int, SessionSummaryRow] = {}
    grouped: dict[int, list[tuple[SpeakerRole, SessionSummaryRow]]] = defaultdict(list)
    # For one page, the speakers' ids alone pick the rows: with the event's id in the
    # WHERE too, SQLite walked all the event's sessions and probed each against the page's
    # 200 speakers (43 ms at 2,400 sessions instead of 2). The event is checked per row.
    scope = [SessionRole.speaker_id.in_(ids)] if ids is not None else [Session.event_id == event.id]
    for row in db.session.execute(
        select(
            SessionRole.speaker_id,
            SessionRole.role,
            Session.event_id,
            Session.id,
            Session.public_id,
            Session.title,
            Session.kind,
            Session.status,
            Session.language,
            Session.starts_at,
            Session.ends_at,
        )
        .join(Session, Session.id == SessionRole.session_id)
        .where(*scope)
        .order_by(Session.starts_at.is_(None), Session.starts_at, Session.id)
    ):
        if row.event_id != event.id:
            continue
        session = sessions.get(row.id)
        if session is None:
            session = sessions[row.id] = SessionSummaryRow(
                id=row.id,
                public_id=row.public_id,
                title=row.title,
                kind=row.kind,
                status=row.status,
                language=row.language,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
            )
        grouped[row.speaker_id].append((row.role, session))
    for sid, roles in grouped.items():
        if sid in by_id:
            by_id[sid].roles = roles
    return speakers
