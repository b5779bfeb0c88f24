"""The links that exports print. They follow the public URL contract (DESIGN.md) so that
builders need no request and work from the command line too."""

from __future__ import annotations

from summit.events.models import Event
from summit.exports.feed_rows import FeedSession


def event_url(base_url: str, event: Event) -> str:
    return f"{base_url.rstrip('/')}/events/{event.slug}/"


def sessions_prefix(base_url: str, event: Event) -> str:
    """What every session's URL starts with; a feed of thousands works it out once."""
    return f"{base_url.rstrip('/')}/events/{event.slug}/sessions/"


def session_url(base_url: str, event: Event, session: FeedSession) -> str:
    return f"{sessions_prefix(base_url, event)}{session.public_id}/"
