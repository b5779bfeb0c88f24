"""E-mailing certificates: issued in bulk, each mail carrying its public download link."""

from __future__ import annotations

from datetime import datetime

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from summit.certificates.issuing import eligibility
from summit.certificates.issuing import issue_certificate
from summit.events.models import Event
from summit.extensions import db
from summit.feedback.services import has_answered
from summit.localized.reading import tr
from summit.mail import Mail
from summit.outbox.services import queue_mails
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.urls import absolute_url


def queue_certificate_mails(event: Event, *, now: datetime, key: str) -> int:
    """Issue the certificate of every eligible attendee and queue one e-mail each.

    :returns: how many e-mails were queued.
    """
    registrations = db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.erased_at.is_(None),
        )
    )
    queued = 0
    for registration in registrations:
        given = has_answered(registration, None, key=key)
        if not eligibility(registration, now=now, feedback_given=given).ok:
            continue
        certificate = issue_certificate(registration, now=now, feedback_given=given)
        with force_locale(registration.language or event.main_language):
            context = {
                "event": event,
                "registration": registration,
                "certificate": certificate,
                "pdf_url": absolute_url("certificates.pdf", code=certificate.code),
                "verify_url": absolute_url("certificates.verify", code=certificate.code),
            }
            mail = Mail(
                to=registration.email,
                subject=_("Your certificate of attendance: %(event)s", event=tr(event, "title")),
                text=render_template("certificates/mail.txt", **context),
                html=render_template("certificates/mail.html", **context),
                language=registration.language,
                reply_to=event.contact_email or None,
                sender_name=tr(event, "title"),
            )
        queue_mails(
            [mail],
            kind="certificate",
            event_id=event.id,
            now=now,
            coalesce_key=f"certificate:{certificate.code}",
        )
        queued += 1
    return queued
