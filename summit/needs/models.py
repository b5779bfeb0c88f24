"""An attendee's request for an access service, and the organizer's answer to it.

Requests are sensitive (they reveal disability or health): the organizer's page that
lists them by person needs the sensitive-answers permission and is logged. What is
*arranged* is public without any name (e.g. live captions for a session).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import delete
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from summit.events.models import enum_column
from summit.extensions import db

if TYPE_CHECKING:
    from summit.registration.models import Registration
    from summit.schedule.models import Session


class NeedKind(enum.StrEnum):
    SIGN_LANGUAGE = "sign_language"
    LIVE_CAPTIONS = "live_captions"
    STEP_FREE = "step_free"
    QUIET_SEAT = "quiet_seat"
    ASSISTANT_PLACE = "assistant_place"
    ACCESSIBLE_PROGRAM = "accessible_program"
    DIETARY = "dietary"
    OTHER = "other"


# Kinds whose detail is required: which sign language, which program format, what else.
NEEDS_DETAIL = (NeedKind.SIGN_LANGUAGE, NeedKind.ACCESSIBLE_PROGRAM, NeedKind.OTHER)


class NeedStatus(enum.StrEnum):
    REQUESTED = "requested"
    ARRANGED = "arranged"
    PARTLY_ARRANGED = "partly_arranged"
    NOT_POSSIBLE = "not_possible"


ARRANGED_STATUSES = (NeedStatus.ARRANGED, NeedStatus.PARTLY_ARRANGED)


class AccessRequest(db.Model):  # type: ignore[name-defined]
    __tablename__ = "access_requests"
    __table_args__ = (
        CheckConstraint(
            "(status = 'requested') = (answered_at IS NULL)", name="answered_unless_requested"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[NeedKind] = mapped_column(enum_column(NeedKind, "need_kind"))
    # None: for the whole event.
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    detail: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[NeedStatus] = mapped_column(
        enum_column(NeedStatus, "need_status"), default=NeedStatus.REQUESTED
    )
    response: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None]
    answered_by_role: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    registration: Mapped[Registration] = relationship()
    session: Mapped[Session | None] = relationship()


def forget_access_requests(registration_id: int) -> None:
    """Delete a registration's requests (erasure); lives here so that registration code
    can call it without importing the services built on top of registration."""
    db.session.execute(
        delete(AccessRequest)
        .where(AccessRequest.registration_id == registration_id)
        .execution_options(synchronize_session="fetch")
    )
