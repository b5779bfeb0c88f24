from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any

import icalendar
import vobject
from flask import Flask

from summit.exports.calendar import build_calendar
from summit.exports.calendar import calendar_uid
from summit.exports.ical_text import fold
from summit.exports.loading import agenda_sessions
from summit.schedule.models import SessionStatus
from summit.schedule.models import SpeakerRole
from tests.export_factories import make_session
from tests.export_factories import make_speaker
from tests.factories import make_event
from tests.factories import make_room

BASE = "https://summit.test"
DOMAIN = "summit.test"


def ramadan_event() -> Any:
    return make_event(
        published=True,
        title="Sommet Casablanca",
        start_date=date(2025, 3, 10),
        end_date=date(2025, 4, 7),
        timezone="Africa/Casablanca",
        languages=["en"],
    )


def render(event: Any, sessions: Any = None, *, subscription: bool = True) -> bytes:
    return build_calendar(
        event,
        agenda_sessions(event) if sessions is None else sessions,
        name="Agenda",
        base_url=BASE,
        uid_domain=DOMAIN,
        subscription=subscription,
    )


def vevents(data: bytes) -> list[Any]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_agenda_parses_back_with_icalendar_and_vobject_with_speakers_roles_and_location(
    app: Flask,
) -> None:
    event = ramadan_event()
    room = make_room(event, "Salle Atlas")
    amina = make_speaker(event, "Amina Benali", honorific="Dr", email="amina@private.example")
    youssef = make_speaker(event, "Youssef Idrissi", affiliation="Université Hassan II")
    session = make_session(
        event,
        datetime(2025, 3, 10, 10, tzinfo=UTC),
        room=room,
        title="Talking about anxiety, openly; together",
        content_note="Discusses self-harm",
        roles=[(amina, SpeakerRole.MODERATOR), (youssef, SpeakerRole.PANELIST)],
    )
    data = render(event)

    (component,) = vevents(data)
    assert str(component["uid"]) == f"session-{session.public_id}@{DOMAIN}"
    assert str(component["summary"]) == "Talking about anxiety, openly; together"
    assert str(component["location"]) == "Salle Atlas, Palais des congrès, Casablanca"
    description = str(component["description"])
    assert "Moderator: Dr Amina Benali (CHU Ibn Rochd)" in description
    assert "Panelist: Youssef Idrissi (Université Hassan II)" in description
    assert "Content note: Discusses self-harm" in description
    assert f"{BASE}/events/{event.slug}/sessions/{session.public_id}/" in description
    assert str(component["status"]) == "CONFIRMED"
    assert component["sequence"] == 0
    assert component["dtstamp"].dt == session.updated_at
    assert component["last-modified"].dt == session.updated_at
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["x-wr-calname"]) == "Agenda"
    assert str(calendar["refresh-interval"].to_ical().decode()) == "PT1H"
    assert b"private.example" not in data and b"@example.org" not in data

    parsed = vobject.readOne(data.decode())
    (other,) = parsed.vevent_list
    assert other.uid.value == str(component["uid"])
    assert other.summary.value == "Talking about anxiety, openly; together"
    assert "Moderator: Dr Amina Benali" in other.description.value


def test_times_are_right_on_both_sides_of_the_ramadan_offset_change_in_casablanca(
    app: Flask,
) -> None:
    # Morocco is at UTC+0 from 23 Feb to 6 Apr 2025 and at UTC+1 around it.
    event = ramadan_event()
    during = make_session(event, datetime(2025, 3, 10, 10, tzinfo=UTC), title="During")
    after = make_session(event, datetime(2025, 4, 7, 9, tzinfo=UTC), title="After")
    # A file imported once keeps the event's zone, with its exact VTIMEZONE.
    data = render(event, subscription=False)
    text = data.decode()
    assert "DTSTART;TZID=Africa/Casablanca:20250310T100000" in text
    assert "DTSTART;TZID=Africa/Casablanca:20250407T100000" in text
    assert "BEGIN:VTIMEZONE" in text and "RDATE" not in text

    by_title = {str(c["summary"]): c for c in vevents(data)}
    assert by_title["During"]["dtstart"].dt.astimezone(UTC) == during.starts_at
    assert by_title["After"]["dtstart"].dt.astimezone(UTC) == after.starts_at
    assert by_title["After"]["dtend"].dt.astimezone(UTC) == after.ends_at

    # vobject reads the VTIMEZONE we wrote (not the tz database) to place the times.
    parsed = {e.summary.value: e for e in vobject.readOne(text).vevent_list}
    assert parsed["During"].dtstart.value.astimezone(UTC) == during.starts_at
    assert parsed["After"].dtstart.value.astimezone(UTC) == after.starts_at
    assert parsed["After"].dtstart.value.utcoffset() == timedelta(hours=1)
    assert parsed["During"].dtstart.value.utcoffset() == timedelta(0)


def test_subscribed_feeds_of_a_casablanca_event_are_in_utc_for_outlook(app: Flask) -> None:
    event = ramadan_event()
    make_session(event, datetime(2025, 3, 10, 10, tzinfo=UTC), title="During")
    text = render(event).decode()
    assert "DTSTART:20250310T100000Z" in text and "DTEND:20250310T110000Z" in text
    assert "TZID=" not in text and "BEGIN:VTIMEZONE" not in text
    assert "X-WR-TIMEZONE:Africa/Casablanca" in text


def test_a_paris_feed_keeps_local_times_but_writes_the_repeated_hour_in_utc(app: Flask) -> None:
    event = make_event(
        published=True,
        start_date=date(2025, 10, 25),
        end_date=date(2025, 10, 27),
        timezone="Europe/Paris",
    )
    # Clocks go back from 03:00 CEST to 02:00 CET at 01:00 UTC: 02:30 happens twice.
    make_session(event, datetime(2025, 10, 26, 0, 30, tzinfo=UTC), minutes=20, title="First")
    make_session(event, datetime(2025, 10, 26, 1, 30, tzinfo=UTC), minutes=20, title="Second")
    make_session(event, datetime(2025, 10, 26, 9, 0, tzinfo=UTC), title="Morning")
    text = render(event).decode()
    assert "DTSTART:20251026T003000Z" in text and "DTSTART:20251026T013000Z" in text
    assert "DTSTART;TZID=Europe/Paris:20251026T100000" in text
    assert text.count("BEGIN:VTIMEZONE") == 1


def test_dtstamp_and_last_modified_move_when_a_speaker_is_renamed(app: Flask) -> None:
    from summit.extensions import db

    event = ramadan_event()
    amina = make_speaker(event, "Amina Benali")
    make_session(
        event, datetime(2025, 3, 10, 10, tzinfo=UTC), roles=[(amina, SpeakerRole.PANELIST)]
    )
    (before,) = vevents(render(event))
    amina.name = "Amina Benali-Idrissi"
    amina.updated_at += timedelta(hours=1)
    db.session.commit()
    data = render(event)
    (after,) = vevents(data)
    assert after["dtstamp"].dt == after["last-modified"].dt == amina.updated_at
    assert before["dtstamp"].dt < after["dtstamp"].dt
    assert b"METHOD:PUBLISH\r\n" in data


def test_uids_are_stable_across_renders_and_equal_in_agenda_and_single_session_files(
    app: Flask,
) -> None:
    event = ramadan_event()
    session = make_session(event, datetime(2025, 3, 10, 10, tzinfo=UTC))
    make_session(event, datetime(2025, 3, 10, 12, tzinfo=UTC))
    first, second = render(event), render(event)
    assert first == second
    single = render(event, [session])
    uid = calendar_uid(session, DOMAIN)
    assert uid in {str(c["uid"]) for c in vevents(first)}
    assert [str(c["uid"]) for c in vevents(single)] == [uid]


def test_sequence_rises_and_time_moves_after_a_session_is_rescheduled(app: Flask) -> None:
    from summit.extensions import db

    event = ramadan_event()
    session = make_session(event, datetime(2025, 3, 10, 10, tzinfo=UTC))
    (before,) = vevents(render(event))
    # What the schedule services do on a move: new times, sequence + 1, updated_at.
    session.starts_at += timedelta(hours=2)
    session.ends_at += timedelta(hours=2)
    session.sequence += 1
    session.updated_at += timedelta(minutes=5)
    db.session.commit()
    (after,) = vevents(render(event))
    assert after["uid"] == before["uid"]
    assert after["sequence"] > before["sequence"]
    assert after["dtstart"].dt.astimezone(UTC) == datetime(2025, 3, 10, 12, tzinfo=UTC)
    assert after["dtstamp"].dt > before["dtstamp"].dt


def test_a_cancelled_session_stays_in_the_feed_marked_cancelled(app: Flask) -> None:
    event = ramadan_event()
    make_session(
        event,
        datetime(2025, 3, 10, 10, tzinfo=UTC),
        title="Art therapy",
        status=SessionStatus.CANCELLED,
        sequence=1,
    )
    (component,) = vevents(render(event))
    assert str(component["status"]) == "CANCELLED"
    assert "Art therapy" in str(component["summary"])
    assert component["sequence"] == 1


def test_unscheduled_sessions_are_left_out(app: Flask) -> None:
    from summit.extensions import db
    from summit.schedule.models import Session
    from summit.schedule.models import SessionKind
    from tests.factories import NOW

    event = ramadan_event()
    draft = Session(
        event=event, kind=SessionKind.TALK, title="Unscheduled", created_at=NOW, updated_at=NOW
    )
    db.session.add(draft)
    db.session.commit()
    assert vevents(render(event, [draft])) == []


def test_long_arabic_lines_are_folded_within_75_octets_and_read_back_whole(app: Flask) -> None:
    event = ramadan_event()
    title = "الصحة النفسية للشباب في المغرب: حوار مفتوح بين الأطباء والأسر والمبدعين"
    make_session(event, datetime(2025, 3, 10, 10, tzinfo=UTC), title=title)
    data = render(event)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    (component,) = vevents(data)
    assert str(component["summary"]) == title
    assert vobject.readOne(data.decode()).vevent.summary.value == title


def test_fold_keeps_short_lines_and_never_splits_a_character() -> None:
    assert fold("SUMMARY:short") == "SUMMARY:short"
    folded = fold("SUMMARY:" + "é" * 80)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "é" * 80


def test_every_line_ends_with_crlf_and_the_file_is_one_calendar(app: Flask) -> None:
    event = ramadan_event()
    make_session(event, datetime(2025, 3, 10, 10, tzinfo=UTC), description="Line one\nLine two")
    data = render(event, subscription=False)
    assert data.count(b"\n") == data.count(b"\r\n")
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert data.count(b"BEGIN:VTIMEZONE") == 1
    (component,) = vevents(data)
    assert "Line one\nLine two" in str(component["description"])
