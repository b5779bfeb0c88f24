from __future__ import annotations

import re
from email import message_from_bytes
from email import policy
from typing import Any

from sqlalchemy import select

from summit.audit.services import SYSTEM
from summit.auth.services import create_organizer
from summit.db import utcnow
from summit.demo.seed import seed_demo
from summit.events.models import TeamRole
from summit.extensions import db
from summit.outbox.models import OutboxMessage
from summit.registration.demo import DEMO_CATEGORIES
from summit.registration.demo import DEMO_CONSENTS
from summit.registration.services import AttendeeData
from summit.registration.services import register_attendee
from summit.teams.services import add_member
from tests.browser.conftest import LiveServer

OWNER = "lead@example.org"
VOLUNTEER = "volunteer@example.org"
PASSWORD = "a long enough password"
CONSENT = DEMO_CONSENTS[0]


def invitation_path(app: Any) -> str:
    with app.app_context():
        row = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == VOLUNTEER)
        ).one()
        body = message_from_bytes(row.body, policy=policy.default).get_body(("plain",))
        match = re.search(r"(/auth/invitations/\S+)", body.get_content())  # type: ignore[union-attr]
        assert match
        return match.group(1)


def test_an_owner_invites_a_door_volunteer_who_checks_someone_in_and_sees_nothing_else(
    browser: Any, page: Any, live_server: LiveServer
) -> None:
    with live_server.app.app_context():
        event = seed_demo(now=utcnow()).event
        register_attendee(
            event,
            AttendeeData(
                name="Salma Idrissi",
                email="salma@example.org",
                category=DEMO_CATEGORIES[1],
                accessibility_needs="Step-free access, epilepsy",
                sensitive_consent=True,
                consents=[CONSENT],
            ),
            key=live_server.app.config["SECRET_KEY"],
            now=utcnow(),
        )
        owner = create_organizer(OWNER, PASSWORD, now=utcnow())
        add_member(event, owner, TeamRole.OWNER, actor=SYSTEM, now=utcnow())
        db.session.commit()
        event_id, title = event.id, event.title

    page.goto("/auth/login")
    page.get_by_label("E-mail").fill(OWNER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/manage/events/{event_id}/")
    page.get_by_role("link", name="Team").click()
    page.get_by_label("E-mail of the person to invite").fill(VOLUNTEER)
    page.get_by_label("Role", exact=True).last.select_option("door")
    page.get_by_role("button", name="Send invitation").click()
    assert page.get_by_text(f"Invitation e-mailed to {VOLUNTEER}.").is_visible()

    volunteer = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    volunteer.goto(invitation_path(live_server.app))
    volunteer.get_by_label("Your name").fill("Youssef")
    volunteer.get_by_label("Choose a password").fill(PASSWORD)
    volunteer.get_by_label("Type the password again").fill(PASSWORD)
    volunteer.get_by_role("button", name="Join the team").click()
    volunteer.get_by_role("heading", name="Check-in").wait_for()

    # Signed out and back in with the password the link set.
    volunteer.context.clear_cookies()
    volunteer.goto("/auth/login")
    volunteer.get_by_label("E-mail").fill(VOLUNTEER)
    volunteer.get_by_label("Password").fill(PASSWORD)
    volunteer.get_by_role("button", name="Sign in").click()
    volunteer.get_by_role("link", name=title).click()
    volunteer.get_by_role("heading", name="Check-in").wait_for()
    nav = volunteer.get_by_role("navigation", name="Event setup")
    assert nav.get_by_role("link", name="Registrations").count() == 0
    volunteer.get_by_label("Name or e-mail").fill("salma")
    volunteer.get_by_role("button", name="Search").click()
    assert volunteer.get_by_text("salma@example.org").count() == 0
    volunteer.get_by_role("button", name="Check in").last.click()
    volunteer.locator("#checkin-result").get_by_text("Checked in", exact=True).wait_for()
    assert "epilepsy" not in volunteer.content()

    for path in ("/registrations/", "/registrations/export.csv", "/registrations/answers/"):
        response = volunteer.goto(f"/manage/events/{event_id}{path}")
        assert response.status == 403
        assert volunteer.get_by_role("heading", name="Not allowed").is_visible()
    volunteer.context.close()
