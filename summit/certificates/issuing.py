"""Issuing, verifying, revoking and keeping certificates.

A certificate states what was true when it was issued. When more attendance counts later
(issuing per day, or an organizer's correction), the next download supersedes it with a
new code; the old code's page says it was replaced, so no stale paper stays "valid".
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete
from sqlalchemy import select

from summit.certificates import rules
from summit.certificates.models import Certificate
from summit.certificates.models import CertificateSettings
from summit.certificates.models import IssueMode
from summit.certificates.services import CertificateError
from summit.certificates.services import attended_sessions
from summit.certificates.services import get_certificate_settings
from summit.exports.caching import forget_files
from summit.extensions import db
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.registration.privacy import registration_erased

SUPERSEDED = "superseded"
ERASED = "registration erased"


def new_code() -> str:
    """100 random bits in base32 (20 letters and digits), easy to read out or type."""
    return base64.b32encode(secrets.token_bytes(15)).decode().rstrip("=")[:20]


@dataclass
class Eligibility:
    """Whether ``registration`` may have a certificate now, and if not, why."""

    ok: bool
    reason: object = ""
    sessions: list[rules.AttendedSession] | None = None


def eligibility(registration: Registration, *, now: datetime, feedback_given: bool) -> Eligibility:
    event = registration.event
    settings = get_certificate_settings(event)
    if settings is None or not settings.enabled:
        return Eligibility(False, _l("This event does not issue certificates."))
    if registration.status is not RegistrationStatus.CONFIRMED or registration.is_erased:
        return Eligibility(False, _l("Certificates are for confirmed attendees."))
    attended = attended_sessions(registration)
    if not attended:
        return Eligibility(False, _l("No attendance has been recorded for you yet."))
    counted = rules.counted_sessions(
        attended,
        zone=event.timezone,
        per_day=settings.issue_mode is IssueMode.AFTER_EACH_DAY,
        event_end=event.end_date,
        now=now,
    )
    if not counted:
        return Eligibility(False, _l("Your certificate will be ready when the day is over."))
    if settings.requires_feedback and not feedback_given:
        return Eligibility(
            False, _l("Send your feedback on the event first; your certificate follows.")
        )
    return Eligibility(True, "", counted)


def sessions_text(sessions: list[rules.AttendedSession]) -> str:
    return "\n".join(
        f"{item.starts_at.isoformat()}|{item.title.replace('|', '/')}|{rules.credited_hours(item)}"
        for item in sessions
    )


def valid_certificate(registration: Registration) -> Certificate | None:
    return db.session.scalars(
        select(Certificate).where(
            Certificate.registration_id == registration.id, Certificate.revoked_at.is_(None)
        )
    ).first()


def issue_certificate(
    registration: Registration, *, now: datetime, feedback_given: bool
) -> Certificate:
    """The registration's valid certificate, issued now if it has none or if what it
    states has changed since.

    :raises CertificateError: not eligible (the message says why and what to do).
    """
    verdict = eligibility(registration, now=now, feedback_given=feedback_given)
    if not verdict.ok or verdict.sessions is None:
        raise CertificateError(verdict.reason)
    settings = get_certificate_settings(registration.event)
    assert settings is not None
    text = sessions_text(verdict.sessions)
    current = valid_certificate(registration)
    if (
        current is not None
        and current.sessions_text == text
        and current.holder_name == registration.name
        and current.accreditation_label == settings.accreditation_label
    ):
        return current
    if current is not None:
        _revoke(current, now=now, reason=SUPERSEDED)
    certificate = Certificate(
        event_id=registration.event_id,
        registration_id=registration.id,
        code=new_code(),
        holder_name=registration.name,
        total_hours=rules.total_hours(verdict.sessions),
        sessions_text=text,
        accreditation_label=settings.accreditation_label,
        language=registration.language,
        issued_at=now,
        retain_until=rules.retain_until(now.date(), settings.retention_years),
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate


def _revoke(certificate: Certificate, *, now: datetime, reason: str) -> None:
    certificate.revoked_at = now
    certificate.revoke_reason = reason[:300]
    # Its PDF is served no more (summit.certificates.stored), so it is not kept either.
    forget_files(certificate.event_id, f"certificate-{certificate.id}.")
    # Flushed at once: the partial unique index allows one valid certificate at a time.
    db.session.flush()


def revoke_certificate(certificate: Certificate, *, now: datetime, reason: str) -> None:
    """An organizer's revocation; the verification page shows it and the reason."""
    if certificate.is_revoked:
        raise CertificateError(_l("This certificate is already revoked."))
    reason = reason.strip()
    if not reason:
        raise CertificateError(_l("Say why the certificate is revoked."), "reason")
    _revoke(certificate, now=now, reason=reason)


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with ``code``, typed with or without its dashes and spaces."""
    code = "".join(code.split()).replace("-", "").upper()
    if not code.isalnum() or not 16 <= len(code) <= 32:
        return None
    return db.session.scalars(select(Certificate).where(Certificate.code == code)).first()


def statement_lines(certificate: Certificate) -> list[tuple[datetime, str, str]]:
    """(start, title, credited hours) per session, as the certificate states them."""
    lines = []
    for line in certificate.sessions_text.splitlines():
        start, title, hours = line.split("|", 2)
        lines.append((datetime.fromisoformat(start), title, hours))
    return lines


def on_registration_erased(registration: Registration, *, now: datetime) -> None:
    """Keep the minimal record where the event declared it; otherwise revoke and blank."""
    settings: CertificateSettings | None = get_certificate_settings(registration.event)
    keep = settings is not None and settings.keep_after_erasure
    for certificate in db.session.scalars(
        select(Certificate).where(Certificate.registration_id == registration.id)
    ):
        if not keep:
            if not certificate.is_revoked:
                _revoke(certificate, now=now, reason=ERASED)
            certificate.holder_name = ""
            certificate.sessions_text = ""
        certificate.registration_id = None
    db.session.flush()


@registration_erased.connect
def _follow_erasure(registration: Registration, *, now: datetime) -> None:
    on_registration_erased(registration, now=now)


def purge_expired_certificates(*, now: datetime) -> int:
    """Delete certificate records whose retention period is over.

    :returns: how many were deleted.
    """
    expired = Certificate.retain_until < now.date()
    for event_id, certificate_id in db.session.execute(
        select(Certificate.event_id, Certificate.id).where(expired)
    ):
        forget_files(event_id, f"certificate-{certificate_id}.")
    result = db.session.execute(delete(Certificate).where(expired))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
