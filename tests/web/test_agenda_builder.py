"""The agenda builder's board: lanes, day and room views, and moves answered in JSON."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from datetime import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from summit.extensions import db
from summit.schedule.models import Session
from tests.conftest import AuthActions
from tests.conftest import csrf_token_from
from tests.conftest import login_with_csrf
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room
from tests.schedule_factories import make_session

JSON = {"Accept": "application/json"}


@pytest.fixture
def board(client: FlaskClient, auth: AuthActions) -> dict[str, Any]:
    organizer = make_organizer()
    event = make_event(organizer, start_date=date(2024, 12, 12), end_date=date(2024, 12, 13))
    plenary, garden = make_room(event, "Plénière"), make_room(event, "Jardin")
    first = make_session(event, room=plenary, start=time(10), end=time(11), title="Ouverture")
    second = make_session(event, room=garden, start=time(10), end=time(11), title="Respiration")
    late = make_session(
        event, room=plenary, day=date(2024, 12, 13), start=time(15), end=time(16), title="Clôture"
    )
    auth.login(organizer.email)
    return {
        "event": event,
        "plenary": plenary,
        "garden": garden,
        "first": first,
        "second": second,
        "late": late,
    }


def move(
    client: FlaskClient, s: dict[str, Any], session: Session, query: str = "", **data: str
) -> Any:
    url = f"/manage/events/{s['event'].id}/sessions/{session.id}/move{query}"
    return client.post(url, data=data, headers=JSON)


def test_a_move_in_json_saves_and_returns_the_redrawn_board_with_new_conflicts(
    client: FlaskClient, board: dict[str, Any]
) -> None:
    response = move(
        client,
        board,
        board["second"],
        day="2024-12-12",
        start="10:30",
        end="11:30",
        room_id=str(board["plenary"].id),
    )
    assert response.status_code == 200
    reply = response.get_json()
    assert reply["ok"] is True
    assert reply["message"] == "“Respiration” moved."
    assert reply["problems"] == 2
    assert reply["problems_text"] == "2 warnings"
    # Both sessions of the room are now side by side and marked as conflicts.
    html = reply["board"]
    assert "Plénière also hosts “Ouverture” at the same time." in html
    assert f'id="s{board["first"].id}" class="slot kind-talk has-conflict' in html
    assert "ln-0-2" in html and "ln-1-2" in html
    db.session.expire_all()
    assert board["second"].room_id == board["plenary"].id


def test_a_refused_json_move_changes_nothing_and_says_why(
    client: FlaskClient, board: dict[str, Any]
) -> None:
    before = board["second"].starts_at
    response = move(
        client, board, board["second"], day="2024-12-12", start="12:00", end="11:00", room_id=""
    )
    assert response.status_code == 422
    reply = response.get_json()
    assert reply["ok"] is False
    assert reply["message"] == "Not moved: The end time must be after the start time."
    assert "Respiration" in reply["board"]
    db.session.expire_all()
    assert board["second"].starts_at == before


def test_dropping_on_not_scheduled_takes_the_time_away(
    client: FlaskClient, board: dict[str, Any]
) -> None:
    response = move(
        client, board, board["first"], day="", start="", end="", room_id=str(board["plenary"].id)
    )
    assert response.status_code == 200
    unscheduled = response.get_json()["board"].split('id="unscheduled-title"')[1]
    assert "Ouverture" in unscheduled
    db.session.expire_all()
    assert board["first"].starts_at is None and board["first"].ends_at is None


def test_the_json_board_keeps_the_day_and_room_being_viewed(
    client: FlaskClient, board: dict[str, Any]
) -> None:
    query = f"?day=2024-12-12&room={board['plenary'].id}"
    reply = move(
        client,
        board,
        board["first"],
        query,
        day="2024-12-12",
        start="09:00",
        end="10:00",
        room_id=str(board["plenary"].id),
    ).get_json()
    days = reply["board"].split('id="unscheduled-title"')[0]
    assert "Ouverture" in days and "Respiration" not in days and "Clôture" not in days
    assert f"/move{query.replace('&', '&amp;')}" in reply["board"]


def test_a_move_without_javascript_returns_to_the_view_it_came_from(
    client: FlaskClient, board: dict[str, Any]
) -> None:
    url = f"/manage/events/{board['event'].id}/sessions/{board['first'].id}/move?day=2024-12-13"
    response = client.post(
        url, data={"day": "2024-12-12", "start": "09:00", "end": "10:00", "room_id": ""}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/agenda/?day=2024-12-13#s{board['first'].id}")


def test_day_and_room_views_show_only_their_part(
    client: FlaskClient, board: dict[str, Any]
) -> None:
    base = f"/manage/events/{board['event'].id}/agenda/"
    day_two = client.get(f"{base}?day=2024-12-13").get_data(as_text=True)
    grid = day_two.split('id="unscheduled-title"')[0]
    assert "Clôture" in grid and "Ouverture" not in grid
    assert 'aria-current="page">Friday, December 13, 2024' in day_two
    garden = client.get(f"{base}?room={board['garden'].id}").get_data(as_text=True)
    grid = garden.split('id="unscheduled-title"')[0]
    assert "Respiration" in grid and "Ouverture" not in grid and "Clôture" not in grid
    assert grid.count('class="grid-track') == 2  # one column per day


@pytest.mark.parametrize("query", ["?day=2030-01-01", "?day=yesterday", "?room=99999", "?room=x"])
def test_unknown_views_show_the_whole_agenda(
    client: FlaskClient, board: dict[str, Any], query: str
) -> None:
    page = client.get(f"/manage/events/{board['event'].id}/agenda/{query}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert all(title in text for title in ("Ouverture", "Respiration", "Clôture"))


def test_another_events_room_in_a_view_is_ignored(
    client: FlaskClient, board: dict[str, Any]
) -> None:
    foreign = make_room(make_event(), "Ailleurs")
    page = client.get(f"/manage/events/{board['event'].id}/agenda/?room={foreign.id}")
    assert "Ouverture" in page.get_data(as_text=True)


def test_short_sessions_are_drawn_compact_and_tall_enough_to_read(
    client: FlaskClient, board: dict[str, Any]
) -> None:
    pause = make_session(
        board["event"], room=board["garden"], start=time(11), end=time(11, 10), title="Pause"
    )
    page = client.get(f"/manage/events/{board['event'].id}/agenda/").get_data(as_text=True)
    card = page.split(f'id="s{pause.id}"')[1].split(">")[0]
    assert " compact" in card and " h-4 " in card  # 10 minutes drawn as 20


def test_a_json_move_without_csrf_token_is_refused(make_app: Callable[..., Flask]) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        organizer = make_organizer()
        event = make_event(organizer)
        session = make_session(event, start=time(10), end=time(11))
        client = app.test_client()
        login_with_csrf(client, organizer.email)
        page = client.get(f"/manage/events/{event.id}/agenda/").get_data(as_text=True)
        assert 'name="csrf_token"' in page
        url = f"/manage/events/{event.id}/sessions/{session.id}/move"
        data = {"day": "2024-12-12", "start": "14:00", "end": "15:00", "room_id": ""}
        assert client.post(url, data=data, headers=JSON).status_code == 400
        db.session.expire_all()
        assert session.starts_at is not None and session.starts_at.hour == 9
        data["csrf_token"] = csrf_token_from(page)
        assert client.post(url, data=data, headers=JSON).status_code == 200
