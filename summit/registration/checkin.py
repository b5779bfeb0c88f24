"""Check-in at the door: once per confirmed ticket, with a reason when refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from summit.events.models import Event
from summit.extensions import db
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus


@dataclass
class CheckIn:
    registration: Registration | None
    ok: bool
    message: object  # a lazy string, translated when shown
    first_time: datetime | None = None


def check_in(event: Event, registration: Registration, *, now: datetime) -> CheckIn:
    """Check a confirmed attendee in once; a second scan changes nothing and says when."""
    if registration.event_id != event.id:
        return CheckIn(None, False, _l("This ticket is for another event."))
    refusals = {
        RegistrationStatus.CANCELLED: _l("Refused: this registration was cancelled."),
        RegistrationStatus.WAITLISTED: _l("Refused: this person is on the waiting list."),
        RegistrationStatus.PENDING: _l("Refused: this registration awaits approval."),
    }
    if registration.status in refusals:
        return CheckIn(registration, False, refusals[registration.status])
    if registration.checked_in_at is not None:
        return CheckIn(
            registration,
            False,
            _l("Already checked in."),
            first_time=registration.checked_in_at,
        )
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
        if registration.status in refusals:
            return CheckIn(registration, False, refusals[registration.status])
        return CheckIn(
            registration, False, _l("Already checked in."), first_time=registration.checked_in_at
        )
    return CheckIn(registration, True, _l("Checked in."))
