"""The event-wide files (program PDF, agenda calendar, conference-app feeds): how each is
built, and rendering them all ahead of visitors.

When a published event's content changes, a job renders every file for the new version
in the worker (see :func:`note_changed_events`), so no visitor waits for a rendering:
a 240-session program takes seconds. A request that arrives before that is done gets the
previous rendering, labelled as what it is: its own ETag and the time it was rendered as
Last-Modified, and ``no-cache`` so the client asks again and gets the new one once stored.
Only an event never rendered before is rendered inside the request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask import has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as OrmSession

from summit.db import utcnow
from summit.events.models import Event
from summit.events.models import Partner
from summit.events.models import Room
from summit.events.models import SupportResource
from summit.exports.caching import ExportVersion
from summit.exports.caching import export_version
from summit.exports.caching import stored_file
from summit.exports.calendar import build_calendar
from summit.exports.frab import build_frab_json
from summit.exports.frab import build_frab_xml
from summit.exports.loading import agenda_sessions
from summit.exports.loading import event_speakers
from summit.exports.loading import partners_with_logos
from summit.exports.program import render_program_html
from summit.exports.program import render_program_pdf
from summit.exports.settings import uid_domain
from summit.extensions import db
from summit.schedule.models import ScheduleChange
from summit.schedule.models import Session
from summit.schedule.models import SessionRole
from summit.schedule.models import Speaker
from summit.tasks import after_commit
from summit.tasks import app_context
from summit.tasks import huey
from summit.urls import base_url

log = logging.getLogger(__name__)

# Seconds between a change and its rendering: a burst of edits renders once or twice.
RENDER_DELAY = 2
# Files too slow to render inside a request; the others (milliseconds) are always current.
SLOW_FILES = frozenset({"program.pdf"})
# How long after a change the previous rendering of a slow file may still be served while
# the worker renders the new one; after that the request renders (the worker is down).
FRESH_CHANGE = timedelta(minutes=2)


@dataclass(frozen=True)
class EventFile:
    mimetype: str
    build: Callable[[Event, ExportVersion], bytes]


def agenda_calendar_name(event: Event) -> str:
    with force_locale(event.main_language):
        return _("%(event)s — agenda", event=event.title)


def _calendar(event: Event, version: ExportVersion) -> bytes:
    return build_calendar(
        event,
        agenda_sessions(event),
        name=agenda_calendar_name(event),
        base_url=base_url(),
        uid_domain=uid_domain(),
    )


def _frab_xml(event: Event, version: ExportVersion) -> bytes:
    return build_frab_xml(
        event, agenda_sessions(event), base_url=base_url(), uid_domain=uid_domain()
    )


def _frab_json(event: Event, version: ExportVersion) -> bytes:
    return build_frab_json(
        event, agenda_sessions(event), base_url=base_url(), uid_domain=uid_domain()
    )


def program_bytes(event: Event, version: ExportVersion) -> bytes:
    html = render_program_html(
        event,
        agenda_sessions(event),
        event_speakers(event),
        partners_with_logos(event),
        generated_at=version.last_modified,
    )
    return render_program_pdf(html)


# In rendering order: the feeds take milliseconds, the program seconds.
EVENT_FILES = {
    "schedule.ics": EventFile("text/calendar", _calendar),
    "schedule.xml": EventFile("application/xml", _frab_xml),
    "schedule.json": EventFile("application/json", _frab_json),
    "program.pdf": EventFile("application/pdf", program_bytes),
}


def file_etag(version: ExportVersion, kind: str) -> str:
    """The ETag of one file: the event's version, the file, and what appears inside it."""
    return version.for_kind(kind, base_url(), uid_domain())


def render_event_files(event_id: int) -> list[str]:
    """Render and store every event-wide file missing for the current version. Returns
    the kinds written."""
    event = db.session.get(Event, event_id)
    if event is None or not event.is_published:
        return []
    version = export_version(event_id)
    written = []
    for kind, spec in EVENT_FILES.items():

        def build(spec: EventFile = spec) -> bytes:
            return spec.build(event, version)

        _content, new = stored_file(event_id, kind, file_etag(version, kind), build, now=utcnow())
        if new:
            db.session.commit()
            written.append(kind)
    db.session.commit()
    return written


# One rendering at a time: programs are CPU-bound, and a burst of changes makes a burst
# of jobs. A job that finds the lock taken is retried shortly; the one holding it renders
# again while the version keeps moving. The worker clears this lock when it starts (a
# worker killed mid-rendering leaves it behind).
render_lock = huey.lock_task("render-event-files")


@huey.task(retries=120, retry_delay=5)
def render_event_files_job(event_id: int) -> None:
    with render_lock, app_context(), current_app.test_request_context(base_url=base_url()):
        while written := render_event_files(event_id):
            log.info("event %d: rendered %s", event_id, ", ".join(written))


def schedule_rendering(event_id: int, delay: float = RENDER_DELAY) -> None:
    render_event_files_job.schedule(args=(event_id,), delay=delay)


# --- noticing changes ----------------------------------------------------------------------

_CONTENT = (Session, Speaker, Room, Partner, SupportResource, ScheduleChange)
_NOTED = "summit_rendering_events"


def _event_id_of(obj: object) -> int | None:
    if isinstance(obj, Event):
        return obj.id
    if isinstance(obj, _CONTENT):
        return obj.event_id
    if isinstance(obj, SessionRole) and obj.session is not None:
        return obj.session.event_id
    return None


@sa_event.listens_for(OrmSession, "before_flush")
def note_changed_events(session: OrmSession, _context: object, _instances: object) -> None:
    """Remember which events' content this transaction writes; after the commit, their
    files are rendered in the worker (a draft's job finds it unpublished and stops)."""
    if not has_request_context():
        return  # the worker, commands and tests schedule their own renderings
    ids = {_event_id_of(obj) for obj in (*session.new, *session.dirty, *session.deleted)}
    ids.discard(None)
    if not ids:
        return
    noted: set[int] = session.info.setdefault(_NOTED, set())
    if not noted:
        after_commit(session, lambda: _schedule_noted(session))
    noted.update(i for i in ids if i is not None)


@sa_event.listens_for(OrmSession, "after_rollback")
def _forget_noted(session: OrmSession) -> None:
    session.info.pop(_NOTED, None)


def _schedule_noted(session: OrmSession) -> None:
    for event_id in session.info.pop(_NOTED, set()):
        schedule_rendering(event_id)
