"""The links that exports print. They follow the public URL contract (DESIGN.md) so that
builders need no request and work from the command line too."""

from __future__ import annotations

from summit.events.models import Event
from summit.schedule.models import Session


def event_url(base_url: str, event: Event) -> str:
    return f"{base_url.rstrip('/')}/events/{event.slug}/"


def session_url(base_url: str, event: Event, session: Session) -> str:
    return f"{base_url.rstrip('/')}/events/{event.slug}/sessions/{session.public_id}/"
