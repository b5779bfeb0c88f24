from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import deferred
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from summit.events.models import enum_column
from summit.extensions import db

if TYPE_CHECKING:
    from summit.events.models import Event
    from summit.events.models import Room


class SessionKind(enum.StrEnum):
    ROUND_TABLE = "round_table"
    KEYNOTE = "keynote"
    TALK = "talk"
    WORKSHOP = "workshop"
    BREAK = "break"
    WELLBEING_BREAK = "wellbeing_break"
    NETWORKING = "networking"


class SessionStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class SpeakerRole(enum.StrEnum):
    MODERATOR = "moderator"
    PANELIST = "panelist"
    SPEAKER = "speaker"
    KEYNOTE = "keynote"


def new_public_id() -> str:
    """Short, URL-safe and stable: a session's id in URLs, calendar UIDs and feeds."""
    return secrets.token_hex(6)


class Session(db.Model):  # type: ignore[name-defined]
    """An agenda item. Times are UTC; both are empty while the session is unscheduled."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint(
            "(starts_at IS NULL AND ends_at IS NULL)"
            " OR (starts_at IS NOT NULL AND ends_at IS NOT NULL AND ends_at > starts_at)",
            name="end_after_start",
        ),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=new_public_id)
    kind: Mapped[SessionKind] = mapped_column(enum_column(SessionKind, "session_kind"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    content_note: Mapped[str] = mapped_column(String(300), default="")
    language: Mapped[str] = mapped_column(String(8), default="")
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("rooms.id", ondelete="SET NULL"), index=True
    )
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    status: Mapped[SessionStatus] = mapped_column(
        enum_column(SessionStatus, "session_status"), default=SessionStatus.SCHEDULED
    )
    capacity: Mapped[int | None]
    # Rises when time, room or status change after publication (iCalendar SEQUENCE).
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    event: Mapped[Event] = relationship()
    room: Mapped[Room | None] = relationship()
    roles: Mapped[list[SessionRole]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="(SessionRole.position, SessionRole.id)",
    )

    @property
    def is_scheduled(self) -> bool:
        return self.starts_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.status is SessionStatus.CANCELLED


class Speaker(db.Model):  # type: ignore[name-defined]
    """A person speaking at one event."""

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    honorific: Mapped[str] = mapped_column(String(20), default="")
    name: Mapped[str] = mapped_column(String(160))
    position: Mapped[str] = mapped_column(String(200), default="")
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    # One link per line.
    links: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[str] = mapped_column(String(100), default="")
    photo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    photo_type: Mapped[str | None] = mapped_column(String(40))
    photo_digest: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    event: Mapped[Event] = relationship()
    roles: Mapped[list[SessionRole]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan"
    )
    availability: Mapped[list[SpeakerAvailability]] = relationship(
        back_populates="speaker",
        cascade="all, delete-orphan",
        order_by="SpeakerAvailability.starts_at",
    )

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}".strip()


class SessionRole(db.Model):  # type: ignore[name-defined]
    """A speaker's part in a session, with their order on the panel."""

    __tablename__ = "session_roles"
    __table_args__ = (
        UniqueConstraint("session_id", "speaker_id", name="uq_session_roles_session_speaker"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speakers.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[SpeakerRole] = mapped_column(enum_column(SpeakerRole, "speaker_role"))
    position: Mapped[int] = mapped_column(default=0)

    session: Mapped[Session] = relationship(back_populates="roles")
    speaker: Mapped[Speaker] = relationship(back_populates="roles")


class SpeakerAvailability(db.Model):  # type: ignore[name-defined]
    """A window when a speaker can be scheduled. No windows means always available."""

    __tablename__ = "speaker_availability"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="end_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speakers.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]

    speaker: Mapped[Speaker] = relationship(back_populates="availability")


class ScheduleChange(db.Model):  # type: ignore[name-defined]
    """What changed on a published session: feeds the public change log and SEQUENCE."""

    __tablename__ = "schedule_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    # e.g. "time", "room", "status", "speakers", "created", "deleted"
    field: Mapped[str] = mapped_column(String(40))
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    session_title: Mapped[str] = mapped_column(String(200), default="")
    changed_at: Mapped[datetime]
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizers.id", ondelete="SET NULL")
    )


class QueuedNoticeItem(db.Model):  # type: ignore[name-defined]
    """One session in a queued change notice, as the e-mail tells it.

    A further change within the notice's delay rewrites the e-mail with every session of
    the burst: the ones changed before (read from here, refreshed from the sessions that
    still exist) and the new ones. Deleted with the outbox row.
    """

    __tablename__ = "queued_notice_items"
    __table_args__ = (
        UniqueConstraint("outbox_id", "session_ref", name="uq_queued_notice_items_outbox_session"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="CASCADE"), index=True
    )
    # The session's id, kept after the session is deleted (hence no foreign key).
    session_ref: Mapped[int]
    public_id: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(200))
    headline: Mapped[str] = mapped_column(Text)
    gone: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
