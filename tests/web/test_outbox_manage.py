"""The organizer's e-mail page: each message's state, and sending a failed one again."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from summit.auth.models import Organizer
from summit.events.models import Event
from summit.extensions import db
from summit.mail import Mail
from summit.outbox.delivery import BACKOFF
from summit.outbox.models import OutboxMessage
from summit.outbox.models import OutboxStatus
from summit.outbox.services import queue_mails
from tests.conftest import csrf_token_from
from tests.factories import NOW
from tests.factories import PASSWORD
from tests.factories import make_event
from tests.factories import make_organizer
from tests.outbox_helpers import queued_rows
from tests.outbox_helpers import send_queued
from tests.smtp_sink import SmtpSink


@pytest.fixture
def app(make_app: Callable[..., Flask], smtp: SmtpSink) -> Iterator[Flask]:
    app = make_app(**smtp.config(), WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


def _sign_in(client: FlaskClient, organizer: Organizer) -> None:
    page = client.get("/auth/login").get_data(as_text=True)
    response = client.post(
        "/auth/login",
        data={"email": organizer.email, "password": PASSWORD, "csrf_token": csrf_token_from(page)},
    )
    assert response.status_code == 302


def _queue(event: Event, *addresses: str) -> list[OutboxMessage]:
    mails = [Mail(to=a, subject=f"News for {a}", text="Hello") for a in addresses]
    rows = queue_mails(mails, kind="confirmed", event_id=event.id, now=NOW)
    db.session.commit()
    return rows


def test_the_page_shows_sent_queued_retried_and_failed_messages_with_the_error(
    app: Flask, client: FlaskClient, smtp: SmtpSink
) -> None:
    organizer = make_organizer()
    event = make_event(organizer, published=True)
    _queue(event, "ok@example.org")
    send_queued(NOW)
    _queue(event, "later@example.org", "no@example.org")
    smtp.handler.answers = ["451 4.7.1 Greylisted", "550 5.1.1 No such user"]
    send_queued(NOW)
    smtp.handler.answers = ["451 4.7.1 Greylisted"]
    send_queued(NOW + BACKOFF[0])  # the deferred one's second attempt, deferred again
    _sign_in(client, organizer)
    page = client.get(f"/manage/events/{event.id}/emails/").get_data(as_text=True)
    assert 'id="count-sent">1<' in page and 'id="count-failed">1<' in page
    assert 'id="count-queued">1<' in page
    assert "Mail server said: 451 4.7.1 Greylisted" in page
    assert "Mail server said: 550 5.1.1 No such user" in page
    assert "Retried 1 time" in page and "Queued, next try at" in page
    assert page.count("Send again") == 1
    failed = client.get(f"/manage/events/{event.id}/emails/?status=failed").get_data(as_text=True)
    assert "no@example.org" in failed and "ok@example.org" not in failed


def test_resending_a_failed_message_needs_csrf_and_delivers_it_once(
    app: Flask, client: FlaskClient, smtp: SmtpSink
) -> None:
    organizer = make_organizer()
    event = make_event(organizer, published=True)
    [row] = _queue(event, "no@example.org")
    smtp.handler.answers = ["550 5.1.1 No such user"]
    send_queued(NOW)
    assert row.status is OutboxStatus.FAILED
    _sign_in(client, organizer)
    url = f"/manage/events/{event.id}/emails/{row.id}/resend"
    assert client.post(url).status_code == 400  # no CSRF token: refused
    db.session.refresh(row)
    assert row.status is OutboxStatus.FAILED
    page = client.get(f"/manage/events/{event.id}/emails/").get_data(as_text=True)
    done = client.post(url, data={"csrf_token": csrf_token_from(page)}, follow_redirects=True)
    assert "queued again" in done.get_data(as_text=True)
    db.session.refresh(row)
    assert row.status is OutboxStatus.QUEUED
    send_queued()
    assert [m["To"] for m in smtp.messages] == ["no@example.org"]
    again = client.post(url, data={"csrf_token": csrf_token_from(page)}, follow_redirects=True)
    assert "Only a failed message can be sent again." in again.get_data(as_text=True)
    assert [r.status for r in queued_rows()] == [OutboxStatus.SENT]


def test_another_events_organizer_sees_and_resends_nothing(
    app: Flask, client: FlaskClient, smtp: SmtpSink
) -> None:
    event = make_event(make_organizer(), published=True)
    [row] = _queue(event, "no@example.org")
    stranger = make_organizer()
    own = make_event(stranger)
    _sign_in(client, stranger)
    assert client.get(f"/manage/events/{event.id}/emails/").status_code == 404
    page = client.get(f"/manage/events/{own.id}/emails/").get_data(as_text=True)
    response = client.post(
        f"/manage/events/{event.id}/emails/{row.id}/resend",
        data={"csrf_token": csrf_token_from(page)},
    )
    assert response.status_code == 404
