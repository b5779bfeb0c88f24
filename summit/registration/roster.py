"""The organizer's list: search, counts, places in line, and its CSV export."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select

from summit.audit.services import csv_cell
from summit.events.models import Event
from summit.extensions import db
from summit.registration.models import Registration
from summit.registration.models import RegistrationSettings
from summit.registration.models import RegistrationStatus
from summit.registration.sensitive import ordinary_fields


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


# Never the sensitive answers: those have their own export, with a reason, logged
# (``manage_sensitive``).
CSV_FIELDS = ["id", "name", "email", "category", "organization", "status", "waitlist_number"]


def registrations_csv(event: Event) -> str:
    """The organizer's export: one row per registration, times in the event's zone, and
    the ordinary questions the event asks."""
    settings = db.session.get(RegistrationSettings, event.id)
    ordinary = [f.attribute for f in ordinary_fields(settings)]
    fields = CSV_FIELDS + ["registered_at", "checked_in_at", *ordinary]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(fields)
    zone = ZoneInfo(event.timezone)
    positions = waitlist_positions(event)  # the place in line, as attendees see it

    def local(moment: datetime | None) -> str:
        # Event time with its offset, to the second: what a spreadsheet user expects.
        return moment.astimezone(zone).replace(microsecond=0).isoformat() if moment else ""

    for r in search_registrations(event):
        values = {
            "id": r.id,
            "name": r.name,
            "email": r.email,
            "category": r.category,
            "organization": r.organization,
            "status": r.status.value,
            "waitlist_number": positions.get(r.id, ""),
            "registered_at": local(r.created_at),
            "checked_in_at": local(r.checked_in_at),
            **{name: getattr(r, name) for name in ordinary},
        }
        writer.writerow([csv_cell(values[f]) for f in fields])
    return buffer.getvalue()
