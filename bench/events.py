"""The sign-up benchmarks' event, made through the services as an organizer would: with an
owner, a revision and open registration (bench/signups.py and bench/topology.py)."""

from __future__ import annotations

from datetime import date
from datetime import datetime


def open_signup_event(slug: str, title: str, *, seats: int, now: datetime) -> None:
    """A published one-day event in Casablanca with ``seats`` seats open; commits."""
    from summit.auth.services import create_organizer
    from summit.events.services import EventData
    from summit.events.services import create_event
    from summit.events.services import set_published
    from summit.extensions import db
    from summit.registration.services import SettingsData
    from summit.registration.services import save_settings

    owner = create_organizer(f"owner@{slug}.example.org", "bench password 2030", now=now)
    data = EventData(
        title=title,
        slug=slug,
        start_date=date(2030, 1, 10),
        end_date=date(2030, 1, 10),
        timezone="Africa/Casablanca",
        city="Casablanca",
    )
    event = create_event(data, organizer=owner, now=now)
    set_published(event, True, now=now)
    save_settings(event, SettingsData(is_open=True, capacity=seats), now=now)
    db.session.commit()
