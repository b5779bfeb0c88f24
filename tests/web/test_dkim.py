"""DKIM: with a key configured, what the mail server receives carries a signature that
verifies against the public key published in DNS (here answered by a dnsfunc)."""

from __future__ import annotations

import base64
import email
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import dkim
import pytest
from flask import Flask

from summit.extensions import db
from summit.messages.services import Draft
from summit.messages.services import send_message
from summit.outbox.models import OutboxStatus
from summit.registration.mails import queue_attendee_mail
from tests.factories import NOW
from tests.factories import make_event
from tests.outbox_helpers import queued_rows
from tests.outbox_helpers import send_queued
from tests.registration_factories import KEY
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.smtp_sink import SmtpSink

SELECTOR, DOMAIN = "summit2026", "sommet.example.org"


@pytest.fixture(scope="module")
def rsa_key(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A fresh 2048-bit key (openssl, in the test profile) and its DNS TXT record."""
    folder = tmp_path_factory.mktemp("dkim")
    key = folder / "dkim.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(key), "2048"], check=True, capture_output=True)
    public = subprocess.run(
        ["openssl", "rsa", "-in", str(key), "-pubout", "-outform", "DER"],
        check=True,
        capture_output=True,
    ).stdout
    return key, b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


def _dns(record: bytes) -> Callable[..., bytes | None]:
    def lookup(name: bytes, timeout: int = 5) -> bytes | None:
        return record if name == f"{SELECTOR}._domainkey.{DOMAIN}.".encode() else None

    return lookup


def _send_confirmation(app: Flask, email: str) -> None:
    with app.app_context():
        event = make_event(published=True, title="Sommet santé mentale")
        open_registration(event)
        signed = sign_up(event, email, name="Salma", language="fr")
        queue_attendee_mail(signed.registration, "confirmed", token=signed.token, now=NOW)
        db.session.commit()
        send_queued()
        db.session.remove()


def test_a_sent_message_carries_a_dkim_signature_that_verifies(
    make_app: Callable[..., Flask], smtp: SmtpSink, rsa_key: tuple[Path, bytes]
) -> None:
    key, record = rsa_key
    app = make_app(
        **smtp.config(), DKIM_SELECTOR=SELECTOR, DKIM_DOMAIN=DOMAIN, DKIM_KEY_FILE=str(key)
    )
    _send_confirmation(app, "salma@example.org")

    (raw,) = smtp.handler.raw
    assert raw.startswith(b"DKIM-Signature:")
    assert dkim.verify(raw, dnsfunc=_dns(record))
    header = re.sub(r"\s+", "", str(email.message_from_bytes(raw)["DKIM-Signature"]))
    tags = dict(tag.split("=", 1) for tag in header.split(";") if "=" in tag)
    assert (tags["d"], tags["s"], tags["c"]) == (DOMAIN, SELECTOR, "relaxed/relaxed")
    signed = set(tags["h"].lower().split(":"))
    assert {"from", "to", "subject", "date", "message-id", "auto-submitted"} <= signed
    # Tampering with a signed header or the body breaks it.
    assert not dkim.verify(raw.replace(b"Salma", b"Salmo"), dnsfunc=_dns(record))


def test_without_settings_nothing_is_signed(mail_app: Flask, smtp: SmtpSink) -> None:
    event = make_event(published=True)
    open_registration(event)
    signed = sign_up(event, "omar@example.org")
    queue_attendee_mail(signed.registration, "confirmed", token=signed.token, now=NOW)
    db.session.commit()
    send_queued()
    (raw,) = smtp.handler.raw
    assert b"DKIM-Signature" not in raw


def test_a_missing_key_file_keeps_the_message_queued_with_the_reason(
    make_app: Callable[..., Flask], smtp: SmtpSink, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.pem"
    app = make_app(
        **smtp.config(), DKIM_SELECTOR=SELECTOR, DKIM_DOMAIN=DOMAIN, DKIM_KEY_FILE=str(missing)
    )
    _send_confirmation(app, "nadia@example.org")
    assert smtp.messages == []
    with app.app_context():
        (row,) = queued_rows()
        assert row.status is OutboxStatus.QUEUED
        assert "DKIM key file" in row.last_error and "nowhere.pem" in row.last_error


def test_an_announcements_unsubscribe_headers_are_signed(
    make_app: Callable[..., Flask], smtp: SmtpSink, rsa_key: tuple[Path, bytes]
) -> None:
    """RFC 8058: the signature must cover List-Unsubscribe and List-Unsubscribe-Post."""
    key, record = rsa_key
    app = make_app(
        **smtp.config(), DKIM_SELECTOR=SELECTOR, DKIM_DOMAIN=DOMAIN, DKIM_KEY_FILE=str(key)
    )
    with app.app_context():
        event = make_event(published=True)
        open_registration(event)
        sign_up(event, "amine@example.org", name="Amine")
        draft = Draft("confirmed", "Everyone confirmed", "Infos pratiques", "Bonjour {name},")
        send_message(event, draft, actor=None, now=NOW, key=KEY)
        db.session.commit()
        send_queued()
    (raw,) = smtp.handler.raw
    assert dkim.verify(raw, dnsfunc=_dns(record))
    header = re.sub(r"\s+", "", str(email.message_from_bytes(raw)["DKIM-Signature"]))
    signed = dict(tag.split("=", 1) for tag in header.split(";") if "=" in tag)["h"].lower()
    assert {"list-unsubscribe", "list-unsubscribe-post"} <= set(signed.split(":"))
