"""Writing to a segment of an event's attendees: who is in it, one recipient's preview,
sending through the outbox in the same transaction as the kept copy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy import select

from summit.auth.models import Organizer
from summit.events.models import Event
from summit.extensions import db
from summit.mail import Mail
from summit.mail import header_text
from summit.messages.models import AttendeeMessage
from summit.outbox.models import OutboxMessage
from summit.outbox.services import queue_mails
from summit.registration.announcements import unsubscribe_token
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.registration.notices import attendees_of
from summit.registration.services import get_settings
from summit.schedule.models import Session
from summit.urls import absolute_url

KIND = "announcement"
STATUS_SEGMENTS = {
    "confirmed": (RegistrationStatus.CONFIRMED, _l("Everyone confirmed")),
    "waitlisted": (RegistrationStatus.WAITLISTED, _l("The waiting list")),
    "pending": (RegistrationStatus.PENDING, _l("Registrations awaiting approval")),
}


class MessageError(Exception):
    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def segment_choices(event: Event) -> list[tuple[str, str]]:
    """Every segment the organizer may write to, as (key, label)."""
    choices = [(key, str(label)) for key, (_status, label) in STATUS_SEGMENTS.items()]
    settings = get_settings(event)
    for category in settings.category_list if settings else []:
        choices.append((f"category:{category}", _("Confirmed, category %(name)s", name=category)))
    sessions = db.session.scalars(
        select(Session).where(Session.event_id == event.id).order_by(Session.starts_at, Session.id)
    )
    for session in sessions:
        choices.append((f"session:{session.id}", _("Who chose “%(title)s”", title=session.title)))
    return choices


def recipients(event: Event, segment: str) -> list[Registration]:
    """The people of ``segment`` who receive the organizers' messages: never an erased
    registration nor anyone who unsubscribed from them for this event.

    :raises MessageError: an unknown segment (another event's session, say).
    """
    return [person for person in segment_people(event, segment) if person.unsubscribed_at is None]


def segment_people(event: Event, segment: str) -> list[Registration]:
    """Everyone in ``segment``, unsubscribed or not (erased registrations never).

    :raises MessageError: an unknown segment (another event's session, say).
    """
    statement = (
        select(Registration)
        .where(Registration.event_id == event.id, Registration.erased_at.is_(None))
        .order_by(Registration.id)  # in sign-up order: the preview shows the first
    )
    if segment in STATUS_SEGMENTS:
        status = STATUS_SEGMENTS[segment][0]
        return list(db.session.scalars(statement.where(Registration.status == status)))
    kind, _sep, value = segment.partition(":")
    if kind == "category" and value:
        return list(
            db.session.scalars(
                statement.where(
                    Registration.status == RegistrationStatus.CONFIRMED,
                    Registration.category == value,
                )
            )
        )
    if kind == "session" and value.isdigit():
        session = db.session.get(Session, int(value))
        if session is not None and session.event_id == event.id:
            return attendees_of(session)
    raise MessageError(_l("Choose who receives the message."), "segment")


def personal_text(body: str, person: Registration) -> str:
    """The body for one person: ``{name}`` becomes their name."""
    return body.replace("{name}", header_text(person.name))


def message_mail(event: Event, subject: str, body: str, person: Registration, *, key: str) -> Mail:
    """An announcement: it carries the person's one-click unsubscribe address."""
    unsubscribe_url = absolute_url(
        "registration.unsubscribe", slug=event.slug, token=unsubscribe_token(person, key)
    )
    with force_locale(event.main_language):
        footer = _(
            "You receive this message because you registered for %(event)s.", event=event.title
        )
        stop = _("To stop the organizers' messages (not your confirmations):")
    return Mail(
        to=person.email,
        subject=subject,
        text=f"{personal_text(body, person)}\n\n-- \n{footer}\n{stop}\n{unsubscribe_url}\n",
        reply_to=event.contact_email or None,
        sender_name=event.title,
        language=event.main_language,
        unsubscribe_url=unsubscribe_url,
    )


@dataclass
class Draft:
    segment: str
    segment_label: str
    subject: str
    body: str


def send_message(
    event: Event, draft: Draft, *, actor: Organizer | None, now: datetime, key: str
) -> AttendeeMessage:
    """Queue one e-mail per person of the segment and keep a copy on the event.

    :raises MessageError: unknown segment, or nobody in it.
    """
    people = recipients(event, draft.segment)
    if not people:
        raise MessageError(_l("Nobody is in this group yet: nothing was sent."), "segment")
    queue_mails(
        [message_mail(event, draft.subject, draft.body, person, key=key) for person in people],
        kind=KIND,
        event_id=event.id,
        now=now,
    )
    copy = AttendeeMessage(
        event_id=event.id,
        segment=draft.segment,
        segment_label=draft.segment_label[:300],
        subject=draft.subject,
        body=draft.body,
        recipients=len(people),
        sent_at=now,
        sent_by_id=actor.id if actor is not None else None,
    )
    db.session.add(copy)
    db.session.flush()
    return copy


def deliveries(message: AttendeeMessage) -> list[OutboxMessage]:
    """The outbox rows of ``message``: same event, kind and moment of queueing."""
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.event_id == message.event_id,
                OutboxMessage.kind == KIND,
                OutboxMessage.created_at == message.sent_at,
            )
            .order_by(OutboxMessage.id)
        )
    )


def delivery_counts(event: Event) -> dict[datetime, dict[str, int]]:
    """Per sending moment, how many of its e-mails are queued, sent or failed."""
    rows = db.session.execute(
        select(OutboxMessage.created_at, OutboxMessage.status, func.count())
        .where(OutboxMessage.event_id == event.id, OutboxMessage.kind == KIND)
        .group_by(OutboxMessage.created_at, OutboxMessage.status)
    ).all()
    counts: dict[datetime, dict[str, int]] = {}
    for moment, status, n in rows:
        counts.setdefault(moment, {"queued": 0, "sent": 0, "failed": 0})[status.value] = n
    return counts
