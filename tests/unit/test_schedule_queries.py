"""The session reads: named rows for pages, ORM objects for exports, everything loaded
up front in a fixed number of queries whatever the number of sessions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any

from summit.exports.loading import agenda_sessions
from summit.exports.loading import public_session
from summit.extensions import db
from summit.schedule.models import SessionStatus
from summit.schedule.models import SpeakerRole
from summit.schedule.rows import load_session_rows
from tests.factories import make_event
from tests.factories import make_room
from tests.schedule_factories import give_role
from tests.schedule_factories import make_session
from tests.schedule_factories import make_speaker


def build(n: int) -> Any:
    event = make_event(published=True)
    room = make_room(event)
    for i in range(n):
        session = make_session(event, room=room, start=time(8 + i % 10), end=time(9 + i % 10))
        give_role(event, session, make_speaker(event), SpeakerRole.SPEAKER)
    make_session(event, start=None, end=None, title="Later")
    return event


def touch_everything(sessions: list[Any]) -> None:
    for session in sessions:
        _ = session.room.name if session.room else None
        for link in session.roles:
            _ = (link.role, link.speaker.display_name, link.speaker.affiliation)


def test_public_agenda_is_ordered_by_start_and_skips_unscheduled_sessions(app: Any) -> None:
    event = make_event(published=True)
    late = make_session(event, start=time(15), end=time(16), status=SessionStatus.CANCELLED)
    early = make_session(event, start=time(9), end=time(10))
    make_session(event, start=None, end=None)
    assert [s.id for s in agenda_sessions(event)] == [early.id, late.id]
    rows = load_session_rows(event)
    assert [row.id for row in rows][:2] == [early.id, late.id] and len(rows) == 3
    assert rows[1].is_cancelled and rows[2].starts_at is None
    assert public_session(event, early.public_id) is early
    assert public_session(make_event(), early.public_id) is None


def test_public_agenda_loads_rooms_roles_and_speakers_in_fixed_queries(
    app: Any, count_queries: Callable[[], Any]
) -> None:
    counts = []
    for n in (5, 60):
        event = build(n)
        db.session.expire_all()
        with count_queries() as queries:
            touch_everything(agenda_sessions(event))
            rows = load_session_rows(event, with_availability=True, with_description=True)
            assert all(row.roles for row in rows if row.starts_at is not None)
        counts.append(len(queries))
    assert counts[0] == counts[1]
