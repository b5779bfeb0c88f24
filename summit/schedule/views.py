"""Public schedule pages: agenda, sessions, speakers, changes. Drafts answer 404."""

from __future__ import annotations

from datetime import datetime
from datetime import time
from zoneinfo import ZoneInfo

from flask import Blueprint
from flask import abort
from flask import render_template
from flask import request
from flask_babel import get_locale
from werkzeug.wrappers import Response

from summit.events.forms import language_name
from summit.events.models import Event
from summit.events.views import public_event_or_404
from summit.extensions import db
from summit.forms import query_id
from summit.forms import query_text
from summit.schedule.cache import cached_fragment
from summit.schedule.changes import change_lines
from summit.schedule.models import Speaker
from summit.schedule.queries import schedule_changes
from summit.schedule.rows import load_session_rows
from summit.schedule.rows import load_speaker_rows
from summit.schedule.viewmodels import ViewBuilder
from summit.schedule.viewmodels import agenda_days
from summit.schedule.viewmodels import offsets_vary
from summit.schedule.viewmodels import speaker_views
from summit.uploads import image_response

bp = Blueprint("schedule", __name__)


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

    def render() -> str:
        rows = load_session_rows(event, scheduled_only=True)
        return render_template(
            "schedule/_agenda_body.html",
            event=event,
            event_start=_noon(event),
            days=agenda_days(event, rows, locale, room_id=room_id, language=language),
            room_id=room_id,
            language=language,
            languages=[(code, language_name(code)) for code in event.language_list],
            filtered=room_id is not None or bool(language),
            offset_varies=offsets_vary(event),
        )

    body = cached_fragment(event, ("agenda", locale, room_id, language), render)
    return render_template("schedule/public_agenda.html", event=event, body=body)


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

    def render() -> str:
        views = speaker_views(event, load_speaker_rows(event), locale)
        return render_template("schedule/_speakers_body.html", event=event, speakers=views)

    body = cached_fragment(event, ("speakers", locale), render)
    return render_template("schedule/public_speakers.html", event=event, body=body)


@bp.get("/events/<slug>/speakers/<int:speaker_id>/")
def speaker(slug: str, speaker_id: int) -> str:
    event = public_event_or_404(slug)
    found = db.session.get(Speaker, speaker_id)
    if found is None or found.event_id != event.id:
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
    if found is None or found.event_id != event.id or found.photo is None:
        abort(404)
    return image_response(found.photo, found.photo_type, found.photo_digest, request)


@bp.get("/events/<slug>/changes/")
def changes(slug: str) -> str:
    event = public_event_or_404(slug)
    lines = change_lines(event, schedule_changes(event), _locale())
    return render_template(
        "schedule/public_changes.html", event=event, event_start=_noon(event), lines=lines
    )
