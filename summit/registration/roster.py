"""The organizer's list: search and counts."""

from __future__ import annotations

from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select

from summit.events.models import Event
from summit.extensions import db
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus


def search_registrations(event: Event, query: str = "", status: str = "") -> list[Registration]:
    statement = select(Registration).where(Registration.event_id == event.id)
    query = query.strip()
    if query:
        pattern = f"%{query.casefold()}%"
        statement = statement.where(
            or_(
                func.lower(Registration.name).like(pattern),
                Registration.email_normalized.like(pattern),
                func.lower(Registration.organization).like(pattern),
            )
        )
    if status in {s.value for s in RegistrationStatus}:
        statement = statement.where(Registration.status == RegistrationStatus(status))
    statement = statement.order_by(
        Registration.status, Registration.waitlist_number, Registration.id
    )
    return list(db.session.execute(statement).scalars())


def counts(event: Event) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Registrations per status, and per category then status (erased rows included)."""
    rows = db.session.execute(
        select(Registration.category, Registration.status, func.count())
        .where(Registration.event_id == event.id)
        .group_by(Registration.category, Registration.status)
    ).all()
    by_status = {s.value: 0 for s in RegistrationStatus}
    by_category: dict[str, dict[str, int]] = {}
    for category, status, n in rows:
        by_status[status.value] += n
        by_category.setdefault(category, {s.value: 0 for s in RegistrationStatus})[status.value] = n
    return by_status, by_category


def waitlist_positions(event: Event) -> dict[int, int]:
    """Registration id → place in line (1 for the next seat), the number attendees see."""
    ids = db.session.scalars(
        select(Registration.id)
        .where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.WAITLISTED,
        )
        .order_by(Registration.waitlist_number)
    )
    return {registration_id: place for place, registration_id in enumerate(ids, start=1)}
