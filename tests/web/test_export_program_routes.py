from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from summit import create_app
from summit.exports import published
from summit.extensions import db
from tests.conftest import app_config
from tests.export_factories import make_session
from tests.factories import NOW
from tests.factories import make_event

START = NOW + timedelta(days=41)


def test_program_pdf_of_a_published_event_is_served(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=True, title="Rabat wellbeing day", languages=["en"])
    make_session(event, START, title="Burnout in medicine")
    response = client.get(f"/events/{event.slug}/program.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert f'filename="{event.slug}-program.pdf"' in response.headers["Content-Disposition"]
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Burnout in medicine" in text


def test_program_pdf_of_a_draft_event_is_not_found(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=False)
    assert client.get(f"/events/{event.slug}/program.pdf").status_code == 404
    assert client.get("/events/no-such-event/program.pdf").status_code == 404


def test_program_pdf_is_rendered_once_per_agenda_version(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = make_event(published=True)
    session = make_session(event, START)
    url = f"/events/{event.slug}/program.pdf"
    renders: list[str] = []
    real = published.render_program_pdf

    def counting(html: str) -> bytes:
        renders.append(html)
        return real(html)

    monkeypatch.setattr(published, "render_program_pdf", counting)
    first = client.get(url)
    second = client.get(url)
    not_modified = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert len(renders) == 1
    assert second.data == first.data
    assert not_modified.status_code == 304

    session.title = "Renamed"
    session.updated_at = NOW + timedelta(days=1)
    db.session.commit()
    third = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert third.status_code == 200
    assert len(renders) == 2
    assert "Renamed" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(third.data)).pages)


def test_the_stored_program_is_shared_by_another_app_server(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = make_event(published=True)
    make_session(event, START)
    url = f"/events/{event.slug}/program.pdf"
    first = app.test_client().get(url)
    # A second application object on the same database stands for another server.
    other_server = create_app(app_config(tmp_path))
    monkeypatch.setattr(published, "render_program_pdf", lambda html: pytest.fail("re-rendered"))
    with other_server.app_context():
        other = other_server.test_client().get(url)
        db.session.remove()
        db.engine.dispose()
    assert other.status_code == 200
    assert other.data == first.data
