"""Sensitive questions on the form and the attendee's page: purposes, a consent that
names them, ordinary questions, the last look by role, and erasing one's own answers."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from summit.audit.models import AccessAction
from summit.audit.models import AccessLogEntry
from summit.events.models import Event
from summit.events.models import TeamRole
from summit.extensions import db
from summit.registration.models import Registration
from tests.factories import PASSWORD
from tests.factories import make_event
from tests.factories import make_member
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up


@pytest.fixture
def event(app: Flask) -> Event:
    event = make_event(published=True)
    open_registration(
        event,
        ask_accessibility=True,
        ask_health=True,
        ask_dietary=True,
        health_purpose="So the first-aid team knows about seizures.",
    )
    return event


def register(client: FlaskClient, event: Event, **data: str) -> object:
    values = {"name": "Salma Bennani", "email": "salma@example.org", **data}
    return client.post(f"/events/{event.slug}/register", data=values)


def test_each_question_shows_its_purpose_and_the_consent_names_the_sensitive_ones(
    client: FlaskClient, event: Event
) -> None:
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "So the first-aid team knows about seizures." in page
    assert "To order meals you can eat." in page  # the default purpose
    assert "erased after January 11, 2025" in page  # 30 days after the event
    assert "use my answers about accessibility needs, health information, dietary needs" in page


def test_a_sensitive_answer_without_the_consent_is_refused_and_nothing_is_saved(
    client: FlaskClient, event: Event
) -> None:
    response = register(client, event, health_notes="Epilepsy")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Tick the consent for sensitive answers" in response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert db.session.scalars(select(Registration)).all() == []


def test_no_consent_is_needed_when_the_sensitive_questions_are_left_empty(
    client: FlaskClient, event: Event
) -> None:
    assert register(client, event).status_code == 302  # type: ignore[attr-defined]
    [person] = db.session.scalars(select(Registration)).all()
    assert person.sensitive_consent == ""


def test_the_consent_is_kept_as_worded_with_the_answers(client: FlaskClient, event: Event) -> None:
    response = register(client, event, health_notes="Epilepsy", sensitive_consent="y")
    assert response.status_code == 302  # type: ignore[attr-defined]
    [person] = db.session.scalars(select(Registration)).all()
    assert person.health_notes == "Epilepsy"
    assert "health information" in person.sensitive_consent


def test_an_ordinary_question_is_visible_without_the_permission_and_health_never_is(
    client: FlaskClient, event: Event
) -> None:
    open_registration(
        event, ask_accessibility=True, ask_health=True, ask_dietary=True, dietary_sensitive=False
    )
    sign_up(event, "a@example.org", name="Amina", dietary_needs="Vegetarian", health_notes="Asthma")
    member = make_member(event, TeamRole.REGISTRATION_MANAGER)
    client.post("/auth/login", data={"email": member.organizer.email, "password": PASSWORD})
    page = client.get(f"/manage/events/{event.id}/registrations/").get_data(as_text=True)
    assert "Vegetarian" in page and "Asthma" not in page
    [row] = csv.DictReader(
        io.StringIO(
            client.get(f"/manage/events/{event.id}/registrations/export.csv").get_data(as_text=True)
        )
    )
    assert row["dietary_needs"] == "Vegetarian" and "health_notes" not in row


@pytest.mark.parametrize(
    ("until", "message"),
    [
        ("2024-12-01", "Keep sensitive answers at least until the event ends."),
        ("2026-01-01", "Erase sensitive answers on or before the date the rest is erased."),
    ],
)
def test_a_sensitive_retention_date_out_of_bounds_is_refused(
    client: FlaskClient, event: Event, until: str, message: str
) -> None:
    owner = event.memberships[0].organizer
    client.post("/auth/login", data={"email": owner.email, "password": PASSWORD})
    response = client.post(
        f"/manage/events/{event.id}/registrations/settings",
        data={
            "is_open": "y",
            "capacity": "10",
            "retention_until": "2025-06-01",
            "sensitive_retention_until": until,
        },
    )
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert event_settings(event).sensitive_retention_until is None


def event_settings(event: Event):  # type: ignore[no-untyped-def]
    from summit.registration.models import RegistrationSettings

    return db.session.get(RegistrationSettings, event.id)


def test_the_settings_form_saves_the_field_policy(client: FlaskClient, event: Event) -> None:
    owner = event.memberships[0].organizer
    client.post("/auth/login", data={"email": owner.email, "password": PASSWORD})
    client.post(
        f"/manage/events/{event.id}/registrations/settings",
        data={
            "is_open": "y",
            "capacity": "10",
            "ask_accessibility": "y",
            "accessibility_sensitive": "y",
            "ask_dietary": "y",
            "dietary_purpose": "For the caterer",
            "sensitive_retention_until": "2024-12-20",
        },
    )
    db.session.expire_all()
    settings = event_settings(event)
    assert (settings.ask_health, settings.accessibility_sensitive, settings.dietary_sensitive) == (
        False,
        True,
        False,
    )
    assert settings.dietary_purpose == "For the caterer"
    assert settings.sensitive_retention_until == date(2024, 12, 20)


def test_the_attendee_sees_the_last_look_by_role_not_name_and_can_erase_their_answers(
    client: FlaskClient, event: Event
) -> None:
    signup = sign_up(event, "a@example.org", name="Amina", health_notes="Asthma")
    own_page = f"/events/{event.slug}/my/{signup.token}/"
    page = client.get(own_page).get_data(as_text=True)
    assert "Asthma" in page and "No team member has viewed your sensitive answers." in page

    viewer = make_member(
        event, TeamRole.REGISTRATION_MANAGER, sensitive=True, email="nadia@example.org"
    )
    staff = client.application.test_client()
    staff.post("/auth/login", data={"email": viewer.organizer.email, "password": PASSWORD})
    assert "Asthma" in staff.get(f"/manage/events/{event.id}/registrations/answers/").get_data(
        as_text=True
    )

    page = client.get(own_page).get_data(as_text=True)
    assert "by a team member with the role: Registration manager" in page
    assert "nadia" not in page

    client.post(own_page + "sensitive/erase")
    db.session.expire_all()
    person = db.session.get(Registration, signup.registration.id)
    assert person.health_notes == "" and person.sensitive_erased_at is not None  # type: ignore[union-attr]
    assert person.name == "Amina"  # only the sensitive answers go  # type: ignore[union-attr]
    assert "Your sensitive answers were erased on" in client.get(own_page).get_data(as_text=True)
    actions = db.session.scalars(select(AccessLogEntry.action).order_by(AccessLogEntry.id)).all()
    assert actions[-1] is AccessAction.SENSITIVE_ERASED
