"""The ticket goes through the worker like every PDF, though the worker cannot derive the
check-in code it prints: the attendee's request hands it over sealed, the stored file is
encrypted with a key derived from it, and nothing readable is left behind."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select

from summit.exports import pdf_child
from summit.exports.models import ExportFile
from summit.exports.models import ExportRendering
from summit.exports.models import RenderingStatus
from summit.exports.sealing import SealBroken
from summit.exports.sealing import open_file
from summit.extensions import db
from summit.registration.links import add_link
from summit.registration.links import checkin_code
from summit.registration.links import revoke_other_links
from summit.registration.privacy import erase_registration
from summit.registration.services import cancel_registration
from tests.factories import NOW
from tests.factories import make_event
from tests.registration_factories import KEY
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.rendering_helpers import rendered_pdf
from tests.rendering_helpers import renderings_asked
from tests.rendering_helpers import run_worker


@pytest.fixture
def attendee(app: Flask) -> dict[str, Any]:
    event = make_event(published=True, languages=["en"])
    open_registration(event)
    result = sign_up(event, "nadia@example.org", name="Nadia Alaoui")
    url = f"/events/{event.slug}/my/{result.token}/ticket.pdf"
    return {"event": event, "result": result, "token": result.token, "url": url}


def ticket_files() -> list[ExportFile]:
    return list(db.session.scalars(select(ExportFile).where(ExportFile.kind.startswith("ticket-"))))


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_request_never_renders_and_hands_the_worker_only_a_sealed_code(
    client: FlaskClient, attendee: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(pdf_child.subprocess, "run", lambda *a, **k: pytest.fail("rendered"))
        waiting = client.get(attendee["url"], headers={"Accept-Language": "en"})
    assert waiting.status_code == 503 and waiting.mimetype == "text/html"
    assert waiting.headers["Cache-Control"] == "no-store, private"
    assert "Your ticket is being prepared" in waiting.get_data(as_text=True)
    (rendering,) = db.session.scalars(select(ExportRendering))
    code = checkin_code(attendee["token"], KEY)
    assert rendering.sealed_secret is not None
    assert code.encode() not in rendering.sealed_secret
    assert attendee["token"].encode() not in rendering.sealed_secret


def test_the_worker_renders_it_stores_it_encrypted_and_forgets_the_code(
    client: FlaskClient, attendee: dict[str, Any]
) -> None:
    response = rendered_pdf(client, attendee["url"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "Nadia Alaoui" in pdf_text(response.data)
    (rendering,) = db.session.scalars(select(ExportRendering))
    assert rendering.status is RenderingStatus.DONE and rendering.sealed_secret is None
    (stored,) = ticket_files()
    code = checkin_code(attendee["token"], KEY)
    assert not stored.content.startswith(b"%PDF") and b"Nadia" not in stored.content
    assert open_file(stored.content, secret=code) == response.data
    with pytest.raises(SealBroken):
        open_file(stored.content, secret=checkin_code("another token", KEY))


def test_two_hundred_requests_ask_for_one_rendering_and_later_ones_are_served(
    client: FlaskClient, attendee: dict[str, Any]
) -> None:
    for _ in range(200):
        assert client.get(attendee["url"]).status_code == 503
    assert len(renderings_asked()) == 1
    assert run_worker() == 1
    for _ in range(3):
        assert client.get(attendee["url"]).status_code == 200
    assert run_worker() == 0


def test_each_link_has_its_own_ticket_and_a_renamed_attendee_is_never_shown_the_old_one(
    client: FlaskClient, attendee: dict[str, Any]
) -> None:
    registration = attendee["result"].registration
    second = add_link(registration, key=KEY, now=NOW)
    db.session.commit()
    event = attendee["event"]
    other_url = f"/events/{event.slug}/my/{second}/ticket.pdf"
    first, other = rendered_pdf(client, attendee["url"]), rendered_pdf(client, other_url)
    assert first.status_code == other.status_code == 200
    assert len(ticket_files()) == 2 and first.data != other.data  # each QR code its own
    registration.name = "Nadia El Alaoui"
    db.session.commit()
    assert client.get(attendee["url"]).status_code == 503  # not the old name's ticket
    assert "Nadia El Alaoui" in pdf_text(rendered_pdf(client, attendee["url"]).data)


def test_revoked_links_cancelled_and_erased_registrations_leave_no_stored_ticket(
    client: FlaskClient, attendee: dict[str, Any]
) -> None:
    registration = attendee["result"].registration
    event = attendee["event"]
    second = add_link(registration, key=KEY, now=NOW)
    db.session.commit()
    for token in (attendee["token"], second):
        assert (
            rendered_pdf(client, f"/events/{event.slug}/my/{token}/ticket.pdf").status_code == 200
        )
    assert len(ticket_files()) == 2
    assert revoke_other_links(registration, keep_token=attendee["token"]) == 1
    db.session.commit()
    assert ticket_files() == []
    assert client.get(f"/events/{event.slug}/my/{second}/ticket.pdf").status_code == 404
    assert rendered_pdf(client, attendee["url"]).status_code == 200  # rendered again
    cancel_registration(registration, now=NOW)
    db.session.commit()
    assert ticket_files() == []
    assert client.get(attendee["url"]).status_code == 404

    other = sign_up(event, "omar@example.org", name="Omar")
    other_url = f"/events/{event.slug}/my/{other.token}/ticket.pdf"
    assert rendered_pdf(client, other_url).status_code == 200
    erase_registration(other.registration, now=NOW)
    db.session.commit()
    assert ticket_files() == []


def test_a_code_sealed_with_another_app_key_fails_at_once_and_is_dropped(
    app: Flask, client: FlaskClient, attendee: dict[str, Any]
) -> None:
    assert client.get(attendee["url"]).status_code == 503
    app.config["SECRET_KEY"] = "rotated-key"  # between the request and the rendering
    try:
        run_worker()
    finally:
        app.config["SECRET_KEY"] = KEY
    (rendering,) = db.session.scalars(select(ExportRendering))
    assert rendering.status is RenderingStatus.FAILED and rendering.attempts == 1
    assert rendering.sealed_secret is None
    page = client.get(attendee["url"])
    assert page.status_code == 503 and "This file could not be made" in page.get_data(as_text=True)


def test_the_attendee_page_asks_for_the_ticket_ahead_so_the_download_is_ready(
    client: FlaskClient, attendee: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    page_url = attendee["url"].removesuffix("ticket.pdf")
    with monkeypatch.context() as patched:
        patched.setattr(pdf_child.subprocess, "run", lambda *a, **k: pytest.fail("rendered"))
        for _ in range(3):
            assert client.get(page_url).status_code == 200
    assert renderings_asked() == [(ticket_files_kind(attendee), RenderingStatus.WAITING)]
    assert run_worker() == 1
    assert client.get(page_url).status_code == 200
    assert run_worker() == 0  # stored at this version: not asked again
    assert client.get(attendee["url"]).status_code == 200  # no waiting


def test_a_waitlisted_attendees_page_asks_for_no_ticket(client: FlaskClient, app: Flask) -> None:
    event = make_event(published=True, languages=["en"])
    open_registration(event, capacity=0)
    result = sign_up(event, "karim@example.org")
    assert client.get(f"/events/{event.slug}/my/{result.token}/").status_code == 200
    assert renderings_asked() == []


def ticket_files_kind(attendee: dict[str, Any]) -> str:
    (link,) = attendee["result"].registration.links
    return f"ticket-{link.registration_id}-{link.id}.pdf"


def test_a_ticket_asked_without_its_sealed_code_fails_at_once_and_renders_nothing(
    client: FlaskClient, attendee: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from summit.exports.renderings import request_rendering
    from summit.registration.ticket import ticket_version

    kind = ticket_files_kind(attendee)
    version = ticket_version(attendee["event"].id, kind)
    assert version is not None
    request_rendering(attendee["event"].id, kind, version, now=NOW)  # no sealed_secret
    db.session.commit()
    with monkeypatch.context() as patched:
        patched.setattr(pdf_child.subprocess, "run", lambda *a, **k: pytest.fail("rendered"))
        run_worker()
    (rendering,) = db.session.scalars(select(ExportRendering))
    assert rendering.status is RenderingStatus.FAILED and rendering.attempts == 1
    assert "without its secret" in rendering.error
    assert ticket_files() == []
