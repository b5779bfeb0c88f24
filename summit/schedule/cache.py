"""Per-process cache of rendered public schedule fragments.

A fragment is keyed by the event's schedule revision token (changed by every schedule
service in the same transaction as the change), the event's own ``updated_at``, its
rooms, the locale and the page's filters. Reading the token is one primary-key query;
a stale fragment is impossible as long as writes go through the services (or call
:func:`touch_schedule`).
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from collections.abc import Hashable

from flask import current_app
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from summit.events.models import Event
from summit.extensions import db
from summit.schedule.models import ScheduleRevision

MAX_FRAGMENTS = 32
_lock = threading.Lock()  # threaded servers share one process's cache


def touch_schedule(event_id: int) -> None:
    """Give the event's schedule a new revision token (flushes)."""
    token = secrets.token_hex(8)
    revision = db.session.get(ScheduleRevision, event_id)
    if revision is not None:
        revision.token = token
        db.session.flush()
        return
    try:
        with db.session.begin_nested():
            db.session.add(ScheduleRevision(event_id=event_id, token=token))
    except IntegrityError:  # another request created it first
        revision = db.session.get(ScheduleRevision, event_id)
        assert revision is not None
        revision.token = token
        db.session.flush()


def _revision(event: Event) -> str:
    revision = db.session.get(ScheduleRevision, event.id)
    return revision.token if revision is not None else ""


def cached_fragment(event: Event, key: Hashable, render: Callable[[], str]) -> Markup:
    """The HTML ``render`` returns, reused while the event's schedule is unchanged."""
    if not current_app.config.get("SCHEDULE_FRAGMENT_CACHE", True):
        return Markup(render())
    full_key = (
        event.id,
        _revision(event),
        event.updated_at,
        tuple(
            (room.id, room.name, room.capacity, room.accessibility_notes) for room in event.rooms
        ),
        key,
    )
    fragments: OrderedDict[Hashable, Markup] = current_app.extensions.setdefault(
        "schedule_fragments", OrderedDict()
    )
    with _lock:
        found = fragments.get(full_key)
        if found is not None:
            fragments.move_to_end(full_key)
            return found
    html = Markup(render())
    with _lock:
        fragments[full_key] = html
        while len(fragments) > MAX_FRAGMENTS:
            fragments.popitem(last=False)
    return html
