"""A 10 MB logo is refused beside its field, before sending, and nothing typed is lost."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from summit.events.models import Partner
from summit.extensions import db
from tests.browser.conftest import LiveServer
from tests.browser.conftest import sign_in
from tests.factories import make_event
from tests.factories import make_organizer


def test_an_oversized_logo_is_answered_inline_and_the_partner_still_saves(
    page: Any, live_server: LiveServer
) -> None:
    with live_server.app.app_context():
        organizer = make_organizer("nadia@example.org")
        event_id = make_event(organizer).id
    sign_in(page, "nadia@example.org")
    page.goto(f"/manage/events/{event_id}/partners/")
    page.get_by_label("Organization name").fill("Nightline Maroc")
    page.get_by_label("Logo").set_input_files(
        {"name": "huge.png", "mimeType": "image/png", "buffer": b"\x00" * (10 * 1024 * 1024)}
    )
    alert = page.locator("#logo-size-error")
    alert.wait_for()
    assert alert.get_attribute("role") == "alert"
    assert "larger than 2 MB" in alert.inner_text()
    assert page.get_by_label("Logo").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Logo").evaluate("input => input.files.length") == 0
    assert page.get_by_label("Organization name").input_value() == "Nightline Maroc"
    page.get_by_role("button", name="Add partner").click()
    page.get_by_text("Partner saved.").wait_for()
    with live_server.app.app_context():
        partner = db.session.execute(select(Partner)).scalar_one()
        assert (partner.name, partner.logo) == ("Nightline Maroc", None)
