"""E-mails to attendees whose chosen session moved, changed room or was cancelled.

Built before the commit (from the session's new state), sent after it by the caller.
Only confirmed registrations are told: a waitlisted person has no seat to lose yet.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from summit.events.models import Event
from summit.extensions import db
from summit.mail import Mail
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.registration.models import SessionChoice
from summit.schedule.models import Session
from summit.schedule.viewmodels import clock_label
from summit.schedule.viewmodels import day_label
from summit.urls import absolute_url


def attendees_of(session: Session) -> list[Registration]:
    """Confirmed, not erased registrations that chose ``session``."""
    return list(
        db.session.scalars(
            select(Registration)
            .join(SessionChoice, SessionChoice.registration_id == Registration.id)
            .where(
                SessionChoice.session_id == session.id,
                Registration.status == RegistrationStatus.CONFIRMED,
                Registration.erased_at.is_(None),
            )
            .order_by(Registration.id)
        )
    )


def _when(event: Event, session: Session, locale: str) -> str:
    if session.starts_at is None or session.ends_at is None:
        return _("Time to be announced")
    zone = ZoneInfo(event.timezone)
    start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
    return (
        f"{day_label(start.date(), locale)}, {clock_label(start.hour, start.minute, locale)}"
        f"–{clock_label(end.hour, end.minute, locale)} ({event.timezone.replace('_', ' ')})"
    )


def session_change_mails(event: Event, session: Session, *, sequence_before: int) -> list[Mail]:
    """One e-mail per attendee of ``session``, in their language, with its new state,
    when the change was one attendees must hear of: the schedule services raise the
    calendar SEQUENCE for exactly those (time, room, status, on a published event)."""
    if session.sequence == sequence_before:
        return []
    mails = []
    for registration in attendees_of(session):
        with force_locale(registration.language):
            context = {
                "event": event,
                "session": session,
                "registration": registration,
                "when": _when(event, session, registration.language),
                "session_url": absolute_url(
                    "schedule.session", slug=event.slug, public_id=session.public_id
                ),
            }
            mails.append(
                Mail(
                    to=registration.email,
                    subject=_("A session in your agenda changed: %(title)s", title=session.title),
                    text=render_template("registration/mail/session_changed.txt", **context),
                    html=render_template("registration/mail/session_changed.html", **context),
                    language=registration.language,
                    reply_to=event.contact_email or None,
                )
            )
    return mails
