"""Sensitive answers (accessibility, health, diet): who may read them, and the log of
every look. Pages and exports without the permission never receive these fields."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_
from sqlalchemy import select

from summit.audit.models import AccessAction
from summit.audit.services import Actor
from summit.audit.services import csv_cell
from summit.audit.services import record
from summit.events.models import Event
from summit.extensions import db
from summit.registration.errors import RegistrationError
from summit.registration.models import Registration

MIN_REASON_LENGTH = 10


@dataclass(frozen=True)
class SensitiveField:
    attribute: str  # the column on Registration
    label: object


SENSITIVE_FIELDS = (
    SensitiveField("accessibility_needs", _l("Accessibility needs")),
    SensitiveField("dietary_needs", _l("Dietary needs")),
)


def with_answers(event: Event) -> list[Registration]:
    """Registrations of ``event`` that gave at least one sensitive answer."""
    columns = [getattr(Registration, f.attribute) for f in SENSITIVE_FIELDS]
    return list(
        db.session.execute(
            select(Registration)
            .where(Registration.event_id == event.id, or_(*(c != "" for c in columns)))
            .order_by(Registration.name, Registration.id)
        ).scalars()
    )


def record_view(event: Event, shown: list[Registration], *, actor: Actor, now: datetime) -> None:
    record(
        event.id,
        AccessAction.VIEWED_SENSITIVE,
        actor=actor,
        now=now,
        subject="registrations/answers",
        registration_ids=[r.id for r in shown],
    )


def sensitive_export(event: Event, reason: str, *, actor: Actor, now: datetime) -> str:
    """The CSV of sensitive answers, logged with the reason given.

    :raises RegistrationError: the reason is missing or too short to mean anything.
    """
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise RegistrationError(
            _l("Say why you need the export (at least %(n)d characters).", n=MIN_REASON_LENGTH),
            "reason",
        )
    rows = with_answers(event)
    record(
        event.id,
        AccessAction.EXPORTED_SENSITIVE,
        actor=actor,
        now=now,
        subject=f"registrations-{event.slug}-sensitive.csv",
        reason=reason,
        registration_ids=[r.id for r in rows],
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    fields = [f.attribute for f in SENSITIVE_FIELDS]
    writer.writerow(["id", "name", "email", *fields])
    for r in rows:
        values = [r.id, r.name, r.email, *(getattr(r, f) for f in fields)]
        writer.writerow([csv_cell(v) for v in values])
    return buffer.getvalue()
