"""The e-mail that tells an attendee how their access request was answered."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from summit.mail import Mail
from summit.needs.labels import KIND_LABELS
from summit.needs.labels import STATUS_LABELS
from summit.needs.models import AccessRequest

SUBJECT = _l("Your access request: %(status)s — %(event)s")


def answer_mail(request: AccessRequest) -> Mail:
    registration = request.registration
    event = registration.event
    language = registration.language or event.main_language
    with force_locale(language):
        context = {
            "event": event,
            "registration": registration,
            "request": request,
            "kind": KIND_LABELS[request.kind],
            "status": STATUS_LABELS[request.status],
        }
        return Mail(
            to=registration.email,
            subject=str(SUBJECT) % {"status": context["status"], "event": event.title},
            text=render_template("needs/mail/answer.txt", **context),
            language=language,
            reply_to=event.contact_email or None,
            sender_name=event.title,
        )
