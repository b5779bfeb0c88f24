"""Schedule rows for tests: sessions, speakers and roles with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date
from datetime import time
from typing import Any

from summit.events.models import Event
from summit.events.models import Room
from summit.extensions import db
from summit.schedule.models import SessionKind
from summit.schedule.models import SpeakerRole
from summit.schedule.services import SessionData
from summit.schedule.services import SlotData
from summit.schedule.services import add_role
from summit.schedule.services import save_session
from summit.schedule.speakers import SpeakerData
from summit.schedule.speakers import save_speaker
from tests.factories import NOW

_counter = itertools.count(1)


def make_session(
    event: Event,
    *,
    day: date | None = None,
    start: time | None = time(10, 0),
    end: time | None = time(11, 0),
    room: Room | None = None,
    kind: SessionKind = SessionKind.TALK,
    commit: bool = True,
    **overrides: Any,
) -> Any:
    slot = SlotData(
        day if day is not None else (event.start_date if start else None),
        start,
        end,
        room.id if room else None,
    )
    data = SessionData(
        kind=kind, title=overrides.pop("title", f"Session {next(_counter)}"), slot=slot, **overrides
    )
    session = save_session(event, data, actor=None, now=NOW)
    if commit:
        db.session.commit()
    return session


def make_speaker(event: Event, name: str | None = None, *, commit: bool = True, **kw: Any) -> Any:
    kw.setdefault("email", f"speaker{next(_counter)}@example.org")
    speaker = save_speaker(event, SpeakerData(name or f"Speaker {next(_counter)}", **kw), now=NOW)
    if commit:
        db.session.commit()
    return speaker


def give_role(
    event: Event, session: Any, speaker: Any, role: SpeakerRole = SpeakerRole.PANELIST
) -> Any:
    link = add_role(event, session, speaker.id, role, actor=None, now=NOW)
    db.session.commit()
    return link
