"""The program PDF is rendered by the worker, once per version; requests only serve it."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import func
from sqlalchemy import select

from summit import create_app
from summit.exports import pdf_child
from summit.exports import renderings
from summit.exports.models import ExportRendering
from summit.exports.models import RenderingStatus
from summit.exports.pdf_child import RenderFailed
from summit.exports.renderings import program_version
from summit.exports.renderings import render_next
from summit.extensions import db
from tests.conftest import app_config
from tests.export_factories import make_session
from tests.export_factories import rename_session
from tests.factories import NOW
from tests.factories import make_event

START = NOW + timedelta(days=41)


def pdf_text(content: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def rendering_rows() -> list[ExportRendering]:
    return list(db.session.scalars(select(ExportRendering).order_by(ExportRendering.id)))


def test_a_program_not_rendered_yet_is_asked_of_the_worker_and_then_served(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True, title="Rabat wellbeing day", languages=["en"])
    make_session(event, START, title="Burnout in medicine")
    url = f"/events/{event.slug}/program.pdf"

    waiting = client.get(url)
    assert waiting.status_code == 503
    assert waiting.headers["Retry-After"] == "5"
    assert "The program is being prepared" in waiting.get_data(as_text=True)
    [row] = rendering_rows()
    assert (row.kind, row.status, row.version) == (
        "program.pdf",
        RenderingStatus.WAITING,
        program_version(event.id),
    )

    done = render_next(worker="test", now=NOW)
    assert done is not None and done.status == RenderingStatus.DONE
    assert done.pages and done.pages >= 1 and done.peak_rss_kib and done.seconds is not None
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert f'filename="{event.slug}-program.pdf"' in response.headers["Content-Disposition"]
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    assert "Burnout in medicine" in pdf_text(response.data)
    assert render_next(worker="test", now=NOW) is None


def test_program_pdf_of_a_draft_event_is_not_found(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=False)
    assert client.get(f"/events/{event.slug}/program.pdf").status_code == 404
    assert client.get("/events/no-such-event/program.pdf").status_code == 404
    assert rendering_rows() == []


def test_no_request_renders_a_pdf(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = make_event(published=True)
    make_session(event, START)
    monkeypatch.setattr(pdf_child.subprocess, "run", lambda *a, **k: pytest.fail("rendered"))
    for _ in range(20):
        assert client.get(f"/events/{event.slug}/program.pdf").status_code == 503
    assert len(rendering_rows()) == 1  # twenty visitors, one rendering asked for


def test_after_a_change_the_previous_program_is_served_until_the_new_one_is_ready(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    session = make_session(event, START, title="Sleep and screens")
    url = f"/events/{event.slug}/program.pdf"
    client.get(url)
    render_next(worker="test", now=NOW)
    first = client.get(url)
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304

    rename_session(session, "Renamed", now=NOW + timedelta(days=1))
    stale = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert stale.status_code == 200
    assert stale.data == first.data
    assert "no-cache" in stale.headers["Cache-Control"]
    assert len(rendering_rows()) == 2

    render_next(worker="test", now=NOW)
    fresh = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert fresh.status_code == 200
    assert fresh.headers["ETag"] != first.headers["ETag"]
    assert "Renamed" in pdf_text(fresh.data)


def test_a_request_for_a_version_changed_since_is_closed_and_the_current_one_asked_for(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    session = make_session(event, START)
    client.get(f"/events/{event.slug}/program.pdf")
    rename_session(session, "Changed before the worker came", now=NOW + timedelta(days=1))
    closed = render_next(worker="test", now=NOW)
    assert closed is not None and closed.error == "superseded" and closed.pages is None
    rendered = render_next(worker="test", now=NOW)
    assert rendered is not None and rendered.version == program_version(event.id)
    assert rendered.status == RenderingStatus.DONE and rendered.pages


def test_a_failing_rendering_is_retried_then_given_up(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = make_event(published=True)
    make_session(event, START)
    client.get(f"/events/{event.slug}/program.pdf")

    def broken(html: str, **options: object) -> None:
        raise RenderFailed("out of memory")

    monkeypatch.setattr(renderings, "render_pdf", broken)
    statuses = []
    for _ in range(renderings.MAX_ATTEMPTS):
        handled = render_next(worker="test", now=NOW)
        assert handled is not None
        statuses.append(handled.status)
    assert statuses == [RenderingStatus.WAITING, RenderingStatus.WAITING, RenderingStatus.FAILED]
    assert rendering_rows()[0].error == "out of memory"
    assert render_next(worker="test", now=NOW) is None


def test_a_rendering_whose_worker_died_is_taken_over_when_its_lease_ends(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    make_session(event, START)
    client.get(f"/events/{event.slug}/program.pdf")
    [row] = rendering_rows()
    row.status = RenderingStatus.RUNNING  # as a worker killed mid-rendering leaves it
    row.claimed_by = "dead:1"
    row.claimed_until = NOW + timedelta(minutes=5)
    db.session.commit()
    assert render_next(worker="test", now=NOW) is None
    taken = render_next(worker="test", now=NOW + timedelta(minutes=6))
    assert taken is not None and taken.claimed_by == "test"
    assert taken.status == RenderingStatus.DONE


def test_the_stored_program_is_shared_by_another_app_server(
    app: Flask, tmp_path: Path, client: FlaskClient
) -> None:
    event = make_event(published=True)
    make_session(event, START)
    url = f"/events/{event.slug}/program.pdf"
    client.get(url)
    render_next(worker="test", now=NOW)
    first = client.get(url)
    # A second application object on the same database stands for another server.
    other_server = create_app(app_config(tmp_path))
    with other_server.app_context():
        other = other_server.test_client().get(url)
        db.session.remove()
        db.engine.dispose()
    assert other.status_code == 200
    assert other.data == first.data
    assert db.session.scalar(select(func.count()).select_from(ExportRendering)) == 1


def test_asking_twice_for_one_version_leaves_one_request(app: Flask) -> None:
    event = make_event(published=True)
    version = program_version(event.id)
    assert renderings.request_rendering(event.id, "program.pdf", version, now=NOW) is True
    assert renderings.request_rendering(event.id, "program.pdf", version, now=NOW) is False
    db.session.commit()
    assert len(rendering_rows()) == 1


def test_the_program_in_another_language_is_rendered_and_kept_on_its_own(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True, title="Sommet de Casablanca", languages=["fr", "ar"])
    make_session(event, START, title="Santé mentale et écrans")
    url = f"/events/{event.slug}/program.pdf"

    assert client.get(f"{url}?lang=ar").status_code == 503
    assert client.get(f"{url}?lang=fr").status_code == 503  # the main one: plain program.pdf
    assert client.get(f"{url}?lang=xx").status_code == 503  # unknown: the main one too
    assert sorted(row.kind for row in rendering_rows()) == ["program.ar.pdf", "program.pdf"]
    while render_next(worker="test", now=NOW) is not None:
        pass
    arabic = PdfReader(io.BytesIO(client.get(f"{url}?lang=ar").data))
    french = PdfReader(io.BytesIO(client.get(url).data))
    assert arabic.trailer["/Root"]["/Lang"] == "ar"
    assert french.trailer["/Root"]["/Lang"] == "fr"
    assert "Santé mentale et écrans" in "".join(p.extract_text() for p in arabic.pages)


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        (
            "ar",
            ['program.pdf?lang=ar" hreflang="ar"', 'hreflang="fr" lang="fr">Français</a>'],
            None,
        ),
        ("fr", ['program.pdf">'], "program.pdf?lang="),
    ],
)
def test_the_event_page_links_the_program_in_the_readers_language(
    app: Flask, client: FlaskClient, language: str, expected: list[str], absent: str | None
) -> None:
    event = make_event(published=True, languages=["fr", "ar"])
    page = client.get(f"/events/{event.slug}/", headers={"Accept-Language": language})
    html = page.get_data(as_text=True)
    for text in expected:
        assert text in html
    assert absent is None or absent not in html
