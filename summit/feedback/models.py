"""Feedback answers and the markers that stop a second answer, kept apart for good.

An answer carries no registration, no timestamp and a random key, so nothing in it can
be joined back to a person. A marker records only that "someone" answered: it is a keyed
hash of (registration, target) with no time and no surrogate id, so neither its value nor
its insertion order ties it to an answer.
"""

from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from summit.extensions import db


def random_key() -> str:
    return uuid.uuid4().hex


class FeedbackAnswer(db.Model):  # type: ignore[name-defined]
    """One anonymous answer; ``session_id`` is empty for feedback on the whole event."""

    __tablename__ = "feedback_answers"
    __table_args__ = (
        CheckConstraint("rating >= 1 AND rating <= 5", name="rating_1_to_5"),
        # SQLite's hidden rowid would number answers in insertion order.
        {"sqlite_with_rowid": False},
    )

    # Random, not a sequence: ids in insertion order would line up with the markers.
    key: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_key)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[int]
    worked: Mapped[str] = mapped_column(Text, default="")
    improve: Mapped[str] = mapped_column(Text, default="")
    # "adequate", "should_have_warned" or "" (not answered), plus the attendee's words.
    content_note_verdict: Mapped[str] = mapped_column(String(24), default="")
    content_note_comment: Mapped[str] = mapped_column(Text, default="")


class FeedbackMarker(db.Model):  # type: ignore[name-defined]
    """That one registration has answered for one target; its only column is a keyed
    hash, so it says nothing to anyone without the server's secret."""

    __tablename__ = "feedback_markers"
    __table_args__ = {"sqlite_with_rowid": False}

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
