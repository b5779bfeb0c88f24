"""Attendees who chose a session are e-mailed (over SMTP) when it moves or is cancelled."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from summit.events.models import EventStatus
from summit.extensions import db
from tests.factories import PASSWORD
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.smtp_sink import SmtpSink
from tests.smtp_sink import text_body
from tests.web.test_registration_attendee import make_session
from tests.web.test_registration_attendee import my


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


def move(client: Any, event: Any, session: Any, room: Any, start: str, end: str) -> None:
    response = client.post(
        f"/manage/events/{event.id}/sessions/{session.id}/move",
        data={"day": "2024-12-12", "start": start, "end": end, "room_id": str(room.id)},
    )
    assert response.status_code == 302


def test_a_move_emails_confirmed_attendees_who_chose_the_session_in_their_language(
    make_app: Callable[..., Flask], smtp: SmtpSink
) -> None:
    app = make_app(**smtp.config())
    with app.app_context():
        organizer = make_organizer("lead@example.org")
        event = make_event(organizer, published=True)
        open_registration(event, capacity=2)
        atlas, calm = make_room(event, "Salle Atlas"), make_room(event, "Espace bien-être")
        session = make_session(event, "Santé mentale à l’ère numérique")
        session.room_id = atlas.id
        db.session.commit()
        untouched = make_session(event, "Another session")
        amina = sign_up(event, "amina@example.org", name="Amina", language="fr")
        omar = sign_up(event, "omar@example.org", name="Omar")
        waiting = sign_up(event, "late@example.org")  # waitlisted: no seat, no choices
        client = app.test_client()
        client.post(my(event, amina.token, f"sessions/{session.id}"))
        client.post(my(event, omar.token, f"sessions/{untouched.id}"))
        client.post("/auth/login", data={"email": "lead@example.org", "password": PASSWORD})

        move(client, event, session, calm, "15:00", "16:30")

        [notice] = smtp.to("amina@example.org")
        assert notice["Subject"].startswith("Une session de votre programme a changé")
        body = text_body(notice)
        assert "Bonjour Amina" in body
        assert "15:00" in body and "16:30" in body and "Espace bien-être" in body
        assert f"/events/{event.slug}/sessions/{session.public_id}/" in body
        assert amina.token not in body
        assert smtp.to("omar@example.org") == [] and smtp.to("late@example.org") == []
        assert waiting.registration.status.value == "waitlisted"

        # The same slot again changes nothing, so nobody is e-mailed again.
        move(client, event, session, calm, "15:00", "16:30")
        assert len(smtp.to("amina@example.org")) == 1


def test_nothing_is_sent_for_a_draft_event(make_app: Callable[..., Flask], smtp: SmtpSink) -> None:
    app = make_app(**smtp.config())
    with app.app_context():
        organizer = make_organizer("lead@example.org")
        event = make_event(organizer, published=True)
        open_registration(event)
        room = make_room(event, "Salle Atlas")
        session = make_session(event)
        amina = sign_up(event, "amina@example.org")
        client = app.test_client()
        client.post(my(event, amina.token, f"sessions/{session.id}"))
        event.status = EventStatus.DRAFT
        db.session.commit()
        client.post("/auth/login", data={"email": "lead@example.org", "password": PASSWORD})
        move(client, event, session, room, "15:00", "16:00")
        assert smtp.messages == []


def test_cancelling_through_the_session_form_tells_attendees_and_a_title_edit_does_not(
    make_app: Callable[..., Flask], smtp: SmtpSink
) -> None:
    from tests.web.test_schedule_manage import session_form

    app = make_app(**smtp.config())
    with app.app_context():
        organizer = make_organizer("lead@example.org")
        event = make_event(organizer, published=True)
        open_registration(event)
        session = make_session(event, "Atelier parents")
        amina = sign_up(event, "amina@example.org", name="Amina")
        client = app.test_client()
        client.post(my(event, amina.token, f"sessions/{session.id}"))
        client.post("/auth/login", data={"email": "lead@example.org", "password": PASSWORD})
        edit = f"/manage/events/{event.id}/sessions/{session.id}/edit"
        # make_session's slot is 10:00–11:30 UTC: 11:00–12:30 in Casablanca in December.
        same_slot = {"title": "Atelier parents", "start": "11:00", "end": "12:30"}

        renamed = client.post(edit, data=session_form(**{**same_slot, "title": "Atelier"}))
        assert renamed.status_code == 302
        assert smtp.messages == []

        cancelled = client.post(
            edit, data=session_form(**same_slot, status="cancelled", confirmed="yes")
        )
        assert cancelled.status_code == 302
        [notice] = smtp.to("amina@example.org")
        assert "This session is cancelled." in text_body(notice)
