"""Certificates for the demo summit (called by the demo seed).

The articles name no accreditation: the label and the signer say they are a
demonstration, and the credit hours follow the round tables' placeholder times.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from summit.certificates.rules import CREDIT_STEP
from summit.certificates.services import CertificateSettingsData
from summit.certificates.services import get_certificate_settings
from summit.certificates.services import save_certificate_settings
from summit.certificates.services import set_session_credit
from summit.events.models import Event
from summit.extensions import db
from summit.schedule.models import Session
from summit.schedule.models import SessionKind


def seed_certificates(event: Event, *, now: datetime) -> None:
    """Switch certificates on once; later runs keep what the organizer changed."""
    if get_certificate_settings(event) is not None:
        return
    save_certificate_settings(
        event,
        CertificateSettingsData(
            enabled=True,
            accreditation_label="Formation continue — démonstration",
            signer_name="Comité d’organisation (démonstration)",
            retention_years=6,
        ),
        now=now,
    )
    round_tables = db.session.scalars(
        select(Session).where(Session.event_id == event.id, Session.kind == SessionKind.ROUND_TABLE)
    )
    for session in round_tables:
        if session.starts_at is None or session.ends_at is None:
            continue
        minutes = (session.ends_at - session.starts_at).total_seconds() / 60
        # One credit hour per hour of session, in quarter hours.
        hours = (Decimal(minutes) / 60 / CREDIT_STEP).to_integral_value() * CREDIT_STEP
        if hours > 0:
            set_session_credit(session, hours)
