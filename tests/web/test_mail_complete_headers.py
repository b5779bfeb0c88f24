"""Every message leaves with the headers a mailbox provider expects, written in one
place (summit.mail.build_message), whatever the kind or the language."""

from __future__ import annotations

from collections.abc import Callable
from email.utils import parsedate_to_datetime

from flask import Flask

from summit.extensions import db
from summit.outbox.models import OutboxStatus
from summit.outbox.services import queue_mails
from summit.registration.mails import queue_attendee_mail
from summit.speaker_portal.services import invitation_mail
from tests.factories import NOW
from tests.factories import make_event
from tests.outbox_helpers import send_queued
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.schedule_factories import make_speaker
from tests.smtp_sink import SmtpSink
from tests.smtp_sink import html_body
from tests.smtp_sink import text_body


def test_a_confirmation_carries_every_header_and_a_clean_greeting(
    mail_app: Flask, smtp: SmtpSink
) -> None:
    event = make_event(
        published=True, title="Santé mentale 2024", contact_email="contact@sommet.example.org"
    )
    open_registration(event)
    signed = sign_up(event, "salma@example.org", name="Salma\u2028\x0bBennani\x07", language="ar")
    queue_attendee_mail(signed.registration, "confirmed", token=signed.token, now=NOW)
    db.session.commit()
    assert send_queued()[OutboxStatus.SENT] == 1

    (message,) = smtp.to("salma@example.org")
    # The moment it was written (queued, at NOW), in UTC.
    assert parsedate_to_datetime(message["Date"]) == NOW
    assert message["Date"].endswith("+0000")
    assert message["Message-ID"].endswith("@summit.test>")
    sender = message["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == (
        "Santé mentale 2024",
        "no-reply@summit.localhost",
    )
    assert message["Reply-To"] == "contact@sommet.example.org"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe"] is None
    assert message["Content-Language"] == "ar"
    assert "Salma Bennani" in text_body(message)
    assert not set("\u2028\x0b\x07") & set(text_body(message) + html_body(message))
    assert '<html lang="ar" dir="rtl">' in html_body(message)
    assert "<title>" in html_body(message)


def test_message_ids_use_the_configured_mail_domain(
    make_app: Callable[..., Flask], smtp: SmtpSink
) -> None:
    app = make_app(**smtp.config(), SUMMIT_MAIL_DOMAIN="mail.sommet.example.org")
    with app.app_context():
        event = make_event(published=True)
        open_registration(event)
        signed = sign_up(event, "amine@example.org", language="fr")
        queue_attendee_mail(signed.registration, "pending", now=NOW)
        db.session.commit()
        send_queued()
        (message,) = smtp.to("amine@example.org")
        assert message["Message-ID"].endswith("@mail.sommet.example.org>")
        assert message["Content-Language"] == "fr"
        assert '<html lang="fr" dir="ltr">' in html_body(message)
        db.session.remove()


def test_a_speaker_name_with_control_characters_is_one_clean_line_in_the_greeting(
    mail_app: Flask, smtp: SmtpSink
) -> None:
    event = make_event(published=True)
    speaker = make_speaker(event, "Amina\u2028\x0bBenali\u202e", email="amina@example.org")
    queue_mails(
        [invitation_mail(event, speaker, "http://summit.test/x", rotated=False)],
        kind="speaker_invitation",
        event_id=event.id,
        now=NOW,
    )
    db.session.commit()
    send_queued()
    (message,) = smtp.to("amina@example.org")
    assert text_body(message).splitlines()[0] in ("Hello Amina Benali,", "Bonjour Amina Benali,")
    assert message["Auto-Submitted"] == "auto-generated"
