"""Private links nobody else can kill (issue 10, finding 2): registering again with a
known address adds a link and never revokes one; e-mailed links use the configured base
URL whatever the Host header says; only the attendee or an organizer revokes links."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from summit.extensions import db
from summit.registration.links import MAX_LINKS
from summit.registration.links import add_link
from summit.registration.links import checkin_code
from summit.registration.links import registration_by_checkin_code
from summit.registration.links import registration_by_token
from summit.registration.models import Registration
from summit.urls import absolute_url
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer
from tests.outbox_helpers import send_queued
from tests.registration_factories import KEY
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.smtp_sink import SmtpSink
from tests.smtp_sink import private_link

BASE = "https://summit.example.org"


@pytest.fixture
def mail_app(make_app: Callable[..., Flask], smtp: SmtpSink) -> Iterator[Flask]:
    # No SERVER_NAME: the app answers any Host, as behind a careless proxy.
    app = make_app(SERVER_NAME=None, SUMMIT_BASE_URL=BASE, **smtp.config())
    with app.app_context():
        yield app


def _register(client: FlaskClient, slug: str, email: str, host: str = "localhost") -> int:
    response = client.post(
        f"/events/{slug}/register",
        data={"name": "Salma Bennani", "email": email},
        headers={"Host": host},
    )
    return response.status_code


def _token(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_a_stranger_registering_with_a_known_address_kills_no_link(
    mail_app: Flask, smtp: SmtpSink
) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=5)
    client = mail_app.test_client()
    assert _register(client, event.slug, "salma@example.org") == 302
    send_queued()
    [first] = smtp.messages
    old = _token(private_link(first))

    stranger = mail_app.test_client()
    assert _register(stranger, event.slug, "SALMA@Example.org", host="attacker.example") == 302
    send_queued()
    second = smtp.messages[-1]
    new_link = private_link(second)
    # The e-mailed link points at the configured host, never the request's Host header.
    assert new_link.startswith(f"{BASE}/events/{event.slug}/my/")
    assert "attacker.example" not in second.as_string()

    # Old link, old printed ticket and new link all still work.
    assert client.get(f"/events/{event.slug}/my/{old}/").status_code == 200
    assert client.get(urlsplit(new_link).path).status_code == 200
    registration = db.session.execute(select(Registration)).scalar_one()
    assert registration_by_checkin_code(checkin_code(old, KEY)) is registration
    assert registration_by_checkin_code(checkin_code(_token(new_link), KEY)) is registration


def test_a_double_click_on_register_leaves_both_emailed_links_working(
    mail_app: Flask, smtp: SmtpSink
) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=5)
    client = mail_app.test_client()
    _register(client, event.slug, "karim@example.org")
    _register(client, event.slug, "karim@example.org")
    send_queued()
    links = [private_link(m) for m in smtp.messages]
    assert len(links) == 2 and links[0] != links[1]
    for link in links:
        assert client.get(urlsplit(link).path).status_code == 200


def test_the_attendee_makes_their_other_links_stop_working(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=True)
    open_registration(event)
    result = sign_up(event, "a@example.org")
    other = add_link(result.registration, key=KEY, now=NOW)
    db.session.commit()
    page = client.get(f"/events/{event.slug}/my/{result.token}/")
    assert "1 other private link" in page.get_data(as_text=True)

    response = client.post(f"/events/{event.slug}/my/{result.token}/links/revoke")
    assert response.status_code == 302
    assert client.get(f"/events/{event.slug}/my/{other}/").status_code == 404
    page = client.get(f"/events/{event.slug}/my/{result.token}/")
    assert page.status_code == 200
    assert "other private link" not in page.get_data(as_text=True)


def test_revoking_needs_the_form_token(make_app: Callable[..., Flask]) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        event = make_event(published=True)
        open_registration(event)
        result = sign_up(event, "a@example.org")
        other = add_link(result.registration, key=KEY, now=NOW)
        db.session.commit()
        client = app.test_client()
        client.post(f"/events/{event.slug}/my/{result.token}/links/revoke")
        assert registration_by_token(event, other) is result.registration


def test_an_organizers_new_link_replaces_every_old_one(app: Flask, client: FlaskClient) -> None:
    organizer = make_organizer()
    event = make_event(organizer, published=True)
    open_registration(event)
    result = sign_up(event, "a@example.org")
    extra = add_link(result.registration, key=KEY, now=NOW)
    db.session.commit()
    client.post("/auth/login", data={"email": organizer.email, "password": "correct horse battery"})
    response = client.post(
        f"/manage/events/{event.id}/registrations/{result.registration.id}/resend"
    )
    assert response.status_code == 302
    assert registration_by_token(event, result.token) is None
    assert registration_by_token(event, extra) is None
    assert len(result.registration.links) == 1


def test_past_the_cap_the_newest_link_is_replaced_and_the_first_ones_stay(app: Flask) -> None:
    event = make_event(published=True)
    open_registration(event)
    result = sign_up(event, "a@example.org")
    tokens = [result.token] + [
        add_link(result.registration, key=KEY, now=NOW) for _ in range(MAX_LINKS + 3)
    ]
    db.session.commit()
    assert len(result.registration.links) == MAX_LINKS
    assert all(registration_by_token(event, t) for t in tokens[: MAX_LINKS - 1])
    assert registration_by_token(event, tokens[-1]) is result.registration


def test_absolute_urls_come_from_the_base_url_in_and_out_of_requests(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(SERVER_NAME=None, SUMMIT_BASE_URL="https://example.org/summit/")
    with app.app_context():
        url = absolute_url("registration.attendee", slug="s", token="t")
        assert url == "https://example.org/summit/events/s/my/t/"
    with app.test_request_context("/", headers={"Host": "attacker.example"}):
        assert absolute_url("events.index") == "https://example.org/summit/"


def test_calendar_files_and_subscribe_links_ignore_the_host_header(
    make_app: Callable[..., Flask],
) -> None:
    from datetime import UTC
    from datetime import datetime

    from tests.export_factories import make_session

    app = make_app(SERVER_NAME=None, SUMMIT_BASE_URL=BASE)
    with app.app_context():
        event = make_event(published=True)
        make_session(event, datetime(2024, 12, 12, 9, tzinfo=UTC))
        client = app.test_client()
        headers = {"Host": "attacker.example"}
        body = client.get(f"/events/{event.slug}/schedule.ics", headers=headers).data.decode()
        assert f"{BASE}/events/{event.slug}/" in body.replace("\r\n ", "")
        assert "attacker.example" not in body
        page = client.get(f"/events/{event.slug}/schedule/", headers=headers)
        assert "webcal://attacker.example" not in page.get_data(as_text=True)
