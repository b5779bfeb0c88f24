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

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from summit.auth.models import Organizer
from summit.events.models import Event
from summit.events.models import Room
from summit.extensions import db
from summit.schedule.cache import touch_schedule
from summit.schedule.localtime import LocalTimeError
from summit.schedule.localtime import local_to_utc
from summit.schedule.models import ScheduleChange
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionRole
from summit.schedule.models import SessionStatus
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerRole


class ScheduleError(Exception):
    """A schedule rule was broken. ``field`` names the form field at fault, if any."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


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
    if slot.end <= slot.start:
        raise ScheduleError(_l("The end time must be after the start time."), "end")
    starts_at = _local_moment(event, slot.day, slot.start, "start")
    ends_at = _local_moment(event, slot.day, slot.end, "end")
    if ends_at <= starts_at:
        raise ScheduleError(_l("The end time must be after the start time."), "end")
    return starts_at, ends_at


def _room_of_event(event: Event, room_id: int | None) -> Room | None:
    if room_id is None:
        return None
    room = db.session.get(Room, room_id)
    if room is None or room.event_id != event.id:
        raise ScheduleError(_l("Choose one of this event's rooms."), "room_id")
    return room


def _time_text(starts_at: datetime | None, ends_at: datetime | None) -> str:
    if starts_at is None or ends_at is None:
        return ""
    return f"{starts_at.isoformat()}/{ends_at.isoformat()}"


def log_change(
    session: Session,
    field_name: str,
    before: str,
    after: str,
    *,
    actor: Organizer | None,
    now: datetime,
) -> None:
    db.session.add(
        ScheduleChange(
            event_id=session.event_id,
            session_id=session.id,
            field=field_name,
            before=before,
            after=after,
            session_title=session.title,
            changed_at=now,
            changed_by_id=actor.id if actor is not None else None,
        )
    )


def _apply_slot_and_status(
    event: Event,
    session: Session,
    starts_at: datetime | None,
    ends_at: datetime | None,
    room: Room | None,
    status: SessionStatus,
    *,
    actor: Organizer | None,
    now: datetime,
) -> None:
    """Set time, room and status; on a published event record what changed and raise
    the calendar SEQUENCE once per save that touched any of them."""
    changes: list[tuple[str, str, str]] = []
    if session.id is None:  # a new session: nothing to compare with
        session.starts_at, session.ends_at = starts_at, ends_at
        session.room, session.status = room, status
        return
    old_time = _time_text(session.starts_at, session.ends_at)
    new_time = _time_text(starts_at, ends_at)
    if old_time != new_time:
        changes.append(("time", old_time, new_time))
    if session.room_id != (room.id if room else None):
        old_room = session.room.name if session.room is not None else ""
        changes.append(("room", old_room, room.name if room else ""))
    if session.status is not status:
        changes.append(("status", session.status.value, status.value))
    session.starts_at, session.ends_at = starts_at, ends_at
    session.room = room
    session.status = status
    if changes and event.is_published:
        for name, before, after in changes:
            log_change(session, name, before, after, actor=actor, now=now)
        session.sequence += 1


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
    if session is None:
        session = Session(event_id=event.id, created_at=now, sequence=0)
        db.session.add(session)
    elif session.event_id != event.id:
        raise ScheduleError(_l("This session belongs to another event."))
    session.kind = data.kind
    session.title = data.title.strip()
    session.description = data.description.strip()
    session.content_note = data.content_note.strip()
    session.language = data.language
    session.capacity = data.capacity
    session.updated_at = now
    _apply_slot_and_status(
        event, session, starts_at, ends_at, room, data.status, actor=actor, now=now
    )
    if session.id is None:
        _flush(_l("The session could not be saved. Check the times and try again."))
        if event.is_published:
            log_change(session, "created", "", _time_text(starts_at, ends_at), actor=actor, now=now)
    _flush(_l("The session could not be saved. Check the times and try again."))
    touch_schedule(event.id)
    return session


def move_session(
    event: Event, session: Session, slot: SlotData, *, actor: Organizer | None, now: datetime
) -> Session:
    """Give a session another time and/or room (the agenda builder's quick form)."""
    starts_at, ends_at = resolve_slot(event, slot)
    room = _room_of_event(event, slot.room_id)
    _apply_slot_and_status(
        event, session, starts_at, ends_at, room, session.status, actor=actor, now=now
    )
    session.updated_at = now
    _flush(_l("The session could not be moved."))
    touch_schedule(event.id)
    return session


def delete_session(
    event: Event, session: Session, *, actor: Organizer | None, now: datetime
) -> None:
    if event.is_published:
        log_change(
            session,
            "deleted",
            _time_text(session.starts_at, session.ends_at),
            "",
            actor=actor,
            now=now,
        )
    db.session.delete(session)
    db.session.flush()
    touch_schedule(event.id)


def speaker_line(session: Session) -> str:
    return ", ".join(f"{r.speaker.display_name} ({r.role.value})" for r in session.roles)


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
    before = speaker_line(session)
    if position is None:
        position = max((r.position for r in session.roles), default=-1) + 1
    link = SessionRole(speaker=speaker, role=role, position=position)
    session.roles.append(link)
    _flush(_l("This speaker already has a role in this session."), "speaker_id")
    if event.is_published:
        log_change(session, "speakers", before, speaker_line(session), actor=actor, now=now)
    session.updated_at = now
    touch_schedule(event.id)
    return link


def remove_role(
    event: Event, session: Session, role_id: int, *, actor: Organizer | None, now: datetime
) -> None:
    """:raises ScheduleError: no such role on this session."""
    link = next((r for r in session.roles if r.id == role_id), None)
    if link is None:
        raise ScheduleError(_l("This role is not part of the session."))
    before = speaker_line(session)
    session.roles.remove(link)
    db.session.flush()
    if event.is_published:
        log_change(session, "speakers", before, speaker_line(session), actor=actor, now=now)
    session.updated_at = now
    touch_schedule(event.id)
