from __future__ import annotations

from typing import Any

from summit.auth.services import create_organizer
from summit.db import utcnow
from summit.extensions import db
from tests.browser.conftest import LiveServer

EMAIL = "amina@example.org"
PASSWORD = "a long enough password"


def test_organizer_creates_and_publishes_an_event_that_a_visitor_then_sees(
    page: Any, live_server: LiveServer
) -> None:
    with live_server.app.app_context():
        create_organizer(EMAIL, PASSWORD, now=utcnow())
        db.session.commit()

    page.goto("/auth/login")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Create an event").click()

    page.get_by_label("Title").fill("Sommet bien-être Rabat")
    page.get_by_label("Web address (slug)").fill("bien-etre-rabat")
    page.get_by_label("Start date").fill("2025-03-14")
    page.get_by_label("End date").fill("2025-03-15")
    page.get_by_label("Time zone").select_option("Africa/Casablanca")
    page.get_by_label("City").fill("Rabat")
    page.get_by_role("button", name="Create the event").click()
    page.get_by_text("Event created as a draft").wait_for()

    # A draft is invisible to visitors; its organizer sees a marked preview.
    outsider = page.context.browser.new_context(base_url=live_server.url)
    assert outsider.request.get("/events/bien-etre-rabat/").status == 404
    outsider.close()
    assert "Preview — not public" in page.request.get("/events/bien-etre-rabat/").text()

    page.get_by_role("link", name="Rooms").click()
    page.get_by_label("Room name").fill("Grande salle")
    page.get_by_label("Capacity (seats)").fill("120")
    page.get_by_role("button", name="Add room").click()
    page.get_by_text("Room saved.").wait_for()

    page.get_by_role("link", name="Partners").click()
    page.get_by_label("Organization name").fill("Nightline")
    page.get_by_label("Kind").select_option("helpline")
    page.get_by_role("button", name="Add partner").click()
    page.get_by_text("Partner saved.").wait_for()

    page.get_by_role("link", name="Overview").click()
    page.get_by_role("button", name="Publish the event").click()
    # The checklist comes first: no registration settings or helpline yet, publish anyway.
    page.get_by_role("dialog").get_by_role("button", name="Publish anyway").click()
    page.get_by_text("The event is public.").first.wait_for()

    visitor = page.context.browser.new_context(base_url=live_server.url)
    visitor_page = visitor.new_page()
    visitor_page.goto("/")
    visitor_page.get_by_role("link", name="Sommet bien-être Rabat").click()
    assert visitor_page.get_by_role("heading", level=1).inner_text() == "Sommet bien-être Rabat"
    assert visitor_page.get_by_text("Grande salle").is_visible()
    assert visitor_page.get_by_text("Nightline").is_visible()
    visitor.close()
