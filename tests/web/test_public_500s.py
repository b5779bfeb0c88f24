"""Every 500 of the audit (issue 10, finding 6) answers 4xx now, and the same e-mail in
NFD and NFC is one registration (finding 7)."""

from __future__ import annotations

import unicodedata

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select

from summit.extensions import db
from summit.registration.models import Registration
from tests.conftest import AuthActions
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room
from tests.registration_factories import open_registration
from tests.web.test_event_setup import VALID as EVENT_FORM

HUGE = [str(2**31), str(2**63), "9" * 40]


@pytest.mark.parametrize("room", ["²", "١", "１", "-1", "9" * 40, "\x00"])
def test_an_odd_room_filter_shows_the_whole_agenda(client: FlaskClient, room: str) -> None:
    event = make_event(published=True)
    make_room(event, "Plenary")
    response = client.get(f"/events/{event.slug}/schedule/", query_string={"room": room})
    assert response.status_code == 200


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize(
    "path",
    [
        "/events/{slug}/speakers/{n}/",
        "/events/{slug}/speakers/{n}.ics",
        "/events/{slug}/speakers/{n}/photo",
        "/events/{slug}/partners/{n}/logo",
    ],
)
def test_ids_beyond_the_database_integer_are_404(
    client: FlaskClient, path: str, number: str
) -> None:
    event = make_event(published=True)
    assert client.get(path.format(slug=event.slug, n=number)).status_code == 404


@pytest.mark.parametrize("number", HUGE)
def test_organizer_urls_with_huge_ids_are_404(
    client: FlaskClient, auth: AuthActions, number: str
) -> None:
    organizer = make_organizer("owner@example.org")
    event = make_event(organizer)
    auth.login("owner@example.org")
    for path in [
        f"/manage/events/{number}/edit",
        f"/manage/events/{event.id}/sessions/{number}/edit",
        f"/manage/events/{event.id}/speakers/{number}/edit",
        f"/manage/events/{event.id}/rooms/{number}/edit",
        f"/manage/events/{event.id}/registrations/{number}/cancel",
    ]:
        method = client.post if path.endswith("cancel") else client.get
        assert method(path).status_code == 404, path


@pytest.mark.parametrize(
    ("start", "end"), [("9999-12-30", "9999-12-31"), ("0001-01-01", "0001-01-02")]
)
def test_event_years_outside_2000_to_2100_are_refused_with_a_message(
    client: FlaskClient, auth: AuthActions, start: str, end: str
) -> None:
    make_organizer("owner@example.org")
    auth.login("owner@example.org")
    response = client.post(
        "/manage/events/new", data={**EVENT_FORM, "start_date": start, "end_date": end}
    )
    assert response.status_code in (200, 400)
    assert "Enter a date between 2000 and 2100." in response.get_data(as_text=True)


def test_the_same_address_in_nfd_and_nfc_is_one_registration(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    open_registration(event)
    nfc = unicodedata.normalize("NFC", "José@example.org")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    for address in (nfc, nfd, "JOSÉ@example.org"):
        response = client.post(
            f"/events/{event.slug}/register", data={"name": "José", "email": address}
        )
        assert response.status_code == 302
    count = db.session.execute(select(func.count()).select_from(Registration)).scalar_one()
    assert count == 1
