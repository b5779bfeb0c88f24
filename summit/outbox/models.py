"""Outbox rows: one per outgoing e-mail, kept after sending (its headers only) so
organizers see what left."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from summit.events.models import enum_column
from summit.extensions import db


class OutboxStatus(enum.StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"  # retries exhausted or a permanent refusal; an organizer may resend


class OutboxMessage(db.Model):  # type: ignore[name-defined]
    """One e-mail. ``body`` is the complete RFC 5322 message as built when it was queued,
    so what is sent is exactly what the change described, whenever the worker gets to it.
    Once sent, only its header block is kept (:func:`summit.outbox.delivery.headers_of`):
    the text of an attendee's mail holds their private link."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        CheckConstraint("recipient <> ''", name="recipient_not_empty"),
        # The worker's query: what is due now.
        Index("ix_outbox_messages_due", "status", "not_before"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column(OutboxStatus, "outbox_status"), default=OutboxStatus.QUEUED
    )
    # Several changes in a burst make one notice: a queued row with the same key is
    # replaced rather than joined by a second one (see services.queue_mails).
    coalesce_key: Mapped[str | None] = mapped_column(String(200), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    not_before: Mapped[datetime]
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
