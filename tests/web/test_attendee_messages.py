"""Writing to attendees: segments, a preview with one person's data, the outbox, the copy."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select

from summit.extensions import db
from summit.messages.models import AttendeeMessage
from summit.outbox.models import OutboxMessage
from summit.outbox.models import OutboxStatus
from summit.registration.models import RegistrationStatus
from summit.registration.models import SessionChoice
from tests.conftest import AuthActions
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.schedule_factories import make_session


@pytest.fixture
def audience(client: FlaskClient, auth: AuthActions) -> dict[str, Any]:
    organizer = make_organizer()
    event = make_event(organizer, published=True)
    open_registration(event, capacity=2, waitlist_enabled=True, categories=["Parent", "Médecin"])
    salma = sign_up(event, "salma@example.org", name="Salma", category="Médecin").registration
    omar = sign_up(event, "omar@example.org", name="Omar", category="Parent").registration
    rim = sign_up(event, "rim@example.org", name="Rim", category="Parent").registration
    nadia = sign_up(event, "nadia@example.org", name="Nadia", category="Parent").registration
    session = make_session(event, title="Atelier parents")
    db.session.add(SessionChoice(registration_id=omar.id, session_id=session.id, created_at=NOW))
    db.session.commit()
    assert rim.status is RegistrationStatus.WAITLISTED
    auth.login(organizer.email)
    return {
        "event": event,
        "session": session,
        "people": (salma, omar, rim, nadia),
        "url": f"/manage/events/{event.id}/messages/new",
    }


def form(segment: str, **extra: str) -> dict[str, str]:
    return {"segment": segment, "subject": "Infos pratiques", "body": "Bonjour {name},", **extra}


@pytest.mark.parametrize(
    ("segment", "who"),
    [
        ("confirmed", ["Salma", "Omar"]),
        ("waitlisted", ["Rim", "Nadia"]),
        ("category:Parent", ["Omar"]),
        ("session", ["Omar"]),
    ],
)
def test_each_segment_reaches_its_people_through_the_outbox(
    client: FlaskClient, audience: dict[str, Any], segment: str, who: list[str]
) -> None:
    if segment == "session":
        segment = f"session:{audience['session'].id}"
    response = client.post(audience["url"], data=form(segment, action="send", confirmed="yes"))
    assert response.status_code == 302
    rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    emails = {p.name: p.email for p in audience["people"]}
    assert [r.recipient for r in rows] == [emails[name] for name in who]
    assert all(r.kind == "announcement" and r.subject == "Infos pratiques" for r in rows)
    assert f"Bonjour {who[0]}," in rows[0].body.decode()
    copy = db.session.scalars(select(AttendeeMessage)).one()
    assert copy.recipients == len(who) and copy.body == "Bonjour {name},"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"0 sent, {len(who)} waiting, 0 failed" in page


def test_a_preview_shows_one_persons_message_and_sends_nothing(
    client: FlaskClient, audience: dict[str, Any]
) -> None:
    page = client.post(audience["url"], data=form("waitlisted", action="preview"))
    text = page.get_data(as_text=True)
    assert "Preview: 2 people will receive it" in text
    assert "As Rim will read it:" in text and "Bonjour Rim," in text
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_sending_asks_first_with_the_number_of_people(
    client: FlaskClient, audience: dict[str, Any]
) -> None:
    page = client.post(audience["url"], data=form("confirmed", action="send")).get_data(
        as_text=True
    )
    assert "Send “Infos pratiques” to 2 people?" in page
    assert '<p class="irreversible">' in page
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form(""), "Choose who receives it."),
        (form("everyone"), "Not a valid choice"),
        (form("confirmed", subject=""), "Give the message a subject."),
        (form("confirmed", body=""), "Write the message."),
        (form("pending", action="send", confirmed="yes"), "Nobody is in this group yet"),
    ],
)
def test_bad_messages_send_nothing_and_say_why(
    client: FlaskClient, audience: dict[str, Any], data: dict[str, str], message: str
) -> None:
    response = client.post(audience["url"], data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    assert db.session.scalar(select(func.count(AttendeeMessage.id))) == 0


def test_another_events_session_is_not_a_segment(
    client: FlaskClient, audience: dict[str, Any]
) -> None:
    other = make_session(make_event())
    response = client.post(audience["url"], data=form(f"session:{other.id}", action="send"))
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_erased_people_get_nothing(client: FlaskClient, audience: dict[str, Any]) -> None:
    from summit.registration.privacy import erase_registration

    erase_registration(audience["people"][0], now=NOW)
    db.session.commit()
    client.post(audience["url"], data=form("confirmed", action="send", confirmed="yes"))
    assert db.session.scalars(select(OutboxMessage.recipient)).all() == ["omar@example.org"]


def test_the_list_keeps_each_message_with_its_delivery_states(
    client: FlaskClient, audience: dict[str, Any]
) -> None:
    client.post(audience["url"], data=form("confirmed", action="send", confirmed="yes"))
    first = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).first()
    assert first is not None
    first.status = OutboxStatus.SENT
    db.session.commit()
    page = client.get(f"/manage/events/{audience['event'].id}/messages/").get_data(as_text=True)
    assert "Infos pratiques" in page and "Everyone confirmed (2)" in page
    assert "1 sent, 1 waiting, 0 failed" in page
