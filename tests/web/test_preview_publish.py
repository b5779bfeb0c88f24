"""Draft preview for the event's organizers, 404 for everyone else; the publish checklist."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from flask.testing import FlaskClient

from summit.events.models import EventStatus
from summit.exports.renderings import render_next
from summit.extensions import db
from summit.schedule.models import SessionKind
from tests.conftest import AuthActions
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room
from tests.schedule_factories import give_role
from tests.schedule_factories import make_session
from tests.schedule_factories import make_speaker

PAGES = ["/", "schedule/", "speakers/", "register", "changes/"]
EXPORTS = ["schedule.ics", "schedule.json", "schedule.xml"]


@pytest.fixture
def draft(client: FlaskClient) -> dict[str, Any]:
    organizer = make_organizer()
    event = make_event(organizer, title="Sommet en préparation")
    room = make_room(event, "Salle A")
    session = make_session(event, room=room, kind=SessionKind.ROUND_TABLE, title="Table ronde")
    give_role(event, session, make_speaker(event, "Dr Kendili"))
    return {"organizer": organizer, "event": event, "session": session}


def paths(event: Any, session: Any) -> list[str]:
    base = f"/events/{event.slug}/"
    return (
        [base + p.lstrip("/") for p in PAGES]
        + [
            base + f"sessions/{session.public_id}/",
            base + f"sessions/{session.public_id}.ics",
        ]
        + [base + e for e in EXPORTS]
    )


def test_a_draft_is_404_for_visitors_and_other_organizers(
    client: FlaskClient, auth: AuthActions, draft: dict[str, Any]
) -> None:
    every = paths(draft["event"], draft["session"])
    every.append(f"/events/{draft['event'].slug}/program.pdf")
    for path in every:
        assert client.get(path).status_code == 404, path
    auth.login(make_organizer().email)
    make_event()  # the stranger organizes something else
    for path in every:
        assert client.get(path).status_code == 404, path


def test_its_organizers_see_every_page_and_export_marked_and_never_kept(
    client: FlaskClient, auth: AuthActions, draft: dict[str, Any]
) -> None:
    auth.login(draft["organizer"].email)
    for path in paths(draft["event"], draft["session"]):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store, private", path
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow", path
        assert "ETag" not in response.headers, path
        if response.mimetype == "text/html":
            text = response.get_data(as_text=True)
            assert "Preview — not public" in text, path
            assert '<meta name="robots" content="noindex, nofollow">' in text, path
    calendar = client.get(f"/events/{draft['event'].slug}/schedule.ics").get_data(as_text=True)
    assert "Table ronde" in calendar
    # The program is rendered by the worker (tests/web/test_program_preview.py): meanwhile
    # a page that says so, as unkept as every preview.
    pdf = client.get(f"/events/{draft['event'].slug}/program.pdf")
    assert pdf.status_code == 503 and "Preview — not public" in pdf.get_data(as_text=True)
    assert pdf.headers["Cache-Control"] == "no-store, private"
    render_next(worker="test", now=NOW)
    pdf = client.get(f"/events/{draft['event'].slug}/program.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Cache-Control"] == "no-store, private"


def test_a_preview_is_read_only(
    client: FlaskClient, auth: AuthActions, draft: dict[str, Any]
) -> None:
    auth.login(draft["organizer"].email)
    response = client.post(
        f"/events/{draft['event'].slug}/register", data={"name": "X", "email": "x@example.org"}
    )
    assert response.status_code == 404


def test_once_published_pages_lose_the_preview_mark(
    client: FlaskClient, auth: AuthActions, draft: dict[str, Any]
) -> None:
    draft["event"].status = EventStatus.PUBLISHED
    db.session.commit()
    auth.login(draft["organizer"].email)
    response = client.get(f"/events/{draft['event'].slug}/")
    assert "Preview — not public" not in response.get_data(as_text=True)
    assert "X-Robots-Tag" not in response.headers


def test_publishing_shows_the_checklist_first_and_publishes_only_when_confirmed(
    client: FlaskClient, auth: AuthActions, draft: dict[str, Any]
) -> None:
    event = draft["event"]
    make_session(event, start=None, end=None, title="Sans horaire")
    make_session(event, start=time(10, 30), end=time(11, 30), title="Sans salle")
    auth.login(draft["organizer"].email)
    url = f"/manage/events/{event.id}/publish"
    page = client.post(url, data={"publish": "1"}).get_data(as_text=True)
    assert "is not ready on every point. Publish anyway?" in page
    for item in [
        "1 round table has no moderator.",
        "1 session has no time yet.",
        "1 session has no room yet.",
        "1 speaker has not confirmed (not invited or no answer yet).",
        "Registration is not set up: nobody can register.",
        "No helpline or support resource is listed.",
    ]:
        assert item in page, item
    assert f'href="/manage/events/{event.id}/problems"' in page
    db.session.expire_all()
    assert not event.is_published
    assert client.post(url, data={"publish": "1", "confirmed": "yes"}).status_code == 302
    db.session.expire_all()
    assert event.is_published


def test_an_agenda_conflict_is_on_the_checklist(
    client: FlaskClient, auth: AuthActions, draft: dict[str, Any]
) -> None:
    event = draft["event"]
    make_session(event, room=event.rooms[0], start=time(10, 30), end=time(11), title="Doublon")
    auth.login(draft["organizer"].email)
    page = client.post(f"/manage/events/{event.id}/publish", data={"publish": "1"})
    assert "2 open conflicts in the agenda" in page.get_data(as_text=True)
