"""A sample certificate for the organizer's preview: never issued, never valid.

Its PDF is rendered by the worker under ``certificate_sample.<lang>.pdf``, which only the
organizers' preview route serves. Its version covers what it shows: the event (its
revision), the settings as last saved, the sessions it states and the day it is dated.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from sqlalchemy import select

from summit.certificates import rules
from summit.certificates.issuing import sessions_text
from summit.certificates.models import Certificate
from summit.certificates.models import CertificateSettings
from summit.certificates.models import SessionCredit
from summit.certificates.pdf import certificate_html
from summit.certificates.services import get_certificate_settings
from summit.certificates.stored import signature_digest
from summit.certificates.stored import verify_url
from summit.db import utcnow
from summit.events.models import Event
from summit.exports.caching import export_version
from summit.exports.documents import Document
from summit.exports.documents import register_document
from summit.extensions import db
from summit.i18n import available_languages
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


SAMPLE = "certificate_sample"


def sample_kind(language: str) -> str:
    """One sample per interface language: the organizer sees it in theirs, as an
    attendee who registered in it would (event content falls back to the main language)."""
    return f"{SAMPLE}.{language}.pdf"


def _language(kind: str) -> str:
    return kind.split(".")[1]


def _sample(event: Event, settings: CertificateSettings, kind: str) -> Certificate:
    sample = sample_certificate(event, settings, now=utcnow())
    sample.language = _language(kind)
    return sample


def sample_version(event_id: int, kind: str) -> str | None:
    """None while the event has no certificate settings (nothing to preview), or for a
    language the interface does not offer."""
    event = db.session.get(Event, event_id)
    settings = get_certificate_settings(event) if event is not None else None
    if event is None or settings is None or _language(kind) not in available_languages():
        return None
    sample = _sample(event, settings, kind)
    return export_version(event_id).for_kind(
        kind,
        settings.updated_at.isoformat(),
        signature_digest(settings),
        sample.sessions_text,
        str(sample.total_hours),
        sample.issued_at.astimezone(ZoneInfo(event.timezone)).date().isoformat(),
        verify_url(sample.code),
    )


def _html(event: Event, kind: str, _secret: str | None = None) -> str:
    settings = get_certificate_settings(event)
    assert settings is not None  # its version said so
    certificate = _sample(event, settings, kind)
    with force_locale(certificate.language):
        return certificate_html(
            certificate, event, settings, verify_url=verify_url(certificate.code), preview=True
        )


register_document(SAMPLE, Document(version=sample_version, html=_html, fetcher="data"))
