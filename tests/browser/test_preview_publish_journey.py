"""Preview, the publish checklist and confirmations in Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy import select

from summit.events.models import Event
from summit.events.models import Room
from summit.extensions import db
from summit.schedule.models import SessionKind
from tests.browser.conftest import LiveServer
from tests.browser.conftest import sign_in
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room
from tests.schedule_factories import make_session


@pytest.fixture
def draft(live_server: LiveServer) -> dict[str, Any]:
    with live_server.app.app_context():
        organizer = make_organizer("preview@example.org")
        event = make_event(organizer, title="Sommet en préparation")
        room = make_room(event, "Salle Atlas")
        make_session(event, room=room, kind=SessionKind.ROUND_TABLE, title="Table ronde")
        ids = {"event": event.id, "slug": event.slug, "room": room.id}
        db.session.remove()
    return ids


def test_an_organizer_previews_a_draft_that_a_visitor_cannot_see(
    page: Any, live_server: LiveServer, draft: dict[str, Any]
) -> None:
    visitor = page.context.browser.new_context(base_url=live_server.url)
    stranger = visitor.new_page()
    assert stranger.goto(f"/events/{draft['slug']}/schedule/").status == 404
    visitor.close()

    sign_in(page, "preview@example.org")
    response = page.goto(f"/events/{draft['slug']}/schedule/")
    assert response.status == 200
    assert page.get_by_role("note").get_by_text("Preview — not public").is_visible()
    assert page.get_by_text("Table ronde").first.is_visible()
    assert response.headers["x-robots-tag"] == "noindex, nofollow"


def test_the_publish_checklist_then_publish_anyway(
    page: Any, live_server: LiveServer, draft: dict[str, Any]
) -> None:
    sign_in(page, "preview@example.org")
    page.goto(f"/manage/events/{draft['event']}/")
    page.get_by_role("button", name="Publish the event").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("is not ready on every point. Publish anyway?").wait_for()
    assert dialog.get_by_role("link", name="1 round table has no moderator.").is_visible()
    assert dialog.get_by_text("No helpline or support resource is listed.").is_visible()
    # Second thoughts first: Escape closes it and nothing is published.
    page.keyboard.press("Escape")
    assert page.get_by_role("dialog").count() == 0
    with live_server.app.app_context():
        assert not db.session.get(Event, draft["event"]).is_published  # type: ignore[union-attr]
        db.session.remove()
    page.get_by_role("button", name="Publish the event").click()
    page.get_by_role("dialog").get_by_role("button", name="Publish anyway").click()
    page.get_by_text("The event is public.", exact=True).wait_for()
    with live_server.app.app_context():
        assert db.session.get(Event, draft["event"]).is_published  # type: ignore[union-attr]
        db.session.remove()


def test_a_delete_cancelled_keeps_the_room_and_a_delete_confirmed_removes_it(
    page: Any, live_server: LiveServer, draft: dict[str, Any]
) -> None:
    sign_in(page, "preview@example.org")
    page.goto(f"/manage/events/{draft['event']}/rooms/")
    delete = page.get_by_role("button", name="Delete")
    delete.click()
    dialog = page.get_by_role("dialog", name="Delete the room “Salle Atlas”?")
    dialog.get_by_text("1 session loses its room: “Table ronde”.").wait_for()
    assert page.evaluate("document.activeElement.textContent") == "Cancel: change nothing"
    dialog.get_by_role("button", name="Cancel: change nothing").click()
    assert page.evaluate("document.activeElement.textContent") == "Delete"  # back where it was

    def rooms() -> int:
        with live_server.app.app_context():
            n = db.session.scalar(select(func.count(Room.id))) or 0
            db.session.remove()
            return n

    assert rooms() == 1
    delete.click()
    page.get_by_role("dialog").get_by_role("button", name="Delete the room").click()
    page.get_by_text("Room deleted.").wait_for()
    assert rooms() == 0


def test_without_javascript_the_question_is_a_page(
    browser: Any, live_server: LiveServer, draft: dict[str, Any]
) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "preview@example.org")
    page.goto(f"/manage/events/{draft['event']}/rooms/")
    page.get_by_role("button", name="Delete").click()
    assert page.get_by_role("heading", name="Delete the room “Salle Atlas”?").is_visible()
    page.get_by_role("link", name="Cancel: change nothing").click()
    assert page.url.endswith("/rooms/")
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Delete the room").click()
    page.get_by_text("Room deleted.").wait_for()
    context.close()
