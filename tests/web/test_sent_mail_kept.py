"""What the outbox keeps of a sent e-mail: its headers (what left, to whom, when), never
its text, which for an attendee holds their private link (the database keeps only hashes
of those). A message that failed keeps everything, to be sent again."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from email import message_from_bytes
from email import policy

import pytest
from flask import Flask

from summit.events.models import Event
from summit.extensions import db
from summit.outbox.delivery import headers_of
from summit.outbox.models import OutboxStatus
from summit.registration.mails import queue_attendee_mail
from summit.registration.services import SignUp
from tests.factories import NOW
from tests.factories import make_event
from tests.outbox_helpers import queued_rows
from tests.outbox_helpers import send_queued
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.smtp_sink import SmtpSink
from tests.smtp_sink import text_body


def confirmed(event: Event, email: str, name: str) -> SignUp:
    """Signed up, with the confirmation queued as the sign-up page queues it."""
    signup = sign_up(event, email, name=name)
    queue_attendee_mail(signup.registration, "confirmed", token=signup.token, now=NOW)
    db.session.commit()
    return signup


def decoded(raw: bytes) -> str:
    """Every part of a stored message, transfer encodings undone (base64, QP)."""
    message = message_from_bytes(raw, policy=policy.default)
    parts = [p.get_payload(decode=True) for p in message.walk() if not p.is_multipart()]
    return raw.decode(errors="replace") + "".join(
        p.decode(errors="replace") for p in parts if isinstance(p, bytes)
    )


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


def test_a_sent_confirmation_keeps_its_headers_and_loses_the_private_link(
    make_app: Callable[..., Flask], smtp: SmtpSink
) -> None:
    app = make_app(**smtp.config())
    with app.app_context():
        event = make_event(published=True)
        open_registration(event)
        signup = confirmed(event, "nadia@example.org", "Nadia Alaoui")
        (queued,) = queued_rows()
        whole = bytes(queued.body)
        assert signup.token in decoded(whole)  # queued: the whole message, to send
        assert send_queued()[OutboxStatus.SENT] == 1
        (delivered,) = smtp.to("nadia@example.org")
        assert signup.token in text_body(delivered)  # the attendee got their link

        (row,) = queued_rows()
        assert row.status is OutboxStatus.SENT
        assert signup.token not in decoded(row.body) and "Nadia" not in decoded(row.body)
        assert len(row.body) < len(whole) // 4
        kept = message_from_bytes(row.body, policy=policy.default)
        assert kept["Message-ID"] == delivered["Message-ID"]
        assert kept["Subject"] == delivered["Subject"] and kept["To"] == "nadia@example.org"


def test_a_refused_message_keeps_its_whole_text_to_be_sent_again(
    make_app: Callable[..., Flask], smtp: SmtpSink
) -> None:
    app = make_app(**smtp.config())
    with app.app_context():
        event = make_event(published=True)
        open_registration(event)
        smtp.handler.answers.append("554 5.7.1 Message content rejected")
        signup = confirmed(event, "omar@example.org", "Omar")
        send_queued()
        (row,) = queued_rows()
        assert row.status is OutboxStatus.FAILED
        assert signup.token in decoded(row.body)


@pytest.mark.parametrize(
    ("message", "kept"),
    [
        (b"Subject: a\r\nTo: b\r\n\r\nText\r\n\r\nmore", b"Subject: a\r\nTo: b\r\n\r\n"),
        (b"Subject: a\nTo: b\n\nText\r\n\r\nmore", b"Subject: a\nTo: b\n\n"),
        (b"Subject: only headers", b"Subject: only headers"),
    ],
)
def test_the_header_block_ends_at_the_first_blank_line(message: bytes, kept: bytes) -> None:
    assert headers_of(message) == kept
