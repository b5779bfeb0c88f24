"""A permanent refusal of an attendee's address marks it bouncing on the registration:
organizers see it, and later messages to it are not attempted (the sender's reputation
suffers from every retry to a dead mailbox)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from summit.extensions import db
from summit.outbox.models import OutboxStatus
from summit.outbox.services import resend_message
from summit.registration.mails import queue_attendee_mail
from summit.registration.privacy import erase_registration
from tests.conftest import AuthActions
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer
from tests.outbox_helpers import queued_rows
from tests.outbox_helpers import send_queued
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.smtp_sink import SmtpSink


@pytest.fixture
def people(mail_app: Flask) -> dict[str, Any]:
    organizer = make_organizer()
    event = make_event(organizer, published=True)
    open_registration(event)
    salma = sign_up(event, "Salma@Example.org", name="Salma").registration
    omar = sign_up(event, "omar@example.org", name="Omar").registration
    return {"organizer": organizer, "event": event, "salma": salma, "omar": omar}


def _mail(registration: Any, kind: str = "confirmed") -> None:
    queue_attendee_mail(registration, kind, now=NOW)
    db.session.commit()


def _bounced(smtp: SmtpSink, registration: Any) -> Any:
    """``registration``'s address refused at RCPT by the server."""
    smtp.handler.rcpt_answers.append("550 5.1.1 <Salma@Example.org>: user unknown")
    _mail(registration)
    send_queued()
    db.session.refresh(registration)
    assert registration.bounced_at is not None
    return registration


@pytest.mark.parametrize(
    ("where", "answer"),
    [
        ("rcpt", "550 5.1.1 <Salma@Example.org>: user unknown"),
        ("data", "552 5.2.2 Mailbox full"),
        ("data", "550 No such user here"),  # a server without enhanced status codes
    ],
)
def test_a_refused_address_bounces_and_later_messages_are_not_attempted(
    mail_app: Flask, smtp: SmtpSink, people: dict[str, Any], where: str, answer: str
) -> None:
    salma, omar = people["salma"], people["omar"]
    (smtp.handler.rcpt_answers if where == "rcpt" else smtp.handler.answers).append(answer)
    _mail(salma)
    assert send_queued()[OutboxStatus.FAILED] == 1
    db.session.refresh(salma)
    assert salma.bounced_at is not None and answer.split()[0] in salma.bounce_reason

    _mail(salma, "resent")
    _mail(omar)
    counts = send_queued()
    assert (counts[OutboxStatus.SENT], counts[OutboxStatus.FAILED]) == (1, 1)
    assert [m["To"] for m in smtp.messages] == ["omar@example.org"]
    later = queued_rows()[1]
    assert later.status is OutboxStatus.FAILED and later.attempts == 1
    assert later.last_error.startswith("Not sent: the mail server refused this address")
    db.session.refresh(omar)
    assert omar.bounced_at is None

    client = mail_app.test_client()
    AuthActions(client).login(people["organizer"].email)
    page = client.get(f"/manage/events/{people['event'].id}/registrations/")
    html = page.get_data(as_text=True)
    assert html.count("Bounces: e-mails to this address are not sent") == 1
    assert answer.split()[1] in html


def test_a_refused_message_is_failed_but_its_address_does_not_bounce(
    mail_app: Flask, smtp: SmtpSink, people: dict[str, Any]
) -> None:
    salma = people["salma"]
    smtp.handler.answers.append("554 5.7.1 Message content rejected")
    _mail(salma)
    assert send_queued()[OutboxStatus.FAILED] == 1
    db.session.refresh(salma)
    assert salma.bounced_at is None
    _mail(salma, "resent")
    assert send_queued()[OutboxStatus.SENT] == 1


def test_a_refused_sender_is_the_installations_fault_not_a_bounce(
    mail_app: Flask, smtp: SmtpSink, people: dict[str, Any]
) -> None:
    smtp.handler.mail_answers.append("550 5.7.1 Sender address rejected")
    _mail(people["salma"])
    assert send_queued()[OutboxStatus.FAILED] == 1
    db.session.refresh(people["salma"])
    assert people["salma"].bounced_at is None


def test_sending_a_failed_message_again_tries_the_address_once_more(
    mail_app: Flask, smtp: SmtpSink, people: dict[str, Any]
) -> None:
    salma = _bounced(smtp, people["salma"])
    (row,) = queued_rows()
    resend_message(row, now=NOW)
    db.session.commit()
    db.session.refresh(salma)
    assert salma.bounced_at is None
    assert send_queued()[OutboxStatus.SENT] == 1
    assert [m["To"] for m in smtp.messages] == ["Salma@Example.org"]


def test_erasing_a_registration_forgets_the_servers_answer(
    mail_app: Flask, smtp: SmtpSink, people: dict[str, Any]
) -> None:
    salma = _bounced(smtp, people["salma"])
    erase_registration(salma, now=NOW)
    db.session.commit()
    db.session.refresh(salma)
    assert salma.bounce_reason == ""
