"""Erasure of attendees' personal data, on request and after the retention date."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import timedelta

from blinker import Namespace
from sqlalchemy import and_
from sqlalchemy import select

from summit.events.models import Event
from summit.extensions import db
from summit.needs.models import forget_access_requests
from summit.registration.agenda import release_session_seat
from summit.registration.models import Registration
from summit.registration.models import RegistrationSettings
from summit.registration.models import RegistrationStatus
from summit.registration.ticket import forget_tickets

DEFAULT_RETENTION_DAYS = 365

# Sent inside the erasure's transaction, so features that keep records about a person
# (certificates) follow the erasure without registration importing them.
registration_erased = Namespace().signal("registration-erased")


def erase_registration(registration: Registration, *, now: datetime) -> None:
    """Remove the person's data; status, category and dates stay so counts stay true.
    The private link and the ticket stop working."""
    if registration.is_erased:
        return
    # First: the DELETE flushes, and must not flush a half-blanked row.
    forget_access_requests(registration.id)
    for choice in list(registration.choices):
        if registration.status is RegistrationStatus.CONFIRMED:
            release_session_seat(choice.session)
        registration.choices.remove(choice)
    registration.links.clear()  # the private links and the ticket stop working
    forget_tickets(registration)
    registration.name = ""
    registration.email = ""
    registration.email_normalized = None
    registration.organization = ""
    registration.accessibility_needs = ""
    registration.dietary_needs = ""
    registration.health_notes = ""
    registration.sensitive_consent = ""
    registration.bounce_reason = ""  # a server's answer often repeats the address
    registration.erased_at = now
    registration.updated_at = now
    db.session.flush()
    registration_erased.send(registration, now=now)


def retention_date(event: Event, settings: RegistrationSettings | None) -> date:
    if settings is not None and settings.retention_until is not None:
        return settings.retention_until
    return event.end_date + timedelta(days=DEFAULT_RETENTION_DAYS)


def erase_expired(*, now: datetime) -> int:
    """Erase personal data of past events whose retention date has passed.

    :returns: how many registrations were erased.
    """
    today = now.date()
    rows = db.session.execute(
        select(Event, RegistrationSettings)
        .outerjoin(RegistrationSettings, RegistrationSettings.event_id == Event.id)
        .where(Event.end_date < today)
    ).all()
    erased = 0
    for event, settings in rows:
        if retention_date(event, settings) >= today:
            continue
        for registration in db.session.execute(
            select(Registration).where(
                and_(Registration.event_id == event.id, Registration.erased_at.is_(None))
            )
        ).scalars():
            erase_registration(registration, now=now)
            erased += 1
    return erased
