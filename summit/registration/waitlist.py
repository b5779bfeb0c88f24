"""The event's seats and its waiting list: the seat counter moved only by guarded updates,
the order of the line, and the claim that keeps two requests from changing one
registration at once. The status changes in :mod:`summit.registration.services` use them.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from summit.events.models import Event
from summit.extensions import db
from summit.registration.errors import RegistrationError
from summit.registration.models import Registration
from summit.registration.models import RegistrationSettings
from summit.registration.models import RegistrationStatus


def take_seat(event_id: int) -> bool:
    """Take one seat if one is free; True when taken. Atomic under concurrency."""
    result = db.session.execute(
        update(RegistrationSettings)
        .where(
            RegistrationSettings.event_id == event_id,
            RegistrationSettings.confirmed_count < RegistrationSettings.capacity,
        )
        .values(confirmed_count=RegistrationSettings.confirmed_count + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def free_seat(event_id: int) -> None:
    db.session.execute(
        update(RegistrationSettings)
        .where(RegistrationSettings.event_id == event_id, RegistrationSettings.confirmed_count > 0)
        .values(confirmed_count=RegistrationSettings.confirmed_count - 1)
        .execution_options(synchronize_session=False)
    )


def next_waitlist_number(event_id: int) -> int:
    number = db.session.execute(
        update(RegistrationSettings)
        .where(RegistrationSettings.event_id == event_id)
        .values(waitlist_counter=RegistrationSettings.waitlist_counter + 1)
        .returning(RegistrationSettings.waitlist_counter)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return int(number)


def refresh_settings(event_id: int) -> None:
    settings = db.session.get(RegistrationSettings, event_id)
    if settings is not None:
        db.session.refresh(settings)


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line; None when not on the waiting list."""
    if registration.status is not RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.execute(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.event_id == registration.event_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.waitlist_number < registration.waitlist_number,
        )
    ).scalar_one()
    return int(ahead) + 1


def claim(registration: Registration, expected: RegistrationStatus) -> bool:
    """Lock the registration if it still has status ``expected``; False when another
    request (a double click, a second organizer) changed it first. On PostgreSQL the
    row lock makes the loser wait and then see the new status; SQLite serializes writers.
    """
    result = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.status == expected)
        .values(status=expected)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def refuse_erased(registration: Registration) -> None:
    """An erased registration keeps its place in the counts but can get no seat."""
    if registration.is_erased:
        raise RegistrationError(_l("This registration was erased: nobody can take its seat."))


def claim_or_fail(registration: Registration, expected: RegistrationStatus) -> None:
    if registration.status is not expected or not claim(registration, expected):
        db.session.refresh(registration)
        raise RegistrationError(
            _l("Someone changed this registration meanwhile. Reload and try again.")
        )


def promote_waitlisted(event: Event, *, now: datetime) -> list[Registration]:
    """Fill free seats from the waiting list, first in line first."""
    promoted: list[Registration] = []
    while True:
        first = db.session.execute(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.WAITLISTED,
                Registration.erased_at.is_(None),  # nobody left to give the seat to
            )
            .order_by(Registration.waitlist_number)
            .limit(1)
        ).scalar_one_or_none()
        if first is None:
            break
        if not claim(first, RegistrationStatus.WAITLISTED):
            db.session.expire(first)
            continue
        if not take_seat(event.id):
            break
        first.status = RegistrationStatus.CONFIRMED
        first.waitlist_number = None
        first.updated_at = now
        db.session.flush()
        promoted.append(first)
    refresh_settings(event.id)
    return promoted
