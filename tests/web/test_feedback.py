"""Anonymous feedback: once per attendee and target, results only from 3 answers,
nothing that joins an answer to a person."""

from __future__ import annotations

import csv
import io
from datetime import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect
from sqlalchemy import select

from summit.auth.models import Organizer
from summit.events.models import Event
from summit.extensions import db
from summit.feedback.models import FeedbackAnswer
from summit.feedback.models import FeedbackMarker
from summit.registration.models import Registration
from summit.speaker_portal.services import invite_speaker
from tests.conftest import AuthActions
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.schedule_factories import give_role
from tests.schedule_factories import make_session
from tests.schedule_factories import make_speaker


@pytest.fixture
def organizer(app: Flask) -> Organizer:
    return make_organizer()


@pytest.fixture
def event(organizer: Organizer) -> Event:
    event = make_event(organizer, published=True)
    open_registration(event, capacity=20)
    return event


@pytest.fixture
def session(event: Event):  # type: ignore[no-untyped-def]
    return make_session(
        event,
        title="Santé mentale à l'ère numérique",
        start=time(9),
        end=time(11),
        content_note="Évoque le suicide et l'automutilation",
    )


def _answer(client: FlaskClient, event: Event, token: str, public_id: str | None, **data: str):  # type: ignore[no-untyped-def]
    path = f"/events/{event.slug}/my/{token}/feedback/" + (public_id or "")
    return client.post(path, data=data)


def test_an_attendee_answers_once_and_the_answer_names_nobody(
    client: FlaskClient, event: Event, session
) -> None:
    signup = sign_up(event, "amina@example.org", name="Amina")

    first = _answer(
        client, event, signup.token, session.public_id, rating="5", worked="Les échanges"
    )
    second = _answer(client, event, signup.token, session.public_id, rating="1")

    assert first.status_code == 302
    assert "already given feedback" in second.text
    (answer,) = db.session.scalars(select(FeedbackAnswer)).all()
    assert (answer.rating, answer.worked, answer.session_id) == (5, "Les échanges", session.id)


def test_answers_and_markers_share_no_value_that_could_join_them_to_registrations(
    client: FlaskClient, event: Event, session
) -> None:
    signups = [sign_up(event, f"p{n}@example.org", name=f"Person {n}") for n in range(4)]
    for n, signup in enumerate(signups):
        _answer(client, event, signup.token, session.public_id, rating=str(n + 2))
        _answer(client, event, signup.token, None, rating="4")

    answer_columns = {c.name for c in inspect(FeedbackAnswer).columns}
    marker_columns = {c.name for c in inspect(FeedbackMarker).columns}
    # Nothing personal, no time, no sequence: only the event, the target and the answer.
    assert answer_columns == {
        "key",
        "event_id",
        "session_id",
        "rating",
        "worked",
        "improve",
        "content_note_verdict",
        "content_note_comment",
    }
    assert marker_columns == {"digest", "event_id"}
    registration_values = set()
    for registration in db.session.scalars(select(Registration)):
        registration_values |= {str(registration.id), registration.email, registration.name}
        for link in registration.links:
            registration_values |= {link.token_hash, link.checkin_hash}
    markers = {m.digest for m in db.session.scalars(select(FeedbackMarker))}
    answers = db.session.scalars(select(FeedbackAnswer)).all()
    assert len(markers) == 8 and len(answers) == 8
    for answer in answers:
        values = {
            str(getattr(answer, column))
            for column in answer_columns - {"event_id", "session_id", "rating"}
        }
        assert not values & registration_values
        assert not values & markers
    assert not markers & registration_values


def test_results_show_only_from_three_answers(
    client: FlaskClient, auth: AuthActions, organizer: Organizer, event: Event, session
) -> None:
    signups = [sign_up(event, f"p{n}@example.org") for n in range(3)]
    auth.login(organizer.email)
    page = f"/manage/events/{event.id}/feedback/"
    for signup, text in zip(signups[:2], ["Très utile", "Trop court"], strict=True):
        _answer(client, event, signup.token, session.public_id, rating="4", improve=text)

    hidden = client.get(page).text
    assert "2 answers so far; results show from 3 answers." in hidden
    assert "Trop court" not in hidden
    export = client.get(f"/manage/events/{event.id}/feedback/export.csv").text
    assert "Trop court" not in export

    _answer(client, event, signups[2].token, session.public_id, rating="2", improve="=1+1")
    shown = client.get(page).text
    assert "Average 3.33 of 5 from 3 answers." in shown and "Trop court" in shown
    rows = list(
        csv.reader(io.StringIO(client.get(f"/manage/events/{event.id}/feedback/export.csv").text))
    )
    assert len(rows) == 4 and ["'=1+1"] == [r[3] for r in rows if r[3].startswith("'")]


def test_a_speaker_sees_the_feedback_of_their_own_sessions(
    client: FlaskClient, app: Flask, event: Event, session
) -> None:
    speaker = make_speaker(event, "Imane Kendili")
    give_role(event, session, speaker)
    _, token = invite_speaker(speaker, secret=app.config["SECRET_KEY"], now=NOW)
    db.session.commit()
    for n in range(3):
        signup = sign_up(event, f"p{n}@example.org")
        _answer(client, event, signup.token, session.public_id, rating="5", worked=f"Clair {n}")

    page = client.get(f"/events/{event.slug}/speaker/{token}/feedback")

    assert page.status_code == 200 and "Clair 2" in page.text
    assert page.headers["Cache-Control"] == "no-store, private"
    assert client.get(f"/events/{event.slug}/speaker/wrong-token/feedback").status_code == 404


def test_the_qr_code_at_a_sessions_end_opens_the_form_on_the_attendees_phone(
    client: FlaskClient, event: Event, session
) -> None:
    signup = sign_up(event, "amina@example.org")
    landing = f"/events/{event.slug}/sessions/{session.public_id}/feedback"

    stranger = client.get(landing)
    assert stranger.status_code == 200 and "Open your private registration page" in stranger.text

    client.get(f"/events/{event.slug}/my/{signup.token}/")  # the phone opened the private page
    known = client.get(landing)
    assert known.status_code == 302
    assert known.headers["Location"].endswith(f"/my/{signup.token}/feedback/{session.public_id}")


def test_bad_feedback_is_refused_and_nothing_is_stored(
    client: FlaskClient, event: Event, session
) -> None:
    signup = sign_up(event, "amina@example.org")
    for data in [
        {},
        {"rating": "9"},
        {"rating": "3", "worked": "x" * 2001},
        {"rating": "3", "content_note_verdict": "maybe"},
    ]:
        response = _answer(client, event, signup.token, session.public_id, **data)
        assert response.status_code == 400
    assert db.session.scalars(select(FeedbackAnswer)).all() == []
    assert db.session.scalars(select(FeedbackMarker)).all() == []
    assert _answer(client, event, "not-a-token", session.public_id, rating="3").status_code == 404
