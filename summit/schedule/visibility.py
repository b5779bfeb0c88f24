"""Which speakers the public sees (issue 10): a speaker is public only while they have a
scheduled session on the agenda and have not declined their invitation. Typing a name
into the speakers list publishes nothing; declining takes the profile down."""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy import and_
from sqlalchemy import column
from sqlalchemy import exists
from sqlalchemy import select
from sqlalchemy import table

from summit.extensions import db
from summit.schedule.models import Session
from summit.schedule.models import SessionRole
from summit.schedule.models import SessionStatus
from summit.schedule.models import Speaker

# The invitations belong to speaker_portal, which builds on schedule: naming the two
# columns here, rather than importing its model, keeps schedule below it.
_invitations = table("speaker_invitations", column("speaker_id"), column("status"))


def public_speaker() -> ColumnElement[bool]:
    """A condition on ``Speaker`` rows: true for the speakers the public may see."""
    scheduled = exists().where(
        SessionRole.speaker_id == Speaker.id,
        Session.id == SessionRole.session_id,
        Session.status == SessionStatus.SCHEDULED,
        Session.starts_at.is_not(None),
    )
    declined = exists().where(
        _invitations.c.speaker_id == Speaker.id, _invitations.c.status == "declined"
    )
    return and_(scheduled, ~declined)


def is_public(speaker: Speaker) -> bool:
    return (
        db.session.execute(
            select(Speaker.id).where(Speaker.id == speaker.id, public_speaker())
        ).first()
        is not None
    )
