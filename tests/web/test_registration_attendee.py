"""The attendee's private page: status, ticket, sessions, agenda, cancel; tokens."""

from __future__ import annotations

import io
from collections.abc import Callable
from collections.abc import Iterator
from datetime import date
from datetime import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from summit.events.models import Event
from summit.extensions import db
from summit.registration.links import checkin_code
from summit.registration.links import hash_secret
from summit.registration.models import RegistrationStatus
from summit.registration.models import SessionSeats
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from summit.schedule.services import SessionData
from summit.schedule.services import SlotData
from summit.schedule.services import save_session
from tests.factories import NOW
from tests.factories import make_event
from tests.outbox_helpers import send_queued
from tests.registration_factories import KEY
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.rendering_helpers import rendered_pdf
from tests.smtp_sink import SmtpSink
from tests.smtp_sink import text_body


def make_session(event: Event, title: str = "Round table", capacity: int | None = None) -> Session:
    """10:00–11:30 UTC on 12 Dec 2024 (11:00–12:30 in Casablanca), through the services."""
    slot = SlotData(date(2024, 12, 12), time(11, 0), time(12, 30))
    data = SessionData(kind=SessionKind.ROUND_TABLE, title=title, capacity=capacity, slot=slot)
    session = save_session(event, data, actor=None, now=NOW)
    db.session.commit()
    return session


def my(event: Event, token: str, rest: str = "") -> str:
    return f"/events/{event.slug}/my/{token}/{rest}"


def test_the_private_page_shows_status_and_is_never_cached_or_leaked(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    open_registration(event)
    result = sign_up(event, "a@example.org", name="Élodie Brûlé")
    response = client.get(my(event, result.token))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Élodie Brûlé" in page and "Confirmed" in page
    assert response.headers["Cache-Control"] == "no-store, private"
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("token", ["wrong", "x" * 200, ""])
def test_a_wrong_token_is_404(app: Flask, client: FlaskClient, token: str) -> None:
    event = make_event(published=True)
    open_registration(event)
    sign_up(event, "a@example.org")
    assert client.get(f"/events/{event.slug}/my/{token}/").status_code == 404


def test_another_events_token_is_404_everywhere(app: Flask, client: FlaskClient) -> None:
    event, other = make_event(published=True), make_event(published=True)
    open_registration(other)
    result = sign_up(other, "a@example.org")
    for rest in ("", "ticket.pdf", "agenda.ics", "cancel"):
        assert client.get(my(event, result.token, rest)).status_code == 404
    assert client.post(my(event, result.token, "cancel")).status_code == 404
    assert client.get(my(other, result.token)).status_code == 200


def test_a_draft_events_private_pages_are_404(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=True)
    open_registration(event)
    result = sign_up(event, "a@example.org")
    event.status = event.status.DRAFT
    db.session.commit()
    assert client.get(my(event, result.token)).status_code == 404


def test_the_ticket_is_a_pdf_with_the_name_and_a_qr_code_for_check_in(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    open_registration(event)
    result = sign_up(event, "a@example.org", name="Nadia Alaoui")
    response = rendered_pdf(client, my(event, result.token, "ticket.pdf"))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store, private"
    reader = PdfReader(io.BytesIO(response.data))
    text = reader.pages[0].extract_text()
    assert "Nadia Alaoui" in text and event.title in text
    page = reader.pages[0]
    images = list(page.images)
    assert len(images) == 1  # the QR code, inlined
    # The code in the QR address checks this person in, and is not the private token.
    code = checkin_code(result.token, KEY)
    assert code != result.token
    assert [link.checkin_hash for link in result.registration.links] == [hash_secret(code)]


def test_the_tickets_qr_code_holds_the_check_in_address(app: Flask, client: FlaskClient) -> None:
    from PIL import Image
    from PIL import ImageChops

    from summit.registration.ticket import qr_png

    event = make_event(published=True)
    open_registration(event)
    result = sign_up(event, "a@example.org")
    pdf = PdfReader(io.BytesIO(rendered_pdf(client, my(event, result.token, "ticket.pdf")).data))
    embedded = pdf.pages[0].images[0].image.convert("L")
    url = f"http://summit.test/manage/events/{event.id}/checkin/{checkin_code(result.token, KEY)}"
    expected = Image.open(io.BytesIO(qr_png(url))).convert("L")
    assert embedded.size == expected.size
    assert ImageChops.difference(embedded, expected).getbbox() is None
    wrong = Image.open(io.BytesIO(qr_png(url + "x"))).convert("L")
    assert ImageChops.difference(embedded, wrong.resize(embedded.size)).getbbox() is not None


def test_waitlisted_people_have_no_ticket(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=0)
    result = sign_up(event, "a@example.org")
    assert result.registration.status is RegistrationStatus.WAITLISTED
    assert client.get(my(event, result.token, "ticket.pdf")).status_code == 404
    assert "waiting list, number 1" in client.get(my(event, result.token)).get_data(as_text=True)


def test_choosing_sessions_fills_the_agenda_calendar_and_respects_seats(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    open_registration(event)
    small = make_session(event, "Workshop", capacity=1)
    big = make_session(event, "Keynote")
    first = sign_up(event, "a@example.org")
    second = sign_up(event, "b@example.org")

    assert client.post(my(event, first.token, f"sessions/{small.id}")).status_code == 302
    client.post(my(event, first.token, f"sessions/{big.id}"))
    full = client.post(my(event, second.token, f"sessions/{small.id}"), follow_redirects=True)
    assert "This session is full." in full.get_data(as_text=True)
    assert [c.session_id for c in second.registration.choices] == []

    calendar = client.get(my(event, first.token, "agenda.ics"))
    assert calendar.mimetype == "text/calendar"
    body = calendar.get_data(as_text=True)
    assert body.count("BEGIN:VEVENT") == 2
    # The same UID as in the public agenda feed, so calendars merge rather than duplicate.
    uid = f"UID:session-{small.public_id}@"
    [line] = [line for line in body.splitlines() if line.startswith(uid)]
    assert line in client.get(f"/events/{event.slug}/schedule.ics").get_data(as_text=True)
    assert first.token not in body

    # Dropping frees the seat for the next person.
    client.post(my(event, first.token, f"sessions/{small.id}"))
    client.post(my(event, second.token, f"sessions/{small.id}"))
    seats = db.session.get(SessionSeats, small.id)
    assert seats is not None
    db.session.refresh(seats)
    assert seats.taken == 1
    assert [c.session_id for c in second.registration.choices] == [small.id]


def test_another_events_session_cannot_be_chosen(app: Flask, client: FlaskClient) -> None:
    event, other = make_event(published=True), make_event(published=True)
    open_registration(event)
    foreign = make_session(other)
    result = sign_up(event, "a@example.org")
    assert client.post(my(event, result.token, f"sessions/{foreign.id}")).status_code == 404


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


def test_cancelling_asks_first_then_promotes_and_emails_the_first_in_line(
    make_app: Callable[..., Flask], smtp: SmtpSink
) -> None:
    app = make_app(**smtp.config())
    with app.app_context():
        event = make_event(published=True)
        open_registration(event, capacity=1)
        seat = make_session(event, capacity=5)
        holder = sign_up(event, "holder@example.org")
        waiting = sign_up(event, "waiting@example.org", name="Karim")
        client = app.test_client()
        client.post(my(event, holder.token, f"sessions/{seat.id}"))

        question = client.get(my(event, holder.token, "cancel"))
        assert "Yes, cancel my registration" in question.get_data(as_text=True)
        assert holder.registration.status is RegistrationStatus.CONFIRMED

        done = client.post(my(event, holder.token, "cancel"), follow_redirects=True)
        assert "Your registration is cancelled." in done.get_data(as_text=True)
        db.session.refresh(holder.registration)
        db.session.refresh(waiting.registration)
        assert holder.registration.status is RegistrationStatus.CANCELLED
        assert holder.registration.choices == []
        assert waiting.registration.status is RegistrationStatus.CONFIRMED

        send_queued()
        [cancelled] = smtp.to("holder@example.org")
        assert "cancelled" in cancelled["Subject"]
        [promoted] = smtp.to("waiting@example.org")
        assert "A seat is free" in promoted["Subject"]
        assert "Karim" in text_body(promoted)
        assert any(p.get_content_type() == "text/calendar" for p in promoted.iter_attachments())

        # Cancelling again changes nothing.
        assert client.post(my(event, holder.token, "cancel")).status_code == 302
        assert len(smtp.messages) == 2
