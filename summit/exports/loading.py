"""The queries that load what the exports need, eagerly, in a fixed number of statements."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.base import ExecutableOption

from summit.events.models import Event
from summit.events.models import Partner
from summit.extensions import db
from summit.schedule.models import Session
from summit.schedule.models import SessionRole
from summit.schedule.models import Speaker


def _session_options() -> list[ExecutableOption]:
    return [
        selectinload(Session.room),
        selectinload(Session.roles).selectinload(SessionRole.speaker),
    ]


def agenda_sessions(event: Event) -> list[Session]:
    """The event's scheduled sessions (cancelled ones included), in time order."""
    return list(
        db.session.execute(
            select(Session)
            .where(Session.event_id == event.id, Session.starts_at.is_not(None))
            .options(*_session_options())
            .order_by(Session.starts_at, Session.room_id, Session.id)
        ).scalars()
    )


def public_session(event: Event, public_id: str) -> Session | None:
    """One scheduled session of ``event`` by its public id, or None."""
    return db.session.execute(
        select(Session)
        .where(
            Session.event_id == event.id,
            Session.public_id == public_id,
            Session.starts_at.is_not(None),
        )
        .options(*_session_options())
    ).scalar_one_or_none()


def speaker_sessions(speaker: Speaker) -> list[Session]:
    """The scheduled sessions in which ``speaker`` has a role, in time order."""
    return list(
        db.session.execute(
            select(Session)
            .join(SessionRole, SessionRole.session_id == Session.id)
            .where(SessionRole.speaker_id == speaker.id, Session.starts_at.is_not(None))
            .options(*_session_options())
            .order_by(Session.starts_at, Session.id)
        ).scalars()
    )


def event_speakers(event: Event) -> list[Speaker]:
    """Speakers of ``event`` with at least one role, by name."""
    return list(
        db.session.execute(
            select(Speaker)
            .where(Speaker.event_id == event.id, Speaker.roles.any())
            .order_by(Speaker.name, Speaker.id)
        ).scalars()
    )


def partners_with_logos(event: Event) -> list[Partner]:
    """Partners with their logo bytes loaded in the same statement."""
    from sqlalchemy.orm import undefer

    return list(
        db.session.execute(
            select(Partner)
            .where(Partner.event_id == event.id)
            .options(undefer(Partner.logo))
            .order_by(Partner.position, Partner.id)
        ).scalars()
    )
