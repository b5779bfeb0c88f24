"""Every service that writes an event's content raises its one revision.

The fragment cache, the stored exports and the ETags key on nothing else, so a write
that forgets is a stale page. The walk below calls each write service once; a second
test finds the write services by name in the content modules, so a new one that is not
walked (or not declared as writing no content) fails here.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from datetime import time
from types import ModuleType
from typing import Any

import pytest
from flask import Flask

from summit.events import services as event_services
from summit.events.models import Event
from summit.events.services import EventData
from summit.events.services import PartnerData
from summit.events.services import RoomData
from summit.events.services import SupportResourceData
from summit.extensions import db
from summit.registration import services as registration_services
from summit.registration.services import SettingsData
from summit.schedule import event_changes
from summit.schedule import services as schedule_services
from summit.schedule import speakers as speaker_services
from summit.schedule.models import SessionKind
from summit.schedule.models import SpeakerRole
from summit.schedule.services import SessionData
from summit.schedule.services import SlotData
from summit.schedule.speakers import SpeakerData
from summit.uploads import StoredImage
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer

CONTENT_MODULES: list[ModuleType] = [
    event_services,
    event_changes,
    schedule_services,
    speaker_services,
    registration_services,
]
WRITE_PREFIXES = (
    "create_",
    "update_",
    "save_",
    "delete_",
    "add_",
    "remove_",
    "move_",
    "set_",
    "change_",
)
# Writes that change nothing an event shows, with the reason.
NOT_CONTENT = {
    "add_organizer": "team membership is not shown on any page or export",
    "remove_organizer": "team membership is not shown on any page or export",
}

Step = Callable[[dict[str, Any]], object]
DAY = date(2024, 12, 12)
DATA = {"title": "Sommet", "start_date": DAY, "end_date": DAY, "timezone": "Africa/Casablanca"}


def _event_data(event: Event, **changes: Any) -> EventData:
    values: dict[str, Any] = {**DATA, "slug": event.slug, "languages": ["fr"]}
    values.update(changes)
    return EventData(**values)


def _session(w: dict[str, Any], title: str, start: int) -> Any:
    slot = SlotData(DAY, time(start), time(start + 1), w["room"].id)
    return SessionData(kind=SessionKind.TALK, title=title, slot=slot)


# name -> one call of that service on the walk's published event
WALK: dict[str, Step] = {
    "update_event": lambda w: event_services.update_event(
        w["event"], _event_data(w["event"], title="Sommet 2"), now=NOW
    ),
    "set_published": lambda w: event_services.set_published(w["event"], True, now=NOW),
    "save_room": lambda w: event_services.save_room(
        w["event"], RoomData("Salle B"), w["room"], now=NOW
    ),
    "save_partner": lambda w: event_services.save_partner(
        w["event"], PartnerData("Nightline"), None, w["partner"], now=NOW
    ),
    "delete_partner": lambda w: event_services.delete_partner(w["event"], w["partner"], now=NOW),
    "save_support_resource": lambda w: event_services.save_support_resource(
        w["event"], SupportResourceData("SAMU", phone="141"), w["support"], now=NOW
    ),
    "delete_support_resource": lambda w: event_services.delete_support_resource(
        w["event"], w["support"], now=NOW
    ),
    "change_event": lambda w: event_changes.change_event(
        w["event"], _event_data(w["event"], end_date=date(2024, 12, 13)), actor=None, now=NOW
    ),
    "delete_room": lambda w: event_changes.delete_room(w["event"], w["room"], actor=None, now=NOW),
    "save_session": lambda w: schedule_services.save_session(
        w["event"], _session(w, "Nouvelle", 14), actor=None, now=NOW
    ),
    "move_session": lambda w: schedule_services.move_session(
        w["event"], w["session"], SlotData(DAY, time(16), time(17)), actor=None, now=NOW
    ),
    "delete_session": lambda w: schedule_services.delete_session(
        w["event"], w["session"], actor=None, now=NOW
    ),
    "add_role": lambda w: schedule_services.add_role(
        w["event"], w["session"], w["other"].id, SpeakerRole.PANELIST, actor=None, now=NOW
    ),
    "remove_role": lambda w: schedule_services.remove_role(
        w["event"], w["session"], w["role"].id, actor=None, now=NOW
    ),
    "save_speaker": lambda w: speaker_services.save_speaker(
        w["event"], SpeakerData("Salma C."), None, w["speaker"], now=NOW
    ),
    "update_profile": lambda w: speaker_services.update_profile(
        w["speaker"], bio="Psychiatre.", photo=None, now=NOW
    ),
    "delete_speaker": lambda w: speaker_services.delete_speaker(
        w["event"], w["speaker"], actor=None, now=NOW
    ),
    "add_availability": lambda w: speaker_services.add_availability(
        w["event"], w["speaker"], SlotData(DAY, time(8), time(12)), now=NOW
    ),
    "remove_availability": lambda w: speaker_services.remove_availability(
        w["speaker"], w["window"].id, now=NOW
    ),
    "save_settings": lambda w: registration_services.save_settings(
        w["event"], SettingsData(is_open=True, capacity=50), now=NOW
    ),
}
# Creating an event starts its revision rather than raising one.
CREATES = {"create_event"}


def _world() -> dict[str, Any]:
    organizer = make_organizer()
    event = make_event(organizer, published=True)
    w: dict[str, Any] = {"event": event}
    w["room"] = event_services.save_room(event, RoomData("Salle A"), now=NOW)
    w["partner"] = event_services.save_partner(event, PartnerData("Partner"), None, now=NOW)
    w["support"] = event_services.save_support_resource(
        event, SupportResourceData("Allo", phone="080"), now=NOW
    )
    w["speaker"] = speaker_services.save_speaker(
        event, SpeakerData("Salma", email="salma@example.org"), now=NOW
    )
    w["other"] = speaker_services.save_speaker(event, SpeakerData("Omar"), now=NOW)
    w["session"] = schedule_services.save_session(
        event, _session(w, "Table ronde", 10), actor=None, now=NOW
    )
    w["role"] = schedule_services.add_role(
        event, w["session"], w["speaker"].id, SpeakerRole.MODERATOR, actor=None, now=NOW
    )
    w["window"] = speaker_services.add_availability(
        event, w["speaker"], SlotData(DAY, time(13), time(18)), now=NOW
    )
    db.session.commit()
    return w


def _revision(event_id: int) -> int:
    db.session.expire_all()
    event = db.session.get(Event, event_id)
    assert event is not None
    return event.revision


@pytest.mark.parametrize("name", sorted(WALK))
def test_each_write_service_raises_the_event_revision(app: Flask, name: str) -> None:
    world = _world()
    event_id = world["event"].id
    before = _revision(event_id)
    WALK[name](world)
    db.session.commit()
    assert _revision(event_id) > before, f"{name} wrote content without raising the revision"


def test_a_new_event_starts_at_revision_one(app: Flask) -> None:
    event = make_event()
    assert event.revision == 1 and event.revised_at == NOW


def _write_services() -> set[str]:
    found = set()
    for module in CONTENT_MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and name.startswith(WRITE_PREFIXES):
                found.add(name)
    return found


def test_every_write_service_of_the_content_modules_is_walked() -> None:
    unwalked = _write_services() - set(WALK) - set(NOT_CONTENT) - CREATES
    assert unwalked == set(), f"add these to WALK (or NOT_CONTENT with a reason): {unwalked}"


def test_the_walk_names_only_real_services() -> None:
    assert set(WALK) <= _write_services()


def test_a_photo_upload_by_the_speaker_raises_the_revision(app: Flask) -> None:
    world = _world()
    before = _revision(world["event"].id)
    photo = StoredImage(data=b"\x89PNG", content_type="image/png", digest="a" * 64)
    speaker_services.update_profile(world["speaker"], bio="", photo=photo, now=NOW)
    db.session.commit()
    assert _revision(world["event"].id) > before
