"""The agenda builder in Chromium: overlaps in lanes, keyboard moves, drops without reload."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from summit.extensions import db
from summit.schedule.models import Session
from tests.browser.conftest import LiveServer
from tests.browser.conftest import sign_in
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room
from tests.schedule_factories import make_session


@pytest.fixture
def builder(page: Any, live_server: LiveServer) -> dict[str, Any]:
    with live_server.app.app_context():
        organizer = make_organizer("builder@example.org")
        event = make_event(organizer)
        plenary, garden = make_room(event, "Plénière"), make_room(event, "Jardin")
        opening = make_session(event, room=plenary, start=time(10), end=time(11), title="Ouverture")
        clash = make_session(
            event, room=plenary, start=time(10, 30), end=time(11, 30), title="Chevauchement"
        )
        calm = make_session(event, room=garden, start=time(14), end=time(14, 30), title="Calme")
        ids = {
            "event": event.id,
            "plenary": plenary.id,
            "garden": garden.id,
            "opening": opening.id,
            "clash": clash.id,
            "calm": calm.id,
        }
        db.session.remove()
    page.set_viewport_size({"width": 1280, "height": 1400})
    sign_in(page, "builder@example.org")
    page.goto(f"/manage/events/{ids['event']}/agenda/")
    # A marker that a page load would wipe out.
    page.evaluate("window.notReloaded = true")
    return ids


def stored(live_server: LiveServer, session_id: int) -> Session:
    with live_server.app.app_context():
        session = db.session.get(Session, session_id)
        assert session is not None
        db.session.expunge(session)
        db.session.remove()
        return session


def test_overlapping_sessions_sit_side_by_side_and_both_open(
    page: Any, live_server: LiveServer, builder: dict[str, Any]
) -> None:
    opening, clash = page.locator(f"#s{builder['opening']}"), page.locator(f"#s{builder['clash']}")
    first, second = opening.bounding_box(), clash.bounding_box()
    assert first["x"] + first["width"] <= second["x"]  # side by side, not on top
    assert "has-conflict" in (clash.get_attribute("class") or "")
    assert clash.get_by_text("Plénière also hosts “Ouverture” at the same time.").count() == 1
    page.get_by_role("link", name="Ouverture", exact=True).click()
    page.get_by_role("heading", name="Ouverture").wait_for()
    page.go_back()
    page.get_by_role("link", name="Chevauchement", exact=True).click()
    page.get_by_role("heading", name="Chevauchement").wait_for()


def test_a_card_moves_with_the_keyboard_and_keeps_the_focus(
    page: Any, live_server: LiveServer, builder: dict[str, Any]
) -> None:
    grip = page.get_by_role("button", name="Reschedule with the keyboard: Calme")
    grip.focus()
    page.keyboard.press("Space")
    page.get_by_text("Picked up.").wait_for()
    for _ in range(4):  # an hour later
        page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowLeft")  # to the plenary room
    page.get_by_text("15:00–15:30, Plénière").wait_for()
    page.keyboard.press("Space")
    page.get_by_text("“Calme” moved.").wait_for()
    assert page.evaluate("window.notReloaded") is True
    focused = page.evaluate("document.activeElement.closest('article').id")
    assert focused == f"s{builder['calm']}"
    moved = stored(live_server, builder["calm"])
    assert moved.room_id == builder["plenary"] and moved.starts_at is not None
    assert moved.starts_at.hour == 14  # 15:00 in Casablanca (UTC+1)


def test_escape_puts_a_picked_up_card_back_unchanged(
    page: Any, live_server: LiveServer, builder: dict[str, Any]
) -> None:
    grip = page.get_by_role("button", name="Reschedule with the keyboard: Calme")
    grip.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    page.get_by_text("Move cancelled.").wait_for()
    card = page.locator(f"#s{builder['calm']}")
    assert card.evaluate("c => c.parentNode.dataset.room") == str(builder["garden"])
    assert stored(live_server, builder["calm"]).starts_at.hour == 13  # type: ignore[union-attr]


def test_a_drop_saves_without_reload_and_shows_the_new_conflict_at_once(
    page: Any, live_server: LiveServer, builder: dict[str, Any]
) -> None:
    card = page.locator(f"#s{builder['calm']}")
    target = page.locator(f'.grid-track[data-room="{builder["plenary"]}"]')
    # The grid starts at 09:00 and 72px make an hour: 10:00 is 72px down (+4px grab).
    card.drag_to(target, source_position={"x": 4, "y": 4}, target_position={"x": 20, "y": 76})
    page.get_by_text("“Calme” moved.").wait_for()
    assert page.evaluate("window.notReloaded") is True
    moved = page.locator(f"#s{builder['calm']}")
    assert "has-conflict" in (moved.get_attribute("class") or "")
    assert moved.get_by_text("Plénière also hosts “Ouverture” at the same time.").count() == 1
    assert "also hosts" in page.locator("#builder-status").inner_text()
    assert stored(live_server, builder["calm"]).room_id == builder["plenary"]


def test_a_card_dropped_on_not_scheduled_loses_its_time(
    page: Any, live_server: LiveServer, builder: dict[str, Any]
) -> None:
    card = page.locator(f"#s{builder['calm']}")
    card.drag_to(page.locator(".builder-unscheduled"), source_position={"x": 4, "y": 4})
    page.get_by_text("“Calme” moved.").wait_for()
    assert page.evaluate("window.notReloaded") is True
    aside = page.locator(".builder-unscheduled")
    assert aside.get_by_role("link", name="Calme", exact=True).count() == 1
    assert stored(live_server, builder["calm"]).starts_at is None


def test_in_arabic_the_arrow_toward_the_first_room_is_arrow_right(
    page: Any, live_server: LiveServer, builder: dict[str, Any]
) -> None:
    page.context.add_cookies([{"name": "summit_lang", "value": "ar", "url": live_server.url}])
    page.reload()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    plenary = page.locator(f".grid-track[data-room='{builder['plenary']}']").first.bounding_box()
    garden = page.locator(f".grid-track[data-room='{builder['garden']}']").first.bounding_box()
    assert plenary["x"] > garden["x"]  # the first room is laid out on the right
    page.locator(f"#s{builder['calm']} .grip").focus()
    page.keyboard.press("Space")
    page.get_by_text("التُقطت.").wait_for()
    page.keyboard.press("ArrowRight")  # toward the plenary room, on the right
    page.keyboard.press("Space")
    page.get_by_text("نُقلت «Calme».").wait_for()
    assert stored(live_server, builder["calm"]).room_id == builder["plenary"]
