"""Public export routes. Each loads the published event (404 for drafts), checks the
client's validators against the agenda version, and streams one builder's bytes."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint
from flask import abort
from flask import render_template
from flask import request
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from summit.db import utcnow
from summit.events.models import Event
from summit.events.views import public_event_or_404
from summit.exports.caching import export_response
from summit.exports.caching import not_modified
from summit.exports.caching import published_version
from summit.exports.caching import stored_file
from summit.exports.calendar import build_calendar
from summit.exports.calendar_files import calendar_file_response
from summit.exports.calendar_files import feed_language
from summit.exports.calendar_files import speaker_calendar_name
from summit.exports.feed_rows import SessionRow
from summit.exports.feed_rows import feed_sessions
from summit.exports.feed_rows import localize_rows
from summit.exports.frab import build_frab_json
from summit.exports.frab import build_frab_xml
from summit.exports.loading import public_session
from summit.exports.loading import speaker_sessions
from summit.exports.program import program_filename
from summit.exports.renderings import program_kind
from summit.exports.renderings import program_version
from summit.exports.renderings import rendering_failed
from summit.exports.renderings import request_rendering
from summit.exports.renderings import stored_program
from summit.exports.settings import uid_domain
from summit.extensions import db
from summit.i18n import available_languages
from summit.localized.reading import Localized
from summit.localized.reading import event_language
from summit.localized.reading import localized
from summit.localized.reading import tr
from summit.schedule.models import Speaker
from summit.schedule.visibility import is_public
from summit.urls import base_url

bp = Blueprint("exports", __name__)

PREPARING_RETRY_SECONDS = 5

ICS = "text/calendar"


def agenda_calendar_name(event: Event, language: str | None = None) -> str:
    with force_locale(language or event.main_language):
        return _("%(event)s — agenda", event=tr(event, "title"))


def language_kind(kind: str, language: str) -> str:
    """``schedule.ics`` → ``schedule.ar.ics``: each language is rendered and kept apart."""
    if not language:
        return kind
    stem, extension = kind.rsplit(".", 1)
    return f"{stem}.{language}.{extension}"


def feed_content(event: Event, language: str) -> tuple[Localized, list[SessionRow]]:
    """The event's texts in ``language`` (its main one when it does not offer that) and
    its sessions' rows carrying them."""
    content = localized(event, event_language(event, language or None))
    return content, localize_rows(feed_sessions(event), content)


def _stored(event_id: int, etag: str, kind: str, build: Callable[[], bytes]) -> bytes:
    """Render once per agenda version and keep it (shared by every app server)."""
    content, written = stored_file(event_id, kind, etag, build, now=utcnow())
    if written:
        db.session.commit()
    return content


def _event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    assert event is not None
    return event


def preview_export(
    slug: str, kind: str, mimetype: str, build: Callable[[Event], bytes]
) -> Response:
    """A draft's export for its organizers: built each time, never stored or cached."""
    event = public_event_or_404(slug)  # a draft here: 404 unless previewed
    response = Response(build(event), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="preview-{kind}"'
    return response


def event_export(slug: str, kind: str, mimetype: str, build: Callable[[Event], bytes]) -> Response:
    """An event-wide export: one query answers a 304; rows load only to render."""
    found = published_version(slug)  # one query decides: a published export or a preview
    if found is None:
        return preview_export(slug, kind, mimetype, build)
    event_id, version = found
    etag = version.for_kind(kind, base_url(), uid_domain())

    def render() -> bytes:
        return _stored(event_id, etag, kind, lambda: build(_event(event_id)))

    response = export_response(
        request, etag, version.last_modified, render, mimetype=mimetype, filename=kind
    )
    # Public data without credentials: web-based schedule apps may read it from anywhere.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/events/<slug>/schedule.ics")
def schedule_ics(slug: str) -> Response:
    language = feed_language()

    def build(event: Event) -> bytes:
        content, rows = feed_content(event, language)
        return build_calendar(
            event,
            rows,
            name=agenda_calendar_name(event, content.language),
            base_url=base_url(),
            uid_domain=uid_domain(),
            language=content.language,
        )

    return event_export(slug, language_kind("schedule.ics", language), ICS, build)


@bp.get("/events/<slug>/sessions/<public_id>.ics")
def session_ics(slug: str, public_id: str) -> Response:
    event, language = public_event_or_404(slug), feed_language()
    session = public_session(event, public_id)
    if session is None:
        abort(404)
    return calendar_file_response(
        event,
        key=("session.ics", public_id),
        filename=f"{public_id}.ics",
        name=lambda: tr(session, "title", event_language(event, language or None)),
        sessions=lambda: [session],
        subscription=False,
        language=language,
    )


@bp.get("/events/<slug>/speakers/<int:speaker_id>.ics")
def speaker_ics(slug: str, speaker_id: int) -> Response:
    """A speaker's public sessions, for people who follow one speaker."""
    event, language = public_event_or_404(slug), feed_language()
    speaker = db.session.get(Speaker, speaker_id)
    if speaker is None or speaker.event_id != event.id or not is_public(speaker):
        abort(404)
    return calendar_file_response(
        event,
        key=("speaker-public.ics", str(speaker_id)),
        filename=f"speaker-{speaker_id}.ics",
        name=lambda: speaker_calendar_name(event, speaker, language),
        sessions=lambda: speaker_sessions(speaker),
        language=language,
    )


@bp.get("/events/<slug>/schedule.xml")
def schedule_xml(slug: str) -> Response:
    language = feed_language()

    def build(event: Event) -> bytes:
        content, rows = feed_content(event, language)
        return build_frab_xml(
            event, rows, base_url=base_url(), uid_domain=uid_domain(), content=content
        )

    return event_export(slug, language_kind("schedule.xml", language), "application/xml", build)


@bp.get("/events/<slug>/schedule.json")
def schedule_json(slug: str) -> Response:
    language = feed_language()

    def build(event: Event) -> bytes:
        content, rows = feed_content(event, language)
        return build_frab_json(
            event, rows, base_url=base_url(), uid_domain=uid_domain(), content=content
        )

    kind = language_kind("schedule.json", language)
    return event_export(slug, kind, "application/json", build)


@bp.get("/events/<slug>/program.pdf")
def program_pdf(slug: str) -> Response:
    """The program as the worker last rendered it. No request renders a PDF: a missing or
    outdated one is asked of the worker, and meanwhile the previous one is served (marked
    for revalidation) or, before the first, a page saying it is being prepared."""
    found = published_version(slug)
    requested = request.args.get("lang", "")
    if requested not in available_languages():
        requested = ""
    if found is None:
        return _program_preview(slug, requested)
    event_id, version = found
    kind = program_kind(_other_language(event_id, requested))
    etag = version.for_kind(kind)
    stored = stored_program(event_id, kind)
    if not_modified(request, etag[:40], version.last_modified) or (
        stored is not None and stored.version == etag
    ):
        return export_response(
            request,
            etag,
            version.last_modified,
            lambda: stored.content if stored is not None else b"",
            mimetype="application/pdf",
            filename=program_filename(slug),
        )
    request_rendering(event_id, kind, etag, now=utcnow())
    db.session.commit()
    if stored is None:
        return preparing_response()
    response = Response(stored.content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{program_filename(slug)}"'
    response.set_etag(stored.version[:40])
    response.cache_control.no_cache = True
    return response


def _program_preview(slug: str, requested: str) -> Response:
    """A draft's program for its own organizers (404 for anyone else), rendered by the
    worker like every program, under the preview kind. Until the current version is
    rendered the organizer waits on a page that reloads itself, never on an older preview
    that would pass for the current agenda."""
    event = public_event_or_404(slug)  # a draft here: 404 unless previewed
    kind = program_kind(_other_language(event.id, requested), preview=True)
    version = program_version(event.id, kind)
    stored = stored_program(event.id, kind)
    if stored is not None and stored.version == version:
        response = Response(stored.content, mimetype="application/pdf")
        filename = f"preview-{program_filename(slug)}"
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
    if rendering_failed(event.id, kind, version):
        return preparing_response(event=event, failed=True)
    request_rendering(event.id, kind, version, now=utcnow())
    db.session.commit()
    return preparing_response(event=event)


def _other_language(event_id: int, requested: str) -> str | None:
    """``requested`` when it is not the event's main language (whose program is the plain
    ``program.pdf``), so ``?lang=fr`` on a French event shares that one file."""
    if not requested:
        return None
    languages = db.session.execute(select(Event.languages).where(Event.id == event_id)).scalar_one()
    return None if requested == (languages.split() or ["en"])[0] else requested


def preparing_response(
    *, event: Event | None = None, failed: bool = False, waiting: object = None
) -> Response:
    """503 while the worker renders: the page reloads itself (and says so), unless the
    worker gave up, which a draft's organizers are told (``event``: the previewed draft).

    :param waiting: for a personal file, what the page says of it
        (:class:`summit.exports.personal.Waiting`).
    """
    response = Response(
        render_template(
            "exports/preparing.html",
            retry_after=None if failed else PREPARING_RETRY_SECONDS,
            event=event,
            failed=failed,
            waiting=waiting,
        ),
        status=503,
        mimetype="text/html",  # werkzeug's Response says text/plain otherwise
    )
    if not failed:
        response.headers["Retry-After"] = str(PREPARING_RETRY_SECONDS)
    response.cache_control.no_store = True
    return response
