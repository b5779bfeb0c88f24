"""Build valid rows with sensible defaults; override only what a test is about."""

from __future__ import annotations

import itertools
from datetime import UTC
from datetime import date
from datetime import datetime
from typing import Any

from summit.audit.services import SYSTEM
from summit.auth.models import Organizer
from summit.auth.services import create_organizer
from summit.events.models import Event
from summit.events.models import EventOrganizer
from summit.events.models import Partner
from summit.events.models import Room
from summit.events.models import TeamRole
from summit.events.services import EventData
from summit.events.services import PartnerData
from summit.events.services import RoomData
from summit.events.services import create_event
from summit.events.services import save_partner
from summit.events.services import save_room
from summit.events.services import set_published
from summit.extensions import db
from summit.teams.services import add_member

NOW = datetime(2024, 11, 1, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def make_organizer(email: str | None = None, password: str = PASSWORD, **kw: Any) -> Organizer:
    email = email or f"organizer{next(_counter)}@example.org"
    organizer = create_organizer(email, password, now=kw.pop("now", NOW), **kw)
    db.session.commit()
    return organizer


def event_data(**overrides: Any) -> EventData:
    n = next(_counter)
    values: dict[str, Any] = {
        "title": f"Wellbeing summit {n}",
        "slug": f"wellbeing-summit-{n}",
        "start_date": date(2024, 12, 12),
        "end_date": date(2024, 12, 12),
        "timezone": "Africa/Casablanca",
        "venue_name": "Palais des congrès",
        "city": "Casablanca",
        "country": "MA",
        "languages": ["fr", "en"],
    }
    values.update(overrides)
    return EventData(**values)


def make_event(
    organizer: Organizer | None = None, *, published: bool = False, **overrides: Any
) -> Event:
    organizer = organizer or make_organizer()
    event = create_event(event_data(**overrides), organizer=organizer, now=NOW)
    if published:
        set_published(event, True, now=NOW)
    db.session.commit()
    return event


def make_room(event: Event, name: str | None = None, capacity: int | None = 100) -> Room:
    room = save_room(event, RoomData(name or f"Room {next(_counter)}", capacity), now=NOW)
    db.session.commit()
    return room


def make_partner(event: Event, name: str | None = None, **kw: Any) -> Partner:
    partner = save_partner(
        event, PartnerData(name or f"Partner {next(_counter)}", **kw), None, now=NOW
    )
    db.session.commit()
    return partner


def make_member(
    event: Event,
    role: TeamRole,
    *,
    sensitive: bool = False,
    email: str | None = None,
) -> EventOrganizer:
    """Put a new organizer account on ``event``'s team in ``role``."""
    membership = add_member(
        event, make_organizer(email), role, actor=SYSTEM, now=NOW, may_see_sensitive=sensitive
    )
    db.session.commit()
    return membership
