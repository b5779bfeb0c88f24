"""The copy of each message sent to attendees, kept on the event."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from summit.extensions import db


class AttendeeMessage(db.Model):  # type: ignore[name-defined]
    """What was sent, to whom (the segment as chosen and how many people) and when. The
    outbox rows of kind ``announcement`` queued at ``sent_at`` are its deliveries."""

    __tablename__ = "attendee_messages"
    __table_args__ = (CheckConstraint("recipients >= 0", name="recipients_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    segment: Mapped[str] = mapped_column(String(120))
    segment_label: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    recipients: Mapped[int]
    sent_at: Mapped[datetime]
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("organizers.id", ondelete="SET NULL"))
