"""Small things an organizer trips over: counts, export links, dates, one waiting-list number,
spreadsheet times."""

from __future__ import annotations

import csv
import io
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time

import pytest
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy import select

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


def test_a_session_past_midnight_stays_on_its_first_day_in_the_agenda_and_exports(
    client: FlaskClient, auth: AuthActions
) -> None:
    import json

    from summit.schedule.models import Session

    organizer = make_organizer()
    event = make_event(
        organizer, published=True, start_date=date(2024, 12, 12), end_date=date(2024, 12, 13)
    )
    make_session(event, title="Morning talk", day=date(2024, 12, 13), start=time(9), end=time(10))
    auth.login(organizer.email)
    form = {"kind": "talk", "title": "Networking evening", "language": "fr", "room_id": ""}
    form.update(day="2024-12-12", start="22:00", end="01:00", status="scheduled")
    response = client.post(f"/manage/events/{event.id}/sessions/new", data=form)
    assert response.status_code == 302
    evening = db.session.execute(
        select(Session).where(Session.title == "Networking evening")
    ).scalar_one()
    assert (evening.starts_at, evening.ends_at) == (  # Casablanca is UTC+1 in December
        datetime(2024, 12, 12, 21, tzinfo=UTC),
        datetime(2024, 12, 13, 0, tzinfo=UTC),
    )
    edit = client.get(f"/manage/events/{event.id}/sessions/{evening.id}/edit")
    assert 'name="end" type="time" value="01:00"' in edit.get_data(as_text=True)

    agenda = client.get(f"/events/{event.slug}/schedule/?day=all").get_data(as_text=True)
    first, second = agenda.split('id="day-2"')
    assert "Networking evening" in first and "Networking evening" not in second
    assert "Morning talk" in second

    feed = client.get(f"/events/{event.slug}/schedule.json").get_json()
    days = feed["schedule"]["conference"]["days"]
    (item,) = [s for room in days[0]["rooms"].values() for s in room]
    assert (item["date"], item["start"], item["duration"]) == (
        "2024-12-12T22:00:00+01:00",
        "22:00",
        "03:00",
    )
    assert days[0]["day_end"] == "2024-12-13T01:00:00+01:00"
    assert json.dumps(days[1]).count("Networking evening") == 0
    builder = client.get(f"/manage/events/{event.id}/agenda/?day=2024-12-12")
    assert builder.status_code == 200 and "Networking evening" in builder.get_data(as_text=True)
    calendar = Calendar.from_ical(client.get(f"/events/{event.slug}/schedule.ics").data)
    (entry,) = [e for e in calendar.walk("VEVENT") if "Networking evening" in str(e["SUMMARY"])]
    assert (entry.decoded("DTSTART"), entry.decoded("DTEND")) == (
        evening.starts_at,
        evening.ends_at,
    )


@pytest.mark.parametrize(("start", "end"), [("11:00", "10:00"), ("14:00", "01:00")])
def test_an_end_long_before_the_start_is_still_a_mistake(
    client: FlaskClient, auth: AuthActions, start: str, end: str
) -> None:
    organizer = make_organizer()
    event = make_event(organizer)
    auth.login(organizer.email)
    form = {"kind": "talk", "title": "Slip", "language": "fr", "room_id": "", "day": "2024-12-12"}
    form.update(start=start, end=end, status="scheduled")
    response = client.post(f"/manage/events/{event.id}/sessions/new", data=form)
    assert response.status_code == 200
    assert "The end time must be after the start time." in response.get_data(as_text=True)
