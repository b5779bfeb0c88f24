"""Registration: per-event settings with a seat counter, attendees and their session picks.

The seat counter (``RegistrationSettings.confirmed_count``) is the single place where
capacity is decided: it only moves through a guarded ``UPDATE`` and a CHECK keeps it at
or under ``capacity``, so the database refuses an oversold event even if code is wrong.
"""

from __future__ import annotations

import enum
from datetime import date
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from summit.events.models import enum_column
from summit.extensions import db

if TYPE_CHECKING:
    from summit.events.models import Event
    from summit.schedule.models import Session


class RegistrationStatus(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


class RegistrationSettings(db.Model):  # type: ignore[name-defined]
    """How an event takes registrations; one row per event, also the seat counter."""

    __tablename__ = "registration_settings"
    __table_args__ = (
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("confirmed_count >= 0", name="confirmed_not_negative"),
        CheckConstraint("confirmed_count <= capacity", name="confirmed_within_capacity"),
        CheckConstraint("waitlist_counter >= 0", name="waitlist_counter_not_negative"),
        CheckConstraint(
            "opens_at IS NULL OR closes_at IS NULL OR closes_at > opens_at",
            name="closes_after_opens",
        ),
    )

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    is_open: Mapped[bool] = mapped_column(default=False)
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    capacity: Mapped[int] = mapped_column(default=0)
    confirmed_count: Mapped[int] = mapped_column(default=0)
    # Hands out waiting-list numbers; only ever rises, so the order is the sign-up order.
    waitlist_counter: Mapped[int] = mapped_column(default=0)
    waitlist_enabled: Mapped[bool] = mapped_column(default=True)
    approval_required: Mapped[bool] = mapped_column(default=False)
    # One category per line, e.g. "Professional\nStudent".
    categories: Mapped[str] = mapped_column(Text, default="")
    ask_organization: Mapped[bool] = mapped_column(default=False)
    ask_accessibility: Mapped[bool] = mapped_column(default=False)
    ask_dietary: Mapped[bool] = mapped_column(default=False)
    ask_health: Mapped[bool] = mapped_column(default=False)
    # Whether accessibility and dietary answers are sensitive (seen only with the
    # permission, erased early). Health answers are always sensitive, so have no flag.
    accessibility_sensitive: Mapped[bool] = mapped_column(default=True)
    dietary_sensitive: Mapped[bool] = mapped_column(default=True)
    # Why each question is asked, shown to the attendee beside the field.
    accessibility_purpose: Mapped[str] = mapped_column(Text, default="")
    health_purpose: Mapped[str] = mapped_column(Text, default="")
    dietary_purpose: Mapped[str] = mapped_column(Text, default="")
    # One consent per line; each becomes a required checkbox.
    consent_texts: Mapped[str] = mapped_column(Text, default="")
    # After this day the personal data of the (past) event's registrations is erased.
    retention_until: Mapped[date | None]
    # After this day sensitive answers are erased (default: 30 days after the event).
    sensitive_retention_until: Mapped[date | None]
    updated_at: Mapped[datetime]

    event: Mapped[Event] = relationship()

    @property
    def category_list(self) -> list[str]:
        return [line.strip() for line in self.categories.splitlines() if line.strip()]

    @property
    def consent_list(self) -> list[str]:
        return [line.strip() for line in self.consent_texts.splitlines() if line.strip()]

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)


class Registration(db.Model):  # type: ignore[name-defined]
    """An attendee at one event. Erasing blanks the personal fields but keeps the row,
    so counts per status and category stay true."""

    __tablename__ = "registrations"
    __table_args__ = (
        # One active registration per person and event, e-mail compared case-insensitively.
        Index(
            "uq_registrations_active_email",
            "event_id",
            "email_normalized",
            unique=True,
            sqlite_where=text("status <> 'cancelled'"),
            postgresql_where=text("status <> 'cancelled'"),
        ),
        Index("ix_registrations_event_status", "event_id", "status", "waitlist_number"),
        CheckConstraint(
            "email_normalized IS NOT NULL OR erased_at IS NOT NULL", name="email_unless_erased"
        ),
        CheckConstraint(
            "status <> 'waitlisted' OR waitlist_number IS NOT NULL", name="waitlisted_has_number"
        ),
        UniqueConstraint("event_id", "waitlist_number", name="uq_registrations_waitlist_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    email_normalized: Mapped[str | None] = mapped_column(String(254))
    category: Mapped[str] = mapped_column(String(100), default="")
    organization: Mapped[str] = mapped_column(String(200), default="")
    accessibility_needs: Mapped[str] = mapped_column(Text, default="")
    dietary_needs: Mapped[str] = mapped_column(Text, default="")
    health_notes: Mapped[str] = mapped_column(Text, default="")
    # The consent to the sensitive questions, as worded when the person agreed.
    sensitive_consent: Mapped[str] = mapped_column(Text, default="")
    sensitive_erased_at: Mapped[datetime | None]
    # The consent texts the person agreed to, one per line, as worded at the time.
    consents: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus, "registration_status")
    )
    waitlist_number: Mapped[int | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    checked_in_at: Mapped[datetime | None]
    erased_at: Mapped[datetime | None]
    # Stopped the organizers' messages (announcements) for this event, from the link in
    # one of them; confirmations, links and change notices still go (transactional).
    unsubscribed_at: Mapped[datetime | None]
    # The mail server refused a message to this address for good (5xx); later messages
    # to it are not attempted (summit.outbox.bounces) and organizers see why.
    bounced_at: Mapped[datetime | None]
    bounce_reason: Mapped[str] = mapped_column(String(500), default="")

    event: Mapped[Event] = relationship()
    choices: Mapped[list[SessionChoice]] = relationship(
        back_populates="registration", cascade="all, delete-orphan"
    )
    links: Mapped[list[RegistrationLink]] = relationship(
        back_populates="registration",
        cascade="all, delete-orphan",
        order_by="RegistrationLink.id",
    )

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class RegistrationLink(db.Model):  # type: ignore[name-defined]
    """One live private link of a registration (and the ticket printed from it).

    A registration keeps several: registering again with a known address adds one and
    e-mails it, so nobody who merely knows the address can kill the links (or the printed
    ticket) the attendee already has. Only the attendee, from their page, or an organizer
    revokes links. Hashes only: a copy of the database opens no page and checks nobody in
    (the outbox keeps a link's mail only until it is sent, then its headers alone).
    """

    __tablename__ = "registration_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    # sha256 of the link's token and of the ticket's check-in code derived from it.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    checkin_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]

    registration: Mapped[Registration] = relationship(back_populates="links")


class SessionChoice(db.Model):  # type: ignore[name-defined]
    """A registered attendee's pick of a session for their personal agenda."""

    __tablename__ = "session_choices"
    __table_args__ = (
        UniqueConstraint(
            "registration_id", "session_id", name="uq_session_choices_registration_session"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime]

    registration: Mapped[Registration] = relationship(back_populates="choices")
    session: Mapped[Session] = relationship()


class SessionSeats(db.Model):  # type: ignore[name-defined]
    """Seat counter of a session with a capacity, moved only by guarded updates."""

    __tablename__ = "session_seats"
    __table_args__ = (CheckConstraint("taken >= 0", name="taken_not_negative"),)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    taken: Mapped[int] = mapped_column(default=0)
