from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import icalendar
from flask import Flask
from flask.testing import FlaskClient

from summit.extensions import db
from summit.schedule.models import SpeakerRole
from tests.conftest import visitor_get
from tests.export_factories import make_session
from tests.export_factories import make_speaker
from tests.factories import make_event

START = datetime(2024, 12, 12, 9, tzinfo=UTC)


def test_agenda_calendar_of_a_published_event_is_served_as_text_calendar(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True, languages=["en"])
    speaker = make_speaker(event, "Nadia Tazi", email="nadia@private.example")
    session = make_session(event, START, roles=[(speaker, SpeakerRole.KEYNOTE)])
    response = client.get(f"/events/{event.slug}/schedule.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]
    assert "public" in response.headers["Cache-Control"]
    (component,) = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert str(component["uid"]) == f"session-{session.public_id}@summit.test"
    assert "Keynote speaker: Nadia Tazi" in str(component["description"])
    assert b"private.example" not in response.data


def test_one_session_calendar_has_the_same_uid_as_the_agenda(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    session = make_session(event, START)
    make_session(event, START + timedelta(hours=2))
    single = client.get(f"/events/{event.slug}/sessions/{session.public_id}.ics")
    agenda = client.get(f"/events/{event.slug}/schedule.ics")
    assert single.status_code == 200
    (only,) = icalendar.Calendar.from_ical(single.data).walk("VEVENT")
    uids = [str(c["uid"]) for c in icalendar.Calendar.from_ical(agenda.data).walk("VEVENT")]
    assert str(only["uid"]) in uids and len(uids) == 2


def test_calendars_of_a_draft_event_are_not_found(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=False)
    session = make_session(event, START)
    assert client.get(f"/events/{event.slug}/schedule.ics").status_code == 404
    assert client.get(f"/events/{event.slug}/sessions/{session.public_id}.ics").status_code == 404


def test_a_session_of_another_event_or_an_unknown_id_is_not_found(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    other = make_event(published=True)
    foreign = make_session(other, START)
    assert client.get(f"/events/{event.slug}/sessions/{foreign.public_id}.ics").status_code == 404
    assert client.get(f"/events/{event.slug}/sessions/nope.ics").status_code == 404


def test_event_home_offers_add_to_calendar_subscribe_and_program_links(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)  # French, and English besides
    html = visitor_get(app, f"/events/{event.slug}/?lang=fr").get_data(as_text=True)
    assert f'href="/events/{event.slug}/schedule.ics"' in html
    assert f'href="webcal://summit.test/events/{event.slug}/schedule.ics"' in html
    assert f'href="/events/{event.slug}/program.pdf"' in html
    # On the English page, the files in English.
    html = visitor_get(app, f"/events/{event.slug}/?lang=en").get_data(as_text=True)
    assert f'href="/events/{event.slug}/schedule.ics?lang=en"' in html
    assert f'href="webcal://summit.test/events/{event.slug}/schedule.ics?lang=en"' in html
    assert f'href="/events/{event.slug}/program.pdf?lang=en"' in html


def test_agenda_session_and_speaker_pages_link_their_calendar_files(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    speaker = make_speaker(event, "Nadia Tazi")
    session = make_session(event, START, roles=[(speaker, SpeakerRole.PANELIST)])
    base = f"/events/{event.slug}"
    agenda = client.get(f"{base}/schedule/").get_data(as_text=True)
    # An English page of a French event: the files in English.
    assert f'href="{base}/schedule.ics?lang=en"' in agenda
    assert f'href="webcal://summit.test{base}/schedule.ics?lang=en"' in agenda
    page = client.get(f"{base}/sessions/{session.public_id}/").get_data(as_text=True)
    assert f'href="{base}/sessions/{session.public_id}.ics?lang=en"' in page
    profile = client.get(f"{base}/speakers/{speaker.id}/").get_data(as_text=True)
    assert f'href="{base}/speakers/{speaker.id}.ics?lang=en"' in profile
    assert f'href="webcal://summit.test{base}/speakers/{speaker.id}.ics?lang=en"' in profile


def test_a_speakers_public_calendar_has_their_sessions_and_no_email(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    speaker = make_speaker(event, "Nadia Tazi", email="nadia@private.example")
    mine = make_session(event, START, roles=[(speaker, SpeakerRole.MODERATOR)])
    make_session(event, START + timedelta(hours=2), title="Someone else's talk")
    response = client.get(f"/events/{event.slug}/speakers/{speaker.id}.ics")
    assert response.status_code == 200 and response.headers["ETag"]
    (only,) = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert str(only["uid"]) == f"session-{mine.public_id}@summit.test"
    assert b"private.example" not in response.data
    other = make_event(published=True)
    assert client.get(f"/events/{other.slug}/speakers/{speaker.id}.ics").status_code == 404
    draft = make_event(published=False)
    hidden = make_speaker(draft, "Hidden")
    assert client.get(f"/events/{draft.slug}/speakers/{hidden.id}.ics").status_code == 404


def test_one_session_file_reads_back_in_vobject_too(app: Flask, client: FlaskClient) -> None:
    import vobject

    event = make_event(published=True)
    session = make_session(event, START, title="Sleep, screens; and teens")
    response = client.get(f"/events/{event.slug}/sessions/{session.public_id}.ics")
    parsed = vobject.readOne(response.get_data(as_text=True))
    assert parsed.vevent.summary.value == "Sleep, screens; and teens"
    assert parsed.vevent.dtstart.value.astimezone(UTC) == START


def test_an_unscheduled_session_has_no_calendar_file(app: Flask, client: FlaskClient) -> None:
    from summit.schedule.models import Session
    from summit.schedule.models import SessionKind
    from tests.factories import NOW

    event = make_event(published=True)
    draft = Session(
        event=event, kind=SessionKind.TALK, title="Later", created_at=NOW, updated_at=NOW
    )
    db.session.add(draft)
    db.session.commit()
    assert client.get(f"/events/{event.slug}/sessions/{draft.public_id}.ics").status_code == 404


def test_a_drafts_exports_are_a_preview_for_its_organizer_and_404_for_anyone_else(
    app: Flask, client: FlaskClient
) -> None:
    from tests.conftest import AuthActions
    from tests.factories import make_organizer

    organizer = make_organizer("owner@example.org")
    event = make_event(organizer, published=False)
    AuthActions(client).login("owner@example.org")
    for path in ("schedule.ics", "schedule.xml", "schedule.json", "program.pdf"):
        assert visitor_get(client.application, f"/events/{event.slug}/{path}").status_code == 404
        preview = client.get(f"/events/{event.slug}/{path}")
        # The program waits for the worker (503, reloading): tests/web/test_program_preview.py
        expected = 503 if path == "program.pdf" else 200
        assert preview.status_code == expected and "no-store" in preview.headers["Cache-Control"]
