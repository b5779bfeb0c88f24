"""Every calendar feed, for events across clock changes in six zones, read by four parsers:
each parser must compute, for every session, the UTC instant Summit stored."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from summit.extensions import db
from summit.registration.agenda import choose_session
from summit.schedule.models import Session
from summit.schedule.models import SpeakerRole
from summit.speaker_portal.services import invite_speaker
from tests.calendar_matrix import CASES
from tests.calendar_matrix import LENGTH
from tests.calendar_matrix import PARSERS
from tests.calendar_matrix import Instants
from tests.calendar_matrix import event_dates
from tests.calendar_matrix import rfc5545_faults
from tests.calendar_matrix import session_starts
from tests.calendar_matrix import wrong_instants
from tests.export_factories import make_session
from tests.export_factories import make_speaker
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_room
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up

DOMAIN = "summit.test"
ARABIC = "الصحة النفسية للشباب في المغرب: حوار مفتوح"


Files = dict[str, bytes]
Expected = dict[str, Instants]


def feeds_of_one_event(client: FlaskClient, zone: str, change: datetime) -> tuple[Files, Expected]:
    """Every calendar file Summit writes for an event around one change, and what each
    should contain."""
    start, end = event_dates(change)
    event = make_event(
        published=True, timezone=zone, start_date=start, end_date=end, languages=["en"]
    )
    room = make_room(event, "Main hall")
    speaker = make_speaker(event, "Amina Benali")
    other = make_speaker(event, "Youssef Idrissi")
    sessions = [
        make_session(
            event,
            starts_at,
            minutes=int(LENGTH.total_seconds() // 60),
            room=room,
            # Escaped characters and a long Arabic title that must fold between characters.
            title=f"Séance {starts_at:%d %H:%M}Z; suite, \\ fin — {ARABIC}",
            roles=[(speaker, SpeakerRole.SPEAKER), (other, SpeakerRole.PANELIST)],
        )
        for starts_at in session_starts(change)
    ]
    open_registration(event, capacity=5)
    attendee = sign_up(event, "attendee@example.org")
    for session in sessions:
        choose_session(attendee.registration, session, now=NOW)
    _, token = invite_speaker(speaker, secret="test-secret", now=NOW)
    db.session.commit()

    every: Instants = {
        f"session-{s.public_id}@{DOMAIN}": (s.starts_at, s.ends_at)  # type: ignore[misc]
        for s in sessions
    }
    base = f"/events/{event.slug}"
    urls = {
        "agenda": f"{base}/schedule.ics",
        "speaker": f"{base}/speakers/{speaker.id}.ics",
        "speaker portal": f"{base}/speaker/{token}/schedule.ics",
        "attendee": f"{base}/my/{attendee.token}/agenda.ics",
    }
    expected = dict.fromkeys(urls, every)
    for session in sessions:
        uid = f"session-{session.public_id}@{DOMAIN}"
        urls[uid] = f"{base}/sessions/{session.public_id}.ics"
        expected[uid] = {uid: every[uid]}
    files = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == "text/calendar"
        files[name] = response.data
    prefix = f"{change:%Y-%m-%d} "
    return (
        {prefix + name: data for name, data in files.items()},
        {prefix + name: want for name, want in expected.items()},
    )


@pytest.mark.parametrize("case", list(CASES))
def test_every_parser_places_every_session_at_its_stored_instant(
    app: Flask, client: FlaskClient, tmp_path: Path, case: str
) -> None:
    zone, changes = CASES[case]
    files: Files = {}
    expected: Expected = {}
    for change in changes:
        more_files, more_expected = feeds_of_one_event(client, zone, change)
        files.update(more_files)
        expected.update(more_expected)
    titles = {
        f"session-{s.public_id}@{DOMAIN}": s.title for s in db.session.scalars(select(Session))
    }
    for name, data in files.items():
        assert rfc5545_faults(data, titles) == [], name
    wrong = wrong_instants(files, expected, tmp_path)
    total = sum(len(events) for events in expected.values())
    summary = " | ".join(f"{parser}: {len(wrong[parser])}/{total}" for parser in PARSERS)
    print(f"\nMATRIX {case} | {summary}")
    assert not any(wrong.values()), "\n".join(line for p in PARSERS for line in wrong[p][:5])
