from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import func
from sqlalchemy import select

from summit.extensions import db
from summit.schedule.models import ScheduleChange
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionRole
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerRole
from summit.schedule.speakers import MAX_BIO_CHARS
from tests.conftest import AuthActions
from tests.conftest import csrf_token_from
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room
from tests.schedule_factories import give_role
from tests.schedule_factories import make_session
from tests.schedule_factories import make_speaker

CONFIRMED = {"confirmed": "yes"}  # the answer on the confirmation step


@pytest.fixture
def setup(app: Flask) -> dict[str, Any]:
    organizer = make_organizer()
    event = make_event(organizer)
    room = make_room(event, "Salle plénière", capacity=200)
    session = make_session(event, room=room, kind=SessionKind.ROUND_TABLE, title="Santé mentale")
    speaker = make_speaker(event, "Imane Kendili", honorific="Dr")
    link = give_role(event, session, speaker)
    window_event = event
    from datetime import time

    from summit.schedule.services import SlotData
    from summit.schedule.speakers import add_availability

    window = add_availability(
        window_event, speaker, SlotData(event.start_date, time(8), time(18)), now=NOW
    )
    db.session.commit()
    return {
        "organizer": organizer,
        "event": event,
        "room": room,
        "session": session,
        "speaker": speaker,
        "link": link,
        "window": window,
    }


def urls(s: dict[str, Any]) -> dict[str, list[str]]:
    e = s["event"].id
    sid, spk = s["session"].id, s["speaker"].id
    base = f"/manage/events/{e}"
    return {
        "get": [
            f"{base}/sessions/",
            f"{base}/sessions/new",
            f"{base}/sessions/{sid}/",
            f"{base}/sessions/{sid}/edit",
            f"{base}/agenda/",
            f"{base}/problems",
            f"{base}/speakers/",
            f"{base}/speakers/{spk}/edit",
        ],
        "post": [
            f"{base}/sessions/new",
            f"{base}/sessions/{sid}/edit",
            f"{base}/sessions/{sid}/delete",
            f"{base}/sessions/{sid}/roles",
            f"{base}/sessions/{sid}/roles/{s['link'].id}/delete",
            f"{base}/sessions/{sid}/move",
            f"{base}/speakers/",
            f"{base}/speakers/{spk}/edit",
            f"{base}/speakers/{spk}/delete",
            f"{base}/speakers/{spk}/availability",
            f"{base}/speakers/{spk}/availability/{s['window'].id}/delete",
        ],
    }


def counts() -> tuple[int, int, int]:
    return (
        db.session.scalar(select(func.count(Session.id))) or 0,
        db.session.scalar(select(func.count(Speaker.id))) or 0,
        db.session.scalar(select(func.count(SessionRole.id))) or 0,
    )


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(
    client: FlaskClient, setup: dict[str, Any]
) -> None:
    before = counts()
    for method, paths in urls(setup).items():
        for path in paths:
            response = client.open(path, method=method.upper())
            assert response.status_code == 302, path
            assert "/auth/login" in response.headers["Location"], path
    assert counts() == before


def test_organizers_of_another_event_get_404_everywhere(
    client: FlaskClient, auth: AuthActions, setup: dict[str, Any]
) -> None:
    outsider = make_organizer()
    make_event(outsider)
    auth.login(outsider.email)
    before = counts()
    for method, paths in urls(setup).items():
        for path in paths:
            assert client.open(path, method=method.upper()).status_code == 404, path
    assert counts() == before


def test_the_events_organizers_see_every_page(
    client: FlaskClient, auth: AuthActions, setup: dict[str, Any]
) -> None:
    auth.login(setup["organizer"].email)
    expected = [
        "Santé mentale",
        "New session",
        "Dr Imane Kendili",
        "Save session",
        "Salle plénière",
        "This round table has no moderator.",
        "Dr Imane Kendili",
        "Add availability",
    ]
    for path, text in zip(urls(setup)["get"], expected, strict=True):
        response = client.get(path)
        assert response.status_code == 200, path
        assert text in response.get_data(as_text=True), path


def test_ids_of_another_events_rows_in_urls_are_404(
    client: FlaskClient, auth: AuthActions, setup: dict[str, Any]
) -> None:
    organizer = setup["organizer"]
    mine = make_event(organizer)
    auth.login(organizer.email)
    base = f"/manage/events/{mine.id}"
    s = setup
    for path in [
        f"{base}/sessions/{s['session'].id}/",
        f"{base}/sessions/{s['session'].id}/edit",
        f"{base}/speakers/{s['speaker'].id}/edit",
        f"{base}/speakers/{s['speaker'].id}/photo",
    ]:
        assert client.get(path).status_code == 404, path
    before = counts()
    for path in [
        f"{base}/sessions/{s['session'].id}/delete",
        f"{base}/sessions/{s['session'].id}/move",
        f"{base}/sessions/{s['session'].id}/roles/{s['link'].id}/delete",
        f"{base}/speakers/{s['speaker'].id}/delete",
    ]:
        assert client.post(path).status_code == 404, path
    # A role id of another session, under a session of this event.
    other_session = make_session(mine)
    path = f"{base}/sessions/{other_session.id}/roles/{s['link'].id}/delete"
    assert client.post(path).status_code == 404
    assert counts()[1:] == before[1:]


def session_form(**overrides: Any) -> dict[str, str]:
    values = {
        "kind": "talk",
        "title": "Prévenir l’épuisement",
        "description": "",
        "content_note": "",
        "language": "fr",
        "room_id": "",
        "day": "2024-12-12",
        "start": "10:00",
        "end": "11:00",
        "status": "scheduled",
        "capacity": "",
    }
    values.update(overrides)
    return values


@pytest.fixture
def signed_in(client: FlaskClient, auth: AuthActions, setup: dict[str, Any]) -> dict[str, Any]:
    auth.login(setup["organizer"].email)
    return setup


def test_creating_a_session_stores_utc_and_redirects_to_it(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    event = signed_in["event"]
    response = client.post(
        f"/manage/events/{event.id}/sessions/new",
        data=session_form(room_id=str(signed_in["room"].id), content_note="discusses suicide"),
    )
    assert response.status_code == 302
    created = db.session.execute(
        select(Session).where(Session.title == "Prévenir l’épuisement")
    ).scalar_one()
    assert response.headers["Location"].endswith(f"/sessions/{created.id}/")
    assert created.starts_at is not None and created.starts_at.hour == 9  # 10:00 at UTC+1
    assert created.content_note == "discusses suicide"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Session saved." in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start": "11:00", "end": "10:00"}, "The end time must be after the start time."),
        ({"day": "2024-12-14"}, "Choose a day of the event"),
        ({"end": ""}, "Give the day, start and end time"),
        ({"title": ""}, "Give the session a title."),
        ({"kind": "party"}, "Not a valid choice"),
        ({"capacity": "-3"}, "Enter a number of seats from 0 to 100000."),
    ],
)
def test_bad_session_input_is_refused_with_a_message(
    client: FlaskClient, signed_in: dict[str, Any], overrides: dict[str, str], message: str
) -> None:
    before = counts()
    response = client.post(
        f"/manage/events/{signed_in['event'].id}/sessions/new", data=session_form(**overrides)
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert counts() == before


def test_a_nonexistent_local_time_is_refused(
    client: FlaskClient, auth: AuthActions, app: Flask
) -> None:
    from datetime import date

    organizer = make_organizer()
    event = make_event(
        organizer, start_date=date(2025, 3, 30), end_date=date(2025, 3, 30), timezone="Europe/Paris"
    )
    auth.login(organizer.email)
    response = client.post(
        f"/manage/events/{event.id}/sessions/new",
        data=session_form(day="2025-03-30", start="02:30", end="04:00"),
    )
    assert "02:30 does not exist on 2025-03-30 in Europe/Paris" in response.get_data(as_text=True)
    assert (
        db.session.scalar(select(func.count(Session.id)).where(Session.event_id == event.id)) == 0
    )


def test_an_ambiguous_local_time_is_refused(
    client: FlaskClient, auth: AuthActions, app: Flask
) -> None:
    from datetime import date

    organizer = make_organizer()
    event = make_event(
        organizer,
        start_date=date(2025, 10, 26),
        end_date=date(2025, 10, 26),
        timezone="Europe/Paris",
    )
    auth.login(organizer.email)
    response = client.post(
        f"/manage/events/{event.id}/sessions/new",
        data=session_form(day="2025-10-26", start="02:30", end="03:30"),
    )
    assert "02:30 happens twice" in response.get_data(as_text=True)


def test_a_room_of_another_event_in_the_form_is_refused(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    foreign = make_room(make_event())
    before = counts()
    response = client.post(
        f"/manage/events/{signed_in['event'].id}/sessions/new",
        data=session_form(room_id=str(foreign.id)),
    )
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert counts() == before


def test_overlapping_sessions_are_saved_and_warned_about(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    event, room = signed_in["event"], signed_in["room"]
    response = client.post(
        f"/manage/events/{event.id}/sessions/new",
        data=session_form(room_id=str(room.id)),
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Salle plénière also hosts “Santé mentale” at the same time." in page
    problems = client.get(f"/manage/events/{event.id}/problems").get_data(as_text=True)
    assert "also hosts" in problems
    assert "This round table has no moderator." in problems


def test_adding_a_speaker_from_the_session_page(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    event, session = signed_in["event"], signed_in["session"]
    moderator = make_speaker(event, "Modératrice Test")
    response = client.post(
        f"/manage/events/{event.id}/sessions/{session.id}/roles",
        data={"speaker_id": str(moderator.id), "role": "moderator", "position": ""},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert [(r.speaker.name, r.role) for r in session.roles] == [
        ("Imane Kendili", SpeakerRole.PANELIST),
        ("Modératrice Test", SpeakerRole.MODERATOR),
    ]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This round table has no moderator." not in page


def test_a_duplicate_role_is_refused_with_a_message(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    event, session, speaker = signed_in["event"], signed_in["session"], signed_in["speaker"]
    response = client.post(
        f"/manage/events/{event.id}/sessions/{session.id}/roles",
        data={"speaker_id": str(speaker.id), "role": "moderator"},
    )
    assert response.status_code == 200
    assert "Dr Imane Kendili already has a role in this session." in response.get_data(as_text=True)
    assert counts()[2] == 1


def test_a_speaker_of_another_event_cannot_be_added(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    stranger = make_speaker(make_event(), "Stranger")
    event, session = signed_in["event"], signed_in["session"]
    response = client.post(
        f"/manage/events/{event.id}/sessions/{session.id}/roles",
        data={"speaker_id": str(stranger.id), "role": "panelist"},
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert counts()[2] == 1


def test_moving_a_session_in_the_agenda_builder(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    event, session = signed_in["event"], signed_in["session"]
    other_room = make_room(event, "Espace bien-être", capacity=30)
    response = client.post(
        f"/manage/events/{event.id}/sessions/{session.id}/move",
        data={"day": "2024-12-12", "start": "15:00", "end": "16:30", "room_id": str(other_room.id)},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/agenda/#s{session.id}")
    db.session.expire_all()
    assert session.starts_at is not None and session.starts_at.hour == 14
    assert session.room_id == other_room.id
    assert "“Santé mentale” moved." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_a_bad_move_changes_nothing_and_says_why(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    event, session = signed_in["event"], signed_in["session"]
    before = session.starts_at
    response = client.post(
        f"/manage/events/{event.id}/sessions/{session.id}/move",
        data={"day": "2024-12-12", "start": "15:00", "end": "14:00", "room_id": ""},
        follow_redirects=True,
    )
    assert "Not moved: The end time must be after the start time." in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert session.starts_at == before and session.room_id == signed_in["room"].id


def test_a_move_to_a_room_of_another_event_is_refused(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    event, session = signed_in["event"], signed_in["session"]
    foreign = make_room(make_event())
    response = client.post(
        f"/manage/events/{event.id}/sessions/{session.id}/move",
        data={"day": "2024-12-12", "start": "15:00", "end": "16:00", "room_id": str(foreign.id)},
        follow_redirects=True,
    )
    assert "Not moved" in response.get_data(as_text=True)
    db.session.expire_all()
    assert session.room_id == signed_in["room"].id


def test_agenda_builder_shows_grid_unscheduled_sessions_and_conflicts(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    event = signed_in["event"]
    make_session(event, start=None, end=None, title="À placer")
    page = client.get(f"/manage/events/{event.id}/agenda/").get_data(as_text=True)
    assert "Salle plénière" in page
    assert "À placer" in page.split('id="unscheduled-title"')[1]
    assert "This round table has no moderator." in page
    assert f'id="s{signed_in["session"].id}"' in page


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "teal").save(out, "PNG")
    return out.getvalue()


def speaker_form(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "honorific": "Pr",
        "name": "Jallal Toufiq",
        "position": "Psychiatre",
        "affiliation": "",
        "bio": "Espaces numériques sûrs pour les jeunes.",
        "email": "jt@example.org",
        "links": "https://example.org/jt",
        "languages": ["fr", "ar"],
    }
    values.update(overrides)
    return values


def test_adding_a_speaker_with_a_photo(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    event = signed_in["event"]
    data = speaker_form(photo=(io.BytesIO(png_bytes()), "jt.png"))
    response = client.post(
        f"/manage/events/{event.id}/speakers/", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    speaker = db.session.execute(
        select(Speaker).where(Speaker.name == "Jallal Toufiq")
    ).scalar_one()
    assert speaker.display_name == "Pr Jallal Toufiq"
    assert speaker.languages == "fr ar"
    assert speaker.photo_type == "image/png"
    photo = client.get(f"/manage/events/{event.id}/speakers/{speaker.id}/photo")
    assert photo.status_code == 200 and photo.mimetype == "image/png"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"bio": "a" * (MAX_BIO_CHARS + 1)}, f"Keep the bio under {MAX_BIO_CHARS} characters."),
        ({"name": ""}, "Give the speaker"),
        ({"email": "not-an-email"}, "Enter a valid e-mail address."),
        ({"links": "javascript:alert(1)"}, "Each link must start with https://"),
        (
            {"photo": (io.BytesIO(b"GIF89a not really"), "fake.png")},
            "This file is not a readable image.",
        ),
    ],
)
def test_bad_speaker_input_is_refused_with_a_message(
    client: FlaskClient, signed_in: dict[str, Any], overrides: dict[str, Any], message: str
) -> None:
    before = counts()
    response = client.post(
        f"/manage/events/{signed_in['event'].id}/speakers/",
        data=speaker_form(**overrides),
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert counts() == before


def test_availability_windows_are_added_and_removed(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    event, speaker = signed_in["event"], signed_in["speaker"]
    base = f"/manage/events/{event.id}/speakers/{speaker.id}"
    response = client.post(
        f"{base}/availability", data={"day": "2024-12-12", "start": "14:00", "end": "12:00"}
    )
    assert "The end time must be after the start time." in response.get_data(as_text=True)
    assert (
        client.post(
            f"{base}/availability", data={"day": "2024-12-12", "start": "09:00", "end": "12:00"}
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert len(speaker.availability) == 2
    window = speaker.availability[-1]
    assert client.post(f"{base}/availability/{window.id}/delete", data=CONFIRMED).status_code == 302
    db.session.expire_all()
    assert len(speaker.availability) == 1


def test_deleting_a_session_and_a_speaker(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    event = signed_in["event"]
    assert (
        client.post(
            f"/manage/events/{event.id}/speakers/{signed_in['speaker'].id}/delete",
            data=CONFIRMED,
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/manage/events/{event.id}/sessions/{signed_in['session'].id}/delete",
            data=CONFIRMED,
        ).status_code
        == 302
    )
    assert counts() == (0, 0, 0)


def test_changes_after_publication_are_logged_with_who(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    event, session = signed_in["event"], signed_in["session"]
    event.status = event.status.PUBLISHED
    db.session.commit()
    client.post(
        f"/manage/events/{event.id}/sessions/{session.id}/edit",
        data=session_form(
            title="Santé mentale",
            kind="round_table",
            status="cancelled",
            room_id=str(signed_in["room"].id),
            confirmed="yes",
        ),
    )
    change = db.session.execute(select(ScheduleChange)).scalar_one()
    assert (change.field, change.before, change.after) == ("status", "scheduled", "cancelled")
    assert change.changed_by_id == signed_in["organizer"].id
    db.session.expire_all()
    assert session.sequence == 1


def test_state_changing_posts_need_a_csrf_token(make_app: Callable[..., Flask]) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        organizer = make_organizer()
        event = make_event(organizer)
        session = make_session(event)
        event_id, session_id, email = event.id, session.id, organizer.email
    client = app.test_client()
    login_page = client.get("/auth/login").get_data(as_text=True)
    client.post(
        "/auth/login",
        data={
            "email": email,
            "password": "correct horse battery",
            "csrf_token": csrf_token_from(login_page),
        },
    )
    for path, data in [
        (f"/manage/events/{event_id}/sessions/new", session_form()),
        (
            f"/manage/events/{event_id}/sessions/{session_id}/move",
            {"day": "2024-12-12", "start": "15:00", "end": "16:00"},
        ),
        (f"/manage/events/{event_id}/speakers/", speaker_form()),
    ]:
        response = client.post(path, data=data)
        assert response.status_code in (200, 302, 400), path
        if response.status_code == 302:
            response = client.get(response.headers["Location"])
        assert b"expired" in response.data, path
    with app.app_context():
        assert db.session.scalar(select(func.count(Session.id))) == 1
        assert db.session.scalar(select(func.count(Speaker.id))) == 0
        moved = db.session.get(Session, session_id)
        assert moved is not None and moved.starts_at is not None and moved.starts_at.hour == 9


def test_an_unscheduled_session_gets_a_time_from_the_builder(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    event = signed_in["event"]
    later = make_session(event, start=None, end=None, title="À placer")
    page = client.get(f"/manage/events/{event.id}/agenda/").get_data(as_text=True)
    assert f'action="/manage/events/{event.id}/sessions/{later.id}/move"' in page
    response = client.post(
        f"/manage/events/{event.id}/sessions/{later.id}/move",
        data={"day": "2024-12-12", "start": "16:00", "end": "17:00", "room_id": ""},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert later.starts_at is not None and later.starts_at.hour == 15


def test_deleting_a_published_session_is_listed_in_public_changes(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    event, session = signed_in["event"], signed_in["session"]
    event.status = event.status.PUBLISHED
    db.session.commit()
    client.post(f"/manage/events/{event.id}/sessions/{session.id}/delete", data=CONFIRMED)
    change = db.session.execute(select(ScheduleChange)).scalar_one()
    assert (change.field, change.session_title, change.session_id) == (
        "deleted",
        "Santé mentale",
        None,
    )
    page = client.get(f"/events/{event.slug}/changes/").get_data(as_text=True)
    assert "Santé mentale" in page and "Removed" in page


def test_session_page_offers_only_this_events_speakers(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    make_speaker(make_event(), "Personne Ailleurs")
    event, session = signed_in["event"], signed_in["session"]
    page = client.get(f"/manage/events/{event.id}/sessions/{session.id}/").get_data(as_text=True)
    assert "Dr Imane Kendili" in page
    assert "Personne Ailleurs" not in page
