"""Read functions with a fixed number of SQL queries whatever the agenda's size.

Exports and other features reuse these: every session comes with its room and its roles
(ordered) with each role's speaker already loaded.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from summit.events.models import Event
from summit.extensions import db
from summit.schedule.models import ScheduleChange
from summit.schedule.models import Session
from summit.schedule.models import SessionRole
from summit.schedule.models import Speaker


def _session_options() -> tuple[_AbstractLoad, ...]:
    return (
        joinedload(Session.room),
        selectinload(Session.roles).joinedload(SessionRole.speaker),
    )


def event_sessions(event: Event) -> list[Session]:
    """All sessions of ``event`` (scheduled ones by start, then unscheduled by title),
    with room and roles + speakers loaded."""
    rows = db.session.execute(
        select(Session)
        .where(Session.event_id == event.id)
        .options(*_session_options())
        .order_by(Session.starts_at.is_(None), Session.starts_at, Session.ends_at, Session.id)
    ).scalars()
    return list(rows)


def public_agenda(event: Event) -> list[Session]:
    """Scheduled sessions (cancelled ones included, they are shown as cancelled) ordered
    by start, with room and roles + speakers loaded."""
    rows = db.session.execute(
        select(Session)
        .where(Session.event_id == event.id, Session.starts_at.is_not(None))
        .options(*_session_options())
        .order_by(Session.starts_at, Session.ends_at, Session.id)
    ).scalars()
    return list(rows)


def session_by_public_id(event: Event, public_id: str) -> Session | None:
    return db.session.execute(
        select(Session)
        .where(Session.event_id == event.id, Session.public_id == public_id)
        .options(*_session_options())
    ).scalar_one_or_none()


def event_speakers(event: Event, *, with_availability: bool = False) -> list[Speaker]:
    """Speakers of ``event`` by name, each with roles → sessions (and rooms) loaded."""
    options: list[_AbstractLoad] = [
        selectinload(Speaker.roles).joinedload(SessionRole.session).joinedload(Session.room)
    ]
    if with_availability:
        options.append(selectinload(Speaker.availability))
    return list(
        db.session.execute(
            select(Speaker)
            .where(Speaker.event_id == event.id)
            .options(*options)
            .order_by(Speaker.name, Speaker.id)
        ).scalars()
    )


def schedule_changes(event: Event) -> list[ScheduleChange]:
    return list(
        db.session.execute(
            select(ScheduleChange)
            .where(ScheduleChange.event_id == event.id)
            .order_by(ScheduleChange.changed_at.desc(), ScheduleChange.id.desc())
        ).scalars()
    )
