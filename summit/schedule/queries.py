"""ORM reads for organizer pages, in a fixed number of queries whatever the agenda's size.

Sessions are read as named rows by :mod:`summit.schedule.rows`; exports load their ORM
objects with :mod:`summit.exports.loading`.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from summit.events.models import Event
from summit.extensions import db
from summit.schedule.models import ScheduleChange
from summit.schedule.models import Session
from summit.schedule.models import SessionRole
from summit.schedule.models import Speaker


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
