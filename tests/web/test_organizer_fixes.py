"""Small things an organizer trips over: counts, export links, dates, one waiting-list number,
spreadsheet times."""

from __future__ import annotations

import csv
import io
from datetime import date
from datetime import time

from flask.testing import FlaskClient

from summit.extensions import db
from summit.registration.services import cancel_registration
from tests.conftest import AuthActions
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.schedule_factories import give_role
from tests.schedule_factories import make_session
from tests.schedule_factories import make_speaker


def test_the_dashboard_counts_sessions_speakers_registrations_and_check_ins(
    client: FlaskClient, auth: AuthActions
) -> None:
    organizer = make_organizer()
    event = make_event(organizer, published=True)
    make_session(event)
    make_session(event)
    make_speaker(event)
    open_registration(event, capacity=1, waitlist_enabled=True)
    first = sign_up(event, "a@example.org").registration
    sign_up(event, "b@example.org")
    first.checked_in_at = first.created_at
    db.session.commit()
    auth.login(organizer.email)
    row = client.get("/manage/").get_data(as_text=True).split(event.title)[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in row.split("<td>")[2:]]
    assert cells[:2] == ["Published", "Owner"]  # then the counts
    assert cells[2:] == [
        "2",
        "0 / 1",
        "1 confirmed, 1 waiting, 0 pending, 0 cancelled",
        "1",
    ]


def test_the_overview_links_to_every_export(client: FlaskClient, auth: AuthActions) -> None:
    organizer = make_organizer()
    event = make_event(organizer)
    auth.login(organizer.email)
    page = client.get(f"/manage/events/{event.id}/").get_data(as_text=True)
    for path in ("program.pdf", "schedule.ics", "schedule.json", "schedule.xml"):
        assert f'href="/events/{event.slug}/{path}"' in page
    assert f'href="/manage/events/{event.id}/registrations/export.csv"' in page
    assert "open as a preview for its organizers only" in page


def test_a_speakers_public_page_says_which_day(client: FlaskClient) -> None:
    event = make_event(published=True, start_date=date(2024, 12, 12), end_date=date(2024, 12, 13))
    speaker = make_speaker(event, "Imane Kendili")
    give_role(event, make_session(event, start=time(10), end=time(11)), speaker)
    give_role(
        event, make_session(event, day=date(2024, 12, 13), start=time(10), end=time(11)), speaker
    )
    page = client.get(f"/events/{event.slug}/speakers/{speaker.id}/").get_data(as_text=True)
    assert "Thursday, December 12, 2024, <time" in page
    assert "Friday, December 13, 2024, <time" in page


def test_one_waiting_list_number_for_organizer_attendee_and_spreadsheet(
    client: FlaskClient, auth: AuthActions
) -> None:
    organizer = make_organizer()
    event = make_event(organizer, published=True)
    open_registration(event, capacity=1, waitlist_enabled=True)
    sign_up(event, "a@example.org", name="Seated")
    gone = sign_up(event, "b@example.org", name="Gone").registration
    waiting = sign_up(event, "c@example.org", name="Waiting")
    cancel_registration(gone, now=NOW)
    db.session.commit()
    attendee = client.get(f"/events/{event.slug}/my/{waiting.token}/").get_data(as_text=True)
    assert "On the waiting list, number 1." in attendee
    auth.login(organizer.email)
    listing = client.get(f"/manage/events/{event.id}/registrations/").get_data(as_text=True)
    assert "Waiting list, number 1" in listing
    exported = client.get(f"/manage/events/{event.id}/registrations/export.csv")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    row = next(r for r in rows if r["name"] == "Waiting")
    assert row["waitlist_number"] == "1"


def test_spreadsheet_times_are_event_time_to_the_second(
    client: FlaskClient, auth: AuthActions
) -> None:
    organizer = make_organizer()
    event = make_event(organizer, published=True)
    open_registration(event)
    sign_up(event, "a@example.org")
    auth.login(organizer.email)
    exported = client.get(f"/manage/events/{event.id}/registrations/export.csv")
    row = next(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert row["registered_at"].endswith("+01:00")  # Casablanca in December
    assert "." not in row["registered_at"]


def test_registration_closing_after_the_event_ends_is_refused_and_nothing_saved(
    client: FlaskClient, auth: AuthActions
) -> None:
    from summit.registration.services import get_settings

    organizer = make_organizer()
    event = make_event(organizer, start_date=date(2024, 12, 12), end_date=date(2024, 12, 13))
    auth.login(organizer.email)
    url = f"/manage/events/{event.id}/registrations/settings"
    response = client.post(url, data={"capacity": "5", "closes_at": "2024-12-14T00:30"})
    assert response.status_code == 200
    assert (
        "Registration must close by the end of the event (2024-12-13). Choose an earlier date."
        in response.get_data(as_text=True)
    )
    assert get_settings(event) is None
    # The last evening of the event is still allowed.
    response = client.post(url, data={"capacity": "5", "closes_at": "2024-12-13T23:30"})
    assert response.status_code == 302
    settings = get_settings(event)
    assert settings is not None and settings.closes_at is not None
