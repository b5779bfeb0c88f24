"""Invitations to an event's team. The link's token is kept only as its sha256, so a copy
of the database opens no invitation."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from summit.events.models import TeamRole
from summit.events.models import enum_column
from summit.extensions import db

if TYPE_CHECKING:
    from summit.events.models import Event


class TeamInvitation(db.Model):  # type: ignore[name-defined]
    __tablename__ = "team_invitations"
    __table_args__ = (
        # One open invitation per person and event; a new one replaces it.
        Index(
            "uq_team_invitations_open_email",
            "event_id",
            "email",
            unique=True,
            sqlite_where=text("accepted_at IS NULL AND revoked_at IS NULL"),
            postgresql_where=text("accepted_at IS NULL AND revoked_at IS NULL"),
        ),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint(
            "NOT may_see_sensitive OR role IN ('owner', 'registration_manager')",
            name="sensitive_only_for_attendee_roles",
        ),
        CheckConstraint("expires_at > created_at", name="expires_after_created"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[TeamRole] = mapped_column(enum_column(TeamRole, "team_role"))
    may_see_sensitive: Mapped[bool] = mapped_column(default=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizers.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    event: Mapped[Event] = relationship()

    def is_open(self, now: datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at
