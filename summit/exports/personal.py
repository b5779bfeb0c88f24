"""Personal PDFs (a speaker's schedule, ...) served from what the worker rendered.

The request never renders: it serves the stored file when it is at the current version,
else asks the worker for it (one request per kind and version however many ask) and
answers with the waiting page. The kind holds the person's id and only the route behind
their private link reads it, so a file reaches no one else; the version is computed from
what the file shows, so a stored file of an older version is never served.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask import request
from werkzeug.wrappers import Response

from summit.db import utcnow
from summit.exports.caching import export_response
from summit.exports.renderings import rendering_failed
from summit.exports.renderings import request_rendering
from summit.exports.renderings import stored_program
from summit.exports.renderings import stored_version
from summit.exports.sealing import SealBroken
from summit.exports.sealing import open_file
from summit.exports.sealing import seal_secret
from summit.exports.views import preparing_response
from summit.extensions import db
from summit.security import private


@dataclass(frozen=True)
class Waiting:
    """What the waiting page says of the file (already translated)."""

    heading: str
    link: str
    back_url: str
    back: str


def personal_pdf(
    event_id: int,
    kind: str,
    version: str,
    *,
    last_modified: datetime,
    filename: str,
    waiting: Waiting,
    attachment: bool = False,
    secret: str | None = None,
) -> Response:
    """The file, or the waiting page after asking the worker for it.

    :param secret: what a sealed document is made from (a ticket's check-in code): handed
        to the worker sealed, and the key that opens the stored file.
    """
    stored = stored_program(event_id, kind)
    if stored is not None and stored.version == version:
        content = stored.content
        if secret is not None:
            try:
                content = open_file(content, secret=secret)
            except SealBroken:
                # Not this holder's file (the app's key changed since it was rendered):
                # said like a failed rendering, never served.
                return private(preparing_response(failed=True, waiting=waiting))
        response = export_response(
            request,
            version,
            last_modified,
            lambda: content,
            mimetype="application/pdf",
            filename=filename,
            private=True,
        )
        if attachment and response.status_code == 200:
            response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response
    failed = rendering_failed(event_id, kind, version)
    if not failed:
        _ask(event_id, kind, version, secret)
        db.session.commit()
    return private(preparing_response(failed=failed, waiting=waiting))


def ask_ahead(event_id: int, kind: str, version: str, *, secret: str | None = None) -> None:
    """Ask the worker for a file its holder is likely to open next (the ticket, from the
    attendee's page), so it is ready when they do; a no-op when stored, asked or failed
    at this version (flushes, the caller commits)."""
    stored = stored_version(event_id, kind)
    if stored != version and not rendering_failed(event_id, kind, version):
        _ask(event_id, kind, version, secret)


def _ask(event_id: int, kind: str, version: str, secret: str | None) -> None:
    sealed = None
    if secret is not None:
        sealed = seal_secret(secret, app_key=str(current_app.config["SECRET_KEY"]))
    request_rendering(event_id, kind, version, now=utcnow(), sealed_secret=sealed)
