"""Attendance and certificate settings for tests, through the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from summit.certificates.models import AttendanceMethod
from summit.certificates.services import CertificateSettingsData
from summit.certificates.services import record_attendance
from summit.certificates.services import save_certificate_settings
from summit.certificates.services import set_session_credit
from summit.events.models import Event
from summit.extensions import db
from summit.registration.models import Registration
from tests.factories import NOW


def enable_certificates(event: Event, **overrides: Any) -> None:
    values: dict[str, Any] = {
        "enabled": True,
        "accreditation_label": "CME category 1",
        "signer_name": "Pr Nadia Kadiri",
    }
    values.update(overrides)
    save_certificate_settings(event, CertificateSettingsData(**values), now=NOW)
    db.session.commit()


def credit(session: Any, hours: str) -> None:
    set_session_credit(session, Decimal(hours))
    db.session.commit()


def attend(registration: Registration, session: Any, **minutes: int) -> None:
    record_attendance(
        registration, session, now=NOW, actor=None, method=AttendanceMethod.MANUAL, **minutes
    )
    db.session.commit()
