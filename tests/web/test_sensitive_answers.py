"""Sensitive answers: absent from every page, search and CSV without the permission;
with it, every view and export is logged, and an export needs a stated reason."""

from __future__ import annotations

import csv
import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from summit.audit.models import AccessAction
from summit.audit.models import AccessLogEntry
from summit.events.models import Event
from summit.events.models import TeamRole
from summit.extensions import db
from summit.needs.models import NeedKind
from summit.needs.services import request_need
from tests.factories import NOW
from tests.factories import PASSWORD
from tests.factories import make_event
from tests.factories import make_member
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.rendering_helpers import run_worker

SECRET_NEED = "Wheelchair user, epilepsy medication at noon"
SECRET_DIET = "Coeliac, no gluten at all"
SECRET_HEALTH = "Type 1 diabetes, insulin pump"
SECRET_REQUEST = "Tunisian sign language"


@pytest.fixture
def event(app: Flask) -> Event:
    event = make_event(published=True)
    open_registration(
        event, ask_accessibility=True, ask_dietary=True, ask_health=True, ask_organization=True
    )
    salma = sign_up(
        event,
        "salma@example.org",
        name="Salma Idrissi",
        organization="CHU Ibn Rochd",
        accessibility_needs=SECRET_NEED,
        dietary_needs=SECRET_DIET,
        health_notes=SECRET_HEALTH,
    ).registration
    request_need(salma, NeedKind.SIGN_LANGUAGE, detail=SECRET_REQUEST, now=NOW)
    db.session.commit()
    sign_up(event, "mehdi@example.org", name="Mehdi Chraibi")
    return event


def login(client: FlaskClient, event: Event, role: TeamRole, sensitive: bool = False) -> str:
    member = make_member(event, role, sensitive=sensitive)
    email = member.organizer.email
    client.post("/auth/login", data={"email": email, "password": PASSWORD})
    return email


def log_entries(event: Event, action: AccessAction) -> list[AccessLogEntry]:
    return list(
        db.session.execute(
            select(AccessLogEntry).where(
                AccessLogEntry.event_id == event.id, AccessLogEntry.action == action
            )
        ).scalars()
    )


def every_page(client: FlaskClient, event: Event) -> list[bytes]:
    base = f"/manage/events/{event.id}"
    paths = [
        f"{base}/",
        f"{base}/registrations/",
        f"{base}/registrations/?q=salma",
        f"{base}/registrations/?q=wheelchair",
        f"{base}/registrations/export.csv",
        f"{base}/registrations/export.csv?sensitive=1",
        f"{base}/registrations/answers/",
        f"{base}/registrations/answers/export",
        f"{base}/checkin/",
        f"{base}/checkin/?q=salma",
        f"{base}/access-log/",
        f"{base}/access-needs/",
        f"{base}/access-log.csv",
    ]
    bodies = [client.get(path).data for path in paths]
    bodies.append(
        client.post(f"{base}/registrations/answers.csv", data={"reason": "Caterer needs it"}).data
    )
    return bodies


@pytest.mark.parametrize(
    ("role", "sensitive"),
    [
        (TeamRole.OWNER, False),
        (TeamRole.EDITOR, False),
        (TeamRole.REGISTRATION_MANAGER, False),
        (TeamRole.DOOR, False),
    ],
)
def test_sensitive_answers_are_in_no_response_for_a_role_without_the_permission(
    client: FlaskClient, event: Event, role: TeamRole, sensitive: bool
) -> None:
    login(client, event, role, sensitive)
    for body in every_page(client, event):
        for secret in (SECRET_NEED, SECRET_DIET, SECRET_HEALTH, SECRET_REQUEST, "Coeliac"):
            assert secret.encode() not in body
    assert log_entries(event, AccessAction.VIEWED_SENSITIVE) == []
    assert log_entries(event, AccessAction.EXPORTED_SENSITIVE) == []


def test_the_door_sees_names_for_check_in_but_no_e_mail_or_organization(
    client: FlaskClient, event: Event
) -> None:
    login(client, event, TeamRole.DOOR)
    page = client.get(f"/manage/events/{event.id}/checkin/?q=salma").get_data(as_text=True)
    assert "Salma Idrissi" in page
    assert "salma@example.org" not in page and "Ibn Rochd" not in page


def test_a_permitted_view_of_the_answers_is_logged_with_the_registrations_shown(
    client: FlaskClient, event: Event
) -> None:
    email = login(client, event, TeamRole.REGISTRATION_MANAGER, sensitive=True)
    page = client.get(f"/manage/events/{event.id}/registrations/answers/")
    assert SECRET_NEED in page.get_data(as_text=True)
    [entry] = log_entries(event, AccessAction.VIEWED_SENSITIVE)
    assert (entry.actor_email, entry.actor_role) == (email, "registration_manager")
    salma = next(r for r in event_registrations(event) if r.name == "Salma Idrissi")
    assert [link.registration_id for link in entry.registrations] == [salma.id]


def event_registrations(event: Event) -> list:  # type: ignore[type-arg]
    from summit.registration.models import Registration

    return list(
        db.session.execute(select(Registration).where(Registration.event_id == event.id)).scalars()
    )


@pytest.mark.parametrize("reason", ["", "   ", "because"])
def test_an_export_of_the_answers_without_a_real_reason_is_refused_and_not_logged(
    client: FlaskClient, event: Event, reason: str
) -> None:
    login(client, event, TeamRole.OWNER, sensitive=True)
    response = client.post(
        f"/manage/events/{event.id}/registrations/answers.csv", data={"reason": reason}
    )
    assert response.status_code == 400
    assert SECRET_NEED.encode() not in response.data
    assert "Say why you need the export" in response.get_data(as_text=True)
    assert log_entries(event, AccessAction.EXPORTED_SENSITIVE) == []


def test_an_export_of_the_answers_with_a_reason_is_logged_with_that_reason(
    client: FlaskClient, event: Event
) -> None:
    login(client, event, TeamRole.OWNER, sensitive=True)
    response = client.post(
        f"/manage/events/{event.id}/registrations/answers.csv",
        data={"reason": "Caterer needs the diets by Friday"},
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store, private"
    [row] = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert (row["name"], row["accessibility_needs"], row["dietary_needs"]) == (
        "Salma Idrissi",
        SECRET_NEED,
        SECRET_DIET,
    )
    assert row["health_notes"] == SECRET_HEALTH
    [entry] = log_entries(event, AccessAction.EXPORTED_SENSITIVE)
    assert entry.reason == "Caterer needs the diets by Friday"
    assert entry.registration_count == 1


def test_the_export_form_is_a_post_so_no_reason_or_answer_lands_in_a_url(
    client: FlaskClient, event: Event
) -> None:
    login(client, event, TeamRole.OWNER, sensitive=True)
    url = f"/manage/events/{event.id}/registrations/answers.csv"
    assert client.get(url + "?reason=Caterer+needs+it").status_code == 405


def test_the_ticket_pdf_shown_at_the_door_and_the_program_pdf_hold_no_sensitive_answer(
    client: FlaskClient, event: Event
) -> None:
    from pypdf import PdfReader

    from summit.registration.links import rotate_token

    salma = next(r for r in event_registrations(event) if r.name == "Salma Idrissi")
    token = rotate_token(salma, key=str(client.application.config["SECRET_KEY"]), now=NOW)
    db.session.commit()
    program = f"/events/{event.slug}/program.pdf"
    ticket = f"/events/{event.slug}/my/{token}/ticket.pdf"
    for path in (ticket, program):  # asked of the worker, which renders them:
        assert client.get(path).status_code == 503
    assert run_worker() == 2
    for path in (ticket, program):
        response = client.get(path)
        assert response.status_code == 200, path
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
        assert text.strip()
        for secret in ("Wheelchair", "epilepsy", "Coeliac", "diabetes", "Tunisian"):
            assert secret not in text
