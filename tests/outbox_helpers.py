"""Running the worker's delivery in the test's own thread, over the real SMTP sink."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from summit.db import utcnow
from summit.extensions import db
from summit.outbox.delivery import send_due
from summit.outbox.models import OutboxMessage
from summit.outbox.models import OutboxStatus


def send_queued(now: datetime | None = None) -> dict[OutboxStatus, int]:
    """Send what is due, as the background worker does right after a commit."""
    return send_due(now=now or utcnow())


def queued_rows() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
