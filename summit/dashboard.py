"""The organizer's home: each event with its counts, a handful of grouped queries."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from sqlalchemy import func
from sqlalchemy import select

from summit.events.models import Event
from summit.extensions import db
from summit.registration.models import Registration
from summit.schedule.models import Session
from summit.schedule.models import Speaker
from summit.speaker_portal.models import InvitationStatus
from summit.speaker_portal.models import SpeakerInvitation


@dataclass
class EventCounts:
    sessions: int = 0
    speakers: int = 0
    speakers_confirmed: int = 0
    registrations: dict[str, int] = field(default_factory=dict)
    checked_in: int = 0


def event_counts(events: list[Event]) -> dict[int, EventCounts]:
    """Sessions, speakers (and how many confirmed), registrations by status, check-ins."""
    ids = [e.id for e in events]
    counts = {event_id: EventCounts() for event_id in ids}
    if not ids:
        return counts
    for event_id, n in db.session.execute(
        select(Session.event_id, func.count())
        .where(Session.event_id.in_(ids))
        .group_by(Session.event_id)
    ):
        counts[event_id].sessions = n
    for event_id, n in db.session.execute(
        select(Speaker.event_id, func.count())
        .where(Speaker.event_id.in_(ids))
        .group_by(Speaker.event_id)
    ):
        counts[event_id].speakers = n
    for event_id, n in db.session.execute(
        select(Speaker.event_id, func.count())
        .join(SpeakerInvitation, SpeakerInvitation.speaker_id == Speaker.id)
        .where(Speaker.event_id.in_(ids), SpeakerInvitation.status == InvitationStatus.CONFIRMED)
        .group_by(Speaker.event_id)
    ):
        counts[event_id].speakers_confirmed = n
    for event_id, status, n, checked in db.session.execute(
        select(
            Registration.event_id,
            Registration.status,
            func.count(),
            func.count(Registration.checked_in_at),
        )
        .where(Registration.event_id.in_(ids))
        .group_by(Registration.event_id, Registration.status)
    ):
        counts[event_id].registrations[status.value] = n
        counts[event_id].checked_in += checked
    return counts
