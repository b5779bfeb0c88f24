"""Personal agendas: confirmed attendees pick sessions; seats are counted like event seats.

A seat moves only together with a row that really changed: a pick inserts its choice
first (the unique constraint turns a double click into an error that rolls the seat back),
and a drop frees a seat only when its ``DELETE`` removed a row. Ten parallel "remove"
clicks therefore free one seat, not ten.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError

from summit.events.models import Event
from summit.extensions import db
from summit.registration.errors import EventFull
from summit.registration.errors import RegistrationError
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.registration.models import SessionChoice
from summit.registration.models import SessionSeats
from summit.schedule.models import Session
from summit.schedule.models import SessionStatus


def choosable_sessions(event: Event) -> list[Session]:
    return list(
        db.session.execute(
            select(Session)
            .where(
                Session.event_id == event.id,
                Session.starts_at.is_not(None),
                Session.status == SessionStatus.SCHEDULED,
            )
            .order_by(Session.starts_at, Session.id)
        ).scalars()
    )


def _ensure_seat_row(session_id: int) -> None:
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(
        insert(SessionSeats).values(session_id=session_id, taken=0).on_conflict_do_nothing()
    )


def _take_session_seat(session: Session) -> bool:
    if session.capacity is None:
        return True
    _ensure_seat_row(session.id)
    result = db.session.execute(
        update(SessionSeats)
        .where(SessionSeats.session_id == session.id, SessionSeats.taken < session.capacity)
        .values(taken=SessionSeats.taken + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def release_session_seat(session: Session) -> None:
    if session.capacity is None:
        return
    db.session.execute(
        update(SessionSeats)
        .where(SessionSeats.session_id == session.id, SessionSeats.taken > 0)
        .values(taken=SessionSeats.taken - 1)
        .execution_options(synchronize_session=False)
    )


def seats_taken(session: Session) -> int:
    row = db.session.get(SessionSeats, session.id)
    if row is not None:
        db.session.refresh(row)
    return row.taken if row else 0


def choose_session(registration: Registration, session: Session, *, now: datetime) -> SessionChoice:
    """Add a session to the attendee's agenda, taking a seat when it has a capacity.

    :raises RegistrationError: not confirmed, another event's session, cancelled,
        already chosen, or full.
    """
    if registration.status is not RegistrationStatus.CONFIRMED:
        raise RegistrationError(_l("Only confirmed attendees can choose sessions."))
    if session.event_id != registration.event_id or session.starts_at is None:
        raise RegistrationError(_l("This session is not part of the event's agenda."))
    if session.status is SessionStatus.CANCELLED:
        raise RegistrationError(_l("This session was cancelled."))
    if any(c.session_id == session.id for c in registration.choices):
        raise RegistrationError(_l("This session is already in your agenda."))
    choice = SessionChoice(session=session, created_at=now)
    registration.choices.append(choice)
    try:
        # The choice row first: a parallel pick of the same session fails here (or waits
        # for the other transaction on PostgreSQL) before it can take a second seat.
        db.session.flush()
    except IntegrityError as error:
        raise RegistrationError(_l("This session is already in your agenda.")) from error
    if not _take_session_seat(session):
        raise EventFull(_l("This session is full."))  # the caller rolls the choice back
    return choice


def drop_session(registration: Registration, session_id: int) -> None:
    """:raises RegistrationError: the session is not in the agenda (any more)."""
    choice = next((c for c in registration.choices if c.session_id == session_id), None)
    if choice is None:
        raise RegistrationError(_l("This session is not in your agenda."))
    removed = db.session.execute(
        delete(SessionChoice)
        .where(SessionChoice.id == choice.id)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    db.session.expire(registration, ["choices"])
    if not removed:  # a parallel request dropped it first and freed the seat
        raise RegistrationError(_l("This session is not in your agenda."))
    release_session_seat(choice.session)
    db.session.flush()


def chosen_sessions(registration: Registration) -> list[Session]:
    sessions = [c.session for c in registration.choices]
    return sorted(sessions, key=lambda s: (s.starts_at is None, s.starts_at, s.id))
