"""A speaker is public only while they have a scheduled session on the agenda and have
not declined (issue 10, finding 7): typing a name publishes nothing."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from flask import Flask
from flask.testing import FlaskClient

from summit.extensions import db
from summit.schedule.models import SpeakerRole
from summit.speaker_portal.services import invite_speaker
from summit.speaker_portal.services import respond
from tests.export_factories import cancel_session
from tests.export_factories import make_session
from tests.export_factories import make_speaker
from tests.factories import NOW
from tests.factories import make_event

NINE = datetime(2024, 12, 12, 9, tzinfo=UTC)


def _public(client: FlaskClient, slug: str, speaker_id: int, name: str) -> list[bool]:
    base = f"/events/{slug}/speakers/"
    return [
        name in client.get(base).get_data(as_text=True),
        client.get(f"{base}{speaker_id}/").status_code == 200,
        client.get(f"/events/{slug}/speakers/{speaker_id}.ics").status_code == 200,
    ]


def test_a_speaker_without_a_scheduled_session_is_not_public(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    typed_in = make_speaker(event, "Dr. Typed In")
    assert _public(client, event.slug, typed_in.id, "Dr. Typed In") == [False, False, False]

    session = make_session(event, NINE, roles=[(typed_in, SpeakerRole.PANELIST)])
    db.session.commit()
    assert _public(client, event.slug, typed_in.id, "Dr. Typed In") == [True, True, True]

    cancel_session(session)
    db.session.commit()
    assert _public(client, event.slug, typed_in.id, "Dr. Typed In") == [False, False, False]


def test_a_speaker_who_declined_is_taken_down(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=True)
    speaker = make_speaker(event, "Dr. Declines")
    make_session(event, NINE, roles=[(speaker, SpeakerRole.MODERATOR)])
    invitation, _ = invite_speaker(speaker, secret="test-secret", now=NOW)
    db.session.commit()
    assert _public(client, event.slug, speaker.id, "Dr. Declines") == [True, True, True]
    respond(invitation, confirmed=False, now=NOW)
    db.session.commit()
    assert _public(client, event.slug, speaker.id, "Dr. Declines") == [False, False, False]
    respond(invitation, confirmed=True, now=NOW)
    db.session.commit()
    assert _public(client, event.slug, speaker.id, "Dr. Declines") == [True, True, True]
