"""The whole-event feeds read plain rows (summit.exports.feed_rows) instead of ORM objects;
every builder must write exactly the same bytes from either."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from typing import Any

import pytest
from flask import Flask

from summit.exports.calendar import build_calendar
from summit.exports.feed_rows import feed_sessions
from summit.exports.frab import build_frab_json
from summit.exports.frab import build_frab_xml
from summit.exports.ical_text import escape_text
from summit.exports.ical_text import fold
from summit.exports.loading import agenda_sessions
from summit.extensions import db
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionStatus
from summit.schedule.models import SpeakerRole
from summit.schedule.services import SessionData
from summit.schedule.services import add_role
from summit.schedule.services import save_session
from tests.export_factories import make_demo_agenda
from tests.export_factories import make_session
from tests.export_factories import make_speaker
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_room

BASE = "https://summit.test"
DOMAIN = "summit.test"

BUILDERS: dict[str, Callable[[Any, Any], bytes]] = {
    "ics": lambda event, sessions: build_calendar(
        event, sessions, name="Agenda", base_url=BASE, uid_domain=DOMAIN
    ),
    "ics-one-file": lambda event, sessions: build_calendar(
        event, sessions, name="Agenda", base_url=BASE, uid_domain=DOMAIN, subscription=False
    ),
    "xml": lambda event, sessions: build_frab_xml(
        event, sessions, base_url=BASE, uid_domain=DOMAIN
    ),
    "json": lambda event, sessions: build_frab_json(
        event, sessions, base_url=BASE, uid_domain=DOMAIN
    ),
}


def awkward_agenda() -> Any:
    """Every case a feed treats apart: no room, cancelled, a content note, an honorific,
    text with the characters iCalendar escapes, a session never scheduled, a speaker
    on two panels, and the Ramadan change of Casablanca."""
    event = make_event(
        published=True,
        start_date=date(2025, 4, 5),
        end_date=date(2025, 4, 7),
        languages=["fr", "ar"],
    )
    atlas = make_room(event, "Salle Atlas, niveau 1")
    amina = make_speaker(event, "Amina Benali", honorific="Dr", affiliation="UM6P; Rabat")
    omar = make_speaker(event, "عمر العلوي", bio="")
    make_session(
        event,
        datetime(2025, 4, 5, 10, tzinfo=UTC),
        room=atlas,
        title="Anxiété, jeunes & écrans; débat",
        description="Ligne 1\nLigne 2, avec \\ et ; " * 20,
        content_note="Évoque l’automutilation",
        roles=[(amina, SpeakerRole.MODERATOR), (omar, SpeakerRole.PANELIST)],
    )
    make_session(event, datetime(2025, 4, 7, 9, tzinfo=UTC), kind=SessionKind.WELLBEING_BREAK)
    make_session(
        event,
        datetime(2025, 4, 7, 12, tzinfo=UTC),
        room=atlas,
        title="Art-thérapie",
        status=SessionStatus.CANCELLED,
        roles=[(amina, SpeakerRole.SPEAKER)],
    )
    draft = save_session(
        event, SessionData(SessionKind.TALK, "Not yet placed"), actor=None, now=NOW
    )
    add_role(event, draft, omar.id, SpeakerRole.SPEAKER, 0, actor=None, now=NOW)
    db.session.commit()
    return event


@pytest.mark.parametrize("builder", sorted(BUILDERS))
def test_rows_and_orm_sessions_give_byte_identical_feeds(app: Flask, builder: str) -> None:
    event = awkward_agenda()
    rows = feed_sessions(event)
    assert [r.public_id for r in rows] == [s.public_id for s in agenda_sessions(event)]
    assert len(rows) == 3  # the unplaced session is in no feed
    assert BUILDERS[builder](event, rows) == BUILDERS[builder](event, agenda_sessions(event))


@pytest.mark.parametrize("builder", sorted(BUILDERS))
def test_the_demo_agenda_feeds_are_the_same_from_rows(app: Flask, builder: str) -> None:
    event = make_event(published=True, start_date=date(2024, 12, 12), end_date=date(2024, 12, 12))
    make_room(event, "Plénière")
    make_room(event, "Salle calme")
    make_demo_agenda(event)
    rows = feed_sessions(event)
    assert len(rows) > 5 and any(r.roles for r in rows)
    assert BUILDERS[builder](event, rows) == BUILDERS[builder](event, agenda_sessions(event))


def test_an_event_without_sessions_loads_no_rows(app: Flask) -> None:
    assert feed_sessions(make_event(published=True)) == []


def test_rows_keep_the_panel_order_and_one_speaker_object_per_person(app: Flask) -> None:
    event = awkward_agenda()
    rows = feed_sessions(event)
    panel = rows[0]
    assert [(r.role, r.speaker.display_name) for r in panel.roles] == [
        (SpeakerRole.MODERATOR, "Dr Amina Benali"),
        (SpeakerRole.PANELIST, "عمر العلوي"),
    ]
    cancelled = next(r for r in rows if r.is_cancelled)
    assert cancelled.roles[0].speaker is panel.roles[0].speaker
    assert rows[1].room is None and panel.room is not None


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain", "plain"),
        ("a,b;c", "a\\,b\\;c"),
        ("back\\slash", "back\\\\slash"),
        ("two\r\nlines\nhere", "two\\nlines\\nhere"),
        ("\\,", "\\\\\\,"),
    ],
)
def test_text_values_are_escaped_as_rfc_5545_says(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


def test_long_ascii_lines_fold_every_75_octets_and_unfold_to_the_same_text() -> None:
    line = "DESCRIPTION:" + "abcdefghij" * 30
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts[0]) == 75 and all(len(p) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert folded.replace("\r\n ", "") == line
    assert fold("X:" + "a" * 73) == "X:" + "a" * 73
