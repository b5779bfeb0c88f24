"""A four-person round table built from the session's page in Chromium."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from summit.extensions import db
from summit.outbox.models import OutboxMessage
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from tests.browser.conftest import LiveServer
from tests.browser.conftest import sign_in
from tests.factories import make_event
from tests.factories import make_organizer
from tests.schedule_factories import make_session


def test_a_four_person_panel_takes_two_page_loads_from_the_session_page(
    page: Any, live_server: LiveServer
) -> None:
    with live_server.app.app_context():
        organizer = make_organizer("panel@example.org")
        event = make_event(organizer, published=True)
        session = make_session(event, kind=SessionKind.ROUND_TABLE, title="Jeunes et écrans")
        event_id, session_id = event.id, session.id
        db.session.remove()
    sign_in(page, "panel@example.org")

    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    page.goto(f"/manage/events/{event_id}/sessions/{session_id}/")
    people = [
        ("Jallal Toufiq", "CHU Ar-Razi", "jt@example.org", "moderator"),
        ("Salma Idrissi", "Psychologue", "salma@example.org", "panelist"),
        ("Mehdi Chraibi", "UM6P", "mehdi@example.org", "panelist"),
        ("Rim Berrada", "Créatrice", "rim@example.org", "panelist"),
    ]
    for n, (name, affiliation, email, role) in enumerate(people, start=1):
        row = page.get_by_role("group", name=f"New speaker {n}")
        row.get_by_label("Name").fill(name)
        row.get_by_label("Affiliation").fill(affiliation)
        row.get_by_label("E-mail").fill(email)
        row.get_by_label("Role").select_option(role)
    page.get_by_role("button", name="Add to the session").click()
    page.get_by_text("4 speakers added to the session.").wait_for()
    # The text shows before the page's load event on a busy machine: wait for it too.
    page.wait_for_load_state("load")
    assert len(loads) == 2  # the session page, then the same page after one submit
    assert page.url.endswith(f"/sessions/{session_id}/#speakers")

    table = page.locator("table.panel tbody tr")
    assert [table.nth(i).locator("td").first.inner_text() for i in range(4)] == ["1", "2", "3", "4"]
    assert page.get_by_text("This round table has no moderator.").count() == 0

    # Rim speaks before Mehdi: one arrow, one more page load, back on the session.
    page.get_by_role("button", name="Move Rim Berrada up").click()
    page.get_by_text("Order saved.").wait_for()
    page.wait_for_load_state("load")  # as above: the text may show before the load event
    assert len(loads) == 3
    assert table.nth(2).inner_text().startswith("3\tRim Berrada")

    # Everyone is invited in one action with the organizer's own words.
    page.get_by_role("link", name="Invite the 4 speakers not invited yet").click()
    page.get_by_label("Message").fill("Merci d’animer avec nous la table ronde du 12 décembre.")
    page.get_by_role("button", name="Send 4 invitations").click()
    page.get_by_text("4 invitations sent.").wait_for()
    assert page.get_by_text("Invited, no answer yet").count() == 4
    with live_server.app.app_context():
        kinds = db.session.execute(select(OutboxMessage.kind)).scalars().all()
        # The invitations, beside the notices the pipeline queues for a published session.
        assert kinds.count("speaker_invitation") == 4
        assert set(kinds) <= {"speaker_invitation", "speaker_session_changed"}
        saved = db.session.get(Session, session_id)
        assert saved is not None
        assert [r.speaker.name for r in saved.roles] == [
            "Jallal Toufiq",
            "Salma Idrissi",
            "Rim Berrada",
            "Mehdi Chraibi",
        ]
        db.session.remove()
