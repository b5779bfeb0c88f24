"""The public form, its e-mails (through a real SMTP server) and bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select

from summit.extensions import db
from summit.outbox.models import OutboxStatus
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from tests.conftest import csrf_token_from
from tests.factories import make_event
from tests.outbox_helpers import queued_rows
from tests.outbox_helpers import send_queued
from tests.registration_factories import open_registration
from tests.smtp_sink import SmtpSink
from tests.smtp_sink import html_body
from tests.smtp_sink import private_link
from tests.smtp_sink import text_body


def _count() -> int:
    return int(db.session.execute(select(func.count()).select_from(Registration)).scalar_one())


def _post(client: FlaskClient, slug: str, **data: str) -> object:
    values = {"name": "Salma Bennani", "email": "salma@example.org"}
    values.update(data)
    return client.post(f"/events/{slug}/register", data=values)


def test_a_newcomer_is_confirmed_and_gets_an_email_with_link_and_calendar(
    mail_app: Flask, smtp: SmtpSink
) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=5)
    client = mail_app.test_client()
    form = client.get(f"/events/{event.slug}/register")
    assert form.status_code == 200
    assert b'<label for="name">Full name</label>' in form.data

    response = client.post(
        f"/events/{event.slug}/register",
        data={"name": "عائشة الفاسي", "email": "Aicha@Example.org"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/events/{event.slug}/register/sent")
    registration = db.session.execute(select(Registration)).scalar_one()
    assert registration.name == "عائشة الفاسي"
    assert registration.status is RegistrationStatus.CONFIRMED
    assert registration.email_normalized == "aicha@example.org"

    send_queued()
    [message] = smtp.messages
    assert message["To"] == "Aicha@Example.org"
    assert "confirmed" in message["Subject"]
    assert "عائشة الفاسي" in text_body(message)
    assert "<a href=" in html_body(message)
    [calendar] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert "BEGIN:VEVENT" in str(calendar.get_content())
    # The link in the e-mail opens the private page; the token is not stored as such.
    link = private_link(message)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    [stored] = registration.links
    assert stored.token_hash != token and token not in stored.token_hash
    page = client.get(urlsplit(link).path)
    assert page.status_code == 200
    assert "Confirmed" in page.get_data(as_text=True)


def test_when_full_people_are_waitlisted_with_their_position(
    mail_app: Flask, smtp: SmtpSink
) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=1)
    client = mail_app.test_client()
    _post(client, event.slug, email="first@example.org")
    _post(client, event.slug, email="second@example.org")
    send_queued()
    [message] = smtp.to("second@example.org")
    assert "waiting list" in message["Subject"]
    assert "number 1 on the waiting list" in text_body(message)
    page = client.get(urlsplit(private_link(message)).path)
    assert "waiting list, number 1" in page.get_data(as_text=True)


def test_with_approval_people_are_pending(mail_app: Flask, smtp: SmtpSink) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=5, approval_required=True)
    _post(mail_app.test_client(), event.slug)
    assert (
        db.session.execute(select(Registration.status)).scalar_one() is RegistrationStatus.PENDING
    )
    send_queued()
    [message] = smtp.messages
    assert "received your registration" in message["Subject"]


def test_registering_again_sends_a_new_link_and_the_page_looks_the_same(
    mail_app: Flask, smtp: SmtpSink
) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=5)
    client = mail_app.test_client()
    first = _post(client, event.slug, email="salma@example.org")
    again = _post(client, event.slug, email="SALMA@example.org ")
    assert _count() == 1
    assert first.status_code == again.status_code == 302  # type: ignore[attr-defined]
    assert first.headers["Location"] == again.headers["Location"]  # type: ignore[attr-defined]
    first_page = client.get(first.headers["Location"]).data  # type: ignore[attr-defined]
    again_page = client.get(again.headers["Location"]).data  # type: ignore[attr-defined]
    assert first_page == again_page
    send_queued()
    original, resent = smtp.messages
    assert "private link" in resent["Subject"]
    # Both links work: knowing the address must not kill the attendee's link.
    assert client.get(urlsplit(private_link(original)).path).status_code == 200
    assert client.get(urlsplit(private_link(resent)).path).status_code == 200


def test_registration_languages_follow_the_visitor(mail_app: Flask, smtp: SmtpSink) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=5)
    client = mail_app.test_client()
    client.post(
        f"/events/{event.slug}/register",
        data={"name": "Yasmine", "email": "y@example.org"},
        headers={"Accept-Language": "fr"},
    )
    registration = db.session.execute(select(Registration)).scalar_one()
    assert registration.language == "fr"
    send_queued()
    [message] = smtp.messages
    assert message["Content-Language"] == "fr"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid e-mail address"),
        ({"email": ""}, "Enter your e-mail address."),
        ({"name": ""}, "Enter your name."),
        ({"name": "x" * 201}, "Field cannot be longer than 200 characters."),
        ({"email": "a" * 250 + "@example.org"}, "Field cannot be longer than 254 characters."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    app: Flask, client: FlaskClient, data: dict[str, str], message: str
) -> None:
    event = make_event(published=True)
    open_registration(event)
    response = _post(client, event.slug, **data)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert message in response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert _count() == 0
    assert not list(Path(app.config["MAIL_FILE_DIR"]).glob("*.eml"))


def test_missing_consent_and_category_are_refused(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=True)
    open_registration(
        event, categories=["Student", "Parent"], consent_texts=["I accept the code of conduct"]
    )
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "I accept the code of conduct" in page and "I am attending as" in page
    response = _post(client, event.slug, category="Astronaut")
    text = response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Tick this box to register." in text
    assert "Not a valid choice" in text
    assert _count() == 0
    ok = _post(client, event.slug, category="Parent", consent_0="y")
    assert ok.status_code == 302  # type: ignore[attr-defined]
    assert db.session.execute(select(Registration.consents)).scalar_one() == (
        "I accept the code of conduct"
    )


def test_over_long_optional_answers_are_refused(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=True)
    open_registration(event, ask_accessibility=True, ask_organization=True)
    response = _post(client, event.slug, accessibility_needs="x" * 1001)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert _count() == 0


def test_closed_registration_says_so_and_saves_nothing(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=True)
    open_registration(event, is_open=False)
    page = client.get(f"/events/{event.slug}/register")
    assert page.status_code == 200
    assert "Registration for this event is closed." in page.get_data(as_text=True)
    assert _post(client, event.slug).status_code == 409  # type: ignore[attr-defined]
    assert _count() == 0


def test_an_event_without_registration_settings_is_closed(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=True)
    assert "closed" in client.get(f"/events/{event.slug}/register").get_data(as_text=True)


def test_full_without_waiting_list_is_the_same_answer_for_known_and_new_emails(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=1, waitlist_enabled=False)
    _post(client, event.slug, email="known@example.org")
    known = _post(client, event.slug, email="known@example.org")
    new = _post(client, event.slug, email="new@example.org")
    assert known.status_code == new.status_code == 409  # type: ignore[attr-defined]
    assert _count() == 1


def test_a_draft_event_has_no_registration_form(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=False)
    open_registration(event)
    assert client.get(f"/events/{event.slug}/register").status_code == 404
    assert _post(client, event.slug).status_code == 404  # type: ignore[attr-defined]
    assert _count() == 0


def test_double_submit_creates_one_registration(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=1)
    _post(client, event.slug)
    _post(client, event.slug)
    assert _count() == 1
    status = db.session.execute(select(Registration.status)).scalar_one()
    assert status is RegistrationStatus.CONFIRMED


def test_missing_csrf_token_is_refused_and_nothing_saved(make_app: Callable[..., Flask]) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        event = make_event(published=True)
        open_registration(event)
        client = app.test_client()
        response = _post(client, event.slug)
        assert response.status_code == 400  # type: ignore[attr-defined]
        assert _count() == 0
        token = csrf_token_from(client.get(f"/events/{event.slug}/register").get_data(as_text=True))
        ok = _post(client, event.slug, csrf_token=token)
        assert ok.status_code == 302  # type: ignore[attr-defined]
        assert _count() == 1


def test_sign_ups_are_rate_limited_per_address(make_app: Callable[..., Flask]) -> None:
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_REGISTER="3 per minute")
    with app.app_context():
        event = make_event(published=True)
        open_registration(event, capacity=50)
        client = app.test_client()
        codes = [
            _post(client, event.slug, email=f"p{n}@example.org").status_code  # type: ignore[attr-defined]
            for n in range(5)
        ]
        assert codes == [302, 302, 302, 429, 429]
        assert _count() == 3
        # Reading the form is not limited.
        assert client.get(f"/events/{event.slug}/register").status_code == 200
        other = app.test_client()
        blocked_elsewhere = other.post(
            f"/events/{event.slug}/register",
            data={"name": "B", "email": "b@example.org"},
            environ_base={"REMOTE_ADDR": "10.0.0.9"},
        )
        assert blocked_elsewhere.status_code == 302


def test_the_event_home_links_to_the_form(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=True)
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert f'href="/events/{event.slug}/register"' in page


def test_a_mail_server_outage_does_not_undo_the_registration_nor_lose_the_mail(
    make_app: Callable[..., Flask],
) -> None:
    from tests.smtp_sink import free_port

    app = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    with app.app_context():
        event = make_event(published=True)
        open_registration(event)
        response = _post(app.test_client(), event.slug)
        assert response.status_code == 302  # type: ignore[attr-defined]
        assert _count() == 1
        assert send_queued()[OutboxStatus.QUEUED] == 1  # refused: kept for a retry
        [row] = queued_rows()
        assert (row.recipient, row.status, row.attempts) == (
            "salma@example.org",
            OutboxStatus.QUEUED,
            1,
        )
        assert "ConnectionRefusedError" in row.last_error
