"""The door desk without a browser: answers, JSON for the script, undo, the count."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from summit.events.models import Event
from summit.extensions import db
from summit.registration.links import checkin_code
from summit.registration.models import RegistrationStatus
from tests.conftest import AuthActions
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer
from tests.registration_factories import KEY
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up

JSON = {"Accept": "application/json"}


@pytest.fixture
def desk(app: Flask, client: FlaskClient, auth: AuthActions) -> dict[str, Any]:
    organizer = make_organizer()
    event = make_event(organizer, published=True)
    open_registration(event, categories=["Parent"])
    people = [sign_up(event, f"p{n}@example.org", name=f"Person {n}") for n in range(3)]
    auth.login(organizer.email)
    return {"event": event, "people": people}


def url(event: Event, rest: str = "") -> str:
    return f"/manage/events/{event.id}/checkin/{rest}"


def ticket(event: Event, token: str) -> str:
    return f"http://summit.test{url(event, checkin_code(token, KEY))}"


def test_a_scan_answers_json_with_the_result_and_the_count(
    client: FlaskClient, desk: dict[str, Any]
) -> None:
    event, person = desk["event"], desk["people"][0]
    response = client.post(url(event), data={"ticket": ticket(event, person.token)}, headers=JSON)
    assert response.status_code == 200
    reply = response.get_json()
    assert reply["ok"] is True and (reply["checked_in"], reply["confirmed"]) == (1, 3)
    assert '<p class="door-headline">Checked in</p>' in reply["result"]
    assert "Person 0</strong> · Parent" in reply["result"]
    assert "Undo this check-in" in reply["result"]
    again = client.post(url(event), data={"ticket": ticket(event, person.token)}, headers=JSON)
    assert again.status_code == 409
    assert "Already checked in at" in again.get_json()["result"]


def test_the_page_shows_the_count_and_focuses_the_scan_field(
    client: FlaskClient, desk: dict[str, Any]
) -> None:
    page = client.get(url(desk["event"])).get_data(as_text=True)
    assert '<strong id="door-in">0</strong> / <span id="door-confirmed">3</span>' in page
    field = page.split('name="ticket"')[0].rsplit("<input", 1)[1] + page.split('name="ticket"')[1]
    assert "autofocus" in field.split(">")[0]
    assert 'class="manage-nav"' not in page  # a phone shows the desk, not the admin menu


def test_a_search_keeps_the_focus_in_the_search_field(
    client: FlaskClient, desk: dict[str, Any]
) -> None:
    page = client.get(url(desk["event"], "?q=person")).get_data(as_text=True)
    scan_field = page.split('name="ticket"')[1].split(">")[0]
    assert "autofocus" not in scan_field
    assert 'maxlength="200" autocomplete="off" autofocus' in page
    assert page.count("Person ") == 3


@pytest.mark.parametrize(
    ("status", "headline"),
    [
        (RegistrationStatus.CANCELLED, "Cancelled"),
        (RegistrationStatus.WAITLISTED, "On the waiting list"),
        (RegistrationStatus.PENDING, "Awaiting approval"),
    ],
)
def test_refused_scans_say_why_in_big_letters(
    client: FlaskClient, desk: dict[str, Any], status: RegistrationStatus, headline: str
) -> None:
    event, person = desk["event"], desk["people"][1]
    person.registration.status = status
    person.registration.waitlist_number = 1 if status is RegistrationStatus.WAITLISTED else None
    db.session.commit()
    reply = client.post(url(event), data={"ticket": ticket(event, person.token)}, headers=JSON)
    assert reply.status_code == 409
    assert f'<p class="door-headline">{headline}</p>' in reply.get_json()["result"]
    assert person.registration.checked_in_at is None


def test_unknown_and_garbage_tickets_have_their_own_answer(
    client: FlaskClient, desk: dict[str, Any]
) -> None:
    event = desk["event"]
    unknown = client.post(url(event), data={"ticket": "f" * 32}, headers=JSON).get_json()
    assert '<p class="door-headline">Unknown ticket</p>' in unknown["result"]
    garbage = client.post(url(event), data={"ticket": "hello"}, headers=JSON).get_json()
    assert '<p class="door-headline">Not a ticket</p>' in garbage["result"]


def test_undo_takes_a_wrong_check_in_back(client: FlaskClient, desk: dict[str, Any]) -> None:
    event, person = desk["event"], desk["people"][2]
    client.post(url(event), data={"ticket": ticket(event, person.token)})
    assert person.registration.checked_in_at is not None
    response = client.post(url(event, f"registrations/{person.registration.id}/undo"))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert '<p class="door-headline">Check-in undone</p>' in text
    assert '<strong id="door-in">0</strong>' in text
    db.session.refresh(person.registration)
    assert person.registration.checked_in_at is None
    # Undoing again changes nothing and says the person is not in.
    again = client.post(url(event, f"registrations/{person.registration.id}/undo"))
    assert "Not checked in yet" in again.get_data(as_text=True)


def test_another_events_registration_cannot_be_undone_or_counted(
    client: FlaskClient, desk: dict[str, Any]
) -> None:
    other = make_event()
    open_registration(other)
    stranger = sign_up(other, "s@example.org")
    stranger.registration.checked_in_at = NOW
    db.session.commit()
    path = url(desk["event"], f"registrations/{stranger.registration.id}/undo")
    assert client.post(path).status_code == 404
    db.session.refresh(stranger.registration)
    assert stranger.registration.checked_in_at is not None
    assert client.get(url(other, "count")).status_code == 404


def test_the_count_is_served_uncached(client: FlaskClient, desk: dict[str, Any]) -> None:
    event, person = desk["event"], desk["people"][0]
    client.post(url(event), data={"ticket": ticket(event, person.token)})
    response = client.get(url(event, "count"))
    assert response.get_json() == {"checked_in": 1, "confirmed": 3}
    assert "no-store" in response.headers["Cache-Control"]


def test_the_qr_link_shows_the_status_first(client: FlaskClient, desk: dict[str, Any]) -> None:
    event, person = desk["event"], desk["people"][0]
    path = ticket(event, person.token).removeprefix("http://summit.test")
    before = client.get(path).get_data(as_text=True)
    assert "Not checked in yet" in before and "Person 0" in before
    client.post(path)
    after = client.get(path).get_data(as_text=True)
    assert "Already checked in at" in after
    assert ">Check in</button>" not in after
    assert "Undo this check-in" in after
