from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select

from summit.events.models import Event
from summit.events.models import EventStatus
from summit.events.models import Room
from summit.extensions import db
from tests.conftest import AuthActions
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room

VALID = {
    "title": "Sommet bien-être",
    "slug": "sommet-bien-etre",
    "tagline": "Prendre soin de soi",
    "description": "Une journée d'échanges.",
    "start_date": "2025-03-14",
    "end_date": "2025-03-15",
    "timezone": "Africa/Casablanca",
    "venue_name": "Palais des congrès",
    "venue_address": "Boulevard de la Corniche",
    "city": "Casablanca",
    "country": "MA",
    "main_language": "fr",
    "other_languages": ["ar", "en"],
    "contact_email": "contact@example.org",
}

CONFIRMED = {"confirmed": "yes"}  # the answer on the confirmation step


def event_count() -> int:
    return db.session.execute(select(func.count()).select_from(Event)).scalar_one()


@pytest.fixture
def organizer(auth: AuthActions) -> Any:
    organizer = make_organizer("amina@example.org")
    auth.login("amina@example.org")
    return organizer


def test_an_organizer_creates_a_draft_event(client: FlaskClient, organizer: Any) -> None:
    response = client.post("/manage/events/new", data=VALID)
    event = db.session.execute(select(Event)).scalar_one()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/manage/events/{event.id}/"
    assert event.status is EventStatus.DRAFT
    assert event.languages == "fr ar en"
    assert event.timezone == "Africa/Casablanca"
    assert [m.organizer_id for m in event.memberships] == [organizer.id]
    assert "Event created as a draft" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Give the event a title."),
        ({"title": "x" * 201}, "Field cannot be longer than 200 characters."),
        ({"slug": "Hello World"}, "Use lower-case letters, digits and single hyphens only"),
        ({"slug": "bad--slug"}, "Use lower-case letters, digits and single hyphens only"),
        ({"slug": "<script>"}, "Use lower-case letters, digits and single hyphens only"),
        ({"end_date": "2025-03-13"}, "The end date must be on or after the start date."),
        ({"start_date": "14/03/2025"}, "Not a valid date value."),
        ({"timezone": "Mars/Olympus_Mons"}, "Not a valid choice."),
        ({"timezone": ""}, "Choose a time zone from the list."),
        ({"contact_email": "not-an-email"}, "Enter a valid e-mail address."),
        ({"end_date": "2025-06-01"}, "An event can last at most 31 days."),
    ],
)
def test_bad_event_input_is_explained_and_nothing_is_saved(
    client: FlaskClient, organizer: Any, changes: dict[str, str], message: str
) -> None:
    response = client.post("/manage/events/new", data={**VALID, **changes})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert event_count() == 0


def test_a_slug_already_taken_is_refused_without_saving(
    client: FlaskClient, organizer: Any
) -> None:
    make_event(slug="sommet-bien-etre")
    response = client.post("/manage/events/new", data=VALID)
    assert "Another event already uses this address" in response.get_data(as_text=True)
    assert event_count() == 1


def test_an_organizer_edits_their_event(client: FlaskClient, organizer: Any) -> None:
    event = make_event(organizer)
    page = client.get(f"/manage/events/{event.id}/edit")
    assert event.title in page.get_data(as_text=True)
    response = client.post(
        f"/manage/events/{event.id}/edit", data={**VALID, "title": "Nouveau titre"}
    )
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.title == "Nouveau titre"


def test_other_organizers_events_are_not_found(client: FlaskClient, organizer: Any) -> None:
    foreign = make_event(title="Someone else's")
    room = make_room(foreign)
    for method, url in [
        ("get", f"/manage/events/{foreign.id}/"),
        ("get", f"/manage/events/{foreign.id}/edit"),
        ("post", f"/manage/events/{foreign.id}/edit"),
        ("post", f"/manage/events/{foreign.id}/publish"),
        ("get", f"/manage/events/{foreign.id}/rooms/"),
        ("post", f"/manage/events/{foreign.id}/rooms/{room.id}/delete"),
        ("get", f"/manage/events/{foreign.id}/partners/"),
        ("get", f"/manage/events/{foreign.id}/support/"),
        ("get", f"/manage/events/{foreign.id}/team/"),
    ]:
        assert getattr(client, method)(url, data=VALID).status_code == 404, url
    db.session.refresh(foreign)
    assert foreign.title == "Someone else's"
    assert db.session.get(Room, room.id) is not None


def test_a_room_of_another_event_is_not_found_under_my_event(
    client: FlaskClient, organizer: Any
) -> None:
    mine = make_event(organizer)
    foreign_room = make_room(make_event())
    assert client.get(f"/manage/events/{mine.id}/rooms/{foreign_room.id}/edit").status_code == 404
    response = client.post(f"/manage/events/{mine.id}/rooms/{foreign_room.id}/delete")
    assert response.status_code == 404
    assert db.session.get(Room, foreign_room.id) is not None


def test_publishing_makes_the_event_public_and_unpublishing_hides_it_again(
    client: FlaskClient, organizer: Any
) -> None:
    event = make_event(organizer, slug="sommet-public")
    app = client.application

    class Visitor:
        """A browser without the organizer's cookie, in its own app context (the test's
        context would carry the signed-in user along)."""

        def get(self, path: str) -> Any:
            with app.app_context():
                return app.test_client().get(path)

    visitor = Visitor()
    assert visitor.get("/events/sommet-public/").status_code == 404
    # Its organizer sees the draft, marked as a preview.
    assert "Preview — not public" in client.get("/events/sommet-public/").get_data(as_text=True)
    client.post(f"/manage/events/{event.id}/publish", data={"publish": "1", **CONFIRMED})
    assert visitor.get("/events/sommet-public/").status_code == 200
    assert "sommet-public" in visitor.get("/").get_data(as_text=True)
    client.post(f"/manage/events/{event.id}/publish", data={"publish": "0", **CONFIRMED})
    assert visitor.get("/events/sommet-public/").status_code == 404
    assert "sommet-public" not in visitor.get("/").get_data(as_text=True)


def test_rooms_are_added_edited_and_deleted(client: FlaskClient, organizer: Any) -> None:
    event = make_event(organizer)
    base = f"/manage/events/{event.id}/rooms/"
    response = client.post(base, data={"name": "Salle A", "capacity": "80"})
    assert response.status_code == 302
    room = db.session.execute(select(Room)).scalar_one()
    assert (room.name, room.capacity) == ("Salle A", 80)
    client.post(f"{base}{room.id}/edit", data={"name": "Salle B", "capacity": ""})
    db.session.refresh(room)
    assert (room.name, room.capacity) == ("Salle B", None)
    client.post(f"{base}{room.id}/delete", data=CONFIRMED)
    assert db.session.get(Room, room.id) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "capacity": "10"}, "Name the room."),
        ({"name": "Salle", "capacity": "-1"}, "Enter a number of seats from 0 to 100000."),
        ({"name": "Salle", "capacity": "many"}, "Not a valid integer value."),
        ({"name": "x" * 121, "capacity": "1"}, "Field cannot be longer than 120 characters."),
    ],
)
def test_bad_room_input_is_explained(
    client: FlaskClient, organizer: Any, data: dict[str, str], message: str
) -> None:
    event = make_event(organizer)
    response = client.post(f"/manage/events/{event.id}/rooms/", data=data)
    assert message in response.get_data(as_text=True)
    assert event.rooms == []


def test_two_rooms_of_one_event_cannot_share_a_name(client: FlaskClient, organizer: Any) -> None:
    event = make_event(organizer)
    make_room(event, "Salle A")
    response = client.post(f"/manage/events/{event.id}/rooms/", data={"name": "Salle A"})
    assert "already has a room with this name" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(event.rooms) == 1


def test_support_resources_need_a_way_to_reach_them(client: FlaskClient, organizer: Any) -> None:
    event = make_event(organizer, published=True)
    url = f"/manage/events/{event.id}/support/"
    response = client.post(url, data={"name": "Écoute étudiants"})
    assert "Give a phone number or a web address" in response.get_data(as_text=True)
    response = client.post(url, data={"name": "Écoute étudiants", "phone": "call me"})
    assert "Use digits, spaces and + ( ) - only." in response.get_data(as_text=True)
    client.post(url, data={"name": "Écoute étudiants", "phone": "+212 5 22 00 00 00"})
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert "Écoute étudiants" in page
    assert 'href="tel:+212522000000"' in page


def test_creating_an_event_without_csrf_token_saves_nothing(make_app: Any) -> None:
    app: Flask = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        make_organizer("amina@example.org")
    from tests.conftest import csrf_token_from

    token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    client.post(
        "/auth/login",
        data={
            "email": "amina@example.org",
            "password": "correct horse battery",
            "csrf_token": token,
        },
    )
    response = client.post("/manage/events/new", data=VALID)
    assert response.status_code == 400
    with app.app_context():
        assert event_count() == 0
