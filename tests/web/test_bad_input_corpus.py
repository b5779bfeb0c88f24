"""The bad-input corpus (issue 10): every form on every public and organizer page gets
each hostile value in each of its fields, on SQLite and PostgreSQL alike.

Forms and fields are read from the pages themselves, so a form added later is covered
without touching this file. For each (field, value): the answer is never a 5xx; a refused
submission (anything but a redirect) leaves the database exactly as it was; an accepted
one stores no character that the form base refuses (see ``summit.forms``).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import lxml.html
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from summit.extensions import db
from summit.forms import forbidden_character
from summit.speaker_portal.services import invite_speaker
from tests.export_factories import make_session
from tests.export_factories import make_speaker
from tests.factories import NOW
from tests.factories import PASSWORD
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room
from tests.registration_factories import open_registration

TEXT_VALUES = [
    "a\x00b",
    "\x0b",
    "\x1b[31mred",
    "\x85",
    "line\u2028break",
    "\u202eevil\u202c",
    "\r\nSubject: injected",
    "x" * 5000,
    "<script>alert(1)</script>' OR 1=1 --",
    "javascript://alert(1)",
    "\ufffe",
    "😀 عربي",
    "   ",
    "²" + "9" * 30,
]
DATE_VALUES = ["9999-12-31", "0001-01-01", "2024-13-45", "\x00²"]
NUMBER_VALUES = ["²", "9" * 30, "-1", "1e309", "\x00"]
CHOICE_VALUES = ["\x00", "9" * 30, "not-a-choice"]

# Values a valid submission needs, by field name, where the page leaves them empty.
VALID = {
    "email": "valid.person@example.org",
    "password": PASSWORD,
    "current": PASSWORD,
    "confirm": PASSWORD,
    "title": "A valid title",
    "name": "A valid name",
    "slug": "a-valid-slug",
    "start_date": "2024-12-12",
    "end_date": "2024-12-12",
    "day": "2024-12-12",
    "start": "10:00",
    "end": "11:00",
    "timezone": "Africa/Casablanca",
    "capacity": "10",
    "code": "0" * 32,
}
# Forms that change who is signed in; their fields are plain in any case.
SKIP_ACTIONS = ("/auth/logout", "/auth/sessions/revoke", "/language")


@dataclass
class Site:
    app: Flask
    organizer: FlaskClient
    visitor: FlaskClient
    pages: dict[str, tuple[str, bool]]  # name -> (url, needs the organizer)


@pytest.fixture
def site(make_app: Callable[..., Flask]) -> Iterator[Site]:
    app = make_app()
    with app.app_context():
        owner = make_organizer("owner@example.org")
        make_organizer("colleague@example.org")
        event = make_event(owner, published=True, slug="corpus")
        room = make_room(event, "Plenary")
        speaker = make_speaker(event, "Dr. Amal")
        from datetime import UTC
        from datetime import datetime

        from summit.schedule.models import SpeakerRole

        session = make_session(
            event,
            datetime(2024, 12, 12, 9, tzinfo=UTC),
            room=room,
            roles=[(speaker, SpeakerRole.MODERATOR)],
        )
        open_registration(
            event,
            capacity=100,
            ask_organization=True,
            ask_accessibility=True,
            ask_dietary=True,
            categories=["Student", "Parent"],
        )
        _, token = invite_speaker(speaker, secret=app.config["SECRET_KEY"], now=NOW)
        db.session.commit()
        base = f"/manage/events/{event.id}"
        pages = {
            "login": ("/auth/login", False),
            "register": ("/events/corpus/register", False),
            "speaker portal": (f"/events/corpus/speaker/{token}/", False),
            "password": ("/auth/password", True),
            "new event": ("/manage/events/new", True),
            "edit event": (f"{base}/edit", True),
            "rooms": (f"{base}/rooms/", True),
            "partners": (f"{base}/partners/", True),
            "support": (f"{base}/support/", True),
            "organizers": (f"{base}/organizers/", True),
            "new session": (f"{base}/sessions/new", True),
            "edit session": (f"{base}/sessions/{session.id}/edit", True),
            "speakers": (f"{base}/speakers/", True),
            "edit speaker": (f"{base}/speakers/{speaker.id}/edit", True),
            "registration settings": (f"{base}/registrations/settings", True),
            "check-in": (f"{base}/checkin/", True),
        }
    organizer = app.test_client()
    organizer.post("/auth/login", data={"email": "owner@example.org", "password": PASSWORD})
    yield Site(app, organizer, app.test_client(), pages)


def _snapshot() -> dict[str, list[tuple[Any, ...]]]:
    return {
        table.name: sorted(
            (tuple(row) for row in db.session.execute(select(table)).all()), key=repr
        )
        for table in db.metadata.sorted_tables
    }


def _stored_forbidden(snapshot: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    found = []
    for table, rows in snapshot.items():
        for row in rows:
            for value in row:
                if isinstance(value, str) and (
                    forbidden_character(value, multi_line=True) or "\u2028" in value
                ):
                    found.append(f"{table}: {value[:40]!r}")
    return found


def _fields(form: Any) -> dict[str, tuple[str, list[str]]]:
    """name -> (kind, hostile values) for each field a person can fill in."""
    fields: dict[str, tuple[str, list[str]]] = {}
    for element in form.inputs:
        name = element.get("name")
        if not name or name == "csrf_token":
            continue
        kind = element.get("type", "text") if element.tag == "input" else element.tag
        if kind in ("date", "datetime-local", "time"):
            fields[name] = (kind, DATE_VALUES)
        elif kind == "number":
            fields[name] = (kind, NUMBER_VALUES)
        elif kind in ("select", "radio", "checkbox"):
            fields[name] = (kind, CHOICE_VALUES)
        elif kind in ("submit", "file", "button"):
            continue
        else:  # text, email, url, search, tel, hidden, textarea
            fields[name] = (kind, TEXT_VALUES)
    return fields


def _baseline(form: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, value in form.form_values():
        values.setdefault(name, value)
    for element in form.inputs:
        name = element.get("name")
        if name in VALID and not values.get(name):
            values[name] = VALID[name]
    for select_element in form.xpath(".//select"):
        name = select_element.get("name")
        options = [o.get("value") for o in select_element.xpath(".//option") if o.get("value")]
        if name and not values.get(name) and options:
            values[name] = options[0]
    values.pop("csrf_token", None)
    return values


def _forms(client: FlaskClient, url: str) -> list[tuple[str, Any]]:
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    doc = lxml.html.fromstring(page.get_data(as_text=True))
    forms = []
    for form in doc.forms:
        if (form.method or "GET").upper() != "POST":
            continue
        action = form.get("action") or url
        if action.startswith(SKIP_ACTIONS):
            continue
        forms.append((action, form))
    return forms


@pytest.mark.parametrize(
    "page",
    [
        "login",
        "register",
        "speaker portal",
        "password",
        "new event",
        "edit event",
        "rooms",
        "partners",
        "support",
        "organizers",
        "new session",
        "edit session",
        "speakers",
        "edit speaker",
        "registration settings",
        "check-in",
    ],
)
def test_hostile_values_in_every_field_never_500_nor_half_save(site: Site, page: str) -> None:
    url, organizer = site.pages[page]
    client = site.organizer if organizer else site.visitor
    problems: list[str] = []
    cases = 0
    with site.app.app_context():
        for action, form in _forms(client, url):
            baseline = _baseline(form)
            for name, (_kind, values) in _fields(form).items():
                for value in values:
                    data = {**baseline, name: value}
                    before = _snapshot()
                    response = client.post(action, data=data)
                    db.session.rollback()  # read what the request committed, nothing cached
                    cases += 1
                    status = response.status_code
                    if status >= 500:
                        problems.append(f"{action} {name}={value[:20]!r}: {status}")
                        continue
                    after = _snapshot()
                    if status not in (301, 302, 303) and after != before:
                        problems.append(f"{action} {name}={value[:20]!r}: {status} but wrote")
                    problems += [
                        f"{action} {name}={value[:20]!r} stored {s}"
                        for s in _stored_forbidden(after)
                    ]
            if client is site.organizer and client.get("/manage/").status_code != 200:
                pytest.fail(f"{action} signed the organizer out")
    assert cases > 0, f"no form field found on {url}"
    assert problems == []
