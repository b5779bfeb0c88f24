"""Queueing e-mails in the outbox, inside the caller's transaction.

Services call :func:`queue_mails` next to the change that causes the messages; nothing is
sent until the transaction commits and the worker picks the rows up, so a rolled-back
change never e-mails anyone and an SMTP outage never loses a message.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy import update

from summit.extensions import db
from summit.mail import Mail
from summit.mail import build_message
from summit.mail import clean_address
from summit.outbox.bounces import clear_bounce
from summit.outbox.jobs import remember
from summit.outbox.models import OutboxMessage
from summit.outbox.models import OutboxStatus


def queue_mails(
    mails: Iterable[Mail],
    *,
    kind: str,
    event_id: int | None,
    now: datetime,
    not_before: datetime | None = None,
    coalesce_key: str | None = None,
) -> list[OutboxMessage]:
    """Add one outbox row per mail (mails without an address, as for erased
    registrations, are skipped) and flush; the caller commits.

    :param kind: what the message is (``"confirmed"``, ``"session_changed"``…), shown to
        organizers and used to tell transactional mail from announcements.
    :param not_before: hold the message until then (a burst of edits makes one notice).
    :param coalesce_key: with one mail, replace the still-queued message of that key
        instead of adding a second one.
    """
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    rows: list[OutboxMessage] = []
    for mail in mails:
        recipient = clean_address(mail.to)
        if not recipient:  # erased registrations have no address left
            continue
        body = bytes(build_message(mail, sender, now=now))
        row = None
        if coalesce_key is not None:
            row = db.session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.coalesce_key == coalesce_key,
                    OutboxMessage.recipient == recipient,
                    OutboxMessage.status == OutboxStatus.QUEUED,
                    OutboxMessage.attempts == 0,
                )
            ).first()
        if row is None:
            row = OutboxMessage(
                event_id=event_id,
                kind=kind,
                recipient=recipient,
                coalesce_key=coalesce_key,
                created_at=now,
            )
            db.session.add(row)
        row.subject = mail.subject[:500]
        row.body = body
        row.not_before = not_before or now
        rows.append(row)
    db.session.flush()
    remember(db.session(), [(row.id, row.not_before) for row in rows])
    return rows


class OutboxError(Exception):
    """A rule stops the action; ``message`` says what to do."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def resend_message(message: OutboxMessage, *, now: datetime) -> OutboxMessage:
    """Queue a failed message again for one more attempt now (an organizer fixed the
    address, or the mail server is back). Its attempts are kept: if this one fails too,
    it is failed again at once rather than starting the whole backoff over.

    :raises OutboxError: the message is not failed (it is still queued, or it left).
    """
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.status == OutboxStatus.FAILED)
        .values(status=OutboxStatus.QUEUED, not_before=now)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise OutboxError(_l("Only a failed message can be sent again."))
    db.session.refresh(message)
    clear_bounce(message.event_id, message.recipient)  # the organizer wants one more try
    remember(db.session(), [(message.id, now)])
    return message
