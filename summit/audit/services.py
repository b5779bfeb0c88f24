"""Writing and reading the access log. Writers add rows in the caller's transaction, so a
look that is logged and the change it describes commit or roll back together."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from summit.audit.models import LOOKS
from summit.audit.models import AccessAction
from summit.audit.models import AccessLogEntry
from summit.audit.models import AccessLogRegistration
from summit.auth.models import Organizer
from summit.events.models import EventOrganizer
from summit.extensions import db


@dataclass(frozen=True)
class Actor:
    """Who acted, frozen at the time of the action (a later role change or account
    deletion does not rewrite history). ``None`` fields mean the system."""

    id: int | None
    email: str
    role: str

    @classmethod
    def member(cls, membership: EventOrganizer) -> Actor:
        organizer: Organizer = membership.organizer
        return cls(organizer.id, organizer.email, membership.role.value)


SYSTEM = Actor(None, "", "")


def record(
    event_id: int,
    action: AccessAction,
    *,
    actor: Actor,
    now: datetime,
    subject: str = "",
    detail: str = "",
    reason: str = "",
    registration_ids: Iterable[int] = (),
    count: int | None = None,
) -> AccessLogEntry:
    """Append one entry; ``count`` defaults to the number of registrations named."""
    ids = sorted(set(registration_ids))
    entry = AccessLogEntry(
        event_id=event_id,
        at=now,
        actor_id=actor.id,
        actor_email=actor.email,
        actor_role=actor.role,
        action=action,
        subject=subject[:300],
        detail=detail,
        reason=reason,
        registration_count=len(ids) if count is None else count,
    )
    entry.registrations = [AccessLogRegistration(registration_id=i) for i in ids]
    db.session.add(entry)
    db.session.flush()
    return entry


def event_log(event_id: int, limit: int | None = None) -> list[AccessLogEntry]:
    statement = (
        select(AccessLogEntry)
        .where(AccessLogEntry.event_id == event_id)
        .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())
    )
    if limit is not None:
        statement = statement.limit(limit)
    return list(db.session.execute(statement).scalars())


def last_look(registration_id: int) -> AccessLogEntry | None:
    """The latest view or export that showed this registration's sensitive answers."""
    return db.session.execute(
        select(AccessLogEntry)
        .join(AccessLogRegistration)
        .where(
            AccessLogRegistration.registration_id == registration_id,
            AccessLogEntry.action.in_(LOOKS),
        )
        .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())
        .limit(1)
    ).scalar_one_or_none()


LOG_CSV_FIELDS = [
    "at",
    "actor_email",
    "actor_role",
    "action",
    "subject",
    "detail",
    "reason",
    "registration_count",
    "registration_ids",
]


def csv_cell(value: object) -> str:
    """Neutralize spreadsheet formulas (=, +, -, @) typed into free text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def log_csv(entries: Iterable[AccessLogEntry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(LOG_CSV_FIELDS)
    for entry in entries:
        values = {
            "at": entry.at.isoformat(),
            "actor_email": entry.actor_email,
            "actor_role": entry.actor_role,
            "action": entry.action.value,
            "subject": entry.subject,
            "detail": entry.detail,
            "reason": entry.reason,
            "registration_count": entry.registration_count,
            "registration_ids": " ".join(str(r.registration_id) for r in entry.registrations),
        }
        writer.writerow([csv_cell(values[f]) for f in LOG_CSV_FIELDS])
    return buffer.getvalue()
