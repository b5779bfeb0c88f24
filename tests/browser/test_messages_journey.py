"""An organizer writes to the waiting list: preview, confirmation, the copy and its states."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from summit.extensions import db
from summit.outbox.models import OutboxMessage
from tests.browser.conftest import LiveServer
from tests.browser.conftest import sign_in
from tests.factories import make_event
from tests.factories import make_organizer
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up


def test_a_message_to_the_waiting_list(page: Any, live_server: LiveServer) -> None:
    with live_server.app.app_context():
        organizer = make_organizer("messages@example.org")
        event = make_event(organizer, published=True)
        open_registration(event, capacity=1, waitlist_enabled=True)
        for name in ("Salma", "Omar", "Rim"):
            sign_up(event, f"{name.lower()}@example.org", name=name)
        event_id = event.id
        db.session.remove()
    sign_in(page, "messages@example.org")
    page.goto(f"/manage/events/{event_id}/")
    page.get_by_role("link", name="Messages").click()
    page.get_by_role("link", name="Write a message").click()
    page.get_by_label("To").select_option(label="The waiting list")
    page.get_by_label("Subject").fill("Une place peut se libérer")
    page.get_by_label("Message").fill(
        "Bonjour {name}, nous vous écrivons dès qu’une place se libère."
    )
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("Preview: 2 people will receive it").wait_for()
    assert page.get_by_text("Bonjour Omar, nous vous écrivons").is_visible()

    page.get_by_role("button", name="Send", exact=True).click()
    dialog = page.get_by_role("dialog", name="Send “Une place peut se libérer” to 2 people?")
    dialog.get_by_role("button", name="Send the message").click()
    page.get_by_text("Message queued for 2 people.").wait_for()
    assert page.locator("#delivery").inner_text() == "0 sent, 2 waiting, 0 failed"
    with live_server.app.app_context():
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [(r.kind, r.recipient) for r in rows] == [
            ("announcement", "omar@example.org"),
            ("announcement", "rim@example.org"),
        ]
        assert "Bonjour Rim," in rows[1].body.decode()
        db.session.remove()
