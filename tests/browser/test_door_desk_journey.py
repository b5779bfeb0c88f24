"""The door desk on a phone: scans answered in place, the count, undo, the QR link."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from summit.extensions import db
from summit.registration.links import checkin_code
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from tests.browser.conftest import LiveServer
from tests.browser.conftest import sign_in
from tests.factories import make_event
from tests.factories import make_organizer
from tests.registration_factories import KEY
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up

PHONE = {"width": 390, "height": 844}
CASABLANCA = ZoneInfo("Africa/Casablanca")


@pytest.fixture
def door(page: Any, live_server: LiveServer) -> dict[str, Any]:
    with live_server.app.app_context():
        organizer = make_organizer("door@example.org")
        event = make_event(organizer, published=True)
        open_registration(event, capacity=10, categories=["Étudiant", "Médecin"])
        early = sign_up(event, "early@example.org", name="Salma Idrissi", category="Médecin")
        fresh = sign_up(event, "fresh@example.org", name="Omar Tazi", category="Étudiant")
        gone = sign_up(event, "gone@example.org", name="Rim Berrada")
        # Salma came in at 09:12 Casablanca time, earlier today.
        today = datetime.now(CASABLANCA).date()
        early.registration.checked_in_at = datetime.combine(
            today, time(9, 12), tzinfo=CASABLANCA
        ).astimezone(UTC)
        gone.registration.status = RegistrationStatus.CANCELLED
        db.session.commit()
        codes = {
            name: f"{live_server.url}/manage/events/{event.id}/checkin/{checkin_code(r.token, KEY)}"
            for name, r in (("early", early), ("fresh", fresh), ("gone", gone))
        }
        ids = {"event": event.id, "fresh_id": fresh.registration.id, **codes}
        db.session.remove()
    page.set_viewport_size(PHONE)
    sign_in(page, "door@example.org")
    return ids


def scan(page: Any, text: str) -> None:
    """What a handheld scanner does: type into the focused field, then Enter."""
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_scanning_at_the_door_on_a_phone(
    page: Any, live_server: LiveServer, door: dict[str, Any]
) -> None:
    page.goto(f"/manage/events/{door['event']}/checkin/")
    page.evaluate("window.notReloaded = true")
    field = page.get_by_label("Ticket")
    assert page.evaluate("document.activeElement.name") == "ticket"
    box = field.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"] and box["width"] <= PHONE["width"]
    assert page.locator(".door-count").inner_text().startswith("1 / 2")

    result = page.locator("#checkin-result")
    scan(page, door["early"])
    result.get_by_text("Already checked in at 9:12 AM").wait_for()
    assert result.get_by_text("Salma Idrissi · Médecin").is_visible()
    headline = result.locator(".door-headline").bounding_box()
    assert headline["y"] + headline["height"] <= PHONE["height"]  # seen without scrolling
    assert page.evaluate("document.activeElement.name") == "ticket"
    assert field.input_value() == ""

    scan(page, door["fresh"])
    result.get_by_text("Checked in", exact=True).wait_for()
    assert result.get_by_text("Omar Tazi · Étudiant").is_visible()
    assert page.locator("#door-in").inner_text() == "2"

    scan(page, door["gone"])
    result.get_by_text("Cancelled", exact=True).wait_for()
    scan(page, door["fresh"][:-4] + "0000")
    result.get_by_text("Unknown ticket", exact=True).wait_for()
    assert page.evaluate("window.notReloaded") is True

    # A wrong check-in is taken back with the keyboard only.
    scan(page, door["fresh"])
    result.get_by_text("Already checked in at").wait_for()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Undo this check-in"
    page.keyboard.press("Enter")
    result.get_by_text("Check-in undone").wait_for()
    assert page.locator("#door-in").inner_text() == "1"
    assert page.evaluate("window.notReloaded") is True
    with live_server.app.app_context():
        person = db.session.get(Registration, door["fresh_id"])
        assert person is not None and person.checked_in_at is None
        db.session.remove()


def test_the_qr_link_shows_the_status_before_any_button(
    page: Any, live_server: LiveServer, door: dict[str, Any]
) -> None:
    page.goto(door["early"])
    result = page.locator("#checkin-result")
    assert result.get_by_text("Already checked in at 9:12 AM").is_visible()
    assert page.get_by_role("button", name="Check in").count() == 0

    page.goto(door["fresh"])
    assert result.get_by_text("Not checked in yet").is_visible()
    assert result.get_by_text("Omar Tazi · Étudiant").is_visible()
    page.keyboard.press("Enter")  # the button has the focus
    page.locator("#checkin-result").get_by_text("Checked in", exact=True).wait_for()

    page.goto(door["gone"])
    assert result.get_by_text("Cancelled", exact=True).is_visible()
    assert page.get_by_role("button", name="Check in").count() == 0
