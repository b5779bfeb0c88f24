"""An attendee's own files speak the attendee's saved language, whatever the browser says,
and say so (/Lang of the ticket PDF)."""

from __future__ import annotations

import io
from datetime import UTC
from datetime import datetime

import icalendar
import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from summit.extensions import db
from summit.registration.agenda import choose_session
from summit.schedule.models import SpeakerRole
from tests.export_factories import make_session
from tests.export_factories import make_speaker
from tests.factories import NOW
from tests.factories import make_event
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.rendering_helpers import rendered_pdf


@pytest.mark.parametrize(
    ("saved", "browser", "ticket_words", "role_word"),
    [
        ("en", "fr", "Ticket no.", "Panelist:"),
        ("fr", "en", "Billet n°", "Panéliste:"),
    ],
)
def test_ticket_and_agenda_follow_the_saved_language_not_the_browser(
    app: Flask, client: FlaskClient, saved: str, browser: str, ticket_words: str, role_word: str
) -> None:
    event = make_event(published=True, languages=["fr", "en"])
    open_registration(event)
    amina = make_speaker(event, "Amina Benali")
    session = make_session(
        event,
        datetime(2024, 12, 12, 9, tzinfo=UTC),
        roles=[(amina, SpeakerRole.PANELIST)],
    )
    result = sign_up(event, "a@example.org", language=saved)
    choose_session(result.registration, session, now=NOW)
    db.session.commit()
    base = f"/events/{event.slug}/my/{result.token}"
    headers = {"Accept-Language": browser}

    pdf = PdfReader(io.BytesIO(rendered_pdf(client, f"{base}/ticket.pdf", headers=headers).data))
    assert ticket_words in pdf.pages[0].extract_text()
    assert pdf.trailer["/Root"]["/Lang"] == saved

    calendar = icalendar.Calendar.from_ical(client.get(f"{base}/agenda.ics", headers=headers).data)
    (entry,) = calendar.walk("VEVENT")
    assert f"{role_word} Amina Benali" in str(entry["DESCRIPTION"])
