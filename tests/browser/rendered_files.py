"""A visitor on the waiting page of a PDF: the worker renders it, the page says it is ready,
and its link then gives the file."""

from __future__ import annotations

from typing import Any

from summit.extensions import db
from tests.browser.conftest import LiveServer
from tests.rendering_helpers import run_worker


def pdf_after_waiting(page: Any, live_server: LiveServer, *, heading: str, link: str) -> bytes:
    """The PDF the waiting page (already open, titled ``heading``) opens with ``link``."""
    assert page.get_by_role("heading", level=1).inner_text() == heading
    with live_server.app.app_context():  # the worker's turn (an attendee's page also
        # asks ahead for their ticket, so there may be more than this file to render)
        assert run_worker() >= 1
        db.session.remove()
    status = page.get_by_role("status")
    # The page checks every 5 s; allow for a loaded machine.
    status.get_by_text("It is ready: open it with the link below.").wait_for(timeout=60_000)
    href = page.get_by_role("link", name=link).get_attribute("href")
    assert href is not None
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return bytes(response.body())
