"""Public export routes. Each loads the published event (404 for drafts), checks the
client's validators against the agenda version, and streams one builder's bytes."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint
from flask import abort
from flask import request
from werkzeug.wrappers import Response

from summit.db import utcnow
from summit.events.models import Event
from summit.events.views import public_event_or_404
from summit.exports.caching import ExportVersion
from summit.exports.caching import export_response
from summit.exports.caching import published_version
from summit.exports.caching import stored_content
from summit.exports.caching import stored_file
from summit.exports.caching import stored_rendering
from summit.exports.calendar_files import calendar_file_response
from summit.exports.calendar_files import speaker_calendar_name
from summit.exports.loading import public_session
from summit.exports.loading import speaker_sessions
from summit.exports.program import program_filename
from summit.exports.published import EVENT_FILES
from summit.exports.published import FRESH_CHANGE
from summit.exports.published import SLOW_FILES
from summit.exports.published import file_etag
from summit.extensions import db
from summit.schedule.models import Speaker

bp = Blueprint("exports", __name__)

ICS = "text/calendar"


def _stored(event_id: int, etag: str, kind: str, build: Callable[[], bytes]) -> bytes:
    """Render once per agenda version and keep it (shared by every app server)."""
    content, written = stored_file(event_id, kind, etag, build, now=utcnow())
    if written:
        db.session.commit()
    return content


def _published_version_or_404(slug: str) -> tuple[int, ExportVersion]:
    found = published_version(slug)
    if found is None:
        abort(404)
    return found


def _event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    assert event is not None
    return event


def event_export(slug: str, kind: str, *, filename: str | None = None) -> Response:
    """An event-wide export: one query answers a 304; rows load only to render.

    The worker renders these files after each change. The program PDF takes seconds, so
    while its new rendering is on its way (a change less than ``FRESH_CHANGE`` old) the
    previous one is served under its own ETag and rendering time, marked ``no-cache``;
    the feeds take milliseconds and are always current. Should the worker be down, the
    request renders once the change is older than that.
    """
    event_id, version = _published_version_or_404(slug)
    spec = EVENT_FILES[kind]
    etag = file_etag(version, kind)
    previous = stored_rendering(event_id, kind) if kind in SLOW_FILES else None
    if (
        previous is not None
        and previous.version != etag
        and utcnow() - version.last_modified < FRESH_CHANGE
    ):
        response = export_response(
            request,
            previous.version,
            previous.created_at,
            lambda: stored_content(previous.id),
            mimetype=spec.mimetype,
            filename=filename or kind,
        )
        response.cache_control.no_cache = True
        response.cache_control.max_age = 0
    else:

        def render() -> bytes:
            return _stored(event_id, etag, kind, lambda: spec.build(_event(event_id), version))

        response = export_response(
            request,
            etag,
            version.last_modified,
            render,
            mimetype=spec.mimetype,
            filename=filename or kind,
        )
    # Public data without credentials: web-based schedule apps may read it from anywhere.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/events/<slug>/schedule.ics")
def schedule_ics(slug: str) -> Response:
    return event_export(slug, "schedule.ics")


@bp.get("/events/<slug>/sessions/<public_id>.ics")
def session_ics(slug: str, public_id: str) -> Response:
    event = public_event_or_404(slug)
    session = public_session(event, public_id)
    if session is None:
        abort(404)
    return calendar_file_response(
        event,
        key=("session.ics", public_id),
        filename=f"{public_id}.ics",
        name=lambda: session.title,
        sessions=lambda: [session],
        subscription=False,
    )


@bp.get("/events/<slug>/speakers/<int:speaker_id>.ics")
def speaker_ics(slug: str, speaker_id: int) -> Response:
    """A speaker's public sessions, for people who follow one speaker."""
    event = public_event_or_404(slug)
    speaker = db.session.get(Speaker, speaker_id)
    if speaker is None or speaker.event_id != event.id:
        abort(404)
    return calendar_file_response(
        event,
        key=("speaker-public.ics", str(speaker_id)),
        filename=f"speaker-{speaker_id}.ics",
        name=lambda: speaker_calendar_name(event, speaker),
        sessions=lambda: speaker_sessions(speaker),
    )


@bp.get("/events/<slug>/schedule.xml")
def schedule_xml(slug: str) -> Response:
    return event_export(slug, "schedule.xml")


@bp.get("/events/<slug>/schedule.json")
def schedule_json(slug: str) -> Response:
    return event_export(slug, "schedule.json")


@bp.get("/events/<slug>/program.pdf")
def program_pdf(slug: str) -> Response:
    return event_export(slug, "program.pdf", filename=program_filename(slug))
