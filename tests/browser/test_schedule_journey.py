from __future__ import annotations

from typing import Any

from summit.extensions import db
from tests.browser.conftest import LiveServer
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room

PASSWORD = "correct horse battery"


def create_session(page: Any, event_id: int, title: str, room: str, start: str, end: str) -> None:
    page.goto(f"/manage/events/{event_id}/sessions/new")
    page.get_by_label("Kind").select_option("talk")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Room", exact=True).select_option(label=room)
    page.get_by_label("Day", exact=True).fill("2024-12-12")
    page.get_by_label("Starts at (event time)").fill(start)
    page.get_by_label("Ends at (event time)").fill(end)
    page.get_by_role("button", name="Save session").click()
    page.get_by_text("Session saved.").wait_for()


def test_organizer_builds_an_agenda_fixes_a_double_booking_and_visitors_see_it(
    page: Any, live_server: LiveServer
) -> None:
    with live_server.app.app_context():
        organizer = make_organizer("amina@example.org")
        event = make_event(organizer, published=True, title="Sommet Casablanca")
        make_room(event, "Salle plénière", 200)
        make_room(event, "Espace bien-être", 30)
        event_id, slug = event.id, event.slug
        db.session.remove()

    page.goto("/auth/login")
    page.get_by_label("E-mail").fill("amina@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # A speaker first, then two sessions at the same time in two rooms.
    page.goto(f"/manage/events/{event_id}/speakers/")
    page.get_by_label("Honorific").fill("Dr")
    page.get_by_label("Name", exact=True).fill("Imane Kendili")
    page.get_by_label("Affiliation").fill("UM6P")
    page.get_by_label("E-mail").fill("imane@example.org")
    page.get_by_role("button", name="Add speaker").click()
    page.get_by_text("Speaker saved.").wait_for()

    create_session(
        page, event_id, "Santé mentale à l’ère numérique", "Salle plénière", "10:00", "11:00"
    )
    page.get_by_label("Dr Imane Kendili — UM6P").check()
    page.get_by_label("Their role").select_option("panelist")
    page.get_by_role("button", name="Add to the session").click()
    page.get_by_text("1 speaker added to the session.").wait_for()

    create_session(page, event_id, "Atelier respiration", "Espace bien-être", "10:30", "11:30")
    page.get_by_label("Dr Imane Kendili — UM6P").check()
    page.get_by_label("Their role").select_option("speaker")
    page.get_by_role("button", name="Add to the session").click()
    page.get_by_text("1 speaker added to the session.").wait_for()

    warning = "Dr Imane Kendili is also in “Santé mentale à l’ère numérique” at the same time."
    assert page.get_by_text(warning).is_visible()

    # The agenda builder marks it; move the workshop to the afternoon without JavaScript.
    page.get_by_role("link", name="Agenda builder").first.click()
    card = page.locator("article.slot").filter(
        has=page.get_by_role("link", name="Atelier respiration", exact=True)
    )
    assert card.get_by_text(warning).count() == 1
    card.locator("summary").click()
    card.get_by_label("Start").fill("14:00")
    card.get_by_label("End").fill("15:00")
    card.get_by_role("button", name="Move").click()
    page.get_by_text("“Atelier respiration” moved.").wait_for()
    assert page.get_by_text(warning).count() == 0

    page.goto(f"/manage/events/{event_id}/problems")
    assert page.get_by_text("No problems found.").is_visible()

    visitor = page.context.browser.new_context(base_url=live_server.url, locale="en-GB")
    public = visitor.new_page()
    public.goto(f"/events/{slug}/")
    public.get_by_role("link", name="Schedule").click()
    workshop = public.locator("article.session", has_text="Atelier respiration")
    assert "2:00 PM–3:00 PM" in workshop.inner_text().replace("\u202f", " ")
    assert "Dr Imane Kendili" in workshop.inner_text()
    assert "Espace bien-être" in workshop.inner_text()
    public.get_by_label("Room").select_option(label="Salle plénière")
    public.get_by_role("button", name="Filter").click()
    assert public.get_by_text("Atelier respiration").count() == 0
    assert public.get_by_text("Santé mentale à l’ère numérique").is_visible()
    public.goto(f"/events/{slug}/changes/")
    assert public.get_by_text("Atelier respiration").first.is_visible()
    visitor.close()


def test_dragging_a_session_to_another_room_and_time_moves_it(
    page: Any, live_server: LiveServer
) -> None:
    from datetime import time

    from summit.schedule.models import Session
    from tests.schedule_factories import make_session

    with live_server.app.app_context():
        organizer = make_organizer("drag@example.org")
        event = make_event(organizer)
        first = make_room(event, "Salle A")
        second = make_room(event, "Salle B")
        session = make_session(event, room=first, start=time(10), end=time(11), title="À glisser")
        event_id, session_id, second_id = event.id, session.id, second.id
        db.session.remove()

    page.goto("/auth/login")
    page.get_by_label("E-mail").fill("drag@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.set_viewport_size({"width": 1280, "height": 1400})  # the drop point on screen
    page.goto(f"/manage/events/{event_id}/agenda/")
    card = page.locator(f"#s{session_id}")
    target = page.locator(f'.grid-track[data-room="{second_id}"]')
    # The grid starts at 09:00 and 72px make an hour: 14:00 is 360px down (+4px grab).
    card.drag_to(target, source_position={"x": 4, "y": 4}, target_position={"x": 20, "y": 364})
    page.get_by_text("“À glisser” moved.").wait_for()

    with live_server.app.app_context():
        moved = db.session.get(Session, session_id)
        assert moved is not None and moved.room_id == second_id
        assert moved.starts_at is not None and moved.ends_at is not None
        assert moved.starts_at.hour == 13  # 14:00 in Casablanca (UTC+1)
        assert (moved.ends_at - moved.starts_at).total_seconds() == 3600
        db.session.remove()
