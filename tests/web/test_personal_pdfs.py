"""Personal PDFs go through the worker like programs: a request never renders one, asks
for it once per version, serves it only behind its holder's link and never out of date."""

from __future__ import annotations

import io
from datetime import UTC
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import func
from sqlalchemy import select

from summit.exports import pdf_child
from summit.exports.models import ExportFile
from summit.exports.models import ExportRendering
from summit.exports.models import RenderingStatus
from summit.extensions import db
from summit.schedule.models import SpeakerRole
from summit.schedule.speakers import delete_speaker
from summit.speaker_portal.services import invite_speaker
from tests.export_factories import make_session
from tests.export_factories import make_speaker
from tests.export_factories import rename_session
from tests.factories import NOW
from tests.factories import make_event
from tests.rendering_helpers import rendered_pdf
from tests.rendering_helpers import renderings_asked
from tests.rendering_helpers import run_worker

START = datetime(2024, 12, 12, 9, tzinfo=UTC)


def pdf_text(content: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def speakers(app: Flask) -> dict[str, Any]:
    event = make_event(published=True, languages=["en"])
    amina = make_speaker(event, "Amina Benali", email="amina@example.org")
    omar = make_speaker(event, "Omar Alaoui", email="omar@example.org")
    session = make_session(
        event, START, title="Youth and screens", roles=[(amina, SpeakerRole.MODERATOR)]
    )
    make_session(
        event, START.replace(hour=14), title="Omar alone", roles=[(omar, SpeakerRole.SPEAKER)]
    )
    tokens = {}
    for name, speaker in (("amina", amina), ("omar", omar)):
        _, tokens[name] = invite_speaker(speaker, secret="test-secret", now=NOW)
    db.session.commit()
    base = f"/events/{event.slug}/speaker"
    return {
        "event": event,
        "session": session,
        "amina": amina,
        "omar": omar,
        "url": {name: f"{base}/{token}/schedule.pdf" for name, token in tokens.items()},
        "portal": {name: f"{base}/{token}/" for name, token in tokens.items()},
    }


def test_the_first_request_asks_the_worker_once_and_shows_the_private_waiting_page(
    client: FlaskClient, speakers: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(pdf_child.subprocess, "run", lambda *a, **k: pytest.fail("rendered"))
        waiting = client.get(speakers["url"]["amina"], headers={"Accept-Language": "en"})
    assert waiting.status_code == 503 and waiting.mimetype == "text/html"
    assert waiting.headers["Retry-After"] == "5"
    assert waiting.headers["Cache-Control"] == "no-store, private"
    assert waiting.headers["X-Robots-Tag"] == "noindex, nofollow"
    html = waiting.get_data(as_text=True)
    assert "Your schedule is being prepared" in html
    assert 'src="/static/preparing.js"' in html
    assert f'<a id="program-link" href="{speakers["url"]["amina"]}">Open your schedule</a>' in html
    assert f'href="{speakers["portal"]["amina"]}">Back to my speaker page' in html
    kind = f"speaker-{speakers['amina'].id}.pdf"
    assert renderings_asked() == [(kind, RenderingStatus.WAITING)]


def test_twenty_requests_ask_for_one_rendering_then_the_stored_file_is_served(
    client: FlaskClient, speakers: dict[str, Any]
) -> None:
    url = speakers["url"]["amina"]
    statuses = {client.get(url).status_code for _ in range(20)}
    assert statuses == {503}
    assert db.session.scalar(select(func.count()).select_from(ExportRendering)) == 1
    assert run_worker() == 1
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert (
        "private" in pdf.headers["Cache-Control"] and "public" not in pdf.headers["Cache-Control"]
    )
    assert pdf.headers["X-Robots-Tag"] == "noindex, nofollow"
    text = pdf_text(pdf.data)
    assert "Youth and screens" in text and "Omar alone" not in text
    again = client.get(url, headers={"If-None-Match": pdf.headers["ETag"]})
    assert again.status_code == 304
    assert run_worker() == 0  # served, never asked again


def test_another_speakers_link_never_gets_the_file(
    client: FlaskClient, speakers: dict[str, Any]
) -> None:
    rendered_pdf(client, speakers["url"]["amina"])
    assert db.session.scalar(select(func.count()).select_from(ExportFile)) == 1
    theirs = client.get(speakers["url"]["omar"])
    assert theirs.status_code == 503  # their own file is asked for, not hers served
    assert renderings_asked()[-1] == (f"speaker-{speakers['omar'].id}.pdf", RenderingStatus.WAITING)
    run_worker()
    text = pdf_text(client.get(speakers["url"]["omar"]).data)
    assert "Omar alone" in text and "Youth and screens" not in text
    slug = speakers["event"].slug
    assert client.get(f"/events/{slug}/speaker/not-a-token/schedule.pdf").status_code == 404
    # The public program route knows only program kinds, whatever it is asked.
    kind = f"speaker-{speakers['amina'].id}"
    assert client.get(f"/events/{slug}/program.pdf?lang={kind}").status_code == 503
    assert renderings_asked()[-1] == ("program.pdf", RenderingStatus.WAITING)


def test_after_a_change_the_old_file_is_not_served(
    client: FlaskClient, speakers: dict[str, Any]
) -> None:
    url = speakers["url"]["amina"]
    first = rendered_pdf(client, url)
    assert "Youth and screens" in pdf_text(first.data)
    rename_session(speakers["session"], "Sleep and screens")
    db.session.commit()
    stale = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert stale.status_code == 503  # neither the old file nor a 304 for it
    assert run_worker() == 1
    fresh = client.get(url)
    assert fresh.status_code == 200 and fresh.headers["ETag"] != first.headers["ETag"]
    assert "Sleep and screens" in pdf_text(fresh.data)
    delete_speaker(speakers["event"], speakers["amina"], actor=None, now=NOW)
    db.session.commit()
    assert client.get(url).status_code == 404


def test_a_request_superseded_before_the_worker_runs_is_closed_not_rendered(
    client: FlaskClient, speakers: dict[str, Any]
) -> None:
    client.get(speakers["url"]["amina"])
    rename_session(speakers["session"], "Sleep and screens")
    db.session.commit()
    run_worker()
    # Closed without rendering, and not asked again until she asks.
    assert [s for _, s in renderings_asked()] == [RenderingStatus.DONE]
    assert db.session.scalar(select(func.count()).select_from(ExportFile)) == 0
    assert "Sleep and screens" in pdf_text(rendered_pdf(client, speakers["url"]["amina"]).data)
