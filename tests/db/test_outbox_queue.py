"""Queueing e-mails in the outbox, inside the caller's transaction."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes

from flask import Flask
from sqlalchemy import select

from summit.extensions import db
from summit.mail import Mail
from summit.outbox.models import OutboxMessage
from summit.outbox.models import OutboxStatus
from summit.outbox.services import queue_mails
from tests.factories import NOW
from tests.factories import make_event


def _rows() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_queued_mail_is_a_complete_message_held_until_commit(app: Flask) -> None:
    event = make_event()
    queue_mails(
        [Mail(to="amina@example.org", subject="Votre place", text="Bonjour")],
        kind="confirmed",
        event_id=event.id,
        now=NOW,
    )
    db.session.rollback()
    assert _rows() == []  # a rolled-back change e-mails nobody

    queue_mails(
        [Mail(to="amina@example.org", subject="Votre place", text="Bonjour")],
        kind="confirmed",
        event_id=event.id,
        now=NOW,
    )
    db.session.commit()
    (row,) = _rows()
    assert (row.status, row.attempts, row.not_before, row.kind) == (
        OutboxStatus.QUEUED,
        0,
        NOW,
        "confirmed",
    )
    parsed = message_from_bytes(row.body)
    assert parsed["To"] == "amina@example.org"
    assert parsed["Subject"] == "Votre place"


def test_mails_without_address_are_skipped(app: Flask) -> None:
    rows = queue_mails(
        [Mail(to="", subject="x", text="y"), Mail(to="b@example.org", subject="x", text="y")],
        kind="cancelled",
        event_id=None,
        now=NOW,
    )
    assert [row.recipient for row in rows] == ["b@example.org"]


def test_a_burst_with_one_coalesce_key_makes_one_message_with_the_last_text(app: Flask) -> None:
    for minute, text in enumerate(["moved to 10:00", "moved to 11:00", "moved to 12:00"]):
        queue_mails(
            [Mail(to="speaker@example.org", subject=f"Change {minute}", text=text)],
            kind="session_changed",
            event_id=None,
            now=NOW + timedelta(minutes=minute),
            not_before=NOW + timedelta(minutes=minute + 5),
            coalesce_key="session-changes:speaker:7",
        )
    db.session.commit()
    (row,) = _rows()
    assert row.subject == "Change 2"
    assert row.not_before == NOW + timedelta(minutes=7)
    assert "moved to 12:00" in message_from_bytes(row.body).get_payload()


def test_a_sent_message_is_never_replaced_by_a_later_one_of_the_same_key(app: Flask) -> None:
    (first,) = queue_mails(
        [Mail(to="s@example.org", subject="first", text="a")],
        kind="session_changed",
        event_id=None,
        now=NOW,
        coalesce_key="k",
    )
    first.status = OutboxStatus.SENT
    queue_mails(
        [Mail(to="s@example.org", subject="second", text="b")],
        kind="session_changed",
        event_id=None,
        now=NOW,
        coalesce_key="k",
    )
    db.session.commit()
    assert [(row.subject, row.status) for row in _rows()] == [
        ("first", OutboxStatus.SENT),
        ("second", OutboxStatus.QUEUED),
    ]
