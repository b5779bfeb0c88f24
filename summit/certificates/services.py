"""Attendance per session, credit hours and certificates.

Every function takes ``now`` (and the actor where one acts); none commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from decimal import InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete
from sqlalchemy import select

from summit.auth.models import Organizer
from summit.certificates import rules
from summit.certificates.models import AttendanceMethod
from summit.certificates.models import CertificateSettings
from summit.certificates.models import IssueMode
from summit.certificates.models import SessionAttendance
from summit.certificates.models import SessionCredit
from summit.domain import DomainError
from summit.events.models import Event
from summit.extensions import db
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.schedule.models import Session
from summit.uploads import StoredImage

MAX_CREDIT_HOURS = Decimal("24")


class CertificateError(DomainError):
    """A rule of attendance or certificates was broken."""


@dataclass
class CertificateSettingsData:
    enabled: bool
    issue_mode: IssueMode = IssueMode.AFTER_EVENT
    requires_feedback: bool = False
    accreditation_label: str = ""
    signer_name: str = ""
    signer_title: str = ""
    retention_years: int = 6
    keep_after_erasure: bool = True
    signature: StoredImage | None = None
    remove_signature: bool = False


# --- settings and credits ---------------------------------------------------------------


def get_certificate_settings(event: Event) -> CertificateSettings | None:
    return db.session.get(CertificateSettings, event.id)


def certificate_retention_years(event: Event) -> int | None:
    """How long certificate records are kept, for the registration form to say; None
    when the event issues no certificates."""
    settings = get_certificate_settings(event)
    return settings.retention_years if settings is not None and settings.enabled else None


def save_certificate_settings(
    event: Event, data: CertificateSettingsData, *, now: datetime
) -> CertificateSettings:
    if not 1 <= data.retention_years <= 30:
        raise CertificateError(
            _l("Keep certificate records between 1 and 30 years."), "retention_years"
        )
    if data.enabled and not data.signer_name:
        raise CertificateError(
            _l("Name the person who signs the certificates, or switch certificates off."),
            "signer_name",
        )
    settings = get_certificate_settings(event)
    if settings is None:
        settings = CertificateSettings(event_id=event.id)
        db.session.add(settings)
    settings.enabled = data.enabled
    settings.issue_mode = data.issue_mode
    settings.requires_feedback = data.requires_feedback
    settings.accreditation_label = data.accreditation_label
    settings.signer_name = data.signer_name
    settings.signer_title = data.signer_title
    settings.retention_years = data.retention_years
    settings.keep_after_erasure = data.keep_after_erasure
    if data.signature is not None:
        settings.signature = data.signature.data
        settings.signature_type = data.signature.content_type
    elif data.remove_signature:
        settings.signature = None
        settings.signature_type = None
    settings.updated_at = now
    db.session.flush()
    return settings


def parse_hours(text: str) -> Decimal | None:
    """Credit hours as typed ("1.5" or "1,5"); empty means none.

    :raises CertificateError: not a number of hours between 0.25 and 24.
    """
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        hours = Decimal(text)
    except InvalidOperation as error:
        raise CertificateError(
            _l("Write the credit hours as a number, e.g. 1.5."), "hours"
        ) from error
    if not hours.is_finite() or hours <= 0 or hours > MAX_CREDIT_HOURS:
        raise CertificateError(_l("Credit hours must be between 0.25 and 24."), "hours")
    if (hours / rules.CREDIT_STEP) % 1:
        raise CertificateError(_l("Credit hours go in quarter hours, e.g. 1.25 or 1.5."), "hours")
    return hours


def set_session_credit(session: Session, hours: Decimal | None) -> None:
    credit = db.session.get(SessionCredit, session.id)
    if hours is None:
        if credit is not None:
            db.session.delete(credit)
    elif credit is None:
        db.session.add(SessionCredit(session_id=session.id, hours=hours))
    else:
        credit.hours = hours
    db.session.flush()


def session_credits(event: Event) -> dict[int, Decimal]:
    rows = db.session.execute(
        select(SessionCredit.session_id, SessionCredit.hours)
        .join(Session, Session.id == SessionCredit.session_id)
        .where(Session.event_id == event.id)
    ).all()
    return {session_id: hours for session_id, hours in rows}


# --- attendance -------------------------------------------------------------------------


@dataclass
class AttendanceResult:
    attendance: SessionAttendance | None
    created: bool
    message: object


def _attendance_of(registration: Registration, session: Session) -> SessionAttendance | None:
    return db.session.scalars(
        select(SessionAttendance).where(
            SessionAttendance.registration_id == registration.id,
            SessionAttendance.session_id == session.id,
        )
    ).first()


def record_attendance(
    registration: Registration,
    session: Session,
    *,
    now: datetime,
    actor: Organizer | None,
    method: AttendanceMethod,
    minutes_late: int = 0,
    minutes_left_early: int = 0,
) -> AttendanceResult:
    """Mark ``registration`` present in ``session`` (for part of it when minutes are given).

    A scan of someone already marked changes nothing and says so; a manual mark updates
    the minutes.

    :raises CertificateError: another event, a ticket that is not confirmed, a session
        without a time or cancelled, or minutes that do not fit in the session.
    """
    if registration.event_id != session.event_id:
        raise CertificateError(_l("This ticket is for another event."))
    if registration.status is not RegistrationStatus.CONFIRMED or registration.is_erased:
        raise CertificateError(_l("Only confirmed attendees can be marked present."))
    if session.starts_at is None or session.ends_at is None or session.is_cancelled:
        raise CertificateError(_l("This session has no time or is cancelled."))
    length = int((session.ends_at - session.starts_at).total_seconds() // 60)
    if minutes_late < 0 or minutes_left_early < 0:
        raise CertificateError(_l("Minutes cannot be negative."), "minutes_late")
    if minutes_late + minutes_left_early >= length:
        raise CertificateError(
            _l(
                "Late and early minutes together must be less than the session's %(n)s minutes.",
                n=length,
            ),
            "minutes_late",
        )
    existing = _attendance_of(registration, session)
    if existing is not None and method is AttendanceMethod.SCAN:
        return AttendanceResult(existing, False, _l("Already marked present in this session."))
    if existing is None:
        existing = SessionAttendance(
            registration_id=registration.id, session_id=session.id, method=method
        )
        db.session.add(existing)
        created = True
    else:
        created = False
    existing.minutes_late = minutes_late
    existing.minutes_left_early = minutes_left_early
    existing.recorded_at = now
    existing.recorded_by_id = actor.id if actor is not None else None
    db.session.flush()
    return AttendanceResult(existing, created, _l("Marked present."))


def remove_attendance(registration: Registration, session: Session) -> bool:
    removed = db.session.execute(
        delete(SessionAttendance).where(
            SessionAttendance.registration_id == registration.id,
            SessionAttendance.session_id == session.id,
        )
    ).rowcount  # type: ignore[attr-defined]
    return bool(removed)


def attendance_of_session(session: Session) -> dict[int, SessionAttendance]:
    """Attendance rows of one session, by registration id."""
    rows = db.session.scalars(
        select(SessionAttendance).where(SessionAttendance.session_id == session.id)
    )
    return {row.registration_id: row for row in rows}


def attended_sessions(registration: Registration) -> list[rules.AttendedSession]:
    rows = db.session.execute(
        select(Session, SessionAttendance, SessionCredit.hours)
        .join(SessionAttendance, SessionAttendance.session_id == Session.id)
        .outerjoin(SessionCredit, SessionCredit.session_id == Session.id)
        .where(SessionAttendance.registration_id == registration.id)
        .order_by(Session.starts_at, Session.id)
    ).all()
    return [
        rules.AttendedSession(
            title=session.title,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            credit_hours=hours,
            minutes_late=attendance.minutes_late,
            minutes_left_early=attendance.minutes_left_early,
        )
        for session, attendance, hours in rows
        if session.starts_at is not None and session.ends_at is not None
    ]
