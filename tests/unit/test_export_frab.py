from __future__ import annotations

import json
import uuid
from datetime import UTC
from datetime import date
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
from flask import Flask
from lxml import etree

from summit.exports.frab import build_frab_json
from summit.exports.frab import build_frab_xml
from summit.exports.frab import session_guid
from summit.exports.loading import agenda_sessions
from summit.exports.loading import event_speakers
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionStatus
from summit.schedule.models import SpeakerRole
from tests.export_factories import make_session
from tests.export_factories import make_speaker
from tests.factories import make_event
from tests.factories import make_room

DATA = Path(__file__).parent.parent / "data"
BASE = "https://summit.test"
DOMAIN = "summit.test"


def xml_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / "schedule.xml.xsd")))


# jsonschema checks "date-time", "uri" and "uuid" only with optional packages; these
# strict stand-ins make the formats count.
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None


@FORMATS.checks("date", raises=ValueError)
def _date(value: object) -> bool:
    return not isinstance(value, str) or bool(date.fromisoformat(value))


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    return not isinstance(value, str) or urlsplit(value).scheme in {"http", "https"}


@FORMATS.checks("uuid", raises=ValueError)
def _uuid(value: object) -> bool:
    return not isinstance(value, str) or str(uuid.UUID(value)) == value


def json_validator() -> Any:
    schema = json.loads((DATA / "schedule.json.schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=FORMATS)


def summit_with_agenda() -> Any:
    event = make_event(
        published=True,
        slug="casa-2025",
        title="Sommet Casablanca",
        start_date=date(2025, 4, 5),
        end_date=date(2025, 4, 7),
        languages=["fr", "en"],
    )
    atlas = make_room(event, "Salle Atlas")
    make_room(event, "Empty room")
    amina = make_speaker(event, "Amina Benali", honorific="Dr", email="amina@private.example")
    omar = make_speaker(event, "Omar Alaoui")
    make_session(
        event,
        datetime(2025, 4, 5, 10, tzinfo=UTC),
        room=atlas,
        title="Anxiety & youth <panel>",
        content_note="Discusses self-harm",
        roles=[(amina, SpeakerRole.MODERATOR), (omar, SpeakerRole.PANELIST)],
    )
    # No room, and after the Ramadan change (UTC+1): 09:00 UTC is 10:00 local.
    make_session(event, datetime(2025, 4, 7, 9, tzinfo=UTC), kind=SessionKind.WELLBEING_BREAK)
    make_session(
        event,
        datetime(2025, 4, 7, 12, tzinfo=UTC),
        room=atlas,
        title="Art therapy",
        status=SessionStatus.CANCELLED,
    )
    return event


def render(event: Any, builder: Any) -> bytes:
    return builder(event, agenda_sessions(event), base_url=BASE, uid_domain=DOMAIN)


def test_schedule_xml_is_valid_against_the_frab_schema(app: Flask) -> None:
    event = summit_with_agenda()
    data = render(event, build_frab_xml)
    document = etree.fromstring(data)
    schema = xml_schema()
    assert schema.validate(document), schema.error_log
    days = document.findall("day")
    assert [d.get("date") for d in days] == ["2025-04-05", "2025-04-06", "2025-04-07"]
    first = days[0].find("room/event")
    assert first.findtext("title") == "Anxiety & youth <panel>"
    assert first.findtext("start") == "10:00"
    assert first.findtext("date") == "2025-04-05T10:00:00+00:00"
    assert [p.text for p in first.findall("persons/person")] == ["Dr Amina Benali", "Omar Alaoui"]
    later = [e for e in days[2].iter("event")]
    assert {e.findtext("start") for e in later} == {"10:00", "13:00"}
    # Labels follow the event's first language (French here).
    assert any(e.findtext("title").startswith("Annulée : ") for e in later)
    assert b"private.example" not in data


def test_schedule_json_is_valid_against_the_c3voc_schema_and_carries_roles(app: Flask) -> None:
    event = summit_with_agenda()
    data = json.loads(render(event, build_frab_json))
    json_validator().validate(data)
    conference = data["schedule"]["conference"]
    assert conference["acronym"] == "casa_2025"
    assert conference["time_zone_name"] == "Africa/Casablanca"
    assert conference["daysCount"] == 3
    (panel,) = conference["days"][0]["rooms"]["Salle Atlas"]
    assert [(p["name"], p["role"]) for p in panel["persons"]] == [
        ("Dr Amina Benali", "moderator"),
        ("Omar Alaoui", "panelist"),
    ]
    assert panel["duration"] == "01:00"
    assert "Avertissement de contenu : Discusses self-harm" in panel["description"]
    assert "Palais des congrès" in conference["days"][2]["rooms"]


def test_json_and_xml_use_the_same_session_guids_derived_from_the_calendar_uid(
    app: Flask,
) -> None:
    event = summit_with_agenda()
    sessions = agenda_sessions(event)
    expected = {session_guid(s, DOMAIN) for s in sessions}
    xml_guids = {
        e.get("guid") for e in etree.fromstring(render(event, build_frab_xml)).iter("event")
    }
    days = json.loads(render(event, build_frab_json))["schedule"]["conference"]["days"]
    json_guids = {e["guid"] for d in days for items in d["rooms"].values() for e in items}
    assert xml_guids == json_guids == expected
    assert render(event, build_frab_json) == render(event, build_frab_json)


def test_a_broken_feed_fails_validation_so_the_schema_checks_are_real(app: Flask) -> None:
    event = summit_with_agenda()
    document = etree.fromstring(render(event, build_frab_xml))
    document.find("day/room/event/duration").text = "one hour"
    assert not xml_schema().validate(document)
    data = json.loads(render(event, build_frab_json))
    panel = data["schedule"]["conference"]["days"][0]["rooms"]["Salle Atlas"][0]
    del panel["persons"]
    assert list(json_validator().iter_errors(data))
    data = json.loads(render(event, build_frab_json))
    data["schedule"]["conference"]["days"][0]["day_start"] = "2025-04-05T09:00:00"
    assert list(json_validator().iter_errors(data)), "a date-time without offset must fail"


def test_an_empty_agenda_still_validates(app: Flask) -> None:
    event = make_event(published=True, slug="tiny")
    assert xml_schema().validate(etree.fromstring(render(event, build_frab_xml)))
    json_validator().validate(json.loads(render(event, build_frab_json)))


def test_every_person_carries_the_speakers_own_id_in_both_feeds_for_confclerk(
    app: Flask,
) -> None:
    # ConfClerk shows "Presenter:" empty unless <person> has an id (valid under the XSD).
    event = summit_with_agenda()
    speakers = {s.display_name: s.id for s in event_speakers(event)}
    document = etree.fromstring(render(event, build_frab_xml))
    people = [(p.text, p.get("id")) for p in document.iter("person")]
    assert people and all(person_id == str(speakers[name]) for name, person_id in people)
    data = json.loads(render(event, build_frab_json))
    json_validator().validate(data)
    persons = [
        person
        for day in data["schedule"]["conference"]["days"]
        for items in day["rooms"].values()
        for item in items
        for person in item["persons"]
    ]
    assert persons and all(p["id"] == speakers[p["name"]] for p in persons)
    # Stable: the same speaker keeps the same id and guid in the next render.
    again = etree.fromstring(render(event, build_frab_xml))
    assert [(p.get("id"), p.get("guid")) for p in again.iter("person")] == [
        (p.get("id"), p.get("guid")) for p in document.iter("person")
    ]
