"""Changes to an event that move its sessions: deleting a room, changing the dates or the
time zone. Both go through the session pipeline (change log, SEQUENCE, notices, one
revision) so a published agenda, its feeds and the people in it stay in agreement.

Each has a pure impact function that says what the change would do without doing it
(confirmation pages show it before the organizer saves).

- Deleting a room moves its sessions to "no room" (they keep their times); it is never
  refused.
- New dates move the scheduled sessions with them by default: same local wall-clock
  time, same offset in days from the first day. Keeping them at their moments instead is
  a choice. Either way a change that would leave a session outside the event's days, or
  at a wall-clock time the zone skips or shows twice on its new day, is refused naming
  the sessions: a session is never orphaned.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from summit.auth.models import Organizer
from summit.events.models import Event
from summit.events.models import Room
from summit.events.revision import bump_revision
from summit.events.services import EventData
from summit.events.services import EventError
from summit.events.services import check_event_data
from summit.events.services import update_event
from summit.extensions import db
from summit.schedule.localtime import LocalTimeError
from summit.schedule.localtime import local_to_utc
from summit.schedule.models import Session
from summit.schedule.notices import notice_counts
from summit.schedule.pipeline import SessionChange
from summit.schedule.pipeline import SessionState
from summit.schedule.pipeline import record

MAX_NAMED = 5  # sessions named in a refusal; the rest are counted


@dataclass(frozen=True)
class PlannedMove:
    session: Session
    starts_at: datetime
    ends_at: datetime


@dataclass
class ChangeImpact:
    """What a room deletion or a date change would do.

    :ivar sessions: titles of the sessions that would change.
    :ivar outside: titles of the sessions that would fall outside the event's days.
    :ivar off_clock: titles of the sessions whose wall-clock time the zone skips or
        repeats on their new day.
    :ivar attendees: how many attendees would be e-mailed.
    :ivar speakers: how many speakers would be e-mailed.
    """

    sessions: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    off_clock: list[str] = field(default_factory=list)
    attendees: int = 0
    speakers: int = 0
    moves: list[PlannedMove] = field(default_factory=list)

    @property
    def blocked(self) -> list[str]:
        """Every session that stops the change."""
        return self.outside + self.off_clock


def _scheduled_sessions(event: Event) -> list[Session]:
    return list(
        db.session.scalars(
            select(Session)
            .where(Session.event_id == event.id, Session.starts_at.is_not(None))
            .order_by(Session.starts_at, Session.id)
        )
    )


def _room_sessions(room: Room) -> list[Session]:
    return list(
        db.session.scalars(
            select(Session)
            .where(Session.room_id == room.id)
            .order_by(Session.starts_at, Session.id)
        )
    )


def _preview(event: Event, sessions: list[Session], changed: list[SessionChange]) -> ChangeImpact:
    attendees, speakers = notice_counts(event, changed)
    return ChangeImpact(
        sessions=[s.title for s in sessions], attendees=attendees, speakers=speakers
    )


def room_deletion_impact(event: Event, room: Room) -> ChangeImpact:
    """What deleting ``room`` would do: its sessions lose their room; who is e-mailed."""
    sessions = _room_sessions(room)
    changed = []
    for session in sessions:
        before = SessionState.of(session)
        after = SessionState(
            before.title, before.starts_at, before.ends_at, None, "", before.status, before.speakers
        )
        changed.append(SessionChange(session, before, after))
    return _preview(event, sessions, changed)


def delete_room(
    event: Event, room: Room, *, actor: Organizer | None, now: datetime
) -> ChangeImpact:
    """Delete ``room``; its sessions move to "no room" through the pipeline.

    :raises EventError: the room belongs to another event.
    """
    if room.event_id != event.id:
        raise EventError(_l("This room belongs to another event."))
    impact = room_deletion_impact(event, room)
    changes = []
    for session in _room_sessions(room):
        before = SessionState.of(session)
        session.room = None
        session.updated_at = now
        changes.append(SessionChange(session, before, SessionState.of(session)))
    db.session.flush()
    record(event, changes, actor=actor, now=now)
    event.rooms.remove(room)
    db.session.delete(room)
    db.session.flush()
    bump_revision(event, now=now)
    return impact


def _named(titles: list[str]) -> str:
    shown = ", ".join(f"“{t}”" for t in titles[:MAX_NAMED])
    if len(titles) > MAX_NAMED:
        shown += f" (+{len(titles) - MAX_NAMED})"
    return shown


def _local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def _shifted(moment: datetime, old_zone: ZoneInfo, days: int, new_zone: str) -> datetime:
    """The same wall-clock time ``days`` later, in ``new_zone``.

    :raises LocalTimeError: that wall-clock time is skipped or repeated on the new day.
    """
    local = moment.astimezone(old_zone)
    return local_to_utc(local.date() + timedelta(days=days), local.time(), new_zone)


def _plan_dates(event: Event, data: EventData, move_sessions: bool) -> ChangeImpact:
    old_zone, new_zone = ZoneInfo(event.timezone), ZoneInfo(data.timezone)
    days = (data.start_date - event.start_date).days
    impact = ChangeImpact()
    for session in _scheduled_sessions(event):
        assert session.starts_at is not None and session.ends_at is not None
        if move_sessions:
            try:
                starts_at = _shifted(session.starts_at, old_zone, days, data.timezone)
                ends_at = _shifted(session.ends_at, old_zone, days, data.timezone)
            except LocalTimeError:
                impact.off_clock.append(session.title)
                continue
        else:
            starts_at, ends_at = session.starts_at, session.ends_at
        last_moment = ends_at - timedelta(microseconds=1)
        inside = (
            data.start_date <= _local_day(starts_at, new_zone) <= data.end_date
            and data.start_date <= _local_day(last_moment, new_zone) <= data.end_date
            and ends_at > starts_at
        )
        if not inside:
            impact.outside.append(session.title)
            continue
        if (starts_at, ends_at) != (session.starts_at, session.ends_at):
            impact.moves.append(
                PlannedMove(session, starts_at.astimezone(UTC), ends_at.astimezone(UTC))
            )
    impact.sessions = [move.session.title for move in impact.moves]
    return impact


def _dates_change(event: Event, data: EventData) -> bool:
    return (data.start_date, data.end_date, data.timezone) != (
        event.start_date,
        event.end_date,
        event.timezone,
    )


def date_change_impact(
    event: Event, data: EventData, *, move_sessions: bool = True
) -> ChangeImpact:
    """What saving ``data`` would do to the sessions: which move, which stop the change,
    who is e-mailed. Writes nothing.

    :raises EventError: ``data`` itself is invalid (see ``check_event_data``).
    """
    check_event_data(data)
    if not _dates_change(event, data):
        return ChangeImpact()
    impact = _plan_dates(event, data, move_sessions)
    changed = []
    for move in impact.moves:
        before = SessionState.of(move.session)
        after = SessionState(
            before.title,
            move.starts_at,
            move.ends_at,
            before.room_id,
            before.room_name,
            before.status,
            before.speakers,
        )
        changed.append(SessionChange(move.session, before, after))
    impact.attendees, impact.speakers = notice_counts(event, changed)
    return impact


def change_event(
    event: Event,
    data: EventData,
    *,
    move_sessions: bool = True,
    actor: Organizer | None,
    now: datetime,
) -> ChangeImpact:
    """Save the event's details; when the dates or the time zone change, move the
    sessions with them (``move_sessions``) or keep their moments, through the pipeline.

    :raises EventError: invalid data, or sessions that would fall outside the new dates
        (named in the message, on the ``start_date`` field).
    """
    impact = date_change_impact(event, data, move_sessions=move_sessions)
    if impact.off_clock:
        raise EventError(
            _l(
                "On their new day the clocks skip or repeat the time of these sessions: "
                "%(sessions)s. Change their times first, or choose other dates.",
                sessions=_named(impact.off_clock),
            ),
            "start_date",
        )
    if impact.outside:
        raise EventError(
            _l(
                "These sessions would fall outside the event: %(sessions)s. Move or unschedule "
                "them first, or choose other dates.",
                sessions=_named(impact.outside),
            ),
            "start_date",
        )
    update_event(event, data, now=now)
    changes = []
    for move in impact.moves:
        session = move.session
        before = SessionState.of(session)
        session.starts_at, session.ends_at = move.starts_at, move.ends_at
        session.updated_at = now
        changes.append(SessionChange(session, before, SessionState.of(session)))
    db.session.flush()
    if changes:
        record(event, changes, actor=actor, now=now)
    return impact
