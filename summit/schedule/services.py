"""Schedule rules: sessions, speakers, roles, availability and the published change log.

Plain functions: they take the actor and ``now``, add and flush, never commit. Hard
errors (end not after start, outside the event's days, a local time that is not one
single moment, a room or speaker of another event) raise :class:`ScheduleError`; softer
problems are warnings computed by :mod:`summit.schedule.conflicts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from summit.auth.models import Organizer
from summit.domain import DomainError
from summit.events.models import Event
from summit.events.models import Room
from summit.extensions import db
from summit.schedule.localtime import LocalTimeError
from summit.schedule.localtime import local_to_utc
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionRole
from summit.schedule.models import SessionStatus
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerRole
from summit.schedule.pipeline import SessionChange
from summit.schedule.pipeline import SessionState
from summit.schedule.pipeline import record

# The longest a session typed as ending "earlier" than it starts may last (past midnight).
MAX_OVERNIGHT = timedelta(hours=8)


class ScheduleError(DomainError):
    """A schedule rule was broken."""


@dataclass
class SlotData:
    """A local day and wall-clock times; all three empty means unscheduled."""

    day: date | None = None
    start: time | None = None
    end: time | None = None
    room_id: int | None = None


@dataclass
class SessionData:
    kind: SessionKind
    title: str
    description: str = ""
    content_note: str = ""
    language: str = ""
    status: SessionStatus = SessionStatus.SCHEDULED
    capacity: int | None = None
    slot: SlotData = field(default_factory=SlotData)


def local_time_problem(error: LocalTimeError, day: date, clock: time, zone: str) -> object:
    """What to tell someone who entered a wall-clock time the zone skips or repeats."""
    values = {"time": clock.strftime("%H:%M"), "day": day.isoformat(), "zone": zone}
    if error.kind == "nonexistent":
        return _l(
            "%(time)s does not exist on %(day)s in %(zone)s: the clocks skip it. "
            "Choose another time.",
            **values,
        )
    return _l(
        "%(time)s happens twice on %(day)s in %(zone)s: the clocks go back. "
        "Choose a time outside that hour.",
        **values,
    )


def _local_moment(event: Event, day: date, clock: time, field_name: str) -> datetime:
    try:
        return local_to_utc(day, clock, event.timezone)
    except LocalTimeError as error:
        raise ScheduleError(
            local_time_problem(error, day, clock, event.timezone), field_name
        ) from error


def resolve_slot(event: Event, slot: SlotData) -> tuple[datetime | None, datetime | None]:
    """UTC start and end for a local slot, or ``(None, None)`` when unscheduled.

    An end time earlier than the start means the next day, for a session of at most
    :data:`MAX_OVERNIGHT` that crosses midnight; it stays on the day it starts.

    :raises ScheduleError: partial slot, a day outside the event, end not after start, or
        a time that the event's clocks skip or show twice.
    """
    given = [slot.day is not None, slot.start is not None, slot.end is not None]
    if not any(given):
        return None, None
    if not all(given):
        missing = ["day", "start", "end"][given.index(False)]
        raise ScheduleError(
            _l("Give the day, start and end time, or leave all three empty (unscheduled)."),
            missing,
        )
    assert slot.day is not None and slot.start is not None and slot.end is not None
    if not event.start_date <= slot.day <= event.end_date:
        raise ScheduleError(
            _l(
                "Choose a day of the event, from %(start)s to %(end)s.",
                start=event.start_date.isoformat(),
                end=event.end_date.isoformat(),
            ),
            "day",
        )
    # An end earlier than the start is the next morning (a late networking evening),
    # unless that would make the session implausibly long: then it is a typing slip.
    end_day = slot.day + timedelta(days=1) if slot.end < slot.start else slot.day
    starts_at = _local_moment(event, slot.day, slot.start, "start")
    ends_at = _local_moment(event, end_day, slot.end, "end")
    if ends_at <= starts_at or (end_day != slot.day and ends_at - starts_at > MAX_OVERNIGHT):
        raise ScheduleError(_l("The end time must be after the start time."), "end")
    return starts_at, ends_at


def _room_of_event(event: Event, room_id: int | None) -> Room | None:
    if room_id is None:
        return None
    room = db.session.get(Room, room_id)
    if room is None or room.event_id != event.id:
        raise ScheduleError(_l("Choose one of this event's rooms."), "room_id")
    return room


def _flush(message: object, field_name: str | None = None) -> None:
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise ScheduleError(message, field_name) from error


def save_session(
    event: Event,
    data: SessionData,
    session: Session | None = None,
    *,
    actor: Organizer | None,
    now: datetime,
) -> Session:
    """Create or update a session.

    :raises ScheduleError: see :func:`resolve_slot`; a room of another event; a
        negative capacity.
    """
    if data.capacity is not None and data.capacity < 0:
        raise ScheduleError(_l("Capacity cannot be negative."), "capacity")
    starts_at, ends_at = resolve_slot(event, data.slot)
    room = _room_of_event(event, data.slot.room_id)
    before = None
    if session is None:
        session = Session(event_id=event.id, created_at=now, sequence=0)
        db.session.add(session)
    elif session.event_id != event.id:
        raise ScheduleError(_l("This session belongs to another event."))
    else:
        before = SessionState.of(session)
    session.kind = data.kind
    session.title = data.title.strip()
    session.description = data.description.strip()
    session.content_note = data.content_note.strip()
    session.language = data.language
    session.capacity = data.capacity
    session.updated_at = now
    session.starts_at, session.ends_at = starts_at, ends_at
    session.room = room
    session.status = data.status
    _flush(_l("The session could not be saved. Check the times and try again."))
    record(event, [SessionChange(session, before, SessionState.of(session))], actor=actor, now=now)
    return session


def move_session(
    event: Event, session: Session, slot: SlotData, *, actor: Organizer | None, now: datetime
) -> Session:
    """Give a session another time and/or room (the agenda builder's quick form)."""
    starts_at, ends_at = resolve_slot(event, slot)
    room = _room_of_event(event, slot.room_id)
    if session.event_id != event.id:
        raise ScheduleError(_l("This session belongs to another event."))
    before = SessionState.of(session)
    session.starts_at, session.ends_at = starts_at, ends_at
    session.room = room
    session.updated_at = now
    _flush(_l("The session could not be moved."))
    record(event, [SessionChange(session, before, SessionState.of(session))], actor=actor, now=now)
    return session


def delete_session(
    event: Event, session: Session, *, actor: Organizer | None, now: datetime
) -> None:
    """Delete a session; on a published event its speakers and attendees are told."""
    if session.event_id != event.id:
        raise ScheduleError(_l("This session belongs to another event."))
    # Recorded first: the delete takes the roles and the attendees' choices with it.
    record(event, [SessionChange(session, SessionState.of(session), None)], actor=actor, now=now)
    db.session.delete(session)
    db.session.flush()


def add_role(
    event: Event,
    session: Session,
    speaker_id: int,
    role: SpeakerRole,
    position: int | None = None,
    *,
    actor: Organizer | None,
    now: datetime,
) -> SessionRole:
    """Give a speaker a part in a session.

    :raises ScheduleError: the speaker belongs to another event or already has a role.
    """
    speaker = db.session.get(Speaker, speaker_id)
    if speaker is None or speaker.event_id != event.id or session.event_id != event.id:
        raise ScheduleError(_l("Choose one of this event's speakers."), "speaker_id")
    if any(r.speaker_id == speaker.id for r in session.roles):
        raise ScheduleError(
            _l("%(name)s already has a role in this session.", name=speaker.display_name),
            "speaker_id",
        )
    before = SessionState.of(session)
    if position is None:
        position = max((r.position for r in session.roles), default=-1) + 1
    link = SessionRole(speaker=speaker, role=role, position=position)
    session.roles.append(link)
    _flush(_l("This speaker already has a role in this session."), "speaker_id")
    session.updated_at = now
    record(event, [SessionChange(session, before, SessionState.of(session))], actor=actor, now=now)
    return link


def remove_role(
    event: Event, session: Session, role_id: int, *, actor: Organizer | None, now: datetime
) -> None:
    """:raises ScheduleError: no such role on this session."""
    link = next((r for r in session.roles if r.id == role_id), None)
    if link is None or session.event_id != event.id:
        raise ScheduleError(_l("This role is not part of the session."))
    before = SessionState.of(session)
    session.roles.remove(link)
    session.updated_at = now
    db.session.flush()
    record(event, [SessionChange(session, before, SessionState.of(session))], actor=actor, now=now)
