"""Rows for export tests, created directly with the schedule models (additive helpers)."""

from __future__ import annotations

import itertools
from datetime import datetime
from datetime import timedelta
from typing import Any

from summit.events.models import Event
from summit.events.models import Room
from summit.events.models import SupportResource
from summit.extensions import db
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionRole
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerRole
from tests.factories import NOW

_counter = itertools.count(1)


def make_speaker(event: Event, name: str | None = None, **kw: Any) -> Speaker:
    values: dict[str, Any] = {
        "name": name or f"Speaker {next(_counter)}",
        "honorific": "",
        "affiliation": "CHU Ibn Rochd",
        "position": "Psychiatrist",
        "bio": "Works on youth mental health.",
        "email": f"speaker{next(_counter)}@example.org",
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(kw)
    speaker = Speaker(event=event, **values)
    db.session.add(speaker)
    db.session.commit()
    return speaker


def make_session(
    event: Event,
    starts_at: datetime,
    *,
    minutes: int = 60,
    room: Room | None = None,
    kind: SessionKind = SessionKind.ROUND_TABLE,
    roles: list[tuple[Speaker, SpeakerRole]] | None = None,
    **kw: Any,
) -> Session:
    values: dict[str, Any] = {
        "title": f"Session {next(_counter)}",
        "description": "A conversation about care.",
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(kw)
    session = Session(
        event=event,
        kind=kind,
        room=room,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        **values,
    )
    for position, (speaker, role) in enumerate(roles or []):
        session.roles.append(SessionRole(speaker=speaker, role=role, position=position))
    db.session.add(session)
    db.session.commit()
    return session


def make_support(event: Event, name: str = "Allo Écoute", phone: str = "0801 000 000") -> None:
    db.session.add(
        SupportResource(event=event, name=name, phone=phone, description="24/7, free, anonymous")
    )
    db.session.commit()
