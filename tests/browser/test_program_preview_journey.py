"""An organizer opens a draft's program: the page says it is being prepared, checks by
itself while the worker renders, then says it is ready, and the link opens the PDF."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from summit.exports.renderings import render_next
from summit.extensions import db
from tests.browser.conftest import LiveServer
from tests.browser.conftest import sign_in
from tests.export_factories import make_session
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer


def test_the_preview_page_tells_when_the_worker_has_rendered_the_program(
    page: Any, live_server: LiveServer
) -> None:
    with live_server.app.app_context():
        organizer = make_organizer("draft-owner@example.org")
        event = make_event(organizer, title="Sommet en préparation", languages=["en"])
        make_session(event, NOW + timedelta(days=41), title="Sleep and screens")
        url = f"/events/{event.slug}/program.pdf"
        db.session.remove()

    sign_in(page, "draft-owner@example.org")
    page.goto(url)
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "The preview of the program is being prepared"
    status = page.get_by_role("status")
    status.get_by_text("This page checks every few seconds whether it is ready.").wait_for()

    with live_server.app.app_context():  # the worker's turn
        rendered = render_next(worker="test", now=NOW)
        assert rendered is not None and rendered.pages
        db.session.remove()

    # The page checks every 5 s; the rendering above took a few more.
    status.get_by_text("It is ready: open it with the link below.").wait_for(timeout=30_000)
    assert page.url.endswith(url)  # it said so, and moved nobody anywhere
    href = page.get_by_role("link", name="Open the preview").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
