"""The worker's production beat: heartbeat, changed programs asked for and rendered."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from summit.db import utcnow
from summit.exports.renderings import program_version
from summit.exports.renderings import stored_program
from summit.extensions import db
from summit.ops.heartbeat import latest_beat
from summit.ops.tick import render_waiting
from summit.ops.tick import tick
from tests.export_factories import make_session
from tests.factories import NOW
from tests.factories import make_event


def test_a_tick_beats_and_renders_the_program_of_every_changed_published_event(
    app: Flask, client: FlaskClient
) -> None:
    published = make_event(published=True)
    make_session(published, NOW + timedelta(days=40), title="Loneliness at university")
    draft = make_event(published=False)
    make_session(draft, NOW + timedelta(days=40))

    result = tick(worker="host:1", clock=utcnow)
    assert (result.asked, result.rendered) == (1, 1)
    assert latest_beat() is not None
    stored = stored_program(published.id)
    assert stored is not None and stored.version == program_version(published.id)
    assert stored_program(draft.id) is None
    assert client.get(f"/events/{published.slug}/program.pdf").status_code == 200
    assert client.get("/healthz").status_code == 200

    again = tick(worker="host:1", clock=utcnow)  # nothing changed: nothing to do
    assert (again.asked, again.rendered) == (0, 0)


def test_rendering_stops_at_its_time_budget(app: Flask, client: FlaskClient) -> None:
    for _ in range(2):
        event = make_event(published=True)
        make_session(event, NOW + timedelta(days=40))
        client.get(f"/events/{event.slug}/program.pdf")
    assert render_waiting(worker="w", clock=utcnow, budget=0) == 0
    assert render_waiting(worker="w", clock=utcnow) == 2
    db.session.expire_all()


def test_render_programs_renders_once_and_says_so(app: Flask) -> None:
    event = make_event(published=True)
    make_session(event, NOW + timedelta(days=40))
    result = app.test_cli_runner().invoke(args=["render-programs"])
    assert result.exit_code == 0, result.output
    assert "1 program(s) out of date, 1 rendered." in result.output
    assert stored_program(event.id) is not None
    again = app.test_cli_runner().invoke(args=["render-programs"])
    assert "0 program(s) out of date, 0 rendered." in again.output
