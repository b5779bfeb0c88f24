"""Shared feeds carry the event's main language by default and another on request
(``?lang=``): titles, descriptions, rooms and the event's own title, still valid."""

from __future__ import annotations

import json
from datetime import UTC
from datetime import datetime
from typing import Any

import jsonschema
import pytest
from flask import Flask
from icalendar import Calendar
from lxml import etree
from sqlalchemy import select

from summit.extensions import db
from summit.imports.reading import SCHEMAS
from summit.localized.fields import ContentEntity
from summit.localized.services import save_translations
from summit.schedule.models import Session
from summit.schedule.models import SpeakerRole
from tests.conftest import visitor_get
from tests.export_factories import make_session
from tests.export_factories import make_speaker
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_room

START = datetime(2024, 12, 12, 9, tzinfo=UTC)


@pytest.fixture
def event(app: Flask) -> Any:
    event = make_event(published=True, title="Sommet", languages=["fr", "ar", "en"])
    room = make_room(event, "Salle plénière")
    speaker = make_speaker(event, "Imane Kendili")
    session = make_session(
        event,
        START,
        title="Santé mentale à l’ère numérique",
        room=room,
        roles=[(speaker, SpeakerRole.PANELIST)],
    )
    save_translations(
        event,
        "ar",
        {
            (ContentEntity.EVENT, event.id, "title"): "ملتقى",
            (ContentEntity.SESSION, session.id, "title"): "الصحة النفسية في العصر الرقمي",
            (ContentEntity.ROOM, room.id, "name"): "القاعة الكبرى",
        },
        now=NOW,
    )
    db.session.commit()
    return event


def feed(app: Flask, event: Any, name: str, query: str = "") -> bytes:
    response = visitor_get(app, f"/events/{event.slug}/{name}{query}")
    assert response.status_code == 200
    return bytes(response.data)


def test_the_json_feed_in_arabic_and_by_default(app: Flask, event: Any) -> None:
    schema = json.loads((SCHEMAS / "schedule.json.schema.json").read_text())
    arabic = json.loads(feed(app, event, "schedule.json", "?lang=ar"))
    jsonschema.validate(arabic, schema)
    conference = arabic["schedule"]["conference"]
    assert conference["title"] == "ملتقى"
    [item] = [i for day in conference["days"] for items in day["rooms"].values() for i in items]
    assert (item["title"], item["room"]) == ("الصحة النفسية في العصر الرقمي", "القاعة الكبرى")
    assert [room["name"] for room in conference["rooms"]] == ["القاعة الكبرى"]
    default = json.loads(feed(app, event, "schedule.json"))["schedule"]["conference"]
    assert default["title"] == "Sommet"
    assert "Santé mentale à l’ère numérique" in json.dumps(default, ensure_ascii=False)


def test_the_xml_feed_in_arabic_is_valid(app: Flask, event: Any) -> None:
    root = etree.fromstring(feed(app, event, "schedule.xml", "?lang=ar"))
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))
    assert schema.validate(root), schema.error_log
    assert root.findtext("conference/title") == "ملتقى"
    assert root.findtext(".//event/title") == "الصحة النفسية في العصر الرقمي"


def test_the_calendar_in_arabic_and_an_untranslated_language(app: Flask, event: Any) -> None:
    arabic = Calendar.from_ical(feed(app, event, "schedule.ics", "?lang=ar"))
    [entry] = arabic.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "الصحة النفسية في العصر الرقمي"
    assert "ملتقى" in str(arabic["X-WR-CALNAME"])
    # English has no translation: the French texts, with Summit's own words in English.
    english = Calendar.from_ical(feed(app, event, "schedule.ics", "?lang=en"))
    [entry] = english.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Santé mentale à l’ère numérique"
    assert "agenda" in str(english["X-WR-CALNAME"])


def test_each_language_is_stored_and_validated_apart(app: Flask, event: Any) -> None:
    first = visitor_get(app, f"/events/{event.slug}/schedule.ics?lang=ar")
    default = visitor_get(app, f"/events/{event.slug}/schedule.ics")
    assert first.headers["ETag"] != default.headers["ETag"]
    assert "الصحة النفسية".encode() in first.data and "الصحة النفسية".encode() not in default.data
    # An unknown language is the default feed.
    unknown = visitor_get(app, f"/events/{event.slug}/schedule.ics?lang=xx")
    assert unknown.headers["ETag"] == default.headers["ETag"]


def test_one_sessions_calendar_file_in_arabic(app: Flask, event: Any) -> None:
    session = db.session.scalars(select(Session).where(Session.event_id == event.id)).one()
    path = f"/events/{event.slug}/sessions/{session.public_id}.ics"
    arabic = Calendar.from_ical(feed(app, event, path.split("/", 3)[3], "?lang=ar"))
    [entry] = arabic.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "الصحة النفسية في العصر الرقمي"
    assert "القاعة الكبرى" in str(entry["LOCATION"])
    default = Calendar.from_ical(feed(app, event, path.split("/", 3)[3]))
    [entry] = default.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Santé mentale à l’ère numérique"
