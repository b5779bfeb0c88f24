"""E-mails to attendees, written in their language, queued in the outbox with the change."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from summit.db import utcnow
from summit.events.models import Event
from summit.exports.settings import uid_domain
from summit.localized.reading import tr
from summit.mail import Attachment
from summit.mail import Mail
from summit.outbox.services import queue_mails
from summit.registration.calendar import event_calendar
from summit.registration.models import Registration
from summit.registration.waitlist import waitlist_position
from summit.urls import absolute_url

log = logging.getLogger(__name__)

# Subjects per kind, translated when a mail is built (in the attendee's language).
SUBJECTS = {
    "confirmed": _l("Your seat is confirmed: %(event)s"),
    "waitlisted": _l("You are on the waiting list: %(event)s"),
    "pending": _l("We received your registration: %(event)s"),
    "promoted": _l("A seat is free for you: %(event)s"),
    "approved": _l("Your registration is approved: %(event)s"),
    "rejected": _l("Your registration was not accepted: %(event)s"),
    "cancelled": _l("Your registration is cancelled: %(event)s"),
    "link": _l("Your private link: %(event)s"),
    "resent": _l("Your new private link: %(event)s"),
}
KINDS = tuple(SUBJECTS)


def _subject(kind: str, event: Event) -> str:
    return str(SUBJECTS[kind]) % {"event": tr(event, "title")}


def attendee_mail(registration: Registration, kind: str, token: str | None = None) -> Mail:
    """The e-mail of ``kind`` for one registration; ``token`` (known only at sign-up or
    rotation) puts the private link in it. Confirmed seats get the event's calendar file."""
    if kind not in KINDS:
        raise ValueError(kind)
    event = registration.event
    with force_locale(registration.language or event.main_language):
        link = (
            absolute_url("registration.attendee", slug=event.slug, token=token) if token else None
        )
        context = {
            "kind": kind,
            "event": event,
            "registration": registration,
            "link": link,
            "position": waitlist_position(registration),
            "status": registration.status.value,
        }
        mail = Mail(
            to=registration.email,
            subject=_subject(kind, event),
            text=render_template("registration/mail/message.txt", **context),
            html=render_template("registration/mail/message.html", **context),
            language=registration.language,
            reply_to=event.contact_email or None,
            sender_name=tr(event, "title"),
        )
    if registration.status.value == "confirmed" and kind != "cancelled":
        mail.attachments.append(
            Attachment(
                f"{event.slug}.ics",
                event_calendar(event, stamp=utcnow(), uid_domain=uid_domain()),
                "text/calendar; method=PUBLISH; charset=utf-8",
            )
        )
    return mail


def queue_attendee_mail(
    registration: Registration, kind: str, *, now: datetime, token: str | None = None
) -> None:
    """Queue the e-mail of ``kind`` in the outbox, in the caller's transaction: it leaves
    with the worker after the commit, or never if the change is rolled back."""
    queue_mails(
        [attendee_mail(registration, kind, token=token)],
        kind=kind,
        event_id=registration.event_id,
        now=now,
    )
