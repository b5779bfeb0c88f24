from __future__ import annotations

from typing import Any

from summit.audit.services import SYSTEM
from summit.auth.services import create_organizer
from summit.db import utcnow
from summit.demo.seed import seed_demo
from summit.events.models import TeamRole
from summit.extensions import db
from summit.registration.demo import DEMO_CATEGORIES
from summit.registration.demo import DEMO_CONSENTS
from summit.registration.services import AttendeeData
from summit.registration.services import register_attendee
from summit.teams.services import add_member
from tests.browser.conftest import LiveServer

STAFF = "door@example.org"
PASSWORD = "a long enough password"


def test_an_organizer_finds_a_person_and_checks_them_in_once_at_the_door(
    page: Any, live_server: LiveServer
) -> None:
    consent = DEMO_CONSENTS[0]
    with live_server.app.app_context():
        event = seed_demo(now=utcnow()).event
        for n, name in enumerate(["Salma Idrissi", "Mehdi Chraibi", "Rim Berrada"]):
            register_attendee(
                event,
                AttendeeData(
                    name=name,
                    email=f"p{n}@example.org",
                    category=DEMO_CATEGORIES[1],
                    consents=[consent],
                ),
                key=live_server.app.config["SECRET_KEY"],
                now=utcnow(),
            )
        # Door staff get an organizer account of their own on the demo event.
        staff = create_organizer(STAFF, PASSWORD, now=utcnow())
        add_member(event, staff, TeamRole.REGISTRATION_MANAGER, actor=SYSTEM, now=utcnow())
        db.session.commit()
        event_id = event.id

    page.goto("/auth/login")
    page.get_by_label("E-mail").fill(STAFF)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="My events").wait_for()
    page.goto(f"/manage/events/{event_id}/")
    page.get_by_role("link", name="Registrations").click()
    assert page.locator("#count-confirmed").inner_text() == "3"

    page.get_by_role("link", name="Check-in").click()
    page.get_by_label("Name or e-mail").fill("mehdi")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Check in").last.click()
    result = page.locator("#checkin-result")
    assert result.get_by_text("Checked in", exact=True).is_visible()
    assert result.get_by_text("Mehdi Chraibi").is_visible()
    assert page.locator("#door-in").inner_text() == "1"

    # Found again, the person shows as in, with a way to take a wrong check-in back.
    page.get_by_label("Name or e-mail").fill("mehdi")
    page.get_by_role("button", name="Search").click()
    match = page.locator(".door-matches li", has_text="Mehdi Chraibi")
    assert match.get_by_text("checked in at").is_visible()
    assert match.get_by_role("button", name="Check in").count() == 0
    match.get_by_role("button", name="Undo check-in").click()
    assert page.locator("#checkin-result").get_by_text("Check-in undone").is_visible()
    assert page.locator("#door-in").inner_text() == "0"
