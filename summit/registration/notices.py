"""Who among the attendees hears of a change to a session they chose.

The schedule's change pipeline asks (:func:`summit.schedule.notices.subscribe_audience`,
wired in ``create_app``), so the schedule never imports registration. Only confirmed,
not erased registrations are told: a waitlisted person has no seat to lose yet.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from summit.extensions import db
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.registration.models import SessionChoice
from summit.schedule.models import Session
from summit.schedule.notices import Recipient


def attendees_by_session(session_ids: Collection[int]) -> dict[int, list[Recipient]]:
    """The confirmed attendees who chose each of ``session_ids``, in one query."""
    rows = db.session.execute(
        select(
            SessionChoice.session_id, Registration.email, Registration.name, Registration.language
        )
        .join(Registration, SessionChoice.registration_id == Registration.id)
        .where(
            SessionChoice.session_id.in_(list(session_ids)),
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.erased_at.is_(None),
        )
        .order_by(SessionChoice.session_id, Registration.id)
    )
    found: dict[int, list[Recipient]] = {}
    for session_id, email, name, language in rows:
        found.setdefault(session_id, []).append(Recipient(email, name, language or "en"))
    return found


def attendees_of(session: Session) -> list[Registration]:
    """Confirmed, not erased registrations that chose ``session`` (messages to a
    session's attendees, and the count a confirmation page announces)."""
    return list(
        db.session.scalars(
            select(Registration)
            .join(SessionChoice, SessionChoice.registration_id == Registration.id)
            .where(
                SessionChoice.session_id == session.id,
                Registration.status == RegistrationStatus.CONFIRMED,
                Registration.erased_at.is_(None),
            )
            .order_by(Registration.id)
        )
    )
