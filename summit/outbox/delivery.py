"""Sending queued outbox rows: claim, send, record; retries with backoff.

Delivery is at-least-once. Each message goes through three short steps, each its own
transaction: *claim* (a guarded ``UPDATE`` that counts the attempt and moves
``not_before`` one lease ahead, so no other worker takes it meanwhile), *send*, and
*record* (sent, or the error and the next try). A worker killed between the send and the
record leaves the row claimed; when the lease runs out the sweep sends it again, so such a
message may arrive twice, never zero times. In the normal case (nobody killed), each
message is sent exactly once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from datetime import timedelta

from flask import current_app
from sqlalchemy import Row
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from summit.extensions import db
from summit.outbox.bounces import bounce_of
from summit.outbox.bounces import mark_bounce
from summit.outbox.models import OutboxMessage
from summit.outbox.models import OutboxStatus
from summit.outbox.transport import PermanentError
from summit.outbox.transport import TransientError
from summit.outbox.transport import close_connection
from summit.outbox.transport import send_raw

log = logging.getLogger(__name__)

# Waits after the 1st, 2nd... failed attempt; after the last one the message is failed.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# How long a claimed message is left alone: longer than any SMTP exchange can take
# (MAIL_TIMEOUT per step), so only a dead worker's claim ever runs out.
DEFAULT_LEASE = timedelta(minutes=5)


def lease() -> timedelta:
    return timedelta(seconds=current_app.config.get("OUTBOX_LEASE_SECONDS", 300))


def _claim(message_id: int, now: datetime) -> Row[str, bytes, int, int | None] | None:
    """Take the message for one attempt if it is queued and due, in one statement that
    also reads what to send; None if someone else holds it, it left already, or it is not
    due. Committed at once: nothing is held open while SMTP talks."""
    row = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == OutboxStatus.QUEUED,
            OutboxMessage.not_before <= now,
        )
        .values(attempts=OutboxMessage.attempts + 1, not_before=now + lease())
        .returning(
            OutboxMessage.recipient,
            OutboxMessage.body,
            OutboxMessage.attempts,
            OutboxMessage.event_id,
        )
        .execution_options(synchronize_session=False)
    ).one_or_none()
    db.session.commit()
    return row


def _record(message_id: int, values: dict[str, object]) -> None:
    """Write the outcome. After a send this must not be lost, so a locked or restarting
    database is waited for (bounded); if it never comes back the lease runs out and the
    message is sent again: the at-least-once case."""
    delay = 0.1
    deadline = time.monotonic() + current_app.config.get("OUTBOX_RECORD_PATIENCE", 60)
    while True:
        try:
            db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            db.session.commit()
            return
        except OperationalError:
            db.session.rollback()
            if time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def _outcome(attempts: int, error: Exception, now: datetime) -> dict[str, object]:
    text = str(error)[:2000] or type(error).__name__
    if isinstance(error, PermanentError) or attempts >= MAX_ATTEMPTS:
        return {"status": OutboxStatus.FAILED, "last_error": text}
    return {"last_error": text, "not_before": now + BACKOFF[min(attempts, len(BACKOFF)) - 1]}


def _not_tried(bounce: tuple[datetime, str]) -> str:
    at, reason = bounce
    return (
        f"Not sent: the mail server refused this address for good on "
        f"{at:%Y-%m-%d %H:%M} UTC ({reason}). Send the message again to try once more."
    )[:2000]


def send_one(message_id: int, *, now: datetime) -> OutboxStatus | None:
    """One attempt at one message; None when it was not ours to send (not due, taken,
    already sent). Returns the status it is left in."""
    row = _claim(message_id, now)
    if row is None:
        return None
    bounce = bounce_of(row.event_id, row.recipient)
    if bounce is not None:
        # Sending again to a refused address only hurts the sender's reputation.
        _record(message_id, {"status": OutboxStatus.FAILED, "last_error": _not_tried(bounce)})
        return OutboxStatus.FAILED
    try:
        send_raw(row.recipient, bytes(row.body))
    except (TransientError, PermanentError) as error:
        values = _outcome(row.attempts, error, now)
        log.warning("outbox message %d, attempt %d: %s", message_id, row.attempts, error)
        _record(message_id, values)
        if isinstance(error, PermanentError) and error.address_refused:
            mark_bounce(row.event_id, row.recipient, str(values["last_error"]), now)
            db.session.commit()
        status = values.get("status", OutboxStatus.QUEUED)
        assert isinstance(status, OutboxStatus)
        return status
    sent = {
        "status": OutboxStatus.SENT,
        "sent_at": now,
        "last_error": "",
        "body": headers_of(row.body),
    }
    _record(message_id, sent)
    return OutboxStatus.SENT


def headers_of(message: bytes) -> bytes:
    """What is kept of a sent message: its header block (subject, recipient, date,
    Message-ID, language), not its text. The text of a confirmation holds the attendee's
    private link, and the database keeps only hashes of those: once the mail has left,
    nothing in it needs the text again (only a failed message is sent again)."""
    message = bytes(message)
    ends = [
        (at, at + len(blank))
        for blank in (b"\r\n\r\n", b"\n\n")
        if (at := message.find(blank)) >= 0
    ]
    return message[: min(ends)[1]] if ends else message  # up to the blank line, kept as is


def due_ids(
    now: datetime, *, limit: int | None = None, overdue: timedelta | None = None
) -> list[int]:
    """Queued messages due at ``now`` (or due since ``overdue`` already), oldest first."""
    cutoff = now - overdue if overdue else now
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.not_before <= cutoff)
        .order_by(OutboxMessage.not_before, OutboxMessage.id)
        .limit(limit)
    )
    ids = list(db.session.scalars(query))
    db.session.commit()
    return ids


def send_due(
    *, now: datetime, limit: int | None = None, clock: Callable[[], datetime] | None = None
) -> dict[OutboxStatus, int]:
    """Send every message due at ``now`` in this thread, one attempt each: what tests
    and ``flask worker --once`` call. ``clock`` gives each attempt its own time (the
    worker passes the real clock; tests keep ``now``).

    :returns: how many messages ended in each status.
    """
    counts = {status: 0 for status in OutboxStatus}
    try:
        for message_id in due_ids(now, limit=limit):
            try:
                status = send_one(message_id, now=clock() if clock else now)
            except OperationalError:  # database gone: the message stays for the next run
                db.session.rollback()
                log.exception("outbox message %d: database unavailable", message_id)
                continue
            if status is not None:
                counts[status] += 1
    finally:
        close_connection()
    return counts
