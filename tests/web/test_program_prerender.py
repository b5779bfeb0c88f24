"""The program and feeds are rendered by the worker after a change, so no visitor waits;
a visitor who comes before that gets the previous program, labelled as what it is."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from huey.exceptions import TaskLockedException
from pypdf import PdfReader
from sqlalchemy import select

from summit.db import utcnow
from summit.exports import published
from summit.exports.models import ExportFile
from summit.exports.published import EVENT_FILES
from summit.exports.published import FRESH_CHANGE
from summit.exports.published import render_event_files_job
from summit.extensions import db
from summit.tasks import huey
from tests.conftest import AuthActions
from tests.export_factories import make_session
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer

START = NOW + timedelta(days=41)
BASE = "http://summit.test"


def _pdf_text(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _pending_renderings() -> list[tuple[object, ...]]:
    tasks = [*huey.pending(), *huey.scheduled()]
    return [tuple(t.args) for t in tasks if t.name == "render_event_files_job"]


def _no_rendering(*_args: object) -> bytes:
    pytest.fail("rendered inside the request")


def test_an_organizers_change_to_a_published_agenda_schedules_its_rendering(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    organizer = make_organizer()
    event = make_event(organizer, published=True)
    session = make_session(event, START)
    auth.login(organizer.email)
    huey.flush()
    response = client.post(
        f"/manage/events/{event.id}/sessions/{session.id}/move",
        data={"day": START.date().isoformat(), "start": "11:00", "end": "12:00"},
        follow_redirects=True,
    )
    assert "moved." in response.get_data(as_text=True)
    assert _pending_renderings() == [(event.id,)]
    assert _pending_renderings() == [(event.id,)]


def test_the_job_stores_every_file_so_visitors_get_them_without_a_rendering(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = make_event(published=True)
    make_session(event, START, title="Burnout in medicine")
    render_event_files_job.call_local(event.id)
    kinds = set(db.session.scalars(select(ExportFile.kind).where(ExportFile.event_id == event.id)))
    assert kinds == set(EVENT_FILES)
    for kind, spec in EVENT_FILES.items():
        monkeypatch.setitem(EVENT_FILES, kind, replace(spec, build=_no_rendering))
    pdf = client.get(f"/events/{event.slug}/program.pdf")
    assert pdf.status_code == 200 and "Burnout in medicine" in _pdf_text(pdf.data)
    assert "no-cache" not in pdf.headers["Cache-Control"]
    for feed in ("schedule.ics", "schedule.xml", "schedule.json"):
        assert client.get(f"/events/{event.slug}/{feed}").status_code == 200


def test_before_the_new_rendering_a_visitor_gets_the_previous_program_under_its_own_validators(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    session = make_session(event, START, title="Burnout in medicine")
    url = f"/events/{event.slug}/program.pdf"
    first = client.get(url)
    stored = db.session.scalars(select(ExportFile).where(ExportFile.kind == "program.pdf")).one()

    session.title = "Renamed session"
    session.updated_at = utcnow()  # a change just now: the worker is on it
    db.session.commit()
    meanwhile = client.get(url)
    assert meanwhile.status_code == 200
    assert meanwhile.data == first.data
    assert meanwhile.headers["ETag"] == first.headers["ETag"]
    assert meanwhile.last_modified == stored.created_at.replace(microsecond=0)
    assert "no-cache" in meanwhile.headers["Cache-Control"]
    revalidated = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert revalidated.status_code == 304

    render_event_files_job.call_local(event.id)
    ready = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert ready.status_code == 200
    assert ready.headers["ETag"] != first.headers["ETag"]
    assert "Renamed session" in _pdf_text(ready.data)
    assert "no-cache" not in ready.headers["Cache-Control"]


def test_with_no_worker_the_request_renders_once_the_change_is_no_longer_fresh(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    session = make_session(event, START, title="Burnout in medicine")
    url = f"/events/{event.slug}/program.pdf"
    first = client.get(url)
    session.title = "Renamed session"
    session.updated_at = utcnow() - FRESH_CHANGE - timedelta(seconds=1)
    db.session.commit()
    later = client.get(url)
    assert later.headers["ETag"] != first.headers["ETag"]
    assert "Renamed session" in _pdf_text(later.data)


def test_the_feeds_are_current_at_once_even_before_the_worker_renders(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    session = make_session(event, START, title="Burnout in medicine")
    url = f"/events/{event.slug}/schedule.json"
    first = client.get(url)
    session.title = "Renamed session"
    session.updated_at = utcnow()
    db.session.commit()
    second = client.get(url)
    assert second.headers["ETag"] != first.headers["ETag"]
    assert "Renamed session" in second.get_data(as_text=True)


def test_a_draft_event_is_never_rendered(app: Flask) -> None:
    event = make_event(published=False)
    make_session(event, START)
    render_event_files_job.call_local(event.id)
    assert db.session.scalars(select(ExportFile)).all() == []
    assert published.render_event_files(event.id + 1000) == []


def test_a_rendering_already_running_makes_the_next_job_wait_its_turn(app: Flask) -> None:
    event = make_event(published=True)
    make_session(event, START)
    with published.render_lock, pytest.raises(TaskLockedException):
        render_event_files_job.call_local(event.id)
    assert db.session.scalars(select(ExportFile)).all() == []
    render_event_files_job.call_local(event.id)  # the retry, once the lock is free
    assert len(db.session.scalars(select(ExportFile)).all()) == len(EVENT_FILES)
