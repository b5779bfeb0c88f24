"""Driving the worker's renderings from tests: what a waiting visitor sees, then the file."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from summit.events.models import Event
from summit.exports.models import ExportRendering
from summit.exports.models import RenderingStatus
from summit.exports.pdf_child import render_pdf
from summit.exports.renderings import render_next
from summit.extensions import db
from summit.registration.models import Registration
from summit.registration.ticket import ticket_page
from tests.factories import NOW


def renderings_asked() -> list[tuple[str, RenderingStatus]]:
    rows = db.session.scalars(select(ExportRendering).order_by(ExportRendering.id))
    return [(row.kind, row.status) for row in rows]


def run_worker() -> int:
    """Render everything waiting, as the worker does; how many requests it handled."""
    handled = 0
    while render_next(worker="test", now=NOW) is not None:
        handled += 1
    return handled


def rendered_pdf(client: FlaskClient, url: str, **kwargs: object) -> TestResponse:
    """The file at ``url`` once the worker has rendered what the first request asked for."""
    waiting = client.get(url, **kwargs)  # type: ignore[arg-type]
    if waiting.status_code != 503:
        return waiting
    run_worker()
    return client.get(url, **kwargs)  # type: ignore[arg-type]


def render_ticket(event: Event, registration: Registration, checkin_url: str) -> bytes:
    """A ticket's PDF rendered here, as the worker renders it (its content, not its path)."""
    return render_pdf(ticket_page(event, registration, checkin_url), fetcher="data").content
