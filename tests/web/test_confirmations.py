"""Every destructive action asks first, without JavaScript: a page saying what will happen,
whose one button posts the same request again with the answer."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select

from summit.events.models import Event
from summit.events.models import EventOrganizer
from summit.events.models import EventStatus
from summit.events.models import Partner
from summit.events.models import Room
from summit.events.models import SupportResource
from summit.events.models import TeamRole
from summit.events.services import SupportResourceData
from summit.events.services import save_support_resource
from summit.extensions import db
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.schedule.models import Session
from summit.schedule.models import SessionRole
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerAvailability
from summit.schedule.services import SlotData
from summit.schedule.speakers import add_availability
from tests.conftest import AuthActions
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_member
from tests.factories import make_organizer
from tests.factories import make_partner
from tests.factories import make_room
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.schedule_factories import give_role
from tests.schedule_factories import make_session
from tests.schedule_factories import make_speaker


@pytest.fixture
def world(client: FlaskClient, auth: AuthActions) -> dict[str, Any]:
    organizer = make_organizer()
    event = make_event(organizer, published=True)
    room = make_room(event, "Salle Atlas")
    talk = make_session(event, room=room, title="Santé mentale au travail")
    make_session(event, room=room, start=time(14), end=time(15), title="Jeunes et écrans")
    speaker = make_speaker(event, "Imane Kendili", honorific="Dr")
    role = give_role(event, talk, speaker)
    window = add_availability(
        event, speaker, SlotData(event.start_date, time(8), time(18)), now=NOW
    )
    partner = make_partner(event, "UM6P")
    helpline = save_support_resource(
        event, SupportResourceData("Allo Écoute", phone="0800"), now=NOW
    )
    colleague = make_member(event, TeamRole.EDITOR).organizer
    open_registration(event, capacity=1, waitlist_enabled=True)
    seated = sign_up(event, "a@example.org", name="Salma Idrissi").registration
    waiting = sign_up(event, "b@example.org", name="Omar Tazi").registration
    db.session.commit()
    auth.login(organizer.email)
    base = f"/manage/events/{event.id}"
    return {
        "base": base,
        "event": event,
        "room": room,
        "talk": talk,
        "speaker": speaker,
        "role": role,
        "window": window,
        "partner": partner,
        "helpline": helpline,
        "colleague": colleague,
        "seated": seated,
        "waiting": waiting,
    }


def count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


# (url, form data, words the question must say, irreversible, what changes once confirmed)
CASES: dict[str, Any] = {
    "delete a room": (
        lambda w: f"{w['base']}/rooms/{w['room'].id}/delete",
        {},
        ["Delete the room “Salle Atlas”?", "2 sessions lose their room:", "“Jeunes et écrans”"],
        False,
        lambda: count(Room) == 0,
    ),
    "delete a session": (
        lambda w: f"{w['base']}/sessions/{w['talk'].id}/delete",
        {},
        ["Delete the session “Santé mentale au travail”?", "1 speaker loses this part"],
        True,
        lambda: count(Session) == 1,
    ),
    "remove a speaker from a session": (
        lambda w: f"{w['base']}/sessions/{w['talk'].id}/roles/{w['role'].id}/delete",
        {},
        ["Remove Dr Imane Kendili from “Santé mentale au travail”?"],
        False,
        lambda: count(SessionRole) == 0,
    ),
    "delete a speaker": (
        lambda w: f"{w['base']}/speakers/{w['speaker'].id}/delete",
        {},
        ["Delete the speaker Dr Imane Kendili?", "They leave 1 session"],
        True,
        lambda: count(Speaker) == 0,
    ),
    "remove an availability window": (
        lambda w: f"{w['base']}/speakers/{w['speaker'].id}/availability/{w['window'].id}/delete",
        {},
        ["Remove this availability window", "counts as available at any time"],
        False,
        lambda: count(SpeakerAvailability) == 0,
    ),
    "remove a partner": (
        lambda w: f"{w['base']}/partners/{w['partner'].id}/delete",
        {},
        ["Remove the partner “UM6P”?", "leave the event page and the program"],
        False,
        lambda: count(Partner) == 0,
    ),
    "remove a helpline": (
        lambda w: f"{w['base']}/support/{w['helpline'].id}/delete",
        {},
        ["Remove the support resource “Allo Écoute”?", "no helpline or support resource left"],
        False,
        lambda: count(SupportResource) == 0,
    ),
    "remove an organizer": (
        lambda w: f"{w['base']}/team/{w['colleague'].id}/remove",
        {},
        ["can no longer manage this event."],
        False,
        lambda: count(EventOrganizer) == 1,
    ),
    "cancel a registration": (
        lambda w: f"{w['base']}/registrations/{w['seated'].id}/cancel",
        {},
        [
            "Cancel the registration of Salma Idrissi?",
            "The seat goes to Omar Tazi, first on the waiting list, who is e-mailed.",
        ],
        False,
        lambda: (
            db.session.scalar(select(Registration.status).where(Registration.name == "Omar Tazi"))
            is RegistrationStatus.CONFIRMED
        ),
    ),
    "erase personal data": (
        lambda w: f"{w['base']}/registrations/{w['seated'].id}/erase",
        {},
        ["Erase the personal data of Salma Idrissi?", "erased for good"],
        True,
        lambda: (
            db.session.scalar(
                select(func.count(Registration.id)).where(Registration.erased_at.is_not(None))
            )
            == 1
        ),
    ),
    "unpublish": (
        lambda w: f"{w['base']}/publish",
        {"publish": "0"},
        ["a draft again?", "answer “not found”"],
        False,
        lambda: (
            db.session.scalar(select(func.count(Event.id)).where(Event.status == EventStatus.DRAFT))
            == 1
        ),
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_a_destructive_action_asks_first_and_only_the_answer_acts(
    client: FlaskClient, world: dict[str, Any], case: str
) -> None:
    url_of, data, words, irreversible, done = CASES[case]
    url = url_of(world)
    first = client.post(url, data=data)
    assert first.status_code == 200
    page = first.get_data(as_text=True)
    for text in words:
        assert text in page
    assert ('<p class="irreversible"><strong>This cannot be undone.' in page) is irreversible
    db.session.expire_all()
    assert not done(), "nothing may change before the answer"
    # The page's form posts the same request again, with the answer and a CSRF field.
    form = re.search(r'<form method="post" action="([^"]+)" class="row">(.*?)</form>', page, re.S)
    assert form is not None and form.group(1) == url
    hidden = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(2))
    )
    assert hidden["confirmed"] == "yes" and "csrf_token" in hidden
    assert {k: v for k, v in hidden.items() if k not in ("confirmed", "csrf_token")} == data
    assert "Cancel: change nothing" in page
    second = client.post(url, data=hidden)
    assert second.status_code == 302
    db.session.expire_all()
    assert done()


def test_cancel_on_the_confirmation_page_leads_back_and_changes_nothing(
    client: FlaskClient, world: dict[str, Any]
) -> None:
    page = client.post(f"{world['base']}/rooms/{world['room'].id}/delete").get_data(as_text=True)
    back = re.search(r'<a href="([^"]+)" class="button-link">Cancel: change nothing</a>', page)
    assert back is not None and back.group(1) == f"{world['base']}/rooms/"
    assert client.get(back.group(1)).status_code == 200
    assert count(Room) == 1


def test_cancelling_a_session_through_its_form_asks_and_says_who_is_e_mailed(
    client: FlaskClient, world: dict[str, Any]
) -> None:
    from tests.web.test_schedule_manage import session_form

    url = f"{world['base']}/sessions/{world['talk'].id}/edit"
    data = session_form(
        title="Santé mentale au travail", status="cancelled", room_id=str(world["room"].id)
    )
    page = client.post(url, data=data).get_data(as_text=True)
    assert "Cancel the session “Santé mentale au travail”?" in page
    assert "marked cancelled" in page
    db.session.expire_all()
    assert not world["talk"].is_cancelled
    assert client.post(url, data={**data, "confirmed": "yes"}).status_code == 302
    db.session.expire_all()
    assert world["talk"].is_cancelled
    # An edit that cancels nothing saves at once.
    edit = client.post(url, data={**data, "status": "cancelled", "title": "Renommée"})
    assert edit.status_code == 302


def test_the_dialog_gets_the_question_as_json_and_nothing_changes(
    client: FlaskClient, world: dict[str, Any]
) -> None:
    headers = {"Accept": "application/json", "X-Summit-Ask": "1"}
    reply = client.post(f"{world['base']}/sessions/{world['talk'].id}/delete", headers=headers)
    ask = reply.get_json()["ask"]
    assert ask["title"] == "Delete the session “Santé mentale au travail”?"
    assert ask["button"] == "Delete the session" and ask["irreversible"] is True
    assert any("1 speaker loses this part" in c["text"] for c in ask["consequences"])
    assert count(Session) == 2


def test_asking_about_a_change_that_needs_no_question_does_not_save_it(
    client: FlaskClient, world: dict[str, Any]
) -> None:
    from tests.web.test_schedule_manage import session_form

    headers = {"Accept": "application/json", "X-Summit-Ask": "1"}
    url = f"{world['base']}/sessions/{world['talk'].id}/edit"
    data = session_form(title="Nouveau titre", room_id=str(world["room"].id))
    assert client.post(url, data=data, headers=headers).get_json() == {"ask": None}
    db.session.expire_all()
    assert world["talk"].title == "Santé mentale au travail"


def test_a_foreign_room_is_a_404_before_any_question(
    client: FlaskClient, world: dict[str, Any]
) -> None:
    foreign = make_room(make_event())
    response = client.post(f"{world['base']}/rooms/{foreign.id}/delete")
    assert response.status_code == 404
    assert count(Room) == 2
