"""The outbox's jobs: one attempt at one message, and the sweep that re-finds messages
whose job was lost (the queue only carries ids; the outbox rows are the truth)."""

from __future__ import annotations

import logging
from datetime import datetime
from datetime import timedelta

from huey import crontab
from sqlalchemy.orm import Session

from summit.db import utcnow
from summit.extensions import db
from summit.tasks import after_commit
from summit.tasks import app_context
from summit.tasks import huey

log = logging.getLogger(__name__)

# A row due for longer than this without being claimed has lost its job.
SWEEP_GRACE = timedelta(minutes=1)
_PENDING = "summit_outbox_pending"


def remember(session: Session, ids_and_times: list[tuple[int, datetime]]) -> None:
    """Note rows queued in this transaction; their jobs are enqueued after the commit."""
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []
        after_commit(session, lambda: _enqueue(session.info.pop(_PENDING, [])))
    pending.extend(ids_and_times)


def _enqueue(pending: list[tuple[int, datetime]]) -> None:
    now = utcnow()
    for message_id, not_before in pending:
        if not_before > now:
            deliver.schedule(args=(message_id,), eta=not_before)
        else:
            deliver(message_id)


@huey.task()
def deliver(message_id: int) -> None:
    """One attempt at one message; a failure schedules the next one itself."""
    from summit.outbox.delivery import send_one
    from summit.outbox.models import OutboxMessage
    from summit.outbox.models import OutboxStatus

    with app_context():
        status = send_one(message_id, now=utcnow())
        if status is OutboxStatus.QUEUED:
            retry_at = db.session.get(OutboxMessage, message_id)
            if retry_at is not None:
                deliver.schedule(args=(message_id,), eta=retry_at.not_before)


def sweep(now: datetime, *, overdue: timedelta = SWEEP_GRACE) -> int:
    """Enqueue the messages overdue without a job (lost queue, worker killed mid-send,
    database down when the job ran). A duplicate job is harmless: the claim lets only one
    through."""
    from summit.outbox.delivery import due_ids

    ids = due_ids(now, overdue=overdue)
    for message_id in ids:
        deliver(message_id)
    return len(ids)


@huey.periodic_task(crontab(minute="*"))
def sweep_outbox() -> None:
    with app_context():
        found = sweep(utcnow())
        if found:
            log.info("outbox sweep: %d message(s) without a job", found)
