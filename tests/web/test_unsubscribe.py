"""One-click unsubscribe (RFC 8058) from the organizers' messages only: the signed
address in each announcement stops them; transactional mail still goes; the attendee sees
it on their page and can subscribe again there."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from summit.extensions import db
from summit.messages.services import Draft
from summit.messages.services import recipients
from summit.messages.services import send_message
from summit.registration.announcements import unsubscribe
from summit.registration.announcements import unsubscribe_token
from summit.registration.mails import queue_attendee_mail
from tests.conftest import AuthActions
from tests.conftest import csrf_token_from
from tests.factories import NOW
from tests.factories import make_event
from tests.outbox_helpers import send_queued
from tests.registration_factories import KEY
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.smtp_sink import SmtpSink
from tests.smtp_sink import text_body


@pytest.fixture
def csrf_app(make_app: Callable[..., Flask], smtp: SmtpSink) -> Iterator[Flask]:
    """CSRF on, as in production: the one-click POST must work without a token."""
    app = make_app(**smtp.config(), WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


@pytest.fixture
def people(csrf_app: Flask) -> dict[str, Any]:
    event = make_event(published=True, title="Sommet bien-être")
    open_registration(event)
    salma = sign_up(event, "salma@example.org", name="Salma", language="fr")
    omar = sign_up(event, "omar@example.org", name="Omar")
    return {"event": event, "salma": salma, "omar": omar}


def _announce(event: Any, subject: str) -> None:
    send_message(
        event,
        Draft("confirmed", "Everyone confirmed", subject, "Bonjour {name},"),
        actor=None,
        now=NOW,
        key=KEY,
    )
    db.session.commit()
    send_queued()


def test_an_announcement_carries_a_signed_one_click_address_that_unsubscribes(
    csrf_app: Flask, smtp: SmtpSink, people: dict[str, Any]
) -> None:
    event, salma = people["event"], people["salma"].registration
    _announce(event, "Infos pratiques")
    (message,) = smtp.to("salma@example.org")
    url = message["List-Unsubscribe"].strip("<>")
    assert url == (
        f"http://summit.test/events/{event.slug}/unsubscribe/{unsubscribe_token(salma, KEY)}"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] is None
    assert url in text_body(message)

    client = csrf_app.test_client()
    page = client.get(url)
    assert page.status_code == 200 and "Yes, stop these messages" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store, private"
    assert salma.unsubscribed_at is None  # opening the link (a mail scanner) changes nothing

    # The mailbox provider's one-click POST: no CSRF token, no cookie.
    response = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You will no longer receive" in response.get_data(as_text=True)
    db.session.refresh(salma)
    first = salma.unsubscribed_at
    assert first is not None
    assert client.post(url).status_code == 200  # again: nothing changes
    db.session.refresh(salma)
    assert salma.unsubscribed_at == first

    assert [p.email for p in recipients(event, "confirmed")] == ["omar@example.org"]
    _announce(event, "Deuxième message")
    assert [m["Subject"] for m in smtp.to("salma@example.org")] == ["Infos pratiques"]
    assert len(smtp.to("omar@example.org")) == 2


def test_transactional_mail_still_reaches_an_unsubscribed_attendee_without_unsubscribe(
    csrf_app: Flask, smtp: SmtpSink, people: dict[str, Any]
) -> None:
    salma = people["salma"].registration
    csrf_app.test_client().post(
        f"/events/{people['event'].slug}/unsubscribe/{unsubscribe_token(salma, KEY)}"
    )
    queue_attendee_mail(salma, "confirmed", token=people["salma"].token, now=NOW)
    db.session.commit()
    send_queued()
    (message,) = smtp.to("salma@example.org")
    assert message["List-Unsubscribe"] is None
    assert message["Auto-Submitted"] == "auto-generated"


def test_the_attendee_sees_it_on_their_page_and_subscribes_again(
    csrf_app: Flask, smtp: SmtpSink, people: dict[str, Any]
) -> None:
    event, signed = people["event"], people["salma"]
    client = csrf_app.test_client()
    client.post(f"/events/{event.slug}/unsubscribe/{unsubscribe_token(signed.registration, KEY)}")
    # Salma registered in French: her page opens in French unless she picks another.
    page_url = f"/events/{event.slug}/my/{signed.token}/?lang=en"
    html = client.get(page_url).get_data(as_text=True)
    assert "You stopped the organizers" in html
    action = f"/events/{event.slug}/my/{signed.token}/announcements"
    assert client.post(action).status_code == 400  # this one is CSRF-protected
    response = client.post(action, data={"csrf_token": csrf_token_from(html)})
    assert response.status_code == 302
    db.session.refresh(signed.registration)
    assert signed.registration.unsubscribed_at is None
    assert "You receive the organizers" in client.get(page_url).get_data(as_text=True)
    _announce(event, "Retour")
    assert [m["Subject"] for m in smtp.to("salma@example.org")] == ["Retour"]


def test_a_forged_or_another_events_address_is_not_found(
    csrf_app: Flask, people: dict[str, Any]
) -> None:
    event, salma = people["event"], people["salma"].registration
    other = make_event(published=True)
    open_registration(other)
    stranger = sign_up(other, "x@example.org").registration
    token = unsubscribe_token(salma, KEY)
    client = csrf_app.test_client()
    for url in (
        f"/events/{event.slug}/unsubscribe/{token[:-2]}xx",
        f"/events/{event.slug}/unsubscribe/{unsubscribe_token(stranger, KEY)}",
        f"/events/{other.slug}/unsubscribe/{token}",
        f"/events/{event.slug}/unsubscribe/{unsubscribe_token(salma, 'another-key')}",
    ):
        assert client.post(url).status_code == 404
    db.session.refresh(salma)
    assert salma.unsubscribed_at is None


def test_the_organizers_preview_says_how_many_of_the_group_unsubscribed(
    csrf_app: Flask, people: dict[str, Any]
) -> None:
    event, salma = people["event"], people["salma"].registration
    organizer = event.memberships[0].organizer
    unsubscribe(salma, now=NOW)
    db.session.commit()
    csrf_app.config["WTF_CSRF_ENABLED"] = False
    client = csrf_app.test_client()
    AuthActions(client).login(organizer.email)
    page = client.post(
        f"/manage/events/{event.id}/messages/new",
        data={"segment": "confirmed", "subject": "Infos", "body": "Bonjour {name},"},
    ).get_data(as_text=True)
    assert "Preview: 1 person will receive it" in page
    assert "1 person in this group stopped the organizers" in page
