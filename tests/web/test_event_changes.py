"""Deleting a room and moving an event's dates on a published event with attendees: the
agenda, the calendar feed (SEQUENCE), the change log and the queued notices agree."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy import select

from summit.events.services import EventError
from summit.extensions import db
from summit.outbox.models import OutboxMessage
from summit.schedule.event_changes import change_event
from summit.schedule.event_changes import date_change_impact
from summit.schedule.event_changes import room_deletion_impact
from summit.schedule.models import ScheduleChange
from summit.schedule.models import Session
from tests.conftest import AuthActions
from tests.factories import NOW
from tests.factories import event_data
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.schedule_factories import give_role
from tests.schedule_factories import make_session
from tests.schedule_factories import make_speaker
from tests.web.test_registration_attendee import my

DAYS = {"start_date": date(2026, 3, 24), "end_date": date(2026, 3, 25)}


@pytest.fixture
def summit(client: FlaskClient, auth: AuthActions) -> dict[str, Any]:
    """A published two-day Casablanca summit: two rooms, three sessions, a speaker and an
    attendee who chose the first two sessions."""
    organizer = make_organizer("lead@example.org")
    event = make_event(organizer, published=True, languages=["en"], **DAYS)
    open_registration(event)
    atlas, calm = make_room(event, "Salle Atlas"), make_room(event, "Espace calme")
    opening = make_session(event, start=time(9), end=time(10), room=atlas, title="Opening")
    table = make_session(
        event, day=date(2026, 3, 25), start=time(14), end=time(15, 30), room=atlas, title="Table"
    )
    quiet = make_session(event, start=time(11), end=time(12), room=calm, title="Quiet hour")
    speaker = make_speaker(event, "Salma Chraibi", email="salma@example.org")
    give_role(event, table, speaker)
    amina = sign_up(event, "amina@example.org", name="Amina", language="en")
    for session in (opening, table):
        client.post(my(event, amina.token, f"sessions/{session.id}"))
    db.session.query(OutboxMessage).delete()  # the sign-up's own mails are not the subject
    db.session.commit()
    auth.login("lead@example.org")
    return {
        "event": event,
        "atlas": atlas,
        "calm": calm,
        "opening": opening,
        "table": table,
        "quiet": quiet,
    }


def feed(client: FlaskClient, event: Any) -> dict[str, Any]:
    calendar = Calendar.from_ical(client.get(f"/events/{event.slug}/schedule.ics").data)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def notices(recipient: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == recipient))
    )


def logged(event: Any) -> list[tuple[str, str]]:
    rows = db.session.scalars(
        select(ScheduleChange)
        .where(ScheduleChange.event_id == event.id)
        .order_by(ScheduleChange.id)
    )
    return [(row.session_title, row.field) for row in rows if row.field in ("room", "time")]


def edit(client: FlaskClient, event: Any, **changes: str) -> Any:
    values = {
        "title": event.title,
        "slug": event.slug,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "timezone": event.timezone,
        "main_language": "en",
        "sessions_follow": "move",
    }
    values.update(changes)
    return client.post(f"/manage/events/{event.id}/edit", data=values)


def test_deleting_a_room_moves_its_sessions_to_no_room_for_everyone(
    client: FlaskClient, summit: dict[str, Any]
) -> None:
    event, atlas = summit["event"], summit["atlas"]
    before = feed(client, event)
    impact = room_deletion_impact(event, atlas)
    assert impact.sessions == ["Opening", "Table"]
    assert (impact.attendees, impact.speakers) == (1, 1)

    url = f"/manage/events/{event.id}/rooms/{atlas.id}/delete"
    asked = client.post(url, data={}).get_data(as_text=True)
    assert "2 sessions lose their room" in asked
    assert "1 attendee who chose them will be e-mailed." in asked
    assert "1 speaker will be e-mailed." in asked
    assert feed(client, event) == before  # asking changed nothing
    response = client.post(url, data={"confirmed": "yes"})
    assert response.status_code == 302
    assert "2 session(s) keep their times and now have no room" in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)

    opening, table = summit["opening"], summit["table"]
    db.session.refresh(opening)
    db.session.refresh(table)
    assert opening.room_id is None and table.room_id is None
    after = feed(client, event)
    for title in ("Opening", "Table"):
        assert after[title]["SEQUENCE"] == before[title]["SEQUENCE"] + 1
        assert "Salle Atlas" not in str(after[title].get("LOCATION", ""))
        assert after[title].decoded("DTSTART") == before[title].decoded("DTSTART")
    assert after["Quiet hour"]["SEQUENCE"] == before["Quiet hour"]["SEQUENCE"]
    assert logged(event) == [("Opening", "room"), ("Table", "room")]
    agenda = client.get(f"/events/{event.slug}/schedule/").get_data(as_text=True)
    assert "Salle Atlas" not in agenda and "Opening" in agenda
    [mail] = notices("amina@example.org")
    assert "Opening" in mail.body.decode() and "Table" in mail.body.decode()
    [for_speaker] = notices("salma@example.org")
    assert "Table" in for_speaker.subject


def test_new_dates_show_what_moves_first_and_then_move_sessions_at_the_same_wall_clock(
    client: FlaskClient, summit: dict[str, Any]
) -> None:
    """24–25 March 2026 is after Ramadan in Casablanca (UTC+1); 17–18 March is during it
    (UTC+0): the sessions keep their local times, so their UTC moments shift by an hour
    less than the seven days."""
    event = summit["event"]
    before = feed(client, event)
    preview = edit(client, event, start_date="2026-03-17", end_date="2026-03-18")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "3 sessions move" in page
    assert "1 attendee(s) and 1 speaker(s) will be e-mailed" in page
    assert db.session.get(Session, summit["opening"].id).starts_at == datetime(
        2026, 3, 24, 8, tzinfo=UTC
    )  # nothing saved yet
    previewed = "2026-03-17/2026-03-18/Africa/Casablanca/move"
    saved = edit(client, event, start_date="2026-03-17", end_date="2026-03-18", previewed=previewed)
    assert saved.status_code == 302

    opening = db.session.get(Session, summit["opening"].id)
    table = db.session.get(Session, summit["table"].id)
    assert opening.starts_at == datetime(2026, 3, 17, 9, tzinfo=UTC)  # 09:00 local, UTC+0
    assert table.starts_at == datetime(2026, 3, 18, 14, tzinfo=UTC)
    after = feed(client, event)
    for title in ("Opening", "Table", "Quiet hour"):
        assert after[title]["SEQUENCE"] == before[title]["SEQUENCE"] + 1
    assert after["Opening"].decoded("DTSTART").astimezone(UTC) == opening.starts_at
    assert sorted(logged(event)) == [("Opening", "time"), ("Quiet hour", "time"), ("Table", "time")]
    agenda = client.get(f"/events/{event.slug}/schedule/").get_data(as_text=True)
    assert "March 17, 2026" in agenda and "March 24, 2026" not in agenda
    assert '<time datetime="2026-03-17T09:00:00+00:00">' in agenda
    [mail] = notices("amina@example.org")
    body = mail.body.decode()
    assert "Opening" in body and "Table" in body and "Quiet hour" not in body
    assert len(notices("salma@example.org")) == 1

    # And back: the same wall-clock times on the first dates again.
    back = "2026-03-24/2026-03-25/Africa/Casablanca/move"
    assert (
        edit(
            client, event, start_date="2026-03-24", end_date="2026-03-25", previewed=back
        ).status_code
        == 302
    )
    assert db.session.get(Session, opening.id).starts_at == datetime(2026, 3, 24, 8, tzinfo=UTC)
    assert feed(client, event)["Opening"]["SEQUENCE"] == before["Opening"]["SEQUENCE"] + 2


def test_shorter_dates_that_would_leave_a_session_outside_are_refused_naming_it(
    client: FlaskClient, summit: dict[str, Any]
) -> None:
    event = summit["event"]
    revision = event.revision
    response = edit(
        client,
        event,
        end_date="2026-03-24",
        previewed="2026-03-24/2026-03-24/Africa/Casablanca/move",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "These sessions would fall outside the event: “Table”" in page
    db.session.expire_all()
    assert event.end_date == date(2026, 3, 25) and event.revision == revision
    assert db.session.get(Session, summit["table"].id).starts_at == datetime(
        2026, 3, 25, 13, tzinfo=UTC
    )
    assert notices("amina@example.org") == []


def test_keeping_sessions_at_their_moments_is_a_choice_and_still_refuses_orphans(
    app: Flask, summit: dict[str, Any]
) -> None:
    event = summit["event"]

    def days(first: int, last: int) -> Any:
        return event_data(
            title=event.title,
            slug=event.slug,
            start_date=date(2026, 3, first),
            end_date=date(2026, 3, last),
            languages=["en"],
        )

    impact = date_change_impact(event, days(23, 25), move_sessions=False)
    assert impact.moves == [] and impact.blocked == []
    with pytest.raises(EventError, match="Opening"):
        change_event(event, days(25, 26), move_sessions=False, actor=None, now=NOW)


def test_a_moved_session_that_lands_in_a_skipped_hour_is_refused_naming_it(app: Flask) -> None:
    """On 22 March 2026 Casablanca's clocks jump from 02:00 to 03:00."""
    event = make_event(published=True, start_date=date(2026, 3, 15), end_date=date(2026, 3, 15))
    make_session(event, start=time(2, 30), end=time(4), title="Night watch")
    data = event_data(
        title=event.title, slug=event.slug, start_date=date(2026, 3, 22), end_date=date(2026, 3, 22)
    )
    impact = date_change_impact(event, data)
    assert impact.blocked and "Night watch" in impact.blocked[0]
    with pytest.raises(EventError, match="Night watch"):
        change_event(event, data, actor=None, now=NOW)
