"""Access needs followed to the end: asked on the form or from the attendee's page,
answered by the organizer (the attendee is e-mailed), shown on the public agenda."""

from __future__ import annotations

from email import message_from_bytes
from email import policy

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from summit.audit.models import AccessAction
from summit.audit.models import AccessLogEntry
from summit.events.models import Event
from summit.events.models import TeamRole
from summit.extensions import db
from summit.needs.models import AccessRequest
from summit.needs.models import NeedKind
from summit.needs.models import NeedStatus
from summit.outbox.models import OutboxMessage
from summit.registration.models import Registration
from summit.registration.sensitive import erase_own_sensitive_answers
from tests.factories import NOW
from tests.factories import PASSWORD
from tests.factories import make_event
from tests.factories import make_member
from tests.factories import make_room
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.schedule_factories import make_session


@pytest.fixture
def event(app: Flask) -> Event:
    event = make_event(published=True)
    open_registration(event, ask_accessibility=True)
    return event


def requests() -> list[AccessRequest]:
    return list(db.session.scalars(select(AccessRequest).order_by(AccessRequest.id)))


def register(client: FlaskClient, event: Event, **data: object) -> object:
    values = {"name": "Salma Bennani", "email": "salma@example.org", **data}
    return client.post(f"/events/{event.slug}/register", data=values)


def test_services_ticked_on_the_form_become_requests_for_the_whole_event(
    client: FlaskClient, event: Event
) -> None:
    response = register(
        client,
        event,
        need_kinds=["sign_language", "step_free"],
        need_detail="LSF (French sign language)",
        sensitive_consent="y",
    )
    assert response.status_code == 302  # type: ignore[attr-defined]
    rows = requests()
    assert [(r.kind, r.session_id, r.status) for r in rows] == [
        (NeedKind.SIGN_LANGUAGE, None, NeedStatus.REQUESTED),
        (NeedKind.STEP_FREE, None, NeedStatus.REQUESTED),
    ]
    assert rows[0].detail == "LSF (French sign language)" and rows[1].detail == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"need_kinds": ["step_free"]}, "Tick the consent for sensitive answers"),
        (
            {"need_kinds": ["sign_language"], "sensitive_consent": "y"},
            "Say which language, format or service you need.",
        ),
        ({"need_kinds": ["teleportation"], "sensitive_consent": "y"}, "is not a valid choice"),
    ],
)
def test_a_bad_request_on_the_form_says_what_to_fix_and_saves_nothing(
    client: FlaskClient, event: Event, data: dict[str, object], message: str
) -> None:
    response = register(client, event, **data)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert message in response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert requests() == [] and db.session.scalars(select(Registration)).all() == []


def test_the_attendee_asks_later_for_a_session_and_sees_the_state(
    client: FlaskClient, event: Event
) -> None:
    session = make_session(
        event, title="Round table on burnout", room=make_room(event, "Main hall")
    )
    signup = sign_up(event, "a@example.org", name="Amina")
    page = f"/events/{event.slug}/my/{signup.token}/"
    refused = client.post(
        page + "needs", data={"kind": "live_captions", "session_id": str(session.id)}
    )
    assert refused.status_code == 302 and requests() == []  # the consent box was not ticked
    client.post(
        page + "needs",
        data={"kind": "live_captions", "session_id": str(session.id), "consent": "y"},
    )
    [row] = requests()
    assert (row.kind, row.session_id) == (NeedKind.LIVE_CAPTIONS, session.id)
    html = client.get(page).get_data(as_text=True)
    assert "Live captions" in html and "Requested, awaiting an answer" in html
    foreign = make_session(make_event(published=True))
    client.post(
        page + "needs",
        data={"kind": "live_captions", "session_id": str(foreign.id), "consent": "y"},
    )
    assert len(requests()) == 1


def test_the_organizer_answers_the_attendee_is_emailed_and_the_agenda_shows_it(
    client: FlaskClient, event: Event
) -> None:
    room = make_room(event, "Main hall")
    room.accessibility_notes = "Step-free entrance from the garden; induction loop."
    db.session.commit()
    session = make_session(event, title="Round table on burnout", room=room)
    signup = sign_up(event, "a@example.org", name="Amina Berrada", language="fr")
    client.post(
        f"/events/{event.slug}/my/{signup.token}/needs",
        data={"kind": "live_captions", "session_id": str(session.id), "consent": "y"},
    )
    [row] = requests()
    manager = make_member(event, TeamRole.REGISTRATION_MANAGER, sensitive=True)
    staff = client.application.test_client()
    staff.post("/auth/login", data={"email": manager.organizer.email, "password": PASSWORD})
    listing = staff.get(f"/manage/events/{event.id}/access-needs/").get_data(as_text=True)
    assert "Live captions" in listing and "Amina Berrada" in listing
    looks = db.session.scalars(
        select(AccessLogEntry).where(AccessLogEntry.action == AccessAction.VIEWED_SENSITIVE)
    ).all()
    assert [entry.subject for entry in looks] == ["access-needs"]

    answer = f"/manage/events/{event.id}/access-needs/{row.id}/answer"
    prefix = f"r{row.id}-"
    staff.post(answer, data={prefix + "status": "not_possible"})
    db.session.refresh(row)
    assert row.status is NeedStatus.REQUESTED  # a refusal needs a message
    staff.post(
        answer,
        data={prefix + "status": "arranged", prefix + "message": "Captions on the big screen."},
    )
    db.session.refresh(row)
    assert row.status is NeedStatus.ARRANGED and row.answered_by_role == "registration_manager"

    [mail] = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "access_need_answered")
    ).all()
    assert mail.recipient == "a@example.org"
    body = message_from_bytes(mail.body, policy=policy.default).get_body(("plain",))
    text = body.get_content()  # type: ignore[union-attr]
    assert "Captions on the big screen." in text and "Bonjour" in text  # in French

    # Her page opens in French, the language she registered in.
    own = client.get(f"/events/{event.slug}/my/{signup.token}/").get_data(as_text=True)
    assert '<html lang="fr"' in own and "Captions on the big screen." in own
    own = client.get(f"/events/{event.slug}/my/{signup.token}/?lang=en").get_data(as_text=True)
    assert "Arranged" in own

    agenda = client.get(f"/events/{event.slug}/schedule/").get_data(as_text=True)
    # The event's main language is French: its texts are marked on this English page.
    french = 'lang="fr" dir="ltr"'
    arranged = (
        f"Live captions — <bdi {french}>Round table on burnout</bdi>, <bdi {french}>Main hall</bdi>"
    )
    assert arranged in " ".join(agenda.split())
    assert "induction loop" in agenda
    assert "Amina" not in agenda


def test_erasing_sensitive_answers_deletes_the_access_requests(app: Flask, event: Event) -> None:
    person = sign_up(event, "a@example.org", accessibility_needs="Ramp").registration
    from summit.needs.services import request_need

    request_need(person, NeedKind.STEP_FREE, now=NOW)
    db.session.commit()
    erase_own_sensitive_answers(person, now=NOW)
    db.session.commit()
    assert requests() == []


def test_erasing_a_registration_deletes_its_access_requests(app: Flask, event: Event) -> None:
    from summit.needs.services import request_need
    from summit.registration.privacy import erase_registration

    person = sign_up(event, "a@example.org").registration
    request_need(person, NeedKind.QUIET_SEAT, now=NOW)
    db.session.commit()
    erase_registration(person, now=NOW)
    db.session.commit()
    assert requests() == [] and person.is_erased
