"""Check-in at the door: once per confirmed ticket, with a reason when refused."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from summit.events.models import Event
from summit.extensions import db
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus


class Outcome(enum.StrEnum):
    """What the door desk shows in big letters after a scan, a search or a QR link."""

    CHECKED_IN = "checked_in"
    ALREADY = "already"
    READY = "ready"  # a QR link opened: confirmed, not in yet, nothing changed
    UNDONE = "undone"
    CANCELLED = "cancelled"
    WAITLISTED = "waitlisted"
    PENDING = "pending"
    OTHER_EVENT = "other_event"
    UNKNOWN = "unknown"
    NOT_A_TICKET = "not_a_ticket"


REFUSALS = {
    RegistrationStatus.CANCELLED: (
        Outcome.CANCELLED,
        _l("Refused: this registration was cancelled."),
    ),
    RegistrationStatus.WAITLISTED: (
        Outcome.WAITLISTED,
        _l("Refused: this person is on the waiting list."),
    ),
    RegistrationStatus.PENDING: (
        Outcome.PENDING,
        _l("Refused: this registration awaits approval."),
    ),
}


@dataclass
class CheckIn:
    registration: Registration | None
    ok: bool
    message: object  # a lazy string, translated when shown
    first_time: datetime | None = None
    outcome: Outcome = Outcome.UNKNOWN


def _refused(registration: Registration) -> CheckIn | None:
    if registration.status in REFUSALS:
        outcome, message = REFUSALS[registration.status]
        return CheckIn(registration, False, message, outcome=outcome)
    return None


def _already(registration: Registration) -> CheckIn:
    return CheckIn(
        registration,
        False,
        _l("Already checked in."),
        first_time=registration.checked_in_at,
        outcome=Outcome.ALREADY,
    )


def other_event() -> CheckIn:
    return CheckIn(
        None, False, _l("This ticket is for another event."), outcome=Outcome.OTHER_EVENT
    )


def ticket_status(event: Event, registration: Registration) -> CheckIn:
    """What a scan would do, without doing it: the QR link shows this before any button."""
    if registration.event_id != event.id:
        return other_event()
    refused = _refused(registration)
    if refused is not None:
        return refused
    if registration.checked_in_at is not None:
        return _already(registration)
    return CheckIn(registration, True, _l("Confirmed, not checked in yet."), outcome=Outcome.READY)


def check_in(event: Event, registration: Registration, *, now: datetime) -> CheckIn:
    """Check a confirmed attendee in once; a second scan changes nothing and says when."""
    status = ticket_status(event, registration)
    if status.outcome is not Outcome.READY:
        return status
    # Guarded, so two scanners at two doors cannot both check the same ticket in.
    claimed = db.session.execute(
        update(Registration)
        .where(
            Registration.id == registration.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.checked_in_at.is_(None),
        )
        .values(checked_in_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    db.session.refresh(registration)
    if not claimed:
        return _refused(registration) or _already(registration)
    return CheckIn(registration, True, _l("Checked in."), outcome=Outcome.CHECKED_IN)


def undo_check_in(event: Event, registration: Registration, *, now: datetime) -> CheckIn:
    """Take back a check-in made by mistake (wrong person picked in a search)."""
    if registration.event_id != event.id:
        return other_event()
    if registration.checked_in_at is None:
        return ticket_status(event, registration)
    registration.checked_in_at = None
    registration.updated_at = now
    db.session.flush()
    return CheckIn(registration, True, _l("Check-in undone."), outcome=Outcome.UNDONE)


def door_counts(event: Event) -> tuple[int, int]:
    """(checked in, confirmed) for the event: the door desk's running count."""
    checked_in, confirmed = db.session.execute(
        select(
            func.count(Registration.checked_in_at),
            func.count(Registration.id),
        ).where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    ).one()
    return int(checked_in), int(confirmed)
