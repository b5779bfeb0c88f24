"""The one version of an event's content.

Every service that writes what an event shows (details and dates, rooms, partners,
support resources, sessions, speakers, roles, registration settings) calls
:func:`bump_revision` in its own transaction. The fragment cache, the stored exports and
the ETags key on ``(event.id, event.revision, kind)`` and nothing else, so a write that
forgets to bump is a stale page: ``tests/unit/test_revision_walk.py`` walks every write
service and fails if one does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from summit.events.models import Event
from summit.extensions import db


def bump_revision(event: Event, *, now: datetime) -> None:
    """Raise the event's revision by one and stamp ``revised_at`` (flushes).

    The increment runs in SQL, not as ``event.revision += 1``: two requests that loaded
    the same revision would otherwise both write the same next number for two different
    contents, and a cache would keep the first one's rendering for the second.
    """
    if event.id is None:
        db.session.flush()
    db.session.execute(
        update(Event)
        .where(Event.id == event.id)
        .values(revision=Event.revision + 1, revised_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(event, ["revision", "revised_at"])
