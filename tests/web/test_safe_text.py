"""Safe text (issue 9, item 5): one rule in the form base for every text field. Line
breaks are normalised, invisible control characters refused with a message; what is
stored then goes through mail headers, calendar lines and XML without breaking them."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from email.message import EmailMessage
from typing import Any

import lxml.etree
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms import TextAreaField

from summit.events.models import Event
from summit.extensions import db
from summit.forms import SummitForm
from summit.schedule.models import Session
from tests.conftest import AuthActions
from tests.export_factories import make_session
from tests.factories import make_event
from tests.factories import make_organizer
from tests.outbox_helpers import send_queued
from tests.registration_factories import open_registration
from tests.smtp_sink import SmtpSink

# Characters that become a space in a single-line field and LF in a text area.
BREAKS = {"CR": "\r", "LF": "\n", "CRLF": "\r\n", "NEL": "\x85", "LS": "\u2028", "PS": "\u2029"}
# Characters refused everywhere, and those refused in single-line fields only.
REFUSED = {
    "NUL": "\x00",
    "VT": "\x0b",
    "ESC": "\x1b",
    "DEL": "\x7f",
    "C1": "\x9b",
    "lone surrogate": "\ud800",
    "U+FFFE": "\ufffe",
}
BIDI = {name: chr(code) for name, code in [("LRE", 0x202A), ("RLO", 0x202E), ("FSI", 0x2068)]}


class Sample(SummitForm):
    class Meta:
        csrf = False

    line = StringField()
    text = TextAreaField()


def _form(app: Flask, **data: str) -> Sample:
    with app.test_request_context(method="POST"):
        form = Sample(formdata=MultiDict(data))
        form.validate()
        return form


@pytest.mark.parametrize("char", BREAKS.values(), ids=BREAKS.keys())
def test_line_breaks_become_a_space_in_one_line_and_lf_in_a_text_area(
    app: Flask, char: str
) -> None:
    form = _form(app, line=f"a{char}b", text=f"a{char}b")
    assert form.errors == {}
    assert form.line.data == "a b"
    assert form.text.data == "a\nb"


@pytest.mark.parametrize("char", REFUSED.values(), ids=REFUSED.keys())
def test_control_characters_are_refused_in_every_text_field_with_their_code(
    app: Flask, char: str
) -> None:
    form = _form(app, line=f"a{char}b", text=f"a{char}b")
    code = f"U+{ord(char):04X}"
    assert code in form.errors["line"][0] and "Delete it" in form.errors["line"][0]
    assert code in form.errors["text"][0]


@pytest.mark.parametrize("char", BIDI.values(), ids=BIDI.keys())
def test_bidi_overrides_are_refused_in_single_line_fields_only(app: Flask, char: str) -> None:
    form = _form(app, line=f"a{char}b", text=f"a{char}b")
    assert "line" in form.errors and "text" not in form.errors


def test_tabs_and_arabic_text_with_direction_marks_pass(app: Flask) -> None:
    form = _form(app, line="صحة نفسية\u200f (2024)", text="col1\tcol2\nligne")
    assert form.errors == {}
    assert form.text.data == "col1\tcol2\nligne"


EVENT_FORM = {
    "slug": "safe-text",
    "tagline": "",
    "description": "",
    "start_date": "2024-12-12",
    "end_date": "2024-12-12",
    "timezone": "Africa/Casablanca",
    "venue_name": "Palais",
    "venue_address": "",
    "city": "Casablanca",
    "country": "MA",
    "main_language": "en",
    "contact_email": "",
}


@pytest.fixture
def organizer_event(client: FlaskClient, auth: AuthActions) -> Event:
    organizer = make_organizer("owner@example.org")
    event = make_event(organizer, published=True, slug="safe-text", title="Safe")
    make_session(event, datetime(2024, 12, 12, 9, tzinfo=UTC))
    open_registration(event)
    auth.login("owner@example.org")
    return event


# A lone surrogate cannot travel in UTF-8 form data (Werkzeug decodes it to U+FFFD);
# the form test above covers it.
TYPED = [c for c in [*BREAKS.values(), *REFUSED.values(), *BIDI.values()] if c != "\ud800"]


@pytest.mark.parametrize("char", TYPED)
def test_titles_with_any_character_never_break_the_feeds(
    client: FlaskClient, organizer_event: Event, char: str
) -> None:
    event = organizer_event
    title = f"Mental{char}health"
    edit = client.post(f"/manage/events/{event.id}/edit", data={**EVENT_FORM, "title": title})
    session = db.session.execute(select(Session)).scalar_one()
    data = {
        "kind": "talk",
        "title": title,
        "language": "en",
        "day": "2024-12-12",
        "start": "10:00",
        "end": "11:00",
        "status": "scheduled",
    }
    moved = client.post(f"/manage/events/{event.id}/sessions/{session.id}/edit", data=data)
    if char in BREAKS.values():
        assert (edit.status_code, moved.status_code) == (302, 302)
        db.session.expire_all()
        assert event.title == session.title == "Mental health"
    else:
        assert edit.status_code in (200, 400) and moved.status_code in (200, 400)
        for page in (edit, moved):
            assert "invisible control character" in page.get_data(as_text=True)
        db.session.expire_all()
        assert (event.title, session.title) == ("Safe", session.title)
        assert char not in session.title
    xml = client.get(f"/events/{event.slug}/schedule.xml")
    assert xml.status_code == 200
    lxml.etree.fromstring(xml.data)  # well-formed
    ics = client.get(f"/events/{event.slug}/schedule.ics").data.decode()
    assert all(line.endswith("\r") or not line for line in ics.split("\n")[:-1])
    assert "\x00" not in ics and "\u2028" not in ics


@pytest.mark.parametrize("char", BREAKS.values(), ids=BREAKS.keys())
def test_mail_headers_hold_with_a_line_break_typed_in_the_title(
    make_app: Any, smtp: SmtpSink, char: str
) -> None:
    app = make_app(**smtp.config())
    with app.app_context():
        organizer = make_organizer("owner@example.org")
        event = make_event(organizer, published=True, slug="mail-title", title="Safe")
        open_registration(event)
        client = app.test_client()
        client.post(
            "/auth/login", data={"email": "owner@example.org", "password": "correct horse battery"}
        )
        title = f"Summit{char}Bcc: victim@example.org"
        assert (
            client.post(
                f"/manage/events/{event.id}/edit",
                data={**EVENT_FORM, "slug": "mail-title", "title": title},
            ).status_code
            == 302
        )
        response = app.test_client().post(
            "/events/mail-title/register", data={"name": "Salma", "email": "salma@example.org"}
        )
        assert response.status_code == 302
        send_queued()
        [message] = smtp.messages
        assert isinstance(message, EmailMessage)
        assert message["Bcc"] is None
        assert "Summit Bcc: victim@example.org" in message["Subject"]
