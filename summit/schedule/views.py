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
from summit.schedule.changes import change_lines
from summit.schedule.models import Speaker
from summit.schedule.queries import event_speakers
from summit.schedule.queries import public_agenda
from summit.schedule.queries import schedule_changes
from summit.schedule.queries import session_by_public_id
from summit.schedule.queries import speaker_with_sessions
from summit.schedule.viewmodels import agenda_days
from summit.schedule.viewmodels import session_view
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
    room_arg = request.args.get("room", "")
    room_id = int(room_arg) if room_arg.isdigit() and int(room_arg) in room_ids else None
    language = request.args.get("language", "")
    if language not in event.language_list:
        language = ""
    days = agenda_days(event, public_agenda(event), _locale(), room_id=room_id, language=language)
    return render_template(
        "schedule/public_agenda.html",
        event=event,
        event_start=_noon(event),
        days=days,
        room_id=room_id,
        language=language,
        languages=[(code, language_name(code)) for code in event.language_list],
        filtered=room_id is not None or bool(language),
    )


@bp.get("/events/<slug>/sessions/<public_id>/")
def session(slug: str, public_id: str) -> str:
    event = public_event_or_404(slug)
    found = session_by_public_id(event, public_id)
    if found is None:
        abort(404)
    view = session_view(found, ZoneInfo(event.timezone), _locale())
    return render_template(
        "schedule/public_session.html", event=event, event_start=_noon(event), view=view
    )


@bp.get("/events/<slug>/speakers/")
def speakers(slug: str) -> str:
    event = public_event_or_404(slug)
    views = speaker_views(event, event_speakers(event), _locale())
    return render_template(
        "schedule/public_speakers.html", event=event, event_start=_noon(event), speakers=views
    )


@bp.get("/events/<slug>/speakers/<int:speaker_id>/")
def speaker(slug: str, speaker_id: int) -> str:
    event = public_event_or_404(slug)
    found = speaker_with_sessions(event, speaker_id)
    if found is None:
        abort(404)
    tz = ZoneInfo(event.timezone)
    locale = _locale()
    sessions = sorted(
        (session_view(link.session, tz, locale) for link in found.roles),
        key=lambda v: (v.start_iso == "", v.start_iso),
    )
    roles = {link.session_id: link for link in found.roles}
    return render_template(
        "schedule/public_speaker.html",
        event=event,
        event_start=_noon(event),
        speaker=found,
        sessions=sessions,
        roles=roles,
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
