"""The attendee's language follows them: saved at sign-up, the private page opens in it on
any device, and they can change it there (their e-mails, ticket and calendar follow)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from summit.extensions import db
from tests.conftest import csrf_token_from
from tests.conftest import visitor_get
from tests.factories import make_event
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up


@pytest.fixture
def attendee(app: Flask) -> dict[str, Any]:
    event = make_event(published=True, title="Sommet", languages=["fr", "ar", "en"])
    open_registration(event)
    signed = sign_up(event, "salma@example.org", language="ar")
    url = f"/events/{event.slug}/my/{signed.token}/"
    return {"event": event, "registration": signed.registration, "url": url}


def test_the_private_page_opens_in_the_attendees_language(
    app: Flask, attendee: dict[str, Any]
) -> None:
    html = visitor_get(app, attendee["url"]).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    # A visitor who picked a language keeps it.
    picked = visitor_get(app, attendee["url"] + "?lang=en").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in picked


def test_the_attendee_changes_their_language_from_the_private_page(
    app: Flask, attendee: dict[str, Any]
) -> None:
    client = app.test_client()
    response = client.post(attendee["url"] + "language", data={"language": "fr"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("?lang=fr#language")
    db.session.refresh(attendee["registration"])
    assert attendee["registration"].language == "fr"
    html = visitor_get(app, attendee["url"]).get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in html


@pytest.mark.parametrize("value", ["de", "", "fr\x00"])
def test_a_language_not_offered_changes_nothing(
    app: Flask, attendee: dict[str, Any], value: str
) -> None:
    client = app.test_client()
    response = client.post(attendee["url"] + "language", data={"language": value})
    assert response.status_code == 302
    db.session.refresh(attendee["registration"])
    assert attendee["registration"].language == "ar"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "اختر إحدى اللغات" in page or "Choose one of the languages" in page


def test_another_token_cannot_change_it(app: Flask, attendee: dict[str, Any]) -> None:
    event = attendee["event"]
    response = app.test_client().post(
        f"/events/{event.slug}/my/{'x' * 43}/language", data={"language": "fr"}
    )
    assert response.status_code == 404
    db.session.refresh(attendee["registration"])
    assert attendee["registration"].language == "ar"


def test_changing_the_language_needs_the_pages_csrf_token(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        event = make_event(published=True, title="Sommet", languages=["fr", "ar", "en"])
        open_registration(event)
        signed = sign_up(event, "salma@example.org", language="ar")
        url = f"/events/{event.slug}/my/{signed.token}/"
        client = app.test_client()
        assert client.post(url + "language", data={"language": "fr"}).status_code == 400
        db.session.refresh(signed.registration)
        assert signed.registration.language == "ar"
        token = csrf_token_from(client.get(url).get_data(as_text=True))
        response = client.post(url + "language", data={"language": "fr", "csrf_token": token})
        assert response.status_code == 302
        db.session.refresh(signed.registration)
        assert signed.registration.language == "fr"
