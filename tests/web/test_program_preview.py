"""A draft's program preview: rendered by the worker like every program, shown only to the
event's organizers, and never served to anyone once the event is published."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import refresh
from pypdf import PdfReader
from sqlalchemy import select

from summit.events.services import set_published
from summit.exports import pdf_child
from summit.exports import renderings
from summit.exports.models import ExportFile
from summit.exports.models import ExportRendering
from summit.exports.models import RenderingStatus
from summit.exports.pdf_child import RenderFailed
from summit.exports.renderings import program_version
from summit.exports.renderings import render_next
from summit.extensions import db
from tests.conftest import AuthActions
from tests.export_factories import make_session
from tests.export_factories import rename_session
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer

START = NOW + timedelta(days=41)


def pdf_text(content: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def renderings_asked() -> list[tuple[str, RenderingStatus]]:
    rows = db.session.scalars(select(ExportRendering).order_by(ExportRendering.id))
    return [(row.kind, row.status) for row in rows]


@pytest.fixture
def draft(auth: AuthActions) -> dict[str, Any]:
    organizer = make_organizer()
    event = make_event(organizer, title="Sommet en préparation", languages=["fr", "ar"])
    session = make_session(event, START, title="Écrans et sommeil")
    return {
        "organizer": organizer,
        "event": event,
        "session": session,
        "url": f"/events/{event.slug}/program.pdf",
    }


def test_an_organizer_waits_on_a_page_that_checks_while_the_worker_renders_the_preview(
    client: FlaskClient,
    auth: AuthActions,
    draft: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    auth.login(draft["organizer"].email)
    with monkeypatch.context() as patched:
        patched.setattr(pdf_child.subprocess, "run", lambda *a, **k: pytest.fail("rendered"))
        waiting = client.get(draft["url"], headers={"Accept-Language": "en"})
    assert waiting.status_code == 503 and waiting.mimetype == "text/html"
    assert waiting.headers["Retry-After"] == "5"
    assert waiting.headers["Cache-Control"] == "no-store, private"
    html = waiting.get_data(as_text=True)
    assert "The preview of the program is being prepared" in html
    assert 'http-equiv="refresh"' not in html  # preparing.js checks and tells instead
    assert 'src="/static/preparing.js"' in html and 'role="status" data-retry="5"' in html
    assert f'<a id="program-link" href="{draft["url"]}">Open the preview</a>' in html
    assert "Preview — not public" in html
    assert f"/manage/events/{draft['event'].id}/" in html
    assert renderings_asked() == [("preview.pdf", RenderingStatus.WAITING)]

    done = render_next(worker="test", now=NOW)
    assert done is not None and done.status == RenderingStatus.DONE
    ready = client.get(draft["url"])
    assert ready.status_code == 200 and ready.mimetype == "application/pdf"
    assert "preview-" in ready.headers["Content-Disposition"]
    assert ready.headers["Cache-Control"] == "no-store, private"
    assert "ETag" not in ready.headers
    assert "Écrans et sommeil" in pdf_text(ready.data)
    assert render_next(worker="test", now=NOW) is None  # served, not asked again


def test_the_waiting_page_speaks_french_and_arabic(
    client: FlaskClient, auth: AuthActions, draft: dict[str, Any]
) -> None:
    auth.login(draft["organizer"].email)
    pages = {}
    for language in ("fr", "ar"):
        client.post("/language", data={"language": language})
        # The test's app context outlives requests; Flask-Babel keeps the locale in it.
        refresh()
        pages[language] = client.get(draft["url"]).get_data(as_text=True)
    french, arabic = pages["fr"], pages["ar"]
    assert "L’aperçu du programme est en préparation" in french
    assert "Ouvrir l’aperçu" in french
    assert "يجري إعداد معاينة البرنامج" in arabic and 'dir="rtl"' in arabic
    assert len(renderings_asked()) == 1  # two visits, one rendering asked for


def test_nobody_but_its_organizers_sees_or_asks_for_a_drafts_program(
    client: FlaskClient, auth: AuthActions, draft: dict[str, Any]
) -> None:
    assert client.get(draft["url"]).status_code == 404
    auth.login(make_organizer().email)
    make_event()  # the stranger organizes something else
    assert client.get(draft["url"]).status_code == 404
    assert client.get(f"{draft['url']}?lang=ar").status_code == 404
    assert renderings_asked() == []


def test_a_change_to_the_draft_waits_for_the_new_preview_rather_than_showing_the_old(
    client: FlaskClient, auth: AuthActions, draft: dict[str, Any]
) -> None:
    auth.login(draft["organizer"].email)
    client.get(draft["url"])
    render_next(worker="test", now=NOW)
    assert client.get(draft["url"]).status_code == 200
    rename_session(draft["session"], "Renamed", now=NOW + timedelta(days=1))
    assert client.get(draft["url"]).status_code == 503
    render_next(worker="test", now=NOW)
    fresh = client.get(draft["url"])
    assert fresh.status_code == 200 and "Renamed" in pdf_text(fresh.data)


def test_a_preview_in_another_language_is_kept_on_its_own(
    client: FlaskClient, auth: AuthActions, draft: dict[str, Any]
) -> None:
    auth.login(draft["organizer"].email)
    client.get(f"{draft['url']}?lang=ar")
    client.get(f"{draft['url']}?lang=fr")  # the event's main language: the plain preview
    assert sorted(kind for kind, _ in renderings_asked()) == ["preview.ar.pdf", "preview.pdf"]
    while render_next(worker="test", now=NOW) is not None:
        pass
    arabic = PdfReader(io.BytesIO(client.get(f"{draft['url']}?lang=ar").data))
    assert arabic.trailer["/Root"]["/Lang"] == "ar"


def test_once_published_the_preview_rendered_of_the_draft_is_served_to_nobody_then_dropped(
    client: FlaskClient, auth: AuthActions, draft: dict[str, Any]
) -> None:
    auth.login(draft["organizer"].email)
    client.get(draft["url"])
    render_next(worker="test", now=NOW)
    preview = client.get(draft["url"]).data
    set_published(draft["event"], True, now=NOW + timedelta(days=1))
    db.session.commit()
    for who in ("organizer", "visitor"):
        if who == "visitor":
            auth.logout()
        response = client.get(draft["url"])
        assert response.status_code == 503, who  # the public program, asked of the worker
        assert "The program is being prepared" in response.get_data(as_text=True)
        assert response.data != preview
    render_next(worker="test", now=NOW)
    public = client.get(draft["url"])
    assert public.status_code == 200 and public.data != preview
    # Rendering the public program dropped what was kept of the draft.
    assert list(db.session.scalars(select(ExportFile.kind))) == ["program.pdf"]


def test_a_preview_asked_before_publishing_is_closed_and_not_asked_again(
    client: FlaskClient, auth: AuthActions, draft: dict[str, Any]
) -> None:
    auth.login(draft["organizer"].email)
    client.get(draft["url"])
    set_published(draft["event"], True, now=NOW + timedelta(days=1))
    db.session.commit()
    closed = render_next(worker="test", now=NOW)
    assert closed is not None and closed.error == "superseded" and closed.pages is None
    assert render_next(worker="test", now=NOW) is None
    assert renderings_asked() == [("preview.pdf", RenderingStatus.DONE)]


def test_a_preview_the_worker_gave_up_on_is_said_so_and_not_checked_again(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    draft: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    auth.login(draft["organizer"].email)
    client.get(draft["url"])

    def broken(html: str) -> None:
        raise RenderFailed("out of memory")

    monkeypatch.setattr(renderings, "render_pdf", broken)
    for _ in range(renderings.MAX_ATTEMPTS):
        render_next(worker="test", now=NOW)
    failed = client.get(draft["url"])
    assert failed.status_code == 503 and "Retry-After" not in failed.headers
    html = failed.get_data(as_text=True)
    assert "The preview of the program could not be made" in html
    assert "preparing.js" not in html and "Open the preview" not in html
    assert renderings_asked() == [("preview.pdf", RenderingStatus.FAILED)]
    # Any change asks afresh, at the new version.
    rename_session(draft["session"], "Again", now=NOW + timedelta(days=1))
    assert "being prepared" in client.get(draft["url"]).get_data(as_text=True)
    waiting = renderings.program_kind(preview=True)
    assert renderings_asked()[-1] == (waiting, RenderingStatus.WAITING)
    versions = db.session.scalars(select(ExportRendering.version).order_by(ExportRendering.id))
    assert list(versions)[-1] == program_version(draft["event"].id, waiting)
