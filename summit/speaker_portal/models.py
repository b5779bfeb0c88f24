from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from summit.events.models import enum_column
from summit.extensions import db

if TYPE_CHECKING:
    from summit.schedule.models import Speaker


class InvitationStatus(enum.StrEnum):
    INVITED = "invited"
    CONFIRMED = "confirmed"
    DECLINED = "declined"


class SpeakerInvitation(db.Model):  # type: ignore[name-defined]
    """A speaker's private link. The token is never stored: only its sha256, and a
    random salt from which the server (with its secret key) can re-derive the same
    link to re-send it. A new salt (rotation) kills every older link."""

    __tablename__ = "speaker_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speakers.id", ondelete="CASCADE"), unique=True
    )
    token_salt: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[InvitationStatus] = mapped_column(
        enum_column(InvitationStatus, "invitation_status"), default=InvitationStatus.INVITED
    )
    invited_at: Mapped[datetime]
    sent_at: Mapped[datetime]
    responded_at: Mapped[datetime | None]
    rotated_at: Mapped[datetime | None]

    speaker: Mapped[Speaker] = relationship()
