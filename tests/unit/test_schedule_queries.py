"""Read functions that exports reuse: everything loaded up front, in a fixed number of
queries, whatever the number of sessions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any

from summit.extensions import db
from summit.schedule.models import SessionStatus
from summit.schedule.models import SpeakerRole
from summit.schedule.queries import event_sessions
from summit.schedule.queries import public_agenda
from summit.schedule.queries import session_by_public_id
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
    assert [s.id for s in public_agenda(event)] == [early.id, late.id]
    assert len(event_sessions(event)) == 3
    assert session_by_public_id(event, early.public_id) is early
    assert session_by_public_id(make_event(), early.public_id) is None


def test_public_agenda_loads_rooms_roles_and_speakers_in_fixed_queries(
    app: Any, count_queries: Callable[[], Any]
) -> None:
    counts = []
    for n in (5, 60):
        event = build(n)
        db.session.expire_all()
        with count_queries() as queries:
            touch_everything(public_agenda(event))
            touch_everything(event_sessions(event))
        counts.append(len(queries))
    assert counts[0] == counts[1]
