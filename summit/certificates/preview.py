"""A sample certificate for the organizer's preview: never stored, never valid."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from summit.certificates import rules
from summit.certificates.issuing import sessions_text
from summit.certificates.models import Certificate
from summit.certificates.models import CertificateSettings
from summit.certificates.models import SessionCredit
from summit.events.models import Event
from summit.extensions import db
from summit.schedule.models import Session
from summit.schedule.models import SessionStatus


def sample_certificate(
    event: Event, settings: CertificateSettings, *, now: datetime
) -> Certificate:
    """A transient certificate stating the event's first credited sessions (or any three)."""
    rows = db.session.execute(
        select(Session, SessionCredit.hours)
        .outerjoin(SessionCredit, SessionCredit.session_id == Session.id)
        .where(
            Session.event_id == event.id,
            Session.starts_at.is_not(None),
            Session.status == SessionStatus.SCHEDULED,
        )
        .order_by(SessionCredit.hours.is_(None), Session.starts_at)
        .limit(3)
    ).all()
    items = [
        rules.AttendedSession(s.title, s.starts_at, s.ends_at, hours)
        for s, hours in rows
        if s.starts_at is not None and s.ends_at is not None
    ]
    return Certificate(
        event_id=event.id,
        code="PREVIEW0PREVIEW0PREV",
        holder_name="Amina El Idrissi",
        total_hours=rules.total_hours(items) if items else Decimal("0"),
        sessions_text=sessions_text(items),
        accreditation_label=settings.accreditation_label,
        language=event.main_language,
        issued_at=now,
        retain_until=rules.retain_until(now.date(), settings.retention_years),
    )
