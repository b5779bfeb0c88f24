from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from summit.extensions import db
from summit.schedule.services import ScheduleError
from summit.schedule.speakers import MAX_BIO_CHARS
from summit.schedule.speakers import update_profile
from summit.speaker_portal.models import InvitationStatus
from summit.speaker_portal.models import SpeakerInvitation
from summit.speaker_portal.services import InvitationError
from summit.speaker_portal.services import invitation_for_token
from summit.speaker_portal.services import invite_speaker
from summit.speaker_portal.services import respond
from summit.speaker_portal.services import rotate_invitation
from tests.export_factories import make_speaker
from tests.factories import NOW
from tests.factories import make_event

SECRET = "test-secret"


@pytest.fixture
def request_context(app: Flask) -> Iterator[None]:
    """Error messages are translated, which needs a request for the locale."""
    with app.test_request_context():
        yield


def test_an_invitation_stores_only_a_hash_and_its_token_finds_it(app: Flask) -> None:
    event = make_event(published=True)
    speaker = make_speaker(event)
    invitation, token = invite_speaker(speaker, secret=SECRET, now=NOW)
    db.session.commit()
    row = db.session.execute(select(SpeakerInvitation)).scalar_one()
    assert token not in (row.token_hash, row.token_salt)
    assert len(token) >= 40
    assert invitation_for_token(event, token) is invitation
    assert invitation_for_token(event, token + "x") is None
    assert invitation.status is InvitationStatus.INVITED


def test_re_sending_gives_the_same_link_and_rotating_kills_the_old_one(app: Flask) -> None:
    event = make_event(published=True)
    speaker = make_speaker(event)
    _, first = invite_speaker(speaker, secret=SECRET, now=NOW)
    _, again = invite_speaker(speaker, secret=SECRET, now=NOW + timedelta(hours=1))
    assert again == first
    invitation, rotated = rotate_invitation(speaker, secret=SECRET, now=NOW + timedelta(hours=2))
    db.session.commit()
    assert rotated != first
    assert invitation_for_token(event, first) is None
    assert invitation_for_token(event, rotated) is invitation
    assert invitation.rotated_at == NOW + timedelta(hours=2)
    _, resent = invite_speaker(speaker, secret=SECRET, now=NOW + timedelta(hours=3))
    assert resent == rotated


def test_a_token_does_not_open_another_events_portal(app: Flask) -> None:
    event, other = make_event(published=True), make_event(published=True)
    _, token = invite_speaker(make_speaker(other), secret=SECRET, now=NOW)
    assert invitation_for_token(event, token) is None


def test_speakers_of_a_draft_or_without_email_cannot_be_invited(
    app: Flask, request_context: None
) -> None:
    draft = make_event(published=False)
    with pytest.raises(InvitationError, match="Publish the event first"):
        invite_speaker(make_speaker(draft), secret=SECRET, now=NOW)
    event = make_event(published=True)
    with pytest.raises(InvitationError) as error:
        invite_speaker(make_speaker(event, email=""), secret=SECRET, now=NOW)
    assert error.value.field == "email"
    with pytest.raises(InvitationError, match="not been invited"):
        rotate_invitation(make_speaker(event), secret=SECRET, now=NOW)


def test_a_speaker_can_change_their_answer(app: Flask) -> None:
    event = make_event(published=True)
    invitation, _ = invite_speaker(make_speaker(event), secret=SECRET, now=NOW)
    respond(invitation, confirmed=False, now=NOW)
    assert invitation.status is InvitationStatus.DECLINED
    respond(invitation, confirmed=True, now=NOW + timedelta(days=1))
    assert invitation.status is InvitationStatus.CONFIRMED
    assert invitation.responded_at == NOW + timedelta(days=1)


def test_a_too_long_bio_is_refused_and_nothing_changes(app: Flask, request_context: None) -> None:
    event = make_event(published=True)
    speaker = make_speaker(event, bio="Short bio.")
    with pytest.raises(ScheduleError) as error:
        update_profile(speaker, bio="x" * (MAX_BIO_CHARS + 1), photo=None, now=NOW)
    assert error.value.field == "bio"
    assert speaker.bio == "Short bio."
    update_profile(speaker, bio="  New bio.\r\nSecond line. ", photo=None, now=NOW + timedelta(1))
    assert speaker.bio == "New bio.\nSecond line."
    assert speaker.updated_at == NOW + timedelta(1)
