"""Draft preview: an event's own organizers see its public pages and exports before it is
published, marked "Preview — not public", never cached and never indexed; anyone else
still gets 404, and a preview is read-only (no sign-ups on a draft)."""

from __future__ import annotations

from flask import Flask
from flask import has_request_context
from flask import request
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from summit.events.models import Event
from summit.events.services import membership_of
from summit.extensions import db

PREVIEW_KEY = "summit.preview"


def draft_for_preview(slug: str) -> Event | None:
    """The draft ``slug`` when the signed-in organizer manages it and only reads."""
    if request.method not in ("GET", "HEAD") or not current_user.is_authenticated:
        return None
    event_id = db.session.scalar(select(Event.id).where(Event.slug == slug))
    membership = membership_of(event_id, current_user) if event_id is not None else None
    event = membership.event if membership is not None else None
    if event is None or event.is_published:
        return None
    request.environ[PREVIEW_KEY] = True  # per request, unlike g in a shared app context
    return event


def is_preview() -> bool:
    return has_request_context() and bool(request.environ.get(PREVIEW_KEY))


def register(app: Flask) -> None:
    @app.context_processor
    def _preview_flag() -> dict[str, bool]:
        return {"preview": is_preview()}

    @app.after_request
    def _never_kept(response: Response) -> Response:
        if is_preview():
            response.headers["Cache-Control"] = "no-store, private"
            response.headers["X-Robots-Tag"] = "noindex, nofollow"
            response.headers.pop("ETag", None)
            response.headers.pop("Last-Modified", None)
            response.headers.pop("Access-Control-Allow-Origin", None)
        return response
