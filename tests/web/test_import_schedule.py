"""Importing schedules: the command, the organizer upload, round trips of Summit's own
feeds, a pretalx-shaped file and pretalx's real exports."""

from __future__ import annotations

import io
import json
from datetime import UTC
from datetime import date
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select

from summit.events.models import Event
from summit.events.models import EventStatus
from summit.exports.frab import build_frab_json
from summit.exports.frab import build_frab_xml
from summit.exports.loading import agenda_sessions
from summit.extensions import db
from summit.schedule.models import Session
from summit.schedule.models import SessionRole
from summit.schedule.models import SpeakerRole
from tests.export_factories import make_session
from tests.export_factories import make_speaker
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room

DATA = Path(__file__).parents[1] / "data"


def event_by_slug(slug: str) -> Event:
    event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one()
    return event


def agenda_of(event: Event, *, with_roles: bool = True) -> list[tuple[Any, ...]]:
    """What a visitor sees of each session, independent of ids."""
    db.session.expire_all()
    rows = []
    for s in agenda_sessions(event):
        people = [
            (r.speaker.display_name, r.role if with_roles else None)
            for r in sorted(s.roles, key=lambda r: r.position)
        ]
        rows.append((s.title, s.starts_at, s.ends_at, s.room.name if s.room else None, people))
    return sorted(rows, key=lambda r: (r[1], r[0]))


def summit_event() -> Event:
    event = make_event(
        published=True,
        slug="casa-2025",
        start_date=date(2025, 4, 5),
        end_date=date(2025, 4, 7),
        languages=["fr", "en"],
    )
    atlas, calm = make_room(event, "Salle Atlas"), make_room(event, "Salle calme")
    amina = make_speaker(event, "Amina Benali", bio="Psychiatre.")
    omar = make_speaker(event, "Omar Alaoui", bio="Psychologue.")
    # Around the end of Ramadan (6 April 2025, UTC+00 → UTC+01).
    make_session(
        event,
        datetime(2025, 4, 5, 10, tzinfo=UTC),
        room=atlas,
        title="Anxiété et jeunesse",
        roles=[(amina, SpeakerRole.MODERATOR), (omar, SpeakerRole.PANELIST)],
    )
    make_session(event, datetime(2025, 4, 7, 9, tzinfo=UTC), room=calm, title="Respirer")
    make_session(
        event,
        datetime(2025, 4, 7, 13, tzinfo=UTC),
        minutes=90,
        room=atlas,
        title="Atelier parents",
        roles=[(omar, SpeakerRole.SPEAKER)],
    )
    return event


def export(event: Event, builder: Any, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    sessions = agenda_sessions(event)
    path.write_bytes(builder(event, sessions, base_url="https://a.test", uid_domain="a.test"))
    return path


def test_summits_own_json_feed_round_trips_to_the_same_agenda(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    original = summit_event()
    path = export(original, build_frab_json, tmp_path, "schedule.json")
    result = runner.invoke(args=["import-schedule", str(path), "--slug", "copy"])
    assert result.exit_code == 0, result.output
    assert "Created copy (draft): 3 sessions added" in result.output
    copy = event_by_slug("copy")
    assert copy.status is EventStatus.DRAFT
    assert copy.timezone == "Africa/Casablanca"
    assert (copy.start_date, copy.end_date) == (original.start_date, original.end_date)
    assert agenda_of(copy) == agenda_of(original)
    bios = {r.speaker.name: r.speaker.bio for s in agenda_sessions(copy) for r in s.roles}
    assert bios == {"Amina Benali": "Psychiatre.", "Omar Alaoui": "Psychologue."}


def test_summits_own_xml_feed_round_trips_to_the_same_agenda(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    original = summit_event()
    path = export(original, build_frab_xml, tmp_path, "schedule.xml")
    result = runner.invoke(args=["import-schedule", str(path), "--slug", "copy", "--publish"])
    assert result.exit_code == 0, result.output
    copy = event_by_slug("copy")
    assert copy.status is EventStatus.PUBLISHED
    # frab XML has no roles: everyone is a speaker; the rest is the same agenda.
    assert agenda_of(copy, with_roles=False) == agenda_of(original, with_roles=False)


def test_importing_again_updates_the_same_event_matching_sessions_on_guids(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    make_organizer()
    data = json.loads((DATA / "pretalx_shaped.json").read_text())
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(data))
    assert runner.invoke(args=["import-schedule", str(path)]).exit_code == 0
    event = event_by_slug("mindcamp")
    first_ids = sorted(s.public_id for s in agenda_sessions(event))

    # The source tool moved one session, renamed another and dropped the third.
    days = data["schedule"]["conference"]["days"]
    talk = days[0]["rooms"]["Grande salle"][0]
    talk["date"], talk["start"] = "2025-10-25T11:00:00+02:00", "11:00"
    days[0]["rooms"]["Salle calme"][0]["title"] = "Breathing together"
    days[1]["rooms"]["Grande salle"] = []
    path.write_text(json.dumps(data))
    result = runner.invoke(args=["import-schedule", str(path)])
    assert result.exit_code == 0, result.output
    assert "Updated mindcamp (draft): 0 sessions added, 2 updated, 1 removed." in result.output
    assert db.session.scalar(select(func.count(Event.id))) == 1
    sessions = {s.title: s for s in agenda_sessions(event_by_slug("mindcamp"))}
    assert set(sessions) == {"Sleep, screens and teenagers", "Breathing together"}
    assert sessions["Sleep, screens and teenagers"].starts_at == datetime(
        2025, 10, 25, 9, tzinfo=UTC
    )
    assert {s.public_id for s in sessions.values()} < set(first_ids)


def test_the_real_pretalx_exports_import_with_every_session_speaker_and_bio(
    app: Flask, runner: Any
) -> None:
    make_organizer()
    result = runner.invoke(args=["import-schedule", str(DATA / "pretalx" / "schedule.json")])
    assert result.exit_code == 0, result.output
    assert "240 sessions added" in result.output
    event = event_by_slug("anchorcon")
    sessions = agenda_sessions(event)
    assert len(sessions) == 240
    assert (
        db.session.scalar(
            select(func.count(SessionRole.id)).join(Session).where(Session.event_id == event.id)
        )
        == 835
    )
    first = min(sessions, key=lambda s: (s.starts_at, s.room.name if s.room else ""))
    assert first.starts_at == datetime(2027, 5, 18, 7, tzinfo=UTC)  # 08:00 at UTC+01
    assert all(r.speaker.bio for s in sessions for r in s.roles)
    # The XML export of the same event updates it in place: same sessions, no duplicates.
    again = runner.invoke(
        args=["import-schedule", str(DATA / "pretalx" / "schedule.xml"), "--slug", "anchorcon"]
    )
    assert again.exit_code == 0, again.output
    assert "0 sessions added, 240 updated, 0 removed" in again.output


def test_the_command_explains_a_bad_file_and_saves_nothing(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    make_organizer()
    path = tmp_path / "notes.json"
    path.write_text('{"hello": "world"}')
    result = runner.invoke(args=["import-schedule", str(path)])
    assert result.exit_code != 0
    assert "This file is not a schedule." in result.output
    assert db.session.scalar(select(func.count(Event.id))) == 0


def test_an_event_made_in_summit_is_never_overwritten_by_an_import(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    original = summit_event()
    path = export(original, build_frab_json, tmp_path, "schedule.json")
    result = runner.invoke(args=["import-schedule", str(path), "--slug", "casa-2025"])
    assert result.exit_code != 0
    assert "already has sessions made in Summit" in result.output
    assert len(agenda_sessions(original)) == 3


def test_organizers_upload_a_schedule_under_manage(
    app: Flask, client: FlaskClient, auth: Any
) -> None:
    auth.login(make_organizer().email)
    page = client.get("/manage/import")
    assert page.status_code == 200 and "Import a schedule" in page.get_data(as_text=True)
    upload = {
        "file": (io.BytesIO((DATA / "pretalx_shaped.json").read_bytes()), "schedule.json"),
        "slug": "mind-camp",
    }
    response = client.post("/manage/import", data=upload, content_type="multipart/form-data")
    assert response.status_code == 302
    event = event_by_slug("mind-camp")
    assert response.headers["Location"].endswith(f"/manage/events/{event.id}/")
    assert len(agenda_sessions(event)) == 3 and event.status is EventStatus.DRAFT


def test_the_upload_shows_the_files_problem_next_to_the_field(
    app: Flask, client: FlaskClient, auth: Any
) -> None:
    auth.login(make_organizer().email)
    bad = {"file": (io.BytesIO(b"%PDF-1.7"), "program.pdf")}
    response = client.post("/manage/import", data=bad, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "This file is not a schedule." in response.get_data(as_text=True)
    missing = client.post("/manage/import", data={}, content_type="multipart/form-data")
    assert missing.status_code == 400
    assert "Choose the schedule file to import." in missing.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Event.id))) == 0


def test_the_upload_needs_a_signed_in_organizer(app: Flask, client: FlaskClient) -> None:
    response = client.get("/manage/import")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
