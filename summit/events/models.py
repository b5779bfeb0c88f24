from __future__ import annotations

import enum
from datetime import date
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint
from sqlalchemy import Enum
from sqlalchemy import ForeignKey
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import deferred
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from summit.extensions import db

if TYPE_CHECKING:
    from summit.auth.models import Organizer


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


def enum_column(enum_class: type[enum.Enum], name: str) -> Enum:
    """Enums stored by value in a VARCHAR with a named CHECK, portable across databases."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Event(db.Model):  # type: ignore[name-defined]
    """A summit: one or more days at one venue, in one IANA timezone."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="end_not_before_start"),
        CheckConstraint("slug <> ''", name="slug_not_empty"),
        CheckConstraint("revision >= 1", name="revision_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    tagline: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date]
    end_date: Mapped[date]
    timezone: Mapped[str] = mapped_column(String(64))
    venue_name: Mapped[str] = mapped_column(String(200), default="")
    venue_address: Mapped[str] = mapped_column(String(500), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    # Space-separated language codes, the first is the event's main language.
    languages: Mapped[str] = mapped_column(String(100), default="en")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[EventStatus] = mapped_column(
        enum_column(EventStatus, "event_status"), default=EventStatus.DRAFT
    )
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # The one version of everything the event shows: pages, stored exports and ETags key
    # on it. Raised by every write service (summit.events.revision), never by hand.
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    revised_at: Mapped[datetime]

    memberships: Mapped[list[EventOrganizer]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )
    rooms: Mapped[list[Room]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="(Room.position, Room.id)",
    )
    partners: Mapped[list[Partner]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="(Partner.position, Partner.id)",
    )
    support_resources: Mapped[list[SupportResource]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="(SupportResource.position, SupportResource.id)",
    )

    @property
    def is_published(self) -> bool:
        return self.status is EventStatus.PUBLISHED

    @property
    def language_list(self) -> list[str]:
        return (self.languages or "").split()

    @property
    def main_language(self) -> str:
        return (self.language_list or ["en"])[0]


class TeamRole(enum.StrEnum):
    """An organizer's part in one event's team; what each may do is in
    ``summit.events.permissions``."""

    OWNER = "owner"
    EDITOR = "editor"
    REGISTRATION_MANAGER = "registration_manager"
    DOOR = "door"


# Only these roles ever see attendees' personal data, so only they can hold the
# sensitive-answers permission.
ATTENDEE_DATA_ROLES = (TeamRole.OWNER, TeamRole.REGISTRATION_MANAGER)


class EventOrganizer(db.Model):  # type: ignore[name-defined]
    """Membership: who is on which event's team, in which role. Triggers (see
    ``summit.events.triggers``) keep at least one owner once the event has one."""

    __tablename__ = "event_organizers"
    __table_args__ = (
        CheckConstraint(
            "NOT may_see_sensitive OR role IN ('owner', 'registration_manager')",
            name="sensitive_only_for_attendee_roles",
        ),
    )

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    organizer_id: Mapped[int] = mapped_column(
        ForeignKey("organizers.id", ondelete="CASCADE"), primary_key=True
    )
    added_at: Mapped[datetime]
    role: Mapped[TeamRole] = mapped_column(
        enum_column(TeamRole, "team_role"), default=TeamRole.OWNER
    )
    # Granted by an owner only: lets the member see attendees' sensitive answers.
    may_see_sensitive: Mapped[bool] = mapped_column(default=False)

    event: Mapped[Event] = relationship(back_populates="memberships")
    organizer: Mapped[Organizer] = relationship(back_populates="memberships")


class Room(db.Model):  # type: ignore[name-defined]
    __tablename__ = "rooms"
    __table_args__ = (
        UniqueConstraint("event_id", "name", name="uq_rooms_event_name"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int | None]
    accessibility_notes: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="rooms")


class Partner(db.Model):  # type: ignore[name-defined]
    """An organization supporting the event. Logos live in the database so that
    several app servers need to share nothing but it."""

    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("event_id", "name", name="uq_partners_event_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), default="partner")
    url: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    logo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    logo_type: Mapped[str | None] = mapped_column(String(40))
    logo_digest: Mapped[str | None] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="partners")


class SupportResource(db.Model):  # type: ignore[name-defined]
    """A helpline or service shown on every public page and in the program."""

    __tablename__ = "support_resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="support_resources")


def _attach_triggers() -> None:
    from summit.events import triggers

    triggers.attach(EventOrganizer.__table__)


_attach_triggers()
