from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from summit.imports.reading import ScheduleFileError
from summit.imports.reading import read_schedule
from summit.schedule.models import SessionKind

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(autouse=True)
def request_context(app: Flask) -> Iterator[None]:
    with app.test_request_context():  # messages are translated when raised
        yield


def pretalx_shaped() -> dict[str, Any]:
    return json.loads((DATA / "pretalx_shaped.json").read_text())


def encoded(data: dict[str, Any]) -> bytes:
    return json.dumps(data).encode()


def test_a_pretalx_shaped_file_gives_sessions_in_utc_with_speakers_and_bios(app: Flask) -> None:
    schedule = read_schedule((DATA / "pretalx_shaped.json").read_bytes())
    assert (schedule.title, schedule.acronym, schedule.timezone) == (
        "MindCamp Paris 2025",
        "mindcamp",
        "Europe/Paris",
    )
    assert schedule.rooms == ("Grande salle", "Salle calme")
    first, workshop, panel = schedule.sessions
    assert first.starts_at == datetime(2025, 10, 25, 7, 30, tzinfo=UTC)
    assert first.ends_at == datetime(2025, 10, 25, 8, 30, tzinfo=UTC)
    # The day after the clocks go back, 10:00 is UTC+01.
    assert panel.starts_at == datetime(2025, 10, 26, 9, 0, tzinfo=UTC)
    assert (first.kind, workshop.kind, panel.kind) == (
        SessionKind.TALK,
        SessionKind.WORKSHOP,
        SessionKind.ROUND_TABLE,
    )
    assert first.description.startswith("What late-night scrolling")
    assert first.description.endswith("time for questions.")
    assert [schedule.persons[key].name for key, _ in workshop.persons] == [
        "Léa Martin",
        "Karim Haddad",
    ]
    assert schedule.persons[workshop.persons[1][0]].bio == "Yoga teacher and nurse."


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7 not a schedule",
        b"",
        b'{"name": "a JSON file about something else"}',
        b"<html><body>a web page</body></html>",
        b"<schedule><unclosed>",
        b"[1, 2, 3]",
    ],
)
def test_files_that_are_not_schedules_are_refused_with_what_to_upload(
    app: Flask, content: bytes
) -> None:
    with pytest.raises(ScheduleFileError, match="not a schedule"):
        read_schedule(content)


def test_a_schedule_that_breaks_the_c3voc_schema_says_where(app: Flask) -> None:
    data = pretalx_shaped()
    del data["schedule"]["conference"]["days"][0]["rooms"]["Grande salle"][0]["duration"]
    with pytest.raises(ScheduleFileError, match="c3voc schema.*days/0/rooms/Grande salle/0"):
        read_schedule(encoded(data))
    with pytest.raises(ScheduleFileError, match="c3voc schema \\(line"):
        read_schedule(b"<schedule><conference><title>x</title></conference></schedule>")


def test_an_unknown_or_missing_time_zone_is_refused(app: Flask) -> None:
    data = pretalx_shaped()
    data["schedule"]["conference"]["time_zone_name"] = "Europe/Atlantis"
    with pytest.raises(ScheduleFileError, match="Europe/Atlantis is unknown"):
        read_schedule(encoded(data))
    del data["schedule"]["conference"]["time_zone_name"]
    with pytest.raises(ScheduleFileError, match="names no time zone"):
        read_schedule(encoded(data))


def test_overlapping_days_are_refused(app: Flask) -> None:
    data = pretalx_shaped()
    days = data["schedule"]["conference"]["days"]
    days[1]["day_start"] = "2025-10-25T20:00:00+02:00"
    with pytest.raises(ScheduleFileError, match="Days 2025-10-25 and 2025-10-26 overlap"):
        read_schedule(encoded(data))


def test_the_real_pretalx_exports_read_alike_in_json_and_xml(app: Flask) -> None:
    from_json = read_schedule((DATA / "pretalx" / "schedule.json").read_bytes())
    from_xml = read_schedule((DATA / "pretalx" / "schedule.xml").read_bytes())
    assert len(from_json.sessions) == len(from_xml.sessions) == 240
    assert from_json.timezone == from_xml.timezone == "Africa/Casablanca"

    def agenda(schedule: Any) -> list[tuple[Any, ...]]:
        return [
            (
                s.guid,
                s.title,
                s.starts_at,
                s.ends_at,
                s.room,
                [schedule.persons[k].name for k, _ in s.persons],
            )
            for s in schedule.sessions
        ]

    assert agenda(from_json) == agenda(from_xml)
    assert sum(bool(p.bio) for p in from_json.persons.values()) == len(from_json.persons) == 400
