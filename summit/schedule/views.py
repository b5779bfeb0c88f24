"""Public schedule pages: agenda, sessions, speakers, changes. Drafts answer 404."""

from __future__ import annotations

from datetime import datetime
from datetime import time
from zoneinfo import ZoneInfo

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import render_template
from flask import request
from flask_babel import get_locale
from werkzeug.wrappers import Response

from summit.db import utcnow
from summit.events.forms import language_name
from summit.events.models import Event
from summit.events.views import public_event_or_404
from summit.extensions import db
from summit.forms import query_id
from summit.forms import query_text
from summit.schedule.cache import cached_fragment
from summit.schedule.changes import change_lines
from summit.schedule.localtime import event_days
from summit.schedule.localtime import local_day_bounds
from summit.schedule.models import Speaker
from summit.schedule.queries import schedule_changes
from summit.schedule.rows import load_session_rows
from summit.schedule.rows import load_speaker_rows
from summit.schedule.rows import scheduled_count
from summit.schedule.rows import speaker_names
from summit.schedule.viewmodels import ViewBuilder
from summit.schedule.viewmodels import agenda_days
from summit.schedule.viewmodels import agenda_page
from summit.schedule.viewmodels import day_label
from summit.schedule.viewmodels import offsets_vary
from summit.schedule.viewmodels import speaker_page
from summit.schedule.viewmodels import speaker_pages
from summit.schedule.viewmodels import speaker_views
from summit.schedule.visibility import is_public
from summit.uploads import image_response

bp = Blueprint("schedule", __name__)

# Features built on the schedule add sections to the public agenda page by putting
# ``event -> template values`` functions in app.extensions[AGENDA_EXTRAS], so this
# package never imports them.
AGENDA_EXTRAS = "summit_agenda_extras"


def _locale() -> str:
    return str(get_locale() or "en")


def _noon(event: Event) -> datetime:
    """A moment of the event, so the zone label shows the offset in force then."""
    return datetime.combine(event.start_date, time(12), tzinfo=ZoneInfo(event.timezone))


@bp.get("/events/<slug>/schedule/")
def agenda(slug: str) -> str:
    event = public_event_or_404(slug)
    room_ids = {room.id for room in event.rooms}
    room_id = query_id("room")
    room_id = room_id if room_id in room_ids else None
    language = query_text("language")
    if language not in event.language_list:
        language = ""
    locale = _locale()
    days = event_days(event.start_date, event.end_date)
    today = utcnow().astimezone(ZoneInfo(event.timezone)).date()
    page = agenda_page(days, scheduled_count(event), request.args.get("day", ""), today)

    def render() -> str:
        starting = local_day_bounds(page.day, event.timezone) if page.day else None
        rows = load_session_rows(event, scheduled_only=True, starting=starting)
        return render_template(
            "schedule/_agenda_body.html",
            event=event,
            event_start=_noon(event),
            days=agenda_days(event, rows, locale, room_id=room_id, language=language),
            page=page,
            event_days=[(day, day_label(day, locale)) for day in days] if page.by_day else [],
            room_id=room_id,
            language=language,
            languages=[(code, language_name(code)) for code in event.language_list],
            filtered=room_id is not None or bool(language),
            offset_varies=offsets_vary(event),
        )

    key = ("agenda", locale, room_id, language, page)
    body = cached_fragment(event, key, render)
    extras = {
        name: value
        for extra in current_app.extensions.get(AGENDA_EXTRAS, [])
        for name, value in extra(event).items()
    }
    return render_template("schedule/public_agenda.html", event=event, body=body, **extras)


@bp.get("/events/<slug>/sessions/<public_id>/")
def session(slug: str, public_id: str) -> str:
    event = public_event_or_404(slug)
    found = load_session_rows(event, public_id=public_id, with_description=True)
    if not found:
        abort(404)
    view = ViewBuilder(event, _locale()).session(found[0])
    return render_template(
        "schedule/public_session.html",
        event=event,
        view=view,
        session_start=found[0].starts_at,
    )


@bp.get("/events/<slug>/speakers/")
def speakers(slug: str) -> str:
    event = public_event_or_404(slug)
    locale = _locale()
    # One light query (id, name) decides the page, so paged or not costs the same.
    names = speaker_names(event)
    page = speaker_page(len(names), request.args.get("page", ""))

    def render() -> str:
        ids, pages = None, []
        if page.paged:
            pages = speaker_pages([name for _, name in names])
            ids = [sid for sid, _ in names[page.slice()]] if page.number else None
        views = speaker_views(event, load_speaker_rows(event, ids), locale)
        return render_template(
            "schedule/_speakers_body.html", event=event, speakers=views, page=page, pages=pages
        )

    body = cached_fragment(event, ("speakers", locale, page.number, page.paged), render)
    return render_template("schedule/public_speakers.html", event=event, body=body)


@bp.get("/events/<slug>/speakers/<int:speaker_id>/")
def speaker(slug: str, speaker_id: int) -> str:
    event = public_event_or_404(slug)
    found = db.session.get(Speaker, speaker_id)
    if found is None or found.event_id != event.id or not is_public(found):
        abort(404)
    build = ViewBuilder(event, _locale())
    sessions = [build.session(row) for row in load_session_rows(event, speaker_id=found.id)]
    return render_template(
        "schedule/public_speaker.html",
        event=event,
        event_start=_noon(event),
        speaker=found,
        sessions=sessions,
        links=[
            line for line in found.links.splitlines() if line.startswith(("https://", "http://"))
        ],
    )


@bp.get("/events/<slug>/speakers/<int:speaker_id>/photo")
def speaker_photo(slug: str, speaker_id: int) -> Response:
    event = public_event_or_404(slug)
    found = db.session.get(Speaker, speaker_id)
    if found is None or found.event_id != event.id or found.photo is None or not is_public(found):
        abort(404)
    return image_response(found.photo, found.photo_type, found.photo_digest, request)


@bp.get("/events/<slug>/changes/")
def changes(slug: str) -> str:
    event = public_event_or_404(slug)
    lines = change_lines(event, schedule_changes(event), _locale())
    return render_template(
        "schedule/public_changes.html", event=event, event_start=_noon(event), lines=lines
    )
