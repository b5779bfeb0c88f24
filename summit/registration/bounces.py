"""Bouncing addresses kept on registrations: the outbox tells us (summit.outbox.bounces)
when a server refuses an attendee's address for good, asks before each later message,
and clears it when an organizer sends a failed message again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy import and_
from sqlalchemy import select
from sqlalchemy import update

from summit.extensions import db
from summit.outbox.bounces import BounceBook
from summit.registration.models import Registration
from summit.registration.services import normalize_email


def _of(event_id: int, address: str) -> ColumnElement[bool]:
    return and_(
        Registration.event_id == event_id,
        Registration.email_normalized == normalize_email(address),
    )


def _mark(event_id: int, address: str, reason: str, now: datetime) -> None:
    db.session.execute(
        update(Registration)
        .where(_of(event_id, address), Registration.bounced_at.is_(None))
        .values(bounced_at=now, bounce_reason=reason[:500])
        .execution_options(synchronize_session=False)
    )


def _bouncing(event_id: int, address: str) -> tuple[datetime, str] | None:
    row = db.session.execute(
        select(Registration.bounced_at, Registration.bounce_reason)
        .where(_of(event_id, address), Registration.bounced_at.is_not(None))
        .limit(1)
    ).first()
    return (row.bounced_at, row.bounce_reason) if row is not None else None


def _clear(event_id: int, address: str) -> None:
    db.session.execute(
        update(Registration)
        .where(_of(event_id, address))
        .values(bounced_at=None, bounce_reason="")
        .execution_options(synchronize_session=False)
    )


BOOK = BounceBook(mark=_mark, bouncing=_bouncing, clear=_clear)
