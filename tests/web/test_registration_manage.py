"""Organizer pages: list, settings, actions, CSV, erasure, check-in; per-role access."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from email import message_from_bytes
from pathlib import Path

import pytest
from flask import Flask
from flask import current_app
from flask.testing import FlaskClient
from sqlalchemy import select

from summit.auth.models import Organizer
from summit.events.models import Event
from summit.extensions import db
from summit.registration.links import checkin_code
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from tests.conftest import AuthActions
from tests.conftest import csrf_token_from
from tests.factories import make_event
from tests.factories import make_organizer
from tests.outbox_helpers import send_queued
from tests.registration_factories import KEY
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up

CONFIRMED = {"confirmed": "yes"}  # the answer on the confirmation step


@pytest.fixture
def organizer(app: Flask) -> Organizer:
    return make_organizer()


@pytest.fixture
def event(organizer: Organizer) -> Event:
    event = make_event(organizer, published=True)
    open_registration(
        event,
        capacity=2,
        categories=["Professional", "Student"],
        ask_accessibility=True,
        ask_dietary=True,
    )
    return event


@pytest.fixture
def signed_in(client: FlaskClient, auth: AuthActions, organizer: Organizer) -> FlaskClient:
    auth.login(organizer.email)
    return client


def base(event: Event) -> str:
    return f"/manage/events/{event.id}"


PAGES = ["/registrations/", "/registrations/settings", "/checkin/", "/registrations/export.csv"]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(
    client: FlaskClient, event: Event, path: str
) -> None:
    response = client.get(base(event) + path)
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("path", PAGES)
def test_organizers_of_other_events_get_404(
    client: FlaskClient, auth: AuthActions, event: Event, path: str
) -> None:
    stranger = make_organizer()
    make_event(stranger)
    auth.login(stranger.email)
    assert client.get(base(event) + path).status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_the_events_organizers_see_the_pages(
    signed_in: FlaskClient, event: Event, path: str
) -> None:
    assert signed_in.get(base(event) + path).status_code == 200


def test_organizer_actions_of_other_events_are_404(
    client: FlaskClient, auth: AuthActions, event: Event
) -> None:
    person = sign_up(event, "a@example.org").registration
    stranger = make_organizer()
    auth.login(stranger.email)
    for action in ("approve", "reject", "promote", "cancel", "erase", "resend"):
        url = f"{base(event)}/registrations/{person.id}/{action}"
        assert client.post(url).status_code == 404
    assert client.post(f"{base(event)}/checkin/registrations/{person.id}").status_code == 404
    assert person.status is RegistrationStatus.CONFIRMED and not person.is_erased


def test_the_list_counts_per_status_and_category_and_searches(
    signed_in: FlaskClient, event: Event
) -> None:
    sign_up(event, "a@example.org", name="Amina", category="Student")
    sign_up(event, "b@example.org", name="Badr", category="Professional")
    sign_up(event, "c@example.org", name="Chaïma", category="Student")
    page = signed_in.get(base(event) + "/registrations/").get_data(as_text=True)
    assert 'id="count-confirmed">2<' in page and 'id="count-waitlisted">1<' in page
    assert "Amina" in page and "Chaïma" in page
    found = signed_in.get(base(event) + "/registrations/?q=chaï").get_data(as_text=True)
    assert "Chaïma" in found and "Amina" not in found and "Badr" not in found
    waiting = signed_in.get(base(event) + "/registrations/?status=waitlisted").get_data(
        as_text=True
    )
    assert "Chaïma" in waiting and "Amina" not in waiting


def test_raising_capacity_promotes_the_first_in_line(signed_in: FlaskClient, event: Event) -> None:
    people = [sign_up(event, f"p{n}@example.org").registration for n in range(4)]
    response = signed_in.post(
        base(event) + "/registrations/settings",
        data={"is_open": "y", "capacity": "3", "waitlist_enabled": "y"},
    )
    assert response.status_code == 302
    statuses = [p.status for p in people]
    assert statuses == [RegistrationStatus.CONFIRMED] * 3 + [RegistrationStatus.WAITLISTED]
    send_queued()
    outbox = Path(current_app.config["MAIL_FILE_DIR"])
    promoted = [
        m
        for m in (message_from_bytes(f.read_bytes()) for f in outbox.glob("*.eml"))
        if "A seat is free" in str(m["Subject"])
    ]
    assert [m["To"] for m in promoted] == ["p2@example.org"]


def test_lowering_capacity_below_the_confirmed_is_refused(
    signed_in: FlaskClient, event: Event
) -> None:
    sign_up(event, "a@example.org")
    sign_up(event, "b@example.org")
    response = signed_in.post(
        base(event) + "/registrations/settings", data={"is_open": "y", "capacity": "1"}
    )
    assert response.status_code == 200
    assert "2 people are already confirmed" in response.get_data(as_text=True)


def test_settings_refuse_closing_before_opening(signed_in: FlaskClient, event: Event) -> None:
    response = signed_in.post(
        base(event) + "/registrations/settings",
        data={
            "capacity": "5",
            "opens_at": "2024-12-01T10:00",
            "closes_at": "2024-11-01T10:00",
        },
    )
    assert "Registration must close after it opens." in response.get_data(as_text=True)


def test_settings_refuse_a_time_the_clocks_skip_and_save_nothing(
    signed_in: FlaskClient, organizer: Organizer
) -> None:
    from summit.registration.services import get_settings

    event = make_event(organizer, published=True, timezone="Europe/Paris")
    response = signed_in.post(
        base(event) + "/registrations/settings",
        data={"is_open": "y", "capacity": "5", "opens_at": "2030-03-31T02:30"},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "02:30 does not exist on 2030-03-31 in Europe/Paris" in page
    assert get_settings(event) is None


def test_settings_refuse_too_many_or_too_long_categories(
    signed_in: FlaskClient, event: Event
) -> None:
    from summit.registration.services import get_settings

    settings = get_settings(event)
    assert settings is not None
    before = (settings.categories, settings.capacity)
    for categories, message in (
        ("\n".join(f"Category {n}" for n in range(21)), "Use at most 20 categories."),
        ("x" * 101, "Keep each category under 100 characters."),
    ):
        response = signed_in.post(
            base(event) + "/registrations/settings",
            data={"is_open": "y", "capacity": "5", "categories": categories},
        )
        assert message in response.get_data(as_text=True)
        db.session.refresh(settings)
        assert (settings.categories, settings.capacity) == before


def test_approving_and_rejecting_pending_registrations(
    signed_in: FlaskClient, organizer: Organizer
) -> None:
    event = make_event(organizer, published=True)
    open_registration(event, capacity=5, approval_required=True)
    yes = sign_up(event, "yes@example.org").registration
    no = sign_up(event, "no@example.org").registration
    signed_in.post(f"{base(event)}/registrations/{yes.id}/approve")
    signed_in.post(f"{base(event)}/registrations/{no.id}/reject", data=CONFIRMED)
    assert yes.status is RegistrationStatus.CONFIRMED
    assert no.status is RegistrationStatus.CANCELLED
    again = signed_in.post(f"{base(event)}/registrations/{no.id}/approve", follow_redirects=True)
    assert "Only pending registrations can be approved." in again.get_data(as_text=True)


def test_moving_from_the_waiting_list_needs_a_free_seat(
    signed_in: FlaskClient, event: Event
) -> None:
    sign_up(event, "a@example.org")
    first = sign_up(event, "b@example.org").registration
    late = sign_up(event, "c@example.org").registration
    full = signed_in.post(f"{base(event)}/registrations/{late.id}/promote", follow_redirects=True)
    assert "No seat is free" in full.get_data(as_text=True)
    signed_in.post(f"{base(event)}/registrations/{first.id}/cancel", data=CONFIRMED)
    # Cancelling a confirmed person gave the seat to the first in line (the "late" one
    # is now first).
    db.session.refresh(late)
    assert late.status is RegistrationStatus.CONFIRMED


def _rows(response_data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response_data.decode())))


def test_csv_export_never_holds_sensitive_answers_even_when_asked(
    signed_in: FlaskClient, event: Event
) -> None:
    sign_up(event, "a@example.org", name="=HYPERLINK(1)", accessibility_needs="Wheelchair")
    for query in ("", "?sensitive=1"):
        plain = signed_in.get(base(event) + "/registrations/export.csv" + query)
        assert plain.mimetype == "text/csv"
        [row] = _rows(plain.data)
        assert "accessibility_needs" not in row and b"Wheelchair" not in plain.data
        assert row["name"] == "'=HYPERLINK(1)"  # no formula reaches a spreadsheet


def test_erasing_removes_personal_data_and_keeps_counts(
    signed_in: FlaskClient, event: Event
) -> None:
    result = sign_up(event, "a@example.org", name="Hind", accessibility_needs="Ramp")
    signed_in.post(f"{base(event)}/registrations/{result.registration.id}/erase", data=CONFIRMED)
    db.session.refresh(result.registration)
    assert result.registration.name == "" and result.registration.accessibility_needs == ""
    page = signed_in.get(base(event) + "/registrations/").get_data(as_text=True)
    assert "Hind" not in page and 'id="count-confirmed">1<' in page
    assert signed_in.get(f"/events/{event.slug}/my/{result.token}/").status_code == 404


def test_the_cli_erases_expired_registrations(app: Flask, event: Event) -> None:
    person = sign_up(event, "a@example.org").registration
    runner = app.test_cli_runner()
    early = runner.invoke(args=["erase-expired-registrations", "--now", "2024-12-20T00:00"])
    assert "0 registration" in early.output
    late = runner.invoke(args=["erase-expired-registrations", "--now", "2026-01-01T00:00"])
    assert late.exit_code == 0 and "1 registration" in late.output
    db.session.refresh(person)
    assert person.is_erased and person.email == ""


# --- check-in ---------------------------------------------------------------------------


def checkin_url(event: Event, token: str) -> str:
    return f"http://summit.test{base(event)}/checkin/{checkin_code(token, KEY)}"


def test_scanning_a_ticket_checks_in_once_and_then_says_when(
    signed_in: FlaskClient, event: Event
) -> None:
    result = sign_up(event, "a@example.org", name="Rania")
    first = signed_in.post(
        base(event) + "/checkin/", data={"ticket": checkin_url(event, result.token)}
    )
    assert first.status_code == 200
    assert "Checked in</p>" in first.get_data(as_text=True)
    when = result.registration.checked_in_at
    assert when is not None
    second = signed_in.post(
        base(event) + "/checkin/", data={"ticket": checkin_url(event, result.token)}
    )
    text = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "Already checked in." in text and "First checked in at" in text
    db.session.refresh(result.registration)
    assert result.registration.checked_in_at == when


def test_opening_the_qr_address_shows_the_person_and_a_check_in_button(
    signed_in: FlaskClient, event: Event
) -> None:
    result = sign_up(event, "a@example.org", name="Omar")
    path = checkin_url(event, result.token).removeprefix("http://summit.test")
    page = signed_in.get(path)
    assert "Omar" in page.get_data(as_text=True)
    assert result.registration.checked_in_at is None
    assert signed_in.post(path).status_code == 200
    assert result.registration.checked_in_at is not None


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("cancelled", "this registration was cancelled"),
        ("waitlisted", "this person is on the waiting list"),
        ("pending", "this registration awaits approval"),
    ],
)
def test_check_in_refuses_with_a_reason(
    signed_in: FlaskClient, event: Event, status: str, reason: str
) -> None:
    result = sign_up(event, "a@example.org")
    result.registration.status = RegistrationStatus(status)
    result.registration.waitlist_number = 77
    db.session.commit()
    response = signed_in.post(
        base(event) + "/checkin/", data={"ticket": checkin_url(event, result.token)}
    )
    assert response.status_code == 409
    assert reason in response.get_data(as_text=True)
    assert result.registration.checked_in_at is None


def test_a_ticket_of_another_event_is_refused(
    signed_in: FlaskClient, event: Event, organizer: Organizer
) -> None:
    other = make_event(organizer, published=True)
    open_registration(other)
    result = sign_up(other, "a@example.org", name="Visitor")
    response = signed_in.post(
        base(event) + "/checkin/", data={"ticket": checkin_url(other, result.token)}
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "This ticket is for another event." in text and "Visitor" not in text
    assert result.registration.checked_in_at is None
    scanned = signed_in.get(f"{base(event)}/checkin/{checkin_code(result.token, KEY)}")
    assert "This ticket is for another event." in scanned.get_data(as_text=True)


def test_garbage_and_unknown_tickets_are_refused(signed_in: FlaskClient, event: Event) -> None:
    for ticket in ("hello", "0" * 32):
        response = signed_in.post(base(event) + "/checkin/", data={"ticket": ticket})
        assert response.status_code == 409


def test_searching_a_name_and_checking_in(signed_in: FlaskClient, event: Event) -> None:
    result = sign_up(event, "a@example.org", name="Youssef Amrani")
    page = signed_in.get(base(event) + "/checkin/?q=amrani").get_data(as_text=True)
    assert "Youssef Amrani" in page
    response = signed_in.post(f"{base(event)}/checkin/registrations/{result.registration.id}")
    assert "Checked in</p>" in response.get_data(as_text=True)
    assert result.registration.checked_in_at is not None


def test_organizer_forms_need_csrf(make_app: Callable[..., Flask]) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        organizer = make_organizer()
        event = make_event(organizer, published=True)
        open_registration(event)
        person = sign_up(event, "a@example.org").registration
        client = app.test_client()
        login = client.get("/auth/login").get_data(as_text=True)
        client.post(
            "/auth/login",
            data={
                "email": organizer.email,
                "password": "correct horse battery",
                "csrf_token": csrf_token_from(login),
            },
        )
        client.post(f"{base(event)}/registrations/{person.id}/cancel")
        client.post(base(event) + "/registrations/settings", data={"capacity": "0"})
        db.session.refresh(person)
        assert person.status is RegistrationStatus.CONFIRMED
        assert db.session.execute(select(Registration.status)).scalar_one() is (
            RegistrationStatus.CONFIRMED
        )


def test_settings_dates_are_read_in_the_events_time_zone(
    signed_in: FlaskClient, event: Event
) -> None:
    from datetime import UTC
    from datetime import datetime

    from summit.registration.services import get_settings

    signed_in.post(
        base(event) + "/registrations/settings",
        data={
            "is_open": "y",
            "capacity": "5",
            "opens_at": "2030-03-01T09:00",
            "categories": "Student\nParent\n\nStudent",
            "retention_until": "2031-01-01",
        },
    )
    settings = get_settings(event)
    assert settings is not None
    db.session.refresh(settings)
    # Casablanca is UTC+1 in March 2030.
    assert settings.opens_at == datetime(2030, 3, 1, 8, 0, tzinfo=UTC)
    assert settings.category_list == ["Student", "Parent"]
    form = signed_in.get(base(event) + "/registrations/settings").get_data(as_text=True)
    assert 'value="2030-03-01T09:00"' in form
    public = signed_in.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "Registration opens on" in public


def test_an_organizer_can_email_a_new_private_link(signed_in: FlaskClient, event: Event) -> None:
    result = sign_up(event, "lost@example.org")
    response = signed_in.post(f"{base(event)}/registrations/{result.registration.id}/resend")
    assert response.status_code == 302
    assert signed_in.get(f"/events/{event.slug}/my/{result.token}/").status_code == 404
    send_queued()
    outbox = Path(current_app.config["MAIL_FILE_DIR"])
    [mail] = [message_from_bytes(f.read_bytes()) for f in outbox.glob("*.eml")]
    assert mail["To"] == "lost@example.org" and "new private link" in str(mail["Subject"])
    text = next(p for p in mail.walk() if p.get_content_type() == "text/plain")
    body = text.get_payload(decode=True).decode()  # type: ignore[union-attr]
    match = re.search(r"http://summit\.test(/events/\S+/my/\S+/)", body)
    assert match and signed_in.get(match.group(1)).status_code == 200


def test_cancelling_an_erased_registration_e_mails_nobody(
    signed_in: FlaskClient, event: Event, caplog: pytest.LogCaptureFixture
) -> None:
    person = sign_up(event, "a@example.org").registration
    signed_in.post(f"{base(event)}/registrations/{person.id}/erase", data=CONFIRMED)
    signed_in.post(f"{base(event)}/registrations/{person.id}/cancel", data=CONFIRMED)
    db.session.refresh(person)
    assert person.status is RegistrationStatus.CANCELLED
    send_queued()
    assert not list(Path(current_app.config["MAIL_FILE_DIR"]).glob("*.eml"))
    assert "could not send" not in caplog.text
